//! The one `Diagnostic` type every stage produces, and its three renderings
//! (human rustc-style, GitHub workflow commands, JSON). Stages never print.

use serde::Serialize;
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one file. `line` and `column` are 1-based; `column` counts
/// characters, not bytes. `line == 0` means "the whole file".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    /// Path relative to the hub root, with `/` separators.
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
    /// The source line the problem is on, for the caret display; a long
    /// line is cut to a window around the column (see `quote`).
    #[serde(skip)]
    pub source_line: Option<String>,
    /// How many characters of the line were cut before `source_line`
    /// starts: the caret goes at `column - snippet_shift`.
    #[serde(skip)]
    pub snippet_shift: usize,
    /// How many characters the caret underlines (at least 1).
    #[serde(skip)]
    pub width: usize,
}

impl Diagnostic {
    pub(crate) fn error(
        code: &'static str,
        file: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Error,
            code,
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            hint: None,
            source_line: None,
            snippet_shift: 0,
            width: 1,
        }
    }

    pub(crate) fn warning(
        code: &'static str,
        file: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, file, message)
        }
    }

    /// Points the diagnostic at `line:column` of `text` (the whole file), and
    /// keeps that line for display.
    pub(crate) fn at(mut self, text: &str, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column.max(1);
        if let Some(l) = text.lines().nth(line.saturating_sub(1)) {
            self.quote(l);
        }
        self
    }

    /// Keeps `line` (the one the diagnostic points at) for display. A line
    /// longer than `SNIPPET_CHARS` is cut to a window around the column, so
    /// that many problems on one huge line cost neither memory nor time.
    pub(crate) fn quote(&mut self, line: &str) {
        self.quote_from(&mut LineCursor::new(line));
    }

    /// Like `quote`, for diagnostics of one line taken in column order:
    /// the cursor walks the line once for all of them.
    pub(crate) fn quote_from(&mut self, cursor: &mut LineCursor<'_>) {
        let line = cursor.line;
        if line.len() <= SNIPPET_CHARS {
            self.source_line = Some(line.to_string());
            self.snippet_shift = 0;
            return;
        }
        let start = self.column.saturating_sub(SNIPPET_CHARS / 3 + 1);
        let from = cursor.byte_at(start);
        let mut window: String = if start > 0 {
            "…".into()
        } else {
            String::new()
        };
        let mut chars = line[from..].chars();
        window.extend(chars.by_ref().take(SNIPPET_CHARS));
        if chars.next().is_some() {
            window.push('…');
        }
        self.snippet_shift = start.saturating_sub(usize::from(start > 0));
        self.source_line = Some(window);
    }

    /// Points the diagnostic at `line:column`, quoting `line_text` (that
    /// line's text), when the caller has the line at hand.
    pub(crate) fn at_line(mut self, line_text: &str, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column.max(1);
        self.quote(line_text);
        self
    }

    /// At a place worked out earlier (see [`Spot`]), when the text is gone.
    pub(crate) fn at_spot(mut self, spot: &Spot) -> Self {
        self.line = spot.line;
        self.column = spot.column.max(1);
        self.width = spot.width.max(1);
        self
    }

    pub(crate) fn width(mut self, width: usize) -> Self {
        self.width = width.max(1);
        self
    }

    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A line (without its line end) and a character position in it, found by
/// walking forward from the last one asked for.
pub(crate) struct LineCursor<'a> {
    line: &'a str,
    chars: usize,
    byte: usize,
}

impl<'a> LineCursor<'a> {
    pub(crate) fn new(line: &'a str) -> Self {
        let line = line.trim_end_matches(['\r', '\n']);
        LineCursor {
            line,
            chars: 0,
            byte: 0,
        }
    }

    /// The byte offset of character `index` (the end if the line is shorter).
    fn byte_at(&mut self, index: usize) -> usize {
        if index < self.chars {
            (self.chars, self.byte) = (0, 0);
        }
        let mut rest = self.line[self.byte..].char_indices();
        while self.chars < index {
            match rest.next() {
                Some(_) => self.chars += 1,
                None => return self.line.len(),
            }
            self.byte = self.line.len() - rest.as_str().len();
        }
        self.byte
    }
}

