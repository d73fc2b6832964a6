//! Hostile shapes of input get one clear diagnostic where the contributor
//! must edit, and never a long list or a stalled build: nesting too deep
//! for the Markdown or the YAML, thousands of problems in one file, many
//! headings with one title. How long such pages take is measured by
//! `benches/pathological.py`, never here.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{clusterhub, hub_from_fixture, stderr};
use serde_json::Value;
use std::path::Path;

fn write_page(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `check --format json` on `root`: exit code and the diagnostics, but for
/// the `orphan` warning every new page here gets (nothing links to it).
fn check_json(root: &Path) -> (i32, Vec<Value>) {
    let out = clusterhub(&[
        "check",
        "--format",
        "json",
        "--root",
        root.to_str().unwrap(),
    ]);
    let diags: Value = serde_json::from_slice(&out.stdout).unwrap();
    let diags = diags.as_array().unwrap();
    let diags = diags
        .iter()
        .filter(|d| d["code"] != "orphan")
        .cloned()
        .collect();
    (out.status.code().unwrap(), diags)
}

fn field<'a>(d: &'a Value, name: &str) -> &'a Value {
    &d[name]
}

#[test]
fn lists_nested_too_deep_are_one_error_at_the_level_that_is_too_deep() {
    let hub = hub_from_fixture("good-hub");
    let body = format!("Intro.\n\n{}deep\n", "- ".repeat(5000));
    write_page(
        hub.path(),
        "content/methods/deep.md",
        &format!("---\ntitle: Deep\n---\n{body}"),
    );
    let (code, diags) = check_json(hub.path());
    assert_eq!(code, 1);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert_eq!(field(d, "code"), "too-deep");
    assert_eq!(field(d, "file"), "content/methods/deep.md");
    // Line 6 of the file (3 lines of front matter, intro, blank); the 33rd
    // `- ` opens the level that is one too many.
    assert_eq!(
        (field(d, "line"), field(d, "column")),
        (&Value::from(6), &Value::from(65))
    );
    assert!(field(d, "hint").as_str().unwrap().contains("fewer levels"));
}

#[test]
fn quotes_nested_too_deep_are_one_error() {
    let hub = hub_from_fixture("good-hub");
    let body = format!("{} deep\n", ">".repeat(100_000));
    write_page(
        hub.path(),
        "content/methods/deep.md",
        &format!("---\ntitle: Deep\n---\n{body}"),
    );
    let (code, diags) = check_json(hub.path());
    assert_eq!(code, 1);
    let codes: Vec<&Value> = diags.iter().map(|d| field(d, "code")).collect();
    assert_eq!(codes, [&Value::from("too-deep")]);
    assert_eq!(field(&diags[0], "line"), 4);
}

#[test]
fn raw_html_nested_too_deep_is_one_error_where_it_gets_too_deep() {
    let hub = hub_from_fixture("good-hub");
    // Closed and void elements do not add up; 65 open ones do.
    let body = format!(
        "Intro.\n\n<p>a<p>b<br><img src=x alt=y></p>\n\n{}deep<script>x</script>\n",
        "<div>".repeat(65)
    );
    write_page(
        hub.path(),
        "content/methods/deep.md",
        &format!("---\ntitle: Deep\n---\n{body}"),
    );
    let (code, diags) = check_json(hub.path());
    assert_eq!(code, 1);
    let codes: Vec<&Value> = diags.iter().map(|d| field(d, "code")).collect();
    assert_eq!(codes, [&Value::from("too-deep")], "{diags:#?}");
    let d = &diags[0];
    // The 65th `<div>` on line 8.
    assert_eq!(
        (field(d, "line"), field(d, "column")),
        (&Value::from(8), &Value::from(1 + 64 * 5))
    );
    assert!(
        field(d, "message")
            .as_str()
            .unwrap()
            .contains("HTML elements are nested more than 64")
    );
}

#[test]
fn brackets_nested_too_deep_in_front_matter_are_one_error_where_it_gets_too_deep() {
    let hub = hub_from_fixture("good-hub");
    let deep = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
    write_page(
        hub.path(),
        "content/methods/deep.md",
        &format!("---\ntitle: Deep\nx: {deep}\n---\nText.\n"),
    );
    let (code, diags) = check_json(hub.path());
    assert_eq!(code, 1);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert_eq!(field(d, "code"), "yaml-syntax");
    assert_eq!(
        (field(d, "line"), field(d, "column")),
        (&Value::from(3), &Value::from(4 + 64))
    );
    assert!(
        field(d, "message")
            .as_str()
            .unwrap()
            .contains("nested more than 64 levels")
    );
}

#[test]
fn thousands_of_problems_in_one_file_are_listed_up_to_a_hundred_then_counted() {
    let hub = hub_from_fixture("good-hub");
    let links: Vec<String> = (0..3000).map(|i| format!("[x](#missing-{i})")).collect();
    // A page other pages link to, so the only problems are the links.
    write_page(
        hub.path(),
        "content/methods/five-up.md",
        &format!(
            "---\ntitle: Five steps\n---\n## The five steps\n\n{}\n",
            links.join(" ")
        ),
    );
    let (code, diags) = check_json(hub.path());
    assert_eq!(code, 1);
    assert_eq!(diags.len(), 101);
    assert!(
        diags[..100]
            .iter()
            .all(|d| field(d, "code") == "broken-anchor")
    );
    // Listed in column order, each at its own place on the one long line.
    assert_eq!(field(&diags[0], "column"), 1);
    assert_eq!(field(&diags[1], "column"), 1 + "[x](#missing-0) ".len());
    let last = &diags[100];
    assert_eq!(field(last, "code"), "more-problems");
    assert_eq!(field(last, "severity"), "error");
    assert_eq!(
        field(last, "message"),
        "2900 more problems in this file are not listed"
    );

    // The human summary counts every problem, and the long line is quoted
    // as a window around each link, not whole.
    let out = clusterhub(&["check", "--root", hub.path().to_str().unwrap()]);
    let text = stderr(&out);
    assert!(text.contains("3000 errors, 0 warnings in 1 file"), "{text}");
    let longest = text.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(longest < 300, "a quoted line is {longest} characters long");
}

#[test]
fn many_headings_with_one_title_get_distinct_ids_in_order() {
    let hub = hub_from_fixture("good-hub");
    let headings: String = (0..3000).map(|_| "## Same\n\n").collect();
    write_page(
        hub.path(),
        "content/methods/same.md",
        &format!("---\ntitle: Same\n---\n## Same {{#same-2}}\n\n{headings}"),
    );
    let out_dir = hub.path().join("public");
    let out = clusterhub(&[
        "build",
        "--root",
        hub.path().to_str().unwrap(),
        "--output",
        out_dir.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = std::fs::read_to_string(out_dir.join("methods/same/index.html")).unwrap();
    let ids: Vec<&str> = html
        .split("<h2 id=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    assert_eq!(ids.len(), 3001);
    // The explicit id is taken, so the generated ones skip it.
    assert_eq!(ids[..5], ["same-2", "same", "same-1", "same-3", "same-4"]);
    let distinct: std::collections::HashSet<&&str> = ids.iter().collect();
    assert_eq!(distinct.len(), ids.len());
    assert_eq!(ids[3000], "same-3000");
}
