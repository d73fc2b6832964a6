//! `clusterhub serve` as a user starts it: from inside the hub folder with
//! no `--root`, edits on disk show up in the served pages.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn get(port: u16, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut body = String::new();
    s.read_to_string(&mut body).ok()?;
    Some(body)
}

struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `clusterhub serve` in `hub` (no `--root`); returns the server,
/// its port and its stderr lines.
fn start(hub: &std::path::Path, port: u16) -> (Server, u16, std::sync::mpsc::Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_clusterhub"))
        .args(["serve", "--port", &port.to_string()])
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
    // The URL line says which port it got (the next free one if taken).
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

#[test]
fn serve_from_the_hub_folder_rebuilds_on_save() {
    let hub = common::hub_from_fixture("good-hub");
    let (server, port, _log) = start(hub.path(), 17311);
    let page = "/case-studies/pilot/";
    let first = get(port, page).unwrap();
    assert!(first.contains("Uses"), "the page is served");
    // Served pages say which publish they come from, so a page that was
    // loading while a change was announced reloads when it connects.
    assert!(first.contains("data-version=\"0\""), "{first}");
    let file = hub.path().join("content/case-studies/pilot.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("Uses [the steps]", "Now uses [the steps]"),
    )
    .unwrap();
    wait_for_text(port, page, "Now uses");
    assert!(get(port, page).unwrap().contains("data-version=\"1\""));
    drop(server);
}

/// A tool saving a file 100 times in a second costs a few rebuilds, not a
/// hundred, and the last save wins.
#[test]
fn a_burst_of_saves_is_rebuilt_a_few_times() {
    let hub = common::hub_from_fixture("good-hub");
    let (server, port, log) = start(hub.path(), 17331);
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