/// The most characters of a source line a diagnostic keeps.
pub(crate) const SNIPPET_CHARS: usize = 160;

/// Where something sits in a source file (line, column and underline
/// width), noted while the file's text is at hand so that a diagnostic can
/// point at it after the text has been freed: a page's body links are
/// checked only once every page is known, and holding every body until
/// then would double the memory of a large hub. The quoted source line is
/// added when diagnostics are reported (`source::quote_lines`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Spot {
    pub line: usize,
    pub column: usize,
    pub width: usize,
}

/// Finds the spots of byte ranges of one text in a single forward pass
/// when asked in order (a body's links are).
pub(crate) struct SpotFinder<'a> {
    text: &'a str,
    /// Byte offset reached, and the line and character column it is at.
    pos: usize,
    line: usize,
    column: usize,
    /// Where the line of `pos` starts, and a cursor over it for quoting.
    line_start: usize,
    cursor: Option<(usize, LineCursor<'a>)>,
}

impl<'a> SpotFinder<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        SpotFinder {
            text,
            pos: 0,
            line: 1,
            column: 1,
            line_start: 0,
            cursor: None,
        }
    }

    /// Quotes the line of the last spot found into `diag` (which points at
    /// that spot), walking each line once for all its diagnostics.
    pub(crate) fn quote(&mut self, diag: &mut Diagnostic) {
        let (start, text) = (self.line_start, self.text);
        let cursor = match &mut self.cursor {
            Some((at, cursor)) if *at == start => cursor,
            slot => {
                let rest = &text[start..];
                let end = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
                &mut slot.insert((start, LineCursor::new(&rest[..end]))).1
            }
        };
        diag.quote_from(cursor);
    }

    pub(crate) fn spot(&mut self, range: std::ops::Range<usize>) -> Spot {
        let mut start = range.start.min(self.text.len());
        while !self.text.is_char_boundary(start) {
            start -= 1;
        }
        if start < self.pos {
            *self = SpotFinder::new(self.text);
        }
        let skipped = &self.text[self.pos..start];
        match memchr::memrchr(b'\n', skipped.as_bytes()) {
            Some(last) => {
                self.line_start = self.pos + last + 1;
                self.line += memchr::memchr_iter(b'\n', skipped.as_bytes()).count();
                self.column = skipped[last + 1..].chars().count() + 1;
            }
            // Several links on one long line: count on from the last one.
            None => self.column += skipped.chars().count(),
        }
        self.pos = start;
        let end = range.end.clamp(start, self.text.len());
        let width = self
            .text
            .get(start..end)
            .and_then(|t| t.lines().next())
            .map_or(1, |l| l.chars().count());
        Spot {
            line: self.line,
            column: self.column,
            width,
        }
    }
}

/// 1-based line and character column of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

/// Sorts by file, then line, then column, errors before warnings, and drops
/// exact duplicates, so output is stable whatever order stages ran in.
pub(crate) fn sort(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity, a.code, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.severity, b.code, &b.message))
    });
    diags.dedup();
}

/// The most diagnostics listed for one file; more are summed up in one.
pub(crate) const MAX_PER_FILE: usize = 100;

/// After `sort`: keeps the first `MAX_PER_FILE` diagnostics of each file
/// and replaces the rest with one saying how many were left out, so a file
/// with thousands of the same mistake gives a readable list, fast.
pub(crate) fn limit_per_file(diags: &mut Vec<Diagnostic>) {
    let mut kept: Vec<Diagnostic> = Vec::with_capacity(diags.len().min(4096));
    let mut run = 0;
    let mut hidden: Option<Diagnostic> = None;
    let mut hidden_count = 0;
    let flush = |kept: &mut Vec<Diagnostic>, hidden: &mut Option<Diagnostic>, n: &mut usize| {
        if let Some(mut d) = hidden.take() {
            d.message = format!("{n} more problems in this file are not listed");
            kept.push(d);
        }
        *n = 0;
    };
    for d in diags.drain(..) {
        if kept.last().is_none_or(|k| k.file != d.file)
            && hidden.as_ref().is_none_or(|h| h.file != d.file)
        {
            flush(&mut kept, &mut hidden, &mut hidden_count);
            run = 0;
        }
        run += 1;
        if run <= MAX_PER_FILE {
            kept.push(d);
            continue;
        }
        hidden_count += 1;
        let summary = hidden.get_or_insert_with(|| {
            Diagnostic::warning("more-problems", d.file.clone(), String::new())
                .hint("fix the problems listed above and run the check again to see the rest")
        });
        if d.is_error() {
            summary.severity = Severity::Error;
        }
    }
    flush(&mut kept, &mut hidden, &mut hidden_count);
    *diags = kept;
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub files: usize,
}

