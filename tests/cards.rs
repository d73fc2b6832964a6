//! Social images (issue 14) through the binary, on the shipped hub: every
//! page has `og:image` and `twitter:image` with an absolute URL of a file
//! the build wrote; a page with a figure shows its figure, any other item
//! its own 1200×630 card, the other pages the site's card; a second build
//! takes the cards from the cache.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use std::path::Path;

const BASE: &str = "https://up-cluster.github.io/clusterhub/";

fn build(hub: &Path, out: &Path) {
    let run = clusterhub(&[
        "build",
        "--root",
        hub.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
}

/// The `og:image` of a page, checked equal to its `twitter:image`.
fn social_image(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let meta = |css: &str| {
        let sel = scraper::Selector::parse(css).unwrap();
        doc.select(&sel)
            .next()
            .and_then(|m| m.value().attr("content").map(str::to_string))
    };
    let og = meta("meta[property='og:image']").expect("og:image");
    assert_eq!(meta("meta[name='twitter:image']").as_ref(), Some(&og));
    assert_eq!(
        meta("meta[name='twitter:card']").as_deref(),
        Some("summary_large_image")
    );
    og
}

#[test]
fn every_page_has_an_absolute_social_image_that_exists() {
    let hub = shipped_hub();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(hub.path(), &site);
    let mut pages = 0;
    let mut cards = std::collections::BTreeMap::new();
    for entry in walkdir::WalkDir::new(&site) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let rel = path
            .strip_prefix(&site)
            .unwrap()
            .to_string_lossy()
            .to_string();
        let image = social_image(&std::fs::read_to_string(path).unwrap());
        let file = image
            .strip_prefix(BASE)
            .unwrap_or_else(|| panic!("{rel}: {image}"));
        let bytes = std::fs::read(site.join(file)).unwrap_or_else(|e| panic!("{rel}: {file}: {e}"));
        if file.rsplit('/').next().unwrap().starts_with("card.") {
            let png = image::load_from_memory(&bytes).unwrap();
            assert_eq!((png.width(), png.height()), (1200, 630), "{file}");
            cards.insert(rel, file.to_string());
        }
        pages += 1;
    }
    assert!(pages > 100, "{pages} pages");
    // A page with a figure shows it (its widest variant).
    let five_up = std::fs::read_to_string(site.join("methods/five-up/index.html")).unwrap();
    let image = social_image(&five_up);
    assert!(
        image.starts_with(&format!("{BASE}methods/five-up-steps.")) && image.ends_with(".1600.png"),
        "{image}"
    );
    // An item without one has its own card, in its folder; the other pages
    // share the site's.
    let athens = &cards["case-studies/athens-energy-poverty-hub/index.html"];
    assert!(
        athens.starts_with("case-studies/athens-energy-poverty-hub/card."),
        "{athens}"
    );
    let home = &cards["index.html"];
    assert!(!home.contains('/'), "{home}");
    assert_eq!(&cards["cities/index.html"], home);
    assert_eq!(&cards["search/index.html"], home);
    assert_ne!(&cards["cities/belfast/index.html"], athens);
}

#[test]
fn a_second_build_takes_the_cards_from_the_cache() {
    let hub = shipped_hub();
    let out = tempfile::tempdir().unwrap();
    build(hub.path(), &out.path().join("a"));
    let cache = hub.path().join(".clusterhub-cache/cards");
    let times = |dir: &Path| -> Vec<_> {
        let mut all: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (e.path(), e.metadata().unwrap().modified().unwrap())
            })
            .collect();
        all.sort();
        all
    };
    let before = times(&cache);
    assert!(before.len() > 50, "{} cards", before.len());
    build(hub.path(), &out.path().join("b"));
    assert_eq!(times(&cache), before);
    assert_eq!(
        snapshot(&out.path().join("a")),
        snapshot(&out.path().join("b"))
    );
}
