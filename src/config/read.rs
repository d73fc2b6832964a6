//! Reading hub.yaml: the `Parser` over its YAML, its diagnostics at the
//! key or value to edit, typed values, unknown keys, and the top-level
//! settings.

use super::{CONFIG_FILE, Config, SEARCH_FILTER_LIMIT, normalize_base_url};
use crate::diag::Diagnostic;
use crate::text::nearest;
use crate::yaml::{self, Yaml};

const TOP_KEYS: [&str; 15] = [
    "title",
    "content_license",
    "description",
    "base_url",
    "language",
    "languages",
    "theme",
    "repository",
    "branch",
    "summary_max_length",
    "search_filter_limit",
    "collections",
    "taxonomies",
    "html",
    "footer",
];

pub(super) struct Parser<'a> {
    pub(super) text: &'a str,
    pub(super) diags: Vec<Diagnostic>,
}

impl Parser<'_> {
    pub(super) fn error(
        &mut self,
        path: &[&str],
        code: &'static str,
        message: String,
        hint: Option<String>,
    ) {
        self.error_at_value(path, None, code, message, hint);
    }

    /// Like `error`, but underlines `value` when it is written on the
    /// located line (flow style such as `lat: {type: nmber}`).
    pub(super) fn error_at_value(
        &mut self,
        path: &[&str],
        value: Option<&str>,
        code: &'static str,
        message: String,
        hint: Option<String>,
    ) {
        let (line, mut col) = yaml::locate_key(self.text, path).unwrap_or((1, 1));
        let mut width = path.last().map_or(1, |k| k.chars().count());
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            let text = self.text.lines().nth(line - 1).unwrap_or("");
            let from: usize = text
                .char_indices()
                .nth(col - 1)
                .map_or(text.len(), |(i, _)| i);
            if let Some(pos) = text[from..].find(value) {
                col = text[..from + pos].chars().count() + 1;
                width = value.chars().count();
            }
        }
        let mut d = Diagnostic::error(code, CONFIG_FILE, message)
            .at(self.text, line, col)
            .width(width);
        if let Some(h) = hint {
            d = d.hint(h);
        }
        self.diags.push(d);
    }

    pub(super) fn check_keys(&mut self, map: &Yaml, path: &[&str], allowed: &[&str]) {
        let Yaml::Map(entries) = map else { return };
        for (key, _) in entries {
            if !allowed.contains(&key.as_str()) {
                let mut full = path.to_vec();
                full.push(key);
                let hint = match nearest(key, allowed.iter().copied()) {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => format!("allowed keys here: {}", allowed.join(", ")),
                };
                self.error(
                    &full,
                    "unknown-key",
                    format!("unknown key `{key}` in hub.yaml"),
                    Some(hint),
                );
            }
        }
    }

    /// The value of `key` in `map` converted by `convert`; a value of the
    /// wrong type is reported (as `expected`) and read as absent.
    pub(super) fn typed<T>(
        &mut self,
        map: &Yaml,
        path: &[&str],
        key: &str,
        expected: &str,
        hint: Option<&str>,
        convert: impl Fn(&Yaml) -> Option<T>,
    ) -> Option<T> {
        let value = map.get(key)?;
        if matches!(value, Yaml::Null) {
            return None;
        }
        let converted = convert(value);
        if converted.is_none() {
            let mut full = path.to_vec();
            full.push(key);
            self.error(
                &full,
                "wrong-type",
                format!("`{key}` must be {expected}, found {}", value.type_name()),
                hint.map(str::to_string),
            );
        }
        converted
    }

    pub(super) fn string(&mut self, map: &Yaml, path: &[&str], key: &str) -> Option<String> {
        self.typed(map, path, key, "text", None, |v| match v {
            Yaml::Str(s) => Some(s.clone()),
            Yaml::Int(_) | Yaml::BigInt(_) | Yaml::Float(_) | Yaml::Bool(_) => Some(v.display()),
            _ => None,
        })
    }

    pub(super) fn number(&mut self, map: &Yaml, path: &[&str], key: &str) -> Option<f64> {
        self.typed(map, path, key, "a number", None, |v| match v {
            Yaml::Int(i) => Some(*i as f64),
            Yaml::Float(f) => Some(*f),
            Yaml::BigInt(digits) => digits.parse().ok(),
            _ => None,
        })
    }

    pub(super) fn boolean(&mut self, map: &Yaml, path: &[&str], key: &str) -> Option<bool> {
        self.typed(map, path, key, "true or false", None, |v| match v {
            Yaml::Bool(b) => Some(*b),
            _ => None,
        })
    }

    pub(super) fn string_list(
        &mut self,
        map: &Yaml,
        path: &[&str],
        key: &str,
    ) -> Option<Vec<String>> {
        self.typed(
            map,
            path,
            key,
            "a list",
            Some("write it as [a, b, c]"),
            |v| match v {
                Yaml::List(items) => Some(items.iter().map(Yaml::display).collect()),
                _ => None,
            },
        )
    }

    pub(super) fn config(&mut self, root: &Yaml) -> Option<Config> {
        if !matches!(root, Yaml::Map(_)) {
            self.diags.push(
                Diagnostic::error(
                    "config-shape",
                    CONFIG_FILE,
                    "hub.yaml must be a mapping of settings (`title: ...`, `collections: ...`)",
                )
                .at(self.text, 1, 1),
            );
            return None;
        }
        self.check_keys(root, &[], &TOP_KEYS);
        let title = self.string(root, &[], "title").unwrap_or_default();
        if title.is_empty() {
            self.diags.push(
                Diagnostic::error("missing-field", CONFIG_FILE, "hub.yaml has no `title`")
                    .at(self.text, 1, 1)
                    .hint("add a line `title: Name of the hub`"),
            );
        }
        let base_url = self
            .string(root, &[], "base_url")
            .unwrap_or_else(|| "/".into());
        let mut collections = self.collections(root);
        let taxonomies = self.taxonomies(root, &collections);
        let html = self.html(root);
        let repository = self
            .string(root, &[], "repository")
            .unwrap_or_default()
            .trim_end_matches('/')
            .to_string();
        self.form_urls(&mut collections, &repository);
        let content_license = self.content_license(root);
        let names: Vec<String> = collections.iter().map(|c| c.name.clone()).collect();
        let footer = self.footer(root, &names);
        let language = self
            .string(root, &[], "language")
            .unwrap_or_else(|| "en".into());
        // The names as written, so that a collection or taxonomy with a
        // mistake is not reported again where `labels:` names it.
        let keys = |section: &str| -> Vec<String> {
            match root.get(section) {
                Some(Yaml::Map(entries)) => entries.iter().map(|(k, _)| k.clone()).collect(),
                _ => Vec::new(),
            }
        };
        let languages = self.languages(
            root,
            &language,
            &Names {
                collections: &keys("collections"),
                taxonomies: &keys("taxonomies"),
            },
        );
        Some(Config {
            content_license,
            title,
            description: self.string(root, &[], "description").unwrap_or_default(),
            base_url: normalize_base_url(&base_url),
            language,
            languages,
            theme: self
                .string(root, &[], "theme")
                .unwrap_or_else(|| "cluster".into()),
            repository,
            branch: self
                .string(root, &[], "branch")
                .unwrap_or_else(|| "main".into()),
            summary_max_length: self
                .number(root, &[], "summary_max_length")
                .map_or(300, |n| n.max(0.0) as usize),
            search_filter_limit: self
                .number(root, &[], "search_filter_limit")
                .map_or(SEARCH_FILTER_LIMIT, |n| n.max(0.0) as usize),
            collections,
            taxonomies,
            footer,
            html,
            static_path: None,
            source: self.text.to_string(),
        })
    }

    /// The address of each issue form (`form:`) on GitHub, which needs the
    /// repository: without it, a warning at `form`.
    fn form_urls(&mut self, collections: &mut [super::Collection], repository: &str) {
        for c in collections.iter_mut() {
            let Some(form) = c.form.as_mut() else {
                continue;
            };
            if repository.is_empty() {
                let (line, col) = yaml::locate_key(self.text, &["collections", &c.name, "form"])
                    .unwrap_or((1, 1));
                self.diags.push(
                    Diagnostic::warning(
                        "bad-form",
                        CONFIG_FILE,
                        format!("collection `{}` has an issue form, but hub.yaml names no `repository` to open issues in", c.name),
                    )
                    .at(self.text, line, col)
                    .width("form".len())
                    .hint("add `repository: https://github.com/OWNER/NAME`, so the site can link to the form"),
                );
            } else {
                form.url = format!("{repository}/issues/new?template={}.yml", c.name);
            }
        }
    }

    /// `content_license`: an SPDX id, with a diagnostic at its value when
    /// clusterhub does not know it.
    fn content_license(&mut self, root: &Yaml) -> Option<super::ContentLicense> {
        let id = self.string(root, &[], "content_license")?;
        match super::license::read(id.trim()) {
            Ok(l) => Some(l),
            Err((message, hint)) => {
                self.error_at_value(
                    &["content_license"],
                    Some(&id),
                    "bad-license",
                    message,
                    Some(hint),
                );
                None
            }
        }
    }

    /// Like `error`, but at `item`, a value of the list (or a key of the
    /// mapping) under `path`, written inline after the key or on the lines
    /// below it.
    pub(super) fn error_at_item(
        &mut self,
        path: &[&str],
        item: &str,
        code: &'static str,
        message: String,
        hint: Option<String>,
    ) {
        let (line, col) = yaml::locate_key(self.text, path).unwrap_or((1, 1));
        let (line, col) = find_below(self.text, line, col, item).unwrap_or((line, col));
        let mut d = Diagnostic::error(code, CONFIG_FILE, message)
            .at(self.text, line, col)
            .width(item.chars().count());
        if let Some(h) = hint {
            d = d.hint(h);
        }
        self.diags.push(d);
    }
}

