//! Building the `Yaml` tree from serde_yaml's events: our own visitor, so
//! that a duplicate, empty or non-text key is refused at the key itself
//! (`KeyProblem`, carried through serde_yaml's error and turned back into
//! our error) and a number too large for 64 bits is kept as written.

use super::locate::key_matches;
use super::{Yaml, YamlError};
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use std::collections::HashSet;
use std::fmt;

/// A key our visitor refuses. It travels through serde_yaml as an error
/// message (which the parser tags with the key's position) behind a marker
/// no YAML message contains.
#[derive(Debug, PartialEq)]
pub(super) enum KeyProblem {
    Duplicate(String),
    Empty,
    NotText(&'static str),
}

const KEY_MARKER: &str = "\u{1f}clusterhub-key\u{1f}";

impl KeyProblem {
    fn to_message(&self) -> String {
        let (kind, detail) = match self {
            KeyProblem::Duplicate(key) => ("duplicate", key.as_str()),
            KeyProblem::Empty => ("empty", ""),
            KeyProblem::NotText(found) => ("not-text", *found),
        };
        format!("{KEY_MARKER}{kind}{KEY_MARKER}{detail}{KEY_MARKER}")
    }

    pub(super) fn from_message(raw: &str) -> Option<KeyProblem> {
        let mut parts = raw.split(KEY_MARKER).skip(1);
        let kind = parts.next()?;
        let detail = parts.next()?;
        match kind {
            "duplicate" => Some(KeyProblem::Duplicate(detail.to_string())),
            "empty" => Some(KeyProblem::Empty),
            "not-text" => Some(KeyProblem::NotText(match detail {
                "a list" => "a list",
                "a mapping" => "a mapping",
                _ => "a tagged value",
            })),
            _ => None,
        }
    }

    /// The error at the key (`line`, `column`: where the parser saw it).
    pub(super) fn error(&self, text: &str, line: usize, column: usize) -> YamlError {
        let (message, hint) = match self {
            KeyProblem::Duplicate(key) => {
                let first = earlier_key(text, key, line, column);
                (
                    format!("`{key}` is written twice in the same place"),
                    match first.map(|l| line - l) {
                        Some(1) => format!("keep only one `{key}:` (the other one is on the line above); a name can appear only once at one level"),
                        Some(n) => format!("keep only one `{key}:` (the other one is {n} lines above); a name can appear only once at one level"),
                        None => format!("keep only one `{key}:`; a name can appear only once at one level"),
                    },
                )
            }
            KeyProblem::Empty => (
                "this value has no name before its colon".to_string(),
                "write the field's name before the colon, e.g. `title: ...` (`~` and `null` are not names)".to_string(),
            ),
            KeyProblem::NotText(found) => (
                format!("a name before a colon must be plain text, found {found}"),
                "write `name: value`, with a plain word as the name".to_string(),
            ),
        };
        YamlError {
            message,
            line,
            column,
            hint: Some(hint),
        }
    }
}

/// The line of the earlier `key:` in the same block mapping as the one at
/// (`line`, `column`): the nearest line above at the same indentation.
fn earlier_key(text: &str, key: &str, line: usize, column: usize) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let indent = column.checked_sub(1)?;
    for i in (0..line.saturating_sub(1)).rev() {
        let raw = lines.get(i)?.trim_end_matches('\r');
        let content = raw.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let here = raw.chars().count() - content.chars().count();
        let (content, here) = match content.strip_prefix("- ") {
            Some(rest) => (
                rest.trim_start(),
                raw.chars().count() - rest.trim_start().chars().count(),
            ),
            None => (content, here),
        };
        if here < indent {
            return None;
        }
        if here == indent && key_matches(content, key) {
            return Some(i + 1);
        }
    }
    None
}

