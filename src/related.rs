//! Related content: for each page, up to `MAX_RELATED` other pages that share
//! refs (the same city, project or method) and taxonomy terms, leaving out
//! the pages it already links to or is linked from (refs and reverse links
//! show those). Computed once per build from an inverted index; at most
//! `MAX_CANDIDATES` pages are scored per shared feature, so the cost grows
//! linearly with pages, not with pages². After a structural edit in
//! `serve`, only the pages whose list the edit can change are scored again.

use crate::resolve::{Page, PageId, Renumbering, Site};
use rayon::prelude::*;
use std::collections::HashMap;

/// How many related pages each page gets.
pub(crate) const MAX_RELATED: usize = 6;

/// Pages scored per shared feature (see `Index::postings`).
const MAX_CANDIDATES: usize = 200;

/// A feature two pages can share, by its index among all features: page
/// `p` (referred to, or being it) is feature `p`; term `t` of taxonomy
/// `ti` follows every page and the terms of the taxonomies before it.
struct Features {
    /// Where each taxonomy's terms start, then where the last one's end.
    term_start: Vec<usize>,
}

impl Features {
    fn new(site: &Site) -> Features {
        let mut end = site.pages.len();
        let mut term_start = vec![end];
        for taxonomy in site.taxonomies() {
            end += taxonomy.terms.len();
            term_start.push(end);
        }
        Features { term_start }
    }

    fn count(&self) -> usize {
        self.term_start.last().copied().unwrap_or_default()
    }

    fn term(&self, taxonomy: usize, term: usize) -> Option<usize> {
        let (&start, &end) = (
            self.term_start.get(taxonomy)?,
            self.term_start.get(taxonomy + 1)?,
        );
        Some(start + term).filter(|&f| f < end)
    }
}

/// Weight of a feature `pages` pages share: 1000 / (1 + log2(pages)), an
/// integer so the order never depends on float rounding. Rarer weighs
/// more (a shared method counts more than a project of hundreds of pages).
fn weight(pages: usize) -> u64 {
    (1000.0 / (1.0 + (pages.max(1) as f64).log2())).round() as u64
}

/// The related pages of every page, best first, with the index they were
/// scored on: `serve` keeps it, so that after a structural edit only the
/// pages whose answer the edit can change are scored again (`since`).
pub(crate) struct Related {
    lists: Vec<Vec<PageId>>,
    /// `None` once forgotten (a build resolves once: `forget_index`).
    index: Option<Index>,
}

/// The inverted index pages are scored on.
struct Index {
    layout: Features,
    /// Each page's features, each once: itself, its refs' targets, its terms.
    features: Vec<Vec<usize>>,
    /// Each feature's pages, in tie order (newer first, then title, then
    /// id): a page then scores at most `MAX_CANDIDATES` pages per feature,
    /// the ones that win ties, so the cost stays linear in pages (a term
    /// shared by thousands of pages would otherwise make it quadratic).
    /// Exact whenever features are smaller.
    postings: Postings,
    /// Each feature's weight (`weight`).
    weights: Vec<u64>,
    /// Each page's place in the tie order.
    rank: Vec<usize>,
}

impl Index {
    fn new(site: &Site) -> Index {
        let layout = Features::new(site);
        let (features, order) = rayon::join(|| page_features(site, &layout), || tie_order(site));
        // Filled in tie order, each feature's pages are in that order.
        let postings = postings(&features, &order, layout.count());
        let weights = (0..postings.len())
            .map(|f| weight(postings[f].len()))
            .collect();
        let mut rank = vec![0usize; order.len()];
        for (r, &id) in order.iter().enumerate() {
            rank[id] = r;
        }
        Index {
            layout,
            features,
            postings,
            weights,
            rank,
        }
    }

    /// Each page's list: the one it keeps (`kept`, by page) when it has
    /// one, else scored.
    fn lists(&self, site: &Site, kept: Vec<Option<Vec<PageId>>>) -> Vec<Vec<PageId>> {
        let n = site.pages.len();
        let scoring = Scoring { site, index: self };
        // Each rayon job gets its own score array of `n` entries (and flags
        // of the pages the current page already links with): few, large
        // jobs (a handful per thread), or 100,000 pages would allocate and
        // zero hundreds of those arrays.
        let per_job = n.div_ceil(rayon::current_num_threads().max(1) * 8).max(1);
        (kept.into_par_iter().enumerate())
            .with_min_len(per_job)
            .map_init(
                || Scratch {
                    scores: vec![0u64; n],
                    touched: Vec::new(),
                    direct: vec![false; n],
                },
                |scratch, (id, kept)| kept.unwrap_or_else(|| scoring.related_of(id, scratch)),
            )
            .collect()
    }
}

