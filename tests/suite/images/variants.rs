//! Each format gets its variants and markup, without metadata, in a page
//! bundle and in the static folder.

use super::{build, candidates, clear_png, file_of, hub_with_images, images_of};
use crate::common::stderr;

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
