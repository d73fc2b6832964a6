//! Small text helpers shared by stages: slugs, labels, "did you mean"
//! suggestions, and the day- or month-precision `PageDate`.

/// `text.split_whitespace().count()`, about three times cheaper on ASCII
/// text (most of a page body).
pub(crate) fn count_words(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    // `char::is_whitespace` on ASCII: space, and tab to carriage return.
    let space = |b: u8| u8::from(b == b' ') | u8::from(b.wrapping_sub(b'\t') < 5);
    let bytes = text.as_bytes();
    let Some(&first) = bytes.first() else {
        return 0;
    };
    // A word starts at a non-space byte that is first or follows a space.
    // Counted over byte pairs in runs of 255 with a byte-wide sum (it cannot
    // overflow), which the compiler vectorises.
    let mut starts = usize::from(1 - space(first));
    for (before, at) in bytes.chunks(255).zip(bytes[1..].chunks(255)) {
        let run = before
            .iter()
            .zip(at)
            .fold(0u8, |sum, (&b, &a)| sum + (space(b) & (1 - space(a))));
        starts += usize::from(run);
    }
    starts
}

/// The key titles and labels sort by: ASCII-folded and lowercase, so that
/// Ålesund sorts with the A's and Münster after Milan, not after Zaragoza.
pub(crate) fn sort_key(text: &str) -> String {
    deunicode::deunicode(text).to_lowercase()
}

/// ASCII-folded, lowercase, hyphen-separated: "Ålesund waterfront" →
/// `alesund-waterfront`. Empty if nothing alphanumeric is left.
pub(crate) fn slugify(text: &str) -> String {
    let folded = deunicode::deunicode(text);
    let mut out = String::with_capacity(folded.len());
    let mut pending_hyphen = false;
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending_hyphen = true;
        }
    }
    out
}

/// `nature-based-solutions` → `Nature based solutions`.
pub(crate) fn humanize(name: &str) -> String {
    let spaced = name.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The candidate closest to `word`, if it is close enough to be a likely
/// typo (used for "did you mean `city`?").
pub(crate) fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(&word_lower, &candidate.to_lowercase());
        if best.is_none_or(|(s, c)| score > s || (score == s && candidate < c)) {
            best = Some((score, candidate));
        }
    }
    best.filter(|(score, _)| *score >= 0.8).map(|(_, c)| c)
}

/// A date with day or month precision (`2023-02-01` or `2023-02`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct PageDate {
    pub year: i16,
    pub month: i8,
    /// `None` for month precision.
    pub day: Option<i8>,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl PageDate {
    /// Parses `YYYY-MM-DD` or `YYYY-MM`; checks the day exists.
    pub(crate) fn parse(text: &str) -> Option<PageDate> {
        let text = text.trim();
        let parts: Vec<&str> = text.split('-').collect();
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        match parts.as_slice() {
            [y, m] if digits(y, 4) && digits(m, 2) => {
                let year: i16 = y.parse().ok()?;
                let month: i8 = m.parse().ok()?;
                jiff::civil::Date::new(year, month, 1).ok()?;
                Some(PageDate {
                    year,
                    month,
                    day: None,
                })
            }
            [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2) => {
                let year: i16 = y.parse().ok()?;
                let month: i8 = m.parse().ok()?;
                let day: i8 = d.parse().ok()?;
                jiff::civil::Date::new(year, month, day).ok()?;
                Some(PageDate {
                    year,
                    month,
                    day: Some(day),
                })
            }
            _ => None,
        }
    }

    /// `2023-02-01` or `2023-02`.
    pub(crate) fn iso(&self) -> String {
        match self.day {
            Some(d) => format!("{:04}-{:02}-{:02}", self.year, self.month, d),
            None => format!("{:04}-{:02}", self.year, self.month),
        }
    }

    /// `1 February 2023` or `February 2023`.
    pub(crate) fn display(&self) -> String {
        let month = MONTHS[(self.month.clamp(1, 12) - 1) as usize];
        match self.day {
            Some(d) => format!("{d} {month} {}", self.year),
            None => format!("{month} {}", self.year),
        }
    }

    /// RFC 3339 timestamp at midnight UTC (first of the month when the day
    /// is unknown), for feeds and sitemaps.
    pub(crate) fn rfc3339(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T00:00:00Z",
            self.year,
            self.month,
            self.day.unwrap_or(1)
        )
    }
}

