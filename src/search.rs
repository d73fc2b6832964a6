//! Full-text search: builds a Pagefind index (the `pagefind` crate, used as
//! a library) from the rendered item pages, with filters for collection,
//! every ref field's targets (project, city...), every taxonomy, and the
//! taxonomies of the page's place (a case study gets its city's country).
//! Separate from rendering so `serve` can build it lazily.

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::map;
use crate::output::Output;
use crate::render::Sink;
use crate::resolve::{PageId, Site};
use crate::routes::Route;
use crate::text::escape_xml;
use pagefind::api::{LiveIndex, PageParser, PagefindIndex, ParsedPage, StreamingIndex};
use pagefind::options::PagefindServiceConfig;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;

/// Name of the filter that holds a page's collection.
pub(crate) const COLLECTION_FILTER: &str = "Collection";

use crate::resolve::facet_name as filter_name;

/// The search filters of a page: filter name → values.
pub(crate) fn filters(config: &Config, site: &Site, id: PageId) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let page = &site.pages[id];
    let mut add = |name: &str, value: &str| {
        let values = out.entry(filter_name(name)).or_default();
        if !value.trim().is_empty() && !values.iter().any(|v| v == value) {
            values.push(value.to_string());
        }
    };
    let collection = config.collection(&page.collection);
    add(
        COLLECTION_FILTER,
        collection.map_or(page.collection.as_str(), |c| c.label.as_str()),
    );
    if let Some(c) = collection {
        for (field, targets) in &page.refs {
            let Some(to) = c.field(field).and_then(|f| f.kind.target()) else {
                continue;
            };
            // A ref to a large collection (case studies, methods) is not a
            // filter: "Case studies" would read as the collection.
            if !crate::resolve::is_facet_target(config, site, to) {
                continue;
            }
            let label = config.collection(to).map_or(to, |t| t.label.as_str());
            for &t in targets {
                add(label, &site.pages[t].doc.title);
            }
        }
    }
    let mut term_sources = vec![id];
    // The page's place (itself for a place): filterable by place, and the
    // place's taxonomy terms (its country) count for the page too.
    if let Some(place) = map::place_of(config, site, id) {
        if place != id {
            term_sources.push(place);
        }
        let label = config
            .collection(&site.pages[place].collection)
            .map_or("", |c| c.label.as_str());
        add(label, &site.pages[place].doc.title);
    }
    for source in term_sources {
        for (ti, terms) in &site.pages[source].terms {
            let tax = &config.taxonomies[*ti];
            for &t in terms {
                add(&tax.label, &site.taxonomies[*ti].terms[t].label);
            }
        }
    }
    out.retain(|_, v| !v.is_empty());
    out
}

/// Leaves out the filters of referred pages that have more distinct values
/// than `search_filter_limit` over the site (collection and taxonomy
/// filters are kept whatever their size).
fn drop_large_filters(config: &Config, all: &mut [BTreeMap<String, Vec<String>>]) {
    let kept: std::collections::HashSet<String> = std::iter::once(COLLECTION_FILTER.to_string())
        .chain(config.taxonomies.iter().map(|t| filter_name(&t.label)))
        .collect();
    let mut values: HashMap<&str, std::collections::HashSet<&str>> = HashMap::new();
    for filters in all.iter() {
        for (name, vs) in filters {
            if !kept.contains(name) {
                values
                    .entry(name)
                    .or_default()
                    .extend(vs.iter().map(String::as_str));
            }
        }
    }
    let dropped: std::collections::HashSet<String> = values
        .into_iter()
        .filter(|(_, vs)| vs.len() > config.search_filter_limit)
        .map(|(name, _)| name.to_string())
        .collect();
    if !dropped.is_empty() {
        for filters in all.iter_mut() {
            filters.retain(|name, _| !dropped.contains(name));
        }
    }
}

/// The part of a rendered page Pagefind reads: from the element marked
/// `data-pagefind-body` to the end of `<main>` (the header, navigation and
/// footer are not indexed anyway), plus the page's filters and collection
/// as hidden elements. Keeping only this part keeps memory low while pages
/// stream by.
fn reduce(html: &str, extra: &str) -> String {
    let start = html
        .find("data-pagefind-body")
        .and_then(|i| html[..i].rfind('<'));
    match start {
        Some(start) => {
            let end = html[start..]
                .rfind("</main>")
                .map_or(html.len(), |e| start + e);
            format!(
                "<!DOCTYPE html><html><body>{}{extra}</body></html>",
                cut_ignored(&html[start..end])
            )
        }
        None => match html.rfind("</body>") {
            Some(i) => format!("{}{extra}{}", &html[..i], &html[i..]),
            None => format!("{html}{extra}"),
        },
    }
}

