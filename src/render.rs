//! RENDER: (`Site`, templates) → `Output` files in memory. Builds each
//! page's Tera context from small precomputed summaries (never the whole
//! site), renders in parallel, turns template errors into diagnostics.

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::feeds;
use crate::markdown::Heading;
use crate::output::{Asset, Output};
use crate::parse::{Doc, FieldValue};
use crate::resolve::{PageId, Site};
use crate::routes::{Route, Routes};
use crate::source::Template;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tera::{Context, Tera, Value};

/// Which template renders which kind of output.
const REQUIRED_TEMPLATES: [&str; 6] = [
    "index.html",
    "list.html",
    "page.html",
    "taxonomy.html",
    "term.html",
    "404.html",
];

/// Loads and parses every template once. Reports every syntax error (not
/// just the first) and the templates a theme must have.
pub fn load_templates(
    templates: &[Template],
    templates_dir: &str,
    prepared: &Prepared,
    diags: &mut Vec<Diagnostic>,
) -> Option<Tera> {
    let by_name: HashMap<&str, &Template> =
        templates.iter().map(|t| (t.name.as_str(), t)).collect();
    let new_tera = || {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml", ".htm"]);
        tera.register_filter("slugify", tera_contrib::slug::slug);
        tera.register_filter("json_encode", tera_contrib::json::json_encode);
        register_functions(&mut tera, prepared);
        tera
    };
    let mut tera = new_tera();
    let before = diags.len();
    if let Err(e) =
        tera.add_raw_templates(templates.iter().map(|t| (t.name.as_str(), t.text.as_str())))
    {
        // Find every broken template, not only the first Tera stopped at.
        for t in templates {
            let mut alone = new_tera();
            if let Err(err) = alone.add_raw_template(&t.name, &t.text)
                && matches!(err.kind(), tera::ErrorKind::SyntaxError(_))
            {
                diags.push(template_diag(&err, &by_name, &t.name));
            }
        }
        if diags.len() == before {
            diags.push(template_diag(&e, &by_name, ""));
        }
    }
    for name in REQUIRED_TEMPLATES {
        if !by_name.contains_key(name) {
            diags.push(
                Diagnostic::error("missing-template", format!("{templates_dir}/{name}"), format!("the theme has no template `{name}`"))
                    .hint("every theme needs index.html, list.html, page.html, taxonomy.html, term.html and 404.html"),
            );
        }
    }
    (diags.len() == before).then_some(tera)
}

/// Turns a Tera error into a diagnostic at the template's file:line:col.
fn template_diag(
    err: &tera::Error,
    templates: &HashMap<&str, &Template>,
    rendering: &str,
) -> Diagnostic {
    let (report, code) = match err.kind() {
        tera::ErrorKind::SyntaxError(r) => (Some(r), "template-syntax"),
        tera::ErrorKind::RenderingError(r) => (Some(r), "template-render"),
        _ => (None, "template"),
    };
    match report {
        Some(r) => {
            let name = if r.filename().is_empty() {
                rendering
            } else {
                r.filename()
            };
            let (path, text) = templates.get(name).map_or((name.to_string(), ""), |t| {
                (t.path.clone(), t.text.as_str())
            });
            let span = r.span();
            let width = if span.end_line == span.start_line {
                span.end_col.saturating_sub(span.start_col)
            } else {
                1
            };
            Diagnostic::error(code, path, r.message().to_string())
                .at(text, span.start_line, span.start_col + 1)
                .width(width)
        }
        None => {
            let path = templates
                .get(rendering)
                .map_or(rendering.to_string(), |t| t.path.clone());
            let mut message = err.to_string();
            let mut source = std::error::Error::source(err);
            while let Some(s) = source {
                message.push_str(": ");
                message.push_str(&s.to_string());
                source = s.source();
            }
            Diagnostic::error(code, path, message)
        }
    }
}

impl Prepared {
    /// Records every `get_page`/`get_pages` call of templates loaded after
    /// this (see `deps::Lookups`).
    pub fn record_lookups(&mut self, lookups: Arc<dyn LookupRecorder>) {
        self.lookups = Some(lookups);
    }

