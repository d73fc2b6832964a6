//! The command line around a hub: the hub found upward from the current
//! folder, `completions` for each shell, `serve`'s port rules and base
//! URL.

use super::{bin, err, run_in, serve, starter, wait_for_200};
use std::path::Path;
use std::time::{Duration, Instant};

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
