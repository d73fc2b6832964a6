//! The session's step methods: load everything (a full build, or `serve`
//! after hub.yaml changed), process the images (after load and after each
//! new listing of files), reload one scope (templates, shortcodes and the
//! social card, static files, the list of `content/`), read and parse changed pages into
//! the store, resolve and prepare the site from the store, put pages whose
//! change resolve would not see into the site in place, and load the
//! templates. Each step keeps its own diagnostics in the session.

use super::{Session, config, prepare, resolve, templates};
use crate::cards::CardArt;
use crate::clock::Clock;
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::images::Images;
use crate::layout::{self, Layout};
use crate::markdown::Shortcodes;
use crate::parse::{self, Doc};
use crate::render::{LookupRecorder, Templates};
use crate::resolve::{PageId, Site};
use crate::source::{self, SourceFile, Template};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// One Markdown file of `content/` as last read.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// Hash of the file's bytes (0: could not be read).
    pub hash: u64,
    /// The page; `None` when it did not parse. The site shares it.
    pub doc: Option<Arc<Doc>>,
    /// The problems parsing found.
    pub diags: Vec<Diagnostic>,
    /// The text may call a shortcode (it holds `{{` or `{%`): parsed
    /// again when the theme's shortcodes change.
    pub calls: bool,
}

/// Where a page or intro is in the site.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Loc {
    Page(PageId),
    Home,
    Intro(usize),
}

/// PARSE: one file into an entry of the store.
fn parse_entry(file: SourceFile, config: &Config, kit: &parse::Kit) -> Entry {
    let hash = crate::output::digest(&file.bytes);
    let calls = crate::markdown::has_call_opening(&file.bytes);
    let mut diags = Vec::new();
    let doc = parse::parse_file(&file, config, kit, &config.base_path(), &mut diags);
    Entry {
        hash,
        doc: doc.map(Arc::new),
        diags,
        calls,
    }
}

/// The name and text of each shortcode template of the theme.
fn shortcode_sources(templates: &[Template]) -> Vec<(String, String)> {
    templates
        .iter()
        .filter(|t| t.name.starts_with(crate::markdown::SHORTCODES_FOLDER))
        .map(|t| (t.name.clone(), t.text.clone()))
        .collect()
}

/// What `read_pages` found.
#[derive(Debug, Default)]
pub(crate) struct Read {
    /// Files whose bytes changed, parsed (not yet in the store).
    pub changed: Vec<(String, Entry)>,
    /// Some file of the store is gone.
    pub removed: bool,
}

impl Session {
    /// LOAD: hub.yaml and every input file (`extra`: one more page that is
    /// not on disk); returns the pages to parse. Forgets the site and what
    /// was made from it. A hub.yaml that does not load keeps the previous
    /// state and returns `None`.
    pub(crate) fn load(&mut self, extra: Option<SourceFile>) -> Option<Vec<SourceFile>> {
        let mut config_diags = Vec::new();
        let Some(config) = config(&self.root, &self.options, &mut config_diags) else {
            self.config_errors = config_diags;
            return None;
        };
        self.config_errors.clear();
        self.config_diags = config_diags;
        self.load_diags.clear();
        let mut inputs = source::load(&self.root, &config, &mut self.load_diags);
        inputs.pages.extend(extra);
        self.templates = inputs.templates;
        self.content_listed = inputs.content_assets;
        self.static_listed = inputs.static_files;
        self.map_outline = inputs.map_outline;
        self.shortcode_sources = shortcode_sources(&self.templates);
        self.kit.shortcodes = self.shortcodes();
        self.card = (inputs.card).map(|card| Arc::new(CardArt::new(card, self.root.clone())));
        // The first load processes every image; a later one (`serve`,
        // after hub.yaml changed) starts from the images it has.
        let before = self.config.is_some().then(|| self.kit.images.clone());
        self.config = Some(config);
        self.process_images(before.as_deref());
        self.files.clear();
        self.forget_site();
        self.forms_dirty = true;
        Some(inputs.pages)
    }

