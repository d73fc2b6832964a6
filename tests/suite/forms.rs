//! Contributing without git: `clusterhub forms` writes GitHub issue forms
//! that GitHub accepts, `check` says when they are out of date, and
//! `clusterhub intake` turns an issue written with a form (as GitHub
//! renders it) into a page `check` accepts, or into clear messages and no
//! file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;
#[allow(unused_imports)]
use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// The form file at `rel` below `root`, as JSON.
fn form(root: &Path, rel: &str) -> Value {
    let text = std::fs::read_to_string(root.join(rel)).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

fn s<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// GitHub's rules for an issue form (docs.github.com, "Syntax for issue
/// forms" and "Common validation errors when creating issue forms"; the
/// same as SchemaStore's github-issue-forms schema): every problem found.
fn issue_form_problems(form: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let top = form.as_object().unwrap();
    for key in top.keys() {
        if ![
            "name",
            "description",
            "title",
            "labels",
            "assignees",
            "body",
            "projects",
            "type",
        ]
        .contains(&key.as_str())
        {
            out.push(format!("unknown top-level key `{key}`"));
        }
    }
    for key in ["name", "description"] {
        if s(form, key).is_none_or(|v| v.trim().is_empty()) {
            out.push(format!("`{key}` missing or empty"));
        }
    }
    if let Some(title) = form.get("title")
        && title.as_str().is_none_or(str::is_empty)
    {
        out.push("`title` must be non-empty text".into());
    }
    if let Some(labels) = form.get("labels") {
        let labels: Vec<&str> = labels
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap())
            .collect();
        if labels.is_empty() || labels.iter().any(|l| l.trim().is_empty()) {
            out.push("labels must be a non-empty list of non-empty names".into());
        }
        if labels.iter().collect::<HashSet<_>>().len() != labels.len() {
            out.push("labels must be unique".into());
        }
    }
    let body = form["body"].as_array().unwrap();
    if !body.iter().any(|e| s(e, "type") != Some("markdown")) {
        out.push("body needs at least one element that is not markdown".into());
    }
    let (mut ids, mut labels) = (HashSet::new(), HashSet::new());
    for (i, e) in body.iter().enumerate() {
        out.extend(
            element_problems(e)
                .into_iter()
                .map(|p| format!("body[{i}]: {p}")),
        );
        if let Some(id) = s(e, "id")
            && !ids.insert(id.to_string())
        {
            out.push(format!("id `{id}` used twice"));
        }
        if let Some(label) = e["attributes"].get("label").and_then(Value::as_str)
            && !labels.insert(label.to_lowercase())
        {
            out.push(format!("label `{label}` used twice"));
        }
    }
    out
}

