//! Rich pages (issue 14) through the binary: images' alt text, decorative
//! images, image paths Markdown would show as text.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::*;
use std::path::Path;

/// The good-hub fixture with its page bundle's text replaced by `body`.
fn hub_with_image_page(body: &str) -> tempfile::TempDir {
    let hub = hub_from_fixture("good-hub");
    let page = hub.path().join("content/case-studies/with-image/index.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let front = text.split_inclusive("---\n").take(2).collect::<String>();
    std::fs::write(&page, format!("{front}{body}")).unwrap();
    hub
}

fn build(hub: &Path, out: &Path) -> std::process::Output {
    clusterhub(&[
        "build",
        "--format",
        "json",
        "--root",
        hub.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ])
}

#[test]
fn a_decorative_image_is_published_with_an_empty_alt_and_no_warning() {
    let hub = hub_with_image_page("![A map of the area](map.png)\n\n![-](map.png)\n");
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let run = build(hub.path(), &site);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(!stderr(&run).contains("alt"), "{}", stderr(&run));
    let html = std::fs::read_to_string(site.join("case-studies/with-image/index.html")).unwrap();
    assert!(html.contains("alt=\"A map of the area\""), "{html}");
    assert!(html.contains("alt=\"\""), "{html}");
    assert!(!html.contains("alt=\"-\""), "{html}");
}

#[test]
fn alt_text_that_does_not_describe_fails_the_build_at_the_image() {
    let hub = hub_with_image_page(
        "Intro.\n\nSee ![photo](map.png) and ![](https://example.org/x.png).\n",
    );
    let out = tempfile::tempdir().unwrap();
    let run = build(hub.path(), &out.path().join("site"));
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let diags: Vec<serde_json::Value> = serde_json::from_str(&stdout(&run)).unwrap();
    let at: Vec<(&str, u64, u64)> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    // The front matter has 6 lines: the body starts at line 7.
    assert_eq!(
        at,
        [("bad-alt", 9, 5), ("missing-alt", 9, 27)],
        "{diags:#?}"
    );
    assert!(
        diags
            .iter()
            .all(|d| d["file"] == "content/case-studies/with-image/index.md")
    );
}

const PAGE: &str = "content/case-studies/athens-energy-poverty-hub.md";

/// A 1×1 PNG.
fn png() -> Vec<u8> {
    tiny_image(image::ImageFormat::Png, 1, 1)
}

/// The shipped hub with one case study's text replaced by `body`, a PNG
/// and a 2,400-byte PDF beside it; with the line the text starts on.
fn shipped_with_body(body: &str) -> (tempfile::TempDir, u64) {
    let hub = shipped_hub();
    let path = hub.path().join(PAGE);
    let text = std::fs::read_to_string(&path).unwrap();
    let front = text.split_inclusive("---\n").take(2).collect::<String>();
    let first_line = front.lines().count() as u64 + 1;
    std::fs::write(&path, format!("{front}{body}")).unwrap();
    let folder = path.parent().unwrap();
    std::fs::write(folder.join("plan.png"), png()).unwrap();
    std::fs::write(folder.join("report.pdf"), vec![b'%'; 2400]).unwrap();
    (hub, first_line)
}

const EVERY_SHORTCODE: &str = r#"Athens opened an advisory hub.

{{ figure(src="plan.png", alt="Site plan of the hub's building", caption="The hub <script>alert(1)</script>", credit="City of Athens", licence="CC BY 4.0", link="https://example.org/plan") }}

{% callout(kind="warning", title="Before you visit") %}
The hub is open on **weekdays**.
{% end %}

{% quote(attribution="A resident", role="Kypseli") %}
We finally knew whom to ask.
{% end %}

{% key_figures(title="In numbers") %}
{{ key_figure(number="12", label="advisers") }}
{{ key_figure(number="€2.4 million", label="budget") }}
{% end %}

{{ document(src="report.pdf", title="Final report") }}

{{ video(url="https://www.youtube.com/watch?v=dQw4w9WgXcQ", title="The hub opens", poster="plan.png") }}

Code is left alone: `{{ figure() }}`.
"#;

#[test]
fn every_shortcode_is_rendered_escaped_and_loads_nothing_from_a_third_party() {
    let (hub, _) = shipped_with_body(EVERY_SHORTCODE);
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let run = build(hub.path(), &site);
    assert!(run.status.success(), "{}\n{}", stdout(&run), stderr(&run));
    let html =
        std::fs::read_to_string(site.join("case-studies/athens-energy-poverty-hub/index.html"))
            .unwrap();
    let doc = scraper::Html::parse_document(&html);
    let one = |css: &str| {
        let sel = scraper::Selector::parse(css).unwrap();
        let found: Vec<_> = doc.select(&sel).collect();
        assert_eq!(found.len(), 1, "one `{css}` in the page");
        found[0]
    };
    let text = |css: &str| one(css).text().collect::<String>();
    let img = one("figure.sc-figure a[href='https://example.org/plan'] img");
    // The image as processed: its widest variant, content-hashed.
    let src = img.attr("src").unwrap();
    assert!(
        src.starts_with("/clusterhub/case-studies/plan.") && src.ends_with(".1.png"),
        "{src}"
    );
    assert_eq!(img.attr("alt"), Some("Site plan of the hub's building"));
    assert!(text("figure.sc-figure figcaption").contains("The hub <script>alert(1)</script>"));
    assert!(
        text("figure.sc-figure figcaption").contains("Credit: City of Athens · Licence: CC BY 4.0")
    );
    assert!(!html.contains("<script>alert"), "the caption is escaped");
    assert_eq!(
        text("aside.sc-callout--warning .sc-callout__title"),
        "Before you visit"
    );
    assert_eq!(text("aside.sc-callout--warning strong"), "weekdays");
    assert!(text(".sc-quote blockquote").contains("We finally knew whom to ask."));
    assert_eq!(text(".sc-quote figcaption"), "— A resident, Kypseli");
    let figures: Vec<(String, String)> = doc
        .select(&scraper::Selector::parse(".sc-key-figures dl > div").unwrap())
        .map(|d| {
            let t = |c: &str| {
                d.select(&scraper::Selector::parse(c).unwrap())
                    .flat_map(|e| e.text())
                    .collect::<String>()
            };
            (t("dt"), t("dd"))
        })
        .collect();
    assert_eq!(
        figures,
        [
            ("12".into(), "advisers".into()),
            ("€2.4 million".into(), "budget".into())
        ]
    );
    assert_eq!(
        one(".sc-document a[download]").attr("href"),
        Some("/clusterhub/case-studies/report.pdf")
    );
    assert_eq!(text(".sc-document__meta"), "(PDF, 2 kB)");
    let video = one("a.sc-video__link");
    assert_eq!(
        video.attr("href"),
        Some("https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    );
    assert_eq!(
        video.attr("data-embed"),
        Some("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1")
    );
    assert!(!html.contains("<iframe"), "no player before the click");
    let remote = scraper::Selector::parse("[src^='http'], [src^='//']").unwrap();
    assert_eq!(
        doc.select(&remote).count(),
        0,
        "nothing loads from another site"
    );
    assert!(html.contains("<code>{{ figure() }}</code>"));
    assert!(site.join("case-studies/report.pdf").is_file());
}

#[test]
fn a_figure_shows_an_image_of_the_sites_static_folder_processed() {
    let body = "{{ figure(src=\"/plans/site-plan.png\", alt=\"Site plan of the quay\", caption=\"The quay\") }}\n";
    let (hub, _) = shipped_with_body(body);
    let plans = hub.path().join("static/plans");
    std::fs::create_dir_all(&plans).unwrap();
    std::fs::write(
        plans.join("site-plan.png"),
        tiny_image(image::ImageFormat::Png, 900, 600),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let run = build(hub.path(), &site);
    assert!(run.status.success(), "{}\n{}", stdout(&run), stderr(&run));
    let html =
        std::fs::read_to_string(site.join("case-studies/athens-energy-poverty-hub/index.html"))
            .unwrap();
    let doc = scraper::Html::parse_document(&html);
    let sel = scraper::Selector::parse("figure.sc-figure picture img").unwrap();
    let img = doc
        .select(&sel)
        .next()
        .expect("the figure's image as a <picture>");
    // Its variants, under the hub's base path, with its size reserved.
    let srcset = img.attr("srcset").unwrap();
    assert!(
        srcset.starts_with("/clusterhub/plans/site-plan.") && srcset.contains(" 480w"),
        "{srcset}"
    );
    assert_eq!(
        (img.attr("width"), img.attr("height")),
        (Some("900"), Some("600"))
    );
    let src = img.attr("src").unwrap();
    let published = site.join(src.strip_prefix("/clusterhub/").unwrap());
    assert!(published.is_file(), "{src}");
    assert!(site.join("plans/site-plan.png").is_file());
}

/// For each body, the problems `check` reports in a case study written
/// with it (the front matter of `PAGE`): code, line within the body,
/// column, and message with hint. One hub holds a page per body, checked
/// once: a mistake in a page's body is reported at that page alone.
fn shortcode_problems(bodies: &[&str]) -> Vec<Vec<(String, u64, u64, String)>> {
    let (hub, first) = shipped_with_body("");
    let text = std::fs::read_to_string(hub.path().join(PAGE)).unwrap();
    let page = |n: usize| PAGE.replace(".md", &format!("-mistake-{n}.md"));
    for (n, body) in bodies.iter().enumerate() {
        std::fs::write(hub.path().join(page(n)), format!("{text}{body}")).unwrap();
    }
    let run = clusterhub(&[
        "check",
        "--format",
        "json",
        "--root",
        hub.path().to_str().unwrap(),
    ]);
    let diags: Vec<serde_json::Value> = serde_json::from_str(&stdout(&run)).unwrap();
    let problems = |file: &str| {
        (diags.iter().filter(|d| d["file"] == file))
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_string(),
                    d["line"].as_u64().unwrap() - first + 1,
                    d["column"].as_u64().unwrap(),
                    format!(
                        "{} | {}",
                        d["message"].as_str().unwrap(),
                        d["hint"].as_str().unwrap_or("")
                    ),
                )
            })
            .collect()
    };
    (0..bodies.len()).map(|n| problems(&page(n))).collect()
}

#[test]
fn each_shortcode_mistake_is_one_error_where_it_is_written() {
    let cases: &[(&str, &str, u64, u64, &str)] = &[
        (
            "Text.\n\n{{ figur(src=\"plan.png\", alt=\"A plan\") }}\n",
            "unknown-shortcode",
            3,
            1,
            "did you mean `figure`?",
        ),
        (
            "{{ figure(src=\"plan.png\") }}\n",
            "bad-shortcode-argument",
            1,
            1,
            "needs `alt`",
        ),
        (
            "A {{ figure(src=\"plan.png\", alt=\"A plan\", captoin=\"x\") }}\n",
            "bad-shortcode-argument",
            1,
            43,
            "did you mean `caption`?",
        ),
        (
            "{{ key_figure(number=12, label=\"x\") }}\n",
            "bad-shortcode-argument",
            1,
            22,
            "must be text in quotes",
        ),
        (
            "{% callout(kind=\"danger\") %}\nx\n{% end %}\n",
            "bad-shortcode-argument",
            1,
            17,
            "note, warning, tip",
        ),
        (
            "{{ figure(src=\"plan.png\", alt=\"plan.png\") }}\n",
            "bad-alt",
            1,
            31,
            "a file name",
        ),
        (
            "{{ figure(src=\"nope.png\", alt=\"A plan\") }}\n",
            "missing-file",
            1,
            15,
            "content/case-studies/nope.png",
        ),
        (
            "{{ figure(src=\"plan.png\", alt=\"A plan\", link=\"javascript:alert(1)\") }}\n",
            "bad-url-scheme",
            1,
            46,
            "`javascript:`",
        ),
        (
            "{{ video(url=\"https://example.org/v\", title=\"x\") }}\n",
            "bad-shortcode-argument",
            1,
            14,
            "YouTube or Vimeo",
        ),
        (
            "{% callout() %}\nnever closed\n",
            "bad-shortcode",
            1,
            1,
            "never closed",
        ),
        (
            "x\n\n{{ figure(src=\"plan.png\", alt=\"A plan) }}\n",
            "bad-shortcode",
            3,
            1,
            "never closed",
        ),
        (
            "{% callout() %}\n![](plan.png)\n{% end %}\n",
            "missing-alt",
            2,
            1,
            "without alternative text",
        ),
        (
            "{{ key_figure(number=\"1\", label=\"x\") }} and ![](plan.png)\n",
            "missing-alt",
            1,
            45,
            "without alternative text",
        ),
        (
            "{{ figure(src=\"plan.png\", alt=\"A plan\") }} and `{{ not() }}` and ![photo](plan.png)\n",
            "bad-alt",
            1,
            66,
            "only says an image is there",
        ),
    ];
    let bodies: Vec<&str> = cases.iter().map(|case| case.0).collect();
    let problems = shortcode_problems(&bodies);
    for ((body, code, line, col, words), found) in cases.iter().zip(problems) {
        assert_eq!(found.len(), 1, "{body}: {found:#?}");
        let (c, l, k, text) = &found[0];
        assert_eq!((c.as_str(), *l, *k), (*code, *line, *col), "{body}: {text}");
        assert!(text.contains(words), "{body}: {text}");
    }
}

#[test]
fn new_lists_every_shortcode_and_each_example_passes_check() {
    let hub = shipped_hub();
    let root = hub.path().to_str().unwrap();
    let out = clusterhub(&["new", "case-studies", "Shortcode examples", "--root", root]);
    assert!(out.status.success(), "{}", stderr(&out));
    let path = hub
        .path()
        .join("content/case-studies/shortcode-examples.md");
    let page = std::fs::read_to_string(&path).unwrap();
    let listed: Vec<&str> = page
        .lines()
        .filter_map(|l| l.strip_prefix("# ")?.split_once(": ").map(|(n, _)| n))
        .filter(|n| !n.contains(' '))
        .collect();
    for name in [
        "callout",
        "document",
        "figure",
        "key_figure",
        "key_figures",
        "quote",
        "video",
    ] {
        assert!(listed.contains(&name), "{name} not in {listed:?}");
    }
    // The examples, as the scaffold shows them, are right.
    let examples: String = page
        .lines()
        .filter_map(|l| l.strip_prefix("#     "))
        .map(|l| format!("{l}\n"))
        .collect();
    let (hub, _) = shipped_with_body(&examples);
    let folder = hub.path().join("content/case-studies");
    std::fs::write(folder.join("final-report.pdf"), b"%PDF-1.4").unwrap();
    std::fs::write(
        folder.join("corridor.jpg"),
        tiny_image(image::ImageFormat::Jpeg, 4, 3),
    )
    .unwrap();
    let run = clusterhub(&[
        "check",
        "--format",
        "json",
        "--root",
        hub.path().to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(0), "{examples}\n{}", stdout(&run));
}
