//! A hub in several languages: what `serve` publishes in each, what an
//! edit of a translation re-renders, and the equivalence property in every
//! language.

use super::{
    assert_as_a_full_build, assert_same_site, edit, full_build, index_files, published, settled,
    strs, write,
};
use crate::common::{self, copy_dir};
use clusterhub::live::Engine;
use clusterhub::pipeline::{self, Options};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const I18N_FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/i18n-hub");

/// An engine on a fresh copy of the multilingual fixture (English, Italian,
/// Dutch); its first published site equals a full build, every language's
/// folder included.
fn start_i18n() -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(I18N_FIXTURE), dir.path());
    let (mut engine, report) = Engine::new(dir.path(), &Options::default());
    assert!(!report.has_errors(), "{:?}", report.diags);
    assert!(report.published);
    let (built, errors) = full_build(dir.path());
    assert!(!errors);
    assert_eq!(settled(&mut engine), built);
    (dir, engine)
}

/// After an edit: published, and the served site equals a full build.
fn assert_as_built(dir: &Path, engine: &mut Engine, r: &clusterhub::live::Rebuild) {
    assert!(r.published, "{:?}", r.diags);
    let (built, errors) = full_build(dir);
    assert!(!errors);
    let served = settled(engine);
    let differ: Vec<&String> = built
        .keys()
        .chain(served.keys())
        .filter(|k| built.get(*k) != served.get(*k))
        .collect();
    assert!(differ.is_empty(), "served differs from built at {differ:?}");
}

#[test]
fn serve_publishes_every_language_as_build_does() {
    let (_dir, engine) = start_i18n();
    let site = published(&engine);
    for path in [
        "case-studies/milan-heat/index.html",
        "it/case-studies/milan-heat/index.html",
        "nl/case-studies/milan-heat/index.html",
        "it/index.html",
        "nl/case-studies/index.html",
        "it/case-studies/atom.xml",
    ] {
        assert!(site.contains_key(path), "{path} is not served");
    }
    let italian = String::from_utf8(site["it/case-studies/milan-heat/index.html"].clone()).unwrap();
    assert!(italian.contains("Raffrescare le scuole di Milano"));
    assert!(!site.contains_key("it/sitemap.xml"));
}

#[test]
fn editing_a_translations_body_rerenders_only_that_page_in_its_language() {
    let (dir, mut engine) = start_i18n();
    let p = edit(
        dir.path(),
        "content/case-studies/milan-heat.it.md",
        "Il comune ha piantato alberi",
        "Il comune ha piantato cento alberi",
    );
    let r = engine.apply(&[p]);
    // Not the English page, nor the Dutch one (shown in English), nor the
    // pages that list it (they show its title and summary, not its body).
    assert_eq!(
        r.rerendered,
        strs(&["it/case-studies/milan-heat/index.html"])
    );
    // And the Italian feed of the collection, which holds whole pages.
    assert_eq!(
        r.changed,
        strs(&[
            "it/case-studies/atom.xml",
            "it/case-studies/milan-heat/index.html"
        ])
    );
    assert_as_built(dir.path(), &mut engine, &r);
}

#[test]
fn editing_a_translations_title_rerenders_what_shows_it_in_its_language() {
    let (dir, mut engine) = start_i18n();
    let p = edit(
        dir.path(),
        "content/cities/milan.it.md",
        "title: Milano",
        "title: Milano città",
    );
    let r = engine.apply(&[p]);
    for path in [
        "it/cities/milan/index.html",
        "it/cities/index.html",
        "it/case-studies/milan-heat/index.html",
    ] {
        assert!(
            r.rerendered.contains(&path.to_string()),
            "{path}: {:?}",
            r.rerendered
        );
    }
    assert!(
        r.rerendered.iter().all(|p| p.starts_with("it/")),
        "{:?}",
        r.rerendered
    );
    assert_as_built(dir.path(), &mut engine, &r);
}

