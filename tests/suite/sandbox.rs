//! The hub is a sandbox (issue 11): nothing outside the hub folder is read,
//! copied or quoted; contributor files of active types are refused; every
//! output path comes from validated names and has one source; the writer
//! stays inside its staging folder; leftovers of killed builds go away.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::*;
use serde_json::Value;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

fn build(root: &Path, extra: &[&str]) -> std::process::Output {
    let root = root.to_str().unwrap();
    let mut args = vec!["build", "--root", root, "--format", "json"];
    args.extend_from_slice(extra);
    clusterhub(&args)
}

/// The diagnostics of a build or check run with `--format json`.
fn diagnostics(out: &std::process::Output) -> Vec<Value> {
    serde_json::from_str(&stdout(out)).unwrap_or_else(|_| panic!("{}", stderr(out)))
}

/// The one error with `code` at `file`.
fn error_at<'a>(diags: &'a [Value], file: &str, code: &str) -> &'a Value {
    let found: Vec<&Value> = diags
        .iter()
        .filter(|d| d["file"] == file && d["code"] == code && d["severity"] == "error")
        .collect();
    assert_eq!(found.len(), 1, "one `{code}` error at {file} in {diags:#?}");
    found[0]
}

fn text(d: &Value) -> String {
    format!("{} {}", d["message"], d["hint"])
}

/// A secret file outside the hub, with a first line a diagnostic would show.
fn secret(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join("secret.txt");
    std::fs::write(&path, "TOPSECRET-first-line\nTOPSECRET-second\n").unwrap();
    std::fs::write(dir.join("other.md"), "TOPSECRET-in-a-folder\n").unwrap();
    path
}

