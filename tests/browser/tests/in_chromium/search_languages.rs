//! Search in the reader's language (issue 18), in headless Chromium over the
//! multilingual fixture built with the shipped theme and served by a plain
//! static file server: a reader on an English page switches to Italian
//! with the language switcher, searches from the Italian page's search box,
//! and the Italian search page finds the Italian translation through the
//! Italian index (stemmed in Italian), downloading no file of another
//! language's index.

use clusterhub_browser_tests::{Browser, chromium_or_skip, copy_dir, serve_static};
use serde_json::json;
use std::path::Path;

/// The multilingual fixture with the shipped theme, built with
/// root-relative links and served; the server's log of files served.
fn built_site() -> (tempfile::TempDir, u16, clusterhub_browser_tests::Served) {
    let hub = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    copy_dir(&repo.join("tests/fixtures/i18n-hub"), hub.path());
    std::fs::remove_dir_all(hub.path().join("themes")).unwrap();
    let yaml = std::fs::read_to_string(hub.path().join("hub.yaml")).unwrap();
    std::fs::write(
        hub.path().join("hub.yaml"),
        yaml.replace("theme: mini", "theme: cluster"),
    )
    .unwrap();
    let public = hub.path().join("public");
    let args = clusterhub::cli::BuildArgs {
        root: Some(hub.path().to_path_buf()),
        output: public.clone(),
        base_url: Some("http://127.0.0.1/".into()),
        drafts: false,
        timings: false,
        format: clusterhub::cli::Format::Human,
    };
    assert_eq!(clusterhub::cmd::build::run(&args), 0, "build failed");
    let (port, served) = serve_static(public);
    (hub, port, served)
}

fn titles(b: &mut Browser) -> Vec<String> {
    let v = b.eval("JSON.stringify([...document.querySelectorAll('.search-result__title a')].map(a => a.pathname + ' ' + a.textContent))");
    serde_json::from_str(v.as_str().unwrap_or("[]")).unwrap()
}

#[test]
fn switching_to_italian_and_searching_finds_the_italian_page() {
    let Some(chromium) =
        chromium_or_skip("switching_to_italian_and_searching_finds_the_italian_page")
    else {
        return;
    };
    let (_hub, port, served) = built_site();
    let mut b = Browser::launch(&chromium);
    b.navigate(&format!("http://127.0.0.1:{port}/case-studies/milan-heat/"));

    // The switcher offers Italian; the reader clicks it.
    b.eval("document.querySelector('nav.languages a[hreflang=\"it\"]').click()");
    b.wait_for(
        "the Italian page",
        "location.pathname === '/it/case-studies/milan-heat/' && document.readyState === 'complete'",
    );
    assert_eq!(b.eval("document.documentElement.lang"), "it");

    // The page's search box leads to the Italian search page. The page
    // says "alberi" (trees); the reader types the singular, "albero".
    b.eval("document.getElementById('site-search-q').focus()");
    b.call("Input.insertText", json!({ "text": "albero" }));
    b.eval("document.querySelector('form.site-search button').click()");
    b.wait_for(
        "the Italian search page",
        "location.pathname === '/it/search/' && document.readyState === 'complete'",
    );
    b.wait_for(
        "a result",
        "document.querySelectorAll('.search-result').length > 0",
    );
    assert_eq!(
        titles(&mut b),
        ["/it/case-studies/milan-heat/ Raffrescare le scuole di Milano"]
    );
    // The count in Italian, in the plural form of one (it.ftl's
    // search-results, through the page's data-results).
    assert_eq!(
        b.eval("document.getElementById('search-status').textContent"),
        "1 risultato."
    );

    // The English word for it is in the English index only: not found here.
    b.eval("const q = document.getElementById('search-q'); q.value = ''; q.focus()");
    b.call("Input.insertText", json!({ "text": "trees" }));
    b.wait_for(
        "no result",
        "location.search === '?q=trees' && document.getElementById('search-status').textContent === 'Nessun risultato.'",
    );

    // Only the Italian index was downloaded.
    let files: Vec<String> = served
        .lock()
        .unwrap()
        .iter()
        .map(|(path, _)| path.clone())
        .collect();
    let index_files: Vec<&String> = files
        .iter()
        .filter(|p| p.contains("pf_") || p.contains("wasm."))
        .collect();
    assert!(
        index_files.iter().any(|p| p.ends_with("wasm.it.pagefind")),
        "{files:?}"
    );
    assert!(
        index_files
            .iter()
            .all(|p| p.contains("/it_") || p.contains(".it_") || p.ends_with("wasm.it.pagefind")),
        "{files:?}"
    );
}

#[test]
fn the_english_search_page_keeps_the_english_index() {
    let Some(chromium) = chromium_or_skip("the_english_search_page_keeps_the_english_index") else {
        return;
    };
    let (_hub, port, _served) = built_site();
    let mut b = Browser::launch(&chromium);
    b.navigate(&format!("http://127.0.0.1:{port}/search/?q=trees"));
    b.wait_for(
        "a result",
        "document.querySelectorAll('.search-result').length > 0",
    );
    assert_eq!(
        titles(&mut b),
        ["/case-studies/milan-heat/ Cooling Milan's schools"]
    );
}

#[test]
fn narrowing_an_italian_listing_uses_the_italian_index() {
    let Some(chromium) = chromium_or_skip("narrowing_an_italian_listing_uses_the_italian_index")
    else {
        return;
    };
    let (_hub, port, _served) = built_site();
    let mut b = Browser::launch(&chromium);
    b.navigate(&format!("http://127.0.0.1:{port}/it/case-studies/"));
    b.wait_for(
        "the toggles",
        "document.querySelectorAll('#narrow button.chip--toggle').length > 0",
    );
    // The facet names the city in Italian, as the Italian index does.
    b.eval("[...document.querySelectorAll('#narrow button.chip--toggle')].find(t => t.textContent.startsWith('Milano')).click()");
    b.wait_for(
        "one card",
        "document.querySelectorAll('#listing .card').length === 1",
    );
    let card = b.eval("[...document.querySelectorAll('#listing .card__title a')].map(a => a.pathname + ' ' + a.textContent).join('|')");
    assert_eq!(
        card,
        "/it/case-studies/milan-heat/ Raffrescare le scuole di Milano"
    );
}
