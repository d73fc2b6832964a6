//! Listing a folder of the hub inside its sandbox: hidden files and
//! editor backups skipped, a symbolic link followed only when it resolves
//! inside the hub and not into a hidden file, link cycles stopped.

use crate::diag::Diagnostic;
use crate::layout::is_ignored_name;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

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