/// One element's problems.
fn element_problems(e: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let kind = s(e, "type").unwrap_or("");
    let attributes: &[&str] = match kind {
        "markdown" => &["value"],
        "input" => &["label", "description", "placeholder", "value"],
        "textarea" => &["label", "description", "placeholder", "value", "render"],
        "dropdown" => &["label", "description", "multiple", "options", "default"],
        "checkboxes" => &["label", "description", "options"],
        other => return vec![format!("unknown type `{other}`")],
    };
    for key in e.as_object().unwrap().keys() {
        let allowed = match kind {
            "markdown" => ["type", "attributes"].contains(&key.as_str()),
            "checkboxes" => ["type", "id", "attributes"].contains(&key.as_str()),
            _ => ["type", "id", "attributes", "validations"].contains(&key.as_str()),
        };
        if !allowed {
            out.push(format!("key `{key}` is not allowed on {kind}"));
        }
    }
    let attrs = e["attributes"].as_object().unwrap();
    for key in attrs.keys() {
        if !attributes.contains(&key.as_str()) {
            out.push(format!("attribute `{key}` is not allowed on {kind}"));
        }
    }
    if kind == "markdown" {
        if s(&e["attributes"], "value").is_none_or(str::is_empty) {
            out.push("markdown needs a value".into());
        }
        return out;
    }
    match s(e, "id") {
        Some(id)
            if !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') => {}
        other => out.push(format!("id {other:?} must be letters, digits, - and _")),
    }
    if s(&e["attributes"], "label").is_none_or(|l| l.trim().is_empty()) {
        out.push("label missing or empty".into());
    }
    if let Some(v) = e.get("validations") {
        let v = v.as_object().unwrap();
        if v.keys().any(|k| k != "required") || !v["required"].is_boolean() {
            out.push("validations may only hold `required: true/false`".into());
        }
    }
    if let Some(m) = attrs.get("multiple")
        && !m.is_boolean()
    {
        out.push("multiple must be true or false".into());
    }
    if kind == "dropdown" || kind == "checkboxes" {
        let options = attrs["options"].as_array().unwrap();
        let texts: Vec<&str> = options
            .iter()
            .map(|o| {
                if kind == "dropdown" {
                    o.as_str().unwrap()
                } else {
                    s(o, "label").unwrap()
                }
            })
            .collect();
        if texts.is_empty() || texts.iter().any(|t| t.trim().is_empty()) {
            out.push("options must be a non-empty list of non-empty texts".into());
        }
        if texts.iter().collect::<HashSet<_>>().len() != texts.len() {
            out.push("options must be unique".into());
        }
        if texts.iter().any(|t| t.eq_ignore_ascii_case("none")) {
            out.push("`None` is a reserved option".into());
        }
    }
    out
}

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

