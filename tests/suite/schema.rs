//! `clusterhub schema`: the committed schemas/ match hub.yaml, and each
//! collection's schema accepts every shipped page and rejects bad values.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn config() -> clusterhub::config::Config {
    let text = std::fs::read_to_string(repo().join("hub.yaml")).unwrap();
    clusterhub::config::parse(&text, &mut Vec::new()).unwrap()
}

fn collections() -> Vec<String> {
    config()
        .collections
        .iter()
        .map(|c| c.name.clone())
        .collect()
}

/// Whether a page file is a translation (`slug.<lang>.md`): its front
/// matter holds only translatable fields, and the schema describes the
/// original's (`check` validates translations, tests/suite/check.rs).
fn is_translation(path: &Path) -> bool {
    let stem = path.file_stem().unwrap().to_str().unwrap();
    config()
        .languages
        .iter()
        .any(|l| stem.ends_with(&format!(".{}", l.code.to_lowercase())))
}

fn committed_schema(collection: &str) -> Value {
    let path = repo().join(format!("schemas/{collection}.schema.json"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// The front matter of a page, as the JSON an editor's YAML plugin sees.
fn front_matter(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let rest = text.strip_prefix("---\n").unwrap();
    let end = rest.find("\n---\n").unwrap();
    serde_yaml::from_str(&rest[..end + 1]).unwrap()
}

fn pages(collection: &str) -> Vec<PathBuf> {
    let dir = repo().join("content").join(collection);
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() && path.join("index.md").is_file() {
            out.push(path.join("index.md"));
        } else if path.extension().is_some_and(|e| e == "md")
            && path.file_name().is_some_and(|n| n != "_index.md")
            && !is_translation(&path)
        {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn errors(schema: &Value, instance: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(schema).unwrap();
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn committed_schemas_are_up_to_date() {
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_clusterhub"))
        .args(["schema", "--root"])
        .arg(repo())
        .arg("--output")
        .arg(out.path())
        .status()
        .unwrap();
    assert!(status.success());
    let mut written: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    let mut committed: Vec<String> = std::fs::read_dir(repo().join("schemas"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    committed.sort();
    assert_eq!(
        written, committed,
        "run `clusterhub schema` and commit schemas/"
    );
    for name in written {
        let fresh = std::fs::read_to_string(out.path().join(&name)).unwrap();
        let old = std::fs::read_to_string(repo().join("schemas").join(&name)).unwrap();
        assert!(
            fresh == old,
            "schemas/{name} is out of date: run `clusterhub schema` and commit schemas/"
        );
    }
}

#[test]
fn schemas_are_valid_draft_2020_12() {
    for c in collections() {
        let schema = committed_schema(&c);
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        jsonschema::meta::validate(&schema).unwrap_or_else(|e| panic!("{c}: {e}"));
    }
}

#[test]
fn every_shipped_page_matches_its_schema() {
    let mut checked = 0;
    for c in collections() {
        let schema = committed_schema(&c);
        for page in pages(&c) {
            let fm = front_matter(&page);
            let problems = errors(&schema, &fm);
            assert!(problems.is_empty(), "{}: {problems:?}", page.display());
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} pages checked");
}

#[test]
fn schema_rejects_what_check_rejects() {
    let schema = committed_schema("case-studies");
    let page = repo().join("content/case-studies/belfast-net-zero-neighbourhood-framework.md");
    let good = front_matter(&page);
    assert!(errors(&schema, &good).is_empty());

    let mut bad_enum = good.clone();
    bad_enum["scale"] = "huge".into();
    let problems = errors(&schema, &bad_enum);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].ends_with("at /scale"), "{problems:?}");

    let mut bad_list_value = good.clone();
    bad_list_value["domains"] = serde_json::json!(["mobility", "transport"]);
    assert_eq!(errors(&schema, &bad_list_value).len(), 1);

    let mut unknown = good.clone();
    unknown["satus"] = "ongoing".into();
    assert_eq!(errors(&schema, &unknown).len(), 1);

    let mut missing = good.clone();
    missing.as_object_mut().unwrap().remove("city");
    assert_eq!(errors(&schema, &missing).len(), 1);

    let mut bad_date = good.clone();
    bad_date["start"] = "2023-13".into();
    assert_eq!(errors(&schema, &bad_date).len(), 1);

    let mut single = good;
    single["projects"] = "up2030".into();
    assert_eq!(errors(&schema, &single).len(), 1);

    let cities = committed_schema("cities");
    let mut city = front_matter(&repo().join("content/cities/belfast.md"));
    assert!(errors(&cities, &city).is_empty());
    city["lat"] = 95.into();
    assert_eq!(errors(&cities, &city).len(), 1);
    city["lat"] = "north".into();
    assert_eq!(errors(&cities, &city).len(), 1);
}

#[test]
fn optional_fields_may_be_left_empty_but_required_ones_not() {
    let schema = committed_schema("case-studies");
    let mut fm = front_matter(&repo().join("content/case-studies/bruges-re-value-waterfront.md"));
    fm["scale"] = Value::Null;
    fm["budget"] = Value::Null;
    fm["summary"] = Value::Null;
    assert!(errors(&schema, &fm).is_empty());
    fm["city"] = Value::Null;
    assert_eq!(errors(&schema, &fm).len(), 1);
}
