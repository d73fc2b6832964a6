//! Runs the stages in order (config → load → parse → resolve → render) and
//! returns plain data: outputs, files to copy, diagnostics, timings. Never
//! writes anything; `build` hands the result to `write`, `check` only
//! reports it, `serve` keeps it in memory.

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::output::{Asset, Output};
use crate::render;
use crate::resolve::Site;
use crate::session::{self, Session};
use crate::source;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use crate::session::Options;

#[derive(Debug, Default)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
    /// Per top-level template: total render time and calls, slowest first.
    pub(crate) templates: Vec<render::TemplateTiming>,
}

#[derive(Debug, Default)]
pub struct Built {
    pub config: Option<Config>,
    pub(crate) site: Option<Site>,
    pub outputs: Vec<Output>,
    /// Content assets then static files; later entries win.
    pub assets: Vec<Asset>,
    pub diags: Vec<Diagnostic>,
    pub timings: Timings,
}

impl Built {
    pub fn has_errors(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }
}

/// Reads and checks hub.yaml, pushing its problems into `diags`; `None`
/// when the file is missing or unusable.
pub(crate) fn load_config(root: &Path, diags: &mut Vec<Diagnostic>) -> Option<Config> {
    session::config(root, &Options::default(), diags)
}

pub fn run(root: &Path, options: &Options) -> Built {
    run_inner(root, options, None, None)
}

/// Like `run`, with one more page that is not on disk (`intake` checks
/// the page it would write, as `check` would once it is written).
pub(crate) fn run_with_page(root: &Path, options: &Options, page: source::SourceFile) -> Built {
    run_inner(root, options, None, Some(page))
}

/// Like `run`, but hands every rendered page to `sink` as soon as it is
/// rendered instead of keeping it in `Built::outputs` (which then holds only
/// the few files made after rendering: feeds, sitemap, robots.txt). `build`
/// passes a sink that writes into the staging folder, so memory stays flat
/// however large the site.
pub(crate) fn run_streaming(root: &Path, options: &Options, sink: render::Sink) -> Built {
    run_inner(root, options, Some(sink), None)
}

fn run_inner(
    root: &Path,
    options: &Options,
    sink: Option<render::Sink>,
    extra: Option<source::SourceFile>,
) -> Built {
    let mut built = Built::default();
    let mut clock = Clock(Instant::now());
    let mut session = Session::new(root, options);
    let Some(pages) = session.load(extra) else {
        built.diags = session.diagnostics();
        return built;
    };
    clock.lap("load", &mut built.timings);
    session.parse(pages);
    clock.lap("parse", &mut built.timings);
    session.resolve();
    clock.lap("resolve", &mut built.timings);
    if sink.is_some() {
        // Streaming (`build`): every diagnostic that quotes a page's source
        // has been made (it copies its line), so free the page texts.
        session.free_texts();
    }

    // The search index is built for themes with a search page. Streamed
    // pages are collected on the way; otherwise it reads `built.outputs`.
    let wants_search = !options.skip_search_index && session.has_template("search.html");
    let search = match (session.config(), session.site(), &sink) {
        (Some(config), Some(site), Some(sink)) if wants_search => Some(Arc::new(
            crate::search::Collector::streaming(config, site, sink.clone()),
        )),
        _ => None,
    };
    let stream = sink.as_ref().map(|sink| streamed(sink, search.as_ref()));
    let assets: Vec<Asset> = session.assets().cloned().collect();
    let mut render_diags = Vec::new();
    render_site(&mut session, &assets, stream, &mut built, &mut render_diags);
    session.add_render_diags(render_diags);
    built.diags = session.diagnostics();
    clock.lap("render", &mut built.timings);

    let (config, site) = session.into_parts();
    if let (Some(config), Some(site)) = (&config, &site)
        && wants_search
        && !built.has_errors()
    {
        index_site(config, site, search.as_deref(), sink.as_ref(), &mut built);
        clock.lap("search", &mut built.timings);
    }

    source::quote_lines(root, &mut built.diags);
    built.assets = assets;
    built.config = config;
    built.site = site;
    built
}

/// Times the stages one after the other.
struct Clock(Instant);

impl Clock {
    fn lap(&mut self, name: &'static str, timings: &mut Timings) {
        let now = Instant::now();
        timings.stages.push((name, now - self.0));
        self.0 = now;
    }
}

/// Where `build` streams rendered files: to its sink, item pages also to
/// the search index as they go by.
fn streamed(sink: &render::Sink, search: Option<&Arc<crate::search::Collector>>) -> render::Sink {
    match search {
        Some(collector) => {
            let (collector, sink) = (collector.clone(), sink.clone());
            Arc::new(move |o: &Output| {
                collector.add(o);
                sink(o);
            })
        }
        None => sink.clone(),
    }
}

/// RENDER: every output of the site, into `built.outputs` or, when
/// streaming, to the sink (then `built.outputs` is left empty).
fn render_site(
    session: &mut Session,
    assets: &[Asset],
    stream: Option<render::Sink>,
    built: &mut Built,
    diags: &mut Vec<Diagnostic>,
) {
    if session.load_templates(None).is_none() {
        return;
    }
    let Some((config, site, prepared, templates)) = session.ready() else {
        return;
    };
    let renderer = match &stream {
        Some(sink) => render::Renderer::streaming(sink.clone()),
        None => render::Renderer::default(),
    };
    built.outputs = render::render_all(config, site, prepared, templates, &renderer, assets, diags);
    if let Some(sink) = &stream {
        // Streamed outputs come back empty; the rest (feeds, sitemap,
        // robots.txt) go to the sink now.
        for o in std::mem::take(&mut built.outputs) {
            if !o.bytes.is_empty() {
                sink(&o);
            }
        }
    }
    built.timings.templates = renderer.template_timings();
}

/// The search index: from the pages streamed by (`build`) or from
/// `built.outputs`.
fn index_site(
    config: &Config,
    site: &Site,
    search: Option<&crate::search::Collector>,
    sink: Option<&render::Sink>,
    built: &mut Built,
) {
    let files = match (search, sink) {
        (Some(collector), Some(sink)) => collector.finish(config).map(|files| {
            for f in &files {
                sink(f);
            }
            Vec::new()
        }),
        _ if !built.outputs.is_empty() => crate::search::index(config, site, &built.outputs),
        _ => Ok(Vec::new()),
    };
    match files {
        Ok(files) => built.outputs.extend(files),
        Err(d) => built.diags.push(d),
    }
}
