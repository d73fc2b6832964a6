//! Taxonomy terms: the values of each taxonomy's field, as terms with the
//! pages that have them.

use super::seen::FirstSeen;
use super::{Page, PageId, TaxonomyTerms, Term};
use crate::config::{Config, FieldDef, Taxonomy};
use crate::parse::FieldValue;
use crate::text::{PageDate, slugify};
use rayon::prelude::*;
use std::cmp::Reverse;
use std::collections::HashMap;

/// Every taxonomy's terms, sorted by label, made in parallel from the
/// pages (which `set_terms` then points at them).
pub(super) fn taxonomies(config: &Config, pages: &[Page]) -> Vec<Vec<Term>> {
    if config.taxonomies.is_empty() {
        return Vec::new();
    }
    let order = term_order(config, pages);
    (config.taxonomies.par_iter())
        .map(|tax| terms(config, pages, tax, &order))
        .collect()
}

/// Where a page goes among a term's pages: by its collection's place in
/// hub.yaml, newest first, then by title and id (every key differs).
pub(super) struct TermKey<'a> {
    rank: HashMap<&'a str, usize, foldhash::fast::RandomState>,
    pages: &'a [Page],
}

type Key<'a> = (Option<usize>, Reverse<Option<PageDate>>, &'a str, PageId);

impl<'a> TermKey<'a> {
    pub(super) fn new(config: &'a Config, pages: &'a [Page]) -> TermKey<'a> {
        let rank = (config.collections.iter().enumerate())
            .map(|(i, c)| (c.name.as_str(), i))
            .collect();
        TermKey { rank, pages }
    }

    pub(super) fn of(&self, id: PageId) -> Key<'a> {
        let page = &self.pages[id];
        let rank = self.rank.get(page.collection.as_str()).copied();
        (rank, Reverse(page.doc.date), page.doc.title.as_str(), id)
    }
}

/// The field of taxonomy `tax` in `page`'s collection and the page's
/// values of it, if it has that field.
pub(super) fn term_values<'p>(
    config: &'p Config,
    page: &'p Page,
    tax: &Taxonomy,
) -> Option<(&'p FieldDef, &'p [String])> {
    let def = config.collection(&page.collection)?.field(&tax.field)?;
    Some((def, field_values(page, tax)?))
}

/// A page's values of taxonomy `tax`'s field (one, or a list).
fn field_values<'p>(page: &'p Page, tax: &Taxonomy) -> Option<&'p [String]> {
    match page.doc.field(&tax.field) {
        Some(FieldValue::List(v)) => Some(v.as_slice()),
        Some(FieldValue::Str(s)) => Some(std::slice::from_ref(s)),
        _ => None,
    }
}

/// Each page's place in the order of a term's pages (`TermKey`). Sorted
/// once for the whole site (every key differs, so an unstable sort gives
/// the one order); each term then sorts its pages by this number.
fn term_order(config: &Config, pages: &[Page]) -> Vec<u32> {
    let key = TermKey::new(config, pages);
    let mut keyed: Vec<Key<'_>> = (0..pages.len())
        .into_par_iter()
        .map(|id| key.of(id))
        .collect();
    keyed.par_sort_unstable();
    let mut order = vec![0u32; pages.len()];
    for (place, &(_, _, _, id)) in keyed.iter().enumerate() {
        order[id] = u32::try_from(place).unwrap_or(u32::MAX);
    }
    order
}

/// Sets each page's `terms` from `made` (`taxonomies`): its taxonomies
/// in order, each with its terms in order. Each page's are gathered from
/// one sorted list, in parallel.
pub(super) fn set_terms(pages: &mut [Page], made: Vec<Vec<Term>>) -> Vec<TaxonomyTerms> {
    // (page, taxonomy, term) for every page of every term.
    let mut of_pages: Vec<(PageId, usize, usize)> = (made.iter().enumerate())
        .flat_map(|(ti, terms)| {
            let numbered = terms.iter().enumerate();
            numbered.flat_map(move |(k, term)| term.pages.iter().map(move |&id| (id, ti, k)))
        })
        .collect();
    of_pages.par_sort_unstable();
    let of_pages = &of_pages[..];
    pages.par_iter_mut().enumerate().for_each(|(id, page)| {
        for group in super::rows_of(of_pages, id, |e| e.0).chunk_by(|a, b| a.1 == b.1) {
            let terms = group.iter().map(|e| e.2).collect();
            page.terms.push((group[0].1, terms));
        }
    });
    made.into_iter()
        .map(|terms| TaxonomyTerms { terms })
        .collect()
}

