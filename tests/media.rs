//! Rich pages (issue 14) through the binary: images' alt text, decorative
//! images, image paths Markdown would show as text.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use std::path::Path;

/// The good-hub fixture with its page bundle's text replaced by `body`.
fn hub_with_image_page(body: &str) -> tempfile::TempDir {
    let hub = hub_from_fixture("good-hub");
    let page = hub.path().join("content/case-studies/with-image/index.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let front = text.split_inclusive("---\n").take(2).collect::<String>();
    std::fs::write(&page, format!("{front}{body}")).unwrap();
    hub
}

fn build(hub: &Path, out: &Path) -> std::process::Output {
    clusterhub(&[
        "build",
        "--format",
        "json",
        "--root",
        hub.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ])
}

#[test]
fn a_decorative_image_is_published_with_an_empty_alt_and_no_warning() {
    let hub = hub_with_image_page("![A map of the area](map.png)\n\n![-](map.png)\n");
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let run = build(hub.path(), &site);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(!stderr(&run).contains("alt"), "{}", stderr(&run));
    let html = std::fs::read_to_string(site.join("case-studies/with-image/index.html")).unwrap();
    assert!(html.contains("alt=\"A map of the area\""), "{html}");
    assert!(html.contains("alt=\"\""), "{html}");
    assert!(!html.contains("alt=\"-\""), "{html}");
}

#[test]
fn alt_text_that_does_not_describe_fails_the_build_at_the_image() {
    let hub = hub_with_image_page(
        "Intro.\n\nSee ![photo](map.png) and ![](https://example.org/x.png).\n",
    );
    let out = tempfile::tempdir().unwrap();
    let run = build(hub.path(), &out.path().join("site"));
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let diags: Vec<serde_json::Value> = serde_json::from_str(&stdout(&run)).unwrap();
    let at: Vec<(&str, u64, u64)> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    // The front matter has 6 lines: the body starts at line 7.
    assert_eq!(
        at,
        [("bad-alt", 9, 5), ("missing-alt", 9, 27)],
        "{diags:#?}"
    );
    assert!(
        diags
            .iter()
            .all(|d| d["file"] == "content/case-studies/with-image/index.md")
    );
}
