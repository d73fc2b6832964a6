//! Runs the stages in order (config → load → parse → resolve → render) and
//! returns plain data: outputs, files to copy, diagnostics, timings. Never
//! writes anything; `build` hands the result to `write`, `check` only
//! reports it, `serve` keeps it in memory.

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::layout::Layout;
use crate::output::{Asset, Output};
use crate::parse;
use crate::render;
use crate::resolve::Site;
use crate::session;
use crate::source;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub base_url: Option<String>,
    pub include_drafts: bool,
    /// Leave out the search index (`serve` builds it lazily with
    /// `search::index`).
    pub skip_search_index: bool,
}

#[derive(Debug, Default)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
    /// Per top-level template: total render time and calls, slowest first.
    pub(crate) templates: Vec<render::TemplateTiming>,
    /// Images decoded and processed by this run, and taken from the cache.
    pub images: (usize, usize),
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
    let Some(config) = session::config(root, options, &mut built.diags) else {
        return built;
    };
    let mut inputs = source::load(root, &config, &mut built.diags);
    inputs.pages.extend(extra);
    let config = with_shortcodes(config, &inputs);
    let config = with_images(root, config, &mut inputs, &mut built.diags);
    built.timings.images = (config.images.processed, config.images.cached);
    // Content files then static files: copied as they are by `build`.
    let mut assets = std::mem::take(&mut inputs.content_assets);
    assets.append(&mut inputs.static_files);
    clock.lap("load", &mut built.timings);

    let pages = std::mem::take(&mut inputs.pages);
    let (docs, unparsed) = parse_pages(&config, pages, &mut built.diags);
    clock.lap("parse", &mut built.timings);

    let mut site = session::resolve(&config, docs, &assets, &unparsed, options, &mut built.diags);
    clock.lap("resolve", &mut built.timings);
    if sink.is_some() {
        // Streaming (`build`): every diagnostic that quotes a page's source
        // has been made (it copies its line), so free the page texts.
        for page in &mut site.pages {
            page.doc.text = String::new();
        }
    }

    // The search index is built for themes with a search page. Streamed
    // pages are collected on the way; otherwise it reads `built.outputs`.
    let wants_search =
        !options.skip_search_index && inputs.templates.iter().any(|t| t.name == "search.html");
    let search = (wants_search && sink.is_some())
        .then(|| Arc::new(crate::search::Collector::streaming(&config, &site)));
    let stream = sink.as_ref().map(|sink| streamed(sink, search.as_ref()));
    render_site(root, &config, &site, &inputs, &assets, stream, &mut built);
    clock.lap("render", &mut built.timings);

    if wants_search && !built.has_errors() {
        index_site(&config, &site, search.as_deref(), sink.as_ref(), &mut built);
        clock.lap("search", &mut built.timings);
    }

    source::quote_lines(root, &mut built.diags);
    built.assets = assets;
    built.config = Some(config);
    built.site = Some(site);
    built
}

/// The config with the theme's shortcodes (and the sizes of the content
/// files they may show).
pub(crate) fn with_shortcodes(config: Config, inputs: &source::Inputs) -> Config {
    let sizes = source::content_sizes(&inputs.content_assets);
    let shortcodes = crate::markdown::Shortcodes::load(&inputs.templates, sizes);
    config.with_shortcodes(shortcodes)
}

/// The config with the hub's images processed (or taken from the cache):
/// the variants join the assets, and `parse` writes them into bodies.
pub(crate) fn with_images(
    root: &Path,
    config: Config,
    inputs: &mut source::Inputs,
    diags: &mut Vec<Diagnostic>,
) -> Config {
    let lists = &mut [&mut inputs.content_assets, &mut inputs.static_files];
    let images = crate::images::prepare(root, &config.base_path(), lists, diags);
    let mut config = config.with_images(images);
    config.card = inputs
        .card
        .take()
        .map(|card| std::sync::Arc::new((card, root.to_path_buf())));
    config
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

/// PARSE: every page, and the paths of those that did not parse.
fn parse_pages(
    config: &Config,
    pages: Vec<source::SourceFile>,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<parse::Doc>, HashSet<String>) {
    let mut unparsed: HashSet<String> = pages.iter().map(|f| f.path.clone()).collect();
    let docs = parse::parse_all(pages, config, &config.base_path(), diags);
    for doc in &docs {
        unparsed.remove(&doc.path);
    }
    (docs, unparsed)
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
    root: &Path,
    config: &Config,
    site: &Site,
    inputs: &source::Inputs,
    assets: &[Asset],
    stream: Option<render::Sink>,
    built: &mut Built,
) {
    let layout = Layout::new(&config.theme);
    if inputs.templates.is_empty() && !root.join(layout.theme_dir()).is_dir() {
        return;
    }
    let prepared = session::prepare(config, site, inputs.map_outline.as_ref(), &mut built.diags);
    let templates = &inputs.templates;
    let Some(templates) =
        session::templates(root, config, templates, &prepared, None, &mut built.diags)
    else {
        return;
    };
    let renderer = match &stream {
        Some(sink) => render::Renderer::streaming(sink.clone()),
        None => render::Renderer::default(),
    };
    built.outputs = render::render_all(
        config,
        site,
        &prepared,
        &templates,
        &renderer,
        assets,
        &mut built.diags,
    );
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
