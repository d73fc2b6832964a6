//! RESOLVE: all `Doc`s → one `Site`: published pages in collection order,
//! refs checked and turned into indices, reverse links, taxonomy terms,
//! body links and anchors checked. Pure function of its inputs.

use crate::config::{Config, SortKey};
use crate::diag::Diagnostic;
use crate::markdown::Heading;
use crate::parse::{Doc, DocKind, FieldValue};
use crate::routes::Route;
use crate::text::{nearest, slugify};
use crate::yaml;
use std::collections::{BTreeMap, HashMap, HashSet};

pub(crate) type PageId = usize;

#[derive(Debug)]
pub(crate) struct Page {
    pub doc: Doc,
    pub collection: String,
    pub slug: String,
    /// Resolved ref fields, in schema order: (field, targets).
    pub refs: Vec<(String, Vec<PageId>)>,
    /// Reverse links, sorted by source collection then field.
    pub backlinks: Vec<BacklinkGroup>,
    /// Taxonomy terms of this page: (taxonomy index, term indices).
    pub terms: Vec<(usize, Vec<usize>)>,
    pub prev: Option<PageId>,
    pub next: Option<PageId>,
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
    pub intro: Option<Doc>,
}

#[derive(Debug)]
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
    pub collections: Vec<CollectionPages>,
    pub taxonomies: Vec<TaxonomyTerms>,
    pub home_intro: Option<Doc>,
    /// Content-relative path (`methods/five-up.md`) → page.
    pub by_path: HashMap<String, PageId>,
}

