//! Benchmark of live rebuilds (`clusterhub serve`) on a large hub: the
//! median time of 20 body-only edits and 20 summary edits of case studies.
//!
//! ```text
//! cargo run --release --example synth -- --pages 10000 --out /tmp/hub10k
//! cargo run --release --example serve_bench -- /tmp/hub10k            # engine only
//! cargo run --release --example serve_bench -- /tmp/hub10k --server target/release/clusterhub
//! SERVE_BENCH_ADD_ONLY=1 cargo run --release --example serve_bench -- /tmp/hub10k  # new and deleted pages only
//! SERVE_BENCH_ADD_ONLY=1 SERVE_BENCH_ROUNDS=10 ...                        # the same, ten times over
//! SERVE_BENCH_EDITS_ONLY=1 cargo run --release --example serve_bench -- /tmp/hub10k  # no new or deleted pages
//! ```
//!
//! Engine mode times `live::Engine::apply` from the write to the rebuild
//! being published. Server mode runs `clusterhub serve` and times the write
//! to the server's own `rebuilt ...` line (file watching and its 25 ms
//! debounce included). Edits are written to the hub and undone at the end.
//! After each edit the engine compresses what it rendered, as `serve` does
//! once edits settle (`Engine::compact`): not timed, but in the CPU time.

use clusterhub::live::Engine;
use clusterhub::pipeline::Options;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const EDITS: usize = 20;

// The same allocator as the `clusterhub` binary, so engine figures match it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// CPU time used so far by all threads of this process (Linux), in ns.
fn cpu_ns() -> Option<u64> {
    let mut total = 0;
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        let stat = std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok()?;
        total += stat.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(total)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn case_studies(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("content/case-studies"))
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.extension().is_some_and(|e| e == "md")
                        && p.file_name().is_none_or(|n| n != "_index.md")
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let step = (files.len() / EDITS).max(1);
    files.into_iter().step_by(step).take(EDITS).collect()
}

/// A body-only edit: a sentence added at the end of the file.
fn body_edit(text: &str, n: usize) -> String {
    format!(
        "{}\nThis sentence was added by edit {n}.\n",
        text.trim_end()
    )
}

/// A summary edit: the `summary:` line replaced (or added after the title).
fn summary_edit(text: &str, n: usize) -> String {
    let line = format!("summary: Summary rewritten by edit {n}.");
    let mut out = Vec::new();
    let mut done = false;
    for l in text.lines() {
        if !done && l.starts_with("summary:") {
            out.push(line.clone());
            done = true;
        } else {
            out.push(l.to_string());
            if !done && l.starts_with("title:") && !text.contains("\nsummary:") {
                out.push(line.clone());
                done = true;
            }
        }
    }
    out.join("\n") + "\n"
}

fn run_edits(
    files: &[PathBuf],
    edit: fn(&str, usize) -> String,
    mut timed: impl FnMut(&Path, String) -> Duration,
) -> Vec<Duration> {
    let mut times = Vec::new();
    for (n, f) in files.iter().enumerate() {
        let Ok(original) = std::fs::read_to_string(f) else {
            continue;
        };
        times.push(timed(f, edit(&original, n)));
        let _ = timed(f, original);
    }
    times
}

