//! clusterhub as a tool on its own: the binary alone starts a hub (`init`,
//! with the built-in theme), scaffolds, checks, builds and serves it; the
//! hub is found upward from the current folder; `completions`, the port
//! rules, annotations relative to the repository, and the messages a
//! contributor gets for the mistakes they make most (file, line, column,
//! words).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{Server, http_get as get};
use serde_json::Value;
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

#[test]
fn the_binary_alone_inits_scaffolds_checks_builds_and_serves_a_hub() {
    let place = tempfile::tempdir().unwrap();
    // Only the binary, in a folder of its own: no repository, no theme.
    let tools = place.path().join("tools");
    std::fs::create_dir(&tools).unwrap();
    let alone = tools.join("clusterhub");
    std::fs::copy(bin(), &alone).unwrap();
    let work = place.path().join("work");
    std::fs::create_dir(&work).unwrap();

    let out = run_in(
        &alone,
        &work,
        &["init", "my-hub", "--title", "Cities: a hub"],
    );
    assert!(out.status.success(), "{}", err(&out));
    let hub = work.join("my-hub");
    for file in [
        "hub.yaml",
        "CONTRIBUTING.md",
        "README.md",
        ".gitignore",
        ".github/workflows/check.yml",
        ".github/workflows/deploy.yml",
        ".vscode/tasks.json",
        "content/_index.md",
    ] {
        assert!(hub.join(file).is_file(), "init wrote no {file}");
    }
    assert!(
        !hub.join("themes").exists(),
        "the theme stays in the binary"
    );
    let yaml = std::fs::read_to_string(hub.join("hub.yaml")).unwrap();
    assert!(yaml.contains("title: \"Cities: a hub\""), "{yaml}");
    let check_yml = std::fs::read_to_string(hub.join(".github/workflows/check.yml")).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    assert!(check_yml.contains(&format!("CLUSTERHUB_VERSION: \"{version}\"")));
    // A second init would overwrite nothing.
    let again = run_in(&alone, &hub, &["init"]);
    assert_eq!(again.status.code(), Some(2), "{}", err(&again));

    let new = run_in(
        &alone,
        &hub,
        &[
            "new",
            "cities",
            "Bologna",
            "--set",
            "country=Italy",
            "--set",
            "country_code=IT",
            "--set",
            "lat=44.49",
            "--set",
            "lon=11.34",
        ],
    );
    assert!(new.status.success(), "{}", err(&new));
    assert!(hub.join("content/cities/bologna.md").is_file());

    let check = run_in(&alone, &hub, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", err(&check));
    assert!(err(&check).contains(": 0 errors, "), "{}", err(&check));

    let build = run_in(&alone, &hub, &["build"]);
    assert!(build.status.success(), "{}", err(&build));
    let home = std::fs::read_to_string(hub.join("public/index.html")).unwrap();
    assert!(home.contains("Cities: a hub"));
    // The built-in theme's style sheet and the licence on every page.
    assert!(hub.join("public/style.css").is_file());
    let bologna = std::fs::read_to_string(hub.join("public/cities/bologna/index.html")).unwrap();
    assert!(bologna.contains(
        "<a rel=\"license\" href=\"https://creativecommons.org/licenses/by/4.0/\">CC-BY-4.0</a>"
    ));
    assert!(bologna.contains("\"license\":\"https://creativecommons.org/licenses/by/4.0/\""));
    let index: Value =
        serde_json::from_str(&std::fs::read_to_string(hub.join("public/api/index.json")).unwrap())
            .unwrap();
    assert_eq!(index["license"]["id"], "CC-BY-4.0");

    let (_server, port) = serve(&alone, &hub.join("content"), &["--port", "0"]);
    let body = wait_for_200(port, "/");
    assert!(body.contains("Cities: a hub"));
    let css = wait_for_200(port, "/style.css");
    assert!(css.contains("text/css"), "{css}");
}

#[test]
fn theme_eject_writes_the_built_in_theme_which_then_wins() {
    let hub = starter();
    let out = run_in(&bin(), hub.path(), &["theme", "eject"]);
    assert!(out.status.success(), "{}", err(&out));
    let base = hub.path().join("themes/cluster/templates/base.html");
    assert!(base.is_file());
    assert!(hub.path().join("themes/cluster/static/style.css").is_file());
    // A change there is what the site shows.
    let text = std::fs::read_to_string(&base).unwrap();
    std::fs::write(&base, text.replace("</body>", "<p>EJECTED</p></body>")).unwrap();
    let build = run_in(&bin(), hub.path(), &["build"]);
    assert!(build.status.success(), "{}", err(&build));
    let home = std::fs::read_to_string(hub.path().join("public/index.html")).unwrap();
    assert!(home.contains("EJECTED"));
    let again = run_in(&bin(), hub.path(), &["theme", "eject"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        err(&again).contains("themes/cluster already exists"),
        "{}",
        err(&again)
    );
}

#[test]
fn an_unknown_theme_is_reported_at_theme_with_the_built_in_one_suggested() {
    let hub = starter();
    // A theme of another name is not built in: the error at `theme:` says
    // which one is.
    let yaml = std::fs::read_to_string(hub.path().join("hub.yaml")).unwrap();
    std::fs::write(
        hub.path().join("hub.yaml"),
        yaml.replace("theme: cluster", "theme: clustr"),
    )
    .unwrap();
    let out = run_in(&bin(), hub.path(), &["check", "--format", "json"]);
    let diags: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &diags[0];
    assert_eq!(d["code"], "unknown-theme");
    assert_eq!(d["file"], "hub.yaml");
    let line = yaml.lines().position(|l| l == "theme: cluster").unwrap() + 1;
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(line as u64), Some(8))
    );
    assert_eq!(d["hint"], "did you mean `cluster`?");
}

