//! Every bad input (front matter, templates, theme, content model,
//! hub.yaml, odd files) reported at its file, line and column.

use super::{assert_diag, build, build_diagnostics, find};
use crate::common::{hub_from_fixture, shipped_hub, stderr, stdout};
use serde_json::Value;

#[test]
fn bad_front_matter_is_reported_at_file_line_and_column() {
    let hub = hub_from_fixture("bad-inputs");
    let d = build_diagnostics(hub.path());
    let cs = "content/case-studies/";
    assert_diag(
        &d,
        &format!("{cs}unclosed-quote.md"),
        "yaml-syntax",
        2,
        8,
        "never closed",
        "closing \"",
    );
    assert_diag(
        &d,
        &format!("{cs}bad-indent.md"),
        "yaml-syntax",
        4,
        3,
        "indented",
        "remove the spaces",
    );
    assert_diag(
        &d,
        &format!("{cs}tab-indent.md"),
        "yaml-syntax",
        5,
        1,
        "tab",
        "use spaces",
    );
    assert_diag(
        &d,
        &format!("{cs}unclosed-front-matter.md"),
        "unclosed-front-matter",
        1,
        1,
        "never closed",
        "`---`",
    );
    assert_diag(
        &d,
        &format!("{cs}list-front-matter.md"),
        "front-matter-shape",
        2,
        1,
        "found a list",
        "name: value",
    );
    assert_diag(
        &d,
        &format!("{cs}scalar-front-matter.md"),
        "front-matter-shape",
        2,
        1,
        "found text",
        "name: value",
    );
    assert_diag(
        &d,
        &format!("{cs}not-utf8.md"),
        "not-utf8",
        5,
        4,
        "not UTF-8",
        "UTF-8",
    );
    assert_diag(
        &d,
        &format!("{cs}empty.md"),
        "empty-file",
        1,
        1,
        "empty",
        "title:",
    );
    assert_diag(
        &d,
        &format!("{cs}unknown-field.md"),
        "unknown-field",
        4,
        1,
        "unknown field `citty`",
        "did you mean `city`?",
    );
    assert_diag(
        &d,
        &format!("{cs}wrong-types.md"),
        "wrong-type",
        4,
        7,
        "`tags` must be a list",
        "tags: [one]",
    );
    assert_diag(
        &d,
        &format!("{cs}wrong-types.md"),
        "bad-date",
        5,
        7,
        "there is no month 13",
        "YYYY-MM",
    );
    assert_diag(
        &d,
        &format!("{cs}bad-enum.md"),
        "bad-value",
        4,
        9,
        "`finished` is not an allowed value",
        "planned, ongoing, completed",
    );
    assert_diag(
        &d,
        &format!("{cs}broken-ref.md"),
        "broken-ref",
        3,
        7,
        "no city `belfst`",
        "did you mean `belfast`?",
    );
    assert_diag(
        &d,
        &format!("{cs}dup/index.md"),
        "duplicate-slug",
        1,
        1,
        "already has the slug `dup`",
        "rename",
    );
    assert_diag(
        &d,
        &format!("{cs}broken-links.md"),
        "broken-link",
        5,
        5,
        "content/methods/nothing.md",
        "@/",
    );
    assert_diag(
        &d,
        &format!("{cs}broken-links.md"),
        "broken-anchor",
        7,
        5,
        "no heading `#stpes`",
        "did you mean `#steps`?",
    );
    assert_diag(
        &d,
        "content/cities/wrong-number.md",
        "wrong-type",
        4,
        6,
        "`lat` must be a number, found `north`",
        "between -90 and 90",
    );
    assert_diag(
        &d,
        "content/cities/out-of-range.md",
        "out-of-range",
        4,
        6,
        "123.5",
        "between -90 and 90",
    );
    // A BOM and CRLF line endings are fine: no error for those files.
    for ok in [
        "content/cities/bom.md",
        "content/cities/crlf.md",
        "content/case-studies/good.md",
    ] {
        let errors: Vec<&Value> = d
            .iter()
            .filter(|x| x["file"] == ok && x["severity"] == "error")
            .collect();
        assert!(errors.is_empty(), "{ok}: {errors:#?}");
    }
    // Every problem was collected in the one run, and nothing was written.
    assert_eq!(
        d.iter().filter(|x| x["severity"] == "error").count(),
        18,
        "{d:#?}"
    );
    assert!(!hub.path().join("public").exists());
}

