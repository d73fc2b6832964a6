//! `hub.yaml`: site settings (with the hub's languages) and the content
//! model (collections, typed fields, taxonomies). Parsed once into a plain `Config` passed by `&`.

mod collections;
mod footer;
mod html;
mod languages;
mod license;
mod read;
mod taxonomies;
#[cfg(test)]
mod tests;

use crate::diag::Diagnostic;
use crate::sanitize::HtmlPolicy;
use crate::yaml;
use read::Parser;
use std::collections::BTreeMap;

pub use crate::model::outline::Section;
pub use crate::model::{FieldDef, FieldKind};
pub use footer::{Footer, Funding, Grant};
pub use languages::Language;
pub(crate) use languages::check_code as check_language_code;

pub use crate::layout::CONFIG_FILE;
pub use license::ContentLicense;

/// The front-matter key a translation records its original's version
/// under.
pub(crate) const RECORD_KEY: &str = "translation_of";

/// Fields every page may have, whatever its collection.
pub(crate) const COMMON_FIELDS: [&str; 6] =
    ["title", "summary", "date", "updated", "draft", "sources"];

#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    /// `content_license`: the licence of the hub's text and data.
    pub content_license: Option<ContentLicense>,
    pub description: String,
    /// Absolute, ends with `/`.
    pub base_url: String,
    pub language: String,
    /// The hub's languages (`languages:`), the default (`language`)
    /// first; only the default when hub.yaml names no others.
    pub languages: Vec<Language>,
    pub theme: String,
    /// Repository web address without a trailing `/`, or empty.
    pub repository: String,
    pub branch: String,
    pub summary_max_length: usize,
    /// A search filter of referred pages (Projects, Cities...) with more
    /// values than this is left out: a list of thousands of checkboxes
    /// helps nobody, and every filter is downloaded with a first search.
    /// Collection and taxonomy filters are always kept.
    pub search_filter_limit: usize,
    pub collections: Vec<Collection>,
    pub taxonomies: Vec<Taxonomy>,
    /// The footer's links, publisher and funding statement (`footer:`).
    pub footer: Footer,
    /// What raw HTML in pages may contain beyond the safe default (`html:`).
    pub(crate) html: HtmlPolicy,
    /// In the configuration of a language other than the default
    /// (`i18n::config_for`): the hub's own base path, where the theme's
    /// static files are.
    pub(crate) static_path: Option<String>,
    /// The text of hub.yaml, for diagnostics that point into it.
    pub source: String,
}

#[derive(Debug, Clone)]
pub struct Collection {
    pub name: String,
    pub label: String,
    pub singular: String,
    pub description: String,
    pub sort: Sort,
    pub per_page: usize,
    pub feed: bool,
    /// Listed in the site's navigation, on the home page and in the
    /// footer (`nav: false` for pages such as the privacy notice).
    pub nav: bool,
    pub fields: Vec<FieldDef>,
    /// The headings `new` writes in a new page's body (`outline:`).
    pub outline: Vec<Section>,
    /// Findability settings (`feed_per_item`, `map`, `schema_org`).
    pub find: CollectionFind,
    /// The GitHub issue form of the collection (`form:`), when it opts in.
    pub form: Option<FormSettings>,
}

/// `form:` of a collection: its pages may be proposed through a GitHub
/// issue form (`clusterhub forms` writes it, `clusterhub intake` reads the
/// issues back).
#[derive(Debug, Clone, PartialEq)]
pub struct FormSettings {
    /// The start of a new issue's title ("Case study: ").
    pub title: String,
    /// Labels GitHub adds to the issues the form opens.
    pub labels: Vec<String>,
    /// The address that opens a new issue with the form
    /// (`<repository>/issues/new?template=<collection>.yml`); empty when
    /// hub.yaml names no repository.
    pub url: String,
}