#[test]
fn the_hub_is_found_upward_and_serve_outside_a_hub_is_an_error() {
    let hub = starter();
    let deep = hub.path().join("content/cities");
    let out = run_in(&bin(), &deep, &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    assert!(err(&out).contains("checked 2 pages"), "{}", err(&out));
    // `new` from a subfolder writes into the hub's content/.
    let out = run_in(&bin(), &deep, &["new", "case-studies", "From below"]);
    assert!(out.status.success(), "{}", err(&out));
    assert!(
        hub.path()
            .join("content/case-studies/from-below.md")
            .is_file()
    );
    // --root wins over the search.
    let other = starter();
    let out = run_in(
        &bin(),
        &deep,
        &["check", "--root", other.path().to_str().unwrap()],
    );
    assert!(err(&out).contains("checked 2 pages"), "{}", err(&out));

    let nowhere = tempfile::tempdir().unwrap();
    for command in [
        &["check"][..],
        &["build"],
        &["serve", "--port", "0"],
        &["new", "cities", "X"],
    ] {
        let started = Instant::now();
        let out = run_in(&bin(), nowhere.path(), command);
        assert_eq!(out.status.code(), Some(2), "{command:?}: {}", err(&out));
        assert!(
            err(&out).contains("no hub here") && err(&out).contains("clusterhub init"),
            "{}",
            err(&out)
        );
        assert!(started.elapsed() < Duration::from_secs(20));
    }
}

#[test]
fn completions_are_printed_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = run_in(&bin(), Path::new("."), &["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", err(&out));
        let script = String::from_utf8(out.stdout).unwrap();
        for word in ["clusterhub", "init", "serve", "eject", "base-url"] {
            assert!(script.contains(word), "{shell} completions lack {word}");
        }
    }
    let out = run_in(&bin(), Path::new("."), &["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_explicit_port_in_use_is_an_error_and_the_default_one_moves() {
    let hub = starter();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = run_in(&bin(), hub.path(), &["serve", "-p", &port]);
    assert_eq!(out.status.code(), Some(2), "{}", err(&out));
    assert!(
        err(&out).contains(&format!("port {port} is in use")),
        "{}",
        err(&out)
    );

    // The default port, when taken, moves to a free one after it.
    let default = std::net::TcpListener::bind("127.0.0.1:1111");
    let (_server, got) = serve(&bin(), hub.path(), &[]);
    if default.is_ok() {
        assert!(got > 1111 && got <= 1121, "{got}");
    }
    wait_for_200(got, "/");
}

#[test]
fn serve_base_url_serves_the_site_below_its_path() {
    let hub = starter();
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let base = format!("http://127.0.0.1:{port}/hub/");
    let (_server, got) = serve(&bin(), hub.path(), &["-p", &port.to_string(), "-b", &base]);
    assert_eq!(got, port);
    let body = wait_for_200(port, "/hub/cities/lisbon/");
    assert!(body.contains("href=\"/hub/cities/\""), "{body}");
}

#[test]
fn color_follows_the_flag_no_color_and_clicolor_force() {
    let hub = starter();
    let page = hub.path().join("content/cities/lisbon.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("country_code: PT", "country_code: pt")).unwrap();
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut c = Command::new(bin());
        c.args(args).current_dir(hub.path());
        c.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
        for (k, v) in env {
            c.env(k, v);
        }
        err(&c.output().unwrap()).contains('\u{1b}')
    };
    assert!(!run(&["check"], &[]), "no colour off a terminal");
    assert!(run(&["check", "--color", "always"], &[]));
    assert!(run(&["check"], &[("CLICOLOR_FORCE", "1")]));
    assert!(!run(
        &["check"],
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
    ));
    assert!(!run(
        &["check", "--color", "never"],
        &[("CLICOLOR_FORCE", "1")]
    ));
}

#[test]
fn annotations_name_paths_from_the_repository_root_and_fill_the_step_summary() {
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join(".git")).unwrap();
    let out = run_in(&bin(), repo.path(), &["init", "site"]);
    assert!(out.status.success(), "{}", err(&out));
    let page = repo.path().join("site/content/cities/lisbon.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("country_code: PT", "country_code: pt")).unwrap();
    let summary = repo.path().join("summary.md");
    std::fs::write(&summary, "before\n").unwrap();
    let out = Command::new(bin())
        .args(["check", "--root", "site", "--format", "github"])
        .current_dir(repo.path())
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with(
            "::error file=site/content/cities/lisbon.md,line=5,endLine=5,col=15,endColumn=17,title=pattern::"
        ),
        "{stdout}"
    );
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(
        md.starts_with("before\n### clusterhub: problems found\n"),
        "{md}"
    );
    assert!(
        md.contains("| ❌ error | `site/content/cities/lisbon.md:5:15` | `country_code` must be two capital letters"),
        "{md}"
    );
    // From inside the hub folder, the same paths.
    let out = run_in(
        &bin(),
        &repo.path().join("site/content"),
        &["check", "--format", "github"],
    );
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("file=site/content/cities/lisbon.md")
    );
}