pub(crate) fn counts(diags: &[Diagnostic]) -> Counts {
    let mut files: Vec<&str> = diags.iter().map(|d| d.file.as_str()).collect();
    files.sort_unstable();
    files.dedup();
    Counts {
        errors: diags.iter().filter(|d| d.is_error()).count(),
        warnings: diags.iter().filter(|d| !d.is_error()).count(),
        files: files.len(),
    }
}

/// `3 errors, 1 warning in 2 files`.
pub(crate) fn summary_line(diags: &[Diagnostic]) -> String {
    let c = counts(diags);
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    format!(
        "{}, {} in {}",
        plural(c.errors, "error"),
        plural(c.warnings, "warning"),
        plural(c.files, "file")
    )
}

/// rustc-style text with the source line and a caret. `color` adds ANSI
/// styles (only when writing to a terminal).
pub(crate) fn render_human(diag: &Diagnostic, color: bool) -> String {
    use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
    let level = match diag.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let location = if diag.line == 0 {
        diag.file.clone()
    } else {
        format!("{}:{}:{}", diag.file, diag.line, diag.column)
    };
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut groups: Vec<Group<'_>> = Vec::new();
    let title = level
        .clone()
        .primary_title(diag.message.as_str())
        .id(diag.code);
    match &diag.source_line {
        Some(line) if diag.line > 0 => {
            let column = diag.column.saturating_sub(diag.snippet_shift + 1);
            let start = char_to_byte(line, column);
            let end = char_to_byte(line, column + diag.width).max(start);
            // An empty span still draws a caret at the end of the line.
            let snippet = Snippet::source(line.as_str())
                .line_start(diag.line)
                .path(diag.file.as_str())
                .annotation(AnnotationKind::Primary.span(start..end));
            groups.push(title.element(snippet));
        }
        _ => {
            groups.push(title.element(annotate_snippets::Origin::path(location.as_str())));
        }
    }
    if let Some(hint) = &diag.hint {
        groups.push(Group::with_title(
            Level::HELP.secondary_title(hint.as_str()),
        ));
    }
    let mut out = renderer.render(&groups);
    out.push('\n');
    out
}

fn char_to_byte(line: &str, chars: usize) -> usize {
    line.char_indices()
        .nth(chars)
        .map_or(line.len(), |(i, _)| i)
}

/// One GitHub Actions workflow command per diagnostic, so each problem is
/// annotated on its line of the pull request.
pub(crate) fn render_github(diag: &Diagnostic) -> String {
    let command = match diag.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = format!("file={}", escape_property(&diag.file));
    if diag.line > 0 {
        // The end is one past the last character underlined, on the same line.
        let _ = write!(
            props,
            ",line={},endLine={},col={},endColumn={}",
            diag.line,
            diag.line,
            diag.column,
            diag.column + diag.width.max(1)
        );
    }
    let _ = write!(props, ",title={}", escape_property(&title_for(diag.code)));
    let mut message = diag.message.clone();
    if let Some(hint) = &diag.hint {
        message.push_str("\nhelp: ");
        message.push_str(hint);
    }
    format!("::{command} {props}::{}\n", escape_data(&message))
}

/// The code as words: `unknown-field` → `unknown field`.
fn title_for(code: &str) -> String {
    code.replace('-', " ")
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    code: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
    hint: Option<&'a str>,
}

