//! The search index `clusterhub build` writes (our streaming index over
//! Pagefind's own parser, vendor/pagefind) is byte for byte the index
//! Pagefind's library path builds from the same pages
//! (`CLUSTERHUB_SEARCH_REFERENCE=1`), so readers get the same results from
//! the same Pagefind UI; and it is the same on every build, whatever the
//! number of threads.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use crate::generator as synth;

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

/// The multilingual fixture with the shipped theme (which has a search
/// page): English, Italian and Dutch, some pages translated.
fn multilingual_hub() -> tempfile::TempDir {
    let hub = hub_from_fixture("i18n-hub");
    std::fs::remove_dir_all(hub.path().join("themes")).unwrap();
    let yaml = std::fs::read_to_string(hub.path().join("hub.yaml")).unwrap();
    std::fs::write(
        hub.path().join("hub.yaml"),
        yaml.replace("theme: mini", "theme: cluster"),
    )
    .unwrap();
    hub
}

#[test]
fn each_language_has_its_own_index_in_one_bundle() {
    let hub = multilingual_hub();
    let index = index_of(hub.path(), "public", &[]);
    let entry: serde_json::Value = serde_json::from_slice(&index["pagefind-entry.json"]).unwrap();
    let languages = entry["languages"].as_object().unwrap();
    assert_eq!(
        languages.keys().collect::<Vec<_>>(),
        ["en", "it", "nl"],
        "{entry}"
    );
    for (code, language) in languages {
        // Each language is stemmed in its own language, and holds every
        // page of the hub: the translated ones in their language, the
        // others as they are shown there, in the original language.
        assert_eq!(language["wasm"], code.as_str(), "{entry}");
        assert_eq!(language["page_count"], 4, "{entry}");
        let meta = format!("pagefind.{}.pf_meta", language["hash"].as_str().unwrap());
        assert!(index.contains_key(&meta), "no {meta}");
        assert!(index.contains_key(&format!("wasm.{code}.pagefind")));
    }

    // An Italian word is in the Italian index, at the Italian page, and in
    // no other language's. The key is the Italian stem: "alberi" (trees)
    // and "albero" (a tree) are both "alber".
    assert_eq!(
        pages_with(&index, "it", "alber"),
        ["/it/case-studies/milan-heat/"]
    );
    assert!(pages_with(&index, "it", "alberi").is_empty());
    assert!(pages_with(&index, "en", "alber").is_empty());
    assert!(pages_with(&index, "nl", "alber").is_empty());
    // The English page, stemmed in English ("trees" is "tree").
    assert_eq!(
        pages_with(&index, "en", "tree"),
        ["/case-studies/milan-heat/"]
    );
    assert!(pages_with(&index, "it", "tree").is_empty());
    // A page without an Italian translation is in the Italian index with
    // its original words, at its Italian address, as its listing shows it
    // (stemmed as Italian: "bike" is "bik", as a query typed on an Italian
    // page is stemmed).
    assert_eq!(
        pages_with(&index, "it", "rotterdam"),
        ["/it/case-studies/rotterdam-bikes/", "/it/cities/rotterdam/"]
    );
    assert_eq!(
        pages_with(&index, "it", "bik"),
        ["/it/case-studies/rotterdam-bikes/"]
    );
    // Its Dutch translation is found in Dutch, and not by the English words.
    assert_eq!(
        pages_with(&index, "nl", "fietsparker"),
        ["/nl/case-studies/rotterdam-bikes/"]
    );
    assert!(pages_with(&index, "nl", "bike").is_empty());
}

#[test]
fn a_multilingual_index_is_pagefinds_own_and_the_same_on_any_thread_count() {
    let hub = multilingual_hub();
    let one = index_of(hub.path(), "one-thread", &[("RAYON_NUM_THREADS", "1")]);
    let four = index_of(hub.path(), "four-threads", &[("RAYON_NUM_THREADS", "4")]);
    assert_same(&one, &four, "1 thread against 4");
    let reference = index_of(
        hub.path(),
        "reference",
        &[("CLUSTERHUB_SEARCH_REFERENCE", "1")],
    );
    assert_same(&four, &reference, "multilingual hub against Pagefind");
}