const IGNORE_ATTRIBUTE: &str = "data-pagefind-ignore";

/// `html` without the elements marked `data-pagefind-ignore` (related
/// content, back-links, the location panel: half the text of an item
/// page), which Pagefind would parse only to leave out. An element that
/// also holds another Pagefind attribute (a filter or meta inside an
/// ignored part still counts) is kept, and so is anything this simple scan
/// of the theme's well-formed output cannot pair with its closing tag.
fn cut_ignored(html: &str) -> std::borrow::Cow<'_, str> {
    let mut kept = String::new();
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = html[from..].find(IGNORE_ATTRIBUTE) {
        let at = from + found;
        from = at + IGNORE_ATTRIBUTE.len();
        // The attribute must sit inside a start tag at or after `copied`.
        let Some(open) = html[copied..at].rfind('<').map(|i| copied + i) else {
            continue;
        };
        if html[open..at].contains('>') {
            continue;
        }
        let name: &str = html[open + 1..]
            .split(|c: char| !c.is_ascii_alphanumeric())
            .next()
            .unwrap_or("");
        if name.is_empty() {
            continue;
        }
        let Some(end) = closing_tag_end(html, from, name) else {
            continue;
        };
        let element = &html[open..end];
        if element.matches("data-pagefind-").count() != element.matches(IGNORE_ATTRIBUTE).count() {
            continue;
        }
        kept.push_str(&html[copied..open]);
        copied = end;
        from = end;
    }
    if copied == 0 {
        return std::borrow::Cow::Borrowed(html);
    }
    kept.push_str(&html[copied..]);
    std::borrow::Cow::Owned(kept)
}

/// The end of the `</name>` that closes an element named `name` whose start
/// tag is open at `from`, counting nested elements of the same name.
fn closing_tag_end(html: &str, from: usize, name: &str) -> Option<usize> {
    let name_ends = |rest: &str| {
        rest.len() >= name.len()
            && rest.as_bytes()[..name.len()].eq_ignore_ascii_case(name.as_bytes())
            && rest[name.len()..]
                .chars()
                .next()
                .is_some_and(|c| c == '>' || c == '/' || c.is_ascii_whitespace())
    };
    let mut depth = 1usize;
    let mut at = from;
    while let Some(i) = html[at..].find('<') {
        let tag = at + i;
        let rest = &html[tag + 1..];
        if let Some(closing) = rest.strip_prefix('/') {
            if name_ends(closing) {
                depth -= 1;
                if depth == 0 {
                    return html[tag..].find('>').map(|e| tag + e + 1);
                }
            }
        } else if name_ends(rest) {
            depth += 1;
        }
        at = tag + 1;
    }
    None
}

/// Hidden elements carrying a page's filters, its collection and its
/// place in its collection's listing (the sort key `listed`, so a listing
/// narrowed in the browser keeps the listing's order).
fn extra_html(
    filters: &BTreeMap<String, Vec<String>>,
    collection: &str,
    listed_at: usize,
) -> String {
    let mut extra = String::from("<div hidden>");
    for (name, values) in filters {
        for v in values {
            extra.push_str(&format!(
                "<span data-pagefind-filter=\"{}\">{}</span>",
                escape_xml(name),
                escape_xml(v)
            ));
        }
    }
    extra.push_str(&format!(
        "<span data-pagefind-meta=\"collection\">{}</span>\
         <span data-pagefind-sort=\"listed\">{listed_at:07}</span></div>",
        escape_xml(collection)
    ));
    extra
}

/// A page for the index, with its rank in page order.
type Parsed = (usize, Result<Page, Diagnostic>);

/// A page for the index: parsed on the thread that rendered it, or, for
/// the reference index, its HTML.
enum Page {
    Parsed(ParsedPage),
    Html(String, String),
}

/// The index pages go into.
enum Indexer {
    /// Ours: pages parsed in parallel, added in page order, fragments
    /// written as they come (Pagefind with our patch, vendor/pagefind).
    Streaming(Box<StreamingIndex>),
    /// Pagefind's own library path (`add_html_file`, then the whole index
    /// at the end): the reference our index is tested against, chosen with
    /// CLUSTERHUB_SEARCH_REFERENCE=1 (tests and benches only).
    Reference(PagefindIndex),
}

