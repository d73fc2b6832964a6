//! The files of `content/`: the Markdown pages, and the files beside them
//! that are published as they are, only of a passive type (an active one,
//! or a page misnamed, is an error naming what to do); their sizes.

use super::walk;
use crate::diag::Diagnostic;
use crate::layout::{self, CONTENT_DIR};
use crate::output::{Asset, AssetFrom};
use std::path::{Path, PathBuf};

/// The Markdown files of `content/` (path relative to the hub, where the
/// bytes are) and the files beside them that are published as they are,
/// sorted by path. A file of an active type (one that could run script on
/// the hub's site) is an error and left out.
pub(crate) fn content_files(
    root: &Path,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<(String, PathBuf)>, Vec<Asset>) {
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    for (rel, abs) in walk(root, &root.join(CONTENT_DIR), diags) {
        if rel.ends_with(".md") {
            markdown.push((rel, abs));
        } else if let Some(d) = unsafe_asset(&rel) {
            diags.push(d);
        } else {
            let to = layout::in_content(&rel).unwrap_or(&rel).to_string();
            assets.push(Asset {
                from: AssetFrom::File(abs),
                to,
                path: rel,
            });
        }
    }
    assets.sort_by(|a, b| a.to.cmp(&b.to));
    (markdown, assets)
}

/// File types a contributor may put beside the pages: passive ones, which
/// a browser shows or downloads without running anything on the hub's
/// site. Anything else (HTML, SVG, XML, scripts, style sheets...) could
/// run script there or restyle the theme, so it is refused.
pub(crate) const PASSIVE_TYPES: [&str; 23] = [
    // images
    "png", "jpg", "jpeg", "gif", "webp", "avif", //
    // documents and data
    "pdf", "txt", "csv", "tsv", "json", "geojson", //
    // office and OpenDocument files (downloaded, not shown)
    "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", //
    // audio and video
    "mp3", "mp4",
];

/// The error for a content file of a type that is not published (see
/// `PASSIVE_TYPES`), with what to do instead.
fn unsafe_asset(rel: &str) -> Option<Diagnostic> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let ext = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    };
    if PASSIVE_TYPES.contains(&ext.as_str()) {
        return None;
    }
    if let Some(d) = misnamed_page(rel, name, &ext) {
        return Some(d);
    }
    let (why, hint) = match ext.as_str() {
        "svg" | "svgz" => (
            "an SVG drawing can carry script that would run on the hub's site",
            "export the drawing as PNG (or WebP) and link to that",
        ),
        "html" | "htm" | "xhtml" | "shtml" | "mhtml" => (
            "an HTML file can carry script that would run on the hub's site",
            "write it as a Markdown page (.md) in its collection",
        ),
        "js" | "mjs" | "cjs" | "wasm" => (
            "scripts would run on the hub's site",
            "remove the file; scripts belong to the theme, which maintainers review",
        ),
        "xml" | "xsl" | "xslt" | "rss" | "atom" => (
            "an XML file can carry script (through a style sheet) that would run on the hub's site",
            "share the data as CSV or JSON",
        ),
        "css" => (
            "a style sheet could restyle the hub's pages",
            "remove the file; ask a maintainer if the theme should change",
        ),
        _ => ("only passive file types are published from content/", ""),
    };
    let message = if ext.is_empty() {
        format!("this file has no type (no extension), so it is not published: {why}")
    } else {
        format!("`.{ext}` files are not published: {why}")
    };
    let hint = if hint.is_empty() {
        format!("allowed beside pages: {}", PASSIVE_TYPES.join(", "))
    } else {
        hint.to_string()
    };
    Some(Diagnostic::error("file-type", rel, message).hint(hint))
}

/// A file beside the pages (outside a page bundle's folder) that looks
/// meant as a page but does not end in `.md`: no extension
/// (`grenoble-boulevard`) or another spelling of Markdown (`Grenoble.MD`,
/// `.markdown`). The error says the name to give it.
fn misnamed_page(rel: &str, name: &str, ext: &str) -> Option<Diagnostic> {
    // In a page bundle (content/<collection>/<slug>/...) a file is an
    // asset of the page, not a page: the file-type error says what to do.
    let in_bundle = layout::in_content(rel).is_some_and(|r| r.matches('/').count() >= 2);
    if in_bundle {
        return None;
    }
    let stem = match ext {
        "" => name,
        "md" | "markdown" | "mdown" | "mkd" | "mkdn" => &name[..name.len() - ext.len() - 1],
        _ => return None,
    };
    let folder = &rel[..rel.len() - name.len()];
    let fixed = format!("{folder}{}.md", crate::text::slugify(stem));
    let message = if ext.is_empty() {
        "this file has no `.md` ending, so it is neither a page nor published".to_string()
    } else {
        format!("`.{ext}` is not read as a page: page files end in `.md`, in lower case")
    };
    Some(Diagnostic::error("not-a-page", rel, message).hint(format!(
        "if it is a page, rename it to `{fixed}`; otherwise remove it"
    )))
}

/// The size of each content file copied as it is, by its
/// content-relative path (what a shortcode shows of a document). Files
/// whose size cannot be read are left out.
pub(crate) fn content_sizes(assets: &[Asset]) -> std::collections::HashMap<String, u64> {
    assets
        .iter()
        .filter_map(|a| {
            let size = match &a.from {
                AssetFrom::File(path)
                | AssetFrom::Made { file: path, .. }
                | AssetFrom::Cache(path) => std::fs::metadata(path).ok()?.len(),
                AssetFrom::Builtin(bytes) => bytes.len() as u64,
            };
            Some((a.to.clone(), size))
        })
        .collect()
}
