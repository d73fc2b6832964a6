//! Live rebuilds (`clusterhub serve`'s engine): which outputs each kind of
//! edit re-renders, and that after any sequence of edits the served site is
//! byte-identical to a fresh full build of the same files.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;
use clusterhub::live::Engine;
use clusterhub::pipeline::{self, Options};

use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/live");

use common::copy_dir;

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(FIXTURE), dir.path());
    dir
}

/// A full build, without the search index (`serve` builds it off the edit
/// path: see `search_index_follows_edits`).
fn full_build(root: &Path) -> (BTreeMap<String, Vec<u8>>, bool) {
    let options = Options {
        skip_search_index: true,
        ..Options::default()
    };
    let built = pipeline::run(root, &options);
    // What it makes, and the social cards it copies from the cache.
    let mut outputs = built.cache_files();
    outputs.extend(
        built
            .outputs
            .iter()
            .map(|o| (o.path.clone(), o.bytes.clone())),
    );
    (outputs, built.has_errors())
}

/// What the server answers: the outputs it keeps, and the social cards it
/// reads from the cache.
fn published(engine: &Engine) -> BTreeMap<String, Vec<u8>> {
    let mut site = engine.published_cache_files();
    site.extend(
        engine
            .published()
            .iter()
            .map(|(k, v)| (k.clone(), v.to_vec())),
    );
    site
}

/// Two sites equal file for file; a difference is named by its paths, not
/// printed as bytes.
fn assert_same_site(served: &BTreeMap<String, Vec<u8>>, built: &BTreeMap<String, Vec<u8>>) {
    let only = |a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>| -> Vec<String> {
        a.keys().filter(|k| !b.contains_key(*k)).cloned().collect()
    };
    let differ: Vec<&String> = served
        .iter()
        .filter(|(k, v)| built.get(*k).is_some_and(|b| b != *v))
        .map(|(k, _)| k)
        .collect();
    assert!(
        served == built,
        "served but not built: {:?}\nbuilt but not served: {:?}\ndifferent: {differ:?}",
        only(served, built),
        only(built, served)
    );
}

/// The published site once edits have settled: `serve` refreshes the
/// /api/ exports off the edit path, then the site equals a full build.
fn settled(engine: &mut Engine) -> BTreeMap<String, Vec<u8>> {
    engine.refresh_exports();
    published(engine)
}

