//! `serve` and `check` run the same stages, so `serve` reports exactly the
//! diagnostics `check` reports: on every fixture hub, on the shipped hub,
//! and after edits (what `check` says of the edited files is what `serve`
//! says once it has rebuilt them), the committed issue forms and the
//! theme's shortcodes included.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use clusterhub::live::Engine;
use clusterhub::pipeline::Options;
use std::path::{Path, PathBuf};

/// What `clusterhub check --format json` reports for the hub.
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
    assert!(all.is_array(), "{all:#}");
    all
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

/// `serve` reuses the checks of refs and links of the pages an edit
/// leaves alone: what they found must still be what `check` finds when
/// the pages they name lose a heading, go, come back, turn draft, or when
/// a new page is what a broken ref named.
#[test]
fn serve_reports_what_check_reports_when_the_pages_links_name_change() {
    let dir = common::hub_from_fixture("live");
    let root = dir.path();
    let study = |n: u32, city: &str, body: &str| {
        format!("---\ntitle: Study {n}\ndate: 2024-0{n}-01\ncity: {city}\n---\n{body}\n")
    };
    let (mut engine, report) = Engine::new(root, &Options::default());
    assert_same("live", root, &report.diags);
    let lisbon = "content/cities/lisbon.md";
    let lisbon_text = std::fs::read_to_string(root.join(lisbon)).unwrap();
    let edits: Vec<(&str, Option<String>)> = vec![
        // Study 5 links to a heading of study 1 (which has it), study 6
        // refers to a city no page is yet.
        (
            "content/case-studies/study-5.md",
            Some(study(
                5,
                "lisbon",
                "See [results](@/case-studies/study-1.md#results).",
            )),
        ),
        (
            "content/case-studies/study-6.md",
            Some(study(6, "faro", "In Faro.")),
        ),
        // Study 1 loses the heading study 5 links to, then gets it back.
        (
            "content/case-studies/study-1.md",
            Some(study(1, "lisbon", "No headings now.")),
        ),
        (
            "content/case-studies/study-1.md",
            Some(study(1, "lisbon", "## Results\n\nBack.")),
        ),
        // The city study 6 names comes into being.
        (
            "content/cities/faro.md",
            Some("---\ntitle: Faro\ncountry: Portugal\n---\nAbout Faro.\n".into()),
        ),
        // The city studies refer to is deleted, then comes back, then is a
        // draft, then is published again.
        (lisbon, None),
        (lisbon, Some(lisbon_text.clone())),
        (
            lisbon,
            Some(lisbon_text.replace("country:", "draft: true\ncountry:")),
        ),
        (lisbon, Some(lisbon_text)),
        // The page study 5 links to is deleted.
        ("content/case-studies/study-1.md", None),
    ];
    for (rel, text) in edits {
        let path = root.join(rel);
        let what = match &text {
            Some(text) => {
                write(root, rel, text);
                format!("live after writing {rel}")
            }
            None => {
                std::fs::remove_file(&path).unwrap();
                format!("live after deleting {rel}")
            }
        };
        let report = engine.apply(&[path]);
        assert_same(&what, root, &report.diags);
    }
}

/// An original's words edited (a body edit, which `serve` puts into the
/// site in place) make its translation stale in `serve` as in `check`;
/// the translation's record brought up to date clears it.
#[test]
fn serve_reports_a_stale_translation_as_check_does() {
    let dir = common::hub_from_fixture("i18n-hub");
    let root = dir.path();
    let (mut engine, report) = Engine::new(root, &Options::default());
    assert_same("i18n-hub", root, &report.diags);
    let original = "content/case-studies/milan-heat.md";
    let text = std::fs::read_to_string(root.join(original)).unwrap();
    let path = write(
        root,
        original,
        &text.replace("planted trees", "planted 200 trees"),
    );
    let report = engine.apply(&[path]);
    assert_eq!(codes(&report.diags), ["translation-stale"]);
    assert_same("i18n-hub after editing an original", root, &report.diags);
    let hint = report.diags[0].hint.clone().unwrap();
    let version = hint.split('"').nth(1).unwrap();
    let translation = "content/case-studies/milan-heat.it.md";
    let text = std::fs::read_to_string(root.join(translation)).unwrap();
    let path = write(root, translation, &text.replace("e914e666aa", version));
    let report = engine.apply(&[path]);
    assert_same(
        "i18n-hub after updating the translation",
        root,
        &report.diags,
    );
    assert!(report.diags.is_empty(), "{:?}", report.diags);
}

fn codes(diags: &[clusterhub::diag::Diagnostic]) -> Vec<&str> {
    diags.iter().map(|d| d.code).collect()
}

