//! `languages:` in hub.yaml: the languages the hub's pages are written
//! in, the default (`language:`) first, each with its name in that
//! language; codes are ISO 639-1 with an optional region (`pt-BR`); and
//! the words of the collections and taxonomies in each language other
//! than the default (`labels:`).

use super::read::{Names, Parser};
use crate::text::nearest;
use crate::yaml::Yaml;

/// A language of the hub: its code as hub.yaml writes it (`it`, `pt-BR`)
/// and its name in that language (`Italiano`), with the words of the
/// collections and taxonomies in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    pub code: String,
    pub name: String,
    /// The `labels:` of a language other than the default.
    pub labels: Vec<Labels>,
}

/// The words of one collection or taxonomy in a language (`labels:`
/// under the language in hub.yaml): each replaces the entry's own when
/// given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    /// The collection's or taxonomy's name (its key in hub.yaml).
    pub name: String,
    pub label: Option<String>,
    pub singular: Option<String>,
    pub description: Option<String>,
}

impl Language {
    /// The code in lowercase: the suffix of a translation's file name
    /// (`milan.it.md`) and the folder of its pages (`/it/…`).
    pub(crate) fn folder(&self) -> String {
        self.code.to_ascii_lowercase()
    }
}

/// Whether `code` is an ISO 639-1 language with an optional region
/// (`it`, `pt-BR`, `es-419`): the reason in words when not.
pub(crate) fn check_code(code: &str) -> Result<(), String> {
    let (primary, region) = match code.split_once('-') {
        Some((p, r)) => (p, Some(r)),
        None => (code, None),
    };
    let region_ok = region.is_none_or(|r| {
        (r.len() == 2 && r.chars().all(|c| c.is_ascii_alphabetic()))
            || (r.len() == 3 && r.chars().all(|c| c.is_ascii_digit()))
    });
    let lower = primary.to_ascii_lowercase();
    if lower.len() != 2 || isolang::Language::from_639_1(&lower).is_none() {
        return Err(format!("`{primary}` is not an ISO 639-1 language code"));
    }
    if !region_ok {
        return Err(format!(
            "`{}` is not a region: write two letters (`pt-BR`) or three digits (`es-419`)",
            region.unwrap_or_default()
        ));
    }
    Ok(())
}

