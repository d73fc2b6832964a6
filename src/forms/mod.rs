//! GitHub issue forms generated from the content model: one
//! `.github/ISSUE_TEMPLATE/<collection>.yml` per collection whose hub.yaml
//! entry says `form:`, made of the elements each field kind gives
//! (`FieldDef::issue_element`), plus the fields every page has (title,
//! summary, date, sources, the text). `body` reads an issue GitHub wrote
//! from such a form back into answers, for `intake`. Knows nothing of
//! templates; the files are written by `cmd::forms` only; `stale` checks
//! the committed ones.

pub(crate) mod body;
mod stale;

pub(crate) use stale::stale;

use crate::config::{Collection, Config};
use crate::model::issue::{Choices, Element, ElementType};
use crate::resolve::Site;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

pub(crate) use crate::layout::FORMS_DIR;

/// `.github/ISSUE_TEMPLATE/<collection>.yml`.
pub(crate) fn form_path(collection: &str) -> String {
    format!("{FORMS_DIR}/{collection}.yml")
}

/// Ids of the elements every page's form has (a declared field of the
/// same name would clash: `config` keeps those names for the page itself).
pub(crate) const TITLE: &str = "title";
pub(crate) const SUMMARY: &str = "summary";
pub(crate) const DATE: &str = "date";
pub(crate) const SOURCES: &str = "sources";
pub(crate) const BODY: &str = "body";

/// The pages a ref field may point to, per collection: (slug, option),
/// sorted by title; options are unique (a title two pages share gets its
/// slug in brackets) and never GitHub's reserved `None`.
pub(crate) struct PageChoices(BTreeMap<String, Vec<(String, String)>>);

impl PageChoices {
    pub(crate) fn new(site: &Site) -> PageChoices {
        let mut by: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        for page in &site.pages {
            let title = page
                .doc()
                .title
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            by.entry(page.collection.clone())
                .or_default()
                .push((page.slug.clone(), title));
        }
        for pages in by.values_mut() {
            pages.sort_by_cached_key(|(slug, title)| (crate::text::slugify(title), slug.clone()));
            // How many pages have each title (counted once, not per page:
            // a collection of thousands of pages).
            let mut uses: HashMap<String, usize> = HashMap::new();
            for (_, title) in pages.iter() {
                *uses.entry(title.clone()).or_default() += 1;
            }
            for (slug, title) in pages.iter_mut() {
                let shared = uses.get(title.as_str()).is_some_and(|&n| n > 1);
                if shared || title.is_empty() || title.eq_ignore_ascii_case("none") {
                    *title = format!("{title} ({slug})").trim_start().to_string();
                }
            }
        }
        PageChoices(by)
    }
}

impl Choices for PageChoices {
    fn pages(&self, collection: &str) -> &[(String, String)] {
        self.0.get(collection).map_or(&[], Vec::as_slice)
    }
}

/// The elements of a collection's form, in order: title, summary, date,
/// the collection's fields as declared, sources, the text. Labels are made
/// unique (GitHub refuses a form with a label twice).
pub(crate) fn elements(
    config: &Config,
    collection: &Collection,
    choices: &dyn Choices,
) -> Vec<Element> {
    let singular = collection.singular.to_lowercase();
    let mut out = vec![
        common(
            ElementType::Input,
            TITLE,
            "Title",
            &format!(
                "The title of the {singular}, as readers will see it; its web address is made from it."
            ),
            true,
        ),
        common(
            ElementType::Textarea,
            SUMMARY,
            "Summary",
            &format!(
                "One or two sentences saying what the page is about (at most {} characters), shown in listings and search results.",
                config.summary_max_length
            ),
            true,
        ),
        common(
            ElementType::Input,
            DATE,
            "Date",
            "The date of the page: YYYY-MM-DD, or YYYY-MM when only the month is known. Left empty: the day the page is made.",
            false,
        ),
    ];
    out.extend(
        collection
            .fields
            .iter()
            .map(|def| def.issue_element(choices)),
    );
    out.push(common(
        ElementType::Textarea,
        SOURCES,
        "Sources",
        "Web addresses (https://...) of the public sources for what the page says, one per line.",
        false,
    ));
    let outline: Vec<String> = collection
        .outline
        .iter()
        .map(|s| format!("- {}: {}", s.heading, s.note))
        .collect();
    let text_help = if outline.is_empty() {
        "The text of the page, in Markdown. Images you drag in stay links to GitHub's copy."
            .to_string()
    } else {
        format!(
            "The text of the page, in Markdown, with these sections (start each with `## ` and its heading):\n{}\n\nImages you drag in stay links to GitHub's copy.",
            outline.join("\n")
        )
    };
    let mut body = common(ElementType::Textarea, BODY, "Text", &text_help, true);
    body.placeholder = collection
        .outline
        .iter()
        .map(|s| format!("## {}\n\n", s.heading))
        .collect::<String>()
        .trim_end()
        .to_string();
    out.push(body);
    unique_labels(&mut out);
    out
}

