//! PARSE: one `SourceFile` → one `Doc` (typed front matter checked against
//! the collection's schema, Markdown rendered once) plus its diagnostics.
//! Never fails: a file with problems yields diagnostics and maybe no `Doc`.

use crate::config::{COMMON_FIELDS, Collection, Config, FieldDef};
use crate::diag::{Diagnostic, Severity, SpotFinder, line_col};
use crate::markdown::{self, Rendered};
pub(crate) use crate::model::FieldValue;
use crate::model::{At, scalar_text};
use crate::source::SourceFile;
use crate::text::{PageDate, has_xml_forbidden, nearest, strip_xml_forbidden, xml_forbidden};
use crate::yaml::{self, Yaml};
use rayon::prelude::*;

/// What a content file is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum DocKind {
    /// `content/<collection>/<slug>.md` or `.../<slug>/index.md`.
    Page { collection: String, slug: String },
    /// `content/_index.md` (collection `None`) or `content/<c>/_index.md`.
    Intro { collection: Option<String> },
}

#[derive(Debug, Clone)]
pub(crate) struct Doc {
    /// `content/methods/five-up.md`.
    pub path: String,
    pub kind: DocKind,
    pub title: String,
    pub summary: Option<String>,
    pub date: Option<PageDate>,
    pub updated: Option<PageDate>,
    pub draft: bool,
    pub sources: Vec<String>,
    /// Declared fields that have a value, in schema order.
    pub fields: Vec<(String, FieldValue)>,
    /// Declared fields written with a value that was rejected (an error
    /// says why): later stages treat them as absent without a second
    /// diagnostic.
    pub rejected: Vec<String>,
    pub body: Rendered,
    /// The front matter of the file (BOM removed, CRLF normalised), for
    /// diagnostics that quote it; body links carry their own `Spot`.
    pub text: String,
}

impl Doc {
    pub(crate) fn field(&self, name: &str) -> Option<&FieldValue> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// The page's summary text: front matter, else the first paragraph.
    pub(crate) fn summary_text(&self) -> String {
        match &self.summary {
            Some(s) if !s.trim().is_empty() => s.clone(),
            _ => self.body.first_paragraph.clone(),
        }
    }
}

