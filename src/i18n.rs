//! Translations: which file translates which page (`slug.<lang>.md`,
//! `index.<lang>.md`, `_index.<lang>.md` beside the original), what a
//! translation may change (the translatable fields: title, summary, free
//! text fields, the body), and each translation checked against its
//! original. Refs, dates, numbers, coordinates and enums always come from
//! the original.

use crate::config::{Config, FieldDef};
use crate::diag::Diagnostic;
use crate::parse::{Doc, DocKind};
use std::collections::{BTreeMap, HashSet};

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
    if config.translation_language(suffix).is_some() {
        return Ok((format!("{dir}{base}.md"), Some(suffix.to_string())));
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
    docs: Vec<Doc>,
    unparsed: &HashSet<String>,
    config: &Config,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Doc>, Vec<Doc>) {
    let (translations, originals): (Vec<Doc>, Vec<Doc>) =
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
        .find(|l| Some(l.folder()) == t.lang)
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
