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

#[test]
fn serve_from_the_hub_folder_rebuilds_on_save() {
    let hub = common::hub_from_fixture("good-hub");
    let mut child = Command::new(env!("CARGO_BIN_EXE_clusterhub"))
        .args(["serve", "--port", "17311"])
        .current_dir(hub.path())
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
    let page = "/case-studies/pilot/";
    assert!(
        get(port, page).unwrap().contains("Uses"),
        "the page is served"
    );
    let file = hub.path().join("content/case-studies/pilot.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("Uses [the steps]", "Now uses [the steps]"),
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if get(port, page).is_some_and(|b| b.contains("Now uses")) {
            break;
        }
        assert!(Instant::now() < deadline, "the edit never showed up");
        std::thread::sleep(Duration::from_millis(100));
    }
    drop(server);
}