    pub fn site_value(&self) -> &Value {
        &self.site_value
    }

    /// Each page's URL, by id.
    pub fn urls(&self) -> &[String] {
        &self.urls
    }

    /// The site's addresses.
    pub(crate) fn routes(&self) -> &Routes {
        &self.routes
    }

    pub fn summary_value(&self, id: PageId) -> &Value {
        &self.summaries[id]
    }

    /// Recomputes the summaries of `ids` after their docs changed in place.
    /// Templates loaded before still see the old summaries: load them again.
    pub fn refresh_summaries(&mut self, site: &Site, ids: &[PageId]) {
        let summaries = Arc::make_mut(&mut self.summaries);
        for &id in ids {
            if let Some(slot) = summaries.get_mut(id) {
                *slot = summary(site, &self.routes, id);
            }
        }
    }
}

/// Everything precomputed once per build and shared by every render.
pub struct Prepared {
    site_value: Value,
    summaries: Arc<Vec<Value>>,
    urls: Vec<String>,
    by_path: Arc<HashMap<String, PageId>>,
    lists: Arc<HashMap<String, Vec<PageId>>>,
    /// Set by `build`: receives each rendered file (see `stream_to`).
    sink: Option<Sink>,
    /// Time spent in each top-level template and how often it ran.
    template_times: Mutex<HashMap<String, (Duration, usize)>>,
    /// Set by `serve`: records which pages `get_page`/`get_pages` read.
    lookups: Option<Arc<dyn LookupRecorder>>,
    // Findability (search, map, related, JSON-LD): see `with_map`.
    related: Vec<Vec<PageId>>,
    projection: Option<crate::map::Projection>,
    routes: Routes,
}

/// A page or listing a template read through a function.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Lookup {
    /// `get_page(path=...)`, by its lookup key (`cities/belfast`).
    Page(String),
    /// `get_pages(collection=...)`.
    Pages(String),
}

/// Told of every `get_page`/`get_pages` call templates make (`serve`
/// records them to know what each output read; see `deps::Lookups`).
pub trait LookupRecorder: Send + Sync {
    /// `current_url`: of the output being rendered, empty when the
    /// template could not see it (e.g. inside a macro).
    fn record(&self, current_url: &str, lookup: Lookup);
}

/// The `current_url` a template function was called from (empty if none).
fn current_url(state: &tera::State) -> String {
    state
        .get::<String>("current_url")
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Receives rendered files as they are made (from any render thread).
pub type Sink = Arc<dyn Fn(&Output) + Send + Sync>;

/// One line of `build --timings`' template table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateTiming {
    pub template: String,
    pub total: Duration,
    pub calls: usize,
}

impl Prepared {
    /// Hands every templated file to `sink` as soon as it is rendered
    /// instead of keeping it: `render_all` then returns those outputs with
    /// empty `bytes`, so a large site is never held in memory at once.
    pub fn stream_to(&mut self, sink: Sink) {
        self.sink = Some(sink);
    }

    /// Total render time and calls per template, most expensive first.
    pub fn template_timings(&self) -> Vec<TemplateTiming> {
        let times = self
            .template_times
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let mut out: Vec<TemplateTiming> = times
            .iter()
            .map(|(t, &(total, calls))| TemplateTiming {
                template: t.clone(),
                total,
                calls,
            })
            .collect();
        out.sort_by(|a, b| {
            b.total
                .cmp(&a.total)
                .then_with(|| a.template.cmp(&b.template))
        });
        out
    }

    /// Records a finished render and streams the file when a sink is set.
    fn rendered(&self, template: &str, took: Duration, output: Output) -> Output {
        {
            let mut times = self
                .template_times
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            match times.get_mut(template) {
                Some((total, calls)) => {
                    *total += took;
                    *calls += 1;
                }
                None => {
                    times.insert(template.to_string(), (took, 1));
                }
            }
        }
        match &self.sink {
            Some(sink) => {
                sink(&output);
                Output {
                    path: output.path,
                    bytes: Vec::new(),
                }
            }
            None => output,
        }
    }