/// One JSON array of `{severity, code, file, line, column, message, hint}`.
pub(crate) fn render_json(diags: &[Diagnostic]) -> String {
    let items: Vec<JsonDiagnostic<'_>> = diags
        .iter()
        .map(|d| JsonDiagnostic {
            severity: d.severity,
            code: d.code,
            file: &d.file,
            line: d.line,
            column: d.column,
            message: &d.message,
            hint: d.hint.as_deref(),
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spots_found_in_one_pass_agree_with_line_col() {
        let text = "é [a](x) and [b](y) — [c](z)\r\n\nsecond ü [d](w)\nthird";
        let starts: Vec<usize> = text.match_indices('[').map(|(i, _)| i).collect();
        let mut finder = SpotFinder::new(text);
        // In order, then out of order (the finder starts again).
        for &start in starts.iter().chain(starts.iter().rev()) {
            let spot = finder.spot(start..start + 3);
            assert_eq!(
                (spot.line, spot.column),
                line_col(text, start),
                "at byte {start}"
            );
        }
    }

    #[test]
    fn long_lines_are_quoted_as_a_window_around_the_column() {
        let line = format!("{}[bad](x){}", "a".repeat(5000), "b".repeat(5000));
        let d = Diagnostic::error("bad-link", "content/x.md", "bad")
            .at(&line, 1, 5001)
            .width(8);
        let shown = d.source_line.as_deref().unwrap();
        assert!(shown.chars().count() <= SNIPPET_CHARS + 2);
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        let caret_at = d.column - d.snippet_shift - 1;
        let under: String = shown.chars().skip(caret_at).take(8).collect();
        assert_eq!(under, "[bad](x)");
        let text = render_human(&d, false);
        assert!(text.contains("^^^^^^^^"), "{text}");
        // Short lines are kept whole.
        let d = Diagnostic::error("bad-link", "content/x.md", "bad").at("ab [c](d)", 1, 4);
        assert_eq!(
            (d.source_line.as_deref(), d.snippet_shift),
            (Some("ab [c](d)"), 0)
        );
    }

    #[test]
    fn more_than_the_limit_in_one_file_is_summed_up() {
        let mut diags: Vec<Diagnostic> = (1..=MAX_PER_FILE + 50)
            .map(|i| Diagnostic::warning("w", "content/a.md", format!("w{i}")).at("x\n", 1, i))
            .chain([Diagnostic::error("e", "content/a.md", "e").at("x\n", 1, 10_000)])
            .chain([Diagnostic::error("e", "content/b.md", "b")])
            .collect();
        sort(&mut diags);
        limit_per_file(&mut diags);
        let in_a: Vec<&Diagnostic> = diags.iter().filter(|d| d.file == "content/a.md").collect();
        assert_eq!(in_a.len(), MAX_PER_FILE + 1);
        let last = in_a[MAX_PER_FILE];
        assert_eq!(last.message, "51 more problems in this file are not listed");
        assert!(
            last.is_error(),
            "an error among the hidden ones makes the summary an error"
        );
        assert_eq!(diags.iter().filter(|d| d.file == "content/b.md").count(), 1);
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "a: 1\nçé: x\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 5), (2, 1));
        // byte 10 is after "çé: " (4 chars, 6 bytes)
        assert_eq!(line_col(text, 11), (2, 5));
    }

    #[test]
    fn github_escapes_properties_and_data() {
        let d =
            Diagnostic::error("bad-value", "content/a,b:c.md", "50% done\r\nnext").at("x\n", 1, 1);
        assert_eq!(
            render_github(&d),
            "::error file=content/a%2Cb%3Ac.md,line=1,endLine=1,col=1,endColumn=2,title=bad value::50%25 done%0D%0Anext\n"
        );
    }

    #[test]
    fn summary_pluralises() {
        let d = vec![
            Diagnostic::error("x", "a", "m"),
            Diagnostic::error("x", "b", "m"),
            Diagnostic::warning("y", "b", "m"),
        ];
        assert_eq!(summary_line(&d), "2 errors, 1 warning in 2 files");
    }
}
