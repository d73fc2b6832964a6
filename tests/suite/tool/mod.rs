//! clusterhub as a tool on its own: the binary alone starts a hub (`init`,
//! with the built-in theme), scaffolds, checks, builds and serves it; the
//! hub is found upward from the current folder; `completions`, the port
//! rules, annotations relative to the repository, and the messages a
//! contributor gets for the mistakes they make most (file, line, column,
//! words).
//!
//! This file: the helpers the tests share; `standalone`: the binary alone
//! starts, builds and serves a hub with its built-in theme, which `theme
//! eject` writes out; `cli`: the hub found upward, `completions`, `serve`'s
//! port and base URL; `reporting`: colour, GitHub annotations and the VS
//! Code task's problem matchers; `messages`: the words of the mistakes
//! contributors make most.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli;
mod messages;
mod reporting;
mod standalone;

use crate::common::{Server, http_get as get};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs `bin` with `args` in the folder `cwd`.
fn run_in(bin: &Path, cwd: &Path, args: &[&str]) -> Output {
    Command::new(bin)
        .args(args)
        .current_dir(cwd)
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .unwrap()
}

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_clusterhub"))
}

fn err(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A new hub made by `clusterhub init` in a temporary folder.
fn starter() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(&bin(), dir.path(), &["init", "."]);
    assert!(out.status.success(), "{}", err(&out));
    dir
}

/// Starts `bin serve args` in `cwd`; the server and the port of the URL it
/// prints.
fn serve(bin: &Path, cwd: &Path, args: &[&str]) -> (Server, u16) {
    let mut child = Command::new(bin)
        .arg("serve")
        .args(args)
        .current_dir(cwd)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let server = Server(child);
    let port = loop {
        let line = lines.next().expect("serve printed its URL").unwrap();
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest.split('/').next().unwrap().parse().unwrap();
        }
    };
    std::thread::spawn(move || lines.for_each(drop));
    (server, port)
}

fn wait_for_200(port: u16, path: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(body) = get(port, path).filter(|b| b.starts_with("HTTP/1.1 200")) {
            return body;
        }
        assert!(Instant::now() < deadline, "{path} never answered 200");
        std::thread::sleep(Duration::from_millis(100));
    }
}
