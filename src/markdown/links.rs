//! Links in a body: each destination checked and rewritten (`@/x.md` and
//! relative `.md` links to the page's URL, relative files to theirs), and
//! what resolve must check recorded; link schemes refused.

use super::{BodyProblem, FileLink, PageLink, Rendered};
use crate::routes::Route;
use crate::sanitize;
use pulldown_cmark::{CowStr, LinkType};
use std::collections::HashSet;
use std::ops::Range;

/// Joins a relative link onto the folder of `from` (content-relative),
/// resolving `.` and `..`. `None` if it climbs out of `content/`.
pub(super) fn join_relative(from: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for segment in link.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn is_external(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    match url.find(':') {
        Some(i) => {
            let scheme = &url[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !url[..i].contains('/')
        }
        None => false,
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Where the definition of a reference-style link is (`[x]: url`), the
/// place to fix its address.
pub(super) fn definition_span<'a, F: pulldown_cmark::BrokenLinkCallback<'a>>(
    parser: &pulldown_cmark::OffsetIter<'a, F>,
    link_type: LinkType,
    id: &str,
) -> Option<Range<usize>> {
    match link_type {
        LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut => parser
            .reference_definitions()
            .get(id)
            .map(|d| d.span.clone()),
        _ => None,
    }
}

/// One error per link, or per reference definition however often used.
pub(super) fn bad_scheme(
    scheme: &str,
    span: Range<usize>,
    reported: &mut HashSet<(usize, usize)>,
    problems: &mut Vec<BodyProblem>,
) {
    if !reported.insert((span.start, span.end)) {
        return;
    }
    problems.push(BodyProblem::error(
        "bad-url-scheme",
        span,
        format!("`{scheme}:` links are not allowed"),
        sanitize::SCHEME_HINT,
    ));
}

/// Rewrites one link destination and records what resolve must check.
pub(super) fn rewrite<'a>(
    dest: &CowStr<'a>,
    link_type: LinkType,
    path: &str,
    base_path: &str,
    span: Range<usize>,
    is_image: bool,
    out: &mut Rendered,
) -> CowStr<'a> {
    if matches!(link_type, LinkType::Email | LinkType::Autolink) || dest.is_empty() {
        return dest.clone();
    }
    let raw: &str = dest;
    if is_external(raw) || raw.starts_with('/') {
        return dest.clone();
    }
    let (link_path, anchor) = match raw.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (raw, None),
    };
    let link_path = link_path.split_once('?').map_or(link_path, |(p, _)| p);
    if link_path.is_empty() {
        // `#anchor` within this page.
        out.page_links.push(PageLink {
            target: String::new(),
            anchor,
            span,
            at: Default::default(),
        });
        return dest.clone();
    }
    let decoded = percent_decode(link_path);
    let target = if let Some(abs) = decoded.strip_prefix("@/") {
        Some(abs.trim_start_matches('/').to_string())
    } else {
        let within = path.strip_prefix("content/").unwrap_or(path);
        join_relative(within, &decoded)
    };
    let Some(target) = target else {
        out.problems.push(BodyProblem::error(
            "bad-link",
            span,
            format!("link `{raw}` points outside content/"),
            "link to pages with `@/collection/slug.md` or a path that stays inside content/",
        ));
        return dest.clone();
    };
    // `@/` to a non-page or a folder: resolve reports it as a page link.
    let page_like = decoded.starts_with("@/") || !is_image && link_path.ends_with('/');
    let link = Found {
        target,
        anchor,
        span,
        is_image,
    };
    match record(link, page_like, base_path, out) {
        Some(url) => CowStr::from(url),
        None => dest.clone(),
    }
}

/// A link to a file of `content/`, resolved.
struct Found {
    /// Content-relative path.
    target: String,
    anchor: Option<String>,
    span: Range<usize>,
    is_image: bool,
}

/// Records a link for resolve to check: a page link (to a `.md` file, or
/// `page_like`) or a file link. Returns its new URL, or `None` to keep the
/// written one.
fn record(link: Found, page_like: bool, base_path: &str, out: &mut Rendered) -> Option<String> {
    let Found {
        target,
        anchor,
        span,
        is_image,
    } = link;
    let is_page = target.ends_with(".md");
    let mut url = if is_page {
        Route::ContentPage(&target).url_under(base_path)
    } else {
        Route::ContentFile(&target).url_under(base_path)
    };
    if let Some(a) = &anchor {
        url.push('#');
        url.push_str(a);
    }
    if is_page || page_like {
        out.page_links.push(PageLink {
            target,
            anchor,
            span,
            at: Default::default(),
        });
        return is_page.then_some(url);
    }
    out.file_links.push(FileLink {
        target,
        span,
        is_image,
        at: Default::default(),
    });
    Some(url)
}

/// A translation's links to files (documents, and images not made into a
/// `<picture>`) made to point at the hub's own base path `to`, where the
/// files of `content/` are published once: the body was rendered under
/// its language's folder (`from`), which has no copy of them.
pub(crate) fn files_under(body: &mut Rendered, from: &str, to: &str) {
    if from == to {
        return;
    }
    let mut done = std::collections::HashSet::new();
    for link in &body.file_links {
        if !done.insert(link.target.as_str()) {
            continue;
        }
        let route = Route::ContentFile(&link.target);
        let (mut old, mut new) = (String::from("=\""), String::from("=\""));
        let _ = pulldown_cmark_escape::escape_href(&mut old, &route.url_under(from));
        let _ = pulldown_cmark_escape::escape_href(&mut new, &route.url_under(to));
        if body.html.contains(&old) {
            body.html = body.html.replace(&old, &new);
        }
    }
}