fn write(root: &Path, rel: &str, text: &str) -> PathBuf {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

/// Writes `text` to `rel`, or deletes it when there is none.
fn write_or_delete(root: &Path, rel: &str, text: Option<&str>) -> PathBuf {
    match text {
        Some(text) => write(root, rel, text),
        None => {
            let path = root.join(rel);
            std::fs::remove_file(&path).unwrap();
            path
        }
    }
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) -> PathBuf {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no `{from}`");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

/// Starts an engine on a fresh copy of the fixture.
fn start() -> (tempfile::TempDir, Engine) {
    let dir = fixture();
    let (engine, report) = Engine::new(dir.path(), &Options::default());
    assert!(!report.has_errors(), "{:?}", report.diags);
    assert!(report.published);
    // The first build is complete at once, exports included.
    assert_eq!(published(&engine), full_build(dir.path()).0);
    (dir, engine)
}

fn strs(v: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

fn all_templated(engine_outputs: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    engine_outputs
        .keys()
        .filter(|k| k.ends_with(".html"))
        .cloned()
        .collect()
}

#[test]
fn body_edit_rerenders_that_page_alone() {
    let (dir, mut engine) = start();
    let p = edit(
        dir.path(),
        "content/case-studies/study-2.md",
        "Results of study 2.",
        "Results: doubled.",
    );
    let r = engine.apply(&[p]);
    assert_eq!(r.rerendered, strs(&["case-studies/study-2/index.html"]));
    // And the collection's feed, which holds whole pages, and the feed of
    // the city it is in (cities have a feed per item).
    assert_eq!(
        r.changed,
        strs(&[
            "case-studies/atom.xml",
            "case-studies/study-2/index.html",
            "cities/milan/atom.xml"
        ])
    );
    assert_eq!(r.pages, 29);
    assert_eq!(
        r.summary_line().split(" in ").next(),
        Some("rebuilt 1 of 29 pages")
    );
    assert_same_site(&settled(&mut engine), &full_build(dir.path()).0);
}

#[test]
fn body_edit_in_a_feed_collection_updates_the_feed() {
    let (dir, mut engine) = start();
    let before = published(&engine);
    let p = edit(
        dir.path(),
        "content/cities/oslo.md",
        "About Oslo.",
        "About Oslo.\n\nFjords.",
    );
    let r = engine.apply(&[p]);
    assert_eq!(r.rerendered, strs(&["cities/oslo/index.html"]));
    let feed = r
        .changed
        .iter()
        .find(|c| c.ends_with(".xml") && c.starts_with("cities"));
    assert!(feed.is_some(), "no feed in {:?}", r.changed);
    assert_ne!(
        published(&engine).get(feed.unwrap()),
        before.get(feed.unwrap())
    );
    assert_same_site(&settled(&mut engine), &full_build(dir.path()).0);
}

#[test]
fn body_edit_updates_the_per_item_feed_of_what_the_page_refers_to() {
    let (dir, mut engine) = start();
    // Cities have a feed per item (hub.yaml `feed_per_item`).
    let p = edit(
        dir.path(),
        "content/case-studies/study-2.md",
        "Results of study 2.",
        "Results: doubled.",
    );
    let r = engine.apply(&[p]);
    assert!(
        r.changed.contains(&"cities/milan/atom.xml".to_string()),
        "{:?}",
        r.changed
    );
    assert_same_site(&settled(&mut engine), &full_build(dir.path()).0);
}

#[test]
fn unchanged_save_rerenders_nothing() {
    let (dir, mut engine) = start();
    let p = edit(
        dir.path(),
        "content/case-studies/study-2.md",
        "study 2",
        "study 2",
    );
    let r = engine.apply(&[p]);
    assert!(r.rerendered.is_empty());
    assert!(r.changed.is_empty());
}

#[test]
fn summary_edit_rerenders_pages_that_show_the_summary() {
    let (dir, mut engine) = start();
    let p = edit(
        dir.path(),
        "content/case-studies/study-2.md",
        "Summary of study 2.",
        "A new summary.",
    );
    let r = engine.apply(&[p]);
    // To find them, only the contexts that read the page were built again
    // (not all 29): those of the outputs below but the home page, which is
    // rendered again because its template looks the page up (`get_pages`),
    // not because its context shows it.
    assert_eq!((r.contexts_built, r.pages), (8, 29));
    // The page, its listing page, its neighbours (prev/next), its city
    // (reverse link), the page of its taxonomy term that lists it, the
    // home page (get_pages) and
    // the pages it is related to (`page.related`).
    assert_eq!(
        r.rerendered,
        strs(&[
            "case-studies/study-2/index.html",
            "case-studies/page/2/index.html",
            "case-studies/study-1/index.html",
            "case-studies/study-3/index.html",
            "case-studies/study-4/index.html",
            "cities/milan/index.html",
            "domains/energy/page/2/index.html",
            "events/milan-workshop/index.html",
            "index.html",
        ])
    );
    // Only those that print the summary change (cards of related pages
    // print it, so do the feeds).
    assert_eq!(
        r.changed,
        strs(&[
            "case-studies/atom.xml",
            "case-studies/page/2/index.html",
            "case-studies/study-1/index.html",
            "case-studies/study-2/index.html",
            "case-studies/study-3/index.html",
            "case-studies/study-4/index.html",
            "cities/milan/atom.xml",
            "cities/milan/index.html",
            "events/milan-workshop/index.html",
        ])
    );
    // The exports follow once edits settle, off the edit path.
    assert_eq!(
        engine.refresh_exports(),
        strs(&["api/case-studies.csv", "api/case-studies.json"])
    );
    assert!(
        engine.refresh_exports().is_empty(),
        "nothing left to export"
    );
    assert_same_site(&settled(&mut engine), &full_build(dir.path()).0);
}

#[test]
fn ref_edit_rerenders_old_and_new_target() {
    let (dir, mut engine) = start();
    let p = edit(
        dir.path(),
        "content/case-studies/study-2.md",
        "city: milan",
        "city: oslo",
    );
    let r = engine.apply(&[p]);
    for out in [
        "cities/milan/index.html",
        "cities/oslo/index.html",
        "case-studies/study-2/index.html",
    ] {
        assert!(
            r.changed.contains(&out.to_string()),
            "{out} not in {:?}",
            r.changed
        );
    }
    assert!(
        !r.rerendered
            .contains(&"cities/lisbon/index.html".to_string())
    );
    assert!(!r.rerendered.contains(&"404.html".to_string()));
    assert_same_site(&settled(&mut engine), &full_build(dir.path()).0);
}

#[test]
fn title_edit_of_a_city_updates_cards_that_look_it_up() {
    let (dir, mut engine) = start();
    let p = edit(
        dir.path(),
        "content/cities/milan.md",
        "title: Milan",
        "title: Milano",
    );
    let r = engine.apply(&[p]);
    // study-2 is in Milan: every card of it looks the city up with get_page.
    for out in [
        "cities/milan/index.html",
        "cities/index.html",
        "case-studies/page/2/index.html",
        "case-studies/study-2/index.html",
    ] {
        assert!(
            r.rerendered.contains(&out.to_string()),
            "{out} not in {:?}",
            r.rerendered
        );
    }
    // Pages whose cards are all of other cities.
    assert!(
        !r.rerendered
            .contains(&"events/porto-session-1/index.html".to_string())
    );
    assert!(!r.rerendered.contains(&"domains/index.html".to_string()));
    assert_same_site(&settled(&mut engine), &full_build(dir.path()).0);
}

#[test]
fn new_and_deleted_pages_rerender_what_counts_pages() {
    let (dir, mut engine) = start();
    let p = write(
        dir.path(),
        "content/case-studies/study-9.md",
        "---\ntitle: Study 9\ndate: 2024-01-01\ncity: oslo\n---\nNew.\n",
    );
    let r = engine.apply(std::slice::from_ref(&p));
    assert!(r.published);
    // The navigation of every page shows collection counts.
    assert_eq!(r.rerendered, all_templated(&engine.current_outputs()));
    assert!(
        r.changed
            .contains(&"case-studies/study-9/index.html".to_string())
    );
    assert_same_site(&settled(&mut engine), &full_build(dir.path()).0);

    std::fs::remove_file(&p).unwrap();
    let r = engine.apply(&[p]);
    assert!(
        r.changed
            .contains(&"case-studies/study-9/index.html".to_string())
    );
    assert!(
        !engine
            .published()
            .contains_key("case-studies/study-9/index.html")
    );
    assert_same_site(&settled(&mut engine), &full_build(dir.path()).0);
}

/// With a social card in the theme, the pages that did not change keep
/// their images and cards after a page is added, retitled or deleted
/// (`serve` carries them over): each time, the served site, cards
/// included, equals a full build's.
#[test]
fn social_cards_follow_added_retitled_and_deleted_pages() {
    let dir = fixture();
    let root = dir.path();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/cluster/card"),
        &root.join("themes/mini/card"),
    );
    edit(
        root,
        BASE,
        "</title>",
        "</title><meta property=\"og:image\" content=\"{% if page is defined %}{{ page.image }}{% else %}{{ site.image }}{% endif %}\">",
    );
    let (mut engine, first) = Engine::new(root, &Options::default());
    assert!(!first.has_errors(), "{:?}", first.diags);
    let built = full_build(root).0;
    assert_eq!(published(&engine), built);
    let cards =
        |site: &BTreeMap<String, Vec<u8>>| site.keys().filter(|k| k.ends_with(".png")).count();
    assert!(cards(&built) > 3, "the fixture's pages have cards");

    let added = write(
        root,
        "content/case-studies/study-9.md",
        "---\ntitle: Study 9\ndate: 2024-01-01\ncity: oslo\n---\nNew.\n",
    );
    engine.apply(std::slice::from_ref(&added));
    let served = settled(&mut engine);
    assert_same_site(&served, &full_build(root).0);
    assert_eq!(cards(&served), cards(&built) + 1, "the new page has a card");

    let retitled = edit(
        root,
        "content/case-studies/study-9.md",
        "Study 9",
        "Study nine",
    );
    engine.apply(std::slice::from_ref(&retitled));
    assert_same_site(&settled(&mut engine), &full_build(root).0);

    std::fs::remove_file(&added).unwrap();
    engine.apply(&[added]);
    let served = settled(&mut engine);
    assert_same_site(&served, &full_build(root).0);
    assert_eq!(cards(&served), cards(&built));
}

/// The mini theme's navigation shows each collection's count on every
/// page; the shipped theme's tests `has_pages` instead (whether the
/// collection has any page), which changes only when a collection
/// becomes empty or not.
const NAV_COUNTS: &str = "({{ c.count }})";
const NAV_HAS_PAGES: &str = "{% if not c.has_pages %}(empty){% endif %}";
const BASE: &str = "themes/mini/templates/base.html";

/// With a navigation that does not show counts, a new page re-renders
/// only the outputs that list, count or show it: its collection's
/// listing, its terms, the home page, the pages it refers to (backlinks,
/// the map's count), the pages related to it; not the other collections'
/// pages. Deleting it re-renders the same outputs.
#[test]
fn new_and_deleted_pages_rerender_only_what_lists_or_counts_them() {
    let dir = fixture();
    edit(dir.path(), BASE, NAV_COUNTS, NAV_HAS_PAGES);
    let (mut engine, first) = Engine::new(dir.path(), &Options::default());
    assert!(first.published, "{:?}", first.diags);
    let p = write(
        dir.path(),
        "content/case-studies/study-9.md",
        "---\ntitle: Study 9\ndate: 2024-01-01\ncity: oslo\ndomains: [water]\n---\nNew.\n",
    );
    let added = engine.apply(std::slice::from_ref(&p));
    assert!(added.published, "{:?}", added.diags);
    // To find them, every context was built again but those of the item
    // pages whose reads give what they gave: the seven events in Porto,
    // Milan's workshop, Study 2 and the pages of Lisbon, Milan and Porto,
    // which show the studies' titles and summaries (unchanged), not
    // their reverse links; and those of the listings of the collections
    // as they were (cities, events). Built again: the new study, its
    // neighbours and the studies now related to it, Oslo (a new reverse
    // link) and the Oslo meetup, which shows Oslo's map link (made from
    // its reverse links).
    assert_eq!((added.contexts_built, added.pages), (18, 32));
    // Outputs that neither list, count nor show a case study in Oslo about water.
    let untouched = strs(&[
        "404.html",
        "cities/index.html",
        "cities/lisbon/index.html",
        "cities/milan/index.html",
        "cities/porto/index.html",
        "events/index.html",
        "events/milan-workshop/index.html",
        "events/porto-conference/index.html",
        "search/index.html",
    ]);
    let shown = strs(&[
        "case-studies/index.html",
        "case-studies/study-9/index.html",
        "cities/oslo/index.html",
        "domains/index.html",
        "domains/water/index.html",
        "index.html",
        "map/index.html",
    ]);
    let all = all_templated(&engine.current_outputs());
    assert!(untouched.iter().all(|o| all.contains(o)));
    let r = &added.rerendered;
    assert!(shown.iter().all(|o| r.contains(o)), "{r:?}");
    assert!(!untouched.iter().any(|o| r.contains(o)), "{r:?}");
    assert_same_site(&settled(&mut engine), &full_build(dir.path()).0);

    std::fs::remove_file(&p).unwrap();
    let deleted = engine.apply(&[p]);
    assert!(deleted.published, "{:?}", deleted.diags);
    let r = &deleted.rerendered;
    let shown_now = shown.iter().filter(|o| !o.contains("study-9"));
    assert!(shown_now.into_iter().all(|o| r.contains(o)), "{r:?}");
    assert!(!untouched.iter().any(|o| r.contains(o)), "{r:?}");
    assert_same_site(&settled(&mut engine), &full_build(dir.path()).0);
}

/// A page shows the map link of its place only when the place has a
/// marker (something to count): moving a case study to a city that had
/// none gives every page about that city the link, not only the city's.
#[test]
fn moving_a_case_study_to_a_city_without_any_updates_pages_about_that_city() {
    let (dir, mut engine) = start();
    let event = "events/porto-conference/index.html";
    let link = "<a href=\"/map/#marker-porto\">on the map</a>";
    assert!(!String::from_utf8_lossy(&published(&engine)[event]).contains(link));
    let p = edit(
        dir.path(),
        "content/case-studies/study-1.md",
        "city: lisbon",
        "city: porto",
    );
    let r = engine.apply(&[p]);
    assert!(r.published, "{:?}", r.diags);
    assert!(
        r.rerendered.contains(&event.to_string()),
        "{:?}",
        r.rerendered
    );
    assert!(String::from_utf8_lossy(&published(&engine)[event]).contains(link));
    assert_same_site(&settled(&mut engine), &full_build(dir.path()).0);
}

/// A case study of the large hub below: in Lisbon (every seventh in
/// Milan), about energy (every fifth about water too); forty dates, so
/// that many studies tie on the date and their titles decide.
fn large_hub_study(i: usize) -> String {
    let city = if i.is_multiple_of(7) {
        "milan"
    } else {
        "lisbon"
    };
    let domains = if i.is_multiple_of(5) {
        "energy, water"
    } else {
        "energy"
    };
    let title = if i.is_multiple_of(3) {
        "Twin".to_string()
    } else {
        format!("Study {i:03}")
    };
    format!(
        "---\ntitle: {title}\ndate: 2024-{:02}-{:02}\ncity: {city}\ndomains: [{domains}]\n---\nBody {i}.\n",
        i % 4 + 1,
        i % 10 + 1
    )
}

/// `serve` scores related pages again after a page is added, deleted or
/// moved only where the edit can change them (`related::Related::since`);
/// each feature of this hub is shared by more pages than a related list
/// looks at (200), so an edit near the top of one changes the lists of
/// many pages and one near the bottom of few. After each edit the site
/// equals a full build.
#[test]
fn related_pages_after_edits_in_a_large_hub_equal_a_full_build() {
    let dir = fixture();
    let root = dir.path();
    for i in 0..240 {
        write(
            root,
            &format!("content/case-studies/l{i:03}.md"),
            &large_hub_study(i),
        );
    }
    let (mut engine, first) = Engine::new(root, &Options::default());
    assert!(first.published, "{:?}", first.diags);
    let study = "content/case-studies/l101.md";
    let page = "case-studies/l101/index.html";
    let related = |engine: &Engine| -> usize {
        let html = String::from_utf8_lossy(&published(engine)[page]).into_owned();
        html.split("class=\"related\"").nth(1).map_or(0, |r| {
            r.split("</ul>")
                .next()
                .unwrap_or("")
                .matches("<li>")
                .count()
        })
    };
    assert_eq!(
        related(&engine),
        6,
        "the page has a full list of related pages"
    );
    let new = |title: &str, date: &str, city: &str, domains: &str| {
        format!(
            "---\ntitle: {title}\ndate: {date}\ncity: {city}\ndomains: [{domains}]\n---\nNew.\n"
        )
    };
    let edits: Vec<(&str, Option<String>)> = vec![
        // Added: newest (first of every feature's pages), oldest, between.
        (
            "content/case-studies/n1.md",
            Some(new("Newest", "2026-01-01", "lisbon", "energy")),
        ),
        (
            "content/case-studies/n2.md",
            Some(new("Oldest", "2019-01-01", "lisbon", "energy")),
        ),
        (
            "content/case-studies/n3.md",
            Some(new("Twin", "2024-02-05", "milan", "energy, water")),
        ),
        // A new term, shared by no other page.
        (
            "content/case-studies/n4.md",
            Some(new("Moving", "2024-03-03", "lisbon", "mobility")),
        ),
        // Deleted: one near the top, one at the bottom.
        ("content/case-studies/n1.md", None),
        ("content/case-studies/l239.md", None),
        // Moved in the tie order: its date, then its title.
        (
            "content/case-studies/l050.md",
            Some(large_hub_study(50).replace("2024-03-01", "2025-12-31")),
        ),
        (
            "content/case-studies/l051.md",
            Some(large_hub_study(51).replace("Twin", "Aardvark")),
        ),
        // Refs: to another city, then the page itself.
        (
            "content/case-studies/l012.md",
            Some(large_hub_study(12).replace("lisbon", "milan")),
        ),
        (
            study,
            Some(large_hub_study(101).replace("energy", "energy, water")),
        ),
    ];
    for (rel, text) in edits {
        let path = write_or_delete(root, rel, text.as_deref());
        let r = engine.apply(&[path]);
        assert!(r.published, "{rel}: {:?}", r.diags);
        assert_same_site(&settled(&mut engine), &full_build(root).0);
    }
    assert_eq!(related(&engine), 6);
}

/// `serve` makes a taxonomy's terms after a page is added, deleted or
/// edited from those before (`resolve::terms_since`): the first page of a
/// term (by path) names it, so a new first page spelled otherwise renames
/// it and deleting that page names it back; a value no page had is a new
/// term, and a term whose last page goes is gone. After each edit the site
/// equals a full build.
#[test]
fn taxonomy_terms_after_edits_equal_a_full_build() {
    let dir = fixture();
    let root = dir.path();
    let hub = std::fs::read_to_string(root.join("hub.yaml")).unwrap();
    let countries = "  countries:\n    label: Countries\n    field: country\n";
    write(root, "hub.yaml", &format!("{hub}{countries}"));
    let (mut engine, first) = Engine::new(root, &Options::default());
    assert!(first.published, "{:?}", first.diags);
    let city = |title: &str, country: &str| {
        format!("---\ntitle: {title}\ncountry: {country}\n---\nAbout {title}.\n")
    };
    let term = |engine: &Engine, slug: &str| -> Option<String> {
        let html = published(engine)
            .get(&format!("countries/{slug}/index.html"))
            .cloned()?;
        Some(String::from_utf8_lossy(&html).into_owned())
    };
    assert!(term(&engine, "portugal").unwrap().contains("Portugal"));
    let edits: Vec<(&str, Option<String>, &str, Option<&str>)> = vec![
        // Before lisbon.md by path: its spelling names the term.
        (
            "content/cities/aveiro.md",
            Some(city("Aveiro", "PORTUGAL")),
            "portugal",
            Some("PORTUGAL"),
        ),
        (
            "content/cities/aveiro.md",
            None,
            "portugal",
            Some("Portugal"),
        ),
        // A country no city had, then another one, then none.
        (
            "content/cities/zadar.md",
            Some(city("Zadar", "Croatia")),
            "croatia",
            Some("Croatia"),
        ),
        (
            "content/cities/zadar.md",
            Some(city("Zadar", "Hrvatska")),
            "croatia",
            None,
        ),
        ("content/cities/zadar.md", None, "hrvatska", None),
    ];
    for (rel, text, slug, label) in edits {
        let path = write_or_delete(root, rel, text.as_deref());
        let r = engine.apply(&[path]);
        assert!(r.published, "{rel}: {:?}", r.diags);
        let shown = term(&engine, slug);
        match label {
            Some(label) => {
                let html = shown.unwrap_or_else(|| panic!("{rel}: no term page {slug}"));
                assert!(html.contains(&format!("<h1>{label}")), "{rel}: {html}");
            }
            None => assert!(shown.is_none(), "{rel}: term {slug} is still shown"),
        }
        assert_same_site(&settled(&mut engine), &full_build(root).0);
    }
}

#[test]
fn deleting_a_ref_target_is_a_broken_ref_and_keeps_the_last_good_site() {
    let (dir, mut engine) = start();
    let before = published(&engine);
    let p = dir.path().join("content/cities/milan.md");
    std::fs::remove_file(&p).unwrap();
    let r = engine.apply(&[p]);
    assert!(!r.published);
    assert!(
        r.diags
            .iter()
            .any(|d| d.code == "broken-ref" && d.file == "content/case-studies/study-2.md")
    );
    assert_eq!(published(&engine), before);
}

/// A ref target that stops parsing is one error, in its own file: the
/// pages that refer to it do not also report a broken ref.
#[test]
fn a_ref_target_that_does_not_parse_is_its_own_only_error() {
    let (dir, mut engine) = start();
    let rel = "content/cities/milan.md";
    let good = std::fs::read_to_string(dir.path().join(rel)).unwrap();
    let p = write(dir.path(), rel, &good.replacen("title: ", "title: \"", 1));
    let r = engine.apply(std::slice::from_ref(&p));
    assert!(!r.published);
    let errors: Vec<_> = r.diags.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].file, rel);
    write(dir.path(), rel, &good);
    let r = engine.apply(&[p]);
    assert!(r.published, "{:?}", r.diags);
    assert_same_site(&settled(&mut engine), &full_build(dir.path()).0);
}

