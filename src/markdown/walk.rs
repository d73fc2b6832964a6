//! One walk over a body's Markdown events: headings get ids and join the
//! table of contents, links are checked and rewritten, the first
//! paragraph, words and raw HTML are collected, and the events to print
//! are kept.

use super::headings::{HeadingIds, heading_attributes, heading_level};
use super::images::{Alt, spaced_image};
use super::links::{bad_scheme, definition_span, rewrite};
use super::{Heading, Rendered};
use crate::sanitize;
use crate::text::count_words;
use pulldown_cmark::{BrokenLinkCallback, CowStr, Event, OffsetIter, Tag, TagEnd};
use std::collections::HashSet;
use std::ops::Range;

/// The state of the walk over one body.
pub(super) struct Walk<'b> {
    body: &'b str,
    /// The content file's path (content-relative), links are relative to.
    path: &'b str,
    base_path: &'b str,
    pub(super) out: Rendered,
    /// The events to print. About one event per 10 bytes of Markdown:
    /// sized once, not regrown.
    pub(super) events: Vec<Event<'b>>,
    /// Raw HTML as (its text, where it is in the body); an HTML block comes
    /// as one event per line and is scanned as one piece.
    pub(super) raw_html: Vec<(String, Range<usize>)>,
    in_html_block: bool,
    /// Reference definitions already reported for a bad scheme.
    reported_defs: HashSet<(usize, usize)>,
    ids: HeadingIds,
    /// Heading being collected: (index of its Start event in `events`,
    /// text).
    heading: Option<(usize, String)>,
    /// Images being collected (an image's alt text may hold another).
    images: Vec<Alt>,
    in_code_block: bool,
    paragraph_depth: usize,
    in_first_paragraph: bool,
    first_paragraph_done: bool,
    list_depth: usize,
    quote_depth: usize,
}

impl<'b> Walk<'b> {
    pub(super) fn new(body: &'b str, path: &'b str, base_path: &'b str) -> Self {
        Walk {
            body,
            path,
            base_path,
            out: Rendered::default(),
            events: Vec::with_capacity(body.len() / 8 + 16),
            raw_html: Vec::new(),
            in_html_block: false,
            reported_defs: HashSet::new(),
            ids: HeadingIds::default(),
            heading: None,
            images: Vec::new(),
            in_code_block: false,
            paragraph_depth: 0,
            in_first_paragraph: false,
            first_paragraph_done: false,
            list_depth: 0,
            quote_depth: 0,
        }
    }

