//! Tests of the vendored Pagefind's quick reader (`fossick/quick.rs`): on
//! every page it accepts, it must read what lol_html's `DomParser` reads,
//! and it must decline what it cannot promise to read the same way.

use super::index_options;
use std::collections::BTreeMap;

/// How the quick reader and `DomParser` read `html`, or `None` when the
/// quick reader declines it.
fn readings(html: &str) -> Option<(String, String)> {
    pagefind::api::quick_and_full_reading(index_options("en"), html)
        .unwrap_or_else(|e| panic!("Pagefind failed on {html:?}: {e}"))
}

fn page(body: &str) -> String {
    format!("<!DOCTYPE html><html><body>{body}</body></html>")
}

/// Pages the quick reader must accept, each with a rule of `DomParser` it
/// has to follow.
const ACCEPTED: &[&str] = &[
    // Blocks, inline elements, sentence punctuation.
    "<main><h1>Milan</h1><p>Green roofs <em>cool</em> streets<p2></p2></p><div>Next</div></main>",
    // Entities stay encoded until the text is normalised.
    "<p>Caf&eacute; &amp; bar&#39;s &lt;tag&gt; &#13;&#10;line&nbsp;&nbsp;x</p>",
    // White space: tabs, no-break and em spaces, runs of line breaks.
    "<p>a\tb  c\u{a0}d\u{a0}\u{2003}e\n\n\nf \n g\u{a0}</p>\n\n<p>\u{2003}h</p>",
    "<p>v\u{0B}t\u{0C}f\u{85}n\u{3000}i &#13;r&#13;&#13;&#10;s&#13;&#10;&#13;&#10;e&#10;\tx &#x2028;y\u{a0}\u{a0}z</p><p>&#13;</p><p>\u{85}</p>",
    // A body among other content; two bodies.
    "<header><p>Skip</p></header><article data-pagefind-body><p>Kept</p></article><p>After</p>",
    "<div data-pagefind-body><p>One</p></div><div><p>Gone</p></div><div data-pagefind-body><p>Two</p></div>",
    // Ignored and excluded parts, with filters inside them.
    "<div data-pagefind-body><p>In</p><aside data-pagefind-ignore><p>Out</p><span data-pagefind-filter=\"city\">Turin</span></aside><section data-pagefind-ignore=\"all\"><h2 id=\"x\">No</h2><span data-pagefind-filter=\"city\">Rome</span></section></div>",
    // Filters, metadata, sorts and default metadata in all their forms.
    "<div data-pagefind-body data-pagefind-filter=\"collection:Case studies, topic:Energy\" data-pagefind-sort=\"date:2024-05-01\"><h1 data-pagefind-meta=\"title\">A &amp; B</h1><img src=\"/a.png\" alt=\"An &quot;image&quot;\" data-pagefind-meta=\"image[src], image_alt[alt]\"><span data-pagefind-filter=\"city\">Milan</span><span data-pagefind-filter=\"city\">  Turin\n</span><p data-pagefind-default-meta=\"summary\">Short</p><b data-pagefind-filter=\"tag[data-tag]\" data-tag=\"heat\">x</b><i data-pagefind-meta=\"note:a:b\"></i></div>",
    // Weights, explicit and automatic, nested and zero.
    "<div data-pagefind-body><h2>Auto</h2><p data-pagefind-weight=\"3\">Heavy <h3>inner</h3></p><p data-pagefind-weight=\"0\">None</p><h6 data-pagefind-weight=\"x\">Bad</h6></div>",
    // Anchors: ids on blocks and inline elements, titles, spaces in ids.
    "<div data-pagefind-body><h2 id=\"first part\" data-pagefind-title=\"Part &amp; one\">A <a href=\"#x\">link <em>here</em></a></h2><p>text</p><span id=\"s\">inline</span><h3 id=\"\">empty</h3></div>",
    // Attribute values indexed, and the image after the title.
    "<h1>Title</h1><img src=\"/cat.png?w=4&amp;f=webp\" alt=\"Cat &amp; dog\"><img src=\"/second.png\"><figure><img alt=\"Chart of heat\" title=\"Heat\" data-pagefind-index-attrs=\"alt, title\"></figure>",
    // Void elements with and without the slash; line breaks.
    "<p>one<br>two<br/>three<hr/><input value=\"v\"><wbr></p>",
    // SVG icons and MathML, with self-closing children.
    "<p>Icon <svg viewBox=\"0 0 1 1\" aria-hidden=\"true\"><g><path d=\"M0 0\"/><circle r=\"1\"></circle></g></svg> text <math><mi>x</mi></math></p>",
    // Raw text: script and style with markup-like content, a textarea.
    "<p>a</p><script>if (a<b && c>d) { x = \"</p>\"; }</script><style>p > a { color: red }</style><textarea><b>raw</b></textarea><p>b</p>",
    // Removed elements: nav, footer, form, label, iframe.
    "<nav><a href=\"/\">Home</a></nav><form><label>Name</label><input></form><iframe src=\"/x\"></iframe><footer>Foot</footer><p>Kept</p>",
    // Comments, upper-case names, attribute syntaxes.
    "<!-- a <p>comment</p> --><P CLASS=x>Upper</P><div class='single' hidden data-x = \"spaced\" data-y=unquoted/ok>Attrs</div>",
    // Unicode text and an ignore flag in upper case.
    "<p>UCCRN’s site</p><b>abcdé</b><p>Città — ünïcödé 東京 🌍</p><div data-pagefind-ignore=\"TRUE\">hidden</div><div data-pagefind-ignore=\"Index\">hidden too</div>",
];

