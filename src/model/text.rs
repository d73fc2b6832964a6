//! Kinds `string`, `text` (free text; `text` may be long) and `url` (a web
//! address, http or https).

use super::issue::Element;
use super::{
    At, DeclProblem, FieldDef, FieldValue, Pattern, Problem, Read, Shown, json_type, quote,
    scalar_text,
};
use crate::yaml::Yaml;
use serde_json::{Map, Value};

pub(super) fn read_text(key: &str, value: &Yaml, shown: &str, pattern: Option<&Pattern>) -> Read {
    match scalar_text(value) {
        Some(s)
            if let Some(p) = pattern
                && !p.regex.is_match(&s) =>
        {
            Read::wrong(
                At::Value(shown.to_string()),
                "pattern",
                format!("`{key}` must be {}, found `{s}`", p.help),
                format!("write `{key}` as {}", p.help),
            )
        }
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
pub(super) fn schema_text(optional: bool, pattern: Option<&Pattern>) -> Map<String, Value> {
    match pattern {
        // A pattern is about text: numbers and true/false do not match it.
        Some(p) => {
            let mut s = json_type(&["string"], optional);
            s.insert("pattern".into(), format!("^(?:{})$", p.source).into());
            s
        }
        None => json_type(&["string", "number", "boolean"], optional),
    }
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

pub(super) fn element_string(def: &FieldDef, pattern: Option<&Pattern>) -> Element {
    Element::input(def, &pattern_words(pattern), "")
}

pub(super) fn element_text(def: &FieldDef, pattern: Option<&Pattern>) -> Element {
    Element::textarea(def, &pattern_words(pattern))
}

/// How a form says the shape a `pattern` asks for.
fn pattern_words(pattern: Option<&Pattern>) -> String {
    pattern.map_or_else(String::new, |p| format!("Write {}.", p.help))
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

/// The `pattern` of field `name`: the whole value must match `source`.
/// `help` says it in words (the pattern itself when empty).
pub(super) fn declare_pattern(
    name: &str,
    source: &str,
    help: String,
) -> Result<Pattern, DeclProblem> {
    match regex::Regex::new(&format!("^(?:{source})$")) {
        Ok(regex) => Ok(Pattern {
            help: if help.is_empty() {
                format!("text matching `{source}`")
            } else {
                help
            },
            source: source.to_string(),
            regex,
        }),
        Err(e) => Err(DeclProblem {
            key: "pattern",
            underline: None,
            code: "bad-pattern",
            message: format!("the `pattern` of field `{name}` is not a valid regular expression: {}",
                e.to_string().lines().last().unwrap_or("")),
            hint: "write a regular expression the whole value must match, e.g. `[A-Z]{2}` for two capital letters".into(),
        }),
    }
}

/// Whether `url` is on a domain reserved for examples (RFC 2606:
/// example.org, example.com, example.net), as the page template's is: no
/// one's source.
pub(crate) fn is_placeholder_url(url: &str) -> bool {
    let Some(rest) = url.split_once("://").map(|(_, r)| r) else {
        return false;
    };
    let host = rest
        .split(['/', '?', '#', ':'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    ["example.org", "example.com", "example.net"]
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")))
}
