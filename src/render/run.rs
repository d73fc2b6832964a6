//! Job running: renders jobs in parallel, streams each file to the
//! build's sink as it is made, times templates, and reports a template
//! mistake that breaks many outputs once.

use super::context::{base_context, page_value};
use super::templates::template_diag;
use super::{Job, JobKind, Prepared};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::output::Output;
use crate::resolve::Site;
use crate::source::Template;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tera::{Context, Tera, Value};

/// Receives rendered files as they are made (from any render thread).
pub type Sink = Arc<dyn Fn(&Output) + Send + Sync>;

/// One line of `build --timings`' template table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateTiming {
    pub template: String,
    pub total: Duration,
    pub calls: usize,
}

impl Prepared {
    /// Hands every templated file to `sink` as soon as it is rendered
    /// instead of keeping it: `render_all` then returns those outputs with
    /// empty `bytes`, so a large site is never held in memory at once.
    pub fn stream_to(&mut self, sink: Sink) {
        self.sink = Some(sink);
    }

    /// Total render time and calls per template, most expensive first.
    pub fn template_timings(&self) -> Vec<TemplateTiming> {
        let times = self
            .template_times
            .lock()
            .unwrap_or_else(|p| p.into_inner());
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
            let mut times = self
                .template_times
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            match times.get_mut(template) {
                Some((total, calls)) => {
                    *total += took;
                    *calls += 1;
                }
                None => {
                    times.insert(template.to_string(), (took, 1));
                }
            }
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

/// Renders the given jobs in parallel. A template mistake that breaks many
/// outputs is reported once.
pub fn run_jobs(
    config: &Config,
    site: &Site,
    prepared: &Prepared,
    tera: &Tera,
    templates: &[Template],
    jobs: &[&Job<'_>],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Output> {
    let by_name: HashMap<&str, &Template> =
        templates.iter().map(|t| (t.name.as_str(), t)).collect();
    let render_one =
        |template: &str, ctx: &Context, output: &str, source: &str| -> Result<Output, Diagnostic> {
            let mut bytes = Vec::with_capacity(16 * 1024);
            let started = Instant::now();
            match tera.render_to(template, ctx, &mut bytes) {
                Ok(()) => Ok(prepared.rendered(
                    template,
                    started.elapsed(),
                    Output {
                        path: output.to_string(),
                        bytes,
                    },
                )),
                Err(e) => Err(template_diag(&e, &by_name, template)
                    .hint(format!("while rendering {source} with {template}"))),
            }
        };

    let results: Vec<Result<Output, Diagnostic>> = jobs
        .par_iter()
        .map(|j| match (&j.context, &j.kind) {
            (
                Some(ctx),
                JobKind::Term {
                    taxonomy,
                    term,
                    pages,
                },
            ) => {
                let mut ctx = ctx.clone();
                let ids = site
                    .taxonomies
                    .get(*taxonomy)
                    .and_then(|t| t.terms.get(*term))
                    .and_then(|t| t.pages.get(pages.clone()))
                    .unwrap_or_default();
                ctx.insert_value(
                    "pages",
                    Value::from(
                        ids.iter()
                            .map(|&id| prepared.summaries[id].clone())
                            .collect::<Vec<_>>(),
                    ),
                );
                render_one(&j.template, &ctx, &j.output, j.source)
            }
            (Some(ctx), _) => render_one(&j.template, ctx, &j.output, j.source),
            (None, &JobKind::Page(id)) => {
                let mut ctx = base_context(prepared, "page", j.url.clone());
                ctx.insert_value("page", page_value(config, site, prepared, id));
                render_one(&j.template, &ctx, &j.output, j.source)
            }
            (None, _) => render_one(&j.template, &Context::new(), &j.output, j.source),
        })
        .collect();

    let mut outputs = Vec::with_capacity(results.len() + 4);
    // The same template mistake usually breaks many pages: report it once,
    // saying how many pages it broke.
    let mut seen: HashMap<(String, usize, usize), (usize, usize)> = HashMap::new();
    let mut template_diags: Vec<Diagnostic> = Vec::new();
    for r in results {
        match r {
            Ok(o) => outputs.push(o),
            Err(d) => {
                let key = (d.file.clone(), d.line, d.column);
                match seen.get_mut(&key) {
                    Some((_, count)) => *count += 1,
                    None => {
                        seen.insert(key, (template_diags.len(), 1));
                        template_diags.push(d);
                    }
                }
            }
        }
    }
    for (index, count) in seen.into_values() {
        if count > 1 {
            let d = &mut template_diags[index];
            if let Some(hint) = &mut d.hint {
                hint.push_str(&format!(" (and {} more)", count - 1));
            }
        }
    }
    diags.extend(template_diags);
    outputs
}
