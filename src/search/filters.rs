//! The search filters of each item page: its collection, the targets of
//! its ref fields, its taxonomies and its place's; those of referred pages
//! with too many values left out.

use super::*;

/// Name of the filter that holds a page's collection.
pub(crate) const COLLECTION_FILTER: &str = "Collection";

use crate::resolve::facet_name as filter_name;

/// The search filters of a page: filter name → values.
pub(crate) fn filters(config: &Config, site: &Site, id: PageId) -> BTreeMap<String, Vec<String>> {
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
        for (field, targets) in page.refs() {
            let Some(to) = c.field(field).and_then(|f| f.kind.target()) else {
                continue;
            };
            // A ref to a large collection (case studies, methods) is not a
            // filter: "Case studies" would read as the collection.
            if !crate::resolve::is_facet_target(config, site, to) {
                continue;
            }
            let label = config.collection(to).map_or(to, |t| t.label.as_str());
            for &t in targets {
                add(label, &site.pages[t].doc().title);
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
        add(label, &site.pages[place].doc().title);
    }
    for source in term_sources {
        for (ti, terms) in site.pages[source].terms() {
            let tax = &config.taxonomies[*ti];
            for &t in terms {
                add(&tax.label, &site.taxonomies()[*ti].terms[t].label);
            }
        }
    }
    out.retain(|_, v| !v.is_empty());
    out
}

/// Leaves out the filters of referred pages that have more distinct values
/// than `search_filter_limit` over the site (collection and taxonomy
/// filters are kept whatever their size).
pub(super) fn drop_large_filters(config: &Config, all: &mut [BTreeMap<String, Vec<String>>]) {
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
        let mut diags = Vec::new();
        let config = crate::config::parse(text, &mut diags);
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
