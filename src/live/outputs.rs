//! The render side of the engine: every job's fingerprint from the
//! context built for it (`deps`), the jobs whose fingerprint changed
//! rendered, and the site-wide files the change can reach.

use super::dirty::Dirty;
use super::kept::{Reads, Reuse, check_kept, context_of};
use super::moves::Snapshot;
use super::{Engine, Output, Rebuild};
use crate::clock::Clock;
use crate::config::Config;
use crate::deps::{self, LookupValues, Lookups, TemplateGraph};
use crate::diag::Diagnostic;
use crate::output::Packed;
use crate::render::{self, Hashed, Job, Lookup, Prepared, Templates};
use crate::resolve::{PageId, Site, reads};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

impl Engine {
    /// Renders the outputs whose fingerprint changed.
    pub(super) fn render(&mut self, report: &mut Rebuild) {
        self.graph.refresh(self.session.templates());
        let _ = self
            .session
            .load_templates(Some(self.cache.lookups.clone()));
        self.clock.lap("templates");
        // Only pages changed (no template, static file or hub.yaml): the
        // other languages' contexts that read only unchanged pages stay.
        let pages_only =
            self.before.is_some() || self.patched.is_some() || self.only_pages.is_some();
        let mut diags = Vec::new();
        self.render_jobs(report, &mut diags);
        self.session.add_render_diags(diags);
        self.render_languages(report, pages_only);
    }

    /// Renders the hub's other languages, each made ready again by the
    /// session's LANGUAGE step: the jobs whose fingerprint changed, and
    /// its site files; outputs that disappeared are dropped. `pages_only`:
    /// only pages changed since the last render, so contexts that read
    /// only pages unchanged in a language are that language's last ones.
    fn render_languages(&mut self, report: &mut Rebuild, pages_only: bool) {
        let mut diags = Vec::new();
        let count = self.session.language_count().max(1);
        // Hub.yaml no longer has these languages: their outputs go.
        for cache in self
            .languages
            .drain((count - 1).min(self.languages.len())..)
        {
            self.dirty.extend(cache.outputs.into_keys());
        }
        self.languages.resize_with(count - 1, JobCache::default);
        for (i, cache) in self.languages.iter_mut().enumerate() {
            let recorder = Some(cache.lookups.clone() as Arc<dyn render::LookupRecorder>);
            let before = cache.snapshot.take().filter(|_| pages_only);
            let previous = cache.language.take();
            let templates = cache.templates.clone();
            let Some(language) =
                (self.session).language(i + 1, previous, recorder, templates, &mut diags)
            else {
                continue;
            };
            self.clock.lap("languages");
            let place = Place {
                graph: &self.graph,
                folder: Some(&language.folder),
            };
            let rendered = render_language(
                cache,
                &place,
                &language,
                before,
                (&mut self.dirty, &mut self.clock),
                &mut diags,
            );
            cache.cards = language.card_assets().collect();
            cache.language = Some(language);
            cache.exports_pending = true;
            report.pages += rendered.0;
            report.contexts_built += cache.contexts_built;
            report.rendered += rendered.1.len();
            report.rerendered.extend(rendered.1);
        }
        report.rerendered.sort();
        crate::source::quote_lines(&self.root, &mut diags);
        self.language_diags = diags;
    }

