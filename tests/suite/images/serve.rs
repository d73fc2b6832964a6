//! Images while serving: a changed image shown, an unchanged one not read
//! again, a new one's variants made off the edit path, and one that fails
//! there reported at its file.

use super::{BUNDLE, build, candidates, hub_with_images, images_of, phone_photo};
use crate::common::{hub_from_fixture, tiny_image};
use std::path::Path;

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
