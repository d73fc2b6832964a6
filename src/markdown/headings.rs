//! Headings in a body: the `{#id .class}` a contributor may write, unique
//! ids for the others, levels.

use super::BodyProblem;
use pulldown_cmark::{CowStr, HeadingLevel};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// A heading keeps `{#id}` and `{.class}` made of letters, digits, `-`
/// and `_`; anything else written in its `{...}` is dropped with a warning.
pub(super) fn heading_attributes<'a>(
    body: &str,
    range: Range<usize>,
    id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    problems: &mut Vec<BodyProblem>,
) -> (Option<CowStr<'a>>, Vec<CowStr<'a>>) {
    let valid = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    };
    if id.as_deref().is_none_or(valid) && classes.iter().all(|c| valid(c)) && attrs.is_empty() {
        return (id, classes);
    }
    let source = &body[range.clone()];
    let braces = source.rfind('{').unwrap_or(0);
    let mut warn = |written: &str, message: String| {
        let at = source[braces..]
            .find(written)
            .map_or(range.start, |i| range.start + braces + i);
        problems.push(BodyProblem::warning(
            "heading-attribute",
            at..at + written.len().max(1),
            message,
            "a heading takes only `{#id}` and `{.class}`, made of letters, digits, `-` and `_`",
        ));
    };
    let id = match id {
        Some(given) if !valid(&given) => {
            warn(&given, format!("removed heading id `{given}`"));
            None
        }
        other => other,
    };
    let mut kept = Vec::with_capacity(classes.len());
    for class in classes {
        if valid(&class) {
            kept.push(class);
        } else {
            warn(&class, format!("removed heading class `{class}`"));
        }
    }
    for (name, _) in attrs {
        warn(
            &name,
            format!("removed attribute `{name}` from the heading"),
        );
    }
    (id, kept)
}

/// The ids of one body's headings: each unique, `base`, or `base-1`,
/// `base-2`… the first not yet used.
#[derive(Default)]
pub(super) struct HeadingIds {
    used: HashSet<String>,
    /// Per base id, the next suffix worth trying: each base's counter only
    /// moves forward, so n headings cost O(n) lookups in all.
    next_suffix: HashMap<String, usize>,
}

impl HeadingIds {
    /// The id of a heading titled `title`: the one written (`given`),
    /// else one made from the title.
    pub(super) fn claim(&mut self, given: Option<&str>, title: &str) -> String {
        let id = match given {
            Some(given) => given.to_string(),
            None => {
                let base = crate::text::slugify(title);
                let base = if base.is_empty() {
                    "section".to_string()
                } else {
                    base
                };
                self.unique(base)
            }
        };
        self.used.insert(id.clone());
        id
    }

    fn unique(&mut self, base: String) -> String {
        if !self.used.contains(&base) {
            return base;
        }
        let n = self.next_suffix.entry(base.clone()).or_insert(1);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if !self.used.contains(&candidate) {
                return candidate;
            }
        }
    }
}

pub(super) fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}
