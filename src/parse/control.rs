//! Characters XML 1.0 forbids (`text::xml_forbidden`) removed from a
//! page's front matter and body, with a warning where they are written:
//! they would make every feed listing the page unreadable.

use crate::diag::{Diagnostic, line_col};
use crate::markdown::Rendered;
use crate::text::{has_xml_forbidden, strip_xml_forbidden, xml_forbidden};
use crate::yaml::{self, Yaml};

/// Removes the characters XML 1.0 forbids (`text::xml_forbidden`: they
/// would make every feed listing the page unreadable) from the front
/// matter's values, with a warning at each field that held one.
pub(super) fn strip_control_fields(
    path: &str,
    text: &str,
    entries: &mut [(String, Yaml)],
    diags: &mut Vec<Diagnostic>,
) {
    fn strip(value: &mut Yaml) -> Option<char> {
        match value {
            Yaml::Str(s) if has_xml_forbidden(s) => {
                let first = s.chars().find(|&c| xml_forbidden(c));
                *s = strip_xml_forbidden(s);
                first
            }
            Yaml::List(items) => items.iter_mut().filter_map(strip).reduce(|a, _| a),
            Yaml::Map(entries) => entries
                .iter_mut()
                .filter_map(|(_, v)| strip(v))
                .reduce(|a, _| a),
            _ => None,
        }
    }
    let mut loc: Option<yaml::Locator<'_>> = None;
    for (key, value) in entries {
        if let Some(c) = strip(value) {
            let loc = loc.get_or_insert_with(|| yaml::Locator::new(text));
            let (line, col) = loc.value(key).unwrap_or((1, 1));
            diags.push(
                Diagnostic::warning(
                    "control-character",
                    path,
                    format!("`{key}` contains the invisible control character U+{:04X}, which is removed: feeds and the sitemap cannot carry it", c as u32),
                )
                .at_line(loc.line(line), line, col)
                .hint("delete it (in YAML it may be written as an escape such as \\u0001 or \\x01); it usually comes from text pasted from another program"),
            );
        }
    }
}

/// The body's share of `strip_control_fields`: one warning at the first
/// forbidden character, which is then removed from everything rendered.
pub(super) fn strip_control_body(
    path: &str,
    text: &str,
    body_offset: usize,
    body: &mut Rendered,
    diags: &mut Vec<Diagnostic>,
) {
    let source = &text[body_offset..];
    if !has_xml_forbidden(source) {
        return;
    }
    let Some((at, c)) = source.char_indices().find(|&(_, c)| xml_forbidden(c)) else {
        return;
    };
    let count = source.chars().filter(|&c| xml_forbidden(c)).count();
    let (line, col) = line_col(text, body_offset + at);
    let more = match count {
        1 => String::new(),
        n => format!(" (and {} more in the text)", n - 1),
    };
    diags.push(
        Diagnostic::warning(
            "control-character",
            path,
            format!("the text contains the invisible control character U+{:04X}{more}, which is removed: feeds and the sitemap cannot carry it", c as u32),
        )
        .at(text, line, col)
        .hint("delete it; it usually comes from text pasted from another program"),
    );
    body.html = strip_xml_forbidden(&body.html);
    body.first_paragraph = strip_xml_forbidden(&body.first_paragraph);
    for h in &mut body.headings {
        h.title = strip_xml_forbidden(&h.title);
    }
}
