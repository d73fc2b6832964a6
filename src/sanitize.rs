//! Contributor HTML and URLs: the allowlist of raw HTML (a safe default
//! plus hub.yaml's `html:` section), the ammonia sanitiser that every page
//! body with raw HTML goes through, the scan that names what the sanitiser
//! removes (so it can be reported at its place in the `.md` file), and the
//! URL schemes a link may use anywhere. Knows nothing of files or pages.

use ammonia::url::{ParseError, Url};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, states::RawKind,
};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

/// The URL schemes a link may use, besides relative and `@/` links.
pub(crate) const URL_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// What hub.yaml's `html:` section allows beyond the safe default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct HtmlPolicy {
    /// Extra tags (`details`, `abbr`...).
    pub tags: Vec<String>,
    /// Extra attributes per tag; the tag `*` means every allowed tag.
    pub attributes: Vec<(String, Vec<String>)>,
    /// `<iframe src="https://HOST/...">` is kept for these hosts only.
    pub iframe_hosts: Vec<String>,
    /// Raw HTML is published as written: for a maintainer's private site
    /// whose every author is trusted.
    pub trusted: bool,
}

/// What pulldown-cmark writes for our Markdown options: it must pass the
/// sanitiser unchanged. (Heading ids and classes are checked when the
/// Markdown is read; `style` only with the alignments of table cells.)
const MARKDOWN_TAGS: [&str; 29] = [
    "a",
    "blockquote",
    "br",
    "code",
    "del",
    "div",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "input",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
];
const HEADING_ATTRIBUTES: &[&str] = &["id", "class"];
const MARKDOWN_ATTRIBUTES: [(&str, &[&str]); 15] = [
    ("a", &["href", "title"]),
    ("img", &["src", "alt", "title"]),
    ("code", &["class"]),
    ("ol", &["start"]),
    ("th", &["style"]),
    ("td", &["style"]),
    ("input", &["disabled", "checked"]),
    ("sup", &["class"]),
    ("div", &["class", "id"]),
    ("h1", HEADING_ATTRIBUTES),
    ("h2", HEADING_ATTRIBUTES),
    ("h3", HEADING_ATTRIBUTES),
    ("h4", HEADING_ATTRIBUTES),
    ("h5", HEADING_ATTRIBUTES),
    ("h6", HEADING_ATTRIBUTES),
];
/// Raw HTML every hub allows besides the Markdown tags: inline formatting
/// and simple structure, nothing that runs, loads or submits anything.
const DEFAULT_TAGS: [&str; 20] = [
    "b",
    "i",
    "u",
    "s",
    "small",
    "mark",
    "kbd",
    "samp",
    "var",
    "q",
    "cite",
    "dfn",
    "span",
    "wbr",
    "ins",
    "dl",
    "dt",
    "dd",
    "figure",
    "figcaption",
];
const DEFAULT_ATTRIBUTES: [(&str, &[&str]); 6] = [
    ("img", &["width", "height"]),
    ("td", &["colspan", "rowspan"]),
    ("th", &["colspan", "rowspan", "scope"]),
    ("q", &["cite"]),
    ("ins", &["cite", "datetime"]),
    ("del", &["cite", "datetime"]),
];
/// Attributes allowed on every allowed tag.
const GENERIC_ATTRIBUTES: [&str; 2] = ["lang", "title"];
/// The attributes of an `<iframe>` from a listed host.
const IFRAME_ATTRIBUTES: [&str; 8] = [
    "src",
    "title",
    "width",
    "height",
    "allow",
    "allowfullscreen",
    "loading",
    "referrerpolicy",
];
/// The only `style` values kept without hub.yaml's say-so: pulldown-cmark's
/// table column alignments.
const ALIGNMENTS: [&str; 3] = [
    "text-align: left",
    "text-align: center",
    "text-align: right",
];
/// Removed together with their content, which is code, another document or
/// text that would show as garbage.
const REMOVED_WITH_CONTENT: [&str; 11] = [
    "script", "style", "template", "noscript", "textarea", "title", "xmp", "noembed", "noframes",
    "object", "iframe",
];

