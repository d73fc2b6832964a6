//! `clusterhub new --translate <page> <lang>`: writes a translation of an
//! existing page beside it (`slug.<lang>.md`, `index.<lang>.md` in a
//! bundle) with only what a translation may write, each starting as the
//! original's words, and the version of the original it follows
//! (`translation_of`). Refuses an unknown page or language, the default
//! language, and a translation that exists; never replaces a file.

use super::{EXIT_FAILURE, EXIT_OK};
use crate::cli::Format;
use crate::config::{Config, Language};
use crate::diag::Diagnostic;
use crate::model::quote;
use crate::parse::{Doc, FieldValue, Kit};
use crate::pipeline;
use crate::text::nearest;
use std::fmt::Write as _;
use std::path::Path;

pub(crate) fn run(root: &Path, page: Option<&String>, lang: Option<&String>) -> u8 {
    let (Some(page), Some(lang)) = (page, lang) else {
        eprintln!(
            "error: --translate takes a page and a language: --translate case-studies/milan-schools it"
        );
        return EXIT_FAILURE;
    };
    let mut diags = Vec::new();
    let Some(config) = pipeline::load_config(root, &mut diags) else {
        super::report(&mut diags, Format::Human);
        return EXIT_FAILURE;
    };
    let kit = super::new::theme_kit(root, &config);
    let planned = language(&config, lang).and_then(|language| {
        let original = original_file(&config, root, page)?;
        plan((&config, &kit), root, &original, language)
    });
    let (path, text, fields) = match planned {
        Ok(p) => p,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_FAILURE;
        }
    };
    if let Err(message) = super::new::write_page(root, &path, &text) {
        eprintln!("error: {message}");
        return EXIT_FAILURE;
    }
    eprintln!("created {path}");
    eprintln!(
        "next: translate {} and the text below the front matter (they start as the original's words), then run `clusterhub check`",
        fields.join(", ")
    );
    EXIT_OK
}

/// The hub's language `code` (any case) that pages are translated into.
fn language<'c>(config: &'c Config, code: &str) -> Result<&'c Language, String> {
    let others: Vec<String> = config
        .languages
        .iter()
        .skip(1)
        .map(|l| format!("{} ({})", l.code, l.name))
        .collect();
    let found = config
        .languages
        .iter()
        .position(|l| l.code.eq_ignore_ascii_case(code));
    match found {
        Some(0) => Err(format!(
            "`{code}` is the hub's default language: its pages are the originals\nhelp: translate into one of the hub's other languages: {}",
            if others.is_empty() {
                "none yet".to_string()
            } else {
                others.join(", ")
            }
        )),
        Some(i) => Ok(&config.languages[i]),
        None if others.is_empty() => Err(format!(
            "unknown language `{code}`: hub.yaml declares no languages besides `{}`\nhelp: add `{code}: <its name>` under `languages:` in hub.yaml (docs/translations.md)",
            config.language
        )),
        None => Err(format!(
            "unknown language `{code}`: not one of the hub's languages\nhelp: the hub's languages besides `{}`: {} (`languages:` in hub.yaml)",
            config.language,
            others.join(", ")
        )),
    }
}

/// The file of the page `page` names (`case-studies/milan-schools`, or
/// its path: `content/case-studies/milan-schools.md`).
fn original_file(config: &Config, root: &Path, page: &str) -> Result<String, String> {
    let id = page.trim().trim_matches('/');
    let id = id.strip_prefix("content/").unwrap_or(id);
    let id = id.strip_suffix(".md").unwrap_or(id);
    let id = id.strip_suffix("/index").unwrap_or(id);
    let usage = "help: name the page as collection/slug, e.g. case-studies/milan-schools";
    let Some((collection, slug)) = id.split_once('/') else {
        return Err(format!("`{page}` does not name a page\n{usage}"));
    };
    if config.collection(collection).is_none() {
        let declared: Vec<&str> = config.collections.iter().map(|c| c.name.as_str()).collect();
        let near = nearest(collection, declared.iter().copied())
            .map_or(String::new(), |n| format!("; did you mean `{n}/{slug}`?"));
        return Err(format!(
            "there is no collection `{collection}` in hub.yaml{near}\nhelp: declared collections: {}",
            declared.join(", ")
        ));
    }
    let files = crate::layout::page_files(collection, slug);
    if crate::parse::is_slug(slug)
        && let Some(file) = files.iter().find(|f| root.join(f).is_file())
    {
        return Ok(file.clone());
    }
    let existing = super::new::existing_slugs(root, collection);
    let mut message = format!("there is no page `{collection}/{slug}`: no {}", files[0]);
    if let Some(n) = nearest(slug, existing.iter().map(String::as_str)) {
        let _ = write!(message, "\nhelp: did you mean `{collection}/{n}`?");
    } else {
        let _ = write!(message, "\n{usage}");
    }
    Err(message)
}