/// Collects item pages for the index as they are rendered (from any
/// thread, which also parses them for Pagefind) and builds the index with
/// `finish`. Pages go into the index in page order (Pagefind numbers pages
/// in the order they are added, so a fixed order keeps two builds' index
/// files identical), whatever order they are rendered in.
pub(crate) struct Collector {
    /// Output path of each item page → its rank in page order and its
    /// hidden filter elements.
    pages: HashMap<String, (usize, String)>,
    /// Parses pages outside the index as they are added (streaming only:
    /// a kept page is parsed by `finish`, off the caller's thread).
    parser: Option<PageParser>,
    feed: Mutex<Feed>,
}

/// Where parsed pages go.
enum Feed {
    /// Kept until `finish`, which adds them to the index.
    Kept(Indexer, Vec<Parsed>),
    /// Sent to an indexing thread that adds them to the index while the
    /// rest of the site renders.
    Streamed {
        pages: mpsc::Sender<Parsed>,
        indexer: thread::JoinHandle<Result<Vec<Output>, Diagnostic>>,
        /// Set when the collector is dropped unfinished (the build failed):
        /// the indexer stops without building the index.
        abandoned: Arc<AtomicBool>,
    },
    /// The index could not be set up.
    Failed(Diagnostic),
    Finished,
}

impl Collector {
    /// A collector that keeps pages until `finish` (the caller decides
    /// which thread, and which rayon pool, builds the index).
    pub(crate) fn new(config: &Config, site: &Site) -> Collector {
        let feed = match new_index(config) {
            Ok(index) => Feed::Kept(index, Vec::new()),
            Err(d) => Feed::Failed(d),
        };
        Collector {
            pages: Self::item_pages(config, site),
            parser: None,
            feed: Mutex::new(feed),
        }
    }

    /// A collector that adds pages to the index on its own thread as they
    /// arrive, so that indexing overlaps rendering (`build`), and hands each
    /// page's fragment file to `sink` as soon as it is made (`finish`
    /// returns the rest). If no thread can be started, pages are kept and
    /// added by `finish` instead.
    pub(crate) fn streaming(config: &Config, site: &Site, sink: Sink) -> Collector {
        let index = match new_index(config) {
            Ok(index) => index,
            Err(_) => return Self::new(config, site),
        };
        let parser = parser_of(&index);
        let (pages, arrivals) = mpsc::channel();
        let abandoned = Arc::new(AtomicBool::new(false));
        let indexer = {
            let abandoned = abandoned.clone();
            thread::Builder::new()
                .name("search-index".into())
                .spawn(move || index_in_order(index, arrivals, &abandoned, &sink))
        };
        let feed = match indexer {
            Ok(indexer) => Feed::Streamed {
                pages,
                indexer,
                abandoned,
            },
            Err(_) => return Self::new(config, site),
        };
        Collector {
            pages: Self::item_pages(config, site),
            parser,
            feed: Mutex::new(feed),
        }
    }

    /// The collector of a language's pages, which are rendered at their
    /// addresses in the default language and published under `folder`:
    /// it takes them under `folder` (`it/cities/milan/index.html`), so the
    /// index links to them there.
    pub(crate) fn in_folder(mut self, folder: &str) -> Collector {
        self.pages = std::mem::take(&mut self.pages)
            .into_iter()
            .map(|(path, page)| (crate::routes::language_output(folder, &path), page))
            .collect();
        self
    }

    pub(crate) fn item_pages(config: &Config, site: &Site) -> HashMap<String, (usize, String)> {
        let mut all: Vec<BTreeMap<String, Vec<String>>> = (0..site.pages.len())
            .map(|id| filters(config, site, id))
            .collect();
        drop_large_filters(config, &mut all);
        let mut listed_at = vec![0; site.pages.len()];
        for cp in &site.collections {
            for (at, &id) in cp.pages.iter().enumerate() {
                listed_at[id] = at;
            }
        }
        site.pages
            .iter()
            .zip(&all)
            .enumerate()
            .map(|(rank, (page, filters))| {
                let collection = config
                    .collection(&page.collection)
                    .map_or(page.collection.as_str(), |c| c.singular.as_str());
                let extra = extra_html(filters, collection, listed_at[rank]);
                (page.route().output(), (rank, extra))
            })
            .collect()
    }

