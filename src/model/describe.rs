//! What `new` and `schema` say of a field: the words `new` writes above
//! it (`form`), the YAML of a `--set` value (`set_yaml`) and its JSON
//! Schema (`FieldDef::schema`).

use super::{FieldDef, FieldKind, boolean, choice, date, number, refs, text};
use serde_json::{Map, Value};

/// What a ref field says about the collection it points to: `Config`
/// answers from hub.yaml.
pub(crate) trait Targets {
    /// The (plural) label and the singular name of collection `name`.
    fn names(&self, name: &str) -> Option<(&str, &str)>;
}

impl FieldKind {
    /// What to write, in words, for `new`'s comment above the field:
    /// "One of: a, b, c."
    pub(crate) fn form(&self, targets: &dyn Targets) -> String {
        match self {
            FieldKind::String { .. } => text::FORM_STRING.into(),
            FieldKind::Text { .. } => text::FORM_TEXT.into(),
            FieldKind::Url => text::FORM_URL.into(),
            FieldKind::Integer { min, max } => number::form_integer(*min, *max),
            FieldKind::Number { min, max } => number::form_number(*min, *max),
            FieldKind::Bool => boolean::FORM.into(),
            FieldKind::Date { .. } => date::FORM.into(),
            FieldKind::Enum { values } => choice::form_enum(values),
            FieldKind::List { values } => choice::form_list(values.as_deref()),
            FieldKind::Ref { to } => refs::form(targets, to, false),
            FieldKind::Refs { to } => refs::form(targets, to, true),
        }
    }
}

impl FieldDef {
    /// The JSON Schema (draft 2020-12) of the field, for editors. Empty
    /// values (`field:`) mean "not filled in", so an optional field also
    /// accepts null; a required one does not.
    pub(crate) fn schema(&self, targets: &dyn Targets) -> Value {
        let optional = !self.required;
        let mut description = self.help.clone();
        let s = match &self.kind {
            FieldKind::String { pattern } | FieldKind::Text { pattern } => {
                text::schema_text(optional, pattern.as_ref())
            }
            FieldKind::Url => text::schema_url(optional),
            FieldKind::Integer { min, max } => number::schema("integer", *min, *max, optional),
            FieldKind::Number { min, max } => number::schema("number", *min, *max, optional),
            FieldKind::Bool => boolean::schema(optional),
            FieldKind::Date { .. } => date::schema(optional),
            FieldKind::Enum { values } => choice::schema_enum(values, optional),
            FieldKind::List { values } => choice::schema_list(values.as_deref(), optional),
            FieldKind::Ref { to } | FieldKind::Refs { to } => {
                let many = self.kind.is_many();
                description.push_str(&refs::schema_note(targets, to, many));
                refs::schema(many, optional)
            }
        };
        let mut out = Map::new();
        out.insert("title".into(), self.label.clone().into());
        if !description.is_empty() {
            out.insert("description".into(), description.trim_start().into());
        }
        out.extend(s);
        Value::Object(out)
    }
}

/// `{"type": ...}`: the JSON types, plus null when the field is optional.
pub(super) fn json_type(types: &[&str], optional: bool) -> Map<String, Value> {
    let mut t: Vec<Value> = types.iter().map(|s| Value::from(*s)).collect();
    if optional {
        t.push(Value::from("null"));
    }
    let t = if t.len() == 1 {
        t.remove(0)
    } else {
        Value::Array(t)
    };
    let mut s = Map::new();
    s.insert("type".into(), t);
    s
}

impl FieldKind {
    /// A value given on the command line (`new --set field=value`) as the
    /// YAML to write in the page, so that it reads back as typed and
    /// `check` judges it as if it were typed in the file: text is quoted
    /// when it must be, numbers, dates and true/false are written as they
    /// are (quoted only when YAML would read them as something else), and
    /// a list is its comma-separated items.
    pub(crate) fn set_yaml(&self, value: &str) -> String {
        match self {
            FieldKind::String { .. } | FieldKind::Text { .. } | FieldKind::Url => quote(value),
            FieldKind::Enum { .. } | FieldKind::Ref { .. } => quote(value),
            FieldKind::Integer { .. } | FieldKind::Number { .. } => as_written(value),
            FieldKind::Bool | FieldKind::Date { .. } => as_written(value),
            FieldKind::List { .. } | FieldKind::Refs { .. } => {
                let items: Vec<String> = value
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(quote)
                    .collect();
                format!("[{}]", items.join(", "))
            }
        }
    }
}

/// The value as a YAML scalar: plain when that reads back as the same text,
/// otherwise double-quoted (JSON string syntax is valid YAML).
pub(crate) fn quote(value: &str) -> String {
    let plain_safe = !value.is_empty()
        && value.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '/' | '(' | ')' | '&' | '\'')
        })
        && value.chars().next().is_some_and(char::is_alphabetic)
        && !value.ends_with(' ')
        && !matches!(
            value.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n" | "~"
        );
    if plain_safe {
        value.to_string()
    } else {
        json_string(value)
    }
}

/// A scalar written as typed (`42`, `-5`, `54.6`, `true`, `2024-03`,
/// `abc`), so YAML gives it the type it would have in the file; quoted
/// when it would not stay one plain value (`1, 2`, `a: b`, `[x`).
pub(super) fn as_written(value: &str) -> String {
    let plain = !value.is_empty()
        && value != "-"
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '.' | '_'));
    if plain {
        value.to_string()
    } else {
        json_string(value)
    }
}

pub(super) fn json_string(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| format!("\"{}\"", value.replace('"', "'")))
}