/// `check --format json` of the starter hub with `files` written into it
/// (path, text): its diagnostics.
fn problems(files: &[(&str, &str)]) -> Vec<Value> {
    let hub = starter();
    for (path, text) in files {
        let path = hub.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let out = run_in(&bin(), hub.path(), &["check", "--format", "json"]);
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// The one diagnostic of `code` in `file`: (line, column, message, hint).
fn one(all: &[Value], file: &str, code: &str) -> (u64, u64, String, String) {
    let hits: Vec<&Value> = all
        .iter()
        .filter(|d| d["file"] == file && d["code"] == code)
        .collect();
    assert_eq!(hits.len(), 1, "{file} {code}: {all:#?}");
    let d = hits[0];
    (
        d["line"].as_u64().unwrap(),
        d["column"].as_u64().unwrap(),
        d["message"].as_str().unwrap().to_string(),
        d["hint"].as_str().unwrap_or("").to_string(),
    )
}

const CASE: &str = "content/case-studies/lisbon-green-corridors.md";

fn case_study(front: &str) -> String {
    format!("---\n{front}\n---\nText, about [Lisbon](@/cities/lisbon.md).\n")
}

#[test]
fn files_without_the_md_ending_are_errors_naming_the_file_to_rename_them_to() {
    let page = case_study("title: G\ncity: lisbon\nsources: [https://www.lisboa.pt/]");
    let all = problems(&[
        ("content/case-studies/grenoble-boulevard", &page),
        ("content/case-studies/Grenoble.MD", &page),
    ]);
    let (line, col, message, hint) = one(
        &all,
        "content/case-studies/grenoble-boulevard",
        "not-a-page",
    );
    assert_eq!((line, col), (0, 0));
    assert_eq!(
        message,
        "this file has no `.md` ending, so it is neither a page nor published"
    );
    assert_eq!(
        hint,
        "if it is a page, rename it to `content/case-studies/grenoble-boulevard.md`; otherwise remove it"
    );
    let (_, _, message, hint) = one(&all, "content/case-studies/Grenoble.MD", "not-a-page");
    assert_eq!(
        message,
        "`.md` is not read as a page: page files end in `.md`, in lower case"
    );
    assert!(
        hint.contains("rename it to `content/case-studies/grenoble.md`"),
        "{hint}"
    );
}

#[test]
fn a_title_with_a_colon_or_curly_quotes_says_to_put_it_in_double_quotes() {
    let all = problems(&[
        (
            CASE,
            &case_study("title: Lisbon: green corridors\ncity: lisbon"),
        ),
        (
            "content/case-studies/curly.md",
            &case_study("title: \u{201c}Lisbon: corridors\u{201d}\ncity: lisbon"),
        ),
    ]);
    let (line, col, message, hint) = one(&all, CASE, "yaml-syntax");
    assert_eq!((line, col), (2, 8));
    assert_eq!(
        message,
        "the value of `title` holds a colon followed by a space, which YAML reads as the start of another field"
    );
    assert_eq!(
        hint,
        "put the title in straight double quotes: `title: \"Lisbon: green corridors\"`"
    );
    let (line, col, message, hint) = one(&all, "content/case-studies/curly.md", "yaml-syntax");
    assert_eq!((line, col), (2, 8));
    assert!(message.contains("curly quotes"), "{message}");
    assert_eq!(
        hint,
        "put the title in straight double quotes: `title: \"Lisbon: corridors\"`"
    );
}

#[test]
fn an_impossible_date_says_why() {
    let all = problems(&[(
        CASE,
        &case_study("title: L\ncity: lisbon\ndate: 2025-02-30"),
    )]);
    let (line, col, message, _) = one(&all, CASE, "bad-date");
    assert_eq!((line, col), (4, 7));
    assert_eq!(
        message,
        "`date` is not a date of the calendar: February 2025 has 28 days, so there is no day 30"
    );
}

#[test]
fn sources_as_one_text_are_split_in_the_hint_and_spaces_and_examples_are_caught() {
    let all = problems(&[
        (
            CASE,
            &case_study(
                "title: L\ncity: lisbon\nsources: https://a.example/x, https://b.example/y",
            ),
        ),
        (
            "content/case-studies/spaced.md",
            &case_study(
                "title: S\ncity: lisbon\nsources:\n  - https://a.example/the report.pdf\n  - https://example.org/the-report-you-used.pdf",
            ),
        ),
    ]);
    let (line, col, _, hint) = one(&all, CASE, "wrong-type");
    assert_eq!((line, col), (4, 10));
    assert_eq!(
        hint,
        "write one address per line, each after `- ` below `sources:`, or `sources: [\"https://a.example/x\", \"https://b.example/y\"]`"
    );
    let file = "content/case-studies/spaced.md";
    let (line, col, message, _) = one(&all, file, "bad-url");
    assert_eq!((line, col), (5, 5));
    assert_eq!(
        message,
        "source `https://a.example/the report.pdf` contains a space, so it is not one web address"
    );
    let (line, col, message, _) = one(&all, file, "placeholder-url");
    assert_eq!((line, col), (6, 5));
    assert_eq!(
        message,
        "`https://example.org/the-report-you-used.pdf` is an example address, not a source"
    );
}

#[test]
fn a_missing_required_field_points_at_the_end_of_the_front_matter() {
    let all = problems(&[(
        CASE,
        "---\n# yaml-language-server: $schema=x\ntitle: L\nstatus: ongoing\n---\nText.\n",
    )]);
    let (line, col, message, hint) = one(&all, CASE, "missing-field");
    assert_eq!((line, col), (5, 1));
    assert_eq!(message, "required field `city` is missing");
    assert!(
        hint.starts_with("add `city: ...` with the slug of a page in content/cities/")
            && hint.ends_with("on a line of its own above the closing `---`"),
        "{hint}"
    );
}

#[test]
fn a_broken_ref_is_one_error_saying_how_to_add_the_page() {
    let all = problems(&[(CASE, &case_study("title: L\ncity: bologna"))]);
    let errors: Vec<&Value> = all.iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "{all:#?}");
    let (line, col, message, hint) = one(&all, CASE, "broken-ref");
    assert_eq!((line, col), (3, 7));
    assert_eq!(
        message,
        "no city `bologna` (field `city` refers to content/cities/bologna.md, which does not exist)"
    );
    assert!(
        hint.starts_with(
            "if the city has no page yet, add it with `clusterhub new cities \"Bologna\"`"
        ),
        "{hint}"
    );
}

#[test]
fn hub_yaml_rules_an_end_not_before_its_start_and_a_pattern() {
    let all = problems(&[
        (
            CASE,
            &case_study("title: L\ncity: lisbon\nstart: 2024-05\nend: 2023-12-01"),
        ),
        (
            "content/cities/porto.md",
            "---\ntitle: Porto\ncountry: Portugal\ncountry_code: pt\nlat: 41.15\nlon: -8.61\n---\nText.\n",
        ),
    ]);
    let (line, col, message, _) = one(&all, CASE, "date-order");
    assert_eq!((line, col), (5, 6));
    assert_eq!(
        message,
        "`end` (1 December 2023) is before `start` (May 2024)"
    );
    let (line, col, message, hint) = one(&all, "content/cities/porto.md", "pattern");
    assert_eq!((line, col), (4, 15));
    assert_eq!(
        message,
        "`country_code` must be two capital letters (ISO 3166-1 alpha-2), e.g. PT, found `pt`"
    );
    assert_eq!(
        hint,
        "write `country_code` as two capital letters (ISO 3166-1 alpha-2), e.g. PT"
    );
    // A month is not before a day in it.
    let all = problems(&[(
        CASE,
        &case_study("title: L\ncity: lisbon\nstart: 2024-05-20\nend: 2024-05"),
    )]);
    assert!(all.iter().all(|d| d["code"] != "date-order"), "{all:#?}");
}

#[test]
fn mistakes_in_the_rules_and_the_licence_are_reported_at_their_line_in_hub_yaml() {
    let hub = starter();
    let path = hub.path().join("hub.yaml");
    let yaml = std::fs::read_to_string(&path)
        .unwrap()
        .replace("content_license: CC-BY-4.0", "content_license: CC-BY-4")
        .replace("not_before: start ", "not_before: stat  ")
        .replace("pattern: \"[A-Z]{2}\"", "pattern: \"[A-Z]{2\"");
    std::fs::write(&path, &yaml).unwrap();
    let out = run_in(&bin(), hub.path(), &["check", "--format", "json"]);
    let all: Vec<Value> = serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    let line_of = |needle: &str| yaml.lines().position(|l| l.contains(needle)).unwrap() as u64 + 1;
    let (line, col, message, hint) = one(&all, "hub.yaml", "bad-license");
    assert_eq!((line, col), (line_of("content_license:"), 18));
    assert_eq!(message, "`CC-BY-4` is not a licence clusterhub knows");
    assert!(hint.starts_with("did you mean `CC-BY-4.0`?"), "{hint}");
    let (line, _, message, hint) = one(&all, "hub.yaml", "bad-field");
    assert_eq!(line, line_of("not_before: stat"));
    assert_eq!(
        message,
        "`not_before: stat` must name another date field of this collection"
    );
    assert_eq!(hint, "did you mean `start`?");
    let (line, _, message, _) = one(&all, "hub.yaml", "bad-pattern");
    assert_eq!(line, line_of("pattern: \"[A-Z]{2\""));
    assert!(
        message
            .starts_with("the `pattern` of field `country_code` is not a valid regular expression"),
        "{message}"
    );
}

/// The problem matchers of a `tasks.json` (comment lines dropped): for each,
/// its two regular expressions and whether it is about whole files.
fn matchers(tasks_json: &str) -> Vec<(regex::Regex, regex::Regex, bool)> {
    let json: String = tasks_json
        .lines()
        .filter(|l| !l.starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let tasks: Value = serde_json::from_str(&json).unwrap();
    let check = tasks["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["label"] == "clusterhub: check")
        .unwrap();
    assert!(check["args"].to_string().contains("\"--color\",\"never\""));
    check["problemMatcher"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let p = m["pattern"].as_array().unwrap();
            let re = |i: usize| regex::Regex::new(p[i]["regexp"].as_str().unwrap()).unwrap();
            (re(0), re(1), p[1]["kind"] == "file")
        })
        .collect()
}

/// What VS Code's Problems panel gets from `output` with `matchers`: (file,
/// line, column, message), line and column empty for a whole file.
fn panel(
    matchers: &[(regex::Regex, regex::Regex, bool)],
    output: &str,
) -> Vec<(String, String, String, String)> {
    let lines: Vec<&str> = output.lines().collect();
    let mut found = Vec::new();
    for (first, second, whole) in matchers {
        for pair in lines.windows(2) {
            let (Some(a), Some(b)) = (first.captures(pair[0]), second.captures(pair[1])) else {
                continue;
            };
            let at = |i: usize| b.get(i).map_or("", |m| m.as_str()).to_string();
            let (line, col) = if *whole {
                (String::new(), String::new())
            } else {
                (at(2), at(3))
            };
            found.push((at(1), line, col, a[3].to_string()));
        }
    }
    found.sort();
    found
}

#[test]
fn the_vs_code_task_puts_every_problem_in_the_problems_panel() {
    let hub = starter();
    let page = hub.path().join("content/cities/lisbon.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("country_code: PT", "country_code: pt")).unwrap();
    std::fs::write(
        hub.path().join("content/cities/Porto.MD"),
        "---\ntitle: Porto\n---\n",
    )
    .unwrap();
    let out = run_in(&bin(), hub.path(), &["check", "--color", "never"]);
    let shipped = std::fs::read_to_string(hub.path().join(".vscode/tasks.json")).unwrap();
    let ours =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(".vscode/tasks.json"))
            .unwrap();
    for tasks in [shipped, ours] {
        let got = panel(&matchers(&tasks), &err(&out));
        assert_eq!(
            got,
            [
                (
                    "content/cities/Porto.MD".to_string(),
                    String::new(),
                    String::new(),
                    "`.md` is not read as a page: page files end in `.md`, in lower case".to_string()
                ),
                (
                    "content/cities/lisbon.md".to_string(),
                    "5".to_string(),
                    "15".to_string(),
                    "`country_code` must be two capital letters (ISO 3166-1 alpha-2), e.g. PT, found `pt`".to_string()
                ),
            ]
        );
    }
}