impl Parser<'_> {
    /// `languages:` (a mapping of code to name, which names the default
    /// `language` too); without it, the default language alone.
    pub(super) fn languages(
        &mut self,
        root: &Yaml,
        default: &str,
        names: &Names<'_>,
    ) -> Vec<Language> {
        let alone = vec![Language {
            code: default.to_string(),
            name: String::new(),
            labels: Vec::new(),
        }];
        let Some(value) = root.get("languages").filter(|v| !matches!(v, Yaml::Null)) else {
            return alone;
        };
        let Yaml::Map(entries) = value else {
            self.error(
                &["languages"],
                "wrong-type",
                format!("`languages` must be a mapping, found {}", value.type_name()),
                Some(format!(
                    "write one `code: name` per line, e.g. `{default}: English` and `it: Italiano`"
                )),
            );
            return alone;
        };
        let mut languages: Vec<Language> = Vec::new();
        for (code, name) in entries {
            if let Some(language) = self.language(code, name, code == default, names) {
                languages.push(language);
            }
        }
        match languages.iter().position(|l| l.code == default) {
            Some(i) => {
                let first = languages.remove(i);
                languages.insert(0, first);
                languages
            }
            None => {
                self.error(
                    &["languages"],
                    "bad-language",
                    format!(
                        "`languages` does not name the default language `{default}` (`language:`)"
                    ),
                    Some(format!(
                        "add a line `{default}: <its name>` under `languages:`"
                    )),
                );
                alone
            }
        }
    }

    /// One entry of `languages:` (`it: Italiano`, or a mapping with
    /// `name:` and `labels:`), each mistake at its code.
    fn language(
        &mut self,
        code: &str,
        value: &Yaml,
        default: bool,
        names: &Names<'_>,
    ) -> Option<Language> {
        let path = ["languages", code];
        if let Err(why) = check_code(code) {
            self.error(
                &path,
                "bad-language",
                format!("unknown language code `{code}`: {why}"),
                Some("use the two-letter ISO 639-1 code of the language (`it`, `nl`, `pt`), with a region if needed (`pt-BR`)".into()),
            );
            return None;
        }
        let (name, labels) = match value {
            Yaml::Map(_) => {
                self.check_keys(value, &path, &["name", "labels"]);
                let name = self.string(value, &path, "name").unwrap_or_default();
                (name, self.labels(value, code, default, names))
            }
            Yaml::Str(s) => (s.clone(), Vec::new()),
            _ => (String::new(), Vec::new()),
        };
        let name = match name.trim() {
            n if !n.is_empty() => n.to_string(),
            _ => {
                self.error(
                    &path,
                    "bad-language",
                    format!("language `{code}` needs its name, written in that language"),
                    Some(format!(
                        "write `{code}: <name>`, e.g. `it: Italiano`, or `name: <name>` below `{code}:`"
                    )),
                );
                return None;
            }
        };
        let folder = code.to_ascii_lowercase();
        if names.collections.contains(&folder) || crate::routes::generated_folder(&folder).is_some()
        {
            self.error(
                &path,
                "bad-language",
                format!("the pages in `{code}` would be written in /{folder}/, which another part of the site uses"),
                Some("rename the collection of that name".into()),
            );
            return None;
        }
        Some(Language {
            code: code.to_string(),
            name,
            labels,
        })
    }

    /// The `labels:` of a language: per collection or taxonomy, its
    /// `label`, `singular` (collections only) and `description` in that
    /// language.
    fn labels(
        &mut self,
        entry: &Yaml,
        code: &str,
        default: bool,
        names: &Names<'_>,
    ) -> Vec<Labels> {
        let path = ["languages", code, "labels"];
        let Some(value) = entry.get("labels").filter(|v| !matches!(v, Yaml::Null)) else {
            return Vec::new();
        };
        if default {
            self.error(
                &path,
                "bad-language",
                format!("`labels` under the default language `{code}`: its words are the `label`, `singular` and `description` of each collection and taxonomy"),
                Some("write the words there, and remove `labels` here".into()),
            );
            return Vec::new();
        }
        let Yaml::Map(entries) = value else {
            self.error(
                &path,
                "wrong-type",
                format!("`labels` must be a mapping, found {}", value.type_name()),
                Some("write one collection or taxonomy per line, with its `label:` (and `singular:`, `description:`) below it".into()),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, words) in entries {
            if let Some(labels) = self.labels_of(code, name, words, names) {
                out.push(labels);
            }
        }
        out
    }

    /// The words of collection or taxonomy `name` in language `code`.
    fn labels_of(
        &mut self,
        code: &str,
        name: &str,
        words: &Yaml,
        names: &Names<'_>,
    ) -> Option<Labels> {
        let path = ["languages", code, "labels", name];
        let collection = names.collections.iter().any(|c| c == name);
        if !collection && !names.taxonomies.iter().any(|t| t == name) {
            let known = names.collections.iter().chain(names.taxonomies);
            let hint = match nearest(name, known.clone().map(String::as_str)) {
                Some(n) => format!("did you mean `{n}`?"),
                None => format!(
                    "the collections and taxonomies are: {}",
                    known.map(String::as_str).collect::<Vec<_>>().join(", ")
                ),
            };
            self.error(
                &path,
                "unknown-name",
                format!("`{name}` is neither a collection nor a taxonomy of hub.yaml"),
                Some(hint),
            );
            return None;
        }
        if !matches!(words, Yaml::Map(_)) {
            self.error(
                &path,
                "wrong-type",
                format!(
                    "the words of `{name}` must be a mapping, found {}",
                    words.type_name()
                ),
                Some(
                    "write `label:` (and `singular:`, `description:`) on the lines below, indented"
                        .into(),
                ),
            );
            return None;
        }
        let allowed: &[&str] = if collection {
            &["label", "singular", "description"]
        } else {
            &["label", "description"]
        };
        self.check_keys(words, &path, allowed);
        let mut word = |key: &str| {
            self.string(words, &path, key)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        Some(Labels {
            name: name.to_string(),
            label: word("label"),
            singular: if collection { word("singular") } else { None },
            description: word("description"),
        })
    }
}
