//! clusterhub patch: a quick reader of simple, well-formed HTML that gives
//! the same `DomParserResult` as `DomParser`, without lol_html.
//!
//! `DomParser` runs lol_html with four element handlers and a text handler
//! per page; on a large site that is most of the time indexing takes. This
//! reader follows the same rules over a plain tag scanner and a stack of
//! nodes, and declines (`None`) any input whose reading by lol_html it does
//! not reproduce exactly: an end tag that does not close the innermost open
//! element (lol_html then closes elements implicitly), the self-closing
//! syntax outside SVG or MathML, elements SVG or MathML content hands back
//! to HTML, `<noscript>`, `<plaintext>`, `<template>`, `<!--` inside
//! `<script>`, processing instructions, CDATA, carriage returns, NUL, an
//! invalid `data-pagefind-ignore` (lol_html's path warns), an unclosed
//! element at the end, and options other than the default root selector
//! with no exclusions. The caller then uses `DomParser`.
//!
//! Text and attribute values are taken as written (entities undecoded), as
//! lol_html gives them to `DomParser`; `normalize_content` decodes them.

use std::collections::BTreeMap;

use super::parser::{
    parse_attr_string_with, DomParserResult, NodeStatus, ALL_SPACES, INLINE_SELECTORS,
    REMOVE_SELECTORS, SENTENCE_CHARS, SENTENCE_SELECTORS, SPACE_SELECTORS,
};
use crate::SearchOptions;

/// Elements lol_html treats as void in HTML content (no end tag, no end
/// handlers): its `is_void_element`, without the ESI tags.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "hr", "img", "input", "keygen",
    "link", "meta", "param", "source", "track", "wbr",
];

/// Elements whose content is raw text, up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

/// Elements this reader never handles: their content model depends on
/// parser flags or templates lol_html tracks.
const DECLINED: &[&str] = &["noscript", "plaintext", "template"];

/// SVG and MathML elements this reader follows inside foreign content: no
/// HTML integration point (`foreignObject`, `desc`, `title`,
/// `annotation-xml`) and no element that breaks out to HTML.
const FOREIGN: &[&str] = &[
    "svg",
    "math",
    "g",
    "path",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "rect",
    "use",
    "defs",
    "symbol",
    "lineargradient",
    "radialgradient",
    "stop",
    "clippath",
    "mask",
    "text",
    "tspan",
    "mi",
    "mn",
    "mo",
    "ms",
    "mtext",
    "mrow",
    "msup",
    "msub",
    "mfrac",
    "msqrt",
];

/// One open element, as `DomParsingNode` holds it.
#[derive(Default)]
struct Node {
    tag: String,
    current_value: String,
    filter: Option<Vec<String>>,
    sort: Option<Vec<String>>,
    meta: Option<Vec<String>>,
    default_meta: Option<Vec<String>>,
    weight: Option<String>,
    anchor_ids: Option<Vec<String>>,
    status: NodeStatus,
    foreign: bool,
}

/// A start tag as written: lower-case name, attributes with raw values.
struct StartTag<'a> {
    name: String,
    attributes: Vec<(String, &'a str)>,
    self_closing: bool,
}

impl StartTag<'_> {
    /// The first attribute of that name (names compare case-insensitively).
    fn get(&self, name: &str) -> Option<String> {
        self.attributes
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.to_string())
    }
}

/// What `DomParserData` collects besides the nodes.
#[derive(Default)]
struct Collected {
    filters: BTreeMap<String, Vec<String>>,
    sort: BTreeMap<String, String>,
    meta: BTreeMap<String, String>,
    default_meta: BTreeMap<String, String>,
    anchor_content: BTreeMap<String, String>,
    anchor_titles: BTreeMap<String, String>,
    language: Option<String>,
    has_html_element: bool,
    has_old_bundle_reference: bool,
    has_default_ui_reference: bool,
    anchor_counter: usize,
}

