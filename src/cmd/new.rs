//! `clusterhub new`: writes a new page with every field of its collection
//! (required ones first, each explained in a comment), ready to fill in.

use super::{EXIT_FAILURE, EXIT_OK};
use crate::cli::NewArgs;
use crate::config::{COMMON_FIELDS, Collection, Config, FieldDef, FieldKind};
use crate::pipeline;
use crate::text::{PageDate, nearest, slugify};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

pub fn run(args: &NewArgs) -> u8 {
    let config = match pipeline::load_config(&args.root) {
        Ok((config, _)) => config,
        Err(mut diags) => {
            super::report(&mut diags, crate::cli::Format::Human);
            return EXIT_FAILURE;
        }
    };
    let today = jiff::ZonedDateTime::now().date();
    let today = format!(
        "{:04}-{:02}-{:02}",
        today.year(),
        today.month(),
        today.day()
    );
    let page = match plan(
        &config,
        &args.root,
        &args.collection,
        &args.title,
        &args.set,
        &today,
    ) {
        Ok(p) => p,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_FAILURE;
        }
    };
    for w in &page.warnings {
        eprintln!("warning: {w}");
    }
    let path = args.root.join(&page.path);
    if let Some(parent) = path.parent()
        && let Err(e) = std::fs::create_dir_all(parent)
    {
        eprintln!("error: cannot create {}: {e}", parent.display());
        return EXIT_FAILURE;
    }
    // Never write through a folder link that leads out of the hub.
    let folder = page.path.rsplit_once('/').map_or("content", |(f, _)| f);
    if let Err(e) = crate::source::resolve_inside(&args.root, folder) {
        eprintln!("error: not writing into {folder}: {e}");
        return EXIT_FAILURE;
    }
    // `create_new` refuses to replace a file, even one created meanwhile.
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path);
    let mut file = match file {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!("error: {} already exists; not overwriting it", page.path);
            eprintln!("help: choose a different title, or edit the existing page");
            return EXIT_FAILURE;
        }
        Err(e) => {
            eprintln!("error: cannot create {}: {e}", path.display());
            return EXIT_FAILURE;
        }
    };
    if let Err(e) = file.write_all(page.text.as_bytes()) {
        eprintln!("error: cannot write {}: {e}", path.display());
        return EXIT_FAILURE;
    }
    eprintln!("created {}", page.path);
    let body = if page.has_summary {
        "write the body"
    } else {
        "write the summary and the body"
    };
    if page.unfilled.is_empty() {
        eprintln!("next: {body}, then run `clusterhub check`");
    } else {
        eprintln!(
            "next: fill in the required field{} {}, {body}, then run `clusterhub check`",
            if page.unfilled.len() == 1 { "" } else { "s" },
            page.unfilled
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    EXIT_OK
}

/// A page ready to be written: where, what, and what is left to do.
#[derive(Debug)]
pub(crate) struct NewPage {
    /// `content/<collection>/<slug>.md`, relative to the hub root.
    pub path: String,
    pub text: String,
    /// Required fields left empty.
    pub unfilled: Vec<String>,
    /// Whether `--set summary=...` was given.
    pub has_summary: bool,
    /// Things worth saying that do not stop the page being written.
    pub warnings: Vec<String>,
}

/// Works out the file and its text, or says why it cannot be written.
/// Nothing is written here.
pub(crate) fn plan(
    config: &Config,
    root: &Path,
    collection_name: &str,
    title: &str,
    sets: &[String],
    today: &str,
) -> Result<NewPage, String> {
    let Some(collection) = config.collection(collection_name) else {
        let declared: Vec<&str> = config.collections.iter().map(|c| c.name.as_str()).collect();
        let mut message = format!("there is no collection `{collection_name}` in hub.yaml");
        if let Some(n) = nearest(collection_name, declared.iter().copied()) {
            let _ = write!(message, "; did you mean `{n}`?");
        }
        let _ = write!(
            message,
            "\nhelp: declared collections: {}",
            declared.join(", ")
        );
        return Err(message);
    };
    let title = title.trim();
    if title.is_empty() {
        return Err("the title is empty\nhelp: give the page a title in quotes, e.g. \"Ålesund waterfront\"".into());
    }
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(format!(
            "the title \"{title}\" has no letters or digits to make a file name from\nhelp: use a title with words, e.g. \"Ålesund waterfront\""
        ));
    }
    // The slug only has a-z, 0-9 and `-`, so the path stays in content/.
    let path = format!("content/{}/{slug}.md", collection.name);
    let folder_form = format!("content/{}/{slug}/index.md", collection.name);
    for existing in [&path, &folder_form] {
        if root.join(existing).exists() {
            return Err(format!(
                "{existing} already exists; not overwriting it\nhelp: choose a different title, or edit the existing page"
            ));
        }
    }

    let mut values: Vec<(String, String)> = Vec::new();
    let mut warnings = Vec::new();
    for set in sets {
        let Some((field, value)) = set.split_once('=') else {
            return Err(format!(
                "`--set {set}` is not `field=value`\nhelp: write e.g. --set city=belfast"
            ));
        };
        let field = field.trim();
        let value = value.trim();
        if field == "title" {
            return Err(
                "the title is given as the second argument, not with --set\nhelp: clusterhub new <collection> \"<title>\""
                    .into(),
            );
        }
        if values.iter().any(|(f, _)| f == field) {
            return Err(format!("`{field}` is set twice with --set"));
        }
        let yaml = set_value(config, root, collection, field, value, &mut warnings)?;
        values.push((field.to_string(), yaml));
    }
    let value_of = |name: &str| {
        values
            .iter()
            .find(|(f, _)| f == name)
            .map(|(_, v)| v.as_str())
    };

    let mut out = String::new();
    let _ = writeln!(out, "---");
    let _ = writeln!(
        out,
        "# yaml-language-server: $schema=../../schemas/{}.schema.json",
        collection.name
    );
    let _ = writeln!(
        out,
        "# A new {} page. Fill in the fields below; lines starting with # are notes",
        collection.singular.to_lowercase()
    );
    let _ = writeln!(
        out,
        "# and can stay. Leave a field empty when it does not apply. Then run `clusterhub check`."
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "# The page title, as readers will see it. Required.");
    let _ = writeln!(out, "title: {}", quote(title));
    let _ = writeln!(
        out,
        "# One or two sentences saying what the page is about (at most {} characters).",
        config.summary_max_length
    );
    let _ = writeln!(out, "# Shown in listings and search results.");
    field_line(&mut out, "summary", value_of("summary"));
    let _ = writeln!(
        out,
        "# The date of the page: YYYY-MM-DD (2024-03-21), or YYYY-MM when only the month is known."
    );
    field_line(&mut out, "date", Some(value_of("date").unwrap_or(today)));

    let required: Vec<&FieldDef> = collection.fields.iter().filter(|f| f.required).collect();
    let optional: Vec<&FieldDef> = collection.fields.iter().filter(|f| !f.required).collect();
    let mut unfilled = Vec::new();
    if !required.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "# ---- Required: `clusterhub check` reports an error until these are filled in ----"
        );
        for def in &required {
            describe(&mut out, config, def);
            let value = value_of(&def.name);
            if value.is_none() {
                unfilled.push(def.name.clone());
            }
            field_line(&mut out, &def.name, value);
        }
    }
    if !optional.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "# ---- Optional: fill in what you know, leave the rest empty ----"
        );
        for def in &optional {
            describe(&mut out, config, def);
            field_line(&mut out, &def.name, value_of(&def.name));
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "# ---- Every page ----");
    let _ = writeln!(
        out,
        "# When the page was last changed substantially: YYYY-MM-DD or YYYY-MM."
    );
    field_line(&mut out, "updated", value_of("updated"));
    let _ = writeln!(
        out,
        "# true keeps the page out of the published site while you work on it."
    );
    field_line(
        &mut out,
        "draft",
        Some(value_of("draft").unwrap_or("false")),
    );
    let _ = writeln!(
        out,
        "# Web addresses (https://...) of the sources for what the page says, one per line:"
    );
    let _ = writeln!(out, "#   - https://example.org/report.pdf");
    field_line(&mut out, "sources", value_of("sources"));
    let _ = writeln!(out, "---");
    out.push_str(&outline(collection));

    Ok(NewPage {
        path,
        text: out,
        unfilled,
        has_summary: value_of("summary").is_some(),
        warnings,
    })
}

