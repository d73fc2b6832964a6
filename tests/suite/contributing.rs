//! The contributor path end to end: the case-study template in
//! CONTRIBUTING.md passes `check`, its example error is what `check` prints,
//! and every published page links to its source file for editing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::*;

/// The fenced template of step 6 in CONTRIBUTING.md, unindented.
fn contributing_template() -> String {
    let text = std::fs::read_to_string(repo_root().join("CONTRIBUTING.md")).unwrap();
    let start = text.find("   ```markdown\n").unwrap() + "   ```markdown\n".len();
    let end = start + text[start..].find("   ```\n").unwrap();
    text[start..end]
        .lines()
        .map(|l| l.strip_prefix("   ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn contributing_template_passes_check_and_its_example_error_is_real() {
    let hub = shipped_hub();
    let page = hub
        .path()
        .join("content/case-studies/lisbon-green-corridors.md");
    std::fs::write(&page, contributing_template()).unwrap();
    let root = hub.path().to_str().unwrap();
    let out = clusterhub(&["check", "--root", root]);
    // It passes; its example source address is flagged until replaced.
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("warning[placeholder-url]")
            && stderr(&out).ends_with("0 errors, 1 warning in 1 file\n"),
        "{}",
        stderr(&out)
    );

    // The guide shows the error for a misspelt city; it must match.
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("city: lisbon", "city: lisbn")).unwrap();
    let out = clusterhub(&["check", "--root", root]);
    assert_eq!(out.status.code(), Some(1));
    let guide = std::fs::read_to_string(repo_root().join("CONTRIBUTING.md")).unwrap();
    let example_start = guide.find("error[broken-ref]").unwrap();
    let example_end = example_start + guide[example_start..].find("```").unwrap();
    let example = &guide[example_start..example_end];
    assert!(
        stderr(&out).starts_with(example),
        "CONTRIBUTING.md shows:\n{example}\ncheck prints:\n{}",
        stderr(&out)
    );
}

/// `clusterhub new case-studies` writes the headings the guide's template
/// has (hub.yaml's outline for case studies).
#[test]
fn new_case_studies_have_the_headings_of_the_guide() {
    let hub = shipped_hub();
    let root = hub.path().to_str().unwrap();
    let out = clusterhub(&["new", "case-studies", "Lisbon", "--root", root]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = std::fs::read_to_string(hub.path().join("content/case-studies/lisbon.md")).unwrap();
    let headings = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with("## "))
            .map(str::to_string)
            .collect()
    };
    let guide = headings(&contributing_template());
    assert_eq!(guide, ["## What was done", "## Where it stands"]);
    assert_eq!(headings(&page), guide);
}

#[test]
fn every_item_page_has_an_edit_link_to_its_file() {
    let hub = shipped_hub();
    let root = hub.path().to_str().unwrap();
    let out = clusterhub(&["build", "--root", root]);
    assert!(out.status.success(), "{}", stderr(&out));
    let site = snapshot(&hub.path().join("public"));
    let mut pages = 0;
    for dir in std::fs::read_dir(hub.path().join("content")).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let collection = dir.file_name().unwrap().to_string_lossy().into_owned();
        for file in std::fs::read_dir(&dir).unwrap() {
            let name = file.unwrap().file_name().to_string_lossy().into_owned();
            let Some(slug) = name.strip_suffix(".md") else {
                continue;
            };
            if slug == "_index" || slug.starts_with("_index.") {
                continue;
            }
            // A translation (`slug.it.md`) is published under its language
            // (`it/…`), and its link edits the translation, in its words.
            let (page, text) = match slug.split_once('.') {
                Some((original, lang)) => (format!("{lang}/{collection}/{original}"), ""),
                None => (format!("{collection}/{slug}"), "Edit this page</a>"),
            };
            let html = String::from_utf8(site[&format!("{page}/index.html")].clone()).unwrap();
            let link = format!(
                "href=\"https://github.com/up-cluster/clusterhub/edit/main/content/{collection}/{slug}.md\">{text}"
            );
            assert!(html.contains(&link), "{page}: no edit link to {slug}.md");
            pages += 1;
        }
    }
    assert!(pages > 50);
}

#[test]
fn workflows_run_check_on_pull_requests_and_deploy_main() {
    let check = std::fs::read_to_string(repo_root().join(".github/workflows/check.yml")).unwrap();
    assert!(check.contains("pull_request:"));
    // Code from forks runs without secrets or write rights.
    assert!(!check.contains("pull_request_target"));
    assert!(check.contains("permissions:\n  contents: read\n"));
    // The released binary, its checksum verified, when the code is the
    // release's; else a build from source.
    assert!(
        check.contains(
            "git diff --quiet \"$tag\" HEAD -- src build.rs starter Cargo.toml Cargo.lock"
        )
    );
    assert!(check.contains("sha256sum --check --strict"));
    assert!(check.contains("cargo build --release --locked"));
    assert!(check.contains("\"$CLUSTERHUB\" check --format github"));
    let release =
        std::fs::read_to_string(repo_root().join(".github/workflows/release.yml")).unwrap();
    for needle in [
        "tags: [\"v*\"]",
        "x86_64-unknown-linux-musl",
        "aarch64-apple-darwin",
        "x86_64-apple-darwin",
        "x86_64-pc-windows-msvc",
        "SHA256SUMS",
        "clusterhub-$GITHUB_REF_NAME-${{ matrix.target }}",
    ] {
        assert!(release.contains(needle), "release.yml lacks {needle}");
    }
    // The name check.yml downloads is the name release.yml uploads.
    assert!(check.contains("name=\"clusterhub-$tag-x86_64-unknown-linux-musl.tar.gz\""));
    let deploy = std::fs::read_to_string(repo_root().join(".github/workflows/deploy.yml")).unwrap();
    for needle in [
        "branches: [main]",
        "pages: write",
        "id-token: write",
        "--base-url \"${{ steps.pages.outputs.base_url }}/\"",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
    ] {
        assert!(deploy.contains(needle), "deploy.yml lacks {needle}");
    }
}
