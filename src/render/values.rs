//! The values of the template contexts (`context`), made from the site and
//! the prepared data: the summaries and site data (once per build), the
//! values shared by a listing's or a taxonomy's pages (once per build), and
//! the context of each job as it runs.

use super::context::{
    CollectionInfo, FieldOut, Fields, HomeVars, Html, ListVars, ListedCollection, MapContext,
    MapVars, NoVars, PageNumber, PageVars, Paginator, Shared, SiteContext, Summary,
    TaxonomyContext, TaxonomyInfo, TaxonomyVars, TemplateContext, TermContext, TermGroup, TermInfo,
    TermVars,
};
use super::prepared::TaxonomyValues;
use super::{Job, JobKind, Prepared};
use crate::config::{Collection, Config, Taxonomy};
use crate::map::MapView;
use crate::parse::{Doc, FieldValue};
use crate::resolve::{Page, PageId, Site, Term};
use crate::routes::{Route, Routes};
use crate::text::PageDate;
use serde::Serialize;
use tera::{Context, Value};

/// A context value as Tera holds it (our types always serialise).
pub(super) fn value<T: Serialize>(v: &T) -> Value {
    Value::try_from_serializable(v).unwrap_or_else(|_| Value::none())
}

/// `(YYYY-MM-DD, 12 March 2024)`, or two empty strings.
pub(super) fn date_strings(date: Option<PageDate>) -> (String, String) {
    date.map_or_else(Default::default, |d| (d.iso(), d.display()))
}

/// A field value as templates see it.
fn field_out(v: &FieldValue) -> FieldOut<'_> {
    match v {
        FieldValue::Str(s) | FieldValue::Ref(s) => FieldOut::Text(s),
        FieldValue::Int(i) => FieldOut::Int(*i),
        FieldValue::Num(n) => FieldOut::Num(*n),
        FieldValue::Bool(b) => FieldOut::Bool(*b),
        FieldValue::Date(d) => FieldOut::Date(d.iso()),
        FieldValue::List(l) | FieldValue::Refs(l) => {
            FieldOut::List(l.iter().map(String::as_str).collect())
        }
    }
}

/// A page's field values; a ref that did not resolve (broken, a draft, a
/// page that did not parse) is absent: resolve reported it once, at the ref.
fn fields<'a>(site: &Site, page: &'a Page) -> Fields<'a> {
    let mut out = Vec::with_capacity(page.doc.fields.len());
    for (name, v) in &page.doc.fields {
        let resolved = |slug: &String| {
            page.refs
                .iter()
                .find(|(f, _)| f == name)
                .is_some_and(|(_, ts)| ts.iter().any(|&t| site.pages[t].slug == *slug))
        };
        let value = match v {
            FieldValue::Ref(slug) if !resolved(slug) => continue,
            FieldValue::Refs(slugs) if !slugs.iter().all(resolved) => FieldOut::List(
                slugs
                    .iter()
                    .filter(|s| resolved(s))
                    .map(String::as_str)
                    .collect(),
            ),
            other => field_out(other),
        };
        out.push((name.as_str(), value));
    }
    Fields(out)
}

pub(super) fn summary<'a>(site: &'a Site, routes: &Routes, id: PageId) -> Summary<'a> {
    let page = &site.pages[id];
    let doc = &page.doc;
    let (date, date_display) = date_strings(doc.date);
    Summary {
        id: format!("{}/{}", page.collection, page.slug),
        collection: &page.collection,
        slug: &page.slug,
        url: routes.url(&page.route()),
        title: &doc.title,
        summary: doc.summary_text(),
        date,
        date_display,
        fields: fields(site, page),
    }
}

pub(super) fn summary_value(site: &Site, routes: &Routes, id: PageId) -> Value {
    value(&summary(site, routes, id))
}