impl Related {
    /// Related pages of every page of `site`. Scores weigh each shared
    /// feature by its rarity (`weight`); ties go to the newer page, then
    /// title.
    pub(crate) fn new(site: &Site) -> Related {
        let index = Index::new(site);
        let lists = index.lists(site, vec![None; site.pages.len()]);
        Related {
            lists,
            index: Some(index),
        }
    }

    /// Lets go of the index (kept for `since`), when the site will not be
    /// resolved again.
    pub(crate) fn forget_index(&mut self) {
        self.index = None;
    }

    /// The pages related to page `id`, best first.
    pub(crate) fn of(&self, id: PageId) -> &[PageId] {
        self.lists.get(id).map_or(&[], Vec::as_slice)
    }

    /// The related pages of `site`, resolved again after `before` (whose
    /// related pages are `self`): a page keeps its list when nothing it
    /// was scored on changed, and is scored again otherwise. Equal to
    /// `Related::new(site)`.
    /// `ids`: the pages of `before` by their ids in `site`.
    pub(crate) fn since(self, before: &Site, site: &Site, ids: &Renumbering) -> Related {
        let Related {
            lists: old_lists,
            index: old,
        } = self;
        let index = Index::new(site);
        let kept = (old.as_ref()).and_then(|old| {
            let carry = Carry::new(old, before, &index, site, ids)?;
            Some(carry.kept_lists((old, old_lists, before), &index, site))
        });
        let kept = kept.unwrap_or_else(|| vec![None; site.pages.len()]);
        let lists = index.lists(site, kept);
        Related {
            lists,
            index: Some(index),
        }
    }
}

/// What a structural edit left of the index: pages and features by their
/// new ids, and how far into each feature's pages nothing changed.
struct Carry<'a> {
    /// By old id: the page's new id (`None`: deleted).
    new_id: &'a [Option<PageId>],
    /// By new id: the page's old id (`None`: new).
    old_id: &'a [Option<PageId>],
    /// By old feature: its new feature (`None`: gone).
    new_feature: Vec<Option<usize>>,
    /// By new feature: how many of its pages (in tie order) are the same,
    /// with the same weight, as before; `0` for a new feature.
    same_prefix: Vec<usize>,
}