/// Reads `html` as `DomParser` would, or `None` where it cannot promise to.
pub fn parse(html: &str, options: &SearchOptions) -> Option<DomParserResult> {
    if options.root_selector != "html"
        || !options.exclude_selectors.is_empty()
        || html.contains(['\r', '\0'])
    {
        return None;
    }
    let mut reader = Reader {
        stack: vec![Node::default()],
        data: Collected::default(),
        html_open: 0,
    };
    reader.read(html)?;
    if reader.stack.len() != 1 {
        return None;
    }
    Some(reader.finish())
}

struct Reader {
    /// The root node, then one node per open element.
    stack: Vec<Node>,
    data: Collected,
    /// How many `<html>` elements are open: text counts only inside one.
    html_open: usize,
}

impl Reader {
    fn read(&mut self, html: &str) -> Option<()> {
        let mut at = 0;
        while at < html.len() {
            let Some(lt) = html[at..].find('<').map(|i| at + i) else {
                self.text(&html[at..]);
                break;
            };
            self.text(&html[at..lt]);
            at = self.markup(html, lt)?;
        }
        Some(())
    }

    /// Reads the markup at `lt` (a `<`); returns where text resumes.
    fn markup(&mut self, html: &str, lt: usize) -> Option<usize> {
        let rest = &html[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            if comment.starts_with('>') || comment.starts_with("->") {
                return None;
            }
            return Some(lt + 4 + comment.find("-->")? + 3);
        }
        if rest
            .as_bytes()
            .get(..9)
            .is_some_and(|b| b.eq_ignore_ascii_case(b"<!doctype"))
        {
            return Some(lt + rest.find('>')? + 1);
        }
        let next = *rest.as_bytes().get(1)?;
        if next == b'/' {
            let end = rest.find('>')?;
            let name = rest[2..end].trim_end_matches(is_space);
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                return None;
            }
            self.end_tag(&name.to_ascii_lowercase())?;
            return Some(lt + end + 1);
        }
        if !next.is_ascii_alphabetic() {
            return None;
        }
        let (tag, len) = start_tag(rest)?;
        let after = lt + len;
        let raw = RAW_TEXT.contains(&tag.name.as_str()) && !self.in_foreign();
        let can_have_content = self.start_tag(tag)?;
        if raw && can_have_content {
            let name = self.stack.last()?.tag.clone();
            return self.raw_text(html, after, &name);
        }
        Some(after)
    }

    /// The content of a raw text element up to its end tag, as text; then
    /// the end tag.
    fn raw_text(&mut self, html: &str, from: usize, name: &str) -> Option<usize> {
        let rest = &html[from..];
        let close = format!("</{name}");
        let end = find_ignore_case(rest, &close)?;
        let content = &rest[..end];
        if name == "script" && content.contains("<!--") {
            return None;
        }
        self.text(content);
        let tail = &rest[end + close.len()..];
        let gt = tail.find('>')?;
        if !tail[..gt].bytes().all(|b| is_space(b as char)) {
            return None;
        }
        self.end_tag(name)?;
        Some(from + end + close.len() + gt + 1)
    }

    fn in_foreign(&self) -> bool {
        self.stack.last().is_some_and(|n| n.foreign)
    }

    fn text(&mut self, text: &str) {
        if text.is_empty() || self.html_open == 0 {
            return;
        }
        let Some(node) = self.stack.last_mut() else {
            return;
        };
        node.current_value.push_str(text);
        let ignored = matches!(node.status, NodeStatus::Ignored | NodeStatus::Excluded);
        if let (false, Some(anchor_ids)) = (ignored, &node.anchor_ids) {
            for anchor_id in anchor_ids {
                self.data
                    .anchor_content
                    .entry(anchor_id.clone())
                    .or_default()
                    .push_str(text);
            }
        }
    }

    /// The element handlers of `DomParser`, in its order; returns whether
    /// the element stays open (lol_html's `can_have_content`).
    fn start_tag(&mut self, tag: StartTag) -> Option<bool> {
        let foreign = self.in_foreign() || tag.name == "svg" || tag.name == "math";
        if DECLINED.contains(&tag.name.as_str())
            || (foreign && !FOREIGN.contains(&tag.name.as_str()))
            || (tag.self_closing && !foreign && !VOID.contains(&tag.name.as_str()))
        {
            return None;
        }
        let can_have_content = if foreign {
            !tag.self_closing
        } else {
            !VOID.contains(&tag.name.as_str())
        };
        if tag.name == "html" {
            self.data.has_html_element = true;
            if let Some(lang) = tag.get("lang") {
                self.data.language = Some(lang.to_lowercase());
            }
        }
        // Only html and what is inside one: `root` then `custom_exclusions`
        // (the removed elements inside html).
        if (tag.name == "html") == (self.html_open > 0) {
            return None;
        }
        self.root_element(&tag, foreign, can_have_content)?;
        if self.html_open > 0 && REMOVE_SELECTORS.contains(&tag.name.as_str()) {
            self.stack.last_mut()?.status = NodeStatus::Ignored;
        }
        if tag.name == "html" && can_have_content {
            self.html_open += 1;
        }
        self.script_or_link(&tag);
        Some(can_have_content)
    }

    /// `DomParser`'s handler for the root selector, on a start tag.
    fn root_element(
        &mut self,
        tag: &StartTag,
        foreign: bool,
        can_have_content: bool,
    ) -> Option<()> {
        let explicit_ignore = match tag.get("data-pagefind-ignore") {
            None => None,
            Some(attr) => match attr.to_ascii_lowercase().as_str() {
                "" | "index" | "true" => Some(NodeStatus::Ignored),
                "all" => Some(NodeStatus::Excluded),
                _ => return None,
            },
        };
        let get = |name: &str| tag.get(name);
        let status = if tag.get("data-pagefind-body").is_some() {
            NodeStatus::Body
        } else {
            explicit_ignore.unwrap_or(NodeStatus::Indexing)
        };
        let parsed = |name: &str| tag.get(name).map(|attr| parse_attr_string_with(attr, &get));
        let (filter, meta, default_meta, sort) = (
            parsed("data-pagefind-filter"),
            parsed("data-pagefind-meta"),
            parsed("data-pagefind-default-meta"),
            parsed("data-pagefind-sort"),
        );
        let weight = tag.get("data-pagefind-weight");
        let title = tag
            .get("data-pagefind-title")
            .map(|title| normalize(&title))
            .filter(|title| !title.is_empty());

        let anchor_id = self.anchor(tag, status);
        if let (Some(anchor_id), Some(title)) = (&anchor_id, title) {
            self.data.anchor_titles.insert(anchor_id.clone(), title);
        }
        if status != NodeStatus::Excluded {
            self.index_attributes(tag);
        }

        let parent = self.stack.last()?;
        let mut anchor_ids =
            if parent.anchor_ids.is_some() && INLINE_SELECTORS.contains(&tag.name.as_str()) {
                parent.anchor_ids.clone()
            } else {
                None
            };
        if let Some(id) = anchor_id {
            anchor_ids.get_or_insert_with(Vec::new).push(id);
        }
        let node = Node {
            tag: tag.name.clone(),
            status: match parent.status {
                NodeStatus::Excluded => NodeStatus::Excluded,
                _ => status,
            },
            filter,
            meta,
            default_meta,
            sort,
            anchor_ids,
            weight,
            current_value: String::new(),
            foreign,
        };
        if can_have_content {
            self.stack.push(node);
        } else {
            self.close_void(node, tag);
        }
        Some(())
    }

    /// The anchor an element with an `id` leaves in its parent's text.
    fn anchor(&mut self, tag: &StartTag, status: NodeStatus) -> Option<String> {
        if matches!(status, NodeStatus::Excluded | NodeStatus::Ignored) {
            return None;
        }
        let element_id = ALL_SPACES.replace_all(&tag.get("id")?, "").to_string();
        let parent = self.stack.last_mut()?;
        if parent.status == NodeStatus::ParentOfBody && status != NodeStatus::Body {
            return None;
        }
        let counter = self.data.anchor_counter;
        parent.current_value.push_str(&format!(
            " ___PAGEFIND_ANCHOR___{}:{counter}:{element_id} ",
            tag.name
        ));
        self.data.anchor_counter += 1;
        Some(format!("{counter}:{element_id}"))
    }

    /// `data-pagefind-index-attrs`, and the space a `<br>` stands for.
    fn index_attributes(&mut self, tag: &StartTag) {
        let Some(parent) = self.stack.last_mut() else {
            return;
        };
        if let Some(attrs) = tag.get("data-pagefind-index-attrs") {
            for attr in attrs.split(',').map(|a| a.trim().to_string()) {
                let mut value = tag.get(attr.trim()).unwrap_or_default();
                if ends_a_sentence(&value) {
                    value.push('.');
                }
                parent.current_value.push(' ');
                parent.current_value.push_str(&value);
                parent.current_value.push(' ');
            }
        }
        if SPACE_SELECTORS.contains(&tag.name.as_str()) {
            parent.current_value.push(' ');
        }
    }

    /// An element with no content: its filters and metadata at once.
    fn close_void(&mut self, node: Node, tag: &StartTag) {
        if node.status == NodeStatus::Excluded {
            return;
        }
        self.filters_and_meta(&node);
        let meta = &mut self.data.meta;
        if tag.name == "img"
            && !meta.contains_key("auto_image")
            && (meta.contains_key("auto_title") || meta.contains_key("title"))
        {
            if let Some(src) = tag.get("src") {
                meta.insert("auto_image".into(), normalize(&src));
                if let Some(alt) = tag.get("alt") {
                    meta.insert("auto_image_alt".into(), normalize(&alt));
                }
            }
        }
    }

    /// `DomParser`'s `script, link` handler.
    fn script_or_link(&mut self, tag: &StartTag) {
        let reference = match tag.name.as_str() {
            "script" => tag.get("src"),
            "link" => tag.get("href"),
            _ => None,
        };
        let Some(reference) = reference else {
            return;
        };
        if reference.starts_with("_pagefind") || reference.contains("/_pagefind") {
            self.data.has_old_bundle_reference = true;
        }
        let ui = match tag.name.as_str() {
            "script" => ["pagefind-ui.js", "pagefind-modular-ui.js"],
            _ => ["pagefind-ui.css", "pagefind-modular-ui.css"],
        };
        if ui.iter().any(|u| reference.contains(u)) {
            self.data.has_default_ui_reference = true;
        }
    }

    /// An end tag: it must close the innermost open element.
    fn end_tag(&mut self, name: &str) -> Option<()> {
        if self.stack.len() < 2 || self.stack.last()?.tag != name || VOID.contains(&name) {
            return None;
        }
        let node = self.stack.pop()?;
        if name == "html" {
            self.html_open -= 1;
        }
        self.close(node, name);
        Some(())
    }

    /// `DomParser`'s end tag handler.
    fn close(&mut self, mut node: Node, name: &str) {
        if node.status == NodeStatus::Excluded {
            return;
        }
        self.filters_and_meta(&node);
        if name == "h1"
            && !self.data.meta.contains_key("auto_title")
            && !node.current_value.trim().is_empty()
        {
            let title = normalize(&node.current_value);
            self.data.meta.insert("auto_title".into(), title);
        }
        if name == "title" && !self.data.meta.contains_key("auto_page_title") {
            let title = normalize(&node.current_value);
            self.data.meta.insert("auto_page_title".into(), title);
        }
        if node.status == NodeStatus::Ignored {
            return;
        }
        if SENTENCE_SELECTORS.contains(&name) {
            node.current_value.insert(0, ' ');
            if ends_a_sentence(&node.current_value) {
                node.current_value.push('.');
            }
            node.current_value.push(' ');
        }
        weigh(&mut node, name);
        let Some(parent) = self.stack.last_mut() else {
            return;
        };
        if parent.status == NodeStatus::ParentOfBody
            && node.status != NodeStatus::Body
            && node.status != NodeStatus::ParentOfBody
        {
            return;
        }
        match node.status {
            NodeStatus::Ignored | NodeStatus::Excluded => {}
            NodeStatus::Indexing => parent.current_value.push_str(&node.current_value),
            NodeStatus::Body | NodeStatus::ParentOfBody => {
                if parent.status != NodeStatus::ParentOfBody {
                    parent.current_value.clear();
                }
                parent.current_value.push_str(&node.current_value);
                parent.status = NodeStatus::ParentOfBody;
            }
        }
    }

    fn filters_and_meta(&mut self, node: &Node) {
        let data = &mut self.data;
        for filter in node.filter.iter().flatten() {
            if let Some((filter, value)) = attribute_pair(node, filter) {
                data.filters
                    .entry(filter)
                    .or_default()
                    .push(normalize(&value));
            }
        }
        for sort in node.sort.iter().flatten() {
            if let Some((sort, value)) = attribute_pair(node, sort) {
                data.sort.insert(sort, value);
            }
        }
        for meta in node.meta.iter().flatten() {
            if let Some((meta, value)) = attribute_pair(node, meta) {
                data.meta.insert(meta, value);
            }
        }
        for meta in node.default_meta.iter().flatten() {
            if let Some((meta, value)) = attribute_pair(node, meta) {
                data.default_meta.insert(meta, value);
            }
        }
    }

    /// `DomParser::wrap`, once every element is closed.
    fn finish(self) -> DomParserResult {
        let Reader {
            mut stack, data, ..
        } = self;
        let root = stack.pop().unwrap_or_default();
        let Collected {
            filters,
            sort,
            mut meta,
            mut default_meta,
            anchor_content,
            anchor_titles,
            language,
            has_html_element,
            has_old_bundle_reference,
            has_default_ui_reference,
            ..
        } = data;
        if let Some(image) = meta.remove("auto_image") {
            let alt = meta.remove("auto_image_alt").unwrap_or_default();
            if !meta.contains_key("image") {
                meta.insert("image".into(), image);
                meta.insert("image_alt".into(), alt);
            }
        }
        for auto in ["auto_title", "auto_page_title"] {
            if let Some(title) = meta.remove(auto) {
                if !meta.contains_key("title") {
                    meta.insert("title".into(), title);
                }
            }
        }
        default_meta.extend(meta);
        DomParserResult {
            digest: normalize(&root.current_value),
            filters,
            sort,
            meta: default_meta,
            anchor_content,
            anchor_titles,
            has_custom_body: root.status == NodeStatus::ParentOfBody,
            force_inclusion: false,
            has_html_element,
            has_old_bundle_reference,
            has_default_ui_reference,
            language: language
                .filter(|lang| !lang.is_empty())
                .unwrap_or_else(|| "unknown".into()),
        }
    }
}

