//! RESOLVE: all `Doc`s → one `Site`: published pages in collection order,
//! refs checked and turned into indices, reverse links (`refs`), body links
//! and anchors checked, orphans found (`links`), taxonomy terms (`terms`).
//! Pure function of its inputs.

mod links;
mod pages;
pub(crate) mod reads;
mod refs;
mod reuse;
mod seen;
mod since;
mod terms;
pub(crate) use terms::{facet_name, is_facet_target, ref_counts};

use crate::config::{Config, Sort, SortKey};
use crate::diag::Diagnostic;
use crate::parse::{Doc, DocKind, FieldValue};
use crate::routes::Route;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

pub(crate) type PageId = usize;

/// A page's resolved ref fields, in schema order: (field, targets).
pub(crate) type Refs = Vec<(String, Vec<PageId>)>;

/// The rows of `rows` (sorted by the page each is about, first) that are
/// about page `id`: found by halving, so pages take theirs in parallel.
fn rows_of<T>(rows: &[T], id: PageId, page: impl Fn(&T) -> PageId) -> &[T] {
    let start = rows.partition_point(|r| page(r) < id);
    let len = rows[start..].partition_point(|r| page(r) == id);
    &rows[start..start + len]
}

/// Pages by content-relative path: `methods/five-up`, or as written in a
/// link or `get_page` (`methods/five-up.md`, `methods/five-up/index.md`).
/// One key a page (`collection/slug`: a slug holds no `/`), hashed with
/// foldhash: it is made again on every resolve.
#[derive(Debug, Default)]
pub(crate) struct PathIndex {
    by_key: HashMap<String, PageId, foldhash::fast::RandomState>,
}

impl PathIndex {
    /// The page at `path`, in any of its three forms.
    pub(crate) fn get(&self, path: &str) -> Option<&PageId> {
        let stem = |suffix| path.strip_suffix(suffix).and_then(|s| self.by_key.get(s));
        (self.by_key.get(path))
            .or_else(|| stem("/index.md"))
            .or_else(|| stem(".md"))
    }

    /// Whether some page is at `path` (see `get`).
    pub(crate) fn contains_key(&self, path: &str) -> bool {
        self.get(path).is_some()
    }
}

#[derive(Debug)]
pub(crate) struct Page {
    /// Its index in `Site::pages`.
    id: PageId,
    /// Shared with the session's store of parsed pages (never copied);
    /// read through `doc`, which notes the read (`reads`).
    doc: Arc<Doc>,
    pub collection: String,
    pub slug: String,
    // What resolve worked out of the page's place in the site: private,
    // read through accessors that note the read (`reads`), as `doc` is,
    // and compared as a whole by `Page::digest`.
    /// Resolved ref fields, in schema order: (field, targets).
    refs: Refs,
    /// Reverse links, sorted by source collection then field.
    backlinks: Vec<BacklinkGroup>,
    /// Taxonomy terms of this page: (taxonomy index, term indices).
    terms: Vec<(usize, Vec<usize>)>,
    prev: Option<PageId>,
    next: Option<PageId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BacklinkGroup {
    pub collection: String,
    pub field: String,
    pub pages: Vec<PageId>,
}

#[derive(Debug)]
pub(crate) struct CollectionPages {
    pub name: String,
    /// In the collection's declared sort order.
    pub pages: Vec<PageId>,
    pub intro: Option<Arc<Doc>>,
}

#[derive(Debug, PartialEq)]
pub(crate) struct Term {
    pub slug: String,
    pub label: String,
    /// By collection (in hub.yaml order), then newest first, then by title.
    pub pages: Vec<PageId>,
}

#[derive(Debug)]
pub(crate) struct TaxonomyTerms {
    /// Sorted by label.
    pub terms: Vec<Term>,
}

#[derive(Debug)]
pub(crate) struct Site {
    pub pages: Vec<Page>,
    // The site's structure: read through accessors that note a read of the
    // whole site (`reads::note_site`).
    collections: Vec<CollectionPages>,
    taxonomies: Vec<TaxonomyTerms>,
    home_intro: Option<Arc<Doc>>,
    /// Content-relative path (`methods/five-up.md`) → page.
    by_path: Arc<PathIndex>,
    /// The translations (`x.it.md`) of pages and intros, each checked
    /// against its original (`i18n`), in path order.
    pub translations: Vec<Arc<Doc>>,
    /// In the site of a language other than the default, the default
    /// language's name: untranslated pages show it (`i18n`).
    pub fallback_label: Option<String>,
    /// What the checks of refs and body links were made against, and what
    /// they found for each page (by id), for the next resolve (`reuse`).
    checked: (reuse::Basis, Vec<reuse::Found>),
    /// Which page of the site this one was resolved after (`before`) each
    /// page is, found once in `resolve` for its reuse and for prepare's,
    /// with the address of that site's index of pages, which names it
    /// while it is alive.
    renumbering: Option<(usize, Renumbering)>,
}

impl Site {
    /// Each collection's pages in its declared order, with its intro.
    pub(crate) fn collections(&self) -> &[CollectionPages] {
        reads::note_site();
        &self.collections
    }

