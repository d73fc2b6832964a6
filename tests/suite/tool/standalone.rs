//! The binary alone inits, scaffolds, checks, builds and serves a hub with
//! its built-in theme; `theme eject` writes that theme out, and a theme of
//! another name is reported with the built-in one suggested.

use super::{bin, err, run_in, serve, starter, wait_for_200};
use serde_json::Value;

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
