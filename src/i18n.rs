//! Translations: which file translates which page (`slug.<lang>.md`,
//! `index.<lang>.md`, `_index.<lang>.md` beside the original), what a
//! translation may change (the translatable fields: title, summary, free
//! text fields, the body), and each translation checked against its
//! original. Refs, dates, numbers, coordinates and enums always come from
//! the original. Each translation records the version of its original it
//! follows (`translation_of:`, a hash of the original's words): a
//! translation whose original's words changed since is stale.

use crate::config::RECORD_KEY;
use crate::config::{Config, Language};
use crate::diag::Diagnostic;
use crate::parse::translation::is_stale;
use crate::parse::{Doc, DocKind};
use crate::resolve::Site;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

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
    if translations.is_empty() {
        return (originals, translations);
    }
    let known: HashMap<&DocKind, &Arc<Doc>> = originals.iter().map(|d| (&d.kind, d)).collect();
    let mut seen: BTreeMap<(DocKind, String), String> = BTreeMap::new();
    let mut kept = Vec::with_capacity(translations.len());
    for t in translations {
        let lang = t.lang.clone().unwrap_or_default();
        let Some(original) = known.get(&t.kind) else {
            if !original_files(&t.kind).iter().any(|p| unparsed.contains(p)) {
                diags.push(no_original(&t, config));
            }
            continue;
        };
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
        diags.extend(record_problem(original, &t, config));
        kept.push(t);
    }
    (originals, kept)
}

/// A translation that records no version of its original, or a version
/// its original's words have left: a warning at the record (or where it
/// goes), with the version to write once the translation is checked.
fn record_problem(original: &Doc, t: &Doc, config: &Config) -> Option<Diagnostic> {
    let language = config
        .languages
        .first()
        .map_or(String::new(), |l| format!("{} ", l.name));
    let record = format!("{RECORD_KEY}: \"{}\"", original.version);
    let Some(recorded) = &t.translation_of else {
        let line = front_matter_end(&t.text);
        return Some(
            Diagnostic::warning(
                "translation-unversioned",
                &t.path,
                format!(
                    "this translation does not record which version of its {language}original ({}) it follows, so no one is told when the original changes",
                    original.path
                ),
            )
            .at(&t.text, line, 1)
            .width(3)
            .hint(format!(
                "once the translation says what the original says now, add the line `{record}` above the closing `---`"
            )),
        );
    };
    if !is_stale(original, t) {
        return None;
    }
    let (line, column) = crate::yaml::locate_value(&t.text, RECORD_KEY).unwrap_or((1, 1));
    // The value as written, quotes included.
    let quoted = t.text.lines().nth(line.saturating_sub(1)).is_some_and(|l| {
        l.chars()
            .nth(column.saturating_sub(1))
            .is_some_and(|c| c == '"' || c == '\'')
    });
    let width = recorded.chars().count() + if quoted { 2 } else { 0 };
    let when = original
        .updated
        .or(original.date)
        .map_or(String::new(), |d| {
            format!(" (the original is dated {})", d.iso())
        });
    Some(
        Diagnostic::warning(
            "translation-stale",
            &t.path,
            format!(
                "the {language}original ({}) has changed since this translation was made{when}: it is no longer version {recorded}",
                original.path
            ),
        )
        .at(&t.text, line, column)
        .width(width)
        .hint(format!(
            "compare the translation with {} (`git log -p {}` shows what changed), bring it up to date, then write `{record}` here; readers see a notice until then",
            original.path, original.path
        )),
    )
}

/// The line of the `---` that closes a front matter (`text` is the
/// front matter's text).
fn front_matter_end(text: &str) -> usize {
    text.lines()
        .enumerate()
        .skip(1)
        .find(|(_, l)| l.trim_end() == "---" || l.trim_end() == "...")
        .map_or(1, |(i, _)| i + 1)
}