    /// One collection's pages in its declared order, with its intro (noted
    /// as a read of that collection alone).
    pub(crate) fn collection(&self, index: usize) -> Option<&CollectionPages> {
        reads::note_collection(index);
        self.collections.get(index)
    }

    /// The collections, to put an intro into one in place (`serve`).
    pub(crate) fn collections_mut(&mut self) -> &mut [CollectionPages] {
        &mut self.collections
    }

    /// How many pages a collection has (0 for one it does not know): not
    /// noted as a read of the site, because it is only shown as a count
    /// (`render`'s `SiteCount`), which contexts hash apart.
    pub(crate) fn count_of(&self, collection: &str) -> usize {
        self.collections
            .iter()
            .find(|c| c.name == collection)
            .map_or(0, |c| c.pages.len())
    }

    /// Term `term` of taxonomy `taxonomy`, with its pages (noted as a read
    /// of that term alone).
    pub(crate) fn term(&self, taxonomy: usize, term: usize) -> Option<&Term> {
        reads::note_term(
            self.taxonomies.iter().map(|t| t.terms.len()),
            taxonomy,
            term,
        );
        self.taxonomies.get(taxonomy)?.terms.get(term)
    }

    /// Each taxonomy's terms, with their pages.
    pub(crate) fn taxonomies(&self) -> &[TaxonomyTerms] {
        reads::note_site();
        &self.taxonomies
    }

    /// The terms of a page, by taxonomy: (taxonomy index, each term's slug
    /// and label). A read of the page (its digest holds them), not of the
    /// taxonomies' pages.
    pub(crate) fn page_terms<'a>(
        &'a self,
        page: &'a Page,
    ) -> impl Iterator<Item = (usize, Vec<&'a Term>)> + 'a {
        page.terms().iter().map(|(ti, terms)| {
            let list = self.taxonomies.get(*ti).map_or(&[][..], |t| &t.terms);
            (*ti, terms.iter().filter_map(|&t| list.get(t)).collect())
        })
    }

    /// The home page's intro (`content/_index.md`).
    pub(crate) fn home_intro(&self) -> Option<&Arc<Doc>> {
        reads::note_site();
        self.home_intro.as_ref()
    }

    /// The home page's intro, to replace in place (`serve`).
    pub(crate) fn home_intro_mut(&mut self) -> &mut Option<Arc<Doc>> {
        &mut self.home_intro
    }

    /// Pages by content-relative path (`methods/five-up.md`,
    /// `methods/five-up/index.md`, `methods/five-up`).
    pub(crate) fn by_path(&self) -> &PathIndex {
        reads::note_site();
        &self.by_path
    }

    /// `by_path`, shared (with what is prepared for rendering).
    pub(crate) fn by_path_shared(&self) -> Arc<PathIndex> {
        reads::note_site();
        self.by_path.clone()
    }
}

/// How the pages of a site resolved before map to those of the site
/// resolved now: the same page is the one with the same `collection/slug`
/// (ids shift when a page is added or deleted).
#[derive(Debug, Clone)]
pub(crate) struct Renumbering {
    /// By old id: the page's new id (`None`: gone).
    pub new_id: Vec<Option<PageId>>,
    /// By new id: the page's old id (`None`: new).
    pub old_id: Vec<Option<PageId>>,
}

impl Site {
    /// Lets go of what the checks of refs and links found, kept only for
    /// the next resolve (`reuse`), when the site will not be resolved again.
    pub(crate) fn forget_checks(&mut self) {
        self.checked = Default::default();
        self.renumbering = None;
    }