#[test]
fn template_edit_rerenders_the_outputs_that_use_it() {
    let (dir, mut engine) = start();
    let p = edit(
        dir.path(),
        "themes/mini/templates/term.html",
        "<h1>",
        "<h1 class=term>",
    );
    let r = engine.apply(&[p]);
    assert_eq!(
        r.rerendered,
        strs(&[
            "domains/energy/index.html",
            "domains/energy/page/2/index.html",
            "domains/water/index.html"
        ])
    );
    // An included partial: every output whose template includes it.
    let p = edit(
        dir.path(),
        "themes/mini/templates/partials/card.html",
        "<a ",
        "<a class=card ",
    );
    let r = engine.apply(&[p]);
    // (Item pages show their related pages as cards.)
    let mut with_cards = strs(&[
        "index.html",
        "case-studies/index.html",
        "case-studies/page/2/index.html",
        "cities/index.html",
        "events/index.html",
    ]);
    with_cards.extend(
        published(&engine)
            .keys()
            .filter(|k| k.matches('/').count() == 2 && k.ends_with("/index.html"))
            .filter(|k| !k.starts_with("domains/") && !k.starts_with("map/"))
            .cloned(),
    );
    with_cards.sort();
    with_cards.dedup();
    assert_eq!(r.rerendered, with_cards);
    // The base template: everything.
    let p = edit(
        dir.path(),
        "themes/mini/templates/base.html",
        "<main>",
        "<main id=main>",
    );
    let r = engine.apply(&[p]);
    assert_eq!(r.rerendered, all_templated(&engine.current_outputs()));
    assert_same_site(&settled(&mut engine), &full_build(dir.path()).0);
}

