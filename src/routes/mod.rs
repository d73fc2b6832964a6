//! ROUTES: every address clusterhub publishes. For each route (home, a
//! listing's page n, a taxonomy, a term's page n, an item, search, map,
//! feeds, exports, 404, sitemap, robots.txt...) its output file and its URL,
//! with the base path: the only place that formats site URLs. Also the
//! top-level folders clusterhub fills itself, which no collection or
//! taxonomy may be named after, and (`claims`) what a safe output path is
//! and the check that no two sources claim one.

mod claims;

pub(crate) use claims::{Planned, is_safe};

/// Top-level folders clusterhub writes itself, with what it puts there.
const GENERATED_FOLDERS: [(&str, &str); 5] = [
    (API_DIR, "the data exports (api/...)"),
    ("search", "the search page (search/index.html)"),
    ("map", "the map page (map/index.html)"),
    (SEARCH_INDEX_DIR, "the search index (pagefind/...)"),
    (
        PREVIEW_DIR,
        "the live preview's own files (__clusterhub/...)",
    ),
];

/// Folder of the exports.
const API_DIR: &str = "api";
/// Folder of the search index and Pagefind's scripts.
const SEARCH_INDEX_DIR: &str = "pagefind";
/// Folder of the live preview's own files (`serve` only, never written).
const PREVIEW_DIR: &str = "__clusterhub";

/// Folders whose every file is generated, with names known only once they
/// are made: no content or static file may go there.
const GENERATED_ONLY: [&str; 2] = [SEARCH_INDEX_DIR, PREVIEW_DIR];

/// What clusterhub generates in the top-level folder `name`, if it is one
/// of its own.
/// The output path of a page of a language other than the default: under
/// the language's folder (`it/cities/milan/index.html`). Its URLs are the
/// `Routes` of the language's base URL (`i18n::config_for`).
pub(crate) fn language_output(folder: &str, path: &str) -> String {
    format!("{folder}/{path}")
}

pub(crate) fn generated_folder(name: &str) -> Option<&'static str> {
    GENERATED_FOLDERS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, what)| *what)
}

