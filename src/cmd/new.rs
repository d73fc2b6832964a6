//! `clusterhub new`: writes a new page with every field of its collection
//! (required ones first, each explained in a comment), ready to fill in.
//! Values given with `--set` are written into the page and checked by
//! `parse`, as `check` checks them, before anything is written: a mistake
//! is the diagnostic `check` would give, shown on the command line.

use super::{EXIT_FAILURE, EXIT_OK};
use crate::cli::{Format, NewArgs};
use crate::config::{COMMON_FIELDS, Collection, Config, FieldDef, FieldKind};
use crate::diag::{Diagnostic, Severity};
use crate::markdown::Listed;
use crate::model::quote;
use crate::parse::{FieldValue, Kit};
use crate::pipeline;
use crate::text::{nearest, slugify};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

pub(crate) fn run(args: &NewArgs) -> u8 {
    // `new --translate` is `translate::run`'s (dispatched in `lib.rs`).
    let (collection, title) = match (&args.collection, &args.title) {
        (Some(c), Some(t)) => (c, t),
        _ => {
            eprintln!(
                "error: give the collection and the title: clusterhub new <collection> \"<title>\""
            );
            return EXIT_FAILURE;
        }
    };
    let mut diags = Vec::new();
    let Some(config) = pipeline::load_config(args.root(), &mut diags) else {
        super::report(&mut diags, Format::Human);
        return EXIT_FAILURE;
    };
    let kit = theme_kit(args.root(), &config);
    let today = jiff::ZonedDateTime::now().date();
    let today = format!(
        "{:04}-{:02}-{:02}",
        today.year(),
        today.month(),
        today.day()
    );
    let page = match plan(
        (&config, &kit),
        args.root(),
        collection,
        title,
        &args.set,
        &today,
    ) {
        Ok(p) => p,
        Err(Refused::Message(message)) => {
            eprintln!("error: {message}");
            return EXIT_FAILURE;
        }
        Err(Refused::Values { path, mut diags }) => {
            super::report(&mut diags, Format::Human);
            eprintln!("error: not writing {path}: correct the --set values above");
            return EXIT_FAILURE;
        }
    };
    if !page.warnings.is_empty() {
        super::report(&mut page.warnings.clone(), Format::Human);
    }
    match write_page(args.root(), &page.path, &page.text) {
        Ok(()) => {
            next_steps(&page);
            EXIT_OK
        }
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_FAILURE
        }
    }
}

/// What a page is parsed with here: the theme's shortcodes, for the
/// scaffold to list and for bodies that call them (a theme that does not
/// load has none: `check` says why), and no processed images.
pub(super) fn theme_kit(root: &Path, config: &Config) -> Kit {
    let layout = crate::layout::Layout::new(&config.theme);
    let templates = crate::source::load_templates(root, &layout, &mut Vec::new());
    let shortcodes = crate::markdown::Shortcodes::load(&templates, Default::default());
    Kit {
        shortcodes: std::sync::Arc::new(shortcodes),
        ..Kit::default()
    }
}

/// Creates the page's file at `rel` (never replacing one), inside the hub;
/// `intake` writes its pages through it too.
pub(crate) fn write_page(root: &Path, rel: &str, text: &str) -> Result<(), String> {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    // Never write through a folder link that leads out of the hub.
    let folder = rel
        .rsplit_once('/')
        .map_or(crate::layout::CONTENT_DIR, |(f, _)| f);
    crate::source::resolve_inside(root, folder)
        .map_err(|e| format!("not writing into {folder}: {e}"))?;
    // `create_new` refuses to replace a file, even one created meanwhile.
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path);
    let mut file = match file {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(format!(
                "{rel} already exists; not overwriting it\nhelp: choose a different title, or edit the existing page"
            ));
        }
        Err(e) => return Err(format!("cannot create {}: {e}", path.display())),
    };
    file.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// "created ...", then what is left to do.
fn next_steps(page: &NewPage) {
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
    /// What `check` will warn about in the `--set` values (a ref to a
    /// page not written yet, a long summary), on the command line.
    pub warnings: Vec<Diagnostic>,
}

