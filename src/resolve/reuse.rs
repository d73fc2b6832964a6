//! What checking a page's refs and body links found, kept with the site so
//! that the next resolve (`serve`, after a page is added, deleted or
//! edited) reuses it for a page whose answer cannot have changed: the same
//! document, checked against the same drafts, unparsed pages, intros and
//! files, with no problem found, and no ref or link that found a page
//! since deleted or changed (a changed page may have other headings). The
//! pages it found are renumbered (ids shift when a page is added or
//! deleted). Everything else is checked again, so a resolve with reuse
//! gives what one without gives (tested below).

use super::since::Since;
use super::{Absent, Page, PageId, Refs, Renumbering};
use rayon::prelude::*;
use std::collections::HashSet;

/// What every page's checks were made against.
#[derive(Debug, Default)]
pub(super) struct Basis {
    pub absent: Absent,
    /// Content-relative paths of the intros.
    pub intros: HashSet<String>,
    /// Files of `content/` that links may name.
    pub known_files: HashSet<String>,
}

impl PartialEq for Basis {
    fn eq(&self, other: &Basis) -> bool {
        self.absent.drafts == other.absent.drafts
            && self.absent.unparsed == other.absent.unparsed
            && self.intros == other.intros
            && self.known_files == other.known_files
    }
}

/// What the checks of one page found (by the ids of its site).
#[derive(Debug, Default, Clone)]
pub(super) struct Found {
    /// Each ref target, with the index of the field naming it.
    pub targets: Vec<(PageId, usize)>,
    /// A ref connects the page to another page.
    pub ref_linked: bool,
    /// The pages its body links connect it with (itself for a link to a
    /// page that did not parse).
    pub connected: Vec<PageId>,
    /// Neither check found a problem: only then is it reused.
    pub clean: bool,
}

/// The checks of the site before, and how its pages map to this one's.
pub(super) struct Reuse<'a> {
    pages: &'a [Page],
    found: &'a [Found],
    /// By old id: the page's new id.
    new_id: &'a [Option<PageId>],
    /// By new id: the old page whose checks it keeps.
    keep: Vec<Option<PageId>>,
}

impl<'a> Reuse<'a> {
    /// What can be reused of the site before `since` (its pages and what
    /// their checks found) for `pages`, checked against `basis`: `None`
    /// when the basis changed.
    pub(super) fn new(
        since: &Since<'a>,
        pages: &[Page],
        ids: &'a Renumbering,
        basis: &Basis,
    ) -> Option<Reuse<'a>> {
        let before = since.before();
        let (old_basis, found) = (&before.checked.0, &before.checked.1[..]);
        if old_basis != basis || found.len() != before.pages.len() {
            return None;
        }
        // A page whose refs or links found a page deleted or changed is
        // checked again. A page added changes nothing a clean check found:
        // slugs hold no `.` or `/`, so a name leads to one page at most,
        // and a name that led nowhere was a problem.
        let gone = |t: PageId| since.kept(t).is_none();
        let found_gone = |f: &Found| {
            f.targets.iter().any(|&(t, _)| gone(t)) || f.connected.iter().any(|&t| gone(t))
        };
        let keep: Vec<Option<PageId>> = (0..pages.len())
            .into_par_iter()
            .map(|id| {
                let o = ids.old_id[id]?;
                let f = found.get(o)?;
                let same = since.kept(o) == Some(id) && f.clean && !found_gone(f);
                same.then_some(o)
            })
            .collect();
        Some(Reuse {
            pages: &before.pages,
            found,
            new_id: &ids.new_id,
            keep,
        })
    }

    /// Page `id`'s checks as they were, renumbered, if it keeps them: its
    /// resolved refs and what they and its links found.
    pub(super) fn page(&self, id: PageId) -> Option<(Refs, Found)> {
        let o = self.keep.get(id).copied().flatten()?;
        let new = |p: PageId| self.new_id.get(p).copied().flatten();
        let refs = (self.pages[o].refs.iter())
            .map(|(field, targets)| {
                let targets = targets.iter().map(|&t| new(t)).collect::<Option<_>>()?;
                Some((field.clone(), targets))
            })
            .collect::<Option<Vec<_>>>()?;
        let was = &self.found[o];
        let found = Found {
            targets: (was.targets.iter())
                .map(|&(t, field)| Some((new(t)?, field)))
                .collect::<Option<_>>()?,
            ref_linked: was.ref_linked,
            connected: was
                .connected
                .iter()
                .map(|&t| new(t))
                .collect::<Option<_>>()?,
            clean: true,
        };
        Some((refs, found))
    }
}