    /// PARSE: every page into the store, in parallel (the store is replaced).
    pub(crate) fn parse(&mut self, pages: Vec<SourceFile>) {
        let Some(config) = &self.config else {
            return;
        };
        let kit = &self.kit;
        let entries: Vec<(String, Entry)> = pages
            .into_par_iter()
            .map(|f| (f.path.clone(), parse_entry(f, config, kit)))
            .collect();
        self.files = entries.into_iter().collect();
    }

    /// IMAGES: every image of `content/` and of the site's `static/`
    /// folder processed or taken from the cache (`before`: the previous
    /// images, whose files unchanged since are not even read), their
    /// variants joined to the listed files, and the kit's images set for
    /// `parse`. Returns the URLs of the images that changed. A run after
    /// the first (`serve`) makes a new image's variants off the edit path.
    fn process_images(&mut self, before: Option<&Images>) -> HashSet<String> {
        let Some(config) = &self.config else {
            return HashSet::new();
        };
        let mut content = self.content_listed.clone();
        let mut statics = self.static_listed.clone();
        self.image_diags.clear();
        let images = crate::images::prepare(
            &self.root,
            &config.base_path(),
            &mut [&mut content, &mut statics],
            before,
            before.is_some(),
            &mut self.image_diags,
        );
        let changed = images.changed_urls(&self.kit.images);
        self.content_assets = content;
        self.static_files = statics;
        self.kit.images = Arc::new(images);
        changed
    }

    /// Processes the images again after a new listing of files; returns
    /// the pages that show an image that changed (to parse again: their
    /// `<picture>` is made in `parse`), or `None` when none changed.
    fn refresh_images(&mut self) -> Option<Vec<String>> {
        let before = self.kit.images.clone();
        let urls = self.process_images(Some(&before));
        if urls.is_empty() {
            return None;
        }
        let showing: Vec<String> = self
            .files
            .iter()
            .filter(|(_, e)| {
                e.doc
                    .as_ref()
                    .is_some_and(|d| d.body.image_urls.iter().any(|u| urls.contains(u)))
            })
            .map(|(p, _)| p.clone())
            .collect();
        self.reparse.extend(showing.iter().cloned());
        Some(showing)
    }

    /// The theme's shortcodes (with the sizes of the content files they
    /// may show).
    fn shortcodes(&self) -> Arc<Shortcodes> {
        let sizes = source::content_sizes(&self.content_listed);
        Arc::new(Shortcodes::load(&self.templates, sizes))
    }

    /// Makes the shortcodes again when their templates or the content
    /// files they may show changed; returns the pages that may call one
    /// (to parse again), or nothing when the shortcodes are as they were.
    fn refresh_shortcodes(&mut self, sizes_changed: bool) -> Vec<String> {
        let sources = shortcode_sources(&self.templates);
        if sources == self.shortcode_sources && !sizes_changed {
            return Vec::new();
        }
        self.shortcode_sources = sources;
        if self.config.is_none() {
            return Vec::new();
        }
        self.kit.shortcodes = self.shortcodes();
        let calling: Vec<String> = self
            .files
            .iter()
            .filter(|(_, e)| e.calls)
            .map(|(p, _)| p.clone())
            .collect();
        self.reparse.extend(calling.iter().cloned());
        calling
    }

    /// Reads the theme's templates (shortcodes among them), its map
    /// outline and its social card again. Returns whether the outline or
    /// the card changed (then the site must be prepared again) and the
    /// pages to parse again because the shortcodes changed.
    pub(crate) fn reload_templates(&mut self) -> (bool, Vec<String>) {
        let Some(config) = &self.config else {
            return (false, Vec::new());
        };
        let layout = Layout::new(&config.theme);
        let mut diags = Vec::new();
        let templates = source::load_templates(&self.root, &layout, &mut diags);
        let outline = source::map_outline(&self.root, &layout, &mut diags);
        let card = source::card_theme(&self.root, &layout, &mut diags);
        let card_changed = self.set_card(card);
        let outline_changed = outline != self.map_outline || card_changed;
        self.map_outline = outline;
        self.templates = templates;
        let theme = format!("{}/", layout::THEMES_DIR);
        self.load_diags.retain(|d| !d.file.starts_with(&theme));
        self.load_diags.extend(diags);
        self.tera = None;
        (outline_changed, self.refresh_shortcodes(false))
    }