/// The committed issue forms: missing, out of date with hub.yaml, written
/// as `clusterhub forms` writes them; `serve` notices each change of the
/// files and says what `check` says.
#[test]
fn serve_reports_the_issue_forms_check_reports() {
    let dir = common::hub_from_fixture("forms-hub");
    let root = dir.path();
    let (mut engine, report) = Engine::new(root, &Options::default());
    assert!(
        codes(&report.diags).contains(&"form-out-of-date"),
        "{:?}",
        report.diags
    );
    assert_same("forms-hub, no forms", root, &report.diags);

    let out = common::clusterhub(&["forms", "--root", root.to_str().unwrap()]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let form = root.join(".github/ISSUE_TEMPLATE/reports.yml");
    let report = engine.apply(std::slice::from_ref(&form));
    assert!(
        !codes(&report.diags).contains(&"form-out-of-date"),
        "{:?}",
        report.diags
    );
    assert_same("forms-hub, forms written", root, &report.diags);

    let text = std::fs::read_to_string(&form).unwrap();
    std::fs::write(&form, text.replace("Research study", "Study")).unwrap();
    let report = engine.apply(std::slice::from_ref(&form));
    let stale: Vec<_> = report
        .diags
        .iter()
        .filter(|d| d.code == "form-out-of-date")
        .collect();
    assert_eq!(stale.len(), 1, "{:?}", report.diags);
    assert!(
        stale[0].line > 1,
        "at the line that differs: {:?}",
        stale[0]
    );
    assert_same("forms-hub, a form edited", root, &report.diags);
}

/// The first page of the shipped `methods` collection, with a callout
/// shortcode at the end of its text; returns its output path.
fn page_with_callout(root: &Path) -> (PathBuf, String) {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(root.join("content/methods"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .collect();
    pages.sort();
    let page = pages.remove(0);
    let text = std::fs::read_to_string(&page).unwrap();
    let call =
        "\n\n{% callout(kind=\"tip\", title=\"Try it\") %}\nA tip in **Markdown**.\n{% end %}\n";
    std::fs::write(&page, format!("{text}{call}")).unwrap();
    let slug = page.file_stem().unwrap().to_string_lossy().into_owned();
    (page, format!("methods/{slug}/index.html"))
}

/// Editing a shortcode's template in `serve` re-renders the pages that
/// call it, as a full build renders them; a change that makes a call
/// wrong is reported as `check` reports it, and fixing it clears it.
#[test]
fn editing_a_shortcode_re_renders_the_pages_that_call_it() {
    let dir = common::shipped_hub();
    let root = dir.path();
    let (_, output) = page_with_callout(root);
    let (mut engine, report) = Engine::new(root, &Options::default());
    assert!(report.published, "{:?}", report.diags);
    let page =
        |engine: &Engine| String::from_utf8(engine.current_outputs()[&output].clone()).unwrap();
    assert!(
        page(&engine).contains("sc-callout__title"),
        "the callout is on the page"
    );

    let template = root.join("themes/cluster/templates/shortcodes/callout.html");
    let original = std::fs::read_to_string(&template).unwrap();
    std::fs::write(
        &template,
        original.replace("sc-callout__title", "sc-callout__heading"),
    )
    .unwrap();
    let report = engine.apply(std::slice::from_ref(&template));
    assert!(report.published, "{:?}", report.diags);
    assert!(
        report.rerendered.contains(&output),
        "{:?}",
        report.rerendered
    );
    assert!(
        page(&engine).contains("sc-callout__heading"),
        "{}",
        page(&engine)
    );
    let full = clusterhub::pipeline::run(root, &Options::default());
    let built = full.outputs.iter().find(|o| o.path == output).unwrap();
    assert_eq!(
        page(&engine).as_bytes(),
        &built.bytes[..],
        "serve renders what build renders"
    );
    assert_same("shipped hub, callout edited", root, &report.diags);

    // `tip` is no longer a kind the callout takes: the call is wrong.
    std::fs::write(
        &template,
        original.replace("\"warning\", \"tip\"]", "\"warning\"]"),
    )
    .unwrap();
    let report = engine.apply(std::slice::from_ref(&template));
    assert!(report.has_errors(), "the call's kind is refused");
    assert_same("shipped hub, callout without tip", root, &report.diags);

    std::fs::write(&template, &original).unwrap();
    let report = engine.apply(std::slice::from_ref(&template));
    assert!(report.published, "{:?}", report.diags);
    assert!(page(&engine).contains("sc-callout__title"));
    assert_same("shipped hub, callout as shipped", root, &report.diags);
}
