//! What `check` says of the languages in hub.yaml and of translations
//! beside their originals: each mistake at its file, line and column.

use super::{check, edit, located, write};
use crate::common::{clusterhub, hub_from_fixture, stderr};

#[test]
fn the_fixture_with_translations_checks_clean() {
    let hub = hub_from_fixture("i18n-hub");
    let (code, diags) = check(hub.path());
    assert_eq!(code, Some(0), "{diags:#?}");
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn languages_in_hub_yaml_are_checked_where_they_are_written() {
    let hub = hub_from_fixture("i18n-hub");
    edit(
        hub.path(),
        "hub.yaml",
        "  nl: Nederlands\n",
        "  nl: Nederlands\n  xx: Foo\n  es: [a]\n  pt-BRR: Português\n",
    );
    let (code, diags) = check(hub.path());
    assert_eq!(code, Some(1));
    assert_eq!(
        located(&diags),
        [
            "bad-language hub.yaml:9:3",
            "bad-language hub.yaml:10:3",
            "bad-language hub.yaml:11:3"
        ],
        "{diags:#?}"
    );
    let messages: Vec<&str> = diags
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        messages[0].contains("`xx` is not an ISO 639-1 language code"),
        "{messages:?}"
    );
    assert!(messages[1].contains("needs its name"), "{messages:?}");
    assert!(
        messages[2].contains("`BRR` is not a region"),
        "{messages:?}"
    );
}

#[test]
fn languages_must_name_the_default_language() {
    let hub = hub_from_fixture("i18n-hub");
    edit(hub.path(), "hub.yaml", "  en: English\n", "");
    let (code, diags) = check(hub.path());
    assert_eq!(code, Some(1));
    assert_eq!(located(&diags), ["bad-language hub.yaml:5:1"], "{diags:#?}");
    assert!(
        diags[0]["hint"]
            .as_str()
            .unwrap()
            .contains("`en: <its name>`")
    );
}

#[test]
fn a_translation_may_not_change_what_comes_from_the_original() {
    let hub = hub_from_fixture("i18n-hub");
    edit(
        hub.path(),
        "content/case-studies/milan-heat.it.md",
        "summary:",
        "city: rotterdam\nstatus: planned\nbudget: 5\ndomains: [mobility]\ndate: 2020-01-01\nsummary:",
    );
    let (code, diags) = check(hub.path());
    assert_eq!(code, Some(1));
    let file = "content/case-studies/milan-heat.it.md";
    assert_eq!(
        located(&diags),
        [3, 4, 5, 6, 7].map(|line| format!("not-translatable {file}:{line}:1")),
        "{diags:#?}"
    );
    let hint = diags[0]["hint"].as_str().unwrap();
    assert!(
        hint.contains("may write: title, summary, lessons"),
        "{hint}"
    );
}

#[test]
fn a_translation_needs_an_original_and_a_language_of_the_hub() {
    let hub = hub_from_fixture("i18n-hub");
    let page = "---\ntitle: Parigi\ncountry: Francia\n---\nUna città.\n";
    write(hub.path(), "content/cities/paris.it.md", page);
    write(hub.path(), "content/cities/milan.de.md", page);
    write(hub.path(), "content/cities/rotterdam.en.md", page);
    let (code, diags) = check(hub.path());
    assert_eq!(code, Some(1));
    assert_eq!(
        located(&diags),
        [
            "unknown-language content/cities/milan.de.md:1:1",
            "translation-without-original content/cities/paris.it.md:1:1",
            "unknown-language content/cities/rotterdam.en.md:1:1",
        ],
        "{diags:#?}"
    );
    assert!(diags[0]["hint"].as_str().unwrap().contains("it, nl"));
    assert!(
        diags[1]["message"]
            .as_str()
            .unwrap()
            .contains("no content/cities/paris.md")
    );
    assert!(
        diags[2]["hint"]
            .as_str()
            .unwrap()
            .contains("`rotterdam.md`")
    );
}

#[test]
fn a_translation_of_a_page_that_does_not_parse_is_not_a_second_error() {
    let hub = hub_from_fixture("i18n-hub");
    edit(
        hub.path(),
        "content/cities/milan.md",
        "title: Milan\n",
        "title: [Milan\n",
    );
    let (_, diags) = check(hub.path());
    let files: Vec<&str> = diags.iter().map(|d| d["file"].as_str().unwrap()).collect();
    assert!(
        files.iter().all(|f| *f == "content/cities/milan.md"),
        "{diags:#?}"
    );
}

#[test]
fn a_one_language_hub_does_not_know_translations() {
    let hub = hub_from_fixture("good-hub");
    write(
        hub.path(),
        "content/cities/belfast.ga.md",
        "---\ntitle: Béal Feirste\n---\n",
    );
    let out = clusterhub(&["check", "--root", hub.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("unknown language `ga`: hub.yaml declares no languages besides `en`"),
        "{err}"
    );
}
