//! `new --set field=value`: each value checked by the code `check` runs,
//! its mistakes shown on the command line, and nothing written when one is
//! an error.

use super::{check_json, clusterhub};
use crate::common::{shipped_hub as shipped_copy, stderr};
use serde_json::Value;

/// `severity[code]: message` and `help: hint`, the lines a user reads for
/// each problem (without where it is), from human output.
fn problem_lines(human: &str) -> Vec<String> {
    human
        .lines()
        .filter(|l| l.starts_with("error[") || l.starts_with("warning[") || l.starts_with("help: "))
        .map(str::to_string)
        .collect()
}

/// The same lines for the problems `check` reports (`check_json`'s
/// output) in `file`.
fn check_lines(diags: &[Value], file: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for d in diags.iter().filter(|d| d["file"] == file) {
        lines.push(format!(
            "{}[{}]: {}",
            d["severity"].as_str().unwrap(),
            d["code"].as_str().unwrap(),
            d["message"].as_str().unwrap()
        ));
        if let Some(hint) = d["hint"].as_str() {
            lines.push(format!("help: {hint}"));
        }
    }
    lines
}

/// A case study with `fields` (name, value as YAML) typed into its front
/// matter, with the required fields and a source where `fields` lacks them.
fn typed_case_study(fields: &[(&str, &str)]) -> String {
    let mut front = vec![
        ("title", "Typed by hand"),
        ("summary", "A page typed by hand."),
        ("city", "belfast"),
        ("projects", "[up2030]"),
        ("sources", "[\"https://www.belfastcity.gov.uk/report\"]"),
    ];
    front.retain(|(name, _)| !fields.iter().any(|(f, _)| f == name));
    front.extend_from_slice(fields);
    let lines: Vec<String> = front.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    format!("---\n{}\n---\nText.\n", lines.join("\n"))
}

