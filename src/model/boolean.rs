//! Kind `bool`: true or false.

use super::issue::Element;
use super::{At, FieldDef, FieldValue, Problem, Read, Shown, json_type};
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

/// The one box of a bool's checkboxes.
const YES: &str = "Yes";

/// One box, ticked for true.
pub(super) fn element(def: &FieldDef) -> Element {
    Element::checkboxes(def, "Tick the box for yes.", vec![YES.to_string()])
}

/// GitHub writes `- [X] Yes` or `- [ ] Yes`.
pub(super) fn answer(key: &str, answer: &str) -> Result<String, Problem> {
    let line = answer.trim();
    match line.strip_prefix("- [").and_then(|r| r.split_once("] ")) {
        Some(("X" | "x", YES)) => Ok("true".into()),
        Some((" ", YES)) => Ok("false".into()),
        _ => Err(Problem {
            at: At::Value(line.to_string()),
            code: "wrong-type",
            message: format!("`{key}` is a tick box, found `{line}`"),
            hint: format!(
                "leave the line `- [ ] {YES}` as the form wrote it, with an X in the box for yes"
            ),
        }),
    }
}