    /// Renders the jobs whose fingerprint changed (problems into `diags`)
    /// and the site files the change reaches.
    fn render_jobs(&mut self, report: &mut Rebuild, render_diags: &mut Vec<Diagnostic>) {
        let Some(ready) = self.session.ready() else {
            // The site may have changed without the cache's contexts.
            self.cache_behind = true;
            self.last_snapshot = None;
            return;
        };
        self.cache_behind = false;
        let (config, site, prepared, tera) = ready;
        // A body-only edit: only the edited pages can have changed (unless
        // some output failed last time and must be retried).
        let shortcut = self
            .only_pages
            .take()
            .filter(|_| self.cache.outputs.values().all(|o| o.fingerprint.is_some()));
        // After a structural edit, the pages as they are now are taken
        // while the jobs are planned (see `moves`).
        let before = self.before.take();
        let (jobs, after) = rayon::join(
            || match &shortcut {
                Some(ids) => ids
                    .iter()
                    .filter_map(|&id| render::page_job(site, prepared, tera, id))
                    .collect::<Vec<Job<'_>>>(),
                None => render::jobs(config, site, prepared, tera),
            },
            || before.as_ref().map(|_| Snapshot::take(site, prepared)),
        );
        if shortcut.is_none() {
            self.total_jobs = jobs.len();
        }
        report.pages = self.total_jobs;
        let place = Place {
            graph: &self.graph,
            folder: None,
        };
        let patched = self.patched.take();
        // After a change of pages only, the pages left as they were.
        let moves = before.zip(after).and_then(|(before, after)| {
            let moves = before.moves(&after);
            self.last_snapshot = Some(after);
            moves
        });
        let reuse = match (&patched, &moves) {
            (Some(ids), _) => Reuse::InPlace(ids),
            (None, Some(moves)) => Reuse::Moved(moves),
            (None, None) => Reuse::Nothing,
        };
        self.clock.lap("plan");
        let written = (&mut self.dirty, &mut self.clock);
        let rerendered = (self.cache).render(&place, ready, (&jobs, reuse), written, render_diags);
        report.rendered = rerendered.len();
        report.rerendered = rerendered;
        report.contexts_built = self.cache.contexts_built;
        let all_site_files = self.site_files_dirty;
        let site_files = if std::mem::take(&mut self.site_files_dirty) {
            self.feeds_dirty.clear();
            self.exports_dirty = true;
            render::site_files(config, site, prepared, Some(&mut self.cache.feeds))
        } else {
            // Only what the change can reach; the rest stays as it was.
            let wanted = std::mem::take(&mut self.feeds_dirty);
            if wanted.is_empty() {
                Vec::new()
            } else {
                let wanted = |p: &str| wanted.contains(p);
                let routes = prepared.routes();
                (self.cache.feeds).write_changed(config, site, routes, Some(&wanted))
            }
        };
        self.clock.lap("site files");
        if shortcut.is_some() {
            set_site_files(&mut self.cache.outputs, &mut self.dirty, site_files);
            return;
        }
        let made: Vec<String> = site_files.iter().map(|o| o.path.clone()).collect();
        // Before the site files are stored: those kept from before.
        let gone = self.gone(&made, all_site_files);
        set_site_files(&mut self.cache.outputs, &mut self.dirty, site_files);
        for k in gone {
            self.cache.outputs.remove(&k);
            self.dirty.insert(k);
        }
        self.clock.lap("store");
    }

    /// The stored outputs of the default language that no output of this
    /// render is: not one its jobs make (those its jobs marked as they
    /// looked them up, `Output::seen`), nor a site file or feed it made
    /// (`made`), nor, when every site file was made again, an export
    /// (replaced only by an export, see `refresh_exports`) or feed it
    /// plans. When only some site files were made, the others (stored
    /// with fingerprint 0; a job's is a hash) stay.
    fn gone(&self, made: &[String], all_site_files: bool) -> Vec<String> {
        let now = self.cache.renders;
        let mut kept: HashSet<&str, foldhash::fast::RandomState> =
            made.iter().map(String::as_str).collect();
        if all_site_files {
            kept.extend(self.export_paths.iter().map(String::as_str));
            kept.extend(self.cache.feeds.paths().map(String::as_str));
        }
        let other_site_file = |o: &Output| !all_site_files && o.fingerprint == Some(0);
        (self.cache.outputs.iter())
            .filter(|(_, o)| o.seen.load(Ordering::Relaxed) != now && !other_site_file(o))
            .filter(|(k, _)| !kept.contains(k.as_str()))
            .map(|(k, _)| k.clone())
            .collect()
    }
}

/// Stores untemplated outputs (feeds, sitemap, exports...): fingerprint
/// 0, no lookups; each is replaced whenever it is produced again. They are
/// packed and compared in parallel (a sitemap or a feed can be megabytes).
pub(super) fn set_site_files(
    outputs: &mut Outputs,
    dirty: &mut Dirty,
    files: Vec<crate::output::Output>,
) {
    for (path, bytes) in packed(files, outputs, |p| p.to_string()) {
        set_output(outputs, dirty, &path, bytes, (Some(0), 0), Vec::new(), None);
    }
}