    /// Each page's path (`collection/slug`) hashed, by id: how digests
    /// name pages (see `Page::digest`).
    pub(crate) fn path_keys<H: std::hash::Hasher>(
        &self,
        hasher: impl Fn() -> H + Sync,
    ) -> Vec<u64> {
        (self.pages.par_iter())
            .map(|p| {
                let mut h = hasher();
                std::hash::Hash::hash(&(&p.collection, &p.slug), &mut h);
                std::hash::Hasher::finish(&h)
            })
            .collect()
    }

    /// Which page of this site each page of `before` is, and the reverse:
    /// the one found in `resolve` when `before` is the site it was resolved
    /// after (as in `serve`), else found now.
    pub(crate) fn renumbering(&self, before: &Site) -> Cow<'_, Renumbering> {
        match &self.renumbering {
            Some((of, r)) if *of == before.address() => Cow::Borrowed(r),
            _ => Cow::Owned(renumber(&before.pages, self.pages.len(), &self.by_path)),
        }
    }

    /// What names this site while it is alive: the address of its index of
    /// pages (made for it alone in `resolve`; no other index can have that
    /// address while this one is held).
    fn address(&self) -> usize {
        Arc::as_ptr(&self.by_path) as usize
    }
}

/// Which of `count` pages (indexed by `by_path`) each of `before` is.
fn renumber(before: &[Page], count: usize, by_path: &PathIndex) -> Renumbering {
    let new_id: Vec<Option<PageId>> = (before.par_iter())
        .map_init(String::new, |key, page| {
            key.clear();
            key.extend([page.collection.as_str(), "/", page.slug.as_str()]);
            by_path.by_key.get(key.as_str()).copied()
        })
        .collect();
    let mut old_id = vec![None; count];
    for (o, &id) in new_id.iter().enumerate() {
        if let Some(slot) = id.and_then(|id| old_id.get_mut(id)) {
            *slot = Some(o);
        }
    }
    Renumbering { new_id, old_id }
}

impl Page {
    /// A page of `collection` as parsed, before resolve places it (its id
    /// is set when it is kept).
    fn new(collection: String, slug: String, doc: Arc<Doc>) -> Page {
        Page {
            id: 0,
            collection,
            slug,
            doc,
            refs: Vec::new(),
            backlinks: Vec::new(),
            terms: Vec::new(),
            prev: None,
            next: None,
        }
    }

    /// The page's document (the read is noted for `reads::record`, as a
    /// read of the document alone).
    pub(crate) fn doc(&self) -> &Arc<Doc> {
        reads::note_doc(self.id);
        &self.doc
    }

    /// Resolved ref fields, in schema order: (field, targets).
    pub(crate) fn refs(&self) -> &[(String, Vec<PageId>)] {
        reads::note(self.id);
        &self.refs
    }

    /// Reverse links, sorted by source collection then field.
    pub(crate) fn backlinks(&self) -> &[BacklinkGroup] {
        reads::note(self.id);
        &self.backlinks
    }

    /// Taxonomy terms of this page: (taxonomy index, term indices into
    /// `Site::taxonomies`; `Site::page_terms` reads them without reading
    /// the whole taxonomy).
    pub(crate) fn terms(&self) -> &[(usize, Vec<usize>)] {
        reads::note(self.id);
        &self.terms
    }

    /// The page before this one in its collection's order.
    pub(crate) fn prev(&self) -> Option<PageId> {
        reads::note(self.id);
        self.prev
    }

    /// The page after this one in its collection's order.
    pub(crate) fn next(&self) -> Option<PageId> {
        reads::note(self.id);
        self.next
    }