#[test]
fn hub_yaml_edit_rebuilds_everything() {
    let (dir, mut engine) = start();
    let p = edit(
        dir.path(),
        "hub.yaml",
        "title: Live fixture",
        "title: Live fixture 2",
    );
    let r = engine.apply(&[p]);
    assert_eq!(r.rerendered, all_templated(&engine.current_outputs()));
    assert_same_site(&settled(&mut engine), &full_build(dir.path()).0);
}

#[test]
fn broken_front_matter_keeps_the_last_good_site_until_fixed() {
    let (dir, mut engine) = start();
    let before = published(&engine);
    let rel = "content/case-studies/study-3.md";
    let good = std::fs::read_to_string(dir.path().join(rel)).unwrap();
    let p = write(dir.path(), rel, "---\ntitle: \"Study 3\ncity: oslo\n");
    let r = engine.apply(std::slice::from_ref(&p));
    assert!(!r.published);
    assert!(
        r.diags
            .iter()
            .any(|d| d.is_error() && d.file == rel && d.line >= 1)
    );
    assert_eq!(published(&engine), before);
    write(
        dir.path(),
        rel,
        &good.replace("Results of study 3.", "Results, fixed."),
    );
    let r = engine.apply(&[p]);
    assert!(r.published, "{:?}", r.diags);
    assert!(
        r.changed
            .contains(&"case-studies/study-3/index.html".to_string())
    );
    assert_same_site(&settled(&mut engine), &full_build(dir.path()).0);
}

#[test]
fn broken_hub_yaml_and_template_keep_the_last_good_site() {
    let (dir, mut engine) = start();
    let before = published(&engine);
    let hub = dir.path().join("hub.yaml");
    let good = std::fs::read_to_string(&hub).unwrap();
    std::fs::write(&hub, "title: [unclosed\n").unwrap();
    let r = engine.apply(std::slice::from_ref(&hub));
    assert!(!r.published && r.has_errors());
    assert_eq!(published(&engine), before);
    // A content edit while hub.yaml is broken is still an error, not a crash.
    let p = edit(dir.path(), "content/cities/oslo.md", "About", "All about");
    assert!(!engine.apply(&[p]).published);
    std::fs::write(&hub, good).unwrap();
    let r = engine.apply(&[hub]);
    assert!(r.published, "{:?}", r.diags);
    assert_same_site(&settled(&mut engine), &full_build(dir.path()).0);

    let before = published(&engine);
    let t = edit(
        dir.path(),
        "themes/mini/templates/page.html",
        "{{ page.title }}</h1>",
        "{{ page.title </h1>",
    );
    let r = engine.apply(std::slice::from_ref(&t));
    assert!(!r.published);
    assert!(
        r.diags
            .iter()
            .any(|d| d.file == "themes/mini/templates/page.html")
    );
    assert_eq!(published(&engine), before);
    edit(
        dir.path(),
        "themes/mini/templates/page.html",
        "{{ page.title </h1>",
        "{{ page.title }}</h1>",
    );
    assert!(engine.apply(&[t]).published);
    assert_same_site(&settled(&mut engine), &full_build(dir.path()).0);
}