#[test]
fn translations_added_edited_and_deleted_serve_what_build_makes() {
    let (dir, mut engine) = start_i18n();
    let root = dir.path();
    // An original changes: its translations fall behind (a warning), its
    // untranslated versions show the new words.
    let p = edit(
        root,
        "content/cities/rotterdam.md",
        "A port city.",
        "A large port city.",
    );
    let r = engine.apply(&[p]);
    for path in [
        "cities/rotterdam/index.html",
        "it/cities/rotterdam/index.html",
        "nl/cities/rotterdam/index.html",
    ] {
        assert!(
            r.rerendered.contains(&path.to_string()),
            "{path}: {:?}",
            r.rerendered
        );
    }
    assert_as_built(root, &mut engine, &r);
    let p = edit(
        root,
        "content/case-studies/milan-heat.md",
        "planted trees",
        "planted oaks",
    );
    let r = engine.apply(&[p]);
    assert_as_built(root, &mut engine, &r);
    // A new translation: the page, its alternates in every language.
    let p = write(
        root,
        "content/cities/rotterdam.it.md",
        "---\ntitle: Rotterdam\ncountry: Paesi Bassi\n---\nUna città portuale.\n",
    );
    let r = engine.apply(&[p]);
    assert!(
        r.rerendered
            .contains(&"cities/rotterdam/index.html".to_string())
    );
    assert!(
        r.rerendered
            .contains(&"nl/cities/rotterdam/index.html".to_string())
    );
    assert_as_built(root, &mut engine, &r);
    let italian = String::from_utf8(published(&engine)["it/cities/rotterdam/index.html"].clone());
    assert!(italian.unwrap().contains("Una città portuale."));
    // A translation deleted: the page falls back to the original.
    let gone = root.join("content/case-studies/milan-heat.it.md");
    std::fs::remove_file(&gone).unwrap();
    let r = engine.apply(&[gone]);
    assert_as_built(root, &mut engine, &r);
    let italian =
        String::from_utf8(published(&engine)["it/case-studies/milan-heat/index.html"].clone());
    assert!(italian.unwrap().contains("planted oaks"));
}

#[test]
fn a_language_removed_from_hub_yaml_is_no_longer_served() {
    let (dir, mut engine) = start_i18n();
    let root = dir.path();
    let yaml = edit(root, "hub.yaml", "  nl: Nederlands\n", "");
    std::fs::remove_file(root.join("content/case-studies/rotterdam-bikes.nl.md")).unwrap();
    let r = engine.apply(&[
        yaml,
        root.join("content/case-studies/rotterdam-bikes.nl.md"),
    ]);
    assert_as_built(root, &mut engine, &r);
    assert!(!published(&engine).keys().any(|k| k.starts_with("nl/")));
}

/// Each language's search index `serve` builds once edits settle, in one
/// bundle, equals a full build's: before and after a translation's edit.
#[test]
fn every_languages_search_index_equals_a_full_builds() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(I18N_FIXTURE), dir.path());
    // The shipped theme, which has a search page.
    std::fs::remove_dir_all(dir.path().join("themes")).unwrap();
    edit(dir.path(), "hub.yaml", "theme: mini", "theme: cluster");
    let (mut engine, first) = Engine::new(dir.path(), &Options::default());
    assert!(first.published, "{:?}", first.diags);
    let assert_index_as_built = |engine: &mut Engine| {
        engine.refresh_search_index().unwrap().unwrap();
        let served = index_files(&settled(engine));
        let full = pipeline::run(dir.path(), &Options::default());
        assert!(!full.has_errors(), "{:?}", full.diags);
        let built: BTreeMap<String, Vec<u8>> = full
            .outputs
            .into_iter()
            .filter(|o| o.path.starts_with("pagefind/"))
            .map(|o| (o.path, o.bytes))
            .collect();
        let entry = String::from_utf8(built["pagefind/pagefind-entry.json"].clone()).unwrap();
        assert!(
            entry.contains("\"it\"") && entry.contains("\"nl\""),
            "{entry}"
        );
        let differ: Vec<&String> = built
            .keys()
            .chain(served.keys())
            .filter(|k| built.get(*k) != served.get(*k))
            .collect();
        assert!(differ.is_empty(), "served index differs at {differ:?}");
    };
    assert_index_as_built(&mut engine);
    let p = edit(
        dir.path(),
        "content/case-studies/milan-heat.it.md",
        "Il comune ha piantato alberi",
        "Il comune ha piantato cipressi",
    );
    assert!(engine.apply(&[p]).published);
    assert_index_as_built(&mut engine);
}

