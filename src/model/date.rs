//! Kind `date`: a day (YYYY-MM-DD) or a month (YYYY-MM), checked against
//! the calendar.

use super::{At, FieldValue, Read};
use crate::text::PageDate;
use crate::yaml::Yaml;

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
