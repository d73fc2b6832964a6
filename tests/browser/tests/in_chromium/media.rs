//! The `video` shortcode in headless Chromium: the page loads nothing from
//! another site (no iframe, no request off the page's origin) until the
//! reader clicks the video's link; the click puts the no-cookie player in
//! its place. Requests to the player's host are blocked, so the test sends
//! nothing to it.

use clusterhub_browser_tests::{Browser, build_and_serve, chromium_or_skip, copy_dir};
use serde_json::{Value, json};
use std::path::Path;

const PAGE: &str = "content/case-studies/athens-energy-poverty-hub.md";

/// The shipped hub with one case study showing a figure and a video.
fn hub_with_video() -> tempfile::TempDir {
    let hub = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::copy(repo.join("hub.yaml"), hub.path().join("hub.yaml")).unwrap();
    for dir in ["content", "themes"] {
        copy_dir(&repo.join(dir), &hub.path().join(dir));
    }
    let path = hub.path().join(PAGE);
    let text = std::fs::read_to_string(&path).unwrap();
    let front: String = text.split_inclusive("---\n").take(2).collect();
    let body = "Athens opened an advisory hub.\n\n{{ video(url=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\", title=\"The hub opens\") }}\n";
    std::fs::write(&path, format!("{front}{body}")).unwrap();
    hub
}

#[test]
fn a_video_loads_nothing_from_its_site_until_the_reader_clicks() {
    let Some(chromium) =
        chromium_or_skip("a_video_loads_nothing_from_its_site_until_the_reader_clicks")
    else {
        return;
    };
    let hub = hub_with_video();
    let port = build_and_serve(hub.path(), hub.path().join("public"));
    let mut b = Browser::launch(&chromium);
    b.call("Network.enable", json!({}));
    b.call(
        "Network.setBlockedURLs",
        json!({ "urls": ["*youtube*", "*vimeo*"] }),
    );
    b.navigate(&format!(
        "http://127.0.0.1:{port}/case-studies/athens-energy-poverty-hub/"
    ));
    b.wait_for("the page's scripts", "document.readyState === 'complete'");
    let elsewhere = "JSON.stringify(performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin)))";
    assert_eq!(b.eval(elsewhere), Value::from("[]"));
    assert_eq!(
        b.eval("document.querySelectorAll('iframe').length"),
        Value::from(0)
    );
    assert_eq!(
        b.eval("document.querySelector('a.sc-video__link').getAttribute('href')"),
        Value::from("https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    );
    b.eval("document.querySelector('a.sc-video__link .sc-video__play').click()");
    b.wait_for(
        "the player",
        "document.querySelector('iframe.sc-video__player') !== null",
    );
    assert_eq!(
        b.eval("document.querySelector('iframe.sc-video__player').getAttribute('src')"),
        Value::from("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1")
    );
    assert_eq!(
        b.eval("document.querySelectorAll('a.sc-video__link').length"),
        Value::from(0)
    );
    assert_eq!(
        b.eval("location.pathname"),
        Value::from("/case-studies/athens-energy-poverty-hub/")
    );
}
