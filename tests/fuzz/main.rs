//! Fuzzing on stable Rust, in process: seeded mutations of the shipped
//! pages and of the fixtures' pages, and pages generated from pieces of
//! YAML and Markdown, each put into a copy of the shipped hub and driven
//! through the whole pipeline (load → parse → resolve → render → feeds and
//! exports). An input fails the run when the pipeline panics, a diagnostic
//! lands in another file than the input (or off the input's text), or an
//! output path would leave the output folder. Then page shapes that have
//! cost more than linear time are built at two sizes, search index
//! included, and a page whose time grows faster than its size fails.
//!
//! CI runs a seeded slice (`cargo test --test fuzz`, 2,500 inputs, the
//! same every run: it guards against regressions on them, while new
//! inputs come from long runs and other seeds; 4,000 took 29 s more of a
//! CI run). A long run, with its figures printed:
//!
//! ```sh
//! FUZZ_INPUTS=1000000 cargo test --release --test fuzz -- --nocapture
//! ```
//!
//! `FUZZ_SEED` picks another slice; a failing input is written to
//! `target/fuzz-failures/` and its seed and index printed, so that
//! `FUZZ_SEED=s FUZZ_ONLY=i` replays exactly that input.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod generate;

use clusterhub::diag::Diagnostic;
use clusterhub::pipeline::{self, Built, Options};
use proptest::test_runner::{RngAlgorithm, TestRng};
use std::collections::HashSet;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// The two tests of this binary take turns: the seeded run keeps every
/// core busy, and the growth test compares build times, which a
/// neighbour saturating the machine turns into noise (CI once saw the
/// ordinary hub take 53 ms beside it against 16 ms alone, and a linear
/// shape read as quadratic).
fn one_at_a_time() -> MutexGuard<'static, ()> {
    static TURN: Mutex<()> = Mutex::new(());
    TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The shipped pages the fuzzer's hub keeps (besides the intros).
const BASE_PAGES: &[&str] = &[
    "cities/belfast",
    "cities/milan",
    "cities/bruges",
    "projects/up2030",
    "projects/re-value",
    "projects/climaborough",
    "projects/netzerocities",
    "methods/five-up",
    "methods/climate-city-contract",
    "case-studies/belfast-net-zero-neighbourhood-framework",
    "case-studies/bruges-re-value-waterfront",
    // The pages hub.yaml's footer names: without them every build of the
    // fuzzer's hub reports them missing, each found in hub.yaml's text
    // again (a tenth of a debug build's time).
    "about/contribute",
    "about/open-data",
    "about/accessibility",
    "about/privacy",
    "about/legal-notice",
    "about/contact",
];

