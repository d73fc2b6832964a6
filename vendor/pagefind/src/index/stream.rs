//! clusterhub patch: builds the same index as `build_indexes`, but page by
//! page as pages arrive in order, so that memory is bounded by the index
//! (compact postings, one fragment file at a time) and not by the site.
//!
//! Pages are parsed and packed on the caller's threads (`PackedPage::new`);
//! `StreamState::add` only appends their postings to the word map and names
//! their fragment. `StreamState::finish` then sorts, chunks and encodes the
//! words exactly as `build_indexes` does (the same bytes: tested by
//! clusterhub against `build_indexes` on the same pages).

use anyhow::{bail, Result};
use hashbrown::HashMap;
use minicbor::Encoder;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::Write;

use super::index_filter::{FilterIndex, PackedValue};
use super::index_metadata::{MetaChunk, MetaFilter, MetaIndex, MetaPage, MetaSort};
use super::{
    get_prefixes, meta_positions_to_packed, parse_float_sort, parse_int_sort,
    positions_to_packed_page, PagefindIndexes, SortType,
};
use crate::fossick::{FossickedData, FossickedWord, MetaFossickedWord};
use crate::utils::full_hash;
use crate::SearchOptions;

/// One word's positions on one page: body `locs` and `meta_locs` (with the
/// page's own meta field ids).
pub(super) type Locs = (Vec<i32>, Vec<i32>);

/// A parsed page, packed for the index on the thread that parsed it.
#[derive(Clone)]
pub struct PackedPage {
    pub(crate) url: String,
    pub(super) language: String,
    pub(super) keep: Keep,
    pub(super) word_count: usize,
    pub(super) full_hash: String,
    /// The fragment, gzipped.
    pub(super) fragment: Vec<u8>,
    pub(super) filters: BTreeMap<String, Vec<String>>,
    pub(super) sort: BTreeMap<String, String>,
    pub(super) meta_fields: Vec<String>,
    /// Word → (normal form's positions, diacritic variants' positions).
    pub(super) words: Vec<(String, Option<Locs>, Vec<(String, Locs)>)>,
}

/// Whether a page is indexed (`build_indexes`' rules on custom bodies and
/// empty pages).
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Keep {
    Yes,
    /// Only if no page of the site has a `data-pagefind-body`.
    IfNoCustomBody,
    No,
}

impl PackedPage {
    pub fn new(page: FossickedData, gzip_level: u32) -> Result<PackedPage> {
        let keep = if page.word_data.is_empty() {
            Keep::No
        } else if page.has_custom_body || page.force_inclusion {
            Keep::Yes
        } else {
            Keep::IfNoCustomBody
        };
        let encoded = serde_json::to_string(&page.fragment.data)?;
        let full_hash = format!("{}_{}", page.language, full_hash(encoded.as_bytes()));
        let mut gz = flate2::write::GzEncoder::new(
            Vec::new(),
            flate2::Compression::new(gzip_level.min(9)),
        );
        gz.write_all(b"pagefind_dcd")?;
        gz.write_all(encoded.as_bytes())?;
        let fragment = gz.finish()?;
        let meta_fields: Vec<String> = page.fragment.data.meta.keys().cloned().collect();
        let words = pack_words(page.word_data, page.meta_word_data);
        Ok(PackedPage {
            url: page.url,
            language: page.language,
            keep,
            word_count: page.fragment.data.word_count,
            full_hash,
            fragment,
            filters: page.fragment.data.filters,
            sort: page.sort,
            meta_fields,
            words,
        })
    }
}

