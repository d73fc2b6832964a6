//! The files side of the engine: loading every file, re-reading and
//! re-parsing the changed ones, patching the site in place when resolve
//! would see nothing new, and resolving again (through `session`'s steps)
//! when it would.

use super::{Engine, FileEntry, Loc, State};
use crate::config::Config;
use crate::deps::{self, TemplateGraph};
use crate::diag::Diagnostic;
use crate::layout::{self, Layout};
use crate::parse::{self, Doc, DocKind};
use crate::resolve::Site;
use crate::routes::Route;
use crate::session;
use crate::source::{self, SourceFile};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

pub(super) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

pub(super) fn parse_entry(path: &str, bytes: Vec<u8>, config: &Config) -> FileEntry {
    let hash = hash_bytes(&bytes);
    let file = SourceFile {
        path: path.to_string(),
        bytes,
    };
    let mut diags = Vec::new();
    let doc = parse::parse_file(&file, config, &config.base_path(), &mut diags);
    FileEntry {
        hash,
        doc,
        lent: false,
        diags,
    }
}

impl Engine {
    /// Loads hub.yaml and every file, and forgets every rendered output's
    /// fingerprint. A hub.yaml that does not load keeps the previous state.
    pub(super) fn load_all(&mut self) {
        let mut config_diags = Vec::new();
        let Some(config) = session::config(&self.root, &self.options, &mut config_diags) else {
            self.config_errors = config_diags;
            return;
        };
        self.config_errors.clear();
        let mut load_diags = Vec::new();
        let mut inputs = source::load(&self.root, &config, &mut load_diags);
        let config = crate::pipeline::with_shortcodes(config, &inputs);
        let config = crate::pipeline::with_images(&self.root, config, &mut inputs, &mut load_diags);
        let entries: Vec<(String, FileEntry)> = inputs
            .pages
            .into_par_iter()
            .map(|f| {
                let path = f.path.clone();
                (path.clone(), parse_entry(&path, f.bytes, &config))
            })
            .collect();
        for o in self.outputs.values_mut() {
            o.fingerprint = None;
        }
        self.state = Some(State {
            graph: TemplateGraph::new(&inputs.templates),
            config,
            config_diags,
            load_diags,
            files: entries.into_iter().collect(),
            templates: inputs.templates,
            content_assets: inputs.content_assets,
            static_files: inputs.static_files,
            site: None,
            locs: HashMap::new(),
            prepared: None,
            tera: None,
            template_diags: Vec::new(),
            resolve_diags: Vec::new(),
            map_outline: inputs.map_outline,
        });
        self.resolve_all();
    }

