//! WRITE: the only module that writes the output folder. Builds the new
//! site in a temporary folder beside it and swaps it in, so a failed build
//! leaves the previous output untouched; refuses dangerous output folders
//! and any file path that would land outside the staging folder; removes
//! the staging folders of killed builds.

use crate::output::{Asset, AssetFrom, Output};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

/// A file placed in every output folder we create, so we never replace a
/// folder clusterhub did not make. A staging folder holds it from the
/// moment it is created (it becomes the output, or is a leftover of a
/// killed build that a later build may remove).
pub(crate) const MARKER: &str = ".clusterhub-output";

const MARKER_TEXT: &[u8] =
    b"This folder was written by clusterhub build; it is replaced on every build.\n";

#[derive(Debug, thiserror::Error)]
pub(crate) enum WriteError {
    #[error("refusing to write the site to {path}: {reason}")]
    Refused { path: PathBuf, reason: String },
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("refusing to write `{path}` into the output folder: {reason}")]
    BadPath { path: String, reason: &'static str },
}

/// Refuses an output path that is not a plain relative path inside the
/// staging folder (absolute, `..`, backslash, NUL...) or is the marker.
fn check_path(path: &str) -> Result<(), WriteError> {
    if crate::routes::is_safe(path) && path != MARKER {
        Ok(())
    } else {
        Err(WriteError::BadPath {
            path: path.to_string(),
            reason: "it is not a plain relative path inside the output folder",
        })
    }
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Absolute, normalised form of a path that may not exist yet.
fn absolute(path: &Path) -> io::Result<PathBuf> {
    let abs = std::path::absolute(path)?;
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    // Resolve symlinks in the part that exists.
    let mut existing = out.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => rest.push(name.to_os_string()),
            None => break,
        }
        if !existing.pop() {
            break;
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    Ok(resolved)
}

/// Refuses an output folder that is the hub root, `content/`, `themes/`,
/// `static/`, inside one of them, or a parent of the hub; and an existing
/// non-empty folder that clusterhub did not create.
pub(crate) fn check_output_dir(root: &Path, output: &Path) -> Result<PathBuf, WriteError> {
    let refuse = |reason: &str| WriteError::Refused {
        path: output.to_path_buf(),
        reason: reason.to_string(),
    };
    let root = absolute(root).map_err(io_err(root))?;
    let out = absolute(output).map_err(io_err(output))?;
    if out == root || root.starts_with(&out) {
        return Err(refuse(
            "it is the hub folder or contains it; choose a folder such as public/",
        ));
    }
    for input in crate::layout::INPUT_DIRS {
        let dir = root.join(input);
        if out.starts_with(&dir) {
            return Err(refuse(&format!(
                "it is inside the hub's {input}/ folder, which is input"
            )));
        }
    }
    if out.parent().is_none() {
        return Err(refuse("it is a filesystem root"));
    }
    if out.exists() {
        if !out.is_dir() {
            return Err(refuse("it exists and is not a folder"));
        }
        let mut entries = std::fs::read_dir(&out).map_err(io_err(&out))?;
        if entries.next().is_some() && !out.join(MARKER).exists() {
            return Err(refuse(
                "it is a non-empty folder that clusterhub did not create; remove it or choose another --output",
            ));
        }
    }
    Ok(out)
}

#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct WriteStats {
    pub files: usize,
    pub bytes: u64,
}

/// A site being written: outputs go into a staging folder beside the output
/// folder as soon as they are rendered (from any thread), so a build never
/// holds the whole site in memory; `finish` copies the assets and swaps the
/// staging folder in. Dropped without `finish` (a failed build), it removes
/// the staging folder and leaves the previous output untouched.
pub(crate) struct Staging {
    output: PathBuf,
    parent: PathBuf,
    name: String,
    dir: PathBuf,
    /// Folders already created, and the paths written (a rendered page wins
    /// over an asset of the same name).
    made: Mutex<(HashSet<PathBuf>, HashSet<String>)>,
    error: Mutex<Option<WriteError>>,
    files: AtomicUsize,
    bytes: AtomicU64,
    done: AtomicBool,
}