#[test]
fn binary_file_and_editor_droppings_in_content() {
    let (dir, mut engine) = start();
    // vim's swap file and backup are never content.
    let swap = write(dir.path(), "content/cities/.oslo.md.swp", "junk");
    let backup = write(dir.path(), "content/cities/oslo.md~", "junk");
    let r = engine.apply(&[swap, backup]);
    assert!(r.rerendered.is_empty());
    let p = dir.path().join("content/cities/oslo.md");
    std::fs::write(&p, [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    let r = engine.apply(std::slice::from_ref(&p));
    assert!(!r.published);
    assert!(r.diags.iter().any(|d| d.file == "content/cities/oslo.md"));
    // A picture dropped next to the pages is published (processed as an
    // image), not parsed as a page.
    let img = dir.path().join("content/cities/map.png");
    let png = common::tiny_image(image::ImageFormat::Png, 3, 2);
    std::fs::write(&img, png).unwrap();
    let r = engine.apply(&[img]);
    assert!(r.assets_changed.contains(&"cities/map.png".to_string()));
}

// ---- the equivalence property ----

#[derive(Debug, Clone)]
enum Op {
    Body(usize, u8),
    Summary(usize, u8),
    Title(usize, u8),
    Date(usize, u8),
    City(usize, usize),
    /// A new study: its slot, its date (`ADD_DATES`: first, between,
    /// last of the listing) and its domain (`DOMAINS`: `mobility` and
    /// `water` are terms no other study has).
    Add(usize, usize, usize),
    Delete(usize),
    Break(usize),
    Template(usize, u8),
    Intro(u8),
    /// The navigation shows counts (`true`) or only `has_pages`.
    Nav(bool),
}

const CITIES: [&str; 4] = ["lisbon", "milan", "oslo", "porto"];
/// An added study's date: the newest (first in the listing, sorted by date
/// descending), one between the others, the oldest (last).
const ADD_DATES: [&str; 3] = ["2026-01-01", "2025-02-15", "2023-05-01"];
const DOMAINS: [&str; 3] = ["energy", "mobility", "water"];
const TEMPLATES: [&str; 5] = [
    "themes/mini/templates/partials/card.html",
    "themes/mini/templates/partials/findability.html",
    "themes/mini/templates/page.html",
    "themes/mini/templates/term.html",
    "themes/mini/templates/base.html",
];

#[derive(Debug, Clone)]
struct Study {
    title: String,
    summary: Option<String>,
    date: String,
    city: usize,
    domain: usize,
    body: String,
}

fn study_text(s: &Study) -> String {
    let mut t = format!("---\ntitle: {}\n", s.title);
    if let Some(sum) = &s.summary {
        t.push_str(&format!("summary: {sum}\n"));
    }
    t.push_str(&format!(
        "date: {}\ncity: {}\ndomains: [{}]\n---\n{}\n\n## Results\n\nSee [the city](@/cities/{}.md).\n",
        s.date, CITIES[s.city], DOMAINS[s.domain], s.body, CITIES[s.city]
    ));
    t
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..6usize, any::<u8>()).prop_map(|(i, n)| Op::Body(i, n)),
        2 => (0..6usize, any::<u8>()).prop_map(|(i, n)| Op::Summary(i, n)),
        2 => (0..6usize, any::<u8>()).prop_map(|(i, n)| Op::Title(i, n)),
        1 => (0..6usize, any::<u8>()).prop_map(|(i, n)| Op::Date(i, n)),
        2 => (0..6usize, 0..CITIES.len()).prop_map(|(i, c)| Op::City(i, c)),
        2 => (0..6usize, 0..ADD_DATES.len(), 0..DOMAINS.len())
            .prop_map(|(i, d, t)| Op::Add(i, d, t)),
        2 => (0..6usize).prop_map(Op::Delete),
        1 => (0..6usize).prop_map(Op::Break),
        1 => (0..TEMPLATES.len(), any::<u8>()).prop_map(|(t, n)| Op::Template(t, n)),
        1 => any::<u8>().prop_map(Op::Intro),
        1 => any::<bool>().prop_map(Op::Nav),
    ]
}

fn run_ops(ops: &[Op]) {
    let dir = fixture();
    let root = dir.path();
    // Replace the fixture's studies with model-controlled ones.
    let mut studies: Vec<Option<Study>> = (0..6)
        .map(|i| {
            (i < 4).then(|| Study {
                title: format!("Study {i}"),
                summary: (i % 2 == 0).then(|| format!("Summary {i}.")),
                date: format!("2025-0{}-01", i + 1),
                city: i % 3,
                domain: 0,
                body: format!("Body {i}."),
            })
        })
        .collect();
    for i in 1..=4 {
        std::fs::remove_file(root.join(format!("content/case-studies/study-{i}.md"))).unwrap();
    }
    let rel = |i: usize| format!("content/case-studies/s{i}.md");
    for (i, s) in studies.iter().enumerate() {
        if let Some(s) = s {
            write(root, &rel(i), &study_text(s));
        }
    }
    let (mut engine, first) = Engine::new(root, &Options::default());
    assert!(first.published, "{:?}", first.diags);
    let mut last_good = published(&engine);
    for op in ops {
        let mut touched = Vec::new();
        let mut set = |i: usize, f: &dyn Fn(&mut Study)| -> Option<PathBuf> {
            let s = studies[i].as_mut()?;
            f(s);
            Some(write(root, &rel(i), &study_text(s)))
        };
        match op {
            Op::Body(i, n) => touched.extend(set(*i, &|s| s.body = format!("Body text {n}."))),
            Op::Summary(i, n) => touched.extend(set(*i, &|s| {
                s.summary = (n % 3 != 0).then(|| format!("Summary {n}."))
            })),
            Op::Title(i, n) => touched.extend(set(*i, &|s| s.title = format!("Title {}", n % 4))),
            Op::Date(i, n) => {
                touched.extend(set(*i, &|s| s.date = format!("2024-{:02}-01", n % 12 + 1)))
            }
            Op::City(i, c) => touched.extend(set(*i, &|s| s.city = *c)),
            Op::Add(i, date, domain) => {
                if studies[*i].is_none() {
                    let s = Study {
                        title: format!("Added {i}"),
                        summary: None,
                        date: ADD_DATES[*date].into(),
                        city: i % 3,
                        domain: *domain,
                        body: "Added body.".into(),
                    };
                    touched.push(write(root, &rel(*i), &study_text(&s)));
                    studies[*i] = Some(s);
                }
            }
            Op::Delete(i) => {
                if studies[*i].take().is_some() {
                    let p = root.join(rel(*i));
                    std::fs::remove_file(&p).unwrap();
                    touched.push(p);
                }
            }
            Op::Break(i) => {
                if studies[*i].is_some() {
                    // A save caught halfway; the next edit of the file fixes it.
                    touched.push(write(root, &rel(*i), "---\ntitle: \"Half writ"));
                }
            }
            Op::Template(t, n) => {
                let p = root.join(TEMPLATES[*t]);
                let mut text = std::fs::read_to_string(&p).unwrap();
                text.push_str(&format!("<!-- {n} -->"));
                std::fs::write(&p, text).unwrap();
                touched.push(p);
            }
            Op::Nav(counts) => {
                let p = root.join(BASE);
                let text = std::fs::read_to_string(&p).unwrap();
                let (from, to) = match counts {
                    true => (NAV_HAS_PAGES, NAV_COUNTS),
                    false => (NAV_COUNTS, NAV_HAS_PAGES),
                };
                std::fs::write(&p, text.replace(from, to)).unwrap();
                touched.push(p);
            }
            Op::Intro(n) => touched.push(write(
                root,
                "content/_index.md",
                &format!("---\ntitle: Welcome {n}\n---\nIntro {n}.\n"),
            )),
        }
        let report = engine.apply(&touched);
        let what = format!("{ops:?}, at {op:?}");
        assert_as_a_full_build(root, &mut engine, &report, &mut last_good, &what);
    }
}

/// After an apply: both it and a full build of the files report errors,
/// and `serve` keeps `last_good`; or neither does, and what it publishes
/// once settled equals the full build, file for file (then `last_good`).
fn assert_as_a_full_build(
    root: &Path,
    engine: &mut Engine,
    report: &clusterhub::live::Rebuild,
    last_good: &mut BTreeMap<String, Vec<u8>>,
    what: &str,
) {
    let (full, full_errors) = full_build(root);
    assert_eq!(
        report.has_errors(),
        full_errors,
        "after {what}: {:?}",
        report.diags
    );
    if full_errors {
        assert!(!report.published);
        assert_eq!(
            &published(engine),
            last_good,
            "last good site kept after {what}"
        );
        return;
    }
    let now = settled(engine);
    for (path, bytes) in &full {
        assert!(
            now.get(path) == Some(bytes),
            "after {what}: {path} differs from a full build:\n--- live\n{}\n--- full\n{}",
            String::from_utf8_lossy(now.get(path).map_or(&[][..], |b| b.as_slice())),
            String::from_utf8_lossy(bytes)
        );
    }
    assert_eq!(now.len(), full.len(), "after {what}: output sets differ");
    *last_good = now;
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn any_edit_sequence_equals_a_full_build(ops in proptest::collection::vec(op(), 1..12)) {
        run_ops(&ops);
    }
}

