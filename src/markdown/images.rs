//! Images in a body: alt text is required and must describe the image
//! (`![-](file.png)` marks a decorative one, published with `alt=""`), and
//! an image Markdown shows as text because its path has a space is
//! reported with the two ways to write it.

use super::BodyProblem;
use pulldown_cmark::Event;
use std::ops::Range;

/// The alt text written for a decorative image.
pub(crate) const DECORATIVE: &str = "-";

/// Words that say an image is there, not what it shows.
const PLACEHOLDERS: &[&str] = &[
    "image",
    "img",
    "photo",
    "photograph",
    "picture",
    "pic",
    "figure",
    "graphic",
    "screenshot",
    "alt",
    "alt text",
];

/// File endings that make an alt text a file name.
const FILE_ENDINGS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "tif", "tiff", "bmp", "heic", "heif",
];

/// The alt text of an image being read.
pub(super) struct Alt {
    /// Index in the walk's events of the first event of the alt text.
    start: usize,
    /// The whole image in the body.
    span: Range<usize>,
    /// The file name of its destination (last path segment).
    file: String,
    pub(super) text: String,
}

impl Alt {
    pub(super) fn new(start: usize, span: Range<usize>, file: String) -> Self {
        Alt {
            start,
            span,
            file,
            text: String::new(),
        }
    }

    /// The image ends: its alt text is checked; a decorative image's
    /// `-` is dropped from the events, so it is published with `alt=""`.
    pub(super) fn end(self, events: &mut Vec<Event<'_>>, problems: &mut Vec<BodyProblem>) {
        let alt = self.text.trim();
        if alt == DECORATIVE {
            events.truncate(self.start);
        } else if let Some(problem) = alt_problem(alt, &self.file, self.span) {
            problems.push(problem);
        }
    }
}

const ALT_HINT: &str = "describe what the image shows between the brackets, as you would to someone on the phone: ![Site plan of the Linen Quarter, 2019](site-plan.png); for an image that only decorates, write ![-](file.png)";

/// The problem with an image's alt text, if any.
pub(super) fn alt_problem(alt: &str, file: &str, span: Range<usize>) -> Option<BodyProblem> {
    if alt.is_empty() {
        return Some(BodyProblem::error(
            "missing-alt",
            span,
            "image without alternative text".to_string(),
            ALT_HINT,
        ));
    }
    let said = if is_file_name(alt, file) {
        "a file name"
    } else if is_placeholder(alt) {
        "a word that only says an image is there"
    } else {
        return None;
    };
    Some(BodyProblem::error(
        "bad-alt",
        span,
        format!(
            "the alternative text `{alt}` is {said}: screen readers read it instead of the image"
        ),
        ALT_HINT,
    ))
}

/// `IMG_1234.jpg`, `site-plan.png`, the image's own file name, or a
/// camera's name for it (`IMG_1234`, `DSC01234`, `PXL_20230101`).
fn is_file_name(alt: &str, file: &str) -> bool {
    let lower = alt.to_lowercase();
    if !file.is_empty() && lower == file.to_lowercase() {
        return true;
    }
    let single_word = !lower.contains(char::is_whitespace);
    let ending = lower.rsplit_once('.').map(|(_, e)| e);
    if single_word && ending.is_some_and(|e| FILE_ENDINGS.contains(&e)) {
        return true;
    }
    let camera = ["img", "dsc", "dscn", "dcim", "pxl", "mvimg"];
    camera.iter().any(|c| {
        lower.strip_prefix(c).is_some_and(|rest| {
            let rest = rest.trim_start_matches(['_', '-', ' ']);
            rest.starts_with(|c: char| c.is_ascii_digit())
        })
    })
}

/// "Image", "a photo", "Picture." and the like.
fn is_placeholder(alt: &str) -> bool {
    let lower = alt.to_lowercase();
    let mut words = lower.trim_end_matches(['.', '!', ':']).trim();
    for article in ["a ", "an ", "the "] {
        if let Some(rest) = words.strip_prefix(article) {
            words = rest.trim_start();
        }
    }
    PLACEHOLDERS.contains(&words)
}

/// Reports each `<img>` of raw HTML without an `alt` attribute
/// (`alt=""` is how HTML says an image is decorative).
pub(super) fn raw_without_alt(
    raw_html: &[(String, Range<usize>)],
    problems: &mut Vec<BodyProblem>,
) {
    for (fragment, range) in raw_html {
        for tag in crate::images::raw_img_without_alt(fragment) {
            let start = (range.start + tag.start).min(range.end.saturating_sub(1));
            let end = (range.start + tag.end).min(range.end).max(start + 1);
            problems.push(BodyProblem::error(
                "missing-alt",
                start..end,
                "image without alternative text: this `<img>` has no `alt`".to_string(),
                "add alt=\"…\" describing what the image shows, or alt=\"\" for an image that only decorates (or write it in Markdown: ![Site plan of the quay](plan.png))",
            ));
        }
    }
}

/// Reports `![alt](photo 1.jpg)` in a text event at `range`: Markdown
/// does not take a path with a space as an image, and shows it as text.
pub(super) fn spaced_image(body: &str, range: Range<usize>, problems: &mut Vec<BodyProblem>) {
    let Some(text) = body.get(range.clone()) else {
        return;
    };
    for i in memchr::memchr_iter(b'!', text.as_bytes()) {
        let at = range.start + i;
        let escaped = body[..at].ends_with('\\');
        let Some((len, path)) = written_image(&body[at..]).filter(|_| !escaped) else {
            continue;
        };
        let encoded = path.replace(' ', "%20");
        problems.push(BodyProblem {
            severity: crate::diag::Severity::Error,
            code: "image-path-space",
            span: at..at + len,
            message: format!(
                "this image is shown as text: its path `{path}` has a space, which Markdown does not allow in a link"
            ),
            hint: format!("write the path between angle brackets, (<{path}>), or with %20 for each space, ({encoded})"),
        });
    }
}

/// The length and path of `![alt](path with space)` at the start of `s`,
/// on one line.
fn written_image(s: &str) -> Option<(usize, &str)> {
    let rest = s.strip_prefix("![")?;
    let close = rest.find(']')?;
    if rest[..close].contains('\n') {
        return None;
    }
    let after = rest[close..].strip_prefix("](")?;
    let end = after.find(')')?;
    let path = after[..end].trim();
    let written = path.contains(' ') && !path.starts_with('<') && !path.contains('\n');
    written.then_some((2 + close + 2 + end + 1, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alt_texts_that_do_not_describe() {
        assert!(is_file_name("IMG_1234.JPG", "x.jpg"));
        assert!(is_file_name("site-plan.png", "plan.png"));
        assert!(is_file_name("plan.png", "plan.png"));
        assert!(is_file_name("DSC01234", "a.jpg"));
        assert!(!is_file_name("Site plan", "site-plan.png"));
        assert!(!is_file_name("Imagine a street. Then trees", "a.jpg"));
        assert!(is_placeholder("Image"));
        assert!(is_placeholder("a photo."));
        assert!(!is_placeholder("Photo of the quay in 1910"));
    }

    #[test]
    fn a_path_with_a_space() {
        assert_eq!(
            written_image("![Plan](photo 1.jpg) and"),
            Some((20, "photo 1.jpg"))
        );
        assert_eq!(written_image("![Plan](<photo 1.jpg>)"), None);
        assert_eq!(written_image("![Plan](photo.jpg)"), None);
    }
}
