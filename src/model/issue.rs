//! What each field kind becomes in a GitHub issue form (`forms`), and how
//! the answer GitHub writes into the issue body is read back into the YAML
//! of the page's front matter (`intake`). The form element and the reading
//! of its answer are the kind's, as `form`, `schema` and `display` are: this
//! file holds the shared types; `issue_kinds` hands each kind to its family.

use super::FieldDef;

/// The element types of a GitHub issue form that take an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ElementType {
    Input,
    Textarea,
    Dropdown,
    Checkboxes,
}

/// One element of an issue form: what the contributor sees and fills in.
/// `id` is the field's name, so a link can prefill it (`?city=Belfast`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Element {
    pub kind: ElementType,
    pub id: String,
    pub label: String,
    pub description: String,
    pub required: bool,
    /// A dropdown's options, or the checkbox labels.
    pub options: Vec<String>,
    /// A dropdown that takes several options.
    pub multiple: bool,
    /// Placeholder text of an input or text area.
    pub placeholder: String,
}

impl Element {
    fn new(kind: ElementType, def: &FieldDef, how: &str) -> Element {
        let mut description = def.help.trim().to_string();
        if !description.is_empty() && !description.ends_with('.') {
            description.push('.');
        }
        if !how.is_empty() {
            if !description.is_empty() {
                description.push(' ');
            }
            description.push_str(how);
        }
        Element {
            kind,
            id: def.name.clone(),
            label: def.label.clone(),
            description,
            required: def.required,
            options: Vec::new(),
            multiple: false,
            placeholder: String::new(),
        }
    }

    /// A one-line text input; `how` says what to write.
    pub(super) fn input(def: &FieldDef, how: &str, placeholder: &str) -> Element {
        let mut e = Element::new(ElementType::Input, def, how);
        e.placeholder = placeholder.to_string();
        e
    }

    /// A text area (long text, one item per line).
    pub(super) fn textarea(def: &FieldDef, how: &str) -> Element {
        Element::new(ElementType::Textarea, def, how)
    }

    /// A dropdown of `options` (several may be chosen when `multiple`).
    pub(super) fn dropdown(
        def: &FieldDef,
        how: &str,
        options: Vec<String>,
        multiple: bool,
    ) -> Element {
        let mut e = Element::new(ElementType::Dropdown, def, how);
        e.options = options;
        e.multiple = multiple;
        e
    }

    /// Checkboxes: GitHub cannot require a checkbox group to have an
    /// answer, only a box to be ticked, so a required bool is not marked
    /// required (an unticked box is `false`).
    pub(super) fn checkboxes(def: &FieldDef, how: &str, options: Vec<String>) -> Element {
        let mut e = Element::new(ElementType::Checkboxes, def, how);
        e.options = options;
        e.required = false;
        e
    }
}

/// The pages a ref field may point to, as its dropdown offers them: each
/// page's slug and its option (its title, made unique).
pub(crate) trait Choices {
    fn pages(&self, collection: &str) -> &[(String, String)];
}

/// The dropdown option that stands for a page the hub does not have yet.
pub(crate) const OTHER: &str = "Other (name it in the text)";

/// An answer read back: the YAML to write after `field:` (`None`: left
/// empty), and a note for the contributor that does not stop the page.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Answer {
    pub yaml: Option<String>,
    pub note: Option<String>,
}

impl Answer {
    pub(super) fn yaml(yaml: String) -> Answer {
        Answer {
            yaml: Some(yaml),
            note: None,
        }
    }
}

/// The items of a dropdown answer with several choices: GitHub joins them
/// with `, `, and an option may itself hold a comma, so the known
/// `options` are matched first (longest first); text that matches none is
/// cut at the next comma.
pub(crate) fn dropdown_items(answer: &str, options: &[&str]) -> Vec<String> {
    let mut sorted: Vec<&str> = options.to_vec();
    sorted.sort_by_key(|o| std::cmp::Reverse(o.len()));
    let mut rest = answer.trim();
    let mut out = Vec::new();
    while !rest.is_empty() {
        let known = sorted.iter().find(|o| {
            rest.strip_prefix(**o)
                .is_some_and(|after| after.is_empty() || after.starts_with(','))
        });
        let (item, after) = match known {
            Some(o) => (*o, &rest[o.len()..]),
            None => match rest.find(',') {
                Some(at) => (&rest[..at], &rest[at..]),
                None => (rest, ""),
            },
        };
        if !item.trim().is_empty() {
            out.push(item.trim().to_string());
        }
        rest = after.trim_start_matches(',').trim_start();
    }
    out
}

/// The lines of a text area answer given one item per line, without list
/// markers (`- `, `* `, `1. `) and blank lines.
pub(crate) fn answer_lines(answer: &str) -> Vec<String> {
    answer
        .lines()
        .map(|l| {
            let l = l.trim();
            let l = l
                .strip_prefix("- ")
                .or_else(|| l.strip_prefix("* "))
                .unwrap_or(l);
            match l.split_once(". ") {
                Some((n, rest)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => {
                    rest.trim()
                }
                _ => l.trim(),
            }
        })
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// `[a, b]` with each item quoted as `check` reads text.
pub(super) fn yaml_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| super::quote(s)).collect();
    format!("[{}]", quoted.join(", "))
}
