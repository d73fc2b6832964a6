//! Kinds `ref` (one page of collection `to`, by slug) and `refs` (several).
//! Whether the pages exist is known only once every page is read
//! (`resolve`); here a ref is checked for its form.

use super::{At, DeclProblem, FieldKind, FieldValue, Read, items, scalar_text};
use crate::text::nearest;
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

/// A `ref` or `refs` field (`type_name`) must say which declared
/// collection it points to.
pub(super) fn declare(
    name: &str,
    type_name: &str,
    to: Option<String>,
    collections: &[String],
) -> Result<FieldKind, DeclProblem> {
    let Some(to) = to else {
        return Err(DeclProblem {
            key: "type",
            underline: None,
            code: "bad-field",
            message: format!("{type_name} field `{name}` needs `to`, the collection it points to"),
            hint: format!(
                "add `to: {}`",
                collections.first().map_or("collection", String::as_str)
            ),
        });
    };
    if !collections.contains(&to) {
        return Err(DeclProblem {
            key: "to",
            hint: match nearest(&to, collections.iter().map(String::as_str)) {
                Some(n) => format!("did you mean `{n}`?"),
                None => format!("declared collections: {}", collections.join(", ")),
            },
            code: "unknown-collection",
            message: format!("field `{name}` refers to collection `{to}`, which is not declared"),
            underline: Some(to),
        });
    }
    Ok(if type_name == "ref" {
        FieldKind::Ref { to }
    } else {
        FieldKind::Refs { to }
    })
}
