//! Where a key path, a value or a list item is written in block-style YAML
//! text (1-based line and column), so diagnostics can point at it:
//! one-off lookups (`locate_key`, `locate_value`, `locate_item`,
//! `written_scalar`) and a `Locator` that answers many for one front matter
//! in time linear in its size.

use std::collections::HashMap;

/// Where a key path (`["collections", "methods", "fields"]`) is written in
/// block-style YAML: the 1-based line and column of the last key. Falls back
/// to the deepest ancestor found, or `None` if even the first key is absent.
pub(crate) fn locate_key(text: &str, path: &[&str]) -> Option<(usize, usize)> {
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

pub(super) fn key_matches(content: &str, key: &str) -> bool {
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

/// Where item `index` of the list under `path` is written (inline or as
/// `- item` lines below the key), if it can be found.
pub(crate) fn locate_item(text: &str, path: &[&str], index: usize) -> Option<(usize, usize)> {
    let (line, col) = locate_key(text, path)?;
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    list_items(&lines, line, col).get(index).copied()
}

/// The position of the value of a top-level `key` (just after `key: `), or
/// of the key itself when the value is on the following lines.
pub(crate) fn locate_value(text: &str, key: &str) -> Option<(usize, usize)> {
    let (line, col) = locate_key(text, &[key])?;
    let raw = text.lines().nth(line - 1)?.trim_end_matches('\r');
    Some(value_position(raw, line, col))
}

/// The plain scalar written after a top-level `key:` on its own line, as
/// written (`1e3`, `0x10`, `18446744073709551616`), without a trailing
/// comment; `None` when the value is quoted, a block or on other lines.
pub(crate) fn written_scalar(text: &str, key: &str) -> Option<String> {
    let (line, col) = locate_value(text, key)?;
    let raw = text.lines().nth(line - 1)?.trim_end_matches('\r');
    let value: String = raw.chars().skip(col - 1).collect();
    let value = match value.find(" #") {
        Some(i) => &value[..i],
        None => &value,
    };
    let value = value.trim_end();
    let plain = !value.is_empty()
        && !value.starts_with(['"', '\'', '[', '{', '|', '>', '#', '&', '*', '!'])
        && !key_matches(value, key);
    plain.then(|| value.to_string())
}

/// A front matter's lines, and where each top-level key is written.
struct Index<'a> {
    lines: Vec<&'a str>,
    /// Top-level key → (line, column), 1-based; the first of a key wins.
    keys: HashMap<String, (usize, usize)>,
}

impl<'a> Index<'a> {
    fn new(text: &'a str) -> Self {
        let lines: Vec<&'a str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
        let mut keys = HashMap::new();
        let mut level: Option<usize> = None;
        for (i, line) in lines.iter().enumerate() {
            let content = line.trim_start();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let (content, extra) = match content.strip_prefix("- ") {
                Some(rest) => (rest.trim_start(), content.len() - rest.trim_start().len()),
                None => (content, 0),
            };
            let indent = line.len() - line.trim_start().len() + extra;
            if *level.get_or_insert(indent) != indent {
                continue;
            }
            if let Some(key) = written_key(content) {
                keys.entry(key).or_insert((i + 1, indent + 1));
            }
        }
        Index { lines, keys }
    }
}

/// Finds keys, values and list items of one front matter in time linear in
/// its size however many are asked for: the lines are split once, the
/// top-level keys indexed once, and each list's items once when first
/// asked. Answers as `locate_key`, `locate_value` and `locate_item` do.
/// Nothing is split or indexed before the first question: most pages have
/// no problem to place.
pub(crate) struct Locator<'a> {
    text: &'a str,
    index: std::cell::OnceCell<Index<'a>>,
    items: HashMap<String, Vec<(usize, usize)>>,
    /// The line last quoted, walked once for all the diagnostics on it.
    cursor: Option<(usize, crate::diag::LineCursor<'a>)>,
}

impl<'a> Locator<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Locator {
            text,
            index: std::cell::OnceCell::new(),
            items: HashMap::new(),
            cursor: None,
        }
    }

    fn index(&self) -> &Index<'a> {
        self.index.get_or_init(|| Index::new(self.text))
    }

    /// The text of 1-based line `line` (empty past the end).
    pub(crate) fn line(&self, line: usize) -> &'a str {
        self.index()
            .lines
            .get(line.wrapping_sub(1))
            .copied()
            .unwrap_or("")
    }

    /// Points `diag` at `line:column`, quoting that line.
    pub(crate) fn place(
        &mut self,
        diag: crate::diag::Diagnostic,
        line: usize,
        column: usize,
    ) -> crate::diag::Diagnostic {
        let width = diag.width;
        let mut diag = diag.at_spot(&crate::diag::Spot {
            line,
            column,
            width,
        });
        let text = self.line(line);
        let cursor = match &mut self.cursor {
            Some((at, cursor)) if *at == line => cursor,
            slot => &mut slot.insert((line, crate::diag::LineCursor::new(text))).1,
        };
        diag.quote_from(cursor);
        diag
    }

    /// Where `path` is written; see `locate_key`.
    pub(crate) fn key(&self, path: &[&str]) -> Option<(usize, usize)> {
        match path {
            [key] => self.index().keys.get(*key).copied(),
            _ => locate_key(self.text, path),
        }
    }

    /// Where the value of top-level `key` starts; see `locate_value`.
    pub(crate) fn value(&self, key: &str) -> Option<(usize, usize)> {
        let (line, col) = self.key(&[key])?;
        Some(value_position(self.line(line), line, col))
    }

    /// Where item `index` of the list under top-level `key` is; see
    /// `locate_item`.
    pub(crate) fn item(&mut self, key: &str, index: usize) -> Option<(usize, usize)> {
        let (line, col) = self.key(&[key])?;
        if !self.items.contains_key(key) {
            let found = list_items(&self.index().lines, line, col);
            self.items.insert(key.to_string(), found);
        }
        Some(
            self.items
                .get(key)
                .and_then(|items| items.get(index))
                .copied()
                .unwrap_or((line, col)),
        )
    }
}