    /// Feeds `h` everything resolve worked out of the page's place in the
    /// site, with pages named by path, not id (ids shift when a page is
    /// added or deleted): its route, refs, reverse links, terms (slug and
    /// label) and neighbours. Its document is not fed: `serve` compares it
    /// by identity. With the document, the digest is everything a read of
    /// the page (`reads::note`) gives. Pages are named by their hashed
    /// paths, `keys` (`Site::path_keys`): a page's hundreds of reverse
    /// links are then not hashed again as text for every page.
    pub(crate) fn digest(&self, site: &Site, keys: &[u64], h: &mut impl std::hash::Hasher) {
        use std::hash::Hash;
        // Every field named, so a new one must be placed here.
        let Page {
            id: _,
            doc: _,
            collection,
            slug,
            refs,
            backlinks,
            terms,
            prev,
            next,
        } = self;
        let path = |id: &PageId| keys.get(*id);
        (collection, slug).hash(h);
        for (field, targets) in refs {
            field.hash(h);
            targets.len().hash(h);
            targets.iter().for_each(|id| path(id).hash(h));
        }
        for BacklinkGroup {
            collection,
            field,
            pages,
        } in backlinks
        {
            (collection, field).hash(h);
            pages.len().hash(h);
            pages.iter().for_each(|id| path(id).hash(h));
        }
        for (ti, indices) in terms {
            ti.hash(h);
            let list = site.taxonomies.get(*ti).map_or(&[][..], |t| &t.terms);
            for term in indices.iter().filter_map(|&t| list.get(t)) {
                (&term.slug, &term.label).hash(h);
            }
        }
        (prev.as_ref().map(path), next.as_ref().map(path)).hash(h);
    }

    /// The page's document to replace in place (`serve`, when resolve
    /// would see no difference) or to free its text.
    pub(crate) fn doc_mut(&mut self) -> &mut Arc<Doc> {
        &mut self.doc
    }

    /// The page's own route (see `routes`).
    pub(crate) fn route(&self) -> Route<'_> {
        Route::Item {
            collection: &self.collection,
            slug: &self.slug,
        }
    }

    /// The route of the page's own feed (`feed_per_item`).
    pub(crate) fn feed_route(&self) -> Route<'_> {
        Route::ItemFeed {
            collection: &self.collection,
            slug: &self.slug,
        }
    }
}

pub(crate) struct ResolveOptions {
    pub include_drafts: bool,
}

/// Pages that exist but are not in the site, by `collection/slug`: refs
/// and links to them get a warning (drafts) or nothing (pages that did not
/// parse: their own error is the problem to fix).
#[derive(Debug, Default)]
pub(super) struct Absent {
    drafts: HashSet<String>,
    unparsed: HashSet<String>,
}

/// `unparsed`: content paths of pages that exist but could not be parsed
/// (their own error is reported): refs and links to them are left out
/// without another error. `before`: the site resolved last from the same
/// hub.yaml, whose checks of unchanged pages are reused (`reuse`).
pub(crate) fn resolve(
    config: &Config,
    docs: Vec<Arc<Doc>>,
    known_files: HashSet<String>,
    unparsed: &HashSet<String>,
    options: &ResolveOptions,
    before: Option<&Site>,
    diags: &mut Vec<Diagnostic>,
) -> Site {
    let mut absent = Absent {
        drafts: HashSet::new(),
        unparsed: unparsed
            .iter()
            .filter_map(|path| match crate::parse::kind_of(path, config) {
                Ok(DocKind::Page { collection, slug }) => Some(format!("{collection}/{slug}")),
                _ => None,
            })
            .collect(),
    };
    let sorted = sort_docs(docs, options, &mut absent.drafts);
    let (mut pages, by_path) = pages::pages_of(sorted.candidates, diags);
    let renumbering = before.map(|b| (b.address(), renumber(&b.pages, pages.len(), &by_path)));
    let ids = renumbering.as_ref().map(|(_, r)| r);
    // After a few pages were added, deleted or edited: the orders and terms
    // of the site before, carried.
    let since = (before.zip(ids)).map(|(b, ids)| since::Since::new(b, &pages, ids));
    let collections = in_collections(config, &mut pages, sorted.intros, since.as_ref());
    let intros = sorted.home_intro.as_deref().into_iter();
    let basis = reuse::Basis {
        absent,
        intros: links::intro_paths(
            intros.chain(collections.iter().filter_map(|c| c.intro.as_deref())),
        ),
        known_files,
    };
    let (mut kept_refs, kept) = reused(since.as_ref().zip(ids), &pages, &basis);
    let targets = (&collections[..], &by_path, &basis.absent);
    let (mut linked, mut found) =
        refs::resolve_refs(config, &mut pages, targets, (&mut kept_refs, &kept), diags);
    let site_links = links::Links {
        pages: &pages,
        by_path: &by_path,
        intros: &basis.intros,
        known_files: &basis.known_files,
        absent: &basis.absent,
    };
    // The body links are checked while the taxonomies are made: both
    // only read the pages.
    let (made, ()) = rayon::join(
        || {
            let carried = since.as_ref().and_then(|s| s.taxonomies(config, &pages));
            carried.unwrap_or_else(|| terms::taxonomies(config, &pages))
        },
        || {
            let home_intro = sorted.home_intro.as_deref();
            let found = (&mut found[..], &kept[..]);
            site_links.check_all(home_intro, &collections, &mut linked, found, diags);
        },
    );
    links::orphans(&pages, &linked, diags);
    let taxonomies = terms::set_terms(&mut pages, made);
    // What was kept from before is freed off the edit path.
    rayon::spawn(move || drop((kept, kept_refs)));
    Site {
        pages,
        collections,
        taxonomies,
        home_intro: sorted.home_intro,
        by_path: Arc::new(by_path),
        translations: Vec::new(),
        fallback_label: None,
        checked: (basis, found),
        renumbering,
    }
}

