//! Machine-facing files written from data, not templates: Atom feeds per
//! collection that asks for one and per item (`feed_per_item`), `sitemap.xml` and `robots.txt`.

use crate::config::Config;
use crate::output::Output;
use crate::parse::Doc;
use crate::resolve::Site;
use crate::routes::{Route, Routes};
use crate::text::escape_xml;
use std::fmt::Write as _;

/// Atom feeds: one per collection with `feed: true`, and one per page of a
/// collection with `feed_per_item: true` holding every page that refers to it.
pub(crate) fn feeds(config: &Config, site: &Site, routes: &Routes) -> Vec<Output> {
    feeds_where(config, site, routes, &|_| true)
}

/// The feeds whose path `wanted` accepts (`serve` refreshes only those a
/// change can reach), written in parallel.
pub(crate) fn feeds_where(
    config: &Config,
    site: &Site,
    routes: &Routes,
    wanted: &dyn Fn(&str) -> bool,
) -> Vec<Output> {
    use rayon::prelude::*;
    planned(config, site, routes, wanted)
        .into_par_iter()
        .map(|(path, head, ids)| Output {
            path,
            bytes: atom(config, site, routes, &head, ids),
        })
        .collect()
}

/// Each wanted feed: its output path, its head, and the pages it may list.
fn planned(
    config: &Config,
    site: &Site,
    routes: &Routes,
    wanted: &dyn Fn(&str) -> bool,
) -> Vec<(String, FeedHead, Vec<usize>)> {
    let mut out = Vec::new();
    for (c, cp) in config.collections.iter().zip(&site.collections) {
        let feed = Route::CollectionFeed(&c.name);
        if c.feed && wanted(&feed.output()) {
            let head = FeedHead {
                title: format!("{} – {}", config.title, c.label),
                subtitle: c.description.clone(),
                self_url: routes.absolute(&feed),
                alternate: routes.absolute(&Route::Listing {
                    collection: &c.name,
                    page: 1,
                }),
            };
            out.push((feed.output(), head, cp.pages.clone()));
        }
        if !c.find.feed_per_item {
            continue;
        }
        for &id in &cp.pages {
            let page = &site.pages[id];
            let path = page.feed_route().output();
            if !wanted(&path) {
                continue;
            }
            let mut ids: Vec<usize> = page
                .backlinks
                .iter()
                .flat_map(|g| g.pages.iter().copied())
                .collect();
            ids.sort_unstable();
            ids.dedup();
            let title = &page.doc().title;
            let head = FeedHead {
                title: format!("{} – {title}", config.title),
                subtitle: format!("Everything about {title} in {}", config.title),
                self_url: routes.absolute(&page.feed_route()),
                alternate: routes.absolute(&page.route()),
            };
            out.push((path, head, ids));
        }
    }
    out
}

struct FeedHead {
    title: String,
    subtitle: String,
    self_url: String,
    alternate: String,
}

/// An Atom document of the 50 most recently dated or updated pages.
fn atom(
    config: &Config,
    site: &Site,
    routes: &Routes,
    head: &FeedHead,
    mut ids: Vec<usize>,
) -> Vec<u8> {
    ids.sort_by(|&a, &b| {
        let (da, db) = (&site.pages[a].doc(), &site.pages[b].doc());
        db.updated
            .or(db.date)
            .cmp(&da.updated.or(da.date))
            .then_with(|| da.path.cmp(&db.path))
    });
    ids.truncate(50);
    let updated = ids
        .first()
        .and_then(|&id| site.pages[id].doc().updated.or(site.pages[id].doc().date))
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339());
    let mut xml = String::with_capacity(4096 + ids.len() * 1024);
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    let _ = writeln!(xml, " xml:lang=\"{}\">", escape_xml(&config.language));
    let _ = writeln!(xml, "  <title>{}</title>", escape_xml(&head.title));
    let _ = writeln!(xml, "  <subtitle>{}</subtitle>", escape_xml(&head.subtitle));
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape_xml(&head.self_url)
    );
    let _ = writeln!(
        xml,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape_xml(&head.alternate)
    );
    let _ = writeln!(xml, "  <id>{}</id>", escape_xml(&head.self_url));
    let _ = writeln!(xml, "  <updated>{updated}</updated>");
    let _ = writeln!(
        xml,
        "  <author><name>{}</name></author>",
        escape_xml(&config.title)
    );
    for id in ids {
        let link = routes.absolute(&site.pages[id].route());
        entry(&mut xml, site.pages[id].doc(), &link, &updated);
    }
    xml.push_str("</feed>\n");
    xml.into_bytes()
}

