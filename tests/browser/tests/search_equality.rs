//! Same search results as Pagefind's own indexer: a fixed list of queries
//! (single words, phrases, stems, accented words, filters alone and
//! combined) run in headless Chromium through the shipped Pagefind API
//! (`/pagefind/pagefind.js` and its WebAssembly) on two builds of the same
//! hub: one with our index, one with Pagefind's own library path
//! (`CLUSTERHUB_SEARCH_REFERENCE=1`). The ranked result URLs must be equal,
//! on the shipped hub and on a 1,000-page synthetic hub.
//!
//! One test per process (this file): the reference is chosen with an
//! environment variable, set while no other thread runs.

use clusterhub::cli::{BuildArgs, Format};
use clusterhub_browser_tests::{Browser, chromium_or_skip, copy_dir, serve_static};
use serde_json::Value;
use std::path::{Path, PathBuf};

#[allow(dead_code, clippy::all)]
#[path = "../../../examples/synth.rs"]
mod synth;

const REFERENCE: &str = "CLUSTERHUB_SEARCH_REFERENCE";

/// Queries on the shipped hub: [query, filters as JSON].
const SHIPPED: &[(&str, &str)] = &[
    ("climate", "{}"),
    ("heat", "{}"),
    ("waste", "{}"),
    ("energy", "{}"),
    ("mobility", "{}"),
    ("parking", "{}"),
    ("sensors", "{}"),
    ("lake", "{}"),
    ("textile", "{}"),
    ("university", "{}"),
    ("procurement", "{}"),
    ("citizens", "{}"),
    ("water", "{}"),
    ("trees", "{}"),
    ("digital twin", "{}"),
    ("\"energy communities\"", "{}"),
    ("\"public procurement\"", "{}"),
    ("urban planning design", "{}"),
    ("monitoring", "{}"),
    ("monitor", "{}"),
    ("monitored", "{}"),
    ("planning", "{}"),
    ("planned", "{}"),
    ("communities", "{}"),
    ("community", "{}"),
    ("cooling", "{}"),
    ("cool", "{}"),
    ("Münster", "{}"),
    ("munster", "{}"),
    ("Métropole", "{}"),
    ("metropole", "{}"),
    ("Sørsida", "{}"),
    ("São", "{}"),
    ("Písek", "{}"),
    ("Türkiye", "{}"),
    ("clim", "{}"),
    ("ener", "{}"),
    ("UP2030", "{}"),
    ("5UP", "{}"),
    ("net-zero", "{}"),
    ("co-creation", "{}"),
    ("climate", "{\"Collection\":\"Case studies\"}"),
    ("energy", "{\"Countries\":\"Italy\"}"),
    (
        "waste",
        "{\"Collection\":\"Case studies\",\"Countries\":\"Italy\"}",
    ),
    (
        "city",
        "{\"Projects\":\"CLIMABOROUGH\",\"Collection\":\"Organisations\"}",
    ),
    ("", "{\"Domains\":\"Mobility\"}"),
    (
        "",
        "{\"Cities\":\"Turin\",\"Collection\":\"News & events\"}",
    ),
    ("transport", "{\"Domains\":\"Mobility\"}"),
    ("data", "{\"Methods\":\"ClimHub\"}"),
    (
        "municipality",
        "{\"Organisation types\":\"City administration\"}",
    ),
    (
        "climate",
        "{\"Collection\":{\"any\":[\"Methods\",\"Projects\"]}}",
    ),
    ("nothingmatchesthis", "{}"),
];

/// Queries on the synthetic hub.
const SYNTHETIC: &[(&str, &str)] = &[
    ("neighbourhood", "{}"),
    ("renovation", "{}"),
    ("renovating", "{}"),
    ("solar", "{}"),
    ("rooftop solar cooperative", "{}"),
    ("\"climate investment plan\"", "{}"),
    ("\"tree-planting programme\"", "{}"),
    ("heat-resilience", "{}"),
    ("workshops", "{}"),
    ("workshop", "{}"),
    ("monitored", "{}"),
    ("budget", "{}"),
    ("superblock", "{}"),
    ("toolkit", "{}"),
    ("backcasting", "{}"),
    ("indicator", "{}"),
    ("2030", "{}"),
    ("temperatures", "{}"),
    ("housing associations", "{}"),
    ("mobility hubs", "{}"),
    ("solar", "{\"Collection\":\"Case studies\"}"),
    (
        "plan",
        "{\"Countries\":\"Austria\",\"Domains\":\"Built environment\"}",
    ),
    (
        "",
        "{\"Projects\":\"SALKA2\",\"Climate impacts\":\"Droughts\"}",
    ),
    (
        "energy",
        "{\"Collection\":{\"any\":[\"Methods\",\"News & events\"]}}",
    ),
];

