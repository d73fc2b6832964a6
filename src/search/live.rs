//! The index `serve` keeps between settles: pages by path, updated in
//! place, and the files an update changed.

use super::*;

/// An item page for `Index::sync`: its output path, rendered bytes and
/// hidden filter elements (`Collector::item_pages`).
pub(crate) struct IndexPage {
    pub(crate) path: String,
    pub(crate) bytes: crate::output::Packed,
    pub(crate) extra: String,
}

/// A page as `Index` last gave it to the index.
struct KeptPage {
    bytes: crate::output::Packed,
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
            let changed = self
                .pages
                .get(&p.path)
                .is_none_or(|kept| kept.bytes != p.bytes || kept.extra != p.extra);
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
                            let bytes = kept.bytes.to_vec();
                            let html = reduce(&String::from_utf8_lossy(&bytes), &kept.extra);
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