/// `name: value`, or `name:` (which check treats as not filled in).
fn field_line(out: &mut String, name: &str, value: Option<&str>) {
    match value {
        Some(v) => {
            let _ = writeln!(out, "{name}: {v}");
        }
        None => {
            let _ = writeln!(out, "{name}:");
        }
    }
}

/// The comment lines above a declared field: what it is, then what to write.
fn describe(out: &mut String, config: &Config, def: &FieldDef) {
    let mut what = if def.help.is_empty() {
        def.label.clone()
    } else {
        def.help.clone()
    };
    if !what.ends_with('.') {
        what.push('.');
    }
    let _ = writeln!(out, "# {what}");
    let required = if def.required { " Required." } else { "" };
    let form = def.kind.form(config);
    let _ = writeln!(out, "#{required} {form}");
}

fn range(min: Option<f64>, max: Option<f64>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!(" between {a} and {b}"),
        (Some(a), None) => format!(" of at least {a}"),
        (None, Some(b)) => format!(" of at most {b}"),
        (None, None) => String::new(),
    }
}

/// Checks one `--set field=value` and returns the value as YAML.
fn set_value(
    config: &Config,
    root: &Path,
    collection: &Collection,
    field: &str,
    value: &str,
    warnings: &mut Vec<String>,
) -> Result<String, String> {
    let invalid = |why: String| Err(format!("--set {field}={value}: {why}"));
    match field {
        "summary" => return Ok(quote(value)),
        "date" | "updated" => {
            return match PageDate::parse(value) {
                Some(d) => Ok(d.iso()),
                None => invalid(
                    "not a date\nhelp: write YYYY-MM-DD (2024-03-21) or YYYY-MM (2024-03)".into(),
                ),
            };
        }
        "draft" => {
            return match value {
                "true" | "false" => Ok(value.to_string()),
                _ => invalid("write true or false".into()),
            };
        }
        "sources" => {
            let items = split_list(value);
            for item in &items {
                if !(item.starts_with("https://") || item.starts_with("http://")) {
                    return invalid(format!(
                        "`{item}` is not a web address\nhelp: sources start with https://"
                    ));
                }
            }
            return Ok(list(items.iter().map(|s| quote(s))));
        }
        _ => {}
    }
    let Some(def) = collection.field(field) else {
        let known: Vec<&str> = COMMON_FIELDS
            .iter()
            .copied()
            .chain(collection.fields.iter().map(|f| f.name.as_str()))
            .collect();
        let mut message = format!("a page in {} has no field `{field}`", collection.name);
        if let Some(n) = nearest(field, known.iter().copied()) {
            let _ = write!(message, "; did you mean `{n}`?");
        }
        let _ = write!(
            message,
            "\nhelp: fields of {}: {}",
            collection.name,
            known.join(", ")
        );
        return Err(message);
    };
    let not_allowed = |item: &str, values: &[String]| {
        let mut message = format!("`{item}` is not an allowed value for `{field}`");
        if let Some(n) = nearest(item, values.iter().map(String::as_str)) {
            let _ = write!(message, "; did you mean `{n}`?");
        }
        let _ = write!(message, "\nhelp: allowed values: {}", values.join(", "));
        Err(message)
    };
    match &def.kind {
        FieldKind::String | FieldKind::Text => Ok(quote(value)),
        FieldKind::Url => {
            if value.starts_with("https://") || value.starts_with("http://") {
                Ok(quote(value))
            } else {
                invalid(
                    "not a web address\nhelp: write a full address starting with https://".into(),
                )
            }
        }
        FieldKind::Integer { min, max } => match value.parse::<i64>() {
            Ok(n) if in_range(n as f64, *min, *max) => Ok(n.to_string()),
            Ok(_) => invalid(format!(
                "outside the allowed range\nhelp: write a whole number{}",
                range(*min, *max)
            )),
            Err(_) => invalid(
                "not a whole number\nhelp: write digits only, no units or separators".into(),
            ),
        },
        FieldKind::Number { min, max } => match value.parse::<f64>() {
            Ok(n) if n.is_finite() && in_range(n, *min, *max) => Ok(value.to_string()),
            Ok(n) if n.is_finite() => invalid(format!(
                "outside the allowed range\nhelp: write a number{}",
                range(*min, *max)
            )),
            _ => invalid("not a number\nhelp: write a decimal number such as 54.6".into()),
        },
        FieldKind::Bool => match value {
            "true" | "false" => Ok(value.to_string()),
            _ => invalid("write true or false".into()),
        },
        FieldKind::Date => match PageDate::parse(value) {
            Some(d) => Ok(d.iso()),
            None => invalid(
                "not a date\nhelp: write YYYY-MM-DD (2024-03-21) or YYYY-MM (2024-03)".into(),
            ),
        },
        FieldKind::Enum { values } => {
            if values.iter().any(|v| v == value) {
                Ok(quote(value))
            } else {
                not_allowed(value, values)
            }
        }
        FieldKind::List { values } => {
            let items = split_list(value);
            if let Some(values) = values {
                for item in &items {
                    if !values.contains(item) {
                        return not_allowed(item, values);
                    }
                }
            }
            Ok(list(items.iter().map(|s| quote(s))))
        }
        FieldKind::Ref { to } => {
            let slug = value.to_string();
            check_slug(config, root, to, &slug, warnings)?;
            Ok(quote(&slug))
        }
        FieldKind::Refs { to } => {
            let items = split_list(value);
            for slug in &items {
                check_slug(config, root, to, slug, warnings)?;
            }
            Ok(list(items.iter().map(|s| quote(s))))
        }
    }
}

