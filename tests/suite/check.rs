//! `clusterhub check`: golden outputs in all three formats for a fixture hub
//! with one instance of every problem kind, exit codes, and the exact
//! position and wording of the problems contributors hit most.
//!
//! Regenerate the golden files with `UPDATE_EXPECT=1 cargo test --test suite check::`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn check(root: &Path, format: &str) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_clusterhub"))
        .args(["check", "--format", format, "--root"])
        .arg(root)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// `check --format github` on a copy of the fixture outside any git
/// repository, so paths are relative to the hub (inside this repository
/// they would start with `tests/fixtures/check-problems/`).
fn check_github() -> Run {
    let hub = common::hub_from_fixture("check-problems");
    check(hub.path(), "github")
}

/// Compares `actual` with the committed file, or rewrites it when
/// UPDATE_EXPECT is set.
fn expect_file(name: &str, actual: &str) {
    let path = fixture("check-problems/expected").join(name);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_EXPECT=1)", path.display()));
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the output, first at line {}:\nexpected: {:?}\nactual:   {:?}\n(run with UPDATE_EXPECT=1 to accept the new output)",
            path.display(),
            first + 1,
            expected.lines().nth(first),
            actual.lines().nth(first)
        );
    }
}

#[test]
fn golden_human() {
    let run = check(&fixture("check-problems"), "human");
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty(), "human output goes to stderr");
    assert!(
        !run.stderr.contains('\u{1b}'),
        "no colour when not on a terminal"
    );
    expect_file("human.txt", &run.stderr);
}

#[test]
fn golden_github() {
    let run = check_github();
    assert_eq!(run.code, 1);
    expect_file("github.txt", &run.stdout);
}

#[test]
fn golden_json() {
    let run = check(&fixture("check-problems"), "json");
    assert_eq!(run.code, 1);
    expect_file("json.json", &run.stdout);
}

/// The problems of the fixture hub as JSON objects.
fn problems() -> Vec<Value> {
    let run = check(&fixture("check-problems"), "json");
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    v.as_array().unwrap().clone()
}

/// The one problem with this code in this file: (line, column, message, hint).
fn find(all: &[Value], file: &str, code: &str) -> (u64, u64, String, String) {
    let hits: Vec<&Value> = all
        .iter()
        .filter(|d| d["file"] == file && d["code"] == code)
        .collect();
    assert_eq!(hits.len(), 1, "one `{code}` in {file}, got {hits:?}");
    let d = hits[0];
    (
        d["line"].as_u64().unwrap(),
        d["column"].as_u64().unwrap(),
        d["message"].as_str().unwrap().to_string(),
        d["hint"].as_str().unwrap_or("").to_string(),
    )
}

