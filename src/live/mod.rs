//! LIVE: the incremental build engine behind `serve`: the build's own
//! `Session` plus a cache of rendered jobs. On a change it asks the
//! session to reload the scope the paths belong to, to read and parse only
//! the changed pages, and to resolve again (or, when resolve would see
//! nothing new, to put the pages into the site in place); the cache then
//! re-renders only the outputs whose fingerprint (`deps`) changed. The
//! result is always byte-identical to a full `pipeline::run`. Never reads
//! or writes files itself: the session reads, and the last good outputs
//! are kept in memory (`published`).

mod dirty;
mod files;
mod kept;
mod moves;
mod outputs;
mod search_job;

use outputs::{JobCache, set_site_files};

use crate::clock::Clock;
use crate::config;
use crate::deps::TemplateGraph;
use crate::diag::Diagnostic;
use crate::layout::{self, Input, Layout};
use crate::output::AssetFrom;
use crate::pipeline::Options;
use crate::resolve::PageId;
use crate::session::Session;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// Bytes of one output, compressed and shared cheaply with the HTTP server.
pub type Bytes = crate::output::Packed;

/// The last good site (output path → bytes), shared with the HTTP server
/// and updated in place, one changed output at a time, on each publish.
pub(crate) type SharedSite = Arc<RwLock<HashMap<String, Bytes>>>;

/// The copied files of the last good site (output path → source), as
/// the HTTP server looks them up; made again on every publish.
pub(crate) type PublishedAssets = HashMap<String, AssetFrom, foldhash::fast::RandomState>;

/// What one rebuild did.
#[derive(Debug, Default)]
pub struct Rebuild {
    /// Templated outputs rendered this time.
    pub rendered: usize,
    /// Templated outputs of the site.
    pub pages: usize,
    /// The outputs rendered this time, sorted.
    pub rerendered: Vec<String>,
    /// Template contexts built (and hashed) this time to find what to
    /// render; the others were known not to have changed.
    pub contexts_built: usize,
    /// Outputs whose bytes differ from the previously published site
    /// (added and removed ones included); empty unless `published`.
    pub changed: Vec<String>,
    /// Copied files (theme or site `static/`, content assets) touched by the change.
    pub assets_changed: Vec<String>,
    /// Every diagnostic of the current state of the files.
    pub diags: Vec<Diagnostic>,
    /// No error: the outputs became the served site.
    pub published: bool,
    /// New images whose variants this rebuild left to be made off the
    /// edit path: their pages already name them (from each image's
    /// header), and the server waits for a variant not made yet.
    pub images_deferred: usize,
    pub elapsed: Duration,
    /// The time each stage took, in the order they first ran
    /// (`serve --timings`).
    pub stages: Vec<(&'static str, Duration)>,
}

impl Rebuild {
    pub fn has_errors(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }

    /// The time each stage took: `read 1 ms, resolve 56 ms, …`
    /// (`serve --timings`).
    pub fn stages_line(&self) -> String {
        let stages: Vec<String> = (self.stages.iter())
            .map(|(stage, took)| format!("{stage} {:.1} ms", took.as_secs_f64() * 1000.0))
            .collect();
        stages.join(", ")
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

struct Output {
    bytes: Bytes,
    /// `None`: must be rendered next time (new, or failed last time).
    fingerprint: Option<u64>,
    /// Ids (in `Engine::lookup_table`) of the lookups its templates made.
    lookups: Vec<u32>,
    /// A templated output's context as last hashed: its hash and the pages
    /// it read (`resolve::reads`), sorted.
    /// (Locked only by its own job while contexts are hashed in parallel.)
    context: std::sync::Mutex<Option<(crate::render::Hashed, Box<[PageId]>)>>,
    /// The last render (`JobCache::renders`) one of whose jobs makes it:
    /// an output no job of the last render made is gone (`gone`).
    seen: std::sync::atomic::AtomicU64,
}

/// The engine. `new` builds everything once; `apply` takes changed paths.
pub struct Engine {
    root: PathBuf,
    /// Every stage's result, as a full build makes them.
    session: Session,
    /// Which templates each template reaches (for fingerprints).
    graph: TemplateGraph,
    /// The default language's rendered jobs and site files.
    cache: JobCache,
    /// Each other language's (`/<lang>/…`), in the hub's order.
    languages: Vec<JobCache>,
    /// The problems the other languages' renders found, last time.
    language_diags: Vec<Diagnostic>,
    published: SharedSite,
    published_assets: Arc<PublishedAssets>,
    /// Outputs written since the last publish.
    dirty: dirty::Dirty,
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
    /// These pages changed in place, summaries included, and nothing else
    /// did (no listing, template or site data): only the contexts that
    /// read them can have changed (see `JobCache::render`).
    patched: Option<Vec<PageId>>,
    /// The site's pages as they were before the site was resolved again
    /// for a change of pages only (no template, static file or hub.yaml):
    /// item pages' contexts that read only pages left unchanged are kept
    /// (see `moves`).
    before: Option<moves::Snapshot>,
    /// The site's pages as the render after the last structural edit saw
    /// them: the next structural edit's `before`, unless something else
    /// than pages changed since. Pages changed in place since then no
    /// longer match it, so they count as changed (which is only cautious).
    last_snapshot: Option<moves::Snapshot>,
    /// The site was resolved again since the cache's contexts were last
    /// hashed (nothing was rendered: the templates did not load), so the
    /// site before a change is not what those contexts were made from.
    cache_behind: bool,
    /// Templated outputs of the site, as of the last full listing of jobs.
    total_jobs: usize,
    /// The search index of each language (the default first), kept
    /// between settles (see `search_job`).
    search_indexes: Vec<crate::search::SharedIndex>,
    /// Each language's last `pagefind-entry.json` (see `SearchJob`).
    search_entries: Arc<Mutex<Vec<Vec<u8>>>>,
    /// Times the stages of the rebuild under way.
    clock: Clock,
}

impl Engine {
    /// Builds the whole hub once.
    pub fn new(root: &Path, options: &Options) -> (Engine, Rebuild) {
        let mut engine = Engine {
            root: root.to_path_buf(),
            session: Session::new(root, options),
            graph: TemplateGraph::new(&[]),
            cache: JobCache::default(),
            languages: Vec::new(),
            language_diags: Vec::new(),
            published: Arc::new(RwLock::new(HashMap::new())),
            published_assets: Arc::default(),
            dirty: dirty::Dirty::default(),
            site_files_dirty: true,
            feeds_dirty: HashSet::new(),
            exports_dirty: false,
            export_paths: HashSet::new(),
            last_published: false,
            only_pages: None,
            patched: None,
            before: None,
            last_snapshot: None,
            cache_behind: true,
            total_jobs: 0,
            search_indexes: Vec::new(),
            search_entries: Default::default(),
            clock: Clock::default(),
        };
        engine.session.keep_renders();
        let report = engine.apply(&[PathBuf::from(config::CONFIG_FILE)]);
        // The first build is complete at once, exports included.
        engine.refresh_exports();
        engine.compact();
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
    pub(crate) fn published_assets(&self) -> Arc<PublishedAssets> {
        self.published_assets.clone()
    }

    /// Rewrites the /api/ exports (each language's) if edits since the
    /// last call changed what they show, and publishes them; returns the outputs that
    /// changed. Exports cover every page of the site (a quarter of a
    /// second at 10,000 pages), so `serve` calls this once edits have
    /// settled, never on the edit path. Does nothing while the files have
    /// errors: the last good exports stay served.
    pub fn refresh_exports(&mut self) -> Vec<String> {
        let languages = self.languages.iter().any(|c| c.exports_pending);
        if !(self.exports_dirty || languages) || !self.last_published {
            return Vec::new();
        }
        // Each other language's, from its last render.
        for cache in &mut self.languages {
            cache.refresh_exports(&mut self.dirty);
        }
        self.refresh_default_exports();
        self.publish()
    }

    /// The default language's exports, when edits changed what they show.
    fn refresh_default_exports(&mut self) {
        let session = &self.session;
        let (Some(config), Some(site), Some(prepared)) =
            (session.config(), session.site(), session.prepared())
        else {
            return;
        };
        if !self.exports_dirty {
            return;
        }
        let files = crate::exports::exports(config, site, prepared.routes());
        let paths: HashSet<String> = files.iter().map(|o| o.path.clone()).collect();
        for gone in self.export_paths.difference(&paths) {
            self.cache.outputs.remove(gone);
            self.dirty.insert(gone.clone());
        }
        set_site_files(&mut self.cache.outputs, &mut self.dirty, files);
        self.export_paths = paths;
        self.exports_dirty = false;
    }

    /// Compresses the outputs that the rebuilds since the last call held
    /// as they are (`Packed::fresh`), in the served site too. `serve` calls
    /// this once edits have settled, so compressing is off the edit path.
    pub fn compact(&mut self) {
        let mut settled = Vec::new();
        for cache in std::iter::once(&mut self.cache).chain(&mut self.languages) {
            settled.extend(outputs::compact(&mut cache.outputs));
        }
        if settled.is_empty() {
            return;
        }
        let mut map = match self.published.write() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        for (path, was, now) in settled {
            // Only where the served site holds those very bytes.
            if let Some(served) = map.get_mut(&path).filter(|b| b.shares(&was)) {
                *served = now;
            }
        }
    }

    /// The output stored for a published path, in whichever language.
    fn output(&self, path: &str) -> Option<&Output> {
        let mut caches = std::iter::once(&self.cache).chain(&self.languages);
        caches.find_map(|c| c.outputs.get(path))
    }

    /// The current outputs (good or not), for tests.
    pub fn current_outputs(&self) -> BTreeMap<String, Vec<u8>> {
        std::iter::once(&self.cache)
            .chain(&self.languages)
            .flat_map(|c| &c.outputs)
            .map(|(k, v)| (k.clone(), v.bytes.to_vec()))
            .collect()
    }

    /// Rebuilds after the given files changed (paths absolute or relative
    /// to the hub root; files or folders; created, modified or deleted).
    pub fn apply(&mut self, paths: &[PathBuf]) -> Rebuild {
        let start = Instant::now();
        let _ = self.clock.take();
        let mut report = Rebuild::default();
        let mut full = self.session.config().is_none() || self.session.config_failed();
        let images_before = Arc::as_ptr(self.session.images());
        self.only_pages = None;
        self.patched = None;
        self.before = None;
        let (mut md, mut content_scan, mut templates_scan, mut static_scan) =
            (Vec::new(), false, false, false);
        let mut forms_scan = false;
        // Before hub.yaml loads, no theme is known: theme files then only
        // matter through the full load.
        let layout = Layout::new(self.session.config().map_or("", |c| c.theme.as_str()));
        for p in paths {
            let rel = p.strip_prefix(&self.root).unwrap_or(p);
            let rel = rel.to_string_lossy().replace('\\', "/");
            let rel = rel.trim_start_matches("./").to_string();
            let abs = self.root.join(&rel);
            match layout.classify(&rel) {
                Input::Config => full = true,
                Input::ContentPage if !abs.is_dir() => md.push(rel),
                Input::ContentPage | Input::ContentFile(_) => {
                    if abs.exists() || self.session.known_below(&rel) {
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
                Input::IssueForm => forms_scan = true,
                Input::Ignored => {}
            }
        }
        if full {
            self.site_files_dirty = true;
            self.load_all();
        } else if self.session.config().is_some() {
            let mut structural = false;
            if templates_scan {
                // A new map outline changes what is prepared: resolve
                // again; new shortcodes: parse the pages that may call one.
                let (outline, reparse) = self.session.reload_templates();
                structural |= outline;
                md.extend(reparse);
            }
            if static_scan && let Some(reparse) = self.session.reload_static() {
                // An image of `static/` changed: the pages naming it.
                structural = true;
                md.extend(reparse);
            }
            if content_scan {
                structural |= self.session.scan_content(&mut md);
            }
            match self.update_files(md, structural) {
                Some((feeds, exports)) => {
                    self.feeds_dirty.extend(feeds);
                    self.exports_dirty |= exports;
                }
                None => self.site_files_dirty = true,
            }
            if templates_scan || static_scan {
                self.only_pages = None;
                self.patched = None;
                self.before = None;
                self.last_snapshot = None;
            }
            if forms_scan {
                self.session.check_forms();
            }
        }
        self.render(&mut report);
        report.diags = self.diagnostics();
        report.published = !report.has_errors() && self.session.config().is_some();
        self.last_published = report.published;
        if report.published {
            report.changed = self.publish();
        }
        self.clock.lap("publish");
        report.images_deferred = self.images_deferred(images_before);
        report.elapsed = start.elapsed();
        report.stages = self.clock.take();
        report
    }

    /// The images the last images step left to `background`, if that step
    /// ran since `before` (the session's images then).
    fn images_deferred(&self, before: *const crate::images::Images) -> usize {
        let images = self.session.images();
        if Arc::as_ptr(images) == before {
            return 0;
        }
        images.deferred()
    }

    /// Waits until the variants of every image the pages name are made
    /// (`serve` makes a new image's off the edit path).
    pub fn wait_for_images(&self) {
        self.session.images().wait();
    }

    /// The bytes of a copied file of the last good site, as the server
    /// answers them (a variant being made: once it is done).
    pub fn published_asset(&self, path: &str) -> Option<Vec<u8>> {
        match self.published_assets.get(path)? {
            AssetFrom::File(from) => crate::source::read_listed(from).ok(),
            AssetFrom::Made { file, source } => {
                crate::images::wait_for(file);
                crate::source::still_listed(source).ok()?;
                std::fs::read(file).ok()
            }
            AssetFrom::Builtin(bytes) => Some(bytes.to_vec()),
            AssetFrom::Cache(file) => std::fs::read(file).ok(),
        }
    }

    fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut diags = self.session.diagnostics();
        diags.extend(self.language_diags.iter().cloned());
        crate::diag::sort(&mut diags);
        crate::diag::limit_per_file(&mut diags);
        diags
    }

    /// Makes the current outputs the served site; returns what changed.
    /// The copied files are listed again meanwhile.
    fn publish(&mut self) -> Vec<String> {
        let dirty = self.dirty.take();
        let engine = &*self;
        let (mut changed, assets) = rayon::join(
            || engine.publish_outputs(dirty),
            || engine.session.config().map(|_| engine.assets_now()),
        );
        if let Some(assets) = assets {
            // The last list (ten thousand social cards) is freed off the
            // edit path.
            let old = std::mem::replace(&mut self.published_assets, Arc::new(assets));
            rayon::spawn(move || drop(old));
        }
        changed.sort();
        changed
    }

    /// Puts the `dirty` outputs into the served site; returns those whose
    /// bytes changed there: known when the served site holds the bytes
    /// an output replaced once (`dirty::Dirty`), else compared in
    /// parallel (a compressed file is read back to be compared).
    fn publish_outputs(&self, dirty: Vec<(String, Option<Bytes>)>) -> Vec<String> {
        if dirty.is_empty() {
            return Vec::new();
        }
        let mut map = match self.published.write() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        let served = &*map;
        let now: Vec<(String, Option<Bytes>)> = (dirty.into_par_iter())
            .filter_map(|(path, was)| {
                let bytes = self.output(&path).map(|o| o.bytes.clone());
                let old = served.get(&path);
                let changed = match &bytes {
                    // Replaced once since the last publish, and served as
                    // it was: it differs (`dirty::Dirty`).
                    Some(_) if old.zip(was).is_some_and(|(o, w)| o.shares(&w)) => true,
                    Some(b) => old.is_none_or(|old| old != b),
                    None => old.is_some(),
                };
                changed.then_some((path, bytes))
            })
            .collect();
        let mut changed = Vec::with_capacity(now.len());
        for (path, bytes) in now {
            match bytes {
                Some(b) => map.insert(path.clone(), b),
                None => map.remove(&path),
            };
            changed.push(path);
        }
        changed
    }

    /// The copied files of the current site, social cards included (the
    /// cards of every language, as files the server answers from the
    /// cache).
    fn assets_now(&self) -> PublishedAssets {
        let mut assets = PublishedAssets::with_capacity_and_hasher(
            self.published_assets.len(),
            Default::default(),
        );
        let files = self
            .session
            .assets()
            .map(|a| (a.to.clone(), a.from.clone()));
        let default = self.session.prepared().into_iter();
        let others = self.languages.iter().flat_map(|c| &c.cards);
        assets.extend(files);
        assets.extend(default.flat_map(|p| p.served_cards()));
        assets.extend(others.map(|a| (a.to.clone(), a.from.clone())));
        assets
    }

    /// The files the last good site copies out of the cache (its social
    /// cards), with their bytes: with `published`, what a build writes.
    pub fn published_cache_files(&self) -> BTreeMap<String, Vec<u8>> {
        self.published_assets
            .iter()
            .filter_map(|(to, from)| match from {
                AssetFrom::Cache(file) => Some((to.clone(), std::fs::read(file).ok()?)),
                _ => None,
            })
            .collect()
    }
}
