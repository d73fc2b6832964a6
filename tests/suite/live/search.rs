//! The search index `serve` builds off the edit path: published once
//! built, and equal to a full build's after edits.

use super::{edit, index_files, settled, start, write};
use crate::common;
use clusterhub::live::Engine;
use clusterhub::pipeline::{self, Options};
use std::collections::BTreeMap;

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
