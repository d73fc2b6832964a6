//! Each job's context, assembled when the job runs from the site, the
//! prepared data and the shared values: the variables of its kind of
//! output (home, listing, taxonomy, term, item page, map...) around the
//! site data, as the typed structs of `context`.

use super::context::{
    HomeVars, Html, JsonLd, ListVars, ListedCollection, MapContext, MapVars, NearbyPage, NoVars,
    PageVars, Paginator, Shared, SharedValue, TaxonomyVars, TemplateContext, TermVars,
};
use super::hash::Hashed;
use super::jobs::{Job, JobKind};
use super::prepared::Prepared;
use super::shared::{TaxonomyValues, collection_info, page_count, term_route};
use crate::config::Config;
use crate::map::MapView;
use crate::parse::Doc;
use crate::resolve::{PageId, Site};
use crate::routes::{Route, Routes};
use serde::Serialize;
use tera::{Context, Value};

/// The `paginator` of page `n` of `total` of a listing.
fn paginator<'a>(
    n: usize,
    total: usize,
    route: &dyn Fn(usize) -> Route<'a>,
    routes: &Routes,
    numbers: &'a SharedValue,
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
        pages: Shared::from(numbers),
        nearby: nearby(n, total)
            .into_iter()
            .map(|shown| match shown {
                Some(number) => NearbyPage {
                    number,
                    url: routes.url(&route(number)),
                    current: number == n,
                    gap: false,
                },
                None => NearbyPage {
                    number: 0,
                    url: String::new(),
                    current: false,
                    gap: true,
                },
            })
            .collect(),
    }
}

/// The page numbers a short pager shows on page `n` of `total`, `None`
/// for a gap: the first and last page and two either side of `n`; the
/// second and the second-to-last page, when not shown, are a gap. Picked
/// from a handful of candidates, so that a listing of hundreds of pages
/// costs no more per page than a short one.
fn nearby(n: usize, total: usize) -> Vec<Option<usize>> {
    let near = n.saturating_sub(2).max(1)..=(n + 2).min(total);
    let mut candidates: Vec<usize> = [1, 2, total.saturating_sub(1), total]
        .into_iter()
        .chain(near.clone())
        .filter(|p| (1..=total).contains(p))
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    candidates
        .into_iter()
        .filter_map(|p| {
            if p == 1 || p == total || near.contains(&p) {
                Some(Some(p))
            } else {
                (p == 2 || p + 1 == total).then_some(None)
            }
        })
        .collect()
}

fn intro(doc: Option<&Doc>) -> Html<'_> {
    Html::from(doc.map_or("", |d| d.body.html.as_str()))
}

fn summaries<'a>(prepared: &'a Prepared, ids: &[PageId]) -> Vec<Shared<'a>> {
    ids.iter().map(|&id| prepared.summary(id)).collect()
}

