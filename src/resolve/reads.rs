//! Which pages a computation read, recorded while `record` runs on this
//! thread, and how much of each: its document alone (`Page::doc`:
//! `Read::Doc`), its summary alone (`render`'s `Prepared::summary`:
//! `Read::Summary`), or what resolve worked out of its place in the site
//! (its refs, reverse links, terms, neighbours, related pages:
//! `Read::Page`); of a collection, its pages in order, its intro and what
//! a listing shows of them (`Site::collection`: `Read::Collection`); of a
//! term, the same of its pages (`Site::term`: `Read::Term`).
//! `serve` records what each template context was built
//! from, so that after an edit it hashes again only the contexts that read
//! what changed: a page that gains a reverse link changes for those that
//! read its reverse links, not for those that only show its title.
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

/// Marks a read of a page's document alone, in a record.
const DOC: PageId = 1 << (PageId::BITS - 2);
/// Marks a read of a page's summary alone, in a record.
const SUMMARY: PageId = 1 << (PageId::BITS - 3);
/// Marks a read of a collection (by its index in hub.yaml), in a record.
const COLLECTION: PageId = 1 << (PageId::BITS - 4);
/// Marks a read of a term (by its place among every taxonomy's terms, one
/// taxonomy after another), in a record.
const TERM: PageId = 1 << (PageId::BITS - 5);

/// What a record holds: how much of which page was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Read {
    /// Everything of the page (its document and its place in the site).
    Page(PageId),
    /// Its document only.
    Doc(PageId),
    /// Its summary only.
    Summary(PageId),
    /// A collection's pages in order, its intro, and what a listing shows
    /// of them (its facets and page numbers), by the collection's index.
    Collection(usize),
    /// A term's pages in order, its taxonomy and what a term's page shows
    /// of them, by the term's place among every taxonomy's terms.
    Term(usize),
    /// The site's structure.
    Site,
}

impl Read {
    /// The read a record holds as `entry`.
    pub(crate) fn of(entry: PageId) -> Read {
        if entry == SITE {
            Read::Site
        } else if entry & DOC != 0 {
            Read::Doc(entry & !DOC)
        } else if entry & SUMMARY != 0 {
            Read::Summary(entry & !SUMMARY)
        } else if entry & COLLECTION != 0 {
            Read::Collection(entry & !COLLECTION)
        } else if entry & TERM != 0 {
            Read::Term(entry & !TERM)
        } else {
            Read::Page(entry)
        }
    }

    /// How a record holds this read.
    pub(crate) fn entry(self) -> PageId {
        match self {
            Read::Page(id) => id,
            Read::Doc(id) => id | DOC,
            Read::Summary(id) => id | SUMMARY,
            Read::Collection(index) => index | COLLECTION,
            Read::Term(index) => index | TERM,
            Read::Site => SITE,
        }
    }

    /// Each way a record can hold a read of page `id`.
    pub(crate) fn entries_of(id: PageId) -> [PageId; 3] {
        [id, id | DOC, id | SUMMARY]
    }
}

/// Notes that the site's structure was read, if a record is running.
pub(crate) fn note_site() {
    push(SITE);
}

/// Notes that collection `index` was read (see `Read::Collection`), if a
/// record is running.
pub(crate) fn note_collection(index: usize) {
    push(index | COLLECTION);
}

/// Notes that term `term` of taxonomy `taxonomy` was read (see
/// `Read::Term`: numbered among every taxonomy's terms, given how many
/// each taxonomy has), if a record is running.
pub(crate) fn note_term(
    terms_per_taxonomy: impl Iterator<Item = usize>,
    taxonomy: usize,
    term: usize,
) {
    let before: usize = terms_per_taxonomy.take(taxonomy).sum();
    push((before + term) | TERM);
}

/// Notes that page `id` was read, all of it, if a record is running.
pub(crate) fn note(id: PageId) {
    push(id);
}

/// Notes that the document of page `id` was read, if a record is running.
pub(crate) fn note_doc(id: PageId) {
    push(id | DOC);
}

/// Notes that the summary of page `id` was read, if a record is running.
pub(crate) fn note_summary(id: PageId) {
    push(id | SUMMARY);
}

/// Notes again, if a record is running, what another record returned
/// (the reads of a value made once and shared).
pub(crate) fn replay(entries: &[PageId]) {
    READS.with(|r| {
        if let Some(ids) = r.borrow_mut().as_mut() {
            ids.extend_from_slice(entries);
        }
    });
}

fn push(entry: PageId) {
    READS.with(|r| {
        if let Some(ids) = r.borrow_mut().as_mut() {
            ids.push(entry);
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

    #[test]
    fn a_value_made_once_and_shared_tells_each_record_what_it_read() {
        let (made, first) = record(|| {
            let (value, read) = record(|| {
                note(2);
                note_site();
                "made"
            });
            replay(&read);
            (value, read)
        });
        let ((), second) = record(|| replay(&made.1));
        assert_eq!(first, [2, SITE]);
        assert_eq!(second, first);
        replay(&[9]);
        let ((), none) = record(|| ());
        assert!(none.is_empty(), "a replay outside a record is dropped");
    }

    #[test]
    fn a_record_tells_how_much_of_a_page_was_read() {
        let ((), reads) = record(|| {
            note_summary(4);
            note_doc(4);
            note(9);
            note_site();
            note_collection(2);
            note_term([4, 3].into_iter(), 1, 2);
        });
        let reads: Vec<Read> = reads.into_iter().map(Read::of).collect();
        assert_eq!(
            reads,
            [
                Read::Page(9),
                Read::Term(6),
                Read::Collection(2),
                Read::Summary(4),
                Read::Doc(4),
                Read::Site
            ]
        );
        for read in reads {
            assert_eq!(Read::of(read.entry()), read);
        }
        assert!(Read::entries_of(4).contains(&Read::Summary(4).entry()));
    }
}
