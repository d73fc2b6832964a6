//! The collections' orders and the taxonomies' terms after a few pages
//! were added, deleted or edited: those of the site before, its pages
//! renumbered, the pages gone or changed taken out and the pages new or
//! changed put in at their place, instead of every page sorted and read
//! again. What they give equals what sorting and reading every page gives
//! (checked in debug builds).

use super::terms::{TermKey, term_values};
use super::{Page, PageId, Renumbering, Site, Term};
use crate::config::{Config, Taxonomy};
use crate::text::slugify;
use rayon::prelude::*;
use std::cmp::Ordering;
use std::collections::HashMap;

/// More pages new or changed than this: every page is read again.
const AT_MOST: usize = 256;

/// The pages that differ between the site before and now.
pub(super) struct Since<'a> {
    before: &'a Site,
    /// By old id: its new id, if the page is still there as it was (the
    /// same document).
    kept: Vec<Option<PageId>>,
    /// The new ids of the pages new or changed, in order.
    fresh: Vec<PageId>,
    /// Few pages changed and the pages kept are in the order they were:
    /// orders and terms are carried (else every page is read again).
    carries: bool,
}

impl<'a> Since<'a> {
    pub(super) fn new(before: &'a Site, pages: &[Page], ids: &Renumbering) -> Since<'a> {
        let same = |o: PageId, id: PageId| {
            let (was, now) = (before.pages.get(o)?, pages.get(id)?);
            std::sync::Arc::ptr_eq(&was.doc, &now.doc).then_some(id)
        };
        let kept: Vec<Option<PageId>> = (ids.new_id.par_iter().enumerate())
            .map(|(o, id)| id.and_then(|id| same(o, id)))
            .collect();
        let ordered = kept.iter().flatten().is_sorted();
        let mut fresh = Vec::new();
        for (id, o) in ids.old_id.iter().enumerate() {
            if o.and_then(|o| kept.get(o).copied().flatten()) != Some(id) {
                fresh.push(id);
            }
        }
        let carries = ordered && fresh.len() <= AT_MOST && ids.old_id.len() == pages.len();
        Since {
            before,
            kept,
            fresh,
            carries,
        }
    }

    /// The site before.
    pub(super) fn before(&self) -> &'a Site {
        self.before
    }

    /// The new id of page `o` of the site before, if it is still there as
    /// it was.
    pub(super) fn kept(&self, o: PageId) -> Option<PageId> {
        self.kept.get(o).copied().flatten()
    }

    /// Collection `ci`'s pages now, in its order (`in_order`, a total
    /// order): those before still there as they were, in the order they
    /// were, with its `members` new or changed put in at their place;
    /// `None` when orders are not carried.
    pub(super) fn order(
        &self,
        ci: usize,
        members: &[PageId],
        in_order: impl Fn(PageId, PageId) -> Ordering,
    ) -> Option<Vec<PageId>> {
        let before = &self
            .before
            .collections
            .get(ci)
            .filter(|_| self.carries)?
            .pages;
        let kept = before.iter().filter_map(|&o| self.kept(o));
        let mut order: Vec<PageId> = kept.collect();
        // `members` are in id order, as `fresh` is.
        let fresh = (self.fresh.iter()).filter(|id| members.binary_search(id).is_ok());
        for &id in fresh {
            let at = order.partition_point(|&p| in_order(p, id) == Ordering::Less);
            order.insert(at, id);
        }
        (order.len() == members.len()).then_some(order)
    }

    /// Every taxonomy's terms now (as `terms::taxonomies` makes them),
    /// from those before, in parallel; `None` where one cannot be.
    pub(super) fn taxonomies(&self, config: &Config, pages: &[Page]) -> Option<Vec<Vec<Term>>> {
        if !self.carries {
            return None;
        }
        let made: Option<Vec<Vec<Term>>> = (0..config.taxonomies.len())
            .into_par_iter()
            .map(|ti| self.terms(config, pages, ti))
            .collect();
        debug_assert!(
            (made.as_ref()).is_none_or(|m| *m == super::terms::taxonomies(config, pages)),
            "the terms carried differ from those made from every page"
        );
        made
    }

    /// Taxonomy `ti`'s terms now, from those before.
    fn terms(&self, config: &Config, pages: &[Page], ti: usize) -> Option<Vec<Term>> {
        let tax = config.taxonomies.get(ti)?;
        let before = &self.before.taxonomies.get(ti)?.terms;
        let mut changed = false;
        let mut terms: Vec<(Term, bool)> = (before.iter())
            .map(|t| {
                let pages: Vec<PageId> = t.pages.iter().filter_map(|&o| self.kept(o)).collect();
                let touched = pages.len() != t.pages.len();
                let (slug, label) = (t.slug.clone(), t.label.clone());
                (Term { slug, label, pages }, touched)
            })
            .collect();
        changed |= self.put_in(config, pages, tax, &mut terms);
        let count = terms.len();
        terms.retain(|(t, _)| !t.pages.is_empty());
        changed |= terms.len() != count;
        for (term, _) in terms.iter_mut().filter(|(_, touched)| *touched) {
            let label = first_label(config, pages, tax, term)?;
            changed |= label != term.label;
            term.label = label;
        }
        let mut terms: Vec<Term> = terms.into_iter().map(|(t, _)| t).collect();
        if changed {
            // Slugs differ: the order is total.
            terms.sort_by_cached_key(|t| (crate::text::sort_key(&t.label), t.slug.clone()));
        }
        Some(terms)
    }

    /// Puts the pages new or changed into `terms` (each marked touched
    /// when its pages change) at their place; whether a term was added.
    fn put_in(
        &self,
        config: &Config,
        pages: &[Page],
        tax: &Taxonomy,
        terms: &mut Vec<(Term, bool)>,
    ) -> bool {
        let mut added = false;
        let key = TermKey::new(config, pages);
        let mut by_slug: Option<HashMap<String, usize>> = None;
        for &id in &self.fresh {
            let Some((_, values)) = term_values(config, &pages[id], tax) else {
                continue;
            };
            let by_slug = by_slug.get_or_insert_with(|| {
                let slugs = terms.iter().enumerate();
                slugs.map(|(i, (t, _))| (t.slug.clone(), i)).collect()
            });
            for value in values {
                let slug = slugify(value);
                if slug.is_empty() {
                    continue;
                }
                let at = *by_slug.entry(slug.clone()).or_insert_with(|| {
                    let (label, pages) = (String::new(), Vec::new());
                    terms.push((Term { slug, label, pages }, true));
                    added = true;
                    terms.len() - 1
                });
                let (term, touched) = &mut terms[at];
                let place = term.pages.partition_point(|&p| key.of(p) < key.of(id));
                if term.pages.get(place) != Some(&id) {
                    term.pages.insert(place, id);
                    *touched = true;
                }
            }
        }
        added
    }
}

/// The label of `term`: named by its first page (by id), from that page's
/// first value of the term's slug, as `terms::taxonomies` names it.
fn first_label(config: &Config, pages: &[Page], tax: &Taxonomy, term: &Term) -> Option<String> {
    let first = term.pages.iter().min()?;
    let (def, values) = term_values(config, &pages[*first], tax)?;
    let value = values.iter().find(|v| slugify(v) == term.slug)?;
    Some(def.value_label(value))
}
