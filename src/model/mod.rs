//! The content model's field kinds (`string`, `text`, `integer`, `number`,
//! `bool`, `date`, `url`, `enum`, `list`, `ref`, `refs`) and everything a
//! kind does, kept with the kind: how hub.yaml declares it, how a
//! front-matter value is checked and read (`parse`), how `new` explains it
//! and writes a `--set` value, its JSON Schema (`schema`), how a page shows
//! it (`render`) and how it is exported (`exports`). Each family of kinds
//! has its own file; this one holds the types and hands each operation to
//! the family. It knows nothing of pages, sites or templates.

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
}

#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    String,
    Text,
    Integer { min: Option<f64>, max: Option<f64> },
    Number { min: Option<f64>, max: Option<f64> },
    Bool,
    Date,
    Url,
    Enum { values: Vec<String> },
    List { values: Option<Vec<String>> },
    Ref { to: String },
    Refs { to: String },
}

/// The `type:` names hub.yaml accepts, one per kind.
pub const FIELD_TYPES: [&str; 11] = [
    "string", "text", "integer", "number", "bool", "date", "url", "enum", "list", "ref", "refs",
];

/// A front-matter value once read and checked against its field's kind.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
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
    pub fn type_name(&self) -> &'static str {
        match self {
            FieldKind::String => "string",
            FieldKind::Text => "text",
            FieldKind::Integer { .. } => "integer",
            FieldKind::Number { .. } => "number",
            FieldKind::Bool => "bool",
            FieldKind::Date => "date",
            FieldKind::Url => "url",
            FieldKind::Enum { .. } => "enum",
            FieldKind::List { .. } => "list",
            FieldKind::Ref { .. } => "ref",
            FieldKind::Refs { .. } => "refs",
        }
    }

    /// The collection a ref/refs field points to.
    pub fn target(&self) -> Option<&str> {
        match self {
            FieldKind::Ref { to } | FieldKind::Refs { to } => Some(to),
            _ => None,
        }
    }

    pub fn allowed_values(&self) -> Option<&[String]> {
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

    /// Whether a taxonomy can take its terms from the field's values
    /// (`list`, `enum`, `string`).
    pub(crate) fn gives_terms(&self) -> bool {
        matches!(
            self,
            FieldKind::List { .. } | FieldKind::Enum { .. } | FieldKind::String
        )
    }
}

impl FieldDef {
    pub fn value_label(&self, value: &str) -> String {
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
