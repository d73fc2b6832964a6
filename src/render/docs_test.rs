//! docs/templates.md against the contexts templates really get: every
//! object it documents has exactly the fields listed under its heading.

use super::assemble::{AsValue, job_value};
use super::jobs::JobKind;
use super::{jobs, load_templates, prepare};
use crate::layout::Layout;
use crate::pipeline::{self, Options};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Fields = BTreeMap<String, BTreeSet<String>>;

/// Objects that are another documented object wherever they appear.
const SAME_AS: [(&str, &str); 9] = [
    ("pages[]", "summary"),
    ("page.prev", "summary"),
    ("page.next", "summary"),
    ("page.related[]", "summary"),
    ("page.backlinks[].pages[]", "summary"),
    ("page.refs.*", "summary"),
    ("page.refs.*[]", "summary"),
    ("page.collection_info", "site.collections[]"),
    ("page.toc[].children[]", "page.toc[]"),
];

/// Objects documented as another one "plus" their own fields.
const EXTENDS: [(&str, &str); 3] = [
    ("page", "summary"),
    ("collection", "site.collections[]"),
    ("term", "taxonomy.terms[]"),
];

/// The heading of the variables every template gets.
const EVERY_TEMPLATE: &str = "Variables in every template";

/// Objects (by heading) and templates (`template:<name>`) with the fields
/// the doc lists under them.
fn documented(doc: &str) -> Fields {
    let mut out = Fields::new();
    let mut current: Option<String> = None;
    for line in doc.lines() {
        if let Some(heading) = line.strip_prefix('#') {
            let heading = heading.trim_start_matches('#').trim();
            current = if heading == EVERY_TEMPLATE {
                Some("template:*".into())
            } else {
                first_code(heading).map(|name| match name.ends_with(".html") {
                    true => format!("template:{name}"),
                    false => name.to_string(),
                })
            };
            if let Some(c) = &current {
                out.entry(c.clone()).or_default();
            }
        } else if let (Some(c), Some(item)) = (&current, line.strip_prefix("- `")) {
            let names = format!("`{}", item.split(": ").next().unwrap_or(item));
            let fields = out.entry(c.clone()).or_default();
            for name in names.split('`').skip(1).step_by(2) {
                assert!(
                    name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                    "{c}: `{name}` is not a field name"
                );
                fields.insert(name.to_string());
            }
        }
    }
    out
}

fn first_code(text: &str) -> Option<&str> {
    text.split('`').nth(1).filter(|_| text.starts_with('`'))
}

/// Records the fields of every object in `value`, below `path`.
fn observe(value: &serde_json::Value, path: &str, seen: &mut Fields) {
    let same = SAME_AS.iter().find(|(p, _)| *p == path);
    let path = match value {
        serde_json::Value::Object(_) => same.map_or(path, |(_, same)| same),
        _ => path,
    };
    match value {
        serde_json::Value::Array(items) => {
            for item in items {
                observe(item, &format!("{path}[]"), seen);
            }
        }
        serde_json::Value::Object(map) if path == "page.refs" => {
            for v in map.values() {
                observe(v, "page.refs.*", seen);
            }
        }
        serde_json::Value::Object(map) => {
            seen.entry(path.to_string())
                .or_default()
                .extend(map.keys().cloned());
            for (k, v) in map {
                // A page's field values are named by hub.yaml.
                if k != "fields" {
                    let child = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    observe(v, &child, seen);
                }
            }
        }
        _ => {}
    }
}

/// The template a kind of job is documented under.
fn template_of(kind: &JobKind) -> &'static str {
    match kind {
        JobKind::Home => "index.html",
        JobKind::List { .. } => "list.html",
        JobKind::Page(_) => "page.html",
        JobKind::Taxonomy { .. } => "taxonomy.html",
        JobKind::Term { .. } => "term.html",
        JobKind::NotFound => "404.html",
        JobKind::Search => "search.html",
        JobKind::Map => "map.html",
    }
}

/// The fields of every object (and every template's variables) in the
/// contexts of every output of the hub at `root`.
fn observed(root: &Path) -> Fields {
    let options = Options {
        skip_search_index: true,
        ..Options::default()
    };
    let built = pipeline::run(root, &options);
    let (config, site) = (built.config.unwrap(), built.site.unwrap());
    let mut diags = Vec::new();
    let inputs = crate::source::load(root, &config, &mut diags);
    let alternates = crate::i18n::Alternates::new(&config, &site).map(std::sync::Arc::new);
    let mut seen = Fields::new();
    observe_site(&config, &site, &inputs, &alternates, 0, &mut seen);
    // The site in each other language, as `pipeline` renders it.
    for (i, language) in config.languages.iter().enumerate().skip(1) {
        let lang_config = crate::i18n::config_for(&config, language);
        let docs = crate::i18n::docs_for(&site, &language.code, &config);
        let options = crate::resolve::ResolveOptions {
            include_drafts: false,
        };
        let (files, unparsed) = (Default::default(), Default::default());
        let mut lang_site = crate::resolve::resolve(
            &lang_config,
            docs,
            files,
            &unparsed,
            &options,
            None,
            &mut diags,
        );
        lang_site.fallback_label = config.languages.first().map(|l| l.name.clone());
        observe_site(&lang_config, &lang_site, &inputs, &alternates, i, &mut seen);
    }
    seen
}