    /// Re-reads the given Markdown files; patches the site in place when
    /// resolve would see no difference, else resolves again.
    /// Returns the only feeds the change can alter (`None`: any site file,
    /// feeds, sitemap, exports, may have changed).
    /// The second value says whether the exports (which show summaries)
    /// must be refreshed too.
    pub(super) fn update_files(
        &mut self,
        md: Vec<String>,
        mut structural: bool,
    ) -> Option<(Vec<String>, bool)> {
        let state = self.state.as_mut()?;
        let mut clean: Option<(Vec<String>, bool)> = None;
        let mut changed: Vec<(String, FileEntry)> = Vec::new();
        for path in md {
            match source::read(&self.root, &path) {
                Ok(bytes) => {
                    let hash = hash_bytes(&bytes);
                    if state.files.get(&path).is_some_and(|e| e.hash == hash) {
                        continue;
                    }
                    changed.push((path.clone(), parse_entry(&path, bytes, &state.config)));
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    if state.files.remove(&path).is_some() {
                        structural = true;
                    }
                }
                Err(e) => {
                    changed.push((
                        path.clone(),
                        FileEntry {
                            hash: 0,
                            doc: None,
                            lent: false,
                            diags: vec![Diagnostic::error(
                                "io",
                                path,
                                format!("cannot read this file: {e}"),
                            )],
                        },
                    ));
                }
            }
        }
        if changed.is_empty() && !structural {
            return Some((Vec::new(), false));
        }
        // Fast path: every changed file is a page or intro of the site whose
        // new version resolve would treat exactly like the old one.
        let fast = !structural
            && state.site.is_some()
            && changed.iter().all(|(path, entry)| {
                let (Some(loc), Some(new)) = (state.locs.get(path), entry.doc.as_ref()) else {
                    return false;
                };
                let old = state.files.get(path);
                old.is_some_and(|o| o.lent)
                    && state
                        .site
                        .as_ref()
                        .and_then(|s| doc_at(s, *loc))
                        .is_some_and(|old| deps::same_for_resolve(old, new))
                    && !state.resolve_diags.iter().any(|d| &d.file == path)
            });
        if fast {
            let changed_count = changed.len();
            // Feeds show whole pages of their collection; the sitemap shows
            // each page's date.
            let mut feeds = Vec::new();
            let mut exports = false;
            let all_clean = changed.iter().all(|(path, entry)| {
                match (
                    state.locs.get(path),
                    state.site.as_ref(),
                    entry.doc.as_ref(),
                ) {
                    (Some(&Loc::Page(id)), Some(site), Some(new)) => {
                        site.pages.get(id).is_some_and(|p| {
                            // Exports and the sitemap show the summary,
                            // dates and sources: those must not change. The
                            // page's text is in its collection's feed and in
                            // the per-item feeds of the pages it refers to.
                            if let Some(c) = state.config.collection(&p.collection)
                                && c.feed
                            {
                                feeds.push(Route::CollectionFeed(&c.name).output());
                            }
                            for &t in p.refs.iter().flat_map(|(_, ts)| ts) {
                                if let Some(tp) = site.pages.get(t)
                                    && state
                                        .config
                                        .collection(&tp.collection)
                                        .is_some_and(|c| c.find.feed_per_item)
                                {
                                    feeds.push(tp.feed_route().output());
                                }
                            }
                            exports |= p.doc.summary_text() != new.summary_text();
                            p.doc.updated == new.updated && p.doc.sources == new.sources
                        })
                    }
                    _ => false,
                }
            });
            if all_clean {
                clean = Some((feeds, exports));
            }
            let mut ids = Vec::new();
            for (path, mut entry) in changed {
                let (Some(&loc), Some(site)) = (state.locs.get(&path), state.site.as_mut()) else {
                    continue;
                };
                if let Some(doc) = entry.doc.take() {
                    put_doc(site, loc, doc);
                }
                entry.lent = true;
                if let Loc::Page(id) = loc {
                    ids.push(id);
                }
                state.files.insert(path, entry);
            }
            if let (Some(prepared), Some(site)) = (state.prepared.as_mut(), state.site.as_ref()) {
                let before: Vec<u64> = ids.iter().map(|&id| prepared.summary_hash(id)).collect();
                prepared.refresh_summaries(site, &ids);
                let after = ids.iter().map(|&id| prepared.summary_hash(id));
                if !after.eq(before) {
                    // Template functions hold the old summaries.
                    state.tera = None;
                } else if ids.len() == changed_count {
                    self.only_pages = Some(ids.clone());
                }
            }
        } else {
            for (path, entry) in changed {
                state.files.insert(path, entry);
            }
            self.resolve_all();
        }
        clean
    }