/// Outputs as `serve` keeps them (`Packed`), by path, each with whether it
/// differs from the one `stored` at its key (compared here, in parallel on
/// the rayon pool: a compressed file is read back to be compared). An
/// edit's few are held as they are (`Packed::fresh`) until edits settle
/// (`compact`), so compressing them is off the edit path; more than
/// `FRESH_AT_MOST` bytes (a whole site) are compressed at once.
fn packed(
    files: Vec<crate::output::Output>,
    stored: &Outputs,
    key: impl Fn(&str) -> String + Sync,
) -> Vec<(String, (Packed, bool))> {
    let size: usize = files.iter().map(|o| o.bytes.len()).sum();
    let fresh = size <= FRESH_AT_MOST;
    files
        .into_par_iter()
        .map(|o| {
            let bytes = match fresh {
                true => Packed::fresh(o.bytes),
                false => Packed::new(&o.bytes),
            };
            let changed = stored.get(&key(&o.path)).is_none_or(|s| s.bytes != bytes);
            (o.path, (bytes, changed))
        })
        .collect()
}

/// How many bytes of outputs one rebuild holds uncompressed at most.
const FRESH_AT_MOST: usize = 32 << 20;

/// Compresses the outputs held as they are (`Packed::fresh`); returns
/// each one's path and bytes before and after, for the served site.
pub(super) fn compact(outputs: &mut Outputs) -> Vec<(String, Packed, Packed)> {
    let settled: Vec<(String, Packed, Packed)> = (outputs.par_iter())
        .filter(|(_, o)| o.bytes.is_fresh())
        .map(|(path, o)| (path.clone(), o.bytes.clone(), o.bytes.settled()))
        .collect();
    settled
        .into_iter()
        .filter_map(|(path, was, now)| {
            let o = outputs.get_mut(&path)?;
            o.bytes = now.clone();
            Some((path, was, now))
        })
        .collect()
}

/// Stores an output at `path`; `changed`: whether its bytes differ from
/// those stored there (see `packed`), which then go into `dirty`.
pub(super) fn set_output(
    outputs: &mut Outputs,
    dirty: &mut Dirty,
    path: &str,
    (bytes, changed): (Packed, bool),
    (fingerprint, seen): (Option<u64>, u64),
    lookups: Vec<u32>,
    context: Option<(Hashed, Box<[PageId]>)>,
) {
    match outputs.get_mut(path) {
        Some(o) => {
            if changed {
                let was = std::mem::replace(&mut o.bytes, bytes);
                dirty.replaced(path, was);
            }
            o.fingerprint = fingerprint;
            o.lookups = lookups;
            *o.context.get_mut().unwrap_or_else(PoisonError::into_inner) = context;
            *o.seen.get_mut() = seen;
        }
        None => {
            outputs.insert(
                path.to_string(),
                Output {
                    bytes,
                    fingerprint,
                    lookups,
                    context: Mutex::new(context),
                    seen: AtomicU64::new(seen),
                },
            );
            dirty.insert(path.to_string());
        }
    }
}

/// Where a cache's outputs go: the template graph fingerprints are made
/// over, and the language's folder (`None`: the default language's).
pub(super) struct Place<'a> {
    pub graph: &'a TemplateGraph,
    pub folder: Option<&'a str>,
}

impl Place<'_> {
    /// The published path of a job's output.
    pub(super) fn key(&self, output: &str) -> String {
        self.key_of(output).into_owned()
    }

    /// The published path of a job's output, borrowed when it is the
    /// output itself (the default language's), to look it up.
    fn key_of<'o>(&self, output: &'o str) -> std::borrow::Cow<'o, str> {
        match self.folder {
            Some(folder) => crate::routes::language_output(folder, output).into(),
            None => output.into(),
        }
    }
}