pub(super) fn collection_info<'a>(
    routes: &Routes,
    c: &'a Collection,
    count: usize,
) -> CollectionInfo<'a> {
    let listing = Route::Listing {
        collection: &c.name,
        page: 1,
    };
    CollectionInfo {
        name: &c.name,
        label: &c.label,
        singular: &c.singular,
        description: &c.description,
        url: routes.url(&listing),
        count,
        feed_url: if c.feed {
            routes.url(&Route::CollectionFeed(&c.name))
        } else {
            String::new()
        },
    }
}

/// The `site` variable. `map_url` is set when the site has a map.
pub(super) fn site_value(config: &Config, site: &Site, routes: &Routes, map: bool) -> Value {
    let collections = config
        .collections
        .iter()
        .zip(&site.collections)
        .map(|(c, cp)| collection_info(routes, c, cp.pages.len()))
        .collect();
    let taxonomies = config
        .taxonomies
        .iter()
        .zip(&site.taxonomies)
        .map(|(t, terms)| TaxonomyInfo {
            name: &t.name,
            label: &t.label,
            description: &t.description,
            url: routes.url(&Route::Taxonomy(&t.name)),
            count: terms.terms.len(),
        })
        .collect();
    value(&SiteContext {
        title: &config.title,
        description: &config.description,
        base_url: routes.base_url(),
        base_path: routes.base_path(),
        language: &config.language,
        repository: &config.repository,
        collections,
        taxonomies,
        search_url: routes.url(&Route::Search),
        map_url: if map {
            routes.url(&Route::Map)
        } else {
            String::new()
        },
        api_url: routes.url(&Route::ApiIndex),
    })
}

/// How many pages a listing of `count` items takes, `per_page` a page.
pub(super) fn page_count(count: usize, per_page: usize) -> usize {
    count.div_ceil(per_page.max(1)).max(1)
}

/// `[{number, url}]` of every page of a listing: one shared list (values
/// are reference-counted), as a list for each page of the listing would be
/// quadratic in its number of pages.
fn page_numbers<'a>(total: usize, route: &dyn Fn(usize) -> Route<'a>, routes: &Routes) -> Value {
    let numbers: Vec<PageNumber> = (1..=total)
        .map(|number| PageNumber {
            number,
            url: routes.url(&route(number)),
        })
        .collect();
    value(&numbers)
}

/// The page numbers of each collection's listing.
pub(super) fn listing_numbers(config: &Config, site: &Site, routes: &Routes) -> Vec<Value> {
    config
        .collections
        .iter()
        .zip(&site.collections)
        .map(|(c, cp)| {
            let listing = |page| Route::Listing {
                collection: &c.name,
                page,
            };
            page_numbers(page_count(cp.pages.len(), c.per_page), &listing, routes)
        })
        .collect()
}

/// Each taxonomy's context and each of its terms' context and page numbers.
pub(super) fn taxonomy_values(
    config: &Config,
    site: &Site,
    routes: &Routes,
) -> Vec<TaxonomyValues> {
    config
        .taxonomies
        .iter()
        .zip(&site.taxonomies)
        .map(|(tax, terms)| {
            let info = |t| term_info(routes, tax, t);
            let taxonomy = value(&TaxonomyContext {
                name: &tax.name,
                label: &tax.label,
                description: &tax.description,
                url: routes.url(&Route::Taxonomy(&tax.name)),
                count: terms.terms.len(),
                terms: terms.terms.iter().map(info).collect(),
            });
            let terms = terms
                .terms
                .iter()
                .map(|t| {
                    let context = TermContext {
                        info: info(t),
                        collections: term_groups(config, site, routes, tax, t),
                    };
                    let route = |page| term_route(tax, &t.slug, page);
                    let total = page_count(t.pages.len(), tax.per_page);
                    (value(&context), page_numbers(total, &route, routes))
                })
                .collect();
            TaxonomyValues { taxonomy, terms }
        })
        .collect()
}

fn term_info<'a>(routes: &Routes, tax: &Taxonomy, t: &'a Term) -> TermInfo<'a> {
    TermInfo {
        name: &t.slug,
        label: &t.label,
        url: routes.url(&term_route(tax, &t.slug, 1)),
        count: t.pages.len(),
    }
}

