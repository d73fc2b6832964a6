//! The image pipeline (issue 14) through the binary, over generated
//! images: a large JPEG with EXIF orientation 6 and a GPS position, a PNG
//! with transparency, a tiny GIF, a corrupt file. Variants and markup per
//! format, no upscaling, orientation applied, no metadata in any output
//! (read back with an EXIF reader), and a second build that decodes
//! nothing.
//!
//! This file: the generated images and the helpers the tests share;
//! `variants`: the variants and markup of each format, in a page bundle
//! and in the static folder; `cache`: the image cache across builds;
//! `errors`: corrupt images and images without alt text; `serve`: images
//! while serving.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cache;
mod errors;
mod serve;
mod variants;

use crate::common::{clusterhub, hub_from_fixture};
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
