//! The preview's watcher: the hub's input folders watched, changes
//! gathered (a burst of saves waited out), the engine told, the new site
//! published to the server and open pages; once edits settle, the
//! whole-site work kept off the edit path (exports, search index).

use super::{BURST_GAP, DEBOUNCE, SETTLE_DELAY, Shared, Snapshot, message};
use crate::cli::Format;
use crate::diag::{self, Diagnostic};
use crate::live::{Engine, Rebuild};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::notify::RecommendedWatcher;
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::RecvTimeoutError;
use std::thread::JoinHandle;
use std::time::Instant;

/// The files being watched, and the channel their changes arrive on.
pub(super) struct FileWatch {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    changes: std::sync::mpsc::Receiver<DebounceEventResult>,
    /// The root itself (not recursive) sees hub.yaml saved by renaming and
    /// content/ or static/ appearing; the input folders are watched whole.
    targets: Vec<(PathBuf, RecursiveMode)>,
    watched: Vec<PathBuf>,
}

impl FileWatch {
    /// Starts watching the hub (before the first build, so that nothing
    /// saved while it runs is missed).
    pub(super) fn start(root: &Path) -> Option<FileWatch> {
        let (tx, changes) = std::sync::mpsc::channel::<DebounceEventResult>();
        let debouncer = match new_debouncer(DEBOUNCE, None, move |r: DebounceEventResult| {
            let _ = tx.send(r);
        }) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("error: cannot watch files ({e}); the preview will not update");
                return None;
            }
        };
        let mut watch = FileWatch {
            debouncer,
            changes,
            targets: std::iter::once((root.to_path_buf(), RecursiveMode::NonRecursive))
                .chain(
                    (crate::layout::INPUT_DIRS.iter())
                        .chain([&crate::layout::FORMS_DIR])
                        .map(|d| (root.join(d), RecursiveMode::Recursive)),
                )
                .collect(),
            watched: Vec::new(),
        };
        watch.watch_new_folders();
        Some(watch)
    }

    /// Watches the folders of `targets` that exist and are not watched yet.
    fn watch_new_folders(&mut self) {
        for (path, mode) in &self.targets {
            if path.is_dir() && !self.watched.contains(path) {
                match self.debouncer.watch(path, *mode) {
                    Ok(()) => self.watched.push(path.clone()),
                    Err(e) => eprintln!("warning: cannot watch {}: {e}", path.display()),
                }
            }
        }
    }
}

/// The watcher thread: waits for changes, rebuilds, publishes
/// (`timings`: and prints each rebuild's stages).
pub(super) fn watch(
    (root, timings): (&Path, bool),
    files: FileWatch,
    engine: Engine,
    shared: Arc<Shared>,
) {
    let mut w = Watcher {
        root,
        timings,
        files,
        engine,
        shared,
        last_errors: None,
        last_rebuild: None,
        // The first index is built once the server is up.
        settle_due: true,
        version: 0,
        indexing: None,
        search_pool: rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .thread_name(|_| "search-index".into())
            .build()
            .ok()
            .map(Arc::new),
    };
    while let Some(paths) = w.next_changes() {
        w.rebuild(&paths);
    }
}

/// The watcher's state between rebuilds.
struct Watcher<'a> {
    root: &'a Path,
    /// `--timings`: each rebuild's stages are printed.
    timings: bool,
    files: FileWatch,
    engine: Engine,
    shared: Arc<Shared>,
    /// The errors last printed, not repeated while they stay the same.
    last_errors: Option<String>,
    last_rebuild: Option<Instant>,
    /// The whole-site work is due once edits settle.
    settle_due: bool,
    /// How many times the site was published.
    version: u64,
    /// The search index is built on its own thread (Pagefind takes seconds
    /// on a large hub); edits go on being rebuilt meanwhile.
    indexing: Option<JoinHandle<()>>,
    /// Pagefind works through rayon: it gets a one-thread pool of its own,
    /// or it would hold the threads the rebuilds need.
    search_pool: Option<Arc<rayon::ThreadPool>>,
}

