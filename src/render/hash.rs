//! Hashes of built template contexts: what an output depends on is what
//! its context was made of, so `serve` compares the hash of each job's
//! context (plus its template and the pages its templates looked up)
//! instead of keeping a list of inputs beside the renderer. A context is
//! hashed by serialising its typed structs into a hasher; a `Shared` value
//! (made once per build, shown by many outputs) gives its precomputed hash
//! instead of being serialised again, and a body's HTML its own hash.
//!
//! Counts of the whole site (`site.collections[].count`,
//! `site.taxonomies[].count`, `page.collection_info.count`: `SiteCount`)
//! go to a second hash, `Hashed::counts`, so an output whose templates
//! never read a count does not depend on them: adding a page then does not
//! re-render every page (see `deps::TemplateGraph::reads_counts`).

use serde::Serialize;
use std::cell::{Cell, RefCell};
use std::hash::{DefaultHasher, Hash, Hasher};

/// The hash of a context or of a shared value: everything but the site's
/// counts, and the site's counts it holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub(crate) struct Hashed {
    pub main: u64,
    pub counts: u64,
}

thread_local! {
    /// Set while `hash` runs on this thread: `Shared`, `Html` and
    /// `SiteCount` then serialise as hashes.
    static HASHING: Cell<bool> = const { Cell::new(false) };
    /// The site counts met so far by the running `hash`.
    static COUNTS: RefCell<Option<DefaultHasher>> = const { RefCell::new(None) };
}

/// Whether the current serialisation is a `hash`.
pub(super) fn hashing() -> bool {
    HASHING.get()
}

/// Adds a value to the counts hash of the running `hash`.
pub(super) fn add_count(value: u64) {
    COUNTS.with(|c| {
        if let Some(h) = c.borrow_mut().as_mut() {
            value.hash(h);
        }
    });
}

/// The hash of a string (a body's HTML: hashed as bytes, not escaped).
pub(super) fn str_hash(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// Feeds bytes to a hasher.
struct HashWriter(DefaultHasher);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The hash of a Tera value (a shared value without counts of the site).
pub(super) fn value_hash(value: &tera::Value) -> Hashed {
    let mut w = HashWriter(DefaultHasher::new());
    let _ = serde_json::to_writer(&mut w, value);
    Hashed {
        main: w.0.finish(),
        counts: 0,
    }
}

/// The hash of a context value (see the module's comment).
pub(crate) fn hash<T: Serialize + ?Sized>(value: &T) -> Hashed {
    let was = HASHING.replace(true);
    let outer = COUNTS.with(|c| c.replace(Some(DefaultHasher::new())));
    let mut w = HashWriter(DefaultHasher::new());
    let ok = serde_json::to_writer(&mut w, value).is_ok();
    let counts = COUNTS.with(|c| c.replace(outer)).map_or(0, |h| h.finish());
    HASHING.set(was);
    if !ok {
        // A context that does not serialise renders as an error: never equal.
        return Hashed {
            main: u64::MAX,
            counts,
        };
    }
    Hashed {
        main: w.0.finish(),
        counts,
    }
}
