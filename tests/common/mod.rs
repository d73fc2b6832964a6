//! Shared helpers for the integration tests: fixture hubs copied into temp
//! folders, running the built binary, and crawling a built site.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod xss;

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary copy of a fixture hub; fixtures without their own themes/
/// get the shared test themes from tests/fixtures/_themes.
pub fn hub_from_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), dir.path());
    if !dir.path().join("themes").exists() {
        copy_dir(&fixture("_themes"), &dir.path().join("themes"));
    }
    dir
}

/// A temporary copy of the shipped hub (hub.yaml, content/, themes/ and
/// the issue forms in .github/ISSUE_TEMPLATE/), with a warm image and card
/// cache: its entries are keyed on their inputs, so a warm cache changes
/// no output, only how long the first build takes.
pub fn shipped_hub() -> tempfile::TempDir {
    let dir = cold_shipped_hub();
    link_dir(shipped_cache(), &dir.path().join(CACHE));
    dir
}

const CACHE: &str = ".clusterhub-cache";

/// The shipped hub with no cache: its first build processes every image
/// and renders every social card.
pub fn cold_shipped_hub() -> tempfile::TempDir {
    shipped_copy_in(tempfile::tempdir().unwrap())
}

/// The shipped hub's files copied into `dir`.
fn shipped_copy_in(dir: tempfile::TempDir) -> tempfile::TempDir {
    let root = repo_root();
    std::fs::copy(root.join("hub.yaml"), dir.path().join("hub.yaml")).unwrap();
    let forms = ".github/ISSUE_TEMPLATE";
    if root.join(forms).is_dir() {
        copy_dir(&root.join(forms), &dir.path().join(forms));
    }
    copy_dir(&root.join("content"), &dir.path().join("content"));
    copy_dir(&root.join("themes"), &dir.path().join("themes"));
    if root.join("static").is_dir() {
        copy_dir(&root.join("static"), &dir.path().join("static"));
    }
    dir
}

/// The cache of one build of the shipped hub as it is now, made once and
/// shared by every test binary (named by a hash of the hub's files).
fn shipped_cache() -> &'static Path {
    static CACHE_DIR: OnceLock<PathBuf> = OnceLock::new();
    CACHE_DIR.get_or_init(|| {
        // Built beside where it is kept, so that it can be renamed there
        // (the temporary folder may be another file system: CI's tmpfs).
        let kept = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
        let hub = shipped_copy_in(tempfile::tempdir_in(&kept).unwrap());
        let shared = kept.join(format!("shipped-cache-{:016x}", hash_dir(hub.path())));
        if !shared.is_dir() {
            let out = clusterhub(&["build", "--root", path_str(hub.path())]);
            assert!(out.status.success(), "{}", stderr(&out));
            // Another test binary may have stored it first: either is whole.
            let _ = std::fs::rename(hub.path().join(CACHE), &shared);
            assert!(shared.is_dir(), "no shared cache at {}", shared.display());
        }
        shared
    })
}

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A hash of every file's path and bytes below `dir`.
fn hash_dir(dir: &Path) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    for (path, bytes) in snapshot(dir) {
        path.hash(&mut hasher);
        bytes.hash(&mut hasher);
    }
    hasher.finish()
}

/// `to` as a copy of `from` whose files are hard links (copies where the
/// file system has none). The cache only ever renames new files in, so the
/// shared files are never written through a link.
fn link_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else if std::fs::hard_link(entry.path(), &target).is_err() {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub fn clusterhub(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clusterhub"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every file below `dir` with its bytes, keyed by relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

/// Values of `href="..."` and `src="..."` attributes in an HTML text.
/// Compares a built site, file by file and byte for byte, with the
/// golden output in `tests/fixtures/<name>/` (with `UPDATE_EXPECT=1`, the
/// golden output is replaced by the site first, to accept a change).
pub fn assert_golden(actual: &BTreeMap<String, Vec<u8>>, name: &str) {
    let expected_dir = fixture(name);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        let _ = std::fs::remove_dir_all(&expected_dir);
        for (path, bytes) in actual {
            let target = expected_dir.join(path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, bytes).unwrap();
        }
    }
    let expected = snapshot(&expected_dir);
    assert_eq!(
        actual.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "set of output files"
    );
    for (path, bytes) in &expected {
        assert!(
            actual[path] == *bytes,
            "{path} differs from tests/fixtures/{name}/{path} (rerun with UPDATE_EXPECT=1 to accept)\n--- actual ---\n{}",
            String::from_utf8_lossy(&actual[path])
        );
    }
}

pub fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            // Only real attributes: preceded by whitespace.
            let before = rest[..i].chars().last();
            rest = &rest[i + attr.len()..];
            let Some(end) = rest.find('"') else { break };
            if before.is_some_and(char::is_whitespace) {
                out.push(rest[..end].replace("&amp;", "&"));
            }
            rest = &rest[end..];
        }
    }
    out
}

/// Crawls a built site whose pages live under `base_path` (e.g.
/// `/clusterhub/`): returns every internal link that does not resolve to a
/// file, as (page, link); also checks `#anchors` against element ids.
pub fn broken_internal_links(site: &Path, base_path: &str) -> Vec<(String, String)> {
    let files = snapshot(site);
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, bytes) in &files {
        if path.ends_with(".html") {
            let html = String::from_utf8_lossy(bytes);
            let mut set = BTreeSet::new();
            let mut rest: &str = &html;
            while let Some(i) = rest.find(" id=\"") {
                rest = &rest[i + 5..];
                if let Some(end) = rest.find('"') {
                    set.insert(rest[..end].to_string());
                }
            }
            ids.insert(path.clone(), set);
        }
    }
    let mut broken = Vec::new();
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for link in links(&html) {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
                || link.starts_with("data:")
            {
                continue;
            }
            let (target, anchor) = match link.split_once('#') {
                Some((t, a)) => (t.to_string(), Some(a.to_string())),
                None => (link.clone(), None),
            };
            let target = target.split('?').next().unwrap_or("").to_string();
            let resolved = if target.is_empty() {
                Some(path.clone())
            } else if let Some(rel) = target.strip_prefix(base_path) {
                let rel = rel.to_string();
                if rel.is_empty() || rel.ends_with('/') {
                    Some(format!("{rel}index.html"))
                } else {
                    Some(rel)
                }
            } else {
                None
            };
            match resolved {
                Some(file) if files.contains_key(&file) => {
                    if let Some(a) = anchor.filter(|a| !a.is_empty())
                        && file.ends_with(".html")
                        && !ids.get(&file).is_some_and(|s| s.contains(&a))
                    {
                        broken.push((path.clone(), link.clone()));
                    }
                }
                _ => broken.push((path.clone(), link.clone())),
            }
        }
    }
    broken
}

/// `GET path` from a server on loopback `port`, the whole answer (status
/// line, headers, body), or None when it cannot be read in 5 s.
pub fn http_get(port: u16, path: &str) -> Option<String> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut body = String::new();
    s.read_to_string(&mut body).ok()?;
    Some(body)
}

/// A server process, stopped when the test lets go of it.
pub struct Server(pub std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A real, decodable image of `width`×`height` in `format` (a
/// contributor's image is decoded: made-up bytes are an error).
pub fn tiny_image(format: image::ImageFormat, width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 40) as u8, (y * 40) as u8, 120])
    });
    let mut bytes = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut bytes), format)
        .unwrap();
    bytes
}
