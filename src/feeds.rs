//! Machine-facing files written from data, not templates: Atom feeds per
//! collection that asks for one and per item (`feed_per_item`), `sitemap.xml` and `robots.txt`.

use crate::config::Config;
use crate::output::Output;
use crate::parse::Doc;
use crate::resolve::Site;
use crate::routes::{Route, Routes};
use crate::text::{PageDate, escape_xml, push_escaped_xml};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::sync::Arc;

/// Atom feeds: one per collection with `feed: true`, and one per page of a
/// collection with `feed_per_item: true` holding every page that refers to it.
pub(crate) fn feeds(config: &Config, site: &Site, routes: &Routes) -> Vec<Output> {
    feeds_where(config, site, routes, &|_| true)
}

/// The feeds whose path `wanted` accepts, written in parallel.
pub(crate) fn feeds_where(
    config: &Config,
    site: &Site,
    routes: &Routes,
    wanted: &dyn Fn(&str) -> bool,
) -> Vec<Output> {
    write(
        &plans(config, site, routes, wanted)
            .iter()
            .collect::<Vec<_>>(),
    )
}

/// The feeds `serve` last published, by path, as planned: a feed whose
/// plan is the same is not written again (at 10,000 pages the per-item
/// feeds are tens of megabytes of escaped XML).
#[derive(Default)]
pub(crate) struct FeedMemo(HashMap<String, FeedPlan>);

impl FeedMemo {
    /// Plans the feeds `wanted` accepts (`None`: every feed, and those no
    /// longer planned are forgotten) and writes those whose plan is not
    /// the one this memo holds for their path.
    pub(crate) fn write_changed(
        &mut self,
        config: &Config,
        site: &Site,
        routes: &Routes,
        wanted: Option<&dyn Fn(&str) -> bool>,
    ) -> Vec<Output> {
        let plans = plans(config, site, routes, wanted.unwrap_or(&|_| true));
        if wanted.is_none() {
            let planned: HashSet<&str> = plans.iter().map(|p| p.path.as_str()).collect();
            self.0.retain(|path, _| planned.contains(path.as_str()));
        }
        let changed: Vec<FeedPlan> = plans
            .into_iter()
            .filter(|p| self.0.get(&p.path) != Some(p))
            .collect();
        let written = write(&changed.iter().collect::<Vec<_>>());
        self.0
            .extend(changed.into_iter().map(|p| (p.path.clone(), p)));
        written
    }

    /// The path of every feed the memo holds.
    pub(crate) fn paths(&self) -> impl Iterator<Item = &String> {
        self.0.keys()
    }
}

/// Everything a feed's bytes are made of: `write` reads nothing else, so
/// two equal plans make the same file. A page's document is compared by
/// identity: a `Doc` is never changed once parsed (an edit makes a new one).
pub(crate) struct FeedPlan {
    path: String,
    language: String,
    author: String,
    head: FeedHead,
    /// The feed's `updated` (also that of its undated entries).
    updated: String,
    /// The pages it lists, newest first, each with its address.
    entries: Vec<(Arc<Doc>, String)>,
}

impl PartialEq for FeedPlan {
    fn eq(&self, other: &FeedPlan) -> bool {
        let same_entries = self.entries.len() == other.entries.len()
            && (self.entries.iter().zip(&other.entries))
                .all(|((a, la), (b, lb))| Arc::ptr_eq(a, b) && la == lb);
        same_entries
            && (&self.path, &self.language, &self.author, &self.updated)
                == (&other.path, &other.language, &other.author, &other.updated)
            && self.head == other.head
    }
}

/// The plans written as Atom documents, in parallel.
fn write(plans: &[&FeedPlan]) -> Vec<Output> {
    use rayon::prelude::*;
    plans
        .par_iter()
        .map(|plan| Output {
            path: plan.path.clone(),
            bytes: atom(plan),
        })
        .collect()
}

/// Each wanted feed planned: its head and the pages it lists.
fn plans(
    config: &Config,
    site: &Site,
    routes: &Routes,
    wanted: &dyn Fn(&str) -> bool,
) -> Vec<FeedPlan> {
    let mut out = Vec::new();
    for (c, cp) in config.collections.iter().zip(site.collections()) {
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
            out.push(plan(
                config,
                site,
                routes,
                (feed.output(), head),
                cp.pages.clone(),
            ));
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
                .backlinks()
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
            out.push(plan(config, site, routes, (path, head), ids));
        }
    }
    out
}

