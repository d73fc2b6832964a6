//! The search page of the shipped theme in headless Chromium, over the
//! findability fixture built with `clusterhub build` and served from
//! `public/` by a plain static file server: the index loads the way a
//! browser loads it from any static host, a typed query finds the expected
//! pages with the match highlighted, and a facet narrows them.

use clusterhub_browser_tests::{
    Browser, build_and_serve, chromium_or_skip, copy_dir, serve_static,
};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// Builds the findability fixture with the shipped theme and serves it.
fn built_site() -> (tempfile::TempDir, u16) {
    let hub = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    copy_dir(&repo.join("tests/fixtures/findability"), hub.path());
    copy_dir(
        &repo.join("themes/cluster"),
        &hub.path().join("themes/cluster"),
    );
    let public = hub.path().join("public");
    let port = build_and_serve(hub.path(), public.clone());
    assert!(public.join("pagefind/pagefind.js").is_file());
    (hub, port)
}

fn titles(b: &mut Browser) -> Vec<String> {
    let v = b.eval("JSON.stringify([...document.querySelectorAll('.search-result__title a')].map(a => a.textContent))");
    serde_json::from_str(v.as_str().unwrap_or("[]")).unwrap()
}

#[test]
fn typing_a_query_and_picking_a_facet_in_the_browser() {
    let Some(chromium) = chromium_or_skip("typing_a_query_and_picking_a_facet_in_the_browser")
    else {
        return;
    };
    let (_hub, port) = built_site();
    let mut b = Browser::launch(&chromium);
    b.navigate(&format!("http://127.0.0.1:{port}/search/"));
    b.wait_for(
        "the facets",
        "document.querySelectorAll('#search-facets fieldset').length > 0",
    );
    // Every facet is visible: collection, refs and taxonomies.
    let legends = b.eval(
        "[...document.querySelectorAll('#search-facets legend')].map(l => l.textContent).join('|')",
    );
    assert_eq!(
        legends,
        "Collection|Cities|Countries|Domains|Methods|Projects"
    );

    // Type a query into the search box, as a user would.
    b.eval("document.getElementById('search-q').focus()");
    b.call("Input.insertText", json!({ "text": "waterfront" }));
    b.wait_for(
        "three results",
        "document.querySelectorAll('.search-result').length === 3",
    );
    let mut found = titles(&mut b);
    found.sort();
    // Project Alpha "works on waterfronts" (stemmed).
    assert_eq!(
        found,
        [
            "Lisbon waterfront renewal",
            "Project Alpha",
            "Rotterdam floating waterfront"
        ]
    );
    // Each result shows its collection and an excerpt with the match marked.
    let kinds = b.eval("[...document.querySelectorAll('.search-result__collection')].map(p => p.textContent).sort().join('|')");
    assert_eq!(kinds, "Case study|Case study|Project");
    assert_eq!(
        b.eval("[...document.querySelectorAll('.search-result__excerpt mark')].some(m => m.textContent.toLowerCase() === 'waterfront')"),
        Value::Bool(true)
    );

    // Pick the Netherlands in the Countries facet: only Rotterdam is left.
    b.eval("document.querySelector('#search-facets input[name=\"Countries\"][value=\"Netherlands\"]').click()");
    b.wait_for(
        "one result",
        "document.querySelectorAll('.search-result').length === 1",
    );
    assert_eq!(titles(&mut b), ["Rotterdam floating waterfront"]);
    // The query and the facet are kept in the address.
    let search = b.eval("location.search");
    assert_eq!(search, "?q=waterfront&f=Countries%3ANetherlands");
}

#[test]
fn the_index_answers_queries_and_filters_through_pagefinds_api() {
    let Some(chromium) =
        chromium_or_skip("the_index_answers_queries_and_filters_through_pagefinds_api")
    else {
        return;
    };
    let (_hub, port) = built_site();
    let mut b = Browser::launch(&chromium);
    b.navigate(&format!("http://127.0.0.1:{port}/"));
    // Load /pagefind/pagefind.js as the search page does and run searches.
    b.eval(
        "window.__done = false; (async () => {
           const pf = await import('/pagefind/pagefind.js');
           await pf.init();
           const titles = async (q, filters) => {
             const s = await pf.search(q, { filters });
             const data = await Promise.all(s.results.map(r => r.data()));
             return data.map(d => d.meta.title).sort();
           };
           window.__results = {
             roofs: await titles('roofs', {}),
             roofsInAthens: await titles('roofs', { Cities: 'Athens' }),
             alpha: await titles(null, { Projects: 'Project Alpha', Collection: 'Case studies' }),
             filters: await pf.filters(),
           };
           window.__done = true;
         })().catch(e => { window.__error = String(e); window.__done = true; });",
    );
    b.wait_for("the searches", "window.__done === true");
    assert_eq!(b.eval("window.__error || ''"), "");
    let r: Value =
        serde_json::from_str(b.eval("JSON.stringify(window.__results)").as_str().unwrap()).unwrap();
    // Words are found in the text of a page, not in its panels (key facts,
    // details: `data-pagefind-ignore`): Lisbon only lists the method Green
    // roofs there, so the word does not find it (its filter does).
    assert_eq!(r["roofs"], json!(["Athens cool squares", "Green roofs"]));
    assert_eq!(r["roofsInAthens"], json!(["Athens cool squares"]));
    assert_eq!(
        r["alpha"],
        json!([
            "Athens cool squares",
            "Lisbon waterfront renewal",
            "Rotterdam cycling streets"
        ])
    );
    // Facet counts: every page has a collection; the tricky value is intact.
    assert_eq!(r["filters"]["Collection"]["Case studies"], 5);
    assert_eq!(r["filters"]["Cities"]["Rotterdam"], 3);
    assert_eq!(r["filters"]["Countries"]["Netherlands"], 3);
}

/// Not a check: prints what a first search downloads from a built site.
/// `MEASURE_SITE=public MEASURE_QUERY=waterfront cargo test -p
/// clusterhub-browser-tests --test in_chromium measure_first -- --ignored --nocapture`
#[test]
#[ignore]
fn measure_first_search_download() {
    let (Ok(site), Some(chromium)) = (std::env::var("MEASURE_SITE"), chromium_or_skip("measure"))
    else {
        return;
    };
    let query = std::env::var("MEASURE_QUERY").unwrap_or_else(|_| "city".into());
    let (port, served) = serve_static(PathBuf::from(site));
    let mut b = Browser::launch(&chromium);
    b.navigate(&format!("http://127.0.0.1:{port}/search/?q={query}"));
    b.wait_for(
        "results",
        "document.querySelectorAll('.search-result').length > 0 || document.getElementById('search-status').textContent === 'No results.'",
    );
    let status = b.eval("document.getElementById('search-status').textContent");
    let first: Vec<(String, usize)> = served.lock().unwrap().clone();
    b.wait_for(
        "the facets",
        "document.querySelectorAll('#search-facets fieldset').length > 0",
    );
    let all: Vec<(String, usize)> = served.lock().unwrap().clone();
    let mut total = 0;
    for (name, size) in &first {
        println!("{size:>9}  {name}");
        total += size;
    }
    println!(
        "{total:>9}  total until the first results of {query:?} show ({status}), uncompressed"
    );
    for (name, size) in &all[first.len()..] {
        println!("{size:>9}  {name}");
        total += size;
    }
    println!("{total:>9}  total with the facets' data");
}
