//! `clusterhub serve` as a user starts it: from inside the hub folder with
//! no `--root`, edits on disk show up in the served pages.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{Server, http_get as get};

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Starts `clusterhub serve` in `hub` (no `--root`) on a port the system
/// picks (`--port 0`); returns the server, its port and its stderr lines.
fn start(hub: &std::path::Path) -> (Server, u16, std::sync::mpsc::Receiver<String>) {
    start_with(hub, &[])
}

/// `start`, with more flags.
fn start_with(
    hub: &std::path::Path,
    flags: &[&str],
) -> (Server, u16, std::sync::mpsc::Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_clusterhub"))
        .args(["serve", "--port", "0"])
        .args(flags)
        .current_dir(hub)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let server = Server(child);
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    // The URL line says which port it got.
    let port = loop {
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("serve printed its URL");
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest
                .trim_end_matches(|c: char| !c.is_ascii_digit())
                .split('/')
                .next()
                .unwrap()
                .parse::<u16>()
                .unwrap();
        }
    };
    (server, port, rx)
}

/// Waits until `page` on `port` contains `text`.
fn wait_for_text(port: u16, page: &str, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if get(port, page).is_some_and(|b| b.contains(text)) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "`{text}` never showed up on {page}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Edits the body of the fixture's pilot case study and waits until the
/// served page shows the edit.
fn edit_the_pilot(hub: &std::path::Path, port: u16) {
    let file = hub.join("content/case-studies/pilot.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text.replace("Uses [the steps]", "Now uses [the steps]");
    std::fs::write(&file, edited).unwrap();
    wait_for_text(port, "/case-studies/pilot/", "Now uses");
}

#[test]
fn serve_from_the_hub_folder_rebuilds_on_save() {
    let hub = common::hub_from_fixture("good-hub");
    let (server, port, _log) = start(hub.path());
    let page = "/case-studies/pilot/";
    let first = get(port, page).unwrap();
    assert!(first.contains("Uses"), "the page is served");
    // Served pages say which publish they come from, so a page that was
    // loading while a change was announced reloads when it connects.
    assert!(first.contains("data-version=\"0\""), "{first}");
    edit_the_pilot(hub.path(), port);
    assert!(get(port, page).unwrap().contains("data-version=\"1\""));
    drop(server);
}

/// `--timings`: each rebuild's line comes after the time each of its
/// stages took, from reading the files to publishing the outputs.
#[test]
fn timings_say_what_each_stage_of_a_rebuild_took() {
    let hub = common::hub_from_fixture("good-hub");
    let (server, port, log) = start_with(hub.path(), &["--timings"]);
    edit_the_pilot(hub.path(), port);
    let mut before = String::new();
    loop {
        let line = log
            .recv_timeout(Duration::from_secs(30))
            .expect("serve printed the rebuild");
        if line.starts_with("rebuilt ") {
            break;
        }
        // The search index's own lines may come in between.
        if line.starts_with("  stages: ") {
            before = line;
        }
    }
    let stages = before
        .strip_prefix("  stages: ")
        .unwrap_or_else(|| panic!("no stages before the rebuild's line: {before:?}"));
    let names: Vec<&str> = stages
        .split(", ")
        .map(|stage| {
            let (name, took) = stage.rsplit_once(' ').and_then(|(rest, unit)| {
                assert_eq!(unit, "ms", "{stage}");
                rest.rsplit_once(' ')
            })?;
            took.parse::<f64>().ok().map(|_| name)
        })
        .map(|name| name.unwrap_or_else(|| panic!("not `stage N ms`: {stages}")))
        .collect();
    assert_eq!(names.first(), Some(&"read"), "{stages}");
    assert_eq!(names.last(), Some(&"publish"), "{stages}");
    assert!(names.contains(&"render"), "{stages}");
    drop(server);
}

/// A tool saving a file 100 times in a second costs a few rebuilds, not a
/// hundred, and the last save wins.
#[test]
fn a_burst_of_saves_is_rebuilt_a_few_times() {
    let hub = common::hub_from_fixture("good-hub");
    let (server, port, log) = start(hub.path());
    let page = "/case-studies/pilot/";
    let file = hub.path().join("content/case-studies/pilot.md");
    let text = std::fs::read_to_string(&file).unwrap();
    for n in 0..100 {
        std::fs::write(
            &file,
            text.replace("Uses [the steps]", &format!("Save {n} uses [the steps]")),
        )
        .unwrap();
        std::thread::sleep(Duration::from_millis(10));
    }
    wait_for_text(port, page, "Save 99 uses");
    // Any rebuild still coming is printed within a second of the last save.
    std::thread::sleep(Duration::from_secs(1));
    let rebuilds = log.try_iter().filter(|l| l.starts_with("rebuilt ")).count();
    // Each save alone would be a rebuild; a slow, busy machine may split
    // the burst where it stalls, so the bound is loose.
    assert!(
        (1..=20).contains(&rebuilds),
        "{rebuilds} rebuilds for 100 saves"
    );
    drop(server);
}

/// The whole response to a hand-written `request` (sent as is).
fn raw(port: u16, request: &str) -> String {
    String::from_utf8_lossy(&raw_bytes(port, request)).into_owned()
}

/// The whole response to a hand-written `request`, as bytes (a PNG is
/// not text).
fn raw_bytes(port: u16, request: &str) -> Vec<u8> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    let _ = s.read_to_end(&mut response);
    response
}

fn get_request(path: &str, host: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
}

fn request(port: u16, path: &str, host: &str) -> String {
    raw(port, &get_request(path, host))
}

fn status(response: &str) -> u16 {
    response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {response:?}"))
}

fn header(response: &str, name: &str) -> Option<String> {
    let head = response.split("\r\n\r\n").next()?;
    head.lines().skip(1).find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
    })
}