/// Why a page is not written.
#[derive(Debug)]
pub(crate) enum Refused {
    /// The command cannot be carried out (unknown collection, no title, the
    /// file exists, a `--set` that is not `field=value`...).
    Message(String),
    /// `--set` values `check` would refuse: its diagnostics (and its
    /// warnings about the other values), placed on the command line.
    Values {
        path: String,
        diags: Vec<Diagnostic>,
    },
}

/// The YAML of the fields given a value (with `--set`, or by `intake`),
/// by name.
pub(crate) struct Values(pub(crate) Vec<(String, String)>);

impl Values {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| f == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One `--set field=value`, trimmed.
#[derive(Debug)]
struct Set {
    field: String,
    value: String,
}

/// Works out the file and its text, or says why it cannot be written.
/// Nothing is written here.
pub(crate) fn plan(
    (config, kit): (&Config, &Kit),
    root: &Path,
    collection_name: &str,
    title: &str,
    sets: &[String],
    today: &str,
) -> Result<NewPage, Refused> {
    let collection = find_collection(config, collection_name).map_err(Refused::Message)?;
    let title = title.trim();
    let path = page_path(root, collection, title).map_err(Refused::Message)?;
    let sets = read_sets(sets).map_err(Refused::Message)?;
    // An empty value is a field left to fill in, as in the file.
    let values = Values(
        sets.iter()
            .filter(|s| !s.value.is_empty())
            .map(|s| (s.field.clone(), set_yaml(collection, &s.field, &s.value)))
            .collect(),
    );
    let listed = kit.shortcodes.list();
    let body = Body::Outline(&listed);
    let (text, unfilled) = page_text(config, collection, title, today, &values, body);
    let diags = check_sets((config, kit), root, collection, &path, &text, &sets);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Refused::Values { path, diags });
    }
    Ok(NewPage {
        path,
        text,
        unfilled,
        has_summary: values.get("summary").is_some(),
        warnings: diags,
    })
}

fn find_collection<'a>(config: &'a Config, name: &str) -> Result<&'a Collection, String> {
    if let Some(collection) = config.collection(name) {
        return Ok(collection);
    }
    let declared: Vec<&str> = config.collections.iter().map(|c| c.name.as_str()).collect();
    let mut message = format!("there is no collection `{name}` in hub.yaml");
    if let Some(n) = nearest(name, declared.iter().copied()) {
        let _ = write!(message, "; did you mean `{n}`?");
    }
    let _ = write!(
        message,
        "\nhelp: declared collections: {}",
        declared.join(", ")
    );
    Err(message)
}

/// `content/<collection>/<slug>.md` for a page titled `title`, unless
/// that page (or its folder form) exists.
pub(crate) fn page_path(
    root: &Path,
    collection: &Collection,
    title: &str,
) -> Result<String, String> {
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
    let [path, folder_form] = crate::layout::page_files(&collection.name, &slug);
    for existing in [&path, &folder_form] {
        if root.join(existing).exists() {
            return Err(format!(
                "{existing} already exists; not overwriting it\nhelp: choose a different title, or edit the existing page"
            ));
        }
    }
    Ok(path)
}

/// The `--set` arguments, or why one cannot be used at all.
fn read_sets(sets: &[String]) -> Result<Vec<Set>, String> {
    let mut out: Vec<Set> = Vec::with_capacity(sets.len());
    for set in sets {
        let Some((field, value)) = set.split_once('=') else {
            return Err(format!(
                "`--set {set}` is not `field=value`\nhelp: write e.g. --set city=belfast"
            ));
        };
        let field = field.trim();
        if field == "title" {
            return Err(
                "the title is given as the second argument, not with --set\nhelp: clusterhub new <collection> \"<title>\""
                    .into(),
            );
        }
        if out.iter().any(|s| s.field == field) {
            return Err(format!("`{field}` is set twice with --set"));
        }
        out.push(Set {
            field: field.to_string(),
            value: value.trim().to_string(),
        });
    }
    Ok(out)
}

/// A `--set` value as the YAML to write: as its field's kind writes it
/// (the common fields have the kind of their values); a field the
/// collection does not have is written as text, for `check` to report.
fn set_yaml(collection: &Collection, field: &str, value: &str) -> String {
    let common = match field {
        "summary" => Some(FieldKind::Text { pattern: None }),
        "date" | "updated" => Some(FieldKind::Date { not_before: None }),
        "draft" => Some(FieldKind::Bool),
        "sources" => Some(FieldKind::List { values: None }),
        _ => None,
    };
    match common.as_ref().or(collection.field(field).map(|d| &d.kind)) {
        Some(kind) => kind.set_yaml(value),
        None => quote(value),
    }
}

