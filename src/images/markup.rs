//! Image markup: the `<img>` tags of a page's HTML found (with their
//! attributes), and each one that shows a processed image replaced by a
//! `<picture>` with WebP and fallback `srcset`s, `sizes`, `width` and
//! `height` (no layout shift), lazy loading for all but the page's first.

use super::{Images, Picture, Variant};
use crate::markdown::Rendered;
use std::ops::Range;

/// How wide an image is shown, for the browser to choose a variant before
/// layout: the theme's text column (`--measure`) or the whole viewport.
pub(crate) const SIZES: &str = "(min-width: 48rem) 42rem, 100vw";

/// One `<img>` tag in HTML: where it is, and its attributes as written
/// (names lowercased, values still escaped).
pub(crate) struct ImgTag {
    pub span: Range<usize>,
    pub attrs: Vec<(String, String)>,
}

impl ImgTag {
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Every `<img>` tag of `html`, in order.
pub(crate) fn img_tags(html: &str) -> Vec<ImgTag> {
    let lower = html.to_ascii_lowercase();
    let mut tags = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<img") {
        let start = from + i;
        from = start + 4;
        let after = lower.as_bytes().get(from).copied();
        if !matches!(after, Some(b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>')) {
            continue;
        }
        let (attrs, end) = attributes(html, from);
        tags.push(ImgTag {
            span: start..end,
            attrs,
        });
        from = end;
    }
    tags
}

/// The attributes of a tag whose name ends at `at`, and the end of the
/// tag (after its `>`, or the end of the text).
fn attributes(html: &str, mut at: usize) -> (Vec<(String, String)>, usize) {
    let b = html.as_bytes();
    let mut attrs = Vec::new();
    loop {
        while at < b.len() && (b[at].is_ascii_whitespace() || b[at] == b'/') {
            at += 1;
        }
        if at >= b.len() {
            return (attrs, b.len());
        }
        if b[at] == b'>' {
            return (attrs, at + 1);
        }
        let name_start = at;
        while at < b.len() && !b[at].is_ascii_whitespace() && !matches!(b[at], b'=' | b'>' | b'/') {
            at += 1;
        }
        let name = html[name_start..at].to_ascii_lowercase();
        let mut value = String::new();
        if b.get(at) == Some(&b'=') {
            at += 1;
            match b.get(at) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = html[at + 1..]
                        .find(q as char)
                        .map_or(b.len(), |e| at + 1 + e);
                    value = html[at + 1..end].to_string();
                    at = (end + 1).min(b.len());
                }
                _ => {
                    let start = at;
                    while at < b.len() && !b[at].is_ascii_whitespace() && b[at] != b'>' {
                        at += 1;
                    }
                    value = html[start..at].to_string();
                }
            }
        }
        attrs.push((name, value));
    }
}

/// The `<img>` tags of raw HTML with no `alt` attribute, as their ranges in
/// `html` (`alt=""` says an image is decorative).
pub(crate) fn raw_img_without_alt(html: &str) -> Vec<Range<usize>> {
    img_tags(html)
        .into_iter()
        .filter(|t| t.attr("alt").is_none())
        .map(|t| t.span)
        .collect()
}

/// The body's HTML with every `<img>` of a processed image made a
/// `<picture>`; the first image of the page is not lazy, and goes to
/// `first_image` (when it is empty). Every local image URL the body shows
/// goes to `image_urls` (a page to parse again when one of them changes).
/// `bases`: the base path the page's links were written under (a
/// translation's has its language's folder) and the hub's, under which
/// images are known.
pub(crate) fn rewrite(body: &mut Rendered, images: &Images, bases: (&str, String)) {
    let html = &body.html;
    // Most pages show no image: no lowered copy of their HTML.
    let bytes = html.as_bytes();
    let img_at = |i: usize| {
        bytes
            .get(i + 1..i + 4)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"img"))
    };
    if !memchr::memchr_iter(b'<', bytes).any(img_at) {
        return;
    }
    let tags = img_tags(html);
    let mut out = String::new();
    let mut copied = 0;
    let mut seen_first = body.first_image.is_some();
    for tag in tags {
        let Some(src) = tag.attr("src") else { continue };
        if src.contains(':') {
            continue;
        }
        let src = src.replace("&amp;", "&");
        let src = match src.strip_prefix(bases.0) {
            Some(rest) if bases.0 != bases.1 => format!("{}{rest}", bases.1),
            _ => src,
        };
        let picture = images.get(&src);
        body.image_urls.push(src);
        let Some(picture) = picture else {
            continue;
        };
        if out.is_empty() {
            out.reserve(html.len() + 512);
        }
        out.push_str(&html[copied..tag.span.start]);
        let lazy = seen_first;
        if !seen_first {
            seen_first = true;
            body.first_image = picture.shown();
        }
        markup(&mut out, picture, &tag, lazy);
        copied = tag.span.end;
    }
    if copied != 0 {
        out.push_str(&html[copied..]);
        body.html = out;
    }
}

/// A `srcset` value: `url 480w, url 800w`.
fn srcset(variants: &[Variant]) -> String {
    let list: Vec<String> = variants
        .iter()
        .map(|v| format!("{} {}w", v.url, v.width))
        .collect();
    list.join(", ")
}

/// The markup of one image; `alt` and `title` are kept as written.
fn markup(out: &mut String, picture: &Picture, tag: &ImgTag, lazy: bool) {
    let Some(largest) = picture.largest() else {
        return;
    };
    let responsive = picture.fallback.len() > 1 || !picture.webp.is_empty();
    if !picture.webp.is_empty() {
        out.push_str("<picture><source type=\"image/webp\" srcset=\"");
        out.push_str(&srcset(&picture.webp));
        out.push_str("\" sizes=\"");
        out.push_str(SIZES);
        out.push_str("\">");
    }
    out.push_str(&format!("<img src=\"{}\"", largest.url));
    if responsive {
        let sizes = SIZES;
        out.push_str(&format!(
            " srcset=\"{}\" sizes=\"{sizes}\"",
            srcset(&picture.fallback)
        ));
    }
    out.push_str(&format!(
        " width=\"{}\" height=\"{}\"",
        largest.width, largest.height
    ));
    out.push_str(&format!(" alt=\"{}\"", tag.attr("alt").unwrap_or("")));
    if let Some(title) = tag.attr("title") {
        out.push_str(&format!(" title=\"{title}\""));
    }
    if lazy {
        out.push_str(" loading=\"lazy\" decoding=\"async\"");
    }
    out.push('>');
    if !picture.webp.is_empty() {
        out.push_str("</picture>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_img_tags_and_their_attributes() {
        let tags = img_tags(r#"<p><img src="a.png" alt="A &amp; B" /> <IMG SRC=b.png><imgx></p>"#);
        assert_eq!(tags.len(), 2);
        assert_eq!(tags[0].attr("alt"), Some("A &amp; B"));
        assert_eq!(tags[1].attr("src"), Some("b.png"));
        assert_eq!(
            raw_img_without_alt(r#"<img src="x.png"><img alt="" src="y">"#),
            vec![0..17]
        );
    }
}