    /// Related pages of each page (what `page.related` shows).
    pub fn related(&self) -> &[Vec<PageId>] {
        &self.related
    }

    /// Adds the map's land outline (the theme's `map/europe-land.json`):
    /// enables `/map/`, `site.map_url` and `page.location` insets. A broken
    /// outline is an error diagnostic and leaves the map out.
    pub fn with_map(mut self, outline: Option<(&str, &str)>, diags: &mut Vec<Diagnostic>) -> Self {
        let Some((path, text)) = outline else {
            return self;
        };
        match crate::map::Projection::from_outline(text) {
            Ok(p) => {
                self.projection = Some(p);
                let mut map = std::mem::replace(&mut self.site_value, Value::none())
                    .into_map()
                    .unwrap_or_default();
                map.insert("map_url".into(), Value::from(self.routes.url(&Route::Map)));
                self.site_value = Value::from(map);
            }
            Err(e) => diags.push(Diagnostic::error(
                "map-outline",
                path,
                format!("the map outline cannot be read: {e}"),
            )),
        }
        self
    }
}

/// Summaries and site data, computed once per build (in parallel).
pub fn prepare(config: &Config, site: &Site) -> Prepared {
    let routes = Routes::new(&config.base_url);
    Prepared {
        site_value: site_value(config, site, &routes),
        summaries: Arc::new(
            (0..site.pages.len())
                .into_par_iter()
                .map(|id| summary(site, &routes, id))
                .collect(),
        ),
        urls: site.pages.iter().map(|p| routes.url(&p.route())).collect(),
        by_path: Arc::new(site.by_path.clone()),
        lists: Arc::new(
            site.collections
                .iter()
                .map(|c| (c.name.clone(), c.pages.clone()))
                .collect(),
        ),
        sink: None,
        template_times: Mutex::new(HashMap::new()),
        lookups: None,
        related: crate::related::related(site),
        projection: None,
        routes,
    }
}

