//! `languages:` in hub.yaml: the languages the hub's pages are written
//! in, the default (`language:`) first, each with its name in that
//! language; codes are ISO 639-1 with an optional region (`pt-BR`).

use super::read::Parser;
use crate::yaml::Yaml;

/// A language of the hub: its code as hub.yaml writes it (`it`, `pt-BR`)
/// and its name in that language (`Italiano`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    pub code: String,
    pub name: String,
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
        collections: &[String],
    ) -> Vec<Language> {
        let alone = vec![Language {
            code: default.to_string(),
            name: String::new(),
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
            if let Some(language) = self.language(code, name, collections) {
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

    /// One entry of `languages:`, each mistake at its code.
    fn language(&mut self, code: &str, name: &Yaml, collections: &[String]) -> Option<Language> {
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
        let name = match name {
            Yaml::Str(s) if !s.trim().is_empty() => s.trim().to_string(),
            _ => {
                self.error(
                    &path,
                    "bad-language",
                    format!("language `{code}` needs its name, written in that language"),
                    Some(format!("write `{code}: <name>`, e.g. `it: Italiano`")),
                );
                return None;
            }
        };
        let folder = code.to_ascii_lowercase();
        if collections.contains(&folder) || crate::routes::generated_folder(&folder).is_some() {
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
        })
    }
}
