//! Template contexts as types: what each template sees. Every value a
//! template reads is a field of one of these `Serialize` structs; they are
//! turned into Tera values when a job runs (summaries and the site data,
//! shown by many outputs, once per build: see `Shared`). docs/templates.md
//! documents every field, and a test holds the two together.

use super::hash::{self, Hashed};
use crate::map::{LegendEntry, Location, MapPlace};
use crate::model::Shown;
use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::sync::OnceLock;
use tera::Value;

/// HTML a template prints as it is (`| safe`): a sanitised body or intro,
/// the map's SVG.
pub(crate) struct Html<'a>(pub Cow<'a, str>);

impl<'a> From<&'a str> for Html<'a> {
    fn from(html: &'a str) -> Self {
        Html(Cow::Borrowed(html))
    }
}

impl From<String> for Html<'_> {
    fn from(html: String) -> Self {
        Html(Cow::Owned(html))
    }
}

impl Serialize for Html<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if hash::hashing() {
            return s.serialize_u64(hash::str_hash(&self.0));
        }
        // Tera keeps a value it is handed as it is: a safe string.
        Value::safe_string(&self.0).serialize(s)
    }
}

/// JSON-LD, which a template prints as it is (`| safe`), written safe
/// inside `<script>` (`exports::script_safe`). The text is made only to
/// render: its hash is the hash of the JSON value, which the text is a
/// function of.
pub(crate) struct JsonLd(pub serde_json::Value);

impl Serialize for JsonLd {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if hash::hashing() {
            return self.0.serialize(s);
        }
        Value::safe_string(&crate::exports::script_safe(&self.0)).serialize(s)
    }
}

/// A value made once per build and shown by many outputs (a page's
/// `Summary`, the `SiteContext`, a listing's page numbers...): handed to
/// Tera as it is, a reference-counted clone, never serialised again; hashed
/// as its own hash, made once when first asked (see `hash`).
#[derive(Clone, Copy)]
pub(crate) struct Shared<'a> {
    pub value: &'a Value,
    pub hash: &'a OnceLock<Hashed>,
}

impl<'a> From<&'a SharedValue> for Shared<'a> {
    fn from(v: &'a SharedValue) -> Self {
        Shared {
            value: &v.value,
            hash: &v.hash,
        }
    }
}

impl Shared<'_> {
    /// Its hash (the hash of the Tera value unless made otherwise).
    pub(crate) fn hash(&self) -> Hashed {
        *self.hash.get_or_init(|| hash::value_hash(self.value))
    }
}

impl Serialize for Shared<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if hash::hashing() {
            let hash = self.hash();
            // Every count a shared value holds is one of the site's.
            hash::add_count(hash.counts, true);
            hash::add_count(hash.own_counts, true);
            return s.serialize_u64(hash.main);
        }
        self.value.serialize(s)
    }
}

/// A shared value as `prepare` keeps it: the Tera value and its hash,
/// made when first asked (`build` never asks).
#[derive(Clone)]
pub(crate) struct SharedValue {
    pub value: Value,
    pub hash: OnceLock<Hashed>,
}

impl SharedValue {
    /// Made from a typed context value (which always serialises).
    pub(crate) fn new<T: Serialize>(v: &T) -> SharedValue {
        SharedValue {
            value: Value::try_from_serializable(v).unwrap_or_else(|_| Value::none()),
            hash: OnceLock::new(),
        }
    }

    /// Made from a typed value that holds counts of the site (`SiteCount`),
    /// hashed apart from the rest at once.
    pub(crate) fn with_counts<T: Serialize>(v: &T) -> SharedValue {
        let made = SharedValue::new(v);
        let _ = made.hash.set(hash::hash(v));
        made
    }
}

/// A count of the whole site (pages of a collection, terms of a taxonomy):
/// a number to templates, hashed apart (see `hash`).
#[derive(Clone, Copy)]
pub(crate) struct SiteCount(pub usize);

impl Serialize for SiteCount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if hash::hashing() {
            hash::add_count(self.0 as u64, false);
            return s.serialize_u8(0);
        }
        s.serialize_u64(self.0 as u64)
    }
}

/// What every template sees, with the variables of its kind of output.
#[derive(Serialize)]
pub(crate) struct TemplateContext<'a, V: Serialize> {
    /// A `SiteContext`.
    pub site: Shared<'a>,
    /// `home`, `list`, `page`, `taxonomy`, `term`, `404`, `search` or `map`.
    pub kind: &'static str,
    /// Root-relative URL of the output being rendered.
    pub current_url: &'a str,
    /// The longest of the URLs the site's navigation links to (home, the
    /// map, each collection, each taxonomy, each footer page) that
    /// `current_url` starts with: the section the output is in.
    pub section_url: &'a str,
    /// The languages the output is written in, the default first (a hub
    /// with one language has none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alternates: Vec<crate::i18n::Alternate<'a>>,
    #[serde(flatten)]
    pub vars: V,
}

