//! Inputs for the fuzzer: seeded mutations of real pages, and pages
//! generated from pieces of front matter and Markdown that have broken
//! parsers before (odd YAML, deep nesting, links of every kind, raw HTML).

use proptest::prelude::RngExt;
use proptest::test_runner::TestRng;

/// A uniformly chosen element.
fn pick<'a, T>(rng: &mut TestRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// Snippets that sit on the edges of our parsers: front matter fences,
/// YAML syntax, Markdown syntax, link forms and schemes, raw HTML, and
/// characters that break formats downstream (control characters, BOM,
/// CSV formula starts).
const TOKENS: &[&str] = &[
    "---",
    "---\n",
    "\n---\n",
    ": ",
    ":",
    "- ",
    "  - ",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "!!binary ",
    "|\n  ",
    ">-\n  ",
    "\"",
    "'",
    "#",
    "\t",
    "\r\n",
    "\u{feff}",
    "\u{0}",
    "\u{1b}",
    "\u{7}",
    "\u{fffe}",
    "\u{202e}",
    "é",
    "🙂",
    "İ",
    "ß",
    "\u{301}",
    "~",
    "null",
    "true",
    "0x1F",
    "1e999",
    "-0",
    "99999999999999999999",
    "2024-02-30",
    "2024-13",
    ".inf",
    "=cmd|' /C calc'!A0",
    "+1",
    "@SUM(1)",
    "# ",
    "## ",
    "###### ",
    "{#id}",
    "{.class}",
    "{onclick=alert(1)}",
    "> ",
    ">>>>",
    "1. ",
    "* ",
    "```",
    "~~~",
    "    ",
    "|a|b|\n|-|-|\n",
    "[^1]",
    "[^1]: note",
    "**",
    "__",
    "*",
    "_",
    "`",
    "~~",
    "[x](",
    ")",
    "](",
    "![",
    "![alt](",
    "[x][ref]",
    "[ref]: ",
    "<https://a.example>",
    "<a@b.c>",
    "@/",
    "@/methods/five-up.md",
    "@/cities/",
    "../",
    "../../",
    "./",
    "/",
    "//",
    "?q=1",
    "#anchor",
    "%2e%2e/",
    "%00",
    "javascript:",
    "JaVaScRiPt:",
    " javascript:",
    "java\tscript:",
    "vbscript:",
    "data:text/html,",
    "file:///etc/passwd",
    "mailto:",
    "tel:",
    "http://",
    "https://",
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    "<a href=\"javascript:alert(1)\">",
    "<style>",
    "<!--",
    "-->",
    "<div>",
    "</div>",
    "<span>",
    "&lt;",
    "&#x6a;",
    "&amp;",
    "&",
    "<",
    ">",
    "\\",
    "${",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "#}",
];

/// Front matter keys: common ones, the shipped model's, and strangers.
const KEYS: &[&str] = &[
    "title",
    "summary",
    "date",
    "updated",
    "draft",
    "sources",
    "city",
    "projects",
    "methods",
    "domains",
    "levers",
    "status",
    "scale",
    "type",
    "access",
    "url",
    "country",
    "country_code",
    "lat",
    "lon",
    "population",
    "featured",
    "event_type",
    "start",
    "end",
    "role",
    "acronym",
    "Title",
    "title ",
    "\"title\"",
    "unknown",
    "x",
    "<<",
    "? complex",
    "-",
    "1",
    "null",
    "~",
];

/// YAML values of many shapes.
fn value(rng: &mut TestRng, depth: usize) -> String {
    let scalars = [
        "Belfast",
        "\"quoted: text\"",
        "'single'",
        "",
        "~",
        "null",
        "true",
        "no",
        "42",
        "-7",
        "3.5",
        "1e400",
        "99999999999999999999",
        "2024-03-21",
        "2024-03",
        "2024-02-30",
        "2024-3-1",
        "https://example.org/a",
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,x",
        "up2030",
        "belfast",
        "five-up",
        "mobility",
        "=1+1",
        "@cmd",
        "+cmd",
        "-cmd",
        "a\u{1}b",
        "\"a\\u0000b\"",
        "\"\\x1b[31m\"",
        "|\n  block text\n  more",
        ">\n  folded",
        "&anchor x",
        "*anchor",
        "!!str 12",
        "!!int x",
        "[a, b",
        "{a: b",
        "'unclosed",
        "\"unclosed",
    ];
    match rng.random_range(0..10) {
        0..=5 => pick(rng, &scalars).to_string(),
        6 | 7 if depth < 3 => {
            let n = rng.random_range(0..4);
            let items: Vec<String> = (0..n).map(|_| value(rng, depth + 1)).collect();
            format!("[{}]", items.join(", "))
        }
        8 if depth < 3 => {
            let n = rng.random_range(1..4);
            let items: Vec<String> = (0..n)
                .map(|_| format!("\n{}- {}", "  ".repeat(depth + 1), value(rng, depth + 1)))
                .collect();
            items.concat()
        }
        9 if depth < 3 => format!("{{{}: {}}}", pick(rng, KEYS), value(rng, depth + 1)),
        _ => pick(rng, &scalars).to_string(),
    }
}

