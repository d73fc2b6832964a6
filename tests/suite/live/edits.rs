//! What each kind of edit re-renders (a page's body, summary, ref or
//! title; a new or deleted page; a template; hub.yaml), and that the served
//! site then equals a full build.

use super::{
    BASE, NAV_COUNTS, NAV_HAS_PAGES, all_templated, assert_same_site, edit, fixture, full_build,
    published, settled, start, strs, write,
};
use crate::common::copy_dir;
use clusterhub::live::Engine;
use clusterhub::pipeline::Options;
use std::collections::BTreeMap;
use std::path::Path;

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
