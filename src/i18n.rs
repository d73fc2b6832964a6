//! Translations: which file translates which page (`slug.<lang>.md`,
//! `index.<lang>.md`, `_index.<lang>.md` beside the original), what a
//! translation may change (the translatable fields: title, summary, free
//! text fields, the body), and each translation checked against its
//! original. Refs, dates, numbers, coordinates and enums always come from
//! the original.

use crate::config::{Config, FieldDef, Language};
use crate::diag::Diagnostic;
use crate::parse::{Doc, DocKind};
use crate::resolve::Site;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

/// Common fields a translation may write: the rest (date, updated, draft,
/// sources) come from the original.
pub(crate) const TRANSLATABLE_COMMON: [&str; 2] = ["title", "summary"];

/// Whether a translation may give `def` its own value: free text (string,
/// text, a list without fixed values) that no taxonomy takes its terms
/// from (a translated term would be another term).
pub(crate) fn is_translatable(config: &Config, def: &FieldDef) -> bool {
    def.kind.is_free_text() && config.taxonomy_for_field(&def.name).is_none()
}

/// A content path without its language suffix, and the language's folder
/// code: `content/a/x.it.md` → (`content/a/x.md`, `Some("it")`). A suffix
/// that is a language code the hub does not have is an error; a path with
/// no such suffix is returned as it is.
pub(crate) fn split_path(
    path: &str,
    config: &Config,
) -> Result<(String, Option<String>), Diagnostic> {
    let (dir, file) = match path.rsplit_once('/') {
        Some((dir, file)) => (format!("{dir}/"), file),
        None => (String::new(), path),
    };
    let Some((base, suffix)) = file
        .strip_suffix(".md")
        .and_then(|stem| stem.rsplit_once('.'))
    else {
        return Ok((path.to_string(), None));
    };
    if let Some(language) = config.translation_language(suffix) {
        return Ok((format!("{dir}{base}.md"), Some(language.code.clone())));
    }
    let looks_like_code = crate::config::check_language_code(suffix).is_ok();
    if !looks_like_code {
        return Ok((path.to_string(), None));
    }
    let others: Vec<String> = config
        .languages
        .iter()
        .skip(1)
        .map(|l| l.folder())
        .collect();
    let (message, hint) = if suffix.eq_ignore_ascii_case(&config.language) {
        (
            format!(
                "`{suffix}` is the hub's default language: its pages have no language in their file name"
            ),
            format!("rename the file to `{base}.md`"),
        )
    } else if others.is_empty() {
        (
            format!(
                "unknown language `{suffix}`: hub.yaml declares no languages besides `{}`",
                config.language
            ),
            format!(
                "add `{suffix}: <its name>` under `languages:` in hub.yaml, or rename the file to `{base}.md`"
            ),
        )
    } else {
        (
            format!("unknown language `{suffix}`: not one of the hub's languages"),
            format!(
                "the hub's languages besides `{}`: {} (`languages:` in hub.yaml)",
                config.language,
                others.join(", ")
            ),
        )
    };
    Err(Diagnostic::error("unknown-language", path, message).hint(hint))
}

/// Splits the parsed docs into originals and translations, reporting a
/// translation without an original (unless the original exists but did
/// not parse: one mistake, one error) and two translations of one page
/// into one language.
pub(crate) fn split(
    docs: Vec<Arc<Doc>>,
    unparsed: &HashSet<String>,
    config: &Config,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Arc<Doc>>, Vec<Arc<Doc>>) {
    let (translations, originals): (Vec<Arc<Doc>>, Vec<Arc<Doc>>) =
        docs.into_iter().partition(|d| d.lang.is_some());
    let known: HashSet<&DocKind> = originals.iter().map(|d| &d.kind).collect();
    let mut seen: BTreeMap<(DocKind, String), String> = BTreeMap::new();
    let mut kept = Vec::with_capacity(translations.len());
    for t in translations {
        let lang = t.lang.clone().unwrap_or_default();
        if !known.contains(&t.kind) {
            if !original_files(&t.kind).iter().any(|p| unparsed.contains(p)) {
                diags.push(no_original(&t, config));
            }
            continue;
        }
        if let Some(first) = seen.get(&(t.kind.clone(), lang.clone())) {
            diags.push(
                Diagnostic::error(
                    "duplicate-translation",
                    &t.path,
                    format!(
                        "a second translation of this page into `{lang}`: {first} is one already"
                    ),
                )
                .at(&t.text, 1, 1)
                .hint("keep one of the two files"),
            );
            continue;
        }
        seen.insert((t.kind.clone(), lang), t.path.clone());
        kept.push(t);
    }
    (originals, kept)
}

/// The files the original of a page of `kind` may be.
fn original_files(kind: &DocKind) -> Vec<String> {
    match kind {
        DocKind::Page { collection, slug } => crate::layout::page_files(collection, slug).to_vec(),
        DocKind::Intro { collection: None } => vec!["content/_index.md".into()],
        DocKind::Intro {
            collection: Some(c),
        } => vec![format!("content/{c}/_index.md")],
    }
}

fn no_original(t: &Doc, config: &Config) -> Diagnostic {
    let files = original_files(&t.kind);
    let name = config
        .languages
        .iter()
        .find(|l| Some(&l.code) == t.lang.as_ref())
        .map_or(String::new(), |l| format!(" ({})", l.name));
    Diagnostic::error(
        "translation-without-original",
        &t.path,
        format!(
            "this translation{name} has no original: there is no {}",
            files.join(" or ")
        ),
    )
    .at(&t.text, 1, 1)
    .hint(format!(
        "a translation sits beside the page it translates: write {} first, or rename this file after an existing page",
        files.first().map_or("", String::as_str)
    ))
}