/// The translation's path and text, and the fields it asks to translate;
/// or why it is not written.
fn plan(
    (config, kit): (&Config, &Kit),
    root: &Path,
    original: &str,
    language: &Language,
) -> Result<(String, String, Vec<String>), String> {
    let (stem, _) = original.rsplit_once(".md").unwrap_or((original, ""));
    let path = format!("{stem}.{}.md", language.folder());
    if root.join(&path).exists() {
        return Err(format!(
            "{path} already exists; not overwriting it\nhelp: edit it; `clusterhub check` says when it is behind {original}"
        ));
    }
    let bytes =
        crate::source::read(root, original).map_err(|e| format!("cannot read {original}: {e}"))?;
    let file = crate::source::SourceFile {
        path: original.to_string(),
        bytes,
    };
    let mut diags = Vec::new();
    let doc = crate::parse::parse_file(&file, config, kit, &config.base_path(), &mut diags);
    let doc = match doc {
        Some(doc) if !diags.iter().any(Diagnostic::is_error) => doc,
        _ => {
            return Err(format!(
                "{original} has errors: run `clusterhub check` and correct them first, so that the translation starts from a page that checks"
            ));
        }
    };
    let text = String::from_utf8_lossy(&file.bytes).replace("\r\n", "\n");
    let body = crate::parse::body_text(text.trim_start_matches('\u{feff}'));
    let (text, fields) = translation_text(config, &doc, original, language, body);
    // What `check` would say of it: nothing, or the scaffold is wrong.
    let mut problems = Vec::new();
    let scaffold = crate::source::SourceFile {
        path: path.clone(),
        bytes: text.clone().into_bytes(),
    };
    crate::parse::parse_file(&scaffold, config, kit, &config.base_path(), &mut problems);
    if let Some(d) = problems.iter().find(|d| d.is_error()) {
        return Err(format!(
            "not writing {path}: {} (line {})",
            d.message, d.line
        ));
    }
    Ok((path, text, fields))
}

/// The translation's text: notes, the translatable fields with the
/// original's values, the record, the original's body.
fn translation_text(
    config: &Config,
    doc: &Doc,
    original: &str,
    language: &Language,
    body: &str,
) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut fields = vec!["the title".to_string()];
    let _ = writeln!(out, "---");
    let _ = writeln!(
        out,
        "# The {} ({}) translation of {original}.",
        language.name, language.code
    );
    for note in [
        "# Translate the values below and the text under the closing `---`: they start",
        "# as the original's words. Everything else (refs, dates, numbers, choices,",
        "# sources) comes from the original and cannot be written here. A field you",
        "# delete shows the original's words. Lines starting with # are notes.",
    ] {
        let _ = writeln!(out, "{note}");
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "title: {}", quote(&doc.title));
    if let Some(summary) = &doc.summary {
        fields.push("the summary".into());
        let _ = writeln!(out, "summary: {}", quote(summary));
    }
    let collection = match &doc.kind {
        crate::parse::DocKind::Page { collection, .. } => config.collection(collection),
        crate::parse::DocKind::Intro { .. } => None,
    };
    for def in collection.iter().flat_map(|c| &c.fields) {
        if !crate::parse::translation::is_translatable(config, def) {
            continue;
        }
        let value = match doc.field(&def.name) {
            Some(FieldValue::Str(s)) => format!(" {}", quote(s)),
            Some(FieldValue::List(items)) => items
                .iter()
                .map(|i| format!("\n  - {}", quote(i)))
                .collect(),
            _ => continue,
        };
        fields.push(format!("`{}`", def.name));
        let _ = writeln!(
            out,
            "# {}",
            if def.help.is_empty() {
                &def.label
            } else {
                &def.help
            }
        );
        let _ = writeln!(out, "{}:{value}", def.name);
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "# The version of the original's words this translation follows, written by"
    );
    let _ = writeln!(
        out,
        "# clusterhub: when the original changes, `clusterhub check` says so and gives the new one."
    );
    let _ = writeln!(out, "{}: \"{}\"", crate::config::RECORD_KEY, doc.version);
    let _ = writeln!(out, "---");
    out.push_str(body);
    (out, fields)
}