    /// Takes in one event (at `range` in the body); `parser` knows the
    /// reference definitions.
    pub(super) fn event<F: BrokenLinkCallback<'b>>(
        &mut self,
        event: Event<'b>,
        range: Range<usize>,
        parser: &OffsetIter<'b, F>,
    ) {
        let event = match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                self.heading = Some((self.events.len(), String::new()));
                let problems = &mut self.out.problems;
                let (id, classes) =
                    heading_attributes(self.body, range, id, classes, attrs, problems);
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs: Vec::new(),
                })
            }
            Event::End(TagEnd::Heading(level)) => {
                self.heading_end(level);
                event
            }
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                Event::Start(self.link(tag, range, parser))
            }
            Event::End(TagEnd::Image) => {
                if let Some(alt) = self.images.pop() {
                    alt.end(&mut self.events, &mut self.out.problems);
                }
                event
            }
            Event::Start(Tag::CodeBlock(_)) => {
                self.in_code_block = true;
                event
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code_block = false;
                event
            }
            Event::Text(_) if !self.in_code_block => {
                spaced_image(self.body, range, &mut self.out.problems);
                self.text_and_blocks(&event);
                event
            }
            Event::Start(Tag::HtmlBlock) => {
                self.in_html_block = true;
                self.raw_html.push((String::new(), range));
                event
            }
            Event::End(TagEnd::HtmlBlock) => {
                self.in_html_block = false;
                event
            }
            Event::Html(ref text) | Event::InlineHtml(ref text) => {
                match self.raw_html.last_mut() {
                    Some((block, _)) if self.in_html_block => block.push_str(text),
                    _ => self.raw_html.push((text.to_string(), range)),
                }
                event
            }
            other => {
                self.text_and_blocks(&other);
                other
            }
        };
        self.events.push(event);
    }

    /// A link or an image, with its destination checked and rewritten.
    fn link<F: BrokenLinkCallback<'b>>(
        &mut self,
        tag: Tag<'b>,
        range: Range<usize>,
        parser: &OffsetIter<'b, F>,
    ) -> Tag<'b> {
        match tag {
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => Tag::Link {
                dest_url: self.destination(dest_url, link_type, &id, range, false, parser),
                link_type,
                title,
                id,
            },
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => {
                let file = dest_url.rsplit('/').next().unwrap_or("").to_string();
                // The events of its alt text follow the start's.
                let start = self.events.len() + 1;
                self.images.push(Alt::new(start, range.clone(), file));
                let dest_url = self.destination(dest_url, link_type, &id, range, true, parser);
                Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }
            }
            other => other,
        }
    }

    /// A heading ends: it gets its id and joins the table of contents.
    fn heading_end(&mut self, level: pulldown_cmark::HeadingLevel) {
        let Some((start, title)) = self.heading.take() else {
            return;
        };
        let title = title.trim().to_string();
        if let Event::Start(Tag::Heading { id, .. }) = &mut self.events[start] {
            let wanted = self.ids.claim(id.as_deref(), &title);
            *id = Some(CowStr::from(wanted.clone()));
            self.out.headings.push(Heading {
                level: heading_level(level),
                id: wanted,
                title,
            });
        }
    }

    /// A link's or image's destination, rewritten (see `links::rewrite`);
    /// empty when its scheme is not allowed.
    fn destination<F: BrokenLinkCallback<'b>>(
        &mut self,
        dest: CowStr<'b>,
        link_type: pulldown_cmark::LinkType,
        id: &str,
        range: Range<usize>,
        is_image: bool,
        parser: &OffsetIter<'b, F>,
    ) -> CowStr<'b> {
        if let Some(scheme) = sanitize::forbidden_scheme(&dest) {
            let at = definition_span(parser, link_type, id).unwrap_or(range);
            bad_scheme(&scheme, at, &mut self.reported_defs, &mut self.out.problems);
            return CowStr::from("");
        }
        let (path, base_path) = (self.path, self.base_path);
        rewrite(
            &dest,
            link_type,
            path,
            base_path,
            range,
            is_image,
            &mut self.out,
        )
    }

    /// Text, words and the first paragraph; the depths of paragraphs,
    /// lists and quotes (the first paragraph is the first top-level one).
    fn text_and_blocks(&mut self, event: &Event<'b>) {
        match event {
            Event::Start(Tag::Paragraph) => {
                self.paragraph_depth += 1;
                if !self.first_paragraph_done && self.list_depth == 0 && self.quote_depth == 0 {
                    self.in_first_paragraph = true;
                }
            }
            Event::End(TagEnd::Paragraph) => {
                self.paragraph_depth = self.paragraph_depth.saturating_sub(1);
                if self.in_first_paragraph {
                    self.in_first_paragraph = false;
                    self.first_paragraph_done = !self.out.first_paragraph.trim().is_empty();
                }
            }
            Event::Start(Tag::List(_)) => self.list_depth += 1,
            Event::End(TagEnd::List(_)) => self.list_depth = self.list_depth.saturating_sub(1),
            Event::Start(Tag::BlockQuote(_)) => self.quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => {
                self.quote_depth = self.quote_depth.saturating_sub(1)
            }
            Event::Text(text) => self.text(text, true),
            Event::Code(code) => self.text(code, false),
            Event::SoftBreak | Event::HardBreak => {
                if self.in_first_paragraph {
                    self.out.first_paragraph.push(' ');
                }
                if let Some((_, title)) = self.heading.as_mut() {
                    title.push(' ');
                }
            }
            _ => {}
        }
    }

    /// Words of text or code, which also go to the heading, image alt text
    /// (text only) and first paragraph being collected.
    fn text(&mut self, text: &str, is_text: bool) {
        self.out.word_count += count_words(text);
        if let Some((_, title)) = self.heading.as_mut() {
            title.push_str(text);
        }
        if is_text {
            for alt in &mut self.images {
                alt.text.push_str(text);
            }
        }
        let in_paragraph = !is_text || self.paragraph_depth > 0;
        if self.in_first_paragraph && in_paragraph {
            self.out.first_paragraph.push_str(text);
        }
    }
}