/// Escapes text for HTML and XML content and attribute values. Characters
/// XML 1.0 forbids (`xml_forbidden`) are dropped: no escape can carry them,
/// and one would make a whole feed unreadable.
pub(crate) fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped_xml(&mut out, text);
    out
}

/// `escape_xml` onto the end of `out`.
pub(crate) fn push_escaped_xml(out: &mut String, text: &str) {
    // pulldown-cmark-escape writes into a String without failing.
    if has_xml_forbidden(text) {
        let _ = pulldown_cmark_escape::escape_html(out, &strip_xml_forbidden(text));
    } else {
        let _ = pulldown_cmark_escape::escape_html(out, text);
    }
}

/// A character XML 1.0 does not allow in a document, even escaped: C0
/// controls other than tab, line feed and carriage return, U+FFFE and
/// U+FFFF (lone surrogates cannot occur in a Rust string).
pub(crate) fn xml_forbidden(c: char) -> bool {
    matches!(c, '\0'..='\x08' | '\x0b' | '\x0c' | '\x0e'..='\x1f' | '\u{fffe}' | '\u{ffff}')
}

/// Whether `text` holds a character `xml_forbidden` refuses (a byte scan:
/// the usual answer is no).
pub(crate) fn has_xml_forbidden(text: &str) -> bool {
    let bytes = text.as_bytes();
    // A control byte other than tab, line feed and carriage return: tested
    // a block at a time without an early exit, which the compiler turns
    // into vector instructions.
    let control = |b: u8| b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r';
    let has_control = bytes
        .chunks(64)
        .any(|block| block.iter().fold(false, |found, &b| found | control(b)));
    // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
    has_control
        || memchr::memchr_iter(0xEF, bytes).any(|i| {
            bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF))
        })
}

/// `text` without the characters `xml_forbidden` refuses.
pub(crate) fn strip_xml_forbidden(text: &str) -> String {
    text.chars().filter(|&c| !xml_forbidden(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_never_carries_a_character_it_forbids() {
        let text =
            "a\u{0}b\u{1}c\u{8}\u{b}\u{c}\u{e}\u{1f}d\u{fffe}e\u{ffff}f\tg\nh\ri\u{fffd}\u{7f}<&";
        assert!(has_xml_forbidden(text));
        assert_eq!(strip_xml_forbidden(text), "abcdef\tg\nh\ri\u{fffd}\u{7f}<&");
        assert_eq!(escape_xml(text), "abcdef\tg\nh\ri\u{fffd}\u{7f}&lt;&amp;");
        for fine in ["", "tab\tline\ncr\r", "Ålesund – 東京 😀 \u{fffd} \u{fffc}"] {
            assert!(!has_xml_forbidden(fine), "{fine:?}");
            assert_eq!(escape_xml(fine), fine);
        }
    }

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        for text in [
            "",
            "   ",
            "one",
            " two  words ",
            "tab\tand\nnewline\r\nand\x0bvertical\x0cfeed",
            "non\u{a0}breaking and\u{2003}em\u{3000}ideographic\u{85}next",
            "Ålesund’s “waterfront” — 42 m² émigré",
            &"ab  c\td \n".repeat(100),
            &"x".repeat(600),
        ] {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn slugs_fold_to_ascii() {
        assert_eq!(slugify("Ålesund waterfront"), "alesund-waterfront");
        assert_eq!(slugify("  Münster: CoLAB / pilot "), "munster-colab-pilot");
        assert_eq!(slugify("İzmir"), "izmir");
        assert_eq!(slugify("???"), "");
    }

    #[test]
    fn nearest_suggests_close_names_only() {
        assert_eq!(nearest("citty", ["city", "country"]), Some("city"));
        assert_eq!(nearest("belfst", ["belfast", "bruges"]), Some("belfast"));
        assert_eq!(nearest("zzz", ["city", "country"]), None);
    }

    #[test]
    fn dates_check_calendar() {
        assert_eq!(
            PageDate::parse("2023-02").map(|d| d.display()),
            Some("February 2023".into())
        );
        assert_eq!(
            PageDate::parse("2024-03-21").map(|d| d.display()),
            Some("21 March 2024".into())
        );
        assert_eq!(PageDate::parse("2023-13-45"), None);
        assert_eq!(PageDate::parse("2023-02-30"), None);
        assert_eq!(PageDate::parse("23-02-01"), None);
        assert!(PageDate::parse("2023-02") < PageDate::parse("2023-02-01"));
    }
}
