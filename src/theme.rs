//! The built-in theme: the files of `themes/cluster/` embedded in the
//! binary, so a hub needs no theme folder of its own. `source` loads them
//! (with the same checks as a theme on disk, under the paths they would
//! have once ejected) when `themes/<name>/` does not exist; `eject` writes
//! them out for customising; `Template`, a theme's template as read.

use include_dir::{Dir, DirEntry, include_dir};

/// The theme embedded in the binary, by its name in hub.yaml's `theme:`.
pub(crate) const BUILTIN_NAME: &str = "cluster";

/// A template of a theme, as read (from disk or from the built-in theme).
#[derive(Debug, Clone)]
pub(crate) struct Template {
    /// Name as templates refer to it: `page/methods.html`.
    pub name: String,
    /// Relative to the hub root, for diagnostics.
    pub path: String,
    pub text: String,
}

/// A hash of templates' names and texts: whether a set of templates is
/// the one something was made from (within one process).
pub(crate) fn sources_hash(templates: &[Template]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    for t in templates {
        (&t.name, &t.text).hash(&mut h);
    }
    h.finish()
}

static CLUSTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/cluster");

/// The built-in theme called `name`, if there is one.
pub(crate) fn builtin(name: &str) -> Option<&'static Dir<'static>> {
    (name == BUILTIN_NAME).then_some(&CLUSTER)
}

/// Every file of the built-in theme `dir` below the folder `sub` (a path
/// inside the theme, `/` separators, empty for all of it), as (path inside
/// the theme, bytes), sorted by path. Hidden files and editor backups are
/// left out, as `source::walk` leaves them out on disk.
pub(crate) fn files(dir: &'static Dir<'static>, sub: &str) -> Vec<(String, &'static [u8])> {
    let mut out = Vec::new();
    collect(dir, &mut out);
    out.retain(|(path, _)| {
        (sub.is_empty() || path.starts_with(&format!("{sub}/")))
            && !path.split('/').any(crate::layout::is_ignored_name)
    });
    out.sort();
    out
}

/// Every file below `dir`, hidden ones included, as (path, bytes), sorted.
pub(crate) fn all_files(dir: &'static Dir<'static>) -> Vec<(String, &'static [u8])> {
    let mut out = Vec::new();
    collect(dir, &mut out);
    out.sort();
    out
}

fn collect(dir: &'static Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
    for entry in dir.entries() {
        match entry {
            DirEntry::Dir(d) => collect(d, out),
            DirEntry::File(f) => {
                if let Some(path) = f.path().to_str() {
                    out.push((path.replace('\\', "/"), f.contents()));
                }
            }
        }
    }
}

/// The file at `path` inside the built-in theme `dir`.
pub(crate) fn file(dir: &'static Dir<'static>, path: &str) -> Option<&'static [u8]> {
    dir.get_file(path).map(|f| f.contents())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_theme_holds_the_shipped_theme_files() {
        let dir = builtin(BUILTIN_NAME).expect("built in");
        let all = files(dir, "");
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/cluster");
        let on_disk: Vec<String> = walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(root).expect("inside");
                rel.to_string_lossy().replace('\\', "/")
            })
            .collect();
        let mut embedded: Vec<String> = all.iter().map(|(p, _)| p.clone()).collect();
        embedded.sort();
        let mut on_disk = on_disk;
        on_disk.sort();
        assert_eq!(embedded, on_disk);
        assert!(
            files(dir, "templates")
                .iter()
                .any(|(p, _)| p == "templates/base.html")
        );
        assert!(file(dir, "map/europe-land.json").is_some());
        assert!(builtin("other").is_none());
    }
}