/// The key a mapping line starts with (`key:`, `"key":`, `'key':`).
fn written_key(content: &str) -> Option<String> {
    for quote in ['"', '\''] {
        if let Some(rest) = content.strip_prefix(quote) {
            let end = rest.find(quote)?;
            let after = rest[end + 1..].trim_start_matches([' ', '\t']);
            return after.starts_with(':').then(|| rest[..end].to_string());
        }
    }
    let colon = content.find(':')?;
    Some(content[..colon].trim_end_matches([' ', '\t']).to_string())
}

/// The position of the value on a key's line (just after `key: `), or of
/// the key when the value is on the following lines.
fn value_position(raw: &str, line: usize, col: usize) -> (usize, usize) {
    let after_key: String = raw.chars().skip(col - 1).collect();
    let Some(colon) = after_key.find(':') else {
        return (line, col);
    };
    let rest = &after_key[colon + 1..];
    if rest.trim().is_empty() || rest.trim_start().starts_with('#') {
        return (line, col);
    }
    let value_start = rest.len() - rest.trim_start().len();
    (
        line,
        col + after_key[..colon + 1 + value_start].chars().count(),
    )
}

/// The positions of every item of the list whose key is at `line`, `col`:
/// inline (`[a, 'b, c', d]`, split at commas outside quotes and brackets)
/// or as `- item` lines below.
fn list_items(lines: &[&str], line: usize, col: usize) -> Vec<(usize, usize)> {
    let key_line = lines.get(line - 1).copied().unwrap_or("");
    let mut items = Vec::new();
    if let Some(bracket) = key_line.find('[') {
        let (mut depth, mut quote, mut want) = (0usize, None, false);
        for (chars, (byte, c)) in key_line.char_indices().enumerate() {
            if byte < bracket {
                continue;
            }
            if want && !c.is_whitespace() && c != ']' {
                items.push((line, chars + 1));
                want = false;
            }
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '[' | '{') => {
                    depth += 1;
                    want |= depth == 1;
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                (None, ',') if depth == 1 => want = true,
                _ => {}
            }
        }
        return items;
    }
    for (i, raw) in lines.iter().enumerate().skip(line) {
        let content = raw.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = raw.len() - content.len();
        if let Some(rest) = content.strip_prefix('-') {
            let value_offset = rest.len() - rest.trim_start().len();
            items.push((i + 1, raw[..indent].chars().count() + 2 + value_offset));
        } else if indent < col {
            break;
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(Locator::new(text).item("list", 1), Some((6, 5)));
        assert_eq!(Locator::new(text).item("inline", 1), Some((7, 13)));
        assert_eq!(locate_value(text, "inline"), Some((7, 9)));
    }
}
