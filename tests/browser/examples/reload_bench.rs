//! Live-preview latency in a real browser (issue 4): `clusterhub serve` on a
//! large hub, a case study open in headless Chromium, then 20 body-only and
//! 20 summary edits of that page. For each edit it reports the time from
//! the file write to the browser receiving the reload message (the moment
//! the reload starts: the new document's `performance.timeOrigin`) and to
//! the edited page being shown (its `DOMContentLoaded`), both read from
//! the browser's own clock, so polling does not blur them.
//!
//! ```text
//! cargo run --release --example synth -- --pages 10000 --out /tmp/hub10k
//! cargo run --release -p clusterhub-browser-tests --example reload_bench -- /tmp/hub10k
//! ```
//!
//! Edits are written to the hub and undone after each measurement.

use clusterhub_browser_tests::{Browser, find_chromium, http_get, start_serve};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

// The same allocator as the `clusterhub` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EDITS: usize = 20;

fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs_f64()
        * 1000.0
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// A case study that has a summary line (so a summary edit shows on it).
fn pick_case_study(root: &Path) -> Option<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("content/case-studies"))
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter(|p| p.file_name().is_some_and(|n| n != "_index.md"))
        .collect();
    files.sort();
    files.into_iter().find(|p| {
        std::fs::read_to_string(p).is_ok_and(|t| t.lines().any(|l| l.starts_with("summary:")))
    })
}

fn body_edit(text: &str, n: usize) -> (String, String) {
    let marker = format!("Sentence added by browser edit {n}.");
    (format!("{}\n\n{marker}\n", text.trim_end()), marker)
}

fn summary_edit(text: &str, n: usize) -> (String, String) {
    let marker = format!("Summary rewritten by browser edit {n}.");
    let edited: Vec<String> = text
        .lines()
        .map(|l| {
            if l.starts_with("summary:") {
                format!("summary: {marker}")
            } else {
                l.to_string()
            }
        })
        .collect();
    (edited.join("\n") + "\n", marker)
}

/// Writes `text`, waits for the page to show `expect` (or to stop showing
/// `gone`), and returns (ms to the reload starting, ms to the page shown).
fn timed_save(b: &mut Browser, file: &Path, text: &str, check: &str) -> (f64, f64) {
    b.wait_for(
        "the live connection",
        "document.documentElement.dataset.clusterhub === 'connected'",
    );
    let before = b.eval("performance.timeOrigin").as_f64().unwrap_or(0.0);
    let t0 = now_ms();
    std::fs::write(file, text).unwrap();
    b.wait_for(
        "the reloaded page",
        &format!(
            "performance.timeOrigin !== {before} && document.readyState === 'complete' && {check}"
        ),
    );
    let origin = b.eval("performance.timeOrigin").as_f64().unwrap_or(0.0);
    let shown = b
        .eval("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
        .as_f64()
        .unwrap_or(0.0);
    (origin - t0, origin + shown - t0)
}

/// Puts a file's original text back, even when the benchmark fails.
struct Restore<'a>(&'a Path, String);

impl Drop for Restore<'_> {
    fn drop(&mut self) {
        let _ = std::fs::write(self.0, &self.1);
    }
}

fn run(b: &mut Browser, file: &Path, edit: fn(&str, usize) -> (String, String)) -> (f64, f64) {
    let original = std::fs::read_to_string(file).unwrap();
    let _restore = Restore(file, original.clone());
    let (mut message, mut shown) = (Vec::new(), Vec::new());
    for n in 0..EDITS {
        let (text, marker) = edit(&original, n);
        let check = format!("document.body.innerText.includes({marker:?})");
        let (m, s) = timed_save(b, file, &text, &check);
        message.push(m);
        shown.push(s);
        timed_save(b, file, &original, &format!("!{check}"));
    }
    (median(message), median(shown))
}

fn main() {
    let Some(root) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: reload_bench HUB_DIR");
        std::process::exit(2);
    };
    let Some(chromium) = find_chromium() else {
        eprintln!("reload_bench: no Chromium found (apt-get install chromium)");
        std::process::exit(2);
    };
    let Some(file) = pick_case_study(&root) else {
        eprintln!(
            "reload_bench: no case study with a summary in {}",
            root.display()
        );
        std::process::exit(2);
    };
    let root = std::fs::canonicalize(&root).unwrap_or(root);
    let port = start_serve(&root);
    // Let the first search index be built (it starts 2 s after the server
    // and runs on its own thread) so that it does not compete with edits.
    let start = std::time::Instant::now();
    while http_get(port, "/pagefind/pagefind-entry.json").map_or(true, |b| !b.contains("version")) {
        if start.elapsed() > Duration::from_secs(900) {
            eprintln!("reload_bench: no search index after 15 minutes; measuring anyway");
            break;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    let slug = file.file_stem().unwrap_or_default().to_string_lossy();
    let mut b = Browser::launch(&chromium);
    b.navigate(&format!("http://127.0.0.1:{port}/case-studies/{slug}/"));
    let body = run(&mut b, &file, body_edit);
    let summary = run(&mut b, &file, summary_edit);
    println!(
        "browser, median of {EDITS} edits of {}: body edit {:.1} ms to the reload message, {:.1} ms to the page shown; \
         summary edit {:.1} ms to the reload message, {:.1} ms to the page shown",
        file.display(),
        body.0,
        body.1,
        summary.0,
        summary.1
    );
}
