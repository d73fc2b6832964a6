//! Kinds `enum` (one of the declared `values`) and `list` (several values,
//! from `values` when declared). Their values can be a taxonomy's terms and
//! are shown with their `labels`.

use super::{
    At, DeclProblem, FieldKind, FieldValue, Problem, Read, allowed_hint, items, scalar_text,
};
use crate::yaml::Yaml;

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