fn obj<const N: usize>(entries: [(&'static str, Value); N]) -> Value {
    let mut map = tera::Map::with_capacity(N);
    for (k, v) in entries {
        map.insert(k.into(), v);
    }
    Value::from(map)
}

fn date_value(date: Option<crate::text::PageDate>) -> (Value, Value) {
    match date {
        Some(d) => (Value::from(d.iso()), Value::from(d.display())),
        None => (Value::from(""), Value::from("")),
    }
}

fn field_value(v: &FieldValue) -> Value {
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

fn summary(site: &Site, routes: &Routes, id: PageId) -> Value {
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

fn site_value(config: &Config, site: &Site, routes: &Routes) -> Value {
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

fn collection_value(routes: &Routes, c: &crate::config::Collection, count: usize) -> Value {
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

fn toc_value(headings: &[Heading]) -> Value {
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

fn item(label: impl Into<Value>, url: impl Into<Value>) -> Value {
    obj([("label", label.into()), ("url", url.into())])
}

fn page_value(config: &Config, site: &Site, prepared: &Prepared, id: PageId) -> Value {
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

/// Registers `get_page` and `get_pages`, which read the precomputed
/// summaries (cheap `Arc` clones).
fn register_functions(tera: &mut Tera, prepared: &Prepared) {
    let summaries = prepared.summaries.clone();
    let by_path = prepared.by_path.clone();
    let lookups = prepared.lookups.clone();
    tera.register_function("get_page", move |kwargs: tera::Kwargs, state: &tera::State| -> tera::TeraResult<Value> {
        let path: String = kwargs.must_get::<&str>("path")?.to_string();
        let key = path.trim_start_matches("@/").trim_start_matches('/').trim_end_matches('/').to_string();
        if let Some(l) = &lookups {
            l.record(&current_url(state), Lookup::Page(key.clone()));
        }
        match by_path.get(&key) {
            Some(&id) => Ok(summaries[id].clone()),
            None => Err(tera::Error::message(format!("get_page: no page at `{path}` (write a path under content/, like \"methods/five-up.md\")"))),
        }
    });
    let summaries = prepared.summaries.clone();
    let lists = prepared.lists.clone();
    let lookups = prepared.lookups.clone();
    tera.register_function(
        "get_pages",
        move |kwargs: tera::Kwargs, state: &tera::State| -> tera::TeraResult<Value> {
            let name: &str = kwargs.must_get("collection")?;
            if let Some(l) = &lookups {
                l.record(&current_url(state), Lookup::Pages(name.to_string()));
            }
            let limit: Option<usize> = kwargs.get("limit")?;
            let featured: Option<bool> = kwargs.get("featured")?;
            let Some(ids) = lists.get(name) else {
                let mut names: Vec<&str> = lists.keys().map(String::as_str).collect();
                names.sort_unstable();
                return Err(tera::Error::message(format!(
                    "get_pages: no collection `{name}`; collections: {}",
                    names.join(", ")
                )));
            };
            let selected = ids
                .iter()
                .map(|&id| &summaries[id])
                .filter(|s| {
                    featured.is_none_or(|want| {
                        let is = s
                            .get_from_path("fields.featured")
                            .and_then(Value::as_bool)
                            .unwrap_or(false);
                        is == want
                    })
                })
                .take(limit.unwrap_or(usize::MAX))
                .cloned()
                .collect::<Vec<_>>();
            Ok(Value::from(selected))
        },
    );
}

fn intro_html(doc: Option<&Doc>) -> Value {
    Value::safe_string(doc.map_or("", |d| d.body.html.as_str()))
}

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
    context: Option<Context>,
    /// For error messages: what was being rendered.
    source: &'a str,
}

/// Renders every output of the site: all templated jobs, then feeds,
/// sitemap and robots.txt.
/// `assets` (copied as they are) are only checked against the outputs:
/// no two sources may claim one output path (see `paths`).
pub fn render_all(
    config: &Config,
    site: &Site,
    prepared: &Prepared,
    tera: &Tera,
    templates: &[Template],
    assets: &[Asset],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Output> {
    let jobs = jobs(config, site, prepared, tera);
    // Pages are streamed to the output as they are rendered: a clash is
    // reported before any of them is written.
    let mut planned = crate::routes::Planned::new(assets, jobs.len() + 64, diags);
    let mut clear = true;
    for j in &jobs {
        clear &= planned.generated(&j.output, j.source, diags);
    }
    let all: Vec<&Job<'_>> = if clear || prepared.sink.is_none() {
        jobs.iter().collect()
    } else {
        Vec::new()
    };
    // The untemplated files do not depend on the rendered pages: made
    // alongside them, so their serial parts overlap page rendering.
    let (mut outputs, files) = rayon::join(
        || run_jobs(config, site, prepared, tera, templates, &all, diags),
        || {
            let mut files = site_files(config, site, prepared);
            files.extend(crate::exports::exports(config, site, &prepared.routes));
            files
        },
    );
    // They are written after this returns, once checked.
    let clear = files.iter().fold(clear, |clear, f| {
        planned.generated(&f.path, crate::config::CONFIG_FILE, diags) && clear
    });
    if clear {
        outputs.extend(files);
    }
    outputs
}

/// The untemplated outputs but the /api/ exports: feeds, sitemap,
/// robots.txt and the map outline image.
pub fn site_files(config: &Config, site: &Site, prepared: &Prepared) -> Vec<Output> {
    let mut outputs = feeds::feeds(config, site, &prepared.routes);
    // The map page is content; the search page is left out, as search
    // result pages should be.
    let with_map = prepared.projection.is_some();
    outputs.push(feeds::sitemap(config, site, &prepared.routes, with_map));
    outputs.push(feeds::robots(&prepared.routes));
    // Findability: the map's outline image.
    if let Some(projection) = &prepared.projection {
        outputs.push(crate::map::outline_output(projection));
    }
    outputs
}

/// `[{number, url}]` of every page of a listing: one shared array (values
/// are reference-counted), as cloning a list for each page of the listing
/// would be quadratic in its number of pages.
fn page_numbers(total: usize, url_n: &dyn Fn(usize) -> String) -> Value {
    Value::from(
        (1..=total)
            .map(|n| obj([("number", Value::from(n)), ("url", Value::from(url_n(n)))]))
            .collect::<Vec<Value>>(),
    )
}

/// The `paginator` of page `n` of `total` of a listing.
fn paginator(n: usize, total: usize, url_n: &dyn Fn(usize) -> String, numbers: Value) -> Value {
    let url_if = |ok: bool, n: usize| Value::from(if ok { url_n(n) } else { String::new() });
    obj([
        ("current", Value::from(n)),
        ("total", Value::from(total)),
        ("prev_url", url_if(n > 1, n.saturating_sub(1))),
        ("next_url", url_if(n < total, n + 1)),
        ("pages", numbers),
    ])
}

fn base_context(prepared: &Prepared, kind: &str, current_url: String) -> Context {
    let mut ctx = Context::new();
    ctx.insert_value("site", prepared.site_value.clone());
    ctx.insert_value("kind", Value::from(kind));
    ctx.insert_value("current_url", Value::from(current_url));
    ctx
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

/// Renders the given jobs in parallel. A template mistake that breaks many
/// outputs is reported once.
pub fn run_jobs(
    config: &Config,
    site: &Site,
    prepared: &Prepared,
    tera: &Tera,
    templates: &[Template],
    jobs: &[&Job<'_>],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Output> {
    let by_name: HashMap<&str, &Template> =
        templates.iter().map(|t| (t.name.as_str(), t)).collect();
    let render_one =
        |template: &str, ctx: &Context, output: &str, source: &str| -> Result<Output, Diagnostic> {
            let mut bytes = Vec::with_capacity(16 * 1024);
            let started = Instant::now();
            match tera.render_to(template, ctx, &mut bytes) {
                Ok(()) => Ok(prepared.rendered(
                    template,
                    started.elapsed(),
                    Output {
                        path: output.to_string(),
                        bytes,
                    },
                )),
                Err(e) => Err(template_diag(&e, &by_name, template)
                    .hint(format!("while rendering {source} with {template}"))),
            }
        };

    let results: Vec<Result<Output, Diagnostic>> = jobs
        .par_iter()
        .map(|j| match (&j.context, &j.kind) {
            (
                Some(ctx),
                JobKind::Term {
                    taxonomy,
                    term,
                    pages,
                },
            ) => {
                let mut ctx = ctx.clone();
                let ids = site
                    .taxonomies
                    .get(*taxonomy)
                    .and_then(|t| t.terms.get(*term))
                    .and_then(|t| t.pages.get(pages.clone()))
                    .unwrap_or_default();
                ctx.insert_value(
                    "pages",
                    Value::from(
                        ids.iter()
                            .map(|&id| prepared.summaries[id].clone())
                            .collect::<Vec<_>>(),
                    ),
                );
                render_one(&j.template, &ctx, &j.output, j.source)
            }
            (Some(ctx), _) => render_one(&j.template, ctx, &j.output, j.source),
            (None, &JobKind::Page(id)) => {
                let mut ctx = base_context(prepared, "page", j.url.clone());
                ctx.insert_value("page", page_value(config, site, prepared, id));
                render_one(&j.template, &ctx, &j.output, j.source)
            }
            (None, _) => render_one(&j.template, &Context::new(), &j.output, j.source),
        })
        .collect();

    let mut outputs = Vec::with_capacity(results.len() + 4);
    // The same template mistake usually breaks many pages: report it once,
    // saying how many pages it broke.
    let mut seen: HashMap<(String, usize, usize), (usize, usize)> = HashMap::new();
    let mut template_diags: Vec<Diagnostic> = Vec::new();
    for r in results {
        match r {
            Ok(o) => outputs.push(o),
            Err(d) => {
                let key = (d.file.clone(), d.line, d.column);
                match seen.get_mut(&key) {
                    Some((_, count)) => *count += 1,
                    None => {
                        seen.insert(key, (template_diags.len(), 1));
                        template_diags.push(d);
                    }
                }
            }
        }
    }
    for (index, count) in seen.into_values() {
        if count > 1 {
            let d = &mut template_diags[index];
            if let Some(hint) = &mut d.hint {
                hint.push_str(&format!(" (and {} more)", count - 1));
            }
        }
    }
    diags.extend(template_diags);
    outputs
}