fn run(args: &[&str]) -> std::process::Output {
    clusterhub(args)
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

/// Every shipped collection's form (each opted in for the test) is one
/// GitHub accepts, with ids equal to the field names; the committed forms
/// are up to date, and `check` says when one is not.
#[test]
fn shipped_forms_are_valid_and_check_says_when_they_are_out_of_date() {
    let hub = shipped_hub();
    let root = hub.path();
    let r = root.to_str().unwrap();
    let out = run(&["check", "--root", r]);
    assert!(
        stderr(&out).ends_with("no problems\n"),
        "the committed forms are up to date:\n{}",
        stderr(&out)
    );

    let yaml = std::fs::read_to_string(root.join("hub.yaml")).unwrap();
    let config: Value = serde_yaml::from_str(&yaml).unwrap();
    let collections = config["collections"].as_object().unwrap();
    // `form: true` below each collection's `label:` (4 spaces in, above
    // `taxonomies:`, whose entries have labels too).
    let (models, rest) = yaml.split_at(yaml.find("\ntaxonomies:").unwrap());
    let all_in = models
        .lines()
        .map(|l| {
            if l.starts_with("    label: ") {
                format!("{l}\n    form: true")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        .replace(
            "    form: {title: \"Case study: \", labels: [proposal]}\n",
            "",
        )
        + rest;
    std::fs::write(root.join("hub.yaml"), all_in).unwrap();
    let out = run(&["forms", "--root", r]);
    assert!(out.status.success(), "{}", stderr(&out));
    for (name, c) in collections {
        let form = form(root, &format!(".github/ISSUE_TEMPLATE/{name}.yml"));
        assert_eq!(issue_form_problems(&form), Vec::<String>::new(), "{name}");
        let ids: HashSet<&str> = form["body"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| s(e, "id"))
            .collect();
        for field in c["fields"].as_object().unwrap().keys() {
            assert!(
                ids.contains(field.as_str()),
                "{name}: no element for {field}"
            );
        }
    }

    // A new field in hub.yaml: the committed form is out of date.
    std::fs::write(root.join("hub.yaml"), &yaml).unwrap();
    let changed = yaml.replacen(
        "      featured:\n        type: bool\n",
        "      featured:\n        type: bool\n      award:\n        type: string\n",
        1,
    );
    assert_ne!(changed, yaml);
    std::fs::write(root.join("hub.yaml"), changed).unwrap();
    let out = run(&["check", "--root", r]);
    assert_eq!(out.status.code(), Some(0), "a warning only");
    let err = stderr(&out);
    assert!(
        err.contains("warning[form-out-of-date]: this issue form is out of date with hub.yaml"),
        "{err}"
    );
    assert!(
        err.contains("--> .github/ISSUE_TEMPLATE/case-studies.yml:"),
        "{err}"
    );
    assert!(
        err.contains("help: run `clusterhub forms` and commit the file"),
        "{err}"
    );
    assert!(run(&["forms", "--root", r]).status.success());
    let out = run(&["check", "--root", r]);
    assert!(stderr(&out).ends_with("no problems\n"), "{}", stderr(&out));

    // A new city: no warning about the forms (a pull request adding a page
    // need not touch them); `forms` adds it to the city dropdown.
    let oslo =
        "---\ntitle: Oslo\ncountry: Norway\ncountry_code: NO\nlat: 59.9\nlon: 10.7\n---\nA city.\n";
    std::fs::write(root.join("content/cities/oslo.md"), oslo).unwrap();
    let out = run(&["check", "--root", r]);
    assert!(
        !stderr(&out).contains("form-out-of-date"),
        "{}",
        stderr(&out)
    );
    let rel = ".github/ISSUE_TEMPLATE/case-studies.yml";
    let before = std::fs::read_to_string(root.join(rel)).unwrap();
    assert!(!before.contains("- Oslo\n"));
    assert!(run(&["forms", "--root", r]).status.success());
    assert!(
        std::fs::read_to_string(root.join(rel))
            .unwrap()
            .contains("    - Oslo\n")
    );
}

/// The built site links to the form from the footer of every page, from
/// the Contribute page and from the listing of each collection that has
/// one, and only there.
#[test]
fn the_site_links_to_the_form_of_each_collection_that_has_one() {
    let hub = shipped_hub();
    let r = hub.path().to_str().unwrap();
    let out = run(&["build", "--root", r]);
    assert!(out.status.success(), "{}", stderr(&out));
    let form = "https://github.com/up-cluster/clusterhub/issues/new?template=case-studies.yml";
    let read = |rel: &str| std::fs::read_to_string(hub.path().join("public").join(rel)).unwrap();
    for page in [
        "index.html",
        "case-studies/index.html",
        "methods/index.html",
    ] {
        assert!(links(&read(page)).contains(&form.to_string()), "{page}");
    }
    let listing = |rel: &str| {
        let html = read(rel);
        let header = &html[html.find("<header class=\"page-header\"").unwrap()..];
        links(&header[..header.find("</header>").unwrap()])
    };
    assert!(listing("case-studies/index.html").contains(&form.to_string()));
    // The Contribute page offers the forms in its text, not only in the
    // footer, before the way through git.
    let contribute = read("about/contribute/index.html");
    let main = &contribute[contribute.find("<main").unwrap()..contribute.find("</main>").unwrap()];
    let form_at = main
        .find(form)
        .expect("the Contribute page links to the form");
    assert!(
        form_at < main.find("With git").unwrap(),
        "the form comes first"
    );
    assert!(
        !listing("methods/index.html")
            .iter()
            .any(|l| l.contains("/issues/new"))
    );
}

/// hub.yaml's `form:` mistakes are placed where they are written.
#[test]
fn form_settings_mistakes_are_placed_in_hub_yaml() {
    let hub = hub_from_fixture("forms-hub");
    let r = hub.path().to_str().unwrap();
    let yaml = std::fs::read_to_string(hub.path().join("hub.yaml")).unwrap();
    let bad = yaml.replace(
        "labels: [proposal, report]",
        "labels: [proposal, proposal], colour: red",
    );
    std::fs::write(hub.path().join("hub.yaml"), bad).unwrap();
    let out = run(&["check", "--root", r]);
    let err = stderr(&out);
    let line = yaml.lines().position(|l| l.contains("form: {")).unwrap() + 1;
    assert!(
        err.contains("error[bad-form]: issue label `proposal` is listed twice"),
        "{err}"
    );
    assert!(
        err.contains(&format!("--> hub.yaml:{line}:50")),
        "at the second `proposal`: {err}"
    );
    assert!(
        err.contains("error[unknown-key]: unknown key `colour` in hub.yaml"),
        "{err}"
    );
    std::fs::write(
        hub.path().join("hub.yaml"),
        yaml.replace(
            "    form: {title: \"Report: \", labels: [proposal, report]}",
            "    form: yes please",
        ),
    )
    .unwrap();
    let err = stderr(&run(&["check", "--root", r]));
    assert!(
        err.contains("`form` must be true, false or a mapping, found text"),
        "{err}"
    );
    assert!(err.contains(&format!("--> hub.yaml:{line}:5")), "{err}");
}

/// No workflow puts issue text into a shell command: GitHub expands
/// `${{ }}` before the shell runs, so a title or body could run as code.
#[test]
fn workflows_never_put_issue_text_into_run() {
    let dir = repo_root().join(".github/workflows");
    let mut runs = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let workflow: Value =
            serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for (job, body) in workflow["jobs"].as_object().unwrap() {
            for step in body["steps"].as_array().into_iter().flatten() {
                let Some(script) = s(step, "run") else {
                    continue;
                };
                runs += 1;
                for untrusted in [
                    "github.event.issue",
                    "github.event.comment",
                    "github.event.pull_request.title",
                    "github.event.pull_request.body",
                    "github.head_ref",
                ] {
                    assert!(
                        !script
                            .replace(' ', "")
                            .contains(&format!("${{{{{untrusted}")),
                        "{}: job {job} puts {untrusted} into run:\n{script}",
                        path.display()
                    );
                }
            }
        }
    }
    assert!(runs > 0);
}

/// The intake workflow runs only on a maintainer's label, with the
/// permissions it needs and no more.
#[test]
fn intake_workflow_is_gated_by_a_label_with_minimal_permissions() {
    let text = std::fs::read_to_string(repo_root().join(".github/workflows/intake.yml")).unwrap();
    let workflow: Value = serde_yaml::from_str(&text).unwrap();
    let on = &workflow["on"];
    assert_eq!(
        on.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["issues"]
    );
    assert_eq!(on["issues"]["types"], serde_json::json!(["labeled"]));
    let permissions =
        serde_json::json!({"contents": "write", "pull-requests": "write", "issues": "write"});
    assert_eq!(workflow["permissions"], permissions);
    let job = workflow["jobs"]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap();
    assert!(
        s(job, "if").unwrap().contains("github.event.label.name =="),
        "gated by the label"
    );
    assert!(
        text.contains("ISSUE_BODY: ${{ github.event.issue.body }}"),
        "the body goes through env"
    );
    assert!(
        text.contains("Closes #"),
        "the pull request links the issue"
    );
}

#[test]
fn pages_that_share_a_title_are_told_apart_by_their_file_name_in_the_form() {
    let hub = hub_from_fixture("forms-hub");
    let root = hub.path();
    for (slug, country) in [("valencia-es", "Spain"), ("valencia-ve", "Venezuela")] {
        std::fs::write(
            root.join(format!("content/cities/{slug}.md")),
            format!("---\ntitle: Valencia\ncountry: {country}\n---\nA city.\n"),
        )
        .unwrap();
    }
    let out = run(&["forms", "--root", root.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let form = form(root, ".github/ISSUE_TEMPLATE/reports.yml");
    let city = form["body"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| s(e, "id") == Some("city"))
        .unwrap();
    let options: Vec<&str> = city["attributes"]["options"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        options,
        [
            "Ålesund",
            "San Sebastián, Donostia",
            "Valencia (valencia-es)",
            "Valencia (valencia-ve)",
            "Other (name it in the text)",
        ],
        "each page once, in the order of its title's letters, a shared title with its file name"
    );
}
