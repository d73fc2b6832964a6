//! `clusterhub build` end to end: the shipped hub, golden output of a
//! fixture hub, determinism, atomic output, and every bad input of the
//! foundation issue reported at its file, line and column.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

fn build(root: &Path, extra: &[&str]) -> std::process::Output {
    let root = root.to_str().unwrap();
    let mut args = vec!["build", "--root", root];
    args.extend_from_slice(extra);
    clusterhub(&args)
}

/// Diagnostics of a failing build, as JSON objects.
fn build_diagnostics(root: &Path) -> Vec<Value> {
    let out = build(root, &["--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "expected a failed build: {}",
        stderr(&out)
    );
    serde_json::from_str::<Vec<Value>>(&stdout(&out)).unwrap()
}

fn find<'a>(diags: &'a [Value], file: &str, code: &str) -> &'a Value {
    diags
        .iter()
        .find(|d| d["file"] == file && d["code"] == code)
        .unwrap_or_else(|| panic!("no `{code}` diagnostic for {file} in {diags:#?}"))
}

fn assert_diag(
    diags: &[Value],
    file: &str,
    code: &str,
    line: u64,
    column: u64,
    message: &str,
    hint: &str,
) {
    let d = find(diags, file, code);
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(line), Some(column)),
        "position of {d:#}"
    );
    assert!(
        d["message"].as_str().unwrap().contains(message),
        "message of {d:#}"
    );
    assert!(
        d["hint"].as_str().unwrap_or("").contains(hint),
        "hint of {d:#}"
    );
}

#[test]
fn shipped_hub_builds_clean_and_every_internal_link_resolves() {
    let hub = shipped_hub();
    let out = build(hub.path(), &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("warning") && !err.contains("error"), "{err}");
    assert!(err.contains("built "), "{err}");
    let public = hub.path().join("public");
    for file in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "dissemination/atom.xml",
        "case-studies/index.html",
        // Every language has its folder, which the crawl below covers.
        "it/index.html",
        "it/case-studies/milan-up2030-pilot/index.html",
        "pt/case-studies/lisbon-up2030-pilot/index.html",
        "es/case-studies/granollers-up2030-pilot/index.html",
        "es/dissemination/atom.xml",
    ] {
        assert!(public.join(file).is_file(), "missing {file}");
    }
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://up-cluster.github.io/clusterhub/map/</loc>"),
        "the map page is in the sitemap"
    );
    assert!(
        !sitemap.contains("/search/"),
        "search result pages stay out of the sitemap"
    );
    let broken = broken_internal_links(&public, "/clusterhub/");
    assert!(broken.is_empty(), "broken internal links: {broken:#?}");
}

