//! clusterhub patch: an index kept between writes (`LiveIndex`). The word
//! map stays in memory as compact postings, so a write after an edit
//! re-packs only the words of the pages that changed and re-encodes only
//! the chunks that hold a changed word; pages added or removed renumber
//! the postings in one pass over the map, without parsing any page again.
//! A write gives the same bytes as `StreamState` over the same pages
//! (tested by clusterhub: the served index after an edit equals a full
//! build's, byte for byte).

use anyhow::{bail, Result};
use hashbrown::{HashMap, HashSet};
use minicbor::Encoder;
use rayon::prelude::*;
use std::collections::BTreeMap;

use super::index_metadata::{MetaChunk, MetaIndex, MetaPage};
use super::stream::{
    encode_filters, put, short_name, sorts, take, unzigzag, zigzag, Keep, Locs, PackedPage,
};
use super::{get_prefixes, PagefindIndexes};
use crate::utils::full_hash;
use crate::SearchOptions;

/// One posting list (a word's normal form, or one diacritic variant):
/// entries in page order, each the page number, the form's rank among the
/// page's variants (the order `StreamState` first meets them in), then the
/// body `Postings::push` packs (locations, then meta locations with
/// interned field ids), all varints.
#[derive(Default)]
struct Slot {
    bytes: Vec<u8>,
    pages: usize,
    /// `chunk_index`'s size of these pages.
    size: usize,
    last: Option<usize>,
}

/// A new entry for a slot: page, rank, body, size.
type Insert<'a> = (usize, u64, &'a [u8], usize);

impl Slot {
    fn entries(&self) -> impl Iterator<Item = Insert<'_>> {
        let bytes = &self.bytes[..];
        let mut at = 0;
        std::iter::from_fn(move || {
            if at >= bytes.len() {
                return None;
            }
            let page = take(bytes, &mut at) as usize;
            let rank = take(bytes, &mut at);
            let start = at;
            let mut size = 1;
            for _ in 0..2 {
                let n = take(bytes, &mut at);
                size += n as usize;
                for _ in 0..n {
                    take(bytes, &mut at);
                }
            }
            Some((page, rank, &bytes[start..at], size))
        })
    }

    fn push(&mut self, (page, rank, body, size): Insert<'_>) {
        put(&mut self.bytes, page as u64);
        put(&mut self.bytes, rank);
        self.bytes.extend_from_slice(body);
        self.pages += 1;
        self.size += size;
        self.last = Some(page);
    }

    /// Renumbers the entries with `remap` (`None` drops one) and merges
    /// `inserts` (in page order) in; `clean` says `remap` keeps every entry
    /// as it is. Returns whether the bytes changed.
    fn apply(
        &mut self,
        remap: &(dyn Fn(usize) -> Option<usize> + Sync),
        clean: bool,
        inserts: &[Insert<'_>],
    ) -> bool {
        if clean && inserts.first().is_none_or(|i| self.last.is_none_or(|l| i.0 > l)) {
            inserts.iter().for_each(|&i| self.push(i));
            return !inserts.is_empty();
        }
        let mut out = Slot::default();
        let mut ins = inserts.iter().peekable();
        for (page, rank, body, size) in self.entries() {
            let Some(page) = remap(page) else { continue };
            while let Some(&&i) = ins.peek() {
                if i.0 >= page {
                    break;
                }
                out.push(i);
                ins.next();
            }
            out.push((page, rank, body, size));
        }
        ins.for_each(|&i| out.push(i));
        let changed = out.bytes != self.bytes;
        *self = out;
        changed
    }

    fn first(&self) -> Option<(usize, u64)> {
        self.entries().next().map(|e| (e.0, e.1))
    }

    /// CBOR of the pages, as `Postings::encode` writes them.
    fn encode(&self, e: &mut Encoder<&mut Vec<u8>>, field_order: &[usize]) {
        let _ = e.array(self.pages as u64);
        let mut last = 0;
        for (page, _, body, _) in self.entries() {
            let _ = e.array(3).and_then(|e| e.u64((page - last) as u64));
            last = page;
            let mut at = 0;
            let n = take(body, &mut at);
            let _ = e.array(n);
            for _ in 0..n {
                let _ = e.i32(unzigzag(take(body, &mut at)));
            }
            let n = take(body, &mut at);
            let _ = e.array(n);
            for _ in 0..n {
                let mut l = unzigzag(take(body, &mut at));
                if l < 0 {
                    l = -(field_order[(-l - 1) as usize] as i32) - 1;
                }
                let _ = e.i32(l);
            }
        }
    }
}

