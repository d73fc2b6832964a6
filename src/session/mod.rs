//! One session over one hub: the value (`Session`) that holds every
//! stage's result (config, inputs, processed images, the store of parsed
//! pages, site, prepared data, templates and shortcodes, and each stage's
//! diagnostics) and the step methods that make them (`steps`), on top of the steps
//! themselves: the configuration (with `--base-url` applied), resolving the
//! parsed pages into a site and the checks made over the whole site,
//! preparing what every render shares, and loading the theme's templates.
//! `pipeline` (build, check) runs the session once with everything dirty;
//! `live` (serve) is the same session plus a cache of rendered jobs, and
//! runs the steps again for what an edit touched. Neither has a second way
//! to do any of them, so `serve` reports what `check` reports.

mod language;
mod steps;

pub(crate) use language::{LanguageRender, output_in};
pub(crate) use steps::{Entry, Loc};

use crate::cards::CardArt;
use crate::config::{self, Config};
use crate::diag::Diagnostic;
use crate::images::Images;
use crate::layout::{self, Layout};
use crate::output::Asset;
use crate::parse::{self, Doc};
use crate::render::{self, LookupRecorder, Prepared, Templates, ThemeArt};
use crate::resolve::{self, ResolveOptions, Site};
use crate::source::{self, Template};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub base_url: Option<String>,
    pub include_drafts: bool,
    /// Leave out the search index (`serve` builds it lazily with
    /// `search::index`).
    pub skip_search_index: bool,
}

/// Every stage's result over one hub, and each stage's diagnostics.
/// Pages live once, in `files` (the store, by content path); the site's
/// pages and intros share them (`Arc`), so no stage lends, copies or
/// re-reads a page another stage holds.
pub(crate) struct Session {
    root: PathBuf,
    options: Options,
    /// Problems of a hub.yaml that does not load (the other fields then
    /// keep the last good state).
    config_errors: Vec<Diagnostic>,
    /// hub.yaml (`None` until it first loads).
    config: Option<Config>,
    /// The theme's shortcodes and the processed images, which `parse`
    /// renders bodies with.
    kit: parse::Kit,
    /// The theme's social card and the hub root its cache is under.
    card: Option<Arc<CardArt>>,
    config_diags: Vec<Diagnostic>,
    /// Problems of loading: unreadable files, odd names, the theme's files.
    load_diags: Vec<Diagnostic>,
    /// The store of pages: every Markdown file of `content/` as last read.
    files: BTreeMap<String, Entry>,
    templates: Vec<Template>,
    /// The texts of the theme's shortcode templates the shortcodes were
    /// made from (a change makes them again).
    shortcode_sources: Vec<(String, String)>,
    /// Pages to parse again even if their bytes did not change (the
    /// shortcodes they may call changed).
    reparse: HashSet<String>,
    /// The files of `content/` and of the static folders as listed (the
    /// image step makes `content_assets` and `static_files` from them).
    content_listed: Vec<Asset>,
    static_listed: Vec<Asset>,
    /// The listed files, with each image's variants (a content image's
    /// original replaced by its widest variant).
    content_assets: Vec<Asset>,
    static_files: Vec<Asset>,
    /// Problems of the image step (an image that does not decode).
    image_diags: Vec<Diagnostic>,
    /// The theme's map outline (path for diagnostics, text).
    map_outline: Option<(String, String)>,
    site: Option<Site>,
    /// Where each page or intro of the site is, by content path.
    locs: HashMap<String, Loc, foldhash::fast::RandomState>,
    /// The pages of the store that did not parse, at the last resolve
    /// (the other languages' sites resolve with them too).
    unparsed: HashSet<String>,
    /// Problems of resolving, of the checks over the site and of preparing.
    resolve_diags: Vec<Diagnostic>,
    /// The committed issue forms that hub.yaml's model has moved on from.
    form_diags: Vec<Diagnostic>,
    /// The forms must be checked again at the next resolve.
    forms_dirty: bool,
    prepared: Option<Prepared>,
    tera: Option<Templates>,
    /// What loading the default language's templates keeps: the parsed
    /// templates; in `serve` (`keep_renders`), also the remembered renders
    /// (`memo_include`), kept while the templates are loaded again after
    /// each change of the site.
    template_cache: Arc<render::TemplateCache>,
    /// Problems of the templates (loading them, and rendering with them).
    template_diags: Vec<Diagnostic>,
}

