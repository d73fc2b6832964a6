//! Diagnostics where the problem is (issue 11): each case is one mistake in
//! a copy of the shipped hub, checked through `check --format json`, and
//! must give exactly one error, at the file, line and column the
//! contributor edits, in plain words, with nothing reported anywhere else.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::*;
use serde_json::Value;
use std::path::Path;

fn check_json(root: &Path) -> Vec<Value> {
    let out = clusterhub(&[
        "check",
        "--format",
        "json",
        "--root",
        root.to_str().unwrap(),
    ]);
    serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)))
}

/// The shipped hub with `page` (under content/) written as `text`.
fn shipped_with(page: &str, text: &str) -> tempfile::TempDir {
    let hub = shipped_hub();
    let path = hub.path().join("content").join(page);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
    hub
}

/// The shipped hub with `from` replaced by `to` in one page.
fn shipped_edited(page: &str, from: &str, to: &str) -> tempfile::TempDir {
    let hub = shipped_hub();
    let path = hub.path().join("content").join(page);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{page} has no `{from}`");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    hub
}

/// The only problem reported: (file, line, column, code, message, hint).
fn only_problem(all: &[Value]) -> (String, u64, u64, String, String, String) {
    assert_eq!(all.len(), 1, "exactly one problem, got {all:#?}");
    let d = &all[0];
    (
        d["file"].as_str().unwrap().to_string(),
        d["line"].as_u64().unwrap(),
        d["column"].as_u64().unwrap(),
        d["code"].as_str().unwrap().to_string(),
        d["message"].as_str().unwrap().to_string(),
        d["hint"].as_str().unwrap_or("").to_string(),
    )
}

/// A new city page (a valid one but for `extra`, which goes after `title`),
/// linked from Belfast's page so that it is no orphan.
fn city(title_line: &str, extra: &str) -> String {
    format!(
        "---\n{title_line}\ncountry: Ireland\ncountry_code: IE\n{extra}lat: 53.35\nlon: -6.26\n---\nA city. See [Belfast](@/cities/belfast.md).\n"
    )
}

#[test]
fn a_duplicate_key_is_reported_at_the_duplicate() {
    let text = city("title: Dublin", "country: Éire\n");
    let hub = shipped_with("cities/dublin.md", &text);
    let (file, line, col, code, message, hint) = only_problem(&check_json(hub.path()));
    assert_eq!(file, "content/cities/dublin.md");
    assert_eq!((line, col), (5, 1), "the second `country:`, not 2:1");
    assert_eq!(code, "yaml-syntax");
    assert_eq!(message, "`country` is written twice in the same place");
    assert!(hint.contains("(the other one is 2 lines above)"), "{hint}");

    // Inside a flow mapping, at the second key of the pair.
    let text = city("title: Dublin", "labels: {a: 1, a: 2}\n");
    let hub = shipped_with("cities/dublin.md", &text);
    let (_, line, col, _, message, _) = only_problem(&check_json(hub.path()));
    assert_eq!((line, col), (5, 16));
    assert_eq!(message, "`a` is written twice in the same place");
}

#[test]
fn a_yaml_error_after_a_lone_carriage_return_is_reported_inside_the_file() {
    // Saved with mixed line endings: the parser ends a line at the lone
    // `\r` after the title, the file (and every editor's line count) does
    // not. Found by the fuzzer (seed 3, input 33234).
    let text = city("title: Dublin\rcountry_code: IE: x", "");
    let hub = shipped_with("cities/dublin.md", &text);
    let (file, line, col, code, message, _) = only_problem(&check_json(hub.path()));
    assert_eq!(file, "content/cities/dublin.md");
    assert_eq!(code, "yaml-syntax");
    // The title's value, on the line with the lone carriage return (the
    // parser's own count says line 3).
    assert_eq!((line, col), (2, 8), "{message}");
    assert!(message.contains("colon"), "{message}");
}

