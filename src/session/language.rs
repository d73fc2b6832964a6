//! LANGUAGE: one of the hub's other languages made ready to render, the
//! step `build` (`pipeline`) and `serve` (`live`) share: its configuration
//! (its folder under the base URL), its site (the originals with their
//! translations merged in, resolved again), what is prepared for it and
//! its templates.

use super::{Session, prepare, templates};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::render::{LookupRecorder, Prepared, TemplateCache, Templates};
use crate::resolve::Site;
use std::collections::HashSet;
use std::sync::Arc;

/// One other language of the hub, ready to render under its folder.
pub(crate) struct LanguageRender {
    /// Its folder (`it`): its outputs go under `/<folder>/…`.
    pub folder: String,
    pub config: Config,
    pub site: Site,
    pub prepared: Prepared,
    /// `None` when the theme's templates have errors (the default render
    /// reported them).
    pub templates: Option<Templates>,
}

impl LanguageRender {
    /// Its social cards under its folder: files copied from the cache.
    pub(crate) fn card_assets(&self) -> impl Iterator<Item = crate::output::Asset> + '_ {
        self.prepared.card_assets().map(|mut a| {
            a.to = crate::routes::language_output(&self.folder, &a.to);
            a
        })
    }
}

/// An output of a language's render under its folder; `None` for
/// robots.txt and the sitemap (the default render's: the sitemap names
/// every language).
pub(crate) fn output_in(folder: &str, path: &str) -> Option<String> {
    if path == "robots.txt" || path == "sitemap.xml" {
        return None;
    }
    Some(crate::routes::language_output(folder, path))
}

impl Session {
    /// How many languages the hub renders (the default one included), once
    /// the default language is ready; 0 before.
    pub(crate) fn language_count(&self) -> usize {
        match self.ready() {
            Some((config, _, prepared, _)) if prepared.i18n.is_some() => config.languages.len(),
            _ => 0,
        }
    }

    /// The hub's language number `i` (1 and up: the default is the
    /// session's own site) ready to render; `recorder` is told of every
    /// page its templates look up; `cache` keeps its parsed templates and
    /// remembered renders; `previous`: the same language as last made
    /// (`serve`), whose unchanged summaries and related pages are carried
    /// over. Only the diagnostics about its translations are new; they go
    /// to `diags`.
    pub(crate) fn language(
        &self,
        i: usize,
        previous: Option<LanguageRender>,
        recorder: Option<Arc<dyn LookupRecorder>>,
        cache: Arc<TemplateCache>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<LanguageRender> {
        let (config, site, prepared, _) = self.ready()?;
        let alternates = prepared.i18n.as_ref()?.0.clone();
        let language = config.languages.get(i).filter(|_| i > 0)?;
        let lang_config = crate::i18n::config_for(config, language);
        let previous = previous.filter(|p| p.folder == language.folder());
        let before = previous.as_ref().map(|p| &p.site);
        let lang_site = self.language_site(&lang_config, &language.code, before, diags)?;
        let original = Some((site, prepared));
        let (before, prepared_before) = previous.map(|p| (p.site, p.prepared)).unzip();
        let previous = (before.as_ref().zip(prepared_before))
            .map(|(site, prepared)| crate::render::Previous { site, prepared });
        let mut lang_prepared = prepare(
            &lang_config,
            &lang_site,
            self.theme_art(),
            original,
            previous,
            diags,
        );
        lang_prepared.i18n = Some((alternates, i));
        let lang_templates = templates(
            &self.root,
            &lang_config,
            &self.templates,
            &lang_prepared,
            recorder,
            cache,
            diags,
        );
        // The site before is freed off the edit path.
        rayon::spawn(move || drop(before));
        Some(LanguageRender {
            folder: language.folder(),
            config: lang_config,
            site: lang_site,
            prepared: lang_prepared,
            templates: lang_templates,
        })
    }

    /// The site in `code`: resolved again from the merged docs; only the
    /// diagnostics about its translations are kept.
    fn language_site(
        &self,
        lang_config: &Config,
        code: &str,
        before: Option<&Site>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Site> {
        let (config, site) = (self.config.as_ref()?, self.site.as_ref()?);
        let docs = crate::i18n::docs_for(site, code, config);
        let known_files: HashSet<String> = self
            .assets()
            .filter(|a| crate::layout::in_content(&a.path).is_some())
            .map(|a| a.to.clone())
            .collect();
        let resolve_options = crate::resolve::ResolveOptions {
            include_drafts: self.options.include_drafts,
        };
        let mut found = Vec::new();
        let mut lang_site = crate::resolve::resolve(
            lang_config,
            docs,
            known_files,
            &self.unparsed,
            &resolve_options,
            before,
            &mut found,
        );
        let translated: HashSet<&str> = site
            .translations
            .iter()
            .filter(|t| t.lang.as_deref() == Some(code))
            .map(|t| t.path.as_str())
            .collect();
        diags.extend(
            found
                .into_iter()
                .filter(|d| translated.contains(d.file.as_str())),
        );
        lang_site.fallback_label = config.languages.first().map(|l| l.name.clone());
        Some(lang_site)
    }
}