/// Whether raw HTML may use `tag` without hub.yaml's say-so.
pub(crate) fn allowed_by_default(tag: &str) -> bool {
    MARKDOWN_TAGS.contains(&tag) || DEFAULT_TAGS.contains(&tag)
}

/// Why a tag can never be allowed by hub.yaml (`None`: it can be).
pub(crate) fn never_allowed(tag: &str) -> Option<&'static str> {
    match tag {
        "script" | "style" | "object" | "embed" | "applet" | "frame" | "frameset" | "portal"
        | "base" | "link" | "meta" => {
            Some("it runs code, loads other documents or restyles the whole page")
        }
        "form" | "textarea" | "template" | "noscript" | "noembed" | "noframes" | "xmp"
        | "plaintext" | "title" | "svg" | "math" | "html" | "head" | "body" | "param" => {
            Some("it submits data or changes how the rest of the page is read")
        }
        _ => None,
    }
}

/// Why an attribute can never be allowed by hub.yaml (`None`: it can be).
pub(crate) fn never_allowed_attribute(attribute: &str) -> Option<&'static str> {
    if attribute.starts_with("on") {
        Some("event handlers run code")
    } else if matches!(attribute, "srcdoc" | "formaction" | "action") {
        Some("it loads or submits to another document")
    } else {
        None
    }
}

/// The scheme of `url` as a browser reads it (leading and trailing spaces
/// and control characters ignored, tabs and newlines removed, any letter
/// case), lowercase; `None` for a relative URL.
pub(crate) fn scheme_of(url: &str) -> Option<String> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let mut scheme = String::new();
    for c in trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')) {
        match c {
            ':' if !scheme.is_empty() => return Some(scheme),
            c if c.is_ascii_alphabetic() => scheme.push(c.to_ascii_lowercase()),
            c if !scheme.is_empty() && (c.is_ascii_digit() || matches!(c, '+' | '-' | '.')) => {
                scheme.push(c)
            }
            _ => return None,
        }
    }
    None
}

/// The scheme of `url` when a link may not use it (`javascript`, `data`,
/// `file`...). Allocates only then: it is asked of every link of every page.
pub(crate) fn forbidden_scheme(url: &str) -> Option<String> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let colon = trimmed.find(':')?;
    let written = &trimmed[..colon];
    let plain = written.starts_with(|c: char| c.is_ascii_alphabetic())
        && written
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    if plain {
        if URL_SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(written)) {
            return None;
        }
        return Some(written.to_ascii_lowercase());
    }
    // Tabs or newlines inside the scheme, which browsers remove.
    scheme_of(trimmed).filter(|s| !URL_SCHEMES.contains(&s.as_str()))
}

/// The hint of every disallowed-scheme diagnostic.
pub(crate) const SCHEME_HINT: &str = "links may use http, https, mailto or tel addresses, or point to a page or file of the hub (`@/collection/slug.md` or a relative path); other schemes such as `javascript:` or `data:` could run code in readers' browsers";

/// Whether ammonia treats `attribute` of `tag` as a URL (its own list).
fn is_url_attribute(tag: &str, attribute: &str) -> bool {
    matches!(attribute, "href" | "xlink:href" | "src")
        || (tag == "form" && attribute == "action")
        || (tag == "object" && attribute == "data")
        || (matches!(tag, "button" | "input") && attribute == "formaction")
        || (tag == "a" && attribute == "ping")
        || (tag == "video" && attribute == "poster")
}

/// The allowlist of one policy, in the form both the sanitiser and the
/// scan read, so that what is reported is what is removed.
struct Allowlist<'a> {
    tags: HashSet<&'a str>,
    attributes: HashMap<&'a str, HashSet<&'a str>>,
    generic: HashSet<&'a str>,
    removed_with_content: HashSet<&'a str>,
    iframe_hosts: Vec<String>,
}

