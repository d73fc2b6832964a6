//! A multilingual hub (issue 18), through the binary: languages in
//! hub.yaml, translations beside their originals (`slug.<lang>.md`), what
//! a translation may change, and every mistake at its file, line and
//! column.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{clusterhub, hub_from_fixture, stderr};
use serde_json::Value;
use std::path::Path;

/// `check --format json` on the hub: (exit code, diagnostics).
fn check(root: &Path) -> (Option<i32>, Vec<Value>) {
    let out = clusterhub(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let diags: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code(), diags.as_array().unwrap().clone())
}

/// Each diagnostic as `code file:line:col`.
fn located(diags: &[Value]) -> Vec<String> {
    diags
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

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn edit(root: &Path, path: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(root.join(path)).unwrap();
    assert!(text.contains(from), "{path} has no {from:?}");
    write(root, path, &text.replacen(from, to, 1));
}

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

/// Builds the hub into `public/`: its files by path.
fn build(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let out = clusterhub(&["build", "--root", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    common::snapshot(&root.join("public"))
}

fn text(site: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        site.get(path)
            .unwrap_or_else(|| panic!("no {path}"))
            .clone(),
    )
    .unwrap()
}

/// The `hreflang` alternates of a page: (language, address).
fn hreflang(html: &str) -> Vec<(String, String)> {
    html.lines()
        .filter_map(|l| l.strip_prefix("<link rel=\"alternate\" hreflang=\""))
        .map(|rest| {
            let (lang, rest) = rest.split_once("\" href=\"").unwrap();
            (lang.to_string(), rest.trim_end_matches("\">").to_string())
        })
        .collect()
}

#[test]
fn the_built_fixture_equals_its_golden_output() {
    let hub = hub_from_fixture("i18n-hub");
    let actual = build(hub.path());
    common::assert_golden(&actual, "i18n-hub-expected");
}

#[test]
fn each_language_has_its_folder_and_the_html_says_its_language() {
    let hub = hub_from_fixture("i18n-hub");
    let site = build(hub.path());
    assert!(text(&site, "case-studies/milan-heat/index.html").contains("<html lang=\"en\">"));
    let it = text(&site, "it/case-studies/milan-heat/index.html");
    assert!(it.contains("<html lang=\"it\">"), "{it}");
    assert!(
        it.contains("<h1>Raffrescare le scuole di Milano</h1>"),
        "{it}"
    );
    // A translation's links lead to the pages in its language.
    assert!(
        it.contains("<a href=\"/hub/it/cities/milan/\">Milano</a>"),
        "{it}"
    );
    assert!(text(&site, "nl/index.html").contains("<html lang=\"nl\">"));
    // The crawl covers every language's folder.
    let broken = common::broken_internal_links(&hub.path().join("public"), "/hub/");
    assert!(broken.is_empty(), "{broken:?}");
}

#[test]
fn hreflang_names_every_translation_both_ways_and_x_default() {
    let hub = hub_from_fixture("i18n-hub");
    let site = build(hub.path());
    let both = [
        ("en", "https://example.org/hub/case-studies/milan-heat/"),
        ("it", "https://example.org/hub/it/case-studies/milan-heat/"),
        (
            "x-default",
            "https://example.org/hub/case-studies/milan-heat/",
        ),
    ]
    .map(|(l, u)| (l.to_string(), u.to_string()));
    for path in [
        "case-studies/milan-heat/index.html",
        "it/case-studies/milan-heat/index.html",
    ] {
        assert_eq!(hreflang(&text(&site, path)), both, "{path}");
    }
    // Not translated into Italian: no Italian alternate, and the Italian
    // address shows the original with a label.
    let bikes = hreflang(&text(&site, "case-studies/rotterdam-bikes/index.html"));
    let langs: Vec<&str> = bikes.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(langs, ["en", "nl", "x-default"]);
    let fallback = text(&site, "it/case-studies/rotterdam-bikes/index.html");
    assert!(
        fallback.contains("<p class=\"untranslated\">English</p>\n<article lang=\"en\">"),
        "{fallback}"
    );
    // Listings exist in every language.
    let list = hreflang(&text(&site, "nl/cities/index.html"));
    assert_eq!(list.len(), 4, "{list:?}");
}

#[test]
fn the_switcher_offers_only_existing_translations() {
    let hub = hub_from_fixture("i18n-hub");
    let site = build(hub.path());
    let nav = |path: &str| {
        let html = text(&site, path);
        let start = html
            .find("<nav class=\"languages\">")
            .unwrap_or_else(|| panic!("{html}"));
        let end = html[start..].find("</nav>").unwrap() + start;
        html[start..end].to_string()
    };
    let en = nav("case-studies/milan-heat/index.html");
    assert!(
        en.contains("<span aria-current=\"true\" lang=\"en\">English</span>"),
        "{en}"
    );
    assert!(
        en.contains(
            "<a href=\"/hub/it/case-studies/milan-heat/\" hreflang=\"it\" lang=\"it\">Italiano</a>"
        ),
        "{en}"
    );
    assert!(!en.contains("Nederlands"), "{en}");
    // A page with no translation has no switcher at all.
    assert!(!text(&site, "cities/rotterdam/index.html").contains("<nav class=\"languages\">"));
}

#[test]
fn listings_feeds_and_exports_are_per_language_with_untranslated_pages_labelled() {
    let hub = hub_from_fixture("i18n-hub");
    let site = build(hub.path());
    let list = text(&site, "it/case-studies/index.html");
    assert!(
        list.contains(
            "<a href=\"/hub/it/case-studies/milan-heat/\">Raffrescare le scuole di Milano</a></li>"
        ),
        "{list}"
    );
    assert!(list.contains("<a href=\"/hub/it/case-studies/rotterdam-bikes/\">Bikes in Rotterdam</a> <small>(English)</small>"), "{list}");
    let feed = text(&site, "it/case-studies/atom.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .filter_map(|e| {
            e.children()
                .find(|c| c.has_tag_name("title"))
                .and_then(|t| t.text())
        })
        .collect();
    assert_eq!(
        titles,
        ["Raffrescare le scuole di Milano", "Bikes in Rotterdam"]
    );
    assert!(feed.contains("xml:lang=\"it\""));
    assert!(feed.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/hub/it/case-studies/atom.xml\"/>"));
    let json: Value = serde_json::from_slice(&site["it/api/case-studies.json"]).unwrap();
    let text = json.to_string();
    assert!(text.contains("Raffrescare le scuole di Milano"), "{text}");
    // What a translation may not change is the original's.
    assert!(text.contains("120000"), "{text}");
    // The default language's outputs hold no translation.
    let en = String::from_utf8_lossy(&site["api/case-studies.json"]).into_owned();
    assert!(!en.contains("Raffrescare"));
    assert!(!site.contains_key("it/sitemap.xml") && !site.contains_key("it/robots.txt"));
}