/// The shipped theme's navigation marks the section a page is in
/// (`section_url`): the page itself when a link goes there, else the
/// link it is under; other links stay unmarked.
#[test]
fn the_navigation_marks_the_section_each_page_is_in() {
    let hub = shipped_hub();
    let out = build(hub.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let public = hub.path().join("public");
    let page = |path: &str| std::fs::read_to_string(public.join(path)).unwrap();
    let link = |url: &str, mark: &str| format!("href=\"/clusterhub/{url}\"{mark}>");
    let (this, under) = (r#" aria-current="page""#, r#" aria-current="true""#);
    let home = page("index.html");
    assert!(home.contains(r#"class="site-title" href="/clusterhub/" aria-current="page""#));
    let listing = page("case-studies/index.html");
    assert!(listing.contains(&link("case-studies/", this)));
    assert!(listing.contains(r#"class="site-title" href="/clusterhub/">"#));
    for path in [
        "case-studies/page/2/index.html",
        "case-studies/alesund-sorsida-cultural-harbour/index.html",
    ] {
        let html = page(path);
        assert!(html.contains(&link("case-studies/", under)), "{path}");
        assert!(!html.contains(&link("case-studies/", this)), "{path}");
        assert!(html.contains(&link("methods/", "")), "{path}");
    }
    let term = page("domains/built-environment/index.html");
    assert!(term.contains(&link("domains/", under)));
    assert!(page("map/index.html").contains(&link("map/", this)));
}

#[test]
fn every_ref_shows_up_as_a_reverse_link_on_its_target() {
    let hub = shipped_hub();
    let built = clusterhub::pipeline::run(hub.path(), &clusterhub::pipeline::Options::default());
    assert!(!built.has_errors(), "{:#?}", built.diags);
    let file = |path: &str| -> String {
        let out = built.outputs.iter().find(|o| o.path == path).unwrap();
        String::from_utf8(out.bytes.clone()).unwrap()
    };
    let json = |path: &str| -> serde_json::Value { serde_json::from_str(&file(path)).unwrap() };
    // The exports give every page's refs, resolved, as `{slug, title, url}`.
    let index = json("api/index.json");
    let base_url = index["base_url"].as_str().unwrap();
    let site_path = |url: &str| url.strip_prefix(base_url).unwrap().to_string();
    let mut checked = 0;
    for collection in index["collections"].as_array().unwrap() {
        let export = json(&site_path(collection["json"].as_str().unwrap()));
        for page in export["pages"].as_array().unwrap() {
            let source_url = format!("/clusterhub/{}", site_path(page["url"].as_str().unwrap()));
            for (field, value) in page["fields"].as_object().unwrap() {
                let targets = match value {
                    serde_json::Value::Array(items) => items.iter().collect(),
                    one => vec![one],
                };
                for target in targets.iter().filter_map(|t| t["url"].as_str()) {
                    let html = file(&format!("{}index.html", site_path(target)));
                    assert!(
                        html.contains(&format!("href=\"{source_url}\"")),
                        "{source_url} refs {target} through `{field}`, but {target} does not link back",
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} refs checked");
}

/// The heading of a group of reverse links is the ref field's
/// `backlinks_label` in hub.yaml: a new ref field gets its own without
/// editing a template, and a field without one gets the theme's wording.
#[test]
fn reverse_link_headings_come_from_the_ref_fields_in_hub_yaml() {
    let hub = shipped_hub();
    let root = hub.path();
    let end_date = "      end_date:\n        type: date\n        help: For events spanning several days, the last day.\n";
    let host = "      host:\n        type: ref\n        to: organisations\n        backlinks_label: Events it hosted\n";
    let yaml = std::fs::read_to_string(root.join("hub.yaml")).unwrap();
    assert!(yaml.contains(end_date));
    let yaml = yaml
        .replace(end_date, &format!("{end_date}{host}"))
        .replace("Case studies in this city", "Work done here")
        .replace("        backlinks_label: Events hosted in this city\n", "");
    std::fs::write(root.join("hub.yaml"), yaml).unwrap();
    let event = root.join("content/dissemination/climaborough-consortium-meeting-turin.md");
    let text = std::fs::read_to_string(&event).unwrap();
    std::fs::write(
        &event,
        text.replacen(
            "\nkind: event\n",
            "\nkind: event\nhost: aalborg-university\n",
            1,
        ),
    )
    .unwrap();

    let out = build(root, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = |path: &str| {
        std::fs::read_to_string(root.join("public").join(path).join("index.html")).unwrap()
    };
    let organisation = page("organisations/aalborg-university");
    assert!(
        organisation.contains(">Events it hosted <span class=\"count\">(1)</span></h2>"),
        "{organisation}"
    );
    let city = page("cities/torino");
    assert!(
        city.contains(">Work done here <span class=\"count\">"),
        "{city}"
    );
    assert!(!city.contains("Case studies in this city"));
    assert!(
        city.contains(
            ">News &amp; events that name this city under “Location” <span class=\"count\">"
        ),
        "{city}"
    );
}

/// `backlinks_label` belongs to ref fields: elsewhere it is an error at
/// its line of hub.yaml.
#[test]
fn backlinks_label_on_a_field_that_is_not_a_ref_is_an_error_at_its_line() {
    let hub = shipped_hub();
    let root = hub.path();
    let scale = "      scale:\n        type: enum\n";
    let yaml = std::fs::read_to_string(root.join("hub.yaml")).unwrap();
    assert!(yaml.contains(scale));
    let yaml = yaml.replace(
        scale,
        &format!("{scale}        backlinks_label: Case studies at this scale\n"),
    );
    std::fs::write(root.join("hub.yaml"), &yaml).unwrap();
    let line = yaml
        .lines()
        .position(|l| l.contains("Case studies at this scale"))
        .unwrap()
        + 1;
    let d = build_diagnostics(root);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_diag(
        &d,
        "hub.yaml",
        "bad-field",
        line as u64,
        9,
        "`backlinks_label` is for ref and refs fields, and `scale` is of type `enum`",
        "remove it here",
    );
}

#[test]
fn fixture_hub_output_matches_golden_files() {
    let hub = hub_from_fixture("good-hub");
    let out = build(hub.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let actual = snapshot(&hub.path().join("public"));
    common::assert_golden(&actual, "good-hub-expected");
    // The draft page is left out, its image and body links are rewritten.
    assert!(!actual.contains_key("methods/secret/index.html"));
    assert!(actual.contains_key("case-studies/with-image/map.png"));
    let pilot = String::from_utf8_lossy(&actual["case-studies/pilot/index.html"]).into_owned();
    assert!(
        pilot.contains("href=\"/hub/methods/five-up/#the-five-steps\""),
        "{pilot}"
    );
}

#[test]
fn drafts_are_built_only_when_asked() {
    let hub = hub_from_fixture("good-hub");
    let out = build(hub.path(), &["--drafts"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        hub.path()
            .join("public/methods/secret/index.html")
            .is_file()
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let hub = shipped_hub();
    let a = build(hub.path(), &["--output", "out-a"]);
    let b = build(hub.path(), &["--output", "out-b"]);
    assert_eq!((a.status.code(), b.status.code()), (Some(0), Some(0)));
    let (sa, sb) = (
        snapshot(&hub.path().join("out-a")),
        snapshot(&hub.path().join("out-b")),
    );
    assert!(sa.len() > 100);
    assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
    for (path, bytes) in &sa {
        assert!(sb[path] == *bytes, "{path} differs between two builds");
    }
}

/// `build` indexes pages for search on its own thread while the rest of
/// the site renders, in whatever order threads finish them; the index
/// must be the one made from all pages at once (as `serve` makes it).
#[test]
fn the_search_index_built_while_rendering_equals_the_one_built_afterwards() {
    let hub = shipped_hub();
    let out = build(hub.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let streamed: BTreeMap<String, Vec<u8>> = snapshot(&hub.path().join("public"))
        .into_iter()
        .filter(|(path, _)| path.starts_with("pagefind/"))
        .collect();
    let built = clusterhub::pipeline::run(hub.path(), &clusterhub::pipeline::Options::default());
    assert!(!built.has_errors(), "{:#?}", built.diags);
    let at_once: BTreeMap<String, Vec<u8>> = built
        .outputs
        .into_iter()
        .filter(|o| o.path.starts_with("pagefind/"))
        .map(|o| (o.path, o.bytes))
        .collect();
    assert!(
        streamed
            .keys()
            .filter(|p| p.starts_with("pagefind/fragment/"))
            .count()
            >= 80,
        "every item page has a fragment: {:?}",
        streamed.keys().collect::<Vec<_>>()
    );
    assert_eq!(
        streamed.keys().collect::<Vec<_>>(),
        at_once.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &streamed {
        assert!(at_once[path] == *bytes, "{path} differs");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let hub = hub_from_fixture("good-hub");
    assert_eq!(build(hub.path(), &[]).status.code(), Some(0));
    let before = snapshot(&hub.path().join("public"));
    let page = hub.path().join("content/case-studies/pilot.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("city: belfast", "city: [unclosed")).unwrap();
    let out = build(hub.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("was left as it was"),
        "{}",
        stderr(&out)
    );
    assert_eq!(before, snapshot(&hub.path().join("public")));
    // No staging folder is left behind, and nothing else appeared.
    let mut names: Vec<String> = std::fs::read_dir(hub.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // (The image cache, `.clusterhub-cache/`, is kept in the hub.)
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
fn refuses_to_write_over_the_hub_or_its_content() {
    let hub = hub_from_fixture("good-hub");
    let before = snapshot(hub.path());
    for output in [".", "content", "content/cities", ".."] {
        let out = build(hub.path(), &["--output", output]);
        assert_eq!(
            out.status.code(),
            Some(2),
            "--output {output}: {}",
            stderr(&out)
        );
        assert!(stderr(&out).contains("refusing"), "{}", stderr(&out));
    }
    std::fs::create_dir_all(hub.path().join("notes")).unwrap();
    std::fs::write(hub.path().join("notes/keep.txt"), "mine").unwrap();
    let out = build(hub.path(), &["--output", "notes"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(hub.path().join("notes/keep.txt")).unwrap(),
        "mine"
    );
    let mut after = snapshot(hub.path());
    after.remove("notes/keep.txt");
    assert_eq!(before, after);
}

#[test]
fn bad_front_matter_is_reported_at_file_line_and_column() {
    let hub = hub_from_fixture("bad-inputs");
    let d = build_diagnostics(hub.path());
    let cs = "content/case-studies/";
    assert_diag(
        &d,
        &format!("{cs}unclosed-quote.md"),
        "yaml-syntax",
        2,
        8,
        "never closed",
        "closing \"",
    );
    assert_diag(
        &d,
        &format!("{cs}bad-indent.md"),
        "yaml-syntax",
        4,
        3,
        "indented",
        "remove the spaces",
    );
    assert_diag(
        &d,
        &format!("{cs}tab-indent.md"),
        "yaml-syntax",
        5,
        1,
        "tab",
        "use spaces",
    );
    assert_diag(
        &d,
        &format!("{cs}unclosed-front-matter.md"),
        "unclosed-front-matter",
        1,
        1,
        "never closed",
        "`---`",
    );
    assert_diag(
        &d,
        &format!("{cs}list-front-matter.md"),
        "front-matter-shape",
        2,
        1,
        "found a list",
        "name: value",
    );
    assert_diag(
        &d,
        &format!("{cs}scalar-front-matter.md"),
        "front-matter-shape",
        2,
        1,
        "found text",
        "name: value",
    );
    assert_diag(
        &d,
        &format!("{cs}not-utf8.md"),
        "not-utf8",
        5,
        4,
        "not UTF-8",
        "UTF-8",
    );
    assert_diag(
        &d,
        &format!("{cs}empty.md"),
        "empty-file",
        1,
        1,
        "empty",
        "title:",
    );
    assert_diag(
        &d,
        &format!("{cs}unknown-field.md"),
        "unknown-field",
        4,
        1,
        "unknown field `citty`",
        "did you mean `city`?",
    );
    assert_diag(
        &d,
        &format!("{cs}wrong-types.md"),
        "wrong-type",
        4,
        7,
        "`tags` must be a list",
        "tags: [one]",
    );
    assert_diag(
        &d,
        &format!("{cs}wrong-types.md"),
        "bad-date",
        5,
        7,
        "there is no month 13",
        "YYYY-MM",
    );
    assert_diag(
        &d,
        &format!("{cs}bad-enum.md"),
        "bad-value",
        4,
        9,
        "`finished` is not an allowed value",
        "planned, ongoing, completed",
    );
    assert_diag(
        &d,
        &format!("{cs}broken-ref.md"),
        "broken-ref",
        3,
        7,
        "no city `belfst`",
        "did you mean `belfast`?",
    );
    assert_diag(
        &d,
        &format!("{cs}dup/index.md"),
        "duplicate-slug",
        1,
        1,
        "already has the slug `dup`",
        "rename",
    );
    assert_diag(
        &d,
        &format!("{cs}broken-links.md"),
        "broken-link",
        5,
        5,
        "content/methods/nothing.md",
        "@/",
    );
    assert_diag(
        &d,
        &format!("{cs}broken-links.md"),
        "broken-anchor",
        7,
        5,
        "no heading `#stpes`",
        "did you mean `#steps`?",
    );
    assert_diag(
        &d,
        "content/cities/wrong-number.md",
        "wrong-type",
        4,
        6,
        "`lat` must be a number, found `north`",
        "between -90 and 90",
    );
    assert_diag(
        &d,
        "content/cities/out-of-range.md",
        "out-of-range",
        4,
        6,
        "123.5",
        "between -90 and 90",
    );
    // A BOM and CRLF line endings are fine: no error for those files.
    for ok in [
        "content/cities/bom.md",
        "content/cities/crlf.md",
        "content/case-studies/good.md",
    ] {
        let errors: Vec<&Value> = d
            .iter()
            .filter(|x| x["file"] == ok && x["severity"] == "error")
            .collect();
        assert!(errors.is_empty(), "{ok}: {errors:#?}");
    }
    // Every problem was collected in the one run, and nothing was written.
    assert_eq!(
        d.iter().filter(|x| x["severity"] == "error").count(),
        18,
        "{d:#?}"
    );
    assert!(!hub.path().join("public").exists());
}

#[test]
fn template_errors_point_into_the_template() {
    let hub = hub_from_fixture("template-syntax");
    let d = build_diagnostics(hub.path());
    assert_diag(
        &d,
        "themes/broken/templates/list.html",
        "template-syntax",
        3,
        34,
        "expected }}",
        "",
    );

    let hub = hub_from_fixture("template-undefined");
    let d = build_diagnostics(hub.path());
    assert_eq!(d.len(), 1, "one diagnostic for one mistake: {d:#?}");
    assert_diag(
        &d,
        "themes/broken/templates/page.html",
        "template-render",
        3,
        19,
        "`nonexistent` is not defined",
        "while rendering content/",
    );
}

#[test]
fn missing_theme_and_broken_content_model_are_reported_in_hub_yaml() {
    let hub = hub_from_fixture("missing-theme");
    let d = build_diagnostics(hub.path());
    assert_diag(
        &d,
        "hub.yaml",
        "unknown-theme",
        3,
        8,
        "theme `mnii` does not exist",
        "did you mean `mini`?",
    );

    let hub = hub_from_fixture("bad-hub-yaml");
    let d = build_diagnostics(hub.path());
    assert_diag(
        &d,
        "hub.yaml",
        "unknown-type",
        6,
        19,
        "unknown field type `nmber`",
        "did you mean `number`?",
    );
    assert_diag(
        &d,
        "hub.yaml",
        "unknown-collection",
        11,
        13,
        "collection `citys`",
        "did you mean `cities`?",
    );
}

#[test]
fn missing_hub_yaml_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = build(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("hub.yaml"), "{}", stderr(&out));
}

#[test]
fn odd_files_are_diagnosed_without_panicking() {
    use std::os::unix::ffi::OsStrExt;
    let hub = hub_from_fixture("good-hub");
    let cs = hub.path().join("content/case-studies");
    // A huge page (about 12 MB) still builds.
    let big = format!(
        "---\ntitle: Huge\ncity: belfast\n---\n{}",
        "Lorem ipsum dolor sit amet. ".repeat(450_000)
    );
    std::fs::write(cs.join("huge.md"), big).unwrap();
    std::fs::write(
        cs.join("Ålesund Pilot.md"),
        "---\ntitle: Odd name\ncity: belfast\n---\n",
    )
    .unwrap();
    std::fs::write(
        cs.join(std::ffi::OsStr::from_bytes(b"caf\xe9.md")),
        "---\ntitle: Latin-1 name\n---\n",
    )
    .unwrap();
    std::fs::write(cs.join("binary.md"), [0u8, 159, 146, 150, 255, 0, 1]).unwrap();
    std::fs::create_dir_all(cs.join("a/b")).unwrap();
    std::fs::write(cs.join("a/b/deep.md"), "---\ntitle: Deep\n---\n").unwrap();
    std::fs::write(
        hub.path().join("content/stray.md"),
        "---\ntitle: Stray\n---\n",
    )
    .unwrap();
    std::fs::write(cs.join("notes.md~"), "editor backup, ignored").unwrap();
    std::fs::write(cs.join(".#pilot.md"), "emacs lock, ignored").unwrap();
    let out = build(hub.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let d: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    let codes: Vec<(&str, &str)> = d
        .iter()
        .filter(|x| x["severity"] == "error")
        .map(|x| (x["file"].as_str().unwrap(), x["code"].as_str().unwrap()))
        .collect();
    assert!(
        codes.contains(&("content/case-studies/Ålesund Pilot.md", "bad-slug")),
        "{codes:?}"
    );
    assert!(
        codes
            .iter()
            .any(|(f, c)| f.starts_with("content/case-studies/caf") && *c == "bad-file-name"),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("content/case-studies/binary.md", "not-utf8")),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("content/case-studies/a/b/deep.md", "misplaced-file")),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("content/stray.md", "misplaced-file")),
        "{codes:?}"
    );
    assert!(
        !codes
            .iter()
            .any(|(f, _)| f.contains("huge") || f.contains("notes") || f.contains(".#")),
        "{codes:?}"
    );
    let hint = &find(&d, "content/case-studies/Ålesund Pilot.md", "bad-slug")["hint"];
    assert_eq!(hint, "rename the file to `alesund-pilot`");
}

#[test]
fn a_footer_page_the_hub_does_not_have_is_an_error_at_its_line_in_hub_yaml() {
    let hub = shipped_hub();
    let yaml = hub.path().join("hub.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    let text = text.replace("    - about/privacy\n", "    - about/privacy-notice\n");
    std::fs::write(&yaml, &text).unwrap();
    let line = text
        .lines()
        .position(|l| l == "    - about/privacy-notice")
        .unwrap() as u64
        + 1;
    let d = build_diagnostics(hub.path());
    assert_eq!(d.len(), 1, "{d:?}");
    assert_diag(
        &d,
        "hub.yaml",
        "unknown-page",
        line,
        7,
        "names `about/privacy-notice`, but the hub has no such page",
        "add content/about/privacy-notice.md",
    );
}