/// `DomParsingNode::get_attribute_pair`.
fn attribute_pair(node: &Node, input: &str) -> Option<(String, String)> {
    match input.split_once(':') {
        Some((name, value)) => Some((name.to_owned(), normalize(value))),
        None if node.current_value.is_empty() => None,
        None => Some((input.to_owned(), normalize(&node.current_value))),
    }
}

/// The weight markers `DomParser` wraps an element's text in.
fn weigh(node: &mut Node, name: &str) {
    let (marker, weight) = match (&node.weight, name) {
        (Some(weight), _) => (" ___PAGEFIND_WEIGHT___", weight.as_str()),
        (None, "h1") => (" ___PAGEFIND_AUTO_WEIGHT___", "7"),
        (None, "h2") => (" ___PAGEFIND_AUTO_WEIGHT___", "6"),
        (None, "h3") => (" ___PAGEFIND_AUTO_WEIGHT___", "5"),
        (None, "h4") => (" ___PAGEFIND_AUTO_WEIGHT___", "4"),
        (None, "h5") => (" ___PAGEFIND_AUTO_WEIGHT___", "3"),
        (None, "h6") => (" ___PAGEFIND_AUTO_WEIGHT___", "2"),
        (None, _) => return,
    };
    node.current_value = [
        marker,
        weight,
        " ",
        &node.current_value,
        " ___END_PAGEFIND_WEIGHT___ ",
    ]
    .concat();
}

