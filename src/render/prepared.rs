//! Everything made once per build from (`Config`, `Site`) and shared by
//! every render: the site data, each page's summary and URL, the values
//! that many outputs of one listing or taxonomy show, lookup tables for the
//! template functions, related pages and the map's projection. Plain data:
//! rendering reads it, nothing in it changes while jobs run.

use super::context::{Shared, SharedValue};
use super::hash::Hashed;
use super::shared::{self, TaxonomyValues};
use crate::cards::CardArt;
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::map::{MapView, Projection};
use crate::related::Related;
use crate::resolve::{PageId, Renumbering, Site, reads};
use crate::routes::Routes;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::OnceLock;
use tera::Value;

/// Everything precomputed once per build and shared by every render.
pub(crate) struct Prepared {
    /// The `SiteContext`.
    pub(super) site: SharedValue,
    /// The URLs the site's navigation links to (`shared::sections`).
    pub(super) sections: Vec<String>,
    /// Each page's `Summary`, by id (what the template functions return).
    pub(super) summaries: Arc<Vec<Value>>,
    /// The hash of each page's `Summary`, by id, made when first asked.
    pub(super) summary_hashes: Vec<OnceLock<Hashed>>,
    /// Each page's URL, by id.
    pub(super) urls: Vec<String>,
    /// `get_page`'s keys (`methods/five-up.md`, `methods/five-up`).
    pub(super) by_path: Arc<crate::resolve::PathIndex>,
    /// `get_pages`' lists: each collection's pages in order.
    pub(super) lists: Arc<HashMap<String, Vec<PageId>>>,
    /// The `PageNumber`s of each collection's listing, by collection.
    listing_numbers: Vec<SharedValue>,
    /// The `Facet`s of each collection's listing, by collection.
    listing_facets: Vec<SharedValue>,
    /// Each taxonomy's shared values, by taxonomy.
    taxonomies: Vec<TaxonomyValues>,
    /// Related pages of each page (`page.related`).
    related: Related,
    /// The map's projection, when the theme has a readable outline.
    pub(super) projection: Option<Projection>,
    /// The map page's drawing, made when first asked (a `serve` edit asks
    /// twice: for the hash, then the context), with the pages it read.
    map: OnceLock<(Option<MapView>, Vec<PageId>)>,
    pub(super) routes: Routes,
    /// Each page's social image, the site's, and the cards.
    social: super::social::Social,
    /// In a hub with more than one language: the languages each output
    /// exists in, and which of them this render is (0: the default).
    pub(crate) i18n: Option<(Arc<crate::i18n::Alternates>, usize)>,
}

impl Prepared {
    // Reads of per-page data note the page, reads of data made from the
    // site's structure note the site (`resolve::reads`), as `Site` does.

    /// The pages related to a page (`page.related`).
    pub(super) fn related(&self, id: PageId) -> &[PageId] {
        reads::note(id);
        self.related.of(id)
    }

    /// The absolute URL of a page's social image (empty without one).
    pub(super) fn page_image(&self, id: PageId) -> &str {
        reads::note(id);
        self.social.pages.get(id).map_or("", |url| url)
    }

    /// The map page's drawing: `None` without a mapped collection or a
    /// readable outline. The pages it read are noted on every call.
    pub(super) fn map_view(&self, config: &Config, site: &Site) -> Option<&MapView> {
        let projection = self.projection.as_ref()?;
        let (view, read) = self.map.get_or_init(|| {
            reads::record(|| crate::map::build(config, site, &self.urls, projection))
        });
        reads::replay(read);
        view.as_ref()
    }

    /// The `PageNumber`s of a collection's listing (a read of that
    /// collection: see `live::moves`).
    pub(super) fn listing_numbers(&self, collection: usize) -> Option<&SharedValue> {
        reads::note_collection(collection);
        self.listing_numbers.get(collection)
    }

    /// The `Facet`s of a collection's listing (a read of that collection).
    pub(super) fn listing_facets(&self, collection: usize) -> Option<&SharedValue> {
        reads::note_collection(collection);
        self.listing_facets.get(collection)
    }

    /// A term's shared values, with its taxonomy's: a read of the term
    /// (see `live::moves`).
    pub(super) fn term_values(
        &self,
        taxonomy: usize,
        term: usize,
    ) -> Option<(&SharedValue, &(SharedValue, SharedValue))> {
        reads::note_term(
            self.taxonomies.iter().map(|t| t.terms.len()),
            taxonomy,
            term,
        );
        let values = self.taxonomies.get(taxonomy)?;
        Some((&values.taxonomy, values.terms.get(term)?))
    }