/// What goes below a new page's front matter.
pub(crate) enum Body<'a> {
    /// The collection's outline, with the theme's shortcodes listed in
    /// notes above it.
    Outline(&'a [Listed]),
    /// This text.
    Text(&'a str),
}

/// The page's text, and the required fields it leaves empty.
pub(crate) fn page_text(
    config: &Config,
    collection: &Collection,
    title: &str,
    today: &str,
    values: &Values,
    body: Body<'_>,
) -> (String, Vec<String>) {
    let mut out = String::new();
    let _ = writeln!(out, "---");
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
    field_line(&mut out, "summary", values.get("summary"));
    let _ = writeln!(
        out,
        "# The date of the page: YYYY-MM-DD (2024-03-21), or YYYY-MM when only the month is known."
    );
    field_line(&mut out, "date", Some(values.get("date").unwrap_or(today)));
    let unfilled = declared_fields(&mut out, config, collection, values);
    every_page_fields(&mut out, values);
    // Fields the collection does not have, for `check` to name (such a
    // page is not written).
    for (field, yaml) in &values.0 {
        if !COMMON_FIELDS.contains(&field.as_str()) && collection.field(field).is_none() {
            field_line(&mut out, field, Some(yaml));
        }
    }
    if let Body::Outline(listed) = body {
        list_shortcodes(&mut out, listed);
    }
    let _ = writeln!(out, "---");
    match body {
        Body::Text(body) => out.push_str(body),
        Body::Outline(_) => out.push_str(&crate::model::outline::body(&collection.outline)),
    }
    (out, unfilled)
}

/// The collection's own fields, required ones first; returns the
/// required ones left empty.
fn declared_fields(
    out: &mut String,
    config: &Config,
    collection: &Collection,
    values: &Values,
) -> Vec<String> {
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
            describe(out, config, def);
            let value = values.get(&def.name);
            if value.is_none() {
                unfilled.push(def.name.clone());
            }
            field_line(out, &def.name, value);
        }
    }
    if !optional.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "# ---- Optional: fill in what you know, leave the rest empty ----"
        );
        for def in &optional {
            describe(out, config, def);
            field_line(out, &def.name, values.get(&def.name));
        }
    }
    unfilled
}

/// `updated`, `draft` and `sources`.
fn every_page_fields(out: &mut String, values: &Values) {
    let _ = writeln!(out);
    let _ = writeln!(out, "# ---- Every page ----");
    let _ = writeln!(
        out,
        "# When the page was last changed substantially: YYYY-MM-DD or YYYY-MM."
    );
    field_line(out, "updated", values.get("updated"));
    let _ = writeln!(
        out,
        "# true keeps the page out of the published site while you work on it."
    );
    field_line(out, "draft", Some(values.get("draft").unwrap_or("false")));
    let _ = writeln!(
        out,
        "# Web addresses (https://...) of the sources for what the page says, one per line:"
    );
    let _ = writeln!(out, "#   - https://example.org/report.pdf");
    field_line(out, "sources", values.get("sources"));
}

