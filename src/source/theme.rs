//! The theme's files, from its folder or, when the hub has none, from the
//! built-in theme under the paths it would have once ejected: templates,
//! `static/` (with the site's own `static/` over it), the map outline, the
//! social card and the translation files of its words.

use super::{Template, read, walk};
use crate::diag::Diagnostic;
use crate::layout::{Input, Layout, STATIC_DIR, THEMES_DIR};
use crate::output::{Asset, AssetFrom};
use std::path::Path;

/// The theme's social card template (`card/card.svg`) and its fonts
/// (`card/*.otf`, `card/*.ttf`), from the built-in theme or the theme's
/// folder; `None` when the theme has no card.
pub(crate) fn card_theme(
    root: &Path,
    layout: &Layout,
    diags: &mut Vec<Diagnostic>,
) -> Option<crate::cards::CardTheme> {
    let rel = format!("{}/card/card.svg", layout.theme_dir());
    let is_font = |name: &str| name.ends_with(".otf") || name.ends_with(".ttf");
    let (svg, fonts) = if let Some(dir) = builtin_theme(root, layout) {
        let svg = crate::theme::file(dir, "card/card.svg")?.to_vec();
        let fonts = crate::theme::files(dir, "card")
            .into_iter()
            .filter(|(name, _)| is_font(name))
            .map(|(_, bytes)| bytes.to_vec())
            .collect();
        (svg, fonts)
    } else {
        if !root.join(&rel).is_file() {
            return None;
        }
        let svg = read(root, &rel)
            .map_err(|e| {
                diags.push(Diagnostic::error(
                    "io",
                    &rel,
                    format!("cannot read the social card: {e}"),
                ))
            })
            .ok()?;
        let mut names: Vec<String> = std::fs::read_dir(root.join(layout.theme_dir()).join("card"))
            .map(|rd| {
                rd.flatten()
                    .filter_map(|e| e.file_name().into_string().ok())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        let fonts = names
            .iter()
            .filter(|n| is_font(n))
            .filter_map(|n| read(root, &format!("{}/card/{n}", layout.theme_dir())).ok())
            .collect();
        (svg, fonts)
    };
    match String::from_utf8(svg) {
        Ok(svg) => Some(crate::cards::CardTheme::new(rel, svg, fonts)),
        Err(_) => {
            diags.push(Diagnostic::error(
                "not-utf8",
                rel,
                "the social card is not valid UTF-8 text",
            ));
            None
        }
    }
}

/// The theme's map outline (path for diagnostics, text), if it has one.
pub(crate) fn map_outline(
    root: &Path,
    layout: &Layout,
    diags: &mut Vec<Diagnostic>,
) -> Option<(String, String)> {
    let rel = layout.outline_file();
    if !root.join(&rel).is_file() {
        return None;
    }
    match read(root, &rel).map(String::from_utf8) {
        Ok(Ok(text)) => Some((rel, text)),
        Ok(Err(_)) => {
            let message = "the map outline is not valid UTF-8 text";
            diags.push(Diagnostic::error("not-utf8", rel, message));
            None
        }
        Err(e) => {
            let message = format!("cannot read the map outline: {e}");
            diags.push(Diagnostic::error("io", rel, message));
            None
        }
    }
}

/// The theme's `static/` files, then the site's `static/` files (a site
/// file replaces the theme's of the same name), sorted by output path.
/// Maintainer territory: any file type.
pub(crate) fn static_files(
    root: &Path,
    layout: &Layout,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Asset> {
    let mut files: Vec<Asset> = Vec::new();
    let theme_files: Vec<(String, AssetFrom)> = match builtin_theme(root, layout) {
        Some(dir) => crate::theme::files(dir, "static")
            .into_iter()
            .map(|(p, bytes)| {
                (
                    format!("{}/{p}", layout.theme_dir()),
                    AssetFrom::Builtin(bytes),
                )
            })
            .collect(),
        None => walk(root, &root.join(layout.theme_static_dir()), diags)
            .into_iter()
            .map(|(rel, abs)| (rel, AssetFrom::File(abs)))
            .collect(),
    };
    for (rel, from) in theme_files {
        if let Input::ThemeStatic(to) = layout.classify(&rel) {
            let to = to.to_string();
            files.push(Asset {
                from,
                to,
                path: rel,
            });
        }
    }
    for (rel, abs) in walk(root, &root.join(STATIC_DIR), diags) {
        if let Input::SiteStatic(to) = layout.classify(&rel) {
            let to = to.to_string();
            files.retain(|a| a.to != to);
            files.push(Asset {
                from: AssetFrom::File(abs),
                to,
                path: rel,
            });
        }
    }
    files.sort_by(|a, b| a.to.cmp(&b.to));
    files
}

/// Reads every template of the theme, sorted by name.
pub(crate) fn load_templates(
    root: &Path,
    layout: &Layout,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Template> {
    let mut templates = Vec::new();
    let files: Vec<(String, std::io::Result<Vec<u8>>)> = match builtin_theme(root, layout) {
        Some(dir) => crate::theme::files(dir, "templates")
            .into_iter()
            .map(|(p, bytes)| (format!("{}/{p}", layout.theme_dir()), Ok(bytes.to_vec())))
            .collect(),
        None => walk(root, &root.join(layout.templates_dir()), diags)
            .into_iter()
            .map(|(rel, abs)| (rel, std::fs::read(&abs)))
            .collect(),
    };
    for (rel, bytes) in files {
        let Input::Template(name) = layout.classify(&rel) else {
            continue;
        };
        let name = name.to_string();
        match bytes.map(String::from_utf8) {
            Ok(Ok(text)) => templates.push(Template {
                name,
                path: rel,
                text,
            }),
            Ok(Err(_)) => diags.push(Diagnostic::error(
                "not-utf8",
                rel,
                "this template is not valid UTF-8 text",
            )),
            Err(e) => diags.push(Diagnostic::error(
                "io",
                rel,
                format!("cannot read this template: {e}"),
            )),
        }
    }
    templates.sort_by(|a, b| a.name.cmp(&b.name));
    templates
}

/// The built-in theme to use for `layout`: the one of its name, when the
/// hub has no `themes/<name>/` folder of its own.
pub(crate) fn builtin_theme(
    root: &Path,
    layout: &Layout,
) -> Option<&'static include_dir::Dir<'static>> {
    if root.join(layout.theme_dir()).exists() {
        return None;
    }
    crate::theme::builtin(layout.theme())
}

pub(super) fn available_themes(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join(THEMES_DIR))
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    names.push(crate::theme::BUILTIN_NAME.to_string());
    names.sort();
    names.dedup();
    names
}

/// The theme's translation files of its own words (`i18n/<lang>.ftl`), as
/// (path, text), sorted by path; a file that is not UTF-8 is an error.
pub(crate) fn theme_strings(
    root: &Path,
    layout: &Layout,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(String, String)> {
    let dir = format!("{}/i18n", layout.theme_dir());
    let files: Vec<(String, std::io::Result<Vec<u8>>)> = match builtin_theme(root, layout) {
        Some(theme) => crate::theme::files(theme, "i18n")
            .into_iter()
            .map(|(p, bytes)| (format!("{}/{p}", layout.theme_dir()), Ok(bytes.to_vec())))
            .collect(),
        None if root.join(&dir).is_dir() => walk(root, &root.join(&dir), diags)
            .into_iter()
            .map(|(rel, abs)| (rel, std::fs::read(&abs)))
            .collect(),
        None => Vec::new(),
    };
    let mut out = Vec::new();
    for (rel, bytes) in files {
        if !rel.ends_with(".ftl") {
            continue;
        }
        match bytes.map(String::from_utf8) {
            Ok(Ok(text)) => out.push((rel, text)),
            Ok(Err(_)) => diags.push(Diagnostic::error(
                "not-utf8",
                rel,
                "this translation file is not valid UTF-8 text",
            )),
            Err(e) => diags.push(Diagnostic::error(
                "io",
                rel,
                format!("cannot read this file: {e}"),
            )),
        }
    }
    out.sort();
    out
}