#[test]
fn every_problem_kind_is_reported() {
    let all = problems();
    let mut codes: Vec<&str> = all.iter().map(|d| d["code"].as_str().unwrap()).collect();
    codes.sort_unstable();
    codes.dedup();
    for code in [
        "bad-alt",
        "bad-date",
        "bad-value",
        "broken-anchor",
        "broken-link",
        "broken-ref",
        "duplicate-slug",
        "empty-file",
        "empty-summary",
        "front-matter-shape",
        "image-path-space",
        "long-summary",
        "missing-alt",
        "missing-field",
        "missing-file",
        "not-utf8",
        "orphan",
        "out-of-range",
        "source-not-web",
        "template-render",
        "unclosed-front-matter",
        "unknown-field",
        "wrong-type",
        "yaml-syntax",
    ] {
        assert!(codes.contains(&code), "no `{code}` in {codes:?}");
    }
    // Sorted by file, then line.
    let keys: Vec<(String, u64)> = all
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn bom_and_crlf_files_are_read_like_any_other() {
    let all = problems();
    for file in ["content/cities/bom.md", "content/cities/crlf.md"] {
        let about: Vec<&Value> = all.iter().filter(|d| d["file"] == file).collect();
        assert!(about.is_empty(), "{file}: {about:?}");
    }
}

#[test]
fn unclosed_quote_points_at_the_quote() {
    let (line, col, message, hint) = find(
        &problems(),
        "content/cities/yaml-unclosed-quote.md",
        "yaml-syntax",
    );
    assert_eq!((line, col), (2, 8));
    assert!(message.contains("never closed"), "{message}");
    assert!(hint.starts_with("add the closing \""), "{hint}");
}

#[test]
fn unclosed_list_points_at_its_bracket_not_at_the_line_after() {
    let (line, col, message, hint) = find(
        &problems(),
        "content/cities/yaml-unclosed-list.md",
        "yaml-syntax",
    );
    assert_eq!((line, col), (3, 10), "{message}");
    assert!(
        message.contains("list") && message.contains("never closed"),
        "{message}"
    );
    assert!(hint.starts_with("add `]`"), "{hint}");
}

#[test]
fn bad_indentation_and_tabs() {
    let all = problems();
    let (line, col, _, _) = find(
        &all,
        "content/cities/yaml-bad-indentation.md",
        "yaml-syntax",
    );
    assert_eq!((line, col), (4, 3));
    let (line, col, _, hint) = find(
        &all,
        "content/cities/yaml-tab-indentation.md",
        "yaml-syntax",
    );
    assert_eq!((line, col), (6, 1));
    assert!(hint.contains("tabs"), "{hint}");
}

#[test]
fn file_shape_problems() {
    let all = problems();
    let (line, _, _, hint) = find(
        &all,
        "content/cities/unclosed-front-matter.md",
        "unclosed-front-matter",
    );
    assert_eq!(line, 1);
    assert!(hint.contains("`---`"));
    let (line, _, message, _) = find(
        &all,
        "content/cities/front-matter-list.md",
        "front-matter-shape",
    );
    assert_eq!(line, 2);
    assert!(message.ends_with("found a list"), "{message}");
    let (_, _, message, _) = find(
        &all,
        "content/cities/front-matter-scalar.md",
        "front-matter-shape",
    );
    assert!(message.ends_with("found text"), "{message}");
    let (line, col, message, _) = find(&all, "content/cities/not-utf8.md", "not-utf8");
    assert_eq!((line, col), (2, 9));
    assert!(message.contains("0xFC"), "{message}");
    find(&all, "content/cities/empty.md", "empty-file");
}

#[test]
fn unknown_field_suggests_the_nearest_name() {
    let (line, col, message, hint) = find(
        &problems(),
        "content/case-studies/unknown-field.md",
        "unknown-field",
    );
    assert_eq!((line, col), (5, 1));
    assert_eq!(message, "unknown field `satus` for a page in case-studies");
    assert_eq!(hint, "did you mean `status`?");
}

#[test]
fn wrong_types_say_what_to_write() {
    let all = problems();
    let file = "content/case-studies/wrong-types.md";
    let (line, col, message, hint) = find(&all, file, "bad-date");
    assert_eq!((line, col), (6, 8));
    assert_eq!(
        message,
        "`start` is not a date of the calendar: there is no month 13 (months go from 01 to 12)"
    );
    assert!(hint.contains("YYYY-MM"));
    let hits: Vec<&Value> = all
        .iter()
        .filter(|d| d["file"] == file && d["code"] == "wrong-type")
        .collect();
    assert_eq!(hits.len(), 2);
    assert_eq!(
        hits[0]["message"],
        "`domains` must be a list, found a single value"
    );
    assert_eq!(
        (hits[0]["line"].as_u64(), hits[0]["column"].as_u64()),
        (Some(5), Some(10))
    );
    assert_eq!(hits[1]["line"], 7);
    let (line, col, message, _) = find(&all, "content/cities/wrong-number.md", "wrong-type");
    assert_eq!((line, col), (5, 6));
    assert_eq!(message, "`lat` must be a number, found `north`");
    let (_, _, _, hint) = find(&all, "content/cities/out-of-range.md", "out-of-range");
    assert_eq!(hint, "write a value between -90 and 90");
}

#[test]
fn enum_values_are_listed() {
    let all = problems();
    let hits: Vec<&Value> = all
        .iter()
        .filter(|d| d["file"] == "content/case-studies/bad-enum.md" && d["code"] == "bad-value")
        .collect();
    assert_eq!(hits.len(), 2);
    assert_eq!(
        (hits[0]["line"].as_u64(), hits[0]["column"].as_u64()),
        (Some(5), Some(9))
    );
    assert_eq!(
        hits[0]["message"],
        "`finished` is not an allowed value for `status`"
    );
    assert_eq!(
        hits[0]["hint"],
        "allowed values: planned, ongoing, completed"
    );
    assert_eq!(
        (hits[1]["line"].as_u64(), hits[1]["column"].as_u64()),
        (Some(6), Some(19))
    );
}

#[test]
fn broken_ref_suggests_the_nearest_slug() {
    let (line, col, message, hint) = find(
        &problems(),
        "content/case-studies/broken-ref.md",
        "broken-ref",
    );
    assert_eq!((line, col), (4, 7));
    assert!(message.starts_with("no city `belfst`"), "{message}");
    assert_eq!(hint, "did you mean `belfast`?");
}

#[test]
fn duplicate_slugs_name_the_other_file() {
    let (_, _, message, _) = find(
        &problems(),
        "content/case-studies/duplicate/index.md",
        "duplicate-slug",
    );
    assert!(
        message.contains("content/case-studies/duplicate.md"),
        "{message}"
    );
}

#[test]
fn body_links_anchors_and_images() {
    let all = problems();
    let file = "content/case-studies/broken-links.md";
    let (line, col, message, hint) = find(&all, file, "broken-link");
    assert_eq!((line, col), (6, 5));
    assert_eq!(
        message,
        "link to a page that does not exist: content/cities/lisbn.md"
    );
    assert!(
        hint.starts_with("did you mean `cities/lisbon.md`?"),
        "{hint}"
    );
    let (line, col, _, hint) = find(&all, file, "broken-anchor");
    assert_eq!((line, col), (6, 38));
    assert_eq!(hint, "did you mean `#linen-quarter`?");
    let file = "content/case-studies/images.md";
    let (line, _, message, _) = find(&all, file, "missing-file");
    assert_eq!(line, 6);
    assert_eq!(
        message,
        "image not found: content/case-studies/site-plan.png"
    );
    let (line, _, _, _) = find(&all, file, "missing-alt");
    assert_eq!(line, 8);
    let bad: Vec<(u64, u64)> = all
        .iter()
        .filter(|d| d["file"] == file && d["code"] == "bad-alt")
        .map(|d| (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
        .collect();
    assert_eq!(bad, [(10, 1), (10, 30)]);
    let (line, col, message, hint) = find(&all, file, "image-path-space");
    assert_eq!((line, col), (12, 5));
    assert!(message.contains("`map 2.png` has a space"), "{message}");
    assert!(
        hint.contains("(<map 2.png>)") && hint.contains("(map%202.png)"),
        "{hint}"
    );
}

#[test]
fn template_errors_point_into_the_theme() {
    let (line, col, message, hint) = find(
        &problems(),
        "themes/mini/templates/page/case-studies.html",
        "template-render",
    );
    assert_eq!((line, col), (3, 22));
    assert!(
        message.contains("`funding_body` is not defined"),
        "{message}"
    );
    assert!(
        hint.contains("while rendering content/case-studies/"),
        "{hint}"
    );

    let run = check(&fixture("check-template-syntax"), "json");
    assert_eq!(run.code, 1);
    let all: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let (line, col, _, _) = find(&all, "themes/mini/templates/page.html", "template-syntax");
    assert_eq!((line, col), (3, 29));
}

#[test]
fn warnings() {
    let all = problems();
    let (line, _, _, _) = find(&all, "content/case-studies/warnings.md", "long-summary");
    assert_eq!(line, 3);
    let (line, col, message, _) = find(&all, "content/case-studies/warnings.md", "source-not-web");
    assert_eq!((line, col), (7, 5));
    assert_eq!(message, "source `report.pdf` is not a web address");
    find(
        &all,
        "content/case-studies/empty-summary.md",
        "empty-summary",
    );
    find(&all, "content/case-studies/no-summary.md", "empty-summary");
    find(&all, "content/cities/lonely.md", "orphan");
    for d in &all {
        let warning = [
            "orphan",
            "empty-summary",
            "long-summary",
            "source-not-web",
            "heading-attribute",
            "html-removed",
            "placeholder-url",
        ]
        .contains(&d["code"].as_str().unwrap());
        let expected = if warning { "warning" } else { "error" };
        assert_eq!(d["severity"], expected, "{d}");
    }
}

#[test]
fn human_summary_line_counts_problems() {
    let run = check(&fixture("check-problems"), "human");
    let last = run.stderr.lines().last().unwrap();
    assert!(
        last.starts_with("checked ") && last.contains(" errors, ") && last.ends_with(" files"),
        "{last}"
    );
}

#[test]
fn github_commands_are_one_line_each_with_escaped_data() {
    let run = check_github();
    for line in run.stdout.lines() {
        assert!(
            line.starts_with("::error file=content/")
                || line.starts_with("::warning file=content/")
                || line.starts_with("::error file=themes/"),
            "{line}"
        );
        let (props, data) = line[2..].split_once("::").unwrap();
        assert!(!props.contains('\n') && !data.contains('\r'));
        assert!(
            props.contains(",line=")
                && props.contains(",endLine=")
                && props.contains(",col=")
                && props.contains(",endColumn="),
            "{props}"
        );
    }
    let hint_line = run
        .stdout
        .lines()
        .find(|l| l.contains("unknown-field.md"))
        .unwrap();
    assert_eq!(
        hint_line,
        "::error file=content/case-studies/unknown-field.md,line=5,endLine=5,col=1,endColumn=6,title=unknown field::unknown field `satus` for a page in case-studies%0Ahelp: did you mean `status`?"
    );
}

#[test]
fn warnings_only_exit_zero() {
    let run = check(&fixture("check-warnings"), "human");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.ends_with("0 errors, 2 warnings in 1 file\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn missing_hub_yaml_exits_two() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["human", "github", "json"] {
        let run = check(dir.path(), format);
        assert_eq!(run.code, 2, "{format}");
    }
    let run = check(dir.path(), "json");
    let all: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["code"], "no-config");
    assert!(all[0]["hint"].as_str().unwrap().contains("--root"));
}

#[test]
fn broken_hub_yaml_is_one_clear_error() {
    let run = check(&fixture("check-bad-config"), "json");
    assert_eq!(run.code, 1);
    let all: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(all.len(), 1);
    let (line, col, message, hint) = find(&all, "hub.yaml", "unknown-type");
    assert_eq!((line, col), (6, 15));
    assert_eq!(message, "unknown field type `nmber` for field `lat`");
    assert!(hint.starts_with("did you mean `number`?"));
}

#[test]
fn shipped_hub_has_no_problems() {
    let run = check(Path::new(env!("CARGO_MANIFEST_DIR")), "json");
    assert_eq!(run.stdout, "[]\n");
    assert_eq!(run.code, 0);
}
