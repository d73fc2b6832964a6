//! A multilingual hub (issue 18), through the binary: languages in
//! hub.yaml, translations beside their originals (`slug.<lang>.md`), what
//! a translation may change, and every mistake at its file, line and
//! column.
//!
//! This file: the helpers the tests share; `checks`: what `check` says of
//! languages and translations; `pages`: what a build makes in each
//! language; `words`: the theme's and the hub's words in each language;
//! `stale`: translations that fall behind their originals.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod checks;
mod pages;
mod stale;
mod words;

use crate::common;

use common::{clusterhub, stderr};
use serde_json::Value;
use std::path::Path;

/// `check --format json` on the hub: (exit code, diagnostics).
fn check(root: &Path) -> (Option<i32>, Vec<Value>) {
    let out = clusterhub(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let diags: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code(), diags.as_array().unwrap().clone())
}

/// Each diagnostic as `code file:line:col`.
fn located(diags: &[Value]) -> Vec<String> {
    diags
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

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn edit(root: &Path, path: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(root.join(path)).unwrap();
    assert!(text.contains(from), "{path} has no {from:?}");
    write(root, path, &text.replacen(from, to, 1));
}

/// Builds the hub into `public/`: its files by path.
fn build(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let out = clusterhub(&["build", "--root", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    common::snapshot(&root.join("public"))
}

fn text(site: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        site.get(path)
            .unwrap_or_else(|| panic!("no {path}"))
            .clone(),
    )
    .unwrap()
}

fn build_allowing_warnings(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let out = clusterhub(&["build", "--root", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    common::snapshot(&root.join("public"))
}
