//! `clusterhub intake`: turns an issue written with a collection's issue
//! form (`forms`) into the page's file. Each answer is read by its field's
//! kind (`FieldDef::read_answer`) into front matter written as `new`
//! writes it, and the page is checked by the whole pipeline, as `check`
//! would check it once committed; the file is written only when neither
//! finds a problem. Problems are said per form label, in words for the
//! contributor, as text or as a Markdown comment to post on the issue.
//! The issue is untrusted: its size is limited, HTML is refused in fields,
//! the file name is the title's slug inside `content/<collection>/`, and
//! attachments stay links (nothing is downloaded).

use super::new::{Body, Values, page_path, page_text, write_page};
use super::{EXIT_ERRORS, EXIT_FAILURE, EXIT_OK};
use crate::cli::{IntakeArgs, IntakeFormat};
use crate::config::{Collection, Config, FieldDef, FieldKind};
use crate::forms::{self, PageChoices, body};
use crate::model::issue::{Choices, Element};
use crate::pipeline::{self, Options};
use crate::source::SourceFile;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// The longest issue body read, in characters: GitHub's own limit.
pub(crate) const MAX_BODY_CHARS: usize = 65_536;

/// A problem, said to the contributor at the form element (`label`) to
/// correct; an empty label is about the whole issue.
#[derive(Debug)]
struct Said {
    label: String,
    message: String,
    hint: Option<String>,
}

impl Said {
    fn new(label: &str, message: impl Into<String>, hint: Option<String>) -> Said {
        Said {
            label: label.to_string(),
            message: message.into(),
            hint,
        }
    }
}

/// The page made from the issue, or the problems that stop it, with the
/// notes for the contributor either way.
struct Outcome {
    path: String,
    text: String,
    problems: Vec<Said>,
    notes: Vec<String>,
}

pub(crate) fn run(args: &IntakeArgs) -> u8 {
    let issue = match read_issue(&args.issue_body) {
        Ok(text) => text,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_FAILURE;
        }
    };
    let options = Options {
        base_url: None,
        include_drafts: false,
        skip_search_index: true,
    };
    let mut built = pipeline::run(args.root(), &options);
    let (Some(config), Some(site)) = (&built.config, &built.site) else {
        super::report(&mut built.diags, crate::cli::Format::Human);
        return EXIT_FAILURE;
    };
    let choices = PageChoices::new(site);
    let today = args.today.clone().unwrap_or_else(today);
    let outcome = match pick_collection(config, &choices, &issue, args.collection.as_deref()) {
        Err(Pick::Usage(message)) => {
            eprintln!("error: {message}");
            return EXIT_FAILURE;
        }
        Err(Pick::Said(said)) => Outcome {
            path: String::new(),
            text: String::new(),
            problems: vec![said],
            notes: Vec::new(),
        },
        Ok(collection) => intake(
            args.root(),
            config,
            collection,
            &choices,
            &issue,
            &today,
            &options,
        ),
    };
    finish(args.root(), args, outcome)
}

/// Writes the page when there is no problem, and says what happened.
fn finish(root: &Path, args: &IntakeArgs, mut outcome: Outcome) -> u8 {
    if outcome.problems.is_empty()
        && let Err(message) = write_page(root, &outcome.path, &outcome.text)
    {
        let (message, hint) = split_help(&message);
        outcome.problems.push(Said::new("Title", message, hint));
    }
    let text = match args.format {
        IntakeFormat::Text => text_report(&outcome),
        IntakeFormat::GithubComment => comment(&outcome, args.issue_number),
    };
    match args.format {
        IntakeFormat::Text => eprint!("{text}"),
        IntakeFormat::GithubComment => print!("{text}"),
    }
    if outcome.problems.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERRORS
    }
}

fn today() -> String {
    let d = jiff::ZonedDateTime::now().date();
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// The issue body's text.
fn read_issue(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| format!("{} is not UTF-8 text", path.display()))
}

enum Pick {
    Usage(String),
    Said(Said),
}

/// The collection named, or the opted-in one whose form's labels the
/// issue's headings match most.
fn pick_collection<'a>(
    config: &'a Config,
    choices: &PageChoices,
    issue: &str,
    name: Option<&str>,
) -> Result<&'a Collection, Pick> {
    let with_form: Vec<&Collection> = config
        .collections
        .iter()
        .filter(|c| c.form.is_some())
        .collect();
    if let Some(name) = name {
        return with_form
            .into_iter()
            .find(|c| c.name == name)
            .ok_or_else(|| {
                Pick::Usage(format!(
                    "collection `{name}` has no issue form (hub.yaml: add `form: true` to it)"
                ))
            });
    }
    let mut best: Option<(&Collection, usize)> = None;
    for c in with_form {
        let n = body::matching_labels(issue, &forms::elements(config, c, choices));
        if n > best.map_or(0, |(_, b)| b) {
            best = Some((c, n));
        }
    }
    best.map(|(c, _)| c).ok_or_else(|| {
        Pick::Said(Said::new(
            "",
            "this issue was not written with one of the hub's forms: none of its headings is a question of a form",
            Some("open a new issue with the \"Propose a ...\" form and fill it in".into()),
        ))
    })
}

