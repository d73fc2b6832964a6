//! The values made once per build and shown by many outputs: each page's
//! summary, the site data, the page numbers of every listing and term, each
//! taxonomy's and term's context. `prepare` makes them; jobs share them.

use super::context::{
    CollectionInfo, Facet, FacetTerm, FieldOut, Fields, FooterContext, FooterLink, GrantInfo,
    PageNumber, SharedValue, SiteContext, SiteCount, Summary, TaxonomyContext, TaxonomyInfo,
    TermContext, TermGroup, TermInfo, Thumbnail,
};
use crate::config::{Collection, Config, FieldDef, Taxonomy};
use crate::diag::Diagnostic;
use crate::parse::FieldValue;
use crate::resolve::{CollectionPages, Page, PageId, Site, Term};
use crate::routes::{Route, Routes};
use crate::text::PageDate;

/// What every page of a taxonomy and of its terms shows.
pub(super) struct TaxonomyValues {
    /// The `TaxonomyContext`.
    pub(super) taxonomy: SharedValue,
    /// Each term's `TermContext` and the `PageNumber`s of its pages.
    pub(super) terms: Vec<(SharedValue, SharedValue)>,
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
    let mut out = Vec::with_capacity(page.doc().fields.len());
    for (name, v) in &page.doc().fields {
        let resolved = |slug: &String| {
            page.refs()
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
    let doc = &page.doc();
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
        thumbnail: doc.body.first_image.as_ref().map(|s| Thumbnail {
            url: &s.thumb.url,
            width: s.thumb.width,
            height: s.thumb.height,
        }),
        original_language: site
            .fallback_label
            .as_deref()
            .filter(|_| doc.lang.is_none()),
    }
}

pub(super) fn summary_value(site: &Site, routes: &Routes, id: PageId) -> SharedValue {
    SharedValue::new(&summary(site, routes, id))
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
        count: SiteCount(count),
        has_pages: count > 0,
        feed_url: if c.feed {
            routes.url(&Route::CollectionFeed(&c.name))
        } else {
            String::new()
        },
        form_url: c.form.as_ref().map_or("", |f| f.url.as_str()),
        nav: c.nav,
    }
}

/// `site.footer`; pages that do not exist are left out (`footer_problems`).
fn footer<'a>(config: &'a Config, site: &'a Site, routes: &Routes) -> FooterContext<'a> {
    let f = &config.footer;
    let page = |id: &str| site.by_path().get(id).map(|&p| &site.pages[p]);
    FooterContext {
        links: f
            .links
            .iter()
            .filter_map(|id| page(id))
            .map(|p| FooterLink {
                title: &p.doc().title,
                url: routes.url(&p.route()),
            })
            .collect(),
        publisher: &f.publisher,
        contact_email: &f.contact_email,
        funding_statement: &f.funding.statement,
        emblem: f.funding.emblem,
        grants: f
            .funding
            .grants
            .iter()
            .map(|g| GrantInfo {
                name: &g.name,
                programme: &g.programme,
                agreement: &g.agreement,
                url: page(&g.page).map_or_else(String::new, |p| routes.url(&p.route())),
            })
            .collect(),
    }
}

/// Each page hub.yaml's `footer:` names that the hub does not have, at
/// its place in hub.yaml.
pub(super) fn footer_problems(config: &Config, site: &Site, diags: &mut Vec<Diagnostic>) {
    let f = &config.footer;
    let links = f
        .links
        .iter()
        .enumerate()
        .map(|(i, id)| (["footer", "links"].as_slice(), i, id.as_str()));
    let grants = f.funding.grants.iter().enumerate().map(|(i, g)| {
        (
            ["footer", "funding", "grants"].as_slice(),
            i,
            g.page.as_str(),
        )
    });
    for (path, index, id) in links.chain(grants) {
        if id.is_empty() || site.by_path().contains_key(id) {
            continue;
        }
        let text = &config.source;
        let (line, col) = crate::yaml::locate_item(text, path, index).unwrap_or((1, 1));
        diags.push(
            Diagnostic::error(
                "unknown-page",
                crate::config::CONFIG_FILE,
                format!("hub.yaml's footer names `{id}`, but the hub has no such page"),
            )
            .at(text, line, col)
            .hint(format!(
                "add content/{id}.md, or correct the name (collection/slug)"
            )),
        );
    }
}