/// Something clusterhub publishes at an address of its own. Names are
/// validated slugs (collections, taxonomies, terms, pages), so every path
/// made from them is safe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Route<'a> {
    Home,
    /// Page `page` (from 1) of a collection's listing.
    Listing {
        collection: &'a str,
        page: usize,
    },
    /// The list of a taxonomy's terms.
    Taxonomy(&'a str),
    /// Page `page` (from 1) of a taxonomy term.
    Term {
        taxonomy: &'a str,
        term: &'a str,
        page: usize,
    },
    /// An item page.
    Item {
        collection: &'a str,
        slug: &'a str,
    },
    Search,
    Map,
    /// The outline image behind location insets.
    MapOutline,
    NotFound,
    /// The Atom feed of a collection.
    CollectionFeed(&'a str),
    /// The Atom feed of one item (`feed_per_item`).
    ItemFeed {
        collection: &'a str,
        slug: &'a str,
    },
    /// `/api/<collection>.json`.
    Json(&'a str),
    /// `/api/<collection>.csv`.
    Csv(&'a str),
    /// `/api/<collection>.geojson`.
    GeoJson(&'a str),
    /// `/api/index.json`.
    ApiIndex,
    Sitemap,
    Robots,
    /// A file of the search index, by its name inside the index folder.
    SearchIndex(&'a str),
    /// The page a body link to a content file (`methods/five-up.md`,
    /// `methods/_index.md`) leads to.
    ContentPage(&'a str),
    /// A file of `content/` published as it is, by its content-relative
    /// path (`cities/map.png`).
    ContentFile(&'a str),
    /// A processed variant of the image published at `file` (a content or
    /// static path), beside it: `plan.<hash>.<width>.<ext>`.
    /// A social card, in the folder of the page it is for (`` for the
    /// site's): `card.<hash>.png`.
    Card {
        folder: &'a str,
        hash: &'a str,
    },
    ImageVariant {
        file: &'a str,
        hash: &'a str,
        width: u32,
        ext: &'a str,
    },
}

impl Route<'_> {
    /// The route's path below the site root, as it appears after the base
    /// path in its URL: `` (home), `methods/`, `methods/page/2/`,
    /// `methods/atom.xml`.
    pub(crate) fn site_path(&self) -> String {
        let mut path = String::new();
        self.push_site_path(&mut path);
        path
    }

    /// Appends `site_path` to `out` (URLs are made for every page of every
    /// build: one allocation each, no formatting machinery).
    fn push_site_path(&self, out: &mut String) {
        let mut push = |parts: &[&str]| parts.iter().for_each(|p| out.push_str(p));
        match *self {
            Route::Home => {}
            Route::Listing { collection, page } => {
                push(&[collection, "/"]);
                push_page(out, page);
            }
            Route::Taxonomy(t) => push(&[t, "/"]),
            Route::Term {
                taxonomy,
                term,
                page,
            } => {
                push(&[taxonomy, "/", term, "/"]);
                push_page(out, page);
            }
            Route::Item { collection, slug } => push(&[collection, "/", slug, "/"]),
            Route::Search => push(&["search/"]),
            Route::Map => push(&["map/"]),
            Route::MapOutline => push(&["map/outline.svg"]),
            Route::NotFound => push(&["404.html"]),
            Route::CollectionFeed(c) => push(&[c, "/atom.xml"]),
            Route::ItemFeed { collection, slug } => push(&[collection, "/", slug, "/atom.xml"]),
            Route::Json(c) => push(&[API_DIR, "/", c, ".json"]),
            Route::Csv(c) => push(&[API_DIR, "/", c, ".csv"]),
            Route::GeoJson(c) => push(&[API_DIR, "/", c, ".geojson"]),
            Route::ApiIndex => push(&[API_DIR, "/index.json"]),
            Route::Sitemap => push(&["sitemap.xml"]),
            Route::Robots => push(&["robots.txt"]),
            Route::SearchIndex(file) => push(&[SEARCH_INDEX_DIR, "/", file]),
            Route::ContentPage(path) => push(&[&content_page(path)]),
            Route::ContentFile(path) => push(&[path]),
            Route::Card { folder, hash } => push(&[folder, "card.", hash, ".png"]),
            Route::ImageVariant {
                file,
                hash,
                width,
                ext,
            } => {
                let (folder, name) = file.rsplit_once('/').map_or(("", file), |(d, n)| (d, n));
                let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
                let slash = if folder.is_empty() { "" } else { "/" };
                push(&[
                    folder,
                    slash,
                    stem,
                    ".",
                    hash,
                    ".",
                    &width.to_string(),
                    ".",
                    ext,
                ]);
            }
        }
    }

    /// The file the route is written to, relative to the output folder: a
    /// folder address gets its `index.html`.
    pub(crate) fn output(&self) -> String {
        let mut path = self.site_path();
        if path.is_empty() || path.ends_with('/') {
            path.push_str("index.html");
        }
        path
    }

    /// The root-relative URL of the route under `base_path` (see
    /// `Routes::url`, which knows the base path).
    pub(crate) fn url_under(&self, base_path: &str) -> String {
        let mut url = String::with_capacity(base_path.len() + 48);
        url.push_str(base_path);
        self.push_site_path(&mut url);
        url
    }
}

/// `page/<n>/` after a paginated route's folder, for pages after the first.
fn push_page(out: &mut String, page: usize) {
    if page > 1 {
        out.push_str("page/");
        out.push_str(&page.to_string());
        out.push('/');
    }
}

/// The site path of the page a content file is (`methods/five-up.md` and
/// `methods/five-up/index.md` → `methods/five-up/`, `methods/_index.md` →
/// `methods/`, `_index.md` → ``); any other file keeps its name.
fn content_page(path: &str) -> String {
    let Some(stem) = path.strip_suffix(".md") else {
        return path.to_string();
    };
    if stem == "_index" || stem == "index" {
        return String::new();
    }
    let stem = stem
        .strip_suffix("/_index")
        .or_else(|| stem.strip_suffix("/index"))
        .unwrap_or(stem);
    format!("{stem}/")
}

/// The path part of a base URL, starting and ending with `/`:
/// `https://x.github.io/hub/` → `/hub/`.
pub(crate) fn base_path_of(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(i) => {
            let path = &after_scheme[i..];
            if path.ends_with('/') {
                path.to_string()
            } else {
                format!("{path}/")
            }
        }
        None => "/".to_string(),
    }
}

/// The addresses of one site: routes made into URLs with its base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Routes {
    /// Absolute, ends with `/` (hub.yaml's `base_url`, normalised).
    base_url: String,
    /// The path part of `base_url`, starting and ending with `/`.
    base_path: String,
}

impl Routes {
    pub(crate) fn new(base_url: &str) -> Routes {
        Routes {
            base_url: base_url.to_string(),
            base_path: base_path_of(base_url),
        }
    }

    pub(crate) fn base_url(&self) -> &str {
        &self.base_url
    }

    pub(crate) fn base_path(&self) -> &str {
        &self.base_path
    }

    /// Root-relative URL with the base path: `/hub/methods/`.
    pub(crate) fn url(&self, route: &Route<'_>) -> String {
        route.url_under(&self.base_path)
    }

    /// Absolute URL: `https://example.org/hub/methods/`.
    pub(crate) fn absolute(&self, route: &Route<'_>) -> String {
        route.url_under(&self.base_url)
    }

    /// The URL of a place's marker on the map page.
    pub(crate) fn map_marker(&self, slug: &str) -> String {
        format!("{}#marker-{slug}", self.url(&Route::Map))
    }

    /// A listing's URL at the start of one collection's group
    /// (`#ch-<collection>`), as term pages link to their groups.
    pub(crate) fn group(&self, route: &Route<'_>, collection: &str) -> String {
        format!("{}#ch-{collection}", self.url(route))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_has_a_file_and_a_url_under_the_base_path() {
        let routes = Routes::new("https://example.org/hub/");
        let cases = [
            (Route::Home, "index.html", "/hub/"),
            (
                Route::Listing {
                    collection: "methods",
                    page: 1,
                },
                "methods/index.html",
                "/hub/methods/",
            ),
            (
                Route::Listing {
                    collection: "methods",
                    page: 3,
                },
                "methods/page/3/index.html",
                "/hub/methods/page/3/",
            ),
            (
                Route::Term {
                    taxonomy: "countries",
                    term: "spain",
                    page: 2,
                },
                "countries/spain/page/2/index.html",
                "/hub/countries/spain/page/2/",
            ),
            (
                Route::Item {
                    collection: "cities",
                    slug: "lisbon",
                },
                "cities/lisbon/index.html",
                "/hub/cities/lisbon/",
            ),
            (Route::NotFound, "404.html", "/hub/404.html"),
            (
                Route::ItemFeed {
                    collection: "projects",
                    slug: "up2030",
                },
                "projects/up2030/atom.xml",
                "/hub/projects/up2030/atom.xml",
            ),
            (Route::ApiIndex, "api/index.json", "/hub/api/index.json"),
            (
                Route::ContentPage("methods/_index.md"),
                "methods/index.html",
                "/hub/methods/",
            ),
            (
                Route::ContentPage("methods/five-up/index.md"),
                "methods/five-up/index.html",
                "/hub/methods/five-up/",
            ),
        ];
        for (route, file, url) in cases {
            assert_eq!(route.output(), file, "{route:?}");
            assert_eq!(routes.url(&route), url, "{route:?}");
        }
        assert_eq!(
            routes.absolute(&Route::Sitemap),
            "https://example.org/hub/sitemap.xml"
        );
        assert_eq!(routes.map_marker("lisbon"), "/hub/map/#marker-lisbon");
    }

    #[test]
    fn base_path_is_the_path_of_the_base_url() {
        assert_eq!(base_path_of("https://x.github.io/hub/"), "/hub/");
        assert_eq!(base_path_of("https://example.org/"), "/");
        assert_eq!(base_path_of("http://127.0.0.1:1111/"), "/");
    }
}
