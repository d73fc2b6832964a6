//! Reading a front-matter value for a field (`FieldKind::read`, for
//! `parse`): what is kept and what was wrong with it, where.

use super::{FieldKind, FieldValue, boolean, choice, date, number, refs, scalar_text, text};
use crate::yaml::Yaml;

/// Where a problem with a front-matter value is, before `parse` places it
/// in the file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum At {
    /// The value written after the key; the text to underline.
    Value(String),
    /// Item `index` of a list, and its text.
    Item(usize, String),
}

/// A problem with a front-matter value: what `parse` turns into an error.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Problem {
    pub at: At,
    pub code: &'static str,
    pub message: String,
    pub hint: String,
}

/// A front-matter value read for a field: what is kept (`None`: nothing)
/// and what was wrong with it. A list keeps its good items when some are
/// wrong.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Read {
    pub value: Option<FieldValue>,
    pub problems: Vec<Problem>,
}

impl Read {
    pub(super) fn ok(value: FieldValue) -> Self {
        Read {
            value: Some(value),
            problems: Vec::new(),
        }
    }

    pub(super) fn wrong(at: At, code: &'static str, message: String, hint: String) -> Self {
        Read {
            value: None,
            problems: vec![Problem {
                at,
                code,
                message,
                hint,
            }],
        }
    }
}

impl FieldKind {
    /// Checks `value`, written for field `key` in a page's front matter
    /// (not empty: an empty field is not read), and reads it. `shown` is
    /// the value as written, for messages.
    pub(crate) fn read(&self, key: &str, value: &Yaml, shown: &str) -> Read {
        match self {
            FieldKind::String { pattern } | FieldKind::Text { pattern } => {
                text::read_text(key, value, shown, pattern.as_ref())
            }
            FieldKind::Url => text::read_url(key, value, shown),
            FieldKind::Integer { min, max } => number::read_integer(key, value, shown, *min, *max),
            FieldKind::Number { min, max } => number::read_number(key, value, shown, *min, *max),
            FieldKind::Bool => boolean::read(key, value, shown),
            FieldKind::Date { .. } => date::read(key, value, shown),
            FieldKind::Enum { values } => choice::read_enum(key, value, shown, values),
            FieldKind::List { values } => choice::read_list(key, value, values.as_deref()),
            FieldKind::Ref { to } => refs::read_ref(key, value, shown, to),
            FieldKind::Refs { .. } => refs::read_refs(key, value),
        }
    }
}

/// The plain values of a list (`list`, `refs`): the items' texts, with a
/// problem for each item that is not a plain value; `None` with a problem
/// when the value is not a list. Contributors are told to write a list
/// even for one value, so output stays uniform.
pub(super) fn items(key: &str, value: &Yaml) -> (Option<Vec<String>>, Vec<Problem>) {
    let mut problems = Vec::new();
    match value {
        Yaml::List(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                match scalar_text(item) {
                    Some(s) => out.push(s),
                    None => problems.push(Problem {
                        at: At::Item(i, item.display()),
                        code: "wrong-type",
                        message: format!(
                            "items of `{key}` must be plain values, found {}",
                            item.type_name()
                        ),
                        hint: "write one `- value` line per item".into(),
                    }),
                }
            }
            (Some(out), problems)
        }
        Yaml::Str(s) => {
            let read = Read::wrong(
                At::Value(s.clone()),
                "wrong-type",
                format!("`{key}` must be a list, found a single value"),
                format!("write it as a list: `{key}: [{s}]`"),
            );
            (None, read.problems)
        }
        other => {
            let read = Read::wrong(
                At::Value(other.display()),
                "wrong-type",
                format!("`{key}` must be a list, found {}", other.type_name()),
                format!("write it as a list: `{key}: [first, second]`"),
            );
            (None, read.problems)
        }
    }
}

/// "did you mean `x`? Allowed values: a, b" (or only the list).
pub(super) fn allowed_hint(given: &str, values: &[String]) -> String {
    match crate::text::nearest(given, values.iter().map(String::as_str)) {
        Some(n) => format!("did you mean `{n}`? Allowed values: {}", values.join(", ")),
        None => format!("allowed values: {}", values.join(", ")),
    }
}
