//! Kinds `enum` (one of the declared `values`) and `list` (several values,
//! from `values` when declared). Their values can be a taxonomy's terms and
//! are shown with their `labels`.

use super::issue::{Element, answer_lines, dropdown_items, yaml_list};
use super::quote;
use super::{
    At, DeclProblem, FieldDef, FieldKind, FieldValue, Problem, Read, Shown, allowed_hint, items,
    json_type, scalar_text,
};
use crate::yaml::Yaml;
use serde_json::{Map, Value, json};

pub(super) fn read_enum(key: &str, value: &Yaml, shown: &str, values: &[String]) -> Read {
    match scalar_text(value) {
        Some(s) if values.contains(&s) => Read::ok(FieldValue::Str(s)),
        Some(s) => Read::wrong(
            At::Value(s.clone()),
            "bad-value",
            format!("`{s}` is not an allowed value for `{key}`"),
            allowed_hint(&s, values),
        ),
        None => Read::wrong(
            At::Value(shown.to_string()),
            "wrong-type",
            format!("`{key}` takes one value, found {}", value.type_name()),
            format!("allowed values: {}", values.join(", ")),
        ),
    }
}

/// The items, less those not in `values` (each a problem).
pub(super) fn read_list(key: &str, value: &Yaml, values: Option<&[String]>) -> Read {
    let (items, mut problems) = items(key, value);
    let Some(items) = items else {
        return Read {
            value: None,
            problems,
        };
    };
    let mut ok = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        match values {
            Some(allowed) if !allowed.contains(&item) => problems.push(Problem {
                code: "bad-value",
                message: format!("`{item}` is not an allowed value for `{key}`"),
                hint: allowed_hint(&item, allowed),
                at: At::Item(i, item),
            }),
            _ => ok.push(item),
        }
    }
    Read {
        value: Some(FieldValue::List(ok)),
        problems,
    }
}

pub(super) fn declare_enum(
    name: &str,
    values: Option<Vec<String>>,
) -> Result<FieldKind, DeclProblem> {
    match values {
        Some(values) if !values.is_empty() => Ok(FieldKind::Enum { values }),
        _ => Err(DeclProblem {
            key: "type",
            underline: None,
            code: "bad-field",
            message: format!("enum field `{name}` needs `values`"),
            hint: "add `values: [first, second]`".into(),
        }),
    }
}

pub(super) fn form_enum(values: &[String]) -> String {
    format!("One of: {}.", values.join(", "))
}

pub(super) fn form_list(values: Option<&[String]>) -> String {
    match values {
        Some(values) => format!(
            "A list, e.g. [{}]. Allowed: {}.",
            values[..values.len().min(2)].join(", "),
            values.join(", ")
        ),
        None => "A list, e.g. [first, second].".to_string(),
    }
}

pub(super) fn schema_enum(values: &[String], optional: bool) -> Map<String, Value> {
    let mut allowed: Vec<Value> = values.iter().map(|v| Value::from(v.as_str())).collect();
    if optional {
        allowed.push(Value::Null);
    }
    let mut s = Map::new();
    s.insert("enum".into(), Value::Array(allowed));
    s
}

pub(super) fn schema_list(values: Option<&[String]>, optional: bool) -> Map<String, Value> {
    let mut s = json_type(&["array"], optional);
    let items = match values {
        Some(values) => json!({"enum": values}),
        None => json!({"type": ["string", "number", "boolean"]}),
    };
    s.insert("items".into(), items);
    s
}

/// Each value by its label, linking to its taxonomy term if any.
pub(super) fn display_list(
    def: &FieldDef,
    values: &[String],
    term_url: &dyn Fn(&str) -> String,
) -> Vec<Shown> {
    values
        .iter()
        .map(|v| Shown {
            label: def.value_label(v),
            url: term_url(v),
        })
        .collect()
}

pub(super) fn display_enum(
    def: &FieldDef,
    value: &str,
    term_url: &dyn Fn(&str) -> String,
) -> Vec<Shown> {
    Shown::one(def.value_label(value), term_url(value))
}

/// The values' labels, for JSON-LD.
pub(super) fn ld_labels(def: &FieldDef, values: &[String]) -> Value {
    Value::from(
        values
            .iter()
            .map(|v| def.value_label(v))
            .collect::<Vec<_>>(),
    )
}

/// The values' labels, as a dropdown offers them.
fn labels(def: &FieldDef, values: &[String]) -> Vec<String> {
    values.iter().map(|v| def.value_label(v)).collect()
}

/// The value whose label (or which itself) is `answer`; else `answer`
/// as written, for `check` to name.
fn value_of(def: &FieldDef, values: &[String], answer: &str) -> String {
    values
        .iter()
        .find(|v| def.value_label(v) == answer || v.as_str() == answer)
        .cloned()
        .unwrap_or_else(|| answer.to_string())
}

pub(super) fn element_enum(def: &FieldDef, values: &[String]) -> Element {
    Element::dropdown(def, "", labels(def, values), false)
}

/// A dropdown of the values when they are declared, else a text area
/// taking one item per line.
pub(super) fn element_list(def: &FieldDef, values: Option<&[String]>) -> Element {
    match values {
        Some(values) => Element::dropdown(def, "Choose all that apply.", labels(def, values), true),
        None => Element::textarea(def, "One per line."),
    }
}

pub(super) fn answer_enum(def: &FieldDef, answer: &str) -> String {
    let values = def.kind.allowed_values().unwrap_or(&[]);
    quote(&value_of(def, values, answer.trim()))
}

/// Chosen labels (`declared`) or one item per line.
pub(super) fn answer_list(def: &FieldDef, answer: &str, declared: bool) -> String {
    let items = if declared {
        let values = def.kind.allowed_values().unwrap_or(&[]);
        let labels = labels(def, values);
        let options: Vec<&str> = labels.iter().map(String::as_str).collect();
        dropdown_items(answer, &options)
            .iter()
            .map(|item| value_of(def, values, item))
            .collect()
    } else {
        answer_lines(answer)
    };
    yaml_list(&items)
}
