//! RENDER: (`Site`, templates) → `Output` files in memory. The stages, as
//! plain data between them: `prepare` (what every render shares, made once
//! per build), `load_templates` (Tera setup), `jobs` (every templated
//! output, planned), `run_jobs` (each job's typed context built from small
//! precomputed summaries, never the whole site, and rendered in parallel;
//! template errors become diagnostics), and `site_files` (feeds, sitemap,
//! robots.txt, made from data).

mod assemble;
mod context;
#[cfg(test)]
mod docs_test;
mod hash;
mod hash_feed;
mod jobs;
mod lookups;
mod memo;
mod page;
mod prepared;
mod run;
mod shared;
mod social;
mod templates;

pub(crate) use assemble::job_hash;
pub(crate) use hash::{Hashed, hasher};
pub(crate) use jobs::{Job, JobKind, jobs, page_job};
pub(crate) use lookups::{Lookup, LookupRecorder};
pub(crate) use prepared::{Prepared, Previous, ThemeArt, prepare};
pub(crate) use run::{Renderer, Sink, TemplateTiming, run_jobs};
pub(crate) use templates::{TemplateCache, TemplateSetup, Templates, load_templates};

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::feeds;
use crate::output::{Asset, Output};
use crate::resolve::Site;

/// Renders every output of the site: all templated jobs, then feeds,
/// sitemap and robots.txt.
/// `assets` (copied as they are) are only checked against the outputs:
/// no two sources may claim one output path (see `routes::Planned`).
pub(crate) fn render_all(
    config: &Config,
    site: &Site,
    prepared: &Prepared,
    templates: &Templates,
    renderer: &Renderer,
    assets: &[Asset],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Output> {
    let jobs = jobs(config, site, prepared, templates);
    // Pages are streamed to the output as they are rendered: a clash is
    // reported before any of them is written.
    let mut planned = crate::routes::Planned::new(assets, jobs.len() + 64, diags);
    let mut clear = true;
    for j in &jobs {
        clear &= planned.generated(&j.output, j.source, diags);
    }
    let all: Vec<&Job<'_>> = if clear || !renderer.streams() {
        jobs.iter().collect()
    } else {
        Vec::new()
    };
    // The untemplated files do not depend on the rendered pages: made
    // alongside them, so their serial parts overlap page rendering.
    let (mut outputs, files) = rayon::join(
        || run_jobs(config, site, prepared, templates, renderer, &all, diags),
        || {
            let mut files = site_files(config, site, prepared, None);
            files.extend(crate::exports::exports(config, site, &prepared.routes));
            files
        },
    );
    // They are written after this returns, once checked; the cards are
    // copied from the cache with the other files (`Prepared::card_assets`).
    let clear = files.iter().fold(clear, |clear, f| {
        planned.generated(&f.path, crate::config::CONFIG_FILE, diags) && clear
    });
    let clear = prepared.card_paths().fold(clear, |clear, path| {
        planned.generated(path, crate::config::CONFIG_FILE, diags) && clear
    });
    if clear {
        outputs.extend(files);
    }
    outputs
}

/// The untemplated outputs but the /api/ exports: feeds, sitemap and
/// robots.txt (the default language's render only) and the map outline
/// image. (The social cards are copied files: `Prepared::card_assets`.)
/// With `feeds`, `serve`'s memo of the feeds it published, only the feeds
/// whose plan changed are written.
pub(crate) fn site_files(
    config: &Config,
    site: &Site,
    prepared: &Prepared,
    feeds: Option<&mut feeds::FeedMemo>,
) -> Vec<Output> {
    // The map page is content; the search page is left out, as search
    // result pages should be.
    let with_map = prepared.projection.is_some();
    let alternates = prepared.i18n.as_ref().map(|(a, _)| a.as_ref());
    // The sitemap (naming every language) and robots.txt are the default
    // language's. The sitemap is made while the feeds are.
    let default_language = (prepared.i18n.as_ref()).is_none_or(|(_, language)| *language == 0);
    let (mut outputs, sitemap) = rayon::join(
        || match feeds {
            Some(memo) => memo.write_changed(config, site, &prepared.routes, None),
            None => feeds::feeds(config, site, &prepared.routes),
        },
        || {
            default_language
                .then(|| feeds::sitemap(config, site, &prepared.routes, with_map, alternates))
        },
    );
    if let Some(sitemap) = sitemap {
        outputs.push(sitemap);
        outputs.push(feeds::robots(&prepared.routes));
    }
    // Findability: the map's outline image.
    if let Some(projection) = &prepared.projection {
        outputs.push(crate::map::outline_output(projection));
    }
    outputs
}
