//! What a structural edit (a page added or deleted, a ref or a sort date
//! changed) left as it was: the site's pages before it, by id, against
//! the pages at the same paths after it. Ids shift when a page is added or
//! deleted, so an item page's context read before the edit is kept when
//! every page it read (`resolve::reads`) is unchanged, compared by what a
//! read of a page gives: its document (by identity: a parsed document never
//! changes) and its digest (`Page::digest`, `Prepared::page_digest`).

use crate::parse::Doc;
use crate::render::Prepared;
use crate::resolve::{PageId, Site};
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::Hasher;
use std::sync::Arc;

/// The site's pages as a read of each would see them.
pub(super) struct Snapshot {
    /// Each page's document (held, so that no other document can take its
    /// address while it is compared by identity) and digest, by id.
    pages: Vec<(Arc<Doc>, u64)>,
    /// What every context holds whatever it reads (`Prepared::global_digest`,
    /// and the site's `fallback_label`).
    global: u64,
}

impl Snapshot {
    pub(super) fn take(site: &Site, prepared: &Prepared) -> Snapshot {
        let pages = (0..site.pages.len())
            .into_par_iter()
            .map(|id| {
                let mut h = crate::render::hasher();
                let page = &site.pages[id];
                page.digest(site, &mut h);
                prepared.page_digest(site, id, &mut h);
                // Outside any record: taking the document notes nothing.
                (page.doc().clone(), h.finish())
            })
            .collect();
        // A site-wide word every summary shows (`Site::fallback_label`),
        // beside what every context holds.
        let mut h = crate::render::hasher();
        std::hash::Hash::hash(&(prepared.global_digest(), &site.fallback_label), &mut h);
        Snapshot {
            pages,
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
        let new_ids: HashMap<&str, PageId, foldhash::fast::RandomState> =
            (after.pages.iter().enumerate())
                .map(|(id, (doc, _))| (doc.path.as_str(), id))
                .collect();
        let unchanged = (self.pages.iter())
            .map(|(doc, digest)| {
                let &id = new_ids.get(doc.path.as_str())?;
                let (new_doc, new_digest) = &after.pages[id];
                (Arc::ptr_eq(doc, new_doc) && digest == new_digest).then_some(id)
            })
            .collect();
        Some(Moves { unchanged })
    }
}

/// The unchanged pages of a structural edit (see `Snapshot::moves`).
pub(super) struct Moves {
    /// By old id: the new id of a page that is unchanged.
    unchanged: Vec<Option<PageId>>,
}

impl Moves {
    /// The pages a context read, by their new ids, when every one of them
    /// is unchanged (a read of the site's structure, `reads::SITE`, never
    /// is).
    pub(super) fn carried(&self, reads: &[PageId]) -> Option<Box<[PageId]>> {
        let mut ids: Vec<PageId> = reads
            .iter()
            .map(|&r| self.unchanged.get(r).copied().flatten())
            .collect::<Option<_>>()?;
        ids.sort_unstable();
        Some(ids.into_boxed_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::reads::SITE;

    #[test]
    fn a_context_is_carried_only_when_every_page_it_read_is_unchanged() {
        let moves = Moves {
            unchanged: vec![Some(0), None, Some(3), Some(4)],
        };
        assert_eq!(moves.carried(&[0, 2, 3]).as_deref(), Some(&[0, 3, 4][..]));
        assert_eq!(moves.carried(&[]).as_deref(), Some(&[][..]));
        assert!(moves.carried(&[0, 1]).is_none(), "page 1 changed");
        assert!(moves.carried(&[7]).is_none(), "no page 7 before");
        assert!(moves.carried(&[0, SITE]).is_none(), "read the site");
    }
}
