//! The image cache on disk, `.clusterhub-cache/images/` in the hub: one
//! folder per source image and processing parameters (named by the hash
//! of both), holding its variants as `<width>x<height>.<ext>`. A folder is
//! complete or absent: it is written under a temporary name and renamed.
//! The cache is clusterhub's own: never hub input, never output.

use super::process::Encoded;
use std::path::{Path, PathBuf};

/// One cached variant.
#[derive(Debug, Clone)]
pub(crate) struct Cached {
    pub width: u32,
    pub height: u32,
    pub ext: String,
    pub file: PathBuf,
}

/// The image folder of the cache.
pub(crate) fn images_dir(root: &Path) -> PathBuf {
    root.join(crate::layout::CACHE_DIR).join("images")
}

/// The variants cached under `key`, if its folder is there.
pub(crate) fn load(dir: &Path, key: &str) -> Option<Vec<Cached>> {
    let folder = dir.join(key);
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&folder).ok()? {
        let entry = entry.ok()?;
        let name = entry.file_name().into_string().ok()?;
        let (size, ext) = name.split_once('.')?;
        let (w, h) = size.split_once('x')?;
        found.push(Cached {
            width: w.parse().ok()?,
            height: h.parse().ok()?,
            ext: ext.to_string(),
            file: folder.join(&name),
        });
    }
    found.sort_by(|a, b| (a.width, &a.ext).cmp(&(b.width, &b.ext)));
    // Used now: `build` prunes what no run used for a while.
    crate::cache::touch(&found.first()?.file);
    Some(found)
}

/// The variants `key`'s folder will hold once `store` wrote them.
pub(crate) fn planned(dir: &Path, key: &str, files: &[(u32, u32, &str)]) -> Vec<Cached> {
    (files.iter())
        .map(|&(width, height, ext)| Cached {
            width,
            height,
            ext: ext.to_string(),
            file: dir.join(key).join(format!("{width}x{height}.{ext}")),
        })
        .collect()
}

/// Stores the variants under `key` and returns them as cached files.
pub(crate) fn store(dir: &Path, key: &str, encoded: &[Encoded]) -> std::io::Result<Vec<Cached>> {
    std::fs::create_dir_all(dir)?;
    // A folder of its own (two threads or processes may store one key at
    // once), removed when dropped unless renamed into place.
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".{key}."))
        .tempdir_in(dir)?;
    for e in encoded {
        let name = format!("{}x{}.{}", e.width, e.height, e.ext);
        std::fs::write(tmp.path().join(name), &e.bytes)?;
    }
    // An error here: another writer stored the key first.
    let _ = std::fs::rename(tmp.path(), dir.join(key));
    load(dir, key).ok_or_else(|| std::io::Error::other("the cached image vanished"))
}
