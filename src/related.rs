//! Related content: for each page, up to `MAX_RELATED` other pages that share
//! refs (the same city, project or method) and taxonomy terms, leaving out
//! the pages it already links to or is linked from (refs and reverse links
//! show those). Computed once per build from an inverted index; at most
//! `MAX_CANDIDATES` pages are scored per shared feature, so the cost grows
//! linearly with pages, not with pages².

use crate::resolve::{PageId, Site};
use rayon::prelude::*;

/// How many related pages each page gets.
pub(crate) const MAX_RELATED: usize = 6;

/// Pages scored per shared feature (see `related`).
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

/// Related pages of every page, best first. Scores weigh each shared
/// feature by its rarity (a shared method counts more than a shared
/// project with hundreds of pages); ties go to the newer page, then title.
pub(crate) fn related(site: &Site) -> Vec<Vec<PageId>> {
    let n = site.pages.len();
    let (features, mut postings) = index(site);
    // Weight: 1000 / (1 + log2(pages with the feature)), an integer so the
    // order never depends on float rounding.
    let weights: Vec<u64> = postings
        .iter()
        .map(|p| (1000.0 / (1.0 + (p.len().max(1) as f64).log2())).round() as u64)
        .collect();
    let rank = tie_rank(site);
    // Every posting list in tie order: a page then scores at most
    // MAX_CANDIDATES pages per feature, the ones that win ties, so the cost
    // stays linear in pages: a term shared by thousands of pages would
    // otherwise make this quadratic. Exact whenever features are smaller.
    postings
        .par_iter_mut()
        .for_each(|p| p.sort_unstable_by_key(|&o| rank[o]));
    let scoring = Scoring {
        site,
        features: &features,
        postings: &postings,
        weights: &weights,
        rank: &rank,
    };
    // Each rayon job gets its own score array of `n` entries (and flags of
    // the pages the current page already links with): few, large
    // jobs (a handful per thread), or 100,000 pages would allocate and zero
    // hundreds of those arrays.
    let per_job = n.div_ceil(rayon::current_num_threads().max(1) * 8).max(1);
    (0..n)
        .into_par_iter()
        .with_min_len(per_job)
        .map_init(
            || Scratch {
                scores: vec![0u64; n],
                touched: Vec::new(),
                direct: vec![false; n],
            },
            |scratch, id| scoring.related_of(id, scratch),
        )
        .collect()
}

/// Each page's features (as ids), and each feature's pages (postings).
fn index(site: &Site) -> (Vec<Vec<usize>>, Vec<Vec<PageId>>) {
    let all = Features::new(site);
    let mut postings: Vec<Vec<PageId>> = vec![Vec::new(); all.count()];
    let mut features: Vec<Vec<usize>> = vec![Vec::new(); site.pages.len()];
    for (id, page) in site.pages.iter().enumerate() {
        let refs = page.refs().iter().flat_map(|(_, t)| t.iter().copied());
        let terms = (page.terms().iter())
            .flat_map(|(ti, terms)| terms.iter().filter_map(|&t| all.term(*ti, t)));
        for fid in std::iter::once(id).chain(refs).chain(terms) {
            if features[id].contains(&fid) {
                continue;
            }
            features[id].push(fid);
            postings[fid].push(id);
        }
    }
    (features, postings)
}

/// Each page's place in the tie order (newer first, then title, then id).
fn tie_rank(site: &Site) -> Vec<usize> {
    let mut order: Vec<(std::cmp::Reverse<_>, &str, PageId)> = (site.pages.iter())
        .enumerate()
        .map(|(id, page)| {
            let doc = page.doc();
            (std::cmp::Reverse(doc.date), doc.title.as_str(), id)
        })
        .collect();
    // Every key differs (the id is in it): an unstable sort gives the one order.
    order.par_sort_unstable();
    let mut rank = vec![0usize; order.len()];
    for (r, &(_, _, id)) in order.iter().enumerate() {
        rank[id] = r;
    }
    rank
}

/// What scoring reads, shared by every page.
struct Scoring<'a> {
    site: &'a Site,
    features: &'a [Vec<usize>],
    postings: &'a [Vec<PageId>],
    weights: &'a [u64],
    rank: &'a [usize],
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
        let linked = || {
            page.refs()
                .iter()
                .flat_map(|(_, t)| t.iter().copied())
                .chain(
                    page.backlinks()
                        .iter()
                        .flat_map(|g| g.pages.iter().copied()),
                )
        };
        for other in linked() {
            scratch.direct[other] = true;
        }
        for &f in &self.features[id] {
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
        for other in linked() {
            scratch.direct[other] = false;
        }
        let key = |&(score, o): &(u64, PageId)| (std::cmp::Reverse(score), self.rank[o]);
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
        if self.postings[f].len() < 2 {
            return;
        }
        let mut considered = 0;
        for &other in &self.postings[f] {
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
            scratch.scores[other] += self.weights[f];
        }
    }
}