/// DNS rebinding: a page on another site that points its own name at this
/// computer must not be able to read the preview (drafts, quoted sources).
#[test]
fn only_requests_naming_this_server_are_answered() {
    let hub = common::hub_from_fixture("good-hub");
    let (server, port, _log) = start(hub.path());
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let r = request(port, "/case-studies/pilot/", &host);
        assert_eq!(status(&r), 200, "{host}: {r}");
        assert!(r.contains("Uses"), "{host}");
    }
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
        "127.0.0.1".to_string(),
        "localhost".to_string(),
        format!("127.0.0.1:{}", port + 1),
        format!("192.168.0.1:{port}"),
    ] {
        for path in [
            "/case-studies/pilot/",
            "/cities",
            "/__clusterhub/events",
            "/__clusterhub/live.js",
            "/nowhere/",
        ] {
            let r = request(port, path, &host);
            assert_eq!(status(&r), 421, "{host} {path}: {r}");
            assert_eq!(
                header(&r, "content-type").as_deref(),
                Some("text/plain; charset=utf-8")
            );
            assert!(r.contains(&format!("localhost:{port}")), "{r}");
            assert!(!r.contains("Uses") && !r.contains("<html"), "{r}");
            assert_eq!(header(&r, "location"), None);
        }
    }
    // No Host at all, and an absolute URL naming another host.
    let r = raw(port, "GET /case-studies/pilot/ HTTP/1.0\r\n\r\n");
    assert_eq!(status(&r), 421, "{r}");
    let r = raw(
        port,
        &format!(
            "GET http://evil.example:{port}/case-studies/pilot/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert_eq!(status(&r), 421, "{r}");
    drop(server);
}

/// `GET //cities` must not answer `Location: //cities/`, which a browser
/// follows to the host `cities`.
#[test]
fn folder_redirects_stay_on_this_site() {
    let hub = common::hub_from_fixture("good-hub");
    let (server, port, _log) = start(hub.path());
    let host = format!("127.0.0.1:{port}");
    for (path, location) in [
        ("/cities", "/cities/"),
        ("//cities", "/cities/"),
        ("///cities", "/cities/"),
        ("//cities?page=2", "/cities/?page=2"),
        ("/%2fcities", "/%2fcities/"),
        ("/case-studies//pilot", "/case-studies/pilot/"),
    ] {
        let r = request(port, path, &host);
        assert_eq!(status(&r), 301, "{path}: {r}");
        assert_eq!(header(&r, "location").as_deref(), Some(location), "{path}");
    }
    for path in [
        "/\\cities",
        "/%5ccities",
        "/%5Ccities",
        "/\\/cities",
        "//evil.example",
        "//evil.example/",
        "///evil.example",
        "/%2f%2fevil.example",
        "/%09/cities",
    ] {
        let r = request(port, path, &host);
        if let Some(location) = header(&r, "location") {
            assert!(
                location.starts_with('/')
                    && !location.starts_with("//")
                    && !location.starts_with("/\\"),
                "{path}: redirected to {location}"
            );
        }
        assert!(
            matches!(status(&r), 301 | 400 | 404),
            "{path}: {}",
            status(&r)
        );
    }
    // Traversal stays blocked.
    for path in [
        "/../hub.yaml",
        "/%2e%2e/hub.yaml",
        "/..%2fhub.yaml",
        "//../hub.yaml",
    ] {
        let r = request(port, path, &host);
        assert!(matches!(status(&r), 400 | 404), "{path}: {r}");
        assert!(!r.contains("title: Good hub"), "{path}");
    }
    drop(server);
}

/// `serve` answers the social cards from the card cache: a page's card,
/// the site's, and another language's own cards (a translated page's and
/// its site card) are each a 1200×630 PNG, the very file in the cache.
#[test]
fn the_social_cards_are_served_from_the_cache() {
    let hub = common::shipped_hub();
    let (server, port, _log) = start(hub.path());
    let cache = hub.path().join(".clusterhub-cache/cards");
    for page in [
        "/",
        "/case-studies/athens-energy-poverty-hub/",
        "/it/",
        "/it/cities/milan/",
    ] {
        let html = get(port, page).unwrap_or_else(|| panic!("{page} not served"));
        let (_, rest) = html
            .split_once("<meta property=\"og:image\" content=\"")
            .unwrap_or_else(|| panic!("{page} has no og:image"));
        let url = &rest[..rest.find('"').unwrap()];
        let path = url
            .strip_prefix(&format!("http://127.0.0.1:{port}"))
            .unwrap_or_else(|| panic!("{page}: {url}"));
        let name = path.rsplit('/').next().unwrap();
        assert!(name.starts_with("card."), "{page} shows {path}");
        let response = raw_bytes(port, &get_request(path, &format!("127.0.0.1:{port}")));
        let split = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let (head, body) = (
            String::from_utf8_lossy(&response[..split]),
            &response[split + 4..],
        );
        assert_eq!(status(&head), 200, "{path}: {head}");
        assert_eq!(
            header(&format!("{head}\r\n\r\n"), "content-type").as_deref(),
            Some("image/png")
        );
        let png = image::load_from_memory(body).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!((png.width(), png.height()), (1200, 630), "{path}");
        let cached = std::fs::read_dir(&cache)
            .unwrap()
            .map(|e| std::fs::read(e.unwrap().path()).unwrap())
            .any(|bytes| bytes == body);
        assert!(cached, "{path} is not a file of the card cache");
    }
    drop(server);
}
