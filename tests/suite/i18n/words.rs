//! The words of each language: the theme's strings and their plural forms
//! (its Fluent files), and the hub's own words for its collections and
//! taxonomies.

use super::{build, build_allowing_warnings, check, edit, located, text};
use crate::common::hub_from_fixture;
use serde_json::Value;
use std::path::Path;

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
