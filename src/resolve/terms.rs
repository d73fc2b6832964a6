//! Taxonomy terms: the values of each taxonomy's field, as terms with the
//! pages that have them.

use super::seen::FirstSeen;
use super::{Page, PageId, TaxonomyTerms, Term};
use crate::config::{Config, Taxonomy};
use crate::parse::FieldValue;
use crate::text::slugify;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// Every taxonomy's terms, sorted by label, made in parallel from the
/// pages (which `set_terms` then points at them).
pub(super) fn taxonomies(config: &Config, pages: &[Page]) -> Vec<Vec<Term>> {
    (config.taxonomies.par_iter())
        .map(|tax| terms(config, pages, tax))
        .collect()
}

/// Sets each page's `terms` from `made` (`taxonomies`), in order.
pub(super) fn set_terms(pages: &mut [Page], made: Vec<Vec<Term>>) -> Vec<TaxonomyTerms> {
    let mut taxonomies = Vec::with_capacity(made.len());
    for (ti, terms) in made.into_iter().enumerate() {
        for (term_index, term) in terms.iter().enumerate() {
            for &id in &term.pages {
                match pages[id].terms.iter_mut().find(|(t, _)| *t == ti) {
                    Some((_, list)) => list.push(term_index),
                    None => pages[id].terms.push((ti, vec![term_index])),
                }
            }
        }
        taxonomies.push(TaxonomyTerms { terms });
    }
    taxonomies
}

/// The terms of one taxonomy, sorted by label, each with its pages
/// grouped by collection (in hub.yaml order), newest first within a group:
/// a paginated term page shows whole runs of each group.
fn terms(config: &Config, pages: &[Page], tax: &Taxonomy) -> Vec<Term> {
    let mut terms: BTreeMap<String, (String, Vec<PageId>)> = BTreeMap::new();
    // Values repeat across pages: each one slugified once.
    let mut slugs: HashMap<&str, String, foldhash::fast::RandomState> = HashMap::default();
    for (id, page) in pages.iter().enumerate() {
        let Some(def) = config
            .collection(&page.collection)
            .and_then(|c| c.field(&tax.field))
        else {
            continue;
        };
        let values: Vec<&str> = match page.doc.field(&tax.field) {
            Some(FieldValue::List(v)) => v.iter().map(String::as_str).collect(),
            Some(FieldValue::Str(s)) => vec![s.as_str()],
            _ => continue,
        };
        for value in values {
            let slug = slugs.entry(value).or_insert_with(|| slugify(value));
            if slug.is_empty() {
                continue;
            }
            let entry = match terms.get_mut(slug.as_str()) {
                Some(entry) => entry,
                None => terms
                    .entry(slug.clone())
                    .or_insert_with(|| (def.value_label(value), Vec::new())),
            };
            // Pages come in id order: a repeat can only be the last one.
            if entry.1.last() != Some(&id) {
                entry.1.push(id);
            }
        }
    }
    // Each page's collection's place in hub.yaml, found once.
    let collection_rank: HashMap<&str, usize, foldhash::fast::RandomState> =
        (config.collections.iter().enumerate())
            .map(|(i, c)| (c.name.as_str(), i))
            .collect();
    let mut terms: Vec<Term> = terms
        .into_iter()
        .map(|(slug, (label, mut ids))| {
            // Each key made once (`sort_by_cached_key`); ids come in
            // increasing order, and the id as the last key keeps pages that
            // tie in that order.
            ids.sort_by_cached_key(|&id| {
                let (page, doc) = (&pages[id], &pages[id].doc);
                let rank = collection_rank.get(page.collection.as_str());
                (rank, std::cmp::Reverse(doc.date), doc.title.as_str(), id)
            });
            Term {
                slug,
                label,
                pages: ids,
            }
        })
        .collect();
    terms.sort_by(|a, b| {
        crate::text::sort_key(&a.label)
            .cmp(&crate::text::sort_key(&b.label))
            .then_with(|| a.slug.cmp(&b.slug))
    });
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