    /// Sets the theme's social card; returns whether it changed.
    fn set_card(&mut self, card: Option<crate::cards::CardTheme>) -> bool {
        if self.config.is_none() {
            return false;
        }
        let old = self.card.as_deref().map(|c| &c.theme);
        if old == card.as_ref() {
            return false;
        }
        self.card = card.map(|card| Arc::new(CardArt::new(card, self.root.clone())));
        true
    }

    /// Lists the theme's and the site's `static/` files again, and
    /// processes the site's images among them. Returns the pages to parse
    /// again (they name an image that changed), `None` when none changed.
    pub(crate) fn reload_static(&mut self) -> Option<Vec<String>> {
        let config = self.config.as_ref()?;
        let layout = Layout::new(&config.theme);
        self.static_listed = source::static_files(&self.root, &layout, &mut self.load_diags);
        self.refresh_images()
    }

    /// Lists `content/` again: new Markdown files are added to `md`,
    /// vanished ones leave the store, the assets are replaced (pages that
    /// may show their sizes through a shortcode are added to `md` when they
    /// changed) and the images processed (pages naming one that changed
    /// are added to `md`). Returns whether the set of files or an image
    /// changed.
    pub(crate) fn scan_content(&mut self, md: &mut Vec<String>) -> bool {
        let mut diags = Vec::new();
        let (markdown, assets) = source::content_files(&self.root, &mut diags);
        let mut found: HashSet<String> = HashSet::new();
        for (rel, _) in markdown {
            if !self.files.contains_key(&rel) {
                md.push(rel.clone());
            }
            found.insert(rel);
        }
        let before = self.files.len();
        self.files.retain(|k, _| found.contains(k));
        let gone = self.files.len() != before;
        let assets_changed = assets != self.content_listed;
        self.content_listed = assets;
        self.load_diags
            .retain(|d| layout::in_content(&d.file).is_none());
        self.load_diags.extend(diags);
        if assets_changed {
            md.extend(self.refresh_shortcodes(true));
        }
        // An image changed in place leaves the listing as it was.
        let images = self.refresh_images();
        let images_changed = images.is_some();
        md.extend(images.unwrap_or_default());
        gone || assets_changed || images_changed
    }

    /// READ and PARSE the given Markdown files; those whose bytes did not
    /// change are left out (unless the shortcodes they may call changed).
    /// A file that is gone leaves the store.
    pub(crate) fn read_pages(&mut self, paths: Vec<String>) -> Read {
        let mut read = Read::default();
        let mut seen = HashSet::new();
        for path in paths {
            if !seen.insert(path.clone()) {
                continue;
            }
            let read_now = source::read(&self.root, &path);
            let config = match &self.config {
                Some(c) => c,
                None => continue,
            };
            match read_now {
                Ok(bytes) => {
                    let hash = crate::output::digest(&bytes);
                    let same = self.files.get(&path).is_some_and(|e| e.hash == hash);
                    if same && !self.reparse.remove(&path) {
                        continue;
                    }
                    let entry = parse_entry(
                        SourceFile {
                            path: path.clone(),
                            bytes,
                        },
                        config,
                        &self.kit,
                    );
                    read.changed.push((path, entry));
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    read.removed |= self.files.remove(&path).is_some();
                }
                Err(e) => {
                    let d = Diagnostic::error("io", &path, format!("cannot read this file: {e}"));
                    let entry = Entry {
                        hash: 0,
                        doc: None,
                        diags: vec![d],
                        calls: false,
                    };
                    read.changed.push((path, entry));
                }
            }
        }
        read
    }