    /// A taxonomy's shared values.
    pub(super) fn taxonomy_values(&self, taxonomy: usize) -> Option<&TaxonomyValues> {
        reads::note_site();
        self.taxonomies.get(taxonomy)
    }

    /// The languages each output exists in, and which of them this render
    /// is. What an output's alternates show is not a read of the site: the
    /// languages are in `global_digest`, and only a page's own output is
    /// ever shown as untranslated somewhere, which `page_digest` holds.
    pub(super) fn alternates(&self) -> Option<(&crate::i18n::Alternates, usize)> {
        let (alternates, lang) = self.i18n.as_ref()?;
        Some((alternates, *lang))
    }

    /// Feeds `h` what is prepared for page `id` from other pages (its
    /// related pages, by path) and its social image: with the page's own
    /// digest (`Page::digest`), everything a read of the page gives.
    pub(crate) fn page_digest(&self, keys: &[u64], id: PageId, h: &mut impl std::hash::Hasher) {
        use std::hash::Hash;
        let path = |p: &PageId| keys.get(*p);
        let related = self.related.of(id);
        related.len().hash(h);
        related.iter().for_each(|id| path(id).hash(h));
        self.social.pages.get(id).hash(h);
        if let (Some((alternates, lang)), Some(url)) = (&self.i18n, self.urls.get(id)) {
            alternates.digest(*lang, url, h);
        }
    }

    /// What a read of collection `index` gives (`reads::Read::Collection`):
    /// its pages in order (by their hashed paths, `keys`), its intro (by
    /// address: the caller holds it, and a parsed document never changes)
    /// and the hashes of its listing's facets and page numbers.
    pub(crate) fn collection_digest(
        &self,
        site: &Site,
        keys: &[u64],
        index: usize,
        h: &mut impl std::hash::Hasher,
    ) {
        use std::hash::Hash;
        let Some(pages) = site.collections().get(index) else {
            return;
        };
        pages.pages.len().hash(h);
        pages.pages.iter().for_each(|id| keys.get(*id).hash(h));
        pages.intro.as_ref().map(Arc::as_ptr).hash(h);
        for shared in [
            self.listing_facets.get(index),
            self.listing_numbers.get(index),
        ] {
            shared.map(|v| Shared::from(v).hash()).hash(h);
        }
    }

    /// What a read of term `term` of taxonomy `taxonomy` gives
    /// (`reads::Read::Term`): its pages in order (by their hashed paths,
    /// `keys`), and the hashes of its taxonomy's shared value, its own and
    /// its page numbers.
    pub(crate) fn term_digest(
        &self,
        site: &Site,
        keys: &[u64],
        (taxonomy, term): (usize, usize),
        h: &mut impl std::hash::Hasher,
    ) {
        use std::hash::Hash;
        let terms = site.taxonomies().get(taxonomy).map(|t| &t.terms);
        let Some(t) = terms.and_then(|terms| terms.get(term)) else {
            return;
        };
        (t.pages.len(), &t.slug).hash(h);
        t.pages.iter().for_each(|id| keys.get(*id).hash(h));
        let values = self.taxonomies.get(taxonomy);
        let shared = values.map(|v| (&v.taxonomy, v.terms.get(term)));
        if let Some((taxonomy, own)) = shared {
            Shared::from(taxonomy).hash().hash(h);
            own.map(|(context, numbers)| {
                (Shared::from(context).hash(), Shared::from(numbers).hash())
            })
            .hash(h);
        }
    }

    /// The hash of what every context holds whatever it reads: the shared
    /// site value (its counts apart) and whether there is a map.
    pub(crate) fn global_digest(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = super::hasher();
        Shared::from(&self.site).hash().main.hash(&mut h);
        self.projection.is_some().hash(&mut h);
        if let Some((alternates, lang)) = &self.i18n {
            alternates.languages_digest(&mut h);
            lang.hash(&mut h);
        }
        h.finish()
    }

