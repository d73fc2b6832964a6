//! `clusterhub build`: run the pipeline, print problems, write the site
//! only when there is no error.

use super::{EXIT_ERRORS, EXIT_FAILURE, EXIT_OK, report};
use crate::cli::BuildArgs;
use crate::pipeline::{self, Options};
use crate::write;
use std::sync::Arc;
use std::time::Instant;

pub fn run(args: &BuildArgs) -> u8 {
    let start = Instant::now();
    let output = if args.output.is_absolute() {
        args.output.clone()
    } else {
        args.root().join(&args.output)
    };
    // Refuse a dangerous output folder before doing any work. Pages are
    // written into a staging folder as they are rendered; it replaces the
    // output folder only if the build has no error.
    let staging = match write::Staging::start(args.root(), &output) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_FAILURE;
        }
    };
    let options = Options {
        base_url: args.base_url.clone(),
        include_drafts: args.drafts,
        skip_search_index: false,
    };
    let sink = {
        let staging = staging.clone();
        Arc::new(move |o: &crate::output::Output| staging.put(o))
    };
    let mut built = pipeline::run_streaming(args.root(), &options, sink);
    if args.format == crate::cli::Format::Github {
        super::github::repository_paths(args.root(), &mut built.diags);
    }
    let Some(config) = built.config.take() else {
        report(&mut built.diags, args.format);
        let missing = built.diags.iter().any(|d| d.code == "no-config");
        return if missing { EXIT_FAILURE } else { EXIT_ERRORS };
    };
    let has_errors = built.has_errors();
    let summary = report(&mut built.diags, args.format);
    if has_errors {
        eprintln!(
            "build failed: {summary}; {} was left as it was",
            output.display()
        );
        return EXIT_ERRORS;
    }
    let write_start = Instant::now();
    let stats = match staging.finish(&built.assets) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_FAILURE;
        }
    };
    built.timings.stages.push(("write", write_start.elapsed()));
    let pruned = crate::cache::prune(args.root(), std::time::SystemTime::now());
    if args.timings {
        print_timings(&built.timings);
        eprintln!(
            "cache: {} entries unused for 30 days removed ({:.1} MB)",
            pruned.entries,
            pruned.bytes as f64 / 1_000_000.0
        );
    }
    eprintln!(
        "built {} into {}: {} files, {:.1} MB in {} ms{}",
        page_counts(&config, &built),
        output.display(),
        stats.files,
        stats.bytes as f64 / 1_000_000.0,
        start.elapsed().as_millis(),
        if built.diags.is_empty() {
            String::new()
        } else {
            format!(", {summary}")
        }
    );
    // The process ends right after: freeing every page, summary and index
    // one by one (a third of a second at 100,000 pages) would only delay it.
    std::mem::forget(built);
    EXIT_OK
}

/// `162 pages (26 case-studies, 12 methods, ...)`.
fn page_counts(config: &crate::config::Config, built: &pipeline::Built) -> String {
    let site = built.site.as_ref();
    let counts: Vec<String> = config
        .collections
        .iter()
        .zip(site.map(|s| s.collections()).unwrap_or_default())
        .map(|(c, cp)| format!("{} {}", cp.pages.len(), c.name))
        .collect();
    let pages: usize = site.map_or(0, |s| s.pages.len());
    format!("{pages} pages ({})", counts.join(", "))
}

/// `--timings`: time per stage, then the ten templates that took longest
/// in total (like Hugo's --templateMetrics).
fn print_timings(timings: &pipeline::Timings) {
    eprintln!("time per stage (render includes writing each page as it is rendered):");
    for (stage, took) in &timings.stages {
        eprintln!("  {stage:<8} {:>9.1} ms", took.as_secs_f64() * 1000.0);
    }
    let (processed, cached) = timings.images;
    eprintln!("images: {processed} processed, {cached} from the cache");
    if timings.templates.is_empty() {
        return;
    }
    eprintln!("slowest templates (total time over all threads, calls, mean per call):");
    for t in timings.templates.iter().take(10) {
        let total = t.total.as_secs_f64() * 1000.0;
        eprintln!(
            "  {total:>9.1} ms {:>7} calls {:>8.3} ms  {}",
            t.calls,
            total / t.calls.max(1) as f64,
            t.template
        );
    }
}
