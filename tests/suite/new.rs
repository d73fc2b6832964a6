//! `clusterhub new`: for every collection of the shipped hub, the page it
//! writes passes `check` once its required fields are set; bad input is
//! refused before anything is written.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use clusterhub::config::{Config, FieldDef, FieldKind};
use common::{repo_root as repo, shipped_hub as shipped_copy, stderr};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn config(root: &Path) -> Config {
    let text = std::fs::read_to_string(root.join("hub.yaml")).unwrap();
    clusterhub::config::parse(&text, &mut Vec::new()).unwrap()
}

fn clusterhub(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clusterhub"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

/// The first page (by file name) of a collection.
fn some_slug(root: &Path, collection: &str) -> String {
    let mut names: Vec<String> = std::fs::read_dir(root.join("content").join(collection))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".md").map(str::to_string))
        .filter(|n| n != "_index")
        .collect();
    names.sort();
    names.remove(0)
}

/// A valid value for a field, as given to --set.
fn sample(root: &Path, def: &FieldDef) -> String {
    match &def.kind {
        // A text with a `pattern` gets the first example that fits it.
        FieldKind::String { pattern } | FieldKind::Text { pattern } => {
            let fits = |s: &&&str| {
                pattern.as_ref().is_none_or(|p| {
                    regex::Regex::new(&format!("^(?:{})$", p.source))
                        .unwrap()
                        .is_match(s)
                })
            };
            ["Example: text, with \"quotes\"", "GB", "2024"]
                .iter()
                .find(fits)
                .expect("a sample fits the pattern")
                .to_string()
        }
        FieldKind::Integer { min, .. } => format!("{}", min.unwrap_or(1.0) as i64 + 1),
        FieldKind::Number { min, max } => {
            format!("{}", (min.unwrap_or(0.0) + max.unwrap_or(1.0)) / 2.0 + 0.5)
        }
        FieldKind::Bool => "true".into(),
        FieldKind::Date { .. } => "2024-03".into(),
        FieldKind::Url => "https://example.org/a,b".into(),
        FieldKind::Enum { values } => values[0].clone(),
        FieldKind::List { values } => match values {
            Some(v) => format!("{},{}", v[0], v[v.len() - 1]),
            None => "one,two".into(),
        },
        FieldKind::Ref { to } | FieldKind::Refs { to } => some_slug(root, to),
    }
}