/// The shipped hub and theme: a new case study re-renders no listing of
/// another collection and no page of a domain it does not carry, in any
/// language (their bytes do not change: a listing shows only its own
/// collection's counts, a term page not its sibling terms' counts); once
/// settled, the site equals a full build.
#[test]
fn a_new_case_study_leaves_other_listings_and_terms_alone_on_the_shipped_hub() {
    let hub = common::shipped_hub();
    let (mut engine, first) = Engine::new(hub.path(), &Options::default());
    assert!(first.published, "{:?}", first.diags);
    let original = "content/case-studies/alesund-sorsida-cultural-harbour.md";
    let text = std::fs::read_to_string(hub.path().join(original)).unwrap();
    let domains = "domains: [nature-based-solutions, waste-circular-economy, mobility]";
    assert!(text.contains(domains));
    let text = text
        .replacen("title: \"Ålesund: a", "title: \"Ålesund again: a", 1)
        .replacen(domains, "domains: [mobility]", 1);
    let p = write(hub.path(), "content/case-studies/alesund-again.md", &text);
    let r = engine.apply(std::slice::from_ref(&p));
    assert!(r.published, "{:?}", r.diags);
    let in_default = |o: &str| -> String {
        let o = ["it/", "pt/", "es/"].iter().find_map(|l| o.strip_prefix(l));
        o.unwrap_or_default().to_string()
    };
    let outputs: Vec<String> = r
        .rerendered
        .iter()
        .map(|o| {
            let own = in_default(o);
            if own.is_empty() { o.clone() } else { own }
        })
        .collect();
    let elsewhere = |o: &&String| {
        ["methods/", "dissemination/"].iter().any(|c| {
            o.strip_prefix(c)
                .is_some_and(|rest| rest == "index.html" || rest.starts_with("page/"))
        }) || (o.starts_with("domains/")
            && !o.starts_with("domains/mobility/")
            && *o != "domains/index.html")
    };
    let wrong: Vec<&String> = outputs.iter().filter(elsewhere).collect();
    assert!(
        wrong.is_empty(),
        "re-rendered although nothing in them changed: {wrong:?}"
    );
    for shown in [
        "case-studies/alesund-again/index.html",
        "case-studies/index.html",
        "domains/mobility/index.html",
        "domains/index.html",
    ] {
        assert!(
            outputs.iter().any(|o| o == shown),
            "{shown} not re-rendered: {outputs:?}"
        );
    }
    assert_same_site(&settled(&mut engine), &full_build(hub.path()).0);
}

/// An edit of the multilingual fixture (English, Italian, Dutch) in the
/// equivalence property below: case studies in slots `0..4`, each with
/// translations into `I18N_LANGS`.
#[derive(Debug, Clone)]
enum LangOp {
    /// A new case study in an empty slot, about one of the fixture's cities.
    Add(usize, usize),
    /// The original deleted (its translations stay, and become errors).
    Delete(usize),
    /// A translation written (a new one, or a new title for one).
    Translate(usize, usize, u8),
    /// A translation deleted: the page falls back to the original.
    Untranslate(usize, usize),
    /// The original's title edited: its translations fall behind.
    Title(usize, u8),
    /// The original's body edited.
    Body(usize, u8),
    /// The Italian title of a city, which every study about it shows.
    CityTitle(u8),
}

const I18N_LANGS: [&str; 2] = ["it", "nl"];
const I18N_CITIES: [&str; 2] = ["milan", "rotterdam"];

