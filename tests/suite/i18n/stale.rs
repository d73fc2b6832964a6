//! Translations that fall behind their originals: the `translation_of`
//! record, the stale warning and notice, and how far each language is
//! translated.

use super::{build, build_allowing_warnings, check, edit, located, text};
use crate::common::{clusterhub, hub_from_fixture, stderr};
use serde_json::Value;
use std::path::Path;

/// The value a `translation-stale` or `translation-unversioned` hint asks
/// to write: `translation_of: "…"`.
fn record_in_hint(diag: &Value) -> String {
    let hint = diag["hint"].as_str().unwrap();
    let start = hint.find("translation_of: \"").unwrap();
    let end = hint[start + 17..].find('"').unwrap() + start + 18;
    hint[start..end].to_string()
}

#[test]
fn editing_an_original_makes_its_translation_stale_at_the_record_line() {
    let hub = hub_from_fixture("i18n-hub");
    let it = "content/case-studies/milan-heat.it.md";
    edit(
        hub.path(),
        "content/case-studies/milan-heat.md",
        "The city planted trees",
        "The city planted 200 trees",
    );
    let (code, diags) = check(hub.path());
    assert_eq!(code, Some(0), "a warning, not an error: {diags:#?}");
    // Line 6 is `translation_of: "…"`; column 17 its value.
    assert_eq!(
        located(&diags),
        [format!("translation-stale {it}:6:17")],
        "{diags:#?}"
    );
    let message = diags[0]["message"].as_str().unwrap();
    assert!(
        message.contains("the English original (content/case-studies/milan-heat.md) has changed since this translation was made (the original is dated 2024-05-02)"),
        "{message}"
    );
    // The hint names the version to write; written, the warning goes.
    let record = record_in_hint(&diags[0]);
    assert_ne!(record, "translation_of: \"e914e666aa\"");
    edit(hub.path(), it, "translation_of: \"e914e666aa\"", &record);
    let (code, diags) = check(hub.path());
    assert_eq!((code, diags.len()), (Some(0), 0), "{diags:#?}");
    // `build` warns too.
    edit(
        hub.path(),
        "content/case-studies/milan-heat.md",
        "200 trees",
        "300 trees",
    );
    let out = clusterhub(&["build", "--root", hub.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("warning[translation-stale]") && stderr(&out).contains(it),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_original_changed_outside_its_words_leaves_translations_current() {
    let hub = hub_from_fixture("i18n-hub");
    // What a translation takes from the original: refs, dates, numbers,
    // enums; and spaces at line ends.
    edit(
        hub.path(),
        "content/case-studies/milan-heat.md",
        "budget: 120000\n",
        "budget: 150000\nupdated: 2025-01-10\n",
    );
    edit(
        hub.path(),
        "content/case-studies/milan-heat.md",
        "status: ongoing",
        "status: completed",
    );
    edit(
        hub.path(),
        "content/cities/milan.md",
        "Lombardy.",
        "Lombardy.   \n\n",
    );
    let (code, diags) = check(hub.path());
    assert_eq!((code, diags.len()), (Some(0), 0), "{diags:#?}");
}

#[test]
fn a_translation_without_a_record_is_a_warning_saying_what_to_add() {
    let hub = hub_from_fixture("i18n-hub");
    let nl = "content/case-studies/rotterdam-bikes.nl.md";
    edit(hub.path(), nl, "translation_of: \"b1e0432d89\"\n", "");
    edit(
        hub.path(),
        "content/cities/rotterdam.md",
        "title: Rotterdam\n",
        "title: Rotterdam\ntranslation_of: \"b1e0432d89\"\n",
    );
    let (code, diags) = check(hub.path());
    assert_eq!(code, Some(1));
    assert_eq!(
        located(&diags),
        [
            format!("translation-unversioned {nl}:4:1"),
            "not-a-translation content/cities/rotterdam.md:3:1".to_string(),
        ],
        "{diags:#?}"
    );
    assert_eq!(record_in_hint(&diags[0]), "translation_of: \"b1e0432d89\"");
}

#[test]
fn a_stale_translation_shows_a_notice_with_the_original_date_and_a_link() {
    let hub = hub_from_fixture("i18n-hub");
    std::fs::remove_dir_all(hub.path().join("themes")).unwrap();
    edit(hub.path(), "hub.yaml", "theme: mini", "theme: cluster");
    let site = build(hub.path());
    let page = "it/case-studies/milan-heat/index.html";
    assert!(!text(&site, page).contains("notice--stale"));
    edit(
        hub.path(),
        "content/case-studies/milan-heat.md",
        "summary: Shade and trees in school yards.\n",
        "summary: Shade, trees and fountains in school yards.\nupdated: 2026-11-30\n",
    );
    let site = build_allowing_warnings(hub.path());
    let it = text(&site, page);
    assert!(
        it.contains("<p class=\"notice notice--stale\" data-pagefind-ignore>Questa traduzione potrebbe non essere aggiornata: l&#39;originale è stato modificato dopo la traduzione (ultimo aggiornamento dell&#39;originale: 2026-11-30).\n  <a href=\"/hub/case-studies/milan-heat/\" hreflang=\"en\">Leggi l&#39;originale (English)</a></p>"),
        "{it}"
    );
    // Only the stale translation says so.
    assert!(!text(&site, "case-studies/milan-heat/index.html").contains("notice--stale"));
    assert!(!text(&site, "it/cities/milan/index.html").contains("notice--stale"));
    assert!(!text(&site, "nl/case-studies/milan-heat/index.html").contains("notice--stale"));
}

#[test]
fn check_says_how_far_each_language_is_translated() {
    let hub = hub_from_fixture("i18n-hub");
    let human = |root: &Path| stderr(&clusterhub(&["check", "--root", root.to_str().unwrap()]));
    let err = human(hub.path());
    assert!(
        err.ends_with(
            "languages: it 2 of 4 pages translated, nl 1 of 4\nchecked 4 pages: no problems\n"
        ),
        "{err}"
    );
    edit(
        hub.path(),
        "content/case-studies/milan-heat.md",
        "planted trees",
        "planted 200 trees",
    );
    edit(
        hub.path(),
        "content/cities/milan.it.md",
        "translation_of: \"0db5c7e9d7\"\n",
        "",
    );
    let err = human(hub.path());
    assert!(
        err.contains(
            "\nlanguages: it 2 of 4 pages translated (1 stale, 1 unversioned), nl 1 of 4\n"
        ),
        "{err}"
    );
    // A hub in one language has no such line.
    let one = hub_from_fixture("good-hub");
    assert!(!human(one.path()).contains("languages:"));
}