/// `normalize_content`'s result in one pass: entities decoded, the ends
/// trimmed, each run of line breaks one space, then each run of two or
/// more white-space characters one space (`\s` is `char::is_whitespace`:
/// both are Unicode's White_Space).
pub(super) fn normalize(content: &str) -> String {
    let decoded = html_escape::decode_html_entities(content);
    let trimmed = decoded.trim();
    let mut out = String::with_capacity(trimmed.len());
    let mut chars = trimmed.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_whitespace() {
            out.push(c);
            continue;
        }
        // One run of white space, as `NEWLINES` then `EXTRANEOUS_SPACES`
        // leave it: how many characters it has after line breaks are
        // collapsed, and the last of them.
        let (mut count, mut last) = (0, c);
        let mut next = Some(c);
        while let Some(c) = next {
            let line_break = c == '\n' || (c == '\r' && chars.peek() == Some(&'\n'));
            if line_break {
                if c == '\r' {
                    chars.next();
                }
                while let Some(&n) = chars.peek() {
                    if n == '\n' {
                        chars.next();
                    } else if n == '\r' && chars.clone().nth(1) == Some('\n') {
                        chars.next();
                        chars.next();
                    } else {
                        break;
                    }
                }
                last = ' ';
            } else {
                last = c;
            }
            count += 1;
            next = chars.next_if(|c| c.is_whitespace());
        }
        out.push(if count >= 2 { ' ' } else { last });
    }
    out
}

