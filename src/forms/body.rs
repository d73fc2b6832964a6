//! An issue body as GitHub writes it from an issue form: for each element,
//! a `### <label>` line, a blank line and the answer, or `_No response_`
//! when it was left empty. Read back by the form's labels, in the form's
//! order, so a `### ` heading the contributor wrote inside a text answer
//! stays part of that answer.

use crate::model::issue::Element;

/// What GitHub writes for an element left empty.
pub(crate) const NO_RESPONSE: &str = "_No response_";

/// The answers of `body` to `elements`, by position: `None` for an
/// element left empty or absent. Line ends are normalised to `\n`.
pub(crate) fn answers(body: &str, elements: &[Element]) -> Vec<Option<String>> {
    let body = body.replace("\r\n", "\n");
    let mut sections: Vec<Option<Vec<&str>>> = vec![None; elements.len()];
    let mut current: Option<usize> = None;
    for line in body.lines() {
        let from = current.map_or(0, |c| c + 1);
        let heading = line
            .strip_prefix("### ")
            .map(str::trim)
            .and_then(|h| elements[from..].iter().position(|e| e.label == h))
            .map(|i| from + i);
        match (heading, current) {
            (Some(i), _) => {
                sections[i] = Some(Vec::new());
                current = Some(i);
            }
            (None, Some(c)) => {
                if let Some(lines) = sections[c].as_mut() {
                    lines.push(line);
                }
            }
            (None, None) => {}
        }
    }
    sections
        .into_iter()
        .map(|lines| {
            let text = lines?.join("\n");
            let text = text.trim_matches('\n').trim_end();
            let blank = text.trim().is_empty() || text.trim() == NO_RESPONSE;
            (!blank).then(|| text.to_string())
        })
        .collect()
}

/// How many of `elements`' labels head a section of `body`: the form an
/// issue was written with is the one whose labels it has most of.
pub(crate) fn matching_labels(body: &str, elements: &[Element]) -> usize {
    let headings: Vec<&str> = body
        .lines()
        .filter_map(|l| l.trim_end_matches('\r').strip_prefix("### "))
        .map(str::trim)
        .collect();
    elements
        .iter()
        .filter(|e| headings.contains(&e.label.as_str()))
        .count()
}
