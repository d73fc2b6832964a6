//! The image pipeline (issue 14) through the binary, over generated
//! images: a large JPEG with EXIF orientation 6 and a GPS position, a PNG
//! with transparency, a tiny GIF, a corrupt file. Variants and markup per
//! format, no upscaling, orientation applied, no metadata in any output
//! (read back with an EXIF reader), and a second build that decodes
//! nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::*;
use std::path::Path;

const BUNDLE: &str = "content/case-studies/with-image";

/// A 3000×2000 JPEG whose top-left quarter is red and the rest blue,
/// with EXIF orientation 6 (shown turned a quarter clockwise: 2000×3000,
/// the red corner top right) and the GPS position of a phone.
fn phone_photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(3000, 2000, |x, y| {
        if x < 1500 && y < 1000 {
            image::Rgb([220, 20, 20])
        } else {
            image::Rgb([20, 20, 220])
        }
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(&img)
        .unwrap();
    let field = |tag, value| exif::Field {
        tag,
        ifd_num: exif::In::PRIMARY,
        value,
    };
    let fields = [
        field(exif::Tag::Orientation, exif::Value::Short(vec![6])),
        field(
            exif::Tag::GPSLatitude,
            exif::Value::Rational(vec![(54, 1).into(), (35, 1).into(), (49, 1).into()]),
        ),
        field(
            exif::Tag::GPSLatitudeRef,
            exif::Value::Ascii(vec![b"N".to_vec()]),
        ),
    ];
    let mut writer = exif::experimental::Writer::new();
    for f in &fields {
        writer.push_field(f);
    }
    let mut tiff = std::io::Cursor::new(Vec::new());
    writer.write(&mut tiff, false).unwrap();
    let tiff = tiff.into_inner();
    // An APP1 segment right after the start-of-image marker.
    let len = u16::try_from(2 + 6 + tiff.len()).unwrap();
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(len.to_be_bytes());
    out.extend(b"Exif\0\0");
    out.extend(&tiff);
    out.extend(&jpeg[2..]);
    // The fixture is what a phone makes: the reader finds both.
    let read = exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(&out))
        .unwrap();
    assert!(
        read.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)
            .is_some()
    );
    out
}

/// An 800×600 PNG, transparent but for an opaque square in the middle.
fn clear_png() -> Vec<u8> {
    let img = image::RgbaImage::from_fn(800, 600, |x, y| {
        let inside = (300..500).contains(&x) && (200..400).contains(&y);
        image::Rgba([0, 128, 0, if inside { 255 } else { 0 }])
    });
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    png
}

/// A 16×12 GIF.
fn tiny_gif() -> Vec<u8> {
    let img = image::RgbaImage::from_fn(16, 12, |x, _| image::Rgba([x as u8 * 16, 0, 0, 255]));
    let mut gif = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut gif), image::ImageFormat::Gif)
        .unwrap();
    gif
}