/// A page's positions of one form as a slot entry's body.
fn body((locs, meta_locs): &Locs, field_ids: &[usize]) -> (Vec<u8>, usize) {
    let mut out = Vec::new();
    put(&mut out, locs.len() as u64);
    locs.iter().for_each(|&l| put(&mut out, zigzag(l)));
    put(&mut out, meta_locs.len() as u64);
    for &l in meta_locs {
        let l = if l < 0 {
            -(field_ids[(-l - 1) as usize] as i32) - 1
        } else {
            l
        };
        put(&mut out, zigzag(l));
    }
    (out, locs.len() + meta_locs.len() + 1)
}

#[derive(Default)]
struct Word {
    word: String,
    pages: Slot,
    variants: Vec<(String, Slot)>,
}

impl Word {
    fn is_empty(&self) -> bool {
        self.pages.pages == 0 && self.variants.is_empty()
    }

    fn size(&self) -> usize {
        self.pages.size + self.variants.iter().map(|v| v.1.size).sum::<usize>() + self.variants.len()
    }

    /// Applies `remap` and a page's new entries (form `None`: the normal
    /// form); returns whether the word's bytes changed.
    fn apply(
        &mut self,
        remap: &(dyn Fn(usize) -> Option<usize> + Sync),
        clean: bool,
        inserts: &[(Option<&str>, Insert<'_>)],
    ) -> bool {
        let of = |form: Option<&str>| -> Vec<Insert<'_>> {
            inserts.iter().filter(|i| i.0 == form).map(|i| i.1).collect()
        };
        let mut changed = self.pages.apply(remap, clean, &of(None));
        for (form, slot) in &mut self.variants {
            changed |= slot.apply(remap, clean, &of(Some(form)));
        }
        for (form, _) in inserts {
            if let Some(form) = form {
                if !self.variants.iter().any(|v| v.0 == *form) {
                    let mut slot = Slot::default();
                    slot.apply(remap, true, &of(Some(form)));
                    self.variants.push((form.to_string(), slot));
                    changed = true;
                }
            }
        }
        if changed {
            self.variants.retain(|v| v.1.pages > 0);
            self.variants.sort_by_key(|v| v.1.first());
        }
        changed
    }

    fn encode(&self, e: &mut Encoder<&mut Vec<u8>>, field_order: &[usize]) {
        let _ = e.array(3).and_then(|e| e.str(&self.word));
        self.pages.encode(e, field_order);
        let _ = e.array(self.variants.len() as u64);
        for (form, slot) in &self.variants {
            let _ = e.array(2).and_then(|e| e.str(form));
            slot.encode(e, field_order);
        }
    }
}

/// What the index keeps of a page.
struct Record {
    keep: Keep,
    /// Its page number at the last write, if it was indexed.
    number: Option<usize>,
    word_count: u32,
    full_hash: String,
    /// Its fragment's name at the last write.
    name: Option<String>,
    filters: BTreeMap<String, Vec<String>>,
    sort: BTreeMap<String, String>,
    meta_ids: Vec<usize>,
    /// The words it has entries in, while it is indexed.
    words: Vec<u32>,
}

/// A page given to `update` parsed again: its record and packed entries.
struct Fresh {
    pos: usize,
    record: Record,
    fragment: Vec<u8>,
    /// (word, form, rank, body, size)
    entries: Vec<(u32, Option<String>, u64, Vec<u8>, usize)>,
}

/// A chunk as last written.
struct ChunkDone {
    words: usize,
    full_hash: String,
    name: String,
}

/// The index kept between writes.
pub struct LiveState {
    language: String,
    pages: HashMap<String, Record>,
    /// How many pages were indexed at the last write.
    indexed: usize,
    words: Vec<Word>,
    word_ids: HashMap<String, u32>,
    /// Word ids in byte order of their words (`unsorted`: added since).
    sorted: Vec<u32>,
    unsorted: Vec<u32>,
    meta_fields: Vec<String>,
    meta_ids: HashMap<String, usize>,
    /// Indexed pages with each meta field.
    meta_uses: Vec<usize>,
    last_fields: Vec<String>,
    /// (first word, last word) → the chunk written.
    chunks: HashMap<(u32, u32), ChunkDone>,
}

/// A fragment of the index after a write.
pub struct LiveFragment {
    pub name: String,
    pub full_hash: String,
    /// The gzipped file, for a page parsed again in this write.
    pub bytes: Option<Vec<u8>>,
    /// Its name at the last write, for a page that was not.
    pub was: Option<String>,
}

/// The index after a write: its files (`word_indexes` holds only the
/// chunks encoded in this write), every chunk's name and full hash, and
/// every fragment.
pub struct LiveWrite {
    pub indexes: PagefindIndexes,
    pub chunks: Vec<(String, String)>,
    pub fragments: Vec<LiveFragment>,
}

impl LiveState {
    pub fn new(language: String) -> Self {
        LiveState {
            language,
            pages: HashMap::new(),
            indexed: 0,
            words: Vec::new(),
            word_ids: HashMap::new(),
            sorted: Vec::new(),
            unsorted: Vec::new(),
            meta_fields: Vec::new(),
            meta_ids: HashMap::new(),
            meta_uses: Vec::new(),
            last_fields: Vec::new(),
            chunks: HashMap::new(),
        }
    }