/// The page in a translation's language: the original with the
/// translation's title, summary, translatable fields and body. A
/// translatable field the translation leaves out keeps the original's
/// value.
pub(crate) fn merge(original: &Doc, translation: &Doc, config: &Config) -> Doc {
    let mut doc = original.clone();
    doc.path = translation.path.clone();
    doc.lang = translation.lang.clone();
    doc.title = translation.title.clone();
    if translation.summary.is_some() {
        doc.summary = translation.summary.clone();
    }
    for (name, value) in &translation.fields {
        match doc.fields.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value.clone(),
            None => doc.fields.push((name.clone(), value.clone())),
        }
    }
    if let DocKind::Page { collection, .. } = &doc.kind
        && let Some(c) = config.collection(collection)
    {
        doc.fields
            .sort_by_key(|(n, _)| c.fields.iter().position(|f| &f.name == n));
    }
    doc.body = translation.body.clone();
    doc.text = translation.text.clone();
    doc
}

/// The hub's configuration for the pages in `language`: its folder under
/// the base URL, its code as the site's language.
pub(crate) fn config_for(config: &Config, language: &Language) -> Config {
    let mut c = config
        .clone()
        .with_base_url(&format!("{}{}/", config.base_url, language.folder()));
    c.language = language.code.clone();
    c.static_path = Some(config.base_path());
    c
}

/// Every original doc of the site, each replaced by its translation into
/// `code` where there is one: what the site in that language resolves.
pub(crate) fn docs_for(site: &Site, code: &str, config: &Config) -> Vec<Arc<Doc>> {
    let translated: HashMap<&DocKind, &Arc<Doc>> = site
        .translations
        .iter()
        .filter(|t| t.lang.as_deref() == Some(code))
        .map(|t| (&t.kind, t))
        .collect();
    let originals = site
        .pages
        .iter()
        .map(|p| &p.doc)
        .chain(site.collections.iter().filter_map(|c| c.intro.as_ref()))
        .chain(site.home_intro.as_ref());
    originals
        .map(|d| match translated.get(&d.kind) {
            Some(t) => Arc::new(merge(d, t, config)),
            None => Arc::clone(d),
        })
        .collect()
}

/// The languages a page exists in, for `hreflang` alternates, the
/// language switcher and the sitemap: every page of the site exists in
/// every language (an untranslated one shown in the original language,
/// docs/translations.md), but only translated pages are alternates.
#[derive(Debug)]
pub(crate) struct Alternates {
    /// Each language, the default first: code, name, base URL and path.
    pub langs: Vec<AltLanguage>,
    /// Per language, the URLs (below its base path) of the pages shown
    /// in the original language there: none for the default.
    untranslated: Vec<HashSet<String>>,
}

#[derive(Debug)]
pub(crate) struct AltLanguage {
    pub code: String,
    pub name: String,
    pub base_url: String,
    pub base_path: String,
}

/// One version of the page being rendered (`alternates` in every
/// template's context).
#[derive(Debug, Serialize)]
pub(crate) struct Alternate<'a> {
    pub code: &'a str,
    pub name: &'a str,
    /// Root-relative, for links.
    pub url: String,
    /// Absolute, for `hreflang` and the sitemap.
    pub absolute: String,
    /// The version being rendered.
    pub current: bool,
}

impl Alternates {
    /// `None` for a hub with one language.
    pub(crate) fn new(config: &Config, site: &Site) -> Option<Alternates> {
        if config.languages.len() < 2 {
            return None;
        }
        let langs: Vec<AltLanguage> = config
            .languages
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let base_url = if i == 0 {
                    config.base_url.clone()
                } else {
                    format!("{}{}/", config.base_url, l.folder())
                };
                AltLanguage {
                    code: l.code.clone(),
                    name: l.name.clone(),
                    base_path: crate::routes::base_path_of(&base_url),
                    base_url,
                }
            })
            .collect();
        let routes = crate::routes::Routes::new(&config.base_url);
        let base = routes.base_path().to_string();
        let translated: HashSet<(&DocKind, &str)> = site
            .translations
            .iter()
            .filter_map(|t| Some((&t.kind, t.lang.as_deref()?)))
            .collect();
        let mut untranslated = vec![HashSet::new(); langs.len()];
        for page in &site.pages {
            let url = routes.url(&page.route());
            let rel = url.strip_prefix(&base).unwrap_or(&url).to_string();
            for (i, l) in langs.iter().enumerate().skip(1) {
                if !translated.contains(&(&page.doc.kind, l.code.as_str())) {
                    untranslated[i].insert(rel.clone());
                }
            }
        }
        Some(Alternates {
            langs,
            untranslated,
        })
    }

    /// The address `url` of language `lang` has below its base path.
    fn relative<'u>(&self, lang: usize, url: &'u str) -> &'u str {
        let base = self.langs.get(lang).map_or("/", |l| l.base_path.as_str());
        url.strip_prefix(base).unwrap_or(url)
    }

    /// The versions of the page at `url` (rendered in language `lang`):
    /// the languages it is written in, the default first.
    pub(crate) fn of(&self, lang: usize, url: &str) -> Vec<Alternate<'_>> {
        let rel = self.relative(lang, url);
        self.langs
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.untranslated[*i].contains(rel))
            .map(|(i, l)| Alternate {
                code: &l.code,
                name: &l.name,
                url: format!("{}{rel}", l.base_path),
                absolute: format!("{}{rel}", l.base_url),
                current: i == lang,
            })
            .collect()
    }
}
