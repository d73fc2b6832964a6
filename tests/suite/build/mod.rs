//! `clusterhub build` end to end: the shipped hub, golden output of a
//! fixture hub, determinism, atomic output, and every bad input of the
//! foundation issue reported at its file, line and column.
//!
//! This file: the helpers the tests share; `shipped`: the shipped hub
//! builds clean, its links resolve and its navigation marks each page's
//! section; `reverse_links`: refs shown as links back on their targets;
//! `output`: golden output, drafts, determinism, the search index, atomic
//! output and the folders `build` refuses to write over; `bad_input`:
//! every bad input reported at its file, line and column.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod bad_input;
mod output;
mod reverse_links;
mod shipped;

use crate::common::{clusterhub, stderr, stdout};
use serde_json::Value;
use std::path::Path;

fn build(root: &Path, extra: &[&str]) -> std::process::Output {
    let root = root.to_str().unwrap();
    let mut args = vec!["build", "--root", root];
    args.extend_from_slice(extra);
    clusterhub(&args)
}

/// Diagnostics of a failing build, as JSON objects.
fn build_diagnostics(root: &Path) -> Vec<Value> {
    let out = build(root, &["--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "expected a failed build: {}",
        stderr(&out)
    );
    serde_json::from_str::<Vec<Value>>(&stdout(&out)).unwrap()
}

fn find<'a>(diags: &'a [Value], file: &str, code: &str) -> &'a Value {
    diags
        .iter()
        .find(|d| d["file"] == file && d["code"] == code)
        .unwrap_or_else(|| panic!("no `{code}` diagnostic for {file} in {diags:#?}"))
}

fn assert_diag(
    diags: &[Value],
    file: &str,
    code: &str,
    line: u64,
    column: u64,
    message: &str,
    hint: &str,
) {
    let d = find(diags, file, code);
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(line), Some(column)),
        "position of {d:#}"
    );
    assert!(
        d["message"].as_str().unwrap().contains(message),
        "message of {d:#}"
    );
    assert!(
        d["hint"].as_str().unwrap_or("").contains(hint),
        "hint of {d:#}"
    );
}
