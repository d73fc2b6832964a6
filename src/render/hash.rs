//! Hashes of built template contexts: what an output depends on is what
//! its context was made of, so `serve` compares the hash of each job's
//! context (plus its template and the pages its templates looked up)
//! instead of keeping a list of inputs beside the renderer. A context is
//! hashed by serialising its typed structs into a hasher (`hash_feed`); a `Shared` value
//! (made once per build, shown by many outputs) gives its precomputed hash
//! instead of being serialised again, and a body's HTML its own hash.
//!
//! Counts of the whole site (`SiteCount`) go to hashes of their own, so an
//! output whose templates never read a count does not depend on them:
//! adding a page then does not re-render every page (see
//! `deps::TemplateGraph::reads_counts`). Those in the shared site value
//! (`site.collections[].count`, `site.taxonomies[].count`) and in a
//! taxonomy's (`taxonomy.terms[].count`) go to `Hashed::counts`; those of
//! the output's own collection (`collection.count` in a listing,
//! `page.collection_info.count`) to
//! `Hashed::own_counts`, so a listing that shows only its own count is not
//! re-rendered when a page is added to another collection.

use super::hash_feed::Feed;
use serde::Serialize;
use std::cell::{Cell, RefCell};
use std::hash::{BuildHasher, Hash, Hasher};

/// The hasher of contexts and of the page digests `serve` compares
/// (`Page::digest`): foldhash's quality variant, fixed seed. A hash only
/// has to tell contexts apart within one `serve` process, and SipHash
/// (std's `DefaultHasher`) was a third of the time of hashing every
/// context again after a summary edit at 10,000 pages.
type ContextHasher = foldhash::quality::FoldHasher<'static>;

pub(crate) fn hasher() -> ContextHasher {
    foldhash::quality::FixedState::with_seed(0x636c_7573_7465_7268).build_hasher()
}

/// The hash of a context or of a shared value: everything but the site's
/// counts, the counts of the shared site value it holds, and its other
/// counts (its own collection's).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub(crate) struct Hashed {
    pub main: u64,
    pub counts: u64,
    pub own_counts: u64,
}

thread_local! {
    /// Set while `hash` runs on this thread: `Shared`, `Html` and
    /// `SiteCount` then serialise as hashes.
    static HASHING: Cell<bool> = const { Cell::new(false) };
    /// The site counts met so far by the running `hash`: in shared values,
    /// and elsewhere.
    static COUNTS: RefCell<Option<[ContextHasher; 2]>> = const { RefCell::new(None) };
}

/// Whether the current serialisation is a `hash`.
pub(super) fn hashing() -> bool {
    HASHING.get()
}

/// Adds a count to the running `hash`: one of the output's own
/// (`SiteCount`), or the counts a shared value holds.
pub(super) fn add_count(value: u64, shared: bool) {
    COUNTS.with(|c| {
        if let Some(h) = c.borrow_mut().as_mut() {
            value.hash(&mut h[usize::from(shared)]);
        }
    });
}

/// The hash of a string (a body's HTML: hashed as bytes, not escaped).
pub(super) fn str_hash(text: &str) -> u64 {
    let mut h = hasher();
    text.hash(&mut h);
    h.finish()
}

/// The hash of a Tera value (a shared value without counts of the site).
pub(super) fn value_hash(value: &tera::Value) -> Hashed {
    let mut h = hasher();
    let _ = value.serialize(&mut Feed(&mut h));
    Hashed {
        main: h.finish(),
        ..Hashed::default()
    }
}

/// The hash of a context value (see the module's comment).
pub(crate) fn hash<T: Serialize + ?Sized>(value: &T) -> Hashed {
    let was = HASHING.replace(true);
    let fresh = [hasher(), hasher()];
    let outer = COUNTS.with(|c| c.replace(Some(fresh)));
    let mut h = hasher();
    let ok = value.serialize(&mut Feed(&mut h)).is_ok();
    let [own_counts, counts] = COUNTS
        .with(|c| c.replace(outer))
        .map_or([0, 0], |h| h.map(|h| h.finish()));
    HASHING.set(was);
    Hashed {
        // A context that does not serialise renders as an error: never equal.
        main: if ok { h.finish() } else { u64::MAX },
        counts,
        own_counts,
    }
}