/// The resolved refs and checks each page keeps from `before` (`None` for
/// the pages checked again).
type Kept = (Vec<Option<Refs>>, Vec<Option<reuse::Found>>);

/// What each page keeps of the checks of the site before (see `reuse`),
/// whose pages are renumbered as given.
fn reused(
    since: Option<(&since::Since, &Renumbering)>,
    pages: &[Page],
    basis: &reuse::Basis,
) -> Kept {
    let reuse = since.and_then(|(since, ids)| reuse::Reuse::new(since, pages, ids, basis));
    let Some(reuse) = reuse else {
        let count = pages.len();
        return ((0..count).map(|_| None).collect(), vec![None; count]);
    };
    (0..pages.len())
        .into_par_iter()
        .map(|id| reuse.page(id).unzip())
        .unzip()
}

/// The docs by what they are.
struct Sorted {
    home_intro: Option<Arc<Doc>>,
    intros: HashMap<String, Arc<Doc>>,
    /// The pages that may be published, in path order.
    candidates: Vec<Arc<Doc>>,
}

/// Home intro, collection intros and pages; drafts are left out (their
/// `collection/slug` goes to `drafts`) unless drafts are included.
fn sort_docs(
    docs: Vec<Arc<Doc>>,
    options: &ResolveOptions,
    drafts: &mut HashSet<String>,
) -> Sorted {
    let mut sorted = Sorted {
        home_intro: None,
        intros: HashMap::new(),
        candidates: Vec::new(),
    };
    for doc in docs {
        match &doc.kind {
            DocKind::Intro { collection: None } => sorted.home_intro = Some(doc),
            DocKind::Intro {
                collection: Some(c),
            } => {
                sorted.intros.insert(c.clone(), doc);
            }
            DocKind::Page { collection, slug } => {
                if doc.draft && !options.include_drafts {
                    drafts.insert(format!("{collection}/{slug}"));
                } else {
                    sorted.candidates.push(doc);
                }
            }
        }
    }
    sorted.candidates.sort_by(|a, b| a.path.cmp(&b.path));
    sorted
}

