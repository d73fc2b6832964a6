//! Which stored contexts are known to be the same after an edit, so that
//! `serve` does not build them again (`Reuse`), and the debug builds'
//! check that each one kept is the one built now.

use super::Output;
use super::moves::Moves;
use crate::deps::TemplateGraph;
use crate::render::{Hashed, Job, JobKind};
use crate::resolve::{PageId, reads};
use std::sync::{MutexGuard, PoisonError};

/// The pages a context read (`resolve::reads`), sorted.
pub(super) type Reads = Box<[PageId]>;

/// Which stored contexts are the same now (see `JobCache::render`).
pub(super) enum Reuse<'a> {
    /// None is known to be.
    Nothing,
    /// Only these pages changed, in place (see `Engine::patched`): a
    /// context that read none of them is the one hashed last time.
    InPlace(&'a [PageId]),
    /// The site was resolved again after a change of pages only: an item
    /// page's, a listing's or a term page's context that read only pages,
    /// collections and terms as they were is the one hashed last time,
    /// when its templates read no count of the site (counts are not among
    /// the reads; see `moves`).
    Moved(&'a Moves),
}

impl Reuse<'_> {
    /// The stored output's context hash when it is known to be the same
    /// now (its output rendered without failing), with what it read by
    /// the ids of now (`None`: the stored ones still hold).
    pub(super) fn kept(
        &self,
        stored: &Output,
        job: &Job<'_>,
        graph: &TemplateGraph,
    ) -> Option<Kept> {
        stored.fingerprint?;
        let stored_context = context_of(stored);
        let (context, reads) = stored_context.as_ref()?;
        match self {
            Reuse::Nothing => None,
            Reuse::InPlace(ids) => {
                let read = (ids.iter().flat_map(|&id| reads::Read::entries_of(id)))
                    .any(|entry| reads.binary_search(&entry).is_ok());
                (!read).then_some((*context, None))
            }
            Reuse::Moved(moves) => {
                // An item page's or a term's context holds no count of the
                // site that its reads cover; a listing's holds its own
                // collection's count, which a read of the collection covers.
                let counts = graph.reads_counts(&job.template);
                let carried = match job.kind {
                    JobKind::Page(_) | JobKind::Term { .. } => !counts.site && !counts.own,
                    JobKind::List { .. } => !counts.site,
                    _ => false,
                };
                if !carried {
                    return None;
                }
                Some((*context, moves.carried(reads)?))
            }
        }
    }
}

/// A stored output's context as last hashed, locked (by its own job
/// alone, while contexts are hashed in parallel).
pub(super) fn context_of(o: &Output) -> MutexGuard<'_, Option<(Hashed, Reads)>> {
    o.context.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A stored context hash known to be the same now, with what it read by
/// the ids of now (`None`: as stored).
type Kept = (Hashed, Option<Reads>);

/// Checks (debug builds) that a kept context is the one built `now`, as
/// far as its templates read it (see `deps::fingerprint`).
pub(super) fn check_kept(
    kept: Option<&Kept>,
    job: &Job<'_>,
    graph: &TemplateGraph,
    now: impl FnOnce() -> Option<Hashed>,
) {
    let Some((context, _)) = kept else {
        return;
    };
    let counts = graph.reads_counts(&job.template);
    let read = |h: Hashed| {
        let site = counts.site.then_some(h.counts);
        (h.main, site, counts.own.then_some(h.own_counts))
    };
    debug_assert_eq!(
        now().map(read),
        Some(read(*context)),
        "kept: {}",
        job.output
    );
}
