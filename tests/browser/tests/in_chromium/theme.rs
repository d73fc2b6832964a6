//! The shipped hub in headless Chromium, page type by page type: axe-core
//! (vendored, see `vendor/axe-core/README.md`) finds no violation at 1366
//! and 320 px wide and in dark mode; no page scrolls sideways at 320 px
//! (WCAG 1.4.10); and on the search page the keyboard focus stays on the
//! filter a reader ticks and on "Show more results".

use clusterhub_browser_tests::{Browser, build_and_serve, chromium_or_skip};
use serde_json::Value;
use std::path::Path;
use std::sync::OnceLock;

const AXE: &str = include_str!("../../vendor/axe-core/axe.min.js");

/// One page of each type the theme renders, and of each item template.
const PAGES: [(&str, &str); 15] = [
    ("home", "/"),
    ("listing", "/case-studies/"),
    ("listing, page 2", "/case-studies/page/2/"),
    ("case study", "/case-studies/lisbon-up2030-pilot/"),
    ("method", "/methods/five-up/"),
    ("news item", "/dissemination/up2030-synergies/"),
    ("project", "/projects/up2030/"),
    ("organisation", "/organisations/fraunhofer-iao/"),
    ("city", "/cities/lisbon/"),
    ("about page", "/about/open-data/"),
    ("taxonomy", "/countries/"),
    ("term", "/countries/portugal/"),
    ("search with results", "/search/?q=energy"),
    ("map", "/map/"),
    ("not found", "/404.html"),
];

/// The shipped hub, built with root-relative links and served; built once
/// for all of this module's tests, which only read it (into the target
/// folder, which keeps it after the process ends: it is rebuilt on the
/// next run).
fn shipped_site() -> u16 {
    static SITE: OnceLock<u16> = OnceLock::new();
    *SITE.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("theme-shipped-site");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        build_and_serve(&repo, out)
    })
}

/// Opens `path` and waits until it is ready to check (search results in).
fn open(b: &mut Browser, port: u16, path: &str) {
    b.navigate(&format!("http://127.0.0.1:{port}{path}"));
    if path.starts_with("/search/") {
        b.wait_for(
            "search results and filters",
            "document.querySelectorAll('.search-result').length > 0 && document.querySelectorAll('#search-facets fieldset').length > 0",
        );
    }
}