fn in_range(n: f64, min: Option<f64>, max: Option<f64>) -> bool {
    !(min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m))
}

/// A ref must look like a slug; a page that does not exist yet is only a
/// warning (it may be the next page the contributor writes).
fn check_slug(
    config: &Config,
    root: &Path,
    to: &str,
    slug: &str,
    warnings: &mut Vec<String>,
) -> Result<(), String> {
    if slug.is_empty() || slugify(slug) != slug {
        return Err(format!(
            "`{slug}` is not a page's file name\nhelp: refs are file names without .md, like `{}`",
            if slugify(slug).is_empty() {
                "belfast".to_string()
            } else {
                slugify(slug)
            }
        ));
    }
    let slugs = existing_slugs(root, to);
    let exists = slugs.iter().any(|s| s == slug);
    if !exists {
        let mut w = format!("there is no page content/{to}/{slug}.md yet");
        if let Some(n) = nearest(slug, slugs.iter().map(String::as_str)) {
            let _ = write!(w, "; did you mean `{n}`?");
        }
        let _ = write!(w, " (check will report it until that page exists)");
        warnings.push(w);
    }
    let _ = config;
    Ok(())
}

/// Slugs of the pages in `content/<collection>/`, listed as a build lists
/// them (links that leave the hub are not followed).
fn existing_slugs(root: &Path, collection: &str) -> Vec<String> {
    let prefix = format!("content/{collection}/");
    let dir = root.join("content").join(collection);
    let listed = crate::source::walk(root, &dir, &mut Vec::new());
    let mut out: Vec<String> = listed
        .into_iter()
        .filter_map(|(rel, _)| {
            let rest = rel.strip_prefix(&prefix)?;
            match rest.split('/').collect::<Vec<_>>().as_slice() {
                [file] => file
                    .strip_suffix(".md")
                    .filter(|s| *s != "_index")
                    .map(str::to_string),
                [dir, "index.md"] => Some((*dir).to_string()),
                _ => None,
            }
        })
        .collect();
    out.sort();
    out
}

