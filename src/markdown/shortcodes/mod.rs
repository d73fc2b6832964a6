//! Shortcodes: author-facing components a body calls with Zola's syntax
//! (`calls`), defined by the theme as Tera components in
//! `templates/shortcodes/*.html`. Each call is checked against its
//! component's declaration (argument names and types, and what the
//! component's metadata says: files of the page's folder, web addresses,
//! alt text, allowed values), rendered with Tera's autoescape, sanitised,
//! and stands in the Markdown as a placeholder until the page's HTML is
//! made (see `expand` and `substitute`).
//!
//! This file: the theme's shortcodes, expanding a body's calls and
//! rendering each; `args`: a call's arguments checked against its
//! component's declaration and metadata; `placeholders`: what stands in
//! the Markdown for a rendered call, and putting the HTML back.

mod args;
mod placeholders;

pub(in crate::markdown) use placeholders::{substitute, without_placeholders};

use super::calls::{self, Call};
use super::{BodyProblem, Rendered};
use crate::sanitize::{self, HtmlPolicy};
use crate::theme::Template;
use args::{check_args, meta_checks};
use placeholders::{CLOSE, OPEN};
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use tera::{ComponentInfo, Context, Tera, Value};

/// The folder of the theme's templates that holds the shortcodes.
pub(crate) const FOLDER: &str = "shortcodes/";

/// Shortcodes nested deeper than this (a callout in a callout...) are an
/// error: no page needs it, and each level renders its body again.
const MAX_DEPTH: usize = 8;

/// The theme's shortcodes, and the sizes of the content files a
/// `document` shows.
#[derive(Default)]
pub(crate) struct Shortcodes {
    tera: Option<Tera>,
    infos: BTreeMap<String, ComponentInfo>,
    /// Content-relative path → size in bytes.
    sizes: HashMap<String, u64>,
}

impl std::fmt::Debug for Shortcodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.infos.keys()).finish()
    }
}

/// A shortcode as `new` and the docs list it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Listed {
    pub name: String,
    pub description: String,
    pub example: String,
}

impl Shortcodes {
    /// The components of the theme's `templates/shortcodes/` (a template
    /// that does not parse is reported where every template is loaded, so
    /// here the shortcodes are only left out).
    pub(crate) fn load(templates: &[Template], sizes: HashMap<String, u64>) -> Self {
        let ours: Vec<&Template> = templates
            .iter()
            .filter(|t| t.name.starts_with(FOLDER))
            .collect();
        if ours.is_empty() {
            return Shortcodes {
                sizes,
                ..Shortcodes::default()
            };
        }
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html"]);
        tera.register_filter("slugify", tera_contrib::slug::slug);
        let added = tera.add_raw_templates(ours.iter().map(|t| (t.name.as_str(), t.text.as_str())));
        if added.is_err() {
            return Shortcodes {
                sizes,
                ..Shortcodes::default()
            };
        }
        let infos = tera
            .get_component_names()
            .filter_map(|n| tera.get_component_definition(n))
            .map(|i| (i.name().to_string(), i))
            .collect();
        Shortcodes {
            tera: Some(tera),
            infos,
            sizes,
        }
    }

    /// Every shortcode with its description and example (from its
    /// metadata), by name.
    pub(crate) fn list(&self) -> Vec<Listed> {
        self.infos
            .values()
            .map(|i| Listed {
                name: i.name().to_string(),
                description: meta_str(i, "description").to_string(),
                example: meta_str(i, "example").to_string(),
            })
            .collect()
    }

    fn names(&self) -> impl Iterator<Item = &str> {
        self.infos.keys().map(String::as_str)
    }
}

fn meta_str<'i>(info: &'i ComponentInfo, key: &str) -> &'i str {
    info.metadata()
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or("")
}

fn meta_list<'i>(info: &'i ComponentInfo, key: &str) -> Vec<&'i str> {
    info.metadata()
        .get(key)
        .and_then(Value::as_array)
        .map_or_else(Vec::new, |a| a.iter().filter_map(Value::as_str).collect())
}

