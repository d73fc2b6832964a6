//! `clusterhub serve` in a real browser: edits show up without navigating,
//! errors show as an overlay that goes away when fixed, stylesheets swap
//! without a reload.

use clusterhub_browser_tests::{Browser, chromium_or_skip, copy_dir, start_serve};
use std::path::Path;

#[test]
fn edits_errors_and_stylesheets_in_the_browser() {
    let Some(chromium) = chromium_or_skip("edits_errors_and_stylesheets_in_the_browser") else {
        return;
    };
    let hub = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/live");
    copy_dir(&fixture, hub.path());
    // The server runs until the test process ends.
    let port = start_serve(hub.path());

    let mut b = Browser::launch(&chromium);
    b.navigate(&format!("http://127.0.0.1:{port}/case-studies/study-1/"));
    b.wait_for(
        "the live connection",
        "document.documentElement.dataset.clusterhub === 'connected'",
    );
    b.wait_for(
        "the page text",
        "document.body.innerText.includes('Body of study 1.')",
    );

    // 1. Edit the Markdown: the new text appears without navigating.
    let page = hub.path().join("content/case-studies/study-1.md");
    let good = std::fs::read_to_string(&page).unwrap();
    let edited = good.replace("Body of study 1.", "Body of study 1, edited live.");
    std::fs::write(&page, &edited).unwrap();
    b.wait_for(
        "the edited text",
        "document.body.innerText.includes('edited live')",
    );

    // 2. Break the front matter: an overlay names the file and line.
    b.wait_for(
        "the live connection",
        "document.documentElement.dataset.clusterhub === 'connected'",
    );
    std::fs::write(
        &page,
        "---\ntitle: \"Study 1\ncity: lisbon\n---\nHalf saved.\n",
    )
    .unwrap();
    b.wait_for(
        "the error overlay",
        r"(() => { const o = document.getElementById('clusterhub-overlay');
             return !!o && /content\/case-studies\/study-1\.md:\d+:\d+/.test(o.textContent)
               && !!o.querySelector('[role=alertdialog]'); })()",
    );
    // The last good page is still shown under it.
    assert_eq!(
        b.eval("document.body.innerText.includes('edited live')"),
        serde_json::Value::Bool(true)
    );

    // 3. Fix it: the overlay goes and the text is there.
    std::fs::write(&page, edited.replace("edited live", "fixed and live")).unwrap();
    b.wait_for(
        "the overlay to go and the fixed text",
        "!document.getElementById('clusterhub-overlay') && document.body.innerText.includes('fixed and live')",
    );

    // 4. Edit the theme's CSS: the style changes, the page is not reloaded.
    b.wait_for(
        "the live connection",
        "document.documentElement.dataset.clusterhub === 'connected'",
    );
    b.eval("window.__clusterhubMarker = 'kept'; true");
    std::fs::write(
        hub.path().join("themes/mini/static/style.css"),
        "body { color: rgb(1, 2, 3); }\n",
    )
    .unwrap();
    b.wait_for(
        "the new computed style",
        "getComputedStyle(document.body).color === 'rgb(1, 2, 3)'",
    );
    assert_eq!(
        b.eval("window.__clusterhubMarker"),
        serde_json::Value::String("kept".into()),
        "the stylesheet swap reloaded the page"
    );
}