#[test]
fn links_that_leave_the_hub_are_errors_at_the_link_and_never_read() {
    let outside = tempfile::tempdir().unwrap();
    let secret = secret(outside.path());
    let hub = hub_from_fixture("good-hub");
    let content = hub.path().join("content");
    // A file in a page bundle, a file beside pages, a page, a folder, a
    // file under the hub's hidden .git/ folder, and a broken link.
    symlink(&secret, content.join("case-studies/with-image/env.txt")).unwrap();
    symlink("/proc/self/environ", content.join("cities/environ.txt")).unwrap();
    symlink(&secret, content.join("case-studies/x.md")).unwrap();
    symlink(outside.path(), content.join("cities/etc")).unwrap();
    std::fs::create_dir_all(hub.path().join(".git")).unwrap();
    std::fs::write(hub.path().join(".git/config"), "TOPSECRET-token\n").unwrap();
    symlink("../.git/config", content.join("git.txt")).unwrap();
    symlink("nowhere.png", content.join("cities/broken.png")).unwrap();

    let out = build(hub.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let all = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        !all.contains("TOPSECRET"),
        "a target's content was shown: {all}"
    );
    assert!(!all.contains(outside.path().to_str().unwrap()), "{all}");
    assert!(!hub.path().join("public").exists());
    let diags = diagnostics(&out);
    for link in [
        "content/case-studies/with-image/env.txt",
        "content/cities/environ.txt",
        "content/case-studies/x.md",
        "content/cities/etc",
        "content/git.txt",
    ] {
        let d = error_at(&diags, link, "link-outside");
        assert!(text(d).contains("symbolic link"), "{d:#}");
    }
    error_at(&diags, "content/cities/broken.png", "broken-link");
    // Nothing else: no error below the linked folder, none quoting a line.
    assert_eq!(diags.len(), 6, "{diags:#?}");
    assert!(diags.iter().all(|d| d["line"] == 0), "{diags:#?}");

    // `check` says the same and shows nothing either.
    let out = clusterhub(&["check", "--root", hub.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!stderr(&out).contains("TOPSECRET"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("content/cities/etc"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_content_folder_itself_may_not_lead_outside() {
    let outside = tempfile::tempdir().unwrap();
    let hub = hub_from_fixture("good-hub");
    let content = hub.path().join("content");
    std::fs::rename(&content, outside.path().join("content")).unwrap();
    symlink(outside.path().join("content"), &content).unwrap();
    let out = build(hub.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    error_at(&diagnostics(&out), "content", "link-outside");
}

#[test]
fn links_inside_the_hub_keep_working() {
    let hub = hub_from_fixture("good-hub");
    let root = hub.path();
    // A file link, and a folder link to a page bundle kept outside content/.
    symlink(
        "../case-studies/with-image/map.png",
        root.join("content/cities/belfast-map.png"),
    )
    .unwrap();
    std::fs::create_dir_all(root.join("library/linked")).unwrap();
    std::fs::write(
        root.join("library/linked/index.md"),
        "---\ntitle: Linked\ncity: belfast\ndate: 2024-01-02\n---\nA study kept in library/.\n",
    )
    .unwrap();
    std::fs::copy(
        root.join("content/case-studies/with-image/map.png"),
        root.join("library/linked/plan.png"),
    )
    .unwrap();
    symlink(
        "../../library/linked",
        root.join("content/case-studies/linked"),
    )
    .unwrap();

    let out = build(root, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let public = root.join("public");
    // Both images are published at their addresses as the same picture
    // (processed: the metadata stripped, so not byte for byte).
    let pixels = |path: PathBuf| {
        let bytes = std::fs::read(path).unwrap();
        assert_eq!(
            image::guess_format(&bytes).unwrap(),
            image::ImageFormat::Png
        );
        image::load_from_memory(&bytes).unwrap().to_rgba8()
    };
    let png = pixels(root.join("content/case-studies/with-image/map.png"));
    assert_eq!(pixels(public.join("cities/belfast-map.png")), png);
    assert_eq!(pixels(public.join("case-studies/linked/plan.png")), png);
    let page = std::fs::read_to_string(public.join("case-studies/linked/index.html")).unwrap();
    assert!(page.contains("A study kept in library/."), "{page}");
}

#[test]
fn a_folder_link_cycle_is_one_error_and_the_build_ends() {
    let hub = hub_from_fixture("good-hub");
    let content = hub.path().join("content");
    symlink("..", content.join("cities/up")).unwrap();
    // Two folders linking to each other.
    std::fs::create_dir_all(hub.path().join("a")).unwrap();
    std::fs::create_dir_all(hub.path().join("b")).unwrap();
    symlink("../b", hub.path().join("a/to-b")).unwrap();
    symlink("../a", hub.path().join("b/to-a")).unwrap();
    symlink("../../a", content.join("methods/a")).unwrap();
    let out = build(hub.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let diags = diagnostics(&out);
    error_at(&diags, "content/cities/up", "link-loop");
    error_at(&diags, "content/methods/a/to-b/to-a", "link-loop");
    assert_eq!(diags.len(), 2, "{diags:#?}");
}

#[test]
fn active_file_types_in_content_are_errors_with_a_plain_hint() {
    let hub = hub_from_fixture("good-hub");
    let bundle = hub.path().join("content/case-studies/with-image");
    let bad = [
        ("drawing.svg", "PNG"),
        ("report.html", "Markdown page"),
        ("Old.HTM", "Markdown page"),
        ("app.js", "theme"),
        ("data.xml", "CSV or JSON"),
        ("style.css", "theme"),
        ("LICENSE", "allowed beside pages: png"),
    ];
    for (name, _) in bad {
        std::fs::write(bundle.join(name), "<script>alert(1)</script>").unwrap();
    }
    let good = [
        "photo.JPG",
        "report.pdf",
        "data.csv",
        "notes.txt",
        "table.xlsx",
    ];
    for name in good {
        std::fs::write(bundle.join(name), name).unwrap();
    }
    // An image is decoded: a real one.
    let photo = tiny_image(image::ImageFormat::Jpeg, 6, 4);
    std::fs::write(bundle.join("photo.JPG"), &photo).unwrap();
    let out = build(hub.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let diags = diagnostics(&out);
    for (name, hint) in bad {
        let d = error_at(
            &diags,
            &format!("content/case-studies/with-image/{name}"),
            "file-type",
        );
        assert!(d["hint"].as_str().unwrap().contains(hint), "{d:#}");
    }
    assert_eq!(diags.len(), bad.len(), "{diags:#?}");

    for (name, _) in bad {
        std::fs::remove_file(bundle.join(name)).unwrap();
    }
    let out = build(hub.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for name in good {
        let published = hub.path().join("public/case-studies/with-image").join(name);
        let bytes = std::fs::read(published).unwrap();
        if name == "photo.JPG" {
            assert_eq!(
                image::guess_format(&bytes).unwrap(),
                image::ImageFormat::Jpeg
            );
            let img = image::load_from_memory(&bytes).unwrap();
            assert_eq!((img.width(), img.height()), (6, 4));
        } else {
            assert_eq!(bytes, name.as_bytes());
        }
    }
}

/// Each hostile or clashing taxonomy name is one error at its key in
/// hub.yaml; nothing is written, inside or outside the output.
#[test]
fn hostile_and_clashing_taxonomy_names_are_errors_and_write_nothing() {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("hub");
    copy_dir(&fixture("good-hub"), &root);
    copy_dir(&fixture("_themes"), &root.join("themes"));
    let out = build(&root, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let before = snapshot(&root.join("public"));
    let cache_before = snapshot(&root.join(".clusterhub-cache"));

    let escape = outer.path().join("escaped");
    let yaml = std::fs::read_to_string(root.join("hub.yaml")).unwrap();
    let names = [
        "../../escaped".to_string(),
        escape.to_str().unwrap().to_string(),
        "a/b".to_string(),
        "Domains".to_string(),
        "search".to_string(),
        "map".to_string(),
        "api".to_string(),
        "pagefind".to_string(),
        "cities".to_string(),
    ];
    let mut hostile = yaml.clone();
    for name in &names {
        hostile.push_str(&format!("  \"{name}\": {{field: domains}}\n"));
    }
    std::fs::write(root.join("hub.yaml"), &hostile).unwrap();
    let out = build(&root, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let diags = diagnostics(&out);
    assert_eq!(diags.len(), names.len(), "{diags:#?}");
    for (i, name) in names.iter().enumerate() {
        let line = yaml.lines().count() + 1 + i;
        let d = diags
            .iter()
            .find(|d| d["line"] == line as u64)
            .unwrap_or_else(|| panic!("no error at line {line} ({name}): {diags:#?}"));
        assert_eq!(
            (d["file"].as_str(), d["code"].as_str()),
            (Some("hub.yaml"), Some("bad-name"))
        );
        assert_eq!(d["column"], 3, "{d:#}");
    }
    let search = diags.iter().find(|d| text(d).contains("`search`")).unwrap();
    assert!(text(search).contains("search/index.html"), "{search:#}");

    assert_eq!(before, snapshot(&root.join("public")));
    assert_eq!(cache_before, snapshot(&root.join(".clusterhub-cache")));
    let mut outer_names: Vec<String> = std::fs::read_dir(outer.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    outer_names.sort();
    assert_eq!(outer_names, ["hub"]);
    let mut hub_names: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    hub_names.sort();
    // The image cache the first build made (clusterhub's own, git-ignored).
    assert_eq!(
        hub_names,
        [
            ".clusterhub-cache",
            "content",
            "hub.yaml",
            "public",
            "themes"
        ]
    );
}

#[test]
fn a_collection_named_like_a_generated_folder_is_an_error() {
    let hub = hub_from_fixture("good-hub");
    let yaml = std::fs::read_to_string(hub.path().join("hub.yaml")).unwrap();
    let yaml = yaml.replace("  methods:\n", "  pagefind:\n    fields: {}\n  methods:\n");
    std::fs::write(hub.path().join("hub.yaml"), yaml).unwrap();
    let out = build(hub.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let diags = diagnostics(&out);
    let d = error_at(&diags, "hub.yaml", "bad-name");
    assert!(text(d).contains("search index"), "{d:#}");
}

/// A content file and a static or generated file for one output path is
/// an error at the file to change, naming both; the site's static/
/// replacing the theme's is not.
#[test]
fn two_sources_for_one_output_path_are_an_error_naming_both() {
    let hub = hub_from_fixture("good-hub");
    let root = hub.path();
    assert_eq!(build(root, &[]).status.code(), Some(0));
    let before = snapshot(&root.join("public"));
    let theme_static = root.join("themes/mini/static");
    std::fs::create_dir_all(&theme_static).unwrap();
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::fs::create_dir_all(root.join("content/api")).unwrap();
    std::fs::create_dir_all(root.join("content/pagefind")).unwrap();
    std::fs::write(theme_static.join("a.txt"), "theme a").unwrap();
    // (Not an image: the site's images are decoded, and these bytes are no
    // picture.)
    std::fs::write(root.join("static/a.txt"), "site a").unwrap();
    std::fs::write(theme_static.join("logo.png"), "theme logo").unwrap();
    // Real images: contributors' images are decoded (an undecodable one
    // is an error of its own).
    let png = std::fs::read(root.join("content/case-studies/with-image/map.png")).unwrap();
    std::fs::write(root.join("content/logo.png"), &png).unwrap();
    std::fs::write(root.join("content/robots.txt"), "User-agent: *").unwrap();
    std::fs::write(root.join("content/api/cities.csv"), "slug").unwrap();
    std::fs::write(root.join("content/pagefind/x.png"), &png).unwrap();
    std::fs::write(root.join("static/404.html"), "mine").unwrap();

    let out = build(root, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let diags = diagnostics(&out);
    let logo = error_at(&diags, "content/logo.png", "output-clash");
    assert!(
        text(logo).contains("themes/mini/static/logo.png"),
        "{logo:#}"
    );
    let robots = error_at(&diags, "content/robots.txt", "output-clash");
    assert!(text(robots).contains("`robots.txt`"), "{robots:#}");
    let csv = error_at(&diags, "content/api/cities.csv", "output-clash");
    assert!(text(csv).contains("`api/cities.csv`"), "{csv:#}");
    error_at(&diags, "content/pagefind/x.png", "output-clash");
    let page = error_at(&diags, "static/404.html", "output-clash");
    assert!(text(page).contains("`404.html`"), "{page:#}");
    assert_eq!(diags.len(), 5, "{diags:#?}");
    assert_eq!(before, snapshot(&root.join("public")));

    // Without the clashes the build passes, the site's a.txt winning.
    for f in ["content/logo.png", "content/robots.txt", "static/404.html"] {
        std::fs::remove_file(root.join(f)).unwrap();
    }
    std::fs::remove_dir_all(root.join("content/api")).unwrap();
    std::fs::remove_dir_all(root.join("content/pagefind")).unwrap();
    let out = build(root, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(root.join("public/a.txt")).unwrap(),
        "site a"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("public/logo.png")).unwrap(),
        "theme logo"
    );
}

/// The process id of a process that has ended.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

/// A folder as a killed build leaves it: marked as clusterhub's (or not).
fn leftover(root: &Path, name: &str, marked: bool) -> PathBuf {
    let dir = root.join(name);
    std::fs::create_dir_all(dir.join("cities/belfast")).unwrap();
    std::fs::write(dir.join("cities/belfast/index.html"), "half written").unwrap();
    if marked {
        std::fs::write(dir.join(".clusterhub-output"), "").unwrap();
    }
    dir
}

#[cfg(target_os = "linux")]
#[test]
fn a_build_removes_what_killed_builds_left_and_nothing_else() {
    let hub = hub_from_fixture("good-hub");
    let root = hub.path();
    assert_eq!(build(root, &[]).status.code(), Some(0));
    let (dead, live) = (dead_pid(), std::process::id());
    let gone = [
        leftover(root, &format!(".public.clusterhub-new-{dead}"), true),
        leftover(root, &format!(".public.clusterhub-old-{dead}"), true),
    ];
    let kept = [
        leftover(root, &format!(".public.clusterhub-new-{live}"), true),
        leftover(root, &format!(".public.clusterhub-old-{dead}0"), false),
        leftover(root, &format!(".other.clusterhub-new-{dead}"), true),
        leftover(root, &format!(".public.clusterhub-new-x{dead}"), true),
    ];
    let out = build(root, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for dir in gone {
        assert!(!dir.exists(), "{} is still there", dir.display());
    }
    for dir in kept {
        assert!(
            dir.join("cities/belfast/index.html").is_file(),
            "{}",
            dir.display()
        );
    }
}

/// Killed between the two renames of the swap, a build leaves no output
/// and the previous site in its `-old-` folder: the next build puts it
/// back, even one that fails.
#[cfg(target_os = "linux")]
#[test]
fn the_previous_site_left_by_a_killed_swap_is_put_back() {
    let hub = hub_from_fixture("good-hub");
    let root = hub.path();
    assert_eq!(build(root, &[]).status.code(), Some(0));
    let before = snapshot(&root.join("public"));
    let dead = dead_pid();
    std::fs::rename(
        root.join("public"),
        root.join(format!(".public.clusterhub-old-{dead}")),
    )
    .unwrap();
    leftover(root, &format!(".public.clusterhub-new-{dead}"), true);
    let page = root.join("content/case-studies/pilot.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("city: belfast", "city: [unclosed")).unwrap();
    let out = build(root, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(before, snapshot(&root.join("public")));
    let mut names: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // Beside the image cache the first build made: no leftover.
    assert_eq!(
        names,
        [
            ".clusterhub-cache",
            "content",
            "hub.yaml",
            "public",
            "themes"
        ]
    );
}

#[test]
fn new_does_not_write_through_a_folder_link_that_leaves_the_hub() {
    let outside = tempfile::tempdir().unwrap();
    let hub = hub_from_fixture("good-hub");
    let cities = hub.path().join("content/cities");
    std::fs::remove_dir_all(&cities).unwrap();
    symlink(outside.path(), &cities).unwrap();
    std::fs::write(outside.path().join("passwd.md"), "TOPSECRET\n").unwrap();
    let out = clusterhub(&[
        "new",
        "--root",
        hub.path().to_str().unwrap(),
        "cities",
        "Oslo",
    ]);
    assert_ne!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!outside.path().join("oslo.md").exists());
    // Nor does it suggest names found outside.
    let out = clusterhub(&[
        "new",
        "--root",
        hub.path().to_str().unwrap(),
        "case-studies",
        "Study",
        "--set",
        "city=passwdd",
    ]);
    assert!(!stderr(&out).contains("passwd`"), "{}", stderr(&out));
}

/// `serve` reads files beside the pages from disk when asked for them: a
/// file replaced by a link to outside the hub after startup is not served.
#[test]
fn serve_does_not_serve_a_link_made_after_startup() {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::time::{Duration, Instant};
    let get = |port: u16, path: &str| -> String {
        let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
            return String::new();
        };
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        // Bytes: an image is not UTF-8.
        let mut body = Vec::new();
        let _ = s.read_to_end(&mut body);
        String::from_utf8_lossy(&body).into_owned()
    };
    let outside = tempfile::tempdir().unwrap();
    let secret = secret(outside.path());
    let hub = hub_from_fixture("good-hub");
    let photo = hub.path().join("content/cities/photo.png");
    std::fs::write(&photo, tiny_image(image::ImageFormat::Png, 3, 2)).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_clusterhub"))
        .args([
            "serve",
            "--port",
            "0",
            "--root",
            hub.path().to_str().unwrap(),
        ])
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let port: u16 = loop {
        let line = lines.next().expect("serve printed its URL").unwrap();
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest.split('/').next().unwrap().parse().unwrap();
        }
    };
    std::thread::spawn(move || lines.for_each(drop));
    let deadline = Instant::now() + Duration::from_secs(30);
    let served = |answer: String| answer.starts_with("HTTP/1.1 200") && answer.contains("PNG");
    while !served(get(port, "/cities/photo.png")) {
        assert!(Instant::now() < deadline, "the file was never served");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::fs::remove_file(&photo).unwrap();
    symlink(&secret, &photo).unwrap();
    symlink(&secret, hub.path().join("content/cities/new.png")).unwrap();
    // Straight away (before the change is noticed) and once it is.
    let until = Instant::now() + Duration::from_secs(3);
    while Instant::now() < until {
        for path in ["/cities/photo.png", "/cities/new.png"] {
            let answer = get(port, path);
            assert!(!answer.contains("TOPSECRET"), "{path}: {answer}");
            assert!(answer.starts_with("HTTP/1.1 404"), "{path}: {answer}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}
