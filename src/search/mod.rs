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
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;

mod bundle;
mod filters;
mod live;
#[cfg(test)]
pub(crate) mod quick_reading;
mod reduce;

pub(crate) use bundle::{ENTRY, bundle, merge_entries};
use filters::drop_large_filters;
pub(crate) use filters::filters;
pub(crate) use live::{Index, IndexPage, SharedIndex, index_file_path};
use reduce::{extra_html, reduce};

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
        self.pages = in_language_folder(std::mem::take(&mut self.pages), folder);
        self
    }

    pub(crate) fn item_pages(config: &Config, site: &Site) -> HashMap<String, (usize, String)> {
        let mut all: Vec<BTreeMap<String, Vec<String>>> = (0..site.pages.len())
            .into_par_iter()
            .map(|id| filters(config, site, id))
            .collect();
        drop_large_filters(config, &mut all);
        let mut listed_at = vec![0; site.pages.len()];
        for cp in site.collections() {
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

/// Item pages (`Collector::item_pages`) keyed by their published path under
/// a language's `folder` (`it/cities/milan/index.html`).
pub(crate) fn in_language_folder(
    pages: HashMap<String, (usize, String)>,
    folder: &str,
) -> HashMap<String, (usize, String)> {
    (pages.into_iter())
        .map(|(path, page)| (crate::routes::language_output(folder, &path), page))
        .collect()
}
