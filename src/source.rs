//! LOAD: the only module that reads the hub's input files: walks
//! `content/`, the theme and `static/`, and returns their bytes as plain data.
//! The hub folder is a sandbox: a symbolic link is followed only when it
//! resolves inside the hub (and not into a hidden file), so nothing outside
//! the hub is ever read, copied or quoted. Files beside the pages in
//! `content/` (contributor territory) must be of a passive type.

use crate::config::Config;
use crate::diag::{Diagnostic, LineCursor};
use crate::layout::{self, CONTENT_DIR, Input, Layout, STATIC_DIR, THEMES_DIR, is_ignored_name};
use crate::output::{Asset, AssetFrom};
use crate::yaml;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

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

fn available_themes(root: &Path) -> Vec<String> {
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

/// Files below `dir` (sorted), as (path relative to `root`, canonical path
/// of the bytes). Hidden files and editor backups are skipped; names that
/// are not UTF-8 are reported and skipped. A symbolic link (to a file or a
/// folder) is followed only when it resolves inside the hub and not into a
/// hidden file or folder; any other link is an error at the link, and its
/// target is neither read nor named.
pub(crate) fn walk(root: &Path, dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    let mut walker = Walker {
        hub: match root.canonicalize() {
            Ok(hub) => hub,
            Err(_) => return Vec::new(),
        },
        holders: Vec::new(),
        out: Vec::new(),
        diags,
    };
    let shown = display_rel(root, dir);
    // `content/`, `static/` or a theme folder may be links themselves.
    match dir.canonicalize() {
        Ok(real) if real.is_dir() => match walker.check(&shown, &real) {
            Ok(()) => walker.folder(&shown, &real),
            Err(d) => walker.diags.push(d),
        },
        _ => {}
    }
    walker.out
}

/// State of one `walk`: the canonical hub root, and the folders holding
/// the folder links being walked through (to stop link cycles).
struct Walker<'a> {
    hub: PathBuf,
    holders: Vec<PathBuf>,
    out: Vec<(String, PathBuf)>,
    diags: &'a mut Vec<Diagnostic>,
}

impl Walker<'_> {
    /// Walks the real folder `real`, naming what it finds below `shown`.
    fn folder(&mut self, shown: &str, real: &Path) {
        let walker = WalkDir::new(real)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0 || !e.file_name().to_str().is_some_and(is_ignored_name)
            });
        for entry in walker {
            let entry = match entry {
                Ok(e) if e.depth() > 0 => e,
                Ok(_) => continue,
                Err(e) => {
                    let path = e
                        .path()
                        .map(|p| self.shown(shown, real, p))
                        .unwrap_or_default();
                    self.diags
                        .push(Diagnostic::error("io", path, format!("cannot read: {e}")));
                    continue;
                }
            };
            let Some(tail) = entry
                .path()
                .strip_prefix(real)
                .ok()
                .and_then(|r| r.to_str())
            else {
                self.diags.push(
                    Diagnostic::error(
                        "bad-file-name",
                        self.shown(shown, real, entry.path()),
                        "this file name is not valid UTF-8, so it is skipped",
                    )
                    .hint("rename the file using letters, digits and hyphens"),
                );
                continue;
            };
            let rel = format!("{shown}/{}", tail.replace('\\', "/"));
            if entry.file_type().is_file() {
                self.out.push((rel, entry.path().to_path_buf()));
            } else if entry.path_is_symlink() {
                self.link(rel, entry.path());
            }
        }
    }

    /// A link found at `rel`: its target is walked or listed if it lies
    /// inside the hub, else the link is reported.
    fn link(&mut self, rel: String, link: &Path) {
        let Ok(target) = link.canonicalize() else {
            self.diags.push(
                Diagnostic::error("broken-link", rel, "this symbolic link points to nothing")
                    .hint("remove the link, or put the file itself here"),
            );
            return;
        };
        if let Err(d) = self.check(&rel, &target) {
            self.diags.push(d);
            return;
        }
        let Ok(meta) = std::fs::metadata(&target) else {
            return;
        };
        if meta.is_file() {
            self.out.push((rel, target));
        } else if meta.is_dir() {
            // The folder holding the link is real (links are only followed
            // here): a target that holds it, or holds a folder an outer
            // link was followed from, would be walked forever.
            let holder = link.parent().map(Path::to_path_buf).unwrap_or_default();
            if self
                .holders
                .iter()
                .chain([&holder])
                .any(|h| h.starts_with(&target))
            {
                self.diags.push(
                    Diagnostic::error(
                        "link-loop",
                        rel,
                        "this symbolic link leads back into a folder that holds it",
                    )
                    .hint("remove the link; it would make the folder contain itself"),
                );
                return;
            }
            self.holders.push(holder);
            self.folder(&rel, &target);
            self.holders.pop();
        }
    }

    /// `Ok` if `real` (canonical) may be read: inside the hub and not in a
    /// hidden file or folder. The error names `shown`, never `real`.
    fn check(&self, shown: &str, real: &Path) -> Result<(), Diagnostic> {
        match real.strip_prefix(&self.hub) {
            Ok(inside) if !inside.iter().any(|c| c.to_str().is_none_or(is_ignored_name)) => Ok(()),
            Ok(_) => Err(Diagnostic::error(
                "link-outside",
                shown,
                "this symbolic link leads to a hidden file or folder of the hub, which is never published",
            )
            .hint("remove the link, or copy what you want to publish here")),
            Err(_) => Err(Diagnostic::error(
                "link-outside",
                shown,
                "this symbolic link leads outside the hub folder, so it is not read",
            )
            .hint("a build publishes only what is inside the hub: copy the file here instead of linking to it")),
        }
    }

    /// The hub-relative name of `path`, found below the real folder `real`
    /// that is shown as `shown`.
    fn shown(&self, shown: &str, real: &Path, path: &Path) -> String {
        match path.strip_prefix(real) {
            Ok(tail) if tail.as_os_str().is_empty() => shown.to_string(),
            Ok(tail) => format!("{shown}/{}", tail.to_string_lossy().replace('\\', "/")),
            Err(_) => shown.to_string(),
        }
    }
}

