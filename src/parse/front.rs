//! A page's front matter checked against the content model: the common
//! fields (title, summary, dates, draft, sources), each declared field read
//! by its kind, required fields present, the summary's length. Every
//! problem is reported where it is written.

use super::Doc;
use crate::config::{COMMON_FIELDS, Collection, Config, FieldDef, FieldKind};
use crate::diag::Diagnostic;
use crate::model::{At, FieldValue, scalar_text};
use crate::text::nearest;
use crate::yaml::{self, Yaml};

pub(super) struct Validator<'a> {
    pub(super) path: &'a str,
    pub(super) text: &'a str,
    /// Positions in `text`, found in linear time however many are asked.
    pub(super) loc: yaml::Locator<'a>,
    /// A translation (`x.it.md`): only translatable fields may be written,
    /// and required fields come from the original.
    pub(super) translation: bool,
    pub(super) diags: &'a mut Vec<Diagnostic>,
}

impl Validator<'_> {
    fn at_key(&mut self, key: &str, code: &'static str, message: String, hint: String) {
        let (line, col) = self.loc.key(&[key]).unwrap_or((1, 1));
        let d = Diagnostic::error(code, self.path, message);
        self.diags.push(
            self.loc
                .place(d, line, col)
                .width(key.chars().count())
                .hint(hint),
        );
    }

    fn at_value(
        &mut self,
        key: &str,
        shown: &str,
        code: &'static str,
        message: String,
        hint: String,
    ) {
        let (line, col) = self.loc.value(key).unwrap_or((1, 1));
        let d = Diagnostic::error(code, self.path, message);
        self.diags.push(
            self.loc
                .place(d, line, col)
                .width(shown.chars().count())
                .hint(hint),
        );
    }

    fn at_item(
        &mut self,
        key: &str,
        index: usize,
        item: &str,
        code: &'static str,
        message: String,
        hint: String,
    ) {
        let (line, col) = self.loc.item(key, index).unwrap_or((1, 1));
        let d = Diagnostic::error(code, self.path, message);
        self.diags.push(
            self.loc
                .place(d, line, col)
                .width(item.chars().count())
                .hint(hint),
        );
    }

    /// Fills `doc` from the front matter's `entries`; `collection` is the
    /// page's (none for an intro).
    pub(super) fn common_and_declared(
        &mut self,
        entries: &[(String, Yaml)],
        collection: Option<&Collection>,
        is_intro: bool,
        config: &Config,
        doc: &mut Doc,
    ) {
        for (key, value) in entries {
            if self.translation && !self.translatable(key, collection, config) {
                continue;
            }
            if !self.common(key, value, doc) {
                self.declared(key, value, collection, is_intro, doc);
            }
        }
        if doc.title.is_empty() && !entries.iter().any(|(k, _)| k == "title") {
            self.diags.push(
                Diagnostic::error(
                    "missing-field",
                    self.path,
                    "required field `title` is missing",
                )
                .at_line(self.loc.line(2), 2, 1)
                .hint("add a line `title: ...` to the front matter"),
            );
        }
        if let Some(collection) = collection {
            // Schema order, whatever order the file used.
            doc.fields
                .sort_by_key(|(n, _)| collection.fields.iter().position(|f| &f.name == n));
            let translation = self.translation;
            let required = collection.fields.iter().filter(|f| f.required);
            for def in required.filter(|_| !translation) {
                self.required(entries, def);
            }
            let value_of = |name: &str| {
                doc.fields
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.clone())
            };
            for (name, p) in crate::model::check_order(&collection.fields, &value_of) {
                if let At::Value(shown) = p.at {
                    self.at_value(&name, &shown, p.code, p.message, p.hint);
                }
            }
            self.summary_checks(entries, doc, config);
        }
    }

    /// Whether a translation may write `key`; if not, an error at it
    /// (an unknown key is left to `declared`).
    fn translatable(
        &mut self,
        key: &str,
        collection: Option<&Collection>,
        config: &Config,
    ) -> bool {
        let def = collection.and_then(|c| c.field(key));
        let common = COMMON_FIELDS.contains(&key);
        if crate::i18n::TRANSLATABLE_COMMON.contains(&key)
            || (!common && def.is_none())
            || def.is_some_and(|d| crate::i18n::is_translatable(config, d))
        {
            return true;
        }
        let allowed: Vec<&str> = crate::i18n::TRANSLATABLE_COMMON
            .into_iter()
            .chain(collection.into_iter().flat_map(|c| {
                c.fields
                    .iter()
                    .filter(|d| crate::i18n::is_translatable(config, d))
                    .map(|d| d.name.as_str())
            }))
            .collect();
        self.at_key(
            key,
            "not-translatable",
            format!("`{key}` cannot be translated: a translation takes it from the original page"),
            format!(
                "remove this line (change `{key}` in the original); a translation may write: {}, and the text below the front matter",
                allowed.join(", ")
            ),
        );
        false
    }

    /// Reads a field every page may have; false if `key` is not one.
    fn common(&mut self, key: &str, value: &Yaml, doc: &mut Doc) -> bool {
        match key {
            "title" => match scalar_text(value) {
                Some(t) if !t.trim().is_empty() => doc.title = t.trim().to_string(),
                _ if is_blank(value) => self.at_key(
                    "title",
                    "missing-field",
                    "required field `title` is empty".into(),
                    "write the page title after `title: `".into(),
                ),
                _ => self.at_value(
                    "title",
                    &value.display(),
                    "wrong-type",
                    format!("`title` must be text, found {}", value.type_name()),
                    "write the page title after `title: `".into(),
                ),
            },
            "summary" => match value {
                Yaml::Null => {}
                v => match scalar_text(v) {
                    Some(t) => {
                        doc.summary = Some(t.split_whitespace().collect::<Vec<_>>().join(" "))
                    }
                    None => self.at_value(
                        "summary",
                        &v.display(),
                        "wrong-type",
                        format!("`summary` must be text, found {}", v.type_name()),
                        "write one or two sentences after `summary: `".into(),
                    ),
                },
            },
            "date" | "updated" => match value {
                Yaml::Null => {}
                v => {
                    // Read as a `date` field is (the same words for a bad one).
                    let shown = v.display();
                    let read = FieldKind::Date { not_before: None }.read(key, v, &shown);
                    match read.value {
                        Some(FieldValue::Date(d)) if key == "date" => doc.date = Some(d),
                        Some(FieldValue::Date(d)) => doc.updated = Some(d),
                        _ => {}
                    }
                    for p in read.problems {
                        self.at_value(key, &shown, p.code, p.message, p.hint);
                    }
                }
            },
            "draft" => match value {
                Yaml::Bool(b) => doc.draft = *b,
                v => self.at_value(
                    "draft",
                    &v.display(),
                    "wrong-type",
                    format!("`draft` must be true or false, found `{}`", v.display()),
                    "write `draft: true` or `draft: false`".into(),
                ),
            },
            "sources" => self.sources(value, doc),
            _ => return false,
        }
        true
    }

    /// `sources`: a list of web addresses.
    fn sources(&mut self, value: &Yaml, doc: &mut Doc) {
        match value {
            Yaml::Null => {}
            Yaml::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    match scalar_text(item) {
                        Some(url) => self.source(i, url, doc),
                        None => self.at_item(
                            "sources",
                            i,
                            &item.display(),
                            "wrong-type",
                            format!(
                                "each source must be a web address, found {}",
                                item.type_name()
                            ),
                            "write one `- https://...` line per source".into(),
                        ),
                    }
                }
            }
            Yaml::Str(s) => {
                let parts = split_addresses(s);
                let hint = if parts.len() > 1 {
                    let quoted: Vec<String> = parts.iter().map(|p| format!("\"{p}\"")).collect();
                    format!(
                        "write one address per line, each after `- ` below `sources:`, or `sources: [{}]`",
                        quoted.join(", ")
                    )
                } else {
                    format!(
                        "write it as a list: `sources: [\"{s}\"]` or one `- {s}` line below `sources:`"
                    )
                };
                self.at_value(
                    "sources",
                    s,
                    "wrong-type",
                    "`sources` must be a list of web addresses, found a single text".into(),
                    hint,
                )
            }
            v => self.at_value(
                "sources",
                &v.display(),
                "wrong-type",
                format!(
                    "`sources` must be a list of web addresses, found {}",
                    v.type_name()
                ),
                "write one `- https://...` line per source below `sources:`".into(),
            ),
        }
    }

    /// The `i`th source: refused with a scheme that is not allowed, warned
    /// about when it is not a web address.
    fn source(&mut self, i: usize, url: String, doc: &mut Doc) {
        if let Some(scheme) = crate::sanitize::forbidden_scheme(&url) {
            self.at_item(
                "sources",
                i,
                &url,
                "bad-url-scheme",
                format!("`{scheme}:` addresses are not allowed as sources"),
                crate::sanitize::SCHEME_HINT.into(),
            );
            return;
        }
        if url.trim().contains(char::is_whitespace) {
            let several = split_addresses(&url).len() > 1;
            self.at_item(
                "sources",
                i,
                &url,
                "bad-url",
                format!("source `{url}` contains a space, so it is not one web address"),
                if several {
                    "these are several addresses: put each on its own line, starting with `- `".into()
                } else {
                    "remove the spaces (or write each as %20), as the address appears in the browser".into()
                },
            );
            return;
        }
        if crate::model::is_placeholder_url(&url) {
            let (line, col) = self.loc.item("sources", i).unwrap_or((1, 1));
            let d = Diagnostic::warning(
                "placeholder-url",
                self.path,
                format!("`{url}` is an example address, not a source"),
            );
            self.diags.push(
                self.loc
                    .place(d, line, col)
                    .width(url.chars().count())
                    .hint("example.org, example.com and example.net are reserved for examples: replace it with the address of the page or document you used"),
            );
        }
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            let (line, col) = self.loc.item("sources", i).unwrap_or((1, 1));
            let d = Diagnostic::warning(
                "source-not-web",
                self.path,
                format!("source `{url}` is not a web address"),
            );
            self.diags.push(
                self.loc
                    .place(d, line, col)
                    .width(url.chars().count())
                    .hint(
                        "sources should be links starting with https:// so readers can check them",
                    ),
            );
        }
        doc.sources.push(url);
    }

    /// A field of the page's collection, read by its kind; any other field
    /// is unknown.
    fn declared(
        &mut self,
        key: &String,
        value: &Yaml,
        collection: Option<&Collection>,
        is_intro: bool,
        doc: &mut Doc,
    ) {
        if is_intro {
            self.at_key(
                key,
                "unknown-field",
                format!("unknown field `{key}`"),
                format!(
                    "intro pages (_index.md) take only: {}",
                    COMMON_FIELDS.join(", ")
                ),
            );
            return;
        }
        let Some(collection) = collection else { return };
        let Some(def) = collection.field(key) else {
            let known: Vec<&str> = COMMON_FIELDS
                .iter()
                .copied()
                .chain(collection.fields.iter().map(|f| f.name.as_str()))
                .collect();
            let hint = match nearest(key, known.iter().copied()) {
                Some(n) => format!("did you mean `{n}`?"),
                None => format!("fields of {}: {}", collection.name, known.join(", ")),
            };
            self.at_key(
                key,
                "unknown-field",
                format!("unknown field `{key}` for a page in {}", collection.name),
                hint,
            );
            return;
        };
        match self.field_value(def, value) {
            Some(v) => doc.fields.push((key.clone(), v)),
            None if !matches!(value, Yaml::Null) => doc.rejected.push(key.clone()),
            None => {}
        }
    }

    /// A required field missing or left empty: an error saying what to
    /// write.
    fn required(&mut self, entries: &[(String, Yaml)], def: &FieldDef) {
        let given = entries.iter().find(|(k, _)| k == &def.name);
        if given.is_some_and(|(_, v)| !is_blank(v)) {
            return;
        }
        let many = def.kind.is_many();
        let verb = if given.is_some() { "fill in" } else { "add" };
        let mut hint = if many {
            format!("{verb} `{}: [first, second]`", def.name)
        } else {
            format!("{verb} `{}: ...`", def.name)
        };
        if let Some(values) = def.kind.allowed_values() {
            let which = if many { "values from" } else { "one of" };
            hint.push_str(&format!(" with {which}: {}", values.join(", ")));
        } else if let Some(to) = def.kind.target() {
            let what = if many {
                "the slugs of pages"
            } else {
                "the slug of a page"
            };
            hint.push_str(&format!(" with {what} in content/{to}/"));
        }
        if !def.help.is_empty() {
            hint.push_str(&format!(" ({})", def.help));
        }
        // Missing: at the closing `---`, above which the line goes.
        let (line, col, width) = match self.loc.key(&[&def.name]) {
            Some((line, col)) => (line, col, def.name.chars().count()),
            None => {
                hint = format!("{hint}, on a line of its own above the closing `---`");
                (self.front_matter_end(), 1, 3)
            }
        };
        let state = if given.is_some() { "empty" } else { "missing" };
        self.diags.push(
            Diagnostic::error(
                "missing-field",
                self.path,
                format!("required field `{}` is {state}", def.name),
            )
            .at_line(self.loc.line(line), line, col)
            .width(width)
            .hint(hint),
        );
    }

    /// The line of the `---` that closes the front matter (2 if none).
    fn front_matter_end(&self) -> usize {
        self.text
            .lines()
            .enumerate()
            .skip(1)
            .find(|(_, l)| l.trim_end() == "---")
            .map_or(2, |(i, _)| i + 1)
    }

    /// Warnings for a summary left empty or longer than hub.yaml allows.
    fn summary_checks(&mut self, entries: &[(String, Yaml)], doc: &Doc, config: &Config) {
        // `summary:` left empty (as `clusterhub new` writes it).
        let summary_left_empty = entries
            .iter()
            .any(|(k, v)| k == "summary" && matches!(v, Yaml::Null));
        if summary_left_empty {
            let (line, col) = self.loc.key(&["summary"]).unwrap_or((1, 1));
            self.diags.push(
                Diagnostic::warning("empty-summary", self.path, "the summary is empty")
                    .at_line(self.loc.line(line), line, col)
                    .width("summary".len())
                    .hint("write one or two sentences after `summary:` saying what the page is about; listings and search show it"),
            );
        }
        let Some(summary) = &doc.summary else { return };
        if summary.trim().is_empty() {
            let line = self.loc.key(&["summary"]).map_or(2, |p| p.0);
            self.diags.push(
                Diagnostic::warning("empty-summary", self.path, "the summary is empty")
                    .at_line(self.loc.line(line), line, 1)
                    .hint("write one or two sentences saying what the page is about"),
            );
        } else if summary.chars().count() > config.summary_max_length {
            let (line, col) = self.loc.value("summary").unwrap_or((2, 1));
            self.diags.push(
                Diagnostic::warning(
                    "long-summary",
                    self.path,
                    format!(
                        "the summary is {} characters long; the limit is {}",
                        summary.chars().count(),
                        config.summary_max_length
                    ),
                )
                .at_line(self.loc.line(line), line, col)
                .hint("shorten it to one or two sentences; put details in the body"),
            );
        }
    }

    /// A declared field's value, read by its kind (`None` when left empty
    /// or rejected; each problem reported where it is written).
    fn field_value(&mut self, def: &FieldDef, value: &Yaml) -> Option<FieldValue> {
        let key = def.name.as_str();
        if matches!(value, Yaml::Null) {
            return None;
        }
        let shown = match value {
            Yaml::Int(_) | Yaml::BigInt(_) | Yaml::Float(_) => {
                yaml::written_scalar(self.text, key).unwrap_or_else(|| value.display())
            }
            _ => value.display(),
        };
        let read = def.kind.read(key, value, &shown);
        for p in read.problems {
            match p.at {
                At::Value(shown) => self.at_value(key, &shown, p.code, p.message, p.hint),
                At::Item(i, item) => self.at_item(key, i, &item, p.code, p.message, p.hint),
            }
        }
        read.value
    }
}

/// The web addresses in a text that lists several (separated by commas,
/// semicolons or spaces); one item when it holds one or none.
fn split_addresses(text: &str) -> Vec<&str> {
    let parts: Vec<&str> = text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() > 1
        && parts
            .iter()
            .all(|p| p.starts_with("http://") || p.starts_with("https://"))
    {
        parts
    } else {
        vec![text]
    }
}

/// Nothing, blank text or an empty list: a field written but left empty.
pub(super) fn is_blank(value: &Yaml) -> bool {
    match value {
        Yaml::Null => true,
        Yaml::Str(s) => s.trim().is_empty(),
        Yaml::List(items) => items.is_empty(),
        _ => false,
    }
}
