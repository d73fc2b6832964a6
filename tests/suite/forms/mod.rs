//! Contributing without git: `clusterhub forms` writes GitHub issue forms
//! that GitHub accepts, `check` says when they are out of date, and
//! `clusterhub intake` turns an issue written with a form (as GitHub
//! renders it) into a page `check` accepts, or into clear messages and no
//! file.
//!
//! This file: the helpers the tests share, GitHub's rules for an issue
//! form among them; `intake`: an issue turned into a page, or into clear
//! messages and no file; `written`: the forms `clusterhub forms` writes,
//! `check` when they are out of date, and `form:` mistakes in hub.yaml;
//! `site`: the built site's links to the forms; `workflows`: the GitHub
//! workflows that handle issue text.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod intake;
mod site;
mod workflows;
mod written;

use crate::common::clusterhub;
use serde_json::Value;
use std::collections::HashSet;
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

fn run(args: &[&str]) -> std::process::Output {
    clusterhub(args)
}