impl Page {
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

/// `unparsed`: content paths of pages that exist but could not be parsed
/// (their own error is reported): refs and links to them are left out
/// without another error.
pub(crate) fn resolve(
    config: &Config,
    docs: Vec<Doc>,
    known_files: &HashSet<String>,
    unparsed: &HashSet<String>,
    options: &ResolveOptions,
    diags: &mut Vec<Diagnostic>,
) -> Site {
    // `collection/slug` of each, like `drafts`.
    let unparsed: HashSet<String> = unparsed
        .iter()
        .filter_map(|path| match crate::parse::kind_of(path, config) {
            Ok(DocKind::Page { collection, slug }) => Some(format!("{collection}/{slug}")),
            _ => None,
        })
        .collect();
    let mut home_intro = None;
    let mut intros: HashMap<String, Doc> = HashMap::new();
    let mut drafts: HashSet<String> = HashSet::new();
    let mut candidates: Vec<Doc> = Vec::new();
    for doc in docs {
        match &doc.kind {
            DocKind::Intro { collection: None } => home_intro = Some(doc),
            DocKind::Intro {
                collection: Some(c),
            } => {
                intros.insert(c.clone(), doc);
            }
            DocKind::Page { collection, slug } => {
                if doc.draft && !options.include_drafts {
                    drafts.insert(format!("{collection}/{slug}"));
                } else {
                    candidates.push(doc);
                }
            }
        }
    }
    candidates.sort_by(|a, b| a.path.cmp(&b.path));

    // Pages, rejecting duplicate slugs (`x.md` and `x/index.md`).
    let mut pages: Vec<Page> = Vec::with_capacity(candidates.len());
    let mut by_path: HashMap<String, PageId> = HashMap::with_capacity(candidates.len() * 2);
    let mut first_path: HashMap<(String, String), String> = HashMap::new();
    for doc in candidates {
        let DocKind::Page { collection, slug } = doc.kind.clone() else {
            continue;
        };
        if let Some(first) = first_path.get(&(collection.clone(), slug.clone())) {
            diags.push(
                Diagnostic::error(
                    "duplicate-slug",
                    &doc.path,
                    format!("another page in {collection} already has the slug `{slug}`: {first}"),
                )
                .at(&doc.text, 1, 1)
                .hint("rename one of the two files; each page in a collection needs its own slug"),
            );
            continue;
        }
        first_path.insert((collection.clone(), slug.clone()), doc.path.clone());
        let id = pages.len();
        by_path.insert(format!("{collection}/{slug}.md"), id);
        by_path.insert(format!("{collection}/{slug}/index.md"), id);
        by_path.insert(format!("{collection}/{slug}"), id);
        pages.push(Page {
            collection,
            slug,
            doc,
            refs: Vec::new(),
            backlinks: Vec::new(),
            terms: Vec::new(),
            prev: None,
            next: None,
        });
    }

    // Collection order.
    let mut collections: Vec<CollectionPages> = config
        .collections
        .iter()
        .map(|c| CollectionPages {
            name: c.name.clone(),
            pages: Vec::new(),
            intro: intros.remove(&c.name),
        })
        .collect();
    let collection_index: HashMap<&str, usize> = config
        .collections
        .iter()
        .enumerate()
        .map(|(i, c)| (c.name.as_str(), i))
        .collect();
    for (id, page) in pages.iter().enumerate() {
        if let Some(&ci) = collection_index.get(page.collection.as_str()) {
            collections[ci].pages.push(id);
        }
    }
    for (ci, cp) in collections.iter_mut().enumerate() {
        let sort = &config.collections[ci].sort;
        cp.pages.sort_by(|&a, &b| {
            let (pa, pb) = (&pages[a].doc, &pages[b].doc);
            let primary = match &sort.key {
                SortKey::Date => pa.date.cmp(&pb.date),
                SortKey::Title => pa.title.to_lowercase().cmp(&pb.title.to_lowercase()),
                SortKey::Field(f) => sort_text(pa.field(f)).cmp(&sort_text(pb.field(f))),
            };
            let primary = if sort.descending {
                primary.reverse()
            } else {
                primary
            };
            primary
                .then_with(|| pa.title.cmp(&pb.title))
                .then_with(|| pa.path.cmp(&pb.path))
        });
        for w in 0..cp.pages.len() {
            let id = cp.pages[w];
            pages[id].prev = w.checked_sub(1).map(|p| cp.pages[p]);
            pages[id].next = cp.pages.get(w + 1).copied();
        }
    }
    let mut rank = vec![0usize; pages.len()];
    for cp in &collections {
        for (r, &id) in cp.pages.iter().enumerate() {
            rank[id] = r;
        }
    }

    // Refs and reverse links.
    let mut linked: Vec<bool> = vec![false; pages.len()];
    let mut backlinks: Vec<BTreeMap<(usize, usize), Vec<PageId>>> =
        vec![BTreeMap::new(); pages.len()];
    for id in 0..pages.len() {
        let Some(collection) = config.collection(&pages[id].collection) else {
            continue;
        };
        let mut refs = Vec::new();
        let mut loc: Option<yaml::Locator<'_>> = None;
        let mut made = 0usize;
        for (fi, def) in collection.fields.iter().enumerate() {
            let Some(target_collection) = def.kind.target() else {
                continue;
            };
            let slugs: Vec<String> = match pages[id].doc.field(&def.name) {
                Some(FieldValue::Ref(s)) => vec![s.clone()],
                Some(FieldValue::Refs(list)) => list.clone(),
                _ => continue,
            };
            let mut targets = Vec::with_capacity(slugs.len());
            let mut seen: HashSet<PageId> = HashSet::new();
            for (i, slug) in slugs.iter().enumerate() {
                let doc = &pages[id].doc;
                // Only needed for a diagnostic: made the first time one is.
                let mut position = || {
                    let loc = loc.get_or_insert_with(|| yaml::Locator::new(&doc.text));
                    let at = if !def.kind.is_many() {
                        loc.value(&def.name)
                    } else {
                        loc.item(&def.name, i)
                    }
                    .unwrap_or((1, 1));
                    crate::diag::Spot {
                        line: at.0,
                        column: at.1,
                        width: slug.chars().count(),
                    }
                };
                match by_path.get(&format!("{target_collection}/{slug}.md")) {
                    Some(&t) if pages[t].collection == target_collection => {
                        if seen.insert(t) {
                            targets.push(t);
                        }
                        backlinks[t]
                            .entry((collection_index[collection.name.as_str()], fi))
                            .or_default()
                            .push(id);
                        linked[t] = true;
                        linked[id] = true;
                    }
                    _ if unparsed.contains(&format!("{target_collection}/{slug}")) => {
                        linked[id] = true;
                    }
                    _ if drafts.contains(&format!("{target_collection}/{slug}")) => {
                        let spot = position();
                        diags.push(
                        Diagnostic::warning("draft-ref", &doc.path, format!("`{slug}` in {target_collection} is a draft, so this link is left out of the site"))
                            .at_spot(&spot)
                            .hint("publish the target (remove `draft: true`) or build with --drafts to preview"),
                        )
                    }
                    _ => {
                        // The broken ref is the problem to fix; do not also
                        // call the page an orphan.
                        linked[id] = true;
                        let spot = position();
                        // A hint searches every page: only for the problems
                        // that will be listed.
                        made += 1;
                        let slugs_there = collections[collection_index[target_collection]]
                            .pages
                            .iter()
                            .filter(|_| made <= crate::diag::MAX_PER_FILE)
                            .map(|&p| pages[p].slug.as_str());
                        let near = nearest(slug, slugs_there);
                        let d = crate::model::broken_ref(
                            config,
                            &doc.path,
                            &def.name,
                            target_collection,
                            slug,
                            near,
                        );
                        diags.push(d.at_spot(&spot));
                    }
                }
            }
            refs.push((def.name.clone(), targets));
        }
        pages[id].refs = refs;
    }
    for (t, groups) in backlinks.into_iter().enumerate() {
        pages[t].backlinks = groups
            .into_iter()
            .map(|((ci, fi), mut sources)| {
                sources.sort_by_key(|&s| rank[s]);
                sources.dedup();
                BacklinkGroup {
                    collection: config.collections[ci].name.clone(),
                    field: config.collections[ci].fields[fi].name.clone(),
                    pages: sources,
                }
            })
            .collect();
    }

    // Body links and files.
    let all_intros: Vec<&Doc> = home_intro
        .iter()
        .chain(collections.iter().filter_map(|c| c.intro.as_ref()))
        .collect();
    let mut link_targets: Vec<(PageId, PageId)> = Vec::new();
    let intro_paths = intros_paths(&all_intros);
    for (id, page) in pages.iter().enumerate() {
        check_body_links(
            &page.doc,
            Some(id),
            &pages,
            &by_path,
            &intro_paths,
            known_files,
            &drafts,
            &unparsed,
            diags,
            &mut link_targets,
        );
    }
    for intro in &all_intros {
        check_body_links(
            intro,
            None,
            &pages,
            &by_path,
            &intro_paths,
            known_files,
            &drafts,
            &unparsed,
            diags,
            &mut Vec::new(),
        );
    }
    for (from, to) in link_targets {
        linked[from] = true;
        linked[to] = true;
    }
    for (id, page) in pages.iter().enumerate() {
        if !linked[id] {
            diags.push(
                Diagnostic::warning("orphan", &page.doc.path, "this page is not connected to any other page: nothing links to it and it links to nothing")
                    .at(&page.doc.text, 1, 1)
                    .hint("add a ref field (e.g. its city or project) or link to it from a related page"),
            );
        }
    }

    // Taxonomies.
    let collection_rank = |name: &str| config.collections.iter().position(|c| c.name == name);
    let mut taxonomies = Vec::with_capacity(config.taxonomies.len());
    for (ti, tax) in config.taxonomies.iter().enumerate() {
        let mut terms: BTreeMap<String, (String, Vec<PageId>)> = BTreeMap::new();
        for (id, page) in pages.iter().enumerate() {
            let Some(collection) = config.collection(&page.collection) else {
                continue;
            };
            let Some(def) = collection.field(&tax.field) else {
                continue;
            };
            let values: Vec<&str> = match page.doc.field(&tax.field) {
                Some(FieldValue::List(v)) => v.iter().map(String::as_str).collect(),
                Some(FieldValue::Str(s)) => vec![s.as_str()],
                _ => continue,
            };
            for value in values {
                let slug = slugify(value);
                if slug.is_empty() {
                    continue;
                }
                let entry = terms
                    .entry(slug)
                    .or_insert_with(|| (def.value_label(value), Vec::new()));
                // Pages come in id order: a repeat can only be the last one.
                if entry.1.last() != Some(&id) {
                    entry.1.push(id);
                }
            }
        }
        let mut terms: Vec<Term> = terms
            .into_iter()
            .map(|(slug, (label, mut ids))| {
                // Grouped by collection (in hub.yaml order), newest first
                // within a group: a paginated term page shows whole runs
                // of each group.
                ids.sort_by(|&a, &b| {
                    collection_rank(&pages[a].collection)
                        .cmp(&collection_rank(&pages[b].collection))
                        .then_with(|| pages[b].doc.date.cmp(&pages[a].doc.date))
                        .then_with(|| pages[a].doc.title.cmp(&pages[b].doc.title))
                });
                Term {
                    slug,
                    label,
                    pages: ids,
                }
            })
            .collect();
        terms.sort_by(|a, b| {
            a.label
                .to_lowercase()
                .cmp(&b.label.to_lowercase())
                .then_with(|| a.slug.cmp(&b.slug))
        });
        for (term_index, term) in terms.iter().enumerate() {
            for &id in &term.pages {
                match pages[id].terms.iter_mut().find(|(t, _)| *t == ti) {
                    Some((_, list)) => list.push(term_index),
                    None => pages[id].terms.push((ti, vec![term_index])),
                }
            }
        }
        taxonomies.push(TaxonomyTerms { terms });
    }

    Site {
        pages,
        collections,
        taxonomies,
        home_intro,
        by_path,
    }
}

fn intros_paths(intros: &[&Doc]) -> HashMap<String, usize> {
    intros
        .iter()
        .enumerate()
        .map(|(i, d)| {
            (
                d.path
                    .strip_prefix("content/")
                    .unwrap_or(&d.path)
                    .to_string(),
                i,
            )
        })
        .collect()
}

fn sort_text(value: Option<&FieldValue>) -> String {
    match value {
        None => String::new(),
        Some(FieldValue::Str(s)) | Some(FieldValue::Ref(s)) => s.to_lowercase(),
        Some(FieldValue::Int(i)) => format!("{:020}", i.saturating_add(i64::MAX / 2)),
        Some(FieldValue::Num(n)) => format!("{:030.6}", n + 1e15),
        Some(FieldValue::Bool(b)) => b.to_string(),
        Some(FieldValue::Date(d)) => d.iso(),
        Some(FieldValue::List(l)) | Some(FieldValue::Refs(l)) => l.join(","),
    }
}

#[allow(clippy::too_many_arguments)]
/// Whether `headings` has `id`; pages with many headings get a set, built
/// once per page, so that many links to them stay linear.
fn has_heading<'h>(
    page: Option<PageId>,
    headings: &'h [Heading],
    id: &str,
    sets: &mut HashMap<Option<PageId>, HashSet<&'h str>>,
) -> bool {
    if headings.len() <= 16 {
        return headings.iter().any(|h| h.id == id);
    }
    sets.entry(page)
        .or_insert_with(|| headings.iter().map(|h| h.id.as_str()).collect())
        .contains(id)
}