impl<'a> Allowlist<'a> {
    fn new(policy: &'a HtmlPolicy) -> Self {
        let mut tags: HashSet<&str> = MARKDOWN_TAGS.iter().chain(&DEFAULT_TAGS).copied().collect();
        tags.extend(policy.tags.iter().map(String::as_str));
        let mut attributes: HashMap<&str, HashSet<&str>> = HashMap::new();
        for (tag, names) in MARKDOWN_ATTRIBUTES.iter().chain(&DEFAULT_ATTRIBUTES) {
            attributes
                .entry(tag)
                .or_default()
                .extend(names.iter().copied());
        }
        let mut generic: HashSet<&str> = GENERIC_ATTRIBUTES.into_iter().collect();
        for (tag, names) in &policy.attributes {
            let names = names.iter().map(String::as_str);
            if tag == "*" {
                generic.extend(names);
            } else {
                attributes.entry(tag.as_str()).or_default().extend(names);
            }
        }
        if !policy.iframe_hosts.is_empty() {
            tags.insert("iframe");
            attributes
                .entry("iframe")
                .or_default()
                .extend(IFRAME_ATTRIBUTES);
        }
        let removed_with_content = REMOVED_WITH_CONTENT
            .into_iter()
            .filter(|t| !tags.contains(t))
            .collect();
        Allowlist {
            tags,
            attributes,
            generic,
            removed_with_content,
            iframe_hosts: policy.iframe_hosts.clone(),
        }
    }

    /// Whether hub.yaml allowed `style` on `tag` (then it is kept as written).
    fn free_style(&self, tag: &str) -> bool {
        self.generic.contains("style")
            || !MARKDOWN_ATTRIBUTES
                .iter()
                .any(|(t, a)| *t == tag && a.contains(&"style"))
                && self
                    .attributes
                    .get(tag)
                    .is_some_and(|a| a.contains("style"))
    }

    fn listed(&self, tag: &str, attribute: &str, value: &str) -> bool {
        self.generic.contains(attribute)
            || self
                .attributes
                .get(tag)
                .is_some_and(|a| a.contains(attribute))
            || (tag == "input" && attribute == "type" && value.eq_ignore_ascii_case("checkbox"))
    }

    /// What the sanitiser does to `attribute="value"` of an allowed `tag`:
    /// `None` when it keeps it, else the words saying what it removed.
    fn attribute_problem(&self, tag: &str, attribute: &str, value: &str) -> Option<String> {
        if !self.listed(tag, attribute, value) {
            return Some(format!("removed attribute `{attribute}` from `<{tag}>`"));
        }
        if is_url_attribute(tag, attribute) {
            match Url::parse(value) {
                Ok(url) if !URL_SCHEMES.contains(&url.scheme()) => {
                    return Some(format!(
                        "removed `{}:` URL from `{attribute}` of `<{tag}>`",
                        url.scheme()
                    ));
                }
                Ok(_) | Err(ParseError::RelativeUrlWithoutBase) => {}
                Err(_) => {
                    return Some(format!(
                        "removed `{attribute}` from `<{tag}>`: `{value}` is not a valid address"
                    ));
                }
            }
        }
        if !self.kept_value(tag, attribute, value) {
            return Some(if tag == "iframe" {
                format!(
                    "removed `src` from `<iframe>`: only https addresses on hosts listed in `html.iframe_hosts` of hub.yaml are kept ({})",
                    self.iframe_hosts.join(", ")
                )
            } else {
                format!("removed `style` from `<{tag}>`")
            });
        }
        None
    }

    /// The values the attribute filter keeps: an iframe only from a listed
    /// host, and on table cells only Markdown's alignments.
    fn kept_value(&self, tag: &str, attribute: &str, value: &str) -> bool {
        iframe_src_kept(&self.iframe_hosts, tag, attribute, value)
            && (attribute != "style"
                || !matches!(tag, "th" | "td")
                || self.free_style(tag)
                || ALIGNMENTS.contains(&value))
    }