fn engine_mode(root: &Path, files: &[PathBuf]) {
    let start = Instant::now();
    let (mut engine, first) = Engine::new(root, &Options::default());
    eprintln!(
        "first build: {} pages in {} ms ({} errors)",
        first.pages,
        start.elapsed().as_millis(),
        first.diags.iter().filter(|d| d.is_error()).count()
    );
    if std::env::var_os("SERVE_BENCH_ADD_ONLY").is_some() {
        let cpu0 = cpu_ns();
        // SERVE_BENCH_ROUNDS=N repeats the five adds and deletes N times
        // (for a profiler: the edits then outweigh the first build).
        let rounds = std::env::var("SERVE_BENCH_ROUNDS")
            .ok()
            .and_then(|r| r.parse::<usize>().ok())
            .unwrap_or(1);
        let (mut added, mut deleted) = (Vec::new(), Vec::new());
        let mut stages = Vec::new();
        for _ in 0..rounds.max(1) {
            let (a, d) = add_and_delete(&mut engine, &files[..files.len().min(5)], &mut stages);
            added.extend(a);
            deleted.extend(d);
        }
        println!(
            "engine: median stage times, new or deleted page: {}",
            median_stages(&stages)
        );
        let slowest = |v: &[Duration]| v.iter().max().map_or(0.0, |d| d.as_secs_f64() * 1000.0);
        println!(
            "engine: new page median {:.1} ms (slowest {:.1}), deleted page median {:.1} ms (slowest {:.1}) ({} + {})",
            median(added.clone()).as_secs_f64() * 1000.0,
            slowest(&added),
            median(deleted.clone()).as_secs_f64() * 1000.0,
            slowest(&deleted),
            added.len(),
            deleted.len()
        );
        // Wall time swings with the machine's load; CPU time much less.
        if let (Some(a), Some(b)) = (cpu0, cpu_ns()) {
            let rebuilds = (added.len() + deleted.len()).max(1) as f64;
            println!(
                "engine CPU time per new or deleted page (all threads): {:.0} ms",
                (b - a) as f64 / 1e6 / rebuilds
            );
        }
        return;
    }
    let mut lines = Vec::new();
    let mut apply = |f: &Path, text: String| {
        let t = Instant::now();
        if std::fs::write(f, text).is_err() {
            return Duration::ZERO;
        }
        let r = engine.apply(&[f.to_path_buf()]);
        let took = t.elapsed();
        engine.compact();
        lines.push(r.summary_line());
        took
    };
    let cpu0 = cpu_ns();
    let body = run_edits(files, body_edit, &mut apply);
    let cpu1 = cpu_ns();
    let summary = if std::env::var_os("SERVE_BENCH_BODY_ONLY").is_some() {
        vec![Duration::ZERO]
    } else {
        run_edits(files, summary_edit, &mut apply)
    };
    let cpu2 = cpu_ns();
    let (added, deleted) = if std::env::var_os("SERVE_BENCH_EDITS_ONLY").is_some() {
        (vec![Duration::ZERO], vec![Duration::ZERO])
    } else {
        add_and_delete(&mut engine, files, &mut Vec::new())
    };
    println!(
        "engine: new page median {:.1} ms, deleted page median {:.1} ms ({} + {})",
        median(added.clone()).as_secs_f64() * 1000.0,
        median(deleted.clone()).as_secs_f64() * 1000.0,
        added.len(),
        deleted.len()
    );
    if let (Some(a), Some(b), Some(c)) = (cpu0, cpu1, cpu2) {
        // Edits and their undos: 2 rebuilds per edit.
        let per = |ns: u64| ns as f64 / 1e6 / (2.0 * files.len() as f64);
        println!(
            "engine CPU time per rebuild (all threads): body {:.1} ms, summary {:.1} ms",
            per(b - a),
            per(c - b)
        );
    }
    for l in lines
        .iter()
        .step_by(2)
        .take(2)
        .chain(lines.iter().skip(2 * files.len()).step_by(2).take(2))
    {
        eprintln!("  e.g. {l}");
    }
    println!(
        "engine: body edit median {:.1} ms, summary edit median {:.1} ms ({} + {} edits)",
        median(body.clone()).as_secs_f64() * 1000.0,
        median(summary.clone()).as_secs_f64() * 1000.0,
        body.len(),
        summary.len()
    );
}