impl Watcher<'_> {
    /// The next changed paths that are inputs of the hub (doing the settled
    /// work while waiting); `None` once the watcher is gone.
    fn next_changes(&mut self) -> Option<Vec<PathBuf>> {
        loop {
            let first = if self.settle_due {
                match self.files.changes.recv_timeout(SETTLE_DELAY) {
                    Ok(batch) => batch,
                    Err(RecvTimeoutError::Timeout) => {
                        self.settled();
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            } else {
                self.files.changes.recv().ok()?
            };
            let paths = self.gather(first);
            let relevant = self.relevant(paths);
            if !relevant.is_empty() {
                return Some(relevant);
            }
        }
    }

    /// Edits have settled: the whole-site work kept off the edit path (the
    /// /api/ exports, the search index).
    fn settled(&mut self) {
        self.settle_due = false;
        self.engine.refresh_exports();
        self.engine.compact();
        if self.indexing.as_ref().is_some_and(|t| !t.is_finished()) {
            // Index the latest site once this run is over.
            self.settle_due = true;
            return;
        }
        let Some(job) = self.engine.search_job() else {
            return;
        };
        let pool = self.search_pool.clone();
        self.indexing = Some(std::thread::spawn(move || {
            let start = Instant::now();
            let result = match pool {
                Some(pool) => pool.install(|| job.run()),
                None => job.run(),
            };
            match result {
                Ok(_) => eprintln!("search index rebuilt in {} ms", start.elapsed().as_millis()),
                Err(d) => {
                    crate::cmd::report(&mut vec![d], Format::Human);
                }
            }
        }));
    }

    /// The paths of `first` and of the batches right behind it. A burst
    /// of saves (a change right after the last rebuild) is waited out, so
    /// that it costs one or two rebuilds, not dozens.
    fn gather(&mut self, first: DebounceEventResult) -> Vec<PathBuf> {
        let mut batches = vec![first];
        if self.last_rebuild.is_some_and(|t| t.elapsed() < BURST_GAP) {
            while let Ok(more) = self.files.changes.recv_timeout(BURST_GAP) {
                batches.push(more);
            }
        }
        while let Ok(more) = self.files.changes.try_recv() {
            batches.push(more);
        }
        let mut paths: Vec<PathBuf> = Vec::new();
        for batch in batches {
            match batch {
                Ok(events) => {
                    for e in events {
                        if matches!(e.event.kind, EventKind::Access(_)) {
                            continue;
                        }
                        for p in &e.event.paths {
                            if !paths.contains(p) {
                                paths.push(p.clone());
                            }
                        }
                    }
                }
                Err(errors) => {
                    for e in errors {
                        eprintln!("warning: file watching: {e}");
                    }
                }
            }
        }
        paths
    }

    /// The paths that may be inputs of the hub (see `layout::is_input`).
    fn relevant(&self, paths: Vec<PathBuf>) -> Vec<PathBuf> {
        paths
            .into_iter()
            .filter(|p| {
                let rel = p.strip_prefix(self.root).unwrap_or(p);
                rel.to_str()
                    .is_some_and(|rel| crate::layout::is_input(&rel.replace('\\', "/")))
            })
            .collect()
    }

    /// Rebuilds after `paths` changed, prints what happened, publishes.
    fn rebuild(&mut self, paths: &[PathBuf]) {
        self.files.watch_new_folders();
        let report = self.engine.apply(paths);
        self.last_rebuild = Some(Instant::now());
        self.print(&report);
        if report.published {
            self.settle_due = true;
            self.version += 1;
        }
        let version = self.version;
        self.shared.set(Snapshot {
            files: self.engine.shared_site(),
            assets: self.engine.published_assets(),
            hello: message(&report, true, version),
            version,
        });
        let _ = self.shared.events.send(message(&report, false, version));
    }

    /// The rebuild's line, and its errors unless they were just printed.
    fn print(&mut self, report: &Rebuild) {
        if self.timings {
            eprintln!("  stages: {}", report.stages_line());
        }
        let errors: Vec<Diagnostic> = report
            .diags
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        if errors.is_empty() {
            if self.last_errors.take().is_some() {
                eprintln!("errors fixed");
            }
            eprintln!("{}", report.summary_line());
            return;
        }
        let error_text: String = errors
            .iter()
            .map(|d| diag::render_human(d, false))
            .collect();
        // The same errors again (another save of an unrelated file) are not repeated.
        if self.last_errors.as_deref() != Some(error_text.as_str()) {
            let mut errors = errors;
            crate::cmd::report(&mut errors, Format::Human);
        }
        eprintln!(
            "{}: {}; still serving the last good site",
            report.summary_line(),
            diag::summary_line(&report.diags)
        );
        self.last_errors = Some(error_text);
    }
}
