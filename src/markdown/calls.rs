//! Finding shortcode calls in a body, with Zola's syntax: `{{ name(a="x",
//! n=2) }}` and `{% name(a="x") %}Markdown{% end %}`. Fenced code blocks
//! and code spans are skipped; `{{` not followed by `name(` is plain text.
//! Knows nothing of what a shortcode does (`shortcodes` does).

use std::ops::Range;
use tera::Value;

/// One argument of a call, as written.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Arg {
    pub name: String,
    pub value: Value,
    /// The whole `name="value"` in the body.
    pub span: Range<usize>,
    /// The value alone.
    pub value_span: Range<usize>,
}

/// A shortcode call in a body.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Call {
    pub name: String,
    pub args: Vec<Arg>,
    /// The call with its body and `{% end %}`.
    pub span: Range<usize>,
    /// The `{{ … }}` or `{% … %}` that opens it.
    pub head: Range<usize>,
    /// The Markdown between `{% … %}` and `{% end %}`.
    pub body: Option<Range<usize>>,
}

/// A call that is not written right, with the words saying why.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Malformed {
    pub span: Range<usize>,
    pub message: String,
}

/// The top-level calls of `text` (nested calls stay in their body), and
/// the calls that are not written right.
pub(super) fn find(text: &str) -> (Vec<Call>, Vec<Malformed>) {
    let mut calls = Vec::new();
    let mut bad = Vec::new();
    if !has_call_opening(text.as_bytes()) {
        // Most bodies: no `{{` or `{%` anywhere, so nothing to find.
        return (calls, bad);
    }
    let ends = pair_blocks(text);
    let mut scan = Scan::new(text);
    while let Some((at, block)) = scan.next_open() {
        match head(text, at, block) {
            Head::NotACall => scan.pos = at + 2,
            Head::Bad(m) => {
                scan.pos = m.span.end.max(at + 2);
                bad.push(m);
            }
            Head::Call(mut call) => {
                scan.pos = call.head.end;
                if block {
                    match ends.get(&at).copied() {
                        Some((end_start, end_end)) => {
                            call.body = Some(call.head.end..end_start);
                            call.span = at..end_end;
                        }
                        None => {
                            bad.push(Malformed {
                                span: call.head.clone(),
                                message: format!(
                                    "the shortcode `{}` is never closed: `{{% end %}}` is missing",
                                    call.name
                                ),
                            });
                            continue;
                        }
                    }
                    scan.pos = call.span.end;
                }
                calls.push(call);
            }
            Head::End(span) => {
                scan.pos = span.end;
                bad.push(Malformed {
                    span,
                    message: "`{% end %}` closes no shortcode".to_string(),
                });
            }
        }
    }
    (calls, bad)
}

/// A walk over the text that steps over code.
struct Scan<'t> {
    text: &'t str,
    pos: usize,
    /// The text's backtick runs, found when the first code span is met.
    runs: std::cell::OnceCell<BacktickRuns>,
}

impl<'t> Scan<'t> {
    fn new(text: &'t str) -> Self {
        Scan {
            text,
            pos: 0,
            runs: std::cell::OnceCell::new(),
        }
    }

    /// The next `{{` or `{%` outside code, and whether it is `{%`.
    fn next_open(&mut self) -> Option<(usize, bool)> {
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len() {
            let i = self.pos;
            let line_start = i == 0 || bytes[i - 1] == b'\n';
            if line_start && let Some(end) = fence_end(self.text, i) {
                self.pos = end;
                continue;
            }
            match bytes[i] {
                b'`' => {
                    let runs = self.runs.get_or_init(|| BacktickRuns::new(self.text));
                    self.pos = code_span_end(self.text, i, runs);
                }
                b'{' if matches!(bytes.get(i + 1), Some(b'{' | b'%')) => {
                    return Some((i, bytes[i + 1] == b'%'));
                }
                b'\n' => self.pos = i + 1,
                // Straight to what may matter next: a backtick, a brace or
                // the end of the line (the next line may open a fence).
                _ => {
                    let rest = &bytes[i + 1..];
                    self.pos =
                        memchr::memchr3(b'\n', b'`', b'{', rest).map_or(bytes.len(), |k| i + 1 + k);
                }
            }
        }
        None
    }
}

