//! `clusterhub new`: for every collection of the shipped hub, the page it
//! writes passes `check` once its required fields are set; bad input is
//! refused before anything is written.
//!
//! This file: the helpers the tests share; `pages`: a new page in each
//! collection, and the collections, titles and names refused; `set`: the
//! `--set` values; `outline`: the body's outline from hub.yaml;
//! `translate`: `new --translate`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod outline;
mod pages;
mod set;
mod translate;

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn clusterhub(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clusterhub"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

fn check_json(root: &Path) -> Vec<Value> {
    let out = clusterhub(root, &["check", "--format", "json"]);
    serde_json::from_slice(&out.stdout).unwrap()
}