fn split_list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn list(items: impl Iterator<Item = String>) -> String {
    format!("[{}]", items.collect::<Vec<_>>().join(", "))
}

/// The value as a YAML scalar: plain when that reads back as the same text,
/// otherwise double-quoted (JSON string syntax is valid YAML).
fn quote(value: &str) -> String {
    let plain_safe = !value.is_empty()
        && value.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '/' | '(' | ')' | '&' | '\'')
        })
        && value.chars().next().is_some_and(char::is_alphabetic)
        && !value.ends_with(' ')
        && !matches!(
            value.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n" | "~"
        );
    if plain_safe {
        value.to_string()
    } else {
        serde_json::to_string(value).unwrap_or_else(|_| format!("\"{}\"", value.replace('"', "'")))
    }
}

/// The body: the headings a good page of this collection has, each with a
/// note on what to write (HTML comments are not shown on the site).
fn outline(collection: &Collection) -> String {
    let sections: &[(&str, &str)] = match collection.name.as_str() {
        "case-studies" => &[
            (
                "Context",
                "The city or area, who is involved, and the starting point.",
            ),
            (
                "Challenge",
                "The problem the work addresses, and why it matters here.",
            ),
            (
                "What was done",
                "The actions, methods and tools used, by whom, and when.",
            ),
            (
                "Results",
                "What changed, with figures where a source gives them. Say so if results are not published yet.",
            ),
            (
                "Lessons",
                "What worked, what did not, and what another city should know.",
            ),
            (
                "Sources",
                "Link the documents this page is based on; list them in `sources` above too.",
            ),
        ],
        "methods" => &[
            (
                "What it is",
                "The method in two or three sentences, and who developed it.",
            ),
            (
                "When to use it",
                "The questions it helps a city answer, and at what stage.",
            ),
            ("How it works", "The steps, inputs and outputs."),
            (
                "Where it has been used",
                "Cities and case studies, with links to their pages.",
            ),
            (
                "Getting started",
                "How to get it, what it costs, whom to contact.",
            ),
        ],
        "dissemination" => &[
            (
                "Summary",
                "What happened or what was published, when, and by whom.",
            ),
            ("Highlights", "The main points, outcomes or findings."),
            (
                "More information",
                "Links to the recording, slides, report or event page.",
            ),
        ],
        "projects" => &[
            ("Aims", "What the project sets out to do, and its funding."),
            (
                "Cities",
                "The cities it works with, with links to their pages.",
            ),
            (
                "Methods and results",
                "Its main methods, tools and outputs so far.",
            ),
        ],
        "cities" => &[
            (
                "Overview",
                "The city, its climate ambitions and its role in the cluster.",
            ),
            (
                "Work in the cluster",
                "The projects, case studies and events it takes part in, with links.",
            ),
        ],
        _ => &[
            ("Overview", "What this page is about."),
            ("Details", "The main content."),
            ("Sources", "The documents this page is based on."),
        ],
    };
    let mut out = String::new();
    for (heading, note) in sections {
        let _ = writeln!(out, "\n## {heading}\n\n<!-- {note} -->");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_keeps_text_exact() {
        assert_eq!(quote("belfast"), "belfast");
        assert_eq!(quote("Belfast: a plan"), "\"Belfast: a plan\"");
        assert_eq!(quote("NO"), "\"NO\"");
        assert_eq!(quote("2030"), "\"2030\"");
        assert_eq!(quote("say \"hi\""), "\"say \\\"hi\\\"\"");
    }
}