    fn builder(&self) -> ammonia::Builder<'a> {
        let mut attributes = self.attributes.clone();
        let mut b = ammonia::Builder::empty();
        b.tags(self.tags.clone())
            .generic_attributes(self.generic.clone())
            .add_tag_attribute_values("input", "type", ["checkbox"].iter())
            .set_tag_attribute_value("input", "disabled", "")
            .url_schemes(URL_SCHEMES.into_iter().collect())
            .url_relative(ammonia::UrlRelative::PassThrough)
            .link_rel(None)
            .strip_comments(true)
            .clean_content_tags(self.removed_with_content.clone());
        // Cells keep only Markdown's alignments unless hub.yaml allows
        // `style` there, and `type` of `<input>` is checked by value.
        if let Some(input) = attributes.get_mut("input") {
            input.remove("type");
        }
        b.tag_attributes(attributes);
        let hosts = self.iframe_hosts.clone();
        let free_style: HashSet<String> = ["th", "td"]
            .into_iter()
            .filter(|t| self.free_style(t))
            .map(str::to_string)
            .collect();
        b.attribute_filter(move |tag, attribute, value| {
            let style_ok = attribute != "style"
                || !matches!(tag, "th" | "td")
                || free_style.contains(tag)
                || ALIGNMENTS.contains(&value);
            (style_ok && iframe_src_kept(&hosts, tag, attribute, value)).then(|| Cow::from(value))
        });
        b
    }
}

fn iframe_src_kept(hosts: &[String], tag: &str, attribute: &str, value: &str) -> bool {
    if tag != "iframe" || attribute != "src" {
        return true;
    }
    Url::parse(value).is_ok_and(|u| {
        u.scheme() == "https" && u.host_str().is_some_and(|h| hosts.iter().any(|l| l == h))
    })
}

/// The sanitiser of one policy, made once for a page and used for each of
/// its raw HTML pieces and for its whole body.
pub(crate) struct Sanitizer<'a> {
    allow: Allowlist<'a>,
}

impl<'a> Sanitizer<'a> {
    pub(crate) fn new(policy: &'a HtmlPolicy) -> Self {
        Sanitizer {
            allow: Allowlist::new(policy),
        }
    }

    /// `html` with everything the policy does not allow removed.
    pub(crate) fn clean(&self, html: &str) -> String {
        self.allow.builder().clean(html).to_string()
    }

    /// Finds what [`Sanitizer::clean`] will remove from the raw HTML
    /// `fragment`, which is written in `source` (the same text, perhaps
    /// with Markdown's block quote or list markers between its lines).
    pub(crate) fn scan(&self, fragment: &str, source: &str) -> Vec<Removal> {
        let sink = Scan {
            allow: &self.allow,
            seen: RefCell::new(Vec::new()),
            skipping: RefCell::new(None),
        };
        let input = BufferQueue::default();
        input.push_back(StrTendril::from_slice(fragment));
        let tokenizer = Tokenizer::new(sink, Default::default());
        let _ = tokenizer.feed(&input);
        tokenizer.end();
        locate(tokenizer.sink.seen.into_inner(), source)
    }
}

/// One thing the sanitiser removes from a piece of raw HTML.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Removal {
    /// Byte offset in the source text given to [`scan`].
    pub offset: usize,
    /// Bytes to underline.
    pub width: usize,
    pub message: String,
    pub hint: &'static str,
}

const TAG_HINT: &str = "raw HTML in pages is limited to a safe set of tags and attributes: write it in Markdown, or ask a maintainer to allow the tag or attribute under `html:` in hub.yaml";
const SCRIPT_HINT: &str = "remove it: scripts, event handlers, styles and embedded documents would run in every reader's browser on the hub's own address (a video can be embedded once a maintainer lists its host under `html.iframe_hosts` in hub.yaml)";

/// A token of the scan, in order, with what it removes.
enum Seen {
    Start { name: String, removed: Removed },
    End(String),
    Comment(usize),
}