/// How far each language other than the default is translated, for
/// `check`'s summary: `it 3 of 42 pages translated (1 stale), pt 2 of 42`
/// (item pages only; intros are not counted). `None` for a hub with one
/// language.
pub(crate) fn coverage(config: &Config, site: &Site) -> Option<String> {
    if config.languages.len() < 2 {
        return None;
    }
    let originals: HashMap<&DocKind, &Doc> = site
        .pages
        .iter()
        .map(|p| (&p.doc().kind, p.doc().as_ref()))
        .collect();
    let total = site.pages.len();
    let mut parts = Vec::new();
    for (i, language) in config.languages.iter().enumerate().skip(1) {
        let folder = language.folder();
        let mut translated = 0;
        let mut notes = Vec::new();
        let (mut stale, mut unversioned) = (0, 0);
        for t in site
            .translations
            .iter()
            .filter(|t| t.lang.as_deref() == Some(&folder))
        {
            let Some(original) = originals.get(&t.kind) else {
                continue;
            };
            translated += 1;
            stale += usize::from(is_stale(original, t));
            unversioned += usize::from(t.translation_of.is_none());
        }
        if stale > 0 {
            notes.push(format!("{stale} stale"));
        }
        if unversioned > 0 {
            notes.push(format!("{unversioned} unversioned"));
        }
        let what = if i == 1 { " pages translated" } else { "" };
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join(", "))
        };
        parts.push(format!(
            "{} {translated} of {total}{what}{notes}",
            language.code
        ));
    }
    Some(format!("languages: {}", parts.join(", ")))
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
    doc.translation_of = translation.translation_of.clone();
    doc
}

/// The hub's configuration for the pages in `language`: its folder under
/// the base URL, its code as the site's language, and the words of the
/// collections and taxonomies in it (`labels:`).
pub(crate) fn config_for(config: &Config, language: &Language) -> Config {
    let mut c = config
        .clone()
        .with_base_url(&format!("{}{}/", config.base_url, language.folder()));
    c.language = language.code.clone();
    c.static_path = Some(config.base_path());
    for words in &language.labels {
        let put = |to: &mut String, from: &Option<String>| {
            if let Some(w) = from {
                to.clone_from(w);
            }
        };
        if let Some(col) = c.collections.iter_mut().find(|x| x.name == words.name) {
            put(&mut col.label, &words.label);
            put(&mut col.singular, &words.singular);
            put(&mut col.description, &words.description);
        }
        if let Some(tax) = c.taxonomies.iter_mut().find(|x| x.name == words.name) {
            put(&mut tax.label, &words.label);
            put(&mut tax.description, &words.description);
        }
    }
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
        .map(|p| p.doc())
        .chain(site.collections().iter().filter_map(|c| c.intro.as_ref()))
        .chain(site.home_intro());
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
                if !translated.contains(&(&page.doc().kind, l.code.as_str())) {
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

    /// The address, in the default language, of the page at `url`
    /// (rendered in language `lang`).
    pub(crate) fn original_url(&self, lang: usize, url: &str) -> String {
        let base = self.langs.first().map_or("/", |l| l.base_path.as_str());
        format!("{base}{}", self.relative(lang, url))
    }

    /// Feeds `h` what the alternates of the page at `url` (rendered in
    /// language `lang`) show besides the languages themselves: which
    /// languages it is translated into (`Prepared::page_digest`).
    pub(crate) fn digest(&self, lang: usize, url: &str, h: &mut impl std::hash::Hasher) {
        use std::hash::Hash;
        let rel = self.relative(lang, url);
        for untranslated in &self.untranslated {
            untranslated.contains(rel).hash(h);
        }
    }

    /// Feeds `h` what the alternates of every output show alike: each
    /// language's code, name and addresses (`Prepared::global_digest`).
    pub(crate) fn languages_digest(&self, h: &mut impl std::hash::Hasher) {
        use std::hash::Hash;
        for l in &self.langs {
            (&l.code, &l.name, &l.base_url, &l.base_path).hash(h);
        }
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
