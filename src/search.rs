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

/// Leaves out the filters of referred pages that have more distinct values
/// than `search_filter_limit` over the site (collection and taxonomy
/// filters are kept whatever their size).
fn drop_large_filters(config: &Config, all: &mut [BTreeMap<String, Vec<String>>]) {
    let kept: std::collections::HashSet<String> = std::iter::once(COLLECTION_FILTER.to_string())
        .chain(config.taxonomies.iter().map(|t| filter_name(&t.label)))
        .collect();
    let mut values: HashMap<&str, std::collections::HashSet<&str>> = HashMap::new();
    for filters in all.iter() {
        for (name, vs) in filters {
            if !kept.contains(name) {
                values
                    .entry(name)
                    .or_default()
                    .extend(vs.iter().map(String::as_str));
            }
        }
    }
    let dropped: std::collections::HashSet<String> = values
        .into_iter()
        .filter(|(_, vs)| vs.len() > config.search_filter_limit)
        .map(|(name, _)| name.to_string())
        .collect();
    if !dropped.is_empty() {
        for filters in all.iter_mut() {
            filters.retain(|name, _| !dropped.contains(name));
        }
    }
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
        let mut all: Vec<BTreeMap<String, Vec<String>>> = (0..site.pages.len())
            .map(|id| filters(config, site, id))
            .collect();
        drop_large_filters(config, &mut all);
        let extras = site
            .pages
            .iter()
            .zip(&all)
            .map(|(page, filters)| {
                let collection = config
                    .collection(&page.collection)
                    .map_or(page.collection.as_str(), |c| c.singular.as_str());
                (
                    format!("{}index.html", page.path),
                    extra_html(filters, collection),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn page(pairs: &[(&str, &str)]) -> BTreeMap<String, Vec<String>> {
        let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, v) in pairs {
            m.entry(k.to_string()).or_default().push(v.to_string());
        }
        m
    }

    #[test]
    fn filters_of_referred_pages_over_the_limit_are_left_out() {
        let text = "title: T\nsearch_filter_limit: 2\ncollections:\n  studies:\n    fields:\n      tags:\n        type: list\ntaxonomies:\n  tags:\n    label: Tags\n    field: tags\n";
        let (config, diags) = crate::config::parse(text);
        assert!(diags.is_empty(), "{diags:?}");
        let config = config.unwrap();
        assert_eq!(config.search_filter_limit, 2);
        let mut all = vec![
            page(&[
                ("Collection", "Studies"),
                ("Methods", "a"),
                ("Cities", "x"),
                ("Tags", "t1"),
            ]),
            page(&[
                ("Collection", "Studies"),
                ("Methods", "b"),
                ("Cities", "x"),
                ("Tags", "t2"),
            ]),
            page(&[
                ("Collection", "Notes"),
                ("Methods", "c"),
                ("Cities", "y"),
                ("Tags", "t3"),
            ]),
        ];
        drop_large_filters(&config, &mut all);
        // Methods has 3 values (over 2): gone. Cities has 2: kept. The
        // collection and taxonomy filters stay whatever their size.
        for filters in &all {
            let names: Vec<&str> = filters.keys().map(String::as_str).collect();
            assert_eq!(names, ["Cities", "Collection", "Tags"]);
        }
    }
}
