//! Unit tests of the preview server's HTTP side.

use super::http::*;
use super::*;

#[test]
fn request_paths_never_leave_the_site() {
    assert_eq!(output_key("/").as_deref(), Some("index.html"));
    assert_eq!(output_key("/a/b/").as_deref(), Some("a/b/index.html"));
    assert_eq!(output_key("/style.css").as_deref(), Some("style.css"));
    assert_eq!(output_key("/a%20b.png").as_deref(), Some("a b.png"));
    assert_eq!(output_key("/../hub.yaml"), None);
    assert_eq!(output_key("/a/%2e%2e/%2E%2E/hub.yaml"), None);
    assert_eq!(output_key("/a/..%2fb"), None);
    assert_eq!(output_key("/a%5c..%5cb"), None);
    assert_eq!(output_key("/%ff"), None);
}

#[test]
fn redirects_stay_on_this_site() {
    assert_eq!(folder_location("/cities"), "/cities/");
    assert_eq!(folder_location("//cities"), "/cities/");
    assert_eq!(folder_location("///a//b"), "/a/b/");
}

#[test]
fn hosts_are_this_server_only() {
    let loopback = Hosts {
        bound: "127.0.0.1".parse().unwrap(),
        port: 1111,
    };
    for ok in [
        "127.0.0.1:1111",
        "localhost:1111",
        "LocalHost:1111",
        "[::1]:1111",
    ] {
        assert!(loopback.allows(ok, None), "{ok}");
    }
    for no in [
        "evil.example:1111",
        "127.0.0.1",
        "127.0.0.1:1112",
        "localhost",
        "localhost.evil.example:1111",
        "[::1]",
        "192.168.1.5:1111",
        "127.0.0.1:1111:1111",
        "",
    ] {
        assert!(!loopback.allows(no, None), "{no}");
    }
    let any = Hosts {
        bound: "0.0.0.0".parse().unwrap(),
        port: 80,
    };
    let lan: SocketAddr = "192.168.1.5:80".parse().unwrap();
    assert!(any.allows("192.168.1.5:80", Some(lan)));
    assert!(any.allows("localhost:80", Some(lan)));
    assert!(!any.allows("192.168.1.6:80", Some(lan)));
    assert!(any.allows("localhost", Some(lan)), "port 80 is implied");
    assert!(
        any.allows("0.0.0.0:80", Some(lan)),
        "the address it is bound to"
    );
    assert!(!any.allows("rebind.evil.example:80", Some(lan)));
    let one = Hosts {
        bound: "10.0.0.2".parse().unwrap(),
        port: 8000,
    };
    assert!(one.allows("10.0.0.2:8000", None));
    assert!(one.allows("[::1]:8000", None));
    assert!(!one.allows("10.0.0.3:8000", None));
}

#[test]
fn script_goes_before_the_closing_body_tag() {
    let out = inject(b"<html><body><p>x</p></BODY></html>", 7);
    assert_eq!(
        String::from_utf8(out).unwrap(),
        format!(
            "<html><body><p>x</p><script src=\"{LIVE_JS_URL}\" data-version=\"7\"></script></BODY></html>"
        )
    );
}

#[test]
fn content_types() {
    for (file, want) in [
        ("a.html", "text/html; charset=utf-8"),
        ("a.css", "text/css; charset=utf-8"),
        ("a.js", "text/javascript; charset=utf-8"),
        ("a.json", "application/json; charset=utf-8"),
        ("a.xml", "text/xml; charset=utf-8"),
        ("a.svg", "image/svg+xml; charset=utf-8"),
        ("a.png", "image/png"),
        ("a.jpg", "image/jpeg"),
        ("a.webp", "image/webp"),
        ("a.woff2", "font/woff2"),
    ] {
        assert_eq!(content_type(file), want, "{file}");
    }
}
