//! The paths of the published site changed since the last publish, with
//! the bytes a path held before when it changed once (see `Dirty`).

use crate::output::Packed;
use std::collections::HashMap;

/// The published paths whose output changed since the last publish. A
/// path whose bytes were replaced once keeps the bytes it held before:
/// when the served site holds those very bytes, `publish` knows the file
/// changed without reading both back to compare them.
#[derive(Default)]
pub(super) struct Dirty(HashMap<String, Option<Packed>, foldhash::fast::RandomState>);

impl Dirty {
    /// `path` changed (added, removed, or changed in a way not known).
    pub(super) fn insert(&mut self, path: String) {
        self.0.insert(path, None);
    }

    /// `path`'s bytes `was` were replaced by different ones.
    pub(super) fn replaced(&mut self, path: &str, was: Packed) {
        match self.0.get_mut(path) {
            // Changed again: the served bytes are compared.
            Some(known) => *known = None,
            None => {
                self.0.insert(path.to_string(), Some(was));
            }
        }
    }

    /// Each changed path, with the bytes it held before when it changed
    /// once, leaving none.
    pub(super) fn take(&mut self) -> Vec<(String, Option<Packed>)> {
        self.0.drain().collect()
    }
}

impl Extend<String> for Dirty {
    fn extend<I: IntoIterator<Item = String>>(&mut self, paths: I) {
        for path in paths {
            self.insert(path);
        }
    }
}
