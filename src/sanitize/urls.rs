//! The URL schemes a link may use anywhere (`http`, `https`, `mailto`,
//! `tel`), a URL's scheme as a browser reads it, and which attributes
//! ammonia treats as URLs.

/// The URL schemes a link may use, besides relative and `@/` links.
pub(crate) const URL_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// The scheme of `url` as a browser reads it (leading and trailing spaces
/// and control characters ignored, tabs and newlines removed, any letter
/// case), lowercase; `None` for a relative URL.
pub(crate) fn scheme_of(url: &str) -> Option<String> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let mut scheme = String::new();
    for c in trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')) {
        match c {
            ':' if !scheme.is_empty() => return Some(scheme),
            c if c.is_ascii_alphabetic() => scheme.push(c.to_ascii_lowercase()),
            c if !scheme.is_empty() && (c.is_ascii_digit() || matches!(c, '+' | '-' | '.')) => {
                scheme.push(c)
            }
            _ => return None,
        }
    }
    None
}

/// The scheme of `url` when a link may not use it (`javascript`, `data`,
/// `file`...). Allocates only then: it is asked of every link of every page.
pub(crate) fn forbidden_scheme(url: &str) -> Option<String> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let colon = trimmed.find(':')?;
    let written = &trimmed[..colon];
    let plain = written.starts_with(|c: char| c.is_ascii_alphabetic())
        && written
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    if plain {
        if URL_SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(written)) {
            return None;
        }
        return Some(written.to_ascii_lowercase());
    }
    // Tabs or newlines inside the scheme, which browsers remove.
    scheme_of(trimmed).filter(|s| !URL_SCHEMES.contains(&s.as_str()))
}

/// The hint of every disallowed-scheme diagnostic.
pub(crate) const SCHEME_HINT: &str = "links may use http, https, mailto or tel addresses, or point to a page or file of the hub (`@/collection/slug.md` or a relative path); other schemes such as `javascript:` or `data:` could run code in readers' browsers";

/// Whether ammonia treats `attribute` of `tag` as a URL (its own list).
pub(super) fn is_url_attribute(tag: &str, attribute: &str) -> bool {
    matches!(attribute, "href" | "xlink:href" | "src")
        || (tag == "form" && attribute == "action")
        || (tag == "object" && attribute == "data")
        || (matches!(tag, "button" | "input") && attribute == "formaction")
        || (tag == "a" && attribute == "ping")
        || (tag == "video" && attribute == "poster")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_as_a_browser_reads_them() {
        assert_eq!(
            scheme_of("JaVaScRiPt:alert(1)").as_deref(),
            Some("javascript")
        );
        assert_eq!(
            scheme_of(" \u{1}java\tscript:x").as_deref(),
            Some("javascript")
        );
        assert_eq!(scheme_of("java\nscript:x").as_deref(), Some("javascript"));
        assert_eq!(scheme_of("https://x.org").as_deref(), Some("https"));
        assert_eq!(scheme_of("@/methods/a.md"), None);
        assert_eq!(scheme_of("../a.md#x:y"), None);
        assert_eq!(scheme_of("//example.org/a"), None);
        assert_eq!(scheme_of("a/b:c"), None);
        assert_eq!(forbidden_scheme("mailto:a@b.c"), None);
        assert_eq!(forbidden_scheme("TEL:+331").as_deref(), None);
        assert_eq!(
            forbidden_scheme("data:text/html,x").as_deref(),
            Some("data")
        );
        assert_eq!(forbidden_scheme("vbscript:x").as_deref(), Some("vbscript"));
    }
}
