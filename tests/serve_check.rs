//! `serve` and `check` run the same stages, so `serve` reports exactly the
//! diagnostics `check` reports: on every fixture hub, on the shipped hub,
//! and after edits (what `check` says of the edited files is what `serve`
//! says once it has rebuilt them).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use clusterhub::live::Engine;
use clusterhub::pipeline::Options;
use std::path::{Path, PathBuf};

/// What `clusterhub check --format json` reports for the hub, but the
/// warning that the hub's issue forms (`.github/ISSUE_TEMPLATE/`, not an
/// input of the site) are out of date, which `check` alone gives.
fn check(root: &Path) -> serde_json::Value {
    let out = common::clusterhub(&[
        "check",
        "--format",
        "json",
        "--root",
        root.to_str().unwrap(),
    ]);
    let all: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "check's JSON does not parse ({e}): {}{}",
            common::stdout(&out),
            common::stderr(&out)
        )
    });
    let site = all.as_array().unwrap().iter();
    let site = site.filter(|d| d["code"] != "form-out-of-date");
    serde_json::Value::Array(site.cloned().collect())
}

/// What `serve`'s engine reports, as the same JSON.
fn served(diags: &[clusterhub::diag::Diagnostic]) -> serde_json::Value {
    serde_json::to_value(diags).unwrap()
}

/// Every fixture hub (a folder of tests/fixtures holding a hub.yaml).
fn fixture_hubs() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(common::repo_root().join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("hub.yaml").is_file())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() > 8, "fixture hubs found: {names:?}");
    names
}

fn assert_same(name: &str, root: &Path, serve: &[clusterhub::diag::Diagnostic]) {
    let (check, serve) = (check(root), served(serve));
    assert_eq!(
        serve, check,
        "{name}: serve and check disagree\n--- serve\n{serve:#}\n--- check\n{check:#}"
    );
}

#[test]
fn serve_reports_what_check_reports_on_every_fixture_hub() {
    for name in fixture_hubs() {
        let dir = common::hub_from_fixture(&name);
        let (_, report) = Engine::new(dir.path(), &Options::default());
        assert_same(&name, dir.path(), &report.diags);
    }
    let dir = common::shipped_hub();
    let (_, report) = Engine::new(dir.path(), &Options::default());
    assert_same("the shipped hub", dir.path(), &report.diags);
}

fn write(root: &Path, rel: &str, text: &str) -> PathBuf {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

/// Edits that add and remove problems of each stage: a page that does not
/// parse, a broken ref, a place without coordinates on the map, a broken
/// template; after each, `serve` says what `check` says.
#[test]
fn serve_reports_what_check_reports_after_edits() {
    let dir = common::hub_from_fixture("live");
    let root = dir.path();
    let (mut engine, report) = Engine::new(root, &Options::default());
    assert_same("live", root, &report.diags);
    let edits: Vec<(&str, &str)> = vec![
        (
            "content/cities/porto.md",
            "---\ntitle: Porto\ncountry: Portugal\n---\nNo coordinates.\n",
        ),
        (
            "content/case-studies/study-9.md",
            "---\ntitle: Study 9\ndate: 2024-02-01\ncity: porto\n---\nIn Porto.\n",
        ),
        (
            "content/case-studies/study-8.md",
            "---\ntitle: Study 8\ndate: 2024-03-01\ncity: nowhere\n---\nBroken ref.\n",
        ),
        ("content/case-studies/study-7.md", "---\ntitle: \"Half writ"),
        (
            "themes/mini/templates/404.html",
            "{% extends \"base.html\" %}{% block body %}{{ 1 + }}{% endblock body %}",
        ),
        (
            "themes/mini/templates/404.html",
            "{% extends \"base.html\" %}{% block body %}Not found{% endblock body %}",
        ),
        (
            "content/case-studies/study-7.md",
            "---\ntitle: Study 7\ndate: 2024-04-01\ncity: oslo\n---\nFixed.\n",
        ),
        (
            "content/cities/porto.md",
            "---\ntitle: Porto\ncountry: Portugal\nlat: 41.15\nlon: -8.61\n---\nNow mapped.\n",
        ),
    ];
    for (rel, text) in edits {
        let path = write(root, rel, text);
        let report = engine.apply(&[path]);
        assert_same(&format!("live after writing {rel}"), root, &report.diags);
    }
    let gone = root.join("content/case-studies/study-8.md");
    std::fs::remove_file(&gone).unwrap();
    let report = engine.apply(&[gone]);
    assert_same("live after deleting study-8", root, &report.diags);
}
