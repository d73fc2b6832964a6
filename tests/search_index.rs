//! The search index `clusterhub build` writes (our streaming index over
//! Pagefind's own parser, vendor/pagefind) is byte for byte the index
//! Pagefind's library path builds from the same pages
//! (`CLUSTERHUB_SEARCH_REFERENCE=1`), so readers get the same results from
//! the same Pagefind UI; and it is the same on every build, whatever the
//! number of threads.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

#[allow(dead_code)]
#[path = "../examples/synth.rs"]
mod synth;

use common::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Builds `hub` into `output` with extra environment variables and returns
/// the files of its search index (pagefind/).
fn index_of(hub: &Path, output: &str, env: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
    let out = Command::new(env!("CARGO_BIN_EXE_clusterhub"))
        .args(["build", "--root", hub.to_str().unwrap(), "--output", output])
        .envs(env.iter().copied())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let index = snapshot(&hub.join(output).join("pagefind"));
    assert!(index.contains_key("pagefind.js"), "no index in {output}");
    index
}

/// Asserts two indexes are the same files with the same bytes, naming the
/// first difference.
fn assert_same(ours: &BTreeMap<String, Vec<u8>>, other: &BTreeMap<String, Vec<u8>>, what: &str) {
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(ours), names(other), "{what}: different files");
    for (name, bytes) in ours {
        assert!(bytes == &other[name], "{what}: {name} differs");
    }
}

#[test]
fn the_shipped_hubs_index_is_pagefinds_own_byte_for_byte() {
    let hub = shipped_hub();
    let ours = index_of(hub.path(), "ours", &[]);
    let reference = index_of(
        hub.path(),
        "reference",
        &[("CLUSTERHUB_SEARCH_REFERENCE", "1")],
    );
    assert_same(&ours, &reference, "shipped hub against Pagefind");
    // Every item page is in the index, with its own fragment.
    let fragments = ours.keys().filter(|k| k.starts_with("fragment/")).count();
    assert!(fragments > 100, "{fragments} fragments");
}

#[test]
fn a_synthetic_hubs_index_is_pagefinds_own_and_the_same_on_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let hub = dir.path().join("hub");
    let opts = synth::SynthOptions {
        pages: 300,
        seed: 2030,
        template_root: repo_root(),
    };
    synth::generate(&opts, &hub).unwrap();
    let one = index_of(&hub, "one-thread", &[("RAYON_NUM_THREADS", "1")]);
    let four = index_of(&hub, "four-threads", &[("RAYON_NUM_THREADS", "4")]);
    assert_same(&one, &four, "1 thread against 4");
    let reference = index_of(&hub, "reference", &[("CLUSTERHUB_SEARCH_REFERENCE", "1")]);
    assert_same(&four, &reference, "synthetic hub against Pagefind");
    // Large enough that words span several index chunks.
    let chunks = four.keys().filter(|k| k.starts_with("index/")).count();
    assert!(chunks > 5, "{chunks} chunks");
}
