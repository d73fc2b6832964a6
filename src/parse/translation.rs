//! What a translation file is, read as it is parsed: a content path's
//! language suffix (`x.it.md`), the fields a translation may write, and
//! the version of a page's words a translation records (`translation_of:`)
//! and is compared against. The translations of a site (`split`, `merge`,
//! per-language docs and alternates) are `i18n`'s.

use super::{Doc, DocKind, FieldValue};
use crate::config::{Config, FieldDef};
use crate::diag::Diagnostic;

/// Common fields a translation may write: the rest (date, updated, draft,
/// sources) come from the original.
pub(crate) const TRANSLATABLE_COMMON: [&str; 2] = ["title", "summary"];

/// How many hex digits of the SHA-1 a version keeps: short enough to
/// read and paste, long enough that two versions of a page never meet.
const VERSION_DIGITS: usize = 10;

/// The version of a page's words: the first hex digits of the SHA-1 of
/// what a translation translates (title, summary, the translatable
/// fields, the body as written, trailing spaces aside). An edit to a ref,
/// a date or a number does not change it: a translation takes those from
/// the original anyway. A content hash rather than a date: it is the same
/// in every checkout (file times are not), and says whether the words
/// changed, not only whether the file was saved. Empty in a hub with one
/// language.
pub(crate) fn version(config: &Config, doc: &Doc, body: &str) -> String {
    use sha1::{Digest, Sha1};
    if config.languages.len() < 2 {
        // No translations to follow it.
        return String::new();
    }
    let mut h = Sha1::new();
    let mut part = |name: &str, text: &str| {
        h.update(name.as_bytes());
        h.update([0]);
        h.update(text.as_bytes());
        h.update([0]);
    };
    part("title", &doc.title);
    part("summary", doc.summary.as_deref().unwrap_or(""));
    let collection = match &doc.kind {
        DocKind::Page { collection, .. } => config.collection(collection),
        DocKind::Intro { .. } => None,
    };
    for (name, value) in &doc.fields {
        let translatable = collection
            .and_then(|c| c.field(name))
            .is_some_and(|d| is_translatable(config, d));
        match value {
            FieldValue::Str(s) if translatable => part(name, s),
            FieldValue::List(items) if translatable => part(name, &items.join("\n")),
            _ => {}
        }
    }
    let body: Vec<&str> = body.trim().lines().map(str::trim_end).collect();
    part("body", &body.join("\n"));
    h.finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>()
        .chars()
        .take(VERSION_DIGITS)
        .collect()
}

/// Whether a translation is behind its original: it records a version
/// and the original's words are no longer that version.
pub(crate) fn is_stale(original: &Doc, translation: &Doc) -> bool {
    translation
        .translation_of
        .as_ref()
        .is_some_and(|v| *v != original.version)
}

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
