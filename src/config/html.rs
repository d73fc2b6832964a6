//! hub.yaml's `html:` section: the raw HTML contributors may write beyond
//! the safe default (tags, attributes, iframe hosts), or `trusted`.

use super::read::Parser;
use crate::sanitize::{self, HtmlPolicy};
use crate::yaml::Yaml;

/// Keys of `html:`.
const HTML_KEYS: [&str; 4] = ["tags", "attributes", "iframe_hosts", "trusted"];

impl Parser<'_> {
    /// The `html:` section: raw HTML allowed beyond the safe default.
    pub(super) fn html(&mut self, root: &Yaml) -> HtmlPolicy {
        let mut policy = HtmlPolicy::default();
        let path = ["html"];
        let section = match root.get("html") {
            None | Some(Yaml::Null) => return policy,
            Some(section @ Yaml::Map(_)) => section,
            Some(other) => {
                self.error(
                    &path,
                    "wrong-type",
                    format!(
                        "`html` must be a mapping like `{{tags: [details, summary]}}`, found {}",
                        other.type_name()
                    ),
                    None,
                );
                return policy;
            }
        };
        self.check_keys(section, &path, &HTML_KEYS);
        policy.trusted = self.boolean(section, &path, "trusted").unwrap_or(false);
        for host in self
            .string_list(section, &path, "iframe_hosts")
            .unwrap_or_default()
        {
            let ok = !host.is_empty()
                && host
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-');
            if ok {
                policy.iframe_hosts.push(host);
            } else {
                self.error_at_item(&["html", "iframe_hosts"], &host, "bad-html", format!("`{host}` is not a host name"), Some("write the host alone, in lowercase, like `www.youtube-nocookie.com` (no https://, no path)".into()));
            }
        }
        for tag in self.string_list(section, &path, "tags").unwrap_or_default() {
            if let Some(problem) = html_name_problem(&tag, true) {
                self.error_at_item(
                    &["html", "tags"],
                    &tag,
                    "bad-html",
                    problem.0,
                    Some(problem.1),
                );
            } else {
                policy.tags.push(tag);
            }
        }
        self.html_attributes(section, &mut policy);
        policy
    }

    /// `html.attributes`: tag (or `*`) → extra attributes.
    fn html_attributes(&mut self, section: &Yaml, policy: &mut HtmlPolicy) {
        let path = ["html", "attributes"];
        let map = section.get("attributes");
        let (map, entries) = match map {
            None | Some(Yaml::Null) => return,
            Some(map @ Yaml::Map(entries)) => (map, entries),
            Some(other) => {
                self.error(&path, "wrong-type", format!("`attributes` must be a mapping of tags to attribute lists like `{{abbr: [title]}}`, found {}", other.type_name()), None);
                return;
            }
        };
        for (tag, _) in entries {
            let known = tag == "*"
                || sanitize::allowed_by_default(tag)
                || policy.tags.contains(tag)
                || (tag == "iframe" && !policy.iframe_hosts.is_empty());
            if !known {
                self.error_at_item(&path, tag, "bad-html", format!("`{tag}` is not an allowed tag, so it cannot have attributes"), Some(format!("add `{tag}` to `html.tags` first, or write `*` for attributes of every allowed tag")));
                continue;
            }
            let tpath = ["html", "attributes", tag.as_str()];
            let Some(names) = self.string_list(map, &path, tag) else {
                continue;
            };
            let mut kept = Vec::with_capacity(names.len());
            for name in names {
                match html_name_problem(&name, false) {
                    Some((message, hint)) => {
                        self.error_at_item(&tpath, &name, "bad-html", message, Some(hint))
                    }
                    None => kept.push(name),
                }
            }
            policy.attributes.push((tag.clone(), kept));
        }
    }
}

/// Why a tag (`is_tag`) or attribute name cannot be allowed in raw HTML:
/// (message, hint).
fn html_name_problem(name: &str, is_tag: bool) -> Option<(String, String)> {
    let what = if is_tag { "tag" } else { "attribute" };
    let well_formed = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || (!is_tag && c == ':')
        });
    if !well_formed {
        return Some((
            format!("`{name}` is not an HTML {what} name"),
            "write the name in lowercase, like `details` or `title`".into(),
        ));
    }
    let trust = "it cannot be allowed for contributors; only `trusted: true` (every author trusted) publishes raw HTML as written";
    if is_tag && name == "iframe" {
        return Some((
            "`iframe` is allowed through `iframe_hosts`, not `tags`".into(),
            "list the hosts whose frames may be embedded: `iframe_hosts: [www.youtube-nocookie.com]`".into(),
        ));
    }
    let why = if is_tag {
        sanitize::never_allowed(name)
    } else {
        sanitize::never_allowed_attribute(name)
    };
    why.map(|why| {
        (
            format!("`{name}` cannot be allowed in raw HTML: {why}"),
            trust.to_string(),
        )
    })
}
