//! `clusterhub intake`: an issue written with a form (as GitHub renders
//! it) becomes a page `check` accepts, or clear messages and no file.

use super::{form, issue_form_problems, run, s};
use crate::common::{hub_from_fixture, snapshot, stderr, stdout};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// The issue body GitHub writes from a form filled with `answers` (by
/// id): `### <label>`, a blank line, the answer or `_No response_`.
fn issue_body(form: &Value, answers: &BTreeMap<&str, &str>) -> String {
    let mut sections = Vec::new();
    for e in form["body"].as_array().unwrap() {
        if s(e, "type") == Some("markdown") {
            continue;
        }
        let label = s(&e["attributes"], "label").unwrap();
        let answer = answers
            .get(s(e, "id").unwrap())
            .copied()
            .unwrap_or("_No response_");
        sections.push(format!("### {label}\n\n{answer}"));
    }
    sections.join("\n\n")
}

/// Answers to the `reports` form of tests/fixtures/forms-hub, one per
/// field, as a contributor gives them (dropdowns by their labels).
fn report_answers() -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([
        ("title", "Heat plan for Ålesund"),
        ("summary", "Ålesund plans for hot summers."),
        ("date", "2025-02-03"),
        ("city", "Ålesund"),
        ("cities_involved", "San Sebastián, Donostia, Ålesund"),
        ("kind", "Research study"),
        ("topics", "Heat, Water"),
        (
            "milestones",
            "- 2024-01: work started\n- 2024-06: plan adopted",
        ),
        ("contact", "City planning office"),
        ("notes", "First line.\nSecond line: with a colon."),
        ("website", "https://heat.city.eu/heat"),
        ("budget", "1200"),
        ("share", "0.25"),
        ("started", "2024-03"),
        ("featured", "- [X] Yes"),
        (
            "sources",
            "https://heat.city.eu/source-1\nhttps://heat.city.eu/source-2",
        ),
        (
            "body",
            "## What happened\n\nThe city mapped its hottest streets.\n\n### A heading of mine\n\nMore text.",
        ),
    ])
}

/// A copy of the forms fixture with its form written.
fn forms_hub() -> tempfile::TempDir {
    let hub = hub_from_fixture("forms-hub");
    let out = run(&["forms", "--root", hub.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    hub
}

fn intake(hub: &Path, body: &str, extra: &[&str]) -> std::process::Output {
    let file = hub.join("issue.md");
    std::fs::write(&file, body).unwrap();
    let mut args = vec![
        "intake",
        "--root",
        hub.to_str().unwrap(),
        "--issue-body",
        file.to_str().unwrap(),
        "--today",
        "2025-03-01",
    ];
    args.extend_from_slice(extra);
    let out = run(&args);
    std::fs::remove_file(&file).unwrap();
    out
}

fn front_matter(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let rest = text.strip_prefix("---\n").unwrap();
    serde_yaml::from_str(&rest[..rest.find("\n---\n").unwrap() + 1]).unwrap()
}

#[test]
fn every_field_kind_goes_round_trip_from_form_to_a_page_check_accepts() {
    let hub = forms_hub();
    let root = hub.path();
    let form = form(root, ".github/ISSUE_TEMPLATE/reports.yml");
    assert_eq!(issue_form_problems(&form), Vec::<String>::new());
    // Every field of the model has an answer: every kind is covered.
    let hub_yaml: Value =
        serde_yaml::from_str(&std::fs::read_to_string(root.join("hub.yaml")).unwrap()).unwrap();
    let answers = report_answers();
    let kinds: HashSet<&str> = hub_yaml["collections"]["reports"]["fields"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, def)| {
            assert!(answers.contains_key(name.as_str()), "no answer for {name}");
            s(def, "type").unwrap()
        })
        .collect();
    assert_eq!(kinds.len(), 11, "every field type: {kinds:?}");

    let out = intake(root, &issue_body(&form, &answers), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).ends_with("wrote content/reports/heat-plan-for-alesund.md\n"),
        "{}",
        stderr(&out)
    );
    let page = root.join("content/reports/heat-plan-for-alesund.md");
    let fm = front_matter(&page);
    let expected = serde_json::json!({
        "title": "Heat plan for Ålesund", "summary": "Ålesund plans for hot summers.", "date": "2025-02-03",
        "city": "alesund", "cities_involved": ["san-sebastian", "alesund"], "kind": "study",
        "topics": ["heat", "water"], "milestones": ["2024-01: work started", "2024-06: plan adopted"],
        "contact": "City planning office", "notes": "First line.\nSecond line: with a colon.",
        "website": "https://heat.city.eu/heat", "budget": 1200, "share": 0.25, "started": "2024-03",
        "featured": true, "sources": ["https://heat.city.eu/source-1", "https://heat.city.eu/source-2"],
    });
    for (key, value) in expected.as_object().unwrap() {
        assert_eq!(&fm[key], value, "{key}");
    }
    let text = std::fs::read_to_string(&page).unwrap();
    assert!(text.ends_with("---\n## What happened\n\nThe city mapped its hottest streets.\n\n### A heading of mine\n\nMore text.\n"), "{text}");

    let out = run(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).ends_with("no problems\n"), "{}", stderr(&out));

    // The same title again: a page of that name exists, nothing replaced.
    let out = intake(
        root,
        &issue_body(&form, &answers),
        &["--format", "github-comment"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out)
            .contains("- **Title**: content/reports/heat-plan-for-alesund.md already exists"),
        "{}",
        stdout(&out)
    );
    assert_eq!(std::fs::read_to_string(&page).unwrap(), text);
}

