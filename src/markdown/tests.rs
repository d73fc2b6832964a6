//! Unit tests of Markdown rendering.

use super::links::join_relative;
use super::*;

#[test]
fn relative_joins_stay_inside_content() {
    assert_eq!(
        join_relative("case-studies/a.md", "../methods/x.md").as_deref(),
        Some("methods/x.md")
    );
    assert_eq!(
        join_relative("case-studies/a/index.md", "map.png").as_deref(),
        Some("case-studies/a/map.png")
    );
    assert_eq!(join_relative("a.md", "../../etc/passwd"), None);
}

#[test]
fn headings_get_unique_ids_and_links_are_rewritten() {
    let body = "Intro *text* here.\n\n## The five steps\n\n## The five steps\n\n### Custom {#mine}\n\nSee [x](../../methods/five-up.md#the-five-steps), [y](@/methods/a.md) and ![Map of the area](map.png).\n";
    let r = render(
        body,
        "content/case-studies/b/index.md",
        "/hub/",
        &HtmlPolicy::default(),
    );
    let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["the-five-steps", "the-five-steps-1", "mine"]);
    assert!(
        r.html
            .contains("href=\"/hub/methods/five-up/#the-five-steps\"")
    );
    assert!(r.html.contains("href=\"/hub/methods/a/\""));
    assert!(r.html.contains("src=\"/hub/case-studies/b/map.png\""));
    assert_eq!(r.first_paragraph, "Intro text here.");
    assert_eq!(r.page_links.len(), 2);
    assert_eq!(r.page_links[0].target, "methods/five-up.md");
    assert_eq!(r.page_links[0].anchor.as_deref(), Some("the-five-steps"));
    assert_eq!(r.file_links[0].target, "case-studies/b/map.png");
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(&body[r.page_links[1].span.clone()], "[y](@/methods/a.md)");
}

#[test]
fn footnotes_tables_and_tasks_render() {
    let r = render(
        "a[^1]\n\n[^1]: note\n\n|a|b|\n|-|-|\n|1|2|\n\n- [x] done\n",
        "content/x.md",
        "/",
        &HtmlPolicy::default(),
    );
    assert!(r.html.contains("footnote"));
    assert!(r.html.contains("<table>"));
    assert!(r.html.contains("checkbox"));
}

fn problems(r: &Rendered, body: &str) -> Vec<(String, &'static str, String)> {
    r.problems
        .iter()
        .map(|p| (body[p.span.clone()].to_string(), p.code, p.message.clone()))
        .collect()
}

#[test]
fn links_with_other_schemes_are_errors_and_lose_their_address() {
    let body = "[a](JavaScript:alert(1)) ![b](data:image/png;base64,AA) <vbscript:x> [c](<\u{1}java\tscript:y>) [d](jav&#x61;script:z) [e][r] [f][r] [ok](mailto:a@b.c) [t](tel:+331) <https://x.org>\n\n[r]: file:///etc/passwd\n";
    let r = render(body, "content/x.md", "/", &HtmlPolicy::default());
    let found = problems(&r, body);
    let at: Vec<&str> = found.iter().map(|(s, _, _)| s.as_str()).collect();
    assert_eq!(
        at,
        [
            "[a](JavaScript:alert(1))",
            "![b](data:image/png;base64,AA)",
            "<vbscript:x>",
            "[c](<\u{1}java\tscript:y>)",
            "[d](jav&#x61;script:z)",
            "[r]: file:///etc/passwd",
        ]
    );
    assert!(found.iter().all(|(_, code, _)| *code == "bad-url-scheme"));
    assert_eq!(found[0].2, "`javascript:` links are not allowed");
    assert_eq!(found[5].2, "`file:` links are not allowed");
    assert_eq!(
        r.html,
        "<p><a href=\"\">a</a> <img src=\"\" alt=\"b\" /> <a href=\"\">vbscript:x</a> <a href=\"\">c</a> <a href=\"\">d</a> <a href=\"\">e</a> <a href=\"\">f</a> <a href=\"mailto:a@b.c\">ok</a> <a href=\"tel:+331\">t</a> <a href=\"https://x.org\">https://x.org</a></p>\n"
    );
}

#[test]
fn headings_keep_only_a_plain_id_and_classes() {
    let body = "## Plan {#plan .wide onclick=alert(1) data-x=1}\n\n## Other {#a&b .c:d}\n";
    let r = render(body, "content/x.md", "/", &HtmlPolicy::default());
    assert!(
        r.html.contains("<h2 id=\"plan\" class=\"wide\">Plan</h2>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<h2 id=\"other\">Other</h2>"), "{}", r.html);
    let found = problems(&r, body);
    let at: Vec<(&str, &str)> = found
        .iter()
        .map(|(s, _, m)| (s.as_str(), m.as_str()))
        .collect();
    assert_eq!(
        at,
        [
            ("onclick", "removed attribute `onclick` from the heading"),
            ("data-x", "removed attribute `data-x` from the heading"),
            ("a&b", "removed heading id `a&b`"),
            ("c:d", "removed heading class `c:d`"),
        ]
    );
}

#[test]
fn raw_html_is_sanitised_and_each_removal_reported_where_it_is() {
    let body =
        "Text <b onclick=\"x()\">bold</b>.\n\n> <div>\n> <script>x()</script>\n> </div>\n\nEnd.\n";
    let r = render(body, "content/x.md", "/", &HtmlPolicy::default());
    assert!(r.html.contains("Text <b>bold</b>."), "{}", r.html);
    assert!(!r.html.contains("script") && !r.html.contains("onclick"));
    let found = problems(&r, body);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, "onclick");
    assert_eq!(found[1].0, "<script");
    assert!(found.iter().all(|(_, code, _)| *code == "html-removed"));
    let trusted = HtmlPolicy {
        trusted: true,
        ..HtmlPolicy::default()
    };
    let r = render(body, "content/x.md", "/", &trusted);
    assert!(r.html.contains("<b onclick=\"x()\">") && r.html.contains("<script>x()</script>"));
    assert!(r.problems.is_empty());
}