/// Reads the answers, makes the page and checks it.
fn intake(
    root: &Path,
    config: &Config,
    collection: &Collection,
    choices: &PageChoices,
    issue: &str,
    today: &str,
    options: &Options,
) -> Outcome {
    let chars = issue.chars().count();
    if chars > MAX_BODY_CHARS {
        let said = Said::new(
            "",
            format!(
                "the issue is {chars} characters long, more than the {MAX_BODY_CHARS} GitHub allows"
            ),
            Some("shorten the text, or link to a longer document in `Sources`".into()),
        );
        return Outcome {
            path: String::new(),
            text: String::new(),
            problems: vec![said],
            notes: Vec::new(),
        };
    }
    let elements = forms::elements(config, collection, choices);
    let read = read_answers(collection, choices, &elements, issue);
    let mut problems = read.problems;
    let title = read.title.unwrap_or_default();
    let path = match page_path(root, collection, &title) {
        Ok(path) => path,
        Err(message) => {
            if !title.is_empty() {
                let (message, hint) = split_help(&message);
                problems.push(Said::new(&label_of(&elements, forms::TITLE), message, hint));
            }
            // Still check the other answers, under a name no page has.
            let slug = crate::text::slugify(&title);
            let name = [String::from("issue-proposal"), slug]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("-");
            format!("content/{}/{name}.md", collection.name)
        }
    };
    let body_text = read
        .body
        .map(|b| format!("{}\n", b.trim_end()))
        .unwrap_or_default();
    let values = Values(read.values);
    let (text, _) = page_text(
        config,
        collection,
        &title,
        today,
        &values,
        Body::Text(&body_text),
    );
    problems.extend(check_page(
        root,
        options,
        &elements,
        &path,
        &text,
        &read.rejected,
    ));
    Outcome {
        path,
        text,
        problems,
        notes: read.notes,
    }
}

/// The answers read by their elements' kinds.
#[derive(Default)]
struct Read {
    title: Option<String>,
    body: Option<String>,
    /// (field, YAML) of every answered field.
    values: Vec<(String, String)>,
    /// Fields whose answer was refused here (already said).
    rejected: Vec<String>,
    problems: Vec<Said>,
    notes: Vec<String>,
}

fn read_answers(
    collection: &Collection,
    choices: &dyn Choices,
    elements: &[Element],
    issue: &str,
) -> Read {
    let answers = body::answers(issue, elements);
    let mut read = Read::default();
    if body::matching_labels(issue, elements) == 0 {
        read.problems.push(Said::new(
            "",
            format!(
                "this issue was not written with the form of {}",
                collection.label.to_lowercase()
            ),
            None,
        ));
    }
    for (element, answer) in elements.iter().zip(answers) {
        let id = element.id.as_str();
        if id == forms::BODY {
            read.body = answer;
            continue;
        }
        let Some(def) = common_def(id).or_else(|| collection.field(id).cloned()) else {
            continue;
        };
        let Some(answer) = answer else {
            if id == forms::TITLE {
                read.rejected.push(id.to_string());
                read.problems.push(Said::new(
                    &element.label,
                    "the title is empty",
                    Some("give the page a title".into()),
                ));
            }
            continue;
        };
        let answer = if id == forms::TITLE {
            answer.split_whitespace().collect::<Vec<_>>().join(" ")
        } else {
            answer
        };
        match def.read_answer(&answer, choices) {
            Ok(a) => {
                read.notes.extend(a.note);
                if id == forms::TITLE {
                    read.title = Some(answer);
                } else if let Some(yaml) = a.yaml {
                    read.values.push((id.to_string(), yaml));
                }
            }
            Err(p) => {
                read.rejected.push(id.to_string());
                read.problems
                    .push(Said::new(&element.label, p.message, Some(p.hint)));
            }
        }
    }
    read
}

/// The kinds of the fields every page has, as the form asks for them.
fn common_def(id: &str) -> Option<FieldDef> {
    let kind = match id {
        forms::TITLE | forms::SUMMARY => FieldKind::Text { pattern: None },
        forms::DATE => FieldKind::Date { not_before: None },
        forms::SOURCES => FieldKind::List { values: None },
        _ => return None,
    };
    Some(FieldDef {
        name: id.to_string(),
        label: crate::text::humanize(id),
        help: String::new(),
        required: id == forms::TITLE,
        kind,
        value_labels: BTreeMap::new(),
        backlinks_label: String::new(),
    })
}