/// What a body's rendering needs besides the body.
pub(super) struct Page<'a> {
    pub path: &'a str,
    pub base_path: &'a str,
    pub html: &'a HtmlPolicy,
    pub shortcodes: &'a Shortcodes,
    pub depth: usize,
}

/// A body with its calls replaced by placeholders: the text Markdown
/// reads, the HTML of each call, and where each placeholder was a call.
pub(super) struct Expanded<'b> {
    pub text: std::borrow::Cow<'b, str>,
    html: Vec<String>,
    /// Per placeholder: its range in `text` and the call's in the body.
    spots: Vec<(Range<usize>, Range<usize>)>,
}

impl Expanded<'_> {
    /// A body position in `text` taken back to the written body (`end`:
    /// the end of a range, which maps to the end of a call).
    pub fn original(&self, pos: usize, end: bool) -> usize {
        let mut shift: isize = 0;
        for (placed, call) in &self.spots {
            if pos < placed.start || (end && pos == placed.start) {
                break;
            }
            if pos < placed.end || (end && pos == placed.end) {
                return if end { call.end } else { call.start };
            }
            shift += call.len() as isize - placed.len() as isize;
        }
        pos.saturating_add_signed(shift)
    }

    pub fn original_range(&self, r: &Range<usize>) -> Range<usize> {
        self.original(r.start, false)..self.original(r.end, true)
    }

    pub fn is_empty(&self) -> bool {
        self.spots.is_empty()
    }
}

/// Replaces each call of `body` by a placeholder, rendering it into
/// `out` (its problems, links and files; their spans in the body).
pub(super) fn expand<'b>(body: &'b str, page: &Page<'_>, out: &mut Rendered) -> Expanded<'b> {
    let (found, malformed) = calls::find(body);
    for m in malformed {
        out.problems.push(BodyProblem::error(
            "bad-shortcode",
            m.span,
            m.message,
            SYNTAX_HINT,
        ));
    }
    if found.is_empty() && !placeholders::holds_placeholder_chars(body) {
        // Nothing to replace: the body is read as it is (no copy).
        return Expanded {
            text: std::borrow::Cow::Borrowed(body),
            html: Vec::new(),
            spots: Vec::new(),
        };
    }
    let mut text = String::with_capacity(body.len());
    let mut html = Vec::new();
    let mut spots = Vec::new();
    let mut last = 0;
    for call in found {
        text.push_str(&body[last..call.span.start]);
        let made = render_call(body, &call, page, out).unwrap_or_default();
        let start = text.len();
        text.push(OPEN);
        text.push_str(&html.len().to_string());
        text.push(CLOSE);
        spots.push((start..text.len(), call.span.clone()));
        html.push(made);
        last = call.span.end;
    }
    text.push_str(&body[last..]);
    // A contributor's own placeholder characters are not placeholders.
    if !spots.is_empty() || placeholders::holds_placeholder_chars(&text) {
        let mut placed = spots.iter().map(|(r, _)| r.clone()).peekable();
        let mut clean = String::with_capacity(text.len());
        for (i, c) in text.char_indices() {
            while placed.peek().is_some_and(|r| r.end <= i) {
                placed.next();
            }
            let ours = placed.peek().is_some_and(|r| r.contains(&i));
            let stray = matches!(c, OPEN | CLOSE) && !ours;
            clean.push(if stray { '\u{FFFD}' } else { c });
        }
        text = clean;
    }
    Expanded {
        text: std::borrow::Cow::Owned(text),
        html,
        spots,
    }
}

const SYNTAX_HINT: &str = "write a shortcode as {{ name(argument=\"value\") }}, or {% name(argument=\"value\") %}Markdown{% end %} around text; the shortcodes are listed in CONTRIBUTING.md";

