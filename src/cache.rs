//! The cache folder's upkeep (`.clusterhub-cache/` in the hub: processed
//! images and social cards, keyed on their inputs): an entry is touched
//! whenever a run uses it, and a successful `build` removes the entries no
//! run has used for `KEEP_UNUSED`, so the folder does not grow with every
//! picture or title ever edited (a CI cache restored before each deploy
//! stays the size of the site).

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How long an entry no run used is kept.
pub(crate) const KEEP_UNUSED: Duration = Duration::from_secs(30 * 24 * 60 * 60);

/// The cache's folders whose entries are pruned: `images/` (a folder per
/// entry) and `cards/` (a file per entry).
const PRUNED: [&str; 2] = ["images", "cards"];

/// Marks a cache file as used now (best effort: a read-only cache is only
/// never pruned).
pub(crate) fn touch(file: &Path) {
    if let Ok(f) = std::fs::File::options().write(true).open(file) {
        let _ = f.set_modified(SystemTime::now());
    }
}

/// A use this recent is not marked again by `touch_unless_recent`: pruning
/// counts in weeks, and `serve` prepares every card again after each edit
/// that adds or removes a page.
const RECENT: Duration = Duration::from_secs(60 * 60);

/// `touch`, unless the file (whose metadata the caller read) was marked
/// used within the last hour: one `stat` per cache hit instead of three
/// system calls.
pub(crate) fn touch_unless_recent(file: &Path, meta: &std::fs::Metadata) {
    let age = meta
        .modified()
        .ok()
        .and_then(|m| SystemTime::now().duration_since(m).ok());
    if age.is_none_or(|age| age >= RECENT) {
        touch(file);
    }
}

/// What `prune` removed.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Pruned {
    pub entries: usize,
    pub bytes: u64,
}

/// Removes the entries of the hub's cache last used before `now -
/// KEEP_UNUSED` (best effort: what cannot be removed stays). An entry's
/// last use is the newest modification time of its files; half-written
/// entries (a `.`-name beside the others) count alike.
pub(crate) fn prune(root: &Path, now: SystemTime) -> Pruned {
    let mut pruned = Pruned::default();
    let Some(before) = now.checked_sub(KEEP_UNUSED) else {
        return pruned;
    };
    let cache = root.join(crate::layout::CACHE_DIR);
    for folder in PRUNED {
        let Ok(entries) = std::fs::read_dir(cache.join(folder)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Some((last_used, bytes)) = last_use(&path) else {
                continue;
            };
            if last_used < before && remove(&path).is_ok() {
                pruned.entries += 1;
                pruned.bytes += bytes;
            }
        }
    }
    pruned
}

/// The newest modification time of an entry's files and their size; a
/// link or an empty folder is never an entry of ours.
fn last_use(path: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if meta.is_file() {
        return Some((meta.modified().ok()?, meta.len()));
    }
    if !meta.is_dir() {
        return None;
    }
    let files: Vec<(PathBuf, std::fs::Metadata)> = std::fs::read_dir(path)
        .ok()?
        .flatten()
        .filter_map(|e| Some((e.path(), e.metadata().ok()?)))
        .filter(|(_, m)| m.is_file())
        .collect();
    let newest = files.iter().filter_map(|(_, m)| m.modified().ok()).max()?;
    Some((newest, files.iter().map(|(_, m)| m.len()).sum()))
}

fn remove(path: &Path) -> std::io::Result<()> {
    if path.is_dir() {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn age(path: &Path, days: u64) {
        let f = std::fs::File::options().write(true).open(path).unwrap();
        let when = SystemTime::now() - Duration::from_secs(days * 24 * 60 * 60);
        f.set_modified(when).unwrap();
    }

    #[test]
    fn entries_unused_for_thirty_days_go_and_the_others_stay() {
        let hub = tempfile::tempdir().unwrap();
        let cache = hub.path().join(crate::layout::CACHE_DIR);
        let (images, cards) = (cache.join("images"), cache.join("cards"));
        for dir in ["old", "used", "recent"] {
            std::fs::create_dir_all(images.join(dir)).unwrap();
            for variant in ["480x320.webp", "480x320.jpg"] {
                std::fs::write(images.join(dir).join(variant), b"12345").unwrap();
                age(&images.join(dir).join(variant), 40);
            }
        }
        touch(&images.join("used/480x320.webp"));
        age(&images.join("recent/480x320.jpg"), 29);
        std::fs::create_dir_all(&cards).unwrap();
        for card in ["old.png", "new.png"] {
            std::fs::write(cards.join(card), b"png").unwrap();
        }
        age(&cards.join("old.png"), 31);
        std::fs::write(cache.join("other"), b"not an entry").unwrap();
        age(&cache.join("other"), 99);

        let pruned = prune(hub.path(), SystemTime::now());

        assert_eq!(
            pruned,
            Pruned {
                entries: 2,
                bytes: 13
            }
        );
        assert!(!images.join("old").exists() && !cards.join("old.png").exists());
        assert!(images.join("used").is_dir() && images.join("recent").is_dir());
        assert!(cards.join("new.png").is_file() && cache.join("other").is_file());
    }

    #[test]
    fn a_hub_without_a_cache_prunes_nothing() {
        let hub = tempfile::tempdir().unwrap();
        assert_eq!(prune(hub.path(), SystemTime::now()), Pruned::default());
    }
}