#[derive(PartialEq)]
struct FeedHead {
    title: String,
    subtitle: String,
    self_url: String,
    alternate: String,
}

/// How many entries a feed holds: the most recently dated or updated.
const FEED_ENTRIES: usize = 50;

/// A feed of the `FEED_ENTRIES` most recently dated or updated of the
/// pages `ids`.
fn plan(
    config: &Config,
    site: &Site,
    routes: &Routes,
    (path, head): (String, FeedHead),
    ids: Vec<usize>,
) -> FeedPlan {
    let ids = newest(site, ids);
    let updated = ids
        .first()
        .and_then(|&id| site.pages[id].doc().updated.or(site.pages[id].doc().date))
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339());
    let entries = ids
        .into_iter()
        .map(|id| {
            let page = &site.pages[id];
            (page.doc().clone(), routes.absolute(&page.route()))
        })
        .collect();
    FeedPlan {
        path,
        language: config.language.clone(),
        author: config.title.clone(),
        head,
        updated,
        entries,
    }
}

/// The `FEED_ENTRIES` pages of `ids` updated or dated last, newest first
/// (then by path). Only those are sorted: a collection's feed picks them
/// from thousands of pages on every edit `serve` makes.
fn newest(site: &Site, ids: Vec<usize>) -> Vec<usize> {
    let keyed = ids.into_iter().map(|id| {
        let doc = site.pages[id].doc();
        (doc.updated.or(doc.date), doc.path.as_str(), id)
    });
    first_of(keyed.collect())
}

/// A page as feeds order it: its date, its path, its id.
type FeedKey<'a> = (Option<PageDate>, &'a str, usize);

/// The first `FEED_ENTRIES` of `keyed`, newest first, then by path: each
/// page's path differs, so this is the one order whichever pages are
/// picked first.
fn first_of(mut keyed: Vec<FeedKey<'_>>) -> Vec<usize> {
    let order = |a: &FeedKey<'_>, b: &FeedKey<'_>| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1));
    if keyed.len() > FEED_ENTRIES {
        keyed.select_nth_unstable_by(FEED_ENTRIES, order);
        keyed.truncate(FEED_ENTRIES);
    }
    keyed.sort_unstable_by(order);
    keyed.into_iter().map(|(_, _, id)| id).collect()
}