    /// A page's summary, as a context shows it.
    pub(super) fn summary(&self, id: PageId) -> Shared<'_> {
        crate::resolve::reads::note_summary(id);
        Shared {
            value: &self.summaries[id],
            hash: &self.summary_hashes[id],
        }
    }

    /// Lets go of what is kept only to carry it over when the site is
    /// resolved again (`Previous`): a build resolves once.
    pub(crate) fn forget_carry_over(&mut self) {
        self.related.forget_index();
    }

    /// The hash of a page's summary (what listings and links show of it).
    pub(crate) fn summary_hash(&self, id: PageId) -> u64 {
        if id < self.summaries.len() {
            self.summary(id).hash().main
        } else {
            0
        }
    }

    /// The output paths of the social cards (each names its content: a
    /// card published under its path is the same card).
    pub(crate) fn card_paths(&self) -> impl Iterator<Item = &str> {
        self.social.card_paths()
    }

    /// The social cards, as files copied from the cache.
    pub(crate) fn card_assets(&self) -> impl Iterator<Item = crate::output::Asset> + '_ {
        self.social.assets()
    }

    /// The social cards as `serve` answers them: output path, cache file.
    pub(crate) fn served_cards(
        &self,
    ) -> impl Iterator<Item = (String, crate::output::AssetFrom)> + '_ {
        self.social.served()
    }

    /// The site's addresses.
    pub(crate) fn routes(&self) -> &Routes {
        &self.routes
    }

    /// Recomputes the summaries of `ids` after their docs changed in place.
    /// Templates loaded before still see the old summaries: load them again.
    pub(crate) fn refresh_summaries(&mut self, site: &Site, ids: &[PageId]) {
        let summaries = Arc::make_mut(&mut self.summaries);
        for &id in ids {
            if let (Some(slot), Some(hash)) =
                (summaries.get_mut(id), self.summary_hashes.get_mut(id))
            {
                let made = shared::summary_value(site, &self.routes, id);
                (*slot, *hash) = (made.value, made.hash);
            }
        }
    }
}

/// What the listings and terms show, and every page's URL: made beside
/// the summaries and related pages (`prepare`).
struct Listed {
    urls: Vec<String>,
    numbers: Vec<SharedValue>,
    facets: Vec<SharedValue>,
    taxonomies: Vec<TaxonomyValues>,
}

impl Listed {
    fn new(config: &Config, site: &Site, routes: &Routes) -> Listed {
        Listed {
            urls: site.pages.iter().map(|p| routes.url(&p.route())).collect(),
            numbers: shared::listing_numbers(config, site, routes),
            facets: shared::listing_facets(config, site, routes),
            taxonomies: shared::taxonomy_values(config, site, routes),
        }
    }
}

/// Each page's summary and its hash, and the related pages: made, or
/// carried over from `previous` where they did not change.
fn summaries_and_related(
    site: &Site,
    routes: &Routes,
    previous: Option<Previous<'_>>,
) -> (Vec<Value>, Vec<OnceLock<Hashed>>, Related) {
    match previous.filter(|p| p.prepared.routes == *routes) {
        Some(Previous {
            site: before,
            prepared,
        }) => {
            let (summaries, hashes) = (prepared.summaries, prepared.summary_hashes);
            // Which page each page was, found once for both.
            let ids = site.renumbering(before);
            let ((summaries, hashes), related) = rayon::join(
                || carried_summaries(before, (summaries, hashes), site, routes, &ids),
                || prepared.related.since(before, site, &ids),
            );
            (summaries, hashes, related)
        }
        None => {
            let (summaries, hashes) = (0..site.pages.len())
                .into_par_iter()
                .map(|id| {
                    let made = shared::summary_value(site, routes, id);
                    (made.value, made.hash)
                })
                .unzip();
            (summaries, hashes, Related::new(site))
        }
    }
}

/// Each page's summary and its hash: those of `before` where a page's
/// summary cannot have changed (the same document, at the same place, its
/// refs to pages of the same slugs, in a site of the same language), made
/// again for the others.
fn carried_summaries(
    before: &Site,
    (summaries, mut hashes): (Arc<Vec<Value>>, Vec<OnceLock<Hashed>>),
    site: &Site,
    routes: &Routes,
    ids: &Renumbering,
) -> (Vec<Value>, Vec<OnceLock<Hashed>>) {
    let mut summaries = Arc::unwrap_or_clone(summaries);
    let same_site = before.fallback_label == site.fallback_label;
    // Each page's summary made again, or the old id of the one it keeps.
    let made: Vec<Result<SharedValue, PageId>> = (site.pages.par_iter().enumerate())
        .map(|(id, page)| {
            let was_id = ids.old_id.get(id).copied().flatten();
            let kept = was_id.filter(|&o| {
                let was = &before.pages[o];
                same_site
                    && Arc::ptr_eq(was.doc(), page.doc())
                    && same_refs(ids, was, page)
                    && o < summaries.len().min(hashes.len())
            });
            kept.map_or_else(|| Ok(shared::summary_value(site, routes, id)), Err)
        })
        .collect();
    let mut values = Vec::with_capacity(made.len());
    let mut new_hashes = Vec::with_capacity(made.len());
    for made in made {
        let (value, hash) = match made {
            Ok(m) => (m.value, m.hash),
            // Each old page is kept by one page at most.
            Err(o) => (
                std::mem::replace(&mut summaries[o], Value::none()),
                std::mem::take(&mut hashes[o]),
            ),
        };
        values.push(value);
        new_hashes.push(hash);
    }
    (values, new_hashes)
}