/// `serve` builds the search index off the edit path; once built it is
/// served with the rest of the site, and an edited page is found after
/// the next refresh.
#[test]
fn search_index_is_built_lazily_and_published() {
    let dir = common::shipped_hub();
    let options = Options {
        skip_search_index: true,
        ..Options::default()
    };
    let (mut engine, first) = Engine::new(dir.path(), &options);
    assert!(first.published, "{:#?}", first.diags);
    assert!(
        !engine
            .published()
            .contains_key("pagefind/pagefind-entry.json")
    );
    let files = engine
        .refresh_search_index()
        .expect("the shipped theme has a search page")
        .unwrap();
    assert!(files > 3);
    let site = engine.published();
    for file in [
        "pagefind/pagefind-entry.json",
        "pagefind/pagefind.js",
        "pagefind/pagefind-ui.js",
    ] {
        assert!(site.contains_key(file), "{file} is not served");
    }
}

/// The search index `serve` builds once edits settle equals a full
/// build's, filters included (collection, city, taxonomy terms, the
/// place's terms), after edits that move pages between places and terms.
#[test]
fn search_index_after_edits_equals_a_full_build() {
    let (dir, mut engine) = start();
    let edits = [
        edit(
            dir.path(),
            "content/case-studies/study-1.md",
            "city: lisbon",
            "city: porto",
        ),
        edit(
            dir.path(),
            "content/case-studies/study-2.md",
            "domains: [",
            "domains: [water, ",
        ),
        write(
            dir.path(),
            "content/events/lisbon-fair.md",
            "---\ntitle: Lisbon fair\ndate: 2025-02-01\ncity: lisbon\n---\nA fair.\n",
        ),
    ];
    for p in edits {
        assert!(engine.apply(&[p]).published);
    }
    engine.refresh_search_index().unwrap().unwrap();
    let served = settled(&mut engine);
    let full = pipeline::run(dir.path(), &Options::default());
    assert!(!full.has_errors(), "{:?}", full.diags);
    let index: BTreeMap<&str, &[u8]> = full
        .outputs
        .iter()
        .filter(|o| o.path.starts_with("pagefind/"))
        .map(|o| (o.path.as_str(), o.bytes.as_slice()))
        .collect();
    assert!(index.len() > 3, "{:?}", index.keys());
    for (path, bytes) in index {
        assert!(
            served.get(path).map(Vec::as_slice) == Some(bytes),
            "{path} differs from a full build's"
        );
    }
}

/// The files under pagefind/ of a site.
fn index_files(site: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    site.iter()
        .filter(|(path, _)| path.starts_with("pagefind/"))
        .map(|(path, bytes)| (path.clone(), bytes.clone()))
        .collect()
}

/// Once the index is built, an edit to one page's text republishes only
/// what it changes (that page's fragment, the chunk holding its words, the
/// meta and the entry; no filter, no other page's fragment), and the
/// served index is then exactly a full build's: the same files, none left
/// over from before the edit.
#[test]
fn search_index_after_an_edit_changes_only_that_pages_files() {
    let (dir, mut engine) = start();
    let first = engine.refresh_search_index().unwrap().unwrap();
    let before = index_files(&settled(&mut engine));
    assert_eq!(first, before.len());
    let p = edit(
        dir.path(),
        "content/case-studies/study-1.md",
        "Body of study 1.",
        "Body of study 1, on tidal turbines.",
    );
    assert!(engine.apply(&[p]).published);
    let written = engine.refresh_search_index().unwrap().unwrap();
    let after = index_files(&settled(&mut engine));
    let changed: Vec<&String> = after
        .iter()
        .filter(|(path, bytes)| before.get(*path) != Some(*bytes))
        .map(|(path, _)| path)
        .collect();
    assert_eq!(written, changed.len(), "{changed:?}");
    let fragments = changed.iter().filter(|p| p.contains("/fragment/")).count();
    assert_eq!(fragments, 1, "{changed:?}");
    assert!(
        !changed.iter().any(|p| p.contains("/filter/")),
        "{changed:?}"
    );
    assert!(written < first / 2, "{written} of {first} files rewritten");

    let full = pipeline::run(dir.path(), &Options::default());
    assert!(!full.has_errors(), "{:?}", full.diags);
    let full: BTreeMap<String, Vec<u8>> = full
        .outputs
        .iter()
        .map(|o| (o.path.clone(), o.bytes.clone()))
        .collect();
    let full = index_files(&full);
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        full.keys().collect::<Vec<_>>()
    );
    assert!(
        after == full,
        "the served index differs from a full build's"
    );
}

/// The served index equals a full build's after each of a run of changes
/// made once the index is built, each followed by a refresh: an edit that
/// brings accented words (Pagefind's diacritic variants) and a new title
/// (meta), a page added before the others (every later page renumbered),
/// a page deleted from the middle, and an edit back to the first words.
#[test]
fn search_index_follows_edits_additions_and_deletions() {
    let (dir, mut engine) = start();
    engine.refresh_search_index().unwrap().unwrap();
    let root = dir.path();
    let as_built = |engine: &mut Engine, after: &str| {
        let written = engine.refresh_search_index().unwrap().unwrap();
        let served = index_files(&settled(engine));
        let full = pipeline::run(root, &Options::default());
        assert!(!full.has_errors(), "{:?}", full.diags);
        let built: BTreeMap<String, Vec<u8>> = full
            .outputs
            .into_iter()
            .filter(|o| o.path.starts_with("pagefind/"))
            .map(|o| (o.path, o.bytes))
            .collect();
        let differ: Vec<&String> = built
            .keys()
            .chain(served.keys())
            .filter(|k| built.get(*k) != served.get(*k))
            .collect();
        assert!(
            differ.is_empty(),
            "after {after}, the served index differs at {differ:?}"
        );
        written
    };
    let accented = edit(
        root,
        "content/case-studies/study-2.md",
        "title: Study 2",
        "title: Study 2, the café façade",
    );
    let p = edit(
        root,
        "content/case-studies/study-2.md",
        "Body of study 2.",
        "Body of study 2: a café façade, résumé and naïve élan. Cafe facade.",
    );
    assert_eq!(accented, p);
    assert!(engine.apply(&[p]).published);
    assert!(as_built(&mut engine, "the accented edit") > 0);

    let added = write(
        root,
        "content/case-studies/a-first-study.md",
        "---\ntitle: A first study\ndate: 2025-03-01\ncity: porto\ndomains: [energy]\n---\nTidal café turbines in Porto.\n",
    );
    assert!(engine.apply(&[added]).published);
    as_built(&mut engine, "a page added first");

    let deleted = root.join("content/events/porto-session-3.md");
    std::fs::remove_file(&deleted).unwrap();
    assert!(engine.apply(&[deleted]).published);
    as_built(&mut engine, "a page deleted");

    let p = edit(
        root,
        "content/case-studies/study-2.md",
        "Body of study 2: a café façade, résumé and naïve élan. Cafe facade.",
        "Body of study 2.",
    );
    assert!(engine.apply(&[p]).published);
    as_built(&mut engine, "the edit undone");
}

const I18N_FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/i18n-hub");

/// An engine on a fresh copy of the multilingual fixture (English, Italian,
/// Dutch); its first published site equals a full build, every language's
/// folder included.
fn start_i18n() -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(I18N_FIXTURE), dir.path());
    let (mut engine, report) = Engine::new(dir.path(), &Options::default());
    assert!(!report.has_errors(), "{:?}", report.diags);
    assert!(report.published);
    let (built, errors) = full_build(dir.path());
    assert!(!errors);
    assert_eq!(settled(&mut engine), built);
    (dir, engine)
}