fn ends_a_sentence(value: &str) -> bool {
    value.chars().last().is_some_and(|c| match c.is_ascii() {
        true => c.is_ascii_alphanumeric() || "_'\")$*".contains(c),
        false => SENTENCE_CHARS.is_match(&c.to_string()),
    })
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0C')
}

fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    (0..h.len().checked_sub(n.len())? + 1).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// A start tag at the start of `rest` (`<` then a letter), and its length
/// up to and with its `>`; `None` for anything but plain, well-formed
/// attribute syntax.
fn start_tag(rest: &str) -> Option<(StartTag<'_>, usize)> {
    let b = rest.as_bytes();
    let mut i = 1;
    while i < b.len() && !is_space(b[i] as char) && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    let name = rest[1..i].to_ascii_lowercase();
    if !name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-') {
        return None;
    }
    let mut tag = StartTag {
        name,
        attributes: Vec::new(),
        self_closing: false,
    };
    loop {
        while i < b.len() && is_space(b[i] as char) {
            i += 1;
        }
        match b.get(i)? {
            b'>' => return Some((tag, i + 1)),
            b'/' if b.get(i + 1) == Some(&b'>') => {
                tag.self_closing = true;
                return Some((tag, i + 2));
            }
            _ => {}
        }
        let start = i;
        while i < b.len() && !is_space(b[i] as char) && !b"/>=".contains(&b[i]) {
            if b"\"'<`".contains(&b[i]) {
                return None;
            }
            i += 1;
        }
        if i == start {
            return None;
        }
        let name = rest[start..i].to_ascii_lowercase();
        while i < b.len() && is_space(b[i] as char) {
            i += 1;
        }
        let value = if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && is_space(b[i] as char) {
                i += 1;
            }
            let (value, next) = attribute_value(rest, i)?;
            i = next;
            value
        } else {
            ""
        };
        tag.attributes.push((name, value));
    }
}

/// A quoted or unquoted attribute value at `i`, and where it ends.
fn attribute_value(rest: &str, i: usize) -> Option<(&str, usize)> {
    let b = rest.as_bytes();
    match b.get(i)? {
        quote @ (b'"' | b'\'') => {
            let len = rest[i + 1..].find(*quote as char)?;
            let next = i + 1 + len + 1;
            // lol_html needs a space, `/` or `>` after a quoted value.
            match b.get(next)? {
                c if is_space(*c as char) || *c == b'>' || *c == b'/' => {}
                _ => return None,
            }
            Some((&rest[i + 1..i + 1 + len], next))
        }
        _ => {
            let mut j = i;
            while j < b.len() && !is_space(b[j] as char) && b[j] != b'>' {
                if b"\"'<=`".contains(&b[j]) {
                    return None;
                }
                j += 1;
            }
            if j == i {
                return None;
            }
            Some((&rest[i..j], j))
        }
    }
}