/// The good-hub fixture with the three images in its page bundle, shown
/// by its page in this order.
fn hub_with_images(extra: &str) -> tempfile::TempDir {
    let hub = hub_from_fixture("good-hub");
    let bundle = hub.path().join(BUNDLE);
    std::fs::write(bundle.join("photo.jpg"), phone_photo()).unwrap();
    std::fs::write(bundle.join("clear.png"), clear_png()).unwrap();
    std::fs::write(bundle.join("tiny.gif"), tiny_gif()).unwrap();
    let page = bundle.join("index.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let body = "![The quay from the bridge](photo.jpg)\n\n![The cluster's logo](clear.png)\n\n![A small animation](tiny.gif)\n";
    std::fs::write(&page, format!("{text}\n{body}{extra}")).unwrap();
    hub
}

fn build(hub: &Path, out: &Path, timings: bool) -> std::process::Output {
    let mut args = vec![
        "build",
        "--format",
        "json",
        "--root",
        hub.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    if timings {
        args.push("--timings");
    }
    clusterhub(&args)
}

/// The output file an URL of the site names (the fixture's base path is
/// `/hub/`).
fn file_of(site: &Path, url: &str) -> std::path::PathBuf {
    site.join(url.strip_prefix("/hub/").unwrap())
}

struct Img {
    attrs: std::collections::HashMap<String, String>,
    /// `srcset` of the `<source type="image/webp">` before it, if any.
    webp: Option<String>,
}

fn images_of(html: &str) -> Vec<Img> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("img").unwrap();
    doc.select(&sel)
        .map(|img| {
            let attrs = img
                .value()
                .attrs()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            let webp = img
                .prev_siblings()
                .filter_map(scraper::ElementRef::wrap)
                .find(|e| e.value().name() == "source")
                .filter(|e| e.value().attr("type") == Some("image/webp"))
                .and_then(|e| e.value().attr("srcset").map(str::to_string));
            Img { attrs, webp }
        })
        .collect()
}

/// (URL, width) of each candidate of a `srcset`.
fn candidates(srcset: &str) -> Vec<(String, u32)> {
    srcset
        .split(", ")
        .map(|c| {
            let (url, w) = c.rsplit_once(' ').unwrap();
            (url.to_string(), w.trim_end_matches('w').parse().unwrap())
        })
        .collect()
}

#[test]
fn each_format_gets_its_variants_and_markup_without_metadata() {
    let hub = hub_with_images("");
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let run = build(hub.path(), &site, false);
    assert!(run.status.success(), "{}", stderr(&run));
    let html = std::fs::read_to_string(site.join("case-studies/with-image/index.html")).unwrap();
    let imgs = images_of(&html);
    // map.png (the fixture's), then the three.
    assert_eq!(imgs.len(), 4, "{html}");
    let [map, photo, png, gif] = &imgs[..] else {
        unreachable!()
    };

    // The first image of the page loads at once; the others are lazy.
    assert!(!map.attrs.contains_key("loading"), "{:?}", map.attrs);
    for img in [photo, png, gif] {
        assert_eq!(img.attrs["loading"], "lazy");
        assert_eq!(img.attrs["decoding"], "async");
        assert!(img.attrs.contains_key("width") && img.attrs.contains_key("height"));
    }

    // The photo: upright (portrait), at four widths in WebP and JPEG, the
    // widest 1600 px; the red corner is top right once turned.
    assert_eq!(
        (&photo.attrs["width"][..], &photo.attrs["height"][..]),
        ("1600", "2400")
    );
    let jpegs = candidates(&photo.attrs["srcset"]);
    let webps = candidates(photo.webp.as_ref().unwrap());
    assert_eq!(
        jpegs.iter().map(|c| c.1).collect::<Vec<_>>(),
        [480, 800, 1200, 1600]
    );
    assert_eq!(
        webps.iter().map(|c| c.1).collect::<Vec<_>>(),
        [480, 800, 1200, 1600]
    );
    assert_eq!(photo.attrs["src"], jpegs[3].0);
    assert_eq!(photo.attrs["sizes"], "(min-width: 48rem) 42rem, 100vw");
    for (url, width) in jpegs.iter().chain(&webps) {
        let bytes = std::fs::read(file_of(&site, url)).unwrap();
        let img = image::load_from_memory(&bytes).unwrap().to_rgb8();
        assert_eq!(img.width(), *width, "{url}");
        assert_eq!(
            img.height(),
            width * 3 / 2,
            "{url}: portrait, turned by its orientation"
        );
        let top_right = img.get_pixel(img.width() - 5, 5);
        let top_left = img.get_pixel(5, 5);
        assert!(
            top_right[0] > 150 && top_right[2] < 100,
            "{url}: {top_right:?}"
        );
        assert!(
            top_left[2] > 150 && top_left[0] < 100,
            "{url}: {top_left:?}"
        );
    }
    assert!(jpegs[0].0.ends_with(".480.jpg") && webps[0].0.ends_with(".480.webp"));

    // The PNG: never upscaled (480 and its own 800), transparent in both
    // formats.
    let pngs = candidates(&png.attrs["srcset"]);
    assert_eq!(pngs.iter().map(|c| c.1).collect::<Vec<_>>(), [480, 800]);
    let png_webps = candidates(png.webp.as_ref().unwrap());
    assert_eq!(
        png_webps.iter().map(|c| c.1).collect::<Vec<_>>(),
        [480, 800]
    );
    for (url, _) in pngs.iter().chain(&png_webps) {
        let img = image::load_from_memory(&std::fs::read(file_of(&site, url)).unwrap()).unwrap();
        assert!(img.color().has_alpha(), "{url}");
        let rgba = img.to_rgba8();
        assert_eq!(rgba.get_pixel(2, 2)[3], 0, "{url}: a transparent corner");
        let (w, h) = rgba.dimensions();
        assert_eq!(
            rgba.get_pixel(w / 2, h / 2)[3],
            255,
            "{url}: an opaque middle"
        );
    }

    // The GIF: one file at its own size, no srcset, no WebP.
    assert_eq!(
        (&gif.attrs["width"][..], &gif.attrs["height"][..]),
        ("16", "12")
    );
    assert!(gif.webp.is_none() && !gif.attrs.contains_key("srcset"));
    let bytes = std::fs::read(file_of(&site, &gif.attrs["src"])).unwrap();
    assert_eq!(
        image::guess_format(&bytes).unwrap(),
        image::ImageFormat::Gif
    );

    // No published file carries EXIF data: not the variants, not the file
    // at the original's address.
    let mut published = 0;
    for entry in walkdir::WalkDir::new(site.join("case-studies/with-image")) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() || entry.path().extension().unwrap() == "html" {
            continue;
        }
        published += 1;
        let bytes = std::fs::read(entry.path()).unwrap();
        let exif = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&bytes));
        assert!(exif.is_err(), "{} has EXIF data", entry.path().display());
        assert!(
            !bytes.windows(4).any(|w| w == b"Exif"),
            "{}",
            entry.path().display()
        );
    }
    // Each image at its own address, and its variants: map.png's 2, the
    // photo's 8, the PNG's 4, the GIF's 1.
    assert_eq!(published, 4 + 2 + 8 + 4 + 1, "{published} files");
    let original = std::fs::read(site.join("case-studies/with-image/photo.jpg")).unwrap();
    let original = image::load_from_memory(&original).unwrap();
    assert_eq!((original.width(), original.height()), (1600, 2400));
}

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