/// A front matter block (without the fences).
fn front_matter(rng: &mut TestRng) -> String {
    let mut out = String::new();
    if rng.random_bool(0.9) {
        out.push_str(&format!("title: {}\n", value(rng, 2)));
    }
    for _ in 0..rng.random_range(0..10) {
        let key = pick(rng, KEYS);
        out.push_str(&format!("{key}: {}\n", value(rng, 0)));
    }
    out
}

/// An inline run: text with emphasis, code, links and images of any kind.
fn inline(rng: &mut TestRng) -> String {
    let targets = [
        "@/methods/five-up.md",
        "@/methods/five-up.md#the-five-steps",
        "@/cities/belfast.md",
        "../methods/five-up.md",
        "../../x.md",
        "missing.md",
        "#top",
        "#",
        "image.png",
        "https://example.org/x",
        "http://a",
        "mailto:x@y.z",
        "tel:+3212",
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "vbscript:x",
        "data:image/png;base64,AAAA",
        "file:///etc/passwd",
        "//evil.example/x",
        "/absolute/x",
        "%2e%2e/%2e%2e/etc/passwd",
        "<javascript:alert(1)>",
        "",
    ];
    let mut out = String::new();
    for _ in 0..rng.random_range(1..6) {
        let piece = match rng.random_range(0..9) {
            0 => format!(
                "[{}]({})",
                pick(rng, &["x", "link", ""]),
                pick(rng, &targets)
            ),
            1 => format!(
                "![{}]({})",
                pick(rng, &["", "image", "A plan of the site"]),
                pick(rng, &targets)
            ),
            2 => format!("*{}*", pick(rng, &["em", "*", ""])),
            3 => format!("`{}`", pick(rng, &["code", "`", "<b>"])),
            4 => pick(rng, TOKENS).to_string(),
            5 => format!("<{}>", pick(rng, &targets)),
            6 => "[^n]".into(),
            _ => pick(
                rng,
                &["Some words.", "Belfast and Bruges", "résumé, naïve", "x"],
            )
            .to_string(),
        };
        out.push_str(&piece);
        out.push(' ');
    }
    out
}

/// A Markdown body of a few blocks, sometimes nested.
fn body(rng: &mut TestRng, depth: usize) -> String {
    let mut out = String::new();
    for _ in 0..rng.random_range(1..8) {
        let block = match rng.random_range(0..12) {
            0 => format!("{} {}\n", "#".repeat(rng.random_range(1..8)), inline(rng)),
            1 if depth < 6 => format!(
                "- {}\n  {}\n",
                inline(rng),
                body(rng, depth + 1).replace('\n', "\n  ")
            ),
            2 if depth < 6 => format!("> {}\n", body(rng, depth + 1).replace('\n', "\n> ")),
            3 => format!(
                "```{}\n{}\n```\n",
                pick(rng, &["", "rust", "html", "\"><script>"]),
                inline(rng)
            ),
            4 => format!("|a|b|\n|-|:-:|\n|{}|{}|\n", inline(rng), inline(rng)),
            5 => format!("[^n]: {}\n", inline(rng)),
            6 => format!(
                "[ref]: {}\n",
                pick(
                    rng,
                    &[
                        "https://example.org",
                        "javascript:alert(1)",
                        "@/methods/five-up.md"
                    ]
                )
            ),
            7 => format!("{}\n", pick(rng, TOKENS)),
            8 => format!("<div>\n{}\n</div>\n", inline(rng)),
            _ => format!("{}\n", inline(rng)),
        };
        out.push_str(&block);
        out.push('\n');
    }
    out
}

/// A whole generated page.
pub fn page(rng: &mut TestRng) -> Vec<u8> {
    let mut text = String::new();
    match rng.random_range(0..20) {
        0 => {}
        1 => text.push_str("---\n"),
        _ => text.push_str(&format!("---\n{}---\n", front_matter(rng))),
    }
    text.push_str(&body(rng, 0));
    text.into_bytes()
}