/// Each collection's pages in its declared order, with their intros; sets
/// each page's `prev` and `next`.
fn in_collections(
    config: &Config,
    pages: &mut [Page],
    mut intros: HashMap<String, Arc<Doc>>,
    since: Option<&since::Since>,
) -> Vec<CollectionPages> {
    let mut collections: Vec<CollectionPages> = config
        .collections
        .iter()
        .map(|c| CollectionPages {
            name: c.name.clone(),
            pages: Vec::new(),
            intro: intros.remove(&c.name),
        })
        .collect();
    for (id, page) in pages.iter().enumerate() {
        if let Some(ci) = config
            .collections
            .iter()
            .position(|c| c.name == page.collection)
        {
            collections[ci].pages.push(id);
        }
    }
    // Each collection sorted in parallel (a hub has a few large ones).
    let pages_read: &[Page] = pages;
    let orders: Vec<Vec<PageId>> = (config.collections.par_iter().enumerate())
        .zip(collections.par_iter())
        .map(|((ci, c), cp)| {
            let sort = |ids: &[PageId]| sorted_pages(&c.sort, pages_read, ids);
            let carried = since.and_then(|s| {
                let value = |id: PageId| (sort_value(&c.sort, pages_read, id), id);
                let order = |a, b| in_order(&c.sort, pages_read, (&value(a), &value(b)));
                s.order(ci, &cp.pages, order)
            });
            debug_assert!(
                carried.as_ref().is_none_or(|o| *o == sort(&cp.pages)),
                "the order carried differs from the one sorted"
            );
            carried.unwrap_or_else(|| sort(&cp.pages))
        })
        .collect();
    for (cp, order) in collections.iter_mut().zip(orders) {
        cp.pages = order;
        for w in 0..cp.pages.len() {
            let id = cp.pages[w];
            pages[id].prev = w.checked_sub(1).map(|p| cp.pages[p]);
            pages[id].next = cp.pages.get(w + 1).copied();
        }
    }
    collections
}

/// `ids` in the collection's declared order (`sort`): by its key, then by
/// title, then by path.
fn sorted_pages(sort: &Sort, pages: &[Page], ids: &[PageId]) -> Vec<PageId> {
    // Each page's sort value made once (titles are folded to ASCII); in
    // parallel: a hub's largest collection holds most of its pages.
    let mut keyed: Vec<(SortValue, PageId)> = (ids.par_iter())
        .map(|&id| (sort_value(sort, pages, id), id))
        .collect();
    keyed.par_sort_by(|(va, a), (vb, b)| in_order(sort, pages, (&(va, *a), &(vb, *b))));
    keyed.into_iter().map(|(_, id)| id).collect()
}

/// What page `id` is sorted by in its collection (`sort`).
fn sort_value(sort: &Sort, pages: &[Page], id: PageId) -> SortValue {
    let doc = &pages[id].doc;
    match &sort.key {
        SortKey::Date => SortValue::Date(doc.date),
        SortKey::Title => SortValue::Text(crate::text::sort_key(&doc.title)),
        SortKey::Field(f) => SortValue::Text(sort_text(doc.field(f))),
    }
}

/// The order of two pages of a collection, each with its sort value: by
/// that value, then by title, then by path (no two pages share a path).
fn in_order<V: std::borrow::Borrow<SortValue>>(
    sort: &Sort,
    pages: &[Page],
    ((va, a), (vb, b)): (&(V, PageId), &(V, PageId)),
) -> std::cmp::Ordering {
    let (pa, pb) = (&pages[*a].doc, &pages[*b].doc);
    let (va, vb) = (va.borrow(), vb.borrow());
    let primary = match sort.descending {
        true => vb.cmp(va),
        false => va.cmp(vb),
    };
    primary
        .then_with(|| pa.title.cmp(&pb.title))
        .then_with(|| pa.path.cmp(&pb.path))
}

/// What a collection is sorted by, for one page.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum SortValue {
    Date(Option<crate::text::PageDate>),
    Text(String),
}

fn sort_text(value: Option<&FieldValue>) -> String {
    match value {
        None => String::new(),
        Some(FieldValue::Str(s)) | Some(FieldValue::Ref(s)) => crate::text::sort_key(s),
        Some(FieldValue::Int(i)) => format!("{:020}", i.saturating_add(i64::MAX / 2)),
        Some(FieldValue::Num(n)) => format!("{:030.6}", n + 1e15),
        Some(FieldValue::Bool(b)) => b.to_string(),
        Some(FieldValue::Date(d)) => d.iso(),
        Some(FieldValue::List(l)) | Some(FieldValue::Refs(l)) => l.join(","),
    }
}
