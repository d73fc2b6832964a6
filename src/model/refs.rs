//! Kinds `ref` (one page of collection `to`, by slug) and `refs` (several).
//! Whether the pages exist is known only once every page is read
//! (`resolve`); here a ref is checked for its form.

use super::issue::{Answer, Element, OTHER, dropdown_items, yaml_list};
use super::{At, DeclProblem, FieldKind, FieldValue, Read, Targets, items, json_type, scalar_text};
use super::{FieldDef, Problem, quote};
use crate::diag::Diagnostic;
use crate::text::{nearest, slugify};
use crate::yaml::Yaml;
use serde_json::{Map, Value, json};

pub(super) fn read_ref(key: &str, value: &Yaml, shown: &str, to: &str) -> Read {
    match scalar_text(value) {
        Some(s) => Read::ok(FieldValue::Ref(s)),
        None => Read::wrong(
            At::Value(shown.to_string()),
            "wrong-type",
            format!(
                "`{key}` takes the slug of one page in {to}, found {}",
                value.type_name()
            ),
            format!("write `{key}: slug`, the file name of a page in content/{to}/ without .md"),
        ),
    }
}

pub(super) fn read_refs(key: &str, value: &Yaml) -> Read {
    let (items, problems) = items(key, value);
    Read {
        value: items.map(FieldValue::Refs),
        problems,
    }
}

/// A `ref` or `refs` field (`type_name`) must say which declared
/// collection it points to.
pub(super) fn declare(
    name: &str,
    type_name: &str,
    to: Option<String>,
    collections: &[String],
) -> Result<FieldKind, DeclProblem> {
    let Some(to) = to else {
        return Err(DeclProblem {
            key: "type",
            underline: None,
            code: "bad-field",
            message: format!("{type_name} field `{name}` needs `to`, the collection it points to"),
            hint: format!(
                "add `to: {}`",
                collections.first().map_or("collection", String::as_str)
            ),
        });
    };
    if !collections.contains(&to) {
        return Err(DeclProblem {
            key: "to",
            hint: match nearest(&to, collections.iter().map(String::as_str)) {
                Some(n) => format!("did you mean `{n}`?"),
                None => format!("declared collections: {}", collections.join(", ")),
            },
            code: "unknown-collection",
            message: format!("field `{name}` refers to collection `{to}`, which is not declared"),
            underline: Some(to),
        });
    }
    Ok(if type_name == "ref" {
        FieldKind::Ref { to }
    } else {
        FieldKind::Refs { to }
    })
}

/// What to write for a ref (`many`: refs) to collection `to`, with a
/// made-up example slug from its singular name (real slugs would go stale
/// in the comment).
pub(super) fn form(targets: &dyn Targets, to: &str, many: bool) -> String {
    let singular = targets.names(to).map_or(to, |(_, singular)| singular);
    let example = format!("my-{}", slugify(singular));
    if many {
        format!("A list of file names (without .md) of pages in content/{to}/, e.g. [{example}].")
    } else {
        format!("The file name (without .md) of one page in content/{to}/, e.g. {example}.")
    }
}

/// A slug, or a list of them (`many`).
pub(super) fn schema(many: bool, optional: bool) -> Map<String, Value> {
    if many {
        let mut s = json_type(&["array"], optional);
        s.insert(
            "items".into(),
            json!({"type": "string", "pattern": "^[a-z0-9_-]+$"}),
        );
        s
    } else {
        let mut s = json_type(&["string"], optional);
        s.insert("pattern".into(), "^[a-z0-9_-]+$".into());
        s
    }
}

/// The sentence added to the field's description in its schema.
pub(super) fn schema_note(targets: &dyn Targets, to: &str, many: bool) -> String {
    let label = targets
        .names(to)
        .map_or(to.to_string(), |(label, _)| label.to_lowercase());
    if many {
        format!(" A list of {label}: the file names of pages in content/{to}/, without .md.")
    } else {
        format!(" One of the {label}: the file name of a page in content/{to}/, without .md.")
    }
}

