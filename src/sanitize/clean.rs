//! The ammonia sanitiser of one `HtmlPolicy`: the allowlist in the form
//! both the sanitiser and the scan read (so what is reported is what is
//! removed), the ammonia builder made from it, and `Sanitizer`, made once
//! for a page.

use super::scan::{Removal, Scan, locate};
use super::urls::{URL_SCHEMES, is_url_attribute};
use super::{
    ALIGNMENTS, DEFAULT_ATTRIBUTES, DEFAULT_TAGS, GENERIC_ATTRIBUTES, HtmlPolicy,
    IFRAME_ATTRIBUTES, MARKDOWN_ATTRIBUTES, MARKDOWN_TAGS, REMOVED_WITH_CONTENT,
};
use ammonia::url::{ParseError, Url};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, Tokenizer};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

/// The allowlist of one policy, in the form both the sanitiser and the
/// scan read, so that what is reported is what is removed.
pub(super) struct Allowlist<'a> {
    pub(super) tags: HashSet<&'a str>,
    attributes: HashMap<&'a str, HashSet<&'a str>>,
    generic: HashSet<&'a str>,
    pub(super) removed_with_content: HashSet<&'a str>,
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
    pub(super) fn attribute_problem(
        &self,
        tag: &str,
        attribute: &str,
        value: &str,
    ) -> Option<String> {
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
