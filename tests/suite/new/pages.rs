//! A new page in every collection of the shipped hub: what it holds, that
//! it passes `check` once its required fields are set, and the
//! collections, titles and files refused.

use super::{check_json, clusterhub};
use crate::common::{repo_root as repo, shipped_hub as shipped_copy, stderr};
use clusterhub::config::{Config, FieldDef, FieldKind};
use serde_json::Value;
use std::path::Path;

fn config(root: &Path) -> Config {
    let text = std::fs::read_to_string(root.join("hub.yaml")).unwrap();
    clusterhub::config::parse(&text, &mut Vec::new()).unwrap()
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
