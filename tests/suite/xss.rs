//! Contributor content is untrusted, through the built binary: raw HTML
//! payloads from the well-known XSS cheat sheets, built into pages, leave no
//! script, event handler or script URL in any output page, and every removal
//! is a warning at its place in the `.md` file; link schemes other than
//! http, https, mailto and tel are errors at file:line:col wherever a URL
//! comes from; hub.yaml's `html:` section allows more (validated at its own
//! lines), and `trusted: true` publishes raw HTML as written.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::*;
use scraper::{Html, Selector};
use serde_json::Value;
use std::path::Path;

/// A URL a browser would run, or open as a document of its own.
fn dangerous_url(value: &str) -> bool {
    let folded: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:", "file:"]
        .iter()
        .any(|s| folded.starts_with(s))
}

const URL_ATTRIBUTES: [&str; 9] = [
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "ping",
];
/// Elements that run or load another document (the theme writes none).
const FORBIDDEN: [&str; 8] = [
    "iframe", "frame", "frameset", "object", "embed", "base", "portal", "applet",
];

/// Everything in a parsed output page that could run a contributor's code.
fn unsafe_markup(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut found = Vec::new();
    for el in doc.select(&Selector::parse("*").unwrap()) {
        let e = el.value();
        let name = e.name();
        if name == "script" {
            let json_ld = e.attr("type") == Some("application/ld+json")
                && serde_json::from_str::<Value>(&el.text().collect::<String>()).is_ok();
            let theme = matches!(e.attr("src"), Some("/search.js" | "/shortcodes.js"));
            if !json_ld && !theme {
                found.push(format!("a <script> not from the theme: {}", el.html()));
            }
        }
        if FORBIDDEN.contains(&name) || name == "meta" && e.attr("http-equiv").is_some() {
            found.push(format!("a <{name}> element: {}", el.html()));
        }
        for (attr, value) in e.attrs() {
            let lower = value.to_ascii_lowercase();
            if attr.starts_with("on") || attr == "srcdoc" {
                found.push(format!("attribute {attr} on <{name}>"));
            } else if URL_ATTRIBUTES.contains(&attr) && dangerous_url(value) {
                found.push(format!("{attr}=\"{value}\" on <{name}>"));
            } else if attr == "srcset" && value.split(',').any(dangerous_url) {
                found.push(format!("srcset=\"{value}\" on <{name}>"));
            } else if attr == "style" && (lower.contains("expression(") || lower.contains("url(")) {
                found.push(format!("style=\"{value}\" on <{name}>"));
            }
        }
    }
    found
}

/// `check --format json` of `hub`: (exit code, diagnostics).
fn check_json(hub: &Path) -> (i32, Vec<Value>) {
    let out = clusterhub(&["check", "--format", "json", "--root", hub.to_str().unwrap()]);
    let diags: Value = serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| {
        panic!("{e}: {}{}", stdout(&out), stderr(&out));
    });
    // The small hubs' pages link nowhere: that warning is not the subject.
    let diags = diags
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] != "orphan");
    (out.status.code().unwrap(), diags.cloned().collect())
}

fn build(hub: &Path) -> std::process::Output {
    clusterhub(&["build", "--root", hub.to_str().unwrap()])
}

/// The text written at `line:column` (1-based, characters) of `file`.
fn text_at(hub: &Path, file: &str, line: u64, column: u64) -> String {
    let text = std::fs::read_to_string(hub.join(file)).unwrap();
    let l = text.lines().nth(line as usize - 1).unwrap();
    l.chars().skip(column as usize - 1).collect()
}

/// What a removal warning names, as written in the source: `<script` for
/// "removed `<script>` element...", `onerror` for "removed attribute
/// `onerror` from...", `href` for "removed `javascript:` URL from `href`...".
fn named_in(message: &str) -> String {
    let ticked: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    if message.contains(" URL from ") {
        ticked[1].to_string()
    } else {
        ticked[0].trim_end_matches('>').to_string()
    }
}