fn label_of(elements: &[Element], id: &str) -> String {
    elements
        .iter()
        .find(|e| e.id == id)
        .map_or_else(|| id.to_string(), |e| e.label.clone())
}

/// What `check` says about the page once it is in the hub (errors and
/// warnings alike: a page from an issue goes in without any), each at the
/// form element its line comes from.
fn check_page(
    root: &Path,
    options: &Options,
    elements: &[Element],
    path: &str,
    text: &str,
    rejected: &[String],
) -> Vec<Said> {
    let page = SourceFile {
        path: path.to_string(),
        bytes: text.as_bytes().to_vec(),
    };
    let built = pipeline::run_with_page(root, options, page);
    let lines: Vec<&str> = text.lines().collect();
    let front_end = lines
        .iter()
        .skip(1)
        .position(|l| *l == "---")
        .map_or(lines.len(), |i| i + 2);
    let mut out = Vec::new();
    for d in built.diags.iter().filter(|d| d.file == path) {
        let (label, message) = if d.line > front_end {
            (
                label_of(elements, forms::BODY),
                format!("line {} of the text: {}", d.line - front_end, d.message),
            )
        } else {
            let key = lines
                .get(d.line.saturating_sub(1))
                .and_then(|l| l.split_once(':'))
                .map(|(k, _)| k.trim())
                .unwrap_or("");
            if rejected.iter().any(|r| r == key) {
                continue;
            }
            let label = if key.is_empty() || key.starts_with('#') {
                String::new()
            } else {
                label_of(elements, key)
            };
            if d.code == "missing-field" || d.code == "empty-summary" {
                // `check` says which line to fill in; here it is a question.
                out.push(Said::new(&label, "this question must be answered", None));
                continue;
            }
            (label, d.message.clone())
        };
        out.push(Said::new(&label, message, d.hint.clone()));
    }
    out
}

/// "message\nhelp: hint" → (message, hint).
fn split_help(message: &str) -> (String, Option<String>) {
    match message.split_once("\nhelp: ") {
        Some((m, h)) => (m.to_string(), Some(h.to_string())),
        None => (message.to_string(), None),
    }
}

fn text_report(outcome: &Outcome) -> String {
    let mut out = String::new();
    for p in &outcome.problems {
        let at = if p.label.is_empty() {
            String::new()
        } else {
            format!("{}: ", p.label)
        };
        let _ = writeln!(out, "error: {at}{}", p.message);
        if let Some(h) = &p.hint {
            let _ = writeln!(out, "  help: {h}");
        }
    }
    for n in &outcome.notes {
        let _ = writeln!(out, "note: {n}");
    }
    if outcome.problems.is_empty() {
        let _ = writeln!(out, "wrote {}", outcome.path);
    } else {
        let n = outcome.problems.len();
        let _ = writeln!(
            out,
            "not writing the page: {n} problem{} to correct in the issue",
            if n == 1 { "" } else { "s" }
        );
    }
    out
}

/// A Markdown comment for the issue. Contributor text in it is quoted in
/// code spans and cannot mention anyone or add HTML.
fn comment(outcome: &Outcome, issue: Option<u64>) -> String {
    let mut out = String::new();
    let this = issue.map_or("this issue".to_string(), |n| format!("issue #{n}"));
    if outcome.problems.is_empty() {
        let _ = writeln!(
            out,
            "Thank you! The page `{}` was made from {this} and passes the hub's checks. A pull request with it follows for the maintainers to review.",
            outcome.path
        );
    } else {
        let n = outcome.problems.len();
        let _ = writeln!(
            out,
            "The page could not be made from {this} yet: {n} thing{} to correct. Please edit the issue (the **···** menu at the top of it, then **Edit**), correct the answers below, and a maintainer will try again.\n",
            if n == 1 { "" } else { "s" }
        );
        for p in &outcome.problems {
            let at = if p.label.is_empty() {
                String::new()
            } else {
                format!("**{}**: ", inert(&p.label))
            };
            let _ = write!(out, "- {at}{}", inert(&p.message));
            if let Some(h) = &p.hint {
                let _ = write!(out, " (how to fix: {})", inert(h));
            }
            let _ = writeln!(out);
        }
    }
    if !outcome.notes.is_empty() {
        let _ = writeln!(out);
        for n in &outcome.notes {
            let _ = writeln!(out, "Note: {}", inert(n));
        }
    }
    out
}

/// Text safe to post in a comment: no HTML, no @-mentions, no new lines.
fn inert(text: &str) -> String {
    text.replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('@', "&#64;")
        .replace(['\n', '\r'], " ")
}