impl<'a> Carry<'a> {
    /// `None` when the pages that stayed are not in the same order of
    /// ids, or the taxonomies are not the same ones (a hub.yaml change):
    /// every page is then scored again.
    fn new(
        old: &Index,
        before: &Site,
        new: &Index,
        site: &Site,
        ids: &'a Renumbering,
    ) -> Option<Carry<'a>> {
        let (new_id, old_id) = (&ids.new_id[..], &ids.old_id[..]);
        if new_id.len() != before.pages.len() || old_id.len() != site.pages.len() {
            return None;
        }
        // Ties fall to the id last: ids that keep their order keep ties.
        let mut last = None;
        for &id in new_id.iter().flatten() {
            if last.is_some_and(|l| l >= id) {
                return None;
            }
            last = Some(id);
        }
        let new_feature = feature_map(old, before, new, site, new_id)?;
        let mut carry = Carry {
            new_id,
            old_id,
            new_feature,
            same_prefix: vec![0; new.postings.len()],
        };
        carry.compare_postings(old, new);
        carry.moved_pages(old, before, new, site);
        Some(carry)
    }

    /// `same_prefix` from the postings and weights before and after.
    fn compare_postings(&mut self, old: &Index, new: &Index) {
        for (f0, &f) in self.new_feature.iter().enumerate() {
            let Some(f) = f else { continue };
            if old.weights[f0] != new.weights[f] {
                continue;
            }
            let (was, is) = (&old.postings[f0], &new.postings[f]);
            self.same_prefix[f] = (was.iter().zip(is))
                .position(|(&o, &id)| self.new_id[o] != Some(id))
                .unwrap_or(if was.len() == is.len() {
                    usize::MAX
                } else {
                    was.len().min(is.len())
                });
        }
    }

    /// A page whose tie order changed (its date or title) changes the
    /// ranking of every list that holds it, even where no feature's
    /// pages moved relative to each other: its features count as changed
    /// from where it was or is.
    fn moved_pages(&mut self, old: &Index, before: &Site, new: &Index, site: &Site) {
        for (id, page) in site.pages.iter().enumerate() {
            let Some(o) = self.old_id[id] else {
                continue;
            };
            let (was, is) = (before.pages[o].doc(), page.doc());
            if was.date == is.date && was.title == is.title {
                continue;
            }
            for &f0 in &old.features[o] {
                let at = old.postings[f0].iter().position(|&p| p == o);
                if let (Some(f), Some(at)) = (self.new_feature[f0], at) {
                    self.same_prefix[f] = self.same_prefix[f].min(at);
                }
            }
            for &f in &new.features[id] {
                let at = new.postings[f].iter().position(|&p| p == id);
                self.same_prefix[f] = self.same_prefix[f].min(at.unwrap_or(0));
            }
        }
    }

    /// The lists of `before` that pages keep (see `keeps`), by new id:
    /// moved out and renumbered (`None` for a page scored again, also
    /// when one of its related pages is gone).
    fn kept_lists(
        &self,
        (old, old_lists, before): (&Index, Vec<Vec<PageId>>, &Site),
        new: &Index,
        site: &Site,
    ) -> Vec<Option<Vec<PageId>>> {
        let moved: Vec<(PageId, Vec<PageId>)> = (old_lists.into_par_iter().enumerate())
            .filter_map(|(o, mut list)| {
                let id = self.new_id.get(o).copied().flatten()?;
                if !self.keeps(old, before, new, site, id) {
                    return None;
                }
                for p in &mut list {
                    *p = self.new_id.get(*p).copied().flatten()?;
                }
                Some((id, list))
            })
            .collect();
        let mut kept = vec![None; site.pages.len()];
        for (id, list) in moved {
            kept[id] = Some(list);
        }
        kept
    }

    /// Whether page `id` keeps its list as it was, because scoring it
    /// again would give the same: its features and the pages it links
    /// with are the same, and each feature's pages are the same as far as
    /// scoring reads them (to the one after the `MAX_CANDIDATES`-th
    /// counted, past the page itself and the pages it links with).
    fn keeps(&self, old: &Index, before: &Site, new: &Index, site: &Site, id: PageId) -> bool {
        let Some(o) = self.old_id[id] else {
            return false;
        };
        let features = &new.features[id];
        let mapped = old.features[o].iter().map(|&f0| self.new_feature[f0]);
        if !mapped.eq(features.iter().map(|&f| Some(f))) {
            return false;
        }
        // The least scoring reads first (cheap), then with the pages it
        // links with, once they are known to be the same.
        let unchanged = |read: usize| features.iter().all(|&f| self.same_prefix[f] >= read);
        if !unchanged(MAX_CANDIDATES + 2) {
            return false;
        }
        (self.same_links(&before.pages[o], &site.pages[id]))
            .is_some_and(|linked| unchanged(MAX_CANDIDATES + 2 + linked))
    }

    /// How many pages `page` links with (`linked`), when they are those
    /// `was` linked with, by new ids, field by field and group by group
    /// (`None` otherwise, or when they are grouped otherwise: the page is
    /// then scored again, which gives the same).
    fn same_links(&self, was: &Page, page: &Page) -> Option<usize> {
        let same = |before: &[PageId], now: &[PageId]| {
            before.len() == now.len()
                && (before.iter().zip(now)).all(|(&o, &n)| self.new_id.get(o) == Some(&Some(n)))
        };
        let (refs_before, refs) = (was.refs(), page.refs());
        let (groups_before, groups) = (was.backlinks(), page.backlinks());
        let same_refs = refs_before.len() == refs.len()
            && (refs_before.iter().zip(refs)).all(|((_, a), (_, b))| same(a, b));
        let same_groups = groups_before.len() == groups.len()
            && (groups_before.iter().zip(groups)).all(|(a, b)| same(&a.pages, &b.pages));
        let count = refs.iter().map(|(_, t)| t.len()).sum::<usize>()
            + groups.iter().map(|g| g.pages.len()).sum::<usize>();
        (same_refs && same_groups).then_some(count)
    }
}

/// Each old feature's new feature: a page's by the page's new id, a
/// term's by its slug in the same taxonomy. `None` when the taxonomies
/// are not the same ones.
fn feature_map(
    old: &Index,
    before: &Site,
    new: &Index,
    site: &Site,
    pages: &[Option<PageId>],
) -> Option<Vec<Option<usize>>> {
    let (was, is) = (before.taxonomies(), site.taxonomies());
    if was.len() != is.len() {
        return None;
    }
    let mut map = pages.to_vec();
    for (ti, (was, is)) in was.iter().zip(is).enumerate() {
        let slugs: HashMap<&str, usize> = (is.terms.iter().enumerate())
            .map(|(t, term)| (term.slug.as_str(), t))
            .collect();
        for term in &was.terms {
            let t = slugs.get(term.slug.as_str());
            map.push(t.and_then(|&t| new.layout.term(ti, t)));
        }
    }
    (map.len() == old.layout.count()).then_some(map)
}

/// The pages `page` links with, by a ref or a reverse link (left out of
/// its related pages: refs and reverse links show them).
fn linked(page: &Page) -> impl Iterator<Item = PageId> + '_ {
    let refs = page.refs().iter().flat_map(|(_, t)| t.iter().copied());
    refs.chain(
        page.backlinks()
            .iter()
            .flat_map(|g| g.pages.iter().copied()),
    )
}