/// `site`: the hub's settings and what it holds.
#[derive(Serialize)]
pub(crate) struct SiteContext<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    pub base_path: &'a str,
    /// Where the theme's static files are: `base_path`, but in the pages
    /// of a language other than the default, the hub's own base path.
    pub static_path: &'a str,
    pub language: &'a str,
    pub repository: &'a str,
    /// `{id, url}` of hub.yaml's `content_license`, or null.
    pub content_license: Option<&'a crate::config::ContentLicense>,
    pub collections: Vec<CollectionInfo<'a>>,
    pub taxonomies: Vec<TaxonomyInfo<'a>>,
    pub search_url: String,
    /// Empty when the hub has no map.
    pub map_url: String,
    pub api_url: String,
    pub footer: FooterContext<'a>,
    /// Absolute URL of the site's social card (`og:image` of the pages
    /// that are not items), empty when the theme has no card.
    pub image: &'a str,
}

/// `site.footer`: hub.yaml's `footer:`, its pages with their titles.
#[derive(Serialize)]
pub(crate) struct FooterContext<'a> {
    /// The pages every footer links to (a page that does not exist is
    /// left out: `prepare` reports it).
    pub links: Vec<FooterLink<'a>>,
    /// Who publishes the hub, or empty.
    pub publisher: &'a str,
    /// An e-mail address for readers, or empty.
    pub contact_email: &'a str,
    /// `footer.funding.statement`, or empty.
    pub funding_statement: &'a str,
    /// Show the EU emblem.
    pub emblem: bool,
    pub grants: Vec<GrantInfo<'a>>,
}

/// An entry of `site.footer.links`.
#[derive(Serialize)]
pub(crate) struct FooterLink<'a> {
    pub title: &'a str,
    pub url: String,
}

/// An entry of `site.footer.grants`.
#[derive(Serialize)]
pub(crate) struct GrantInfo<'a> {
    pub name: &'a str,
    pub programme: &'a str,
    pub agreement: &'a str,
    /// The project's page, or empty.
    pub url: String,
}

/// An entry of `site.collections` (and `page.collection_info`).
#[derive(Serialize)]
pub(crate) struct CollectionInfo<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub singular: &'a str,
    pub description: &'a str,
    pub url: String,
    pub count: SiteCount,
    /// Whether it has any page: unlike `count`, it changes only when the
    /// collection becomes empty or not, so the navigation of every page
    /// can test it without depending on the count.
    pub has_pages: bool,
    /// Empty when the collection has no feed.
    pub feed_url: String,
    /// Listed in the navigation, on the home page and in the footer.
    pub nav: bool,
    /// The GitHub issue form proposing a page of the collection; empty
    /// when it has none (hub.yaml `form:`).
    pub form_url: &'a str,
}

/// An entry of `site.taxonomies`.
#[derive(Serialize)]
pub(crate) struct TaxonomyInfo<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub description: &'a str,
    pub url: String,
    /// Number of terms.
    pub count: SiteCount,
    /// Whether any page has a term of it (`count > 0`, but changing only
    /// when the taxonomy becomes empty or not: for the navigation).
    pub has_pages: bool,
}

/// A page as listings, links and the template functions show it.
#[derive(Serialize)]
pub(crate) struct Summary<'a> {
    /// `collection/slug`.
    pub id: String,
    pub collection: &'a str,
    pub slug: &'a str,
    pub url: String,
    pub title: &'a str,
    pub summary: String,
    /// `YYYY-MM-DD`, `YYYY-MM` or empty.
    pub date: String,
    pub date_display: String,
    /// Declared front-matter values as written (refs as slugs; a ref that
    /// did not resolve is left out).
    pub fields: Fields<'a>,
    /// The narrowest variant of the page's first image, or null.
    pub thumbnail: Option<Thumbnail<'a>>,
    /// In a language's pages, the name of the hub's default language when
    /// the page is not translated and shows the original (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_language: Option<&'a str>,
}

/// `thumbnail` of a summary: an image's URL and size.
#[derive(Serialize)]
pub(crate) struct Thumbnail<'a> {
    pub url: &'a str,
    pub width: u32,
    pub height: u32,
}

/// A page's field values by name, in schema order.
pub(crate) struct Fields<'a>(pub Vec<(&'a str, FieldOut<'a>)>);

/// One field value as templates see it.
pub(crate) enum FieldOut<'a> {
    Text(&'a str),
    Int(i64),
    Num(f64),
    Bool(bool),
    /// A date as `YYYY-MM-DD` or `YYYY-MM`.
    Date(String),
    List(Vec<&'a str>),
}

impl Serialize for Fields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (*k, v)))
    }
}