#[test]
fn a_corrupt_image_is_an_error_at_its_file_and_nothing_panics() {
    let hub = hub_with_images("");
    let bundle = hub.path().join(BUNDLE);
    let mut broken = phone_photo();
    broken.truncate(600);
    std::fs::write(bundle.join("broken.jpg"), &broken).unwrap();
    std::fs::write(
        bundle.join("noise.png"),
        b"\x89PNG\r\n\x1a\nnot a png at all",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let run = build(hub.path(), &out.path().join("site"), false);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let diags: Vec<serde_json::Value> = serde_json::from_str(&stdout(&run)).unwrap();
    let bad: Vec<(&str, &str)> = diags
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["file"].as_str().unwrap()))
        .collect();
    assert_eq!(
        bad,
        [
            ("bad-image", "content/case-studies/with-image/broken.jpg"),
            ("bad-image", "content/case-studies/with-image/noise.png"),
        ],
        "{diags:#?}"
    );
}

#[test]
fn raw_html_img_without_alt_is_an_error_at_the_tag() {
    let hub =
        hub_with_images("\nText <img src=\"tiny.gif\"> and <img src=\"clear.png\" alt=\"\">.\n");
    let out = tempfile::tempdir().unwrap();
    let run = build(hub.path(), &out.path().join("site"), false);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let diags: Vec<serde_json::Value> = serde_json::from_str(&stdout(&run)).unwrap();
    let at: Vec<(&str, u64, u64)> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    // 6 lines of front matter, the fixture's image, a blank line, the
    // three images with blank lines between them, a blank line.
    assert_eq!(at, [("missing-alt", 15, 6)], "{diags:#?}");
}