/// The position of `item` written after the key at `line:col` (inline) or
/// on the more indented lines below it, as a whole word.
fn find_below(text: &str, line: usize, col: usize, item: &str) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let key_line = lines.get(line.checked_sub(1)?)?;
    let key_start = key_line.char_indices().nth(col - 1).map_or(0, |(i, _)| i);
    let after_colon = key_start + key_line[key_start..].find(':').map_or(0, |i| i + 1);
    let key_indent = key_line.len() - key_line.trim_start().len();
    for (i, raw) in lines.iter().enumerate().skip(line - 1) {
        let from = if i + 1 == line {
            after_colon
        } else {
            let content = raw.trim_start();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            if raw.len() - content.len() <= key_indent {
                return None;
            }
            0
        };
        let mut start = from;
        while let Some(pos) = raw.get(start..).and_then(|r| r.find(item)) {
            let at = start + pos;
            let word =
                |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || b"-_".contains(b));
            let bytes = raw.as_bytes();
            if !word(at.checked_sub(1).and_then(|p| bytes.get(p)))
                && !word(bytes.get(at + item.len()))
            {
                return Some((i + 1, raw[..at].chars().count() + 1));
            }
            start = at + 1;
        }
    }
    None
}

/// What an entry of `labels:` may name: the collections and taxonomies.
pub(super) struct Names<'n> {
    pub collections: &'n [String],
    pub taxonomies: &'n [String],
}
