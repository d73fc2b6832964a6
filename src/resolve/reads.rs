//! Which pages a computation read, recorded while `record` runs on this
//! thread: every read of a page's document (`Page::doc`) and of its
//! summary (`render`'s `Prepared::summary`) notes the page. `serve` records
//! what each template context was built from, so that after an edit of
//! some pages in place it hashes again only the contexts that read them.
//!
//! Like the context hasher's state, the record is per thread: a context is
//! built on one thread, with no parallel work inside it.

use super::PageId;
use std::cell::RefCell;

thread_local! {
    /// The pages read so far by the running `record` (`None`: no record).
    static READS: RefCell<Option<Vec<PageId>>> = const { RefCell::new(None) };
}

/// Stands in a record for a read of the site's structure (its
/// collections' and taxonomies' lists of pages, the paths of its pages):
/// sorted after every page.
pub(crate) const SITE: PageId = PageId::MAX;

/// Notes that the site's structure was read, if a record is running.
pub(crate) fn note_site() {
    note(SITE);
}

/// Notes that page `id` was read, if a record is running.
pub(crate) fn note(id: PageId) {
    READS.with(|r| {
        if let Some(ids) = r.borrow_mut().as_mut() {
            ids.push(id);
        }
    });
}

/// Runs `f`, returning its result and the pages it read, sorted, each
/// once. A record inside a record adds its pages to the outer one too.
pub(crate) fn record<T>(f: impl FnOnce() -> T) -> (T, Vec<PageId>) {
    let outer = READS.replace(Some(Vec::new()));
    let out = f();
    let mut ids = READS.replace(outer).unwrap_or_default();
    ids.sort_unstable();
    ids.dedup();
    READS.with(|r| {
        if let Some(outer) = r.borrow_mut().as_mut() {
            outer.extend_from_slice(&ids);
        }
    });
    (out, ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_holds_each_page_read_inside_it_once() {
        note(7);
        let ((), outer) = record(|| {
            note(3);
            let ((), inner) = record(|| {
                note(5);
                note(5);
            });
            assert_eq!(inner, [5]);
            note(1);
        });
        assert_eq!(outer, [1, 3, 5]);
        let ((), none) = record(|| ());
        assert!(none.is_empty());
    }
}