/// What is made of a job's typed context: its Tera value (to render it) or
/// its hash (to know whether it must be rendered again).
pub(super) trait Made {
    type Out;
    fn make<V: Serialize>(context: &TemplateContext<'_, V>) -> tera::TeraResult<Self::Out>;
}

/// A context as Tera renders it.
pub(super) struct AsValue;

impl Made for AsValue {
    type Out = Value;
    fn make<V: Serialize>(context: &TemplateContext<'_, V>) -> tera::TeraResult<Value> {
        Value::try_from_serializable(context)
    }
}

/// A context as its hash (see `hash`).
pub(super) struct AsHash;

impl Made for AsHash {
    type Out = Hashed;
    fn make<V: Serialize>(context: &TemplateContext<'_, V>) -> tera::TeraResult<Hashed> {
        Ok(super::hash::hash(context))
    }
}

/// The context of a template: the site, the kind of output, its URL, and
/// the variables of its kind.
fn context<M: Made, V: Serialize>(
    prepared: &Prepared,
    kind: &'static str,
    job: &Job<'_>,
    vars: V,
) -> tera::TeraResult<M::Out> {
    M::make(&TemplateContext {
        site: Shared::from(&prepared.site),
        kind,
        current_url: &job.url,
        section_url: super::shared::section_of(&prepared.sections, &job.url),
        alternates: match prepared.alternates() {
            Some((alternates, lang)) => alternates.of(lang, &job.url),
            None => Vec::new(),
        },
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
    Context::from_serialize(&job_value::<AsValue>(config, site, prepared, job)?)
}

/// The hash of what a job's template sees (see `hash`).
pub(crate) fn job_hash(
    config: &Config,
    site: &Site,
    prepared: &Prepared,
    job: &Job<'_>,
) -> tera::TeraResult<Hashed> {
    job_value::<AsHash>(config, site, prepared, job)
}

/// What a job's template sees, made into `M`.
pub(super) fn job_value<M: Made>(
    config: &Config,
    site: &Site,
    prepared: &Prepared,
    job: &Job<'_>,
) -> tera::TeraResult<M::Out> {
    match &job.kind {
        JobKind::Home => {
            let home = site.home_intro().map(|d| &**d);
            let vars = HomeVars {
                intro: intro(home),
                intro_title: home.map_or("", |d| d.title.as_str()),
                jsonld: JsonLd(crate::exports::home_jsonld(config, &prepared.routes)),
            };
            context::<M, _>(prepared, "home", job, vars)
        }
        JobKind::List {
            collection,
            number,
            pages,
        } => {
            let vars = list_vars(config, site, prepared, *collection, *number, pages)
                .ok_or_else(|| missing("collection"))?;
            context::<M, _>(prepared, "list", job, vars)
        }
        JobKind::Taxonomy { taxonomy } => {
            let taxonomy = Shared::from(&prepared_taxonomy(prepared, *taxonomy)?.taxonomy);
            context::<M, _>(prepared, "taxonomy", job, TaxonomyVars { taxonomy })
        }
        JobKind::Term {
            taxonomy,
            term,
            number,
            pages,
        } => {
            let at = (*taxonomy, *term);
            let vars = term_vars(config, site, prepared, at, *number, pages.clone())?;
            context::<M, _>(prepared, "term", job, vars)
        }
        JobKind::Page(id) => {
            let page = super::page::page_context(config, site, prepared, *id);
            context::<M, _>(prepared, "page", job, PageVars { page })
        }
        JobKind::Map => {
            let view = map_view(config, site, prepared)?;
            context::<M, _>(prepared, "map", job, map_vars(view))
        }
        JobKind::Search => context::<M, _>(prepared, "search", job, NoVars {}),
        JobKind::NotFound => context::<M, _>(prepared, "404", job, NoVars {}),
    }
}

fn missing(what: &str) -> tera::Error {
    tera::Error::message(format!("no {what} for this output"))
}

fn prepared_taxonomy(prepared: &Prepared, taxonomy: usize) -> tera::TeraResult<&TaxonomyValues> {
    prepared
        .taxonomy_values(taxonomy)
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
        site.collection(collection)?,
    );
    let route = |page| Route::Listing {
        collection: &c.name,
        page,
    };
    let total = page_count(cp.pages.len(), c.per_page);
    Some(ListVars {
        collection: ListedCollection {
            info: collection_info(&prepared.routes, c, cp.pages.len()),
            intro: intro(cp.intro.as_deref()),
            intro_title: cp.intro.as_ref().map(|d| d.title.as_str()),
            facets: prepared.listing_facets(collection)?.into(),
        },
        pages: summaries(prepared, pages),
        paginator: paginator(
            number,
            total,
            &route,
            &prepared.routes,
            prepared.listing_numbers(collection)?,
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
    let tax = config
        .taxonomies
        .get(taxonomy)
        .ok_or_else(|| missing("taxonomy"))?;
    let t = site.term(taxonomy, term).ok_or_else(|| missing("term"))?;
    let (values, (context, numbers)) =
        (prepared.term_values(taxonomy, term)).ok_or_else(|| missing("term"))?;
    let route = |page| term_route(tax, &t.slug, page);
    let total = page_count(t.pages.len(), tax.per_page);
    Ok(TermVars {
        taxonomy: Shared::from(values),
        term: Shared::from(context),
        paginator: paginator(number, total, &route, &prepared.routes, numbers),
        pages: summaries(prepared, t.pages.get(pages).unwrap_or_default()),
    })
}

/// The map page's variables, over its drawing.
fn map_vars(view: &MapView) -> MapVars<'_> {
    MapVars {
        map: MapContext {
            svg: Html::from(view.svg.as_str()),
            collection: &view.collection,
            collection_label: &view.collection_label,
            count_collection: &view.count_collection,
            count_label: &view.count_label,
            places: &view.places,
            legend: &view.legend,
        },
    }
}

/// The map page's drawing (only planned when the site has one).
fn map_view<'a>(
    config: &Config,
    site: &Site,
    prepared: &'a Prepared,
) -> tera::TeraResult<&'a MapView> {
    prepared
        .map_view(config, site)
        .ok_or_else(|| missing("map"))
}

#[cfg(test)]
mod tests {
    use super::nearby;

    /// The rule as a theme would write it over every page number.
    fn over_every_page(n: usize, total: usize) -> Vec<Option<usize>> {
        (1..=total)
            .filter_map(|p| {
                if p == 1 || p == total || (p + 2 >= n && p <= n + 2) {
                    Some(Some(p))
                } else {
                    (p == 2 || p + 1 == total).then_some(None)
                }
            })
            .collect()
    }

    #[test]
    fn the_short_pager_shows_what_a_loop_over_every_page_would() {
        for total in 1..=14 {
            for n in 1..=total {
                assert_eq!(
                    nearby(n, total),
                    over_every_page(n, total),
                    "{n} of {total}"
                );
            }
        }
        let mid = nearby(250, 500);
        assert_eq!(
            mid,
            [
                Some(1),
                None,
                Some(248),
                Some(249),
                Some(250),
                Some(251),
                Some(252),
                None,
                Some(500)
            ]
        );
    }
}