/// A seeded mutation of `seed`: a few edits of bytes, tokens and slices.
pub fn mutate(rng: &mut TestRng, seed: &[u8]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for _ in 0..rng.random_range(1..6) {
        let at = rng.random_range(0..=bytes.len());
        match rng.random_range(0..8) {
            0 if !bytes.is_empty() => {
                let i = at.min(bytes.len() - 1);
                bytes[i] ^= 1 << rng.random_range(0..8);
            }
            1 | 2 => {
                let token = pick(rng, TOKENS).as_bytes();
                bytes.splice(at..at, token.iter().copied());
            }
            3 if !bytes.is_empty() => {
                let end = (at + rng.random_range(1..64)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            4 if !bytes.is_empty() => {
                // Copy a slice of the page somewhere else.
                let from = rng.random_range(0..bytes.len());
                let end = (from + rng.random_range(1..200)).min(bytes.len());
                let slice = bytes[from..end].to_vec();
                bytes.splice(at..at, slice);
            }
            5 => {
                let generated = inline(rng).into_bytes();
                bytes.splice(at..at, generated);
            }
            6 => {
                let line = format!("\n{}: {}\n", pick(rng, KEYS), value(rng, 0)).into_bytes();
                bytes.splice(at..at, line);
            }
            _ => {
                let generated = body(rng, 0).into_bytes();
                bytes.splice(at..at, generated);
            }
        }
    }
    bytes
}

/// A page shape that repeats one piece: the growth check builds it at two
/// sizes and compares the times. `{i}` in a piece becomes its index.
pub struct Shape {
    pub name: &'static str,
    /// Front matter before, inside (repeated) and after the repeated part.
    pub front: (&'static str, &'static str, &'static str),
    /// Repeated in the body.
    pub body: &'static str,
}

const FRONT: &str =
    "title: Shape\nsummary: A page of one repeated piece.\ntype: tool\naccess: open-source\n";

impl Shape {
    pub fn build(&self, times: usize) -> Vec<u8> {
        let repeat = |piece: &str| -> String {
            if piece.contains("{i}") {
                (0..times)
                    .map(|i| piece.replace("{i}", &i.to_string()))
                    .collect()
            } else {
                piece.repeat(times)
            }
        };
        let (before, front_piece, after) = self.front;
        let mut text = format!("---\n{FRONT}{before}");
        if !front_piece.is_empty() {
            text.push_str(&repeat(front_piece));
        }
        text.push_str(after);
        if !self.front.0.contains("projects") {
            text.push_str("projects: [up2030]\n");
        }
        if !self.front.0.contains("sources") {
            text.push_str("sources: [https://example.org/report]\n");
        }
        text.push_str("---\n");
        if self.body.is_empty() {
            text.push_str("Text.\n");
        } else {
            text.push_str(&repeat(self.body));
            text.push('\n');
        }
        text.into_bytes()
    }
}

const fn in_body(name: &'static str, body: &'static str) -> Shape {
    Shape {
        name,
        front: ("", "", ""),
        body,
    }
}

const fn in_front(name: &'static str, front: (&'static str, &'static str, &'static str)) -> Shape {
    Shape {
        name,
        front,
        body: "",
    }
}

/// Shapes whose repetition has cost more than linear time somewhere in the
/// pipeline, or might.
pub const SHAPES: &[Shape] = &[
    in_body("same headings", "## Same\n\n"),
    in_body("distinct headings", "## Heading {i}\n\ntext\n\n"),
    in_body("nested list", "- "),
    in_body("nested quote", ">"),
    in_body("nested html", "<div>"),
    in_body("nested html, closed", "<div>x</div>"),
    in_body("open spans", "<span>x"),
    in_body("emphasis", "*a "),
    in_body("brackets", "["),
    in_body("footnotes", "x[^{i}]\n\n[^{i}]: note\n\n"),
    in_body("table cells", "|a"),
    in_body("backticks", "`"),
    in_body("html comments", "<!-- "),
    in_body("entities", "&amp;"),
    in_body("broken anchors", "[x](#missing-{i}) "),
    in_body("broken page links", "[x](@/methods/nope-{i}.md) "),
    in_body("missing images", "![](missing-{i}.png) "),
    in_body("link references", "[l{i}]: /x{i}\n[l{i}]\n"),
    in_body("scripts", "<script>alert(1)</script>"),
    in_body("event handlers", "<img src=x onerror=alert(1)>"),
    in_body("script links", "[x](javascript:alert({i})) "),
    in_front("unknown keys", ("", "k{i}: v\n", "")),
    in_front("broken refs, block", ("projects:\n", "  - nope-{i}\n", "")),
    in_front("broken refs, inline", ("projects: [", "nope-{i}, ", "x]\n")),
    in_front("bad sources", ("sources:\n", "  - notaurl-{i}\n", "")),
    in_front("flow depth", ("x: ", "[", "\n")),
    in_front("block depth", ("x: ", "- ", "y\n")),
    in_front("long title", ("title2: ", "word ", "\n")),
];
