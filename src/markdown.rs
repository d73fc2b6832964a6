//! Markdown to HTML, once per page: heading ids, table of contents, link
//! rewriting (`@/x.md`, relative `.md` links, assets) and the list of links
//! the resolve stage must check. Knows URLs only through `routes`.
//! Contributor input is checked here as it is read: link schemes, heading
//! attributes, and raw HTML through `sanitize`.

use crate::diag::Severity;
use crate::routes::Route;
use crate::sanitize::{self, HtmlPolicy};
use crate::text::{count_words, slugify};
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;

/// Every extension we use, listed explicitly: `Options::all()` would also
/// switch on old-style footnotes, which silently disables GFM footnotes.
pub(crate) fn options() -> Options {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    options.insert(Options::ENABLE_SMART_PUNCTUATION);
    options.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    options
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link in the body to another page (or an anchor in this one).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PageLink {
    /// Content-relative path of the target (`methods/five-up.md`), or empty
    /// for a same-page `#anchor`.
    pub target: String,
    pub anchor: Option<String>,
    /// Byte range of the link in the body.
    pub span: std::ops::Range<usize>,
    /// Where the link is in its file (filled in by `parse`).
    pub at: crate::diag::Spot,
}

/// A relative link to a file that is not a page (image, PDF...).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FileLink {
    /// Content-relative path (`case-studies/belfast/map.png`).
    pub target: String,
    pub span: std::ops::Range<usize>,
    pub is_image: bool,
    pub alt: String,
    /// Where the link is in its file (filled in by `parse`).
    pub at: crate::diag::Spot,
}

/// A problem found while rendering, with its byte range in the body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BodyProblem {
    pub severity: Severity,
    /// Diagnostic code: `bad-link`, `too-deep`, `html-removed`...
    pub code: &'static str,
    pub span: std::ops::Range<usize>,
    pub message: String,
    pub hint: String,
}

impl BodyProblem {
    fn error(
        code: &'static str,
        span: std::ops::Range<usize>,
        message: String,
        hint: &str,
    ) -> Self {
        BodyProblem {
            severity: Severity::Error,
            code,
            span,
            message,
            hint: hint.to_string(),
        }
    }

