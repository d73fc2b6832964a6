//! Kind `bool`: true or false.

use super::{At, FieldValue, Read};
use crate::yaml::Yaml;

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