fn common(kind: ElementType, id: &str, label: &str, description: &str, required: bool) -> Element {
    Element {
        kind,
        id: id.to_string(),
        label: label.to_string(),
        description: description.to_string(),
        required,
        options: Vec::new(),
        multiple: false,
        placeholder: String::new(),
    }
}

/// A label used before gets its field's name in brackets.
fn unique_labels(elements: &mut [Element]) {
    for i in 0..elements.len() {
        let taken = elements[..i]
            .iter()
            .any(|e| e.label.eq_ignore_ascii_case(&elements[i].label));
        if taken || elements[i].label.trim().is_empty() {
            elements[i].label = format!("{} ({})", elements[i].label, elements[i].id)
                .trim_start()
                .to_string();
        }
    }
}

/// The form file's text, stable from run to run so it can be committed
/// and compared (`check`).
pub(crate) fn form_text(config: &Config, collection: &Collection, choices: &dyn Choices) -> String {
    let Some(settings) = &collection.form else {
        return String::new();
    };
    let singular = collection.singular.to_lowercase();
    let mut intro = format!(
        "Propose a {singular} for the hub. Fill in what you know and leave the rest empty. Once a maintainer accepts the proposal (by labelling the issue), the page is made from your answers and checked; if something is wrong you get a comment saying what to correct here. You do not need to know git."
    );
    if !config.repository.is_empty() {
        intro.push_str(&format!(" To write the page yourself instead, see [CONTRIBUTING.md]({}/blob/{}/CONTRIBUTING.md).", config.repository, config.branch));
    }
    let mut body = vec![Item::markdown(intro)];
    body.extend(elements(config, collection, choices).iter().map(Item::from));
    // The text starts with the outline's headings, to write under.
    for item in body.iter_mut().filter(|i| i.id.as_deref() == Some(BODY)) {
        item.attributes.value = item.attributes.placeholder.take();
    }
    let form = FormFile {
        name: format!("Propose a {singular}"),
        description: if collection.description.is_empty() {
            format!("Propose a new {singular} page.")
        } else {
            format!("Propose a new {singular} page. {}", collection.description)
        },
        title: settings.title.clone(),
        labels: settings.labels.clone(),
        body,
    };
    format!(
        "# Generated by `clusterhub forms` from hub.yaml and the pages; run it again\n# after changing either (`clusterhub check` says when this file is out of date).\n{}",
        crate::yaml::to_text(&form)
    )
}

/// The forms of every collection that opts in: the collection, its form's
/// path and text.
pub(crate) fn all<'a>(config: &'a Config, site: &Site) -> Vec<(&'a Collection, (String, String))> {
    let choices = PageChoices::new(site);
    config
        .collections
        .iter()
        .filter(|c| c.form.is_some())
        .map(|c| (c, (form_path(&c.name), form_text(config, c, &choices))))
        .collect()
}

#[derive(Serialize)]
struct FormFile {
    name: String,
    description: String,
    title: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    labels: Vec<String>,
    body: Vec<Item>,
}

#[derive(Serialize)]
struct Item {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    attributes: Attributes,
    #[serde(skip_serializing_if = "Option::is_none")]
    validations: Option<Validations>,
}

#[derive(Serialize, Default)]
struct Attributes {
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    placeholder: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    multiple: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    options: Option<Options>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Options {
    Dropdown(Vec<String>),
    Checkboxes(Vec<Checkbox>),
}

#[derive(Serialize)]
struct Checkbox {
    label: String,
}

#[derive(Serialize)]
struct Validations {
    required: bool,
}

impl Item {
    fn markdown(value: String) -> Item {
        Item {
            kind: "markdown",
            id: None,
            attributes: Attributes {
                value: Some(value),
                ..Attributes::default()
            },
            validations: None,
        }
    }
}

impl From<&Element> for Item {
    fn from(e: &Element) -> Item {
        let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_string());
        let (kind, options) = match e.kind {
            ElementType::Input => ("input", None),
            ElementType::Textarea => ("textarea", None),
            ElementType::Dropdown => ("dropdown", Some(Options::Dropdown(e.options.clone()))),
            ElementType::Checkboxes => (
                "checkboxes",
                Some(Options::Checkboxes(
                    e.options
                        .iter()
                        .map(|o| Checkbox { label: o.clone() })
                        .collect(),
                )),
            ),
        };
        Item {
            kind,
            id: Some(e.id.clone()),
            attributes: Attributes {
                label: Some(e.label.clone()),
                description: non_empty(&e.description),
                placeholder: non_empty(&e.placeholder),
                value: None,
                multiple: (e.kind == ElementType::Dropdown && e.multiple).then_some(true),
                options,
            },
            // GitHub takes no `validations` on checkboxes.
            validations: (e.required && e.kind != ElementType::Checkboxes)
                .then_some(Validations { required: true }),
        }
    }
}
