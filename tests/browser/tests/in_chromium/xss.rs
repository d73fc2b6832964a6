//! The XSS payload pages (tests/fixtures/xss/payloads.txt, one page each)
//! built with `clusterhub build`, served from `public/` on loopback and
//! loaded one by one in headless Chromium (and the home and collection
//! pages, whose intros hold every payload): no payload runs, on load or
//! after every element of the page has been hovered, focused and clicked.
//! A detector is installed in every document (frames included) before any
//! of its scripts: the payloads call `xss(n)`, `alert(n)` or set the title.
//! The same pages published as written (`html: {trusted: true}`) do run
//! them, which shows the detector sees what it is meant to see.

use crate::xss_payloads as xss;
use clusterhub_browser_tests::{Browser, build_and_serve, chromium_or_skip};
use serde_json::{Value, json};
use std::path::Path;

const DETECTOR: &str = "window.__xss = [];
  const hit = (how) => (...args) => { window.__xss.push(how + '(' + args.join(',') + ')'); };
  window.xss = hit('xss'); window.alert = hit('alert'); window.confirm = hit('confirm');
  window.prompt = hit('prompt'); window.print = hit('print');";

/// Hovers, focuses and clicks every element of the page's main content.
/// Ordinary navigation is cancelled (the page must stay), `javascript:`
/// links and forms are let through, so that one left behind would run.
const INTERACT: &str = "(() => {
  const runs = (url) => /^[\\s\\u0000-\\u001f]*javascript:/i.test(url || '');
  document.addEventListener('click', (e) => {
    const a = e.target.closest && e.target.closest('a[href], area[href]');
    if (a && !runs(a.getAttribute('href'))) e.preventDefault();
  }, true);
  document.addEventListener('submit', (e) => {
    if (!runs(e.target.getAttribute('action'))) e.preventDefault();
  }, true);
  const all = [...document.querySelectorAll('main *')];
  for (const el of all) {
    for (const type of ['pointerover', 'mouseover', 'mouseenter', 'mousedown', 'mouseup']) {
      el.dispatchEvent(new MouseEvent(type, { bubbles: true }));
    }
    if (el.focus) el.focus();
    if (el.click) el.click();
  }
  return all.length;
})()";

/// Builds the payload hub (trusted or not) and serves it; returns the
/// hub folder (kept alive), the port and the page paths.
fn built(trusted: bool) -> (tempfile::TempDir, u16, Vec<String>) {
    let hub = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let pages = xss::write_hub(&repo, hub.path());
    if trusted {
        let yaml = hub.path().join("hub.yaml");
        let text = std::fs::read_to_string(&yaml).unwrap();
        std::fs::write(&yaml, format!("{text}html: {{trusted: true}}\n")).unwrap();
    }
    let port = build_and_serve(hub.path(), hub.path().join("public"));
    let urls = pages
        .iter()
        .map(|(path, _)| format!("/{}/", path.trim_end_matches(".md")))
        .collect();
    (hub, port, urls)
}

fn launch(chromium: &Path) -> Browser {
    let mut b = Browser::launch(chromium);
    b.call("Page.enable", json!({}));
    // Focus events fire as in a window that has the focus.
    b.call(
        "Emulation.setFocusEmulationEnabled",
        json!({ "enabled": true }),
    );
    b.call(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": DETECTOR }),
    );
    b
}

/// Loads `path`, lets it settle, interacts with it, and returns what ran
/// (the detector's calls, and the title if a payload changed it).
fn ran(b: &mut Browser, port: u16, path: &str) -> Vec<String> {
    b.navigate(&format!("http://127.0.0.1:{port}{path}"));
    // Failed images, autofocus and animations fire just after load.
    std::thread::sleep(std::time::Duration::from_millis(150));
    let touched = b.eval(INTERACT);
    assert!(touched.as_u64().is_some_and(|n| n > 0), "{path}: {touched}");
    std::thread::sleep(std::time::Duration::from_millis(150));
    let mut found: Vec<String> = serde_json::from_str(
        b.eval("JSON.stringify(window.__xss || [])")
            .as_str()
            .unwrap_or("[]"),
    )
    .unwrap_or_default();
    let title = b.eval("document.title");
    if title.as_str().is_none_or(|t| t.contains("XSS")) {
        found.push(format!("title {title}"));
    }
    found
}

#[test]
fn no_payload_runs_in_the_browser() {
    let Some(chromium) = chromium_or_skip("no_payload_runs_in_the_browser") else {
        return;
    };
    let (_hub, port, mut pages) = built(false);
    assert!(pages.len() >= 40);
    // The home page and the collection page show intro pages that hold
    // every payload.
    pages.extend(["/".to_string(), "/notes/".to_string()]);
    // Two browsers take every other page: most of a page's time is the
    // wait for what fires after load, which the two overlap.
    let halves: [Vec<&String>; 2] = [
        pages.iter().step_by(2).collect(),
        pages.iter().skip(1).step_by(2).collect(),
    ];
    let ran_anywhere: Vec<String> = std::thread::scope(|scope| {
        let runs: Vec<_> = halves
            .iter()
            .map(|half| scope.spawn(|| ran_on_each(&chromium, port, half)))
            .collect();
        runs.into_iter()
            .flat_map(|r| r.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    assert!(ran_anywhere.is_empty(), "{}", ran_anywhere.join("\n"));
}

/// Loads each page in a browser of its own; returns what ran, by page.
fn ran_on_each(chromium: &Path, port: u16, pages: &[&String]) -> Vec<String> {
    let mut b = launch(chromium);
    let mut ran_anywhere = Vec::new();
    for path in pages {
        let found = ran(&mut b, port, path);
        if !found.is_empty() {
            ran_anywhere.push(format!("{path}: {found:?}"));
        }
        // Still on the page that was loaded.
        assert_eq!(b.eval("location.pathname"), Value::from(path.as_str()));
    }
    ran_anywhere
}

#[test]
fn the_same_payloads_published_as_written_do_run() {
    let Some(chromium) = chromium_or_skip("the_same_payloads_published_as_written_do_run") else {
        return;
    };
    let (_hub, port, pages) = built(true);
    let mut b = launch(&chromium);
    // A script, a javascript: link (clicked), an autofocus handler and a
    // title change.
    for (n, expect) in [
        (1, "xss(1)"),
        (33, "xss(33)"),
        (42, "xss(42)"),
        (71, "title"),
    ] {
        let found = ran(&mut b, port, &pages[n - 1]);
        assert!(
            found.iter().any(|f| f.starts_with(expect)),
            "payload {n} did not run: {found:?}"
        );
    }
}