/// Whole documents the quick reader must accept.
const ACCEPTED_DOCUMENTS: &[&str] = &[
    // No body element marked: the page title, the language, the UI files.
    "<!DOCTYPE html>\n<html lang=\"IT-it\">\n<head><meta charset=\"utf-8\"><title>Roma &amp; Lazio</title><link rel=\"stylesheet\" href=\"/pagefind/pagefind-ui.css\"><script src=\"/_pagefind/pagefind.js\"></script></head>\n<body><h1>Roma</h1><p>Testo.</p></body>\n</html>\n",
    // Text outside the html element is not the page's.
    "<!DOCTYPE html>outside<html><body><p>inside</p></body></html>after",
];

/// Inputs the quick reader must leave to lol_html.
const DECLINED: &[&str] = &[
    // Implicitly closed elements.
    "<!DOCTYPE html><html><body><p>one<div>two</div></body></html>",
    "<!DOCTYPE html><html><body><ul><li>a<li>b</ul></body></html>",
    // A stray end tag; an element never closed.
    "<!DOCTYPE html><html><body><p>a</span></p></body></html>",
    "<!DOCTYPE html><html><body><div>open</body></html>",
    // Self-closing syntax on an HTML element that is not void.
    "<!DOCTYPE html><html><body><div/>text</body></html>",
    // Parser-dependent content models.
    "<!DOCTYPE html><html><body><noscript><p>x</p></noscript></body></html>",
    "<!DOCTYPE html><html><body><template><p>x</p></template></body></html>",
    "<!DOCTYPE html><html><body><script><!-- if (a) {} --></script></body></html>",
    // SVG content handed back to HTML.
    "<!DOCTYPE html><html><body><svg><foreignObject><p>x</p></foreignObject></svg></body></html>",
    "<!DOCTYPE html><html><body><svg><title>Icon</title></svg></body></html>",
    // Text a tokenizer reads as text, and markup it reads as comments.
    "<!DOCTYPE html><html><body><p>a < b</p></body></html>",
    "<?xml version=\"1.0\"?><html><body><p>x</p></body></html>",
    "<!DOCTYPE html><html><body><!--><p>x</p></body></html>",
    // Carriage returns and NUL.
    "<!DOCTYPE html><html><body><p>a\r\nb</p></body></html>",
    "<!DOCTYPE html><html><body><p>a\0b</p></body></html>",
    // An ignore flag DomParser warns about.
    "<!DOCTYPE html><html><body><div data-pagefind-ignore=\"some\">x</div></body></html>",
    // Attribute syntax errors.
    "<!DOCTYPE html><html><body><a href=\"x\"title=\"y\">z</a></body></html>",
    "<!DOCTYPE html><html><body><a href=x\"y>z</a></body></html>",
    // Elements outside html.
    "<p>before</p><html><body></body></html>",
];

#[test]
fn the_quick_reader_reads_every_accepted_page_as_pagefinds_parser_does() {
    let documents = ACCEPTED.iter().map(|body| page(body));
    let documents = documents.chain(ACCEPTED_DOCUMENTS.iter().map(|d| d.to_string()));
    for html in documents {
        let Some((quick, full)) = readings(&html) else {
            panic!("the quick reader declined {html:?}");
        };
        assert_eq!(quick, full, "read differently: {html:?}");
    }
}

#[test]
fn the_quick_reader_declines_what_it_cannot_read_as_pagefind_does() {
    for html in DECLINED {
        assert_eq!(readings(html), None, "accepted {html:?}");
    }
}

/// How the quick reader and `DomParser` read a rendered item page as the
/// index sees it (reduced, with hidden filters as `Collector` adds them),
/// or `None` when the quick reader declines it.
pub(crate) fn item_page_readings(html: &str) -> Option<(String, String)> {
    let filters = BTreeMap::from([("city".to_string(), vec!["Milan & Turin".to_string()])]);
    let extra = super::reduce::extra_html(&filters, "case-studies", 3);
    readings(&super::reduce::reduce(html, &extra))
}
