//! `new --translate`: the translation a page gets to start from, and what
//! it refuses.

use super::{check_json, clusterhub};
use crate::common::{self, stderr};
use std::path::Path;

/// `check --format json` diagnostics as `code file:line:col`.
fn located(root: &Path) -> Vec<String> {
    check_json(root)
        .iter()
        .map(|d| {
            format!(
                "{} {}:{}:{}",
                d["code"].as_str().unwrap(),
                d["file"].as_str().unwrap(),
                d["line"],
                d["column"]
            )
        })
        .collect()
}

#[test]
fn translate_writes_the_translatable_fields_and_the_original_version() {
    let hub = common::hub_from_fixture("i18n-hub");
    let root = hub.path();
    let out = clusterhub(
        root,
        &["new", "--translate", "case-studies/milan-heat", "nl"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let path = "content/case-studies/milan-heat.nl.md";
    assert!(
        stderr(&out).contains(&format!("created {path}")),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("translate the title, the summary, `lessons` and the text"),
        "{}",
        stderr(&out)
    );
    let text = std::fs::read_to_string(root.join(path)).unwrap();
    // Only what a translation may write, starting as the original's words.
    let keys: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with(['#', ' ', '-']) && l.contains(':'))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(
        keys,
        ["title", "summary", "lessons", "translation_of"],
        "{text}"
    );
    assert!(text.contains("title: Cooling Milan's schools\n"), "{text}");
    assert!(
        text.contains("# Lessons\nlessons:\n  - Pupils helped to choose the trees.\n"),
        "{text}"
    );
    assert!(
        text.ends_with("---\nThe city planted trees in [Milan](@/cities/milan.md).\n"),
        "{text}"
    );
    // It checks clean: the version is the original's.
    assert_eq!(located(root), Vec::<String>::new());
    // And it follows the original: an edit of its words is reported at
    // the record the scaffold wrote.
    let line = text
        .lines()
        .position(|l| l.starts_with("translation_of:"))
        .unwrap()
        + 1;
    let original = root.join("content/case-studies/milan-heat.md");
    let was = std::fs::read_to_string(&original).unwrap();
    std::fs::write(&original, was.replace("Pupils helped", "The pupils helped")).unwrap();
    let found = located(root);
    assert!(
        found.contains(&format!("translation-stale {path}:{line}:17")),
        "{found:?}"
    );
}

#[test]
fn translate_writes_index_lang_md_in_a_page_bundle() {
    let hub = common::hub_from_fixture("i18n-hub");
    let root = hub.path();
    std::fs::create_dir_all(root.join("content/cities/oslo")).unwrap();
    std::fs::write(
        root.join("content/cities/oslo/index.md"),
        "---\ntitle: Oslo\ncountry: Norway\nlat: 59.9\nlon: 10.7\n---\nA fjord city.\n",
    )
    .unwrap();
    let out = clusterhub(
        root,
        &["new", "--translate", "content/cities/oslo/index.md", "IT"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(root.join("content/cities/oslo/index.it.md")).unwrap();
    assert!(
        text.contains("title: Oslo\n# Country\ncountry: Norway\n"),
        "{text}"
    );
    assert!(!text.contains("lat:"), "{text}");
    // No page links to Oslo yet: that is all check says.
    assert_eq!(
        located(root),
        [
            "orphan content/cities/oslo/index.it.md:1:1",
            "orphan content/cities/oslo/index.md:1:1"
        ]
    );
}

#[test]
fn translate_refuses_what_it_cannot_write_and_writes_nothing() {
    let hub = common::hub_from_fixture("i18n-hub");
    let root = hub.path();
    let files = || common::snapshot(&root.join("content"));
    let before = files();
    for (page, lang, message) in [
        (
            "case-studies/milan-hot",
            "it",
            "there is no page `case-studies/milan-hot`: no content/case-studies/milan-hot.md\nhelp: did you mean `case-studies/milan-heat`?",
        ),
        (
            "case-study/milan-heat",
            "it",
            "there is no collection `case-study` in hub.yaml; did you mean `case-studies/milan-heat`?",
        ),
        ("milan-heat", "it", "`milan-heat` does not name a page"),
        (
            "case-studies/milan-heat",
            "de",
            "unknown language `de`: not one of the hub's languages\nhelp: the hub's languages besides `en`: it (Italiano), nl (Nederlands)",
        ),
        (
            "case-studies/milan-heat",
            "en",
            "`en` is the hub's default language: its pages are the originals",
        ),
        (
            "case-studies/milan-heat",
            "it",
            "content/case-studies/milan-heat.it.md already exists; not overwriting it",
        ),
    ] {
        let out = clusterhub(root, &["new", "--translate", page, lang]);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{page} {lang}: {}",
            stderr(&out)
        );
        assert!(
            stderr(&out).contains(&format!("error: {message}")),
            "{page} {lang}: {}",
            stderr(&out)
        );
    }
    assert_eq!(files(), before, "nothing is written");
    // A hub with one language knows no translations.
    let one = common::hub_from_fixture("good-hub");
    let out = clusterhub(one.path(), &["new", "--translate", "cities/belfast", "ga"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("hub.yaml declares no languages besides `en`"),
        "{}",
        stderr(&out)
    );
    // `--translate` is not mixed with a new page's arguments.
    let out = clusterhub(
        root,
        &[
            "new",
            "cities",
            "Paris",
            "--translate",
            "cities/milan",
            "nl",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}