/// After an edit: published, and the served site equals a full build.
fn assert_as_built(dir: &Path, engine: &mut Engine, r: &clusterhub::live::Rebuild) {
    assert!(r.published, "{:?}", r.diags);
    let (built, errors) = full_build(dir);
    assert!(!errors);
    let served = settled(engine);
    let differ: Vec<&String> = built
        .keys()
        .chain(served.keys())
        .filter(|k| built.get(*k) != served.get(*k))
        .collect();
    assert!(differ.is_empty(), "served differs from built at {differ:?}");
}

#[test]
fn serve_publishes_every_language_as_build_does() {
    let (_dir, engine) = start_i18n();
    let site = published(&engine);
    for path in [
        "case-studies/milan-heat/index.html",
        "it/case-studies/milan-heat/index.html",
        "nl/case-studies/milan-heat/index.html",
        "it/index.html",
        "nl/case-studies/index.html",
        "it/case-studies/atom.xml",
    ] {
        assert!(site.contains_key(path), "{path} is not served");
    }
    let italian = String::from_utf8(site["it/case-studies/milan-heat/index.html"].clone()).unwrap();
    assert!(italian.contains("Raffrescare le scuole di Milano"));
    assert!(!site.contains_key("it/sitemap.xml"));
}

#[test]
fn editing_a_translations_body_rerenders_only_that_page_in_its_language() {
    let (dir, mut engine) = start_i18n();
    let p = edit(
        dir.path(),
        "content/case-studies/milan-heat.it.md",
        "Il comune ha piantato alberi",
        "Il comune ha piantato cento alberi",
    );
    let r = engine.apply(&[p]);
    // Not the English page, nor the Dutch one (shown in English), nor the
    // pages that list it (they show its title and summary, not its body).
    assert_eq!(
        r.rerendered,
        strs(&["it/case-studies/milan-heat/index.html"])
    );
    // And the Italian feed of the collection, which holds whole pages.
    assert_eq!(
        r.changed,
        strs(&[
            "it/case-studies/atom.xml",
            "it/case-studies/milan-heat/index.html"
        ])
    );
    assert_as_built(dir.path(), &mut engine, &r);
}

#[test]
fn editing_a_translations_title_rerenders_what_shows_it_in_its_language() {
    let (dir, mut engine) = start_i18n();
    let p = edit(
        dir.path(),
        "content/cities/milan.it.md",
        "title: Milano",
        "title: Milano città",
    );
    let r = engine.apply(&[p]);
    for path in [
        "it/cities/milan/index.html",
        "it/cities/index.html",
        "it/case-studies/milan-heat/index.html",
    ] {
        assert!(
            r.rerendered.contains(&path.to_string()),
            "{path}: {:?}",
            r.rerendered
        );
    }
    assert!(
        r.rerendered.iter().all(|p| p.starts_with("it/")),
        "{:?}",
        r.rerendered
    );
    assert_as_built(dir.path(), &mut engine, &r);
}

#[test]
fn translations_added_edited_and_deleted_serve_what_build_makes() {
    let (dir, mut engine) = start_i18n();
    let root = dir.path();
    // An original changes: its translations fall behind (a warning), its
    // untranslated versions show the new words.
    let p = edit(
        root,
        "content/cities/rotterdam.md",
        "A port city.",
        "A large port city.",
    );
    let r = engine.apply(&[p]);
    for path in [
        "cities/rotterdam/index.html",
        "it/cities/rotterdam/index.html",
        "nl/cities/rotterdam/index.html",
    ] {
        assert!(
            r.rerendered.contains(&path.to_string()),
            "{path}: {:?}",
            r.rerendered
        );
    }
    assert_as_built(root, &mut engine, &r);
    let p = edit(
        root,
        "content/case-studies/milan-heat.md",
        "planted trees",
        "planted oaks",
    );
    let r = engine.apply(&[p]);
    assert_as_built(root, &mut engine, &r);
    // A new translation: the page, its alternates in every language.
    let p = write(
        root,
        "content/cities/rotterdam.it.md",
        "---\ntitle: Rotterdam\ncountry: Paesi Bassi\n---\nUna città portuale.\n",
    );
    let r = engine.apply(&[p]);
    assert!(
        r.rerendered
            .contains(&"cities/rotterdam/index.html".to_string())
    );
    assert!(
        r.rerendered
            .contains(&"nl/cities/rotterdam/index.html".to_string())
    );
    assert_as_built(root, &mut engine, &r);
    let italian = String::from_utf8(published(&engine)["it/cities/rotterdam/index.html"].clone());
    assert!(italian.unwrap().contains("Una città portuale."));
    // A translation deleted: the page falls back to the original.
    let gone = root.join("content/case-studies/milan-heat.it.md");
    std::fs::remove_file(&gone).unwrap();
    let r = engine.apply(&[gone]);
    assert_as_built(root, &mut engine, &r);
    let italian =
        String::from_utf8(published(&engine)["it/case-studies/milan-heat/index.html"].clone());
    assert!(italian.unwrap().contains("planted oaks"));
}

#[test]
fn a_language_removed_from_hub_yaml_is_no_longer_served() {
    let (dir, mut engine) = start_i18n();
    let root = dir.path();
    let yaml = edit(root, "hub.yaml", "  nl: Nederlands\n", "");
    std::fs::remove_file(root.join("content/case-studies/rotterdam-bikes.nl.md")).unwrap();
    let r = engine.apply(&[
        yaml,
        root.join("content/case-studies/rotterdam-bikes.nl.md"),
    ]);
    assert_as_built(root, &mut engine, &r);
    assert!(!published(&engine).keys().any(|k| k.starts_with("nl/")));
}

/// Each language's search index `serve` builds once edits settle, in one
/// bundle, equals a full build's: before and after a translation's edit.
#[test]
fn every_languages_search_index_equals_a_full_builds() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(I18N_FIXTURE), dir.path());
    // The shipped theme, which has a search page.
    std::fs::remove_dir_all(dir.path().join("themes")).unwrap();
    edit(dir.path(), "hub.yaml", "theme: mini", "theme: cluster");
    let (mut engine, first) = Engine::new(dir.path(), &Options::default());
    assert!(first.published, "{:?}", first.diags);
    let assert_index_as_built = |engine: &mut Engine| {
        engine.refresh_search_index().unwrap().unwrap();
        let served = index_files(&settled(engine));
        let full = pipeline::run(dir.path(), &Options::default());
        assert!(!full.has_errors(), "{:?}", full.diags);
        let built: BTreeMap<String, Vec<u8>> = full
            .outputs
            .into_iter()
            .filter(|o| o.path.starts_with("pagefind/"))
            .map(|o| (o.path, o.bytes))
            .collect();
        let entry = String::from_utf8(built["pagefind/pagefind-entry.json"].clone()).unwrap();
        assert!(
            entry.contains("\"it\"") && entry.contains("\"nl\""),
            "{entry}"
        );
        let differ: Vec<&String> = built
            .keys()
            .chain(served.keys())
            .filter(|k| built.get(*k) != served.get(*k))
            .collect();
        assert!(differ.is_empty(), "served index differs at {differ:?}");
    };
    assert_index_as_built(&mut engine);
    let p = edit(
        dir.path(),
        "content/case-studies/milan-heat.it.md",
        "Il comune ha piantato alberi",
        "Il comune ha piantato cipressi",
    );
    assert!(engine.apply(&[p]).published);
    assert_index_as_built(&mut engine);
}