/// The rendered jobs of one language (published path → output), with the
/// lookups their templates made.
#[derive(Default)]
pub(super) struct JobCache {
    pub lookups: Arc<Lookups>,
    /// Every distinct lookup templates ever made; outputs refer to them by index.
    lookup_table: Vec<Lookup>,
    lookup_ids: HashMap<Lookup, u32, foldhash::fast::RandomState>,
    pub outputs: Outputs,
    /// Some lookup could not be attributed to a page.
    unattributed: bool,
    /// An other language's render as last made: its /api/ exports are
    /// made from it once edits settle (`refresh_exports`), and the next
    /// edit carries over what did not change.
    pub language: Option<crate::session::LanguageRender>,
    /// `language` was made since its exports were last refreshed.
    pub exports_pending: bool,
    /// An other language's pages as its last render saw them (`None`:
    /// that render did not happen or failed).
    snapshot: Option<Snapshot>,
    /// The /api/ outputs of its last export.
    export_paths: HashSet<String>,
    /// Its social cards as last prepared, under its folder: files the
    /// server copies from the cache.
    pub cards: Vec<crate::output::Asset>,
    /// How many contexts its last `render` built.
    pub contexts_built: usize,
    /// The feeds it published, as planned (see `render::site_files`).
    pub feeds: crate::feeds::FeedMemo,
    /// Its parsed templates and remembered renders, kept across edits.
    pub templates: Arc<render::TemplateCache>,
    /// How many times it rendered: each render marks the stored outputs
    /// its jobs make with its number (`Output::seen`).
    renders: u64,
}

impl JobCache {
    /// Renders those of `jobs` whose fingerprint changed (problems into
    /// `diags`), stores them (written paths into `dirty`); returns the
    /// published paths rendered, sorted. `reuse`: which contexts hashed
    /// last time are known to be the same now, and are not built again.
    pub(super) fn render(
        &mut self,
        place: &Place<'_>,
        ready: Ready<'_>,
        (jobs, reuse): (&[Job<'_>], Reuse<'_>),
        (dirty, clock): (&mut Dirty, &mut Clock),
        render_diags: &mut Vec<Diagnostic>,
    ) -> Vec<String> {
        let (config, site, prepared, tera) = ready;
        self.renders += 1;
        let values = LookupValues::new(site, prepared);
        let all = self.unattributed.then(|| values.all());
        // The current value of every lookup templates made, computed once.
        let now: Vec<u64> = (self.lookup_table.par_iter())
            .map(|l| values.lookup(l))
            .collect();
        let (todo, built) = self.hash_jobs(place, ready, (jobs, reuse), (&now, all));
        self.contexts_built = built;
        clock.lap("contexts");
        let mut rerendered: Vec<String> = todo.iter().map(|(j, _)| place.key(&j.output)).collect();
        rerendered.sort();
        let _ = self.lookups.take();
        let renderer = render::Renderer::default();
        let jobs: Vec<&Job<'_>> = todo.iter().map(|(j, _)| *j).collect();
        let rendered =
            render::run_jobs(config, site, prepared, tera, &renderer, &jobs, render_diags);
        clock.lap("render");
        let log = self.lookups.take();
        if log.contains_key("") && !self.unattributed {
            // Some lookup could not be attributed: from now on, outputs
            // whose templates look pages up depend on every page.
            self.unattributed = true;
            for o in self.outputs.values_mut() {
                o.fingerprint = None;
            }
        }
        let packed: Packs = packed(rendered, &self.outputs, |p| place.key(p))
            .into_iter()
            .collect();
        clock.lap("pack");
        self.store(place, (todo, packed, log), (&values, &now, all), dirty);
        clock.lap("store");
        rerendered
    }

    /// The jobs whose fingerprint differs from the one of their stored
    /// output (to render), each with the hash of its context now and the
    /// pages it read (`None`: it could not be built), and how many
    /// contexts were built again (not kept). A job left as it is keeps
    /// the context built again with its stored output; each stored output
    /// is marked as this render's (`Output::seen`). In parallel: each job
    /// touches only its own output.
    fn hash_jobs<'j>(
        &self,
        place: &Place<'_>,
        (config, site, prepared, _): Ready<'_>,
        (jobs, reuse): (&'j [Job<'j>], Reuse<'_>),
        (lookup_values, all): (&[u64], Option<u64>),
    ) -> (Vec<ToRender<'j>>, usize) {
        let built = AtomicUsize::new(0);
        let todo = jobs
            .par_iter()
            .filter_map(|j| {
                let stored = self.outputs.get(place.key_of(&j.output).as_ref());
                if let Some(o) = stored {
                    o.seen.store(self.renders, Ordering::Relaxed);
                }
                let kept = stored.and_then(|o| reuse.kept(o, j, place.graph));
                if cfg!(debug_assertions) {
                    let now = || render::job_hash(config, site, prepared, j).ok();
                    check_kept(kept.as_ref(), j, place.graph, now);
                }
                let (context, reads) = match kept {
                    Some((context, reads)) => (Some(context), reads),
                    None => {
                        built.fetch_add(1, Ordering::Relaxed);
                        let hash = || render::job_hash(config, site, prepared, j).ok();
                        let (context, reads) = reads::record(hash);
                        (context, Some(reads.into_boxed_slice()))
                    }
                };
                let ids = stored.map_or(&[][..], |o| o.lookups.as_slice());
                let lookups = ids.iter().map(|&i| (i, lookup_values[i as usize]));
                let fp = context.map(|c| deps::fingerprint(j, c, place.graph, lookups, all));
                let todo = fp.is_none() || stored.and_then(|o| o.fingerprint) != fp;
                match (todo, context, reads) {
                    // Left as it is: the context as built now is kept.
                    (false, Some(c), Some(reads)) => {
                        if let Some(o) = stored {
                            *context_of(o) = Some((c, reads));
                        }
                        None
                    }
                    (false, _, _) => None,
                    // A context kept from last time keeps the pages it read.
                    (true, Some(c), None) => {
                        let kept = stored.and_then(|o| context_of(o).take());
                        Some((j, kept.map(|(_, reads)| (c, reads))))
                    }
                    (true, context, reads) => Some((j, context.zip(reads))),
                }
            })
            .collect();
        (todo, built.into_inner())
    }