fn check_body_links(
    doc: &Doc,
    own: Option<PageId>,
    pages: &[Page],
    by_path: &HashMap<String, PageId>,
    intros: &HashMap<String, usize>,
    known_files: &HashSet<String>,
    drafts: &HashSet<String>,
    unparsed: &HashSet<String>,
    diags: &mut Vec<Diagnostic>,
    link_targets: &mut Vec<(PageId, PageId)>,
) {
    // Hints search every page or heading: worked out only for the problems
    // that will be listed (`diag::MAX_PER_FILE`), so a page with thousands
    // of broken links costs no more than its links.
    let mut made = 0usize;
    // Keyed by target page; `None` is this page.
    let mut heading_sets: HashMap<Option<PageId>, HashSet<&str>> = HashMap::new();
    for link in &doc.body.page_links {
        let with_hint = made < crate::diag::MAX_PER_FILE;
        let mut target = None;
        let (headings, label) = if link.target.is_empty() {
            (Some(&doc.body.headings), "this page".to_string())
        } else if let Some(&t) = by_path.get(&link.target) {
            target = Some(t);
            if let Some(o) = own
                && o != t
            {
                link_targets.push((o, t));
            }
            (
                Some(&pages[t].doc.body.headings),
                format!("content/{}", link.target),
            )
        } else if intros.contains_key(&link.target) {
            (None, String::new())
        } else {
            let draft_key = link
                .target
                .trim_end_matches(".md")
                .trim_end_matches("/index");
            if unparsed.contains(draft_key) {
                // Its own parse error is the problem to fix; the link
                // still keeps this page from being called an orphan.
                if let Some(o) = own {
                    link_targets.push((o, o));
                }
                continue;
            }
            if drafts.contains(draft_key) {
                diags.push(
                    Diagnostic::warning("draft-link", &doc.path, format!("content/{} is a draft, so this link will not work on the published site", link.target)).at_spot(&link.at)
                        .hint("publish the target page or remove the link"),
                );
                continue;
            }
            made += 1;
            let candidates = pages
                .iter()
                .filter(|_| with_hint)
                .map(|p| p.doc.path.strip_prefix("content/").unwrap_or(&p.doc.path));
            let hint = match nearest(&link.target, candidates) {
                Some(n) => format!("did you mean `{n}`? Write links to pages as `@/{n}` or a relative path to the .md file"),
                None => "link to an existing page as `@/collection/slug.md` or a relative path like `../methods/five-up.md`".to_string(),
            };
            diags.push(
                Diagnostic::error(
                    "broken-link",
                    &doc.path,
                    format!(
                        "link to a page that does not exist: content/{}",
                        link.target
                    ),
                )
                .at_spot(&link.at)
                .hint(hint),
            );
            continue;
        };
        if let (Some(anchor), Some(headings)) = (&link.anchor, headings)
            && !anchor.is_empty()
            && !has_heading(target, headings, anchor, &mut heading_sets)
        {
            made += 1;
            let ids = headings.iter().filter(|_| with_hint).map(|h| h.id.as_str());
            let hint = match nearest(anchor, ids) {
                Some(n) => format!("did you mean `#{n}`?"),
                None if headings.is_empty() => format!("{label} has no headings to link to"),
                None => {
                    let mut list: Vec<String> = headings
                        .iter()
                        .take(12)
                        .map(|h| format!("#{}", h.id))
                        .collect();
                    if headings.len() > list.len() {
                        list.push(format!("and {} more", headings.len() - list.len()));
                    }
                    format!("headings in {label}: {}", list.join(", "))
                }
            };
            diags.push(
                Diagnostic::error(
                    "broken-anchor",
                    &doc.path,
                    format!("{label} has no heading `#{anchor}`"),
                )
                .at_spot(&link.at)
                .hint(hint),
            );
        }
    }
    for file in &doc.body.file_links {
        if !known_files.contains(&file.target) {
            let what = if file.is_image { "image" } else { "file" };
            diags.push(
                Diagnostic::error("missing-file", &doc.path, format!("{what} not found: content/{}", file.target)).at_spot(&file.at)
                    .hint(format!("put the {what} at content/{} or fix the path (it is relative to this page's folder)", file.target)),
            );
        } else if file.is_image && file.alt.trim().is_empty() {
            diags.push(
                Diagnostic::warning("missing-alt", &doc.path, "image without alternative text").at_spot(&file.at)
                .hint("describe the image between the brackets: ![What the image shows](file.png)"),
            );
        }
    }
}
