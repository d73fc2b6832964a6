//! Runs the stages in order (config → load → parse → resolve → render) and
//! returns plain data: outputs, files to copy, diagnostics, timings. Never
//! writes anything; `build` hands the result to `write`, `check` only
//! reports it, `serve` keeps it in memory.

use crate::clock::Clock;
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::output::{Asset, Output};
use crate::render;
use crate::resolve::Site;
use crate::session::{self, Session};
use crate::source;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

pub use crate::session::Options;

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

    /// The files this build copies out of the cache (its social cards),
    /// with their bytes: with `outputs`, what it makes.
    pub fn cache_files(&self) -> std::collections::BTreeMap<String, Vec<u8>> {
        self.assets
            .iter()
            .filter_map(|a| match &a.from {
                crate::output::AssetFrom::Cache(file) => {
                    Some((a.to.clone(), std::fs::read(file).ok()?))
                }
                _ => None,
            })
            .collect()
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
    let mut clock = Clock::default();
    let mut session = Session::new(root, options);
    let Some(pages) = session.load(extra) else {
        built.diags = session.diagnostics();
        return built;
    };
    let images = session.images();
    built.timings.images = (images.processed, images.cached);
    clock.lap("load");
    session.parse(pages);
    clock.lap("parse");
    session.resolve(&mut clock);
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
    let mut assets: Vec<Asset> = session.assets().cloned().collect();
    let mut render_diags = Vec::new();
    render_site(&mut session, &assets, stream, &mut built, &mut render_diags);
    // The social cards are copied from the cache with the other files.
    let cards = session.prepared().into_iter().flat_map(|p| p.card_assets());
    let mut cards: Vec<Asset> = cards.collect();
    let mut language_indexes = Vec::new();
    if let Some(languages) = Languages::new(&session) {
        let indexes = wants_search.then_some(&mut language_indexes);
        let mut rendered = Rendered {
            outputs: &mut built.outputs,
            cards: &mut cards,
            diags: &mut render_diags,
        };
        languages.render(sink.as_ref(), indexes, &mut rendered);
    }
    assets.extend(cards);
    session.add_render_diags(render_diags);
    built.diags = session.diagnostics();
    clock.lap("render");

    let (config, site) = session.into_parts();
    if let (Some(config), Some(site)) = (&config, &site)
        && wants_search
        && !built.has_errors()
    {
        let indexes = Indexes {
            default: search.as_deref(),
            languages: &language_indexes,
        };
        index_site(config, site, indexes, sink.as_ref(), &mut built);
        clock.lap("search");
    }

    source::quote_lines(root, &mut built.diags);
    built.timings.stages = clock.take();
    built.assets = assets;
    built.config = config;
    built.site = site;
    built
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

/// The collectors of the search bundle: the default language's (streaming
/// only) and each other language's, in the hub's order.
struct Indexes<'a> {
    default: Option<&'a crate::search::Collector>,
    languages: &'a [Arc<crate::search::Collector>],
}

/// The search bundle: each language's index, from the pages streamed by
/// (`build`) or collected from `built.outputs`, in one `/pagefind/`.
fn index_site(
    config: &Config,
    site: &Site,
    indexes: Indexes<'_>,
    sink: Option<&render::Sink>,
    built: &mut Built,
) {
    let default = match indexes.default {
        Some(collector) => collector.finish(config),
        None if !built.outputs.is_empty() => crate::search::index(config, site, &built.outputs),
        None => Ok(Vec::new()),
    };
    let files = std::iter::once(default)
        .chain(indexes.languages.iter().map(|c| c.finish(config)))
        .collect::<Result<Vec<_>, _>>()
        .and_then(crate::search::bundle);
    match (files, sink) {
        (Ok(files), Some(sink)) => files.iter().for_each(|f| sink(f)),
        (Ok(files), None) => built.outputs.extend(files),
        (Err(d), _) => built.diags.push(d),
    }
}

/// RENDER for the hub's other languages: each one made ready by the
/// session's LANGUAGE step (`Session::language`) and rendered under its
/// folder (`/it/…`). robots.txt and the sitemap are the default render's
/// (the sitemap names every language); each language's item pages go to
/// an index of its own in the one search bundle (`search::bundle`).
struct Languages<'a> {
    session: &'a Session,
}