    /// Resolves the site from every parsed file.
    pub(super) fn resolve_all(&mut self) {
        let Some(state) = self.state.as_mut() else {
            return;
        };
        // Take the docs back from the old site.
        if let Some(site) = state.site.take() {
            let Site {
                pages,
                collections,
                home_intro,
                ..
            } = site;
            let docs = pages
                .into_iter()
                .map(|p| p.doc)
                .chain(collections.into_iter().filter_map(|c| c.intro))
                .chain(home_intro);
            for doc in docs {
                if let Some(e) = state.files.get_mut(&doc.path)
                    && e.lent
                {
                    e.doc = Some(doc);
                    e.lent = false;
                }
            }
        }
        state.prepared = None;
        state.tera = None;
        // Pages that failed to parse still exist for refs and links.
        let unparsed: HashSet<String> = state
            .files
            .iter()
            .filter(|(_, e)| e.doc.is_none() && !e.lent)
            .map(|(p, _)| p.clone())
            .collect();
        // A doc resolve may drop (a draft, a duplicate) is passed as a copy.
        let mut seen: HashMap<DocKind, usize> = HashMap::new();
        for e in state.files.values() {
            if let Some(d) = &e.doc {
                *seen.entry(d.kind.clone()).or_default() += 1;
            }
        }
        let mut docs = Vec::with_capacity(state.files.len());
        for e in state.files.values_mut() {
            let Some(d) = &e.doc else {
                continue;
            };
            let may_drop = (d.draft && !self.options.include_drafts)
                || seen.get(&d.kind).copied().unwrap_or(0) > 1;
            if may_drop {
                docs.push(d.clone());
            } else if let Some(d) = e.doc.take() {
                e.lent = true;
                docs.push(d);
            }
        }
        let mut resolve_diags = Vec::new();
        let site = session::resolve(
            &state.config,
            docs,
            &state.content_assets,
            &unparsed,
            &self.options,
            &mut resolve_diags,
        );
        source::quote_lines(&self.root, &mut resolve_diags);
        state.resolve_diags = resolve_diags;
        let mut locs = HashMap::new();
        for (id, p) in site.pages.iter().enumerate() {
            locs.insert(p.doc.path.clone(), Loc::Page(id));
        }
        for (ci, c) in site.collections.iter().enumerate() {
            if let Some(d) = &c.intro {
                locs.insert(d.path.clone(), Loc::Intro(ci));
            }
        }
        if let Some(d) = &site.home_intro {
            locs.insert(d.path.clone(), Loc::Home);
        }
        // A lent doc that resolve dropped: parse it again from its file.
        let lost: Vec<String> = state
            .files
            .iter()
            .filter(|(p, e)| e.lent && !locs.contains_key(*p))
            .map(|(p, _)| p.clone())
            .collect();
        for path in lost {
            if let Ok(bytes) = source::read(&self.root, &path) {
                state
                    .files
                    .insert(path.clone(), parse_entry(&path, bytes, &state.config));
            }
        }
        let outline = state.map_outline.as_ref();
        let prepared = session::prepare(&state.config, &site, outline, &mut state.resolve_diags);
        state.prepared = Some(prepared);
        state.locs = locs;
        state.site = Some(site);
    }
}

pub(super) fn doc_at(site: &Site, loc: Loc) -> Option<&Doc> {
    match loc {
        Loc::Page(id) => site.pages.get(id).map(|p| &p.doc),
        Loc::Home => site.home_intro.as_ref(),
        Loc::Intro(ci) => site.collections.get(ci).and_then(|c| c.intro.as_ref()),
    }
}

pub(super) fn put_doc(site: &mut Site, loc: Loc, doc: Doc) {
    match loc {
        Loc::Page(id) => {
            if let Some(p) = site.pages.get_mut(id) {
                p.doc = doc;
            }
        }
        Loc::Home => site.home_intro = Some(doc),
        Loc::Intro(ci) => {
            if let Some(c) = site.collections.get_mut(ci) {
                c.intro = Some(doc);
            }
        }
    }
}

/// Reads the theme's templates again (as `source::load` does).
/// Returns whether the map outline changed (then the site must be
/// prepared again).
pub(super) fn load_templates(root: &Path, state: &mut State) -> bool {
    let mut diags = Vec::new();
    let layout = Layout::new(&state.config.theme);
    let templates = source::load_templates(root, &layout, &mut diags);
    let outline = source::map_outline(root, &layout, &mut diags);
    let outline_changed = outline != state.map_outline;
    state.map_outline = outline;
    state.templates = templates;
    state
        .load_diags
        .retain(|d| !d.file.starts_with(&format!("{}/", layout::THEMES_DIR)));
    state.load_diags.extend(diags);
    outline_changed
}

/// Lists theme and site `static/` files again.
pub(super) fn load_static(root: &Path, state: &mut State) {
    let mut diags = Vec::new();
    let layout = Layout::new(&state.config.theme);
    state.static_files = source::static_files(root, &layout, &mut diags);
    state.load_diags.extend(diags);
}

/// Lists `content/` again: new Markdown files are added to `md`, vanished
/// ones removed; the asset list is replaced. Returns whether the set of
/// files changed.
pub(super) fn scan_content(root: &Path, state: &mut State, md: &mut Vec<String>) -> bool {
    let mut diags = Vec::new();
    let mut found: HashSet<String> = HashSet::new();
    let (markdown, assets) = source::content_files(root, &mut diags);
    for (rel, _) in markdown {
        if !state.files.contains_key(&rel) {
            md.push(rel.clone());
        }
        found.insert(rel);
    }
    let gone: Vec<String> = state
        .files
        .keys()
        .filter(|k| !found.contains(*k))
        .cloned()
        .collect();
    for k in &gone {
        state.files.remove(k);
    }
    let assets_changed = assets != state.content_assets;
    state.content_assets = assets;
    state
        .load_diags
        .retain(|d| layout::in_content(&d.file).is_none());
    state.load_diags.extend(diags);
    !gone.is_empty() || assets_changed
}
