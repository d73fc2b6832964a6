//! How deep raw HTML elements nest across a page's raw HTML pieces,
//! counted in one linear pass without building a tree, so that nesting
//! too deep for the HTML tree builder is an error instead of a slow build.

/// Raw HTML elements nested deeper than this are an error: the HTML tree
/// builder checks every open element at each tag, so deep nesting costs
/// time quadratic in the depth (100,000 nested `<div>`: 23 s).
pub(crate) const MAX_HTML_NESTING: usize = 64;

/// Counts how deep raw HTML elements nest, across the raw HTML pieces of a
/// page in order, in one linear pass without building a tree: void
/// elements, self-closing tags and elements that close themselves (`p`,
/// `li`, `td`...) do not nest; comments and the text of `script`, `style`,
/// `textarea` and `title` are skipped.
#[derive(Default)]
pub(crate) struct Depth {
    depth: usize,
    /// Inside a raw-text element: its closing tag, lower case.
    raw_until: Option<&'static str>,
}

impl Depth {
    /// The offset in `fragment` of the first tag nested deeper than
    /// `MAX_HTML_NESTING`, if any.
    pub(crate) fn too_deep(&mut self, fragment: &str) -> Option<usize> {
        let bytes = fragment.as_bytes();
        let mut at = 0;
        while let Some(i) = memchr::memchr(b'<', &bytes[at..]) {
            let start = at + i;
            let rest = &bytes[start..];
            at = start + 1;
            if let Some(close) = self.raw_until {
                if rest.len() >= close.len()
                    && rest[..close.len()].eq_ignore_ascii_case(close.as_bytes())
                {
                    self.raw_until = None;
                    self.depth = self.depth.saturating_sub(1);
                }
                continue;
            }
            if rest.starts_with(b"<!--") {
                let end = memchr::memmem::find(&rest[4..], b"-->")?;
                at = start + 4 + end + 3;
                continue;
            }
            let closing = rest.get(1) == Some(&b'/');
            let name_start = if closing { 2 } else { 1 };
            let name_len = rest[name_start..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
                .count();
            if name_len == 0 || !rest[name_start].is_ascii_alphabetic() {
                continue;
            }
            let name = String::from_utf8_lossy(&rest[name_start..name_start + name_len])
                .to_ascii_lowercase();
            let end = memchr::memchr(b'>', rest).unwrap_or(rest.len());
            at = start + end.max(1);
            if closing {
                if !does_not_nest(&name) {
                    self.depth = self.depth.saturating_sub(1);
                }
                continue;
            }
            if does_not_nest(&name) || (end > 0 && rest[end - 1] == b'/') {
                continue;
            }
            self.raw_until = match name.as_str() {
                "script" => Some("</script"),
                "style" => Some("</style"),
                "textarea" => Some("</textarea"),
                "title" => Some("</title"),
                _ => None,
            };
            self.depth += 1;
            if self.depth > MAX_HTML_NESTING {
                return Some(start);
            }
        }
        None
    }
}

/// Elements that never hold others open: void elements, and those a
/// sibling closes (`<p>`, `<li>`, table cells and rows, options).
fn does_not_nest(tag: &str) -> bool {
    matches!(
        tag,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
            | "p"
            | "li"
            | "dt"
            | "dd"
            | "tr"
            | "td"
            | "th"
            | "option"
            | "optgroup"
            | "rb"
            | "rt"
            | "rp"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_only_what_holds_others_open() {
        let mut d = Depth::default();
        let flat = "<p>a<p>b<li>c<br><img src=x><hr/><div>x</div><!-- <div><div> -->";
        assert_eq!(d.too_deep(&flat.repeat(200)), None);
        let mut d = Depth::default();
        let scripted = format!("<script>{}</script>", "<div>".repeat(100));
        assert_eq!(d.too_deep(&scripted), None);
        let mut d = Depth::default();
        let deep = "<span>".repeat(MAX_HTML_NESTING + 1);
        assert_eq!(d.too_deep(&deep), Some(MAX_HTML_NESTING * 6));
        // Across pieces: the depth carries over from one piece to the next.
        let mut d = Depth::default();
        for _ in 0..MAX_HTML_NESTING {
            assert_eq!(d.too_deep("<b>"), None);
        }
        assert_eq!(d.too_deep("<i>"), Some(0));
    }
}