impl<'a> Languages<'a> {
    /// `None` for a hub in one language, or when nothing was rendered.
    fn new(session: &'a Session) -> Option<Languages<'a>> {
        (session.language_count() > 1).then_some(Languages { session })
    }

    /// Renders every other language; given `indexes`, each language's
    /// item pages also go to a search index of its own, pushed there.
    fn render(
        &self,
        sink: Option<&render::Sink>,
        mut indexes: Option<&mut Vec<Arc<crate::search::Collector>>>,
        into: &mut Rendered<'_>,
    ) {
        let (outputs, diags) = (&mut *into.outputs, &mut *into.diags);
        for i in 1..self.session.language_count() {
            let Some(language) = self.session.language(
                i,
                None,
                None,
                Arc::new(crate::render::TemplateCache::for_build()),
                diags,
            ) else {
                continue;
            };
            into.cards.extend(language.card_assets());
            let folder = language.folder.clone();
            let index = indexes.is_some().then(|| {
                let (config, site) = (&language.config, &language.site);
                let collector = match sink {
                    Some(sink) => crate::search::Collector::streaming(config, site, sink.clone()),
                    None => crate::search::Collector::new(config, site),
                };
                Arc::new(collector.in_folder(&folder))
            });
            let stream = sink.map(|sink| prefixed(streamed(sink, index.as_ref()), folder.clone()));
            let rendered = render_language(&language, stream, diags);
            let start = outputs.len();
            outputs.extend(rendered.into_iter().filter_map(|o| in_folder(o, &folder)));
            if let (Some(index), Some(indexes)) = (index, indexes.as_deref_mut()) {
                outputs[start..].iter().for_each(|o| index.add(o));
                indexes.push(index);
            }
        }
    }
}

/// Where the other languages' renders go: their outputs (those not
/// streamed), their social cards (copied from the cache) and problems.
struct Rendered<'a> {
    outputs: &'a mut Vec<Output>,
    cards: &'a mut Vec<Asset>,
    diags: &'a mut Vec<Diagnostic>,
}

/// One language's outputs (those not streamed). Clashes with copied files
/// were checked by the default render.
fn render_language(
    language: &session::LanguageRender,
    stream: Option<render::Sink>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Output> {
    let Some(templates) = &language.templates else {
        return Vec::new();
    };
    let renderer = match &stream {
        Some(sink) => render::Renderer::streaming(sink.clone()),
        None => render::Renderer::default(),
    };
    let (config, site, prepared) = (&language.config, &language.site, &language.prepared);
    let outputs = render::render_all(config, site, prepared, templates, &renderer, &[], diags);
    let Some(sink) = &stream else {
        return outputs;
    };
    // Streamed outputs come back empty; the rest (feeds) go to the sink
    // now.
    for o in outputs.iter().filter(|o| !o.bytes.is_empty()) {
        sink(o);
    }
    Vec::new()
}

/// An output of a language's render under its folder; robots.txt and the
/// sitemap are left to the default render.
fn in_folder(o: Output, folder: &str) -> Option<Output> {
    Some(Output {
        path: session::output_in(folder, &o.path)?,
        bytes: o.bytes,
    })
}

/// A sink that puts what a language's render streams under its folder.
fn prefixed(sink: render::Sink, folder: String) -> render::Sink {
    Arc::new(move |o: &Output| {
        if o.bytes.is_empty() {
            return;
        }
        let copy = Output {
            path: o.path.clone(),
            bytes: o.bytes.clone(),
        };
        if let Some(o) = in_folder(copy, &folder) {
            sink(&o);
        }
    })
}

#[cfg(test)]
mod tests {
    /// The shipped hub's item pages, as the search index reads them: every
    /// one must take the vendored Pagefind's quick reader, so that the
    /// build's speed does not quietly fall back to lol_html, and read as
    /// lol_html reads it (`search::quick_reading`).
    #[test]
    fn every_item_page_of_the_shipped_hub_is_read_quickly_and_as_pagefind_does() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let options = super::Options {
            skip_search_index: true,
            ..Default::default()
        };
        let built = super::run(root, &options);
        assert!(!built.has_errors(), "the shipped hub builds");
        let mut read = 0;
        for output in &built.outputs {
            let Ok(html) = std::str::from_utf8(&output.bytes) else {
                continue;
            };
            if !output.path.ends_with(".html") || !html.contains("data-pagefind-body") {
                continue;
            }
            let Some((quick, full)) = crate::search::quick_reading::item_page_readings(html) else {
                panic!("the quick reader declined {}", output.path);
            };
            assert_eq!(quick, full, "{} read differently", output.path);
            read += 1;
        }
        assert!(read >= 100, "only {read} item pages");
    }
}
