//! What `build` writes: golden output of a fixture hub, drafts only when
//! asked, two builds byte-identical, the search index, the previous output
//! kept when a build fails, and no writing over the hub.

use super::build;
use crate::common::{self, hub_from_fixture, shipped_hub, snapshot, stderr};
use std::collections::BTreeMap;

#[test]
fn fixture_hub_output_matches_golden_files() {
    let hub = hub_from_fixture("good-hub");
    let out = build(hub.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let actual = snapshot(&hub.path().join("public"));
    common::assert_golden(&actual, "good-hub-expected");
    // The draft page is left out, its image and body links are rewritten.
    assert!(!actual.contains_key("methods/secret/index.html"));
    assert!(actual.contains_key("case-studies/with-image/map.png"));
    let pilot = String::from_utf8_lossy(&actual["case-studies/pilot/index.html"]).into_owned();
    assert!(
        pilot.contains("href=\"/hub/methods/five-up/#the-five-steps\""),
        "{pilot}"
    );
}

#[test]
fn drafts_are_built_only_when_asked() {
    let hub = hub_from_fixture("good-hub");
    let out = build(hub.path(), &["--drafts"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        hub.path()
            .join("public/methods/secret/index.html")
            .is_file()
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let hub = shipped_hub();
    let a = build(hub.path(), &["--output", "out-a"]);
    let b = build(hub.path(), &["--output", "out-b"]);
    assert_eq!((a.status.code(), b.status.code()), (Some(0), Some(0)));
    let (sa, sb) = (
        snapshot(&hub.path().join("out-a")),
        snapshot(&hub.path().join("out-b")),
    );
    assert!(sa.len() > 100);
    assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
    for (path, bytes) in &sa {
        assert!(sb[path] == *bytes, "{path} differs between two builds");
    }
}

/// `build` indexes pages for search on its own thread while the rest of
/// the site renders, in whatever order threads finish them; the index
/// must be the one made from all pages at once (as `serve` makes it).
#[test]
fn the_search_index_built_while_rendering_equals_the_one_built_afterwards() {
    let hub = shipped_hub();
    let out = build(hub.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let streamed: BTreeMap<String, Vec<u8>> = snapshot(&hub.path().join("public"))
        .into_iter()
        .filter(|(path, _)| path.starts_with("pagefind/"))
        .collect();
    let built = clusterhub::pipeline::run(hub.path(), &clusterhub::pipeline::Options::default());
    assert!(!built.has_errors(), "{:#?}", built.diags);
    let at_once: BTreeMap<String, Vec<u8>> = built
        .outputs
        .into_iter()
        .filter(|o| o.path.starts_with("pagefind/"))
        .map(|o| (o.path, o.bytes))
        .collect();
    assert!(
        streamed
            .keys()
            .filter(|p| p.starts_with("pagefind/fragment/"))
            .count()
            >= 80,
        "every item page has a fragment: {:?}",
        streamed.keys().collect::<Vec<_>>()
    );
    assert_eq!(
        streamed.keys().collect::<Vec<_>>(),
        at_once.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &streamed {
        assert!(at_once[path] == *bytes, "{path} differs");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let hub = hub_from_fixture("good-hub");
    assert_eq!(build(hub.path(), &[]).status.code(), Some(0));
    let before = snapshot(&hub.path().join("public"));
    let page = hub.path().join("content/case-studies/pilot.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("city: belfast", "city: [unclosed")).unwrap();
    let out = build(hub.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("was left as it was"),
        "{}",
        stderr(&out)
    );
    assert_eq!(before, snapshot(&hub.path().join("public")));
    // No staging folder is left behind, and nothing else appeared.
    let mut names: Vec<String> = std::fs::read_dir(hub.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // (The image cache, `.clusterhub-cache/`, is kept in the hub.)
    assert_eq!(
        names,
        [
            ".clusterhub-cache",
            "content",
            "hub.yaml",
            "public",
            "themes"
        ]
    );
}

#[test]
fn refuses_to_write_over_the_hub_or_its_content() {
    let hub = hub_from_fixture("good-hub");
    let before = snapshot(hub.path());
    for output in [".", "content", "content/cities", ".."] {
        let out = build(hub.path(), &["--output", output]);
        assert_eq!(
            out.status.code(),
            Some(2),
            "--output {output}: {}",
            stderr(&out)
        );
        assert!(stderr(&out).contains("refusing"), "{}", stderr(&out));
    }
    std::fs::create_dir_all(hub.path().join("notes")).unwrap();
    std::fs::write(hub.path().join("notes/keep.txt"), "mine").unwrap();
    let out = build(hub.path(), &["--output", "notes"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(hub.path().join("notes/keep.txt")).unwrap(),
        "mine"
    );
    let mut after = snapshot(hub.path());
    after.remove("notes/keep.txt");
    assert_eq!(before, after);
}