/// Whether `bytes` hold a `{{` or a `{%` anywhere (a call can open only
/// there).
pub(crate) fn has_call_opening(bytes: &[u8]) -> bool {
    memchr::memchr_iter(b'{', bytes).any(|i| matches!(bytes.get(i + 1), Some(b'{' | b'%')))
}

/// For each block call's head (by its start), the `{% end %}` that closes
/// it, as (its start, its end): one pass pairing heads and ends like
/// brackets, so that finding the calls stays linear however many blocks
/// are left open.
fn pair_blocks(text: &str) -> std::collections::HashMap<usize, (usize, usize)> {
    let mut ends = std::collections::HashMap::new();
    let mut open: Vec<usize> = Vec::new();
    let mut scan = Scan::new(text);
    while let Some((at, block)) = scan.next_open() {
        scan.pos = at + 2;
        if !block {
            continue;
        }
        match head(text, at, true) {
            Head::End(span) => {
                if let Some(start) = open.pop() {
                    ends.insert(start, (span.start, span.end));
                }
                scan.pos = span.end;
            }
            Head::Call(c) => {
                open.push(at);
                scan.pos = c.head.end;
            }
            Head::NotACall | Head::Bad(_) => {}
        }
    }
    ends
}

/// Where the fenced code block opening at `i` (a line start) ends.
fn fence_end(text: &str, i: usize) -> Option<usize> {
    let line = &text[i..];
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let mark = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let run = rest.len() - rest.trim_start_matches(mark).len();
    if indent > 3 || run < 3 {
        return None;
    }
    let fence = &rest[..run];
    let mut at = i + line.find('\n').map_or(line.len(), |n| n + 1);
    while at < text.len() {
        let l = &text[at..];
        let next = at + l.find('\n').map_or(l.len(), |n| n + 1);
        let t = l[..next - at].trim();
        if t.starts_with(fence) && t.trim_start_matches(mark).is_empty() {
            return Some(next);
        }
        at = next;
    }
    Some(text.len())
}

/// Where the code span opening at `i` ends (just past its closing
/// backticks), or just past the backticks when it is never closed.
fn code_span_end(text: &str, i: usize, runs: &BacktickRuns) -> usize {
    let run = text[i..].len() - text[i..].trim_start_matches('`').len();
    runs.next(run, i + run).map_or(i + run, |start| start + run)
}

/// Where each run of backticks of a text starts, by its length: found in
/// one pass, so that finding where every code span ends stays linear in
/// the text however many are left open (searching on from each opening
/// was quadratic: a page of unclosed runs of every length took seconds).
struct BacktickRuns(std::collections::HashMap<usize, Vec<usize>>);

impl BacktickRuns {
    fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut runs: std::collections::HashMap<usize, Vec<usize>> = Default::default();
        let mut at = 0;
        while let Some(found) = memchr::memchr(b'`', &bytes[at..]) {
            let start = at + found;
            let len = bytes[start..].iter().take_while(|&&b| b == b'`').count();
            runs.entry(len).or_default().push(start);
            at = start + len;
        }
        BacktickRuns(runs)
    }

    /// The start of the first run of exactly `len` backticks at or after
    /// `from` (where no run goes on from before).
    fn next(&self, len: usize, from: usize) -> Option<usize> {
        let starts = self.0.get(&len)?;
        starts.get(starts.partition_point(|&s| s < from)).copied()
    }
}

enum Head {
    NotACall,
    Call(Call),
    /// `{% end %}`, with its span.
    End(Range<usize>),
    Bad(Malformed),
}