    fn warning(
        code: &'static str,
        span: std::ops::Range<usize>,
        message: String,
        hint: &str,
    ) -> Self {
        BodyProblem {
            severity: Severity::Warning,
            ..Self::error(code, span, message, hint)
        }
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub page_links: Vec<PageLink>,
    pub file_links: Vec<FileLink>,
    pub problems: Vec<BodyProblem>,
    /// Plain text of the first paragraph, for a summary fallback.
    pub first_paragraph: String,
    pub word_count: usize,
}

/// Joins a relative link onto the folder of `from` (content-relative),
/// resolving `.` and `..`. `None` if it climbs out of `content/`.
pub(crate) fn join_relative(from: &str, link: &str) -> Option<String> {
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

/// Renders `body` of the content file at `path` (content-relative).
/// `base_path` prefixes every rewritten URL. Raw HTML is sanitised under
/// `html` (and what is removed reported); a body without raw HTML needs no
/// sanitiser, since every attribute written from Markdown is checked here.
pub(crate) fn render(body: &str, path: &str, base_path: &str, html: &HtmlPolicy) -> Rendered {
    let mut out = Rendered::default();
    // Raw HTML as (its text, where it is in the body); an HTML block comes
    // as one event per line and is scanned as one piece.
    let mut raw_html: Vec<(String, std::ops::Range<usize>)> = Vec::new();
    let mut in_html_block = false;
    // Reference definitions already reported for a bad scheme.
    let mut reported_defs: std::collections::HashSet<(usize, usize)> =
        std::collections::HashSet::new();
    // About one event per 10 bytes of Markdown: sized once, not regrown.
    let mut events: Vec<Event<'_>> = Vec::with_capacity(body.len() / 8 + 16);
    let mut used_ids: std::collections::HashSet<String> = std::collections::HashSet::new();
    // Per base id, the next suffix worth trying: ids stay linear in the
    // number of headings however many share a title.
    let mut next_suffix: std::collections::HashMap<String, usize> =
        std::collections::HashMap::new();

    // Heading being collected: (index of its Start event in `events`, text).
    let mut heading: Option<(usize, String)> = None;
    // Image being collected: (index in file_links, alt text).
    let mut image: Option<usize> = None;
    let mut paragraph_depth = 0usize;
    let mut in_first_paragraph = false;
    let mut first_paragraph_done = false;
    let mut list_depth = 0usize;
    let mut quote_depth = 0usize;
    let mut nesting = Nesting::default();

    let mut parser = Parser::new_ext(body, options()).into_offset_iter();
    while let Some((event, range)) = parser.next() {
        if !nesting.keep(&event, &range, &mut out) {
            continue;
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                heading = Some((events.len(), String::new()));
                let (id, classes) =
                    heading_attributes(body, range, id, classes, attrs, &mut out.problems);
                events.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs: Vec::new(),
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((start, title)) = heading.take() {
                    let title = title.trim().to_string();
                    if let Event::Start(Tag::Heading { id, .. }) = &mut events[start] {
                        let wanted = match id {
                            Some(given) => given.to_string(),
                            None => {
                                let base = slugify(&title);
                                let base = if base.is_empty() {
                                    "section".to_string()
                                } else {
                                    base
                                };
                                unique_id(base, &used_ids, &mut next_suffix)
                            }
                        };
                        used_ids.insert(wanted.clone());
                        *id = Some(CowStr::from(wanted.clone()));
                        out.headings.push(Heading {
                            level: heading_level(level),
                            id: wanted,
                            title,
                        });
                    }
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Paragraph) => {
                paragraph_depth += 1;
                if !first_paragraph_done && list_depth == 0 && quote_depth == 0 {
                    in_first_paragraph = true;
                }
                events.push(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::Paragraph) => {
                paragraph_depth = paragraph_depth.saturating_sub(1);
                if in_first_paragraph {
                    in_first_paragraph = false;
                    first_paragraph_done = !out.first_paragraph.trim().is_empty();
                }
                events.push(Event::End(TagEnd::Paragraph));
            }
            Event::Start(Tag::List(n)) => {
                list_depth += 1;
                events.push(Event::Start(Tag::List(n)));
            }
            Event::End(TagEnd::List(o)) => {
                list_depth = list_depth.saturating_sub(1);
                events.push(Event::End(TagEnd::List(o)));
            }
            Event::Start(Tag::BlockQuote(k)) => {
                quote_depth += 1;
                events.push(Event::Start(Tag::BlockQuote(k)));
            }
            Event::End(TagEnd::BlockQuote(k)) => {
                quote_depth = quote_depth.saturating_sub(1);
                events.push(Event::End(TagEnd::BlockQuote(k)));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = if let Some(scheme) = sanitize::forbidden_scheme(&dest_url) {
                    let at = definition_span(&parser, link_type, &id).unwrap_or(range.clone());
                    bad_scheme(&scheme, at, &mut reported_defs, &mut out.problems);
                    CowStr::from("")
                } else {
                    rewrite(
                        &dest_url,
                        link_type,
                        path,
                        base_path,
                        range.clone(),
                        false,
                        &mut out,
                    )
                };
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = if let Some(scheme) = sanitize::forbidden_scheme(&dest_url) {
                    let at = definition_span(&parser, link_type, &id).unwrap_or(range.clone());
                    bad_scheme(&scheme, at, &mut reported_defs, &mut out.problems);
                    CowStr::from("")
                } else {
                    rewrite(
                        &dest_url,
                        link_type,
                        path,
                        base_path,
                        range.clone(),
                        true,
                        &mut out,
                    )
                };
                if out
                    .file_links
                    .last()
                    .is_some_and(|l| l.span == range && l.is_image)
                {
                    image = Some(out.file_links.len() - 1);
                } else {
                    image = None;
                }
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Image) => {
                image = None;
                events.push(Event::End(TagEnd::Image));
            }
            Event::Text(text) => {
                out.word_count += count_words(&text);
                if let Some((_, title)) = heading.as_mut() {
                    title.push_str(&text);
                }
                if let Some(i) = image {
                    out.file_links[i].alt.push_str(&text);
                }
                if in_first_paragraph && paragraph_depth > 0 {
                    out.first_paragraph.push_str(&text);
                }
                events.push(Event::Text(text));
            }
            Event::Code(code) => {
                out.word_count += count_words(&code);
                if let Some((_, title)) = heading.as_mut() {
                    title.push_str(&code);
                }
                if in_first_paragraph {
                    out.first_paragraph.push_str(&code);
                }
                events.push(Event::Code(code));
            }
            Event::SoftBreak | Event::HardBreak => {
                if in_first_paragraph {
                    out.first_paragraph.push(' ');
                }
                if let Some((_, title)) = heading.as_mut() {
                    title.push(' ');
                }
                events.push(event);
            }
            Event::Start(Tag::HtmlBlock) => {
                in_html_block = true;
                raw_html.push((String::new(), range));
                events.push(event);
            }
            Event::End(TagEnd::HtmlBlock) => {
                in_html_block = false;
                events.push(event);
            }
            Event::Html(ref text) | Event::InlineHtml(ref text) => {
                match raw_html.last_mut() {
                    Some((block, _)) if in_html_block => block.push_str(text),
                    _ => raw_html.push((text.to_string(), range)),
                }
                events.push(event);
            }
            other => events.push(other),
        }
    }
    out.html.reserve(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    if let Some(at) = raw_too_deep(&raw_html) {
        // Too deep to sanitise in linear time: an error, and the page's
        // HTML shown as text until it is fixed.
        out.problems.push(BodyProblem::error(
            "too-deep",
            at..at + 1,
            format!(
                "HTML elements are nested more than {} levels deep here",
                sanitize::MAX_HTML_NESTING
            ),
            "close the elements you open, or write the structure in Markdown",
        ));
        let mut shown = String::with_capacity(out.html.len() * 5 / 4);
        let _ = pulldown_cmark_escape::escape_html(&mut shown, &out.html);
        out.html = shown;
    } else if !raw_html.is_empty() && !html.trusted {
        let sanitizer = sanitize::Sanitizer::new(html);
        for (fragment, range) in &raw_html {
            for r in sanitizer.scan(fragment, &body[range.clone()]) {
                let start = range.start + r.offset;
                out.problems.push(BodyProblem::warning(
                    "html-removed",
                    start..start + r.width,
                    r.message,
                    r.hint,
                ));
            }
        }
        out.html = sanitizer.clean(&out.html);
    }
    // Every page's HTML is held until it is rendered: no spare capacity
    // (up to half of it after the buffer grew) at 100,000 pages.
    out.html.shrink_to_fit();
    out.first_paragraph = out
        .first_paragraph
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    out
}

/// The body offset of the first raw HTML tag nested too deep, if any.
fn raw_too_deep(raw_html: &[(String, std::ops::Range<usize>)]) -> Option<usize> {
    let mut depth = sanitize::Depth::default();
    raw_html.iter().find_map(|(fragment, range)| {
        let at = depth.too_deep(fragment)?;
        Some(range.start + at.min(range.len().saturating_sub(1)))
    })
}

/// Where the definition of a reference-style link is (`[x]: url`), the
/// place to fix its address.
fn definition_span<'a, F: pulldown_cmark::BrokenLinkCallback<'a>>(
    parser: &pulldown_cmark::OffsetIter<'a, F>,
    link_type: LinkType,
    id: &str,
) -> Option<std::ops::Range<usize>> {
    match link_type {
        LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut => parser
            .reference_definitions()
            .get(id)
            .map(|d| d.span.clone()),
        _ => None,
    }
}

/// One error per link, or per reference definition however often used.
fn bad_scheme(
    scheme: &str,
    span: std::ops::Range<usize>,
    reported: &mut std::collections::HashSet<(usize, usize)>,
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

/// A heading keeps `{#id}` and `{.class}` made of letters, digits, `-`
/// and `_`; anything else written in its `{...}` is dropped with a warning.
fn heading_attributes<'a>(
    body: &str,
    range: std::ops::Range<usize>,
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

/// `base`, or `base-1`, `base-2`… the first not in `used`. Each base's
/// counter only moves forward, so n headings cost O(n) lookups in all.
fn unique_id(
    base: String,
    used: &std::collections::HashSet<String>,
    next_suffix: &mut std::collections::HashMap<String, usize>,
) -> String {
    if !used.contains(&base) {
        return base;
    }
    let n = next_suffix.entry(base.clone()).or_insert(1);
    loop {
        let candidate = format!("{base}-{n}");
        *n += 1;
        if !used.contains(&candidate) {
            return candidate;
        }
    }
}

/// Lists and quotes nested deeper than this are an error and are shown
/// flat: no real page needs it, and every later reader of the HTML (the
/// browser, the search indexer) pays for each level on each element.
pub(crate) const MAX_NESTING: usize = 32;

/// Depth of nested lists and block quotes, and whether the
/// too-deep problem was reported (once per page).
#[derive(Default)]
struct Nesting {
    depth: usize,
    reported: bool,
}

impl Nesting {
    /// False for the start and end events of containers deeper than
    /// `MAX_NESTING`: dropping both keeps the events balanced.
    fn keep(
        &mut self,
        event: &Event<'_>,
        range: &std::ops::Range<usize>,
        out: &mut Rendered,
    ) -> bool {
        let container = |t: &Tag<'_>| matches!(t, Tag::List(_) | Tag::BlockQuote(_));
        let container_end = |t: &TagEnd| matches!(t, TagEnd::List(_) | TagEnd::BlockQuote(_));
        match event {
            // An item goes with its list.
            Event::Start(Tag::Item) | Event::End(TagEnd::Item) => self.depth <= MAX_NESTING,
            Event::Start(t) if container(t) => {
                self.depth += 1;
                if self.depth <= MAX_NESTING {
                    return true;
                }
                if !self.reported {
                    self.reported = true;
                    out.problems.push(BodyProblem {
                        severity: Severity::Error,
                        code: "too-deep",
                        span: range.start..range.start + 1,
                        message: format!(
                            "lists and quotes are nested more than {MAX_NESTING} levels deep here"
                        ),
                        hint: "use fewer levels: start a new list or quote, or use headings to structure the text".into(),
                    });
                }
                false
            }
            Event::End(t) if container_end(t) => {
                let keep = self.depth <= MAX_NESTING;
                self.depth = self.depth.saturating_sub(1);
                keep
            }
            _ => true,
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Rewrites one link destination and records what resolve must check.
fn rewrite<'a>(
    dest: &CowStr<'a>,
    link_type: LinkType,
    path: &str,
    base_path: &str,
    span: std::ops::Range<usize>,
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
    if target.ends_with(".md") {
        let mut full = Route::ContentPage(&target).url_under(base_path);
        out.page_links.push(PageLink {
            target,
            anchor: anchor.clone(),
            span,
            at: Default::default(),
        });
        if let Some(a) = anchor {
            full.push('#');
            full.push_str(&a);
        }
        CowStr::from(full)
    } else if decoded.starts_with("@/") || !is_image && link_path.ends_with('/') {
        // `@/` to a non-page or a folder: let resolve report it as a page link.
        out.page_links.push(PageLink {
            target,
            anchor,
            span,
            at: Default::default(),
        });
        dest.clone()
    } else {
        out.file_links.push(FileLink {
            target: target.clone(),
            span,
            is_image,
            alt: String::new(),
            at: Default::default(),
        });
        let mut full = Route::ContentFile(&target).url_under(base_path);
        if let Some(a) = anchor {
            full.push('#');
            full.push_str(&a);
        }
        CowStr::from(full)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_joins_stay_inside_content() {
        assert_eq!(
            join_relative("case-studies/a.md", "../methods/x.md").as_deref(),
            Some("methods/x.md")
        );
        assert_eq!(
            join_relative("case-studies/a/index.md", "map.png").as_deref(),
            Some("case-studies/a/map.png")
        );
        assert_eq!(join_relative("a.md", "../../etc/passwd"), None);
    }

    #[test]
    fn headings_get_unique_ids_and_links_are_rewritten() {
        let body = "Intro *text* here.\n\n## The five steps\n\n## The five steps\n\n### Custom {#mine}\n\nSee [x](../../methods/five-up.md#the-five-steps), [y](@/methods/a.md) and ![map](map.png).\n";
        let r = render(
            body,
            "content/case-studies/b/index.md",
            "/hub/",
            &HtmlPolicy::default(),
        );
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["the-five-steps", "the-five-steps-1", "mine"]);
        assert!(
            r.html
                .contains("href=\"/hub/methods/five-up/#the-five-steps\"")
        );
        assert!(r.html.contains("href=\"/hub/methods/a/\""));
        assert!(r.html.contains("src=\"/hub/case-studies/b/map.png\""));
        assert_eq!(r.first_paragraph, "Intro text here.");
        assert_eq!(r.page_links.len(), 2);
        assert_eq!(r.page_links[0].target, "methods/five-up.md");
        assert_eq!(r.page_links[0].anchor.as_deref(), Some("the-five-steps"));
        assert_eq!(r.file_links[0].alt, "map");
        assert_eq!(&body[r.page_links[1].span.clone()], "[y](@/methods/a.md)");
    }

    #[test]
    fn footnotes_tables_and_tasks_render() {
        let r = render(
            "a[^1]\n\n[^1]: note\n\n|a|b|\n|-|-|\n|1|2|\n\n- [x] done\n",
            "content/x.md",
            "/",
            &HtmlPolicy::default(),
        );
        assert!(r.html.contains("footnote"));
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("checkbox"));
    }

    fn problems(r: &Rendered, body: &str) -> Vec<(String, &'static str, String)> {
        r.problems
            .iter()
            .map(|p| (body[p.span.clone()].to_string(), p.code, p.message.clone()))
            .collect()
    }

    #[test]
    fn links_with_other_schemes_are_errors_and_lose_their_address() {
        let body = "[a](JavaScript:alert(1)) ![b](data:image/png;base64,AA) <vbscript:x> [c](<\u{1}java\tscript:y>) [d](jav&#x61;script:z) [e][r] [f][r] [ok](mailto:a@b.c) [t](tel:+331) <https://x.org>\n\n[r]: file:///etc/passwd\n";
        let r = render(body, "content/x.md", "/", &HtmlPolicy::default());
        let found = problems(&r, body);
        let at: Vec<&str> = found.iter().map(|(s, _, _)| s.as_str()).collect();
        assert_eq!(
            at,
            [
                "[a](JavaScript:alert(1))",
                "![b](data:image/png;base64,AA)",
                "<vbscript:x>",
                "[c](<\u{1}java\tscript:y>)",
                "[d](jav&#x61;script:z)",
                "[r]: file:///etc/passwd",
            ]
        );
        assert!(found.iter().all(|(_, code, _)| *code == "bad-url-scheme"));
        assert_eq!(found[0].2, "`javascript:` links are not allowed");
        assert_eq!(found[5].2, "`file:` links are not allowed");
        assert_eq!(
            r.html,
            "<p><a href=\"\">a</a> <img src=\"\" alt=\"b\" /> <a href=\"\">vbscript:x</a> <a href=\"\">c</a> <a href=\"\">d</a> <a href=\"\">e</a> <a href=\"\">f</a> <a href=\"mailto:a@b.c\">ok</a> <a href=\"tel:+331\">t</a> <a href=\"https://x.org\">https://x.org</a></p>\n"
        );
    }

    #[test]
    fn headings_keep_only_a_plain_id_and_classes() {
        let body = "## Plan {#plan .wide onclick=alert(1) data-x=1}\n\n## Other {#a&b .c:d}\n";
        let r = render(body, "content/x.md", "/", &HtmlPolicy::default());
        assert!(
            r.html.contains("<h2 id=\"plan\" class=\"wide\">Plan</h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"other\">Other</h2>"), "{}", r.html);
        let found = problems(&r, body);
        let at: Vec<(&str, &str)> = found
            .iter()
            .map(|(s, _, m)| (s.as_str(), m.as_str()))
            .collect();
        assert_eq!(
            at,
            [
                ("onclick", "removed attribute `onclick` from the heading"),
                ("data-x", "removed attribute `data-x` from the heading"),
                ("a&b", "removed heading id `a&b`"),
                ("c:d", "removed heading class `c:d`"),
            ]
        );
    }

    #[test]
    fn raw_html_is_sanitised_and_each_removal_reported_where_it_is() {
        let body = "Text <b onclick=\"x()\">bold</b>.\n\n> <div>\n> <script>x()</script>\n> </div>\n\nEnd.\n";
        let r = render(body, "content/x.md", "/", &HtmlPolicy::default());
        assert!(r.html.contains("Text <b>bold</b>."), "{}", r.html);
        assert!(!r.html.contains("script") && !r.html.contains("onclick"));
        let found = problems(&r, body);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, "onclick");
        assert_eq!(found[1].0, "<script");
        assert!(found.iter().all(|(_, code, _)| *code == "html-removed"));
        let trusted = HtmlPolicy {
            trusted: true,
            ..HtmlPolicy::default()
        };
        let r = render(body, "content/x.md", "/", &trusted);
        assert!(r.html.contains("<b onclick=\"x()\">") && r.html.contains("<script>x()</script>"));
        assert!(r.problems.is_empty());
    }
}