/// Adds the fields of the contexts of every output of `site` to `seen`.
fn observe_site(
    config: &crate::config::Config,
    site: &crate::resolve::Site,
    inputs: &crate::source::Inputs,
    alternates: &Option<std::sync::Arc<crate::i18n::Alternates>>,
    lang: usize,
    seen: &mut Fields,
) {
    let mut diags = Vec::new();
    let outline = inputs
        .map_outline
        .as_ref()
        .map(|(p, t)| (p.as_str(), t.as_str()));
    let art = super::ThemeArt {
        outline,
        card: None,
    };
    let mut prepared = prepare(config, site, art, None, None, &mut diags);
    prepared.i18n = alternates.clone().map(|a| (a, lang));
    let dir = Layout::new(&config.theme).templates_dir();
    let templates = load_templates(
        &inputs.templates,
        &dir,
        &prepared,
        super::TemplateSetup {
            recorder: None,
            strings: None,
            cache: Default::default(),
            generation: 0,
        },
        &mut diags,
    )
    .unwrap();
    let (config, site) = (config, site);
    for job in jobs(config, site, &prepared, &templates) {
        let value = job_value::<AsValue>(config, site, &prepared, &job).unwrap();
        let json = serde_json::to_value(&value).unwrap();
        let mut top = Fields::new();
        observe(&json, "", &mut top);
        let vars = seen
            .entry(format!("template:{}", template_of(&job.kind)))
            .or_default();
        vars.extend(top.remove("").unwrap_or_default());
        for (object, fields) in top {
            seen.entry(object).or_default().extend(fields);
        }
    }
}

#[test]
fn documented_variables_are_the_variables_templates_get() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(repo.join("docs/templates.md")).unwrap();
    let mut want = documented(&doc);
    for (object, base) in EXTENDS {
        let base = want[base].clone();
        want.get_mut(object).unwrap().extend(base);
    }
    let every = want.remove("template:*").unwrap();
    for (name, fields) in want.iter_mut() {
        if name.starts_with("template:") {
            fields.extend(every.iter().cloned());
        }
    }
    // The shipped hub, and the findability fixture with the shipped theme
    // (every map, feed and JSON-LD feature), so that no object of the
    // reference depends on what the shipped content happens to hold.
    let mut seen = observed(repo);
    let fixture = tempfile::tempdir().unwrap();
    copy_dir(&repo.join("tests/fixtures/findability"), fixture.path());
    copy_dir(&repo.join("themes"), &fixture.path().join("themes"));
    for (object, fields) in observed(fixture.path()) {
        seen.entry(object).or_default().extend(fields);
    }
    // A hub with translations, with the shipped theme.
    let fixture = tempfile::tempdir().unwrap();
    copy_dir(&repo.join("tests/fixtures/i18n-hub"), fixture.path());
    std::fs::remove_dir_all(fixture.path().join("themes")).unwrap();
    copy_dir(&repo.join("themes"), &fixture.path().join("themes"));
    let hub = std::fs::read_to_string(fixture.path().join("hub.yaml")).unwrap();
    std::fs::write(
        fixture.path().join("hub.yaml"),
        hub.replace("theme: mini", "theme: cluster"),
    )
    .unwrap();
    for (object, fields) in observed(fixture.path()) {
        seen.entry(object).or_default().extend(fields);
    }
    let mut problems = Vec::new();
    for (object, fields) in &seen {
        match want.get(object) {
            None => problems.push(format!("`{object}` is not documented (fields {fields:?})")),
            Some(doc) if doc != fields => problems.push(format!(
                "`{object}`: documented but not given {:?}; given but not documented {:?}",
                doc.difference(fields).collect::<Vec<_>>(),
                fields.difference(doc).collect::<Vec<_>>()
            )),
            Some(_) => {}
        }
    }
    for object in want.keys().filter(|o| !seen.contains_key(*o)) {
        problems.push(format!("`{object}` is documented but no template gets it"));
    }
    assert!(
        problems.is_empty(),
        "docs/templates.md:\n{}",
        problems.join("\n")
    );
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