/// One call rendered to sanitised HTML, or `None` after reporting why not.
fn render_call(body: &str, call: &Call, page: &Page<'_>, out: &mut Rendered) -> Option<String> {
    let shortcodes = page.shortcodes;
    let (Some(tera), Some(info)) = (&shortcodes.tera, shortcodes.infos.get(&call.name)) else {
        out.problems.push(unknown(call, shortcodes));
        return None;
    };
    if page.depth >= MAX_DEPTH {
        out.problems.push(BodyProblem::error(
            "bad-shortcode",
            call.head.clone(),
            format!("shortcodes are nested more than {MAX_DEPTH} levels deep here"),
            "use fewer levels: close a shortcode with {% end %} before opening the next",
        ));
        return None;
    }
    let before = out.problems.len();
    let mut args = Context::new();
    let mut implicits = Context::new();
    check_args(call, info, &mut args, out);
    for arg in &call.args {
        meta_checks(arg, info, page, &mut args, &mut implicits, out);
    }
    let inner = call
        .body
        .as_ref()
        .map(|range| render_body(body, range.clone(), page, out));
    if out.problems.len() > before {
        return None;
    }
    let made =
        tera.render_component_with_implicits(&call.name, &args, &implicits, inner.as_deref(), true);
    match made {
        Ok(html) => Some(sanitise(&html, page.html)),
        Err(e) => {
            out.problems.push(BodyProblem::error(
                "shortcode-render",
                call.head.clone(),
                format!("the shortcode `{}` could not be rendered: {}", call.name, error_text(&e)),
                "check the arguments against the shortcode's list in CONTRIBUTING.md; if they are right, the theme's shortcode template has a mistake",
            ));
            None
        }
    }
}

fn error_text(e: &tera::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

fn unknown(call: &Call, shortcodes: &Shortcodes) -> BodyProblem {
    let names: Vec<&str> = shortcodes.names().collect();
    let hint = match crate::text::nearest(&call.name, names.iter().copied()) {
        Some(n) => format!(
            "did you mean `{n}`? The shortcodes are: {}",
            names.join(", ")
        ),
        None if names.is_empty() => "this hub's theme has no shortcodes".to_string(),
        None => format!("the shortcodes are: {}", names.join(", ")),
    };
    BodyProblem::error(
        "unknown-shortcode",
        call.head.clone(),
        format!("there is no shortcode `{}`", call.name),
        &hint,
    )
}

/// A block call's body: Markdown rendered as a body of its own (shortcodes
/// inside it too), its problems and links moved to their place.
fn render_body(body: &str, range: Range<usize>, page: &Page<'_>, out: &mut Rendered) -> String {
    let inner = Page {
        depth: page.depth + 1,
        ..*page
    };
    let mut r = super::render_inner(&body[range.clone()], &inner);
    let shift = |s: &mut Range<usize>| *s = s.start + range.start..s.end + range.start;
    for mut p in r.problems.drain(..) {
        shift(&mut p.span);
        out.problems.push(p);
    }
    for mut l in r.page_links.drain(..) {
        shift(&mut l.span);
        out.page_links.push(l);
    }
    for mut l in r.file_links.drain(..) {
        shift(&mut l.span);
        out.file_links.push(l);
    }
    out.word_count += r.word_count;
    r.html
}

/// A shortcode's HTML, sanitised: the hub's policy plus the structure
/// shortcodes are made of (classes, `aside`, `button`, `picture`...).
fn sanitise(html: &str, hub: &HtmlPolicy) -> String {
    let mut policy = hub.clone();
    policy.trusted = false;
    policy.tags.extend(
        [
            "aside", "footer", "header", "section", "picture", "source", "button", "time", "abbr",
        ]
        .map(String::from),
    );
    let attrs: [(&str, &[&str]); 6] = [
        ("blockquote", &["cite"]),
        (
            "*",
            &["class", "aria-label", "aria-hidden", "role", "data-embed"],
        ),
        ("a", &["download", "type"]),
        ("img", &["loading", "decoding", "srcset", "sizes"]),
        ("source", &["srcset", "type", "sizes", "media"]),
        ("button", &["type"]),
    ];
    policy
        .attributes
        .extend(attrs.map(|(t, a)| (t.to_string(), a.iter().map(|s| s.to_string()).collect())));
    sanitize::Sanitizer::new(&policy).clean(html)
}
