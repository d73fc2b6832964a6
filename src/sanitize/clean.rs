//! The ammonia sanitiser's setup for one `HtmlPolicy`: the allowlist in
//! the form both the sanitiser and the scan read (so what is reported is
//! what is removed), and the ammonia builder made from it.

use super::urls::{URL_SCHEMES, is_url_attribute};
use super::{
    ALIGNMENTS, DEFAULT_ATTRIBUTES, DEFAULT_TAGS, GENERIC_ATTRIBUTES, HtmlPolicy,
    IFRAME_ATTRIBUTES, MARKDOWN_ATTRIBUTES, MARKDOWN_TAGS, REMOVED_WITH_CONTENT,
};
use ammonia::url::{ParseError, Url};
use std::borrow::Cow;
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
    pub(super) fn new(policy: &'a HtmlPolicy) -> Self {
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

    pub(super) fn builder(&self) -> ammonia::Builder<'a> {
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