struct Scan<'p, 'a> {
    allow: &'p Allowlist<'a>,
    seen: RefCell<Vec<Seen>>,
    /// Inside an element removed with its markup content: (name, depth).
    skipping: RefCell<Option<(String, usize)>>,
}

/// What a start tag removes: (attribute or `None` for the tag, message, hint).
type Removed = Vec<(Option<String>, String, &'static str)>;

impl Scan<'_, '_> {
    fn end_tag(&self, name: String) {
        let mut skipping = self.skipping.borrow_mut();
        if let Some((n, depth)) = skipping.as_mut()
            && *n == name
        {
            *depth -= 1;
            if *depth == 0 {
                *skipping = None;
            }
        }
        self.seen.borrow_mut().push(Seen::End(name));
    }

    /// What the sanitiser removes of a start tag, and how the tokenizer
    /// must read what follows it.
    fn start_tag(&self, name: &str, tag: &Tag) -> (Removed, TokenSinkResult<()>) {
        let mut removed = Vec::new();
        let mut result = TokenSinkResult::Continue;
        if let Some((n, depth)) = self.skipping.borrow_mut().as_mut() {
            if n == name && !tag.self_closing {
                *depth += 1;
            }
        } else if self.allow.removed_with_content.contains(name) {
            let message = format!("removed `<{name}>` element and its content");
            removed.push((None, message, SCRIPT_HINT));
            if let Some(kind) = raw_kind(name) {
                result = TokenSinkResult::RawData(kind);
            } else if !tag.self_closing {
                *self.skipping.borrow_mut() = Some((name.to_string(), 1));
            }
        } else if !self.allow.tags.contains(name) {
            let (what, hint) = match never_allowed(name) {
                Some(_) => ("element", SCRIPT_HINT),
                None => ("tag (its text is kept)", TAG_HINT),
            };
            removed.push((None, format!("removed `<{name}>` {what}"), hint));
            if name == "plaintext" {
                result = TokenSinkResult::Plaintext;
            }
        } else {
            for attr in &tag.attrs {
                let attribute = attr.name.local.to_string();
                if let Some(message) = self.allow.attribute_problem(name, &attribute, &attr.value) {
                    let hint = if message.contains("URL") {
                        SCHEME_HINT
                    } else if attribute.starts_with("on") {
                        SCRIPT_HINT
                    } else {
                        TAG_HINT
                    };
                    removed.push((Some(attribute), message, hint));
                }
            }
            if name == "iframe" {
                result = TokenSinkResult::RawData(RawKind::Rawtext);
            }
        }
        (removed, result)
    }
}

impl TokenSink for Scan<'_, '_> {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) if tag.kind == TagKind::EndTag => {
                self.end_tag(tag.name.to_string());
                TokenSinkResult::Continue
            }
            Token::TagToken(tag) => {
                let name = tag.name.to_string();
                let (removed, result) = self.start_tag(&name, &tag);
                self.seen.borrow_mut().push(Seen::Start { name, removed });
                result
            }
            Token::CommentToken(text) => {
                self.seen.borrow_mut().push(Seen::Comment(text.len()));
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        }
    }
}

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

/// How the tokenizer reads the content of a tag removed with its content.
fn raw_kind(tag: &str) -> Option<RawKind> {
    match tag {
        "script" => Some(RawKind::ScriptData),
        "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => Some(RawKind::Rawtext),
        "textarea" | "title" => Some(RawKind::Rcdata),
        _ => None,
    }
}