/// The per-page half of `build_indexes`' parallel pass, without page
/// numbers (given when the page is added), sorted by word.
fn pack_words(
    word_data: HashMap<String, Vec<FossickedWord>>,
    meta_word_data: HashMap<String, Vec<MetaFossickedWord>>,
) -> Vec<(String, Option<Locs>, Vec<(String, Locs)>)> {
    let mut words: HashMap<String, (Option<Locs>, Vec<(String, Locs)>)> = HashMap::new();
    for (word, positions) in word_data {
        let (normal, variants): (Vec<_>, Vec<_>) =
            positions.into_iter().partition(|p| p.original_word.is_none());
        let mut by_form: BTreeMap<String, Vec<FossickedWord>> = BTreeMap::new();
        for v in variants {
            by_form
                .entry(v.original_word.clone().unwrap_or_default())
                .or_default()
                .push(v);
        }
        let entry = words.entry(word).or_default();
        if !normal.is_empty() {
            entry.0 = Some((positions_to_packed_page(normal, 0).locs, Vec::new()));
        }
        for (form, pos) in by_form {
            entry
                .1
                .push((form, (positions_to_packed_page(pos, 0).locs, Vec::new())));
        }
    }
    for (word, positions) in meta_word_data {
        let (normal, variants): (Vec<_>, Vec<_>) =
            positions.into_iter().partition(|p| p.original_word.is_none());
        let mut by_form: BTreeMap<String, Vec<MetaFossickedWord>> = BTreeMap::new();
        for v in variants {
            by_form
                .entry(v.original_word.clone().unwrap_or_default())
                .or_default()
                .push(v);
        }
        let entry = words.entry(word).or_default();
        if !normal.is_empty() {
            let meta_locs = meta_positions_to_packed(normal);
            match &mut entry.0 {
                Some(locs) => locs.1 = meta_locs,
                None => entry.0 = Some((Vec::new(), meta_locs)),
            }
        }
        for (form, pos) in by_form {
            let meta_locs = meta_positions_to_packed(pos);
            match entry.1.iter_mut().find(|(f, _)| *f == form) {
                Some((_, locs)) => locs.1 = meta_locs,
                None => entry.1.push((form, (Vec::new(), meta_locs))),
            }
        }
    }
    let mut words: Vec<_> = words
        .into_iter()
        .map(|(word, (normal, variants))| (word, normal, variants))
        .collect();
    words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    words
}

/// A word's pages, packed: for each page, the page number's delta, then
/// the locations and the meta locations, each a count and zigzag varints.
/// Meta field markers hold interned field ids until `finish`.
#[derive(Default)]
struct Postings {
    bytes: Vec<u8>,
    last_page: usize,
    pages: usize,
    /// `chunk_index`'s size of these pages.
    size: usize,
}

impl Postings {
    fn push(&mut self, page: usize, (locs, meta_locs): &Locs, field_ids: &[usize]) {
        put(&mut self.bytes, (page - self.last_page) as u64);
        self.last_page = page;
        self.pages += 1;
        self.size += locs.len() + meta_locs.len() + 1;
        put(&mut self.bytes, locs.len() as u64);
        for &l in locs {
            put(&mut self.bytes, zigzag(l));
        }
        put(&mut self.bytes, meta_locs.len() as u64);
        for &l in meta_locs {
            let l = if l < 0 {
                -(field_ids[(-l - 1) as usize] as i32) - 1
            } else {
                l
            };
            put(&mut self.bytes, zigzag(l));
        }
    }

    /// CBOR of the pages, as `PackedPage`'s derived encoding would write
    /// them, with meta field ids mapped by `field_order`.
    fn encode(&self, e: &mut Encoder<&mut Vec<u8>>, field_order: &[usize]) {
        let mut at = 0;
        let bytes = &self.bytes[..];
        let _ = e.array(self.pages as u64);
        for _ in 0..self.pages {
            let delta = take(bytes, &mut at);
            let _ = e.array(3).and_then(|e| e.u64(delta));
            let n = take(bytes, &mut at);
            let _ = e.array(n);
            for _ in 0..n {
                let _ = e.i32(unzigzag(take(bytes, &mut at)));
            }
            let n = take(bytes, &mut at);
            let _ = e.array(n);
            for _ in 0..n {
                let mut l = unzigzag(take(bytes, &mut at));
                if l < 0 {
                    l = -(field_order[(-l - 1) as usize] as i32) - 1;
                }
                let _ = e.i32(l);
            }
        }
    }
}

pub(super) fn zigzag(v: i32) -> u64 {
    ((v << 1) ^ (v >> 31)) as u32 as u64
}

pub(super) fn unzigzag(v: u64) -> i32 {
    let v = v as u32;
    ((v >> 1) as i32) ^ -((v & 1) as i32)
}

pub(super) fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub(super) fn take(bytes: &[u8], at: &mut usize) -> u64 {
    let mut v = 0u64;
    let mut shift = 0;
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            break;
        }
        shift += 7;
    }
    v
}