impl Staging {
    /// Checks the output folder and creates an empty staging folder.
    pub(crate) fn start(root: &Path, output: &Path) -> Result<Staging, WriteError> {
        let output = check_output_dir(root, output)?;
        let parent = output.parent().map(Path::to_path_buf).unwrap_or_default();
        std::fs::create_dir_all(&parent).map_err(io_err(&parent))?;
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        remove_leftovers(&parent, &name, &output);
        let dir = parent.join(leftover_name(&name, "new", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(io_err(&dir))?;
        }
        std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
        let marker = dir.join(MARKER);
        std::fs::write(&marker, MARKER_TEXT).map_err(io_err(&marker))?;
        Ok(Staging {
            output,
            parent,
            name,
            dir,
            made: Mutex::new((HashSet::new(), HashSet::new())),
            error: Mutex::new(None),
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            done: AtomicBool::new(false),
        })
    }

    /// Writes one rendered file (one `write` call from the finished buffer).
    /// The first error is kept and returned by `finish`.
    pub(crate) fn put(&self, o: &Output) {
        if let Err(e) = self.try_put(o) {
            let mut first = self.error.lock().unwrap_or_else(|p| p.into_inner());
            first.get_or_insert(e);
        }
    }

    fn try_put(&self, o: &Output) -> Result<(), WriteError> {
        check_path(&o.path)?;
        let path = self.dir.join(&o.path);
        let parent = path.parent().map(Path::to_path_buf);
        let new_folder = {
            let mut made = self.made.lock().unwrap_or_else(|p| p.into_inner());
            if !made.1.insert(o.path.clone()) {
                return Err(WriteError::BadPath {
                    path: o.path.clone(),
                    reason: "two files would be written at this path",
                });
            }
            parent.filter(|p| !made.0.contains(p))
        };
        if let Some(folder) = new_folder {
            std::fs::create_dir_all(&folder).map_err(io_err(&folder))?;
            let mut made = self.made.lock().unwrap_or_else(|p| p.into_inner());
            made.0.insert(folder);
        }
        if !self.kept_from_previous(&o.path, &path, Same::Bytes(&o.bytes)) {
            std::fs::write(&path, &o.bytes).map_err(io_err(&path))?;
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes
            .fetch_add(o.bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    /// Whether the previous output's file at `rel` holds exactly `content`
    /// and is now also the staged file at `staged` (a hard link: no new
    /// file). On ext4, creating thousands of files just after deleting
    /// thousands (the output of the build before) is slow: the allocator
    /// steps over every recently freed inode, a cost that grows with each
    /// one. An unchanged file linked costs a read instead. Any failure
    /// (no such file, another filesystem, no links there) means "write it".
    fn kept_from_previous(&self, rel: &str, staged: &Path, content: Same) -> bool {
        let previous = self.output.join(rel);
        // `symlink_metadata`: a link placed in the output is never reused.
        let Ok(meta) = std::fs::symlink_metadata(&previous) else {
            return false;
        };
        meta.is_file()
            && content.equals(&previous, meta.len()).unwrap_or(false)
            && std::fs::hard_link(&previous, staged).is_ok()
    }

    /// Copies `assets` and swaps the folder in place of the output. An
    /// asset at the path of a rendered file or of another asset is refused
    /// (the build checks for such clashes before writing anything).
    /// Call it once, after the last `put`.
    pub(crate) fn finish(&self, assets: &[Asset]) -> Result<WriteStats, WriteError> {
        if let Some(e) = self.error.lock().unwrap_or_else(|p| p.into_inner()).take() {
            return Err(e);
        }
        let (folders, mut written) =
            std::mem::take(&mut *self.made.lock().unwrap_or_else(|p| p.into_inner()));
        for a in assets {
            check_path(&a.to)?;
            if !written.insert(a.to.clone()) {
                return Err(WriteError::BadPath {
                    path: a.to.clone(),
                    reason: "two files would be written at this path",
                });
            }
        }
        let copies: Vec<&Asset> = assets.iter().collect();
        let mut new_folders: BTreeSet<PathBuf> = BTreeSet::new();
        for a in &copies {
            if let Some(parent) = Path::new(&a.to).parent() {
                let f = self.dir.join(parent);
                if !folders.contains(&f) {
                    new_folders.insert(f);
                }
            }
        }
        for f in &new_folders {
            std::fs::create_dir_all(f).map_err(io_err(f))?;
        }
        let copied: Vec<u64> = copies
            .par_iter()
            .map(|a| {
                let to = self.dir.join(&a.to);
                match &a.from {
                    AssetFrom::File(from)
                    | AssetFrom::Made { file: from, .. }
                    | AssetFrom::Cache(from) => {
                        if self.kept_from_previous(&a.to, &to, Same::File(from)) {
                            std::fs::metadata(&to).map(|m| m.len()).map_err(io_err(&to))
                        } else {
                            std::fs::copy(from, &to).map_err(io_err(from))
                        }
                    }
                    AssetFrom::Builtin(bytes) => {
                        if !self.kept_from_previous(&a.to, &to, Same::Bytes(bytes)) {
                            std::fs::write(&to, bytes).map_err(io_err(&to))?;
                        }
                        Ok(bytes.len() as u64)
                    }
                }
            })
            .collect::<Result<_, _>>()?;
        swap_in(&self.dir, &self.output, &self.parent, &self.name)?;
        self.done.store(true, Ordering::Relaxed);
        Ok(WriteStats {
            files: self.files.load(Ordering::Relaxed) + copied.len(),
            bytes: self.bytes.load(Ordering::Relaxed) + copied.iter().sum::<u64>(),
        })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done.load(Ordering::Relaxed) {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// What a staged file will hold, to compare with the previous output's.
#[derive(Clone, Copy)]
enum Same<'a> {
    Bytes(&'a [u8]),
    /// A file copied as it is (an asset), compared piece by piece.
    File(&'a Path),
}

impl Same<'_> {
    /// Whether the file at `previous`, of `len` bytes, holds this content.
    fn equals(self, previous: &Path, len: u64) -> io::Result<bool> {
        match self {
            Same::Bytes(bytes) => {
                Ok(len == bytes.len() as u64 && std::fs::read(previous)? == bytes)
            }
            Same::File(from) => {
                if std::fs::metadata(from)?.len() != len {
                    return Ok(false);
                }
                same_bytes(std::fs::File::open(from)?, std::fs::File::open(previous)?)
            }
        }
    }
}

/// Whether two readers give the same bytes, read in pieces of 64 KiB.
fn same_bytes(mut a: impl io::Read, mut b: impl io::Read) -> io::Result<bool> {
    let (mut x, mut y) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = a.read(&mut x)?;
        if n == 0 {
            return Ok(b.read(&mut y[..1])? == 0);
        }
        if b.read_exact(&mut y[..n]).is_err() || x[..n] != y[..n] {
            return Ok(false);
        }
    }
}

/// `.public.clusterhub-new-1234`: the staging folder (`new`) or the
/// previous output being removed (`old`) of the build with process id `pid`.
fn leftover_name(name: &str, kind: &str, pid: u32) -> String {
    format!(".{name}.clusterhub-{kind}-{pid}")
}

/// Removes the staging folders that killed builds left beside the output:
/// only folders named as ours, holding the marker, whose process is gone.
/// A build killed between the two renames of the swap left no output and
/// the previous site in its `-old-` folder: that folder is put back.
/// Best effort: what cannot be removed is left for the next build.
fn remove_leftovers(parent: &Path, name: &str, output: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{name}.clusterhub-");
    let mut found: Vec<(bool, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let file_name = e.file_name();
            let rest = file_name.to_str()?.strip_prefix(&prefix)?;
            let (kind, pid) = rest.split_once('-')?;
            let pid: u32 = pid.parse().ok()?;
            // `file_type` does not follow links: a link is never ours.
            let ours = e.file_type().is_ok_and(|t| t.is_dir())
                && std::fs::symlink_metadata(e.path().join(MARKER)).is_ok_and(|m| m.is_file());
            (ours && matches!(kind, "new" | "old") && process_gone(pid))
                .then(|| (kind == "old", e.path()))
        })
        .collect();
    // `-old-` folders first: one may have to become the output again.
    found.sort_by(|a, b| b.cmp(a));
    for (old, path) in found {
        if old
            && std::fs::symlink_metadata(output).is_err()
            && std::fs::rename(&path, output).is_ok()
        {
            continue;
        }
        let _ = remove_tree(&path);
    }
}

/// Whether the process `pid` has ended. Only Linux can tell (`/proc`);
/// elsewhere only this process's own id counts as ended (a folder with it
/// is from an earlier process), so other builds' folders are left alone.
fn process_gone(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    cfg!(target_os = "linux")
        && Path::new("/proc/self").exists()
        && !Path::new("/proc").join(pid.to_string()).exists()
}

fn swap_in(staging: &Path, output: &Path, parent: &Path, name: &str) -> Result<(), WriteError> {
    if output.exists() {
        let old = parent.join(leftover_name(name, "old", std::process::id()));
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(io_err(&old))?;
        }
        std::fs::rename(output, &old).map_err(io_err(output))?;
        if let Err(e) = std::fs::rename(staging, output) {
            // Put the previous site back.
            let _ = std::fs::rename(&old, output);
            let _ = std::fs::remove_dir_all(staging);
            return Err(WriteError::Io {
                path: output.to_path_buf(),
                source: e,
            });
        }
        remove_tree(&old).map_err(io_err(&old))?;
    } else {
        std::fs::rename(staging, output).map_err(io_err(output))?;
    }
    Ok(())
}

/// `remove_dir_all`, with the entries of each folder removed in parallel:
/// the previous site has as many folders as pages.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.par_iter().try_for_each(|e| {
        // `file_type` does not follow symlinks: a link is removed, not its target.
        if e.file_type()?.is_dir() {
            remove_tree(&e.path())
        } else {
            std::fs::remove_file(e.path())
        }
    })?;
    std::fs::remove_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_hub_root_content_and_parents() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("hub");
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_output_dir(&root, &root).is_err());
        assert!(check_output_dir(&root, &root.join("content")).is_err());
        assert!(check_output_dir(&root, &root.join("content/x")).is_err());
        assert!(check_output_dir(&root, dir.path()).is_err());
        assert!(check_output_dir(&root, &root.join("public")).is_ok());
        assert!(check_output_dir(&root, &root.join("../out")).is_ok());
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn output(path: &str) -> Output {
        Output {
            path: path.to_string(),
            bytes: b"<h1>escaped</h1>".to_vec(),
        }
    }

