//! A shortcode call's arguments checked against its component's
//! declaration (names and types) and what its metadata says of them:
//! files of the page's folder (with their sizes), web addresses (and the
//! videos that may be embedded), alt text and allowed values.

use super::{Call, Page, meta_list, meta_str};
use crate::markdown::calls::Arg;
use crate::markdown::{BodyProblem, FileLink, Rendered, images};
use crate::routes::Route;
use crate::sanitize;
use tera::{ComponentArgType, ComponentInfo, Context, Value};

/// Names, types and required arguments, each mistake at its place.
pub(super) fn check_args(
    call: &Call,
    info: &ComponentInfo,
    args: &mut Context,
    out: &mut Rendered,
) {
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
pub(super) fn meta_checks(
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
        crate::markdown::links::join_relative(within, decoded)
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