fn term_route<'a>(tax: &'a Taxonomy, term: &'a str, page: usize) -> Route<'a> {
    Route::Term {
        taxonomy: &tax.name,
        term,
        page,
    }
}

/// The collections present in a term, with their counts and the page of
/// the term where each group starts (pages come grouped by collection).
fn term_groups<'a>(
    config: &'a Config,
    site: &'a Site,
    routes: &Routes,
    tax: &Taxonomy,
    term: &Term,
) -> Vec<TermGroup<'a>> {
    let per_page = tax.per_page.max(1);
    let mut groups: Vec<(&str, usize, usize)> = Vec::new();
    for (i, &id) in term.pages.iter().enumerate() {
        let name = site.pages[id].collection.as_str();
        match groups.last_mut() {
            Some((last, count, _)) if *last == name => *count += 1,
            _ => groups.push((name, 1, i / per_page + 1)),
        }
    }
    groups
        .into_iter()
        .map(|(name, count, page)| TermGroup {
            name,
            label: config.collection(name).map_or(name, |c| c.label.as_str()),
            count,
            url: routes.group(&term_route(tax, &term.slug, page), name),
        })
        .collect()
}

/// The `paginator` of page `n` of `total` of a listing.
fn paginator<'a>(
    n: usize,
    total: usize,
    route: &dyn Fn(usize) -> Route<'a>,
    routes: &Routes,
    numbers: &'a Value,
) -> Paginator<'a> {
    let url_if = |ok: bool, n: usize| {
        if ok {
            routes.url(&route(n))
        } else {
            String::new()
        }
    };
    Paginator {
        current: n,
        total,
        prev_url: url_if(n > 1, n.saturating_sub(1)),
        next_url: url_if(n < total, n + 1),
        pages: Shared(numbers),
    }
}

fn intro(doc: Option<&Doc>) -> Html<'_> {
    Html::from(doc.map_or("", |d| d.body.html.as_str()))
}

fn summaries<'a>(prepared: &'a Prepared, ids: &[PageId]) -> Vec<Shared<'a>> {
    ids.iter()
        .map(|&id| Shared(&prepared.summaries[id]))
        .collect()
}

/// The context of a template: the site, the kind of output, its URL, and
/// the variables of its kind.
fn context<V: Serialize>(
    prepared: &Prepared,
    kind: &'static str,
    job: &Job<'_>,
    vars: V,
) -> tera::TeraResult<Value> {
    Value::try_from_serializable(&TemplateContext {
        site: Shared(&prepared.site),
        kind,
        current_url: &job.url,
        vars,
    })
}

/// The Tera context of a job: what its template sees.
pub(super) fn job_context(
    config: &Config,
    site: &Site,
    prepared: &Prepared,
    job: &Job<'_>,
) -> tera::TeraResult<Context> {
    Context::from_serialize(&job_value(config, site, prepared, job)?)
}

/// What a job's template sees, as one value.
pub(super) fn job_value(
    config: &Config,
    site: &Site,
    prepared: &Prepared,
    job: &Job<'_>,
) -> tera::TeraResult<Value> {
    match &job.kind {
        JobKind::Home => {
            let home = site.home_intro.as_ref();
            let vars = HomeVars {
                intro: intro(home),
                intro_title: home.map_or("", |d| d.title.as_str()),
            };
            context(prepared, "home", job, vars)
        }
        JobKind::List {
            collection,
            number,
            pages,
        } => {
            let vars = list_vars(config, site, prepared, *collection, *number, pages)
                .ok_or_else(|| missing("collection"))?;
            context(prepared, "list", job, vars)
        }
        JobKind::Taxonomy { taxonomy } => {
            let taxonomy = Shared(&prepared_taxonomy(prepared, *taxonomy)?.taxonomy);
            context(prepared, "taxonomy", job, TaxonomyVars { taxonomy })
        }
        JobKind::Term {
            taxonomy,
            term,
            number,
            pages,
        } => {
            let at = (*taxonomy, *term);
            let vars = term_vars(config, site, prepared, at, *number, pages.clone())?;
            context(prepared, "term", job, vars)
        }
        JobKind::Page(id) => {
            let page = super::page::page_context(config, site, prepared, *id);
            context(prepared, "page", job, PageVars { page })
        }
        JobKind::Map => {
            let view = map_view(config, site, prepared)?;
            context(prepared, "map", job, map_vars(&view))
        }
        JobKind::Search => context(prepared, "search", job, NoVars {}),
        JobKind::NotFound => context(prepared, "404", job, NoVars {}),
    }
}