impl Serialize for FieldOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            FieldOut::Text(t) => s.serialize_str(t),
            FieldOut::Int(i) => s.serialize_i64(*i),
            FieldOut::Num(n) => s.serialize_f64(*n),
            FieldOut::Bool(b) => s.serialize_bool(*b),
            FieldOut::Date(d) => s.serialize_str(d),
            FieldOut::List(l) => s.collect_seq(l),
        }
    }
}

/// `index.html`.
#[derive(Serialize)]
pub(crate) struct HomeVars<'a> {
    /// `content/_index.md`, may be empty.
    pub intro: Html<'a>,
    pub intro_title: &'a str,
    /// The WebSite and Organization as JSON-LD, safe in `<script>`.
    pub jsonld: JsonLd,
}

/// `list.html`: one page of a collection's listing.
#[derive(Serialize)]
pub(crate) struct ListVars<'a> {
    pub collection: ListedCollection<'a>,
    /// `Summary` values.
    pub pages: Vec<Shared<'a>>,
    pub paginator: Paginator<'a>,
}

/// `collection` in `list.html`.
#[derive(Serialize)]
pub(crate) struct ListedCollection<'a> {
    #[serde(flatten)]
    pub info: CollectionInfo<'a>,
    /// `content/<collection>/_index.md`, may be empty.
    pub intro: Html<'a>,
    /// Only when the collection has an intro.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intro_title: Option<&'a str>,
    /// The `Facet`s its pages can be narrowed by (one list per collection).
    pub facets: Shared<'a>,
}

/// An entry of `collection.facets`: a taxonomy, or a ref field with few
/// targets (projects), whose values the collection's pages have.
#[derive(Serialize)]
pub(crate) struct Facet<'a> {
    pub label: &'a str,
    /// The search filter with the same values (the listing's script
    /// narrows the list with it).
    pub filter: String,
    /// Values with at least one page of the collection.
    pub terms: Vec<FacetTerm<'a>>,
}

/// An entry of `collection.facets[].terms`: a term page, or the page a
/// ref points to (which lists the pages referring to it).
#[derive(Serialize)]
pub(crate) struct FacetTerm<'a> {
    pub label: &'a str,
    pub url: String,
    /// Pages of the collection with this value.
    pub count: usize,
}

/// Where a page of a listing or term is among its pages.
#[derive(Serialize)]
pub(crate) struct Paginator<'a> {
    pub current: usize,
    pub total: usize,
    /// Empty on the first page.
    pub prev_url: String,
    /// Empty on the last page.
    pub next_url: String,
    /// The `PageNumber`s of every page (one list shared by all of them).
    pub pages: Shared<'a>,
    /// What a short pager shows: the first and last page, two either side
    /// of the current one, and a gap where numbers are left out (at most
    /// nine entries, however many pages there are).
    pub nearby: Vec<NearbyPage>,
}

/// An entry of `paginator.nearby`: a page, or a gap in the numbers.
#[derive(Serialize)]
pub(crate) struct NearbyPage {
    /// 0 for a gap.
    pub number: usize,
    /// Empty for a gap.
    pub url: String,
    pub current: bool,
    pub gap: bool,
}

/// An entry of `paginator.pages`.
#[derive(Serialize)]
pub(crate) struct PageNumber {
    pub number: usize,
    pub url: String,
}

/// `taxonomy.html`.
#[derive(Serialize)]
pub(crate) struct TaxonomyVars<'a> {
    /// A `TaxonomyContext`.
    pub taxonomy: Shared<'a>,
}

/// `taxonomy` in `taxonomy.html` and `term.html`.
#[derive(Serialize)]
pub(crate) struct TaxonomyContext<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub description: &'a str,
    pub url: String,
    pub count: usize,
    /// Sorted by label. Each count is one of the site's (hashed apart, so
    /// a term page that does not show its siblings' counts is not
    /// re-rendered when a page joins another term).
    pub terms: Vec<TermInfo<'a, SiteCount>>,
}

/// The `term` of a term page (its count a plain number: it is the
/// page's own), or an entry of `taxonomy.terms` (a `SiteCount`).
#[derive(Serialize)]
pub(crate) struct TermInfo<'a, C = usize> {
    pub name: &'a str,
    pub label: &'a str,
    pub url: String,
    /// Pages with the term.
    pub count: C,
}

/// `term.html`: one page of a term.
#[derive(Serialize)]
pub(crate) struct TermVars<'a> {
    /// A `TaxonomyContext`.
    pub taxonomy: Shared<'a>,
    /// A `TermContext`.
    pub term: Shared<'a>,
    pub paginator: Paginator<'a>,
    /// `Summary` values.
    pub pages: Vec<Shared<'a>>,
}