/// The URLs of the pages of `language`'s index whose words include the
/// index key `word` (a stem), read as Pagefind's script reads them: the
/// language's meta file, every word chunk, the pages' fragments.
fn pages_with(index: &BTreeMap<String, Vec<u8>>, language: &str, word: &str) -> Vec<String> {
    let entry: serde_json::Value = serde_json::from_slice(&index["pagefind-entry.json"]).unwrap();
    let hash = entry["languages"][language]["hash"].as_str().unwrap();
    let meta = cbor::decode(&unpack(&index[&format!("pagefind.{hash}.pf_meta")]));
    let pages = meta.at(1).items();
    let mut urls = Vec::new();
    for chunk in meta.at(2).items() {
        let name = format!("index/{}.pf_index", chunk.at(2).text());
        let words = cbor::decode(&unpack(&index[&name]));
        for w in words
            .at(0)
            .items()
            .iter()
            .filter(|w| w.at(0).text() == word)
        {
            let mut number = 0;
            for posting in w.at(1).items() {
                number += posting.at(0).int();
                let fragment = pages[number as usize].at(0).text();
                let json = unpack(&index[&format!("fragment/{fragment}.pf_fragment")]);
                let fragment: serde_json::Value = serde_json::from_slice(&json).unwrap();
                urls.push(fragment["url"].as_str().unwrap().to_string());
            }
        }
    }
    urls.sort();
    urls
}

/// An index file's payload: gunzipped, without Pagefind's signature.
fn unpack(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    assert!(out.starts_with(b"pagefind_dcd"));
    out.split_off(12)
}

/// The part of CBOR Pagefind's index files use: integers, text and
/// definite-length arrays.
mod cbor {
    #[derive(Debug)]
    pub enum Value {
        Int(i64),
        Text(String),
        Array(Vec<Value>),
    }

    impl Value {
        pub fn at(&self, i: usize) -> &Value {
            &self.items()[i]
        }
        pub fn items(&self) -> &[Value] {
            match self {
                Value::Array(items) => items,
                other => panic!("not an array: {other:?}"),
            }
        }
        pub fn text(&self) -> &str {
            match self {
                Value::Text(t) => t,
                other => panic!("not text: {other:?}"),
            }
        }
        pub fn int(&self) -> i64 {
            match self {
                Value::Int(n) => *n,
                other => panic!("not an integer: {other:?}"),
            }
        }
    }

    pub fn decode(bytes: &[u8]) -> Value {
        let mut at = 0;
        let value = item(bytes, &mut at);
        assert_eq!(at, bytes.len(), "trailing bytes");
        value
    }

    fn item(bytes: &[u8], at: &mut usize) -> Value {
        let head = bytes[*at];
        *at += 1;
        let extra = |n: usize, at: &mut usize| {
            let v = bytes[*at..*at + n]
                .iter()
                .fold(0u64, |v, b| (v << 8) | u64::from(*b));
            *at += n;
            v
        };
        let arg = match head & 0x1f {
            n @ 0..=23 => u64::from(n),
            24 => extra(1, at),
            25 => extra(2, at),
            26 => extra(4, at),
            27 => extra(8, at),
            other => panic!("indefinite or reserved length {other}"),
        };
        match head >> 5 {
            0 => Value::Int(arg as i64),
            1 => Value::Int(-1 - arg as i64),
            3 => {
                let text = &bytes[*at..*at + arg as usize];
                *at += arg as usize;
                Value::Text(String::from_utf8(text.to_vec()).unwrap())
            }
            4 => Value::Array((0..arg).map(|_| item(bytes, at)).collect()),
            major => panic!("CBOR major type {major} is not used by Pagefind"),
        }
    }
}