#[test]
fn empty_answers_and_other_are_left_out_with_a_note() {
    let hub = forms_hub();
    let form = form(hub.path(), ".github/ISSUE_TEMPLATE/reports.yml");
    let answers = BTreeMap::from([
        ("title", "Short one"),
        ("summary", "A short one."),
        ("city", "San Sebastián, Donostia"),
        ("cities_involved", "Other (name it in the text)"),
        ("kind", "News"),
        ("featured", "- [ ] Yes"),
        ("body", "A short report."),
    ]);
    let out = intake(hub.path(), &issue_body(&form, &answers), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("note: you chose \"Other (name it in the text)\" for Cities involved"),
        "{}",
        stderr(&out)
    );
    let fm = front_matter(&hub.path().join("content/reports/short-one.md"));
    assert_eq!(fm["city"], "san-sebastian");
    assert_eq!(fm["kind"], "news");
    assert_eq!(
        fm["date"], "2025-03-01",
        "the day of intake when none is given"
    );
    assert!(fm["cities_involved"].is_null() && fm["budget"].is_null() && fm["notes"].is_null());
    assert_eq!(fm["featured"], false);
}

/// Each bad issue: the words the contributor reads, and no file.
#[test]
fn bad_issues_give_clear_messages_and_no_file() {
    let hub = forms_hub();
    let root = hub.path();
    let form = form(root, ".github/ISSUE_TEMPLATE/reports.yml");
    let with = |id: &'static str, answer: &'static str| {
        let mut a = report_answers();
        a.insert(id, answer);
        issue_body(&form, &a)
    };
    let mut long = issue_body(&form, &report_answers());
    long.push_str(&"x".repeat(70_000));
    let cases: Vec<(&str, String, &[&str])> = vec![
        (
            "wrong date",
            with("started", "2024-02-30"),
            &["- **Started**: `started` is not a date of the calendar: February 2024 has 29 days"],
        ),
        (
            "unknown city",
            with("city", "Atlantis"),
            &[
                "- **City**: \"Atlantis\" is not one of the city on the hub",
                "choose from the form's list",
            ],
        ),
        (
            "missing required field",
            with("kind", "_No response_"),
            &["- **Kind**: this question must be answered"],
        ),
        (
            "no title",
            with("title", "_No response_"),
            &["1 thing to correct", "- **Title**: the title is empty"],
        ),
        (
            "70,000 characters",
            long,
            &["the issue is 70", "more than the 65536 GitHub allows"],
        ),
        (
            "script in a text field",
            with("contact", "<script>alert(1)</script>"),
            &[
                "- **Contact**: the answer holds HTML (`&lt;script`), which this question does not take",
            ],
        ),
        (
            "script in the text",
            with("body", "## What happened\n\n<script>alert(1)</script>"),
            &["- **Text**: line 3 of the text: removed `&lt;script&gt;` element"],
        ),
        (
            "not a number",
            with("budget", "1,200 EUR"),
            &["- **Budget**: `budget` must be a whole number"],
        ),
        (
            "not from the form",
            "Please add my city.".to_string(),
            &["not written with one of the hub's forms"],
        ),
    ];
    let before = snapshot(&root.join("content"));
    for (what, body, says) in cases {
        let out = intake(
            root,
            &body,
            &["--format", "github-comment", "--issue-number", "12"],
        );
        assert_eq!(out.status.code(), Some(1), "{what}: {}", stderr(&out));
        let comment = stdout(&out);
        assert!(
            comment.starts_with("The page could not be made from issue #12 yet"),
            "{what}: {comment}"
        );
        for said in says {
            assert!(
                comment.contains(said),
                "{what}: expected {said:?} in\n{comment}"
            );
        }
        assert_eq!(
            snapshot(&root.join("content")),
            before,
            "{what}: a file was written"
        );
    }
}

#[test]
fn text_answers_cannot_mention_people_or_add_html_to_the_comment() {
    let hub = forms_hub();
    let form = form(hub.path(), ".github/ISSUE_TEMPLATE/reports.yml");
    let mut a = report_answers();
    a.insert("city", "@octocat <img src=x>");
    let out = intake(
        hub.path(),
        &issue_body(&form, &a),
        &["--format", "github-comment"],
    );
    assert_eq!(out.status.code(), Some(1));
    let comment = stdout(&out);
    assert!(
        comment.contains("&#64;octocat &lt;img src=x&gt;"),
        "{comment}"
    );
    assert!(
        !comment.contains("@octocat") && !comment.contains("<img"),
        "{comment}"
    );
}