/// The theme's shortcodes, each with what it is for and an example, as
/// notes above the text.
fn list_shortcodes(out: &mut String, listed: &[Listed]) {
    if listed.is_empty() {
        return;
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "# ---- Shortcodes: components you can write in the text below ----"
    );
    for s in listed {
        let _ = writeln!(out, "# {}: {}", s.name, s.description);
        for line in s.example.lines() {
            let _ = writeln!(out, "#     {line}");
        }
    }
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

/// What `check` would say about the `--set` values once the page is
/// written, placed on the command line (where they are corrected): the
/// page's text is parsed as `check` parses it, and the pages refs name are
/// looked for among those that exist.
fn check_sets(
    (config, kit): (&Config, &Kit),
    root: &Path,
    collection: &Collection,
    path: &str,
    text: &str,
    sets: &[Set],
) -> Vec<Diagnostic> {
    let file = crate::source::SourceFile {
        path: path.to_string(),
        bytes: text.as_bytes().to_vec(),
    };
    let mut diags = Vec::new();
    let doc = crate::parse::parse_file(&file, config, kit, &config.base_path(), &mut diags);
    let front = &text[..text.find("\n---\n").unwrap_or(text.len())];
    let mut out = Vec::new();
    for (n, set) in sets.iter().enumerate().filter(|(_, s)| !s.value.is_empty()) {
        let written = format!("{}:", set.field);
        let Some(line) = front.lines().position(|l| l.starts_with(&written)) else {
            continue;
        };
        let arg = CommandLine { n: n + 1, set };
        let mut here: Vec<Diagnostic> = diags
            .iter()
            .filter(|d| d.line == line + 1)
            .map(|d| arg.place(d.clone(), &underlined(d)))
            .collect();
        if here.is_empty()
            && let Some(doc) = &doc
        {
            here = missing_pages(config, root, collection, doc, path, set)
                .into_iter()
                .map(|(d, slug)| arg.place(d, &slug))
                .collect();
        }
        out.append(&mut here);
    }
    out
}

/// A `--set` field's refs to pages that do not exist: `check`'s error,
/// with the slug. One that could be a page's file name is only a warning
/// here: it may be the next page the contributor writes.
fn missing_pages(
    config: &Config,
    root: &Path,
    collection: &Collection,
    doc: &crate::parse::Doc,
    path: &str,
    set: &Set,
) -> Vec<(Diagnostic, String)> {
    let Some(to) = collection.field(&set.field).and_then(|d| d.kind.target()) else {
        return Vec::new();
    };
    let slugs = match doc.field(&set.field) {
        Some(FieldValue::Ref(slug)) => vec![slug.clone()],
        Some(FieldValue::Refs(slugs)) => slugs.clone(),
        _ => return Vec::new(),
    };
    let existing = existing_slugs(root, to);
    let mut out = Vec::new();
    for slug in slugs.into_iter().filter(|s| !existing.contains(s)) {
        let near = nearest(&slug, existing.iter().map(String::as_str));
        let mut d = crate::model::broken_ref(config, path, &set.field, to, &slug, near);
        if crate::parse::is_slug(&slug) {
            d.severity = Severity::Warning;
        }
        out.push((d, slug));
    }
    out
}

/// The text a diagnostic underlines in its quoted line (a value quoted in
/// the YAML is underlined from its opening quote: skipped).
fn underlined(d: &Diagnostic) -> String {
    let from = d.column.saturating_sub(d.snippet_shift + 1);
    let line = d.source_line.as_deref().unwrap_or("");
    let mut chars = line.chars().skip(from).peekable();
    if chars.peek() == Some(&'"') {
        chars.next();
    }
    chars.take(d.width).collect()
}

/// The `n`th `--set` argument, as a place to point diagnostics at.
struct CommandLine<'a> {
    n: usize,
    set: &'a Set,
}

impl CommandLine<'_> {
    /// `d` moved onto the argument (`command line:<n>:<column>`, quoting
    /// `--set field=value`), underlining `text` where the argument has it
    /// (quotes and brackets of the YAML aside), else the whole value.
    fn place(&self, mut d: Diagnostic, text: &str) -> Diagnostic {
        let Set { field, value } = self.set;
        let arg = format!("--set {field}={value}");
        let value_at = "--set ".len() + field.chars().count() + 1;
        let text = text.trim_matches(|c| c == '"' || c == '[' || c == ']');
        let char_at = |s: &str, byte: usize| s[..byte].chars().count();
        let (column, width) = match (value.find(text), field.find(text)) {
            _ if text.is_empty() => (value_at, value.chars().count()),
            (Some(at), _) => (value_at + char_at(value, at), text.chars().count()),
            (None, Some(at)) => ("--set ".len() + char_at(field, at), text.chars().count()),
            (None, None) => (value_at, value.chars().count()),
        };
        d.file = "command line".into();
        d.line = self.n;
        d.column = column + 1;
        d.width = width.max(1);
        d.quote(&arg);
        d
    }
}

/// Slugs of the pages in `content/<collection>/`, listed as a build lists
/// them (links that leave the hub are not followed).
pub(super) fn existing_slugs(root: &Path, collection: &str) -> Vec<String> {
    let dir = crate::layout::collection_dir(collection);
    let prefix = format!("{dir}/");
    let dir = root.join(dir);
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