#[derive(Default)]
struct Word {
    pages: Postings,
    variants: Vec<(String, Postings)>,
}

/// The index so far.
pub struct StreamState {
    language: String,
    words: HashMap<String, Word>,
    /// Meta field names in the order first seen (their interned ids).
    meta_fields: Vec<String>,
    meta_ids: HashMap<String, usize>,
    pages: Vec<MetaPage>,
    fragment_names: HashMap<String, String>,
    filters: HashMap<String, HashMap<String, Vec<usize>>>,
    sorts: Vec<(BTreeMap<String, String>, usize)>,
    /// Pages kept only if no page has a custom body, while none has.
    waiting: Option<Vec<PackedPage>>,
}

/// A fragment file to write: its name (without folder or extension) and
/// its gzipped bytes.
pub type Fragment = (String, Vec<u8>);

impl StreamState {
    pub fn new(language: String) -> Self {
        StreamState {
            language,
            words: HashMap::new(),
            meta_fields: Vec::new(),
            meta_ids: HashMap::new(),
            pages: Vec::new(),
            fragment_names: HashMap::new(),
            filters: HashMap::new(),
            sorts: Vec::new(),
            waiting: Some(Vec::new()),
        }
    }

    /// Adds the next page in page order; returns its fragment file, if it
    /// is indexed now.
    pub fn add(&mut self, page: PackedPage) -> Result<Vec<Fragment>> {
        if page.language != self.language {
            bail!(
                "page {} is in {}, the index in {}",
                page.url,
                page.language,
                self.language
            );
        }
        match page.keep {
            Keep::No => Ok(Vec::new()),
            Keep::IfNoCustomBody => match &mut self.waiting {
                Some(waiting) => {
                    waiting.push(page);
                    Ok(Vec::new())
                }
                None => Ok(Vec::new()),
            },
            Keep::Yes => {
                // A custom body: pages without one are never indexed.
                self.waiting = None;
                Ok(vec![self.index(page)])
            }
        }
    }

    fn index(&mut self, page: PackedPage) -> Fragment {
        let name = self.index_ref(&page);
        (name, page.fragment)
    }

    fn index_ref(&mut self, page: &PackedPage) -> String {
        let number = self.pages.len();
        let field_ids: Vec<usize> = page
            .meta_fields
            .iter()
            .map(|name| match self.meta_ids.get(name) {
                Some(&id) => id,
                None => {
                    self.meta_fields.push(name.clone());
                    self.meta_ids.insert(name.clone(), self.meta_fields.len() - 1);
                    self.meta_fields.len() - 1
                }
            })
            .collect();
        for (word, normal, variants) in &page.words {
            let entry = match self.words.get_mut(word.as_str()) {
                Some(entry) => entry,
                None => self.words.entry(word.clone()).or_default(),
            };
            if let Some(locs) = normal {
                entry.pages.push(number, locs, &field_ids);
            }
            for (form, locs) in variants {
                let at = match entry.variants.iter().position(|(f, _)| f == form) {
                    Some(at) => at,
                    None => {
                        entry.variants.push((form.clone(), Postings::default()));
                        entry.variants.len() - 1
                    }
                };
                entry.variants[at].1.push(number, locs, &field_ids);
            }
        }
        for (filter, values) in &page.filters {
            let filter = match self.filters.get_mut(filter.as_str()) {
                Some(filter) => filter,
                None => self.filters.entry(filter.clone()).or_default(),
            };
            for value in values {
                match filter.get_mut(value.as_str()) {
                    Some(pages) => pages.push(number),
                    None => {
                        filter.insert(value.clone(), vec![number]);
                    }
                }
            }
        }
        if !page.sort.is_empty() {
            self.sorts.push((page.sort.clone(), number));
        }
        let name = self.fragment_name(&page.full_hash);
        self.pages.push(MetaPage {
            hash: name.clone(),
            word_count: page.word_count as u32,
            group_hash: "".into(),
        });
        name
    }