/// Whether two pages' refs name the same pages (by `collection/slug`),
/// field by field (which of a page's refs resolved is what its summary
/// shows of them).
fn same_refs(ids: &Renumbering, was: &crate::resolve::Page, page: &crate::resolve::Page) -> bool {
    let (a, b) = (was.refs(), page.refs());
    a.len() == b.len()
        && a.iter().zip(b).all(|((fa, ta), (fb, tb))| {
            fa == fb
                && ta.len() == tb.len()
                && (ta.iter().zip(tb)).all(|(&x, &y)| ids.new_id.get(x) == Some(&Some(y)))
        })
}

/// What `prepare` takes from the theme beside its templates.
#[derive(Clone, Copy, Default)]
pub(crate) struct ThemeArt<'a> {
    /// The map outline (path for diagnostics, text), which enables
    /// `/map/`, `site.map_url` and `page.location` insets; a broken
    /// outline is an error diagnostic and leaves the map out.
    pub outline: Option<(&'a str, &'a str)>,
    /// The social card, and the hub root its cache is under.
    pub card: Option<&'a CardArt>,
}

/// The site as it was before it was resolved again (`serve`), and what
/// was prepared for it: what did not change is carried over.
pub(crate) struct Previous<'a> {
    pub site: &'a Site,
    pub prepared: Prepared,
}

/// Prepares a build; `original`: in another language, the default
/// language's site and what was prepared for it; `previous`: the same
/// language before the site was resolved again.
pub(crate) fn prepare(
    config: &Config,
    site: &Site,
    theme: ThemeArt<'_>,
    original: Option<(&Site, &Prepared)>,
    previous: Option<Previous<'_>>,
    diags: &mut Vec<Diagnostic>,
) -> Prepared {
    let ThemeArt { outline, card } = theme;
    let routes = Routes::new(&config.base_url);
    let projection = outline.and_then(|(path, text)| match Projection::from_outline(text) {
        Ok(p) => Some(p),
        Err(e) => {
            diags.push(Diagnostic::error(
                "map-outline",
                path,
                format!("the map outline cannot be read: {e}"),
            ));
            None
        }
    });
    // Summaries and related pages (most of the work after an edit) are
    // made while the social cards and the footer are checked.
    let original = original.map(|(site, prepared)| (site, &prepared.social));
    // The social images before are taken out of what was prepared, and
    // carried for the pages that did not change.
    let (previous, social_before) = match previous {
        Some(mut p) => {
            let social = std::mem::take(&mut p.prepared.social);
            let site_before = p.site;
            (Some(p), Some((site_before, social)))
        }
        None => (None, None),
    };
    let ids = social_before
        .as_ref()
        .map(|(before, _)| site.renumbering(before));
    let social_before = (social_before.zip(ids.as_deref()))
        .map(|((site, social), ids)| super::social::Before { site, social, ids });
    let ((summaries, summary_hashes, related), (social, found, listed)) = rayon::join(
        || summaries_and_related(site, &routes, previous),
        || {
            let mut found = Vec::new();
            shared::footer_problems(config, site, &mut found);
            let social = super::social::social(
                config,
                card,
                site,
                &routes,
                (original, social_before),
                &mut found,
            );
            (social, found, Listed::new(config, site, &routes))
        },
    );
    diags.extend(found);
    let (site_value, sections) =
        shared::site_value(config, site, &routes, projection.is_some(), &social.site);
    Prepared {
        site: site_value,
        sections,
        summaries: Arc::new(summaries),
        summary_hashes,
        urls: listed.urls,
        by_path: site.by_path_shared(),
        lists: Arc::new(
            site.collections()
                .iter()
                .map(|c| (c.name.clone(), c.pages.clone()))
                .collect(),
        ),
        listing_numbers: listed.numbers,
        listing_facets: listed.facets,
        taxonomies: listed.taxonomies,
        related,
        projection,
        map: OnceLock::new(),
        routes,
        social,
        i18n: None,
    }
}
