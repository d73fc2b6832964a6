//! Markdown to HTML, once per page: heading ids, table of contents, link
//! rewriting (`@/x.md`, relative `.md` links, assets) and the list of links
//! the resolve stage must check. Knows URLs only through `routes`.
//! Contributor input is checked here as it is read: link schemes, heading
//! attributes, images' alt text (`images`), and raw HTML through
//! `sanitize`. Shortcodes are expanded before the Markdown is read
//! (`calls`, `shortcodes`).

mod calls;
mod headings;
mod images;
mod links;
mod shortcodes;
#[cfg(test)]
mod tests;
mod walk;

use crate::diag::Severity;
use crate::sanitize::{self, HtmlPolicy};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use walk::Walk;

pub(crate) use calls::has_call_opening;
pub(crate) use links::files_under;
pub(crate) use shortcodes::{FOLDER as SHORTCODES_FOLDER, Listed, Shortcodes};

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
    /// The body's first processed image (set by `images::rewrite`), for
    /// the page's social image and thumbnail.
    pub first_image: Option<crate::images::Shown>,
    /// The URL of every local image the body shows (set by
    /// `images::rewrite`): the page is parsed again when one changes.
    pub image_urls: Vec<String>,
}

/// Renders `body` of the content file at `path` (content-relative), with
/// no shortcodes.
#[cfg(test)]
pub(crate) fn render(body: &str, path: &str, base_path: &str, html: &HtmlPolicy) -> Rendered {
    render_page(body, path, base_path, html, &Shortcodes::default())
}

/// Renders `body` of the content file at `path` (content-relative).
/// `base_path` prefixes every rewritten URL. Shortcodes are expanded first
/// (every span stays one of `body`). Raw HTML is sanitised under `html`
/// (and what is removed reported); a body without raw HTML needs no
/// sanitiser, since every attribute written from Markdown is checked here.
pub(crate) fn render_page(
    body: &str,
    path: &str,
    base_path: &str,
    html: &HtmlPolicy,
    shortcodes: &Shortcodes,
) -> Rendered {
    let page = shortcodes::Page {
        path,
        base_path,
        html,
        shortcodes,
        depth: 0,
    };
    render_inner(body, &page)
}

/// A body, or a block shortcode's body, rendered.
fn render_inner(body: &str, page: &shortcodes::Page<'_>) -> Rendered {
    let mut calls = Rendered::default();
    let expanded = shortcodes::expand(body, page, &mut calls);
    let mut out = markdown_only(&expanded.text, page.path, page.base_path, page.html);
    if !expanded.is_empty() {
        for p in &mut out.problems {
            p.span = expanded.original_range(&p.span);
        }
        for l in &mut out.page_links {
            l.span = expanded.original_range(&l.span);
        }
        for l in &mut out.file_links {
            l.span = expanded.original_range(&l.span);
        }
        shortcodes::substitute(&expanded, &mut out);
        out.first_paragraph = shortcodes::without_placeholders(&out.first_paragraph);
    }
    out.problems.append(&mut calls.problems);
    out.page_links.append(&mut calls.page_links);
    out.file_links.append(&mut calls.file_links);
    out.word_count += calls.word_count;
    out
}

/// Markdown (with no shortcodes left) to HTML.
fn markdown_only(body: &str, path: &str, base_path: &str, html: &HtmlPolicy) -> Rendered {
    let mut walk = Walk::new(body, path, base_path);
    let mut nesting = Nesting::default();
    let mut parser = Parser::new_ext(body, options()).into_offset_iter();
    while let Some((event, range)) = parser.next() {
        if nesting.keep(&event, &range, &mut walk.out) {
            walk.event(event, range, &parser);
        }
    }
    let Walk {
        mut out,
        events,
        raw_html,
        ..
    } = walk;
    out.html.reserve(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    images::raw_without_alt(&raw_html, &mut out.problems);
    sanitise(body, &raw_html, html, &mut out);
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

/// Sanitises the HTML of a body with raw HTML (unless the hub trusts it),
/// reporting each removal where it is written; a body whose raw HTML is
/// nested too deep to sanitise in linear time is an error, and its HTML is
/// shown as text until it is fixed.
fn sanitise(
    body: &str,
    raw_html: &[(String, std::ops::Range<usize>)],
    html: &HtmlPolicy,
    out: &mut Rendered,
) {
    if let Some(at) = raw_too_deep(raw_html) {
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
        for (fragment, range) in raw_html {
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
}

/// The body offset of the first raw HTML tag nested too deep, if any.
fn raw_too_deep(raw_html: &[(String, std::ops::Range<usize>)]) -> Option<usize> {
    let mut depth = sanitize::Depth::default();
    raw_html.iter().find_map(|(fragment, range)| {
        let at = depth.too_deep(fragment)?;
        Some(range.start + at.min(range.len().saturating_sub(1)))
    })
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
