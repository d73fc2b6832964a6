//! Kind `date`: a day (YYYY-MM-DD) or a month (YYYY-MM), checked against
//! the calendar.

use super::issue::Element;
use super::{At, FieldDef, FieldValue, Read, Shown, as_written, json_type};
use crate::text::PageDate;
use crate::yaml::Yaml;
use serde_json::{Map, Value};

pub(super) fn read(key: &str, value: &Yaml, shown: &str) -> Read {
    let whole = !matches!(value, Yaml::List(_) | Yaml::Map(_));
    match PageDate::parse(shown) {
        Some(d) if whole => Read::ok(FieldValue::Date(d)),
        None if whole && let Some(why) = impossible(shown) => Read::wrong(
            At::Value(shown.to_string()),
            "bad-date",
            format!("`{key}` is not a date of the calendar: {why}"),
            "check the day and month in the source; write YYYY-MM (2024-03) when only the month is known".into(),
        ),
        _ => Read::wrong(
            At::Value(shown.to_string()),
            "bad-date",
            format!("`{key}` must be a date, found `{shown}`"),
            "write the date as YYYY-MM-DD (2024-03-21), or YYYY-MM (2024-03) when only the month is known".into(),
        ),
    }
}

/// Why `text`, written in the date form (YYYY-MM or YYYY-MM-DD), is no
/// date of the calendar: "February 2025 has 28 days". `None` when it is
/// not written in the date form at all.
fn impossible(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.trim().split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let (y, m, d) = match parts.as_slice() {
        [y, m] if digits(y, 4) && digits(m, 2) => (*y, *m, None),
        [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2) => (*y, *m, Some(*d)),
        _ => return None,
    };
    let year: i16 = y.parse().ok()?;
    let month: i8 = m.parse().ok()?;
    if !(1..=12).contains(&month) {
        return Some(format!("there is no month {m} (months go from 01 to 12)"));
    }
    let day: i8 = d?.parse().ok()?;
    let first = jiff::civil::Date::new(year, month, 1).ok()?;
    let days = first.days_in_month();
    let name = PageDate {
        year,
        month,
        day: None,
    }
    .display();
    Some(if day == 0 {
        "there is no day 00 (days start at 01)".to_string()
    } else {
        format!("{name} has {days} days, so there is no day {day}")
    })
}

/// The problem when date field `key` (`this`) is earlier than field
/// `other` (`first`), which it may not precede (`not_before`). A month
/// is not earlier than a day in it.
pub(super) fn order_problem(
    key: &str,
    this: &PageDate,
    other: &str,
    first: &PageDate,
) -> Option<super::Problem> {
    let before = match (this.day, first.day) {
        (Some(a), Some(b)) => (this.year, this.month, a) < (first.year, first.month, b),
        _ => (this.year, this.month) < (first.year, first.month),
    };
    before.then(|| super::Problem {
        at: At::Value(this.iso()),
        code: "date-order",
        message: format!(
            "`{key}` ({}) is before `{other}` ({})",
            this.display(),
            first.display()
        ),
        hint: format!(
            "`{key}` may not be earlier than `{other}`: check both dates, one may have a typo"
        ),
    })
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