    fn word_id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.word_ids.get(word) {
            return id;
        }
        let id = self.words.len() as u32;
        self.words.push(Word {
            word: word.to_string(),
            ..Word::default()
        });
        self.word_ids.insert(word.to_string(), id);
        self.unsorted.push(id);
        id
    }

    fn meta_id(&mut self, name: &str) -> usize {
        if let Some(&id) = self.meta_ids.get(name) {
            return id;
        }
        self.meta_fields.push(name.to_string());
        self.meta_uses.push(0);
        self.meta_ids.insert(name.to_string(), self.meta_fields.len() - 1);
        self.meta_fields.len() - 1
    }

    fn fresh(&mut self, pos: usize, page: PackedPage) -> Result<Fresh> {
        if page.language != self.language {
            bail!("page {} is in {}, the index in {}", page.url, page.language, self.language);
        }
        let meta_ids: Vec<usize> = page.meta_fields.iter().map(|n| self.meta_id(n)).collect();
        let mut entries = Vec::new();
        for (word, normal, variants) in &page.words {
            let id = self.word_id(word);
            if let Some(locs) = normal {
                let (b, size) = body(locs, &meta_ids);
                entries.push((id, None, 0, b, size));
            }
            for (rank, (form, locs)) in variants.iter().enumerate() {
                let (b, size) = body(locs, &meta_ids);
                entries.push((id, Some(form.clone()), rank as u64, b, size));
            }
        }
        Ok(Fresh {
            pos,
            record: Record {
                keep: page.keep,
                number: None,
                word_count: page.word_count as u32,
                full_hash: page.full_hash,
                name: None,
                filters: page.filters,
                sort: page.sort,
                meta_ids,
                words: Vec::new(),
            },
            fragment: page.fragment,
            entries,
        })
    }

