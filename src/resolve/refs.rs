//! Refs: each ref field's slugs checked and turned into page ids, and the
//! reverse links they make, grouped by source collection and field.

use super::reuse::Found;
use super::seen::FirstSeen;
use super::{Absent, BacklinkGroup, CollectionPages, Page, PageId, Refs};
use crate::config::{Collection, Config, FieldDef};
use crate::diag::{Diagnostic, MAX_PER_FILE, Spot};
use crate::parse::FieldValue;
use crate::text::nearest;
use crate::yaml;
use rayon::prelude::*;
use std::collections::HashMap;

/// A reverse link: (target page, source collection index, field index,
/// source page).
type Backlink = (PageId, usize, usize, PageId);

/// What checking refs needs to know of the site.
struct Targets<'a> {
    config: &'a Config,
    collections: &'a [CollectionPages],
    by_path: &'a super::PathIndex,
    absent: &'a Absent,
    /// Each collection's index, by name.
    index: HashMap<&'a str, usize>,
}

/// Resolves every page's refs (or takes those `kept` from the last
/// resolve) and sets its reverse links. Returns, by page, whether a ref
/// connects it to another page (orphans have none), and what its refs
/// found.
pub(super) fn resolve_refs(
    config: &Config,
    pages: &mut [Page],
    (collections, by_path, absent): (&[CollectionPages], &super::PathIndex, &Absent),
    (kept_refs, kept): (&mut [Option<Refs>], &[Option<Found>]),
    diags: &mut Vec<Diagnostic>,
) -> (Vec<bool>, Vec<Found>) {
    let targets = Targets {
        config,
        collections,
        by_path,
        absent,
        index: config
            .collections
            .iter()
            .enumerate()
            .map(|(i, c)| (c.name.as_str(), i))
            .collect(),
    };
    // Pages in parallel; their reverse links, links and problems gathered
    // in page order.
    let pages_read: &[Page] = pages;
    let found: Vec<Option<PageRefs>> = (kept_refs.par_iter_mut().zip(kept))
        .enumerate()
        .map(|(id, (kept_refs, kept))| {
            let collection = config.collection(&pages_read[id].collection)?;
            Some(match (kept_refs.take(), kept) {
                (Some(refs), Some(kept)) => PageRefs {
                    refs,
                    source: targets.index[collection.name.as_str()],
                    targets: kept.targets.clone(),
                    linked: kept.ref_linked,
                    diags: Vec::new(),
                },
                _ => targets.page_refs(pages_read, id, collection),
            })
        })
        .collect();
    let mut linked = vec![false; pages.len()];
    let mut backlinks: Vec<Backlink> = Vec::new();
    let mut checked = vec![Found::default(); pages.len()];
    for (id, found) in found.into_iter().enumerate() {
        let Some(found) = found else { continue };
        for &(t, field) in &found.targets {
            backlinks.push((t, found.source, field, id));
            linked[t] = true;
        }
        checked[id] = Found {
            targets: found.targets,
            ref_linked: found.linked,
            connected: Vec::new(),
            clean: found.diags.is_empty(),
        };
        linked[id] |= found.linked;
        diags.extend(found.diags);
        pages[id].refs = found.refs;
    }
    set_backlinks(config, pages, collections, backlinks);
    (linked, checked)
}

/// What resolving one page's refs found.
struct PageRefs {
    /// The resolved ref fields, in schema order.
    refs: Refs,
    /// The index of the page's collection.
    source: usize,
    /// Each target found (once per slug naming it), with the index of the
    /// field that names it.
    targets: Vec<(PageId, usize)>,
    /// A ref connects the page to another page, or is the problem to fix
    /// (a page with a broken ref is not also called an orphan).
    linked: bool,
    diags: Vec<Diagnostic>,
}

