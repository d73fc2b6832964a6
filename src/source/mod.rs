//! LOAD: the only module that reads the hub's input files: walks
//! `content/`, the theme and `static/`, and returns their bytes as plain data.
//! The hub folder is a sandbox: a symbolic link is followed only when it
//! resolves inside the hub (and not into a hidden file), so nothing outside
//! the hub is ever read, copied or quoted. Files beside the pages in
//! `content/` (contributor territory) must be of a passive type.
//!
//! This file: `Inputs` and `load`, which reads them all; `content`: the
//! pages and files of `content/` and which types are published; `theme`:
//! the theme's templates, static files, map outline, card and words (from
//! its folder or the built-in theme); `walk`: listing a folder inside the
//! sandbox; `read`: reading and re-reading a file inside the sandbox.

mod content;
mod read;
mod theme;
mod walk;

pub(crate) use content::{content_files, content_sizes};
pub(crate) use read::{
    quote_lines, read, read_generated, read_listed, resolve_inside, stamp, still_listed,
};
use theme::available_themes;
pub(crate) use theme::{
    builtin_theme, card_theme, load_templates, map_outline, static_files, theme_strings,
};
pub(crate) use walk::walk;

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::layout::Layout;
use crate::output::Asset;
use crate::yaml;
use rayon::prelude::*;
use std::path::Path;

/// A Markdown file under `content/`.
#[derive(Debug, Clone)]
pub(crate) struct SourceFile {
    /// Relative to the hub root with `/` separators: `content/methods/five-up.md`.
    pub path: String,
    pub bytes: Vec<u8>,
}

pub(crate) use crate::theme::Template;

#[derive(Debug, Default)]
pub(crate) struct Inputs {
    pub pages: Vec<SourceFile>,
    /// Images and other files beside the content, copied to the same place.
    pub content_assets: Vec<Asset>,
    pub templates: Vec<Template>,
    /// Theme `static/` then site `static/`; a site file replaces the theme's.
    pub static_files: Vec<Asset>,
    /// The theme's land outline for the map, `map/europe-land.json`:
    /// (path for diagnostics, text). See `map`.
    pub map_outline: Option<(String, String)>,
    /// The theme's social card: `card/card.svg` and the fonts beside it.
    pub card: Option<crate::cards::CardTheme>,
}

/// Reads everything the build needs. Unreadable files and odd names become
/// diagnostics; the rest still loads.
pub(crate) fn load(root: &Path, config: &Config, diags: &mut Vec<Diagnostic>) -> Inputs {
    let mut inputs = Inputs::default();
    let layout = Layout::new(&config.theme);
    let (markdown, assets) = content_files(root, diags);
    inputs.content_assets = assets;
    let pages: Vec<Result<SourceFile, Diagnostic>> = markdown
        .into_par_iter()
        .map(|(path, abs)| match std::fs::read(&abs) {
            Ok(bytes) => Ok(SourceFile { path, bytes }),
            Err(e) => Err(Diagnostic::error(
                "io",
                path,
                format!("cannot read this file: {e}"),
            )),
        })
        .collect();
    for r in pages {
        match r {
            Ok(f) => inputs.pages.push(f),
            Err(d) => diags.push(d),
        }
    }

    if let Some(dir) = builtin_theme(root, &layout) {
        inputs.templates = load_templates(root, &layout, diags);
        if let Some(text) = crate::theme::file(dir, "map/europe-land.json")
            .and_then(|b| std::str::from_utf8(b).ok())
        {
            inputs.map_outline = Some((layout.outline_file(), text.to_string()));
        }
    } else if !root.join(layout.theme_dir()).is_dir() {
        let available = available_themes(root);
        let (line, col) = yaml::locate_value(&config.source, "theme").unwrap_or((1, 1));
        let mut d = Diagnostic::error(
            "unknown-theme",
            crate::config::CONFIG_FILE,
            format!(
                "theme `{}` does not exist: there is no folder themes/{}/",
                config.theme, config.theme
            ),
        )
        .at(&config.source, line, col)
        .width(config.theme.chars().count());
        d = match crate::text::nearest(&config.theme, available.iter().map(String::as_str)) {
            Some(n) => d.hint(format!("did you mean `{n}`?")),
            None if available.is_empty() => d.hint(format!(
                "set `theme: {}` (the theme built into clusterhub), or create themes/{}/templates/",
                crate::theme::BUILTIN_NAME,
                config.theme
            )),
            None => d.hint(format!("available themes: {}", available.join(", "))),
        };
        diags.push(d);
    } else {
        inputs.templates = load_templates(root, &layout, diags);
        inputs.map_outline = map_outline(root, &layout, diags);
    }
    inputs.static_files = static_files(root, &layout, diags);
    inputs.card = card_theme(root, &layout, diags);
    inputs.pages.sort_by(|a, b| a.path.cmp(&b.path));
    inputs
}
