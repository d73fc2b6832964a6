//! The only module that touches `serde_yaml` (the maintained `yaml_serde`
//! fork): parses YAML text into our own `Yaml` tree and finds where a key
//! path sits in the text, so callers can point diagnostics at it.

/// A parsed YAML value. Mappings keep their key order.
#[derive(Debug, Clone, PartialEq)]
pub enum Yaml {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Yaml>),
    Map(Vec<(String, Yaml)>),
}

impl Yaml {
    /// A short English name of the value's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Yaml::Null => "nothing",
            Yaml::Bool(_) => "true/false",
            Yaml::Int(_) => "a whole number",
            Yaml::Float(_) => "a number",
            Yaml::Str(_) => "text",
            Yaml::List(_) => "a list",
            Yaml::Map(_) => "a mapping",
        }
    }

    pub fn get(&self, key: &str) -> Option<&Yaml> {
        match self {
            Yaml::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value as it would be written in YAML, for messages.
    pub fn display(&self) -> String {
        match self {
            Yaml::Null => "null".into(),
            Yaml::Bool(b) => b.to_string(),
            Yaml::Int(i) => i.to_string(),
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
pub struct YamlError {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

/// Parses one YAML document. Empty text is `Yaml::Null`.
pub fn parse(text: &str) -> Result<Yaml, YamlError> {
    if text.trim().is_empty() {
        return Ok(Yaml::Null);
    }
    if let Some((line, column)) = too_deep(text) {
        return Err(YamlError {
            message: format!("brackets are nested more than {MAX_FLOW_DEPTH} levels deep here"),
            line,
            column,
        });
    }
    match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Ok(value) => Ok(convert(value)),
        Err(err) => {
            let (line, column) = err.location().map_or((1, 1), |l| (l.line(), l.column()));
            let raw = err.to_string();
            // An unclosed quote is found at the end of the text; point at
            // the quote that opens it instead.
            if let Some((qline, qcol)) = quote_start(&raw) {
                return Err(YamlError {
                    message: "the quote that starts here is never closed".into(),
                    line: qline,
                    column: qcol,
                });
            }
            Err(YamlError {
                message: clean_message(&raw),
                line,
                column,
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

/// The `line N column M` of "while scanning a quoted scalar at line N
/// column M" in a libyaml message, if that is the context.
fn quote_start(message: &str) -> Option<(usize, usize)> {
    let rest = message
        .split("while scanning a quoted scalar at line ")
        .nth(1)?;
    let mut words = rest.split([' ', ',']);
    let line = words.next()?.parse().ok()?;
    if words.next()? != "column" {
        return None;
    }
    let column = words.next()?.parse().ok()?;
    Some((line, column))
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

fn convert(value: serde_yaml::Value) -> Yaml {
    use serde_yaml::Value as V;
    match value {
        V::Null => Yaml::Null,
        V::Bool(b) => Yaml::Bool(b),
        V::Number(n) => {
            if let Some(i) = n.as_i64() {
                Yaml::Int(i)
            } else {
                Yaml::Float(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        V::String(s) => Yaml::Str(s),
        V::Sequence(items) => Yaml::List(items.into_iter().map(convert).collect()),
        V::Mapping(map) => Yaml::Map(
            map.into_iter()
                .map(|(k, v)| (key_text(k), convert(v)))
                .collect(),
        ),
        V::Tagged(tagged) => convert(tagged.value),
    }
}

fn key_text(key: serde_yaml::Value) -> String {
    match convert(key) {
        Yaml::Str(s) => s,
        other => other.display(),
    }
}

/// Where a key path (`["collections", "methods", "fields"]`) is written in
/// block-style YAML: the 1-based line and column of the last key. Falls back
/// to the deepest ancestor found, or `None` if even the first key is absent.
pub fn locate_key(text: &str, path: &[&str]) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = None;
    let mut start = 0;
    let mut parent_indent: Option<usize> = None;
    for segment in path {
        let mut hit = None;
        // Keys of this mapping sit at the indentation of its first line;
        // deeper lines belong to nested mappings and are skipped.
        let mut child_indent: Option<usize> = None;
        for (i, raw) in lines.iter().enumerate().skip(start) {
            let line = raw.trim_end_matches('\r');
            let content = line.trim_start();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let indent = line.len() - content.len();
            if parent_indent.is_some_and(|p| indent <= p) {
                break;
            }
            let (content, extra) = match content.strip_prefix("- ") {
                Some(rest) => (rest.trim_start(), content.len() - rest.trim_start().len()),
                None => (content, 0),
            };
            let key_indent = indent + extra;
            let level = *child_indent.get_or_insert(key_indent);
            if key_indent == level && key_matches(content, segment) {
                hit = Some((i, key_indent));
                break;
            }
        }
        match hit {
            Some((i, col)) => {
                found = Some((i + 1, col + 1));
                start = i + 1;
                parent_indent = Some(col);
            }
            None => break,
        }
    }
    found
}

fn key_matches(content: &str, key: &str) -> bool {
    for candidate in [
        content.strip_prefix(key),
        content
            .strip_prefix('"')
            .and_then(|c| c.strip_prefix(key))
            .and_then(|c| c.strip_prefix('"')),
        content
            .strip_prefix('\'')
            .and_then(|c| c.strip_prefix(key))
            .and_then(|c| c.strip_prefix('\'')),
    ]
    .into_iter()
    .flatten()
    {
        let rest = candidate.trim_start_matches([' ', '\t']);
        if rest.starts_with(':') {
            return true;
        }
    }
    false
}

/// The position of the value of a top-level `key` (just after `key: `), or
/// of the key itself when the value is on the following lines.
pub fn locate_value(text: &str, key: &str) -> Option<(usize, usize)> {
    let (line, col) = locate_key(text, &[key])?;
    let raw = text.lines().nth(line - 1)?.trim_end_matches('\r');
    let after_key: String = raw.chars().skip(col - 1).collect();
    let colon = after_key.find(':')?;
    let rest = &after_key[colon + 1..];
    let value_start = rest.len() - rest.trim_start().len();
    if rest.trim().is_empty() || rest.trim_start().starts_with('#') {
        return Some((line, col));
    }
    let chars_before = after_key[..colon + 1 + value_start].chars().count();
    Some((line, col + chars_before))
}

/// The position of item `index` of the list under top-level `key`, written
/// either as `- item` lines or inline as `[a, b]`. Falls back to the key.
pub fn locate_item(text: &str, key: &str, index: usize, item: &str) -> Option<(usize, usize)> {
    let (line, col) = locate_key(text, &[key])?;
    let lines: Vec<&str> = text.lines().collect();
    let key_line = lines.get(line - 1)?.trim_end_matches('\r');
    if let Some(bracket) = key_line.find('[') {
        // Inline list: find the item text after the bracket.
        if let Some(pos) = key_line[bracket..].find(item) {
            let byte = bracket + pos;
            return Some((line, key_line[..byte].chars().count() + 1));
        }
        return Some((line, col));
    }
    let mut seen = 0;
    for (i, raw) in lines.iter().enumerate().skip(line) {
        let content = raw.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = raw.len() - content.len();
        if let Some(rest) = content.strip_prefix('-') {
            if seen == index {
                let value_offset = rest.len() - rest.trim_start().len();
                let chars = raw[..indent].chars().count() + 1 + value_offset;
                return Some((i + 1, chars + 1));
            }
            seen += 1;
        } else if indent < col {
            break;
        }
    }
    Some((line, col))
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
    fn unclosed_quote_points_at_the_quote() {
        let err = parse("x: 1\ntitle: \"unclosed\nnext: 1\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 8));
        assert!(err.message.contains("never closed"));
    }

    #[test]
    fn locates_direct_children_only() {
        let text = "collections:\n  news:\n    fields:\n      cities: {type: refs}\n  cities:\n    map: {}\n";
        assert_eq!(
            locate_key(text, &["collections", "cities", "map"]),
            Some((6, 5))
        );
        assert_eq!(
            locate_key(text, &["collections", "news", "fields", "cities"]),
            Some((4, 7))
        );
    }

    #[test]
    fn locates_nested_keys_and_items() {
        let text = "a:\n  b:\n    c: 1\nlist:\n  - x\n  - y\ninline: [p, q]\n";
        assert_eq!(locate_key(text, &["a", "b", "c"]), Some((3, 5)));
        assert_eq!(locate_item(text, "list", 1, "y"), Some((6, 5)));
        assert_eq!(locate_item(text, "inline", 1, "q"), Some((7, 13)));
        assert_eq!(locate_value(text, "inline"), Some((7, 9)));
    }
}
