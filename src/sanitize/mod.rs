//! Contributor HTML and URLs: the allowlist of raw HTML (a safe default
//! plus hub.yaml's `html:` section), the ammonia sanitiser that every page
//! body with raw HTML goes through, the scan that names what the sanitiser
//! removes (so it can be reported at its place in the `.md` file), and the
//! URL schemes a link may use anywhere. Knows nothing of files or pages.
//!
//! This file: the policy (hub.yaml's `HtmlPolicy` and the default tables);
//! `clean`: the ammonia sanitiser built from it; `scan`: what it removes,
//! at its place; `depth`: how deep raw HTML nests; `urls`: the schemes a
//! link may use.

mod clean;
mod depth;
mod scan;
mod urls;

pub(crate) use clean::Sanitizer;
pub(crate) use depth::{Depth, MAX_HTML_NESTING};
pub(crate) use urls::{SCHEME_HINT, forbidden_scheme};

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