    /// Puts changed entries into the store (resolve them with `resolve`).
    pub(crate) fn store(&mut self, changed: Vec<(String, Entry)>) {
        self.files.extend(changed);
    }

    /// Whether the page or intro `doc` has translations: resolve checks
    /// their records against its version, so a change of its words is
    /// resolved again.
    pub(crate) fn has_translations(&self, doc: &Doc) -> bool {
        self.site
            .as_ref()
            .is_some_and(|s| s.translations.iter().any(|t| t.kind == doc.kind))
    }

    /// The page or intro at `loc` in the site.
    pub(crate) fn doc_at(&self, loc: Loc) -> Option<&Doc> {
        let site = self.site.as_ref()?;
        match loc {
            Loc::Page(id) => site.pages.get(id).map(|p| &**p.doc()),
            Loc::Home => site.home_intro().map(|d| &**d),
            Loc::Intro(ci) => site.collections().get(ci).and_then(|c| c.intro.as_deref()),
        }
    }

    /// Puts changed pages and intros, each one already in the site and
    /// changed in nothing resolve looks at, into the store and the site in
    /// place; recomputes their summaries. Returns the pages changed and
    /// whether a summary changed (then the templates, whose functions hold
    /// the summaries, are loaded again).
    pub(crate) fn patch(&mut self, changed: Vec<(String, Entry)>) -> (Vec<PageId>, bool) {
        let mut ids = Vec::new();
        for (path, entry) in changed {
            if let (Some(loc), Some(doc), Some(site)) =
                (self.locs.get(&path), &entry.doc, self.site.as_mut())
            {
                put_doc(site, *loc, doc.clone());
                if let Loc::Page(id) = loc {
                    ids.push(*id);
                }
            }
            self.files.insert(path, entry);
        }
        let (Some(prepared), Some(site)) = (self.prepared.as_mut(), self.site.as_ref()) else {
            return (ids, true);
        };
        let before: Vec<u64> = ids.iter().map(|&id| prepared.summary_hash(id)).collect();
        prepared.refresh_summaries(site, &ids);
        let after = ids.iter().map(|&id| prepared.summary_hash(id));
        let summaries_changed = !after.eq(before);
        if summaries_changed {
            self.tera = None;
        }
        (ids, summaries_changed)
    }

    /// RESOLVE and PREPARE: the site from every page of the store (those
    /// that did not parse still exist for refs and links), the checks over
    /// the whole site, what every render shares; the committed issue forms
    /// checked against the model. Templates are loaded again after this.
    pub(crate) fn resolve(&mut self, clock: &mut Clock) {
        // What was prepared for the site before is carried over where the
        // site did not change (related pages, summaries).
        let (before, prepared_before) = (self.site.take(), self.prepared.take());
        let locs_before = std::mem::take(&mut self.locs);
        self.forget_site();
        let Some(config) = &self.config else {
            return;
        };
        let unparsed: HashSet<String> = self
            .files
            .iter()
            .filter(|(_, e)| e.doc.is_none())
            .map(|(p, _)| p.clone())
            .collect();
        let docs: Vec<Arc<Doc>> = self.files.values().filter_map(|e| e.doc.clone()).collect();
        let mut diags = Vec::new();
        let site = resolve(
            config,
            docs,
            &self.content_assets,
            &unparsed,
            &self.options,
            before.as_ref(),
            &mut diags,
        );
        source::quote_lines(&self.root, &mut diags);
        clock.lap("resolve");
        // Without a theme nothing is rendered, so nothing is prepared.
        // Where each page is, found while it is prepared (both read the site).
        let locs = if self.theme_found() {
            let previous = (before.as_ref().zip(prepared_before))
                .map(|(site, prepared)| crate::render::Previous { site, prepared });
            let art = self.theme_art();
            let (prepared, locs) = rayon::join(
                || prepare(config, &site, art, None, previous, &mut diags),
                || locations(&site),
            );
            self.prepared = Some(prepared);
            clock.lap("prepare");
            locs
        } else {
            locations(&site)
        };
        // The site before is freed off the edit path (ten thousand pages
        // take milliseconds to free).
        rayon::spawn(move || drop((before, locs_before)));
        self.resolve_diags = diags;
        self.unparsed = unparsed;
        self.locs = locs;
        self.site = Some(site);
        if std::mem::take(&mut self.forms_dirty) {
            self.check_forms();
        }
    }

