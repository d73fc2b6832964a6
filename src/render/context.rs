//! Template contexts: the values each template sees (site data, page
//! summaries, the item page, listings, taxonomies, terms, paginators).

use super::Prepared;
use crate::config::Config;
use crate::markdown::Heading;
use crate::parse::{Doc, FieldValue};
use crate::resolve::{PageId, Site};
use crate::routes::{Route, Routes};
use tera::{Context, Value};

pub(super) fn obj<const N: usize>(entries: [(&'static str, Value); N]) -> Value {
    let mut map = tera::Map::with_capacity(N);
    for (k, v) in entries {
        map.insert(k.into(), v);
    }
    Value::from(map)
}

pub(super) fn date_value(date: Option<crate::text::PageDate>) -> (Value, Value) {
    match date {
        Some(d) => (Value::from(d.iso()), Value::from(d.display())),
        None => (Value::from(""), Value::from("")),
    }
}

pub(super) fn field_value(v: &FieldValue) -> Value {
    match v {
        FieldValue::Str(s) | FieldValue::Ref(s) => Value::from(s.as_str()),
        FieldValue::Int(i) => Value::from(*i),
        FieldValue::Num(n) => Value::from(*n),
        FieldValue::Bool(b) => Value::from(*b),
        FieldValue::Date(d) => Value::from(d.iso()),
        FieldValue::List(l) | FieldValue::Refs(l) => Value::from(
            l.iter()
                .map(|s| Value::from(s.as_str()))
                .collect::<Vec<_>>(),
        ),
    }
}

pub(super) fn summary(site: &Site, routes: &Routes, id: PageId) -> Value {
    let page = &site.pages[id];
    let doc = &page.doc;
    let (date, date_display) = date_value(doc.date);
    let mut fields = tera::Map::with_capacity(doc.fields.len());
    for (name, v) in &doc.fields {
        // A ref that did not resolve (broken, a draft, a page that did not
        // parse) is absent: resolve reported it once, at the ref.
        let resolved = |slug: &String| {
            page.refs
                .iter()
                .find(|(f, _)| f == name)
                .is_some_and(|(_, ts)| ts.iter().any(|&t| site.pages[t].slug == *slug))
        };
        let value = match v {
            FieldValue::Ref(slug) if !resolved(slug) => continue,
            FieldValue::Refs(slugs) if !slugs.iter().all(resolved) => field_value(
                &FieldValue::Refs(slugs.iter().filter(|s| resolved(s)).cloned().collect()),
            ),
            other => field_value(other),
        };
        fields.insert(name.clone().into(), value);
    }
    obj([
        (
            "id",
            Value::from(format!("{}/{}", page.collection, page.slug)),
        ),
        ("collection", Value::from(page.collection.as_str())),
        ("slug", Value::from(page.slug.as_str())),
        ("url", Value::from(routes.url(&page.route()))),
        ("title", Value::from(doc.title.as_str())),
        ("summary", Value::from(doc.summary_text())),
        ("date", date),
        ("date_display", date_display),
        ("fields", Value::from(fields)),
    ])
}

pub(super) fn site_value(config: &Config, site: &Site, routes: &Routes) -> Value {
    let collections: Vec<Value> = config
        .collections
        .iter()
        .zip(&site.collections)
        .map(|(c, cp)| collection_value(routes, c, cp.pages.len()))
        .collect();
    let taxonomies: Vec<Value> = config
        .taxonomies
        .iter()
        .zip(&site.taxonomies)
        .map(|(t, terms)| {
            obj([
                ("name", Value::from(t.name.as_str())),
                ("label", Value::from(t.label.as_str())),
                ("description", Value::from(t.description.as_str())),
                ("url", Value::from(routes.url(&Route::Taxonomy(&t.name)))),
                ("count", Value::from(terms.terms.len())),
            ])
        })
        .collect();
    obj([
        ("title", Value::from(config.title.as_str())),
        ("description", Value::from(config.description.as_str())),
        ("base_url", Value::from(routes.base_url())),
        ("base_path", Value::from(routes.base_path())),
        ("language", Value::from(config.language.as_str())),
        ("repository", Value::from(config.repository.as_str())),
        ("collections", Value::from(collections)),
        ("taxonomies", Value::from(taxonomies)),
        // Findability: `map_url` is set by `Prepared::with_map`.
        ("search_url", Value::from(routes.url(&Route::Search))),
        ("map_url", Value::from("")),
        ("api_url", Value::from(routes.url(&Route::ApiIndex))),
    ])
}

pub(super) fn collection_value(
    routes: &Routes,
    c: &crate::config::Collection,
    count: usize,
) -> Value {
    let listing = Route::Listing {
        collection: &c.name,
        page: 1,
    };
    obj([
        ("name", Value::from(c.name.as_str())),
        ("label", Value::from(c.label.as_str())),
        ("singular", Value::from(c.singular.as_str())),
        ("description", Value::from(c.description.as_str())),
        ("url", Value::from(routes.url(&listing))),
        ("count", Value::from(count)),
        (
            "feed_url",
            Value::from(if c.feed {
                routes.url(&Route::CollectionFeed(&c.name))
            } else {
                String::new()
            }),
        ),
    ])
}

pub(super) fn toc_value(headings: &[Heading]) -> Value {
    // h2 entries with their h3 children; deeper levels are left out.
    let mut top: Vec<(Value, Vec<Value>)> = Vec::new();
    let min = headings
        .iter()
        .map(|h| h.level)
        .filter(|&l| l >= 2)
        .min()
        .unwrap_or(2);
    for h in headings
        .iter()
        .filter(|h| h.level >= min && h.level <= min + 1)
    {
        let entry = |children: Vec<Value>| {
            obj([
                ("id", Value::from(h.id.as_str())),
                ("title", Value::from(h.title.as_str())),
                ("level", Value::from(h.level)),
                ("children", Value::from(children)),
            ])
        };
        if h.level == min || top.is_empty() {
            top.push((entry(Vec::new()), Vec::new()));
        } else if let Some(last) = top.last_mut() {
            last.1.push(entry(Vec::new()));
        }
    }
    Value::from(
        top.into_iter()
            .map(|(v, children)| {
                let mut map = v.into_map().unwrap_or_default();
                map.insert("children".into(), Value::from(children));
                Value::from(map)
            })
            .collect::<Vec<_>>(),
    )
}

pub(super) fn item(label: impl Into<Value>, url: impl Into<Value>) -> Value {
    obj([("label", label.into()), ("url", url.into())])
}

pub(super) fn page_value(config: &Config, site: &Site, prepared: &Prepared, id: PageId) -> Value {
    let page = &site.pages[id];
    let doc = &page.doc;
    let routes = &prepared.routes;
    let collection = config.collection(&page.collection);
    let mut map = prepared.summaries[id]
        .clone()
        .into_map()
        .unwrap_or_default();

    let mut refs = tera::Map::new();
    for (field, targets) in &page.refs {
        let is_single = collection
            .and_then(|c| c.field(field))
            .is_some_and(|f| f.kind.single_target().is_some());
        let value = if is_single {
            targets
                .first()
                .map_or(Value::none(), |&t| prepared.summaries[t].clone())
        } else {
            Value::from(
                targets
                    .iter()
                    .map(|&t| prepared.summaries[t].clone())
                    .collect::<Vec<_>>(),
            )
        };
        refs.insert(field.clone().into(), value);
    }

    let mut meta = Vec::new();
    if let Some(collection) = collection {
        for (name, value) in &doc.fields {
            let Some(def) = collection.field(name) else {
                continue;
            };
            let taxonomy = config.taxonomy_for_field(name);
            let term_url = |v: &str| match taxonomy {
                Some(t) => routes.url(&Route::Term {
                    taxonomy: &t.name,
                    term: &crate::text::slugify(v),
                    page: 1,
                }),
                None => String::new(),
            };
            let targets = || {
                let ts = page.refs.iter().find(|(f, _)| f == name).map(|(_, ts)| ts);
                let shown = |&t: &PageId| crate::model::Shown {
                    label: site.pages[t].doc.title.clone(),
                    url: prepared.urls[t].clone(),
                };
                ts.map(|ts| ts.iter().map(shown).collect())
                    .unwrap_or_default()
            };
            let items: Vec<Value> = def
                .display(value, targets, term_url)
                .into_iter()
                .map(|s| item(s.label, s.url))
                .collect();
            if items.is_empty() {
                continue;
            }
            meta.push(obj([
                ("name", Value::from(name.as_str())),
                ("label", Value::from(def.label.as_str())),
                ("type", Value::from(def.kind.type_name())),
                ("items", Value::from(items)),
            ]));
        }
    }

    let backlinks: Vec<Value> = page
        .backlinks
        .iter()
        .map(|g| {
            let source = config.collection(&g.collection);
            obj([
                ("collection", Value::from(g.collection.as_str())),
                (
                    "collection_label",
                    Value::from(source.map_or(g.collection.as_str(), |c| c.label.as_str())),
                ),
                ("field", Value::from(g.field.as_str())),
                (
                    "field_label",
                    Value::from(
                        source
                            .and_then(|c| c.field(&g.field))
                            .map_or(g.field.as_str(), |f| f.label.as_str()),
                    ),
                ),
                (
                    "backlinks_label",
                    Value::from(
                        source
                            .and_then(|c| c.field(&g.field))
                            .map_or("", |f| f.backlinks_label.as_str()),
                    ),
                ),
                (
                    "pages",
                    Value::from(
                        g.pages
                            .iter()
                            .map(|&p| prepared.summaries[p].clone())
                            .collect::<Vec<_>>(),
                    ),
                ),
            ])
        })
        .collect();

    let taxonomies: Vec<Value> = page
        .terms
        .iter()
        .map(|(ti, terms)| {
            let tax = &config.taxonomies[*ti];
            let list = &site.taxonomies[*ti].terms;
            obj([
                ("name", Value::from(tax.name.as_str())),
                ("label", Value::from(tax.label.as_str())),
                (
                    "terms",
                    Value::from(
                        terms
                            .iter()
                            .map(|&t| {
                                obj([
                                    ("name", Value::from(list[t].slug.as_str())),
                                    ("label", Value::from(list[t].label.as_str())),
                                    (
                                        "url",
                                        Value::from(routes.url(&Route::Term {
                                            taxonomy: &tax.name,
                                            term: &list[t].slug,
                                            page: 1,
                                        })),
                                    ),
                                ])
                            })
                            .collect::<Vec<_>>(),
                    ),
                ),
            ])
        })
        .collect();

    let (updated, updated_display) = date_value(doc.updated);
    let edit_url = if config.repository.is_empty() {
        String::new()
    } else {
        format!("{}/edit/{}/{}", config.repository, config.branch, doc.path)
    };
    let collection_info = collection.map_or(Value::none(), |c| {
        collection_value(
            routes,
            c,
            site.collections
                .iter()
                .find(|cp| cp.name == c.name)
                .map_or(0, |cp| cp.pages.len()),
        )
    });
    let entries: [(&'static str, Value); 15] = [
        ("content", Value::safe_string(&doc.body.html)),
        ("toc", toc_value(&doc.body.headings)),
        ("updated", updated),
        ("updated_display", updated_display),
        (
            "sources",
            Value::from(
                doc.sources
                    .iter()
                    .map(|s| Value::from(s.as_str()))
                    .collect::<Vec<_>>(),
            ),
        ),
        ("draft", Value::from(doc.draft)),
        ("word_count", Value::from(doc.body.word_count)),
        (
            "reading_minutes",
            Value::from(doc.body.word_count.div_ceil(200).max(1)),
        ),
        ("edit_url", Value::from(edit_url)),
        ("source_path", Value::from(doc.path.as_str())),
        ("meta", Value::from(meta)),
        ("refs", Value::from(refs)),
        ("backlinks", Value::from(backlinks)),
        ("taxonomies", Value::from(taxonomies)),
        ("collection_info", collection_info),
    ];
    for (k, v) in entries {
        map.insert(k.into(), v);
    }
    map.insert(
        "prev".into(),
        page.prev
            .map_or(Value::none(), |p| prepared.summaries[p].clone()),
    );
    map.insert(
        "next".into(),
        page.next
            .map_or(Value::none(), |p| prepared.summaries[p].clone()),
    );
    // Findability: related pages, JSON-LD, location, per-item feed.
    map.insert(
        "related".into(),
        Value::from(
            prepared.related[id]
                .iter()
                .map(|&p| prepared.summaries[p].clone())
                .collect::<Vec<_>>(),
        ),
    );
    map.insert(
        "jsonld".into(),
        Value::safe_string(&crate::exports::jsonld(config, site, routes, id)),
    );
    map.insert(
        "location".into(),
        crate::map::location_value(
            config,
            site,
            routes,
            &prepared.urls,
            prepared.projection.as_ref(),
            id,
        ),
    );
    map.insert(
        "feed_url".into(),
        Value::from(if collection.is_some_and(|c| c.find.feed_per_item) {
            routes.url(&page.feed_route())
        } else {
            String::new()
        }),
    );
    Value::from(map)
}

pub(super) fn intro_html(doc: Option<&Doc>) -> Value {
    Value::safe_string(doc.map_or("", |d| d.body.html.as_str()))
}

/// `[{number, url}]` of every page of a listing: one shared array (values
/// are reference-counted), as cloning a list for each page of the listing
/// would be quadratic in its number of pages.
pub(super) fn page_numbers(total: usize, url_n: &dyn Fn(usize) -> String) -> Value {
    Value::from(
        (1..=total)
            .map(|n| obj([("number", Value::from(n)), ("url", Value::from(url_n(n)))]))
            .collect::<Vec<Value>>(),
    )
}

/// The `paginator` of page `n` of `total` of a listing.
pub(super) fn paginator(
    n: usize,
    total: usize,
    url_n: &dyn Fn(usize) -> String,
    numbers: Value,
) -> Value {
    let url_if = |ok: bool, n: usize| Value::from(if ok { url_n(n) } else { String::new() });
    obj([
        ("current", Value::from(n)),
        ("total", Value::from(total)),
        ("prev_url", url_if(n > 1, n.saturating_sub(1))),
        ("next_url", url_if(n < total, n + 1)),
        ("pages", numbers),
    ])
}

pub(super) fn base_context(prepared: &Prepared, kind: &str, current_url: String) -> Context {
    let mut ctx = Context::new();
    ctx.insert_value("site", prepared.site_value.clone());
    ctx.insert_value("kind", Value::from(kind));
    ctx.insert_value("current_url", Value::from(current_url));
    ctx
}
