//! Bad images: a corrupt image is an error at its file, a raw `<img>`
//! without alt text an error at the tag.

use super::{BUNDLE, build, hub_with_images, phone_photo};
use crate::common::{stderr, stdout};

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