fn check_json(root: &Path) -> Vec<Value> {
    let out = clusterhub(root, &["check", "--format", "json"]);
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn new_page_in_every_collection_passes_check_once_required_fields_are_set() {
    let hub = shipped_copy();
    let root = hub.path();
    let config = config(root);
    assert!(config.collections.len() >= 5);
    for collection in &config.collections {
        let title = format!("Ålesund test {}", collection.name);
        let mut args = vec![
            "new".to_string(),
            collection.name.clone(),
            title.clone(),
            "--set".into(),
            "summary=A page made by the test.".into(),
        ];
        for def in collection.fields.iter().filter(|f| f.required) {
            args.push("--set".into());
            args.push(format!("{}={}", def.name, sample(root, def)));
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = clusterhub(root, &args);
        assert!(
            out.status.success(),
            "{}: {}",
            collection.name,
            stderr(&out)
        );
        let rel = format!(
            "content/{}/alesund-test-{}.md",
            collection.name, collection.name
        );
        assert!(
            stderr(&out).contains(&format!("created {rel}")),
            "{}",
            stderr(&out)
        );
        let text = std::fs::read_to_string(root.join(&rel)).unwrap();
        // No schema modeline: VS Code's YAML extension ignores front matter.
        assert!(text.starts_with(&format!(
            "---\n# A new {} page.",
            collection.singular.to_lowercase()
        )));
        // Every declared field is there, required ones before optional ones.
        let positions: Vec<(bool, usize)> = collection
            .fields
            .iter()
            .map(|f| {
                let at = text
                    .find(&format!("\n{}:", f.name))
                    .unwrap_or_else(|| panic!("{rel} lacks `{}`", f.name));
                (f.required, at)
            })
            .collect();
        let last_required = positions.iter().filter(|p| p.0).map(|p| p.1).max();
        let first_optional = positions.iter().filter(|p| !p.0).map(|p| p.1).min();
        if let (Some(r), Some(o)) = (last_required, first_optional) {
            assert!(r < o, "{rel}: required fields come first");
        }
        // Editors see the same as check: the schema accepts the page.
        let rest = text.strip_prefix("---\n").unwrap();
        let front: Value =
            serde_yaml::from_str(&rest[..rest.find("\n---\n").unwrap() + 1]).unwrap();
        let schema_path = repo().join(format!("schemas/{}.schema.json", collection.name));
        let schema: Value =
            serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&front)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{rel}: {errors:?}");
        // Today's date.
        let date_line = text.lines().find(|l| l.starts_with("date: ")).unwrap();
        assert_eq!(date_line.len(), "date: 2024-03-21".len(), "{date_line}");
    }
    // The body is the collection's outline, from hub.yaml.
    for collection in &config.collections {
        let rel = format!(
            "content/{}/alesund-test-{}.md",
            collection.name, collection.name
        );
        let text = std::fs::read_to_string(root.join(&rel)).unwrap();
        let body = &text[text.find("\n---\n").unwrap() + 5..];
        let headings: Vec<&str> = body.lines().filter_map(|l| l.strip_prefix("## ")).collect();
        let outline: Vec<&str> = collection
            .outline
            .iter()
            .map(|s| s.heading.as_str())
            .collect();
        assert_eq!(headings, outline, "{rel}");
        for section in &collection.outline {
            assert!(
                body.contains(&format!("<!-- {} -->", section.note)),
                "{rel}"
            );
        }
    }
    let problems = check_json(root);
    let errors: Vec<&Value> = problems
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn unfilled_required_fields_are_clear_check_errors() {
    let hub = shipped_copy();
    let root = hub.path();
    let out = clusterhub(root, &["new", "case-studies", "Ålesund waterfront"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("fill in the required fields `city`, `projects`,"));
    let path = "content/case-studies/alesund-waterfront.md";
    let problems: Vec<Value> = check_json(root)
        .into_iter()
        .filter(|d| d["file"] == path && d["severity"] == "error")
        .collect();
    let codes: Vec<&str> = problems
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["missing-field"; 2], "{problems:#?}");
    let text = std::fs::read_to_string(root.join(path)).unwrap();
    let city_line = text.lines().position(|l| l == "city:").unwrap() + 1;
    assert_eq!(problems[0]["line"], city_line as u64);
    assert_eq!(problems[0]["message"], "required field `city` is empty");
}

#[test]
fn refuses_to_overwrite() {
    let hub = shipped_copy();
    let root = hub.path();
    let path = root.join("content/cities/belfast.md");
    let before = std::fs::read(&path).unwrap();
    let out = clusterhub(root, &["new", "cities", "Belfast"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("content/cities/belfast.md already exists"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn unknown_collection_lists_the_declared_ones() {
    let hub = shipped_copy();
    let out = clusterhub(hub.path(), &["new", "case-study", "X"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("no collection `case-study`"), "{err}");
    assert!(err.contains("did you mean `case-studies`?"), "{err}");
    assert!(
        err.contains(
            "declared collections: case-studies, methods, dissemination, projects, organisations, cities"
        ),
        "{err}"
    );
}

#[test]
fn title_without_letters_is_refused() {
    let hub = shipped_copy();
    let out = clusterhub(hub.path(), &["new", "methods", "???"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no letters or digits"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn slashes_and_dots_in_the_title_stay_inside_content() {
    let hub = shipped_copy();
    let root = hub.path();
    let out = clusterhub(
        root,
        &[
            "new",
            "methods",
            "../../../etc/passwd",
            "--set",
            "type=tool",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(root.join("content/methods/etc-passwd.md").is_file());
    let text = std::fs::read_to_string(root.join("content/methods/etc-passwd.md")).unwrap();
    assert!(text.contains("\ntitle: \"../../../etc/passwd\"\n"));
    assert!(!root.join("etc").exists());
}

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

/// A hub's own outline is what `new` writes, and a collection without one
/// gets a body with a single note: nothing about pages is built in.
#[test]
fn the_body_outline_comes_from_hub_yaml() {
    let hub = shipped_copy();
    let root = hub.path();
    let yaml = std::fs::read_to_string(root.join("hub.yaml")).unwrap();
    let start = yaml.find("\n  methods:\n").unwrap();
    let outline = start + yaml[start..].find("    outline:\n").unwrap();
    let fields = start + yaml[start..].find("    fields:\n").unwrap();
    let ours = "    outline:\n      - Origin: Who made it, and why.\n      - \"Step 2: use it\"\n";
    let yaml = format!("{}{ours}{}", &yaml[..outline], &yaml[fields..]);
    std::fs::write(root.join("hub.yaml"), yaml).unwrap();

    let out = clusterhub(
        root,
        &[
            "new",
            "methods",
            "Ours",
            "--set",
            "type=tool",
            "--set",
            "projects=up2030",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(root.join("content/methods/ours.md")).unwrap();
    assert!(
        text.ends_with(
            "\n---\n\n## Origin\n\n<!-- Who made it, and why. -->\n\n## Step 2: use it\n"
        ),
        "{text}"
    );
    let out = clusterhub(root, &["new", "organisations", "Ours"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(root.join("content/organisations/ours.md")).unwrap();
    assert!(
        text.ends_with("\n---\n\n<!-- The text of the page, in Markdown. -->\n"),
        "{text}"
    );
    let problems = check_json(root);
    assert!(
        problems.iter().all(|d| d["severity"] != "error"),
        "{problems:#?}"
    );
}

/// A mistake in an outline is an error of hub.yaml at the item (or the
/// key) to correct, and `new` does not run on such a hub.
#[test]
fn outline_mistakes_are_errors_at_their_line() {
    let hub = shipped_copy();
    let root = hub.path();
    let shipped = std::fs::read_to_string(root.join("hub.yaml")).unwrap();
    let start = shipped.find("\n  methods:\n").unwrap();
    let outline = start + shipped[start..].find("    outline:\n").unwrap();
    let fields = start + shipped[start..].find("    fields:\n").unwrap();
    let (before, after) = (&shipped[..outline], &shipped[fields..]);
    let bad = "    outline:\n      - What it is\n      - \"## How it works\"\n      - What it is: again\n      - [a, b]\n      - Tips: never write --> here\n";
    let yaml = format!("{before}{bad}{after}");
    std::fs::write(root.join("hub.yaml"), &yaml).unwrap();
    let line = |text: &str| yaml.lines().position(|l| l.contains(text)).unwrap() as u64 + 1;

    let problems = check_json(root);
    let found: Vec<(u64, &str, &str)> = problems
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                line("- \"## How it works\""),
                "bad-outline",
                "outline heading `## How it works` starts with `#`"
            ),
            (
                line("- What it is: again"),
                "bad-outline",
                "heading `What it is` is in the outline twice"
            ),
            (
                line("- [a, b]"),
                "bad-outline",
                "each item of `outline` is one heading, found a list"
            ),
            (
                line("- Tips:"),
                "bad-outline",
                "the note under `Tips` contains `-->`"
            ),
        ]
    );
    assert!(problems.iter().all(|d| d["file"] == "hub.yaml"));
    let out = clusterhub(root, &["new", "methods", "X"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("error[bad-outline]"),
        "{}",
        stderr(&out)
    );

    let not_a_list = format!("{before}    outline: What it is\n{after}");
    std::fs::write(root.join("hub.yaml"), &not_a_list).unwrap();
    let problems = check_json(root);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0]["code"], "wrong-type");
    let at = not_a_list
        .lines()
        .position(|l| l == "    outline: What it is")
        .unwrap()
        + 1;
    assert_eq!(
        (problems[0]["line"].as_u64(), problems[0]["column"].as_u64()),
        (Some(at as u64), Some(5))
    );
}

/// `check --format json` diagnostics as `code file:line:col`.
fn located(root: &Path) -> Vec<String> {
    check_json(root)
        .iter()
        .map(|d| {
            format!(
                "{} {}:{}:{}",
                d["code"].as_str().unwrap(),
                d["file"].as_str().unwrap(),
                d["line"],
                d["column"]
            )
        })
        .collect()
}

#[test]
fn translate_writes_the_translatable_fields_and_the_original_version() {
    let hub = common::hub_from_fixture("i18n-hub");
    let root = hub.path();
    let out = clusterhub(
        root,
        &["new", "--translate", "case-studies/milan-heat", "nl"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let path = "content/case-studies/milan-heat.nl.md";
    assert!(
        stderr(&out).contains(&format!("created {path}")),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("translate the title, the summary, `lessons` and the text"),
        "{}",
        stderr(&out)
    );
    let text = std::fs::read_to_string(root.join(path)).unwrap();
    // Only what a translation may write, starting as the original's words.
    let keys: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with(['#', ' ', '-']) && l.contains(':'))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(
        keys,
        ["title", "summary", "lessons", "translation_of"],
        "{text}"
    );
    assert!(text.contains("title: Cooling Milan's schools\n"), "{text}");
    assert!(
        text.contains("# Lessons\nlessons:\n  - Pupils helped to choose the trees.\n"),
        "{text}"
    );
    assert!(
        text.ends_with("---\nThe city planted trees in [Milan](@/cities/milan.md).\n"),
        "{text}"
    );
    // It checks clean: the version is the original's.
    assert_eq!(located(root), Vec::<String>::new());
    // And it follows the original: an edit of its words is reported at
    // the record the scaffold wrote.
    let line = text
        .lines()
        .position(|l| l.starts_with("translation_of:"))
        .unwrap()
        + 1;
    let original = root.join("content/case-studies/milan-heat.md");
    let was = std::fs::read_to_string(&original).unwrap();
    std::fs::write(&original, was.replace("Pupils helped", "The pupils helped")).unwrap();
    let found = located(root);
    assert!(
        found.contains(&format!("translation-stale {path}:{line}:17")),
        "{found:?}"
    );
}

#[test]
fn translate_writes_index_lang_md_in_a_page_bundle() {
    let hub = common::hub_from_fixture("i18n-hub");
    let root = hub.path();
    std::fs::create_dir_all(root.join("content/cities/oslo")).unwrap();
    std::fs::write(
        root.join("content/cities/oslo/index.md"),
        "---\ntitle: Oslo\ncountry: Norway\nlat: 59.9\nlon: 10.7\n---\nA fjord city.\n",
    )
    .unwrap();
    let out = clusterhub(
        root,
        &["new", "--translate", "content/cities/oslo/index.md", "IT"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(root.join("content/cities/oslo/index.it.md")).unwrap();
    assert!(
        text.contains("title: Oslo\n# Country\ncountry: Norway\n"),
        "{text}"
    );
    assert!(!text.contains("lat:"), "{text}");
    // No page links to Oslo yet: that is all check says.
    assert_eq!(
        located(root),
        [
            "orphan content/cities/oslo/index.it.md:1:1",
            "orphan content/cities/oslo/index.md:1:1"
        ]
    );
}

#[test]
fn translate_refuses_what_it_cannot_write_and_writes_nothing() {
    let hub = common::hub_from_fixture("i18n-hub");
    let root = hub.path();
    let files = || common::snapshot(&root.join("content"));
    let before = files();
    for (page, lang, message) in [
        (
            "case-studies/milan-hot",
            "it",
            "there is no page `case-studies/milan-hot`: no content/case-studies/milan-hot.md\nhelp: did you mean `case-studies/milan-heat`?",
        ),
        (
            "case-study/milan-heat",
            "it",
            "there is no collection `case-study` in hub.yaml; did you mean `case-studies/milan-heat`?",
        ),
        ("milan-heat", "it", "`milan-heat` does not name a page"),
        (
            "case-studies/milan-heat",
            "de",
            "unknown language `de`: not one of the hub's languages\nhelp: the hub's languages besides `en`: it (Italiano), nl (Nederlands)",
        ),
        (
            "case-studies/milan-heat",
            "en",
            "`en` is the hub's default language: its pages are the originals",
        ),
        (
            "case-studies/milan-heat",
            "it",
            "content/case-studies/milan-heat.it.md already exists; not overwriting it",
        ),
    ] {
        let out = clusterhub(root, &["new", "--translate", page, lang]);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{page} {lang}: {}",
            stderr(&out)
        );
        assert!(
            stderr(&out).contains(&format!("error: {message}")),
            "{page} {lang}: {}",
            stderr(&out)
        );
    }
    assert_eq!(files(), before, "nothing is written");
    // A hub with one language knows no translations.
    let one = common::hub_from_fixture("good-hub");
    let out = clusterhub(one.path(), &["new", "--translate", "cities/belfast", "ga"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("hub.yaml declares no languages besides `en`"),
        "{}",
        stderr(&out)
    );
    // `--translate` is not mixed with a new page's arguments.
    let out = clusterhub(
        root,
        &[
            "new",
            "cities",
            "Paris",
            "--translate",
            "cities/milan",
            "nl",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}
