//! Live rebuilds (`clusterhub serve`'s engine): which outputs each kind of
//! edit re-renders, and that after any sequence of edits the served site is
//! byte-identical to a fresh full build of the same files.
//!
//! This file: the helpers the tests share; `edits`: what each kind of edit
//! re-renders; `related_and_terms`: related pages and taxonomy terms after
//! edits; `errors`: mistakes that keep the last good site; `property`: the
//! equivalence property; `search`: the search index; `languages`: a hub in
//! several languages.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod edits;
mod errors;
mod languages;
mod property;
mod related_and_terms;
mod search;

use crate::common;
use clusterhub::live::Engine;
use clusterhub::pipeline::{self, Options};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/live");

use common::copy_dir;

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(FIXTURE), dir.path());
    dir
}

/// A full build, without the search index (`serve` builds it off the edit
/// path: see `search_index_follows_edits`).
fn full_build(root: &Path) -> (BTreeMap<String, Vec<u8>>, bool) {
    let options = Options {
        skip_search_index: true,
        ..Options::default()
    };
    let built = pipeline::run(root, &options);
    // What it makes, and the social cards it copies from the cache.
    let mut outputs = built.cache_files();
    outputs.extend(
        built
            .outputs
            .iter()
            .map(|o| (o.path.clone(), o.bytes.clone())),
    );
    (outputs, built.has_errors())
}

/// What the server answers: the outputs it keeps, and the social cards it
/// reads from the cache.
fn published(engine: &Engine) -> BTreeMap<String, Vec<u8>> {
    let mut site = engine.published_cache_files();
    site.extend(
        engine
            .published()
            .iter()
            .map(|(k, v)| (k.clone(), v.to_vec())),
    );
    site
}

/// Two sites equal file for file; a difference is named by its paths, not
/// printed as bytes.
fn assert_same_site(served: &BTreeMap<String, Vec<u8>>, built: &BTreeMap<String, Vec<u8>>) {
    let only = |a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>| -> Vec<String> {
        a.keys().filter(|k| !b.contains_key(*k)).cloned().collect()
    };
    let differ: Vec<&String> = served
        .iter()
        .filter(|(k, v)| built.get(*k).is_some_and(|b| b != *v))
        .map(|(k, _)| k)
        .collect();
    assert!(
        served == built,
        "served but not built: {:?}\nbuilt but not served: {:?}\ndifferent: {differ:?}",
        only(served, built),
        only(built, served)
    );
}

/// The published site once edits have settled: `serve` refreshes the
/// /api/ exports off the edit path, then the site equals a full build.
fn settled(engine: &mut Engine) -> BTreeMap<String, Vec<u8>> {
    engine.refresh_exports();
    published(engine)
}

fn write(root: &Path, rel: &str, text: &str) -> PathBuf {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

/// Writes `text` to `rel`, or deletes it when there is none.
fn write_or_delete(root: &Path, rel: &str, text: Option<&str>) -> PathBuf {
    match text {
        Some(text) => write(root, rel, text),
        None => {
            let path = root.join(rel);
            std::fs::remove_file(&path).unwrap();
            path
        }
    }
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) -> PathBuf {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no `{from}`");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

/// Starts an engine on a fresh copy of the fixture.
fn start() -> (tempfile::TempDir, Engine) {
    let dir = fixture();
    let (engine, report) = Engine::new(dir.path(), &Options::default());
    assert!(!report.has_errors(), "{:?}", report.diags);
    assert!(report.published);
    // The first build is complete at once, exports included.
    assert_eq!(published(&engine), full_build(dir.path()).0);
    (dir, engine)
}

fn strs(v: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

fn all_templated(engine_outputs: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    engine_outputs
        .keys()
        .filter(|k| k.ends_with(".html"))
        .cloned()
        .collect()
}

/// The mini theme's navigation shows each collection's count on every
/// page; the shipped theme's tests `has_pages` instead (whether the
/// collection has any page), which changes only when a collection
/// becomes empty or not.
const NAV_COUNTS: &str = "({{ c.count }})";
const NAV_HAS_PAGES: &str = "{% if not c.has_pages %}(empty){% endif %}";
const BASE: &str = "themes/mini/templates/base.html";

/// After an apply: both it and a full build of the files report errors,
/// and `serve` keeps `last_good`; or neither does, and what it publishes
/// once settled equals the full build, file for file (then `last_good`).
fn assert_as_a_full_build(
    root: &Path,
    engine: &mut Engine,
    report: &clusterhub::live::Rebuild,
    last_good: &mut BTreeMap<String, Vec<u8>>,
    what: &str,
) {
    let (full, full_errors) = full_build(root);
    assert_eq!(
        report.has_errors(),
        full_errors,
        "after {what}: {:?}",
        report.diags
    );
    if full_errors {
        assert!(!report.published);
        assert_eq!(
            &published(engine),
            last_good,
            "last good site kept after {what}"
        );
        return;
    }
    let now = settled(engine);
    for (path, bytes) in &full {
        assert!(
            now.get(path) == Some(bytes),
            "after {what}: {path} differs from a full build:\n--- live\n{}\n--- full\n{}",
            String::from_utf8_lossy(now.get(path).map_or(&[][..], |b| b.as_slice())),
            String::from_utf8_lossy(bytes)
        );
    }
    assert_eq!(now.len(), full.len(), "after {what}: output sets differ");
    *last_good = now;
}

/// The files under pagefind/ of a site.
fn index_files(site: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    site.iter()
        .filter(|(path, _)| path.starts_with("pagefind/"))
        .map(|(path, bytes)| (path.clone(), bytes.clone()))
        .collect()
}