/// Finds each token's place in `source`, in order, and returns the
/// removals there.
fn locate(seen: Vec<Seen>, source: &str) -> Vec<Removal> {
    let lower = source.to_ascii_lowercase();
    let mut cursor = 0;
    let mut out = Vec::new();
    for token in seen {
        match token {
            Seen::Start { name, removed } => {
                let at = find_tag(&lower, cursor, &format!("<{name}")).unwrap_or(cursor);
                cursor = (at + 1).min(lower.len());
                for (attribute, message, hint) in removed {
                    let (offset, width) = match attribute {
                        Some(a) => find_attribute(&lower, at + name.len() + 1, &a)
                            .map_or((at, name.len() + 1), |p| (p, a.len())),
                        None => (at, name.len() + 1),
                    };
                    out.push(Removal {
                        offset,
                        width,
                        message,
                        hint,
                    });
                }
            }
            Seen::End(name) => {
                if let Some(at) = find_tag(&lower, cursor, &format!("</{name}")) {
                    cursor = at + 1;
                }
            }
            Seen::Comment(len) => {
                if let Some(at) = lower.get(cursor..).and_then(|r| r.find("<!")) {
                    cursor = (cursor + at + len).min(lower.len());
                }
            }
        }
    }
    out
}

/// The next `<name` (already lowercase) at or after `from` that is a whole
/// tag name.
fn find_tag(lower: &str, from: usize, open: &str) -> Option<usize> {
    let mut start = from;
    while let Some(i) = lower.get(start..)?.find(open) {
        let at = start + i;
        let next = lower.as_bytes().get(at + open.len()).copied();
        if !next.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Some(at);
        }
        start = at + 1;
    }
    None
}