/// Each page's features (as ids), each once: itself, its refs' targets,
/// its terms.
fn page_features(site: &Site, all: &Features) -> Vec<Vec<usize>> {
    (site.pages.par_iter().enumerate())
        .map(|(id, page)| {
            let refs = page.refs().iter().flat_map(|(_, t)| t.iter().copied());
            let terms = (page.terms().iter())
                .flat_map(|(ti, terms)| terms.iter().filter_map(|&t| all.term(*ti, t)));
            let mut own: Vec<usize> = Vec::new();
            for fid in std::iter::once(id).chain(refs).chain(terms) {
                if !own.contains(&fid) {
                    own.push(fid);
                }
            }
            own
        })
        .collect()
}

/// Each feature's pages, one after another in one list (`postings[f]`:
/// feature `f`'s).
struct Postings {
    /// Where each feature's pages start, then where the last one's end.
    start: Vec<usize>,
    pages: Vec<PageId>,
}

impl Postings {
    /// How many features.
    fn len(&self) -> usize {
        self.start.len() - 1
    }
}

impl std::ops::Index<usize> for Postings {
    type Output = [PageId];

    fn index(&self, feature: usize) -> &[PageId] {
        &self.pages[self.start[feature]..self.start[feature + 1]]
    }
}

/// Each feature's pages, in the order of `order` (every page once).
fn postings(features: &[Vec<usize>], order: &[PageId], count: usize) -> Postings {
    let mut start = vec![0usize; count + 1];
    for &f in features.iter().flatten() {
        start[f + 1] += 1;
    }
    for f in 0..count {
        start[f + 1] += start[f];
    }
    let mut next = start[..count].to_vec();
    let mut pages = vec![0; start[count]];
    for &id in order {
        for &f in &features[id] {
            pages[next[f]] = id;
            next[f] += 1;
        }
    }
    Postings { start, pages }
}

/// The pages in tie order: newer first, then by title, then by id.
fn tie_order(site: &Site) -> Vec<PageId> {
    let mut order: Vec<(std::cmp::Reverse<_>, &str, PageId)> = (site.pages.par_iter())
        .enumerate()
        .map(|(id, page)| {
            let doc = page.doc();
            (std::cmp::Reverse(doc.date), doc.title.as_str(), id)
        })
        .collect();
    // Every key differs (the id is in it): an unstable sort gives the one order.
    order.par_sort_unstable();
    order.par_iter().map(|&(_, _, id)| id).collect()
}

/// What scoring reads, shared by every page.
struct Scoring<'a> {
    site: &'a Site,
    index: &'a Index,
}
/// One rayon job's working arrays, cleared after each page.
struct Scratch {
    scores: Vec<u64>,
    /// Pages with a score.
    touched: Vec<PageId>,
    /// Pages the current page links with (left out).
    direct: Vec<bool>,
}

impl Scoring<'_> {
    /// The related pages of page `id`, best first.
    fn related_of(&self, id: PageId, scratch: &mut Scratch) -> Vec<PageId> {
        let page = &self.site.pages[id];
        for other in linked(page) {
            scratch.direct[other] = true;
        }
        for &f in &self.index.features[id] {
            self.score_feature(id, f, scratch);
        }
        let mut ranked: Vec<(u64, PageId)> = scratch
            .touched
            .iter()
            .map(|&o| (scratch.scores[o], o))
            .collect();
        for &o in scratch.touched.iter() {
            scratch.scores[o] = 0;
        }
        scratch.touched.clear();
        for other in linked(page) {
            scratch.direct[other] = false;
        }
        let key = |&(score, o): &(u64, PageId)| (std::cmp::Reverse(score), self.index.rank[o]);
        if ranked.len() > MAX_RELATED {
            ranked.select_nth_unstable_by(MAX_RELATED - 1, |a, b| key(a).cmp(&key(b)));
            ranked.truncate(MAX_RELATED);
        }
        ranked.sort_by_key(key);
        // A fresh, exact-size list: collecting `into_iter()` would reuse
        // `ranked`'s allocation (every candidate's room) and keep it for
        // the whole build, about 10 KB a page.
        ranked.iter().map(|&(_, o)| o).collect()
    }

    /// Adds feature `f`'s weight to the pages (at most `MAX_CANDIDATES`)
    /// that share it with page `id`.
    fn score_feature(&self, id: PageId, f: usize, scratch: &mut Scratch) {
        let postings = &self.index.postings[f];
        if postings.len() < 2 {
            return;
        }
        let mut considered = 0;
        for &other in postings {
            if other == id || scratch.direct[other] {
                continue;
            }
            considered += 1;
            if considered > MAX_CANDIDATES {
                break;
            }
            if scratch.scores[other] == 0 {
                scratch.touched.push(other);
            }
            scratch.scores[other] += self.index.weights[f];
        }
    }
}