impl Session {
    /// A session over the hub at `root`, with nothing loaded yet.
    pub(crate) fn new(root: &Path, options: &Options) -> Session {
        Session {
            root: root.to_path_buf(),
            options: options.clone(),
            config_errors: Vec::new(),
            config: None,
            kit: parse::Kit::default(),
            card: None,
            config_diags: Vec::new(),
            load_diags: Vec::new(),
            files: BTreeMap::new(),
            templates: Vec::new(),
            shortcode_sources: Vec::new(),
            reparse: HashSet::new(),
            content_listed: Vec::new(),
            static_listed: Vec::new(),
            content_assets: Vec::new(),
            static_files: Vec::new(),
            image_diags: Vec::new(),
            map_outline: None,
            site: None,
            locs: HashMap::default(),
            unparsed: HashSet::new(),
            resolve_diags: Vec::new(),
            form_diags: Vec::new(),
            forms_dirty: true,
            prepared: None,
            tera: None,
            template_cache: Arc::new(render::TemplateCache::for_build()),
            template_diags: Vec::new(),
        }
    }

    /// The configuration, once hub.yaml has loaded.
    pub(crate) fn config(&self) -> Option<&Config> {
        self.config.as_ref()
    }

    /// The processed images, as the last images step left them.
    pub(crate) fn images(&self) -> &Arc<Images> {
        &self.kit.images
    }

    /// Whether the last load of hub.yaml failed.
    pub(crate) fn config_failed(&self) -> bool {
        !self.config_errors.is_empty()
    }

    pub(crate) fn site(&self) -> Option<&Site> {
        self.site.as_ref()
    }

    pub(crate) fn prepared(&self) -> Option<&Prepared> {
        self.prepared.as_ref()
    }

    /// The site, what is prepared for it and its templates, once all made.
    pub(crate) fn ready(&self) -> Option<(&Config, &Site, &Prepared, &Templates)> {
        Some((
            self.config.as_ref()?,
            self.site.as_ref()?,
            self.prepared.as_ref()?,
            self.tera.as_ref()?,
        ))
    }

    /// What `prepare` takes from the theme beside its templates: the map
    /// outline and the social card.
    fn theme_art(&self) -> ThemeArt<'_> {
        ThemeArt {
            outline: self
                .map_outline
                .as_ref()
                .map(|(p, t)| (p.as_str(), t.as_str())),
            card: self.card.as_deref(),
        }
    }

    pub(crate) fn templates(&self) -> &[Template] {
        &self.templates
    }

    /// Keeps the default language's remembered renders across loads of
    /// the templates (`serve`).
    pub(crate) fn keep_renders(&mut self) {
        self.template_cache = Arc::default();
    }

    /// Whether the theme has a template of this name.
    pub(crate) fn has_template(&self, name: &str) -> bool {
        self.templates.iter().any(|t| t.name == name)
    }

    /// Content assets then static files (later entries win).
    pub(crate) fn assets(&self) -> impl Iterator<Item = &Asset> {
        self.content_assets.iter().chain(&self.static_files)
    }

    /// Whether a file of the store or a content asset lies below `dir`
    /// (or is it).
    pub(crate) fn known_below(&self, rel: &str) -> bool {
        let dir = format!("{}/", rel.trim_end_matches('/'));
        self.files.keys().any(|k| k.starts_with(&dir))
            || self
                .content_assets
                .iter()
                .any(|a| a.path.starts_with(&dir) || a.path == rel)
    }

    /// Where the page or intro at `path` is in the site.
    pub(crate) fn loc(&self, path: &str) -> Option<Loc> {
        self.locs.get(path).copied()
    }

    /// Whether resolving found a problem in the file at `path`.
    pub(crate) fn resolve_found(&self, path: &str) -> bool {
        self.resolve_diags.iter().any(|d| d.file == path)
    }

    /// Problems rendering found, kept with the templates' own.
    pub(crate) fn add_render_diags(&mut self, diags: Vec<Diagnostic>) {
        self.template_diags.extend(diags);
    }

    /// Every diagnostic of the current state of the files, stage by stage
    /// (unsorted: `diag::sort` and the reporters order them).
    pub(crate) fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut diags = self.config_errors.clone();
        if self.config.is_some() {
            diags.extend(self.config_diags.iter().cloned());
            diags.extend(self.load_diags.iter().cloned());
            diags.extend(self.image_diags.iter().cloned());
            diags.extend(self.kit.images.late_diags());
            for e in self.files.values() {
                diags.extend(e.diags.iter().cloned());
            }
            diags.extend(self.resolve_diags.iter().cloned());
            diags.extend(self.form_diags.iter().cloned());
            diags.extend(self.template_diags.iter().cloned());
        }
        diags
    }

    /// Gives up the configuration and the site (the end of a full build).
    pub(crate) fn into_parts(self) -> (Option<Config>, Option<Site>) {
        (self.config, self.site)
    }
}

