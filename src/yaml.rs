//! The only module that touches `serde_yaml` (the maintained `yaml_serde`
//! fork): parses YAML text into our own `Yaml` tree and finds where a key
//! path sits in the text, so callers can point diagnostics at it. The tree
//! is built by our own visitor, not through `serde_yaml::Value`, so that a
//! duplicate, empty or non-text key is reported at the key itself and a
//! number too large for 64 bits is kept as written.

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// A parsed YAML value. Mappings keep their key order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Yaml {
    Null,
    Bool(bool),
    Int(i64),
    /// A whole number outside the 64-bit range, as its decimal digits.
    BigInt(String),
    Float(f64),
    Str(String),
    List(Vec<Yaml>),
    Map(Vec<(String, Yaml)>),
}

impl Yaml {
    /// A short English name of the value's type, for messages.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Yaml::Null => "nothing",
            Yaml::Bool(_) => "true/false",
            Yaml::Int(_) | Yaml::BigInt(_) => "a whole number",
            Yaml::Float(_) => "a number",
            Yaml::Str(_) => "text",
            Yaml::List(_) => "a list",
            Yaml::Map(_) => "a mapping",
        }
    }

    pub(crate) fn get(&self, key: &str) -> Option<&Yaml> {
        match self {
            Yaml::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value as it would be written in YAML, for messages.
    pub(crate) fn display(&self) -> String {
        match self {
            Yaml::Null => "null".into(),
            Yaml::Bool(b) => b.to_string(),
            Yaml::Int(i) => i.to_string(),
            Yaml::BigInt(digits) => digits.clone(),
            Yaml::Float(f) => f.to_string(),
            Yaml::Str(s) => s.clone(),
            Yaml::List(items) => format!(
                "[{}]",
                items
                    .iter()
                    .map(Yaml::display)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Yaml::Map(_) => "{…}".into(),
        }
    }
}

/// A YAML syntax error with its 1-based position in the parsed text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct YamlError {
    pub message: String,
    pub line: usize,
    pub column: usize,
    /// What to do about it, when we know better than the parser's words
    /// (a duplicate or unusable key).
    pub hint: Option<String>,
}

/// Parses one YAML document. Empty text is `Yaml::Null`.
pub(crate) fn parse(text: &str) -> Result<Yaml, YamlError> {
    if text.trim().is_empty() {
        return Ok(Yaml::Null);
    }
    if let Some((line, column)) = too_deep(text) {
        return Err(YamlError {
            message: format!("brackets are nested more than {MAX_FLOW_DEPTH} levels deep here"),
            line,
            column,
            hint: Some("write the value without so many brackets inside each other".into()),
        });
    }
    match serde_yaml::from_str::<Yaml>(text) {
        Ok(value) => Ok(value),
        Err(err) => {
            let (line, column) = err
                .location()
                .map_or((1, 1), |l| position_in_text(text, l.line(), l.column()));
            let raw = err.to_string();
            if let Some(problem) = KeyProblem::from_message(&raw) {
                return Err(problem.error(text, line, column));
            }
            // An unclosed quote is found at the end of the text; point at
            // the quote that opens it instead.
            if let Some((qline, qcol)) =
                quote_start(&raw).map(|(qline, qcol)| position_in_text(text, qline, qcol))
            {
                return Err(YamlError {
                    message: "the quote that starts here is never closed".into(),
                    line: qline,
                    column: qcol,
                    hint: None,
                });
            }
            Err(YamlError {
                message: clean_message(&raw),
                line,
                column,
                hint: None,
            })
        }
    }
}

/// Deepest `[`/`{` nesting accepted. libyaml's scanner rechecks every open
/// level at each token, so deep nesting costs time quadratic in the depth
/// (100,000 levels: 29 s); no front matter or hub.yaml needs more than a few.
pub(crate) const MAX_FLOW_DEPTH: usize = 64;

/// The 1-based line and column of the first bracket nested deeper than
/// `MAX_FLOW_DEPTH`, skipping quoted text and comments. One linear pass.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let (mut depth, mut line, mut column) = (0usize, 1usize, 0usize);
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut previous = '\n';
    for c in text.chars() {
        column += 1;
        match (quote, c) {
            (_, '\n') => {
                (line, column, comment) = (line + 1, 0, false);
                previous = c;
                continue;
            }
            _ if comment => {}
            // A double-quoted scalar may escape its quote; a single-quoted
            // one doubles it, which reads as closing and reopening.
            (Some('"'), '\\') if previous == '\\' => {
                previous = ' ';
                continue;
            }
            (Some(q), c) if c == q && !(q == '"' && previous == '\\') => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if !previous.is_alphanumeric() => quote = Some(c),
            (None, '#') if previous.is_whitespace() => comment = true,
            (None, '[' | '{') => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some((line, column));
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        previous = c;
    }
    None
}

/// The `line N column M` of "while scanning a quoted scalar at line N
/// column M" in a libyaml message, if that is the context.
fn quote_start(message: &str) -> Option<(usize, usize)> {
    let rest = message
        .split("while scanning a quoted scalar at line ")
        .nth(1)?;
    let mut words = rest.split([' ', ',']);
    let line = words.next()?.parse().ok()?;
    if words.next()? != "column" {
        return None;
    }
    let column = words.next()?.parse().ok()?;
    Some((line, column))
}

/// Our 1-based line and column (lines end at `\n` only) of the place
/// libyaml calls `line`:`column`: libyaml also ends lines at a lone `\r`,
/// NEL, LS and PS, which a file saved with mixed line endings contains.
fn position_in_text(text: &str, line: usize, column: usize) -> (usize, usize) {
    let (mut yaml, mut ours) = ((1, 1), (1, 1));
    let mut chars = text.chars().peekable();
    while yaml < (line, column) {
        let Some(c) = chars.next() else { break };
        match c {
            '\n' => (yaml, ours) = ((yaml.0 + 1, 1), (ours.0 + 1, 1)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                (yaml, ours) = ((yaml.0 + 1, 1), (ours.0, ours.1 + 1));
            }
            _ => (yaml, ours) = ((yaml.0, yaml.1 + 1), (ours.0, ours.1 + 1)),
        }
    }
    ours
}

/// serde_yaml appends " at line N column M" to messages; we show the
/// position separately, relative to the whole file.
fn clean_message(message: &str) -> String {
    let message = match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    message.trim_end_matches('.').to_string()
}

/// A key our visitor refuses. It travels through serde_yaml as an error
/// message (which the parser tags with the key's position) behind a marker
/// no YAML message contains.
#[derive(Debug, PartialEq)]
enum KeyProblem {
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

    fn from_message(raw: &str) -> Option<KeyProblem> {
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
    fn error(&self, text: &str, line: usize, column: usize) -> YamlError {
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

/// Where a key path (`["collections", "methods", "fields"]`) is written in
/// block-style YAML: the 1-based line and column of the last key. Falls back
/// to the deepest ancestor found, or `None` if even the first key is absent.
pub(crate) fn locate_key(text: &str, path: &[&str]) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = None;
    let mut start = 0;
    let mut parent_indent: Option<usize> = None;
    for segment in path {
        let mut hit = None;
        // Keys of this mapping sit at the indentation of its first line;
        // deeper lines belong to nested mappings and are skipped.
        let mut child_indent: Option<usize> = None;
        for (i, raw) in lines.iter().enumerate().skip(start) {
            let line = raw.trim_end_matches('\r');
            let content = line.trim_start();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let indent = line.len() - content.len();
            if parent_indent.is_some_and(|p| indent <= p) {
                break;
            }
            let (content, extra) = match content.strip_prefix("- ") {
                Some(rest) => (rest.trim_start(), content.len() - rest.trim_start().len()),
                None => (content, 0),
            };
            let key_indent = indent + extra;
            let level = *child_indent.get_or_insert(key_indent);
            if key_indent == level && key_matches(content, segment) {
                hit = Some((i, key_indent));
                break;
            }
        }
        match hit {
            Some((i, col)) => {
                found = Some((i + 1, col + 1));
                start = i + 1;
                parent_indent = Some(col);
            }
            None => break,
        }
    }
    found
}

fn key_matches(content: &str, key: &str) -> bool {
    for candidate in [
        content.strip_prefix(key),
        content
            .strip_prefix('"')
            .and_then(|c| c.strip_prefix(key))
            .and_then(|c| c.strip_prefix('"')),
        content
            .strip_prefix('\'')
            .and_then(|c| c.strip_prefix(key))
            .and_then(|c| c.strip_prefix('\'')),
    ]
    .into_iter()
    .flatten()
    {
        let rest = candidate.trim_start_matches([' ', '\t']);
        if rest.starts_with(':') {
            return true;
        }
    }
    false
}

/// Where item `index` of the list under `path` is written (inline or as
/// `- item` lines below the key), if it can be found.
pub(crate) fn locate_item(text: &str, path: &[&str], index: usize) -> Option<(usize, usize)> {
    let (line, col) = locate_key(text, path)?;
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    list_items(&lines, line, col).get(index).copied()
}

/// The position of the value of a top-level `key` (just after `key: `), or
/// of the key itself when the value is on the following lines.
pub(crate) fn locate_value(text: &str, key: &str) -> Option<(usize, usize)> {
    let (line, col) = locate_key(text, &[key])?;
    let raw = text.lines().nth(line - 1)?.trim_end_matches('\r');
    Some(value_position(raw, line, col))
}

/// The plain scalar written after a top-level `key:` on its own line, as
/// written (`1e3`, `0x10`, `18446744073709551616`), without a trailing
/// comment; `None` when the value is quoted, a block or on other lines.
pub(crate) fn written_scalar(text: &str, key: &str) -> Option<String> {
    let (line, col) = locate_value(text, key)?;
    let raw = text.lines().nth(line - 1)?.trim_end_matches('\r');
    let value: String = raw.chars().skip(col - 1).collect();
    let value = match value.find(" #") {
        Some(i) => &value[..i],
        None => &value,
    };
    let value = value.trim_end();
    let plain = !value.is_empty()
        && !value.starts_with(['"', '\'', '[', '{', '|', '>', '#', '&', '*', '!'])
        && !key_matches(value, key);
    plain.then(|| value.to_string())
}

/// Finds keys, values and list items of one front matter in time linear in
/// its size however many are asked for: the lines are split once, the
/// top-level keys indexed once, and each list's items once when first
/// asked. Answers as `locate_key`, `locate_value` and `locate_item` do.
pub(crate) struct Locator<'a> {
    text: &'a str,
    lines: Vec<&'a str>,
    /// Top-level key → (line, column), 1-based; the first of a key wins.
    keys: HashMap<String, (usize, usize)>,
    items: HashMap<String, Vec<(usize, usize)>>,
    /// The line last quoted, walked once for all the diagnostics on it.
    cursor: Option<(usize, crate::diag::LineCursor<'a>)>,
}

impl<'a> Locator<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let lines: Vec<&'a str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
        let mut keys = HashMap::new();
        let mut level: Option<usize> = None;
        for (i, line) in lines.iter().enumerate() {
            let content = line.trim_start();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let (content, extra) = match content.strip_prefix("- ") {
                Some(rest) => (rest.trim_start(), content.len() - rest.trim_start().len()),
                None => (content, 0),
            };
            let indent = line.len() - line.trim_start().len() + extra;
            if *level.get_or_insert(indent) != indent {
                continue;
            }
            if let Some(key) = written_key(content) {
                keys.entry(key).or_insert((i + 1, indent + 1));
            }
        }
        Locator {
            text,
            lines,
            keys,
            items: HashMap::new(),
            cursor: None,
        }
    }

    /// The text of 1-based line `line` (empty past the end).
    pub(crate) fn line(&self, line: usize) -> &'a str {
        self.lines.get(line.wrapping_sub(1)).copied().unwrap_or("")
    }

    /// Points `diag` at `line:column`, quoting that line.
    pub(crate) fn place(
        &mut self,
        diag: crate::diag::Diagnostic,
        line: usize,
        column: usize,
    ) -> crate::diag::Diagnostic {
        let width = diag.width;
        let mut diag = diag.at_spot(&crate::diag::Spot {
            line,
            column,
            width,
        });
        let text = self.line(line);
        let cursor = match &mut self.cursor {
            Some((at, cursor)) if *at == line => cursor,
            slot => &mut slot.insert((line, crate::diag::LineCursor::new(text))).1,
        };
        diag.quote_from(cursor);
        diag
    }

    /// Where `path` is written; see `locate_key`.
    pub(crate) fn key(&self, path: &[&str]) -> Option<(usize, usize)> {
        match path {
            [key] => self.keys.get(*key).copied(),
            _ => locate_key(self.text, path),
        }
    }

    /// Where the value of top-level `key` starts; see `locate_value`.
    pub(crate) fn value(&self, key: &str) -> Option<(usize, usize)> {
        let (line, col) = self.key(&[key])?;
        Some(value_position(self.line(line), line, col))
    }

    /// Where item `index` of the list under top-level `key` is; see
    /// `locate_item`.
    pub(crate) fn item(&mut self, key: &str, index: usize) -> Option<(usize, usize)> {
        let (line, col) = self.key(&[key])?;
        if !self.items.contains_key(key) {
            let found = list_items(&self.lines, line, col);
            self.items.insert(key.to_string(), found);
        }
        Some(
            self.items
                .get(key)
                .and_then(|items| items.get(index))
                .copied()
                .unwrap_or((line, col)),
        )
    }
}