#[test]
fn template_errors_point_into_the_template() {
    let hub = hub_from_fixture("template-syntax");
    let d = build_diagnostics(hub.path());
    assert_diag(
        &d,
        "themes/broken/templates/list.html",
        "template-syntax",
        3,
        34,
        "expected }}",
        "",
    );

    let hub = hub_from_fixture("template-undefined");
    let d = build_diagnostics(hub.path());
    assert_eq!(d.len(), 1, "one diagnostic for one mistake: {d:#?}");
    assert_diag(
        &d,
        "themes/broken/templates/page.html",
        "template-render",
        3,
        19,
        "`nonexistent` is not defined",
        "while rendering content/",
    );
}

#[test]
fn missing_theme_and_broken_content_model_are_reported_in_hub_yaml() {
    let hub = hub_from_fixture("missing-theme");
    let d = build_diagnostics(hub.path());
    assert_diag(
        &d,
        "hub.yaml",
        "unknown-theme",
        3,
        8,
        "theme `mnii` does not exist",
        "did you mean `mini`?",
    );

    let hub = hub_from_fixture("bad-hub-yaml");
    let d = build_diagnostics(hub.path());
    assert_diag(
        &d,
        "hub.yaml",
        "unknown-type",
        6,
        19,
        "unknown field type `nmber`",
        "did you mean `number`?",
    );
    assert_diag(
        &d,
        "hub.yaml",
        "unknown-collection",
        11,
        13,
        "collection `citys`",
        "did you mean `cities`?",
    );
}

#[test]
fn missing_hub_yaml_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = build(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("hub.yaml"), "{}", stderr(&out));
}

#[test]
fn odd_files_are_diagnosed_without_panicking() {
    use std::os::unix::ffi::OsStrExt;
    let hub = hub_from_fixture("good-hub");
    let cs = hub.path().join("content/case-studies");
    // A huge page (about 12 MB) still builds.
    let big = format!(
        "---\ntitle: Huge\ncity: belfast\n---\n{}",
        "Lorem ipsum dolor sit amet. ".repeat(450_000)
    );
    std::fs::write(cs.join("huge.md"), big).unwrap();
    std::fs::write(
        cs.join("Ålesund Pilot.md"),
        "---\ntitle: Odd name\ncity: belfast\n---\n",
    )
    .unwrap();
    std::fs::write(
        cs.join(std::ffi::OsStr::from_bytes(b"caf\xe9.md")),
        "---\ntitle: Latin-1 name\n---\n",
    )
    .unwrap();
    std::fs::write(cs.join("binary.md"), [0u8, 159, 146, 150, 255, 0, 1]).unwrap();
    std::fs::create_dir_all(cs.join("a/b")).unwrap();
    std::fs::write(cs.join("a/b/deep.md"), "---\ntitle: Deep\n---\n").unwrap();
    std::fs::write(
        hub.path().join("content/stray.md"),
        "---\ntitle: Stray\n---\n",
    )
    .unwrap();
    std::fs::write(cs.join("notes.md~"), "editor backup, ignored").unwrap();
    std::fs::write(cs.join(".#pilot.md"), "emacs lock, ignored").unwrap();
    let out = build(hub.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let d: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    let codes: Vec<(&str, &str)> = d
        .iter()
        .filter(|x| x["severity"] == "error")
        .map(|x| (x["file"].as_str().unwrap(), x["code"].as_str().unwrap()))
        .collect();
    assert!(
        codes.contains(&("content/case-studies/Ålesund Pilot.md", "bad-slug")),
        "{codes:?}"
    );
    assert!(
        codes
            .iter()
            .any(|(f, c)| f.starts_with("content/case-studies/caf") && *c == "bad-file-name"),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("content/case-studies/binary.md", "not-utf8")),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("content/case-studies/a/b/deep.md", "misplaced-file")),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("content/stray.md", "misplaced-file")),
        "{codes:?}"
    );
    assert!(
        !codes
            .iter()
            .any(|(f, _)| f.contains("huge") || f.contains("notes") || f.contains(".#")),
        "{codes:?}"
    );
    let hint = &find(&d, "content/case-studies/Ålesund Pilot.md", "bad-slug")["hint"];
    assert_eq!(hint, "rename the file to `alesund-pilot`");
}

#[test]
fn a_footer_page_the_hub_does_not_have_is_an_error_at_its_line_in_hub_yaml() {
    let hub = shipped_hub();
    let yaml = hub.path().join("hub.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    let text = text.replace("    - about/privacy\n", "    - about/privacy-notice\n");
    std::fs::write(&yaml, &text).unwrap();
    let line = text
        .lines()
        .position(|l| l == "    - about/privacy-notice")
        .unwrap() as u64
        + 1;
    let d = build_diagnostics(hub.path());
    assert_eq!(d.len(), 1, "{d:?}");
    assert_diag(
        &d,
        "hub.yaml",
        "unknown-page",
        line,
        7,
        "names `about/privacy-notice`, but the hub has no such page",
        "add content/about/privacy-notice.md",
    );
}