#[test]
fn the_sitemap_names_each_version_with_its_alternates() {
    let hub = hub_from_fixture("i18n-hub");
    let site = build(hub.path());
    let xml = text(&site, "sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let xhtml = "http://www.w3.org/1999/xhtml";
    let urls: Vec<(String, Vec<(String, String)>)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .map(|u| {
            let loc = u
                .children()
                .find(|c| c.has_tag_name("loc"))
                .unwrap()
                .text()
                .unwrap();
            let links = u
                .children()
                .filter(|c| c.has_tag_name((xhtml, "link")))
                .map(|l| {
                    (
                        l.attribute("hreflang").unwrap().to_string(),
                        l.attribute("href").unwrap().to_string(),
                    )
                })
                .collect();
            (loc.to_string(), links)
        })
        .collect();
    let of = |loc: &str| {
        urls.iter()
            .find(|(l, _)| l == loc)
            .map(|(_, links)| links.clone())
            .unwrap_or_else(|| panic!("{loc} not in the sitemap"))
    };
    let milan = of("https://example.org/hub/case-studies/milan-heat/");
    assert_eq!(
        milan,
        of("https://example.org/hub/it/case-studies/milan-heat/")
    );
    let langs: Vec<&str> = milan.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(langs, ["en", "it", "x-default"]);
    // An untranslated page's fallback is not a version of it.
    assert!(
        !urls
            .iter()
            .any(|(l, _)| l == "https://example.org/hub/nl/case-studies/milan-heat/")
    );
    assert_eq!(of("https://example.org/hub/nl/").len(), 4);
}

#[test]
fn the_shipped_theme_shows_translations_without_warnings() {
    let hub = hub_from_fixture("i18n-hub");
    std::fs::remove_dir_all(hub.path().join("themes")).unwrap();
    edit(hub.path(), "hub.yaml", "theme: mini", "theme: cluster");
    let site = build(hub.path());
    let it = text(&site, "it/case-studies/milan-heat/index.html");
    assert!(it.contains("<html lang=\"it\">"));
    assert!(it.contains("<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org/hub/case-studies/milan-heat/\">"), "{it}");
    assert!(
        it.contains("<nav class=\"languages wrap\" aria-label=\"Lingua\">"),
        "{it}"
    );
    let fallback = text(&site, "nl/case-studies/milan-heat/index.html");
    assert!(
        fallback.contains(
            "<link rel=\"canonical\" href=\"https://example.org/hub/case-studies/milan-heat/\">"
        ),
        "{fallback}"
    );
    assert!(fallback.contains("notice--untranslated"), "{fallback}");
    let broken = common::broken_internal_links(&hub.path().join("public"), "/hub/");
    assert!(broken.is_empty(), "{broken:?}");
}

#[test]
fn theme_strings_come_in_the_page_language_with_plural_forms() {
    let hub = hub_from_fixture("i18n-hub");
    let site = build(hub.path());
    let en = text(&site, "index.html");
    assert!(en.contains("<p>Languages</p>"), "{en}");
    assert!(
        en.contains("<li>Cities: 2 pages</li>") && en.contains("<li>1 page</li>"),
        "{en}"
    );
    let it = text(&site, "it/index.html");
    assert!(it.contains("<p>Lingue</p>"), "{it}");
    assert!(
        it.contains("<li>Cities: 2 pagine</li>") && it.contains("<li>1 pagina</li>"),
        "{it}"
    );
    let nl = text(&site, "nl/index.html");
    assert!(nl.contains("<li>Cities: 2 pagina&#39;s</li>"), "{nl}");
}

#[test]
fn a_missing_theme_string_is_a_warning_at_the_template_line() {
    let hub = hub_from_fixture("i18n-hub");
    edit(
        hub.path(),
        "themes/mini/i18n/nl.ftl",
        "languages = Talen\n",
        "",
    );
    let (code, diags) = check(hub.path());
    assert_eq!(code, Some(0));
    assert_eq!(
        located(&diags),
        ["missing-string themes/mini/templates/index.html:3:14"],
        "{diags:#?}"
    );
    assert!(
        diags[0]["message"]
            .as_str()
            .unwrap()
            .contains("not in themes/mini/i18n/nl.ftl: the English text is shown")
    );
    // The Dutch page shows the English words meanwhile.
    let site = build_allowing_warnings(hub.path());
    assert!(text(&site, "nl/index.html").contains("<p>Languages</p>"));
}

fn build_allowing_warnings(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let out = clusterhub(&["build", "--root", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    common::snapshot(&root.join("public"))
}

#[test]
fn the_shipped_theme_speaks_five_languages_besides_english() {
    let hub = hub_from_fixture("i18n-hub");
    std::fs::remove_dir_all(hub.path().join("themes")).unwrap();
    edit(hub.path(), "hub.yaml", "theme: mini", "theme: cluster");
    edit(
        hub.path(),
        "hub.yaml",
        "  nl: Nederlands\n",
        "  nl: Nederlands\n  es: Español\n  pt: Português\n  de: Deutsch\n",
    );
    let site = build(hub.path());
    for (lang, skip) in [
        ("", "Skip to main content"),
        ("it/", "Vai al contenuto principale"),
        ("nl/", "Direct naar de hoofdinhoud"),
        ("es/", "Saltar al contenido principal"),
        ("pt/", "Saltar para o conteúdo principal"),
        ("de/", "Zum Hauptinhalt springen"),
    ] {
        let home = text(&site, &format!("{lang}index.html"));
        assert!(
            home.contains(&format!("<a class=\"skip-link\" href=\"#main\">{skip}</a>")),
            "{lang}: {home}"
        );
    }
    // One term in each of the fixture's taxonomy: the plural form of two.
    assert!(text(&site, "de/index.html").contains("2 Begriffe"));
}

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

#[test]
fn the_listing_narrowing_words_come_in_the_page_language() {
    let hub = hub_from_fixture("i18n-hub");
    std::fs::remove_dir_all(hub.path().join("themes")).unwrap();
    edit(hub.path(), "hub.yaml", "theme: mini", "theme: cluster");
    let site = build(hub.path());
    let en = text(&site, "case-studies/index.html");
    assert!(en.contains("data-show-all=\"Show all\""), "{en}");
    assert!(
        en.contains("&quot;1 case study matches.&quot;")
            && en.contains("\"2\": &quot;2 case studies match.&quot;"),
        "{en}"
    );
    let it = text(&site, "it/case-studies/index.html");
    assert!(
        it.contains("<summary class=\"narrow__toggle\">Filtra per "),
        "{it}"
    );
    assert!(
        it.contains("data-show-all=\"Mostra tutto\" data-show-more=\"Mostra altri\""),
        "{it}"
    );
    assert!(
        it.contains("data-none=\"Nessun risultato ha tutti i valori scelti.\" data-showing=\"Sono mostrati i primi {shown}.\""),
        "{it}"
    );
    // Each sample count in its plural form, for narrow.js to pick from.
    assert!(
        it.contains("\"1\": &quot;1 risultato.&quot;, \"2\": &quot;2 risultati.&quot;"),
        "{it}"
    );
}

/// A translated page bundle's links to the documents beside its original
/// lead to the one published copy of each, at the hub's own path (as its
/// images do), while its links to pages stay in its language.
#[test]
fn a_translations_links_to_files_beside_its_original_lead_to_the_published_file() {
    let hub = hub_from_fixture("i18n-hub");
    let root = hub.path();
    write(
        root,
        "content/case-studies/milan-plan/index.md",
        "---\ntitle: Milan's heat plan\nsummary: The plan.\ndate: 2024-06-01\ncity: milan\n---\nRead [the plan](plan.pdf) of [Milan](@/cities/milan.md).\n",
    );
    write(
        root,
        "content/case-studies/milan-plan/index.it.md",
        "---\ntitle: Il piano di Milano\nsummary: Il piano.\n---\nLeggi [il piano](plan.pdf) di [Milano](@/cities/milan.md).\n",
    );
    write(
        root,
        "content/case-studies/milan-plan/plan.pdf",
        "%PDF-1.4 plan",
    );
    let site = build_allowing_warnings(root);
    assert!(site.contains_key("case-studies/milan-plan/plan.pdf"));
    assert!(!site.contains_key("it/case-studies/milan-plan/plan.pdf"));
    let italian = text(&site, "it/case-studies/milan-plan/index.html");
    let links = common::links(&italian);
    assert!(
        links.contains(&"/hub/case-studies/milan-plan/plan.pdf".to_string()),
        "{links:?}"
    );
    assert!(
        links.contains(&"/hub/it/cities/milan/".to_string()),
        "{links:?}"
    );
    assert!(
        !links
            .iter()
            .any(|l| l.starts_with("/hub/it/") && l.ends_with(".pdf"))
    );
    let english = text(&site, "case-studies/milan-plan/index.html");
    assert!(common::links(&english).contains(&"/hub/case-studies/milan-plan/plan.pdf".to_string()));
}

/// The i18n fixture at `hub` built with the shipped theme.
fn build_with_the_shipped_theme(hub: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::remove_dir_all(hub.join("themes")).unwrap();
    edit(hub, "hub.yaml", "theme: mini", "theme: cluster");
    build(hub)
}

/// The phrases of a Fluent file's messages: the text between its
/// placeables (`{ $count }`) and variant keys, by message.
fn phrases(ftl: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in ftl.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (key, text) = match line.split_once(" = ") {
            Some((k, t)) if !line.starts_with(' ') => (k.to_string(), t),
            _ => match out.last() {
                Some((k, _)) => (k.clone(), line),
                None => continue,
            },
        };
        // A variant's key (`[one]`, `*[other]`) and the end of a
        // selector (`}`) are not text.
        let text = text
            .trim()
            .trim_start_matches('}')
            .trim()
            .trim_start_matches('*');
        let text = match text.strip_prefix('[') {
            Some(rest) => rest.split_once(']').map_or("", |(_, t)| t),
            None => text,
        };
        let mut rest = text;
        while !rest.is_empty() {
            let (before, after) = rest.split_once('{').unwrap_or((rest, ""));
            out.push((key.clone(), before.trim().to_string()));
            rest = after.split_once('}').map_or("", |(_, a)| a);
        }
    }
    out
}

/// The text a reader meets in a page: its text between tags and the
/// words of its attributes (aria-label, title, placeholder, alt, content,
/// data-), unescaped, one piece a line.
fn readable(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        out.push('\n');
        let end = rest[start..]
            .find('>')
            .map_or(rest.len(), |e| start + e + 1);
        let tag = &rest[start..end];
        if tag.starts_with("<script") {
            rest = rest[end..]
                .find("</script>")
                .map_or("", |e| &rest[end + e..]);
            continue;
        }
        for attr in tag.split(['"', '\'']).skip(1).step_by(2) {
            out.push_str(attr);
            out.push('\n');
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[test]
fn no_english_phrase_of_the_theme_is_left_in_the_italian_pages() {
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/cluster/i18n");
    let en = std::fs::read_to_string(theme.join("en.ftl")).unwrap();
    let it = std::fs::read_to_string(theme.join("it.ftl")).unwrap();
    let italian: Vec<String> = phrases(&it).into_iter().map(|(_, p)| p).collect();
    // The English phrases of more than one word that Italian does not
    // say the same way ("Menu", "Budget", "Feed Atom" are Italian too).
    let english: Vec<(String, String)> = phrases(&en)
        .into_iter()
        .filter(|(_, p)| p.contains(' ') && p.len() > 6)
        .filter(|(_, p)| !italian.iter().any(|i| i.contains(p.as_str())))
        .collect();
    assert!(english.len() > 90, "{english:?}");
    let hub = hub_from_fixture("i18n-hub");
    // The hub's own words in Italian too (else "case studies", the
    // collection's English label, is on every page).
    with_italian(hub.path(), ITALIAN_LABELS);
    let site = build_with_the_shipped_theme(hub.path());
    let mut pages = 0;
    for (path, bytes) in &site {
        if !path.starts_with("it/") || !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let text = readable(&String::from_utf8_lossy(bytes));
        for (key, phrase) in &english {
            assert!(
                !text.contains(phrase.as_str()),
                "{path} says `{phrase}` ({key} in en.ftl) in English"
            );
        }
    }
    // Home, 404, search, map, listings, taxonomy and term pages, items.
    assert!(pages >= 10, "{pages} Italian pages");
    // And the English pages still say them.
    let en_home = readable(&text(&site, "index.html"));
    assert!(en_home.contains("Browse by topic") && en_home.contains("Follow and contribute"));
}

#[test]
fn the_search_counts_take_their_plural_forms_from_the_fluent_files() {
    let hub = hub_from_fixture("i18n-hub");
    let site = build_with_the_shipped_theme(hub.path());
    let forms = |path: &str, attribute: &str| -> Value {
        let html = text(&site, path);
        let start = html.find(&format!("{attribute}='")).unwrap() + attribute.len() + 2;
        let end = start + html[start..].find('\'').unwrap();
        serde_json::from_str(&html[start..end].replace("&quot;", "\"")).unwrap()
    };
    let it = forms("it/search/index.html", "data-results");
    assert_eq!(it["1"], "1 risultato.");
    assert_eq!(it["2"], "2 risultati.");
    let en = forms("search/index.html", "data-results");
    assert_eq!(en["1"], "1 result.");
    assert_eq!(en["21"], "21 results.");
    let nl = forms("nl/search/index.html", "data-results-showing");
    assert_eq!(nl["21"], "21 resultaten, de eerste {shown} worden getoond.");
    let it = forms("it/search/index.html", "data-selected");
    assert_eq!(
        (&it["1"], &it["3"]),
        (&"(1 selezionato)".into(), &"(3 selezionati)".into())
    );
    // The words search.js writes without a count.
    assert!(text(&site, "it/search/index.html").contains(
        "data-prompt=\"Scrivi una parola o scegli un filtro.\" data-none=\"Nessun risultato.\""
    ));
}

/// The fixture's collections and taxonomy in Italian.
const ITALIAN_LABELS: &str = "  it:\n    name: Italiano\n    labels:\n      case-studies:\n        label: Casi di studio\n        singular: Caso di studio\n        description: Che cosa fanno le città.\n      cities:\n        label: Città\n        singular: Città\n      domains:\n        label: Ambiti\n";

/// The i18n fixture's hub.yaml with `words` as Italian's entry.
fn with_italian(hub: &Path, words: &str) {
    edit(hub, "hub.yaml", "  it: Italiano\n", words);
}

#[test]
fn collections_and_taxonomies_have_their_words_in_each_language() {
    let hub = hub_from_fixture("i18n-hub");
    with_italian(
        hub.path(),
        "  it:\n    name: Italiano\n    labels:\n      case-studies:\n        label: Casi di studio\n        singular: Caso di studio\n        description: Che cosa fanno le città.\n      domains:\n        label: Ambiti\n",
    );
    let site = build_with_the_shipped_theme(hub.path());
    let it = text(&site, "it/case-studies/index.html");
    assert!(it.contains("<h1>Casi di studio"), "{it}");
    assert!(
        it.contains("<p class=\"lede\">Che cosa fanno le città.</p>"),
        "{it}"
    );
    assert!(
        it.contains("<title>Casi di studio · Multilingual hub</title>"),
        "{it}"
    );
    // The menu, the taxonomy's page and the feed of the language.
    let home = text(&site, "it/index.html");
    assert!(
        home.contains(">Casi di studio</a>") && home.contains(">Ambiti</a>"),
        "{home}"
    );
    assert!(text(&site, "it/domains/index.html").contains("<h1>Ambiti</h1>"));
    assert!(text(&site, "it/case-studies/atom.xml").contains("Casi di studio"));
    // A word left out is the hub's own; other languages keep theirs.
    assert!(text(&site, "it/cities/index.html").contains("<h1>Cities"));
    assert!(text(&site, "case-studies/index.html").contains("<h1>Case studies"));
    assert!(text(&site, "nl/case-studies/index.html").contains("<h1>Case studies"));
}

#[test]
fn words_for_a_collection_or_taxonomy_the_hub_lacks_are_errors_at_their_line() {
    let hub = hub_from_fixture("i18n-hub");
    with_italian(
        hub.path(),
        // Lines 7 to 14.
        "  it:\n    name: Italiano\n    labels:\n      citties:\n        label: Città\n      domains:\n        singular: Ambito\n      case-studies: Casi di studio\n",
    );
    edit(
        hub.path(),
        "hub.yaml",
        "  en: English\n",
        "  en:\n    name: English\n    labels: {cities: {label: Towns}}\n",
    );
    let (code, diags) = check(hub.path());
    assert_eq!(code, Some(1));
    assert_eq!(
        located(&diags),
        [
            "bad-language hub.yaml:8:5",
            "unknown-name hub.yaml:12:7",
            "unknown-key hub.yaml:15:9",
            "wrong-type hub.yaml:16:7",
        ],
        "{diags:#?}"
    );
    let said = |i: usize, what: &str| -> String { diags[i][what].as_str().unwrap().to_string() };
    assert!(said(0, "message").contains("under the default language `en`"));
    assert!(said(1, "message").contains("`citties` is neither a collection nor a taxonomy"));
    assert_eq!(said(1, "hint"), "did you mean `cities`?");
    assert!(said(2, "message").contains("unknown key `singular`"));
    assert!(said(3, "message").contains("the words of `case-studies` must be a mapping"));
}