/// A hub.yaml with its `languages:` block cut to its first entry (the
/// default language).
fn first_language_only(hub_yaml: &str) -> String {
    let mut out = String::new();
    let (mut in_block, mut entries) = (false, 0);
    for line in hub_yaml.lines() {
        if line == "languages:" {
            in_block = true;
        } else if in_block && !line.starts_with(' ') {
            in_block = false;
        } else if in_block && line.starts_with("  ") && !line.starts_with("   ") {
            entries += 1;
        }
        if !in_block || entries <= 1 {
            out.push_str(line);
            out.push('\n');
        }
    }
    assert_eq!(entries, 4, "the synthetic hub's languages changed");
    out
}

/// Builds `hub` into `output`, with Pagefind's own indexer if `reference`.
fn build(hub: &Path, output: &str, reference: bool) -> PathBuf {
    let public = hub.join(output);
    if reference {
        // SAFETY: no other thread runs in this test process yet.
        unsafe { std::env::set_var(REFERENCE, "1") };
    }
    let args = BuildArgs {
        root: Some(hub.to_path_buf()),
        output: public.clone(),
        base_url: Some("http://127.0.0.1/".into()),
        drafts: false,
        timings: false,
        format: Format::Human,
    };
    let code = clusterhub::cmd::build::run(&args);
    // SAFETY: as above.
    unsafe { std::env::remove_var(REFERENCE) };
    assert_eq!(code, 0, "build failed");
    public
}

/// The ranked result URLs of every query, through the Pagefind API of the
/// site served from `public`.
fn ranked(b: &mut Browser, public: PathBuf, queries: &[(&str, &str)]) -> Vec<Value> {
    let (port, _) = serve_static(public);
    b.navigate(&format!("http://127.0.0.1:{port}/"));
    let list = serde_json::to_string(queries).unwrap();
    b.eval(&format!(
        "window.__done = false; (async () => {{
           const pf = await import('/pagefind/pagefind.js');
           await pf.init();
           const out = [];
           for (const [q, filters] of {list}) {{
             const s = await pf.search(q === '' ? null : q, {{ filters: JSON.parse(filters) }});
             const data = await Promise.all(s.results.map(r => r.data()));
             out.push(data.map(d => d.url));
           }}
           window.__results = out;
           window.__done = true;
         }})().catch(e => {{ window.__error = String(e); window.__done = true; }});"
    ));
    // Each query fetches every result's fragment: on a loaded machine a
    // batch over a 1,000-page hub takes longer than `wait_for`'s 20 s.
    let limit = std::time::Duration::from_secs(180);
    b.wait_for_up_to("the searches", "window.__done === true", limit);
    assert_eq!(b.eval("window.__error || ''"), "");
    let json = b.eval("JSON.stringify(window.__results)");
    serde_json::from_str(json.as_str().unwrap()).unwrap()
}

/// Both builds of `hub`: (ours, Pagefind's).
fn builds(hub: &Path) -> (PathBuf, PathBuf) {
    (
        build(hub, "public", false),
        build(hub, "public-reference", true),
    )
}

fn assert_same_results(
    b: &mut Browser,
    (ours, reference): (PathBuf, PathBuf),
    queries: &[(&str, &str)],
) {
    let expected = ranked(b, reference, queries);
    let found = ranked(b, ours, queries);
    let mut answered = 0;
    for (i, (query, filters)) in queries.iter().enumerate() {
        assert_eq!(
            found[i], expected[i],
            "query {query:?} with filters {filters}: ours against Pagefind's"
        );
        answered += usize::from(found[i].as_array().is_some_and(|r| !r.is_empty()));
    }
    // The list means something: nearly every query finds pages.
    assert!(answered + 3 >= queries.len(), "{answered} queries answered");
}

#[test]
fn ranked_results_equal_pagefinds_own_indexer_on_the_shipped_and_a_synthetic_hub() {
    let Some(chromium) = chromium_or_skip("ranked_results_equal_pagefinds_own_indexer") else {
        return;
    };
    assert!(SHIPPED.len() + SYNTHETIC.len() >= 50);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shipped = tempfile::tempdir().unwrap();
    std::fs::copy(repo.join("hub.yaml"), shipped.path().join("hub.yaml")).unwrap();
    copy_dir(&repo.join("content"), &shipped.path().join("content"));
    copy_dir(&repo.join("themes"), &shipped.path().join("themes"));

    let synthetic = tempfile::tempdir().unwrap();
    let opts = synth::SynthOptions {
        pages: 1000,
        seed: 2030,
        template_root: repo.clone(),
    };
    synth::generate(&opts, synthetic.path()).unwrap();
    // Its default language only: the queries are English, and its other
    // three languages would make each of its two builds four times longer.
    let hub_yaml = synthetic.path().join("hub.yaml");
    let text = std::fs::read_to_string(&hub_yaml).unwrap();
    std::fs::write(&hub_yaml, first_language_only(&text)).unwrap();

    // Every build before any other thread starts (see the module note).
    let shipped_builds = builds(shipped.path());
    let synthetic_builds = builds(synthetic.path());
    let mut b = Browser::launch(&chromium);
    assert_same_results(&mut b, shipped_builds, SHIPPED);
    assert_same_results(&mut b, synthetic_builds, SYNTHETIC);
}
