//! `clusterhub build`: run the pipeline, print problems, write the site
//! only when there is no error.

use super::{EXIT_ERRORS, EXIT_FAILURE, EXIT_OK, report};
use crate::cli::BuildArgs;
use crate::diag;
use crate::pipeline::{self, Options};
use crate::write;
use std::time::Instant;

pub fn run(args: &BuildArgs) -> u8 {
    let start = Instant::now();
    let output = if args.output.is_absolute() {
        args.output.clone()
    } else {
        args.root.join(&args.output)
    };
    // Refuse a dangerous output folder before doing any work.
    if let Err(e) = write::check_output_dir(&args.root, &output) {
        eprintln!("error: {e}");
        return EXIT_FAILURE;
    }
    let options = Options {
        base_url: args.base_url.clone(),
        include_drafts: args.drafts,
    };
    let mut built = pipeline::run(&args.root, &options);
    let Some(config) = built.config.take() else {
        report(&mut built.diags, args.format);
        eprintln!(
            "build failed: {}; {} was left as it was",
            diag::summary_line(&built.diags),
            output.display()
        );
        let missing = built.diags.iter().any(|d| d.code == "no-config");
        return if missing { EXIT_FAILURE } else { EXIT_ERRORS };
    };
    let has_errors = built.has_errors();
    report(&mut built.diags, args.format);
    if has_errors {
        eprintln!(
            "build failed: {}; {} was left as it was",
            diag::summary_line(&built.diags),
            output.display()
        );
        return EXIT_ERRORS;
    }
    let write_start = Instant::now();
    let stats = match write::write_site(&args.root, &output, &built.outputs, &built.assets) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_FAILURE;
        }
    };
    built.timings.stages.push(("write", write_start.elapsed()));
    if args.timings {
        for (stage, took) in &built.timings.stages {
            eprintln!("  {stage:<8} {:>8.1} ms", took.as_secs_f64() * 1000.0);
        }
    }
    let site = built.site.as_ref();
    let counts: Vec<String> = config
        .collections
        .iter()
        .zip(site.map(|s| s.collections.as_slice()).unwrap_or_default())
        .map(|(c, cp)| format!("{} {}", cp.pages.len(), c.name))
        .collect();
    let pages: usize = site.map_or(0, |s| s.pages.len());
    let warnings = built.diags.len();
    eprintln!(
        "built {pages} pages ({}) into {}: {} files, {:.1} MB in {} ms{}",
        counts.join(", "),
        output.display(),
        stats.files,
        stats.bytes as f64 / 1_000_000.0,
        start.elapsed().as_millis(),
        if warnings > 0 {
            format!(", {}", diag::summary_line(&built.diags))
        } else {
            String::new()
        }
    );
    EXIT_OK
}