/// The shipped hub and theme: a new case study re-renders no listing of
/// another collection and no page of a domain it does not carry, in any
/// language (their bytes do not change: a listing shows only its own
/// collection's counts, a term page not its sibling terms' counts); once
/// settled, the site equals a full build.
#[test]
fn a_new_case_study_leaves_other_listings_and_terms_alone_on_the_shipped_hub() {
    let hub = common::shipped_hub();
    let (mut engine, first) = Engine::new(hub.path(), &Options::default());
    assert!(first.published, "{:?}", first.diags);
    let original = "content/case-studies/alesund-sorsida-cultural-harbour.md";
    let text = std::fs::read_to_string(hub.path().join(original)).unwrap();
    let domains = "domains: [nature-based-solutions, waste-circular-economy, mobility]";
    assert!(text.contains(domains));
    let text = text
        .replacen("title: \"Ålesund: a", "title: \"Ålesund again: a", 1)
        .replacen(domains, "domains: [mobility]", 1);
    let p = write(hub.path(), "content/case-studies/alesund-again.md", &text);
    let r = engine.apply(std::slice::from_ref(&p));
    assert!(r.published, "{:?}", r.diags);
    let in_default = |o: &str| -> String {
        let o = ["it/", "pt/", "es/"].iter().find_map(|l| o.strip_prefix(l));
        o.unwrap_or_default().to_string()
    };
    let outputs: Vec<String> = r
        .rerendered
        .iter()
        .map(|o| {
            let own = in_default(o);
            if own.is_empty() { o.clone() } else { own }
        })
        .collect();
    let elsewhere = |o: &&String| {
        ["methods/", "dissemination/"].iter().any(|c| {
            o.strip_prefix(c)
                .is_some_and(|rest| rest == "index.html" || rest.starts_with("page/"))
        }) || (o.starts_with("domains/")
            && !o.starts_with("domains/mobility/")
            && *o != "domains/index.html")
    };
    let wrong: Vec<&String> = outputs.iter().filter(elsewhere).collect();
    assert!(
        wrong.is_empty(),
        "re-rendered although nothing in them changed: {wrong:?}"
    );
    for shown in [
        "case-studies/alesund-again/index.html",
        "case-studies/index.html",
        "domains/mobility/index.html",
        "domains/index.html",
    ] {
        assert!(
            outputs.iter().any(|o| o == shown),
            "{shown} not re-rendered: {outputs:?}"
        );
    }
    assert_same_site(&settled(&mut engine), &full_build(hub.path()).0);
}

/// An edit of the multilingual fixture (English, Italian, Dutch) in the
/// equivalence property below: case studies in slots `0..4`, each with
/// translations into `I18N_LANGS`.
#[derive(Debug, Clone)]
enum LangOp {
    /// A new case study in an empty slot, about one of the fixture's cities.
    Add(usize, usize),
    /// The original deleted (its translations stay, and become errors).
    Delete(usize),
    /// A translation written (a new one, or a new title for one).
    Translate(usize, usize, u8),
    /// A translation deleted: the page falls back to the original.
    Untranslate(usize, usize),
    /// The original's title edited: its translations fall behind.
    Title(usize, u8),
    /// The original's body edited.
    Body(usize, u8),
    /// The Italian title of a city, which every study about it shows.
    CityTitle(u8),
}

const I18N_LANGS: [&str; 2] = ["it", "nl"];
const I18N_CITIES: [&str; 2] = ["milan", "rotterdam"];

fn lang_op() -> impl Strategy<Value = LangOp> {
    prop_oneof![
        3 => (0..4usize, 0..I18N_CITIES.len()).prop_map(|(i, c)| LangOp::Add(i, c)),
        2 => (0..4usize).prop_map(LangOp::Delete),
        3 => (0..4usize, 0..I18N_LANGS.len(), any::<u8>())
            .prop_map(|(i, l, n)| LangOp::Translate(i, l, n)),
        2 => (0..4usize, 0..I18N_LANGS.len()).prop_map(|(i, l)| LangOp::Untranslate(i, l)),
        2 => (0..4usize, any::<u8>()).prop_map(|(i, n)| LangOp::Title(i, n)),
        1 => (0..4usize, any::<u8>()).prop_map(|(i, n)| LangOp::Body(i, n)),
        1 => any::<u8>().prop_map(LangOp::CityTitle),
    ]
}

/// A case study of slot `i`: (title, city, body).
fn lang_study_text((title, city, body): &(String, usize, String)) -> String {
    format!(
        "---\ntitle: {title}\ndate: 2025-0{}-01\ncity: {}\n---\n{body}\n",
        title.len() % 9 + 1,
        I18N_CITIES[*city]
    )
}

/// The files one op writes or deletes (the model in `studies`).
fn apply_lang_op(
    root: &Path,
    studies: &mut [Option<(String, usize, String)>],
    op: &LangOp,
) -> Vec<PathBuf> {
    let original = |i: usize| format!("content/case-studies/p{i}.md");
    let translation =
        |i: usize, l: usize| format!("content/case-studies/p{i}.{}.md", I18N_LANGS[l]);
    let rewrite = |studies: &mut [Option<(String, usize, String)>],
                   i: usize,
                   f: &dyn Fn(&mut (String, usize, String))|
     -> Vec<PathBuf> {
        let Some(s) = studies[i].as_mut() else {
            return Vec::new();
        };
        f(s);
        vec![write(root, &original(i), &lang_study_text(s))]
    };
    match op {
        LangOp::Add(i, city) if studies[*i].is_none() => {
            let s = (format!("Study {i}"), *city, format!("Body {i}."));
            let p = write(root, &original(*i), &lang_study_text(&s));
            studies[*i] = Some(s);
            vec![p]
        }
        LangOp::Add(..) => Vec::new(),
        LangOp::Delete(i) if studies[*i].take().is_some() => {
            let p = root.join(original(*i));
            std::fs::remove_file(&p).unwrap();
            vec![p]
        }
        LangOp::Delete(_) => Vec::new(),
        LangOp::Translate(i, l, n) => vec![write(
            root,
            &translation(*i, *l),
            &format!("---\ntitle: Tradotto {i} {n}\n---\nTesto {n}.\n"),
        )],
        LangOp::Untranslate(i, l) => {
            let p = root.join(translation(*i, *l));
            if std::fs::remove_file(&p).is_ok() {
                vec![p]
            } else {
                Vec::new()
            }
        }
        LangOp::Title(i, n) => rewrite(studies, *i, &|s| s.0 = format!("Title {}", n % 5)),
        LangOp::Body(i, n) => rewrite(studies, *i, &|s| s.2 = format!("Body text {n}.")),
        LangOp::CityTitle(n) => vec![write(
            root,
            "content/cities/milan.it.md",
            &format!(
                "---\ntitle: Milano {}\ncountry: Italia\n---\nUna città.\n",
                n % 3
            ),
        )],
    }
}

/// After any sequence of edits in a hub with three languages, what `serve`
/// publishes in every language equals a full build, or both report errors
/// and `serve` keeps its last good site: the other languages' contexts
/// carried over an edit (those that read only pages the edit left alone)
/// are the ones a full build makes.
fn run_lang_ops(ops: &[LangOp]) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_dir(Path::new(I18N_FIXTURE), root);
    let mut studies: Vec<Option<(String, usize, String)>> = vec![None; 4];
    let (mut engine, first) = Engine::new(root, &Options::default());
    assert!(first.published, "{:?}", first.diags);
    let mut last_good = published(&engine);
    for op in ops {
        let touched = apply_lang_op(root, &mut studies, op);
        let report = engine.apply(&touched);
        let what = format!("{ops:?}, at {op:?}");
        assert_as_a_full_build(root, &mut engine, &report, &mut last_good, &what);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn any_edit_sequence_in_every_language_equals_a_full_build(ops in proptest::collection::vec(lang_op(), 1..12)) {
        run_lang_ops(&ops);
    }
}