/// Builds a `Yaml` value from whatever the parser meets.
struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Yaml;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Yaml, E> {
        Ok(Yaml::Bool(b))
    }
    fn visit_i64<E>(self, i: i64) -> Result<Yaml, E> {
        Ok(Yaml::Int(i))
    }
    fn visit_u64<E>(self, u: u64) -> Result<Yaml, E> {
        Ok(i64::try_from(u).map_or_else(|_| Yaml::BigInt(u.to_string()), Yaml::Int))
    }
    fn visit_i128<E>(self, i: i128) -> Result<Yaml, E> {
        Ok(i64::try_from(i).map_or_else(|_| Yaml::BigInt(i.to_string()), Yaml::Int))
    }
    fn visit_u128<E>(self, u: u128) -> Result<Yaml, E> {
        Ok(i64::try_from(u).map_or_else(|_| Yaml::BigInt(u.to_string()), Yaml::Int))
    }
    fn visit_f64<E>(self, f: f64) -> Result<Yaml, E> {
        Ok(Yaml::Float(f))
    }
    fn visit_str<E>(self, s: &str) -> Result<Yaml, E> {
        Ok(Yaml::Str(s.to_string()))
    }
    fn visit_string<E>(self, s: String) -> Result<Yaml, E> {
        Ok(Yaml::Str(s))
    }
    fn visit_unit<E>(self) -> Result<Yaml, E> {
        Ok(Yaml::Null)
    }
    fn visit_none<E>(self) -> Result<Yaml, E> {
        Ok(Yaml::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Yaml, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Yaml, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element::<Yaml>()? {
            items.push(item);
        }
        Ok(Yaml::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Yaml, A::Error> {
        let mut entries: Vec<(String, Yaml)> = Vec::new();
        // Keys already used, once a mapping is too large to scan for each
        // new key (a hostile page with 100,000 keys stays linear).
        let mut index: Option<HashSet<String>> = None;
        while let Some(key) = map.next_key_seed(KeySeed {
            seen: &entries,
            index: index.as_ref(),
        })? {
            let value = map.next_value::<Yaml>()?;
            match &mut index {
                Some(index) => {
                    index.insert(key.clone());
                }
                None if entries.len() >= 32 => {
                    let mut all: HashSet<String> = entries.iter().map(|(k, _)| k.clone()).collect();
                    all.insert(key.clone());
                    index = Some(all);
                }
                None => {}
            }
            entries.push((key, value));
        }
        Ok(Yaml::Map(entries))
    }
    /// A tagged value (`!thing x`): the tag is dropped, the value kept.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Yaml, A::Error> {
        let (_tag, contents) = data.variant::<String>()?;
        contents.newtype_variant::<Yaml>()
    }
}

impl<'de> serde::Deserialize<'de> for Yaml {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Yaml, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

/// A mapping key: plain text (numbers and booleans as written), not yet
/// used in this mapping.
struct KeySeed<'a> {
    seen: &'a [(String, Yaml)],
    index: Option<&'a HashSet<String>>,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(self)
    }
}

impl KeySeed<'_> {
    fn text<E: de::Error>(&self, key: String) -> Result<String, E> {
        let used = match self.index {
            Some(index) => index.contains(&key),
            None => self.seen.iter().any(|(k, _)| *k == key),
        };
        if used {
            Err(E::custom(KeyProblem::Duplicate(key).to_message()))
        } else {
            Ok(key)
        }
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a name")
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<String, E> {
        self.text(b.to_string())
    }
    fn visit_i64<E: de::Error>(self, i: i64) -> Result<String, E> {
        self.text(i.to_string())
    }
    fn visit_u64<E: de::Error>(self, u: u64) -> Result<String, E> {
        self.text(u.to_string())
    }
    fn visit_i128<E: de::Error>(self, i: i128) -> Result<String, E> {
        self.text(i.to_string())
    }
    fn visit_u128<E: de::Error>(self, u: u128) -> Result<String, E> {
        self.text(u.to_string())
    }
    fn visit_f64<E: de::Error>(self, f: f64) -> Result<String, E> {
        self.text(f.to_string())
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<String, E> {
        self.text(s.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Err(E::custom(KeyProblem::Empty.to_message()))
    }
    fn visit_none<E: de::Error>(self) -> Result<String, E> {
        Err(E::custom(KeyProblem::Empty.to_message()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(de::Error::custom(
            KeyProblem::NotText("a list").to_message(),
        ))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(de::Error::custom(
            KeyProblem::NotText("a mapping").to_message(),
        ))
    }
    fn visit_enum<A: EnumAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(de::Error::custom(
            KeyProblem::NotText("a tagged value").to_message(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Yaml, parse};

    #[test]
    fn whole_numbers_beyond_64_bits_are_kept_as_written() {
        let y = parse("a: 99999999999999999999\nb: -99999999999999999999\nc: 9223372036854775807\nd: !tag 3\n").unwrap();
        assert_eq!(
            y.get("a"),
            Some(&Yaml::BigInt("99999999999999999999".into()))
        );
        assert_eq!(
            y.get("b"),
            Some(&Yaml::BigInt("-99999999999999999999".into()))
        );
        assert_eq!(y.get("c"), Some(&Yaml::Int(i64::MAX)));
        assert_eq!(y.get("d"), Some(&Yaml::Int(3)));
    }

    #[test]
    fn unusable_keys_are_errors_at_the_key() {
        let err = parse("a: 1\nb:\n  c: 1\n  d: 2\n  c: 3\n").unwrap_err();
        assert_eq!((err.line, err.column), (5, 3));
        assert_eq!(err.message, "`c` is written twice in the same place");
        assert!(err.hint.unwrap().contains("2 lines above"));
        for (text, at) in [
            ("a: 1\n~: 2\n", (2, 1)),
            ("a: 1\n[x]: 2\n", (2, 1)),
            ("a: {b: 1, null: 2}\n", (1, 11)),
        ] {
            let err = parse(text).unwrap_err();
            assert_eq!((err.line, err.column), at, "{text}");
            assert!(err.hint.is_some(), "{text}");
        }
    }

    #[test]
    fn a_duplicate_among_many_keys_is_found() {
        let mut text: String = (0..1000).map(|i| format!("k{i}: {i}\n")).collect();
        assert!(matches!(parse(&text), Ok(Yaml::Map(m)) if m.len() == 1000));
        text.push_str("k500: again\n");
        let err = parse(&text).unwrap_err();
        assert_eq!((err.line, err.column), (1001, 1));
        assert!(err.hint.unwrap().contains("500 lines above"));
    }
}