/// One page as an Atom entry (`updated`: the feed's, for an undated page).
/// Its `xml:base` is the page's address, against which feed readers
/// resolve the root-relative and relative links of its content.
fn entry(xml: &mut String, doc: &Doc, link: &str, updated: &str) {
    let date = doc
        .updated
        .or(doc.date)
        .map_or_else(|| updated.to_string(), |d| d.rfc3339());
    let _ = writeln!(xml, "  <entry xml:base=\"{}\">", escape_xml(link));
    let _ = writeln!(xml, "    <title>{}</title>", escape_xml(&doc.title));
    let _ = writeln!(
        xml,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape_xml(link)
    );
    let _ = writeln!(xml, "    <id>{}</id>", escape_xml(link));
    if let Some(d) = doc.date {
        let _ = writeln!(xml, "    <published>{}</published>", d.rfc3339());
    }
    let _ = writeln!(xml, "    <updated>{date}</updated>");
    let _ = writeln!(
        xml,
        "    <summary>{}</summary>",
        escape_xml(&doc.summary_text())
    );
    let _ = writeln!(
        xml,
        "    <content type=\"html\">{}</content>",
        escape_xml(&doc.body.html)
    );
    xml.push_str("  </entry>\n");
}

/// The sitemap: home, collection listings, the map page when the site has
/// one (`with_map`), taxonomies and their terms, then every item page.
/// Search result pages and later pages of listings are left out.
/// One `<url>` of the sitemap, with its language versions (`hreflang`,
/// and `x-default`: the default language's, listed first).
fn sitemap_url(
    xml: &mut String,
    loc: &str,
    lastmod: Option<&str>,
    versions: &[crate::i18n::Alternate<'_>],
) {
    let _ = write!(xml, "  <url><loc>{}</loc>", escape_xml(loc));
    if let Some(m) = lastmod {
        let _ = write!(xml, "<lastmod>{m}</lastmod>");
    }
    let link = |xml: &mut String, lang: &str, href: &str| {
        let _ = write!(
            xml,
            "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
            escape_xml(lang),
            escape_xml(href)
        );
    };
    for v in versions {
        link(xml, v.code, &v.absolute);
    }
    if let Some(first) = versions.first() {
        link(xml, "x-default", &first.absolute);
    }
    xml.push_str("</url>\n");
}

pub(crate) fn sitemap(
    config: &Config,
    site: &Site,
    routes: &Routes,
    with_map: bool,
    alternates: Option<&crate::i18n::Alternates>,
) -> Output {
    let mut xml = String::with_capacity(256 + site.pages.len() * 96);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"");
    xml.push_str(if alternates.is_some() {
        " xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
    } else {
        ">\n"
    });
    let mut entry = |route: Route<'_>, lastmod: Option<String>| {
        let Some(alternates) = alternates else {
            let loc = routes.absolute(&route);
            sitemap_url(&mut xml, &loc, lastmod.as_deref(), &[]);
            return;
        };
        // Each version of the page, each naming all of them.
        let versions = alternates.of(0, &routes.url(&route));
        for v in &versions {
            sitemap_url(&mut xml, &v.absolute, lastmod.as_deref(), &versions);
        }
    };
    entry(Route::Home, None);
    for c in &config.collections {
        let listing = Route::Listing {
            collection: &c.name,
            page: 1,
        };
        entry(listing, None);
    }
    if with_map {
        entry(Route::Map, None);
    }
    // A taxonomy with no term is an empty page: the theme does not link
    // it, and search engines are not told of it.
    for (tax, terms) in config.taxonomies.iter().zip(&site.taxonomies) {
        if terms.terms.is_empty() {
            continue;
        }
        entry(Route::Taxonomy(&tax.name), None);
        for t in &terms.terms {
            let term = Route::Term {
                taxonomy: &tax.name,
                term: &t.slug,
                page: 1,
            };
            entry(term, None);
        }
    }
    for page in &site.pages {
        let lastmod = page
            .doc()
            .updated
            .or(page.doc().date)
            .filter(|d| d.day.is_some())
            .map(|d| d.iso());
        entry(page.route(), lastmod);
    }
    xml.push_str("</urlset>\n");
    Output {
        path: Route::Sitemap.output(),
        bytes: xml.into_bytes(),
    }
}

pub(crate) fn robots(routes: &Routes) -> Output {
    Output {
        path: Route::Robots.output(),
        bytes: format!(
            "User-agent: *\nAllow: /\nSitemap: {}\n",
            routes.absolute(&Route::Sitemap)
        )
        .into_bytes(),
    }
}