/// Each stage's median over the rebuilds, in the order of the first one.
fn median_stages(rebuilds: &[Vec<(&'static str, Duration)>]) -> String {
    let Some(first) = rebuilds.first() else {
        return String::new();
    };
    let stages: Vec<String> = (first.iter())
        .map(|(name, _)| {
            let times = rebuilds.iter().map(|stages| {
                let took = stages.iter().find(|(n, _)| n == name);
                took.map_or(Duration::ZERO, |(_, t)| *t)
            });
            let ms = median(times.collect()).as_secs_f64() * 1000.0;
            format!("{name} {ms:.1} ms")
        })
        .collect();
    stages.join(", ")
}

/// A new page (a copy of each case study under another name and title)
/// and its deletion, each timed through the engine (each rebuild's stage
/// times into `stages`).
fn add_and_delete(
    engine: &mut Engine,
    files: &[PathBuf],
    stages: &mut Vec<Vec<(&'static str, Duration)>>,
) -> (Vec<Duration>, Vec<Duration>) {
    let (mut added, mut deleted) = (Vec::new(), Vec::new());
    for (n, f) in files.iter().enumerate() {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        let copy = f.with_file_name(format!("bench-added-{n}.md"));
        let text = text.replacen("title: ", &format!("title: Added {n} "), 1);
        let t = Instant::now();
        if std::fs::write(&copy, text).is_err() {
            continue;
        }
        let r = engine.apply(std::slice::from_ref(&copy));
        added.push(t.elapsed());
        engine.compact();
        stages.push(r.stages.clone());
        if n == 0 {
            eprintln!(
                "  e.g. new page: {} ({} contexts built)",
                r.summary_line(),
                r.contexts_built
            );
            eprintln!("  what it re-rendered, by shape: {}", shapes(&r.rerendered));
        }
        let t = Instant::now();
        let _ = std::fs::remove_file(&copy);
        let r = engine.apply(std::slice::from_ref(&copy));
        deleted.push(t.elapsed());
        engine.compact();
        stages.push(r.stages.clone());
        if n == 0 {
            eprintln!(
                "  e.g. deleted page: {} ({} contexts built)",
                r.summary_line(),
                r.contexts_built
            );
        }
    }
    (added, deleted)
}

/// Output paths counted by shape, the most first: the language folder
/// left out, numbers as `N` and an item's own folder as `*`
/// (`it/case-studies/page/17/index.html` → `case-studies/page/N/index.html`).
fn shapes(paths: &[String]) -> String {
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for path in paths {
        let mut parts: Vec<&str> = path.split('/').collect();
        if parts.len() > 1 && parts[0].len() == 2 {
            parts.remove(0);
        }
        let shape: Vec<&str> = parts
            .iter()
            .enumerate()
            .map(|(i, part)| {
                if part.chars().all(|c| c.is_ascii_digit()) {
                    "N"
                } else if i == 1 && parts.len() == 3 && *part != "page" {
                    "*"
                } else {
                    part
                }
            })
            .collect();
        *counts.entry(shape.join("/")).or_default() += 1;
    }
    let mut counts: Vec<(String, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let top: Vec<String> = (counts.iter().take(10))
        .map(|(shape, n)| format!("{n} {shape}"))
        .collect();
    top.join(", ")
}

/// `--search`: the search index as `serve` keeps it once edits settle
/// (`Engine::refresh_search_index`): the first build, then the median
/// update after a body edit (the edit and its undo are each applied and
/// indexed), and the process's peak and current memory.
fn search_mode(root: &Path, files: &[PathBuf]) {
    let (mut engine, first) = Engine::new(root, &Options::default());
    eprintln!("first build: {} pages", first.pages);
    let t = Instant::now();
    let all = engine
        .refresh_search_index()
        .and_then(Result::ok)
        .unwrap_or(0);
    println!(
        "search index: first build {} ms ({all} files)",
        t.elapsed().as_millis()
    );
    let mut written = Vec::new();
    let mut cpu = Vec::new();
    let mut index = |f: &Path, text: String| {
        if std::fs::write(f, text).is_err() {
            return Duration::ZERO;
        }
        engine.apply(&[f.to_path_buf()]);
        let (t, cpu0) = (Instant::now(), cpu_ns());
        written.push(
            engine
                .refresh_search_index()
                .and_then(Result::ok)
                .unwrap_or(0),
        );
        if let (Some(a), Some(b)) = (cpu0, cpu_ns()) {
            cpu.push(Duration::from_nanos(b - a));
        }
        t.elapsed()
    };
    let updates = run_edits(&files[..files.len().min(10)], body_edit, &mut index);
    written.sort_unstable();
    println!(
        "search index: update after a body edit median {:.0} ms, CPU {:.0} ms ({} edits; median {} files rewritten)",
        median(updates.clone()).as_secs_f64() * 1000.0,
        median(cpu.clone()).as_secs_f64() * 1000.0,
        updates.len(),
        written.get(written.len() / 2).copied().unwrap_or(0)
    );
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        for l in status
            .lines()
            .filter(|l| l.starts_with("VmHWM") || l.starts_with("VmRSS"))
        {
            println!("{l}");
        }
    }
}

fn server_mode(root: &Path, files: &[PathBuf], binary: &Path) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_or(18555, |a| a.port());
    let Ok(mut child) = Command::new(binary)
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
    else {
        eprintln!("cannot run {}", binary.display());
        return;
    };
    let (tx, rx) = mpsc::channel::<(Instant, String)>();
    if let Some(stderr) = child.stderr.take() {
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send((Instant::now(), line));
            }
        });
    }
    let wait_for = |prefix: &str| -> Option<(Instant, String)> {
        loop {
            let (at, line) = rx.recv_timeout(Duration::from_secs(120)).ok()?;
            if line.starts_with(prefix) {
                return Some((at, line));
            }
        }
    };
    if wait_for("serving").is_none() {
        eprintln!("the server did not start");
        let _ = child.kill();
        return;
    }
    let mut apply = |f: &Path, text: String| {
        let t = Instant::now();
        if std::fs::write(f, text).is_err() {
            return Duration::ZERO;
        }
        match wait_for("rebuilt") {
            Some((at, _)) => {
                // Let the watcher settle: edits closer than 150 ms to the
                // last rebuild are treated as a burst and coalesced.
                std::thread::sleep(Duration::from_millis(300));
                at - t
            }
            None => Duration::ZERO,
        }
    };
    let body = run_edits(files, body_edit, &mut apply);
    let summary = run_edits(files, summary_edit, &mut apply);
    let _ = child.kill();
    let _ = child.wait();
    println!(
        "server (write to `rebuilt` line): body edit median {:.1} ms, summary edit median {:.1} ms",
        median(body).as_secs_f64() * 1000.0,
        median(summary).as_secs_f64() * 1000.0
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(root) = args.first().map(PathBuf::from) else {
        eprintln!("usage: serve_bench HUB_DIR [--server PATH_TO_CLUSTERHUB | --search]");
        std::process::exit(2);
    };
    let files = case_studies(&root);
    if files.is_empty() {
        eprintln!("no case studies in {}", root.display());
        std::process::exit(2);
    }
    if args.iter().any(|a| a == "--search") {
        search_mode(&root, &files);
        return;
    }
    match args.iter().position(|a| a == "--server") {
        Some(i) => match args.get(i + 1) {
            Some(bin) => server_mode(&root, &files, Path::new(bin)),
            None => {
                eprintln!("--server needs the path of the clusterhub binary");
                std::process::exit(2);
            }
        },
        None => engine_mode(&root, &files),
    }
}
