//! hub.yaml's `footer:`: the pages every page's footer links to (privacy
//! notice, legal notice, accessibility statement...), who publishes the
//! hub and how to reach them, and the funding statement with its grant
//! agreements.

use super::read::Parser;
use crate::yaml::Yaml;

const FOOTER_KEYS: [&str; 4] = ["links", "publisher", "contact_email", "funding"];
const FUNDING_KEYS: [&str; 3] = ["statement", "emblem", "grants"];
const GRANT_KEYS: [&str; 4] = ["name", "programme", "agreement", "page"];

/// `footer:`. Empty when hub.yaml has none.
#[derive(Debug, Clone, Default)]
pub struct Footer {
    /// Pages linked from every footer, as `collection/slug`, in order.
    pub links: Vec<String>,
    /// The organisation legally responsible for the hub, or empty.
    pub publisher: String,
    /// An address readers can write to, or empty.
    pub contact_email: String,
    /// The funding statement, the EU emblem and the grants.
    pub funding: Funding,
}

/// `footer.funding:`.
#[derive(Debug, Clone, Default)]
pub struct Funding {
    /// Said before the grants ("Funded by the European Union"), or empty.
    pub statement: String,
    /// Show the EU emblem beside the statement.
    pub emblem: bool,
    pub grants: Vec<Grant>,
}

/// One grant agreement of `footer.funding.grants`.
#[derive(Debug, Clone)]
pub struct Grant {
    /// The funded project's name (UP2030).
    pub name: String,
    /// The funding programme (Horizon Europe).
    pub programme: String,
    /// The grant agreement number.
    pub agreement: String,
    /// The project's page as `collection/slug`, or empty.
    pub page: String,
}

impl Parser<'_> {
    pub(super) fn footer(&mut self, root: &Yaml, collections: &[String]) -> Footer {
        let Some(body) = root.get("footer") else {
            return Footer::default();
        };
        let path = ["footer"];
        if !matches!(body, Yaml::Map(_)) {
            self.error(
                &path,
                "wrong-type",
                "`footer` must be a mapping (`links:`, `funding:`...)".into(),
                None,
            );
            return Footer::default();
        }
        self.check_keys(body, &path, &FOOTER_KEYS);
        let links = self.string_list(body, &path, "links").unwrap_or_default();
        for link in &links {
            self.page_id(&["footer", "links"], link, collections);
        }
        Footer {
            links,
            publisher: self.string(body, &path, "publisher").unwrap_or_default(),
            contact_email: self.email(body).unwrap_or_default(),
            funding: self.funding(body, collections),
        }
    }

    fn email(&mut self, body: &Yaml) -> Option<String> {
        let email = self.string(body, &["footer"], "contact_email")?;
        let (user, host) = email.split_once('@').unwrap_or(("", ""));
        if user.is_empty() || !host.contains('.') || email.contains(char::is_whitespace) {
            self.error_at_value(
                &["footer", "contact_email"],
                Some(&email),
                "bad-value",
                format!("`{email}` is not an e-mail address"),
                Some("write it as name@example.org, or leave the key out".into()),
            );
            return None;
        }
        Some(email)
    }

    fn funding(&mut self, footer: &Yaml, collections: &[String]) -> Funding {
        let Some(body) = footer.get("funding") else {
            return Funding::default();
        };
        let path = ["footer", "funding"];
        self.check_keys(body, &path, &FUNDING_KEYS);
        let mut grants = Vec::new();
        match body.get("grants") {
            Some(Yaml::List(items)) => {
                for (i, item) in items.iter().enumerate() {
                    grants.extend(self.grant(item, i, collections));
                }
            }
            Some(Yaml::Null) | None => {}
            Some(other) => self.error(
                &["footer", "funding", "grants"],
                "wrong-type",
                format!("`grants` must be a list, found {}", other.type_name()),
                Some("write one `- {name: ..., programme: ..., agreement: ...}` a line".into()),
            ),
        }
        Funding {
            statement: self.string(body, &path, "statement").unwrap_or_default(),
            emblem: self.boolean(body, &path, "emblem").unwrap_or(false),
            grants,
        }
    }

    fn grant(&mut self, item: &Yaml, index: usize, collections: &[String]) -> Option<Grant> {
        let path = ["footer", "funding", "grants"];
        self.check_keys(item, &path, &GRANT_KEYS);
        let name = self.string(item, &path, "name").unwrap_or_default();
        let agreement = self.string(item, &path, "agreement").unwrap_or_default();
        if name.is_empty() || agreement.is_empty() {
            let missing = if name.is_empty() { "name" } else { "agreement" };
            self.error_at_list_item(
                &path,
                index,
                format!(
                    "grant {} of `footer.funding.grants` has no `{missing}`",
                    index + 1
                ),
                "each grant needs `name` (the project) and `agreement` (its number)",
            );
            return None;
        }
        let page = self.string(item, &path, "page").unwrap_or_default();
        if !page.is_empty() {
            self.page_id(&path, &page, collections);
        }
        Some(Grant {
            programme: self.string(item, &path, "programme").unwrap_or_default(),
            name,
            agreement,
            page,
        })
    }

    fn error_at_list_item(&mut self, path: &[&str], index: usize, message: String, hint: &str) {
        let (line, col) = crate::yaml::locate_item(self.text, path, index).unwrap_or((1, 1));
        self.diags.push(
            crate::diag::Diagnostic::error("missing-field", super::CONFIG_FILE, message)
                .at(self.text, line, col)
                .hint(hint),
        );
    }

    /// A page named as `collection/slug`, with a declared collection.
    fn page_id(&mut self, path: &[&str], id: &str, collections: &[String]) {
        let collection = id.split_once('/').map(|(c, _)| c);
        let known = collection.is_some_and(|c| collections.iter().any(|n| n == c));
        if !known {
            let hint = format!(
                "write a page as collection/slug, e.g. `{}/privacy`; collections: {}",
                collections.first().map_or("about", String::as_str),
                collections.join(", ")
            );
            self.error_at_item(
                path,
                id,
                "unknown-page",
                format!("`{id}` does not name a page of a collection of this hub"),
                Some(hint),
            );
        }
    }
}