    /// Every path that would land outside the staging folder (or on its
    /// marker) is refused: nothing is written anywhere, the previous output
    /// stays as it was.
    #[test]
    fn put_refuses_paths_outside_the_staging_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("hub");
        std::fs::create_dir_all(&root).unwrap();
        let out = dir.path().join("out");
        let staging = Staging::start(&root, &out).unwrap();
        staging.put(&output("index.html"));
        staging.finish(&[]).unwrap();
        let before = std::fs::read(out.join("index.html")).unwrap();
        let absolute = format!("{}/abs.html", dir.path().display());
        let hostile = [
            "../escape.html",
            "../../escape.html",
            "a/../../escape.html",
            absolute.as_str(),
            "a\\..\\..\\escape.html",
            "nul\0.html",
            "",
            ".",
            "a//b.html",
            MARKER,
        ];
        for path in hostile {
            let staging = Staging::start(&root, &out).unwrap();
            staging.put(&output("fine/index.html"));
            staging.put(&output(path));
            let e = staging.finish(&[]).unwrap_err();
            assert!(matches!(e, WriteError::BadPath { .. }), "{path:?}: {e}");
            drop(staging);
            assert_eq!(names(dir.path()), ["hub", "out"], "{path:?}");
            assert_eq!(names(&out), [MARKER, "index.html"], "{path:?}");
            assert_eq!(std::fs::read(out.join("index.html")).unwrap(), before);
            assert_eq!(names(&root), Vec::<String>::new());
        }
    }

    /// A file the build before wrote with the same bytes is the same file
    /// (a link, no new file); a changed file, an asset changed since, and
    /// a link someone placed in the output are written anew.
    #[cfg(unix)]
    #[test]
    fn unchanged_files_are_linked_from_the_previous_output() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let css = dir.path().join("style.css");
        std::fs::write(&css, "body{}").unwrap();
        let asset = Asset {
            from: AssetFrom::File(css.clone()),
            to: "style.css".into(),
            path: "static/style.css".into(),
        };
        let page = |path: &str, bytes: &[u8]| Output {
            path: path.into(),
            bytes: bytes.to_vec(),
        };
        let build = |pages: &[Output]| {
            let staging = Staging::start(dir.path(), &out).unwrap();
            pages.iter().for_each(|p| staging.put(p));
            staging.finish(std::slice::from_ref(&asset)).unwrap();
        };
        let inode = |rel: &str| std::fs::symlink_metadata(out.join(rel)).unwrap().ino();
        build(&[page("same.html", b"same"), page("changed.html", b"old")]);
        std::fs::write(dir.path().join("elsewhere"), "hidden").unwrap();
        std::os::unix::fs::symlink(dir.path().join("elsewhere"), out.join("link.html")).unwrap();
        let before = [
            inode("same.html"),
            inode("changed.html"),
            inode("style.css"),
        ];

        build(&[
            page("same.html", b"same"),
            page("changed.html", b"new"),
            page("link.html", b"hidden"),
        ]);
        assert_eq!(inode("same.html"), before[0]);
        assert_ne!(inode("changed.html"), before[1]);
        assert_eq!(inode("style.css"), before[2]);
        assert_eq!(std::fs::read(out.join("changed.html")).unwrap(), b"new");
        assert!(
            std::fs::symlink_metadata(out.join("link.html"))
                .unwrap()
                .is_file()
        );

        std::fs::write(&css, "body{color:red}").unwrap();
        build(&[page("same.html", b"same")]);
        assert_ne!(inode("style.css"), before[2]);
        assert_eq!(
            std::fs::read(out.join("style.css")).unwrap(),
            b"body{color:red}"
        );
        assert_eq!(names(&out), [MARKER, "same.html", "style.css"]);
    }

    #[test]
    fn two_files_for_one_path_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let staging = Staging::start(dir.path(), &out).unwrap();
        staging.put(&output("a/index.html"));
        staging.put(&output("a/index.html"));
        assert!(matches!(
            staging.finish(&[]),
            Err(WriteError::BadPath { .. })
        ));

        std::fs::write(dir.path().join("style.css"), "x").unwrap();
        let asset = |to: &str| Asset {
            from: AssetFrom::File(dir.path().join("style.css")),
            to: to.to_string(),
            path: "static/style.css".to_string(),
        };
        let staging = Staging::start(dir.path(), &out).unwrap();
        staging.put(&output("style.css"));
        assert!(matches!(
            staging.finish(&[asset("style.css")]),
            Err(WriteError::BadPath { .. })
        ));
        let staging = Staging::start(dir.path(), &out).unwrap();
        let twice = [asset("x.css"), asset("x.css")];
        assert!(matches!(
            staging.finish(&twice),
            Err(WriteError::BadPath { .. })
        ));
        let staging = Staging::start(dir.path(), &out).unwrap();
        assert!(matches!(
            staging.finish(&[asset("../x.css")]),
            Err(WriteError::BadPath { .. })
        ));
        assert!(!out.exists());
        assert!(!dir.path().join("x.css").exists());
    }

    #[test]
    fn refuses_foreign_non_empty_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("docs");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("thesis.txt"), "precious").unwrap();
        assert!(matches!(
            check_output_dir(dir.path(), &out),
            Err(WriteError::Refused { .. })
        ));
    }
}
