//! The content model's field kinds (`string`, `text`, `integer`, `number`,
//! `bool`, `date`, `url`, `enum`, `list`, `ref`, `refs`) and everything a
//! kind does, kept with the kind: how hub.yaml declares it, how a
//! front-matter value is checked and read (`parse`), how `new` explains it
//! and writes a `--set` value, its JSON Schema (`schema`), how a page shows
//! it (`render`) and how it is exported (`exports`). Each family of kinds
//! has its own file; this one holds the types and hands each operation to
//! the family. It knows nothing of pages, sites or templates.

mod boolean;
mod choice;
mod date;
pub(crate) mod issue;
mod issue_kinds;
mod number;
pub(crate) mod outline;
mod refs;
mod text;

use crate::text::humanize;
use crate::yaml::Yaml;
use serde_json::{Map, Value};
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
    fn ok(value: FieldValue) -> Self {
        Read {
            value: Some(value),
            problems: Vec::new(),
        }
    }

    fn wrong(at: At, code: &'static str, message: String, hint: String) -> Self {
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
fn items(key: &str, value: &Yaml) -> (Option<Vec<String>>, Vec<Problem>) {
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
fn allowed_hint(given: &str, values: &[String]) -> String {
    match crate::text::nearest(given, values.iter().map(String::as_str)) {
        Some(n) => format!("did you mean `{n}`? Allowed values: {}", values.join(", ")),
        None => format!("allowed values: {}", values.join(", ")),
    }
}

/// The keys of a field's declaration in hub.yaml that say what its kind
/// holds (`type` aside), read by `config` (which reports wrong types).
pub(crate) struct Decl<'a> {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub values: Option<Vec<String>>,
    /// The collections hub.yaml declares (refs point to one).
    pub collections: &'a [String],
    /// `pattern` and `pattern_help` (text kinds).
    pub pattern: Option<(String, String)>,
    /// `not_before` (dates): another field of the collection.
    pub not_before: Option<String>,
}

/// A `pattern` or `not_before` declared on a kind that has no such rule.
fn rules_problem(
    name: &str,
    type_name: &str,
    pattern: bool,
    not_before: bool,
) -> Option<DeclProblem> {
    let (key, only) = if pattern && !matches!(type_name, "string" | "text") {
        ("pattern", "`string` and `text` fields")
    } else if not_before && type_name != "date" {
        ("not_before", "`date` fields")
    } else {
        return None;
    };
    Some(DeclProblem {
        key,
        underline: None,
        code: "bad-field",
        message: format!("field `{name}` is of type `{type_name}`, which has no `{key}`"),
        hint: format!("`{key}` is for {only}; remove it"),
    })
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

/// Cross-field rules of a collection (`not_before`): for each date field
/// whose value is earlier than the one of the field it may not precede,
/// (that field's name, the problem at its value).
pub(crate) fn check_order(
    defs: &[FieldDef],
    value_of: &dyn Fn(&str) -> Option<FieldValue>,
) -> Vec<(String, Problem)> {
    let mut out = Vec::new();
    for def in defs {
        let FieldKind::Date {
            not_before: Some(other),
        } = &def.kind
        else {
            continue;
        };
        if let (Some(FieldValue::Date(this)), Some(FieldValue::Date(first))) =
            (value_of(&def.name), value_of(other))
            && let Some(p) = date::order_problem(&def.name, &this, other, &first)
        {
            out.push((def.name.clone(), p));
        }
    }
    out
}

/// A mistake in a field's declaration, for `config` to place: at the
/// field's name (`key` empty) or at its `type` or `to`, underlining
/// `underline` when given.
#[derive(Debug, PartialEq)]
pub(crate) struct DeclProblem {
    pub key: &'static str,
    pub underline: Option<String>,
    pub code: &'static str,
    pub message: String,
    pub hint: String,
}

impl FieldKind {
    /// The kind of field `name` declared with `type: <type_name>`; `to`
    /// reads its `to` key, which only refs use.
    pub(crate) fn declare(
        name: &str,
        type_name: &str,
        decl: Decl<'_>,
        to: &mut dyn FnMut() -> Option<String>,
    ) -> Result<FieldKind, DeclProblem> {
        let Decl {
            min,
            max,
            values,
            pattern,
            not_before,
            ..
        } = decl;
        if let Some(p) = rules_problem(name, type_name, pattern.is_some(), not_before.is_some()) {
            return Err(p);
        }
        let pattern = match pattern {
            Some((source, help)) => Some(text::declare_pattern(name, &source, help)?),
            None => None,
        };
        match type_name {
            "string" => Ok(FieldKind::String { pattern }),
            "text" => Ok(FieldKind::Text { pattern }),
            "integer" => Ok(FieldKind::Integer { min, max }),
            "number" => Ok(FieldKind::Number { min, max }),
            "bool" => Ok(FieldKind::Bool),
            "date" => Ok(FieldKind::Date { not_before }),
            "url" => Ok(FieldKind::Url),
            "enum" => choice::declare_enum(name, values),
            "list" => Ok(FieldKind::List { values }),
            "ref" | "refs" => refs::declare(name, type_name, to(), decl.collections),
            "" => Err(DeclProblem {
                key: "",
                underline: None,
                code: "bad-field",
                message: format!("field `{name}` has no `type`"),
                hint: format!("add `type:` with one of: {}", FIELD_TYPES.join(", ")),
            }),
            other => Err(DeclProblem {
                key: "type",
                underline: Some(other.to_string()),
                code: "unknown-type",
                message: format!("unknown field type `{other}` for field `{name}`"),
                hint: match crate::text::nearest(other, FIELD_TYPES.iter().copied()) {
                    Some(n) => format!(
                        "did you mean `{n}`? Field types: {}",
                        FIELD_TYPES.join(", ")
                    ),
                    None => format!("field types: {}", FIELD_TYPES.join(", ")),
                },
            }),
        }
    }
}

impl FieldKind {
    /// Whether field `name`, of this kind, may declare `backlinks_label`:
    /// only a ref makes the pages it points to list the pages referring to
    /// them.
    pub(crate) fn check_backlinks_label(&self, name: &str) -> Result<(), DeclProblem> {
        match self.target() {
            Some(_) => Ok(()),
            None => Err(refs::backlinks_label_problem(name, self.type_name())),
        }
    }
}

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

pub(crate) use date::DATE_PATTERN;
pub(crate) use text::is_placeholder_url;

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
fn json_type(types: &[&str], optional: bool) -> Map<String, Value> {
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
fn as_written(value: &str) -> String {
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

fn json_string(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| format!("\"{}\"", value.replace('"', "'")))
}

pub(crate) use refs::broken_ref;

/// One value as a page shows it: its label, and the page it links to
/// (a ref's target, a taxonomy term, a web address) or empty.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Shown {
    pub label: String,
    pub url: String,
}

impl Shown {
    fn one(label: impl Into<String>, url: impl Into<String>) -> Vec<Shown> {
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

#[cfg(test)]
mod tests;