    /// Parses `output` for the index if it is an item page.
    pub(crate) fn add(&self, output: &Output) {
        self.add_bytes(&output.path, &output.bytes);
    }

    /// Takes the output at `path` for the index if it is an item page; a
    /// streaming collector parses it on the calling thread (rendering
    /// threads parse in parallel).
    pub(crate) fn add_bytes(&self, path: &str, bytes: &[u8]) {
        let Some((rank, extra)) = self.pages.get(path) else {
            return;
        };
        let html = reduce(&String::from_utf8_lossy(bytes), extra);
        let parsed = match &self.parser {
            Some(parser) => parser
                .parse(path.to_string(), html)
                .map(Page::Parsed)
                .map_err(|e| index_error(path, &e)),
            None => Ok(Page::Html(path.to_string(), html)),
        };
        match &mut *self.feed.lock().unwrap_or_else(|p| p.into_inner()) {
            Feed::Kept(_, kept) => kept.push((*rank, parsed)),
            // A send fails only if the indexer has stopped on an error,
            // which `finish` reports.
            Feed::Streamed { pages, .. } => drop(pages.send((*rank, parsed))),
            Feed::Failed(_) | Feed::Finished => {}
        }
    }

    /// Builds the index from the collected pages and returns Pagefind's
    /// files under `/pagefind/`: the index, its scripts and styles.
    pub(crate) fn finish(&self, _config: &Config) -> Result<Vec<Output>, Diagnostic> {
        let feed = std::mem::replace(
            &mut *self.feed.lock().unwrap_or_else(|p| p.into_inner()),
            Feed::Finished,
        );
        match feed {
            Feed::Kept(index, mut kept) => {
                kept.sort_by_key(|page| page.0);
                let pages = parse_kept(&index, kept);
                build_index(index, pages, &AtomicBool::new(false), None)
            }
            Feed::Streamed { pages, indexer, .. } => {
                drop(pages);
                indexer
                    .join()
                    .unwrap_or_else(|_| Err(index_error("the indexing thread stopped", &"panic")))
            }
            Feed::Failed(d) => Err(d),
            Feed::Finished => Ok(Vec::new()),
        }
    }
}

impl Drop for Collector {
    fn drop(&mut self) {
        if let Feed::Streamed { abandoned, .. } =
            &*self.feed.lock().unwrap_or_else(|p| p.into_inner())
        {
            abandoned.store(true, Ordering::Relaxed);
        }
    }
}

/// Builds the search index from rendered outputs (item pages only), parsed
/// in parallel on the current rayon pool.
/// Expensive: call it once per build, never on a page edit's hot path.
pub(crate) fn index(
    config: &Config,
    site: &Site,
    outputs: &[Output],
) -> Result<Vec<Output>, Diagnostic> {
    use rayon::prelude::*;
    let collector = Collector::new(config, site);
    outputs.par_iter().for_each(|o| collector.add(o));
    collector.finish(config)
}

/// The search bundle of a hub in several languages, from each language's
/// index (`Collector::finish`'s files, which Pagefind names after the
/// language: `index/it_…`, `pagefind.it_….pf_meta`, `wasm.it.pagefind`):
/// their files together, the scripts and styles (the same bytes in each)
/// once, and one `pagefind-entry.json` listing every language, as Pagefind
/// writes it for a site in several languages.
pub(crate) fn bundle(indexes: Vec<Vec<Output>>) -> Result<Vec<Output>, Diagnostic> {
    if indexes.len() < 2 {
        return Ok(indexes.into_iter().flatten().collect());
    }
    let entry_path = index_file_path(ENTRY);
    let mut entries = Vec::new();
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for file in indexes.into_iter().flatten() {
        if file.path == entry_path {
            entries.push(file.bytes);
        } else {
            files.entry(file.path).or_insert(file.bytes);
        }
    }
    if !entries.is_empty() {
        files.insert(entry_path, merge_entries(&entries)?);
    }
    Ok(files
        .into_iter()
        .map(|(path, bytes)| Output { path, bytes })
        .collect())
}

/// The name of the file that lists a bundle's languages.
pub(crate) const ENTRY: &str = "pagefind-entry.json";

