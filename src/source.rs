//! LOAD: the only module that reads the hub's input files: walks
//! `content/`, the theme and `static/`, and returns their bytes as plain data.

use crate::config::Config;
use crate::diag::{Diagnostic, LineCursor};
use crate::yaml;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// A Markdown file under `content/`.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the hub root with `/` separators: `content/methods/five-up.md`.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A file copied verbatim to the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    pub from: PathBuf,
    /// Relative to the output folder, `/` separators.
    pub to: String,
}

#[derive(Debug, Clone)]
pub struct Template {
    /// Name as templates refer to it: `page/methods.html`.
    pub name: String,
    /// Relative to the hub root, for diagnostics.
    pub path: String,
    pub text: String,
}

#[derive(Debug, Default)]
pub struct Inputs {
    pub pages: Vec<SourceFile>,
    /// Images and other files beside the content, copied to the same place.
    pub content_assets: Vec<Asset>,
    pub templates: Vec<Template>,
    /// Theme `static/` then site `static/`; a site file replaces the theme's.
    pub static_files: Vec<Asset>,
    /// The theme's land outline for the map, `map/europe-land.json`:
    /// (path for diagnostics, text). See `map`.
    pub map_outline: Option<(String, String)>,
}

/// Editor droppings and hidden files that are never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
}

/// Reads everything the build needs. Unreadable files and odd names become
/// diagnostics; the rest still loads.
pub fn load(root: &Path, config: &Config, diags: &mut Vec<Diagnostic>) -> Inputs {
    let mut inputs = Inputs::default();
    let content_dir = root.join("content");
    let mut markdown: Vec<(String, PathBuf)> = Vec::new();
    for (rel, abs) in walk(root, &content_dir, diags) {
        if rel.ends_with(".md") {
            markdown.push((rel, abs));
        } else {
            let to = rel.strip_prefix("content/").unwrap_or(&rel).to_string();
            inputs.content_assets.push(Asset { from: abs, to });
        }
    }
    let read: Vec<Result<SourceFile, Diagnostic>> = markdown
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
    for r in read {
        match r {
            Ok(f) => inputs.pages.push(f),
            Err(d) => diags.push(d),
        }
    }

    let theme_dir = root.join("themes").join(&config.theme);
    if !theme_dir.is_dir() {
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
            None if available.is_empty() => {
                d.hint("create themes/<name>/templates/ or set `theme:` to an existing theme")
            }
            None => d.hint(format!("available themes: {}", available.join(", "))),
        };
        diags.push(d);
    } else {
        inputs.templates = load_templates(root, &theme_dir, diags);
        let outline = theme_dir.join(crate::map::OUTLINE_FILE);
        if outline.is_file() {
            let rel = format!("themes/{}/{}", config.theme, crate::map::OUTLINE_FILE);
            match std::fs::read_to_string(&outline) {
                Ok(text) => inputs.map_outline = Some((rel, text)),
                Err(e) => diags.push(Diagnostic::error(
                    "io",
                    rel,
                    format!("cannot read the map outline: {e}"),
                )),
            }
        }
        for (_, abs) in walk(root, &theme_dir.join("static"), diags) {
            if let Ok(rel) = abs.strip_prefix(theme_dir.join("static")) {
                let to = path_to_slash(rel);
                inputs.static_files.push(Asset { from: abs, to });
            }
        }
    }
    let site_static = root.join("static");
    for (_, abs) in walk(root, &site_static, diags) {
        if let Ok(rel) = abs.strip_prefix(&site_static) {
            let to = path_to_slash(rel);
            inputs.static_files.retain(|a| a.to != to);
            inputs.static_files.push(Asset { from: abs, to });
        }
    }
    inputs.pages.sort_by(|a, b| a.path.cmp(&b.path));
    inputs.content_assets.sort_by(|a, b| a.to.cmp(&b.to));
    inputs.static_files.sort_by(|a, b| a.to.cmp(&b.to));
    inputs
}

/// Reads every template of the theme in `theme_dir`, sorted by name.
pub fn load_templates(root: &Path, theme_dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<Template> {
    let templates_dir = theme_dir.join("templates");
    let mut templates = Vec::new();
    for (rel, abs) in walk(root, &templates_dir, diags) {
        let Ok(full) = abs.strip_prefix(&templates_dir) else {
            continue;
        };
        let name = path_to_slash(full);
        match std::fs::read(&abs).map(String::from_utf8) {
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

fn available_themes(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("themes"))
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Files below `dir` (sorted), as (path relative to `root`, absolute path).
/// Hidden files and editor backups are skipped; names that are not UTF-8
/// are reported and skipped.
pub fn walk(root: &Path, dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_str().is_some_and(is_ignored_name));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(|p| display_rel(root, p)).unwrap_or_default();
                diags.push(Diagnostic::error("io", path, format!("cannot read: {e}")));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(rel) = entry
            .path()
            .strip_prefix(root)
            .ok()
            .and_then(|r| r.to_str())
        else {
            diags.push(
                Diagnostic::error(
                    "bad-file-name",
                    display_rel(root, entry.path()),
                    "this file name is not valid UTF-8, so it is skipped",
                )
                .hint("rename the file using letters, digits and hyphens"),
            );
            continue;
        };
        out.push((rel.replace('\\', "/"), entry.path().to_path_buf()));
    }
    out
}

fn display_rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

fn path_to_slash(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Adds the quoted source line to diagnostics made without the file's text
/// at hand (body links are checked after the bodies are freed, see
/// `diag::Spot`): each such file is read once.
pub fn quote_lines(root: &Path, diags: &mut [Diagnostic]) {
    // In file, line and column order: each file is read once and each line
    // walked once for all the diagnostics on it, however many there are.
    let mut order: Vec<usize> = (0..diags.len())
        .filter(|&i| diags[i].source_line.is_none() && diags[i].line > 0)
        .collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&diags[a], &diags[b]);
        (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column))
    });
    let files: Vec<String> = order.iter().map(|&i| diags[i].file.clone()).collect();
    let mut at = 0;
    while at < order.len() {
        let len = files[at..].iter().take_while(|f| **f == files[at]).count();
        let group = &order[at..at + len];
        at += len;
        let Ok(bytes) = std::fs::read(root.join(&diags[group[0]].file)) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let mut lines = text.lines();
        let Some(first) = lines.next() else { continue };
        let (mut line_no, mut line) = (1, first);
        let mut cursor = LineCursor::new(line);
        for &i in group {
            while line_no < diags[i].line {
                let Some(next) = lines.next() else { break };
                (line_no, line) = (line_no + 1, next);
                cursor = LineCursor::new(line);
            }
            if line_no == diags[i].line {
                diags[i].quote_from(&mut cursor);
            }
        }
    }
}