/// `term` in `term.html`.
#[derive(Serialize)]
pub(crate) struct TermContext<'a> {
    #[serde(flatten)]
    pub info: TermInfo<'a>,
    /// The collections present, in hub.yaml order.
    pub collections: Vec<TermGroup<'a>>,
}

/// An entry of `term.collections`.
#[derive(Serialize)]
pub(crate) struct TermGroup<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub count: usize,
    /// The term page where the group starts, with `#ch-<name>`.
    pub url: String,
}

/// `page.html`.
#[derive(Serialize)]
pub(crate) struct PageVars<'a> {
    pub page: PageContext<'a>,
}

/// `page` in `page.html`: everything a summary has, and more.
#[derive(Serialize)]
pub(crate) struct PageContext<'a> {
    #[serde(flatten)]
    pub summary: Summary<'a>,
    pub content: Html<'a>,
    pub toc: Vec<TocEntry<'a>>,
    pub updated: String,
    pub updated_display: String,
    pub sources: &'a [String],
    pub draft: bool,
    pub word_count: usize,
    pub reading_minutes: usize,
    /// Empty when the hub names no repository.
    pub edit_url: String,
    pub source_path: &'a str,
    pub meta: Vec<MetaField<'a>>,
    pub refs: Refs<'a>,
    pub backlinks: Vec<BacklinkGroup<'a>>,
    pub taxonomies: Vec<PageTaxonomy<'a>>,
    pub collection_info: Option<CollectionInfo<'a>>,
    /// `Summary` values.
    pub prev: Option<Shared<'a>>,
    pub next: Option<Shared<'a>>,
    pub related: Vec<Shared<'a>>,
    pub jsonld: JsonLd,
    /// The page's BreadcrumbList as JSON-LD, safe in `<script>`.
    pub breadcrumb_jsonld: JsonLd,
    pub location: Option<Location>,
    /// Empty unless the collection has `feed_per_item`.
    pub feed_url: String,
    /// In a translation, the URL of its original (empty otherwise).
    pub original_url: String,
    /// A translation whose original's words changed since the version it
    /// records (`translation_of`).
    pub stale: bool,
    /// Absolute URL of the page's social image: its first image, else its
    /// card (empty when the theme has no card).
    pub image: &'a str,
}

/// An entry of `page.toc` (h2 with their h3 `children`).
#[derive(Serialize)]
pub(crate) struct TocEntry<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub level: u8,
    pub children: Vec<TocEntry<'a>>,
}

/// An entry of `page.meta`: a declared field with a value, ready to show.
#[derive(Serialize)]
pub(crate) struct MetaField<'a> {
    pub name: &'a str,
    pub label: &'a str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// How each value shows, with the page it links to (or empty).
    pub items: Vec<Shown>,
}

/// `page.refs`: each ref field's target summary (`ref`, none when it did
/// not resolve) or summaries (`refs`), by field name.
pub(crate) struct Refs<'a>(pub Vec<(&'a str, RefTargets<'a>)>);

pub(crate) enum RefTargets<'a> {
    One(Option<Shared<'a>>),
    Many(Vec<Shared<'a>>),
}

impl Serialize for Refs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (*k, v)))
    }
}

impl Serialize for RefTargets<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            RefTargets::One(one) => one.serialize(s),
            RefTargets::Many(many) => many.serialize(s),
        }
    }
}

/// An entry of `page.backlinks`: the pages of one collection that refer to
/// this page through one field.
#[derive(Serialize)]
pub(crate) struct BacklinkGroup<'a> {
    pub collection: &'a str,
    pub collection_label: &'a str,
    pub field: &'a str,
    pub field_label: &'a str,
    /// The heading hub.yaml gives the group (with the ref field), or empty.
    pub backlinks_label: &'a str,
    /// `Summary` values.
    pub pages: Vec<Shared<'a>>,
}

/// An entry of `page.taxonomies`.
#[derive(Serialize)]
pub(crate) struct PageTaxonomy<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub terms: Vec<PageTerm<'a>>,
}

/// An entry of `page.taxonomies[].terms`.
#[derive(Serialize)]
pub(crate) struct PageTerm<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub url: String,
}

/// `map.html`.
#[derive(Serialize)]
pub(crate) struct MapVars<'a> {
    pub map: MapContext<'a>,
}

/// `map` in `map.html`.
#[derive(Serialize)]
pub(crate) struct MapContext<'a> {
    pub svg: Html<'a>,
    pub collection: &'a str,
    pub collection_label: &'a str,
    pub count_collection: &'a str,
    pub count_label: &'a str,
    /// Biggest count first.
    pub places: &'a [MapPlace],
    /// Colours of the markers (empty without hub.yaml's `map.colour`).
    pub legend: &'a [LegendEntry],
}

/// `search.html` and `404.html`: only what every template sees.
#[derive(Serialize)]
pub(crate) struct NoVars {}