/// One `pagefind-entry.json` from those of several languages' indexes:
/// every language listed, in the order Pagefind writes them.
pub(crate) fn merge_entries(entries: &[Vec<u8>]) -> Result<Vec<u8>, Diagnostic> {
    let mut merged: Option<Entry> = None;
    for bytes in entries {
        let one: Entry =
            serde_json::from_slice(bytes).map_err(|e| index_error("reading the entry", &e))?;
        match &mut merged {
            Some(entry) => entry.languages.extend(one.languages),
            None => merged = Some(one),
        }
    }
    let Some(entry) = merged else {
        return Err(index_error("no language", &"no entry"));
    };
    serde_json::to_vec(&entry).map_err(|e| index_error("the entry", &e))
}

/// `pagefind-entry.json`, its fields in the order Pagefind writes them.
#[derive(serde::Serialize, serde::Deserialize)]
struct Entry {
    version: String,
    languages: BTreeMap<String, EntryLanguage>,
    include_characters: Vec<char>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct EntryLanguage {
    hash: String,
    wasm: Option<String>,
    page_count: usize,
}

/// The indexing thread of a streaming collector: adds pages in rank order
/// as soon as the next one has arrived (later ones wait in a reorder
/// buffer), then, once the collector is finished, the ones still waiting
/// (in order, over gaps left by pages that failed to render).
fn index_in_order(
    index: Indexer,
    arrivals: mpsc::Receiver<Parsed>,
    abandoned: &AtomicBool,
    sink: &Sink,
) -> Result<Vec<Output>, Diagnostic> {
    let mut waiting: BTreeMap<usize, Result<Page, Diagnostic>> = BTreeMap::new();
    let mut next = 0;
    let in_order = std::iter::from_fn(|| {
        loop {
            if abandoned.load(Ordering::Relaxed) {
                return None;
            }
            if let Some(page) = waiting.remove(&next) {
                next += 1;
                return Some(page);
            }
            match arrivals.recv() {
                Ok((rank, page)) => {
                    waiting.insert(rank, page);
                }
                // All pages are in: the rest in order, skipping gaps.
                Err(mpsc::RecvError) => {
                    let (rank, page) = waiting.pop_first()?;
                    next = rank + 1;
                    return Some(page);
                }
            }
        }
    });
    build_index(index, in_order, abandoned, Some(sink))
}

fn index_error(what: &str, e: &dyn std::fmt::Display) -> Diagnostic {
    Diagnostic::error(
        "search-index",
        "hub.yaml",
        format!("cannot build the search index: {what}: {e}"),
    )
}

/// The language of `config`'s index in the bundle, as Pagefind keys it:
/// the base code of `config.language` (`pt` for `pt-BR`), or the whole code
/// in lowercase when another of the hub's languages has the same base.
/// Pagefind's script picks the index named by the page's `<html lang>`
/// (lowercased), else by its base; it also chooses the stemmer.
pub(crate) fn index_language(config: &Config) -> String {
    let base = |code: &str| code.split(['-', '_']).next().unwrap_or("en").to_lowercase();
    let own = base(&config.language);
    let sharing = config
        .languages
        .iter()
        .filter(|l| base(&l.code) == own)
        .count();
    if sharing > 1 {
        config.language.to_lowercase()
    } else {
        own
    }
}

/// Pagefind's options for an index in `language` (an `index_language`).
fn index_options(language: &str) -> PagefindServiceConfig {
    PagefindServiceConfig::builder()
        .force_language(language.to_string())
        .keep_index_url(false)
        .build()
}

/// The index for the language of `config`: ours, or with
/// CLUSTERHUB_SEARCH_REFERENCE=1 Pagefind's own library path.
fn new_index(config: &Config) -> Result<Indexer, Diagnostic> {
    let options = index_options(&index_language(config));
    let fail = |e: anyhow::Error| index_error("options", &e);
    if std::env::var_os("CLUSTERHUB_SEARCH_REFERENCE").is_some_and(|v| v == "1") {
        return PagefindIndex::new(Some(options))
            .map(Indexer::Reference)
            .map_err(fail);
    }
    StreamingIndex::new(options, gzip_level())
        .map(|index| Indexer::Streaming(Box::new(index)))
        .map_err(fail)
}

/// Kept pages in order, parsed in parallel on the current rayon pool a
/// batch at a time (so that only a batch of parsed pages is held); for the
/// reference index, left as HTML: it parses them itself.
fn parse_kept(
    index: &Indexer,
    kept: Vec<Parsed>,
) -> impl Iterator<Item = Result<Page, Diagnostic>> + use<> {
    use rayon::prelude::*;
    let parser = parser_of(index);
    let mut kept = kept.into_iter().map(|(_, page)| page);
    let batches = std::iter::from_fn(move || {
        let batch: Vec<_> = kept.by_ref().take(256).collect();
        (!batch.is_empty()).then_some(batch)
    });
    batches.flat_map(move |batch| {
        let Some(parser) = &parser else {
            return batch;
        };
        batch
            .into_par_iter()
            .map(|page| match page {
                Ok(Page::Html(path, html)) => parser
                    .parse(path.clone(), html)
                    .map(Page::Parsed)
                    .map_err(|e| index_error(&path, &e)),
                other => other,
            })
            .collect()
    })
}

fn parser_of(index: &Indexer) -> Option<PageParser> {
    match index {
        Indexer::Streaming(index) => Some(index.page_parser()),
        Indexer::Reference(_) => None,
    }
}

/// Gzip level of the index files: see ARCHITECTURE.md (Search) for the
/// measurement behind it.
const GZIP_LEVEL: u32 = 6;

/// Adds the pages in order and returns the files of the index: all of
/// them, or, given a sink, the ones not handed to it on the way (each
/// page's fragment goes to the sink as soon as the page is added, so that
/// fragments are not held to the end).
fn build_index(
    index: Indexer,
    pages: impl Iterator<Item = Result<Page, Diagnostic>>,
    abandoned: &AtomicBool,
    sink: Option<&Sink>,
) -> Result<Vec<Output>, Diagnostic> {
    let files = match index {
        Indexer::Streaming(mut index) => {
            let mut files = Vec::new();
            for page in pages {
                if let Page::Parsed(page) = page? {
                    let added = index
                        .add(page)
                        .map_err(|e| index_error("adding a page", &e))?;
                    match sink {
                        Some(sink) if !abandoned.load(Ordering::Relaxed) => {
                            added.into_iter().for_each(|f| sink(&index_output(f)));
                        }
                        _ => files.extend(added),
                    }
                }
            }
            if abandoned.load(Ordering::Relaxed) {
                return Ok(Vec::new());
            }
            files.extend((*index).finish().map_err(|e| index_error("writing", &e))?);
            files
        }
        Indexer::Reference(index) => reference_index(index, pages, abandoned)?,
    };
    let mut out: Vec<Output> = files.into_iter().map(index_output).collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// A file of the index as an output under `/pagefind/`.
fn index_output(f: pagefind::api::SyntheticFile) -> Output {
    let name = f.filename.to_string_lossy().replace('\\', "/");
    Output {
        path: index_file_path(&name),
        bytes: f.contents,
    }
}

/// Pagefind's own library path, one page at a time.
fn reference_index(
    mut index: PagefindIndex,
    pages: impl Iterator<Item = Result<Page, Diagnostic>>,
    abandoned: &AtomicBool,
) -> Result<Vec<pagefind::api::SyntheticFile>, Diagnostic> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| index_error("no async runtime", &e))?;
    runtime.block_on(async {
        for page in pages {
            if let Page::Html(path, html) = page? {
                index
                    .add_html_file(Some(path.clone()), None, html)
                    .await
                    .map_err(|e| index_error(&path, &e))?;
            }
        }
        if abandoned.load(Ordering::Relaxed) {
            return Ok(Vec::new());
        }
        index
            .take_files(gzip_level())
            .await
            .map_err(|e| index_error("writing", &e))
    })
}

