//! LIVE: the incremental build engine behind `serve`. Keeps the parsed
//! files, the resolved site and the rendered outputs between rebuilds; on a
//! change it re-reads and re-parses only the changed files, resolves again
//! (or, when resolve would see nothing new, patches the site in place) and
//! re-renders only the outputs whose fingerprint (`deps`) changed. The
//! result is always byte-identical to a full `pipeline::run`. Never writes
//! files: the last good outputs are kept in memory (`published`).

mod files;
mod outputs;

use files::{load_static, load_templates, scan_content};
use outputs::set_site_file;

use crate::config::{self, Config};
use crate::deps::{Lookups, TemplateGraph};
use crate::diag::Diagnostic;
use crate::layout::{self, Input, Layout};
use crate::output::{Asset, AssetFrom};
use crate::parse::Doc;
use crate::pipeline::Options;
use crate::render::{self, Lookup, Prepared};
use crate::resolve::{PageId, Site};
use crate::source::Template;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// Bytes of one output, shared cheaply with the HTTP server.
pub type Bytes = Arc<[u8]>;

/// The last good site (output path → bytes), shared with the HTTP server
/// and updated in place, one changed output at a time, on each publish.
pub(crate) type SharedSite = Arc<RwLock<HashMap<String, Bytes>>>;

/// Building the search index of a published site (see `Engine::search_job`).
pub(crate) struct SearchJob {
    collector: crate::search::Collector,
    config: Config,
    site: SharedSite,
}

impl SearchJob {
    /// Builds the index and publishes its files; returns how many.
    pub(crate) fn run(self) -> Result<usize, Diagnostic> {
        let files = self.collector.finish(&self.config)?;
        let count = files.len();
        let mut published = match self.site.write() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        for f in files {
            published.insert(f.path, Bytes::from(f.bytes));
        }
        Ok(count)
    }
}

/// What one rebuild did.
#[derive(Debug, Default)]
pub struct Rebuild {
    /// Templated outputs rendered this time.
    pub rendered: usize,
    /// Templated outputs of the site.
    pub pages: usize,
    /// The outputs rendered this time, sorted.
    pub rerendered: Vec<String>,
    /// Outputs whose bytes differ from the previously published site
    /// (added and removed ones included); empty unless `published`.
    pub changed: Vec<String>,
    /// Copied files (theme or site `static/`, content assets) touched by the change.
    pub assets_changed: Vec<String>,
    /// Every diagnostic of the current state of the files.
    pub diags: Vec<Diagnostic>,
    /// No error: the outputs became the served site.
    pub published: bool,
    pub elapsed: Duration,
}

impl Rebuild {
    pub fn has_errors(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }

    /// The terminal line: `rebuilt 3 of 10214 pages in 12 ms`.
    pub fn summary_line(&self) -> String {
        format!(
            "rebuilt {} of {} pages in {} ms",
            self.rendered,
            self.pages,
            self.elapsed.as_millis()
        )
    }
}

struct FileEntry {
    hash: u64,
    /// `None` when the file did not parse, or while the doc is lent to the site.
    doc: Option<Doc>,
    /// The doc is owned by the current site.
    lent: bool,
    diags: Vec<Diagnostic>,
}

/// Where a lent doc sits in the site.
#[derive(Debug, Clone, Copy)]
enum Loc {
    Page(PageId),
    Home,
    Intro(usize),
}

struct Output {
    bytes: Bytes,
    /// `None`: must be rendered next time (new, or failed last time).
    fingerprint: Option<u64>,
    /// Ids (in `Engine::lookup_table`) of the lookups its templates made.
    lookups: Vec<u32>,
}

struct State {
    config: Config,
    config_diags: Vec<Diagnostic>,
    load_diags: Vec<Diagnostic>,
    files: BTreeMap<String, FileEntry>,
    templates: Vec<Template>,
    graph: TemplateGraph,
    content_assets: Vec<Asset>,
    static_files: Vec<Asset>,
    site: Option<Site>,
    locs: HashMap<String, Loc>,
    prepared: Option<Prepared>,
    tera: Option<render::Templates>,
    template_diags: Vec<Diagnostic>,
    resolve_diags: Vec<Diagnostic>,
    /// The theme's map outline (see `map`), read with the theme.
    map_outline: Option<(String, String)>,
}

