//! Kinds `ref` (one page of collection `to`, by slug) and `refs` (several).
//! Whether the pages exist is known only once every page is read
//! (`resolve`); here a ref is checked for its form.

use super::{At, FieldValue, Read, items, scalar_text};
use crate::yaml::Yaml;

pub(super) fn read_ref(key: &str, value: &Yaml, shown: &str, to: &str) -> Read {
    match scalar_text(value) {
        Some(s) => Read::ok(FieldValue::Ref(s)),
        None => Read::wrong(
            At::Value(shown.to_string()),
            "wrong-type",
            format!(
                "`{key}` takes the slug of one page in {to}, found {}",
                value.type_name()
            ),
            format!("write `{key}: slug`, the file name of a page in content/{to}/ without .md"),
        ),
    }
}

pub(super) fn read_refs(key: &str, value: &Yaml) -> Read {
    let (items, problems) = items(key, value);
    Read {
        value: items.map(FieldValue::Refs),
        problems,
    }
}