/// The terms of one taxonomy, sorted by label, each with its pages
/// grouped by collection (in hub.yaml order), newest first within a group:
/// a paginated term page shows whole runs of each group.
fn terms(config: &Config, pages: &[Page], tax: &Taxonomy, order: &[u32]) -> Vec<Term> {
    let mut terms: Vec<Term> = Vec::new();
    let mut by_slug: HashMap<String, usize, foldhash::fast::RandomState> = HashMap::default();
    // Values repeat across pages: each one is slugified and found once
    // (`None`: its slug is empty, so it is no term).
    let mut by_value: HashMap<&str, Option<usize>, foldhash::fast::RandomState> =
        HashMap::default();
    // Pages come grouped by collection: its field found once per run.
    let mut field_of: Option<(&str, Option<&FieldDef>)> = None;
    for (id, page) in pages.iter().enumerate() {
        let def = match field_of {
            Some((name, def)) if name == page.collection => def,
            _ => {
                let def = (config.collection(&page.collection)).and_then(|c| c.field(&tax.field));
                field_of = Some((page.collection.as_str(), def));
                def
            }
        };
        let Some(def) = def else { continue };
        let Some(values) = field_values(page, tax) else {
            continue;
        };
        for value in values {
            let term = *by_value.entry(value.as_str()).or_insert_with(|| {
                let slug = slugify(value);
                if slug.is_empty() {
                    return None;
                }
                // The first page with a value of this slug names the term.
                let next = terms.len();
                let at = *by_slug.entry(slug.clone()).or_insert(next);
                if at == next {
                    let label = def.value_label(value);
                    terms.push(Term {
                        slug,
                        label,
                        pages: Vec::new(),
                    });
                }
                Some(at)
            });
            let Some(term) = term else { continue };
            // Pages come in id order: a repeat can only be the last one.
            let ids = &mut terms[term].pages;
            if ids.last() != Some(&id) {
                ids.push(id);
            }
        }
    }
    for term in &mut terms {
        term.pages.sort_unstable_by_key(|&id| order[id]);
    }
    // Slugs differ: the order is total.
    terms.sort_by_cached_key(|t| (crate::text::sort_key(&t.label), t.slug.clone()));
    terms
}

/// Collections small enough to classify pages by (the cluster's 4
/// projects, not its 60 organisations): refs to them are listing facets
/// and search filters, like taxonomies.
const FACET_COLLECTION_LIMIT: usize = 8;

/// Whether refs to collection `to` classify pages: `to` is a place
/// collection (it has a map) or has at most `FACET_COLLECTION_LIMIT`
/// pages. Listings and the search index use this one rule, so the same
/// concept gets the same name in both.
pub(crate) fn is_facet_target(config: &Config, site: &super::Site, to: &str) -> bool {
    let Some(target) = config.collection(to) else {
        return false;
    };
    target.find.map.is_some()
        || site
            .collections
            .iter()
            .find(|c| c.name == to)
            .is_some_and(|c| c.pages.len() <= FACET_COLLECTION_LIMIT)
}

/// The name a facet goes by in the search index: its label without `:`,
/// `,` or brackets (Pagefind's attribute syntax cannot hold them).
pub(crate) fn facet_name(label: &str) -> String {
    label
        .chars()
        .filter(|c| !matches!(c, ':' | ',' | '[' | ']'))
        .collect::<String>()
        .trim()
        .to_string()
}

/// How many times `pages` refer to each page through field `field`, in
/// order of first reference (a listing's facet values, a map place's
/// colour).
pub(crate) fn ref_counts(
    site: &super::Site,
    pages: &[PageId],
    field: &str,
) -> Vec<(PageId, usize)> {
    let mut seen = FirstSeen::default();
    let mut counts: Vec<usize> = Vec::new();
    for &id in pages {
        let refs = site.pages[id].refs.iter().filter(|(f, _)| *f == field);
        for &t in refs.flat_map(|(_, ts)| ts) {
            let at = seen.add(t);
            if at == counts.len() {
                counts.push(0);
            }
            counts[at] += 1;
        }
    }
    seen.into_pages().into_iter().zip(counts).collect()
}
