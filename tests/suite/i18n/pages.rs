//! What a build makes in each language: its folder, the `hreflang`
//! alternates, the language switcher, listings, feeds, exports and the
//! sitemap, and where a translation's links lead.

use super::{build, build_allowing_warnings, edit, text, write};
use crate::common::{self, hub_from_fixture};
use serde_json::Value;

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
