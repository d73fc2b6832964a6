//! PARSE: one `SourceFile` → one `Doc` (typed front matter checked against
//! the collection's schema, Markdown rendered once) plus its diagnostics.
//! Never fails: a file with problems yields diagnostics and maybe no `Doc`.

mod control;
mod front;
pub(crate) mod translation;

use crate::config::Config;
use crate::diag::{Diagnostic, Severity, SpotFinder, line_col};
use crate::markdown::{self, Rendered};
pub(crate) use crate::model::FieldValue;
use crate::source::SourceFile;
use crate::text::{PageDate, nearest};
use crate::yaml::{self, Yaml};
use control::{strip_control_body, strip_control_fields};
use front::Validator;
use std::sync::Arc;

/// What a body is rendered with beside hub.yaml, made by the session
/// from the theme and the files: the theme's shortcodes (with the sizes
/// of the content files they may show) and the processed images, which
/// bodies show as `<picture>`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Kit {
    pub shortcodes: Arc<markdown::Shortcodes>,
    pub images: Arc<crate::images::Images>,
}

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
    /// The language of a translation (`it` for `x.it.md`, the folder code
    /// of `config::Language`); `None` for a page in the default language.
    pub lang: Option<String>,
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
    /// The version of the page's words (`translation::version`): what a
    /// translation records, and what tells that its original changed.
    pub version: String,
    /// In a translation, the version of its original it follows
    /// (`translation_of:`), when written.
    pub translation_of: Option<String>,
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

/// The text below a file's front matter (all of it when it has none).
pub(crate) fn body_text(text: &str) -> &str {
    match split_front_matter(text) {
        Some(Ok((_, _, body))) => &text[body..],
        _ => text,
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
    kit: &Kit,
    base_path: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Doc> {
    let text = decode(&file.path, &file.bytes)
        .map_err(|d| diags.push(d))
        .ok()?;
    let (original, lang) = translation::split_path(&file.path, config)
        .map_err(|d| diags.push(d.at(&text, 1, 1)))
        .ok()?;
    let kind = kind_of(&original, config)
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
        // The front matter alone (the whole text when there is none):
        // the body is not YAML, and is most of the text.
        loc: yaml::Locator::new(match body_offset {
            0 => &text,
            end => &text[..end],
        }),
        translation: lang.is_some(),
        diags,
    };
    let mut doc = Doc {
        path: file.path.clone(),
        kind,
        lang,
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
        version: String::new(),
        translation_of: None,
    };
    v.common_and_declared(&entries, collection, is_intro, config, &mut doc);
    // A translation's links lead to the pages in its language.
    let base_path = match doc.lang.as_deref().and_then(|l| config.language(l)) {
        Some(language) => format!("{base_path}{}/", language.folder()),
        None => base_path.to_string(),
    };
    let spot = (file.path.as_str(), text.as_str(), body_offset);
    doc.body = body(spot, &base_path, config, kit, diags);
    doc.version = translation::version(config, &doc, &text[body_offset..]);
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
    (path, text, body_offset): (&str, &str, usize),
    base_path: &str,
    config: &Config,
    kit: &Kit,
    diags: &mut Vec<Diagnostic>,
) -> Rendered {
    let within = path.strip_prefix("content/").unwrap_or(path);
    let mut body = markdown::render_page(
        &text[body_offset..],
        within,
        base_path,
        &config.html,
        &kit.shortcodes,
    );
    // A translation's links are under its language's folder; its images
    // and other files are the hub's, published once at the hub's own path.
    crate::images::rewrite(&mut body, &kit.images, (base_path, config.base_path()));
    crate::markdown::files_under(&mut body, base_path, &config.base_path());
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

/// A top-level field whose unquoted value holds `: ` (a title such as
/// `Belfast: a plan`), which YAML reads as a field inside a field: the
/// value must be in double quotes. Curly quotes are no quotes to YAML.
fn colon_in_value(line: &str, line_no: usize) -> Option<(usize, usize, String, String)> {
    let (key, value) = line.split_once(": ")?;
    let value = value.trim();
    if key.contains(' ') || !value.contains(": ") || value.starts_with(['"', '\'']) {
        return None;
    }
    let column = key.chars().count() + 3;
    let curly = [
        '\u{201C}', '\u{201D}', '\u{2018}', '\u{2019}', '\u{00AB}', '\u{00BB}',
    ];
    let inner = value.trim_matches(|c| curly.contains(&c));
    let quoted = format!("{key}: \"{}\"", inner.replace('"', "\\\""));
    let message = if inner.len() != value.len() {
        format!(
            "the value of `{key}` is in curly quotes, which YAML does not read as quotes, and it holds a colon"
        )
    } else {
        format!(
            "the value of `{key}` holds a colon followed by a space, which YAML reads as the start of another field"
        )
    };
    Some((
        line_no,
        column,
        message,
        format!("put the {key} in straight double quotes: `{quoted}`"),
    ))
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
    if indent == 0
        && e.message.contains("mapping values are not allowed")
        && let Some(found) = colon_in_value(bad, e.line)
    {
        return found;
    }
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