/// The key a mapping line starts with (`key:`, `"key":`, `'key':`).
fn written_key(content: &str) -> Option<String> {
    for quote in ['"', '\''] {
        if let Some(rest) = content.strip_prefix(quote) {
            let end = rest.find(quote)?;
            let after = rest[end + 1..].trim_start_matches([' ', '\t']);
            return after.starts_with(':').then(|| rest[..end].to_string());
        }
    }
    let colon = content.find(':')?;
    Some(content[..colon].trim_end_matches([' ', '\t']).to_string())
}

/// The position of the value on a key's line (just after `key: `), or of
/// the key when the value is on the following lines.
fn value_position(raw: &str, line: usize, col: usize) -> (usize, usize) {
    let after_key: String = raw.chars().skip(col - 1).collect();
    let Some(colon) = after_key.find(':') else {
        return (line, col);
    };
    let rest = &after_key[colon + 1..];
    if rest.trim().is_empty() || rest.trim_start().starts_with('#') {
        return (line, col);
    }
    let value_start = rest.len() - rest.trim_start().len();
    (
        line,
        col + after_key[..colon + 1 + value_start].chars().count(),
    )
}

/// The positions of every item of the list whose key is at `line`, `col`:
/// inline (`[a, 'b, c', d]`, split at commas outside quotes and brackets)
/// or as `- item` lines below.
fn list_items(lines: &[&str], line: usize, col: usize) -> Vec<(usize, usize)> {
    let key_line = lines.get(line - 1).copied().unwrap_or("");
    let mut items = Vec::new();
    if let Some(bracket) = key_line.find('[') {
        let (mut depth, mut quote, mut want) = (0usize, None, false);
        for (chars, (byte, c)) in key_line.char_indices().enumerate() {
            if byte < bracket {
                continue;
            }
            if want && !c.is_whitespace() && c != ']' {
                items.push((line, chars + 1));
                want = false;
            }
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '[' | '{') => {
                    depth += 1;
                    want |= depth == 1;
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                (None, ',') if depth == 1 => want = true,
                _ => {}
            }
        }
        return items;
    }
    for (i, raw) in lines.iter().enumerate().skip(line) {
        let content = raw.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = raw.len() - content.len();
        if let Some(rest) = content.strip_prefix('-') {
            let value_offset = rest.len() - rest.trim_start().len();
            items.push((i + 1, raw[..indent].chars().count() + 2 + value_offset));
        } else if indent < col {
            break;
        }
    }
    items
}

