//! The shipped hub builds clean, every internal link resolves, and the
//! navigation marks the section each page is in.

use super::build;
use crate::common::{broken_internal_links, shipped_hub, stderr};

#[test]
fn shipped_hub_builds_clean_and_every_internal_link_resolves() {
    let hub = shipped_hub();
    let out = build(hub.path(), &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("warning") && !err.contains("error"), "{err}");
    assert!(err.contains("built "), "{err}");
    let public = hub.path().join("public");
    for file in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "dissemination/atom.xml",
        "case-studies/index.html",
        // Every language has its folder, which the crawl below covers.
        "it/index.html",
        "it/case-studies/milan-up2030-pilot/index.html",
        "pt/case-studies/lisbon-up2030-pilot/index.html",
        "es/case-studies/granollers-up2030-pilot/index.html",
        "es/dissemination/atom.xml",
    ] {
        assert!(public.join(file).is_file(), "missing {file}");
    }
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://up-cluster.github.io/clusterhub/map/</loc>"),
        "the map page is in the sitemap"
    );
    assert!(
        !sitemap.contains("/search/"),
        "search result pages stay out of the sitemap"
    );
    let broken = broken_internal_links(&public, "/clusterhub/");
    assert!(broken.is_empty(), "broken internal links: {broken:#?}");
}

/// The shipped theme's navigation marks the section a page is in
/// (`section_url`): the page itself when a link goes there, else the
/// link it is under; other links stay unmarked.
#[test]
fn the_navigation_marks_the_section_each_page_is_in() {
    let hub = shipped_hub();
    let out = build(hub.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let public = hub.path().join("public");
    let page = |path: &str| std::fs::read_to_string(public.join(path)).unwrap();
    let link = |url: &str, mark: &str| format!("href=\"/clusterhub/{url}\"{mark}>");
    let (this, under) = (r#" aria-current="page""#, r#" aria-current="true""#);
    let home = page("index.html");
    assert!(home.contains(r#"class="site-title" href="/clusterhub/" aria-current="page""#));
    let listing = page("case-studies/index.html");
    assert!(listing.contains(&link("case-studies/", this)));
    assert!(listing.contains(r#"class="site-title" href="/clusterhub/">"#));
    for path in [
        "case-studies/page/2/index.html",
        "case-studies/alesund-sorsida-cultural-harbour/index.html",
    ] {
        let html = page(path);
        assert!(html.contains(&link("case-studies/", under)), "{path}");
        assert!(!html.contains(&link("case-studies/", this)), "{path}");
        assert!(html.contains(&link("methods/", "")), "{path}");
    }
    let term = page("domains/built-environment/index.html");
    assert!(term.contains(&link("domains/", under)));
    assert!(page("map/index.html").contains(&link("map/", this)));
}