#[test]
fn a_duplicate_key_in_hub_yaml_is_reported_at_the_duplicate() {
    let hub = shipped_hub();
    let path = hub.path().join("hub.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let from = "        help: The spatial scale of the intervention.\n";
    assert!(text.contains(from));
    std::fs::write(
        &path,
        text.replacen(from, &format!("{from}        type: list\n"), 1),
    )
    .unwrap();
    let (file, line, col, code, message, _) = only_problem(&check_json(hub.path()));
    let expected_line = text[..text.find(from).unwrap() + from.len()]
        .lines()
        .count()
        + 1;
    assert_eq!(file, "hub.yaml");
    assert_eq!((line, col), (expected_line as u64, 9));
    assert_eq!(code, "yaml-syntax");
    assert!(
        message.ends_with("`type` is written twice in the same place"),
        "{message}"
    );
}

#[test]
fn a_null_or_complex_key_is_reported_at_its_own_line() {
    for (extra, column, message) in [
        ("~: 3\n", 1, "this value has no name before its colon"),
        ("null: 3\n", 1, "this value has no name before its colon"),
        (
            "[a, b]: 3\n",
            1,
            "a name before a colon must be plain text, found a list",
        ),
        (
            "? {a: 1}\n: 3\n",
            3,
            "a name before a colon must be plain text, found a mapping",
        ),
    ] {
        let hub = shipped_with("cities/dublin.md", &city("title: Dublin", extra));
        let (file, line, col, code, msg, hint) = only_problem(&check_json(hub.path()));
        assert_eq!(file, "content/cities/dublin.md", "{extra}");
        assert_eq!((line, col), (5, column), "{extra}: not 1:1");
        assert_eq!(code, "yaml-syntax");
        assert_eq!(msg, message, "{extra}");
        assert!(!hint.is_empty());
    }
}

#[test]
fn an_empty_title_says_it_is_empty() {
    for title in ["title: \"\"", "title: '  '", "title:"] {
        let hub = shipped_with("cities/dublin.md", &city(title, ""));
        let (file, line, col, code, message, hint) = only_problem(&check_json(hub.path()));
        assert_eq!(file, "content/cities/dublin.md");
        assert_eq!((line, col), (2, 1), "{title}");
        assert_eq!(code, "missing-field");
        assert_eq!(message, "required field `title` is empty", "{title}");
        assert_eq!(hint, "write the page title after `title: `");
    }
    // Another required field written but left empty.
    let hub = shipped_with(
        "cities/dublin.md",
        &city("title: Dublin", "").replace("country: Ireland", "country: \"\""),
    );
    let (_, line, col, code, message, hint) = only_problem(&check_json(hub.path()));
    assert_eq!((line, col), (3, 1));
    assert_eq!(code, "missing-field");
    assert_eq!(message, "required field `country` is empty");
    assert!(hint.starts_with("fill in `country: ...`"), "{hint}");
}

#[test]
fn an_integer_overflow_says_the_allowed_range() {
    let page = "case-studies/belfast-net-zero-neighbourhood-framework.md";
    for written in [
        "99999999999999999999",
        "-99999999999999999999",
        "123456789012345678901234567890123456789012345",
        "9223372036854775808",
    ] {
        let hub = shipped_edited(page, "budget: 204250", &format!("budget: {written}"));
        let (file, line, col, code, message, hint) = only_problem(&check_json(hub.path()));
        assert_eq!(file, format!("content/{page}"));
        assert_eq!((line, col), (14, 9), "{written}: at the value");
        assert_eq!(code, "out-of-range");
        assert_eq!(
            message,
            format!("`budget` is {written}, outside the allowed range")
        );
        assert_eq!(
            hint,
            "write a whole number between 0 and 9223372036854775807"
        );
    }
}

#[test]
fn numbers_are_shown_as_written() {
    for written in [
        "18446744073709551616",
        "12345678901234567890",
        "1e300",
        "100.50",
    ] {
        let hub = shipped_edited(
            "cities/lisbon.md",
            "lat: 38.72",
            &format!("lat: {written}  # latitude"),
        );
        // The number is the only problem: the map does not also warn that
        // Lisbon has no coordinates.
        let errors: Vec<Value> = check_json(hub.path());
        let (file, line, col, code, message, hint) = only_problem(&errors);
        assert_eq!(file, "content/cities/lisbon.md");
        assert_eq!((line, col), (6, 6));
        assert_eq!(code, "out-of-range");
        assert_eq!(
            message,
            format!("`lat` is {written}, outside the allowed range")
        );
        assert_eq!(hint, "write a value between -90 and 90");
    }
}

#[test]
fn a_page_that_does_not_parse_still_exists_for_refs_and_links() {
    // Belfast is the city of a case study and of a news item, and pages
    // link to it; the theme looks it up for each case study's caption.
    let hub = shipped_edited(
        "cities/belfast.md",
        "country: United Kingdom",
        "country: \"United Kingdom",
    );
    let (file, line, col, code, message, _) = only_problem(&check_json(hub.path()));
    assert_eq!(file, "content/cities/belfast.md");
    assert_eq!((line, col), (4, 10));
    assert_eq!(code, "yaml-syntax");
    assert_eq!(message, "this quoted value is never closed");

    // A case study other pages link to, broken by a duplicate key.
    let page = "case-studies/belfast-net-zero-neighbourhood-framework.md";
    let hub = shipped_edited(page, "featured: true", "featured: true\nfeatured: false");
    let (file, line, _, code, _, _) = only_problem(&check_json(hub.path()));
    assert_eq!(file, format!("content/{page}"));
    assert_eq!(line, 30);
    assert_eq!(code, "yaml-syntax");
}

#[test]
fn a_broken_ref_is_one_error_at_the_ref() {
    let page = "case-studies/belfast-net-zero-neighbourhood-framework.md";
    let hub = shipped_edited(page, "city: belfast", "city: belfst");
    let (file, line, col, code, message, hint) = only_problem(&check_json(hub.path()));
    assert_eq!(file, format!("content/{page}"), "not a theme file");
    assert_eq!((line, col), (5, 7));
    assert_eq!(code, "broken-ref");
    assert!(message.starts_with("no city `belfst`"), "{message}");
    assert_eq!(hint, "did you mean `belfast`?");

    // In a list of refs, read by other pages' templates too.
    let page = "dissemination/up2030-project-start.md";
    let text = std::fs::read_to_string(hub.path().join("content").join(page)).unwrap();
    let cities = text.lines().find(|l| l.starts_with("cities: [")).unwrap();
    let hub = shipped_edited(page, cities, &cities.replacen('[', "[nowhere, ", 1));
    let (file, _, _, code, message, _) = only_problem(&check_json(hub.path()));
    assert_eq!(file, format!("content/{page}"));
    assert_eq!(code, "broken-ref");
    assert!(message.starts_with("no city `nowhere`"), "{message}");
}