/// Parses every file in parallel. Takes the files by value so each one's
/// bytes are freed as soon as it is parsed (the doc keeps its front matter).
pub(crate) fn parse_all(
    files: Vec<SourceFile>,
    config: &Config,
    base_path: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Doc> {
    let results: Vec<(Option<Doc>, Vec<Diagnostic>)> = files
        .into_par_iter()
        .map(|f| {
            let mut diags = Vec::new();
            (parse_file(&f, config, base_path, &mut diags), diags)
        })
        .collect();
    let mut docs = Vec::with_capacity(results.len());
    for (doc, mut d) in results {
        docs.extend(doc);
        diags.append(&mut d);
    }
    docs
}

/// Works out the kind of a content file from its path.
pub(crate) fn kind_of(path: &str, config: &Config) -> Result<DocKind, Diagnostic> {
    let rel = path.strip_prefix("content/").unwrap_or(path);
    let parts: Vec<&str> = rel.split('/').collect();
    let declared = || config.collections.iter().map(|c| c.name.as_str());
    let collection_known = |name: &str| config.collection(name).is_some();
    let unknown = |name: &str| {
        let d = Diagnostic::error(
            "unknown-collection",
            path,
            format!("`{name}` is not a collection declared in hub.yaml"),
        );
        match nearest(name, declared()) {
            Some(n) => d.hint(format!(
                "did you mean content/{n}/? Declared collections: {}",
                declared().collect::<Vec<_>>().join(", ")
            )),
            None => d.hint(format!(
                "move the file into one of: {}",
                declared()
                    .map(|c| format!("content/{c}/"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    };
    match parts.as_slice() {
        ["_index.md"] => Ok(DocKind::Intro { collection: None }),
        [c, "_index.md"] => {
            if collection_known(c) {
                Ok(DocKind::Intro {
                    collection: Some((*c).to_string()),
                })
            } else {
                Err(unknown(c))
            }
        }
        [c, file] => {
            if !collection_known(c) {
                return Err(unknown(c));
            }
            let slug = file.strip_suffix(".md").unwrap_or(file);
            check_slug(path, slug)?;
            Ok(DocKind::Page {
                collection: (*c).to_string(),
                slug: slug.to_string(),
            })
        }
        [c, dir, "index.md"] => {
            if !collection_known(c) {
                return Err(unknown(c));
            }
            check_slug(path, dir)?;
            Ok(DocKind::Page {
                collection: (*c).to_string(),
                slug: (*dir).to_string(),
            })
        }
        [_] => Err(Diagnostic::error(
            "misplaced-file",
            path,
            "pages must be inside a collection folder",
        )
        .hint(format!(
            "move it to content/<collection>/; declared: {}",
            declared().collect::<Vec<_>>().join(", ")
        ))),
        _ => Err(Diagnostic::error(
            "misplaced-file",
            path,
            "pages are content/<collection>/<slug>.md or content/<collection>/<slug>/index.md",
        )
        .hint("move the file up so it sits directly in its collection folder")),
    }
}

/// Whether `slug` can name a page: lowercase letters, digits, `-` and `_`.
pub(crate) fn is_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn check_slug(path: &str, slug: &str) -> Result<(), Diagnostic> {
    if is_slug(slug) {
        Ok(())
    } else {
        let suggestion = crate::text::slugify(slug);
        let d = Diagnostic::error(
            "bad-slug",
            path,
            format!(
                "`{slug}` cannot be used as a page address: use lowercase letters, digits and hyphens"
            ),
        );
        Err(if suggestion.is_empty() {
            d.hint("rename the file, e.g. to the page title in lowercase with hyphens")
        } else {
            d.hint(format!("rename the file to `{suggestion}`"))
        })
    }
}

/// Decodes bytes as UTF-8 text (BOM removed, CRLF made LF), or reports the
/// line and column of the first invalid byte.
pub(crate) fn decode(path: &str, bytes: &[u8]) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(if text.contains('\r') {
            text.replace("\r\n", "\n")
        } else {
            text.to_string()
        }),
        Err(e) => {
            let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
            let (line, column) = line_col(&valid, valid.len());
            let shown = String::from_utf8_lossy(bytes).replace("\r\n", "\n");
            Err(Diagnostic::error(
                "not-utf8",
                path,
                format!(
                    "this file is not UTF-8 text (invalid byte 0x{:02X})",
                    bytes[e.valid_up_to()]
                ),
            )
            .at(&shown, line, column)
            .hint("save the file as UTF-8 in your editor (\"Save with encoding\" → UTF-8)"))
        }
    }
}

/// Splits `---` front matter from the body: (yaml text, its byte offset,
/// body offset). `None` when the file does not start with `---`.
fn split_front_matter(text: &str) -> Option<Result<(usize, usize, usize), ()>> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        return None;
    }
    let yaml_start = (first_line_end + 1).min(text.len());
    let mut pos = yaml_start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = text[pos..end].trim_end();
        if line == "---" || line == "..." {
            let body = (end + 1).min(text.len());
            return Some(Ok((yaml_start, pos, body)));
        }
        pos = end + 1;
    }
    Some(Err(()))
}

/// Parses one content file into a `Doc`, pushing its problems into
/// `diags`: `None` when it cannot become a page (not text, misplaced, no
/// usable front matter).
pub(crate) fn parse_file(
    file: &SourceFile,
    config: &Config,
    base_path: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Doc> {
    let text = decode(&file.path, &file.bytes)
        .map_err(|d| diags.push(d))
        .ok()?;
    let kind = kind_of(&file.path, config)
        .map_err(|d| diags.push(d.at(&text, 1, 1)))
        .ok()?;
    let is_intro = matches!(kind, DocKind::Intro { .. });
    let (mut entries, body_offset) = front_matter(&file.path, &text, is_intro)
        .map_err(|d| diags.push(d))
        .ok()?;
    strip_control_fields(&file.path, &text, &mut entries, diags);
    let collection = match &kind {
        DocKind::Page { collection, .. } => config.collection(collection),
        DocKind::Intro { .. } => None,
    };
    let mut v = Validator {
        path: &file.path,
        text: &text,
        loc: yaml::Locator::new(&text),
        diags,
    };
    let mut doc = Doc {
        path: file.path.clone(),
        kind,
        title: String::new(),
        summary: None,
        date: None,
        updated: None,
        draft: false,
        sources: Vec::new(),
        fields: Vec::new(),
        rejected: Vec::new(),
        body: Rendered::default(),
        text: String::new(),
    };
    v.common_and_declared(&entries, collection, is_intro, config, &mut doc);
    doc.body = body(&file.path, &text, body_offset, base_path, config, diags);
    // Keep only the front matter's text (for the diagnostics that quote
    // it), not a second copy of every body.
    let mut text = text;
    text.truncate(body_offset);
    text.shrink_to_fit();
    doc.text = text;
    Some(doc)
}

/// The front matter's entries and where the body starts, or why the file
/// has no usable front matter (an intro may have none).
fn front_matter(
    path: &str,
    text: &str,
    is_intro: bool,
) -> Result<(Vec<(String, Yaml)>, usize), Diagnostic> {
    let (front, body_offset) = match split_front_matter(text) {
        None if is_intro => (Yaml::Null, 0),
        None if text.trim().is_empty() => {
            return Err(Diagnostic::error("empty-file", path, "this file is empty")
                .at(text, 1, 1)
                .hint("start with front matter: a line `---`, then `title: ...` and the other fields, then `---`"));
        }
        None => {
            return Err(Diagnostic::error(
                "missing-front-matter",
                path,
                "the file does not start with front matter",
            )
            .at(text, 1, 1)
            .hint("add a line `---` at the very top, then `title: ...`, then another `---` line"));
        }
        Some(Err(())) => {
            return Err(Diagnostic::error(
                "unclosed-front-matter",
                path,
                "the front matter starting here is never closed",
            )
            .at(text, 1, 1)
            .width(3)
            .hint("add a line with only `---` after the last field"));
        }
        Some(Ok((start, end, body))) => {
            let yaml_text = &text[start..end];
            let front = yaml::parse(yaml_text).map_err(|e| {
                let offset_lines = text[..start].matches('\n').count();
                let (line, column, message, hint) = explain_yaml_error(yaml_text, &e);
                Diagnostic::error("yaml-syntax", path, message)
                    .at(text, line + offset_lines, column)
                    .hint(hint)
            })?;
            (front, body)
        }
    };
    match front {
        Yaml::Map(entries) => Ok((entries, body_offset)),
        Yaml::Null => Ok((Vec::new(), body_offset)),
        other => Err(Diagnostic::error(
            "front-matter-shape",
            path,
            format!(
                "front matter must be fields like `title: ...`, found {}",
                other.type_name()
            ),
        )
        .at(text, 2, 1)
        .hint("write one `name: value` per line between the `---` lines")),
    }
}

/// The body rendered once, its problems reported where they are written,
/// and each body link located (resolve checks them once every page is
/// known, after the bodies are freed).
fn body(
    path: &str,
    text: &str,
    body_offset: usize,
    base_path: &str,
    config: &Config,
    diags: &mut Vec<Diagnostic>,
) -> Rendered {
    let within = path.strip_prefix("content/").unwrap_or(path);
    let mut body = markdown::render(&text[body_offset..], within, base_path, &config.html);
    strip_control_body(path, text, body_offset, &mut body, diags);
    let mut problems = std::mem::take(&mut body.problems);
    // In body order, so the spots are found in one pass.
    problems.sort_by_key(|p| p.span.start);
    let mut spots = SpotFinder::new(text);
    for p in problems {
        let spot = spots.spot(body_offset + p.span.start..body_offset + p.span.end);
        let d = match p.severity {
            Severity::Error => Diagnostic::error(p.code, path, p.message),
            Severity::Warning => Diagnostic::warning(p.code, path, p.message),
        };
        let mut d = d.hint(p.hint).at_spot(&spot);
        spots.quote(&mut d);
        diags.push(d);
    }
    let mut spots = SpotFinder::new(text);
    for l in &mut body.page_links {
        l.at = spots.spot(body_offset + l.span.start..body_offset + l.span.end);
    }
    let mut spots = SpotFinder::new(text);
    for l in &mut body.file_links {
        l.at = spots.spot(body_offset + l.span.start..body_offset + l.span.end);
    }
    body
}

struct Validator<'a> {
    path: &'a str,
    text: &'a str,
    /// Positions in `text`, found in linear time however many are asked.
    loc: yaml::Locator<'a>,
    diags: &'a mut Vec<Diagnostic>,
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

    fn common_and_declared(
        &mut self,
        entries: &[(String, Yaml)],
        collection: Option<&Collection>,
        is_intro: bool,
        config: &Config,
        doc: &mut Doc,
    ) {
        for (key, value) in entries {
            match key.as_str() {
                "title" => match scalar_text(value) {
                    Some(t) if !t.trim().is_empty() => doc.title = t.trim().to_string(),
                    _ if is_blank(value) => self.at_key("title", "missing-field", "required field `title` is empty".into(), "write the page title after `title: `".into()),
                    _ => self.at_value("title", &value.display(), "wrong-type", format!("`title` must be text, found {}", value.type_name()), "write the page title after `title: `".into()),
                },
                "summary" => match value {
                    Yaml::Null => {}
                    v => match scalar_text(v) {
                        Some(t) => doc.summary = Some(t.split_whitespace().collect::<Vec<_>>().join(" ")),
                        None => self.at_value("summary", &v.display(), "wrong-type", format!("`summary` must be text, found {}", v.type_name()), "write one or two sentences after `summary: `".into()),
                    },
                },
                "date" | "updated" => match value {
                    Yaml::Null => {}
                    v => {
                        let shown = v.display();
                        match PageDate::parse(&shown) {
                            Some(d) if key == "date" => doc.date = Some(d),
                            Some(d) => doc.updated = Some(d),
                            None => self.at_value(key, &shown, "bad-date", format!("`{key}` must be a date, found `{shown}`"), "write the date as YYYY-MM-DD (2024-03-21), or YYYY-MM (2024-03) when only the month is known".into()),
                        }
                    }
                },
                "draft" => match value {
                    Yaml::Bool(b) => doc.draft = *b,
                    v => self.at_value("draft", &v.display(), "wrong-type", format!("`draft` must be true or false, found `{}`", v.display()), "write `draft: true` or `draft: false`".into()),
                },
                "sources" => match value {
                    Yaml::Null => {}
                    Yaml::List(items) => {
                        for (i, item) in items.iter().enumerate() {
                            match scalar_text(item) {
                                Some(url) => {
                                    if let Some(scheme) = crate::sanitize::forbidden_scheme(&url) {
                                        self.at_item("sources", i, &url, "bad-url-scheme", format!("`{scheme}:` addresses are not allowed as sources"), crate::sanitize::SCHEME_HINT.into());
                                        continue;
                                    }
                                    if !(url.starts_with("https://") || url.starts_with("http://")) {
                                        let (line, col) = self.loc.item("sources", i).unwrap_or((1, 1));
                                        let d = Diagnostic::warning("source-not-web", self.path, format!("source `{url}` is not a web address"));
                                        self.diags.push(
                                            self.loc.place(d, line, col)
                                                .width(url.chars().count())
                                                .hint("sources should be links starting with https:// so readers can check them"),
                                        );
                                    }
                                    doc.sources.push(url);
                                }
                                None => self.at_item("sources", i, &item.display(), "wrong-type", format!("each source must be a web address, found {}", item.type_name()), "write one `- https://...` line per source".into()),
                            }
                        }
                    }
                    Yaml::Str(s) => self.at_value("sources", s, "wrong-type", "`sources` must be a list of web addresses, found a single text".into(), format!("write it as a list: `sources: [\"{s}\"]` or one `- {s}` line below `sources:`")),
                    v => self.at_value("sources", &v.display(), "wrong-type", format!("`sources` must be a list of web addresses, found {}", v.type_name()), "write one `- https://...` line per source below `sources:`".into()),
                },
                _ => {
                    if is_intro {
                        self.at_key(key, "unknown-field", format!("unknown field `{key}`"), format!("intro pages (_index.md) take only: {}", COMMON_FIELDS.join(", ")));
                        continue;
                    }
                    let Some(collection) = collection else { continue };
                    match collection.field(key) {
                        Some(def) => {
                            match self.field_value(def, value) {
                                Some(v) => doc.fields.push((key.clone(), v)),
                                None if !matches!(value, Yaml::Null) => doc.rejected.push(key.clone()),
                                None => {}
                            }
                        }
                        None => {
                            let known: Vec<&str> = COMMON_FIELDS
                                .iter()
                                .copied()
                                .chain(collection.fields.iter().map(|f| f.name.as_str()))
                                .collect();
                            let hint = match nearest(key, known.iter().copied()) {
                                Some(n) => format!("did you mean `{n}`?"),
                                None => format!("fields of {}: {}", collection.name, known.join(", ")),
                            };
                            self.at_key(key, "unknown-field", format!("unknown field `{key}` for a page in {}", collection.name), hint);
                        }
                    }
                }
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
            for def in collection.fields.iter().filter(|f| f.required) {
                let given = entries.iter().find(|(k, _)| k == &def.name);
                if given.is_none_or(|(_, v)| is_blank(v)) {
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
                    let (line, col) = self.loc.key(&[&def.name]).unwrap_or((2, 1));
                    self.diags.push(
                        Diagnostic::error(
                            "missing-field",
                            self.path,
                            format!(
                                "required field `{}` is {}",
                                def.name,
                                if given.is_some() { "empty" } else { "missing" }
                            ),
                        )
                        .at_line(self.loc.line(line), line, col)
                        .width(def.name.chars().count())
                        .hint(hint),
                    );
                }
            }
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
            if let Some(summary) = &doc.summary {
                if summary.trim().is_empty() {
                    self.diags.push(
                        Diagnostic::warning("empty-summary", self.path, "the summary is empty")
                            .at_line(
                                self.loc.line(self.loc.key(&["summary"]).map_or(2, |p| p.0)),
                                self.loc.key(&["summary"]).map_or(2, |p| p.0),
                                1,
                            )
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
        }
    }

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

/// Turns a YAML parser error into a position and words a contributor can
/// act on: (line within the YAML, column, message, hint).
fn explain_yaml_error(yaml_text: &str, e: &yaml::YamlError) -> (usize, usize, String, String) {
    if let Some(hint) = &e.hint {
        return (e.line, e.column, e.message.clone(), hint.clone());
    }
    let lines: Vec<&str> = yaml_text.lines().collect();
    // An unclosed quote: the parser only notices at the end of the block.
    for (i, line) in lines.iter().enumerate() {
        let content = line.trim_start();
        let value = content.split_once(": ").map_or("", |(_, v)| v.trim_start());
        for quote in ['"', '\''] {
            if value.starts_with(quote)
                && (value.len() == 1 || !value[1..].trim_end().ends_with(quote))
            {
                let col = line.len() - value.len() + 1;
                return (
                    i + 1,
                    line[..col - 1].chars().count() + 1,
                    "this quoted value is never closed".to_string(),
                    format!(
                        "add the closing {quote} at the end of the value, or remove the opening one"
                    ),
                );
            }
        }
    }
    let bad = lines.get(e.line.saturating_sub(1)).copied().unwrap_or("");
    if bad.starts_with('\t') || bad.trim_start_matches(' ').starts_with('\t') {
        return (
            e.line,
            1,
            "a tab is used for indentation".to_string(),
            "YAML does not allow tabs for indentation: use spaces".to_string(),
        );
    }
    let indent = bad.len() - bad.trim_start().len();
    if indent > 0 && e.message.contains("mapping values are not allowed") {
        return (
            e.line,
            indent + 1,
            "this line is indented, but the field above it does not take nested fields".to_string(),
            "remove the spaces at the start of the line so the field starts at the beginning like the others".to_string(),
        );
    }
    (
        e.line,
        e.column,
        format!("front matter is not valid YAML: {}", e.message),
        "check the indentation (spaces, not tabs), that each field is `name: value`, and that quotes are closed".to_string(),
    )
}

/// Nothing, blank text or an empty list: a field written but left empty.
fn is_blank(value: &Yaml) -> bool {
    match value {
        Yaml::Null => true,
        Yaml::Str(s) => s.trim().is_empty(),
        Yaml::List(items) => items.is_empty(),
        _ => false,
    }
}

/// Removes the characters XML 1.0 forbids (`text::xml_forbidden`: they
/// would make every feed listing the page unreadable) from the front
/// matter's values, with a warning at each field that held one.
fn strip_control_fields(
    path: &str,
    text: &str,
    entries: &mut [(String, Yaml)],
    diags: &mut Vec<Diagnostic>,
) {
    fn strip(value: &mut Yaml) -> Option<char> {
        match value {
            Yaml::Str(s) if has_xml_forbidden(s) => {
                let first = s.chars().find(|&c| xml_forbidden(c));
                *s = strip_xml_forbidden(s);
                first
            }
            Yaml::List(items) => items.iter_mut().filter_map(strip).reduce(|a, _| a),
            Yaml::Map(entries) => entries
                .iter_mut()
                .filter_map(|(_, v)| strip(v))
                .reduce(|a, _| a),
            _ => None,
        }
    }
    let mut loc: Option<yaml::Locator<'_>> = None;
    for (key, value) in entries {
        if let Some(c) = strip(value) {
            let loc = loc.get_or_insert_with(|| yaml::Locator::new(text));
            let (line, col) = loc.value(key).unwrap_or((1, 1));
            diags.push(
                Diagnostic::warning(
                    "control-character",
                    path,
                    format!("`{key}` contains the invisible control character U+{:04X}, which is removed: feeds and the sitemap cannot carry it", c as u32),
                )
                .at_line(loc.line(line), line, col)
                .hint("delete it (in YAML it may be written as an escape such as \\u0001 or \\x01); it usually comes from text pasted from another program"),
            );
        }
    }
}

/// The body's share of `strip_control_fields`: one warning at the first
/// forbidden character, which is then removed from everything rendered.
fn strip_control_body(
    path: &str,
    text: &str,
    body_offset: usize,
    body: &mut Rendered,
    diags: &mut Vec<Diagnostic>,
) {
    let source = &text[body_offset..];
    if !has_xml_forbidden(source) {
        return;
    }
    let Some((at, c)) = source.char_indices().find(|&(_, c)| xml_forbidden(c)) else {
        return;
    };
    let count = source.chars().filter(|&c| xml_forbidden(c)).count();
    let (line, col) = line_col(text, body_offset + at);
    let more = match count {
        1 => String::new(),
        n => format!(" (and {} more in the text)", n - 1),
    };
    diags.push(
        Diagnostic::warning(
            "control-character",
            path,
            format!("the text contains the invisible control character U+{:04X}{more}, which is removed: feeds and the sitemap cannot carry it", c as u32),
        )
        .at(text, line, col)
        .hint("delete it; it usually comes from text pasted from another program"),
    );
    body.html = strip_xml_forbidden(&body.html);
    body.first_paragraph = strip_xml_forbidden(&body.first_paragraph);
    for h in &mut body.headings {
        h.title = strip_xml_forbidden(&h.title);
    }
}