impl Targets<'_> {
    /// The resolved ref fields of page `id` and what they connect.
    fn page_refs(&self, pages: &[Page], id: PageId, collection: &Collection) -> PageRefs {
        let mut found_refs = PageRefs {
            refs: Vec::new(),
            source: self.index[collection.name.as_str()],
            targets: Vec::new(),
            linked: false,
            diags: Vec::new(),
        };
        let mut at = RefPlaces {
            text: &pages[id].doc.text,
            loc: None,
            broken: 0,
        };
        let out = &mut found_refs;
        for (fi, def) in collection.fields.iter().enumerate() {
            let Some(to) = def.kind.target() else {
                continue;
            };
            let slugs: &[String] = match pages[id].doc.field(&def.name) {
                Some(FieldValue::Ref(s)) => std::slice::from_ref(s),
                Some(FieldValue::Refs(list)) => list,
                _ => continue,
            };
            let mut found = FirstSeen::default();
            for (i, slug) in slugs.iter().enumerate() {
                let Some(t) = self.target(pages, id, def, to, (i, slug), &mut at, out) else {
                    continue;
                };
                found.add(t);
                out.targets.push((t, fi));
                out.linked = true;
            }
            out.refs.push((def.name.clone(), found.into_pages()));
        }
        found_refs
    }

    /// The page the `i`th slug of field `def` (to collection `to`) of page
    /// `id` names, or the problem with it.
    fn target(
        &self,
        pages: &[Page],
        id: PageId,
        def: &FieldDef,
        to: &str,
        (i, slug): (usize, &str),
        at: &mut RefPlaces<'_>,
        out: &mut PageRefs,
    ) -> Option<PageId> {
        // `to/slug.md`, then `to/slug` for the absent pages: one string.
        let mut path = String::with_capacity(to.len() + slug.len() + 4);
        path.extend([to, "/", slug, ".md"]);
        let found = self.by_path.get(&path);
        path.truncate(path.len() - 3);
        let key = path;
        match found {
            Some(&t) if pages[t].collection == to => return Some(t),
            _ if self.absent.unparsed.contains(&key) => out.linked = true,
            _ if self.absent.drafts.contains(&key) => out.diags.push(
                Diagnostic::warning(
                    "draft-ref",
                    &pages[id].doc.path,
                    format!("`{slug}` in {to} is a draft, so this link is left out of the site"),
                )
                .at_spot(&at.spot(def, i, slug))
                .hint(
                    "publish the target (remove `draft: true`) or build with --drafts to preview",
                ),
            ),
            _ => {
                // The broken ref is the problem to fix; do not also call
                // the page an orphan.
                out.linked = true;
                let spot = at.spot(def, i, slug);
                // A hint searches every page: only for the problems that
                // will be listed.
                at.broken += 1;
                let listed = at.broken <= MAX_PER_FILE;
                let slugs_there = self.collections[self.index[to]]
                    .pages
                    .iter()
                    .filter(|_| listed)
                    .map(|&p| pages[p].slug.as_str());
                let near = nearest(slug, slugs_there);
                let d = crate::model::broken_ref(
                    self.config,
                    &pages[id].doc.path,
                    &def.name,
                    to,
                    slug,
                    near,
                );
                out.diags.push(d.at_spot(&spot));
            }
        }
        None
    }
}

/// Where a page's refs are written, found only when a diagnostic needs it.
struct RefPlaces<'a> {
    /// The page's front matter.
    text: &'a str,
    loc: Option<yaml::Locator<'a>>,
    /// Broken refs reported so far.
    broken: usize,
}

impl RefPlaces<'_> {
    /// The spot of the `i`th slug of field `def`.
    fn spot(&mut self, def: &FieldDef, i: usize, slug: &str) -> Spot {
        let text = self.text;
        let loc = self.loc.get_or_insert_with(|| yaml::Locator::new(text));
        let at = if !def.kind.is_many() {
            loc.value(&def.name)
        } else {
            loc.item(&def.name, i)
        }
        .unwrap_or((1, 1));
        Spot {
            line: at.0,
            column: at.1,
            width: slug.chars().count(),
        }
    }
}

/// Each page's reverse links, grouped by source collection then field, the
/// sources of a group in their collection's order.
fn set_backlinks(
    config: &Config,
    pages: &mut [Page],
    collections: &[CollectionPages],
    mut backlinks: Vec<Backlink>,
) {
    let mut rank = vec![0usize; pages.len()];
    for cp in collections {
        for (r, &id) in cp.pages.iter().enumerate() {
            rank[id] = r;
        }
    }
    // By target, then source collection and field, then the source's
    // place in its collection (pages of no listing by id, as they came).
    backlinks.par_sort_unstable_by_key(|&(t, ci, fi, s)| (t, ci, fi, rank[s], s));
    backlinks.dedup();
    let backlinks = &backlinks[..];
    pages.par_iter_mut().enumerate().for_each(|(id, page)| {
        let of_page = super::rows_of(backlinks, id, |b| b.0);
        page.backlinks = (of_page.chunk_by(|a, b| (a.1, a.2) == (b.1, b.2)))
            .map(|group| {
                let (_, ci, fi, _) = group[0];
                BacklinkGroup {
                    collection: config.collections[ci].name.clone(),
                    field: config.collections[ci].fields[fi].name.clone(),
                    pages: group.iter().map(|b| b.3).collect(),
                }
            })
            .collect();
    });
}
