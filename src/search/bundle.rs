//! One search bundle from the indexes of several languages, with one
//! `pagefind-entry.json` listing them all.

use super::*;

/// The search bundle of a hub in several languages, from each language's
/// index (`Collector::finish`'s files, which Pagefind names after the
/// language: `index/it_…`, `pagefind.it_….pf_meta`, `wasm.it.pagefind`):
/// their files together, the scripts and styles (the same bytes in each)
/// once, and one `pagefind-entry.json` listing every language, as Pagefind
/// writes it for a site in several languages.
pub(crate) fn bundle(indexes: Vec<Vec<Output>>) -> Result<Vec<Output>, Diagnostic> {
    if indexes.len() < 2 {
        return Ok(indexes.into_iter().flatten().collect());
    }
    let entry_path = index_file_path(ENTRY);
    let mut entries = Vec::new();
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for file in indexes.into_iter().flatten() {
        if file.path == entry_path {
            entries.push(file.bytes);
        } else {
            files.entry(file.path).or_insert(file.bytes);
        }
    }
    if !entries.is_empty() {
        files.insert(entry_path, merge_entries(&entries)?);
    }
    Ok(files
        .into_iter()
        .map(|(path, bytes)| Output { path, bytes })
        .collect())
}

/// The name of the file that lists a bundle's languages.
pub(crate) const ENTRY: &str = "pagefind-entry.json";

/// One `pagefind-entry.json` from those of several languages' indexes:
/// every language listed, in the order Pagefind writes them.
pub(crate) fn merge_entries(entries: &[Vec<u8>]) -> Result<Vec<u8>, Diagnostic> {
    let mut merged: Option<Entry> = None;
    for bytes in entries {
        let one: Entry =
            serde_json::from_slice(bytes).map_err(|e| index_error("reading the entry", &e))?;
        match &mut merged {
            Some(entry) => entry.languages.extend(one.languages),
            None => merged = Some(one),
        }
    }
    let Some(entry) = merged else {
        return Err(index_error("no language", &"no entry"));
    };
    serde_json::to_vec(&entry).map_err(|e| index_error("the entry", &e))
}

/// `pagefind-entry.json`, its fields in the order Pagefind writes them.
#[derive(serde::Serialize, serde::Deserialize)]
struct Entry {
    version: String,
    languages: BTreeMap<String, EntryLanguage>,
    include_characters: Vec<char>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct EntryLanguage {
    hash: String,
    wasm: Option<String>,
    page_count: usize,
}