/// Field `field` of `file` refers to page `slug` of collection `to`, which
/// does not exist: `check`'s error (`resolve`), which `new` repeats for a
/// `--set` value. `near` is the closest existing slug, if any.
pub(crate) fn broken_ref(
    targets: &dyn Targets,
    file: &str,
    field: &str,
    to: &str,
    slug: &str,
    near: Option<&str>,
) -> Diagnostic {
    let singular = targets
        .names(to)
        .map_or(to, |(_, singular)| singular)
        .to_lowercase();
    let hint = match near {
        Some(n) => format!("did you mean `{n}`?"),
        None => format!(
            "write the file name (without .md) of a page in content/{to}/, or create that page"
        ),
    };
    Diagnostic::error(
        "broken-ref",
        file,
        format!(
            "no {singular} `{slug}` (field `{field}` refers to content/{to}/{slug}.md, which does not exist)"
        ),
    )
    .hint(hint)
}

/// `backlinks_label` declared on field `name` of kind `type_name`, which
/// is not a ref.
pub(super) fn backlinks_label_problem(name: &str, type_name: &str) -> DeclProblem {
    DeclProblem {
        key: "backlinks_label",
        underline: None,
        code: "bad-field",
        message: format!(
            "`backlinks_label` is for ref and refs fields, and `{name}` is of type `{type_name}`"
        ),
        hint: "it names, on a page, the list of pages that refer to it through the field; remove it here".into(),
    }
}

/// A dropdown of the pages' titles (several when `many`), with an option
/// for a page the hub does not have yet.
pub(super) fn element(def: &FieldDef, pages: &[(String, String)], many: bool) -> Element {
    let mut options: Vec<String> = pages.iter().map(|(_, title)| title.clone()).collect();
    options.push(OTHER.to_string());
    let how = if many {
        "Choose all that apply; for one the list does not have, choose the last option and name it in the text."
    } else {
        "If the list does not have it, choose the last option and name it in the text."
    };
    Element::dropdown(def, how, options, many)
}

/// The slugs of the chosen pages; "Other" is left out, with a note. A
/// title the form does not offer (the issue was edited by hand) is a
/// problem, said with the titles it offers.
pub(super) fn answer(
    def: &FieldDef,
    answer: &str,
    pages: &[(String, String)],
    many: bool,
) -> Result<Answer, Problem> {
    let mut options: Vec<&str> = pages.iter().map(|(_, t)| t.as_str()).collect();
    options.push(OTHER);
    let items = if many {
        dropdown_items(answer, &options)
    } else {
        vec![answer.trim().to_string()]
    };
    let mut note = None;
    let mut slugs = Vec::new();
    for item in items {
        if item == OTHER {
            note = Some(format!(
                "you chose \"{OTHER}\" for {}: the hub has no page for it yet, so the page leaves it out; a maintainer can add it in the pull request",
                def.label
            ));
            continue;
        }
        match pages
            .iter()
            .find(|(slug, title)| *title == item || *slug == item)
        {
            Some((slug, _)) => slugs.push(slug.clone()),
            None => {
                let titles = pages.iter().map(|(_, t)| t.as_str());
                let hint = match nearest(&item, titles) {
                    Some(n) => {
                        format!("did you mean \"{n}\"? Choose from the form's list, or \"{OTHER}\"")
                    }
                    None => format!(
                        "choose from the form's list, or \"{OTHER}\" and name it in the text"
                    ),
                };
                return Err(Problem {
                    at: At::Value(item.clone()),
                    code: "broken-ref",
                    message: format!(
                        "\"{item}\" is not one of the {} on the hub",
                        def.label.to_lowercase()
                    ),
                    hint,
                });
            }
        }
    }
    let yaml = match (many, slugs.as_slice()) {
        (_, []) => None,
        (true, _) => Some(yaml_list(&slugs)),
        (false, [one, ..]) => Some(quote(one)),
    };
    Ok(Answer { yaml, note })
}