/// `value` written as YAML (block style, strings quoted where YAML would
/// read them as something else), for the files clusterhub generates into
/// the hub (`forms`). Empty when it cannot be written.
pub(crate) fn to_text<T: serde::Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_scalars_lists_and_maps_in_order() {
        let y = parse("b: 1\na: [x, 'y']\nc: 2.5\nd: true\ne: 2023-02-01\n").unwrap();
        let Yaml::Map(entries) = y else { panic!() };
        let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["b", "a", "c", "d", "e"]);
        assert_eq!(entries[0].1, Yaml::Int(1));
        assert_eq!(entries[2].1, Yaml::Float(2.5));
        assert_eq!(entries[4].1, Yaml::Str("2023-02-01".into()));
    }

    #[test]
    fn errors_after_a_lone_carriage_return_point_into_the_text() {
        // libyaml ends a line at the lone `\r`; the file has one line here.
        let err = parse("a: 1\rb: c: d\n").unwrap_err();
        let (line, column) = (err.line, err.column);
        assert_eq!(line, 1, "{err:?}");
        assert_eq!(&"a: 1\rb: c: d"[column - 1..column], ":", "{err:?}");
        // And at a line separator, after a CRLF.
        let err = parse("x: 0\r\na: 1\u{2028}b: 'open\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 9), "{err:?}");
    }

    #[test]
    fn deep_brackets_are_refused_where_they_get_too_deep() {
        let deep = format!("a: {}{}\n", "[".repeat(100), "]".repeat(100));
        let e = parse(&format!("t: x\n{deep}")).unwrap_err();
        assert_eq!((e.line, e.column), (2, 4 + MAX_FLOW_DEPTH));
        assert!(e.message.contains("nested more than"));
        // Brackets in quotes and comments do not count.
        let quoted = format!(
            "a: \"{}\"\nb: '{}' # {}\n",
            "[".repeat(100),
            "{".repeat(100),
            "[".repeat(100)
        );
        assert!(parse(&quoted).is_ok());
        let shallow = format!(
            "a: {}{}\n",
            "[".repeat(MAX_FLOW_DEPTH),
            "]".repeat(MAX_FLOW_DEPTH)
        );
        assert!(parse(&shallow).is_ok());
    }

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

    #[test]
    fn syntax_error_has_position() {
        let err = parse("a: 1\n  b: 2\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(!err.message.contains(" at line "));
    }

    #[test]
    fn unclosed_quote_points_at_the_quote() {
        let err = parse("x: 1\ntitle: \"unclosed\nnext: 1\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 8));
        assert!(err.message.contains("never closed"));
    }

    #[test]
    fn locates_direct_children_only() {
        let text = "collections:\n  news:\n    fields:\n      cities: {type: refs}\n  cities:\n    map: {}\n";
        assert_eq!(
            locate_key(text, &["collections", "cities", "map"]),
            Some((6, 5))
        );
        assert_eq!(
            locate_key(text, &["collections", "news", "fields", "cities"]),
            Some((4, 7))
        );
    }

    #[test]
    fn locates_nested_keys_and_items() {
        let text = "a:\n  b:\n    c: 1\nlist:\n  - x\n  - y\ninline: [p, q]\n";
        assert_eq!(locate_key(text, &["a", "b", "c"]), Some((3, 5)));
        assert_eq!(Locator::new(text).item("list", 1), Some((6, 5)));
        assert_eq!(Locator::new(text).item("inline", 1), Some((7, 13)));
        assert_eq!(locate_value(text, "inline"), Some((7, 9)));
    }
}