/// `GZIP_LEVEL`, or CLUSTERHUB_SEARCH_GZIP_LEVEL for the benchmark that
/// chose it.
fn gzip_level() -> u32 {
    std::env::var("CLUSTERHUB_SEARCH_GZIP_LEVEL")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(GZIP_LEVEL)
}

/// An item page for `Index::sync`: its output path, rendered bytes and
/// hidden filter elements (`Collector::item_pages`).
pub(crate) struct IndexPage {
    pub(crate) path: String,
    pub(crate) bytes: Arc<[u8]>,
    pub(crate) extra: String,
}

/// A page as `Index` last gave it to the index.
struct KeptPage {
    bytes: Arc<[u8]>,
    extra: String,
}

/// What `Index::write_changed` changed, named relative to the bundle
/// folder (`pagefind/`).
pub(crate) struct IndexFiles {
    /// New or changed files and their bytes.
    pub(crate) written: Vec<(String, Vec<u8>)>,
    /// Fragments of pages not parsed again, now under a new name (another
    /// page took a prefix of theirs): (last name, new name). Their bytes
    /// are the last name's: copy them before applying `removed` and
    /// `written`.
    pub(crate) renamed: Vec<(String, String)>,
    /// Files of the previous write that are no longer part of the index.
    pub(crate) removed: Vec<String>,
}

