//! How a page shows a field's value (`FieldDef::display`, for `render`)
//! and how it is exported (`FieldValue::to_json`, `csv_cell`,
//! `FieldDef::ld_value`).

use super::{FieldDef, FieldKind, FieldValue, boolean, choice, date, number, text};
use serde_json::Value;

/// One value as a page shows it: its label, and the page it links to
/// (a ref's target, a taxonomy term, a web address) or empty.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Shown {
    pub label: String,
    pub url: String,
}

impl Shown {
    pub(super) fn one(label: impl Into<String>, url: impl Into<String>) -> Vec<Shown> {
        vec![Shown {
            label: label.into(),
            url: url.into(),
        }]
    }
}

impl FieldDef {
    /// How a page shows `value`, one item per value: `targets` gives a
    /// ref's resolved pages, `term_url` the page of a taxonomy term (empty
    /// when the field is no taxonomy's).
    pub(crate) fn display(
        &self,
        value: &FieldValue,
        targets: impl FnOnce() -> Vec<Shown>,
        term_url: impl Fn(&str) -> String,
    ) -> Vec<Shown> {
        match value {
            FieldValue::Ref(_) | FieldValue::Refs(_) => targets(),
            FieldValue::List(values) => choice::display_list(self, values, &term_url),
            FieldValue::Str(s) => match &self.kind {
                FieldKind::Url => text::display_url(s),
                FieldKind::Enum { .. } => choice::display_enum(self, s, &term_url),
                _ => text::display_text(s, &term_url),
            },
            FieldValue::Int(i) => number::display_integer(*i),
            FieldValue::Num(n) => number::display_number(*n),
            FieldValue::Bool(b) => boolean::display(*b),
            FieldValue::Date(d) => date::display(d),
        }
    }

    /// `value` in a page's JSON-LD: as exported, with enum and list values
    /// by their labels (refs are nested objects, made by `exports`).
    pub(crate) fn ld_value(&self, value: &FieldValue) -> Value {
        match (value, &self.kind) {
            (FieldValue::List(values), _) => choice::ld_labels(self, values),
            (FieldValue::Str(s), FieldKind::Enum { .. }) => Value::from(self.value_label(s)),
            _ => value.to_json(),
        }
    }
}

impl FieldValue {
    /// The value in the JSON exports and JSON-LD (refs as slugs): text,
    /// numbers, true/false, ISO dates, lists of text.
    pub(crate) fn to_json(&self) -> Value {
        match self {
            FieldValue::Str(s) | FieldValue::Ref(s) => Value::from(s.as_str()),
            FieldValue::Int(i) => Value::from(*i),
            FieldValue::Num(n) => {
                serde_json::Number::from_f64(*n).map_or(Value::Null, Value::Number)
            }
            FieldValue::Bool(b) => Value::from(*b),
            FieldValue::Date(d) => Value::from(d.iso()),
            FieldValue::List(l) | FieldValue::Refs(l) => Value::from(l.clone()),
        }
    }

    /// The value as a CSV cell: lists (and refs, as slugs) joined with
    /// `; `. Text cells go through `guard` (the exports' formula guard);
    /// numbers, true/false and dates we write ourselves do not.
    pub(crate) fn csv_cell(&self, guard: fn(String) -> String) -> String {
        match self {
            FieldValue::Str(s) | FieldValue::Ref(s) => guard(s.clone()),
            FieldValue::Int(i) => i.to_string(),
            FieldValue::Num(n) => n.to_string(),
            FieldValue::Bool(b) => b.to_string(),
            FieldValue::Date(d) => d.iso(),
            FieldValue::List(l) | FieldValue::Refs(l) => guard(l.join("; ")),
        }
    }

    /// A number field's value as a number (map coordinates).
    pub(crate) fn as_number(&self) -> Option<f64> {
        match self {
            FieldValue::Num(n) => Some(*n),
            FieldValue::Int(i) => Some(*i as f64),
            _ => None,
        }
    }
}
