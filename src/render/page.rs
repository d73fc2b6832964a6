//! The context of an item page (`page` in `page.html`): its summary, body
//! and table of contents, its fields ready to show, its refs, reverse
//! links, terms, neighbours and related pages, and what findability adds
//! (JSON-LD, location, per-item feed).

use super::context::{
    BacklinkGroup, Html, JsonLd, MetaField, PageContext, PageTaxonomy, PageTerm, RefTargets, Refs,
    TocEntry,
};
use super::prepared::Prepared;
use super::shared::{collection_info, date_strings, summary};
use crate::config::{Config, FieldDef};
use crate::markdown::Heading;
use crate::model::Shown;
use crate::parse::FieldValue;
use crate::resolve::{Page, PageId, Site};
use crate::routes::Route;

pub(super) fn page_context<'a>(
    config: &'a Config,
    site: &'a Site,
    prepared: &'a Prepared,
    id: PageId,
) -> PageContext<'a> {
    let page = &site.pages[id];
    let doc = &page.doc();
    let routes = &prepared.routes;
    let collection = config.collection(&page.collection);
    let (updated, updated_display) = date_strings(doc.updated);
    let shared = |p: PageId| prepared.summary(p);
    PageContext {
        summary: summary(site, routes, id),
        content: Html::from(doc.body.html.as_str()),
        toc: toc(&doc.body.headings),
        updated,
        updated_display,
        sources: &doc.sources,
        draft: doc.draft,
        word_count: doc.body.word_count,
        reading_minutes: doc.body.word_count.div_ceil(200).max(1),
        edit_url: edit_url(config, &doc.path),
        source_path: &doc.path,
        meta: meta(config, site, prepared, page),
        refs: refs(config, prepared, page),
        backlinks: backlinks(config, prepared, page),
        taxonomies: taxonomies(config, site, prepared, page),
        // Its own collection is never empty (the page is in it), so only
        // the count can change: a count the hash keeps apart.
        collection_info: collection.map(|c| collection_info(routes, c, site.count_of(&c.name))),
        prev: page.prev().map(shared),
        next: page.next().map(shared),
        related: prepared.related(id).iter().map(|&p| shared(p)).collect(),
        jsonld: JsonLd(crate::exports::jsonld(config, site, routes, id)),
        breadcrumb_jsonld: JsonLd(crate::exports::breadcrumb_jsonld(config, site, routes, id)),
        location: crate::map::location(
            config,
            site,
            routes,
            &prepared.urls,
            prepared.projection.as_ref(),
            id,
        ),
        feed_url: if collection.is_some_and(|c| c.find.feed_per_item) {
            routes.url(&page.feed_route())
        } else {
            String::new()
        },
        original_url: match (&doc.lang, prepared.alternates()) {
            (Some(_), Some((alternates, lang))) => {
                alternates.original_url(lang, &routes.url(&page.route()))
            }
            _ => String::new(),
        },
        stale: doc.lang.is_some()
            && doc
                .translation_of
                .as_ref()
                .is_some_and(|v| *v != doc.version),
        image: prepared.page_image(id),
    }
}

/// The link to edit a content file in the hub's repository (empty without
/// one).
fn edit_url(config: &Config, path: &str) -> String {
    if config.repository.is_empty() {
        String::new()
    } else {
        format!("{}/edit/{}/{}", config.repository, config.branch, path)
    }
}

/// h2 entries with their h3 children; deeper levels are left out.
fn toc(headings: &[Heading]) -> Vec<TocEntry<'_>> {
    let min = headings
        .iter()
        .map(|h| h.level)
        .filter(|&l| l >= 2)
        .min()
        .unwrap_or(2);
    let mut top: Vec<TocEntry<'_>> = Vec::new();
    for h in headings
        .iter()
        .filter(|h| h.level >= min && h.level <= min + 1)
    {
        let entry = TocEntry {
            id: &h.id,
            title: &h.title,
            level: h.level,
            children: Vec::new(),
        };
        match top.last_mut() {
            Some(last) if h.level != min => last.children.push(entry),
            _ => top.push(entry),
        }
    }
    top
}