/// The engine. `new` builds everything once; `apply` takes changed paths.
pub struct Engine {
    root: PathBuf,
    options: Options,
    lookups: Arc<Lookups>,
    /// Every distinct lookup templates ever made; outputs refer to them by index.
    lookup_table: Vec<Lookup>,
    lookup_ids: HashMap<Lookup, u32>,
    state: Option<State>,
    /// Diagnostics of a hub.yaml that does not load (then `state` is the last good one).
    config_errors: Vec<Diagnostic>,
    outputs: HashMap<String, Output>,
    published: SharedSite,
    published_assets: Arc<HashMap<String, AssetFrom>>,
    /// Outputs written since the last publish.
    dirty: HashSet<String>,
    unattributed: bool,
    /// Feeds, sitemap and robots.txt may be out of date.
    site_files_dirty: bool,
    /// Feeds to refresh (when not all site files are dirty).
    feeds_dirty: HashSet<String>,
    /// The /api/ exports must be refreshed (a summary changed); they are
    /// written by `refresh_exports`, once edits settle, not by `apply`.
    exports_dirty: bool,
    /// The /api/ outputs of the last export.
    export_paths: HashSet<String>,
    /// The last `apply` published its outputs (no error).
    last_published: bool,
    /// Only these pages' own files changed (no summary, listing, template
    /// or site data): no other output's fingerprint can have changed.
    only_pages: Option<Vec<PageId>>,
    /// Templated outputs of the site, as of the last full listing of jobs.
    total_jobs: usize,
}

impl Engine {
    /// Builds the whole hub once.
    pub fn new(root: &Path, options: &Options) -> (Engine, Rebuild) {
        let mut engine = Engine {
            root: root.to_path_buf(),
            options: options.clone(),
            lookups: Arc::new(Lookups::default()),
            lookup_table: Vec::new(),
            lookup_ids: HashMap::new(),
            state: None,
            config_errors: Vec::new(),
            outputs: HashMap::new(),
            published: Arc::new(RwLock::new(HashMap::new())),
            published_assets: Arc::new(HashMap::new()),
            dirty: HashSet::new(),
            unattributed: false,
            site_files_dirty: true,
            feeds_dirty: HashSet::new(),
            exports_dirty: false,
            export_paths: HashSet::new(),
            last_published: false,
            only_pages: None,
            total_jobs: 0,
        };
        let report = engine.apply(&[PathBuf::from(config::CONFIG_FILE)]);
        // The first build is complete at once, exports included.
        engine.refresh_exports();
        (engine, report)
    }

