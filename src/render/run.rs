//! Job running: builds each job's context and renders it, jobs in
//! parallel; streams each file to the build's sink as it is made, times
//! templates, and reports a template mistake that breaks many outputs once.

use super::assemble::job_context;
use super::jobs::Job;
use super::prepared::Prepared;
use super::templates::Templates;
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::output::Output;
use crate::resolve::Site;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Receives rendered files as they are made (from any render thread).
pub(crate) type Sink = Arc<dyn Fn(&Output) + Send + Sync>;

/// One line of `build --timings`' template table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TemplateTiming {
    pub template: String,
    pub total: Duration,
    pub calls: usize,
}

/// Where rendered files go, and how long each template took.
#[derive(Default)]
pub(crate) struct Renderer {
    /// Set by `build`: receives each rendered file.
    sink: Option<Sink>,
    /// Time spent in each top-level template and how often it ran.
    times: Mutex<HashMap<String, (Duration, usize)>>,
}

impl Renderer {
    /// Hands every templated file to `sink` as soon as it is rendered
    /// instead of keeping it: `render_all` then returns those outputs with
    /// empty `bytes`, so a large site is never held in memory at once.
    pub(crate) fn streaming(sink: Sink) -> Renderer {
        Renderer {
            sink: Some(sink),
            times: Mutex::default(),
        }
    }

    pub(super) fn streams(&self) -> bool {
        self.sink.is_some()
    }

    /// Total render time and calls per template, most expensive first.
    pub(crate) fn template_timings(&self) -> Vec<TemplateTiming> {
        let times = self.times.lock().unwrap_or_else(|p| p.into_inner());
        let mut out: Vec<TemplateTiming> = times
            .iter()
            .map(|(t, &(total, calls))| TemplateTiming {
                template: t.clone(),
                total,
                calls,
            })
            .collect();
        out.sort_by(|a, b| {
            b.total
                .cmp(&a.total)
                .then_with(|| a.template.cmp(&b.template))
        });
        out
    }

    /// Records a finished render and streams the file when a sink is set.
    fn rendered(&self, template: &str, took: Duration, output: Output) -> Output {
        {
            let mut times = self.times.lock().unwrap_or_else(|p| p.into_inner());
            let (total, calls) = times.entry(template.to_string()).or_default();
            *total += took;
            *calls += 1;
        }
        match &self.sink {
            Some(sink) => {
                sink(&output);
                Output {
                    path: output.path,
                    bytes: Vec::new(),
                }
            }
            None => output,
        }
    }
}

/// Jobs rendered in parallel before the next ones start: many per thread
/// (a block's last job is the only wait), few enough to hold.
const RENDER_BLOCK: usize = 512;

/// Renders the given jobs in parallel. A template mistake that breaks many
/// outputs is reported once.
pub(crate) fn run_jobs(
    config: &Config,
    site: &Site,
    prepared: &Prepared,
    templates: &Templates,
    renderer: &Renderer,
    jobs: &[&Job<'_>],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Output> {
    // In blocks, one after another, so that outputs stream out nearly in
    // job order: the search index takes pages in page order and holds
    // early ones only until the block is done (not half the site).
    let results: Vec<Result<Output, Diagnostic>> = jobs
        .par_iter()
        .by_uniform_blocks(RENDER_BLOCK)
        .map(|job| run_job(config, site, prepared, templates, renderer, job))
        .collect();
    let mut outputs = Vec::with_capacity(results.len() + 4);
    let mut failed = Vec::new();
    for r in results {
        match r {
            Ok(o) => outputs.push(o),
            Err(d) => failed.push(d),
        }
    }
    diags.extend(once_each(failed));
    outputs
}

fn run_job(
    config: &Config,
    site: &Site,
    prepared: &Prepared,
    templates: &Templates,
    renderer: &Renderer,
    job: &Job<'_>,
) -> Result<Output, Diagnostic> {
    let template = job.template.as_ref();
    let failed = |e: tera::Error| {
        templates
            .diagnostic(&e, template)
            .hint(format!("while rendering {} with {template}", job.source))
    };
    let context = job_context(config, site, prepared, job).map_err(failed)?;
    let mut bytes = Vec::with_capacity(16 * 1024);
    let started = Instant::now();
    templates
        .tera
        .render_to(template, &context, &mut bytes)
        .map_err(failed)?;
    let output = Output {
        path: job.output.clone(),
        bytes,
    };
    Ok(renderer.rendered(template, started.elapsed(), output))
}

/// The same template mistake usually breaks many pages: each is reported
/// once, saying how many pages it broke.
fn once_each(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen: HashMap<(String, usize, usize), (usize, usize)> = HashMap::new();
    let mut out: Vec<Diagnostic> = Vec::new();
    for d in diags {
        let key = (d.file.clone(), d.line, d.column);
        match seen.get_mut(&key) {
            Some((_, count)) => *count += 1,
            None => {
                seen.insert(key, (out.len(), 1));
                out.push(d);
            }
        }
    }
    for (index, count) in seen.into_values() {
        if count > 1
            && let Some(hint) = &mut out[index].hint
        {
            hint.push_str(&format!(" (and {} more)", count - 1));
        }
    }
    out
}
