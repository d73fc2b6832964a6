//! A collection's page outline (hub.yaml `outline:`): the headings `new`
//! writes in a new page's body, each with a note on what to write there
//! (an HTML comment, which the site does not show).

use crate::yaml::Yaml;
use std::fmt::Write as _;

/// One heading of an outline, and what to write below it (may be empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    pub note: String,
}

/// A mistake in an outline, for `config` to place: at item `index` of the
/// list (underlining `underline` when it is written there), or at the
/// `outline` key itself.
#[derive(Debug, PartialEq)]
pub(crate) struct OutlineProblem {
    pub index: Option<usize>,
    pub underline: Option<String>,
    pub code: &'static str,
    pub message: String,
    pub hint: String,
}

/// The sections of an `outline:` value, and the mistakes in it (a wrong
/// item is left out).
pub(crate) fn read(value: &Yaml) -> (Vec<Section>, Vec<OutlineProblem>) {
    let (mut sections, mut problems) = (Vec::new(), Vec::new());
    let items = match value {
        Yaml::Null => return (sections, problems),
        Yaml::List(items) => items,
        other => {
            problems.push(OutlineProblem {
                index: None,
                underline: None,
                code: "wrong-type",
                message: format!(
                    "`outline` must be a list of headings, found {}",
                    other.type_name()
                ),
                hint: "write one `- Heading: what to write there` line per heading".into(),
            });
            return (sections, problems);
        }
    };
    for (index, item) in items.iter().enumerate() {
        match section(item) {
            Ok(s) if sections.iter().any(|o: &Section| o.heading == s.heading) => {
                problems.push(OutlineProblem {
                    index: Some(index),
                    code: "bad-outline",
                    message: format!("heading `{}` is in the outline twice", s.heading),
                    hint: "each heading starts a section of its own; remove one".into(),
                    underline: Some(s.heading),
                })
            }
            Ok(s) => sections.push(s),
            Err((underline, message, hint)) => problems.push(OutlineProblem {
                index: Some(index),
                underline,
                code: "bad-outline",
                message,
                hint,
            }),
        }
    }
    (sections, problems)
}

/// One item: `Heading` or `Heading: note`; else (what to underline,
/// message, hint).
fn section(item: &Yaml) -> Result<Section, (Option<String>, String, String)> {
    let form = "write `- Heading` or `- Heading: what to write in this section`";
    let (heading, note) = match item {
        Yaml::Map(entries) if entries.len() == 1 => {
            let (heading, note) = &entries[0];
            let note = match note {
                Yaml::Null => String::new(),
                Yaml::List(_) | Yaml::Map(_) => {
                    return Err((
                        Some(heading.clone()),
                        format!(
                            "the note under `{heading}` must be text, found {}",
                            note.type_name()
                        ),
                        form.into(),
                    ));
                }
                other => other.display(),
            };
            (heading.trim().to_string(), note.trim().to_string())
        }
        Yaml::List(_) | Yaml::Map(_) | Yaml::Null => {
            return Err((
                None,
                format!(
                    "each item of `outline` is one heading, found {}",
                    item.type_name()
                ),
                form.into(),
            ));
        }
        other => (other.display().trim().to_string(), String::new()),
    };
    check(&heading, &note)?;
    Ok(Section { heading, note })
}

/// A heading is one line of text without Markdown's `#`; a note cannot
/// end the HTML comment it is written in.
fn check(heading: &str, note: &str) -> Result<(), (Option<String>, String, String)> {
    if heading.is_empty() {
        return Err((
            None,
            "an outline heading is empty".into(),
            "write the heading's text, or remove the item".into(),
        ));
    }
    if heading.starts_with('#') {
        let bare = heading.trim_start_matches('#').trim();
        return Err((
            Some(heading.to_string()),
            format!("outline heading `{heading}` starts with `#`"),
            format!(
                "write the text alone (`- {bare}`): `new` makes it a section heading (`## {bare}`)"
            ),
        ));
    }
    if heading.contains('\n') {
        return Err((
            None,
            "an outline heading is one line".into(),
            "put the explanation in the note: `- Heading: what to write there`".into(),
        ));
    }
    if note.contains("-->") {
        return Err((
            Some(heading.to_string()),
            format!("the note under `{heading}` contains `-->`"),
            "reword it: the note is written in an HTML comment, which `-->` would end, showing the rest on the page".into(),
        ));
    }
    Ok(())
}

/// The body of a new page: each heading with its note as a comment; a
/// page of a collection without an outline gets a single note.
pub(crate) fn body(sections: &[Section]) -> String {
    let mut out = String::new();
    if sections.is_empty() {
        out.push_str("\n<!-- The text of the page, in Markdown. -->\n");
    }
    for Section { heading, note } in sections {
        let _ = writeln!(out, "\n## {heading}");
        if !note.is_empty() {
            let _ = writeln!(out, "\n<!-- {note} -->");
        }
    }
    out
}
