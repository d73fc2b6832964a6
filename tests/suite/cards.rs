//! Social images (issue 14) through the binary, on the shipped hub: every
//! page has `og:image` and `twitter:image` with an absolute URL of a file
//! the build wrote; a page with a figure shows its figure, any other item
//! its own 1200×630 card, the other pages the site's card; a second build
//! takes the cards from the cache; a hub's other languages show the same
//! processed images and have social images of their own.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

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
    // Each card file with its inode and size: a card drawn again is a new
    // file renamed into place (a build only touches the cards it uses).
    let files = |dir: &Path| -> Vec<_> {
        use std::os::unix::fs::MetadataExt;
        let mut all: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let meta = e.as_ref().unwrap().metadata().unwrap();
                (e.unwrap().path(), meta.ino(), meta.len())
            })
            .collect();
        all.sort();
        all
    };
    let before = files(&cache);
    assert!(before.len() > 50, "{} cards", before.len());
    build(hub.path(), &out.path().join("b"));
    assert_eq!(files(&cache), before, "no card was drawn again");
    assert_eq!(
        snapshot(&out.path().join("a")),
        snapshot(&out.path().join("b"))
    );
}

#[test]
fn other_languages_show_the_same_images_and_their_own_social_images() {
    // The shipped hub has Italian among its languages (hub.yaml).
    let hub = shipped_hub();
    let yaml = std::fs::read_to_string(hub.path().join("hub.yaml")).unwrap();
    assert!(
        yaml.contains("\n  it:\n    name: Italiano\n"),
        "the shipped hub has Italian"
    );
    let methods = hub.path().join("content/methods");
    let original = std::fs::read_to_string(methods.join("five-up.md")).unwrap();
    let body = original.splitn(3, "---\n").nth(2).unwrap();
    std::fs::write(
        methods.join("five-up.it.md"),
        format!("---\ntitle: L'approccio 5UP\n---\n{body}"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(hub.path(), &site);

    // The translation shows the figure the original shows: one set of
    // processed files, at the hub's own paths, none under /it/.
    let read = |rel: &str| std::fs::read_to_string(site.join(rel)).unwrap();
    let en = read("methods/five-up/index.html");
    let it = read("it/methods/five-up/index.html");
    assert!(it.contains("L&#x27;approccio 5UP") || it.contains("L'approccio 5UP"));
    let pictures = |html: &str| -> Vec<String> {
        let doc = scraper::Html::parse_document(html);
        let sel = scraper::Selector::parse("picture source, picture img").unwrap();
        doc.select(&sel)
            .filter_map(|e| e.value().attr("srcset").map(str::to_string))
            .collect()
    };
    assert!(!pictures(&en).is_empty());
    assert_eq!(pictures(&it), pictures(&en));
    assert!(pictures(&it)[0].starts_with("/clusterhub/methods/five-up-steps."));
    assert_eq!(social_image(&it), social_image(&en));
    let it_methods: Vec<String> = std::fs::read_dir(site.join("it/methods"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(
        it_methods.iter().all(|n| !n.starts_with("five-up-steps")),
        "{it_methods:?}"
    );

    // Every page of the other language has an absolute social image of a
    // file the build wrote. An untranslated item is the original page
    // shown in the Italian frame (its canonical address is the
    // original's): it shares the original's card, and no copy of the card
    // is made under /it/. A translated item has a card of its own, with
    // its translated title.
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(site.join("it")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let image = social_image(&std::fs::read_to_string(entry.path()).unwrap());
        let file = image
            .strip_prefix(BASE)
            .unwrap_or_else(|| panic!("{image}"));
        assert!(
            site.join(file).is_file(),
            "{}: {image}",
            entry.path().display()
        );
        pages += 1;
    }
    assert!(pages > 100, "{pages} pages");
    let athens = social_image(&read(
        "it/case-studies/athens-energy-poverty-hub/index.html",
    ));
    let athens_en = social_image(&read("case-studies/athens-energy-poverty-hub/index.html"));
    assert!(
        athens_en.starts_with(&format!(
            "{BASE}case-studies/athens-energy-poverty-hub/card."
        )),
        "{athens_en}"
    );
    assert_eq!(athens, athens_en);
    let cards_under = |dir: &str| {
        walkdir::WalkDir::new(site.join(dir))
            .into_iter()
            .filter(|e| {
                let name = e
                    .as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .to_string();
                name.starts_with("card.") && name.ends_with(".png")
            })
            .count()
    };
    let it_cards = cards_under("it");
    let translated = walkdir::WalkDir::new(hub.path().join("content"))
        .into_iter()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".it.md")
        })
        .count();
    assert!(
        it_cards <= translated + 1,
        "{it_cards} cards under /it/ for {translated} Italian translations"
    );
    let it_index = social_image(&read("it/index.html"));
    assert!(it_index.starts_with(&format!("{BASE}it/")), "{it_index}");
}