/// axe-core's violations on the open page, one line each.
fn violations(b: &mut Browser) -> Vec<String> {
    if b.eval("typeof axe") != "object" {
        b.eval(AXE);
    }
    let found = b.eval_async(
        "axe.run(document).then(r => ({ passed: r.passes.length, violations: r.violations.map(v => v.id + ': ' + v.help + ' at ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')) }))",
    );
    // axe ran its rules on the page (a page it could not check passes none).
    assert!(found["passed"].as_u64().unwrap() > 10, "{found}");
    found["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// Every page type in one viewport: axe finds no violation, and at 320 px
/// no page scrolls sideways. One test per viewport, so that they run side by
/// side.
fn every_page_type_passes_axe_at(mode: &str, width: u32, dark: bool) {
    let Some(chromium) = chromium_or_skip("every_page_type_passes_axe") else {
        return;
    };
    let port = shipped_site();
    let mut b = Browser::launch(&chromium);
    let mut problems = Vec::new();
    b.set_viewport(width, 800);
    b.set_dark(dark);
    for (kind, path) in PAGES {
        open(&mut b, port, path);
        for v in violations(&mut b) {
            problems.push(format!("{kind} ({path}), {mode}: {v}"));
        }
        if width == 320 {
            let wide = b.eval("document.documentElement.scrollWidth");
            if wide.as_u64().unwrap_or(u64::MAX) > 320 {
                // Name the innermost elements that stick out.
                let culprits = b.eval(
                    "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 321 && ![...e.children].some(c => c.getBoundingClientRect().right > 321)).slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join('; ')",
                );
                problems.push(format!(
                    "{kind} ({path}) scrolls sideways at 320 px: scrollWidth {wide}, past the edge: {culprits}"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_page_type_passes_axe_at_1366px() {
    every_page_type_passes_axe_at("1366 px", 1366, false);
}

#[test]
fn every_page_type_passes_axe_and_never_scrolls_sideways_at_320px() {
    every_page_type_passes_axe_at("320 px", 320, false);
}

#[test]
fn every_page_type_passes_axe_in_dark_mode() {
    every_page_type_passes_axe_at("dark, 1366 px", 1366, true);
}

#[test]
fn focus_stays_on_a_ticked_search_filter_and_on_show_more() {
    let Some(chromium) = chromium_or_skip("focus_stays_on_a_ticked_search_filter") else {
        return;
    };
    let port = shipped_site();
    let mut b = Browser::launch(&chromium);
    b.set_viewport(1366, 800);
    open(&mut b, port, "/search/?q=city");
    let before = b.eval("document.querySelectorAll('.search-result').length");
    assert_eq!(before, Value::from(10), "the first page shows 10 results");

    // Show more, from the keyboard: ten more results, focus on the button.
    b.eval("document.getElementById('search-more').focus()");
    b.press("Enter");
    b.wait_for(
        "twenty results",
        "document.querySelectorAll('.search-result').length === 20",
    );
    assert_eq!(
        b.eval("document.activeElement.id"),
        Value::from("search-more"),
        "focus left Show more"
    );

    // Tick the first Projects filter with the space bar: fewer results, and
    // the focus stays on that checkbox.
    b.eval("document.querySelector('#search-facets input[name=\"Projects\"]').focus()");
    let value = b.eval("document.activeElement.value");
    let total = b.eval("document.getElementById('search-status').textContent");
    b.press(" ");
    b.wait_for(
        "the filter to apply",
        &format!(
            "document.getElementById('search-status').textContent !== {total} && location.search.includes('f=Projects')"
        ),
    );
    assert_eq!(
        b.eval("document.activeElement.name"),
        Value::from("Projects")
    );
    assert_eq!(b.eval("document.activeElement.value"), value);
    assert_eq!(b.eval("document.activeElement.checked"), Value::Bool(true));
    // Untick it: the focus is still there.
    b.press(" ");
    b.wait_for(
        "the filter to be removed",
        "!location.search.includes('f=Projects')",
    );
    assert_eq!(b.eval("document.activeElement.value"), value);
    assert_eq!(b.eval("document.activeElement.checked"), Value::Bool(false));
}

/// The paths of the cards the listing shows, in order.
const CARDS: &str = "JSON.stringify([...document.querySelectorAll('#listing .card__title a')].map(a => new URL(a.href).pathname))";

/// The case studies with project `project` (and domain `domain`, when
/// given), in listing order, from the hub's own export (not the index).
fn exported_case_studies(b: &mut Browser, project: &str, domain: Option<&str>) -> Value {
    let domain = domain.map_or("null".into(), |d| format!("'{d}'"));
    let found = b.eval_async(&format!(
        "fetch('/api/case-studies.json').then(r => r.json()).then(d => JSON.stringify(d.pages
           .filter(p => (p.fields.projects || []).some(x => x.slug === '{project}'))
           .filter(p => {domain} === null || (p.fields.domains || []).includes({domain}))
           .map(p => new URL(p.url).pathname)))"
    ));
    serde_json::from_str(found.as_str().unwrap()).unwrap()
}

/// Presses the toggle of `value` in facet `filter` with the space bar and
/// waits until the listing shows the result.
fn press_toggle(b: &mut Browser, filter: &str, value: &str) {
    let status = b.eval("document.querySelector('.narrow__status').textContent");
    b.eval(&format!(
        "[...document.querySelectorAll('[data-filter=\"{filter}\"] .chip--toggle')].find(t => t.textContent.startsWith('{value}')).focus()"
    ));
    b.press(" ");
    b.wait_for(
        "the listing to be narrowed",
        &format!("document.querySelector('.narrow__status').textContent !== {status}"),
    );
}

#[test]
fn a_listing_narrowed_by_project_and_domain_shows_exactly_those_pages_in_listing_order() {
    let Some(chromium) = chromium_or_skip("a_listing_narrowed_by_project_and_domain") else {
        return;
    };
    let port = shipped_site();
    let mut b = Browser::launch(&chromium);
    b.set_viewport(1366, 800);
    open(&mut b, port, "/case-studies/");
    b.wait_for(
        "the choices to become toggles",
        "document.querySelectorAll('.chip--toggle').length > 0",
    );
    let unnarrowed = b.eval(CARDS);
    let project = "UP2030: Urban Planning and Design Ready for 2030";
    let up2030 = exported_case_studies(&mut b, "up2030", None);
    assert!(up2030.as_array().unwrap().len() > 1, "{up2030}");

    // A project: exactly its case studies, in the listing's order; the
    // focus stays on the toggle, which says it is pressed.
    b.eval("document.getElementById('narrow').open = true");
    press_toggle(&mut b, "Projects", project);
    let shown: Value = serde_json::from_str(b.eval(CARDS).as_str().unwrap()).unwrap();
    assert_eq!(shown, up2030);
    assert_eq!(
        b.eval("document.activeElement.getAttribute('aria-pressed')"),
        Value::from("true")
    );
    assert!(
        b.eval("document.activeElement.textContent")
            .as_str()
            .unwrap()
            .starts_with(project)
    );
    let n = up2030.as_array().unwrap().len();
    assert_eq!(
        b.eval("document.querySelector('.narrow__status').textContent"),
        Value::from(format!("{n} case studies match."))
    );
    assert!(
        b.eval("location.search")
            .as_str()
            .unwrap()
            .contains("f=Projects")
    );

    // And a domain: the pages with both, still in order.
    press_toggle(&mut b, "Domains", "Nature-based solutions");
    let both = exported_case_studies(&mut b, "up2030", Some("nature-based-solutions"));
    let shown: Value = serde_json::from_str(b.eval(CARDS).as_str().unwrap()).unwrap();
    assert_eq!(shown, both);
    assert!(both.as_array().unwrap().len() < n, "{both}");

    // The address keeps the choice: opened again, the listing is narrowed.
    let address = b.eval("location.pathname + location.search");
    open(&mut b, port, address.as_str().unwrap());
    b.wait_for(
        "the narrowed listing",
        "document.querySelector('.narrow__status') && document.querySelector('.narrow__status').textContent.includes('match')",
    );
    let shown: Value = serde_json::from_str(b.eval(CARDS).as_str().unwrap()).unwrap();
    assert_eq!(shown, both);

    // "Show all" gives the listing back as it was, with its pagination.
    b.eval("document.querySelector('.narrow__clear').click()");
    b.wait_for("the whole listing", "!location.search");
    assert_eq!(b.eval(CARDS), unnarrowed);
    assert_eq!(
        b.eval("document.querySelectorAll('#listing .pagination').length"),
        Value::from(1)
    );
}
