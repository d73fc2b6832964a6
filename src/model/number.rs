//! Kinds `integer` (a whole number in 64 bits) and `number` (a decimal
//! number), each optionally within `min` and `max`.

use super::issue::Element;
use super::{At, FieldDef, FieldValue, Read, Shown, as_written, json_type};
use crate::yaml::Yaml;
use serde_json::{Map, Value};

pub(super) fn read_integer(
    key: &str,
    value: &Yaml,
    shown: &str,
    min: Option<f64>,
    max: Option<f64>,
) -> Read {
    match value {
        Yaml::Int(i) => in_range(key, *i as f64, shown, min, max, FieldValue::Int(*i)),
        Yaml::BigInt(_) => too_large(key, shown, min, max),
        Yaml::Float(f) if f.fract() == 0.0 && f.abs() >= 9.2e18 => too_large(key, shown, min, max),
        _ => Read::wrong(
            At::Value(shown.to_string()),
            "wrong-type",
            format!("`{key}` must be a whole number, found `{shown}`"),
            format!(
                "write digits only, e.g. `{key}: 42` (no units, no quotes, no thousands separators)"
            ),
        ),
    }
}

pub(super) fn read_number(
    key: &str,
    value: &Yaml,
    shown: &str,
    min: Option<f64>,
    max: Option<f64>,
) -> Read {
    let n = match value {
        Yaml::Int(i) => *i as f64,
        Yaml::Float(f) if f.is_finite() => *f,
        Yaml::BigInt(digits) => digits.parse::<f64>().unwrap_or(f64::MAX),
        _ => {
            let range = match (min, max) {
                (Some(a), Some(b)) => format!(" between {a} and {b}"),
                _ => String::new(),
            };
            return Read::wrong(
                At::Value(shown.to_string()),
                "wrong-type",
                format!("`{key}` must be a number, found `{shown}`"),
                format!("write a decimal number{range}, e.g. `{key}: 54.6`"),
            );
        }
    };
    in_range(key, n, shown, min, max, FieldValue::Num(n))
}

/// A whole number beyond the 64-bit range of integer fields.
fn too_large(key: &str, shown: &str, min: Option<f64>, max: Option<f64>) -> Read {
    let low = min.map_or(i64::MIN.to_string(), |m| m.to_string());
    let high = max.map_or(i64::MAX.to_string(), |m| m.to_string());
    Read::wrong(
        At::Value(shown.to_string()),
        "out-of-range",
        format!("`{key}` is {shown}, outside the allowed range"),
        format!("write a whole number between {low} and {high}"),
    )
}

/// `value` when `n` is within `min` and `max`, else the problem.
fn in_range(
    key: &str,
    n: f64,
    shown: &str,
    min: Option<f64>,
    max: Option<f64>,
    value: FieldValue,
) -> Read {
    let below = min.is_some_and(|m| n < m);
    let above = max.is_some_and(|m| n > m);
    if !(below || above) {
        return Read::ok(value);
    }
    let range = match (min, max) {
        (Some(a), Some(b)) => format!("between {a} and {b}"),
        (Some(a), None) => format!("at least {a}"),
        (None, Some(b)) => format!("at most {b}"),
        (None, None) => String::new(),
    };
    Read::wrong(
        At::Value(shown.to_string()),
        "out-of-range",
        format!("`{key}` is {shown}, outside the allowed range"),
        format!("write a value {range}"),
    )
}

pub(super) fn form_integer(min: Option<f64>, max: Option<f64>) -> String {
    format!("A whole number{}, digits only.", range(min, max))
}

pub(super) fn form_number(min: Option<f64>, max: Option<f64>) -> String {
    match (min, max) {
        (None, None) => "A number, e.g. 54.6.".to_string(),
        _ => format!("A number{}.", range(min, max)),
    }
}

/// " between 1 and 5", " of at least 1"...
fn range(min: Option<f64>, max: Option<f64>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!(" between {a} and {b}"),
        (Some(a), None) => format!(" of at least {a}"),
        (None, Some(b)) => format!(" of at most {b}"),
        (None, None) => String::new(),
    }
}

/// `type_name` is the JSON type, `integer` or `number`.
pub(super) fn schema(
    type_name: &str,
    min: Option<f64>,
    max: Option<f64>,
    optional: bool,
) -> Map<String, Value> {
    let mut s = json_type(&[type_name], optional);
    if let Some(min) = min {
        s.insert("minimum".into(), json_number(min));
    }
    if let Some(max) = max {
        s.insert("maximum".into(), json_number(max));
    }
    s
}

/// Whole numbers as JSON integers (`0`, not `0.0`).
fn json_number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        Value::from(n as i64)
    } else {
        Value::from(n)
    }
}

/// With thousands separators: 204,250.
pub(super) fn display_integer(i: i64) -> Vec<Shown> {
    Shown::one(format_integer(i), "")
}

pub(super) fn display_number(n: f64) -> Vec<Shown> {
    Shown::one(n.to_string(), "")
}

fn format_integer(i: i64) -> String {
    let digits = i.unsigned_abs().to_string();
    let mut out = String::new();
    for (n, c) in digits.chars().enumerate() {
        if n > 0 && (digits.len() - n).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if i < 0 { format!("-{out}") } else { out }
}

/// An input saying what to write (`form_integer`, `form_number`).
pub(super) fn element(
    def: &FieldDef,
    integer: bool,
    min: Option<f64>,
    max: Option<f64>,
) -> Element {
    let how = if integer {
        format!(
            "{} No units or thousands separators.",
            form_integer(min, max)
        )
    } else {
        form_number(min, max)
    };
    Element::input(def, &how, "")
}

/// The number as typed, for `check` to read as YAML reads it.
pub(super) fn answer(answer: &str) -> String {
    as_written(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_have_thousands_separators() {
        assert_eq!(format_integer(204250), "204,250");
        assert_eq!(format_integer(999), "999");
        assert_eq!(format_integer(-1000), "-1,000");
    }
}