    /// Stores the rendered outputs with their fingerprints; a job that
    /// did not render keeps its old output, to be rendered again.
    fn store(
        &mut self,
        place: &Place<'_>,
        (todo, mut packed, mut log): (Vec<ToRender<'_>>, Packs, Log),
        (values, now, all): (&LookupValues, &[u64], Option<u64>),
        dirty: &mut Dirty,
    ) {
        for (job, made) in todo {
            let lookups: Vec<u32> = log
                .remove(job.url.as_ref())
                .unwrap_or_default()
                .into_iter()
                .map(|l| self.lookup_id(l))
                .collect();
            let key = place.key(&job.output);
            let Some(bytes) = packed.remove(&job.output) else {
                if let Some(o) = self.outputs.get_mut(&key) {
                    o.fingerprint = None;
                }
                continue;
            };
            let fingerprint = made.as_ref().map(|&(context, _)| {
                let table = &self.lookup_table;
                // Known since hashing, unless new in this render.
                let value = |i: u32| match now.get(i as usize) {
                    Some(&v) => v,
                    None => values.lookup(&table[i as usize]),
                };
                let made = lookups.iter().map(|&i| (i, value(i)));
                deps::fingerprint(job, context, place.graph, made, all)
            });
            let fingerprint = fingerprint.filter(|_| !self.unattributed || all.is_some());
            let seen = self.renders;
            set_output(
                &mut self.outputs,
                dirty,
                &key,
                bytes,
                (fingerprint, seen),
                lookups,
                made,
            );
        }
    }

    /// Rewrites an other language's /api/ exports from its last render,
    /// if one was made since the last call (written paths into `dirty`);
    /// the exports it no longer makes are dropped.
    pub(super) fn refresh_exports(&mut self, dirty: &mut Dirty) {
        let Some(language) = self.language.as_ref().filter(|_| self.exports_pending) else {
            return;
        };
        self.exports_pending = false;
        let (config, site) = (&language.config, &language.site);
        let files = crate::exports::exports(config, site, language.prepared.routes());
        let files = in_folder(&language.folder, files);
        let paths: HashSet<String> = files.iter().map(|o| o.path.clone()).collect();
        set_site_files(&mut self.outputs, dirty, files);
        for gone in self.export_paths.difference(&paths) {
            self.outputs.remove(gone);
            dirty.insert(gone.clone());
        }
        self.export_paths = paths;
    }

    /// The index of a lookup in the table (added when new).
    fn lookup_id(&mut self, l: Lookup) -> u32 {
        match self.lookup_ids.get(&l) {
            Some(&i) => i,
            None => {
                let i = self.lookup_table.len() as u32;
                self.lookup_ids.insert(l.clone(), i);
                self.lookup_table.push(l);
                i
            }
        }
    }
}

/// One other language's outputs into its cache: the jobs whose
/// fingerprint changed, every site file but the exports (stored only when
/// its bytes changed; the exports wait until edits settle, as the default
/// language's do); those no longer made are dropped. Returns how many jobs the
/// language has and the published paths rendered. `before`: its pages as
/// its last render saw them, when only pages changed since.
fn render_language(
    cache: &mut JobCache,
    place: &Place<'_>,
    language: &crate::session::LanguageRender,
    before: Option<Snapshot>,
    (dirty, clock): (&mut Dirty, &mut Clock),
    diags: &mut Vec<Diagnostic>,
) -> (usize, Vec<String>) {
    let Some(tera) = &language.templates else {
        return (0, Vec::new());
    };
    let (config, site, prepared) = (&language.config, &language.site, &language.prepared);
    let (jobs, after) = rayon::join(
        || render::jobs(config, site, prepared, tera),
        || Snapshot::take(site, prepared),
    );
    let ready = (config, site, prepared, tera);
    let moves = before.and_then(|before| before.moves(&after));
    let reuse = moves.as_ref().map_or(Reuse::Nothing, Reuse::Moved);
    clock.lap("plan");
    let rendered = cache.render(
        place,
        ready,
        (&jobs, reuse),
        (&mut *dirty, &mut *clock),
        diags,
    );
    cache.snapshot = Some(after);
    let mut live: HashSet<String> = jobs.iter().map(|j| place.key(&j.output)).collect();
    let files = render::site_files(config, site, prepared, Some(&mut cache.feeds));
    // Exports are replaced only by an export (see `refresh_exports`); feeds
    // left unwritten because their plan is the same stay.
    live.extend(cache.export_paths.iter().cloned());
    let feeds = cache.feeds.paths();
    live.extend(feeds.filter_map(|p| crate::session::output_in(&language.folder, p)));
    let files = in_folder(&language.folder, files);
    live.extend(files.iter().map(|o| o.path.clone()));
    set_site_files(&mut cache.outputs, dirty, files);
    cache.outputs.retain(|k, _| {
        let keep = live.contains(k);
        if !keep {
            dirty.insert(k.clone());
        }
        keep
    });
    clock.lap("site files");
    (jobs.len(), rendered)
}

/// Published path → output. Looked up for every job of every rebuild
/// (11,666 at 10,000 pages): hashed with foldhash (seeded per process),
/// not SipHash.
pub(super) type Outputs = HashMap<String, Output, foldhash::fast::RandomState>;
/// The ready stages a cache renders from.
type Ready<'a> = (&'a Config, &'a Site, &'a Prepared, &'a Templates);
/// Rendered outputs by output path, packed, with whether each changed.
type Packs = HashMap<String, (Packed, bool), foldhash::fast::RandomState>;
/// The lookups templates made, by the URL of the page that made them.
type Log = deps::LookupLog;
/// A job to render, with its context hash and the pages that context read
/// (`None`: it could not be built).
type ToRender<'j> = (&'j Job<'j>, Option<(Hashed, Reads)>);

/// A language's site files at their published paths under `folder`
/// (those that cannot be placed there are left out).
fn in_folder(folder: &str, files: Vec<crate::output::Output>) -> Vec<crate::output::Output> {
    files
        .into_iter()
        .filter_map(|o| {
            let path = crate::session::output_in(folder, &o.path)?;
            Some(crate::output::Output {
                path,
                bytes: o.bytes,
            })
        })
        .collect()
}