fn display_rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The size of each content file copied as it is, by its
/// content-relative path (what a shortcode shows of a document). Files
/// whose size cannot be read are left out.
pub(crate) fn content_sizes(assets: &[Asset]) -> std::collections::HashMap<String, u64> {
    assets
        .iter()
        .filter_map(|a| {
            let size = match &a.from {
                AssetFrom::File(path) | AssetFrom::Made { file: path, .. } => {
                    std::fs::metadata(path).ok()?.len()
                }
                AssetFrom::Builtin(bytes) => bytes.len() as u64,
            };
            Some((a.to.clone(), size))
        })
        .collect()
}

/// Reads the file at `rel` (relative to the hub root) after a file was
/// listed: refused (`PermissionDenied`) if it now resolves outside the hub
/// or into a hidden file. For re-reads (quoted lines, `serve`'s edits).
pub(crate) fn read(root: &Path, rel: &str) -> std::io::Result<Vec<u8>> {
    let real = resolve_inside(root, rel)?;
    std::fs::read(real)
}

/// The canonical path of the existing file or folder `rel` (relative to
/// the hub root), if it lies inside the hub and not in a hidden file or
/// folder. `new` checks the folder it writes into with it.
pub(crate) fn resolve_inside(root: &Path, rel: &str) -> std::io::Result<PathBuf> {
    let hub = root.canonicalize()?;
    let real = root.join(rel).canonicalize()?;
    match real.strip_prefix(&hub) {
        Ok(inside)
            if !inside
                .iter()
                .any(|c| c.to_str().is_none_or(is_ignored_name)) =>
        {
            Ok(real)
        }
        _ => Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "it is a symbolic link that leads outside the hub's files",
        )),
    }
}

/// Reads a file clusterhub generates into the hub's repository folders
/// (`.github/ISSUE_TEMPLATE/<collection>.yml`), to compare it with what it
/// would generate: hidden folders are allowed here, links leading out of
/// the hub are not.
pub(crate) fn read_generated(root: &Path, rel: &str) -> std::io::Result<Vec<u8>> {
    let hub = root.canonicalize()?;
    let real = root.join(rel).canonicalize()?;
    if !real.starts_with(&hub) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "it is a symbolic link that leads outside the hub's files",
        ));
    }
    std::fs::read(real)
}

/// Reads a file `walk` listed (its canonical path), refused if a link has
/// appeared on its path since: `serve` reads assets long after listing them.
pub(crate) fn read_listed(path: &Path) -> std::io::Result<Vec<u8>> {
    still_listed(path)?;
    std::fs::read(path)
}

/// The size and modification time of a file `walk` listed (the image
/// step reads no image whose stamp is as it was).
pub(crate) fn stamp(path: &Path) -> std::io::Result<(u64, std::time::SystemTime)> {
    let meta = std::fs::metadata(path)?;
    Ok((meta.len(), meta.modified()?))
}

/// Whether the file `walk` listed (its canonical path) is still there with
/// no link on its path (`PermissionDenied` if one has appeared).
pub(crate) fn still_listed(path: &Path) -> std::io::Result<()> {
    if path.canonicalize()? != path {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "a symbolic link replaced this file after it was listed",
        ));
    }
    Ok(())
}

/// Adds the quoted source line to diagnostics made without the file's text
/// at hand (body links are checked after the bodies are freed, see
/// `diag::Spot`): each such file is read once.
pub(crate) fn quote_lines(root: &Path, diags: &mut [Diagnostic]) {
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
        let Ok(bytes) = read(root, &diags[group[0]].file) else {
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
