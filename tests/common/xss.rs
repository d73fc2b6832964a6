//! The XSS payload pages, shared by tests/suite/xss.rs and the Chromium test in
//! tests/browser: every line of tests/fixtures/xss/payloads.txt becomes a
//! page that holds it as an HTML block, inline, in a list and in a quote,
//! and the intro pages of the home page and of the collection hold them all.

use std::path::Path;

/// The payloads, in file order (comment lines left out).
pub fn payloads(repo: &Path) -> Vec<String> {
    std::fs::read_to_string(repo.join("tests/fixtures/xss/payloads.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// Writes the fixture hub (its hub.yaml, the shipped theme and one page per
/// payload) into `hub`; returns (page path under content/, payload).
pub fn write_hub(repo: &Path, hub: &Path) -> Vec<(String, String)> {
    std::fs::copy(
        repo.join("tests/fixtures/xss/hub.yaml"),
        hub.join("hub.yaml"),
    )
    .unwrap();
    copy_tree(&repo.join("themes/cluster"), &hub.join("themes/cluster"));
    let notes = hub.join("content/notes");
    std::fs::create_dir_all(&notes).unwrap();
    let all = payloads(repo);
    let intro = |title: &str| format!("---\ntitle: {title}\n---\n{}\n", all.join("\n\n"));
    std::fs::write(hub.join("content/_index.md"), intro("Home")).unwrap();
    std::fs::write(notes.join("_index.md"), intro("Notes")).unwrap();
    let mut pages = Vec::new();
    for (i, p) in all.iter().enumerate() {
        let n = i + 1;
        let body = format!(
            "---\ntitle: Payload {n}\nsummary: Hostile raw HTML number {n}.\n---\nPayload {n} as a block:\n\n{p}\n\nInline: before {p} after.\n\n- In a list: {p}\n\n> In a quote: {p}\n\nThe end.\n"
        );
        let path = format!("notes/p{n:03}.md");
        std::fs::write(hub.join("content").join(&path), body).unwrap();
        pages.push((path, p.clone()));
    }
    pages
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}
