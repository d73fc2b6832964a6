//! What a structural edit (a page added or deleted, a ref or a sort date
//! changed) left as it was: the site's pages before it, by id, against
//! the pages at the same paths after it. Ids shift when a page is added or
//! deleted, so an item page's context read before the edit is kept when
//! every page it read (`resolve::reads`) is unchanged, compared by what
//! that read of a page gives: its document (by identity: a parsed document
//! never changes); its summary (by its hash); or, for a read of all of
//! it, its document and its digest (`Page::digest`,
//! `Prepared::page_digest`). A listing page's context is kept the same way
//! when its collection is as it was (`Prepared::collection_digest`): the
//! same pages in the same order, the same intro, facets and page numbers;
//! a term's page when its term is (`Prepared::term_digest`), found by its
//! slug, as terms before it may come or go.

use crate::parse::Doc;
use crate::render::Prepared;
use crate::resolve::reads::Read;
use crate::resolve::{PageId, Site};
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::Hasher;
use std::sync::{Arc, OnceLock};

/// The site's pages as a read of each would see them.
pub(super) struct Snapshot {
    /// Each page's document (held, so that no other document can take its
    /// address while it is compared by identity), digest and summary's
    /// hash, by id.
    pages: Vec<(Arc<Doc>, u64, u64)>,
    /// Each collection's digest, with its intro (held, as the documents
    /// of pages are).
    collections: Vec<(Option<Arc<Doc>>, u64)>,
    /// Each term's taxonomy, slug and digest, one taxonomy after another
    /// (as `reads::Read::Term` numbers them).
    terms: Vec<(usize, String, u64)>,
    /// What every context holds whatever it reads (`Prepared::global_digest`,
    /// and the site's `fallback_label`).
    global: u64,
}

impl Snapshot {
    pub(super) fn take(site: &Site, prepared: &Prepared) -> Snapshot {
        let keys = site.path_keys(crate::render::hasher);
        let pages = (0..site.pages.len())
            .into_par_iter()
            .map(|id| {
                let mut h = crate::render::hasher();
                let page = &site.pages[id];
                page.digest(site, &keys, &mut h);
                prepared.page_digest(&keys, id, &mut h);
                // Outside any record: taking the document notes nothing.
                (page.doc().clone(), h.finish(), prepared.summary_hash(id))
            })
            .collect();
        let collections = (site.collections().iter().enumerate())
            .map(|(index, c)| {
                let mut h = crate::render::hasher();
                prepared.collection_digest(site, &keys, index, &mut h);
                (c.intro.clone(), h.finish())
            })
            .collect();
        let terms = (site.taxonomies().iter().enumerate())
            .flat_map(|(ti, t)| {
                t.terms
                    .iter()
                    .enumerate()
                    .map(move |(at, term)| (ti, at, term))
            })
            .map(|(ti, at, term)| {
                let mut h = crate::render::hasher();
                prepared.term_digest(site, &keys, (ti, at), &mut h);
                (ti, term.slug.clone(), h.finish())
            })
            .collect();
        // A site-wide word every summary shows (`Site::fallback_label`),
        // beside what every context holds.
        let mut h = crate::render::hasher();
        std::hash::Hash::hash(&(prepared.global_digest(), &site.fallback_label), &mut h);
        Snapshot {
            pages,
            collections,
            terms,
            global: h.finish(),
        }
    }

    /// Each page of `self` that `after` has unchanged, by its old id: its
    /// new id (`None`: gone or changed). `None` when what every context
    /// holds changed.
    pub(super) fn moves(&self, after: &Snapshot) -> Option<Moves> {
        if self.global != after.global {
            return None;
        }
        // A page added or deleted shifts the ids after it by one: each
        // page is looked for there first, and by path only if not.
        let by_path = OnceLock::new();
        let new_id = |old: PageId, doc: &Arc<Doc>| {
            let near = [old, old + 1, old.wrapping_sub(1)].into_iter().find(|&id| {
                (after.pages.get(id))
                    .is_some_and(|(d, ..)| Arc::ptr_eq(d, doc) || d.path == doc.path)
            });
            near.or_else(|| {
                let by_path: &HashMap<&str, PageId, foldhash::fast::RandomState> = by_path
                    .get_or_init(|| {
                        (after.pages.iter().enumerate())
                            .map(|(id, (doc, ..))| (doc.path.as_str(), id))
                            .collect()
                    });
                by_path.get(doc.path.as_str()).copied()
            })
        };
        let pages = (self.pages.par_iter().enumerate())
            .map(|(old, (doc, digest, summary))| {
                let Some(id) = new_id(old, doc) else {
                    return Same::default();
                };
                let (new_doc, new_digest, new_summary) = &after.pages[id];
                let same_doc = Arc::ptr_eq(doc, new_doc);
                Same {
                    page: (same_doc && digest == new_digest).then_some(id),
                    doc: same_doc.then_some(id),
                    summary: (summary == new_summary).then_some(id),
                }
            })
            .collect();
        let collections = if self.collections.len() == after.collections.len() {
            (self.collections.iter().zip(&after.collections))
                .map(|((_, was), (_, is))| was == is)
                .collect()
        } else {
            Vec::new()
        };
        Some(Moves {
            pages,
            collections,
            terms: self.same_terms(after),
        })
    }

    /// By each term of `self`: its place in `after` when it is as it was.
    fn same_terms(&self, after: &Snapshot) -> Vec<Option<usize>> {
        let now: HashMap<(usize, &str), (usize, u64)> = (after.terms.iter().enumerate())
            .map(|(at, (ti, slug, digest))| ((*ti, slug.as_str()), (at, *digest)))
            .collect();
        (self.terms.iter())
            .map(|(ti, slug, digest)| {
                let (at, is) = now.get(&(*ti, slug.as_str()))?;
                (is == digest).then_some(*at)
            })
            .collect()
    }
}

