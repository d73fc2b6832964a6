//! Kinds `string`, `text` (free text; `text` may be long) and `url` (a web
//! address, http or https).

use super::issue::Element;
use super::{At, FieldDef, FieldValue, Problem, Read, Shown, json_type, quote, scalar_text};
use crate::yaml::Yaml;
use serde_json::{Map, Value};

pub(super) fn read_text(key: &str, value: &Yaml, shown: &str) -> Read {
    match scalar_text(value) {
        Some(s) => Read::ok(FieldValue::Str(s)),
        None => Read::wrong(
            At::Value(shown.to_string()),
            "wrong-type",
            format!("`{key}` must be text, found {}", value.type_name()),
            format!("write `{key}: some text`"),
        ),
    }
}

pub(super) fn read_url(key: &str, value: &Yaml, shown: &str) -> Read {
    match scalar_text(value) {
        Some(s) if s.starts_with("https://") || s.starts_with("http://") => {
            Read::ok(FieldValue::Str(s))
        }
        Some(s) if let Some(scheme) = crate::sanitize::forbidden_scheme(&s) => Read::wrong(
            At::Value(shown.to_string()),
            "bad-url-scheme",
            format!("`{scheme}:` addresses are not allowed in `{key}`"),
            "write a full web address starting with https://".into(),
        ),
        _ => Read::wrong(
            At::Value(shown.to_string()),
            "bad-url",
            format!("`{key}` must be a web address, found `{shown}`"),
            "write a full address starting with https://".into(),
        ),
    }
}

pub(super) const FORM_STRING: &str = "Text.";
pub(super) const FORM_TEXT: &str =
    "Text; may be long (use `|` and indented lines for several paragraphs).";
pub(super) const FORM_URL: &str = "A web address starting with https://.";

/// `check` reads numbers and true/false as their text here.
pub(super) fn schema_text(optional: bool) -> Map<String, Value> {
    json_type(&["string", "number", "boolean"], optional)
}

pub(super) fn schema_url(optional: bool) -> Map<String, Value> {
    let mut s = json_type(&["string"], optional);
    s.insert("format".into(), "uri".into());
    s.insert("pattern".into(), "^https?://".into());
    s
}

/// Text links to its taxonomy term, if any.
pub(super) fn display_text(s: &str, term_url: &dyn Fn(&str) -> String) -> Vec<Shown> {
    Shown::one(s, term_url(s))
}

/// A web address links to itself.
pub(super) fn display_url(s: &str) -> Vec<Shown> {
    Shown::one(s, s)
}

pub(super) fn element_string(def: &FieldDef) -> Element {
    Element::input(def, "", "")
}

pub(super) fn element_text(def: &FieldDef) -> Element {
    Element::textarea(def, "")
}

pub(super) fn element_url(def: &FieldDef) -> Element {
    Element::input(def, "A web address starting with https://.", "https://")
}

/// Text as written, unless it holds HTML: a field's text is shown as text,
/// so a tag would appear as typed, and HTML from a form is refused rather
/// than published.
pub(super) fn answer(answer: &str) -> Result<String, Problem> {
    match html_tag(answer) {
        Some(tag) => Err(Problem {
            at: At::Value(answer.to_string()),
            code: "html-in-field",
            message: format!("the answer holds HTML (`{tag}`), which this question does not take"),
            hint: "write plain text, without <...> tags".into(),
        }),
        None => Ok(quote(answer)),
    }
}

/// The first thing in `text` that reads as an HTML tag or comment
/// (`<script`, `</b`, `<!--`), if any.
fn html_tag(text: &str) -> Option<String> {
    text.match_indices('<').find_map(|(at, _)| {
        let rest = &text[at + 1..];
        let first = rest.chars().next()?;
        (first.is_ascii_alphabetic() || matches!(first, '/' | '!' | '?')).then(|| {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '>')
                .unwrap_or(rest.len());
            format!("<{}", &rest[..end.min(20)])
        })
    })
}
