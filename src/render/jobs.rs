//! Job planning: every templated output of the site (template, output
//! file, URL, what it shows), in a fixed order, without rendering anything.

use super::Prepared;
use super::context::{base_context, collection_value, intro_html, obj, page_numbers, paginator};
use crate::config::Config;
use crate::resolve::{PageId, Site};
use crate::routes::Route;
use tera::{Context, Tera, Value};

/// What a templated output shows; `deps` reads it to know what the output
/// was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobKind {
    Home,
    /// One page of a collection listing, with the pages it lists.
    List {
        collection: usize,
        pages: Vec<PageId>,
    },
    Taxonomy {
        taxonomy: usize,
    },
    /// One page of a taxonomy term, with the range of the term's pages
    /// it lists.
    Term {
        taxonomy: usize,
        term: usize,
        pages: std::ops::Range<usize>,
    },
    NotFound,
    Page(PageId),
    /// The search page (no page data).
    Search,
    /// The map page (depends on every place and what refers to it).
    Map,
}

/// One templated output to render: built by `jobs`, rendered by `run_jobs`.
pub struct Job<'a> {
    pub template: String,
    pub output: String,
    /// The `current_url` the template sees.
    pub url: String,
    pub kind: JobKind,
    /// `None` for pages: their context is built when they are rendered.
    pub(super) context: Option<Context>,
    /// For error messages: what was being rendered.
    pub(super) source: &'a str,
}

