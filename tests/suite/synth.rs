//! Large synthetic hubs (examples/synth.rs) still build correctly: no
//! problem reported, every internal href/src (and `#anchor`) resolves to a
//! file in the output, and two builds are byte-identical. The 300-page hub
//! runs with `cargo test`; the 10,000-page one is ignored by default:
//!
//! ```text
//! cargo test --release --test suite synth:: -- --ignored
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use crate::generator as synth;

use common::*;
use std::path::Path;

fn generate(pages: usize, dir: &Path) -> synth::SynthStats {
    let opts = synth::SynthOptions {
        pages,
        seed: 2030,
        template_root: repo_root(),
    };
    synth::generate(&opts, dir).unwrap()
}

fn build_clean(root: &Path, output: &str) {
    let out = clusterhub(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        output,
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        !err.contains("warning") && !err.contains("error"),
        "the synthetic hub should build without any problem: {err}"
    );
}

fn check_synthetic_hub(pages: usize) {
    let dir = tempfile::tempdir().unwrap();
    let hub = dir.path().join("hub");
    let stats = generate(pages, &hub);
    assert_eq!(
        stats.case_studies + stats.methods + stats.dissemination,
        pages
    );

    build_clean(&hub, "public");
    build_clean(&hub, "public-again");
    let public = hub.join("public");
    let again = hub.join("public-again");

    // Every page of every collection has its own index.html.
    let pages_written = [
        "case-studies",
        "methods",
        "dissemination",
        "cities",
        "projects",
    ]
    .iter()
    .map(|c| {
        std::fs::read_dir(public.join(c))
            .unwrap()
            .filter(|e| {
                let e = e.as_ref().unwrap();
                e.path().join("index.html").is_file() && e.file_name() != "page"
            })
            .count()
    })
    .sum::<usize>();
    assert_eq!(pages_written, stats.total_pages());

    let broken = broken_internal_links(&public, "/clusterhub/");
    assert!(
        broken.is_empty(),
        "{} broken internal links, first ones: {:#?}",
        broken.len(),
        &broken[..broken.len().min(10)]
    );

    check_pagination_window(&public.join("case-studies"));

    let first = snapshot(&public);
    let second = snapshot(&again);
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>(),
        "two builds wrote different files"
    );
    for (path, bytes) in &first {
        assert!(second[path] == *bytes, "{path} differs between two builds");
    }
}

/// Every page of a long listing links to the first and last pages and to
/// two pages either side of itself, with a gap mark where pages are left
/// out, instead of listing every page number.
fn check_pagination_window(listing: &Path) {
    let page_file = |n: usize| {
        if n == 1 {
            listing.join("index.html")
        } else {
            listing.join(format!("page/{n}/index.html"))
        }
    };
    let total = (1..).take_while(|&n| page_file(n).is_file()).count();
    assert!(
        total > 7,
        "the listing should be long enough to need a window: {total} pages"
    );
    for n in 1..=total {
        let html = std::fs::read_to_string(page_file(n)).unwrap();
        let nav = &html[html.find("class=\"pagination__list\"").unwrap()..];
        let nav = &nav[..nav.find("</ul>").unwrap()];
        let shown: Vec<usize> = nav
            .split("<span class=\"visually-hidden\">Page </span>")
            .skip(1)
            .map(|rest| rest[..rest.find('<').unwrap()].parse().unwrap())
            .collect();
        let mut want: Vec<usize> = (1..=total)
            .filter(|&k| k == 1 || k == total || k.abs_diff(n) <= 2)
            .collect();
        want.dedup();
        assert_eq!(shown, want, "page numbers linked from page {n} of {total}");
        let gaps = nav.matches("pagination__gap").count();
        // A gap where page 2 or page total - 1 is left out.
        let want_gaps = usize::from(n > 4) + usize::from(n + 3 < total);
        assert_eq!(gaps, want_gaps, "gap marks on page {n} of {total}");
    }
}

#[test]
fn synthetic_hub_of_300_pages_builds_with_every_link_resolving_and_deterministically() {
    check_synthetic_hub(300);
}

#[test]
fn synthetic_hub_generation_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    generate(120, &a);
    generate(120, &b);
    let (a, b) = (snapshot(&a.join("content")), snapshot(&b.join("content")));
    assert_eq!(a.len(), b.len());
    assert!(a == b, "the same seed and size gave different content");
}

#[test]
#[ignore = "large: run with `cargo test --release --test suite synth:: -- --ignored`"]
fn synthetic_hub_of_10000_pages_builds_with_every_link_resolving_and_deterministically() {
    check_synthetic_hub(10_000);
}