    /// Puts a page with a custom body, the `number`th, straight into the
    /// word map (the first write: every page comes in page order, and
    /// every page with a custom body is indexed); returns its record and
    /// its fragment.
    fn direct(&mut self, page: PackedPage, number: usize) -> Result<(Record, Vec<u8>)> {
        let mut f = self.fresh(0, page)?;
        for &id in &f.record.meta_ids {
            self.meta_uses[id] += 1;
        }
        for (id, form, rank, b, size) in &f.entries {
            let word = &mut self.words[*id as usize];
            let entry = (number, *rank, &b[..], *size);
            match form {
                None => word.pages.push(entry),
                Some(form) => match word.variants.iter_mut().find(|v| v.0 == *form) {
                    Some(v) => v.1.push(entry),
                    None => {
                        let mut slot = Slot::default();
                        slot.push(entry);
                        word.variants.push((form.clone(), slot));
                    }
                },
            }
        }
        f.record.number = Some(number);
        f.record.words = f.entries.iter().map(|e| e.0).collect();
        f.record.words.dedup();
        Ok((f.record, f.fragment))
    }

    /// Makes `pages` (by key, in page order; each with its page parsed
    /// again, or `None` if unchanged since it was last given) the pages of
    /// the index, and encodes it. `None` (nothing changed) if a page not
    /// parsed again would change whether it is indexed: a new state must
    /// then be given every page parsed.
    pub fn update(
        &mut self,
        pages: impl Iterator<Item = (String, Option<PackedPage>)>,
        options: &SearchOptions,
    ) -> Result<Option<LiveWrite>> {
        let mut keys = Vec::new();
        let mut fresh = Vec::new();
        // With nothing kept (the first write), pages with a custom body go
        // straight into the word map as they come, in page order, as in
        // `StreamState`: only their records are held, not their words.
        let streaming = self.pages.is_empty();
        let mut direct = Vec::new();
        let mut fragments_of: HashMap<usize, Vec<u8>> = HashMap::new();
        for (pos, (key, page)) in pages.enumerate() {
            match page {
                Some(page) if streaming && page.keep == Keep::Yes => {
                    let (record, fragment) = self.direct(page, direct.len())?;
                    fragments_of.insert(pos, fragment);
                    direct.push((pos, record));
                }
                Some(page) => fresh.push(self.fresh(pos, page)?),
                None if self.pages.contains_key(&key) => {}
                None => bail!("page {key} was never added to the index"),
            }
            keys.push(key);
        }
        // `StreamState`'s rule: pages with a custom body, if any, else the
        // pages without one.
        let mut keep: Vec<Keep> = keys.iter().map(|k| self.pages.get(k).map_or(Keep::No, |r| r.keep)).collect();
        fresh.iter().for_each(|f| keep[f.pos] = f.record.keep);
        direct.iter().for_each(|(pos, _)| keep[*pos] = Keep::Yes);
        let wanted = if keep.contains(&Keep::Yes) { Keep::Yes } else { Keep::IfNoCustomBody };
        let mut numbers = vec![None; keys.len()];
        let mut count = 0;
        for (pos, k) in keep.iter().enumerate() {
            if *k == wanted {
                numbers[pos] = Some(count);
                count += 1;
            }
        }
        let is_fresh: HashSet<usize> = fresh.iter().map(|f| f.pos).chain(direct.iter().map(|d| d.0)).collect();
        // A page not parsed again that would change whether it is indexed
        // (no page has a custom body any more, or one has one now): its
        // words were not kept, so every page must be given parsed.
        let flips = keys.iter().enumerate().any(|(pos, key)| {
            !is_fresh.contains(&pos)
                && self
                    .pages
                    .get(key)
                    .is_some_and(|r| r.number.is_some() != numbers[pos].is_some())
        });
        if flips {
            return Ok(None);
        }
        // Old page numbers → new; pages parsed again or gone are dropped.
        let mut remap: Vec<Option<usize>> = vec![None; self.indexed];
        for (pos, key) in keys.iter().enumerate() {
            if is_fresh.contains(&pos) {
                continue;
            }
            let Some(record) = self.pages.get_mut(key) else { continue };
            if let Some(old) = record.number {
                remap[old] = numbers[pos];
            }
            record.number = numbers[pos];
        }
        let clean_order = remap.iter().enumerate().all(|(i, n)| n.is_none_or(|n| n == i));
        let dropped = self.drop_pages(&keys, &is_fresh);
        // The new entries, by word.
        let mut inserts: HashMap<u32, Vec<(Option<&str>, Insert<'_>)>> = HashMap::new();
        for f in &mut fresh {
            f.record.number = numbers[f.pos];
            if f.record.number.is_none() {
                continue;
            }
            for &id in &f.record.meta_ids {
                self.meta_uses[id] += 1;
            }
            f.record.words = f.entries.iter().map(|e| e.0).collect();
            f.record.words.dedup();
        }
        for f in &fresh {
            let Some(number) = f.record.number else { continue };
            for (id, form, rank, b, size) in &f.entries {
                inserts.entry(*id).or_default().push((form.as_deref(), (number, *rank, b, *size)));
            }
        }
        let remap_fn = |p: usize| remap.get(p).copied().flatten();
        let mut dirty = vec![false; self.words.len()];
        if clean_order {
            let mut ids: Vec<u32> = inserts.keys().chain(dropped.iter()).copied().collect();
            ids.sort_unstable();
            ids.dedup();
            let none = Vec::new();
            for id in ids {
                let clean = !dropped.contains(&id);
                let ins = inserts.get(&id).unwrap_or(&none);
                dirty[id as usize] = self.words[id as usize].apply(&remap_fn, clean, ins);
            }
        } else {
            let none = Vec::new();
            self.words
                .par_iter_mut()
                .zip(dirty.par_iter_mut())
                .enumerate()
                .for_each(|(id, (word, dirty))| {
                    let ins = inserts.get(&(id as u32)).unwrap_or(&none);
                    *dirty = word.apply(&remap_fn, false, ins);
                });
        }
        drop(inserts);
        fragments_of.extend(fresh.iter_mut().map(|f| (f.pos, std::mem::take(&mut f.fragment))));
        for f in fresh {
            self.pages.insert(keys[f.pos].clone(), f.record);
        }
        for (pos, record) in direct {
            self.pages.insert(keys[pos].clone(), record);
        }
        let listed: HashSet<&String> = keys.iter().collect();
        self.pages.retain(|k, _| listed.contains(k));
        self.indexed = count;
        self.encode(&keys, &numbers, fragments_of, &dirty, options).map(Some)
    }

    /// Forgets the entries of the pages parsed again or gone; returns the
    /// words they were in.
    fn drop_pages(&mut self, keys: &[String], is_fresh: &HashSet<usize>) -> HashSet<u32> {
        let listed: HashMap<&String, usize> = keys.iter().enumerate().map(|(p, k)| (k, p)).collect();
        let mut dropped = HashSet::new();
        for (key, record) in &mut self.pages {
            let gone = listed.get(key).is_none_or(|p| is_fresh.contains(p));
            if !gone || record.number.is_none() {
                continue;
            }
            dropped.extend(record.words.drain(..));
            for &id in &record.meta_ids {
                self.meta_uses[id] -= 1;
            }
            record.number = None;
        }
        dropped
    }

    /// Encodes the index: the chunks that hold a changed word (or whose
    /// words changed), every filter, sort and the meta.
    fn encode(
        &mut self,
        keys: &[String],
        numbers: &[Option<usize>],
        mut fragments_of: HashMap<usize, Vec<u8>>,
        dirty: &[bool],
        options: &SearchOptions,
    ) -> Result<LiveWrite> {
        let language = self.language.clone();
        // Pages in page order, their fragments named as `StreamState` does.
        let mut indexed: Vec<(usize, &Record)> = keys
            .iter()
            .enumerate()
            .filter_map(|(pos, k)| Some((numbers[pos]?, self.pages.get(k)?)))
            .collect();
        indexed.sort_by_key(|p| p.0);
        let mut names: HashMap<String, String> = HashMap::new();
        let mut pages = Vec::new();
        let mut fragments = Vec::new();
        let mut filters: HashMap<String, HashMap<String, Vec<usize>>> = HashMap::new();
        let mut page_sorts = Vec::new();
        let mut by_number: Vec<usize> = Vec::new();
        for (pos, _) in keys.iter().enumerate() {
            if numbers[pos].is_some() {
                by_number.push(pos);
            }
        }
        for (number, record) in &indexed {
            let name = fragment_name(&mut names, &record.full_hash, language.len());
            pages.push(MetaPage {
                hash: name.clone(),
                word_count: record.word_count,
                group_hash: "".into(),
            });
            fragments.push(LiveFragment {
                name,
                full_hash: record.full_hash.clone(),
                bytes: fragments_of.remove(&by_number[*number]),
                was: record.name.clone(),
            });
            for (filter, values) in &record.filters {
                let filter = filters.entry(filter.clone()).or_default();
                for value in values {
                    filter.entry(value.clone()).or_default().push(*number);
                }
            }
            if !record.sort.is_empty() {
                page_sorts.push((record.sort.clone(), *number));
            }
        }
        for (pos, f) in by_number.iter().zip(&fragments) {
            if let Some(r) = self.pages.get_mut(&keys[*pos]) {
                r.name = Some(f.name.clone());
            }
        }
        let page_count = pages.len();
        if TryInto::<u32>::try_into(page_count).is_err() {
            bail!("Language {language} has too many documents to index");
        }
        let mut meta = MetaIndex {
            version: options.version.into(),
            pages,
            index_chunks: Vec::new(),
            filters: Vec::new(),
            sorts: sorts(page_sorts),
            meta_fields: Vec::new(),
        };
        let mut in_use: Vec<(usize, &String)> = self
            .meta_fields
            .iter()
            .enumerate()
            .filter(|(id, _)| self.meta_uses[*id] > 0)
            .collect();
        in_use.sort_by(|a, b| a.1.cmp(b.1));
        let mut field_order = vec![0; self.meta_fields.len()];
        for (at, (id, _)) in in_use.iter().enumerate() {
            field_order[*id] = at;
        }
        meta.meta_fields = in_use.iter().map(|(_, n)| (*n).clone()).collect();
        let fields_changed = meta.meta_fields != self.last_fields;
        self.last_fields = meta.meta_fields.clone();
        let filter_indexes = encode_filters(&language, filters, &mut meta);
        let (chunks, word_indexes, word_count) =
            self.encode_chunks(dirty, fields_changed, &field_order, options, &mut meta);
        let sorts = meta.sorts.iter().map(|s| s.sort.clone()).collect();
        let mut meta_index: Vec<u8> = Vec::new();
        let _ = minicbor::encode::<MetaIndex, &mut Vec<u8>>(meta, meta_index.as_mut());
        let meta_hash = format!(
            "{}_{}",
            language,
            &full_hash(&meta_index)[0..=(language.len() + 7)]
        );
        Ok(LiveWrite {
            indexes: PagefindIndexes {
                word_indexes,
                filter_indexes,
                sorts,
                meta_index: (meta_hash, meta_index),
                fragments: Vec::new(),
                language,
                word_count,
                page_count,
            },
            chunks,
            fragments,
        })
    }

    /// Chunks the words in byte order as `chunk_index` does, encoding only
    /// those not written before as they are now.
    fn encode_chunks(
        &mut self,
        dirty: &[bool],
        all: bool,
        field_order: &[usize],
        options: &SearchOptions,
        meta: &mut MetaIndex,
    ) -> (Vec<(String, String)>, HashMap<String, Vec<u8>>, usize) {
        let mut added = std::mem::take(&mut self.unsorted);
        if !added.is_empty() {
            let words = &self.words;
            added.sort_unstable_by(|a, b| words[*a as usize].word.cmp(&words[*b as usize].word));
            let mut merged = Vec::with_capacity(self.sorted.len() + added.len());
            let (mut i, mut j) = (0, 0);
            while i < self.sorted.len() || j < added.len() {
                let take_old = j >= added.len()
                    || (i < self.sorted.len()
                        && words[self.sorted[i] as usize].word < words[added[j] as usize].word);
                if take_old {
                    merged.push(self.sorted[i]);
                    i += 1;
                } else {
                    merged.push(added[j]);
                    j += 1;
                }
            }
            self.sorted = merged;
        }
        let live: Vec<u32> = self
            .sorted
            .iter()
            .copied()
            .filter(|&id| !self.words[id as usize].is_empty())
            .collect();
        let mut ranges = Vec::new();
        let (mut start, mut size) = (0, 0);
        for (i, &id) in live.iter().enumerate() {
            size += self.words[id as usize].size();
            if size >= options.index_chunk_size {
                ranges.push(start..i + 1);
                start = i + 1;
                size = 0;
            }
        }
        if start < live.len() {
            ranges.push(start..live.len());
        }
        let is_dirty = |id: u32| dirty.get(id as usize).copied().unwrap_or(true);
        let reused = |r: &std::ops::Range<usize>| -> Option<&ChunkDone> {
            let done = self.chunks.get(&(live[r.start], live[r.end - 1]))?;
            (!all && done.words == r.len() && !live[r.clone()].iter().any(|&id| is_dirty(id)))
                .then_some(done)
        };
        let encode = |r: &std::ops::Range<usize>| -> (Vec<u8>, String) {
            let mut bytes = Vec::new();
            let mut e = Encoder::new(&mut bytes);
            let _ = e.array(1).and_then(|e| e.array(r.len() as u64));
            for &id in &live[r.clone()] {
                self.words[id as usize].encode(&mut e, field_order);
            }
            let hash = format!("{}_{}", self.language, full_hash(&bytes));
            (bytes, hash)
        };
        let mut encoded: Vec<(Option<Vec<u8>>, String, Option<String>)> = ranges
            .par_iter()
            .map(|r| match reused(r) {
                Some(done) => (None, done.full_hash.clone(), Some(done.name.clone())),
                None => {
                    let (bytes, hash) = encode(r);
                    (Some(bytes), hash, None)
                }
            })
            .collect();
        let mut taken: HashSet<String> = HashSet::new();
        let mut chunks = Vec::new();
        let mut word_indexes = HashMap::new();
        let mut done = HashMap::new();
        for (r, (bytes, hash, was)) in ranges.iter().zip(&mut encoded) {
            let name = short_name(hash, self.language.len(), |s| taken.contains(s));
            taken.insert(name.clone());
            // A chunk kept whose name changed is written under its new name.
            let bytes = match (bytes.take(), was) {
                (Some(bytes), _) => Some(bytes),
                (None, Some(was)) if *was != name => Some(encode(r).0),
                (None, _) => None,
            };
            if let Some(bytes) = bytes {
                word_indexes.insert(name.clone(), bytes);
            }
            done.insert(
                (live[r.start], live[r.end - 1]),
                ChunkDone { words: r.len(), full_hash: hash.clone(), name: name.clone() },
            );
            chunks.push((name, hash.clone()));
        }
        meta.index_chunks = chunk_meta(&ranges, &live, &self.words, &chunks);
        self.chunks = done;
        (chunks, word_indexes, live.len())
    }
}

/// `chunk_meta`: each chunk's first and last word, trimmed to the shortest
/// prefixes that tell neighbouring chunks apart.
fn chunk_meta(
    ranges: &[std::ops::Range<usize>],
    live: &[u32],
    words: &[Word],
    chunks: &[(String, String)],
) -> Vec<MetaChunk> {
    let word = |i: usize| words[live[i] as usize].word.clone();
    let mut named: Vec<MetaChunk> = ranges
        .iter()
        .zip(chunks)
        .map(|(r, (name, _))| MetaChunk {
            from: word(r.start),
            to: word(r.end - 1),
            hash: name.clone(),
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

/// `StreamState::fragment_name`.
fn fragment_name(names: &mut HashMap<String, String>, full: &str, lang_len: usize) -> String {
    let mut len = lang_len + 8;
    loop {
        let short = &full[..len.min(full.len())];
        match names.get(short) {
            Some(other) if other == full => return short.to_string(),
            Some(_) if len < full.len() => len += 1,
            _ => {
                names.insert(short.to_string(), full.to_string());
                return short.to_string();
            }
        }
    }
}