fn missing(what: &str) -> tera::Error {
    tera::Error::message(format!("no {what} for this output"))
}

fn prepared_taxonomy(prepared: &Prepared, taxonomy: usize) -> tera::TeraResult<&TaxonomyValues> {
    prepared
        .taxonomies
        .get(taxonomy)
        .ok_or_else(|| missing("taxonomy"))
}

fn list_vars<'a>(
    config: &'a Config,
    site: &'a Site,
    prepared: &'a Prepared,
    collection: usize,
    number: usize,
    pages: &[PageId],
) -> Option<ListVars<'a>> {
    let (c, cp) = (
        config.collections.get(collection)?,
        site.collections.get(collection)?,
    );
    let route = |page| Route::Listing {
        collection: &c.name,
        page,
    };
    let total = page_count(cp.pages.len(), c.per_page);
    Some(ListVars {
        collection: ListedCollection {
            info: collection_info(&prepared.routes, c, cp.pages.len()),
            intro: intro(cp.intro.as_ref()),
            intro_title: cp.intro.as_ref().map(|d| d.title.as_str()),
        },
        pages: summaries(prepared, pages),
        paginator: paginator(
            number,
            total,
            &route,
            &prepared.routes,
            prepared.listing_numbers.get(collection)?,
        ),
    })
}

fn term_vars<'a>(
    config: &'a Config,
    site: &'a Site,
    prepared: &'a Prepared,
    (taxonomy, term): (usize, usize),
    number: usize,
    pages: std::ops::Range<usize>,
) -> tera::TeraResult<TermVars<'a>> {
    let values = prepared_taxonomy(prepared, taxonomy)?;
    let tax = config
        .taxonomies
        .get(taxonomy)
        .ok_or_else(|| missing("taxonomy"))?;
    let t = site
        .taxonomies
        .get(taxonomy)
        .and_then(|t| t.terms.get(term))
        .ok_or_else(|| missing("term"))?;
    let (context, numbers) = values.terms.get(term).ok_or_else(|| missing("term"))?;
    let route = |page| term_route(tax, &t.slug, page);
    let total = page_count(t.pages.len(), tax.per_page);
    Ok(TermVars {
        taxonomy: Shared(&values.taxonomy),
        term: Shared(context),
        paginator: paginator(number, total, &route, &prepared.routes, numbers),
        pages: summaries(prepared, t.pages.get(pages).unwrap_or_default()),
    })
}

/// The map page's variables, over its drawing.
fn map_vars<'a>(view: &'a MapView<'_>) -> MapVars<'a> {
    MapVars {
        map: MapContext {
            svg: Html::from(view.svg.as_str()),
            collection: view.collection,
            collection_label: view.collection_label,
            count_collection: view.count_collection,
            count_label: &view.count_label,
            places: &view.places,
        },
    }
}

/// The map page's drawing (only planned when the site has one).
fn map_view<'a>(
    config: &'a Config,
    site: &'a Site,
    prepared: &'a Prepared,
) -> tera::TeraResult<MapView<'a>> {
    let projection = prepared.projection.as_ref().ok_or_else(|| missing("map"))?;
    crate::map::build(config, site, &prepared.urls, projection).ok_or_else(|| missing("map"))
}