#[test]
fn an_image_of_the_static_folder_is_processed_and_its_original_kept() {
    let hub = hub_with_images("\n![Site plan of the quay](/plans/site-plan.png)\n");
    let plans = hub.path().join("static/plans");
    std::fs::create_dir_all(&plans).unwrap();
    std::fs::write(plans.join("site-plan.png"), clear_png()).unwrap();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let run = build(hub.path(), &site, true);
    assert!(run.status.success(), "{}", stderr(&run));
    // The plan has the bytes of the bundle's logo: one cache entry.
    assert!(
        stderr(&run).contains("images: 4 processed, 1 from the cache"),
        "{}",
        stderr(&run)
    );
    let html = std::fs::read_to_string(site.join("case-studies/with-image/index.html")).unwrap();
    let images = images_of(&html);
    let plan = images
        .iter()
        .find(|i| i.attrs["alt"] == "Site plan of the quay")
        .unwrap();
    // Variants at the static file's place, with the base path, its size
    // reserved, lazy (not the page's first image).
    let pngs = candidates(&plan.attrs["srcset"]);
    assert_eq!(pngs.iter().map(|c| c.1).collect::<Vec<_>>(), [480, 800]);
    assert!(pngs[0].0.starts_with("/hub/plans/site-plan."), "{pngs:?}");
    assert!(plan.webp.is_some());
    assert_eq!(
        (&*plan.attrs["width"], &*plan.attrs["height"]),
        ("800", "600")
    );
    assert_eq!(plan.attrs["loading"], "lazy");
    for (url, _) in &pngs {
        assert!(file_of(&site, url).is_file(), "{url}");
    }
    // The maintainers' file itself is published as it is.
    assert_eq!(
        std::fs::read(site.join("plans/site-plan.png")).unwrap(),
        clear_png()
    );
}

#[test]
fn serve_shows_a_changed_image_and_reads_no_unchanged_one() {
    use clusterhub::live::Engine;
    use clusterhub::pipeline::Options;
    let hub = hub_with_images("");
    let (mut engine, first) = Engine::new(hub.path(), &Options::default());
    assert!(first.published, "{:?}", first.diags);
    let page = "case-studies/with-image/index.html";
    let html = |engine: &Engine| String::from_utf8(engine.published()[page].to_vec()).unwrap();
    let logo = |html: &str| {
        images_of(html)
            .into_iter()
            .find(|i| i.attrs["alt"].ends_with("logo"))
            .unwrap_or_else(|| panic!("{html}"))
            .attrs
    };
    let before = logo(&html(&engine));
    assert_eq!(before["width"], "800");

    // The PNG replaced by a narrower one: the page shows its new variants.
    let png = hub.path().join(BUNDLE).join("clear.png");
    std::fs::write(&png, tiny_image(image::ImageFormat::Png, 300, 200)).unwrap();
    let r = engine.apply(std::slice::from_ref(&png));
    assert!(r.published, "{:?}", r.diags);
    let after = logo(&html(&engine));
    assert_eq!((&*after["width"], &*after["height"]), ("300", "200"));
    assert_ne!(after["src"], before["src"]);

    // An image whose size and modification time are as they were is not
    // read again (bytes of the same length written over the photo, its
    // time put back, would be a bad image if they were read).
    let photo = hub.path().join(BUNDLE).join("photo.jpg");
    let srcset = |html: &str| {
        images_of(html)
            .into_iter()
            .find(|i| i.attrs["alt"] == "The quay from the bridge")
            .unwrap()
            .attrs["srcset"]
            .clone()
    };
    let shown = srcset(&html(&engine));
    let time = std::fs::metadata(&photo).unwrap().modified().unwrap();
    let len = std::fs::metadata(&photo).unwrap().len() as usize;
    std::fs::write(&photo, vec![0u8; len]).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&photo)
        .unwrap()
        .set_modified(time)
        .unwrap();
    std::fs::write(hub.path().join(BUNDLE).join("notes.txt"), "new file").unwrap();
    let r = engine.apply(&[hub.path().join(BUNDLE).join("notes.txt")]);
    assert!(r.published, "{:?}", r.diags);
    assert_eq!(srcset(&html(&engine)), shown);
    // Touched, it is read, and found to be no image at its file.
    std::fs::File::options()
        .write(true)
        .open(&photo)
        .unwrap()
        .set_modified(std::time::SystemTime::now())
        .unwrap();
    let r = engine.apply(std::slice::from_ref(&photo));
    assert!(!r.published);
    assert!(
        r.diags
            .iter()
            .any(|d| d.code == "bad-image" && d.file.ends_with("with-image/photo.jpg")),
        "{:?}",
        r.diags
    );
}

