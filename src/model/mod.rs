//! The content model's field kinds (`string`, `text`, `integer`, `number`,
//! `bool`, `date`, `url`, `enum`, `list`, `ref`, `refs`) and everything a
//! kind does, kept with the kind: how hub.yaml declares it, how a
//! front-matter value is checked and read (`parse`), how `new` explains it
//! and writes a `--set` value, its JSON Schema (`schema`), how a page shows
//! it (`render`) and how it is exported (`exports`). Each family of kinds
//! has its own file; this one holds the types, and one file per operation
//! (`declare`, `read`, `describe`: `new` and the JSON Schema, `show`:
//! display and export) hands it to the family. It knows nothing of pages,
//! sites or templates.

mod boolean;
mod choice;
mod date;
mod declare;
mod describe;
pub(crate) mod issue;
mod issue_kinds;
mod number;
pub(crate) mod outline;
mod read;
mod refs;
mod show;
mod text;

pub(crate) use date::DATE_PATTERN;
pub(crate) use declare::{Decl, DeclProblem, check_order};
pub(crate) use describe::{Targets, quote};
use describe::{as_written, json_type};
pub(crate) use read::{At, Problem, Read};
use read::{allowed_hint, items};
pub(crate) use refs::broken_ref;
pub(crate) use show::Shown;
pub(crate) use text::is_placeholder_url;

use crate::text::humanize;
use crate::yaml::Yaml;
use std::collections::BTreeMap;

/// One declared field of a collection (hub.yaml `fields:`).
#[derive(Debug, Clone)]
pub struct FieldDef {
    pub name: String,
    pub label: String,
    pub help: String,
    pub required: bool,
    pub kind: FieldKind,
    /// Display labels of enum/list values; missing ones are humanized.
    pub value_labels: BTreeMap<String, String>,
    /// For a ref field: the heading of the list of pages that refer to a
    /// page through this field, shown on that page ("Case studies in this
    /// city"); empty: the theme words it.
    pub backlinks_label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    /// One line of text; `pattern` (hub.yaml) is a form the whole value must have.
    String {
        pattern: Option<Pattern>,
    },
    /// Text that may be long, with an optional `pattern` too.
    Text {
        pattern: Option<Pattern>,
    },
    Integer {
        min: Option<f64>,
        max: Option<f64>,
    },
    Number {
        min: Option<f64>,
        max: Option<f64>,
    },
    Bool,
    /// A date; `not_before` names another date field of the collection
    /// this one may not be earlier than (an end and its start).
    Date {
        not_before: Option<String>,
    },
    Url,
    Enum {
        values: Vec<String>,
    },
    List {
        values: Option<Vec<String>>,
    },
    Ref {
        to: String,
    },
    Refs {
        to: String,
    },
}

/// The `type:` names hub.yaml accepts, one per kind.
pub(crate) const FIELD_TYPES: [&str; 11] = [
    "string", "text", "integer", "number", "bool", "date", "url", "enum", "list", "ref", "refs",
];

/// A front-matter value once read and checked against its field's kind.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FieldValue {
    Str(String),
    Int(i64),
    Num(f64),
    Bool(bool),
    Date(crate::text::PageDate),
    List(Vec<String>),
    Ref(String),
    Refs(Vec<String>),
}

impl FieldKind {
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            FieldKind::String { .. } => "string",
            FieldKind::Text { .. } => "text",
            FieldKind::Integer { .. } => "integer",
            FieldKind::Number { .. } => "number",
            FieldKind::Bool => "bool",
            FieldKind::Date { .. } => "date",
            FieldKind::Url => "url",
            FieldKind::Enum { .. } => "enum",
            FieldKind::List { .. } => "list",
            FieldKind::Ref { .. } => "ref",
            FieldKind::Refs { .. } => "refs",
        }
    }

    /// The collection a ref/refs field points to.
    pub(crate) fn target(&self) -> Option<&str> {
        match self {
            FieldKind::Ref { to } | FieldKind::Refs { to } => Some(to),
            _ => None,
        }
    }

    pub(crate) fn allowed_values(&self) -> Option<&[String]> {
        match self {
            FieldKind::Enum { values } => Some(values),
            FieldKind::List {
                values: Some(values),
            } => Some(values),
            _ => None,
        }
    }

    /// Whether the field holds a list of values (`list`, `refs`).
    pub(crate) fn is_many(&self) -> bool {
        matches!(self, FieldKind::List { .. } | FieldKind::Refs { .. })
    }

    /// Whether the field holds a number (`integer`, `number`): map
    /// coordinates must.
    pub(crate) fn is_numeric(&self) -> bool {
        matches!(self, FieldKind::Integer { .. } | FieldKind::Number { .. })
    }

    /// The collection a single `ref` field points to (not `refs`).
    pub(crate) fn single_target(&self) -> Option<&str> {
        match self {
            FieldKind::Ref { to } => Some(to),
            _ => None,
        }
    }

    /// Whether the field holds free text (`string`, `text`, a `list`
    /// without fixed values): what a translation may translate.
    pub(crate) fn is_free_text(&self) -> bool {
        matches!(
            self,
            FieldKind::String { .. } | FieldKind::Text { .. } | FieldKind::List { values: None }
        )
    }

    /// Whether a taxonomy can take its terms from the field's values
    /// (`list`, `enum`, `string`).
    pub(crate) fn gives_terms(&self) -> bool {
        matches!(
            self,
            FieldKind::List { .. } | FieldKind::Enum { .. } | FieldKind::String { .. }
        )
    }
}

impl FieldDef {
    pub(crate) fn value_label(&self, value: &str) -> String {
        self.value_labels
            .get(value)
            .cloned()
            .unwrap_or_else(|| humanize(value))
    }
}

/// Text of a scalar value; numbers and booleans count as their text.
pub(crate) fn scalar_text(value: &Yaml) -> Option<String> {
    match value {
        Yaml::Str(s) => Some(s.clone()),
        Yaml::Int(_) | Yaml::BigInt(_) | Yaml::Float(_) | Yaml::Bool(_) => Some(value.display()),
        _ => None,
    }
}

/// A text form a `string` or `text` field's value must have (hub.yaml
/// `pattern:`, a regular expression the whole value must match), with the
/// words that say it (`pattern_help:`).
#[derive(Debug, Clone)]
pub struct Pattern {
    pub source: String,
    pub help: String,
    regex: regex::Regex,
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source && self.help == other.help
    }
}

#[cfg(test)]
mod tests;
