//! Full-text search: builds a Pagefind index (the `pagefind` crate, used as
//! a library) from the rendered item pages, with filters for collection,
//! every ref field's targets (project, city...), every taxonomy, and the
//! taxonomies of the page's place (a case study gets its city's country).
//! Separate from rendering so `serve` can build it lazily.

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::map;
use crate::render::Output;
use crate::resolve::{PageId, Site};
use crate::text::escape_xml;
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

/// Folder of the index and Pagefind's scripts in the output.
pub const BUNDLE_DIR: &str = "pagefind";

/// Name of the filter that holds a page's collection.
pub const COLLECTION_FILTER: &str = "Collection";

/// Filter names cannot hold `:`, `,` or brackets (Pagefind's attribute syntax).
fn filter_name(label: &str) -> String {
    label
        .chars()
        .filter(|c| !matches!(c, ':' | ',' | '[' | ']'))
        .collect::<String>()
        .trim()
        .to_string()
}

/// The search filters of a page: filter name → values.
pub fn filters(config: &Config, site: &Site, id: PageId) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let page = &site.pages[id];
    let mut add = |name: &str, value: &str| {
        let values = out.entry(filter_name(name)).or_default();
        if !value.trim().is_empty() && !values.iter().any(|v| v == value) {
            values.push(value.to_string());
        }
    };
    let collection = config.collection(&page.collection);
    add(
        COLLECTION_FILTER,
        collection.map_or(page.collection.as_str(), |c| c.label.as_str()),
    );
    if let Some(c) = collection {
        for (field, targets) in &page.refs {
            let Some(to) = c.field(field).and_then(|f| f.kind.target()) else {
                continue;
            };
            let label = config.collection(to).map_or(to, |t| t.label.as_str());
            for &t in targets {
                add(label, &site.pages[t].doc.title);
            }
        }
    }
    let mut term_sources = vec![id];
    // The page's place (itself for a place): filterable by place, and the
    // place's taxonomy terms (its country) count for the page too.
    if let Some(place) = map::place_of(config, site, id) {
        if place != id {
            term_sources.push(place);
        }
        let label = config
            .collection(&site.pages[place].collection)
            .map_or("", |c| c.label.as_str());
        add(label, &site.pages[place].doc.title);
    }
    for source in term_sources {
        for (ti, terms) in &site.pages[source].terms {
            let tax = &config.taxonomies[*ti];
            for &t in terms {
                add(&tax.label, &site.taxonomies[*ti].terms[t].label);
            }
        }
    }
    out.retain(|_, v| !v.is_empty());
    out
}

/// The part of a rendered page Pagefind reads: from the element marked
/// `data-pagefind-body` to the end of `<main>` (the header, navigation and
/// footer are not indexed anyway), plus the page's filters and collection
/// as hidden elements. Keeping only this part keeps memory low while pages
/// stream by.
fn reduce(html: &str, extra: &str) -> String {
    let start = html
        .find("data-pagefind-body")
        .and_then(|i| html[..i].rfind('<'));
    match start {
        Some(start) => {
            let end = html[start..]
                .rfind("</main>")
                .map_or(html.len(), |e| start + e);
            format!(
                "<!DOCTYPE html><html><body>{}{extra}</body></html>",
                &html[start..end]
            )
        }
        None => match html.rfind("</body>") {
            Some(i) => format!("{}{extra}{}", &html[..i], &html[i..]),
            None => format!("{html}{extra}"),
        },
    }
}

/// Hidden elements carrying a page's filters and collection.
fn extra_html(filters: &BTreeMap<String, Vec<String>>, collection: &str) -> String {
    let mut extra = String::from("<div hidden>");
    for (name, values) in filters {
        for v in values {
            extra.push_str(&format!(
                "<span data-pagefind-filter=\"{}\">{}</span>",
                escape_xml(name),
                escape_xml(v)
            ));
        }
    }
    extra.push_str(&format!(
        "<span data-pagefind-meta=\"collection\">{}</span></div>",
        escape_xml(collection)
    ));
    extra
}

/// Collects item pages for the index as they are rendered (from any
/// thread), then builds the index in one go with `finish`.
pub struct Collector {
    /// Output path of each item page → its hidden filter elements.
    extras: HashMap<String, String>,
    pages: Mutex<Vec<(String, String)>>,
}

impl Collector {
    pub fn new(config: &Config, site: &Site) -> Collector {
        let extras = site
            .pages
            .iter()
            .enumerate()
            .map(|(id, page)| {
                let collection = config
                    .collection(&page.collection)
                    .map_or(page.collection.as_str(), |c| c.singular.as_str());
                (
                    format!("{}index.html", page.path),
                    extra_html(&filters(config, site, id), collection),
                )
            })
            .collect();
        Collector {
            extras,
            pages: Mutex::new(Vec::new()),
        }
    }

    /// Keeps the indexed part of `output` if it is an item page.
    pub fn add(&self, output: &Output) {
        self.add_bytes(&output.path, &output.bytes);
    }

    /// Keeps the indexed part of the output at `path` if it is an item page.
    pub fn add_bytes(&self, path: &str, bytes: &[u8]) {
        let Some(extra) = self.extras.get(path) else {
            return;
        };
        let reduced = reduce(&String::from_utf8_lossy(bytes), extra);
        self.pages
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((path.to_string(), reduced));
    }

    /// Builds the index from the collected pages (in path order, so two
    /// builds give the same files) and returns Pagefind's files under
    /// `/pagefind/`: the index, its scripts and styles.
    pub fn finish(&self, config: &Config) -> Result<Vec<Output>, Diagnostic> {
        let mut pages = std::mem::take(&mut *self.pages.lock().unwrap_or_else(|p| p.into_inner()));
        pages.sort_by(|a, b| a.0.cmp(&b.0));
        build_index(config, pages)
    }
}

/// Builds the search index from rendered outputs (item pages only).
/// Expensive: call it once per build, never on a page edit's hot path.
pub fn index(config: &Config, site: &Site, outputs: &[Output]) -> Result<Vec<Output>, Diagnostic> {
    let collector = Collector::new(config, site);
    for o in outputs {
        collector.add(o);
    }
    collector.finish(config)
}

fn build_index(config: &Config, pages: Vec<(String, String)>) -> Result<Vec<Output>, Diagnostic> {
    let fail = |what: &str, e: &dyn std::fmt::Display| {
        Diagnostic::error(
            "search-index",
            "hub.yaml",
            format!("cannot build the search index: {what}: {e}"),
        )
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| fail("no async runtime", &e))?;
    let language = config
        .language
        .split(['-', '_'])
        .next()
        .unwrap_or("en")
        .to_lowercase();
    let files = runtime.block_on(async {
        let options = PagefindServiceConfig::builder()
            .force_language(language)
            .keep_index_url(false)
            .build();
        let mut index = PagefindIndex::new(Some(options)).map_err(|e| fail("options", &e))?;
        for (path, html) in pages {
            index
                .add_html_file(Some(path.clone()), None, html)
                .await
                .map_err(|e| fail(&path, &e))?;
        }
        index.get_files().await.map_err(|e| fail("writing", &e))
    })?;
    let mut out: Vec<Output> = files
        .into_iter()
        .map(|f| Output {
            path: format!(
                "{BUNDLE_DIR}/{}",
                f.filename
                    .to_string_lossy()
                    .replace('\\', "/")
                    .trim_start_matches('/')
            ),
            bytes: f.contents,
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}
