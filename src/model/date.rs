//! Kind `date`: a day (YYYY-MM-DD) or a month (YYYY-MM), checked against
//! the calendar.

use super::issue::Element;
use super::{At, FieldDef, FieldValue, Read, Shown, as_written, json_type};
use crate::text::PageDate;
use crate::yaml::Yaml;
use serde_json::{Map, Value};

pub(super) fn read(key: &str, value: &Yaml, shown: &str) -> Read {
    match PageDate::parse(shown) {
        Some(d) if !matches!(value, Yaml::List(_) | Yaml::Map(_)) => Read::ok(FieldValue::Date(d)),
        _ => Read::wrong(
            At::Value(shown.to_string()),
            "bad-date",
            format!("`{key}` must be a date, found `{shown}`"),
            "write the date as YYYY-MM-DD (2024-03-21), or YYYY-MM (2024-03) when only the month is known".into(),
        ),
    }
}

/// `YYYY-MM-DD` or `YYYY-MM` (the calendar itself is checked by `check`).
pub(crate) const DATE_PATTERN: &str = "^[0-9]{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?$";

pub(super) const FORM: &str = "A date: YYYY-MM-DD, or YYYY-MM when only the month is known.";

pub(super) fn schema(optional: bool) -> Map<String, Value> {
    let mut s = json_type(&["string"], optional);
    s.insert("pattern".into(), DATE_PATTERN.into());
    s
}

/// "12 March 2024", "February 2023".
pub(super) fn display(d: &PageDate) -> Vec<Shown> {
    Shown::one(d.display(), "")
}

pub(super) fn element(def: &FieldDef) -> Element {
    Element::input(def, FORM, "2024-03-21")
}

/// The date as typed, for `check` to read as YAML reads it.
pub(super) fn answer(answer: &str) -> String {
    as_written(answer)
}
