//! Job planning: every templated output of the site (template, output
//! file, URL, what it shows), in a fixed order, as plain data: nothing is
//! rendered and no context is built here (`run` builds each job's context
//! when it renders it).

use super::prepared::Prepared;
use super::shared::page_count;
use super::templates::Templates;
use crate::config::{CONFIG_FILE, Config};
use crate::resolve::{Page, PageId, Site};
use crate::routes::Route;
use rayon::prelude::*;
use std::borrow::Cow;

/// What a templated output shows; `deps` reads it to know what the output
/// was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum JobKind {
    Home,
    /// Page `number` (from 1) of a collection listing, with the pages it
    /// lists.
    List {
        collection: usize,
        number: usize,
        pages: Vec<PageId>,
    },
    Taxonomy {
        taxonomy: usize,
    },
    /// Page `number` (from 1) of a taxonomy term, with the range of the
    /// term's pages it lists.
    Term {
        taxonomy: usize,
        term: usize,
        number: usize,
        pages: std::ops::Range<usize>,
    },
    NotFound,
    Page(PageId),
    /// The search page (no page data).
    Search,
    /// The map page (depends on every place and what refers to it).
    Map,
}

/// One templated output to render: planned by `jobs`, rendered by
/// `run_jobs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Job<'a> {
    /// Borrowed from the templates' names (or a fallback's literal).
    pub template: Cow<'a, str>,
    pub output: String,
    /// The `current_url` the template sees (an item page's is borrowed
    /// from what was prepared).
    pub url: Cow<'a, str>,
    pub kind: JobKind,
    /// For error messages: what was being rendered.
    pub(super) source: &'a str,
}

/// The home page's intro, where its errors are reported.
const HOME_INTRO: &str = "content/_index.md";

/// Every templated output of the site, in a fixed order (home, listings,
/// taxonomies and terms, search, map, 404, then pages).
pub(crate) fn jobs<'a>(
    config: &Config,
    site: &'a Site,
    prepared: &'a Prepared,
    tera: &'a Templates,
) -> Vec<Job<'a>> {
    let job = |template: &str, route: Route<'_>, kind: JobKind, source: &'a str| Job {
        template: tera.name(template),
        output: route.output(),
        url: prepared.routes.url(&route).into(),
        kind,
        source,
    };
    let mut jobs: Vec<Job<'_>> = vec![job("index.html", Route::Home, JobKind::Home, HOME_INTRO)];
    listing_jobs(config, site, tera, &job, &mut jobs);
    taxonomy_jobs(config, site, &job, &mut jobs);
    // Findability pages, when the theme has their templates.
    if tera.has("search.html") {
        jobs.push(job(
            "search.html",
            Route::Search,
            JobKind::Search,
            CONFIG_FILE,
        ));
    }
    let mapped = config.collections.iter().any(|c| c.find.map.is_some());
    if tera.has("map.html") && prepared.projection.is_some() && mapped {
        jobs.push(job("map.html", Route::Map, JobKind::Map, CONFIG_FILE));
    }
    jobs.push(job(
        "404.html",
        Route::NotFound,
        JobKind::NotFound,
        CONFIG_FILE,
    ));
    // Item pages, the most jobs, planned in parallel (in page order), each
    // collection's template picked once.
    let templates: Vec<(&str, Cow<'a, str>)> = (config.collections.iter())
        .map(|c| (c.name.as_str(), page_template(tera, &c.name)))
        .collect();
    let template_of = |page: &Page| {
        let found = templates.iter().find(|(name, _)| *name == page.collection);
        found.map_or_else(|| page_template(tera, &page.collection), |(_, t)| t.clone())
    };
    let items: Vec<Job<'a>> = (0..site.pages.len())
        .into_par_iter()
        .filter_map(|id| item_job(site, prepared, &template_of, id))
        .collect();
    jobs.extend(items);
    jobs
}