const COLLECTIONS: &[&str] = &[
    "case-studies",
    "methods",
    "dissemination",
    "projects",
    "cities",
];

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// hub.yaml without its `languages:` block (to the next top-level key).
fn one_language(yaml: &str) -> String {
    let mut skipping = false;
    let mut out = String::new();
    for line in yaml.lines() {
        if line.starts_with("languages:") {
            skipping = true;
            continue;
        }
        if skipping && !(line.is_empty() || line.starts_with([' ', '#'])) {
            skipping = false;
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the shipped hub, in memory-backed storage where there is one:
/// every input is written into it and the whole pipeline run on it.
struct Hub {
    dir: tempfile::TempDir,
    /// The root with every link resolved, to compare asset sources with.
    canonical: PathBuf,
}

impl Hub {
    fn new() -> Hub {
        let shm = Path::new("/dev/shm");
        let dir = if shm.is_dir() {
            tempfile::tempdir_in(shm).unwrap()
        } else {
            tempfile::tempdir().unwrap()
        };
        // The shipped hub.yaml in its default language only: every input
        // renders the whole hub, once per language, and the inputs are
        // pages of the default language.
        let yaml = std::fs::read_to_string(repo().join("hub.yaml")).unwrap();
        std::fs::write(dir.path().join("hub.yaml"), one_language(&yaml)).unwrap();
        // The shipped theme, or (FUZZ_THEME=mini, the default of debug
        // builds, which are ten times slower) the fixtures' smallest theme
        // under the shipped theme's name: every page context, feed and
        // export is still built, with little time spent in Tera.
        let theme = std::env::var("FUZZ_THEME").unwrap_or_else(|_| {
            if cfg!(debug_assertions) {
                "mini"
            } else {
                "cluster"
            }
            .into()
        });
        let theme_dir = dir.path().join("themes/cluster");
        match theme.as_str() {
            "cluster" => copy_dir(&repo().join("themes/cluster"), &theme_dir),
            other => copy_dir(
                &repo().join("tests/fixtures/_themes").join(other),
                &theme_dir,
            ),
        }
        // A few pages of each collection that the others refer to most:
        // every input renders the whole hub, so a small one keeps the
        // fuzzer fast; inputs referring to other pages get broken-ref
        // errors, in their own file.
        for entry in walkdir::WalkDir::new(repo().join("content")) {
            let entry = entry.unwrap();
            let rel = entry.path().strip_prefix(repo()).unwrap();
            let name = rel.to_string_lossy().replace('\\', "/");
            let keep = name.ends_with("/_index.md")
                || BASE_PAGES.iter().any(|p| name == format!("content/{p}.md"));
            if entry.file_type().is_file() && keep {
                let target = dir.path().join(rel);
                std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
        let canonical = std::fs::canonicalize(dir.path()).unwrap();
        Hub { dir, canonical }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn run(&self, search: bool) -> Built {
        let options = Options {
            base_url: None,
            include_drafts: false,
            skip_search_index: !search,
        };
        pipeline::run(self.root(), &options)
    }
}

/// Where an input goes: a page of `collection`, as a file or a bundle.
struct Placement {
    rel: String,
}

impl Placement {
    fn new(collection: &str, bundle: bool) -> Placement {
        let rel = if bundle {
            format!("content/{collection}/fuzz-input/index.md")
        } else {
            format!("content/{collection}/fuzz-input.md")
        };
        Placement { rel }
    }

    fn put(&self, hub: &Hub, bytes: &[u8]) {
        let path = hub.root().join(&self.rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    fn remove(&self, hub: &Hub) {
        let path = hub.root().join(&self.rel);
        let _ = std::fs::remove_file(&path);
        if self.rel.ends_with("/index.md") {
            let _ = std::fs::remove_dir(path.parent().unwrap());
        }
    }
}

/// Pages to mutate: every shipped page and every fixture page, with the
/// collection each is placed in.
fn seeds() -> Vec<(String, Vec<u8>)> {
    let mut seeds = Vec::new();
    for dir in [repo().join("content"), repo().join("tests/fixtures")] {
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.unwrap();
            let path = entry.path();
            if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let text = path.to_string_lossy();
            let collection = COLLECTIONS
                .iter()
                .find(|c| text.contains(&format!("/{c}/")))
                .unwrap_or(&"methods");
            seeds.push((collection.to_string(), std::fs::read(path).unwrap()));
        }
    }
    seeds
}

/// What the diagnostics of the hub without any input are, so that only
/// what an input adds is judged.
type Known = HashSet<(String, &'static str, String)>;

fn known(built: &Built) -> Known {
    built
        .diags
        .iter()
        .map(|d| (d.file.clone(), d.code, d.message.clone()))
        .collect()
}

/// An output path stays inside the output folder: relative, `/`-separated,
/// no `.` or `..` segments, no empty segment, no backslash or NUL.
fn stays_inside(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains(['\\', '\0'])
        && !path.contains(':')
        && path.split('/').enumerate().all(|(i, s)| {
            !matches!(s, "." | "..") && (!s.is_empty() || i > 0 && path.ends_with('/'))
        })
}

/// Whether the diagnostic points inside the text whose lines are
/// `line_chars` long (in characters): an existing line, and a column at
/// most one past its end.
fn points_inside(d: &Diagnostic, line_chars: &[usize]) -> bool {
    if d.line == 0 {
        return true;
    }
    match line_chars.get(d.line - 1) {
        Some(&len) => d.column <= len + 1,
        None => d.line <= line_chars.len() + 1 && d.column == 1,
    }
}

/// The problems with one input's build, if any.
fn judge(
    root: &Path,
    place: &Placement,
    bytes: &[u8],
    built: &Built,
    known: &Known,
) -> Result<(), String> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let line_chars: Vec<usize> = text
        .lines()
        .map(|l| l.trim_end_matches('\r').chars().count())
        .collect();
    for d in &built.diags {
        if d.file == place.rel {
            if !points_inside(d, &line_chars) {
                return Err(format!("diagnostic off the input's text: {d:?}"));
            }
            continue;
        }
        let is_known = known.contains(&(d.file.clone(), d.code, d.message.clone()));
        // Which pages nothing links to can change with any page.
        if !is_known && d.code != "orphan" {
            return Err(format!("diagnostic outside the input's file: {d:?}"));
        }
    }
    for o in &built.outputs {
        if !stays_inside(&o.path) {
            return Err(format!(
                "output path leaves the output folder: {:?}",
                o.path
            ));
        }
    }
    for a in &built.assets {
        if !stays_inside(&a.to) {
            return Err(format!("asset path leaves the output folder: {:?}", a.to));
        }
        // Files of the built-in theme come from the binary, not the disk;
        // a processed image from the hub's image cache and its source; a
        // social card from the hub's card cache.
        let paths = match &a.from {
            clusterhub::AssetFrom::File(path) | clusterhub::AssetFrom::Cache(path) => vec![path],
            clusterhub::AssetFrom::Made { file, source } => vec![file, source],
            clusterhub::AssetFrom::Builtin(_) => continue,
        };
        for path in paths {
            let from = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            if !from.starts_with(root) {
                return Err(format!(
                    "asset read from outside the hub: {}",
                    path.display()
                ));
            }
        }
    }
    Ok(())
}

fn rng_for(seed: u64, index: u64) -> TestRng {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    bytes[8..16].copy_from_slice(&index.to_le_bytes());
    TestRng::from_seed(RngAlgorithm::ChaCha, &bytes)
}

/// Input `index` of the slice `seed`, and where it goes.
fn input(seed: u64, index: u64, seeds: &[(String, Vec<u8>)]) -> (Placement, Vec<u8>) {
    use proptest::prelude::RngExt;
    let mut rng = rng_for(seed, index);
    let bundle = rng.random_bool(0.05);
    if rng.random_bool(0.6) {
        let (collection, page) = &seeds[rng.random_range(0..seeds.len())];
        (
            Placement::new(collection, bundle),
            generate::mutate(&mut rng, page),
        )
    } else {
        let collection = COLLECTIONS[rng.random_range(0..COLLECTIONS.len())];
        (Placement::new(collection, bundle), generate::page(&mut rng))
    }
}

struct Failure {
    index: u64,
    bytes: Vec<u8>,
    reason: String,
}

/// Runs one input in `hub`; `Err` with the reason it fails.
fn run_one(
    hub: &Hub,
    place: &Placement,
    bytes: &[u8],
    known: &Known,
    search: bool,
) -> Result<Duration, String> {
    place.put(hub, bytes);
    let started = Instant::now();
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| hub.run(search)));
    let took = started.elapsed();
    place.remove(hub);
    match result {
        Ok(built) => judge(&hub.canonical, place, bytes, &built, known).map(|()| took),
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Err(format!("panic: {message}"))
        }
    }
}

fn save(seed: u64, failure: &Failure) -> PathBuf {
    let dir = repo().join("target/fuzz-failures");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{seed}-{}.md", failure.index));
    std::fs::write(&path, &failure.bytes).unwrap();
    path
}

/// What one slice of the inputs is, read from the environment.
struct Slice {
    seed: u64,
    total: u64,
    /// `FUZZ_ONLY`: replay just this input.
    only: Option<u64>,
    /// Every n-th input also builds the search index (slow in debug builds).
    search_every: u64,
    /// `FUZZ_KEEP_GOING=1`: run every input and sum the failures up by kind.
    keep_going: bool,
    workers: u64,
}

impl Slice {
    fn from_env() -> Slice {
        let only: Option<u64> = std::env::var("FUZZ_ONLY").ok().and_then(|v| v.parse().ok());
        Slice {
            seed: env_number("FUZZ_SEED", 2026),
            // A replayed input is run whatever the slice's size.
            total: env_number("FUZZ_INPUTS", 2_500).max(only.map_or(0, |o| o + 1)),
            only,
            search_every: env_number("FUZZ_SEARCH_EVERY", 1000),
            keep_going: std::env::var_os("FUZZ_KEEP_GOING").is_some(),
            workers: std::thread::available_parallelism().map_or(2, |n| n.get()) as u64,
        }
    }
}

/// What one worker did: inputs run, its slowest ones, its failures.
#[derive(Default)]
struct Worked {
    done: u64,
    slowest: Vec<(u64, usize, Duration)>,
    failures: Vec<Failure>,
}

/// Runs worker `w`'s share of the slice (every `workers`-th input) in a
/// hub of its own.
fn work(slice: &Slice, w: u64, seeds: &[(String, Vec<u8>)]) -> Worked {
    let hub = Hub::new();
    let known = known(&hub.run(false));
    let mut worked = Worked::default();
    for index in (w..slice.total).step_by(slice.workers as usize) {
        if slice.only.is_some_and(|o| o != index) {
            continue;
        }
        let (place, bytes) = input(slice.seed, index, seeds);
        let search = index % slice.search_every == 0;
        match run_one(&hub, &place, &bytes, &known, search) {
            Ok(took) => {
                worked.slowest.push((index, bytes.len(), took));
                if worked.slowest.len() > 64 {
                    worked.slowest.sort_by_key(|s| std::cmp::Reverse(s.2));
                    worked.slowest.truncate(8);
                }
            }
            Err(reason) => {
                worked.failures.push(Failure {
                    index,
                    bytes,
                    reason,
                });
                if !slice.keep_going {
                    return worked;
                }
            }
        }
        worked.done += 1;
    }
    worked
}

/// One line per kind of failure (its reason up to the first details),
/// with the first input of each kind saved.
fn sum_up(seed: u64, failures: &[&Failure]) {
    let mut kinds: std::collections::BTreeMap<String, (usize, u64)> = Default::default();
    for f in failures {
        let kind: String = f.reason.chars().take(160).collect();
        let entry = kinds.entry(kind).or_insert((0, f.index));
        entry.0 += 1;
        if entry.0 == 1 {
            save(seed, f);
        }
    }
    for (kind, (count, first)) in &kinds {
        println!("{count:>7} × (first #{first}) {kind}");
    }
}

#[test]
fn seeded_inputs_never_panic_stray_or_escape() {
    let _turn = one_at_a_time();
    let slice = Slice::from_env();
    let seeds = seeds();
    // Panics are caught and reported as failures; keep their messages off
    // the test output.
    std::panic::set_hook(Box::new(|_| {}));
    let started = Instant::now();
    let results: Vec<Worked> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..slice.workers)
            .map(|w| {
                let (slice, seeds) = (&slice, &seeds);
                scope.spawn(move || work(slice, w, seeds))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let _ = std::panic::take_hook();
    let elapsed = started.elapsed();
    let done: u64 = results.iter().map(|r| r.done).sum();
    let mut slowest: Vec<(u64, usize, Duration)> =
        results.iter().flat_map(|r| r.slowest.clone()).collect();
    slowest.sort_by_key(|s| std::cmp::Reverse(s.2));
    let slowest: Vec<String> = slowest
        .iter()
        .take(3)
        .map(|(i, n, t)| format!("#{i} ({n} bytes) {:.0} ms", t.as_secs_f64() * 1000.0))
        .collect();
    println!(
        "fuzz: seed {}, {done} inputs in {:.1} s ({:.0} inputs/s, {} threads); slowest: {}",
        slice.seed,
        elapsed.as_secs_f64(),
        done as f64 / elapsed.as_secs_f64(),
        slice.workers,
        slowest.join(", ")
    );
    let mut failures: Vec<&Failure> = results.iter().flat_map(|r| &r.failures).collect();
    failures.sort_by_key(|f| f.index);
    if slice.keep_going {
        sum_up(slice.seed, &failures);
    }
    if let Some(f) = failures.first() {
        let path = save(slice.seed, f);
        panic!(
            "input #{} of seed {} fails: {}\nsaved as {}; replay with FUZZ_SEED={} FUZZ_ONLY={} cargo test --test fuzz",
            f.index,
            slice.seed,
            f.reason,
            path.display(),
            slice.seed,
            f.index
        );
    }
}

/// The fastest of `runs` builds of `bytes`, search index included in
/// release builds (or with FUZZ_GROWTH_SEARCH=1): the indexer compiled
/// without optimisation takes most of a debug run's time, and
/// `benches/pathological.py` times the search stage on every shape.
fn best_time(
    hub: &Hub,
    place: &Placement,
    bytes: &[u8],
    known: &Known,
    runs: usize,
) -> Result<Duration, String> {
    let search = !cfg!(debug_assertions) || std::env::var_os("FUZZ_GROWTH_SEARCH").is_some();
    let mut best = Duration::MAX;
    for _ in 0..runs {
        best = best.min(run_one(hub, place, bytes, known, search)?);
    }
    Ok(best)
}

#[test]
fn no_page_shape_costs_more_than_linear_time() {
    let _turn = one_at_a_time();
    // Times are compared, never bounded: each shape at a size and at four
    // times that size, the fastest of three builds of each, less the time
    // of the hub with an ordinary page. Linear growth gives a ratio near
    // 4, quadratic growth 16; a shape whose larger page costs under 50 ms
    // more than the hub is too cheap to matter.
    let small = env_number("FUZZ_GROWTH_BYTES", 64 * 1024) as usize;
    let hub = Hub::new();
    let known = known(&hub.run(false));
    let place = Placement::new("methods", false);
    let ordinary = generate::SHAPES[0].build(1);
    let base = best_time(&hub, &place, &ordinary, &known, 3).unwrap_or_default();
    let mut report = Vec::new();
    let mut slow = Vec::new();
    for shape in generate::SHAPES {
        let per_piece = shape
            .build(2)
            .len()
            .saturating_sub(shape.build(1).len())
            .max(1);
        let times = (small / per_piece).max(1);
        let t1 = best_time(&hub, &place, &shape.build(times), &known, 3)
            .unwrap_or_else(|e| panic!("{}: {e}", shape.name));
        let t4 = best_time(&hub, &place, &shape.build(times * 4), &known, 3)
            .unwrap_or_else(|e| panic!("{}: {e}", shape.name));
        let (e1, e4) = (t1.saturating_sub(base), t4.saturating_sub(base));
        let ratio = e4.as_secs_f64() / e1.as_secs_f64().max(1e-3);
        report.push(format!(
            "{:<22} {:>8.1} ms {:>8.1} ms  ×{ratio:.1}",
            shape.name,
            t1.as_secs_f64() * 1e3,
            t4.as_secs_f64() * 1e3
        ));
        // A shared machine can make one size slow: a shape is slow only if
        // growing it four times more confirms it, each time the fastest
        // of more builds (load only ever adds time), measured side by side
        // with the hub's own time again.
        if e4 > Duration::from_millis(50) && ratio > 8.0 {
            let t16 = best_time(&hub, &place, &shape.build(times * 16), &known, 5)
                .unwrap_or_else(|e| panic!("{}: {e}", shape.name));
            let t4 = best_time(&hub, &place, &shape.build(times * 4), &known, 5)
                .map_or(t4, |again| again.min(t4));
            let base =
                best_time(&hub, &place, &ordinary, &known, 5).map_or(base, |again| again.min(base));
            // Under 50 ms above the hub is too cheap to measure a ratio
            // from (a page that stops at an error can even build faster
            // than the hub, leaving nothing but noise): the floor keeps
            // such a shape from looking quadratic, while a page of 16
            // times the size that costs over 400 ms more still fails.
            let e4 = t4.saturating_sub(base).max(Duration::from_millis(50));
            let again = t16.saturating_sub(base).as_secs_f64() / e4.as_secs_f64();
            report.push(format!(
                "{:<22} then {:>8.1} ms at 16 times  ×{again:.1}",
                "",
                t16.as_secs_f64() * 1e3
            ));
            if again > 8.0 {
                slow.push(shape.name);
            }
        }
    }
    println!(
        "growth of the build time (hub with an ordinary page: {:.1} ms), page of {small} bytes and four times that, ratio of the time above the hub's:\n{}",
        base.as_secs_f64() * 1e3,
        report.join("\n")
    );
    assert!(
        slow.is_empty(),
        "time grows faster than size for: {slow:?}\n{}",
        report.join("\n")
    );
}