fn lang_op() -> impl Strategy<Value = LangOp> {
    prop_oneof![
        3 => (0..4usize, 0..I18N_CITIES.len()).prop_map(|(i, c)| LangOp::Add(i, c)),
        2 => (0..4usize).prop_map(LangOp::Delete),
        3 => (0..4usize, 0..I18N_LANGS.len(), any::<u8>())
            .prop_map(|(i, l, n)| LangOp::Translate(i, l, n)),
        2 => (0..4usize, 0..I18N_LANGS.len()).prop_map(|(i, l)| LangOp::Untranslate(i, l)),
        2 => (0..4usize, any::<u8>()).prop_map(|(i, n)| LangOp::Title(i, n)),
        1 => (0..4usize, any::<u8>()).prop_map(|(i, n)| LangOp::Body(i, n)),
        1 => any::<u8>().prop_map(LangOp::CityTitle),
    ]
}

/// A case study of slot `i`: (title, city, body).
fn lang_study_text((title, city, body): &(String, usize, String)) -> String {
    format!(
        "---\ntitle: {title}\ndate: 2025-0{}-01\ncity: {}\n---\n{body}\n",
        title.len() % 9 + 1,
        I18N_CITIES[*city]
    )
}

/// The files one op writes or deletes (the model in `studies`).
fn apply_lang_op(
    root: &Path,
    studies: &mut [Option<(String, usize, String)>],
    op: &LangOp,
) -> Vec<PathBuf> {
    let original = |i: usize| format!("content/case-studies/p{i}.md");
    let translation =
        |i: usize, l: usize| format!("content/case-studies/p{i}.{}.md", I18N_LANGS[l]);
    let rewrite = |studies: &mut [Option<(String, usize, String)>],
                   i: usize,
                   f: &dyn Fn(&mut (String, usize, String))|
     -> Vec<PathBuf> {
        let Some(s) = studies[i].as_mut() else {
            return Vec::new();
        };
        f(s);
        vec![write(root, &original(i), &lang_study_text(s))]
    };
    match op {
        LangOp::Add(i, city) if studies[*i].is_none() => {
            let s = (format!("Study {i}"), *city, format!("Body {i}."));
            let p = write(root, &original(*i), &lang_study_text(&s));
            studies[*i] = Some(s);
            vec![p]
        }
        LangOp::Add(..) => Vec::new(),
        LangOp::Delete(i) if studies[*i].take().is_some() => {
            let p = root.join(original(*i));
            std::fs::remove_file(&p).unwrap();
            vec![p]
        }
        LangOp::Delete(_) => Vec::new(),
        LangOp::Translate(i, l, n) => vec![write(
            root,
            &translation(*i, *l),
            &format!("---\ntitle: Tradotto {i} {n}\n---\nTesto {n}.\n"),
        )],
        LangOp::Untranslate(i, l) => {
            let p = root.join(translation(*i, *l));
            if std::fs::remove_file(&p).is_ok() {
                vec![p]
            } else {
                Vec::new()
            }
        }
        LangOp::Title(i, n) => rewrite(studies, *i, &|s| s.0 = format!("Title {}", n % 5)),
        LangOp::Body(i, n) => rewrite(studies, *i, &|s| s.2 = format!("Body text {n}.")),
        LangOp::CityTitle(n) => vec![write(
            root,
            "content/cities/milan.it.md",
            &format!(
                "---\ntitle: Milano {}\ncountry: Italia\n---\nUna città.\n",
                n % 3
            ),
        )],
    }
}

/// After any sequence of edits in a hub with three languages, what `serve`
/// publishes in every language equals a full build, or both report errors
/// and `serve` keeps its last good site: the other languages' contexts
/// carried over an edit (those that read only pages the edit left alone)
/// are the ones a full build makes.
fn run_lang_ops(ops: &[LangOp]) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_dir(Path::new(I18N_FIXTURE), root);
    let mut studies: Vec<Option<(String, usize, String)>> = vec![None; 4];
    let (mut engine, first) = Engine::new(root, &Options::default());
    assert!(first.published, "{:?}", first.diags);
    let mut last_good = published(&engine);
    for op in ops {
        let touched = apply_lang_op(root, &mut studies, op);
        let report = engine.apply(&touched);
        let what = format!("{ops:?}, at {op:?}");
        assert_as_a_full_build(root, &mut engine, &report, &mut last_good, &what);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn any_edit_sequence_in_every_language_equals_a_full_build(ops in proptest::collection::vec(lang_op(), 1..12)) {
        run_lang_ops(&ops);
    }
}