#[test]
fn xss_payloads_from_the_cheat_sheets_leave_no_script_in_any_page() {
    let hub = tempfile::tempdir().unwrap();
    let pages = xss::write_hub(&repo_root(), hub.path());
    assert!(pages.len() >= 40, "only {} payloads", pages.len());
    let out = build(hub.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let public = hub.path().join("public");
    for (i, _) in pages.iter().enumerate() {
        let page = public.join(format!("notes/p{:03}/index.html", i + 1));
        let html = std::fs::read_to_string(&page).unwrap();
        // The page is there with its Markdown around the payload.
        assert!(html.contains(&format!("Payload {} as a block", i + 1)));
        assert!(html.contains("The end."), "{}", page.display());
    }
    // The intros of the home page and the collection hold every payload.
    for intro in ["index.html", "notes/index.html"] {
        let html = std::fs::read_to_string(public.join(intro)).unwrap();
        assert!(
            html.contains("focus me") && html.contains("overlay"),
            "{intro}"
        );
    }
    let problems = unsafe_pages(&public);
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // The same pages published as written (`trusted: true`): the check
    // above finds the payloads in most pages (some are only dangerous in
    // ways it does not look for, e.g. inside a comment or a `<set>`).
    let yaml = hub.path().join("hub.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, format!("{text}html: {{trusted: true}}\n")).unwrap();
    assert_eq!(build(hub.path()).status.code(), Some(0));
    let pages_found: std::collections::BTreeSet<String> = unsafe_pages(&public)
        .iter()
        .filter_map(|p| p.split(':').next().map(str::to_string))
        .collect();
    assert!(pages_found.len() * 10 >= pages.len() * 8, "{pages_found:?}");
}

/// `unsafe_markup` of every HTML file of a built site, as `path: what`.
fn unsafe_pages(public: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for (path, bytes) in snapshot(public) {
        if path.ends_with(".html") {
            for p in unsafe_markup(&String::from_utf8(bytes).unwrap()) {
                problems.push(format!("{path}: {p}"));
            }
        }
    }
    problems
}

#[test]
fn every_removal_is_a_warning_at_what_it_names_in_the_md_file() {
    let hub = tempfile::tempdir().unwrap();
    let pages = xss::write_hub(&repo_root(), hub.path());
    let (code, diags) = check_json(hub.path());
    assert_eq!(code, 0, "{diags:?}");
    let mut warned_pages = std::collections::BTreeSet::new();
    for d in &diags {
        assert_eq!(d["severity"], "warning", "{d}");
        // The intro pages hold every payload: past 100 problems a file's
        // are counted, not listed.
        if d["code"] == "more-problems" {
            assert!(d["file"].as_str().unwrap().ends_with("_index.md"), "{d}");
            continue;
        }
        assert_eq!(d["code"], "html-removed", "{d}");
        let file = d["file"].as_str().unwrap();
        let message = d["message"].as_str().unwrap();
        let at = text_at(
            hub.path(),
            file,
            d["line"].as_u64().unwrap(),
            d["column"].as_u64().unwrap(),
        );
        let named = named_in(message);
        assert!(
            at.to_ascii_lowercase().starts_with(&named),
            "{file}:{}:{}: `{message}` points at `{at}`",
            d["line"],
            d["column"]
        );
        warned_pages.insert(file.to_string());
    }
    // Payloads that Markdown itself turns into text (a code span, an
    // invalid tag) remove nothing; all others are reported.
    assert!(
        warned_pages.len() * 10 >= pages.len() * 9,
        "{} of {} pages warned",
        warned_pages.len(),
        pages.len()
    );
    let p1: Vec<&Value> = diags
        .iter()
        .filter(|d| d["file"] == "content/notes/p001.md")
        .collect();
    // `<script>xss(1)</script>` as a block, inline, in a list, in a quote.
    let spots: Vec<(u64, u64)> = p1
        .iter()
        .map(|d| (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
        .collect();
    assert_eq!(spots, [(7, 1), (9, 16), (11, 14), (13, 15)]);
    assert_eq!(
        p1[0]["message"],
        "removed `<script>` element and its content"
    );
}

/// A hub with the shared test theme, `hub.yaml` and pages as given.
fn small_hub(hub_yaml: &str, pages: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("_themes"), &dir.path().join("themes"));
    std::fs::write(dir.path().join("hub.yaml"), hub_yaml).unwrap();
    for (path, text) in pages {
        let file = dir.path().join("content").join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    dir
}

const HUB: &str =
    "title: T\ntheme: mini\ncollections:\n  projects:\n    fields:\n      website: {type: url}\n";

/// (line, column) of the first `needle` in `text`, 1-based.
fn find(text: &str, needle: &str) -> (u64, u64) {
    for (i, line) in text.lines().enumerate() {
        if let Some(b) = line.find(needle) {
            return (i as u64 + 1, line[..b].chars().count() as u64 + 1);
        }
    }
    panic!("`{needle}` not in the text");
}

#[test]
fn every_disallowed_url_scheme_is_an_error_where_it_is_written() {
    let page = "---\ntitle: Bad links\nwebsite: \"javascript:alert(1)\"\nsources:\n  - https://example.org/ok\n  - \" JavaScript:alert(2)\"\n  - mailto:desk@example.org\n---\nAn [inline link](javascript:alert(3)) and an ![A chart](data:image/png;base64,AAAA).\n\nA [reference][evil] used [twice][evil], an autolink <vbscript:alert(4)>,\nan encoded [link](jav&#x61;script:alert(5)) and a [file](FILE:///etc/passwd).\n\n[evil]: javascript:alert(6)\n";
    let hub = small_hub(HUB, &[("projects/bad.md", page)]);
    let (code, diags) = check_json(hub.path());
    assert_eq!(code, 1);
    let errors: Vec<(u64, u64, String)> = diags
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            assert_eq!(d["code"], "bad-url-scheme", "{d}");
            assert_eq!(d["file"], "content/projects/bad.md");
            assert!(!d["hint"].as_str().unwrap().is_empty());
            (
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expect = |needle: &str, message: &str| {
        let (l, c) = find(page, needle);
        (l, c, message.to_string())
    };
    let links = "`javascript:` links are not allowed";
    assert_eq!(
        errors,
        [
            expect(
                "\"javascript:alert(1)\"",
                "`javascript:` addresses are not allowed in `website`"
            ),
            expect(
                "\" JavaScript",
                "`javascript:` addresses are not allowed as sources"
            ),
            expect("[inline link]", links),
            expect("![A chart]", "`data:` links are not allowed"),
            expect("<vbscript:", "`vbscript:` links are not allowed"),
            expect("[link](jav", links),
            expect("[file]", "`file:` links are not allowed"),
            // Once, at the definition, however often it is used.
            expect("[evil]: ", links),
        ]
    );
    // The `mailto:` source is not a web address: a warning, as before.
    assert!(
        diags
            .iter()
            .any(|d| d["code"] == "source-not-web" && d["severity"] == "warning")
    );
}

const ALLOWING: &str = "html:\n  tags: [details, summary]\n  attributes: {details: [open]}\n  iframe_hosts: [www.youtube-nocookie.com]\n";
const EMBEDS: &str = "---\ntitle: Embeds\n---\n<details open><summary>More</summary>\n\nHidden text.\n\n</details>\n\n<iframe src=\"https://www.youtube-nocookie.com/embed/abc\" title=\"Video\"></iframe>\n\n<iframe src=\"https://evil.example/embed/abc\" title=\"Other\"></iframe>\n";

fn page_html(hub: &Path) -> Html {
    let text = std::fs::read_to_string(hub.join("public/projects/embeds/index.html")).unwrap();
    Html::parse_document(&text)
}

fn count(doc: &Html, selector: &str) -> usize {
    doc.select(&Selector::parse(selector).unwrap()).count()
}

#[test]
fn hub_yaml_allows_details_and_iframes_from_listed_hosts() {
    let hub = small_hub(
        &format!("{HUB}{ALLOWING}"),
        &[("projects/embeds.md", EMBEDS)],
    );
    let (code, diags) = check_json(hub.path());
    assert_eq!(code, 0, "{diags:?}");
    assert_eq!(diags.len(), 1, "{diags:?}");
    let (line, column) = find(EMBEDS, "src=\"https://evil");
    assert_eq!(diags[0]["code"], "html-removed");
    assert_eq!(
        (diags[0]["line"].as_u64(), diags[0]["column"].as_u64()),
        (Some(line), Some(column))
    );
    assert!(
        diags[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("removed `src` from `<iframe>`")
    );
    assert_eq!(build(hub.path()).status.code(), Some(0));
    let doc = page_html(hub.path());
    assert_eq!(count(&doc, "details[open] > summary"), 1);
    assert_eq!(
        count(
            &doc,
            "iframe[src=\"https://www.youtube-nocookie.com/embed/abc\"][title=Video]"
        ),
        1
    );
    assert_eq!(count(&doc, "iframe[title=Other]:not([src])"), 1);
    assert!(!doc.html().contains("evil.example"));
}

#[test]
fn without_html_section_details_and_iframes_are_removed_with_warnings() {
    let hub = small_hub(HUB, &[("projects/embeds.md", EMBEDS)]);
    let (code, diags) = check_json(hub.path());
    assert_eq!(code, 0, "{diags:?}");
    let said: Vec<&str> = diags
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        said,
        [
            "removed `<details>` tag (its text is kept)",
            "removed `<summary>` tag (its text is kept)",
            "removed `<iframe>` element and its content",
            "removed `<iframe>` element and its content",
        ]
    );
    assert_eq!(build(hub.path()).status.code(), Some(0));
    let doc = page_html(hub.path());
    assert_eq!(count(&doc, "details, summary, iframe"), 0);
    assert!(doc.html().contains("Hidden text."));
}

#[test]
fn trusted_html_is_published_as_written() {
    let page = "---\ntitle: Embeds\n---\n<script>window.ok = 1;</script>\n\n<p onclick=\"go()\">Press</p>\n";
    let hub = small_hub(
        &format!("{HUB}html: {{trusted: true}}\n"),
        &[("projects/embeds.md", page)],
    );
    let out = build(hub.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(!stderr(&out).contains("html-removed"), "{}", stderr(&out));
    let text =
        std::fs::read_to_string(hub.path().join("public/projects/embeds/index.html")).unwrap();
    assert!(text.contains("<script>window.ok = 1;</script>"));
    assert!(text.contains("<p onclick=\"go()\">Press</p>"));
}

#[test]
fn the_html_section_of_hub_yaml_is_validated_at_its_lines() {
    let html = "html:\n  tags: [details, script, Bad]\n  attributes:\n    img: [onerror, loading]\n    video: [controls]\n  iframe_hosts:\n    - https://www.youtube.com\n  trusted: yes-please\n";
    let text = format!("{HUB}{html}");
    let hub = small_hub(&text, &[]);
    let (code, diags) = check_json(hub.path());
    assert_eq!(code, 1);
    let got: Vec<(u64, u64, &str)> = diags
        .iter()
        .map(|d| {
            assert_eq!(d["file"], "hub.yaml");
            (
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap(),
            )
        })
        .collect();
    let at = |needle: &str| find(&text, needle);
    let want = [
        (at("trusted"), "`trusted` must be true or false, found text"),
        (
            at("https://www.youtube"),
            "`https://www.youtube.com` is not a host name",
        ),
        (
            at("script"),
            "`script` cannot be allowed in raw HTML: it runs code, loads other documents or restyles the whole page",
        ),
        (at("Bad"), "`Bad` is not an HTML tag name"),
        (
            at("video"),
            "`video` is not an allowed tag, so it cannot have attributes",
        ),
        (
            at("onerror"),
            "`onerror` cannot be allowed in raw HTML: event handlers run code",
        ),
    ];
    let want: Vec<(u64, u64, &str)> = want.iter().map(|((l, c), m)| (*l, *c, *m)).collect();
    let mut got = got;
    got.sort();
    let mut want = want;
    want.sort();
    assert_eq!(got, want);
}
