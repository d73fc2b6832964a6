//! `FirstSeen`: pages in the order they were first added, each once.

use super::PageId;
use std::collections::HashMap;

/// How many pages a `FirstSeen` tells apart by a scan before it indexes
/// them (most ref fields name a few pages; a listing can count hundreds).
const SCAN_LIMIT: usize = 32;

/// Pages in the order they were first added, each once: found by a scan
/// while they are few, by an index after, so adding stays linear however
/// many there are.
#[derive(Default)]
pub(crate) struct FirstSeen {
    pages: Vec<PageId>,
    index: Option<HashMap<PageId, usize, foldhash::fast::RandomState>>,
}

impl FirstSeen {
    /// Adds `page` unless it is there; returns its place.
    pub(crate) fn add(&mut self, page: PageId) -> usize {
        let found = match &self.index {
            Some(index) => index.get(&page).copied(),
            None => self.pages.iter().position(|&p| p == page),
        };
        if let Some(at) = found {
            return at;
        }
        let at = self.pages.len();
        self.pages.push(page);
        match &mut self.index {
            Some(index) => {
                index.insert(page, at);
            }
            None if self.pages.len() > SCAN_LIMIT => {
                let index = self.pages.iter().enumerate().map(|(i, &p)| (p, i));
                self.index = Some(index.collect());
            }
            None => {}
        }
        at
    }

    /// The pages, in the order they were first added.
    pub(crate) fn into_pages(self) -> Vec<PageId> {
        self.pages
    }
}

#[cfg(test)]
mod tests {
    use super::{FirstSeen, SCAN_LIMIT};

    #[test]
    fn each_page_is_kept_once_in_first_order_past_the_scan_limit() {
        let mut seen = FirstSeen::default();
        let n = SCAN_LIMIT * 3;
        for round in 0..2 {
            for p in (0..n).rev() {
                let at = seen.add(p);
                assert_eq!(at, n - 1 - p, "page {p}, round {round}");
            }
        }
        let expected: Vec<usize> = (0..n).rev().collect();
        assert_eq!(seen.into_pages(), expected);
    }
}