/// Reads the call head opening at `at` (`{{` or, when `block`, `{%`).
fn head(text: &str, at: usize, block: bool) -> Head {
    let close = if block { "%}" } else { "}}" };
    let mut p = Parser { text, pos: at + 2 };
    p.spaces();
    let name_start = p.pos;
    let name = p.ident();
    if name.is_empty() {
        return Head::NotACall;
    }
    p.spaces();
    if block && name == "end" && p.eat(close) {
        return Head::End(at..p.pos);
    }
    if !p.eat("(") {
        return Head::NotACall;
    }
    let name = name.to_string();
    let args = match p.args() {
        Ok(args) => args,
        Err((pos, message)) => {
            // To the head's end, or the end of the line it breaks on.
            let line_end = text[pos..].find('\n').map_or(text.len(), |e| pos + e);
            let end = text[pos..line_end]
                .find(close)
                .map_or(line_end, |e| pos + e + 2);
            return Head::Bad(Malformed {
                span: at..end.max(at + 2),
                message: format!("the shortcode `{name}` is not written right: {message}"),
            });
        }
    };
    p.spaces();
    if !p.eat(close) {
        return Head::Bad(Malformed {
            span: at..p.pos.max(name_start + 1),
            message: format!(
                "the shortcode `{name}` is not written right: `{close}` expected after `)`"
            ),
        });
    }
    Head::Call(Call {
        name,
        args,
        span: at..p.pos,
        head: at..p.pos,
        body: None,
    })
}

/// Reads the inside of a call head.
struct Parser<'t> {
    text: &'t str,
    pos: usize,
}

type ParseError = (usize, String);