/// Every templated output of the site, in a fixed order (home, listings,
/// taxonomies and terms, 404, then pages), without rendering anything.
pub fn jobs<'a>(config: &Config, site: &'a Site, prepared: &Prepared, tera: &Tera) -> Vec<Job<'a>> {
    let routes = &prepared.routes;

    let base_context = |kind: &str, current_url: String| base_context(prepared, kind, current_url);
    let pick = |specific: String, general: &str| {
        if tera.contains_template(&specific) {
            specific
        } else {
            general.to_string()
        }
    };

    let mut jobs: Vec<Job<'_>> = Vec::new();
    let home_url = routes.url(&Route::Home);
    let mut home = base_context("home", home_url.clone());
    home.insert_value("intro", intro_html(site.home_intro.as_ref()));
    home.insert_value(
        "intro_title",
        Value::from(site.home_intro.as_ref().map_or("", |d| d.title.as_str())),
    );
    jobs.push(Job {
        template: "index.html".into(),
        output: Route::Home.output(),
        url: home_url,
        kind: JobKind::Home,
        context: Some(home),
        source: "content/_index.md",
    });

    for (ci, (c, cp)) in config.collections.iter().zip(&site.collections).enumerate() {
        let per_page = c.per_page.max(1);
        let total = cp.pages.len().div_ceil(per_page).max(1);
        let listing = |page: usize| Route::Listing {
            collection: &c.name,
            page,
        };
        let page_url_n = |n: usize| routes.url(&listing(n));
        let mut collection_map = collection_value(routes, c, cp.pages.len())
            .into_map()
            .unwrap_or_default();
        collection_map.insert("intro".into(), intro_html(cp.intro.as_ref()));
        if let Some(intro) = &cp.intro {
            collection_map.insert("intro_title".into(), Value::from(intro.title.as_str()));
        }
        let collection_value = Value::from(collection_map);
        let numbers = page_numbers(total, &page_url_n);
        for n in 1..=total {
            let ids: Vec<PageId> = cp
                .pages
                .iter()
                .skip((n - 1) * per_page)
                .take(per_page)
                .copied()
                .collect();
            let chunk: Vec<Value> = ids
                .iter()
                .map(|&id| prepared.summaries[id].clone())
                .collect();
            let url = page_url_n(n);
            let mut ctx = base_context("list", url.clone());
            ctx.insert_value("collection", collection_value.clone());
            ctx.insert_value("pages", Value::from(chunk));
            ctx.insert_value(
                "paginator",
                paginator(n, total, &page_url_n, numbers.clone()),
            );
            let output = listing(n).output();
            let source = cp.intro.as_ref().map_or("hub.yaml", |d| d.path.as_str());
            jobs.push(Job {
                template: pick(format!("list/{}.html", c.name), "list.html"),
                output,
                url,
                kind: JobKind::List {
                    collection: ci,
                    pages: ids,
                },
                context: Some(ctx),
                source,
            });
        }
    }

    for (ti, (tax, terms)) in config.taxonomies.iter().zip(&site.taxonomies).enumerate() {
        let tax_url = routes.url(&Route::Taxonomy(&tax.name));
        let term_route = |term: &'a str, page: usize| Route::Term {
            taxonomy: &tax.name,
            term,
            page,
        };
        let term_values: Vec<Value> = terms
            .terms
            .iter()
            .map(|t| {
                obj([
                    ("name", Value::from(t.slug.as_str())),
                    ("label", Value::from(t.label.as_str())),
                    ("url", Value::from(routes.url(&term_route(&t.slug, 1)))),
                    ("count", Value::from(t.pages.len())),
                ])
            })
            .collect();
        let tax_value = obj([
            ("name", Value::from(tax.name.as_str())),
            ("label", Value::from(tax.label.as_str())),
            ("description", Value::from(tax.description.as_str())),
            ("url", Value::from(tax_url.as_str())),
            ("count", Value::from(terms.terms.len())),
            ("terms", Value::from(term_values.clone())),
        ]);
        let mut ctx = base_context("taxonomy", tax_url.clone());
        ctx.insert_value("taxonomy", tax_value.clone());
        jobs.push(Job {
            template: "taxonomy.html".into(),
            output: Route::Taxonomy(&tax.name).output(),
            url: tax_url.clone(),
            kind: JobKind::Taxonomy { taxonomy: ti },
            context: Some(ctx),
            source: "hub.yaml",
        });
        for (term, (t, term_value)) in terms.terms.iter().zip(term_values).enumerate() {
            let per_page = tax.per_page.max(1);
            let total = t.pages.len().div_ceil(per_page).max(1);
            let page_url_n = |n: usize| routes.url(&term_route(&t.slug, n));
            // The collections present, with their counts and the page of
            // the term where each group starts (pages come grouped).
            let mut groups: Vec<(&str, usize, usize)> = Vec::new();
            for (i, &id) in t.pages.iter().enumerate() {
                let name = site.pages[id].collection.as_str();
                match groups.last_mut() {
                    Some((last, count, _)) if *last == name => *count += 1,
                    _ => groups.push((name, 1, i / per_page + 1)),
                }
            }
            let collections = Value::from(
                groups
                    .iter()
                    .map(|&(name, count, n)| {
                        let label = config.collection(name).map_or(name, |c| c.label.as_str());
                        obj([
                            ("name", Value::from(name)),
                            ("label", Value::from(label)),
                            ("count", Value::from(count)),
                            (
                                "url",
                                Value::from(routes.group(&term_route(&t.slug, n), name)),
                            ),
                        ])
                    })
                    .collect::<Vec<Value>>(),
            );
            let mut term_map = term_value.into_map().unwrap_or_default();
            term_map.insert("collections".into(), collections);
            let term_value = Value::from(term_map);
            let numbers = page_numbers(total, &page_url_n);
            for n in 1..=total {
                let url = page_url_n(n);
                let mut ctx = base_context("term", url.clone());
                ctx.insert_value("taxonomy", tax_value.clone());
                ctx.insert_value("term", term_value.clone());
                ctx.insert_value(
                    "paginator",
                    paginator(n, total, &page_url_n, numbers.clone()),
                );
                let output = term_route(&t.slug, n).output();
                let start = ((n - 1) * per_page).min(t.pages.len());
                let end = (start + per_page).min(t.pages.len());
                // `pages` is added when the job runs (see `run_jobs`).
                jobs.push(Job {
                    template: "term.html".into(),
                    output,
                    url,
                    kind: JobKind::Term {
                        taxonomy: ti,
                        term,
                        pages: start..end,
                    },
                    context: Some(ctx),
                    source: "hub.yaml",
                });
            }
        }
    }

    // Findability pages, when the theme has their templates.
    if tera.contains_template("search.html") {
        let url = routes.url(&Route::Search);
        jobs.push(Job {
            template: "search.html".into(),
            output: Route::Search.output(),
            context: Some(base_context("search", url.clone())),
            url,
            kind: JobKind::Search,
            source: "hub.yaml",
        });
    }
    if tera.contains_template("map.html")
        && let Some(projection) = &prepared.projection
        && let Some(map) = crate::map::build(config, site, &prepared.urls, projection)
    {
        let url = routes.url(&Route::Map);
        let mut ctx = base_context("map", url.clone());
        ctx.insert_value("map", map);
        jobs.push(Job {
            template: "map.html".into(),
            output: Route::Map.output(),
            context: Some(ctx),
            url,
            kind: JobKind::Map,
            source: "hub.yaml",
        });
    }

    let not_found_url = routes.url(&Route::NotFound);
    jobs.push(Job {
        template: "404.html".into(),
        output: Route::NotFound.output(),
        url: not_found_url.clone(),
        kind: JobKind::NotFound,
        context: Some(base_context("404", not_found_url)),
        source: "hub.yaml",
    });
    jobs.extend((0..site.pages.len()).filter_map(|id| page_job(site, prepared, tera, id)));
    jobs
}

/// The job of one page (the last jobs of `jobs`, one per page).
pub fn page_job<'a>(
    site: &'a Site,
    prepared: &Prepared,
    tera: &Tera,
    id: PageId,
) -> Option<Job<'a>> {
    let page = site.pages.get(id)?;
    let specific = format!("page/{}.html", page.collection);
    Some(Job {
        template: if tera.contains_template(&specific) {
            specific
        } else {
            "page.html".to_string()
        },
        output: page.route().output(),
        url: prepared.urls.get(id)?.clone(),
        kind: JobKind::Page(id),
        context: None,
        source: &page.doc.path,
    })
}