    /// `build_indexes`' short fragment name: the shortest prefix of the
    /// hash, from 7 characters, that no other fragment has.
    fn fragment_name(&mut self, full: &str) -> String {
        let mut len = self.language.len() + 8;
        loop {
            let short = &full[..len.min(full.len())];
            match self.fragment_names.get(short) {
                // Identical pages share a fragment (`build_indexes` would
                // loop forever on them).
                Some(other) if other == full => return short.to_string(),
                Some(_) if len < full.len() => len += 1,
                _ => {
                    self.fragment_names.insert(short.to_string(), full.to_string());
                    return short.to_string();
                }
            }
        }
    }

    /// Builds the rest of the index: the pages still waiting (none of the
    /// site had a custom body), then the words, filters, sorts and meta.
    pub fn finish(
        mut self,
        options: &SearchOptions,
    ) -> Result<(PagefindIndexes, Vec<Fragment>)> {
        let mut fragments = Vec::new();
        for page in self.waiting.take().unwrap_or_default() {
            fragments.push(self.index(page));
        }
        let language = self.language.clone();
        let page_count = self.pages.len();
        let mut meta = MetaIndex {
            version: options.version.into(),
            pages: std::mem::take(&mut self.pages),
            index_chunks: Vec::new(),
            filters: Vec::new(),
            sorts: sorts(std::mem::take(&mut self.sorts)),
            meta_fields: Vec::new(),
        };
        let mut sorted_fields: Vec<(usize, &String)> = self.meta_fields.iter().enumerate().collect();
        sorted_fields.sort_by(|a, b| a.1.cmp(b.1));
        let mut field_order = vec![0; sorted_fields.len()];
        for (global, (interned, _)) in sorted_fields.iter().enumerate() {
            field_order[*interned] = global;
        }
        meta.meta_fields = sorted_fields.iter().map(|(_, n)| (*n).clone()).collect();

        let filter_indexes = encode_filters(&language, std::mem::take(&mut self.filters), &mut meta);
        if TryInto::<u32>::try_into(meta.pages.len()).is_err() {
            bail!("Language {language} has too many documents to index");
        }
        let word_count = self.words.len();
        let chunks = chunk(std::mem::take(&mut self.words), options.index_chunk_size);
        meta.index_chunks = chunk_meta(&chunks);
        let encoded: Vec<(Vec<u8>, String)> = chunks
            .into_par_iter()
            .map(|chunk| {
                let mut bytes = Vec::new();
                let mut e = Encoder::new(&mut bytes);
                let _ = e.array(1).and_then(|e| e.array(chunk.len() as u64));
                for (word, w) in &chunk {
                    let _ = e.array(3).and_then(|e| e.str(word));
                    w.pages.encode(&mut e, &field_order);
                    let _ = e.array(w.variants.len() as u64);
                    for (form, postings) in &w.variants {
                        let _ = e.array(2).and_then(|e| e.str(form));
                        postings.encode(&mut e, &field_order);
                    }
                }
                let hash = format!("{}_{}", language, full_hash(&bytes));
                (bytes, hash)
            })
            .collect();
        let mut word_indexes: HashMap<String, Vec<u8>> = HashMap::new();
        for (i, (bytes, hash)) in encoded.into_iter().enumerate() {
            let short = short_name(&hash, language.len(), |s| word_indexes.contains_key(s));
            word_indexes.insert(short.clone(), bytes);
            meta.index_chunks[i].hash = short;
        }
        let sorts = meta.sorts.iter().map(|s| s.sort.clone()).collect();
        let mut meta_index: Vec<u8> = Vec::new();
        let _ = minicbor::encode::<MetaIndex, &mut Vec<u8>>(meta, meta_index.as_mut());
        let meta_hash = format!(
            "{}_{}",
            language,
            &full_hash(&meta_index)[0..=(language.len() + 7)]
        );
        Ok((
            PagefindIndexes {
                word_indexes,
                filter_indexes,
                sorts,
                meta_index: (meta_hash, meta_index),
                fragments: Vec::new(),
                language,
                word_count,
                page_count,
            },
            fragments,
        ))
    }
}

/// `build_indexes`' short name of a chunk or filter file.
pub(super) fn short_name(hash: &str, lang_len: usize, taken: impl Fn(&str) -> bool) -> String {
    let mut short = &hash[0..=(lang_len + 7)];
    while taken(short) {
        let new_length = short.len() + 1;
        short = &hash[0..=new_length];
        if short.len() == hash.len() {
            break;
        }
    }
    short.to_string()
}