/// The template for `specific` if the theme has it, else `general`.
fn pick<'a>(tera: &'a Templates, specific: &str, general: &str) -> Cow<'a, str> {
    match tera.has(specific) {
        true => tera.name(specific),
        false => tera.name(general),
    }
}

/// The template of an item page of `collection`.
fn page_template<'a>(tera: &'a Templates, collection: &str) -> Cow<'a, str> {
    pick(tera, &format!("page/{collection}.html"), "page.html")
}

type MakeJob<'f, 'a> = dyn Fn(&str, Route<'_>, JobKind, &'a str) -> Job<'a> + 'f;

/// Every page of every collection's listing.
fn listing_jobs<'a>(
    config: &Config,
    site: &'a Site,
    tera: &Templates,
    job: &MakeJob<'_, 'a>,
    jobs: &mut Vec<Job<'a>>,
) {
    for (ci, (c, cp)) in config
        .collections
        .iter()
        .zip(site.collections())
        .enumerate()
    {
        let per_page = c.per_page.max(1);
        let template = pick(tera, &format!("list/{}.html", c.name), "list.html");
        let source = cp.intro.as_ref().map_or(CONFIG_FILE, |d| d.path.as_str());
        for (number, pages) in
            (1..=page_count(cp.pages.len(), per_page)).zip(chunks(&cp.pages, per_page))
        {
            let route = Route::Listing {
                collection: &c.name,
                page: number,
            };
            let kind = JobKind::List {
                collection: ci,
                number,
                pages: pages.to_vec(),
            };
            jobs.push(job(&template, route, kind, source));
        }
    }
}

/// `per_page` pages at a time, and one empty page for no pages.
fn chunks(pages: &[PageId], per_page: usize) -> impl Iterator<Item = &[PageId]> {
    let empty: &[PageId] = &[];
    pages
        .chunks(per_page)
        .chain(pages.is_empty().then_some(empty))
}

/// Each taxonomy's page, then every page of each of its terms.
fn taxonomy_jobs<'a>(
    config: &Config,
    site: &'a Site,
    job: &MakeJob<'_, 'a>,
    jobs: &mut Vec<Job<'a>>,
) {
    for (ti, (tax, terms)) in config.taxonomies.iter().zip(site.taxonomies()).enumerate() {
        let route = Route::Taxonomy(&tax.name);
        let kind = JobKind::Taxonomy { taxonomy: ti };
        jobs.push(job("taxonomy.html", route, kind, CONFIG_FILE));
        let per_page = tax.per_page.max(1);
        for (term, t) in terms.terms.iter().enumerate() {
            for number in 1..=page_count(t.pages.len(), per_page) {
                let start = ((number - 1) * per_page).min(t.pages.len());
                let end = (start + per_page).min(t.pages.len());
                let route = Route::Term {
                    taxonomy: &tax.name,
                    term: &t.slug,
                    page: number,
                };
                let kind = JobKind::Term {
                    taxonomy: ti,
                    term,
                    number,
                    pages: start..end,
                };
                jobs.push(job("term.html", route, kind, CONFIG_FILE));
            }
        }
    }
}

/// The job of one page (the last jobs of `jobs`, one per page).
pub(crate) fn page_job<'a>(
    site: &'a Site,
    prepared: &'a Prepared,
    tera: &'a Templates,
    id: PageId,
) -> Option<Job<'a>> {
    let template_of = |page: &Page| page_template(tera, &page.collection);
    item_job(site, prepared, &template_of, id)
}

/// The job of page `id`, whose template `template_of` gives.
fn item_job<'a>(
    site: &'a Site,
    prepared: &'a Prepared,
    template_of: &(dyn Fn(&Page) -> Cow<'a, str> + Sync),
    id: PageId,
) -> Option<Job<'a>> {
    let page = site.pages.get(id)?;
    Some(Job {
        template: template_of(page),
        output: page.route().output(),
        url: Cow::Borrowed(prepared.urls.get(id)?),
        kind: JobKind::Page(id),
        source: &page.doc().path,
    })
}