/// A search index kept between builds (`serve`), for one language. The
/// index keeps its word map (Pagefind's `LiveIndex`, our patch), so after
/// an edit only the pages whose HTML or filters changed are parsed again,
/// only their words packed again and only the chunks holding them encoded;
/// `write_changed` gives only the files whose bytes changed (the edited
/// pages' fragments, those chunks, the filters and the meta). Its files
/// are always those a full build writes for the same pages.
pub(crate) struct Index {
    live: LiveIndex,
    parser: PageParser,
    pages: HashMap<String, KeptPage>,
    /// Output paths in page order, each with whether it must be parsed.
    order: Vec<(String, bool)>,
    /// The last write failed: the next parses every page again.
    restart: bool,
}

/// The index `serve` keeps, shared with the thread that updates it.
pub(crate) type SharedIndex = Arc<Mutex<Option<Index>>>;

/// Pages parsed at a time when the index is written: only a batch of
/// parsed pages is held (the first write parses every page).
const PARSE_BATCH: usize = 256;

impl Index {
    /// An empty index of pages in `language` (an `index_language`).
    pub(crate) fn new(language: &str) -> Result<Index, Diagnostic> {
        let live = LiveIndex::new(index_options(language), gzip_level())
            .map_err(|e| index_error("options", &e))?;
        Ok(Index {
            parser: live.page_parser(),
            live,
            pages: HashMap::new(),
            order: Vec::new(),
            restart: false,
        })
    }

    /// Makes `pages` (in page order) the pages of the index: those that
    /// are new or whose bytes or filters changed are parsed by the next
    /// `write_changed`, and those no longer listed are forgotten.
    pub(crate) fn sync(&mut self, pages: Vec<IndexPage>) -> Result<(), Diagnostic> {
        let mut order = Vec::with_capacity(pages.len());
        let mut order_pages = Vec::with_capacity(pages.len());
        // A page still to parse from an earlier sync stays to parse.
        let pending: std::collections::HashSet<&String> = self
            .order
            .iter()
            .filter_map(|(path, parse)| parse.then_some(path))
            .collect();
        for p in pages {
            let changed = self.pages.get(&p.path).is_none_or(|kept| {
                !Arc::ptr_eq(&kept.bytes, &p.bytes) && kept.bytes != p.bytes
                    || kept.extra != p.extra
            });
            order.push((p.path.clone(), changed || pending.contains(&p.path)));
            let kept = KeptPage {
                bytes: p.bytes,
                extra: p.extra,
            };
            order_pages.push((p.path, kept));
        }
        drop(pending);
        self.pages.extend(order_pages);
        self.order = order;
        let listed: std::collections::HashSet<&String> = self.order.iter().map(|p| &p.0).collect();
        self.pages.retain(|path, _| listed.contains(path));
        Ok(())
    }

    /// Updates the index to the current pages and returns the files that
    /// changed since the last call (every file on the first). If the
    /// index cannot be updated in place, every page is parsed again.
    pub(crate) fn write_changed(&mut self) -> Result<IndexFiles, Diagnostic> {
        let all = std::mem::take(&mut self.restart);
        if all {
            self.live.restart();
        }
        let written = match self.write(all) {
            Ok(None) if !all => {
                self.live.restart();
                self.write(true)
            }
            other => other,
        };
        let written = written.and_then(|files| {
            files.ok_or_else(|| index_error("writing", &"every page parsed, still not in place"))
        });
        self.restart = written.is_err();
        if written.is_ok() {
            self.order.iter_mut().for_each(|p| p.1 = false);
        }
        written
    }