    /// FORMS: the committed issue forms checked against the content model
    /// (again when one changed). They do not depend on the pages (the
    /// pages a dropdown offers are left out), so resolving again does not
    /// check them again.
    pub(crate) fn check_forms(&mut self) {
        let (Some(config), Some(site)) = (&self.config, &self.site) else {
            self.forms_dirty = true;
            return;
        };
        self.form_diags = crate::forms::stale(&self.root, config, site);
    }

    /// Whether the theme exists (on disk or built in); when it does not,
    /// loading said so.
    fn theme_found(&self) -> bool {
        let theme = self
            .config
            .as_ref()
            .map(|c| Layout::new(&c.theme).theme_dir());
        !self.templates.is_empty() || theme.is_some_and(|t| self.root.join(t).is_dir())
    }

    /// Forgets the site and everything made from it.
    fn forget_site(&mut self) {
        self.site = None;
        self.locs.clear();
        self.prepared = None;
        self.tera = None;
    }

    /// Frees the texts of every page (a streaming build, once every
    /// diagnostic quoting one is made): the store lets go of its pages,
    /// the site keeps them. Such a build resolves once, so what is kept
    /// to carry over to the next resolve goes too.
    pub(crate) fn free_texts(&mut self) {
        if let Some(prepared) = self.prepared.as_mut() {
            prepared.forget_carry_over();
        }
        for e in self.files.values_mut() {
            e.doc = None;
        }
        let Some(site) = self.site.as_mut() else {
            return;
        };
        site.forget_checks();
        for page in &mut site.pages {
            if let Some(doc) = Arc::get_mut(page.doc_mut()) {
                doc.text = String::new();
            }
        }
    }

    /// TEMPLATES: loads the theme's templates over the prepared site
    /// unless they are loaded (`recorder`: told of every page their
    /// functions read). `None` when there is no site yet, the theme is
    /// missing or its templates have errors.
    pub(crate) fn load_templates(
        &mut self,
        recorder: Option<Arc<dyn LookupRecorder>>,
    ) -> Option<&Templates> {
        if self.tera.is_none() {
            let (config, prepared) = (self.config.as_ref()?, self.prepared.as_ref()?);
            self.template_diags.clear();
            self.tera = templates(
                &self.root,
                config,
                &self.templates,
                prepared,
                recorder,
                self.template_cache.clone(),
                &mut self.template_diags,
            );
        }
        self.tera.as_ref()
    }
}

/// Where each page and intro of `site` is, by content path.
fn locations(site: &Site) -> HashMap<String, Loc, foldhash::fast::RandomState> {
    let mut locs = HashMap::with_capacity_and_hasher(site.pages.len() + 16, Default::default());
    for (id, p) in site.pages.iter().enumerate() {
        locs.insert(p.doc().path.clone(), Loc::Page(id));
    }
    for (ci, c) in site.collections().iter().enumerate() {
        if let Some(d) = &c.intro {
            locs.insert(d.path.clone(), Loc::Intro(ci));
        }
    }
    if let Some(d) = site.home_intro() {
        locs.insert(d.path.clone(), Loc::Home);
    }
    locs
}

fn put_doc(site: &mut Site, loc: Loc, doc: Arc<Doc>) {
    match loc {
        Loc::Page(id) => {
            if let Some(p) = site.pages.get_mut(id) {
                *p.doc_mut() = doc;
            }
        }
        Loc::Home => *site.home_intro_mut() = Some(doc),
        Loc::Intro(ci) => {
            if let Some(c) = site.collections_mut().get_mut(ci) {
                c.intro = Some(doc);
            }
        }
    }
}