    /// The last good site: output path → bytes.
    pub fn published(&self) -> HashMap<String, Bytes> {
        match self.published.read() {
            Ok(m) => m.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// The last good site, as the server reads it (always current).
    pub(crate) fn shared_site(&self) -> SharedSite {
        self.published.clone()
    }

    /// Copied files of the last good site: output path → source file.
    pub(crate) fn published_assets(&self) -> Arc<HashMap<String, AssetFrom>> {
        self.published_assets.clone()
    }

    /// Builds the search index over the published item pages and publishes
    /// it. Slow (Pagefind): `serve` runs it once edits have settled, on its
    /// own thread (see `search_job`), never on the edit path. `None` when
    /// the theme has no search page or there is no good site yet;
    /// otherwise the number of index files.
    pub fn refresh_search_index(&mut self) -> Option<Result<usize, Diagnostic>> {
        let job = self.search_job()?;
        Some(job.run())
    }

    /// The search index work for the current published site, as owned
    /// data that can run on another thread while the engine goes on
    /// rebuilding; it publishes into the served site when it is done.
    /// `None` when the theme has no search page or there is no good site.
    pub(crate) fn search_job(&self) -> Option<SearchJob> {
        let state = self.state.as_ref()?;
        let site = state.site.as_ref()?;
        if !state.templates.iter().any(|t| t.name == "search.html") {
            return None;
        }
        let collector = crate::search::Collector::new(&state.config, site);
        {
            let published = match self.published.read() {
                Ok(m) => m,
                Err(poisoned) => poisoned.into_inner(),
            };
            for (path, bytes) in published.iter() {
                if path.ends_with("index.html") {
                    collector.add_bytes(path, bytes);
                }
            }
        }
        Some(SearchJob {
            collector,
            config: state.config.clone(),
            site: self.published.clone(),
        })
    }

    /// Rewrites the /api/ exports if edits since the last call changed
    /// what they show, and publishes them; returns the outputs that
    /// changed. Exports cover every page of the site (a quarter of a
    /// second at 10,000 pages), so `serve` calls this once edits have
    /// settled, never on the edit path. Does nothing while the files have
    /// errors: the last good exports stay served.
    pub fn refresh_exports(&mut self) -> Vec<String> {
        if !self.exports_dirty || !self.last_published {
            return Vec::new();
        }
        let Some((config, site, prepared)) = self
            .state
            .as_ref()
            .and_then(|s| Some((&s.config, s.site.as_ref()?, s.prepared.as_ref()?)))
        else {
            return Vec::new();
        };
        let files = crate::exports::exports(config, site, prepared.routes());
        let paths: HashSet<String> = files.iter().map(|o| o.path.clone()).collect();
        for gone in self.export_paths.difference(&paths) {
            self.outputs.remove(gone);
            self.dirty.insert(gone.clone());
        }
        for o in files {
            set_site_file(&mut self.outputs, &mut self.dirty, o);
        }
        self.export_paths = paths;
        self.exports_dirty = false;
        self.publish()
    }

    /// The current outputs (good or not), for tests.
    pub fn current_outputs(&self) -> BTreeMap<String, Vec<u8>> {
        self.outputs
            .iter()
            .map(|(k, v)| (k.clone(), v.bytes.to_vec()))
            .collect()
    }

    /// Rebuilds after the given files changed (paths absolute or relative
    /// to the hub root; files or folders; created, modified or deleted).
    pub fn apply(&mut self, paths: &[PathBuf]) -> Rebuild {
        let start = Instant::now();
        let mut report = Rebuild::default();
        let mut full = self.state.is_none() || !self.config_errors.is_empty();
        self.only_pages = None;
        let (mut md, mut content_scan, mut templates_scan, mut static_scan) =
            (Vec::new(), false, false, false);
        // Before hub.yaml loads, no theme is known: theme files then only
        // matter through the full load.
        let layout = Layout::new(self.state.as_ref().map_or("", |s| s.config.theme.as_str()));
        for p in paths {
            let rel = p.strip_prefix(&self.root).unwrap_or(p);
            let rel = rel.to_string_lossy().replace('\\', "/");
            let rel = rel.trim_start_matches("./").to_string();
            let abs = self.root.join(&rel);
            match layout.classify(&rel) {
                Input::Config => full = true,
                Input::ContentPage if !abs.is_dir() => md.push(rel),
                Input::ContentPage | Input::ContentFile(_) => {
                    if abs.exists() || self.known_below(&rel) {
                        content_scan = true;
                        let to = layout::in_content(&rel).unwrap_or_default();
                        report.assets_changed.push(to.to_string());
                    }
                }
                Input::Template(_) => templates_scan = true,
                Input::ThemeStatic(to) | Input::SiteStatic(to) => {
                    static_scan = true;
                    report.assets_changed.push(to.to_string());
                }
                Input::MapOutline | Input::Theme => {
                    templates_scan = true;
                    static_scan = true;
                }
                Input::Ignored => {}
            }
        }
        // Images are processed (or taken from their cache) with the whole
        // load: a re-scan must not publish them unprocessed.
        let images = self.state.as_ref().map(|s| s.config.images.clone());
        full |= images.is_some_and(|i| i.needs_reload(paths, content_scan));
        if full {
            self.site_files_dirty = true;
            self.load_all();
        } else if let Some(state) = self.state.as_mut() {
            // A new map outline changes what is prepared: resolve again.
            let mut structural = templates_scan && load_templates(&self.root, state);
            if static_scan {
                load_static(&self.root, state);
            }
            if content_scan {
                structural |= scan_content(&self.root, state, &mut md);
            }
            match self.update_files(md, structural) {
                Some((feeds, exports)) => {
                    self.feeds_dirty.extend(feeds);
                    self.exports_dirty |= exports;
                }
                None => self.site_files_dirty = true,
            }
            if templates_scan && let Some(state) = self.state.as_mut() {
                state.tera = None;
                self.only_pages = None;
            }
        }
        self.render(&mut report);
        report.diags = self.diagnostics();
        report.published = !report.has_errors() && self.state.is_some();
        self.last_published = report.published;
        if report.published {
            report.changed = self.publish();
        }
        report.elapsed = start.elapsed();
        report
    }

    fn known_below(&self, rel: &str) -> bool {
        let Some(state) = &self.state else {
            return false;
        };
        let dir = format!("{}/", rel.trim_end_matches('/'));
        state.files.keys().any(|k| k.starts_with(&dir))
            || state
                .content_assets
                .iter()
                .any(|a| a.path.starts_with(&dir) || a.path == rel)
    }

    fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut diags = self.config_errors.clone();
        if let Some(s) = &self.state {
            diags.extend(s.config_diags.iter().cloned());
            diags.extend(s.load_diags.iter().cloned());
            for e in s.files.values() {
                diags.extend(e.diags.iter().cloned());
            }
            diags.extend(s.resolve_diags.iter().cloned());
            diags.extend(s.template_diags.iter().cloned());
        }
        crate::diag::sort(&mut diags);
        crate::diag::limit_per_file(&mut diags);
        diags
    }

    /// Makes the current outputs the served site; returns what changed.
    fn publish(&mut self) -> Vec<String> {
        let mut changed = Vec::new();
        if !self.dirty.is_empty() {
            let mut map = match self.published.write() {
                Ok(m) => m,
                Err(poisoned) => poisoned.into_inner(),
            };
            for path in self.dirty.drain() {
                match self.outputs.get(&path) {
                    Some(o) => {
                        if map.get(&path).is_none_or(|old| old[..] != o.bytes[..]) {
                            map.insert(path.clone(), o.bytes.clone());
                            changed.push(path);
                        }
                    }
                    None => {
                        if map.remove(&path).is_some() {
                            changed.push(path);
                        }
                    }
                }
            }
        }
        if let Some(s) = &self.state {
            let assets: HashMap<String, AssetFrom> = s
                .content_assets
                .iter()
                .chain(&s.static_files)
                .map(|a| (a.to.clone(), a.from.clone()))
                .collect();
            self.published_assets = Arc::new(assets);
        }
        changed.sort();
        changed
    }
}