    /// Gives the pages to the index in order, those to parse (all of them
    /// with `all`) parsed a batch at a time in parallel.
    /// `None` if the index must be given every page parsed (see
    /// `LiveIndex::write`).
    fn write(&mut self, all: bool) -> Result<Option<IndexFiles>, Diagnostic> {
        use rayon::prelude::*;
        let Index {
            live,
            parser,
            pages,
            order,
            ..
        } = self;
        let mut failed = None;
        let mut rest = order.iter();
        let batches = std::iter::from_fn(|| {
            let batch: Vec<&(String, bool)> = rest.by_ref().take(PARSE_BATCH).collect();
            (!batch.is_empty()).then(|| {
                batch
                    .into_par_iter()
                    .map(|(path, parse)| {
                        let page = (all || *parse).then(|| {
                            let kept = pages.get(path).ok_or_else(|| index_error(path, &"lost"))?;
                            let html = reduce(&String::from_utf8_lossy(&kept.bytes), &kept.extra);
                            parser
                                .parse(path.clone(), html)
                                .map_err(|e| index_error(path, &e))
                        });
                        (path.clone(), page)
                    })
                    .collect::<Vec<_>>()
            })
        });
        let given = batches.flatten().map_while(|(path, page)| match page {
            None => Some((path, None)),
            Some(Ok(page)) => Some((path, Some(page))),
            Some(Err(d)) => {
                failed = Some(d);
                None
            }
        });
        let files = live.write(given);
        if let Some(d) = failed {
            return Err(d);
        }
        let Some(files) = files.map_err(|e| index_error("writing", &e))? else {
            return Ok(None);
        };
        let name = |p: &std::path::Path| p.to_string_lossy().replace('\\', "/");
        Ok(Some(IndexFiles {
            written: files
                .changed
                .into_iter()
                .map(|f| (name(&f.filename), f.contents))
                .collect(),
            renamed: files
                .renamed
                .iter()
                .map(|(from, to)| (name(from), name(to)))
                .collect(),
            removed: files.removed.iter().map(|p| name(p)).collect(),
        }))
    }
}

/// The output path of the file `name` of the hub's index.
pub(crate) fn index_file_path(name: &str) -> String {
    Route::SearchIndex(name.trim_start_matches('/')).output()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(pairs: &[(&str, &str)]) -> BTreeMap<String, Vec<String>> {
        let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, v) in pairs {
            m.entry(k.to_string()).or_default().push(v.to_string());
        }
        m
    }

    #[test]
    fn ignored_parts_are_cut_before_indexing() {
        let html = concat!(
            "<article><p>Kept text.</p>",
            "<section class=\"related\" data-pagefind-ignore><div><section>x</section>",
            "<p>Related</p></div></section>",
            "<p>Also kept: data-pagefind-ignore in prose.</p>",
            "<div data-pagefind-ignore><span data-pagefind-filter=\"Place\">Belfast</span></div>",
            "<nav data-pagefind-ignore=\"all\">Pager</nav>",
            "<aside data-pagefind-ignore>never closed",
            "</article>"
        );
        assert_eq!(
            cut_ignored(html),
            concat!(
                "<article><p>Kept text.</p>",
                "<p>Also kept: data-pagefind-ignore in prose.</p>",
                "<div data-pagefind-ignore><span data-pagefind-filter=\"Place\">Belfast</span></div>",
                "<aside data-pagefind-ignore>never closed",
                "</article>"
            )
        );
        assert!(matches!(
            cut_ignored("<p>plain</p>"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn filters_of_referred_pages_over_the_limit_are_left_out() {
        let text = "title: T\nsearch_filter_limit: 2\ncollections:\n  studies:\n    fields:\n      tags:\n        type: list\ntaxonomies:\n  tags:\n    label: Tags\n    field: tags\n";
        let mut diags = Vec::new();
        let config = crate::config::parse(text, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        let config = config.unwrap();
        assert_eq!(config.search_filter_limit, 2);
        let mut all = vec![
            page(&[
                ("Collection", "Studies"),
                ("Methods", "a"),
                ("Cities", "x"),
                ("Tags", "t1"),
            ]),
            page(&[
                ("Collection", "Studies"),
                ("Methods", "b"),
                ("Cities", "x"),
                ("Tags", "t2"),
            ]),
            page(&[
                ("Collection", "Notes"),
                ("Methods", "c"),
                ("Cities", "y"),
                ("Tags", "t3"),
            ]),
        ];
        drop_large_filters(&config, &mut all);
        // Methods has 3 values (over 2): gone. Cities has 2: kept. The
        // collection and taxonomy filters stay whatever their size.
        for filters in &all {
            let names: Vec<&str> = filters.keys().map(String::as_str).collect();
            assert_eq!(names, ["Cities", "Collection", "Tags"]);
        }
    }
}