/// Optional per-collection settings for feeds, the map and JSON-LD.
#[derive(Debug, Clone, Default)]
pub struct CollectionFind {
    /// Each page of this collection gets an Atom feed of the pages that refer to it.
    pub feed_per_item: bool,
    /// Pages of this collection are places on the map.
    pub map: Option<MapFields>,
    /// schema.org type of the pages (default `CreativeWork`).
    pub schema_type: Option<String>,
    /// A field whose value picks another type: (field, value → type).
    pub schema_type_by: Option<(String, BTreeMap<String, String>)>,
    /// schema.org property → field name.
    pub schema_properties: Vec<(String, String)>,
}

/// Which fields hold a place's coordinates, and which collection's pages
/// referring to it are counted on the map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapFields {
    pub lat: String,
    pub lon: String,
    /// Count the pages of this collection that refer to a place; places
    /// with none are left off the map. Empty: every place, no count.
    pub count: String,
    /// A ref or refs field of the `count` collection whose targets colour
    /// the markers (a place takes the colour of the target most of its
    /// counted pages have), with a legend. Empty: one colour.
    pub colour: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SortKey {
    Date,
    Title,
    Field(String),
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub name: String,
    pub label: String,
    pub description: String,
    /// The front-matter field (string, enum or list) whose values are terms.
    pub field: String,
    /// Pages listed on each page of a term (a term of a large hub can hold
    /// thousands).
    pub per_page: usize,
}

impl Config {
    pub(crate) fn collection(&self, name: &str) -> Option<&Collection> {
        self.collections.iter().find(|c| c.name == name)
    }

    /// The language other than the default whose file suffix and folder
    /// is `folder` (`it`, `pt-br`).
    pub(crate) fn translation_language(&self, folder: &str) -> Option<&Language> {
        self.languages.iter().skip(1).find(|l| l.folder() == folder)
    }

    /// The language whose code is `code`.
    pub(crate) fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// The path part of `base_url`, starting and ending with `/`.
    pub(crate) fn base_path(&self) -> String {
        crate::routes::base_path_of(&self.base_url)
    }

    /// The taxonomy whose terms come from `field`, if any.
    pub(crate) fn taxonomy_for_field(&self, field: &str) -> Option<&Taxonomy> {
        self.taxonomies.iter().find(|t| t.field == field)
    }

    pub(crate) fn with_base_url(mut self, base_url: &str) -> Self {
        self.base_url = normalize_base_url(base_url);
        self
    }
}

impl crate::model::Targets for Config {
    fn names(&self, name: &str) -> Option<(&str, &str)> {
        self.collection(name)
            .map(|c| (c.label.as_str(), c.singular.as_str()))
    }
}

impl Collection {
    pub(crate) fn field(&self, name: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// A default singular for a plural label: "Cities" → "City", "Methods" → "Method".
fn singular_of(label: &str) -> String {
    if let Some(stem) = label.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = label.strip_suffix('s') {
        stem.to_string()
    } else {
        label.to_string()
    }
}

fn normalize_base_url(url: &str) -> String {
    let url = url.trim();
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

/// Reads a config from the text of hub.yaml, pushing every problem found
/// into `diags`. Returns the config when it is usable (possibly with
/// warnings).
pub fn parse(text: &str, diags: &mut Vec<Diagnostic>) -> Option<Config> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut p = Parser {
        text,
        diags: Vec::new(),
    };
    let root = match yaml::parse(text) {
        Ok(root) => root,
        Err(e) => {
            let d = Diagnostic::error(
                "yaml-syntax",
                CONFIG_FILE,
                format!("hub.yaml is not valid YAML: {}", e.message),
            )
            .at(text, e.line, e.column)
            .hint(e.hint.unwrap_or_else(|| {
                "check the indentation (spaces, not tabs) and that quotes are closed".into()
            }));
            diags.push(d);
            return None;
        }
    };
    let config = p.config(&root);
    let has_error = p.diags.iter().any(Diagnostic::is_error);
    diags.append(&mut p.diags);
    config.filter(|_| !has_error)
}

/// Values a search filter of referred pages may have unless
/// `search_filter_limit` says otherwise.
pub(crate) const SEARCH_FILTER_LIMIT: usize = 300;
/// Pages on each page of a taxonomy term unless `per_page` says otherwise.
pub(crate) const TERM_PER_PAGE: usize = 48;
