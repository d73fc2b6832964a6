//! The messages a contributor gets for the mistakes they make most: file,
//! line, column and words, in pages and in hub.yaml.

use super::{bin, run_in, starter};
use serde_json::Value;

/// `check --format json` of the starter hub with `files` written into it
/// (path, text): its diagnostics.
fn problems(files: &[(&str, &str)]) -> Vec<Value> {
    let hub = starter();
    for (path, text) in files {
        let path = hub.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let out = run_in(&bin(), hub.path(), &["check", "--format", "json"]);
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// The one diagnostic of `code` in `file`: (line, column, message, hint).
fn one(all: &[Value], file: &str, code: &str) -> (u64, u64, String, String) {
    let hits: Vec<&Value> = all
        .iter()
        .filter(|d| d["file"] == file && d["code"] == code)
        .collect();
    assert_eq!(hits.len(), 1, "{file} {code}: {all:#?}");
    let d = hits[0];
    (
        d["line"].as_u64().unwrap(),
        d["column"].as_u64().unwrap(),
        d["message"].as_str().unwrap().to_string(),
        d["hint"].as_str().unwrap_or("").to_string(),
    )
}

const CASE: &str = "content/case-studies/lisbon-green-corridors.md";

fn case_study(front: &str) -> String {
    format!("---\n{front}\n---\nText, about [Lisbon](@/cities/lisbon.md).\n")
}

#[test]
fn files_without_the_md_ending_are_errors_naming_the_file_to_rename_them_to() {
    let page = case_study("title: G\ncity: lisbon\nsources: [https://www.lisboa.pt/]");
    let all = problems(&[
        ("content/case-studies/grenoble-boulevard", &page),
        ("content/case-studies/Grenoble.MD", &page),
    ]);
    let (line, col, message, hint) = one(
        &all,
        "content/case-studies/grenoble-boulevard",
        "not-a-page",
    );
    assert_eq!((line, col), (0, 0));
    assert_eq!(
        message,
        "this file has no `.md` ending, so it is neither a page nor published"
    );
    assert_eq!(
        hint,
        "if it is a page, rename it to `content/case-studies/grenoble-boulevard.md`; otherwise remove it"
    );
    let (_, _, message, hint) = one(&all, "content/case-studies/Grenoble.MD", "not-a-page");
    assert_eq!(
        message,
        "`.md` is not read as a page: page files end in `.md`, in lower case"
    );
    assert!(
        hint.contains("rename it to `content/case-studies/grenoble.md`"),
        "{hint}"
    );
}

#[test]
fn a_title_with_a_colon_or_curly_quotes_says_to_put_it_in_double_quotes() {
    let all = problems(&[
        (
            CASE,
            &case_study("title: Lisbon: green corridors\ncity: lisbon"),
        ),
        (
            "content/case-studies/curly.md",
            &case_study("title: \u{201c}Lisbon: corridors\u{201d}\ncity: lisbon"),
        ),
    ]);
    let (line, col, message, hint) = one(&all, CASE, "yaml-syntax");
    assert_eq!((line, col), (2, 8));
    assert_eq!(
        message,
        "the value of `title` holds a colon followed by a space, which YAML reads as the start of another field"
    );
    assert_eq!(
        hint,
        "put the title in straight double quotes: `title: \"Lisbon: green corridors\"`"
    );
    let (line, col, message, hint) = one(&all, "content/case-studies/curly.md", "yaml-syntax");
    assert_eq!((line, col), (2, 8));
    assert!(message.contains("curly quotes"), "{message}");
    assert_eq!(
        hint,
        "put the title in straight double quotes: `title: \"Lisbon: corridors\"`"
    );
}

#[test]
fn an_impossible_date_says_why() {
    let all = problems(&[(
        CASE,
        &case_study("title: L\ncity: lisbon\ndate: 2025-02-30"),
    )]);
    let (line, col, message, _) = one(&all, CASE, "bad-date");
    assert_eq!((line, col), (4, 7));
    assert_eq!(
        message,
        "`date` is not a date of the calendar: February 2025 has 28 days, so there is no day 30"
    );
}

#[test]
fn sources_as_one_text_are_split_in_the_hint_and_spaces_and_examples_are_caught() {
    let all = problems(&[
        (
            CASE,
            &case_study(
                "title: L\ncity: lisbon\nsources: https://a.example/x, https://b.example/y",
            ),
        ),
        (
            "content/case-studies/spaced.md",
            &case_study(
                "title: S\ncity: lisbon\nsources:\n  - https://a.example/the report.pdf\n  - https://example.org/the-report-you-used.pdf",
            ),
        ),
    ]);
    let (line, col, _, hint) = one(&all, CASE, "wrong-type");
    assert_eq!((line, col), (4, 10));
    assert_eq!(
        hint,
        "write one address per line, each after `- ` below `sources:`, or `sources: [\"https://a.example/x\", \"https://b.example/y\"]`"
    );
    let file = "content/case-studies/spaced.md";
    let (line, col, message, _) = one(&all, file, "bad-url");
    assert_eq!((line, col), (5, 5));
    assert_eq!(
        message,
        "source `https://a.example/the report.pdf` contains a space, so it is not one web address"
    );
    let (line, col, message, _) = one(&all, file, "placeholder-url");
    assert_eq!((line, col), (6, 5));
    assert_eq!(
        message,
        "`https://example.org/the-report-you-used.pdf` is an example address, not a source"
    );
}

#[test]
fn a_missing_required_field_points_at_the_end_of_the_front_matter() {
    let all = problems(&[(
        CASE,
        "---\n# yaml-language-server: $schema=x\ntitle: L\nstatus: ongoing\n---\nText.\n",
    )]);
    let (line, col, message, hint) = one(&all, CASE, "missing-field");
    assert_eq!((line, col), (5, 1));
    assert_eq!(message, "required field `city` is missing");
    assert!(
        hint.starts_with("add `city: ...` with the slug of a page in content/cities/")
            && hint.ends_with("on a line of its own above the closing `---`"),
        "{hint}"
    );
}

#[test]
fn a_broken_ref_is_one_error_saying_how_to_add_the_page() {
    let all = problems(&[(CASE, &case_study("title: L\ncity: bologna"))]);
    let errors: Vec<&Value> = all.iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "{all:#?}");
    let (line, col, message, hint) = one(&all, CASE, "broken-ref");
    assert_eq!((line, col), (3, 7));
    assert_eq!(
        message,
        "no city `bologna` (field `city` refers to content/cities/bologna.md, which does not exist)"
    );
    assert!(
        hint.starts_with(
            "if the city has no page yet, add it with `clusterhub new cities \"Bologna\"`"
        ),
        "{hint}"
    );
}

#[test]
fn hub_yaml_rules_an_end_not_before_its_start_and_a_pattern() {
    let all = problems(&[
        (
            CASE,
            &case_study("title: L\ncity: lisbon\nstart: 2024-05\nend: 2023-12-01"),
        ),
        (
            "content/cities/porto.md",
            "---\ntitle: Porto\ncountry: Portugal\ncountry_code: pt\nlat: 41.15\nlon: -8.61\n---\nText.\n",
        ),
    ]);
    let (line, col, message, _) = one(&all, CASE, "date-order");
    assert_eq!((line, col), (5, 6));
    assert_eq!(
        message,
        "`end` (1 December 2023) is before `start` (May 2024)"
    );
    let (line, col, message, hint) = one(&all, "content/cities/porto.md", "pattern");
    assert_eq!((line, col), (4, 15));
    assert_eq!(
        message,
        "`country_code` must be two capital letters (ISO 3166-1 alpha-2), e.g. PT, found `pt`"
    );
    assert_eq!(
        hint,
        "write `country_code` as two capital letters (ISO 3166-1 alpha-2), e.g. PT"
    );
    // A month is not before a day in it.
    let all = problems(&[(
        CASE,
        &case_study("title: L\ncity: lisbon\nstart: 2024-05-20\nend: 2024-05"),
    )]);
    assert!(all.iter().all(|d| d["code"] != "date-order"), "{all:#?}");
}

#[test]
fn mistakes_in_the_rules_and_the_licence_are_reported_at_their_line_in_hub_yaml() {
    let hub = starter();
    let path = hub.path().join("hub.yaml");
    let yaml = std::fs::read_to_string(&path)
        .unwrap()
        .replace("content_license: CC-BY-4.0", "content_license: CC-BY-4")
        .replace("not_before: start ", "not_before: stat  ")
        .replace("pattern: \"[A-Z]{2}\"", "pattern: \"[A-Z]{2\"");
    std::fs::write(&path, &yaml).unwrap();
    let out = run_in(&bin(), hub.path(), &["check", "--format", "json"]);
    let all: Vec<Value> = serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    let line_of = |needle: &str| yaml.lines().position(|l| l.contains(needle)).unwrap() as u64 + 1;
    let (line, col, message, hint) = one(&all, "hub.yaml", "bad-license");
    assert_eq!((line, col), (line_of("content_license:"), 18));
    assert_eq!(message, "`CC-BY-4` is not a licence clusterhub knows");
    assert!(hint.starts_with("did you mean `CC-BY-4.0`?"), "{hint}");
    let (line, _, message, hint) = one(&all, "hub.yaml", "bad-field");
    assert_eq!(line, line_of("not_before: stat"));
    assert_eq!(
        message,
        "`not_before: stat` must name another date field of this collection"
    );
    assert_eq!(hint, "did you mean `start`?");
    let (line, _, message, _) = one(&all, "hub.yaml", "bad-pattern");
    assert_eq!(line, line_of("pattern: \"[A-Z]{2\""));
    assert!(
        message
            .starts_with("the `pattern` of field `country_code` is not a valid regular expression"),
        "{message}"
    );
}
