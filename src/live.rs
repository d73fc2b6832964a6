//! LIVE: the incremental build engine behind `serve`. Keeps the parsed
//! files, the resolved site and the rendered outputs between rebuilds; on a
//! change it re-reads and re-parses only the changed files, resolves again
//! (or, when resolve would see nothing new, patches the site in place) and
//! re-renders only the outputs whose fingerprint (`deps`) changed. The
//! result is always byte-identical to a full `pipeline::run`. Never writes
//! files: the last good outputs are kept in memory (`published`).

use crate::config::{self, Config};
use crate::deps::{self, LookupValues, Lookups, TemplateGraph};
use crate::diag::Diagnostic;
use crate::layout::{self, Input, Layout};
use crate::output::Asset;
use crate::parse::{self, Doc, DocKind};
use crate::pipeline::Options;
use crate::render::{self, Hashed, Job, Lookup, Prepared};
use crate::resolve::{PageId, Site};
use crate::routes::Route;
use crate::session;
use crate::source::{self, SourceFile, Template};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
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
    published_assets: Arc<HashMap<String, PathBuf>>,
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

fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

fn parse_entry(path: &str, bytes: Vec<u8>, config: &Config) -> FileEntry {
    let hash = hash_bytes(&bytes);
    let file = SourceFile {
        path: path.to_string(),
        bytes,
    };
    let mut diags = Vec::new();
    let doc = parse::parse_file(&file, config, &config.base_path(), &mut diags);
    FileEntry {
        hash,
        doc,
        lent: false,
        diags,
    }
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
    pub(crate) fn published_assets(&self) -> Arc<HashMap<String, PathBuf>> {
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

    /// Loads hub.yaml and every file, and forgets every rendered output's
    /// fingerprint. A hub.yaml that does not load keeps the previous state.
    fn load_all(&mut self) {
        let mut config_diags = Vec::new();
        let Some(config) = session::config(&self.root, &self.options, &mut config_diags) else {
            self.config_errors = config_diags;
            return;
        };
        self.config_errors.clear();
        let mut load_diags = Vec::new();
        let inputs = source::load(&self.root, &config, &mut load_diags);
        let entries: Vec<(String, FileEntry)> = inputs
            .pages
            .into_par_iter()
            .map(|f| {
                let path = f.path.clone();
                (path.clone(), parse_entry(&path, f.bytes, &config))
            })
            .collect();
        for o in self.outputs.values_mut() {
            o.fingerprint = None;
        }
        self.state = Some(State {
            graph: TemplateGraph::new(&inputs.templates),
            config,
            config_diags,
            load_diags,
            files: entries.into_iter().collect(),
            templates: inputs.templates,
            content_assets: inputs.content_assets,
            static_files: inputs.static_files,
            site: None,
            locs: HashMap::new(),
            prepared: None,
            tera: None,
            template_diags: Vec::new(),
            resolve_diags: Vec::new(),
            map_outline: inputs.map_outline,
        });
        self.resolve_all();
    }

    /// Re-reads the given Markdown files; patches the site in place when
    /// resolve would see no difference, else resolves again.
    /// Returns the only feeds the change can alter (`None`: any site file,
    /// feeds, sitemap, exports, may have changed).
    /// The second value says whether the exports (which show summaries)
    /// must be refreshed too.
    fn update_files(
        &mut self,
        md: Vec<String>,
        mut structural: bool,
    ) -> Option<(Vec<String>, bool)> {
        let state = self.state.as_mut()?;
        let mut clean: Option<(Vec<String>, bool)> = None;
        let mut changed: Vec<(String, FileEntry)> = Vec::new();
        for path in md {
            match source::read(&self.root, &path) {
                Ok(bytes) => {
                    let hash = hash_bytes(&bytes);
                    if state.files.get(&path).is_some_and(|e| e.hash == hash) {
                        continue;
                    }
                    changed.push((path.clone(), parse_entry(&path, bytes, &state.config)));
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    if state.files.remove(&path).is_some() {
                        structural = true;
                    }
                }
                Err(e) => {
                    changed.push((
                        path.clone(),
                        FileEntry {
                            hash: 0,
                            doc: None,
                            lent: false,
                            diags: vec![Diagnostic::error(
                                "io",
                                path,
                                format!("cannot read this file: {e}"),
                            )],
                        },
                    ));
                }
            }
        }
        if changed.is_empty() && !structural {
            return Some((Vec::new(), false));
        }
        // Fast path: every changed file is a page or intro of the site whose
        // new version resolve would treat exactly like the old one.
        let fast = !structural
            && state.site.is_some()
            && changed.iter().all(|(path, entry)| {
                let (Some(loc), Some(new)) = (state.locs.get(path), entry.doc.as_ref()) else {
                    return false;
                };
                let old = state.files.get(path);
                old.is_some_and(|o| o.lent)
                    && state
                        .site
                        .as_ref()
                        .and_then(|s| doc_at(s, *loc))
                        .is_some_and(|old| deps::same_for_resolve(old, new))
                    && !state.resolve_diags.iter().any(|d| &d.file == path)
            });
        if fast {
            let changed_count = changed.len();
            // Feeds show whole pages of their collection; the sitemap shows
            // each page's date.
            let mut feeds = Vec::new();
            let mut exports = false;
            let all_clean = changed.iter().all(|(path, entry)| {
                match (
                    state.locs.get(path),
                    state.site.as_ref(),
                    entry.doc.as_ref(),
                ) {
                    (Some(&Loc::Page(id)), Some(site), Some(new)) => {
                        site.pages.get(id).is_some_and(|p| {
                            // Exports and the sitemap show the summary,
                            // dates and sources: those must not change. The
                            // page's text is in its collection's feed and in
                            // the per-item feeds of the pages it refers to.
                            if let Some(c) = state.config.collection(&p.collection)
                                && c.feed
                            {
                                feeds.push(Route::CollectionFeed(&c.name).output());
                            }
                            for &t in p.refs.iter().flat_map(|(_, ts)| ts) {
                                if let Some(tp) = site.pages.get(t)
                                    && state
                                        .config
                                        .collection(&tp.collection)
                                        .is_some_and(|c| c.find.feed_per_item)
                                {
                                    feeds.push(tp.feed_route().output());
                                }
                            }
                            exports |= p.doc.summary_text() != new.summary_text();
                            p.doc.updated == new.updated && p.doc.sources == new.sources
                        })
                    }
                    _ => false,
                }
            });
            if all_clean {
                clean = Some((feeds, exports));
            }
            let mut ids = Vec::new();
            for (path, mut entry) in changed {
                let (Some(&loc), Some(site)) = (state.locs.get(&path), state.site.as_mut()) else {
                    continue;
                };
                if let Some(doc) = entry.doc.take() {
                    put_doc(site, loc, doc);
                }
                entry.lent = true;
                if let Loc::Page(id) = loc {
                    ids.push(id);
                }
                state.files.insert(path, entry);
            }
            if let (Some(prepared), Some(site)) = (state.prepared.as_mut(), state.site.as_ref()) {
                let before: Vec<u64> = ids.iter().map(|&id| prepared.summary_hash(id)).collect();
                prepared.refresh_summaries(site, &ids);
                let after = ids.iter().map(|&id| prepared.summary_hash(id));
                if !after.eq(before) {
                    // Template functions hold the old summaries.
                    state.tera = None;
                } else if ids.len() == changed_count {
                    self.only_pages = Some(ids.clone());
                }
            }
        } else {
            for (path, entry) in changed {
                state.files.insert(path, entry);
            }
            self.resolve_all();
        }
        clean
    }

    /// Resolves the site from every parsed file.
    fn resolve_all(&mut self) {
        let Some(state) = self.state.as_mut() else {
            return;
        };
        // Take the docs back from the old site.
        if let Some(site) = state.site.take() {
            let Site {
                pages,
                collections,
                home_intro,
                ..
            } = site;
            let docs = pages
                .into_iter()
                .map(|p| p.doc)
                .chain(collections.into_iter().filter_map(|c| c.intro))
                .chain(home_intro);
            for doc in docs {
                if let Some(e) = state.files.get_mut(&doc.path)
                    && e.lent
                {
                    e.doc = Some(doc);
                    e.lent = false;
                }
            }
        }
        state.prepared = None;
        state.tera = None;
        // Pages that failed to parse still exist for refs and links.
        let unparsed: HashSet<String> = state
            .files
            .iter()
            .filter(|(_, e)| e.doc.is_none() && !e.lent)
            .map(|(p, _)| p.clone())
            .collect();
        // A doc resolve may drop (a draft, a duplicate) is passed as a copy.
        let mut seen: HashMap<DocKind, usize> = HashMap::new();
        for e in state.files.values() {
            if let Some(d) = &e.doc {
                *seen.entry(d.kind.clone()).or_default() += 1;
            }
        }
        let mut docs = Vec::with_capacity(state.files.len());
        for e in state.files.values_mut() {
            let Some(d) = &e.doc else {
                continue;
            };
            let may_drop = (d.draft && !self.options.include_drafts)
                || seen.get(&d.kind).copied().unwrap_or(0) > 1;
            if may_drop {
                docs.push(d.clone());
            } else if let Some(d) = e.doc.take() {
                e.lent = true;
                docs.push(d);
            }
        }
        let mut resolve_diags = Vec::new();
        let site = session::resolve(
            &state.config,
            docs,
            &state.content_assets,
            &unparsed,
            &self.options,
            &mut resolve_diags,
        );
        source::quote_lines(&self.root, &mut resolve_diags);
        state.resolve_diags = resolve_diags;
        let mut locs = HashMap::new();
        for (id, p) in site.pages.iter().enumerate() {
            locs.insert(p.doc.path.clone(), Loc::Page(id));
        }
        for (ci, c) in site.collections.iter().enumerate() {
            if let Some(d) = &c.intro {
                locs.insert(d.path.clone(), Loc::Intro(ci));
            }
        }
        if let Some(d) = &site.home_intro {
            locs.insert(d.path.clone(), Loc::Home);
        }
        // A lent doc that resolve dropped: parse it again from its file.
        let lost: Vec<String> = state
            .files
            .iter()
            .filter(|(p, e)| e.lent && !locs.contains_key(*p))
            .map(|(p, _)| p.clone())
            .collect();
        for path in lost {
            if let Ok(bytes) = source::read(&self.root, &path) {
                state
                    .files
                    .insert(path.clone(), parse_entry(&path, bytes, &state.config));
            }
        }
        let outline = state.map_outline.as_ref();
        let prepared = session::prepare(&state.config, &site, outline, &mut state.resolve_diags);
        state.prepared = Some(prepared);
        state.locs = locs;
        state.site = Some(site);
    }

    /// Renders the outputs whose fingerprint changed.
    fn render(&mut self, report: &mut Rebuild) {
        let Some(state) = self.state.as_mut() else {
            return;
        };
        let (Some(site), Some(prepared)) = (state.site.as_ref(), state.prepared.as_ref()) else {
            return;
        };
        if state.tera.is_none() {
            state.graph = TemplateGraph::new(&state.templates);
            state.template_diags.clear();
            state.tera = session::templates(
                &self.root,
                &state.config,
                &state.templates,
                prepared,
                Some(self.lookups.clone()),
                &mut state.template_diags,
            );
        }
        let Some(tera) = state.tera.as_ref() else {
            return;
        };
        let values = LookupValues::new(site, prepared);
        let all = self.unattributed.then_some(values.all);
        // A body-only edit: only the edited pages can have changed (unless
        // some output failed last time and must be retried).
        let shortcut = self
            .only_pages
            .take()
            .filter(|_| self.outputs.values().all(|o| o.fingerprint.is_some()));
        let jobs: Vec<Job<'_>> = match &shortcut {
            Some(ids) => ids
                .iter()
                .filter_map(|&id| render::page_job(site, prepared, tera, id))
                .collect(),
            None => render::jobs(&state.config, site, prepared, tera),
        };
        if shortcut.is_none() {
            self.total_jobs = jobs.len();
        }
        report.pages = self.total_jobs;
        // The current value of every lookup templates made, computed once.
        let lookup_values: Vec<u64> = self
            .lookup_table
            .par_iter()
            .map(|l| values.lookup(l))
            .collect();
        let outputs = &self.outputs;
        let graph = &state.graph;
        let config = &state.config;
        // The hash of the context built for each job now, and whether the
        // job's fingerprint differs from the one of its stored output.
        let hashed: Vec<(Option<Hashed>, bool)> = jobs
            .par_iter()
            .map(|j| {
                let context = render::job_hash(config, site, prepared, j).ok();
                let stored = outputs.get(&j.output);
                let ids = stored.map_or(&[][..], |o| o.lookups.as_slice());
                let lookups = ids.iter().map(|&i| (i, lookup_values[i as usize]));
                let fp = context.map(|c| deps::fingerprint(j, c, graph, lookups, all));
                (
                    context,
                    fp.is_none() || stored.and_then(|o| o.fingerprint) != fp,
                )
            })
            .collect();
        let contexts: HashMap<&str, Hashed> = jobs
            .iter()
            .zip(&hashed)
            .filter_map(|(j, (c, todo))| Some((j.output.as_str(), (*c)?)).filter(|_| *todo))
            .collect();
        let todo: Vec<&Job<'_>> = jobs
            .iter()
            .zip(&hashed)
            .filter(|(_, (_, todo))| *todo)
            .map(|(j, _)| j)
            .collect();
        report.rendered = todo.len();
        report.rerendered = todo.iter().map(|j| j.output.clone()).collect();
        report.rerendered.sort();
        let _ = self.lookups.take();
        let mut render_diags = Vec::new();
        let rendered = render::run_jobs(
            &state.config,
            site,
            prepared,
            tera,
            &render::Renderer::default(),
            &todo,
            &mut render_diags,
        );
        state.template_diags.extend(render_diags);
        let mut log = self.lookups.take();
        if log.contains_key("") && !self.unattributed {
            // Some lookup could not be attributed: from now on, outputs
            // whose templates look pages up depend on every page.
            self.unattributed = true;
            for o in self.outputs.values_mut() {
                o.fingerprint = None;
            }
        }
        let mut by_output: HashMap<String, Vec<u8>> =
            rendered.into_iter().map(|o| (o.path, o.bytes)).collect();
        for job in &todo {
            let lookups: Vec<u32> = log
                .remove(&job.url)
                .unwrap_or_default()
                .into_iter()
                .map(|l| match self.lookup_ids.get(&l) {
                    Some(&i) => i,
                    None => {
                        let i = self.lookup_table.len() as u32;
                        self.lookup_ids.insert(l.clone(), i);
                        self.lookup_table.push(l);
                        i
                    }
                })
                .collect();
            match by_output.remove(&job.output) {
                Some(bytes) => {
                    let context = contexts.get(job.output.as_str()).copied();
                    let fingerprint = context.map(|context| {
                        let table = &self.lookup_table;
                        let made = lookups
                            .iter()
                            .map(|&i| (i, values.lookup(&table[i as usize])));
                        deps::fingerprint(job, context, &state.graph, made, all)
                    });
                    let fingerprint = if self.unattributed && all.is_none() {
                        None
                    } else {
                        fingerprint
                    };
                    set_output(
                        &mut self.outputs,
                        &mut self.dirty,
                        &job.output,
                        bytes,
                        fingerprint,
                        lookups,
                    );
                }
                None => {
                    if let Some(o) = self.outputs.get_mut(&job.output) {
                        o.fingerprint = None;
                    }
                }
            }
        }
        let all_site_files = self.site_files_dirty;
        let site_files = if std::mem::take(&mut self.site_files_dirty) {
            self.feeds_dirty.clear();
            self.exports_dirty = true;
            render::site_files(&state.config, site, prepared)
        } else {
            // Only what the change can reach; the rest stays as it was.
            let wanted = std::mem::take(&mut self.feeds_dirty);
            if wanted.is_empty() {
                Vec::new()
            } else {
                crate::feeds::feeds_where(&state.config, site, prepared.routes(), &|p| {
                    wanted.contains(p)
                })
            }
        };
        if shortcut.is_some() {
            for o in site_files {
                set_site_file(&mut self.outputs, &mut self.dirty, o);
            }
            return;
        }
        let mut live: HashSet<String> = jobs.iter().map(|j| j.output.clone()).collect();
        // Exports are replaced only by an export (see `refresh_exports`).
        live.extend(self.export_paths.iter().cloned());
        if !all_site_files {
            live.extend(
                self.outputs
                    .iter()
                    .filter(|(_, o)| o.fingerprint == Some(0))
                    .map(|(k, _)| k.clone()),
            );
        }
        for o in site_files {
            live.insert(o.path.clone());
            set_site_file(&mut self.outputs, &mut self.dirty, o);
        }
        let gone: Vec<String> = self
            .outputs
            .keys()
            .filter(|k| !live.contains(*k))
            .cloned()
            .collect();
        for k in gone {
            self.outputs.remove(&k);
            self.dirty.insert(k);
        }
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
            let assets: HashMap<String, PathBuf> = s
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

/// Stores an untemplated output (feed, sitemap, export...): fingerprint 0,
/// no lookups; it is replaced whenever it is produced again.
fn set_site_file(
    outputs: &mut HashMap<String, Output>,
    dirty: &mut HashSet<String>,
    o: crate::output::Output,
) {
    set_output(outputs, dirty, &o.path, o.bytes, Some(0), Vec::new());
}

fn set_output(
    outputs: &mut HashMap<String, Output>,
    dirty: &mut HashSet<String>,
    path: &str,
    bytes: Vec<u8>,
    fingerprint: Option<u64>,
    lookups: Vec<u32>,
) {
    match outputs.get_mut(path) {
        Some(o) => {
            if o.bytes[..] != bytes[..] {
                o.bytes = bytes.into();
                dirty.insert(path.to_string());
            }
            o.fingerprint = fingerprint;
            o.lookups = lookups;
        }
        None => {
            outputs.insert(
                path.to_string(),
                Output {
                    bytes: bytes.into(),
                    fingerprint,
                    lookups,
                },
            );
            dirty.insert(path.to_string());
        }
    }
}

fn doc_at(site: &Site, loc: Loc) -> Option<&Doc> {
    match loc {
        Loc::Page(id) => site.pages.get(id).map(|p| &p.doc),
        Loc::Home => site.home_intro.as_ref(),
        Loc::Intro(ci) => site.collections.get(ci).and_then(|c| c.intro.as_ref()),
    }
}

fn put_doc(site: &mut Site, loc: Loc, doc: Doc) {
    match loc {
        Loc::Page(id) => {
            if let Some(p) = site.pages.get_mut(id) {
                p.doc = doc;
            }
        }
        Loc::Home => site.home_intro = Some(doc),
        Loc::Intro(ci) => {
            if let Some(c) = site.collections.get_mut(ci) {
                c.intro = Some(doc);
            }
        }
    }
}

/// Reads the theme's templates again (as `source::load` does).
/// Returns whether the map outline changed (then the site must be
/// prepared again).
fn load_templates(root: &Path, state: &mut State) -> bool {
    let mut diags = Vec::new();
    let layout = Layout::new(&state.config.theme);
    let templates = source::load_templates(root, &layout, &mut diags);
    let outline = source::map_outline(root, &layout, &mut diags);
    let outline_changed = outline != state.map_outline;
    state.map_outline = outline;
    state.templates = templates;
    state
        .load_diags
        .retain(|d| !d.file.starts_with(&format!("{}/", layout::THEMES_DIR)));
    state.load_diags.extend(diags);
    outline_changed
}

/// Lists theme and site `static/` files again.
fn load_static(root: &Path, state: &mut State) {
    let mut diags = Vec::new();
    let layout = Layout::new(&state.config.theme);
    state.static_files = source::static_files(root, &layout, &mut diags);
    state.load_diags.extend(diags);
}

/// Lists `content/` again: new Markdown files are added to `md`, vanished
/// ones removed; the asset list is replaced. Returns whether the set of
/// files changed.
fn scan_content(root: &Path, state: &mut State, md: &mut Vec<String>) -> bool {
    let mut diags = Vec::new();
    let mut found: HashSet<String> = HashSet::new();
    let (markdown, assets) = source::content_files(root, &mut diags);
    for (rel, _) in markdown {
        if !state.files.contains_key(&rel) {
            md.push(rel.clone());
        }
        found.insert(rel);
    }
    let gone: Vec<String> = state
        .files
        .keys()
        .filter(|k| !found.contains(*k))
        .cloned()
        .collect();
    for k in &gone {
        state.files.remove(k);
    }
    let assets_changed = assets != state.content_assets;
    state.content_assets = assets;
    state
        .load_diags
        .retain(|d| layout::in_content(&d.file).is_none());
    state.load_diags.extend(diags);
    !gone.is_empty() || assets_changed
}