/// The unchanged pages of a structural edit (see `Snapshot::moves`).
pub(super) struct Moves {
    /// By old id: what of the page is unchanged.
    pages: Vec<Same>,
    /// By index: whether the collection is as it was.
    collections: Vec<bool>,
    /// By a term's place before: its place now, when it is as it was.
    terms: Vec<Option<usize>>,
}

/// A page's new id, for each read of it that gives what it gave.
#[derive(Default, Clone, Copy)]
struct Same {
    page: Option<PageId>,
    doc: Option<PageId>,
    summary: Option<PageId>,
}

impl Moves {
    /// What a context read, by the new ids, when each read gives what it
    /// gave (a read of the site's structure, `reads::SITE`, never does; a
    /// collection keeps its index, a term takes its place now): `None`
    /// when some read does not carry, `Some(None)` when every read keeps
    /// its id (nothing is made; the pages before an added one keep theirs).
    pub(super) fn carried(&self, reads: &[PageId]) -> Option<Option<Box<[PageId]>>> {
        let mut moved: Option<Vec<PageId>> = None;
        for (at, &r) in reads.iter().enumerate() {
            let now = self.carry(r)?;
            match &mut moved {
                Some(ids) => ids.push(now),
                None if now != r => {
                    let mut ids = Vec::with_capacity(reads.len());
                    ids.extend_from_slice(&reads[..at]);
                    ids.push(now);
                    moved = Some(ids);
                }
                None => {}
            }
        }
        Some(moved.map(|mut ids| {
            ids.sort_unstable();
            ids.into_boxed_slice()
        }))
    }

    /// One read, by the new ids, when it gives what it gave.
    fn carry(&self, r: PageId) -> Option<PageId> {
        let same = |id: PageId| self.pages.get(id);
        match Read::of(r) {
            Read::Page(id) => same(id)?.page.map(|n| Read::Page(n).entry()),
            Read::Doc(id) => same(id)?.doc.map(|n| Read::Doc(n).entry()),
            Read::Summary(id) => same(id)?.summary.map(|n| Read::Summary(n).entry()),
            Read::Collection(c) => (self.collections.get(c) == Some(&true)).then_some(r),
            Read::Term(t) => self
                .terms
                .get(t)
                .copied()
                .flatten()
                .map(|n| Read::Term(n).entry()),
            Read::Site => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::reads::SITE;

    fn unchanged(id: PageId) -> Same {
        Same {
            page: Some(id),
            doc: Some(id),
            summary: Some(id),
        }
    }

    #[test]
    fn a_context_is_carried_only_when_every_page_it_read_is_unchanged() {
        let moves = Moves {
            pages: vec![unchanged(0), Same::default(), unchanged(3), unchanged(4)],
            collections: Vec::new(),
            terms: Vec::new(),
        };
        assert_eq!(moves.carried(&[0, 2, 3]), Some(Some([0, 3, 4].into())));
        assert_eq!(moves.carried(&[0]), Some(None), "page 0 kept its id");
        assert_eq!(moves.carried(&[]), Some(None));
        assert!(moves.carried(&[0, 1]).is_none(), "page 1 changed");
        assert!(moves.carried(&[7]).is_none(), "no page 7 before");
        assert!(moves.carried(&[0, SITE]).is_none(), "read the site");
    }

    #[test]
    fn a_read_of_a_document_or_a_summary_carries_while_that_is_unchanged() {
        // Page 0 gained a reverse link (moved to 1): its document and
        // summary are the same; page 1's summary changed (moved to 2).
        let moves = Moves {
            pages: vec![
                Same {
                    page: None,
                    doc: Some(1),
                    summary: Some(1),
                },
                Same {
                    page: None,
                    doc: Some(2),
                    summary: None,
                },
            ],
            collections: Vec::new(),
            terms: Vec::new(),
        };
        let entry = |read: Read| read.entry();
        let carried = moves.carried(&[entry(Read::Doc(0)), entry(Read::Summary(0))]);
        let want = [entry(Read::Summary(1)), entry(Read::Doc(1))];
        assert_eq!(carried.flatten().as_deref(), Some(&want[..]));
        assert!(moves.carried(&[0]).is_none(), "all of page 0 was read");
        assert!(moves.carried(&[entry(Read::Doc(1))]).is_some());
        assert!(moves.carried(&[entry(Read::Summary(1))]).is_none());
    }

    #[test]
    fn a_read_of_a_collection_or_a_term_carries_while_it_is_as_it_was() {
        // Collection 0 gained a page (a listing's pages shift); collection
        // 1 is as it was.
        let moves = Moves {
            pages: vec![unchanged(1), unchanged(2)],
            collections: vec![false, true],
            terms: vec![None, Some(0)],
        };
        let entry = |read: Read| read.entry();
        let listing = [entry(Read::Collection(1)), entry(Read::Summary(1))];
        let carried = moves.carried(&[entry(Read::Collection(1)), entry(Read::Summary(0))]);
        let mut want = listing;
        want.sort_unstable();
        assert_eq!(carried.flatten().as_deref(), Some(&want[..]));
        assert!(moves.carried(&[entry(Read::Collection(0))]).is_none());
        assert!(
            moves.carried(&[entry(Read::Collection(2))]).is_none(),
            "no collection 2"
        );
    }
}