pub(super) fn sorts(pages: Vec<(BTreeMap<String, String>, usize)>) -> Vec<MetaSort> {
    let mut keys: Vec<&String> = pages.iter().flat_map(|(s, _)| s.keys()).collect();
    keys.sort_unstable();
    keys.dedup();
    let mut out = Vec::new();
    for key in keys {
        let mut values: Vec<(&String, usize)> = pages
            .iter()
            .filter_map(|(s, n)| s.get(key).map(|v| (v, *n)))
            .collect();
        let kind = if values
            .iter()
            .all(|(v, _)| parse_int_sort(v).is_some() || parse_float_sort(v).is_some())
        {
            SortType::Number
        } else {
            SortType::String
        };
        match kind {
            SortType::String => values.sort_by_key(|p| p.0),
            SortType::Number => values.sort_by(|p1, p2| {
                let f = |v: &str| {
                    parse_int_sort(v)
                        .map(|i| i as f32)
                        .unwrap_or_else(|| parse_float_sort(v).unwrap_or_default())
                };
                f(p1.0).total_cmp(&f(p2.0))
            }),
        }
        out.push(MetaSort {
            sort: key.clone(),
            pages: values.into_iter().map(|p| p.1).collect(),
        });
    }
    out
}

pub(super) fn encode_filters(
    language: &str,
    filters: HashMap<String, HashMap<String, Vec<usize>>>,
    meta: &mut MetaIndex,
) -> HashMap<String, Vec<u8>> {
    let mut filters: Vec<_> = filters.into_iter().collect();
    filters.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
    let encoded: Vec<(String, Vec<u8>, String)> = filters
        .into_par_iter()
        .map(|(filter, values)| {
            let mut values: Vec<_> = values.into_iter().collect();
            values.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
            let mut bytes: Vec<u8> = Vec::new();
            let _ = minicbor::encode::<FilterIndex, &mut Vec<u8>>(
                FilterIndex {
                    filter: filter.clone(),
                    values: values
                        .into_iter()
                        .map(|(value, pages)| PackedValue { value, pages })
                        .collect(),
                },
                bytes.as_mut(),
            );
            let hash = format!("{}_{}", language, full_hash(&bytes));
            (filter, bytes, hash)
        })
        .collect();
    let mut out = HashMap::new();
    for (filter, bytes, hash) in encoded {
        let short = short_name(&hash, language.len(), |s| out.contains_key(s));
        out.insert(short.clone(), bytes);
        meta.filters.push(MetaFilter { filter, hash: short });
    }
    out
}

/// `chunk_index`: words in byte order, cut after the word that brings a
/// chunk's size to `chunk_size`.
fn chunk(words: HashMap<String, Word>, chunk_size: usize) -> Vec<Vec<(String, Word)>> {
    let mut words: Vec<(String, Word)> = words.into_iter().collect();
    words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut chunks = Vec::new();
    let mut current = Vec::new();
    let mut size = 0;
    for (word, w) in words {
        size += w.pages.size
            + w.variants.iter().map(|(_, p)| p.size).sum::<usize>()
            + w.variants.len();
        current.push((word, w));
        if size >= chunk_size {
            chunks.push(std::mem::take(&mut current));
            size = 0;
        }
    }
    if !current.is_empty() {
        chunks.push(current);
    }
    chunks
}

/// `chunk_meta`: each chunk's first and last word, trimmed to the shortest
/// prefixes that tell neighbouring chunks apart.
fn chunk_meta(chunks: &[Vec<(String, Word)>]) -> Vec<MetaChunk> {
    let mut named: Vec<MetaChunk> = chunks
        .iter()
        .map(|c| MetaChunk {
            from: c.first().map_or(String::new(), |w| w.0.clone()),
            to: c.last().map_or(String::new(), |w| w.0.clone()),
            hash: String::new(),
        })
        .collect();
    for i in 1..named.len() {
        let pair = &mut named[i - 1..=i];
        let prefixes = get_prefixes((&pair[0].to, &pair[1].from));
        if prefixes.0 >= pair[0].from {
            pair[0].to = prefixes.0;
        }
        pair[1].from = prefixes.1;
    }
    named
}
