//! The scan that names what the sanitiser removes from a piece of raw HTML
//! (html5ever's tokenizer over the fragment, read against the same
//! allowlist), each removal found at its place in the `.md` source.

use super::clean::Allowlist;
use super::never_allowed;
use super::urls::SCHEME_HINT;
use html5ever::tokenizer::{Tag, TagKind, Token, TokenSink, TokenSinkResult, states::RawKind};
use std::cell::RefCell;

/// One thing the sanitiser removes from a piece of raw HTML.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Removal {
    /// Byte offset in the source text given to [`scan`].
    pub offset: usize,
    /// Bytes to underline.
    pub width: usize,
    pub message: String,
    pub hint: &'static str,
}

const TAG_HINT: &str = "raw HTML in pages is limited to a safe set of tags and attributes: write it in Markdown, or ask a maintainer to allow the tag or attribute under `html:` in hub.yaml";
const SCRIPT_HINT: &str = "remove it: scripts, event handlers, styles and embedded documents would run in every reader's browser on the hub's own address (a video can be embedded once a maintainer lists its host under `html.iframe_hosts` in hub.yaml)";

/// A token of the scan, in order, with what it removes.
pub(super) enum Seen {
    Start { name: String, removed: Removed },
    End(String),
    Comment(usize),
}

pub(super) struct Scan<'p, 'a> {
    pub(super) allow: &'p Allowlist<'a>,
    pub(super) seen: RefCell<Vec<Seen>>,
    /// Inside an element removed with its markup content: (name, depth).
    pub(super) skipping: RefCell<Option<(String, usize)>>,
}

/// What a start tag removes: (attribute or `None` for the tag, message, hint).
type Removed = Vec<(Option<String>, String, &'static str)>;

impl Scan<'_, '_> {
    fn end_tag(&self, name: String) {
        let mut skipping = self.skipping.borrow_mut();
        if let Some((n, depth)) = skipping.as_mut()
            && *n == name
        {
            *depth -= 1;
            if *depth == 0 {
                *skipping = None;
            }
        }
        self.seen.borrow_mut().push(Seen::End(name));
    }

    /// What the sanitiser removes of a start tag, and how the tokenizer
    /// must read what follows it.
    fn start_tag(&self, name: &str, tag: &Tag) -> (Removed, TokenSinkResult<()>) {
        let mut removed = Vec::new();
        let mut result = TokenSinkResult::Continue;
        if let Some((n, depth)) = self.skipping.borrow_mut().as_mut() {
            if n == name && !tag.self_closing {
                *depth += 1;
            }
        } else if self.allow.removed_with_content.contains(name) {
            let message = format!("removed `<{name}>` element and its content");
            removed.push((None, message, SCRIPT_HINT));
            if let Some(kind) = raw_kind(name) {
                result = TokenSinkResult::RawData(kind);
            } else if !tag.self_closing {
                *self.skipping.borrow_mut() = Some((name.to_string(), 1));
            }
        } else if !self.allow.tags.contains(name) {
            let (what, hint) = match never_allowed(name) {
                Some(_) => ("element", SCRIPT_HINT),
                None => ("tag (its text is kept)", TAG_HINT),
            };
            removed.push((None, format!("removed `<{name}>` {what}"), hint));
            if name == "plaintext" {
                result = TokenSinkResult::Plaintext;
            }
        } else {
            for attr in &tag.attrs {
                let attribute = attr.name.local.to_string();
                if let Some(message) = self.allow.attribute_problem(name, &attribute, &attr.value) {
                    let hint = if message.contains("URL") {
                        SCHEME_HINT
                    } else if attribute.starts_with("on") {
                        SCRIPT_HINT
                    } else {
                        TAG_HINT
                    };
                    removed.push((Some(attribute), message, hint));
                }
            }
            if name == "iframe" {
                result = TokenSinkResult::RawData(RawKind::Rawtext);
            }
        }
        (removed, result)
    }
}

impl TokenSink for Scan<'_, '_> {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) if tag.kind == TagKind::EndTag => {
                self.end_tag(tag.name.to_string());
                TokenSinkResult::Continue
            }
            Token::TagToken(tag) => {
                let name = tag.name.to_string();
                let (removed, result) = self.start_tag(&name, &tag);
                self.seen.borrow_mut().push(Seen::Start { name, removed });
                result
            }
            Token::CommentToken(text) => {
                self.seen.borrow_mut().push(Seen::Comment(text.len()));
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        }
    }
}

/// How the tokenizer reads the content of a tag removed with its content.
fn raw_kind(tag: &str) -> Option<RawKind> {
    match tag {
        "script" => Some(RawKind::ScriptData),
        "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => Some(RawKind::Rawtext),
        "textarea" | "title" => Some(RawKind::Rcdata),
        _ => None,
    }
}

/// Finds each token's place in `source`, in order, and returns the
/// removals there.
pub(super) fn locate(seen: Vec<Seen>, source: &str) -> Vec<Removal> {
    let lower = source.to_ascii_lowercase();
    let mut cursor = 0;
    let mut out = Vec::new();
    for token in seen {
        match token {
            Seen::Start { name, removed } => {
                let at = find_tag(&lower, cursor, &format!("<{name}")).unwrap_or(cursor);
                cursor = (at + 1).min(lower.len());
                for (attribute, message, hint) in removed {
                    let (offset, width) = match attribute {
                        Some(a) => find_attribute(&lower, at + name.len() + 1, &a)
                            .map_or((at, name.len() + 1), |p| (p, a.len())),
                        None => (at, name.len() + 1),
                    };
                    out.push(Removal {
                        offset,
                        width,
                        message,
                        hint,
                    });
                }
            }
            Seen::End(name) => {
                if let Some(at) = find_tag(&lower, cursor, &format!("</{name}")) {
                    cursor = at + 1;
                }
            }
            Seen::Comment(len) => {
                if let Some(at) = lower.get(cursor..).and_then(|r| r.find("<!")) {
                    cursor = (cursor + at + len).min(lower.len());
                }
            }
        }
    }
    out
}

/// The next `<name` (already lowercase) at or after `from` that is a whole
/// tag name.
fn find_tag(lower: &str, from: usize, open: &str) -> Option<usize> {
    let mut start = from;
    while let Some(i) = lower.get(start..)?.find(open) {
        let at = start + i;
        let next = lower.as_bytes().get(at + open.len()).copied();
        if !next.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Some(at);
        }
        start = at + 1;
    }
    None
}

/// The next attribute `name` after `from` (inside a tag).
fn find_attribute(lower: &str, from: usize, name: &str) -> Option<usize> {
    // Within the tag: a name written otherwise is not searched for in the
    // rest of the text (one scan of the page per removal).
    let tag_end = lower
        .get(from..)
        .and_then(|r| r.find('>'))
        .map_or(lower.len(), |i| from + i);
    let lower = lower.get(..tag_end)?;
    let mut start = from;
    while let Some(i) = lower.get(start..)?.find(name) {
        let at = start + i;
        let before = lower.as_bytes().get(at.wrapping_sub(1)).copied();
        let after = lower.as_bytes().get(at + name.len()).copied();
        let starts = before.is_some_and(|b| b.is_ascii_whitespace() || b"/\"'".contains(&b));
        let ends = after.is_none_or(|b| b.is_ascii_whitespace() || b"=/>".contains(&b));
        if starts && ends {
            return Some(at);
        }
        start = at + 1;
    }
    None
}