/// The `site` variable. `map_url` is set when the site has a map.
pub(super) fn site_value(
    config: &Config,
    site: &Site,
    routes: &Routes,
    map: bool,
    image: &str,
) -> (SharedValue, Vec<String>) {
    let collections = config
        .collections
        .iter()
        .zip(site.collections())
        .map(|(c, cp)| collection_info(routes, c, cp.pages.len()))
        .collect();
    let taxonomies = config
        .taxonomies
        .iter()
        .zip(site.taxonomies())
        .map(|(t, terms)| TaxonomyInfo {
            name: &t.name,
            label: &t.label,
            description: &t.description,
            url: routes.url(&Route::Taxonomy(&t.name)),
            count: SiteCount(terms.terms.len()),
            has_pages: terms.terms.iter().any(|t| !t.pages.is_empty()),
        })
        .collect();
    let context = SiteContext {
        title: &config.title,
        description: &config.description,
        base_url: routes.base_url(),
        base_path: routes.base_path(),
        static_path: config.static_path.as_deref().unwrap_or(routes.base_path()),
        language: &config.language,
        repository: &config.repository,
        content_license: config.content_license.as_ref(),
        collections,
        taxonomies,
        search_url: routes.url(&Route::Search),
        map_url: if map {
            routes.url(&Route::Map)
        } else {
            String::new()
        },
        api_url: routes.url(&Route::ApiIndex),
        footer: footer(config, site, routes),
        image,
    };
    (SharedValue::with_counts(&context), sections(&context))
}

/// The URLs the site's navigation links to: home, the map, each
/// collection, each taxonomy, each footer page (see
/// `TemplateContext::section_url`).
fn sections(site: &SiteContext<'_>) -> Vec<String> {
    let fixed = [site.base_path, site.map_url.as_str()];
    let collections = site.collections.iter().map(|c| c.url.as_str());
    let taxonomies = site.taxonomies.iter().map(|t| t.url.as_str());
    let footer = site.footer.links.iter().map(|l| l.url.as_str());
    (fixed
        .into_iter()
        .chain(collections)
        .chain(taxonomies)
        .chain(footer))
    .filter(|url| !url.is_empty())
    .map(str::to_string)
    .collect()
}

/// The longest of `sections` that `url` starts with, or "" (see
/// `TemplateContext::section_url`).
pub(super) fn section_of<'a>(sections: &'a [String], url: &str) -> &'a str {
    (sections.iter())
        .filter(|s| url.starts_with(s.as_str()))
        .max_by_key(|s| s.len())
        .map_or("", String::as_str)
}

/// How many pages a listing of `count` items takes, `per_page` a page.
pub(super) fn page_count(count: usize, per_page: usize) -> usize {
    count.div_ceil(per_page.max(1)).max(1)
}

/// `[{number, url}]` of every page of a listing: one shared list (values
/// are reference-counted), as a list for each page of the listing would be
/// quadratic in its number of pages.
fn page_numbers<'a>(
    total: usize,
    route: &dyn Fn(usize) -> Route<'a>,
    routes: &Routes,
) -> SharedValue {
    let numbers: Vec<PageNumber> = (1..=total)
        .map(|number| PageNumber {
            number,
            url: routes.url(&route(number)),
        })
        .collect();
    SharedValue::new(&numbers)
}

/// The page numbers of each collection's listing.
pub(super) fn listing_numbers(config: &Config, site: &Site, routes: &Routes) -> Vec<SharedValue> {
    config
        .collections
        .iter()
        .zip(site.collections())
        .map(|(c, cp)| {
            let listing = |page| Route::Listing {
                collection: &c.name,
                page,
            };
            page_numbers(page_count(cp.pages.len(), c.per_page), &listing, routes)
        })
        .collect()
}

/// A ref field is a facet of its collection's listing when its pages
/// refer to at most this many distinct pages (4 projects, not 30 cities).
const REF_FACET_LIMIT: usize = 8;

