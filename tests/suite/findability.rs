//! Findability outputs of a fixture hub with known coordinates and tricky
//! values: exports (JSON, CSV, GeoJSON, index), JSON-LD, Open Graph, Atom
//! feeds per project, the map and related content.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const TRICKY_TITLE: &str = "Quotes \"here\", commas, <script>alert(1)</script> and ]]>";

/// The findability fixture with the shipped theme, built into `public/`.
fn built() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("findability"), dir.path());
    copy_dir(
        &repo_root().join("themes/cluster"),
        &dir.path().join("themes/cluster"),
    );
    let out = clusterhub(&["build", "--root", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let public = dir.path().join("public");
    (dir, public)
}

fn read(public: &Path, path: &str) -> String {
    std::fs::read_to_string(public.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn json(public: &Path, path: &str) -> Value {
    serde_json::from_str(&read(public, path)).unwrap()
}

fn slugs_in(hub: &Path, collection: &str) -> BTreeSet<String> {
    std::fs::read_dir(hub.join("content").join(collection))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && !n.starts_with('_'))
        .map(|n| n.trim_end_matches(".md").to_string())
        .collect()
}

#[test]
fn json_exports_list_every_page_once_with_refs_expanded_and_numbers_as_numbers() {
    let (hub, public) = built();
    for collection in ["case-studies", "methods", "projects", "cities"] {
        let doc = json(&public, &format!("api/{collection}.json"));
        let pages = doc["pages"].as_array().unwrap();
        let slugs: Vec<&str> = pages.iter().map(|p| p["slug"].as_str().unwrap()).collect();
        let unique: BTreeSet<String> = slugs.iter().map(|s| s.to_string()).collect();
        assert_eq!(
            unique.len(),
            slugs.len(),
            "{collection}: a page appears twice"
        );
        assert_eq!(unique, slugs_in(hub.path(), collection), "{collection}");
        assert_eq!(doc["count"], pages.len());
    }
    let cases = json(&public, "api/case-studies.json");
    let lisbon = cases["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["slug"] == "lisbon-waterfront")
        .unwrap();
    assert_eq!(
        lisbon["url"],
        "https://example.org/hub/case-studies/lisbon-waterfront/"
    );
    assert_eq!(
        lisbon["fields"]["city"],
        serde_json::json!({"slug": "lisbon", "title": "Lisbon", "url": "https://example.org/hub/cities/lisbon/"})
    );
    assert_eq!(lisbon["fields"]["projects"][0]["title"], "Project Alpha");
    assert_eq!(lisbon["fields"]["budget_eur"], 1_500_000);
    assert!(lisbon["fields"]["budget_eur"].is_i64());
    assert_eq!(
        lisbon["fields"]["domains"],
        serde_json::json!(["nature-based-solutions"])
    );
    let tricky = cases["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["slug"] == "tricky")
        .unwrap();
    assert_eq!(tricky["title"], TRICKY_TITLE);
    assert_eq!(
        tricky["fields"]["notes"],
        "First line, \"quoted\"\nsecond line <script>x</script> ]]>\n"
    );
    let cities = json(&public, "api/cities.json");
    let athens = cities["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["slug"] == "athens")
        .unwrap();
    assert!(athens["fields"]["lat"].is_f64() && athens["fields"]["lon"].is_f64());
    assert_eq!(athens["fields"]["lat"], 37.98);

    let index = json(&public, "api/index.json");
    let listed: Vec<&str> = index["collections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(listed, ["case-studies", "methods", "projects", "cities"]);
    for c in index["collections"].as_array().unwrap() {
        for key in ["json", "csv"] {
            let url = c[key].as_str().unwrap();
            let path = url.strip_prefix("https://example.org/hub/").unwrap();
            assert!(public.join(path).is_file(), "{url}");
        }
    }
    assert_eq!(
        index["collections"][3]["geojson"],
        "https://example.org/hub/api/cities.geojson"
    );
}

#[test]
fn csv_exports_quote_per_rfc_4180_and_join_lists() {
    let (hub, public) = built();
    let text = read(&public, "api/case-studies.csv");
    // A UTF-8 byte order mark, without which Excel reads the file in the
    // machine's legacy code page.
    assert!(text.starts_with('\u{feff}'), "no BOM");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(&header[..4], ["url", "slug", "title", "summary"]);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let slugs: BTreeSet<String> = rows.iter().map(|r| r[1].to_string()).collect();
    assert_eq!(slugs.len(), rows.len());
    assert_eq!(slugs, slugs_in(hub.path(), "case-studies"));
    let tricky = rows.iter().find(|r| &r[1] == "tricky").unwrap();
    assert_eq!(&tricky[col("title")], TRICKY_TITLE);
    assert_eq!(
        &tricky[col("notes")],
        "First line, \"quoted\"\nsecond line <script>x</script> ]]>\n"
    );
    let athens = rows.iter().find(|r| &r[1] == "athens-heat").unwrap();
    assert_eq!(
        &athens[col("domains")],
        "nature-based-solutions; energy-systems"
    );
    assert_eq!(&athens[col("city")], "athens");
    // RFC 4180: CRLF line ends, quotes doubled inside quoted fields.
    assert!(text.contains("\r\n"));
    assert!(text.contains("\"Quotes \"\"here\"\", commas,"));
}

#[test]
fn geojson_has_every_mapped_city_with_case_study_counts() {
    let (_hub, public) = built();
    let doc = json(&public, "api/cities.geojson");
    assert_eq!(doc["type"], "FeatureCollection");
    let features = doc["features"].as_array().unwrap();
    // Cities with coordinates: Atlantis has none.
    let ids: BTreeSet<&str> = features.iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        BTreeSet::from(["athens", "lisbon", "rotterdam", "vienna"])
    );
    let rotterdam = features.iter().find(|f| f["id"] == "rotterdam").unwrap();
    assert_eq!(rotterdam["geometry"]["type"], "Point");
    assert_eq!(
        rotterdam["geometry"]["coordinates"],
        serde_json::json!([4.48, 51.92])
    );
    assert_eq!(rotterdam["properties"]["count"], 2);
    assert_eq!(rotterdam["properties"]["title"], "Rotterdam");
    let vienna = features.iter().find(|f| f["id"] == "vienna").unwrap();
    assert_eq!(vienna["properties"]["count"], 0);
}

/// The text of the page's `<script type="application/ld+json">`.
fn jsonld_of(html: &str) -> &str {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("no JSON-LD")
        + 35;
    let end = start + html[start..].find("</script>").unwrap();
    &html[start..end]
}

#[test]
fn every_item_page_has_parseable_json_ld_and_open_graph_tags() {
    let (hub, public) = built();
    let expected = [
        ("case-studies", "Article"),
        ("methods", "HowTo"),
        ("projects", "Project"),
        ("cities", "Place"),
    ];
    for (collection, kind) in expected {
        for slug in slugs_in(hub.path(), collection) {
            let html = read(&public, &format!("{collection}/{slug}/index.html"));
            let raw = jsonld_of(&html);
            let ld: Value = serde_json::from_str(raw)
                .unwrap_or_else(|e| panic!("{collection}/{slug}: {e}\n{raw}"));
            assert_eq!(ld["@context"], "https://schema.org");
            assert_eq!(ld["@type"], kind, "{collection}/{slug}");
            assert_eq!(
                ld["url"],
                format!("https://example.org/hub/{collection}/{slug}/")
            );
            assert!(
                html.contains("<meta property=\"og:title\""),
                "{collection}/{slug}"
            );
            // Every page has a social image (its figure or its card, #14),
            // shown large.
            assert!(
                html.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"),
                "{collection}/{slug}"
            );
            assert!(
                html.contains("<meta property=\"og:image\" content=\"https://example.org/hub/"),
                "{collection}/{slug}"
            );
        }
    }
    let lisbon: Value =
        serde_json::from_str(jsonld_of(&read(&public, "cities/lisbon/index.html"))).unwrap();
    assert_eq!(lisbon["geo"]["@type"], "GeoCoordinates");
    assert_eq!(lisbon["geo"]["latitude"], 38.72);
    assert_eq!(lisbon["address"]["addressCountry"], "Portugal");
    let case: Value = serde_json::from_str(jsonld_of(&read(
        &public,
        "case-studies/lisbon-waterfront/index.html",
    )))
    .unwrap();
    assert_eq!(case["contentLocation"]["name"], "Lisbon");
    assert_eq!(case["contentLocation"]["geo"]["longitude"], -9.14);
    assert_eq!(case["about"][0]["@type"], "HowTo");
    assert_eq!(
        case["keywords"],
        serde_json::json!(["Nature based solutions"])
    );

    // Tricky values: no </script> breakout, values survive intact, HTML escaped.
    let html = read(&public, "case-studies/tricky/index.html");
    let raw = jsonld_of(&html);
    assert!(!raw.contains('<'), "{raw}");
    let ld: Value = serde_json::from_str(raw).unwrap();
    assert_eq!(ld["headline"], TRICKY_TITLE);
    assert!(!html.contains("<script>alert(1)"));
    assert!(html.contains(
        "<title>Quotes &quot;here&quot;, commas, &lt;script&gt;alert(1)&lt;/script&gt; and ]]&gt;"
    ));
}

#[test]
fn each_project_has_an_atom_feed_of_the_pages_about_it() {
    let (_hub, public) = built();
    let xml = read(&public, "projects/alpha/atom.xml");
    let feed = feed_rs::parser::parse(xml.as_bytes()).unwrap();
    let titles: BTreeSet<String> = feed
        .entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.clone())
        .collect();
    assert_eq!(
        titles,
        BTreeSet::from([
            "Lisbon waterfront renewal".to_string(),
            "Rotterdam cycling streets".to_string(),
            "Athens cool squares".to_string(),
            "Green roofs".to_string(),
        ])
    );
    // Newest first.
    assert_eq!(
        feed.entries[0].title.as_ref().unwrap().content,
        "Athens cool squares"
    );
    let beta = feed_rs::parser::parse(read(&public, "projects/beta/atom.xml").as_bytes()).unwrap();
    let tricky = beta
        .entries
        .iter()
        .find(|e| e.links[0].href.ends_with("/tricky/"))
        .unwrap();
    assert_eq!(tricky.title.as_ref().unwrap().content, TRICKY_TITLE);
    // Linked from the project page.
    let page = read(&public, "projects/alpha/index.html");
    assert!(page.contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Project Alpha · Findability fixture\" href=\"/hub/projects/alpha/atom.xml\">"
    ));
}

/// (id, href, cx, cy, r) of each marker on the map page.
fn markers(html: &str) -> Vec<(String, String, f64, f64, f64)> {
    let attr = |s: &str, name: &str| -> String {
        let start = s.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        s[start..start + s[start..].find('"').unwrap()].to_string()
    };
    html.split("<a class=\"place-map__marker ")
        .skip(1)
        .map(|m| {
            let m = &m[..m.find("</a>").unwrap()];
            // The marker's own circle comes last (after the dot at the true
            // place of a marker moved off a neighbour's).
            let circle = &m[m.rfind("<circle").unwrap()..];
            (
                attr(m, "id"),
                attr(m, "href"),
                attr(circle, "cx").parse().unwrap(),
                attr(circle, "cy").parse().unwrap(),
                attr(circle, "r").parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn map_markers_sit_at_projected_positions_and_link_to_city_pages() {
    let (hub, public) = built();
    let html = read(&public, "map/index.html");
    let found = markers(&html);
    let ids: Vec<&str> = found.iter().map(|m| m.0.as_str()).collect();
    // Biggest first, then by name; Vienna has no case study, Atlantis no coordinates.
    assert_eq!(ids, ["marker-rotterdam", "marker-athens", "marker-lisbon"]);
    for (_, href, ..) in &found {
        let path = href.strip_prefix("/hub/").unwrap();
        assert!(public.join(path).join("index.html").is_file(), "{href}");
    }
    // The projection is deterministic: positions of the theme's outline.
    let at = |id: &str| found.iter().find(|m| m.0 == id).unwrap();
    let (rot, ath, lis) = (
        at("marker-rotterdam"),
        at("marker-athens"),
        at("marker-lisbon"),
    );
    assert_eq!((rot.2, rot.3), (387.2, 334.2));
    assert_eq!((ath.2, ath.3), (725.4, 662.4));
    assert_eq!((lis.2, lis.3), (102.0, 607.4));
    assert!(
        lis.2 < rot.2 && rot.2 < ath.2 && rot.3 < lis.3,
        "west to east, north above south"
    );
    assert!(
        rot.4 > lis.4,
        "two case studies draw a bigger marker than one"
    );
    assert!(html.contains("aria-label=\"Rotterdam: 2 case studies\""));
    // The text alternative lists Atlantis as not on the map.
    assert!(html.contains("Atlantis</a> <span class=\"count\">1 case study</span> <span class=\"place-list__note\">(no coordinates, not on the map)</span>"));
    // A city without coordinates is a warning from `check`.
    let out = clusterhub(&["check", "--root", hub.path().to_str().unwrap()]);
    let err = stderr(&out);
    assert!(
        err.contains("warning[map-no-coordinates]: Atlantis has no `lat` and `lon`"),
        "{err}"
    );
    // Case study pages show their location.
    let case = read(&public, "case-studies/rotterdam-mobility/index.html");
    assert!(
        case.contains("<a href=\"/hub/map/#marker-rotterdam\">Rotterdam on the cluster map</a>"),
        "{case}"
    );
}

#[test]
fn related_content_prefers_pages_sharing_the_most_and_rarest_features() {
    let (_hub, public) = built();
    let html = read(&public, "case-studies/lisbon-waterfront/index.html");
    let section = &html[html.find("<section class=\"related\"").unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    let titles: Vec<&str> = section
        .split("class=\"card__title\"><a href=\"")
        .skip(1)
        .map(|s| {
            let s = &s[s.find("\">").unwrap() + 2..];
            &s[..s.find("</a>").unwrap()]
        })
        .collect();
    // Athens shares project, method and domain; the pages Lisbon's case
    // study links to (its city, project and method) are not repeated.
    assert_eq!(titles[0], "Athens cool squares", "{titles:?}");
    for linked in ["Green roofs", "Lisbon", "Project Alpha"] {
        assert!(!titles.contains(&linked), "{titles:?}");
    }
    assert!(titles.len() <= 6);
}

/// The JSON of every `<script type="application/ld+json">` of a page.
fn all_jsonld(html: &str) -> Vec<Value> {
    html.split("<script type=\"application/ld+json\">")
        .skip(1)
        .map(|rest| serde_json::from_str(&rest[..rest.find("</script>").unwrap()]).unwrap())
        .collect()
}

#[test]
fn json_ld_has_the_website_organization_breadcrumbs_and_publisher() {
    let (_hub, public) = built();
    // Home: the WebSite, with its search, and the Organization behind it.
    let home = all_jsonld(&read(&public, "index.html"));
    assert_eq!(home.len(), 1);
    let graph = home[0]["@graph"].as_array().unwrap();
    let types: Vec<&str> = graph.iter().map(|n| n["@type"].as_str().unwrap()).collect();
    assert_eq!(types, ["WebSite", "Organization"]);
    assert_eq!(graph[0]["url"], "https://example.org/hub/");
    assert_eq!(
        graph[0]["potentialAction"]["target"]["urlTemplate"],
        "https://example.org/hub/search/?q={search_term_string}"
    );
    // An item page: its own node, then its BreadcrumbList.
    let html = read(&public, "case-studies/lisbon-waterfront/index.html");
    let ld = all_jsonld(&html);
    assert_eq!(ld.len(), 2);
    assert_eq!(ld[0]["@type"], "Article");
    assert_eq!(ld[0]["publisher"]["@type"], "Organization");
    assert_eq!(ld[0]["datePublished"], "2024-03-01");
    assert_eq!(ld[1]["@type"], "BreadcrumbList");
    let crumbs: Vec<&str> = ld[1]["itemListElement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["item"].as_str().unwrap())
        .collect();
    assert_eq!(
        crumbs,
        [
            "https://example.org/hub/",
            "https://example.org/hub/case-studies/",
            "https://example.org/hub/case-studies/lisbon-waterfront/"
        ]
    );
    // A listing has its own Open Graph title, not the site's.
    let listing = read(&public, "case-studies/index.html");
    assert!(
        listing.contains("<meta property=\"og:title\" content=\"Case studies · "),
        "{listing}"
    );
}
