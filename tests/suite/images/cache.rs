//! The image cache: a second build decodes no image, entries unused for
//! thirty days are removed, and copies of one picture share an entry
//! without a clash.

use super::{BUNDLE, build, hub_with_images, tiny_gif};
use crate::common::{hub_from_fixture, snapshot, stderr, stdout};
use std::path::Path;

#[test]
fn a_second_build_decodes_no_image() {
    let hub = hub_with_images("");
    let out = tempfile::tempdir().unwrap();
    let first = build(hub.path(), &out.path().join("a"), true);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("images: 4 processed, 0 from the cache"),
        "{}",
        stderr(&first)
    );
    let cache = hub.path().join(".clusterhub-cache/images");
    let before = snapshot_files(&cache);
    assert!(before.len() >= 8 + 4 + 1 + 2, "{before:?}");

    built_saying(
        hub.path(),
        &out.path().join("b"),
        &["images: 0 processed, 4 from the cache"],
    );
    assert_eq!(
        snapshot_files(&cache),
        before,
        "the cache was not written again"
    );
    assert_eq!(
        snapshot(&out.path().join("a")),
        snapshot(&out.path().join("b"))
    );

    // A changed image is processed again, and only it.
    std::fs::write(hub.path().join(BUNDLE).join("tiny.gif"), {
        let mut g = tiny_gif();
        g.extend(b"");
        let img = image::RgbaImage::from_pixel(8, 8, image::Rgba([0, 0, 255, 255]));
        g.clear();
        img.write_to(&mut std::io::Cursor::new(&mut g), image::ImageFormat::Gif)
            .unwrap();
        g
    })
    .unwrap();
    let third = build(hub.path(), &out.path().join("c"), true);
    assert!(
        stderr(&third).contains("images: 1 processed, 3 from the cache"),
        "{}",
        stderr(&third)
    );
}

/// Builds with `--timings` and checks that the build passed and said
/// each of `says`.
fn built_saying(hub: &Path, out: &Path, says: &[&str]) {
    let run = build(hub, out, true);
    assert!(run.status.success(), "{}", stderr(&run));
    for said in says {
        assert!(
            stderr(&run).contains(said),
            "not said: {said}\n{}",
            stderr(&run)
        );
    }
}

/// Every file below `dir` with its inode and size: an entry written again
/// is a new file renamed into place (a build only touches the entries it
/// uses, changing their modification time).
fn snapshot_files(dir: &Path) -> Vec<(std::path::PathBuf, u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let mut all: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let meta = e.metadata().unwrap();
            (e.path().to_path_buf(), meta.ino(), meta.len())
        })
        .collect();
    all.sort();
    all
}

/// Sets the modification time of every file below `dir` `days` ago.
fn age_files(dir: &Path, days: u64) {
    let when = std::time::SystemTime::now() - std::time::Duration::from_secs(days * 86_400);
    for e in walkdir::WalkDir::new(dir).into_iter().map(|e| e.unwrap()) {
        if e.file_type().is_file() {
            let f = std::fs::File::options().write(true).open(e.path()).unwrap();
            f.set_modified(when).unwrap();
        }
    }
}

#[test]
fn a_build_removes_the_cache_entries_no_run_used_for_thirty_days() {
    let hub = hub_with_images("");
    let out = tempfile::tempdir().unwrap();
    let first = build(hub.path(), &out.path().join("a"), true);
    assert!(first.status.success(), "{}", stderr(&first));
    let cache = hub.path().join(".clusterhub-cache");
    // An image and a card no page shows any more, from an earlier edit.
    let gone_image = cache.join("images/0123456789abcdef0123456789abcdef");
    std::fs::create_dir_all(&gone_image).unwrap();
    std::fs::write(gone_image.join("480x320.webp"), b"old variant").unwrap();
    let gone_card = cache.join("cards/0123456789abcdef0123456789abcdef.png");
    std::fs::create_dir_all(cache.join("cards")).unwrap();
    std::fs::write(&gone_card, b"old card").unwrap();
    // Everything was last used 40 days ago.
    age_files(&cache, 40);
    let in_use = snapshot_files(&cache);

    built_saying(
        hub.path(),
        &out.path().join("b"),
        &[
            "images: 0 processed, 4 from the cache",
            "cache: 2 entries unused for 30 days removed",
        ],
    );
    assert!(!gone_image.exists() && !gone_card.exists());
    let kept: Vec<_> = (in_use.iter())
        .filter(|(p, _, _)| !p.starts_with(&gone_image) && p != &gone_card)
        .cloned()
        .collect();
    assert_eq!(
        snapshot_files(&cache),
        kept,
        "the entries in use stay as they were"
    );

    // The entries the second build used were touched: a third build a
    // day later removes nothing.
    built_saying(
        hub.path(),
        &out.path().join("c"),
        &["cache: 0 entries unused for 30 days removed"],
    );
    assert_eq!(snapshot_files(&cache), kept);
}

#[test]
fn copies_of_one_picture_are_processed_side_by_side_without_a_clash() {
    // Equal files have one cache entry, which parallel workers may all
    // write at once: each must get it, none may fail.
    let hub = hub_from_fixture("good-hub");
    let bundle = hub.path().join(BUNDLE);
    let png = std::fs::read(bundle.join("map.png")).unwrap();
    for i in 0..4 {
        std::fs::write(bundle.join(format!("copy{i}.png")), &png).unwrap();
        std::fs::write(hub.path().join(format!("content/cities/copy{i}.png")), &png).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let run = build(hub.path(), &out.path().join("site"), false);
    assert_eq!(run.status.code(), Some(0), "{}", stdout(&run));
    let site = out.path().join("site");
    for i in 0..4 {
        for folder in ["case-studies/with-image", "cities"] {
            let published = site.join(format!("{folder}/copy{i}.png"));
            assert!(published.is_file(), "{folder}/copy{i}.png is not published");
        }
    }
}