/// Each collection's `collection.facets`: the taxonomies whose field it
/// declares, then its ref fields with few targets; only values some of
/// its pages have, with how many.
pub(super) fn listing_facets(config: &Config, site: &Site, routes: &Routes) -> Vec<SharedValue> {
    config
        .collections
        .iter()
        .zip(site.collections())
        .map(|(c, cp)| {
            let mut facets: Vec<Facet> = Vec::new();
            for (tax, terms) in config.taxonomies.iter().zip(site.taxonomies()) {
                if c.field(&tax.field).is_none() {
                    continue;
                }
                let terms: Vec<FacetTerm> = terms
                    .terms
                    .iter()
                    .map(|t| FacetTerm {
                        label: &t.label,
                        url: routes.url(&term_route(tax, &t.slug, 1)),
                        count: t
                            .pages
                            .iter()
                            .filter(|&&p| site.pages[p].collection == c.name)
                            .count(),
                    })
                    .filter(|t| t.count > 0)
                    .collect();
                if !terms.is_empty() {
                    facets.push(Facet {
                        label: &tax.label,
                        filter: crate::resolve::facet_name(&tax.label),
                        terms,
                    });
                }
            }
            facets.extend(
                c.fields
                    .iter()
                    .filter_map(|f| ref_facet(config, site, routes, cp, f)),
            );
            SharedValue::new(&facets)
        })
        .collect()
}

/// The facet of ref field `f` in a listing: when it points to a facet
/// collection (`resolve::is_facet_target`) and the listing's pages point
/// to at most `REF_FACET_LIMIT` distinct pages through it.
fn ref_facet<'a>(
    config: &Config,
    site: &'a Site,
    routes: &Routes,
    cp: &CollectionPages,
    f: &'a FieldDef,
) -> Option<Facet<'a>> {
    let to = f.kind.target()?;
    if !crate::resolve::is_facet_target(config, site, to) {
        return None;
    }
    let mut counts = crate::resolve::ref_counts(site, &cp.pages, &f.name);
    if counts.is_empty() || counts.len() > REF_FACET_LIMIT {
        return None;
    }
    counts.sort_by_key(|&(t, _)| crate::text::sort_key(&site.pages[t].doc().title));
    let terms = counts
        .into_iter()
        .map(|(t, count)| FacetTerm {
            label: &site.pages[t].doc().title,
            url: routes.url(&site.pages[t].route()),
            count,
        })
        .collect();
    Some(Facet {
        label: &f.label,
        filter: crate::resolve::facet_name(config.collection(to).map_or(to, |t| t.label.as_str())),
        terms,
    })
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
        .zip(site.taxonomies())
        .map(|(tax, terms)| {
            let info = |t| term_info(routes, tax, t, |n| n);
            let taxonomy = SharedValue::with_counts(&TaxonomyContext {
                name: &tax.name,
                label: &tax.label,
                description: &tax.description,
                url: routes.url(&Route::Taxonomy(&tax.name)),
                count: terms.terms.len(),
                terms: terms
                    .terms
                    .iter()
                    .map(|t| term_info(routes, tax, t, SiteCount))
                    .collect(),
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
                    (
                        SharedValue::new(&context),
                        page_numbers(total, &route, routes),
                    )
                })
                .collect();
            TaxonomyValues { taxonomy, terms }
        })
        .collect()
}

/// A term's name, label, URL and count (made into `C`: a plain number, or
/// a `SiteCount`).
fn term_info<'a, C>(
    routes: &Routes,
    tax: &Taxonomy,
    t: &'a Term,
    count: impl Fn(usize) -> C,
) -> TermInfo<'a, C> {
    TermInfo {
        name: &t.slug,
        label: &t.label,
        url: routes.url(&term_route(tax, &t.slug, 1)),
        count: count(t.pages.len()),
    }
}

pub(super) fn term_route<'a>(tax: &'a Taxonomy, term: &'a str, page: usize) -> Route<'a> {
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

#[cfg(test)]
mod tests {
    use super::section_of;

    #[test]
    fn a_section_is_the_longest_navigation_url_a_page_is_under() {
        let sections: Vec<String> = [
            "/hub/",
            "/hub/map/",
            "/hub/case-studies/",
            "/hub/about/team/",
        ]
        .map(str::to_string)
        .into();
        assert_eq!(
            section_of(&sections, "/hub/case-studies/a/"),
            "/hub/case-studies/"
        );
        assert_eq!(
            section_of(&sections, "/hub/case-studies/"),
            "/hub/case-studies/"
        );
        assert_eq!(section_of(&sections, "/hub/map/"), "/hub/map/");
        assert_eq!(section_of(&sections, "/hub/about/"), "/hub/");
        assert_eq!(
            section_of(&sections, "/hub/about/team/"),
            "/hub/about/team/"
        );
        assert_eq!(section_of(&sections, "/elsewhere/"), "");
        assert_eq!(section_of(&[], "/hub/"), "");
    }
}