/// A planned feed as an Atom document.
fn atom(plan: &FeedPlan) -> Vec<u8> {
    let FeedPlan { head, updated, .. } = plan;
    let mut xml = String::with_capacity(4096 + plan.entries.len() * 1024);
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    let _ = writeln!(xml, " xml:lang=\"{}\">", escape_xml(&plan.language));
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
        escape_xml(&plan.author)
    );
    for (doc, link) in &plan.entries {
        entry(&mut xml, doc, link, updated);
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
    lastmod: Option<PageDate>,
    versions: &[crate::i18n::Alternate<'_>],
) {
    xml.push_str("  <url><loc>");
    push_escaped_xml(xml, loc);
    xml.push_str("</loc>");
    if let Some(d) = lastmod {
        let _ = write!(xml, "<lastmod>{}</lastmod>", d.iso());
    }
    let link = |xml: &mut String, lang: &str, href: &str| {
        xml.push_str("<xhtml:link rel=\"alternate\" hreflang=\"");
        push_escaped_xml(xml, lang);
        xml.push_str("\" href=\"");
        push_escaped_xml(xml, href);
        xml.push_str("\"/>");
    };
    for v in versions {
        link(xml, v.code, &v.absolute);
    }
    if let Some(first) = versions.first() {
        link(xml, "x-default", &first.absolute);
    }
    xml.push_str("</url>\n");
}

/// Pages per piece of the sitemap made on one thread.
const SITEMAP_PIECE: usize = 1024;

pub(crate) fn sitemap(
    config: &Config,
    site: &Site,
    routes: &Routes,
    with_map: bool,
    alternates: Option<&crate::i18n::Alternates>,
) -> Output {
    use rayon::prelude::*;
    let mut xml = String::with_capacity(256 + site.pages.len() * 96);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"");
    xml.push_str(if alternates.is_some() {
        " xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
    } else {
        ">\n"
    });
    let entry = |xml: &mut String, route: Route<'_>, lastmod: Option<PageDate>| {
        let Some(alternates) = alternates else {
            let loc = routes.absolute(&route);
            sitemap_url(xml, &loc, lastmod, &[]);
            return;
        };
        // Each version of the page, each naming all of them.
        let versions = alternates.of(0, &routes.url(&route));
        for v in &versions {
            sitemap_url(xml, &v.absolute, lastmod, &versions);
        }
    };
    entry(&mut xml, Route::Home, None);
    for c in &config.collections {
        let listing = Route::Listing {
            collection: &c.name,
            page: 1,
        };
        entry(&mut xml, listing, None);
    }
    if with_map {
        entry(&mut xml, Route::Map, None);
    }
    // A taxonomy with no term is an empty page: the theme does not link
    // it, and search engines are not told of it.
    for (tax, terms) in config.taxonomies.iter().zip(site.taxonomies()) {
        if terms.terms.is_empty() {
            continue;
        }
        entry(&mut xml, Route::Taxonomy(&tax.name), None);
        for t in &terms.terms {
            let term = Route::Term {
                taxonomy: &tax.name,
                term: &t.slug,
                page: 1,
            };
            entry(&mut xml, term, None);
        }
    }
    // The pages' entries, in pieces made in parallel and joined in order
    // (`serve` makes the sitemap again for every new or deleted page).
    let pieces: Vec<String> = (site.pages.par_chunks(SITEMAP_PIECE))
        .map(|pages| {
            let mut piece = String::with_capacity(pages.len() * 96);
            for page in pages {
                let doc = page.doc();
                let lastmod = doc.updated.or(doc.date).filter(|d| d.day.is_some());
                entry(&mut piece, page.route(), lastmod);
            }
            piece
        })
        .collect();
    pieces.iter().for_each(|p| xml.push_str(p));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_holds_the_newest_pages_as_sorting_all_of_them_would_pick() {
        // Many pages on the same few dates, some undated, in no order.
        let date = |k: usize| {
            (!k.is_multiple_of(7)).then(|| PageDate {
                year: 2020 + (k % 3) as i16,
                month: 1 + (k % 4) as i8,
                day: k.is_multiple_of(2).then_some(1 + (k % 5) as i8),
            })
        };
        for n in [0, 3, FEED_ENTRIES, FEED_ENTRIES + 1, 700] {
            let paths: Vec<String> = (0..n)
                .map(|k| format!("p/{:04}.md", (k * 389) % 997))
                .collect();
            let keyed: Vec<FeedKey<'_>> = (0..n).map(|k| (date(k), paths[k].as_str(), k)).collect();
            let mut all = keyed.clone();
            all.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
            let want: Vec<usize> = all.iter().take(FEED_ENTRIES).map(|k| k.2).collect();
            assert_eq!(first_of(keyed), want, "{n} pages");
        }
    }

    /// `serve` writes a feed again only when something it shows changed,
    /// and then the same bytes a full build writes.
    #[test]
    fn a_memo_writes_a_feed_again_only_when_a_page_it_lists_changed() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let options = crate::pipeline::Options {
            skip_search_index: true,
            ..Default::default()
        };
        let built = crate::pipeline::run(root, &options);
        let (Some(config), Some(mut site)) = (built.config, built.site) else {
            panic!("the shipped hub builds");
        };
        let routes = Routes::new(&config.base_url);
        let mut memo = FeedMemo::default();
        let first = memo.write_changed(&config, &site, &routes, None);
        assert_eq!(
            first,
            feeds(&config, &site, &routes),
            "the first time, every feed"
        );
        assert!(first.len() > 2, "the shipped hub has per-item feeds");
        let again = memo.write_changed(&config, &site, &routes, None);
        assert!(again.is_empty(), "nothing changed: {again:?}");
        // A page retitled: its collection's feed and the per-item feeds of
        // the pages it refers to change, no other.
        let id = (site.pages.iter())
            .position(|p| p.refs().iter().any(|(_, t)| !t.is_empty()))
            .expect("a page with refs");
        let mut doc = (**site.pages[id].doc()).clone();
        doc.title.push_str(" (retitled)");
        *site.pages[id].doc_mut() = Arc::new(doc);
        let changed = memo.write_changed(&config, &site, &routes, None);
        let full = feeds(&config, &site, &routes);
        let listing: Vec<&Output> = full
            .iter()
            .filter(|o| String::from_utf8_lossy(&o.bytes).contains("(retitled)"))
            .collect();
        assert!(!listing.is_empty());
        assert_eq!(changed.iter().collect::<Vec<_>>(), listing);
    }
}