/// The next attribute `name` after `from` (inside a tag).
fn find_attribute(lower: &str, from: usize, name: &str) -> Option<usize> {
    // Within the tag: a name written otherwise is not searched for in the
    // rest of the text (one scan of the page per removal).
    let tag_end = lower
        .get(from..)
        .and_then(|r| r.find('>'))
        .map_or(lower.len(), |i| from + i);
    let lower = lower.get(..tag_end)?;
    let mut start = from;
    while let Some(i) = lower.get(start..)?.find(name) {
        let at = start + i;
        let before = lower.as_bytes().get(at.wrapping_sub(1)).copied();
        let after = lower.as_bytes().get(at + name.len()).copied();
        let starts = before.is_some_and(|b| b.is_ascii_whitespace() || b"/\"'".contains(&b));
        let ends = after.is_none_or(|b| b.is_ascii_whitespace() || b"=/>".contains(&b));
        if starts && ends {
            return Some(at);
        }
        start = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalised(html: &str) -> String {
        scraper::Html::parse_fragment(html).html()
    }

    #[test]
    fn schemes_are_read_as_a_browser_reads_them() {
        assert_eq!(
            scheme_of("JaVaScRiPt:alert(1)").as_deref(),
            Some("javascript")
        );
        assert_eq!(
            scheme_of(" \u{1}java\tscript:x").as_deref(),
            Some("javascript")
        );
        assert_eq!(scheme_of("java\nscript:x").as_deref(), Some("javascript"));
        assert_eq!(scheme_of("https://x.org").as_deref(), Some("https"));
        assert_eq!(scheme_of("@/methods/a.md"), None);
        assert_eq!(scheme_of("../a.md#x:y"), None);
        assert_eq!(scheme_of("//example.org/a"), None);
        assert_eq!(scheme_of("a/b:c"), None);
        assert_eq!(forbidden_scheme("mailto:a@b.c"), None);
        assert_eq!(forbidden_scheme("TEL:+331").as_deref(), None);
        assert_eq!(
            forbidden_scheme("data:text/html,x").as_deref(),
            Some("data")
        );
        assert_eq!(forbidden_scheme("vbscript:x").as_deref(), Some("vbscript"));
    }

    #[test]
    fn markdown_output_passes_unchanged() {
        let body = "# Title {#top .lead}\n\nText[^n] with *em*, **strong**, ~~del~~, `code`,\nhard  \nbreak, [link](https://x.org \"t\"), ![img](a.png \"t\") and <https://y.org> <a@b.c>.\n\n> quote\n\n3. three\n4. four\n\n- [x] done\n- [ ] todo\n\n| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n\n```rust\nfn main() {}\n```\n\n    indented\n\n---\n\n[^n]: A note.\n";
        let mut html = String::new();
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(body, crate::markdown::options()),
        );
        let policy = HtmlPolicy::default();
        let s = Sanitizer::new(&policy);
        assert_eq!(normalised(&s.clean(&html)), normalised(&html));
        assert!(s.scan(&html, &html).is_empty());
    }

    #[test]
    fn scan_names_what_clean_removes_at_its_place() {
        let html = "<p>a <IMG SRC=x onerror=\"xss()\"> <a href=\"jav&#x61;script:x()\">b</a> <font>c</font></p>\n<script>if (a<b) {}</script><svg onload=x()>";
        let policy = HtmlPolicy::default();
        let s = Sanitizer::new(&policy);
        let cleaned = s.clean(html);
        assert_eq!(
            normalised(&cleaned),
            normalised("<p>a <img src=\"x\"> <a>b</a> c</p>\n")
        );
        let found = s.scan(html, html);
        let said: Vec<(&str, &str)> = found
            .iter()
            .map(|r| (&html[r.offset..r.offset + r.width], r.message.as_str()))
            .collect();
        assert_eq!(
            said,
            [
                ("onerror", "removed attribute `onerror` from `<img>`"),
                ("href", "removed `javascript:` URL from `href` of `<a>`"),
                ("<font", "removed `<font>` tag (its text is kept)"),
                ("<script", "removed `<script>` element and its content"),
                ("<svg", "removed `<svg>` element"),
            ]
        );
    }

    #[test]
    fn hub_yaml_allowances_and_iframe_hosts() {
        let policy = HtmlPolicy {
            tags: vec!["details".into(), "summary".into()],
            attributes: vec![("details".into(), vec!["open".into()])],
            iframe_hosts: vec!["www.youtube-nocookie.com".into()],
            trusted: false,
        };
        let html = "<details open><summary>More</summary>Text</details><iframe src=\"https://www.youtube-nocookie.com/embed/x\" title=\"v\"></iframe><iframe src=\"https://evil.example/x\"></iframe>";
        let s = Sanitizer::new(&policy);
        let cleaned = s.clean(html);
        assert!(cleaned.contains("<details open=\"\"><summary>More</summary>Text</details>"));
        assert!(cleaned.contains("src=\"https://www.youtube-nocookie.com/embed/x\""));
        assert!(!cleaned.contains("evil.example"));
        let found = s.scan(html, html);
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message
                .starts_with("removed `src` from `<iframe>`")
        );
        assert_eq!(found[0].offset, html.rfind("src=").unwrap());
    }

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

    #[test]
    fn odd_html_is_scanned_without_panic_and_found_inside_its_source() {
        let policy = HtmlPolicy::default();
        let s = Sanitizer::new(&policy);
        for html in [
            "",
            "<",
            "</script",
            "<img \u{e9}=1 \u{fc}ber=\"x\" onload=y>",
            "<object><object><img onerror=x></object><b onclick=y>",
            "<template><p onclick=x></template><i onclick=y>",
            "<plaintext><script>x</script>",
            "<scr\0ipt>x</script><a href=\"http://[::1\">x</a>",
            "<!-- <img onerror=x> --><img onerror=y>",
            "<a href=\"\u{1}java\tscript:x\">\u{1F600}</a>",
        ] {
            let cleaned = s.clean(html);
            assert!(!cleaned.contains("onerror") && !cleaned.contains("onclick"));
            assert!(!cleaned.contains("script:"), "{cleaned}");
            for r in s.scan(html, html) {
                assert!(
                    html.get(r.offset..r.offset + r.width).is_some(),
                    "{html:?} {r:?}"
                );
            }
        }
        // The object's content is removed with it: only the `<b>` after it
        // is reported apart from the object itself.
        let html = "<object><object><img onerror=x></object></object><b onclick=y>";
        let said: Vec<String> = s.scan(html, html).into_iter().map(|r| r.message).collect();
        assert_eq!(
            said,
            [
                "removed `<object>` element and its content",
                "removed attribute `onclick` from `<b>`"
            ]
        );
    }
}
