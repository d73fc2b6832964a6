//! The part of a rendered page the index reads: the page body without its
//! ignored parts, plus hidden elements carrying its filters.

use super::*;

/// The part of a rendered page Pagefind reads: from the element marked
/// `data-pagefind-body` to the end of `<main>` (the header, navigation and
/// footer are not indexed anyway), plus the page's filters and collection
/// as hidden elements. Keeping only this part keeps memory low while pages
/// stream by.
pub(super) fn reduce(html: &str, extra: &str) -> String {
    let start = html
        .find("data-pagefind-body")
        .and_then(|i| html[..i].rfind('<'));
    match start {
        Some(start) => {
            let end = html[start..]
                .rfind("</main>")
                .map_or(html.len(), |e| start + e);
            format!(
                "<!DOCTYPE html><html><body>{}{extra}</body></html>",
                cut_ignored(&html[start..end])
            )
        }
        None => match html.rfind("</body>") {
            Some(i) => format!("{}{extra}{}", &html[..i], &html[i..]),
            None => format!("{html}{extra}"),
        },
    }
}

const IGNORE_ATTRIBUTE: &str = "data-pagefind-ignore";

/// `html` without the elements marked `data-pagefind-ignore` (related
/// content, back-links, the location panel: half the text of an item
/// page), which Pagefind would parse only to leave out. An element that
/// also holds another Pagefind attribute (a filter or meta inside an
/// ignored part still counts) is kept, and so is anything this simple scan
/// of the theme's well-formed output cannot pair with its closing tag.
fn cut_ignored(html: &str) -> std::borrow::Cow<'_, str> {
    let mut kept = String::new();
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = html[from..].find(IGNORE_ATTRIBUTE) {
        let at = from + found;
        from = at + IGNORE_ATTRIBUTE.len();
        // The attribute must sit inside a start tag at or after `copied`.
        let Some(open) = html[copied..at].rfind('<').map(|i| copied + i) else {
            continue;
        };
        if html[open..at].contains('>') {
            continue;
        }
        let name: &str = html[open + 1..]
            .split(|c: char| !c.is_ascii_alphanumeric())
            .next()
            .unwrap_or("");
        if name.is_empty() {
            continue;
        }
        let Some(end) = closing_tag_end(html, from, name) else {
            continue;
        };
        let element = &html[open..end];
        if element.matches("data-pagefind-").count() != element.matches(IGNORE_ATTRIBUTE).count() {
            continue;
        }
        kept.push_str(&html[copied..open]);
        copied = end;
        from = end;
    }
    if copied == 0 {
        return std::borrow::Cow::Borrowed(html);
    }
    kept.push_str(&html[copied..]);
    std::borrow::Cow::Owned(kept)
}

/// The end of the `</name>` that closes an element named `name` whose start
/// tag is open at `from`, counting nested elements of the same name.
fn closing_tag_end(html: &str, from: usize, name: &str) -> Option<usize> {
    let name_ends = |rest: &str| {
        rest.len() >= name.len()
            && rest.as_bytes()[..name.len()].eq_ignore_ascii_case(name.as_bytes())
            && rest[name.len()..]
                .chars()
                .next()
                .is_some_and(|c| c == '>' || c == '/' || c.is_ascii_whitespace())
    };
    let mut depth = 1usize;
    let mut at = from;
    while let Some(i) = html[at..].find('<') {
        let tag = at + i;
        let rest = &html[tag + 1..];
        if let Some(closing) = rest.strip_prefix('/') {
            if name_ends(closing) {
                depth -= 1;
                if depth == 0 {
                    return html[tag..].find('>').map(|e| tag + e + 1);
                }
            }
        } else if name_ends(rest) {
            depth += 1;
        }
        at = tag + 1;
    }
    None
}

/// Hidden elements carrying a page's filters, its collection and its
/// place in its collection's listing (the sort key `listed`, so a listing
/// narrowed in the browser keeps the listing's order).
pub(super) fn extra_html(
    filters: &BTreeMap<String, Vec<String>>,
    collection: &str,
    listed_at: usize,
) -> String {
    let mut extra = String::from("<div hidden>");
    for (name, values) in filters {
        for v in values {
            extra.push_str(&format!(
                "<span data-pagefind-filter=\"{}\">{}</span>",
                escape_xml(name),
                escape_xml(v)
            ));
        }
    }
    extra.push_str(&format!(
        "<span data-pagefind-meta=\"collection\">{}</span>\
         <span data-pagefind-sort=\"listed\">{listed_at:07}</span></div>",
        escape_xml(collection)
    ));
    extra
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignored_parts_are_cut_before_indexing() {
        let html = concat!(
            "<article><p>Kept text.</p>",
            "<section class=\"related\" data-pagefind-ignore><div><section>x</section>",
            "<p>Related</p></div></section>",
            "<p>Also kept: data-pagefind-ignore in prose.</p>",
            "<div data-pagefind-ignore><span data-pagefind-filter=\"Place\">Belfast</span></div>",
            "<nav data-pagefind-ignore=\"all\">Pager</nav>",
            "<aside data-pagefind-ignore>never closed",
            "</article>"
        );
        assert_eq!(
            cut_ignored(html),
            concat!(
                "<article><p>Kept text.</p>",
                "<p>Also kept: data-pagefind-ignore in prose.</p>",
                "<div data-pagefind-ignore><span data-pagefind-filter=\"Place\">Belfast</span></div>",
                "<aside data-pagefind-ignore>never closed",
                "</article>"
            )
        );
        assert!(matches!(
            cut_ignored("<p>plain</p>"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
