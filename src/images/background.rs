//! Images processed off the edit path (`serve`): a new image's variants
//! are made on a pool of their own while the pages naming them are
//! already shown, each image's cache folder appearing whole when it is
//! done. The jobs in flight are known process-wide, by cache folder, so
//! that the server waits for a variant being made instead of answering
//! 404 or another file's bytes, a later run does not start the same job
//! twice, and an image that fails to process is reported at its file.

use super::cache::{self, Cached};
use super::process::{self, Kind};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, LazyLock, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How long a request for a variant waits for it at most.
const WAIT_LIMIT: Duration = Duration::from_secs(120);

/// One image to process: its bytes, read and hashed on the edit path,
/// and the files its header says it makes.
pub(crate) struct Job {
    pub dir: PathBuf,
    pub key: String,
    pub bytes: Vec<u8>,
    pub kind: Kind,
    pub planned: Vec<Cached>,
}

/// A job in flight, or one that failed (its error, for the diagnostic).
enum State {
    Running,
    Failed(String),
}

#[derive(Default)]
struct Jobs {
    by_folder: Mutex<HashMap<PathBuf, State>>,
    done: Condvar,
}

static JOBS: LazyLock<Jobs> = LazyLock::new(Jobs::default);

/// The images' own threads: all cores but one, which stays free for the
/// rebuilds (rayon's global pool), so a page is re-rendered at once.
static POOL: LazyLock<Option<rayon::ThreadPool>> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    rayon::ThreadPoolBuilder::new()
        .num_threads(cores.saturating_sub(1).max(1))
        .thread_name(|i| format!("images-{i}"))
        .build()
        .ok()
});

fn jobs() -> MutexGuard<'static, HashMap<PathBuf, State>> {
    JOBS.by_folder.lock().unwrap_or_else(|p| p.into_inner())
}

/// What is known of the job of a cache folder.
pub(crate) enum Known {
    None,
    Running,
    Failed(String),
}

pub(crate) fn known(folder: &Path) -> Known {
    match jobs().get(folder) {
        None => Known::None,
        Some(State::Running) => Known::Running,
        Some(State::Failed(e)) => Known::Failed(e.clone()),
    }
}

/// Starts a job unless one for its folder is in flight.
pub(crate) fn start(job: Job) {
    let folder = job.dir.join(&job.key);
    {
        let mut jobs = jobs();
        if matches!(jobs.get(&folder), Some(State::Running)) {
            return;
        }
        jobs.insert(folder.clone(), State::Running);
    }
    match &*POOL {
        Some(pool) => pool.spawn(move || finish(folder, run(&job))),
        None => {
            std::thread::spawn(move || finish(folder, run(&job)));
        }
    }
}

/// Processes and stores one image; an error when it does not decode, or
/// when its pixels are not the size its header said (the pages name the
/// header's).
fn run(job: &Job) -> Result<(), String> {
    let encoded = process::process(&job.bytes, job.kind)?;
    let files = cache::store(&job.dir, &job.key, &encoded)
        .map_err(|e| format!("cannot write the image cache {}: {e}", job.dir.display()))?;
    let names = |f: &[Cached]| -> Vec<PathBuf> { f.iter().map(|c| c.file.clone()).collect() };
    if names(&files) != names(&job.planned) {
        return Err("its pixels are not the size its header says".into());
    }
    Ok(())
}

fn finish(folder: PathBuf, result: Result<(), String>) {
    let mut jobs = jobs();
    match result {
        Ok(()) => jobs.remove(&folder),
        Err(e) => jobs.insert(folder, State::Failed(e)),
    };
    JOBS.done.notify_all();
}

/// Waits while the image whose variant `file` is is being processed (for
/// at most two minutes).
pub(crate) fn wait_for(file: &Path) {
    let Some(folder) = file.parent() else {
        return;
    };
    let start = Instant::now();
    let mut jobs = jobs();
    while matches!(jobs.get(folder), Some(State::Running)) {
        let Some(left) = WAIT_LIMIT.checked_sub(start.elapsed()) else {
            return;
        };
        jobs = match JOBS.done.wait_timeout(jobs, left) {
            Ok((guard, _)) => guard,
            Err(p) => p.into_inner().0,
        };
    }
}
