//! Shortcodes: author-facing components a body calls with Zola's syntax
//! (`calls`), defined by the theme as Tera components in
//! `templates/shortcodes/*.html`. Each call is checked against its
//! component's declaration (argument names and types, and what the
//! component's metadata says: files of the page's folder, web addresses,
//! alt text, allowed values), rendered with Tera's autoescape, sanitised,
//! and stands in the Markdown as a placeholder until the page's HTML is
//! made (see `expand` and `substitute`).

use super::calls::{self, Arg, Call};
use super::images;
use super::{BodyProblem, FileLink, Rendered};
use crate::routes::Route;
use crate::sanitize::{self, HtmlPolicy};
use crate::theme::Template;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use tera::{ComponentArgType, ComponentInfo, Context, Tera, Value};

/// The folder of the theme's templates that holds the shortcodes.
pub(crate) const FOLDER: &str = "shortcodes/";

/// Shortcodes nested deeper than this (a callout in a callout...) are an
/// error: no page needs it, and each level renders its body again.
const MAX_DEPTH: usize = 8;

/// Opens and closes a placeholder. Private-use characters: a contributor's
/// own are replaced before Markdown sees the body.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// `text` without its placeholders (a summary is words only).
pub(super) fn without_placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        let len = placeholder(&rest[at..]).map_or(OPEN.len_utf8(), |(_, len)| len);
        rest = &rest[at + len..];
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

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
    if found.is_empty() && !body.contains([OPEN, CLOSE]) {
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
    if !spots.is_empty() || text.contains([OPEN, CLOSE]) {
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

/// Names, types and required arguments, each mistake at its place.
fn check_args(call: &Call, info: &ComponentInfo, args: &mut Context, out: &mut Rendered) {
    let declared: Vec<&str> = info
        .args()
        .iter()
        .filter(|a| !a.is_implicit())
        .map(|a| a.name())
        .collect();
    for arg in &call.args {
        let Some(def) = info
            .args()
            .iter()
            .find(|a| a.name() == arg.name && !a.is_implicit())
        else {
            let hint = match crate::text::nearest(&arg.name, declared.iter().copied()) {
                Some(n) => format!(
                    "did you mean `{n}`? `{}` takes: {}",
                    call.name,
                    declared.join(", ")
                ),
                None => format!("`{}` takes: {}", call.name, declared.join(", ")),
            };
            out.problems.push(BodyProblem::error(
                "bad-shortcode-argument",
                arg.span.clone(),
                format!(
                    "the shortcode `{}` has no argument `{}`",
                    call.name, arg.name
                ),
                &hint,
            ));
            continue;
        };
        if let Some(t) = def.arg_type()
            && !fits(&arg.value, t)
        {
            out.problems.push(BodyProblem::error(
                "bad-shortcode-argument",
                arg.value_span.clone(),
                format!(
                    "`{}` of `{}` must be {}",
                    arg.name,
                    call.name,
                    type_words(t)
                ),
                &format!("write {}", type_example(&arg.name, t)),
            ));
            continue;
        }
        args.insert(arg.name.clone(), &arg.value);
    }
    for def in info.args().iter().filter(|a| a.is_required()) {
        if !call.args.iter().any(|a| a.name == def.name()) {
            let t = def.arg_type().unwrap_or(ComponentArgType::String);
            out.problems.push(BodyProblem::error(
                "bad-shortcode-argument",
                call.head.clone(),
                format!("the shortcode `{}` needs `{}`", call.name, def.name()),
                &format!("add {} inside the parentheses", type_example(def.name(), t)),
            ));
        }
    }
}

fn fits(value: &Value, t: ComponentArgType) -> bool {
    match t {
        ComponentArgType::String => value.is_string(),
        ComponentArgType::Bool => value.is_bool(),
        ComponentArgType::Integer => value.is_i64(),
        ComponentArgType::Float | ComponentArgType::Number => value.is_number(),
        ComponentArgType::Array => value.is_array(),
        _ => false,
    }
}

fn type_words(t: ComponentArgType) -> &'static str {
    match t {
        ComponentArgType::String => "text in quotes",
        ComponentArgType::Bool => "true or false",
        ComponentArgType::Integer => "a whole number",
        ComponentArgType::Float | ComponentArgType::Number => "a number",
        ComponentArgType::Array => "a list in square brackets",
        _ => "a value of another kind",
    }
}

fn type_example(name: &str, t: ComponentArgType) -> String {
    match t {
        ComponentArgType::String => format!("{name}=\"…\""),
        ComponentArgType::Bool => format!("{name}=true"),
        ComponentArgType::Integer | ComponentArgType::Float | ComponentArgType::Number => {
            format!("{name}=12")
        }
        ComponentArgType::Array => format!("{name}=[\"…\", \"…\"]"),
        _ => format!("{name}=…"),
    }
}

/// What the component's metadata says of an argument: `files` (a file of
/// the page's folder: checked by resolve like an image, its URL, type and
/// size given as `@<name>_url`, `_type`, `_size`), `urls` (a web address:
/// scheme checked), `alt` (alt text, checked like an image's), `choices`
/// (the allowed values).
fn meta_checks(
    arg: &Arg,
    info: &ComponentInfo,
    page: &Page<'_>,
    args: &mut Context,
    implicits: &mut Context,
    out: &mut Rendered,
) {
    let Some(value) = arg.value.as_str() else {
        return;
    };
    let name = arg.name.as_str();
    if meta_list(info, "files").contains(&name) {
        file_arg(arg, value, page, implicits, out);
    }
    if meta_list(info, "urls").contains(&name)
        && let Some(scheme) = sanitize::forbidden_scheme(value)
    {
        out.problems.push(BodyProblem::error(
            "bad-url-scheme",
            arg.value_span.clone(),
            format!("`{scheme}:` links are not allowed"),
            sanitize::SCHEME_HINT,
        ));
    }
    if meta_str(info, "alt") == name {
        let file = meta_list(info, "files")
            .first()
            .and_then(|f| args.get(f))
            .and_then(Value::as_str)
            .map(|f| f.rsplit('/').next().unwrap_or(f).to_string())
            .unwrap_or_default();
        if value.trim() == images::DECORATIVE {
            args.insert(name.to_string(), "");
        } else if let Some(p) = images::alt_problem(value.trim(), &file, arg.value_span.clone()) {
            out.problems.push(p);
        }
    }
    if meta_str(info, "embed") == name {
        match embed(value) {
            Some((url, host)) => {
                implicits.insert(format!("{name}_embed"), &url);
                implicits.insert(format!("{name}_host"), host);
            }
            None => out.problems.push(BodyProblem::error(
                "bad-shortcode-argument",
                arg.value_span.clone(),
                format!("`{value}` is not a YouTube or Vimeo video address"),
                "copy the address of the video's page, like https://www.youtube.com/watch?v=… or https://vimeo.com/…; for another site, link to the video instead",
            )),
        }
    }
    let choices = info.metadata().get("choices").and_then(Value::as_map);
    let allowed: Vec<&str> = choices
        .and_then(|m| m.get(&tera::value::Key::from(name.to_string())))
        .and_then(Value::as_array)
        .map_or_else(Vec::new, |a| a.iter().filter_map(Value::as_str).collect());
    if !allowed.is_empty() && !allowed.contains(&value) {
        out.problems.push(BodyProblem::error(
            "bad-shortcode-argument",
            arg.value_span.clone(),
            format!("`{value}` is not an allowed `{name}`"),
            &format!("write one of: {}", allowed.join(", ")),
        ));
    }
}

/// A file of the page's folder: recorded for resolve (which reports a
/// missing one at the argument), its URL, type and size for the template.
/// A path from the site's root (`/plans/site.png`) names a file of the
/// site's `static/` folder and is kept as written, as Markdown keeps it
/// (a static image is then processed like one written in Markdown).
fn file_arg(arg: &Arg, value: &str, page: &Page<'_>, implicits: &mut Context, out: &mut Rendered) {
    let within = page.path.strip_prefix("content/").unwrap_or(page.path);
    let decoded = value.trim();
    if let Some(rest) = decoded.strip_prefix('/').filter(|r| !r.starts_with('/')) {
        let ext = rest.rsplit_once('.').map_or("", |(_, e)| e).to_uppercase();
        let name = &arg.name;
        implicits.insert(format!("{name}_url"), decoded);
        implicits.insert(format!("{name}_type"), &ext);
        implicits.insert(format!("{name}_size"), "");
        return;
    }
    let target = if decoded.contains(':') || decoded.starts_with('/') {
        None
    } else {
        super::links::join_relative(within, decoded)
    };
    let Some(target) = target else {
        out.problems.push(BodyProblem::error(
            "bad-link",
            arg.value_span.clone(),
            format!("`{value}` is not a file of this page's folder"),
            "put the file beside the page (in its folder) and write its name, like \"plan.png\"",
        ));
        return;
    };
    let ext = target
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_lowercase();
    let is_image = ["png", "jpg", "jpeg", "gif", "webp", "avif"].contains(&ext.as_str());
    let name = &arg.name;
    implicits.insert(
        format!("{name}_url"),
        &Route::ContentFile(&target).url_under(page.base_path),
    );
    implicits.insert(format!("{name}_type"), &ext.to_uppercase());
    let size = page.shortcodes.sizes.get(&target).map(|b| human_size(*b));
    implicits.insert(format!("{name}_size"), &size.unwrap_or_default());
    out.file_links.push(FileLink {
        target,
        span: arg.value_span.clone(),
        is_image,
        at: Default::default(),
    });
}

/// The player address of a YouTube or Vimeo video page (YouTube's
/// no-cookie host), and the site's name: what a `video` loads once the
/// reader clicks.
fn embed(address: &str) -> Option<(String, &'static str)> {
    let url = ammonia::url::Url::parse(address.trim()).ok()?;
    if url.scheme() != "https" && url.scheme() != "http" {
        return None;
    }
    let host = url
        .host_str()?
        .trim_start_matches("www.")
        .trim_start_matches("m.");
    let mut segments = url.path_segments()?.filter(|s| !s.is_empty());
    let id_ok = |id: &str| {
        (1..=64).contains(&id.len())
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    match host {
        "youtube.com" | "youtube-nocookie.com" => {
            let id = match segments.next()? {
                "watch" => url.query_pairs().find(|(k, _)| k == "v")?.1.into_owned(),
                "embed" | "shorts" | "live" => segments.next()?.to_string(),
                _ => return None,
            };
            id_ok(&id).then(|| {
                (
                    format!("https://www.youtube-nocookie.com/embed/{id}?autoplay=1"),
                    "YouTube",
                )
            })
        }
        "youtu.be" => {
            let id = segments.next()?;
            id_ok(id).then(|| {
                (
                    format!("https://www.youtube-nocookie.com/embed/{id}?autoplay=1"),
                    "YouTube",
                )
            })
        }
        "vimeo.com" | "player.vimeo.com" => {
            let id = segments.find(|s| s.chars().all(|c| c.is_ascii_digit()))?;
            id_ok(id).then(|| {
                (
                    format!("https://player.vimeo.com/video/{id}?autoplay=1&dnt=1"),
                    "Vimeo",
                )
            })
        }
        _ => None,
    }
}

/// `840 bytes`, `12 kB`, `2.4 MB`.
fn human_size(bytes: u64) -> String {
    const KB: f64 = 1000.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} bytes")
    } else if b < KB * KB {
        format!("{:.0} kB", b / KB)
    } else {
        format!("{:.1} MB", b / (KB * KB))
    }
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

/// Puts each call's HTML where its placeholder is: a paragraph holding only
/// placeholders is replaced whole (a figure is not inside a `<p>`). A
/// placeholder inside a tag (an image's alt text) is an error and dropped.
pub(super) fn substitute(expanded: &Expanded, out: &mut Rendered) {
    if expanded.is_empty() {
        return;
    }
    let html = std::mem::take(&mut out.html);
    let mut result =
        String::with_capacity(html.len() + expanded.html.iter().map(String::len).sum::<usize>());
    let mut rest = html.as_str();
    while let Some(at) = rest.find(OPEN) {
        let (before, from) = rest.split_at(at);
        let Some((index, len)) = placeholder(from) else {
            break;
        };
        let after = &from[len..];
        if before.ends_with("<p>")
            && let Some((more, used)) = rest_of_paragraph(after)
        {
            // A paragraph of placeholders only: replaced whole.
            result.push_str(&before[..before.len() - 3]);
            for i in std::iter::once(index).chain(more) {
                result.push_str(expanded.html.get(i).map_or("", String::as_str));
                result.push('\n');
            }
            rest = &after[used..];
            continue;
        }
        result.push_str(before);
        match expanded.html.get(index) {
            Some(_) if tag_open(&result) => out.problems.push(BodyProblem::error(
                "bad-shortcode",
                expanded.spots[index].1.clone(),
                "a shortcode cannot go inside an image's description or a link's address"
                    .to_string(),
                "put the shortcode on a line of its own",
            )),
            Some(made) => result.push_str(made),
            None => {}
        }
        rest = after;
    }
    result.push_str(rest);
    out.html = result;
}

/// The placeholder `text` starts with: its index and length.
fn placeholder(text: &str) -> Option<(usize, usize)> {
    let inner = text.strip_prefix(OPEN)?;
    let close = inner.find(CLOSE)?;
    let index = inner[..close].parse().ok()?;
    Some((index, OPEN.len_utf8() + close + CLOSE.len_utf8()))
}

/// When `text` holds only placeholders and spaces up to `</p>`: their
/// indexes and the length up to after `</p>`.
fn rest_of_paragraph(text: &str) -> Option<(Vec<usize>, usize)> {
    let mut indexes = Vec::new();
    let mut at = 0;
    loop {
        let rest = &text[at..];
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        if trimmed.starts_with("</p>") {
            return Some((indexes, at + 4));
        }
        let (index, len) = placeholder(trimmed)?;
        indexes.push(index);
        at += len;
    }
}

/// Whether the HTML written so far ends inside a tag.
fn tag_open(done: &str) -> bool {
    done.rfind('<') > done.rfind('>')
}