/// CONFIG: reads and checks hub.yaml, with the command's base URL applied;
/// `None` when the file is missing or unusable.
pub(crate) fn config(
    root: &Path,
    options: &Options,
    diags: &mut Vec<Diagnostic>,
) -> Option<Config> {
    let bytes = match source::read(root, config::CONFIG_FILE) {
        Ok(bytes) => bytes,
        Err(e) => {
            let path = root.join(config::CONFIG_FILE);
            diags.push(Diagnostic::error("no-config", config::CONFIG_FILE, format!("cannot read {}: {e}", path.display()))
                .hint("run clusterhub in the hub's folder, or pass --root DIR (the folder that holds hub.yaml)"));
            return None;
        }
    };
    let text = parse::decode(config::CONFIG_FILE, &bytes)
        .map_err(|d| diags.push(d))
        .ok()?;
    let config = config::parse(&text, diags)?;
    Some(match &options.base_url {
        Some(url) => config.with_base_url(url),
        None => config,
    })
}

/// RESOLVE: the parsed pages into a site (`unparsed`: pages that exist but
/// did not parse; `content_assets`: files of `content/` published as they
/// are, which body links may name), then the checks over the whole site.
pub(crate) fn resolve(
    config: &Config,
    docs: Vec<Arc<Doc>>,
    content_assets: &[Asset],
    unparsed: &HashSet<String>,
    options: &Options,
    before: Option<&Site>,
    diags: &mut Vec<Diagnostic>,
) -> Site {
    let known_files: HashSet<String> = content_assets
        .iter()
        .filter(|a| layout::in_content(&a.path).is_some())
        .map(|a| a.to.clone())
        .collect();
    let resolve_options = ResolveOptions {
        include_drafts: options.include_drafts,
    };
    let (docs, mut translations) = crate::i18n::split(docs, unparsed, config, diags);
    let mut site = resolve::resolve(
        config,
        docs,
        known_files,
        unparsed,
        &resolve_options,
        before,
        diags,
    );
    translations.sort_by(|a, b| a.path.cmp(&b.path));
    site.translations = translations;
    crate::map::check(config, &site, diags);
    site
}

/// PREPARE: what every render shares, over the theme's map outline and
/// social card, with the languages each output exists in (`original`: in
/// another language, the default language's site and preparation).
pub(crate) fn prepare(
    config: &Config,
    site: &Site,
    theme: ThemeArt<'_>,
    original: Option<(&Site, &Prepared)>,
    previous: Option<render::Previous<'_>>,
    diags: &mut Vec<Diagnostic>,
) -> Prepared {
    let mut prepared = render::prepare(config, site, theme, original, previous, diags);
    // The default language's pages name their translations (`pipeline`
    // renders the other languages with their own).
    if config.static_path.is_none() {
        prepared.i18n = crate::i18n::Alternates::new(config, site).map(|a| (Arc::new(a), 0));
    }
    prepared
}

/// TEMPLATES: the theme's templates parsed, with the template functions
/// over `prepared` (`recorder`: told of every page they read). `None` when
/// the theme is missing (already reported when loading) or has errors.
pub(crate) fn templates(
    root: &Path,
    config: &Config,
    templates: &[Template],
    prepared: &Prepared,
    recorder: Option<Arc<dyn LookupRecorder>>,
    cache: Arc<render::TemplateCache>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Templates> {
    let layout = Layout::new(&config.theme);
    if templates.is_empty() && !root.join(layout.theme_dir()).is_dir() {
        return None;
    }
    // The theme's words in the language rendered, each key a template
    // uses and the language lacks warned about.
    let files = source::theme_strings(root, &layout, diags);
    let strings = crate::strings::Strings::load(&files, &config.language, diags).map(Arc::new);
    if let Some(s) = &strings {
        s.check(templates, diags);
    }
    // What a remembered render reads besides its arguments: the templates,
    // the theme's words, the language.
    let mut generation = render::hasher();
    (
        crate::theme::sources_hash(templates),
        &files,
        &config.language,
    )
        .hash(&mut generation);
    let setup = render::TemplateSetup {
        recorder,
        strings,
        cache,
        generation: generation.finish(),
    };
    render::load_templates(templates, &layout.templates_dir(), prepared, setup, diags)
}