/// Adds the phone photo to the page bundle and the page's reference to
/// it; returns both files.
fn add_photo(hub: &Path) -> [std::path::PathBuf; 2] {
    let photo = hub.join(BUNDLE).join("photo.jpg");
    std::fs::write(&photo, phone_photo()).unwrap();
    let page = hub.join(BUNDLE).join("index.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        format!("{text}\n![The quay from the bridge](photo.jpg)\n"),
    )
    .unwrap();
    [photo, page]
}

#[test]
fn serve_shows_a_new_image_at_once_and_makes_its_variants_off_the_edit_path() {
    use clusterhub::live::Engine;
    use clusterhub::pipeline::Options;
    let hub = hub_from_fixture("good-hub");
    let (mut engine, first) = Engine::new(hub.path(), &Options::default());
    assert!(first.published, "{:?}", first.diags);

    // A 3000×2000 photo turned upright by its EXIF orientation: the page
    // is published before its variants are made, naming them already.
    let r = engine.apply(&add_photo(hub.path()));
    assert!(r.published, "{:?}", r.diags);
    assert_eq!(r.images_deferred, 1);
    let page = "case-studies/with-image/index.html";
    let served = engine.published()[page].to_vec();
    let html = String::from_utf8(served.clone()).unwrap();
    let img = images_of(&html)
        .into_iter()
        .find(|i| i.attrs["alt"] == "The quay from the bridge")
        .unwrap();
    assert_eq!(
        (&*img.attrs["width"], &*img.attrs["height"]),
        ("1600", "2400")
    );

    // Once made, every variant is served, and page and variants are what
    // a full build of the same hub (its own cache, processing in the
    // build) publishes.
    engine.wait_for_images();
    let twin = hub_from_fixture("good-hub");
    add_photo(twin.path());
    let out = tempfile::tempdir().unwrap();
    let built = build(twin.path(), out.path(), false);
    assert!(built.status.success(), "{built:?}");
    assert_eq!(std::fs::read(out.path().join(page)).unwrap(), served);
    let mut urls = candidates(&img.attrs["srcset"]);
    urls.extend(candidates(img.webp.as_deref().unwrap()));
    assert_eq!(urls.len(), 8);
    for (url, _) in urls {
        let path = url.strip_prefix("/hub/").unwrap();
        let bytes = engine.published_asset(path);
        assert_eq!(
            bytes,
            Some(std::fs::read(out.path().join(path)).unwrap()),
            "{url}"
        );
    }
}

#[test]
fn serve_reports_an_image_that_fails_off_the_edit_path_at_its_file() {
    use clusterhub::live::Engine;
    use clusterhub::pipeline::Options;
    let hub = hub_from_fixture("good-hub");
    let (mut engine, first) = Engine::new(hub.path(), &Options::default());
    assert!(first.published, "{:?}", first.diags);
    // A GIF whose header reads but whose pixel data stops halfway.
    let mut gif = tiny_image(image::ImageFormat::Gif, 300, 200);
    gif.truncate(gif.len() / 2);
    let file = hub.path().join(BUNDLE).join("plan.gif");
    std::fs::write(&file, gif).unwrap();
    let page = hub.path().join(BUNDLE).join("index.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\n![The site plan](plan.gif)\n")).unwrap();
    let r = engine.apply(&[file, page.clone()]);
    // Its header read, it was left to the background (which may already
    // have failed by the time the rebuild reports).
    assert_eq!(r.images_deferred, 1);
    assert!(
        r.diags.iter().all(|d| d.code == "bad-image"),
        "{:?}",
        r.diags
    );
    engine.wait_for_images();
    // The next publish shows the error at the image (the browser overlay
    // shows these diagnostics), and keeps the last good site.
    let r = engine.apply(&[page]);
    assert!(!r.published);
    assert!(
        r.diags
            .iter()
            .any(|d| d.code == "bad-image" && d.file.ends_with("with-image/plan.gif")),
        "{:?}",
        r.diags
    );
}