/// The declared fields that have a value, in schema order, ready to show.
fn meta<'a>(
    config: &'a Config,
    site: &Site,
    prepared: &Prepared,
    page: &'a Page,
) -> Vec<MetaField<'a>> {
    let Some(collection) = config.collection(&page.collection) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, value) in &page.doc().fields {
        let Some(def) = collection.field(name) else {
            continue;
        };
        let items = meta_items(config, site, prepared, page, def, value);
        if !items.is_empty() {
            out.push(MetaField {
                name,
                label: &def.label,
                kind: def.kind.type_name(),
                items,
            });
        }
    }
    out
}

/// How one field's value shows (see `FieldDef::display`): refs link to
/// their pages, taxonomy fields to their term pages.
fn meta_items(
    config: &Config,
    site: &Site,
    prepared: &Prepared,
    page: &Page,
    def: &FieldDef,
    value: &FieldValue,
) -> Vec<Shown> {
    let taxonomy = config.taxonomy_for_field(&def.name);
    let term_url = |v: &str| match taxonomy {
        Some(t) => prepared.routes.url(&Route::Term {
            taxonomy: &t.name,
            term: &crate::text::slugify(v),
            page: 1,
        }),
        None => String::new(),
    };
    let targets = || {
        let targets = page.refs().iter().find(|(f, _)| *f == def.name);
        let shown = |&t: &PageId| Shown {
            label: site.pages[t].doc().title.clone(),
            url: prepared.urls[t].clone(),
        };
        targets.map_or_else(Vec::new, |(_, ts)| ts.iter().map(shown).collect())
    };
    def.display(value, targets, term_url)
}

/// Each ref field's target summary (`ref`) or summaries (`refs`).
fn refs<'a>(config: &Config, prepared: &'a Prepared, page: &'a Page) -> Refs<'a> {
    let collection = config.collection(&page.collection);
    let shared = |p: &PageId| prepared.summary(*p);
    Refs(
        page.refs()
            .iter()
            .map(|(field, targets)| {
                let single = collection
                    .and_then(|c| c.field(field))
                    .is_some_and(|f| f.kind.single_target().is_some());
                let value = if single {
                    RefTargets::One(targets.first().map(shared))
                } else {
                    RefTargets::Many(targets.iter().map(shared).collect())
                };
                (field.as_str(), value)
            })
            .collect(),
    )
}

fn backlinks<'a>(
    config: &'a Config,
    prepared: &'a Prepared,
    page: &'a Page,
) -> Vec<BacklinkGroup<'a>> {
    page.backlinks()
        .iter()
        .map(|g| {
            let source = config.collection(&g.collection);
            let field = source.and_then(|c| c.field(&g.field));
            BacklinkGroup {
                collection: &g.collection,
                collection_label: source.map_or(g.collection.as_str(), |c| c.label.as_str()),
                field: &g.field,
                field_label: field.map_or(g.field.as_str(), |f| f.label.as_str()),
                backlinks_label: field.map_or("", |f| f.backlinks_label.as_str()),
                pages: g.pages.iter().map(|&p| prepared.summary(p)).collect(),
            }
        })
        .collect()
}

fn taxonomies<'a>(
    config: &'a Config,
    site: &'a Site,
    prepared: &Prepared,
    page: &'a Page,
) -> Vec<PageTaxonomy<'a>> {
    site.page_terms(page)
        .filter_map(|(ti, terms)| {
            let tax = config.taxonomies.get(ti)?;
            Some(PageTaxonomy {
                name: &tax.name,
                label: &tax.label,
                terms: terms
                    .into_iter()
                    .map(|t| PageTerm {
                        name: &t.slug,
                        label: &t.label,
                        url: prepared.routes.url(&Route::Term {
                            taxonomy: &tax.name,
                            term: &t.slug,
                            page: 1,
                        }),
                    })
                    .collect(),
            })
        })
        .collect()
}