/// `new --set field=value` is checked by the code `check` runs: for each
/// mistake, `new` prints the very error (code, message, hint) that `check`
/// reports when the value is typed into a page, and writes nothing; a
/// value `check` only warns about is written, with that warning.
#[test]
fn set_values_get_the_diagnostics_check_gives() {
    let hub = shipped_copy();
    let root = hub.path();
    // (--set argument, the same value typed in YAML)
    let long = "x".repeat(320);
    let cases: Vec<(String, String)> = [
        ("citty=belfast", "citty: belfast"),
        ("scale=huge", "scale: huge"),
        ("scale=distrct", "scale: distrct"),
        (
            "domains=mobility,transport",
            "domains: [mobility, transport]",
        ),
        ("start=2023-13-45", "start: 2023-13-45"),
        ("budget=-5", "budget: -5"),
        ("budget=1,000", "budget: 1,000"),
        ("budget=12.5", "budget: 12.5"),
        (
            "contact_url=ftp://example.org",
            "contact_url: ftp://example.org",
        ),
        (
            "contact_url=www.example.org",
            "contact_url: www.example.org",
        ),
        ("featured=yes", "featured: yes"),
        ("draft=maybe", "draft: maybe"),
        ("date=2024-02-30", "date: 2024-02-30"),
        (
            "sources=javascript:alert(1)",
            "sources: [\"javascript:alert(1)\"]",
        ),
        ("sources=www.example.org", "sources: [www.example.org]"),
        ("projects=up2030,Re Value", "projects: [up2030, Re Value]"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .chain([(format!("summary={long}"), format!("summary: {long}"))])
    .collect();
    // Each value typed into a page of its own, all checked by one `check`
    // (a page's field problems are reported at that page alone).
    let typed = |n: usize| format!("content/case-studies/typed-by-hand-{n}.md");
    for (n, (_, yaml)) in cases.iter().enumerate() {
        let (field, value) = yaml.split_once(": ").unwrap();
        std::fs::write(root.join(typed(n)), typed_case_study(&[(field, value)])).unwrap();
    }
    let checked = check_json(root);
    for n in 0..cases.len() {
        std::fs::remove_file(root.join(typed(n))).unwrap();
    }
    let made = root.join("content/case-studies/bad-input.md");
    for (n, (set, yaml)) in cases.iter().enumerate() {
        let field = yaml.split_once(": ").unwrap().0;
        let expected = check_lines(&checked, &typed(n));
        assert!(!expected.is_empty(), "{set}: check finds nothing");

        let mut args = vec!["new", "case-studies", "Bad input"];
        for base in ["city=belfast", "projects=up2030", "summary=A page."] {
            if !base.starts_with(&format!("{field}=")) {
                args.extend(["--set", base]);
            }
        }
        args.extend(["--set", set.as_str()]);
        let out = clusterhub(root, &args);
        assert_eq!(problem_lines(&stderr(&out)), expected, "{set}");
        let refused = expected.iter().any(|l| l.starts_with("error["));
        assert_eq!(
            out.status.code(),
            Some(if refused { 2 } else { 0 }),
            "{set}"
        );
        assert_eq!(made.exists(), !refused, "{set}");
        let _ = std::fs::remove_file(&made);
    }
}

/// The diagnostic points at the `--set` argument, where the mistake is
/// corrected, underlining the wrong part.
#[test]
fn set_mistakes_are_shown_on_the_command_line() {
    let hub = shipped_copy();
    let out = clusterhub(
        hub.path(),
        &[
            "new",
            "case-studies",
            "Bad input",
            "--set",
            "city=belfast",
            "--set",
            "domains=mobility,transport",
        ],
    );
    let err = stderr(&out);
    assert!(err.contains(" --> command line:2:24\n"), "{err}");
    assert!(
        err.contains(
            "2 | --set domains=mobility,transport\n  |                        ^^^^^^^^^\n"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "error: not writing content/case-studies/bad-input.md: correct the --set values above"
        ),
        "{err}"
    );
}

/// A ref to a page that does not exist yet is `check`'s broken-ref, as a
/// warning: the page may be the next one written.
#[test]
fn set_ref_to_a_page_not_written_yet_is_a_warning() {
    let hub = shipped_copy();
    let root = hub.path();
    let out = clusterhub(
        root,
        &[
            "new",
            "case-studies",
            "Next",
            "--set",
            "city=belfst",
            "--set",
            "projects=up2030",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        problem_lines(&stderr(&out)),
        [
            "warning[broken-ref]: no city `belfst` (field `city` refers to content/cities/belfst.md, which does not exist)",
            "help: did you mean `belfast`?",
        ]
    );
    assert!(root.join("content/case-studies/next.md").is_file());
    let check: Vec<String> = check_lines(&check_json(root), "content/case-studies/next.md");
    assert!(
        check.contains(&"error[broken-ref]: no city `belfst` (field `city` refers to content/cities/belfst.md, which does not exist)".to_string()),
        "{check:?}"
    );
}

#[test]
fn malformed_set_arguments_are_refused_before_writing() {
    let hub = shipped_copy();
    let root = hub.path();
    let cases: [(&[&str], &str); 3] = [
        (&["--set", "city"], "`--set city` is not `field=value`"),
        (
            &["--set", "title=X"],
            "the title is given as the second argument",
        ),
        (
            &["--set", "city=a", "--set", "city=b"],
            "`city` is set twice with --set",
        ),
    ];
    for (extra, expected) in cases {
        let mut args = vec!["new", "case-studies", "Bad input"];
        args.extend_from_slice(extra);
        let out = clusterhub(root, &args);
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        assert!(
            stderr(&out).contains(expected),
            "{extra:?}: {}",
            stderr(&out)
        );
        assert!(!root.join("content/case-studies/bad-input.md").exists());
    }
}

#[test]
fn list_and_ref_values_come_from_comma_separated_set() {
    let hub = shipped_copy();
    let root = hub.path();
    let out = clusterhub(
        root,
        &[
            "new",
            "case-studies",
            "Lists",
            "--set",
            "city=belfast",
            "--set",
            "projects=up2030, re-value",
            "--set",
            "domains=mobility,energy-systems",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(root.join("content/case-studies/lists.md")).unwrap();
    assert!(text.contains("\ncity: belfast\n"));
    assert!(text.contains("\nprojects: [up2030, re-value]\n"));
    assert!(text.contains("\ndomains: [mobility, energy-systems]\n"));
}