impl<'t> Parser<'t> {
    fn rest(&self) -> &'t str {
        &self.text[self.pos..]
    }

    fn spaces(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn eat(&mut self, s: &str) -> bool {
        let found = self.rest().starts_with(s);
        if found {
            self.pos += s.len();
        }
        found
    }

    fn ident(&mut self) -> &'t str {
        let rest = self.rest();
        let first_ok = rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let len = if first_ok { len } else { 0 };
        self.pos += len;
        &rest[..len]
    }

    /// `name=value, …)`, the `(` already read.
    fn args(&mut self) -> Result<Vec<Arg>, ParseError> {
        let mut args = Vec::new();
        loop {
            self.spaces();
            if self.eat(")") {
                return Ok(args);
            }
            let start = self.pos;
            let name = self.ident().to_string();
            if name.is_empty() {
                return Err((
                    self.pos,
                    "an argument name (like `alt=`) or `)` expected".into(),
                ));
            }
            self.spaces();
            if !self.eat("=") {
                return Err((self.pos, format!("`=` and a value expected after `{name}`")));
            }
            self.spaces();
            let value_start = self.pos;
            let value = self.value()?;
            args.push(Arg {
                name,
                value,
                span: start..self.pos,
                value_span: value_start..self.pos,
            });
            self.spaces();
            if !self.eat(",") {
                self.spaces();
                if self.eat(")") {
                    return Ok(args);
                }
                return Err((self.pos, "`,` or `)` expected after a value".into()));
            }
        }
    }

    /// A string in quotes, a number, `true`/`false` or a list `[…]`.
    fn value(&mut self) -> Result<Value, ParseError> {
        let rest = self.rest();
        if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            return self.string(q).map(Value::from);
        }
        if self.eat("[") {
            let mut items = Vec::new();
            loop {
                self.spaces();
                if self.eat("]") {
                    return Ok(Value::from(items));
                }
                items.push(self.value()?);
                self.spaces();
                if !self.eat(",") {
                    self.spaces();
                    if self.eat("]") {
                        return Ok(Value::from(items));
                    }
                    return Err((self.pos, "`,` or `]` expected in a list".into()));
                }
            }
        }
        for (word, b) in [("true", true), ("false", false)] {
            if self.eat(word) {
                return Ok(Value::from(b));
            }
        }
        let len = rest
            .find(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | '.')))
            .unwrap_or(rest.len());
        let number = &rest[..len];
        if let Ok(i) = number.parse::<i64>() {
            self.pos += len;
            return Ok(Value::from(i));
        }
        if let Ok(f) = number.parse::<f64>() {
            self.pos += len;
            return Ok(Value::from(f));
        }
        Err((
            self.pos,
            "a value expected: text in quotes (\"…\"), a number, true, false or a list […]".into(),
        ))
    }

    /// A quoted string; `\"`, `\\` and `\n` are escapes.
    fn string(&mut self, quote: char) -> Result<String, ParseError> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some((_, 'n')) => out.push('\n'),
                    Some((_, e)) => out.push(e),
                    None => break,
                },
                c if c == quote => {
                    self.pos += i + 1;
                    return Ok(out);
                }
                c => out.push(c),
            }
        }
        Err((
            start,
            format!("this text is never closed: add a {quote} at its end"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_and_block_calls_are_found_outside_code() {
        let text = "a {{ figure(src=\"p.png\", n=2, ok=true, l=[\"x\", 1]) }} b\n\n```\n{{ no(a=1) }}\n```\n`{{ no() }}` {{ not a call }}\n{% callout(kind='note') %}\nHi {% quote() %}q{% end %}\n{% end %}\n";
        let (calls, bad) = find(text);
        assert_eq!(bad, []);
        let names: Vec<&str> = calls.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["figure", "callout"]);
        assert_eq!(calls[0].args.len(), 4);
        assert_eq!(&text[calls[0].args[0].value_span.clone()], "\"p.png\"");
        assert_eq!(calls[0].args[1].value, Value::from(2));
        let body = calls[1].body.clone().unwrap();
        assert_eq!(&text[body], "\nHi {% quote() %}q{% end %}\n");
        assert!(text[calls[1].span.clone()].ends_with("{% end %}"));
    }

    #[test]
    fn a_code_span_closes_only_at_a_run_of_its_own_length() {
        // Runs of one, three and four backticks left open (no later run
        // of their length), then a span of two that hides a call.
        let text = "` ``` ```` {{ a() }} ``{{ hidden() }}`` {{ b() }}";
        let (calls, bad) = find(text);
        let names: Vec<&str> = calls.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["a", "b"], "{bad:?}");
        // A run of two opens a span that the later run of two closes.
        let text = "x ``a {{ c() }} `` {{ d() }}";
        let names: Vec<String> = find(text).0.into_iter().map(|c| c.name).collect();
        assert_eq!(names, ["d"]);
    }

    #[test]
    fn calls_not_written_right() {
        let (_, bad) = find("{{ figure(src=\"p.png) }}\n");
        assert!(bad[0].message.contains("never closed"), "{bad:?}");
        let (_, bad) = find("{% callout(kind=\"note\") %}\ntext\n");
        assert!(bad[0].message.contains("`{% end %}` is missing"), "{bad:?}");
        let (_, bad) = find("{{ figure(src=plan.png) }}");
        assert!(bad[0].message.contains("text in quotes"), "{bad:?}");
        let (_, bad) = find("x {% end %}");
        assert_eq!(bad[0].span, 2..11);
        let text = "{{ figure(src=é) }} {{ f(a=\"x\" é) }}\n{{ g(\"é";
        let (_, bad) = find(text);
        assert_eq!(bad.len(), 3, "{bad:?}");
        for b in bad {
            assert!(text.get(b.span.clone()).is_some(), "{b:?}");
        }
    }

    #[test]
    fn blocks_pair_like_brackets() {
        let (calls, bad) = find("{% a() %}{% b() %}{% c() %}x{% end %}");
        assert_eq!(bad.len(), 2, "{bad:?}");
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].name, "c");
        assert_eq!(calls[0].body, Some(27..28));
    }
}
