//! The pages of a site: each candidate document made a page, numbered
//! in path order, with the index of them by `collection/slug`; a second
//! page with a slug already taken is an error and left out.

use super::{Page, PathIndex};
use crate::diag::Diagnostic;
use crate::parse::{Doc, DocKind};
use rayon::prelude::*;
use std::collections::hash_map::Entry;
use std::sync::Arc;

/// The pages, rejecting duplicate slugs (`x.md` and `x/index.md`), and
/// the index of them by path (`methods/five-up`).
pub(super) fn pages_of(
    candidates: Vec<Arc<Doc>>,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Page>, PathIndex) {
    // Each page made in parallel with its key; the index is filled in
    // order (by each page's place among the candidates), and a page whose
    // key is taken is left out.
    let (keys, mut pages): (Vec<String>, Vec<Page>) = candidates
        .into_par_iter()
        .filter_map(|doc| match &doc.kind {
            DocKind::Page { collection, slug } => {
                let mut key = String::with_capacity(collection.len() + 1 + slug.len());
                key.extend([collection.as_str(), "/", slug.as_str()]);
                let (collection, slug) = (collection.clone(), slug.clone());
                Some((key, Page::new(collection, slug, doc)))
            }
            DocKind::Intro { .. } => None,
        })
        .unzip();
    let mut by_path = PathIndex::default();
    by_path.by_key.reserve(keys.len());
    let mut left_out = Vec::new();
    for (at, key) in keys.into_iter().enumerate() {
        match by_path.by_key.entry(key) {
            Entry::Occupied(first) => {
                diags.push(duplicate_slug(&pages[at], &pages[*first.get()]));
                left_out.push(at);
            }
            Entry::Vacant(slot) => {
                slot.insert(at);
            }
        }
    }
    if !left_out.is_empty() {
        leave_out(&mut pages, &mut by_path, &left_out);
    }
    pages
        .par_iter_mut()
        .enumerate()
        .for_each(|(id, p)| p.id = id);
    (pages, by_path)
}

/// Leaves out the pages at `left_out` (a rare error: a duplicate slug),
/// renumbering the index's pages after them.
fn leave_out(pages: &mut Vec<Page>, by_path: &mut PathIndex, left_out: &[usize]) {
    let mut out = vec![false; pages.len()];
    for &at in left_out {
        out[at] = true;
    }
    let mut kept = out.iter().map(|&o| !o);
    pages.retain(|_| kept.next().unwrap_or(true));
    // Each place's id once the pages before it that are left out are.
    let ids: Vec<usize> = (out.iter())
        .scan(0, |next, &o| {
            let id = *next;
            *next += usize::from(!o);
            Some(id)
        })
        .collect();
    for id in by_path.by_key.values_mut() {
        *id = ids[*id];
    }
}

/// The error of a page whose slug `first` has in the same collection.
fn duplicate_slug(page: &Page, first: &Page) -> Diagnostic {
    let (collection, slug, doc) = (&page.collection, &page.slug, &page.doc);
    let first = &first.doc.path;
    Diagnostic::error(
        "duplicate-slug",
        &doc.path,
        format!("another page in {collection} already has the slug `{slug}`: {first}"),
    )
    .at(&doc.text, 1, 1)
    .hint("rename one of the two files; each page in a collection needs its own slug")
}
