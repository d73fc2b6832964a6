//! Kind `bool`: true or false.

use super::{At, FieldValue, Read, Shown, json_type};
use crate::yaml::Yaml;
use serde_json::{Map, Value};

pub(super) fn read(key: &str, value: &Yaml, shown: &str) -> Read {
    match value {
        Yaml::Bool(b) => Read::ok(FieldValue::Bool(*b)),
        _ => Read::wrong(
            At::Value(shown.to_string()),
            "wrong-type",
            format!("`{key}` must be true or false, found `{shown}`"),
            format!("write `{key}: true` or `{key}: false`"),
        ),
    }
}

pub(super) const FORM: &str = "true or false.";

pub(super) fn schema(optional: bool) -> Map<String, Value> {
    json_type(&["boolean"], optional)
}

pub(super) fn display(b: bool) -> Vec<Shown> {
    Shown::one(if b { "Yes" } else { "No" }, "")
}
