//! Contributor HTML and URLs: the allowlist of raw HTML (a safe default
//! plus hub.yaml's `html:` section), the ammonia sanitiser that every page
//! body with raw HTML goes through, the scan that names what the sanitiser
//! removes (so it can be reported at its place in the `.md` file), and the
//! URL schemes a link may use anywhere. Knows nothing of files or pages.
//!
//! This file: the policy (hub.yaml's `HtmlPolicy` and the default tables)
//! and the `Sanitizer` made from it; `clean`: the ammonia setup; `scan`: what it removes,
//! at its place; `depth`: how deep raw HTML nests; `urls`: the schemes a
//! link may use.

mod clean;
mod depth;
mod scan;
mod urls;

pub(crate) use depth::{Depth, MAX_HTML_NESTING};
pub(crate) use urls::{SCHEME_HINT, forbidden_scheme};

use clean::Allowlist;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, Tokenizer};
use scan::{Removal, Scan, locate};
use std::cell::RefCell;

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

#[cfg(test)]
mod tests {
    use super::*;

    fn normalised(html: &str) -> String {
        scraper::Html::parse_fragment(html).html()
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
