//! The placeholder that stands in the Markdown for a rendered shortcode
//! (private-use characters around its number), and putting each call's
//! HTML back in the page's HTML in its place (`substitute`).

use super::{BodyProblem, Expanded, Rendered};

/// Opens and closes a placeholder. Private-use characters: a contributor's
/// own are replaced before Markdown sees the body.
pub(super) const OPEN: char = '\u{E000}';
pub(super) const CLOSE: char = '\u{E001}';

/// Whether `text` holds `OPEN` or `CLOSE`. Both are `EE 80 8x` in UTF-8,
/// so the search runs on their shared lead byte at memchr's speed (a
/// `contains` of two chars steps through every char of every body).
pub(super) fn holds_placeholder_chars(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(0xEE, bytes)
        .any(|i| matches!(bytes.get(i + 1..i + 3), Some([0x80, 0x80 | 0x81])))
}

/// `text` without its placeholders (a summary is words only).
pub(in crate::markdown) fn without_placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        let len = placeholder(&rest[at..]).map_or(OPEN.len_utf8(), |(_, len)| len);
        rest = &rest[at + len..];
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Puts each call's HTML where its placeholder is: a paragraph holding only
/// placeholders is replaced whole (a figure is not inside a `<p>`). A
/// placeholder inside a tag (an image's alt text) is an error and dropped.
pub(in crate::markdown) fn substitute(expanded: &Expanded, out: &mut Rendered) {
    if expanded.is_empty() {
        return;
    }
    let html = std::mem::take(&mut out.html);
    let mut result =
        String::with_capacity(html.len() + expanded.html.iter().map(String::len).sum::<usize>());
    let mut rest = html.as_str();
    while let Some(at) = rest.find(OPEN) {
        let (before, from) = rest.split_at(at);
        let Some((index, len)) = placeholder(from) else {
            break;
        };
        let after = &from[len..];
        if before.ends_with("<p>")
            && let Some((more, used)) = rest_of_paragraph(after)
        {
            // A paragraph of placeholders only: replaced whole.
            result.push_str(&before[..before.len() - 3]);
            for i in std::iter::once(index).chain(more) {
                result.push_str(expanded.html.get(i).map_or("", String::as_str));
                result.push('\n');
            }
            rest = &after[used..];
            continue;
        }
        result.push_str(before);
        match expanded.html.get(index) {
            Some(_) if tag_open(&result) => out.problems.push(BodyProblem::error(
                "bad-shortcode",
                expanded.spots[index].1.clone(),
                "a shortcode cannot go inside an image's description or a link's address"
                    .to_string(),
                "put the shortcode on a line of its own",
            )),
            Some(made) => result.push_str(made),
            None => {}
        }
        rest = after;
    }
    result.push_str(rest);
    out.html = result;
}

/// The placeholder `text` starts with: its index and length.
fn placeholder(text: &str) -> Option<(usize, usize)> {
    let inner = text.strip_prefix(OPEN)?;
    let close = inner.find(CLOSE)?;
    let index = inner[..close].parse().ok()?;
    Some((index, OPEN.len_utf8() + close + CLOSE.len_utf8()))
}

/// When `text` holds only placeholders and spaces up to `</p>`: their
/// indexes and the length up to after `</p>`.
fn rest_of_paragraph(text: &str) -> Option<(Vec<usize>, usize)> {
    let mut indexes = Vec::new();
    let mut at = 0;
    loop {
        let rest = &text[at..];
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        if trimmed.starts_with("</p>") {
            return Some((indexes, at + 4));
        }
        let (index, len) = placeholder(trimmed)?;
        indexes.push(index);
        at += len;
    }
}

/// Whether the HTML written so far ends inside a tag.
fn tag_open(done: &str) -> bool {
    done.rfind('<') > done.rfind('>')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_chars_are_found_only_as_themselves() {
        for text in [
            "",
            "plain text",
            "é ü ß",
            "\u{E002} \u{EE00} \u{E040}",
            "ends in \u{E7FF}",
        ] {
            assert!(!holds_placeholder_chars(text), "{text:?}");
        }
        for text in ["\u{E000}", "a \u{E001} b", "\u{E002}\u{E001}", "ü\u{E000}"] {
            assert!(holds_placeholder_chars(text), "{text:?}");
        }
    }
}
