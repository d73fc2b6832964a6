//! The only module that touches `serde_yaml` (the maintained `yaml_serde`
//! fork): parses YAML text into our own `Yaml` tree and finds where a key
//! path sits in the text, so callers can point diagnostics at it. The tree
//! is built by our own visitor, not through `serde_yaml::Value`, so that a
//! duplicate, empty or non-text key is reported at the key itself and a
//! number too large for 64 bits is kept as written.
//!
//! This file: the `Yaml` tree, `parse` and its errors' positions; `tree`:
//! the visitor that builds the tree and refuses unusable keys; `locate`:
//! where a key, value or list item is written in the text.

mod locate;
mod tree;

pub(crate) use locate::{Locator, locate_item, locate_key, locate_value, written_scalar};
use tree::KeyProblem;

/// A parsed YAML value. Mappings keep their key order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Yaml {
    Null,
    Bool(bool),
    Int(i64),
    /// A whole number outside the 64-bit range, as its decimal digits.
    BigInt(String),
    Float(f64),
    Str(String),
    List(Vec<Yaml>),
    Map(Vec<(String, Yaml)>),
}

impl Yaml {
    /// A short English name of the value's type, for messages.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Yaml::Null => "nothing",
            Yaml::Bool(_) => "true/false",
            Yaml::Int(_) | Yaml::BigInt(_) => "a whole number",
            Yaml::Float(_) => "a number",
            Yaml::Str(_) => "text",
            Yaml::List(_) => "a list",
            Yaml::Map(_) => "a mapping",
        }
    }

    pub(crate) fn get(&self, key: &str) -> Option<&Yaml> {
        match self {
            Yaml::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value as it would be written in YAML, for messages.
    pub(crate) fn display(&self) -> String {
        match self {
            Yaml::Null => "null".into(),
            Yaml::Bool(b) => b.to_string(),
            Yaml::Int(i) => i.to_string(),
            Yaml::BigInt(digits) => digits.clone(),
            Yaml::Float(f) => f.to_string(),
            Yaml::Str(s) => s.clone(),
            Yaml::List(items) => format!(
                "[{}]",
                items
                    .iter()
                    .map(Yaml::display)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Yaml::Map(_) => "{…}".into(),
        }
    }
}

/// A YAML syntax error with its 1-based position in the parsed text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct YamlError {
    pub message: String,
    pub line: usize,
    pub column: usize,
    /// What to do about it, when we know better than the parser's words
    /// (a duplicate or unusable key).
    pub hint: Option<String>,
}

/// Parses one YAML document. Empty text is `Yaml::Null`.
pub(crate) fn parse(text: &str) -> Result<Yaml, YamlError> {
    if text.trim().is_empty() {
        return Ok(Yaml::Null);
    }
    if let Some((line, column)) = too_deep(text) {
        return Err(YamlError {
            message: format!("brackets are nested more than {MAX_FLOW_DEPTH} levels deep here"),
            line,
            column,
            hint: Some("write the value without so many brackets inside each other".into()),
        });
    }
    match serde_yaml::from_str::<Yaml>(text) {
        Ok(value) => Ok(value),
        Err(err) => {
            let (line, column) = err
                .location()
                .map_or((1, 1), |l| position_in_text(text, l.line(), l.column()));
            let raw = err.to_string();
            if let Some(problem) = KeyProblem::from_message(&raw) {
                return Err(problem.error(text, line, column));
            }
            // An unclosed quote is found at the end of the text; point at
            // the quote that opens it instead.
            if let Some((qline, qcol)) = context_at(&raw, "while scanning a quoted scalar")
                .map(|(qline, qcol)| position_in_text(text, qline, qcol))
            {
                return Err(YamlError {
                    message: "the quote that starts here is never closed".into(),
                    line: qline,
                    column: qcol,
                    hint: None,
                });
            }
            // So is an unclosed `[` or `{`, often lines later.
            if let Some(error) = unclosed_bracket(text, &raw) {
                return Err(error);
            }
            Err(YamlError {
                message: clean_message(&raw),
                line,
                column,
                hint: None,
            })
        }
    }
}

/// Deepest `[`/`{` nesting accepted. libyaml's scanner rechecks every open
/// level at each token, so deep nesting costs time quadratic in the depth
/// (100,000 levels: 29 s); no front matter or hub.yaml needs more than a few.
pub(crate) const MAX_FLOW_DEPTH: usize = 64;

/// The 1-based line and column of the first bracket nested deeper than
/// `MAX_FLOW_DEPTH`, skipping quoted text and comments. One linear pass.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let (mut depth, mut line, mut column) = (0usize, 1usize, 0usize);
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut previous = '\n';
    for c in text.chars() {
        column += 1;
        match (quote, c) {
            (_, '\n') => {
                (line, column, comment) = (line + 1, 0, false);
                previous = c;
                continue;
            }
            _ if comment => {}
            // A double-quoted scalar may escape its quote; a single-quoted
            // one doubles it, which reads as closing and reopening.
            (Some('"'), '\\') if previous == '\\' => {
                previous = ' ';
                continue;
            }
            (Some(q), c) if c == q && !(q == '"' && previous == '\\') => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if !previous.is_alphanumeric() => quote = Some(c),
            (None, '#') if previous.is_whitespace() => comment = true,
            (None, '[' | '{') => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some((line, column));
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        previous = c;
    }
    None
}

/// The `line N column M` of "`context` at line N column M" in a libyaml
/// message (such as "while scanning a quoted scalar"), if that is the
/// context.
fn context_at(message: &str, context: &str) -> Option<(usize, usize)> {
    let rest = message.split(context).nth(1)?.strip_prefix(" at line ")?;
    let mut words = rest.split([' ', ',']);
    let line = words.next()?.parse().ok()?;
    if words.next()? != "column" {
        return None;
    }
    let column = words.next()?.parse().ok()?;
    Some((line, column))
}

/// The error of a `[` list or `{` map never closed, at its bracket, from
/// libyaml's message: it names the bracket ("while parsing a flow
/// sequence at line N column M"), or, when the text ends inside it ("while
/// parsing a flow node"), the last bracket left open is the one.
fn unclosed_bracket(text: &str, message: &str) -> Option<YamlError> {
    let named = [
        ("while parsing a flow sequence", '['),
        ("while parsing a flow mapping", '{'),
    ];
    let (line, column, bracket) = named
        .iter()
        .find_map(|&(context, bracket)| {
            let (line, column) = context_at(message, context)?;
            let (line, column) = position_in_text(text, line, column);
            Some((line, column, bracket))
        })
        .or_else(|| {
            message
                .contains("while parsing a flow node")
                .then(|| last_open_bracket(text))?
        })?;
    let (what, close, last, example) = match bracket {
        '[' => ("list", ']', "item", "[a, b]"),
        _ => ("group", '}', "field", "{a: 1, b: 2}"),
    };
    Some(YamlError {
        message: format!("the {what} that starts with `{bracket}` here is never closed"),
        line,
        column,
        hint: Some(format!(
            "add `{close}` after the {what}'s last {last} (`{example}`), or remove the `{bracket}`"
        )),
    })
}

/// The 1-based line and column of the last `[` or `{` that opens a list
/// or map (at the start of a value or item, or inside another) and is left
/// open at the end of `text`; quoted text and comments are skipped.
fn last_open_bracket(text: &str) -> Option<(usize, usize, char)> {
    let mut open: Vec<(usize, usize, char)> = Vec::new();
    let mut quote: Option<char> = None;
    let mut last = '\n';
    for (i, line) in text.split('\n').enumerate() {
        let mut comment = false;
        for (column, c) in line.chars().enumerate() {
            match (quote, c) {
                _ if comment => {}
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if !last.is_alphanumeric() => quote = Some(c),
                (None, '#') if last.is_whitespace() => comment = true,
                (None, '[' | '{') if matches!(last, ':' | '-' | '[' | '{' | ',' | '\n') => {
                    open.push((i + 1, column + 1, c));
                }
                (None, ']' | '}') if !open.is_empty() => {
                    open.pop();
                }
                _ => {}
            }
            if !c.is_whitespace() {
                last = c;
            }
        }
        if quote.is_none() && open.is_empty() {
            last = '\n';
        }
    }
    open.pop()
}

/// Our 1-based line and column (lines end at `\n` only) of the place
/// libyaml calls `line`:`column`: libyaml also ends lines at a lone `\r`,
/// NEL, LS and PS, which a file saved with mixed line endings contains.
fn position_in_text(text: &str, line: usize, column: usize) -> (usize, usize) {
    let (mut yaml, mut ours) = ((1, 1), (1, 1));
    let mut chars = text.chars().peekable();
    while yaml < (line, column) {
        let Some(c) = chars.next() else { break };
        match c {
            '\n' => (yaml, ours) = ((yaml.0 + 1, 1), (ours.0 + 1, 1)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                (yaml, ours) = ((yaml.0 + 1, 1), (ours.0, ours.1 + 1));
            }
            _ => (yaml, ours) = ((yaml.0, yaml.1 + 1), (ours.0, ours.1 + 1)),
        }
    }
    ours
}

/// serde_yaml appends " at line N column M" to messages; we show the
/// position separately, relative to the whole file.
fn clean_message(message: &str) -> String {
    let message = match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    message.trim_end_matches('.').to_string()
}

/// `value` written as YAML (block style, strings quoted where YAML would
/// read them as something else), for the files clusterhub generates into
/// the hub (`forms`). Empty when it cannot be written.
pub(crate) fn to_text<T: serde::Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_scalars_lists_and_maps_in_order() {
        let y = parse("b: 1\na: [x, 'y']\nc: 2.5\nd: true\ne: 2023-02-01\n").unwrap();
        let Yaml::Map(entries) = y else { panic!() };
        let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["b", "a", "c", "d", "e"]);
        assert_eq!(entries[0].1, Yaml::Int(1));
        assert_eq!(entries[2].1, Yaml::Float(2.5));
        assert_eq!(entries[4].1, Yaml::Str("2023-02-01".into()));
    }

    #[test]
    fn errors_after_a_lone_carriage_return_point_into_the_text() {
        // libyaml ends a line at the lone `\r`; the file has one line here.
        let err = parse("a: 1\rb: c: d\n").unwrap_err();
        let (line, column) = (err.line, err.column);
        assert_eq!(line, 1, "{err:?}");
        assert_eq!(&"a: 1\rb: c: d"[column - 1..column], ":", "{err:?}");
        // And at a line separator, after a CRLF.
        let err = parse("x: 0\r\na: 1\u{2028}b: 'open\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 9), "{err:?}");
    }

    #[test]
    fn deep_brackets_are_refused_where_they_get_too_deep() {
        let deep = format!("a: {}{}\n", "[".repeat(100), "]".repeat(100));
        let e = parse(&format!("t: x\n{deep}")).unwrap_err();
        assert_eq!((e.line, e.column), (2, 4 + MAX_FLOW_DEPTH));
        assert!(e.message.contains("nested more than"));
        // Brackets in quotes and comments do not count.
        let quoted = format!(
            "a: \"{}\"\nb: '{}' # {}\n",
            "[".repeat(100),
            "{".repeat(100),
            "[".repeat(100)
        );
        assert!(parse(&quoted).is_ok());
        let shallow = format!(
            "a: {}{}\n",
            "[".repeat(MAX_FLOW_DEPTH),
            "]".repeat(MAX_FLOW_DEPTH)
        );
        assert!(parse(&shallow).is_ok());
    }

    #[test]
    fn syntax_error_has_position() {
        let err = parse("a: 1\n  b: 2\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(!err.message.contains(" at line "));
    }

    #[test]
    fn an_unclosed_bracket_is_shown_where_it_opens() {
        let cases = [
            // The text ends inside the list.
            ("title: Pilot\ncity: [\n", (2, 7), "list"),
            // The next field is read as more of the list.
            (
                "city: belfast\nmethods: [five-up\ndomains: [mobility]\n",
                (2, 10),
                "list",
            ),
            ("title: Pilot\ncity: {a: 1\n", (2, 7), "group"),
            ("a: [b, [c, d]\ne: 1\n", (1, 4), "list"),
        ];
        for (text, at, what) in cases {
            let err = parse(text).unwrap_err();
            assert_eq!((err.line, err.column), at, "{text:?}: {err:?}");
            assert!(err.message.contains(what), "{err:?}");
            assert!(err.message.contains("never closed"), "{err:?}");
            assert!(
                err.hint.as_deref().is_some_and(|h| h.starts_with("add `")),
                "{err:?}"
            );
        }
        // A bracket inside a plain value opens nothing.
        assert_eq!(last_open_bracket("title: Notes [draft\n"), None);
        assert_eq!(last_open_bracket("a: '[x'\nb: [\n"), Some((2, 4, '[')));
    }

    #[test]
    fn unclosed_quote_points_at_the_quote() {
        let err = parse("x: 1\ntitle: \"unclosed\nnext: 1\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 8));
        assert!(err.message.contains("never closed"));
    }
}
