//! WRITE: the only module that writes the output folder. Builds the new
//! site in a temporary folder beside it and swaps it in, so a failed build
//! leaves the previous output untouched; refuses dangerous output folders.

use crate::render::Output;
use crate::source::Asset;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

/// A file placed in every output folder we create, so we never replace a
/// folder clusterhub did not make.
pub const MARKER: &str = ".clusterhub-output";

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("refusing to write the site to {path}: {reason}")]
    Refused { path: PathBuf, reason: String },
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
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
pub fn check_output_dir(root: &Path, output: &Path) -> Result<PathBuf, WriteError> {
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
    for input in ["content", "themes", "static"] {
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
pub struct WriteStats {
    pub files: usize,
    pub bytes: u64,
}

/// Writes `outputs` and copies `assets` (later entries win on the same
/// path) into a fresh folder, then swaps it in place of `output`.
pub fn write_site(
    root: &Path,
    output: &Path,
    outputs: &[Output],
    assets: &[Asset],
) -> Result<WriteStats, WriteError> {
    let output = check_output_dir(root, output)?;
    let parent = output.parent().map(Path::to_path_buf).unwrap_or_default();
    std::fs::create_dir_all(&parent).map_err(io_err(&parent))?;
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let staging = parent.join(format!(".{name}.clusterhub-new-{}", std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(io_err(&staging))?;
    }
    let result = fill(&staging, outputs, assets);
    let stats = match result {
        Ok(s) => s,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    swap_in(&staging, &output, &parent, &name)?;
    Ok(stats)
}

/// Writes everything into `dir` (which must not exist).
pub fn fill(dir: &Path, outputs: &[Output], assets: &[Asset]) -> Result<WriteStats, WriteError> {
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    let rendered: BTreeSet<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
    let mut folders: BTreeSet<PathBuf> = BTreeSet::new();
    for p in outputs
        .iter()
        .map(|o| o.path.as_str())
        .chain(assets.iter().map(|a| a.to.as_str()))
    {
        if let Some(parent) = Path::new(p).parent() {
            folders.insert(dir.join(parent));
        }
    }
    for f in &folders {
        std::fs::create_dir_all(f).map_err(io_err(f))?;
    }
    outputs.par_iter().try_for_each(|o| {
        let path = dir.join(&o.path);
        std::fs::write(&path, &o.bytes).map_err(io_err(&path))
    })?;
    // A rendered page wins over a stray file of the same name.
    let copies: Vec<&Asset> = assets
        .iter()
        .filter(|a| !rendered.contains(a.to.as_str()))
        .collect();
    let copied: Result<Vec<u64>, WriteError> = copies
        .par_iter()
        .map(|a| {
            let to = dir.join(&a.to);
            std::fs::copy(&a.from, &to).map_err(io_err(&a.from))
        })
        .collect();
    let copied = copied?;
    std::fs::write(
        dir.join(MARKER),
        b"This folder was written by clusterhub build; it is replaced on every build.\n",
    )
    .map_err(io_err(&dir.join(MARKER)))?;
    Ok(WriteStats {
        files: outputs.len() + copied.len(),
        bytes: outputs.iter().map(|o| o.bytes.len() as u64).sum::<u64>()
            + copied.iter().sum::<u64>(),
    })
}

fn swap_in(staging: &Path, output: &Path, parent: &Path, name: &str) -> Result<(), WriteError> {
    if output.exists() {
        let old = parent.join(format!(".{name}.clusterhub-old-{}", std::process::id()));
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
        std::fs::remove_dir_all(&old).map_err(io_err(&old))?;
    } else {
        std::fs::rename(staging, output).map_err(io_err(output))?;
    }
    Ok(())
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
