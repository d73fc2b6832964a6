//! Tera setup: loads and parses the theme's templates once, registers the
//! functions templates call (`get_page`, `get_pages`, which read the
//! precomputed summaries and tell a `LookupRecorder` what they read), and
//! turns Tera errors into diagnostics at the template's file:line:col.

use super::lookups::{Lookup, LookupRecorder, report};
use super::memo::{Memo, MemoInclude};
use super::prepared::Prepared;
use crate::diag::Diagnostic;
use crate::theme::Template;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use tera::{Tera, Value};

/// The theme's templates, parsed, with their sources (for diagnostics).
pub(crate) struct Templates {
    pub(super) tera: Arc<Tera>,
    sources: HashMap<String, Template>,
}

impl Templates {
    /// Whether the theme has the template `name`.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// `name` as the templates hold it (borrowed: no job allocates its
    /// template's name), or as given when no source has it.
    pub(crate) fn name(&self, name: &str) -> Cow<'_, str> {
        match self.sources.get_key_value(name) {
            Some((held, _)) => Cow::Borrowed(held.as_str()),
            None => Cow::Owned(name.to_string()),
        }
    }

    /// A Tera error as a diagnostic at the template's file:line:col
    /// (`rendering`: the template being rendered, when known).
    pub(super) fn diagnostic(&self, err: &tera::Error, rendering: &str) -> Diagnostic {
        let by_name: HashMap<&str, &Template> =
            self.sources.iter().map(|(k, t)| (k.as_str(), t)).collect();
        template_diag(err, &by_name, rendering)
    }
}

/// Which template renders which kind of output.
const REQUIRED_TEMPLATES: [&str; 6] = [
    "index.html",
    "list.html",
    "page.html",
    "taxonomy.html",
    "term.html",
    "404.html",
];

/// What loading one language's templates keeps across `serve`'s edits:
/// the templates as parsed, with the theme's words (by `generation`, so
/// that a change of the site, which loads the templates again over the new
/// preparation, does not parse them again), and the remembered renders
/// (`memo_include`). A build keeps no renders (`TemplateCache::for_build`).
#[derive(Default)]
pub(crate) struct TemplateCache {
    /// A build's: keeps nothing.
    for_build: bool,
    memo: Arc<Memo>,
    parsed: Mutex<Option<(u64, Tera)>>,
}

impl TemplateCache {
    /// For a build: templates are loaded once per language, so nothing is
    /// kept, and renders are not remembered (see `Memo`).
    pub(crate) fn for_build() -> TemplateCache {
        TemplateCache {
            for_build: true,
            memo: Arc::new(Memo::off()),
            parsed: Mutex::default(),
        }
    }

    /// The templates parsed for `generation`, if they were.
    fn parsed(&self, generation: u64) -> Option<Tera> {
        let parsed = self.parsed.lock().ok()?;
        parsed
            .as_ref()
            .filter(|(g, _)| *g == generation)
            .map(|(_, tera)| tera.clone())
    }

    fn keep(&self, generation: u64, tera: &Tera) {
        if self.for_build {
            return;
        }
        if let Ok(mut parsed) = self.parsed.lock() {
            *parsed = Some((generation, tera.clone()));
        }
    }
}

/// What the template functions use besides the prepared site: `recorder`
/// (set by `serve`) is told of every page they read; `strings` are the
/// theme's words; `cache` keeps the parsed templates and `memo_include`'s
/// renders for `generation`, a hash of the templates, the theme's words and
/// the language (`serve` keeps it across edits).
pub(crate) struct TemplateSetup {
    pub recorder: Option<Arc<dyn LookupRecorder>>,
    pub strings: Option<Arc<crate::strings::Strings>>,
    pub cache: Arc<TemplateCache>,
    pub generation: u64,
}

/// Loads and parses every template (unless `cache` has them parsed).
/// Reports every syntax error (not just the first) and the templates a
/// theme must have.
pub(crate) fn load_templates(
    templates: &[Template],
    templates_dir: &str,
    prepared: &Prepared,
    setup: TemplateSetup,
    diags: &mut Vec<Diagnostic>,
) -> Option<Templates> {
    let TemplateSetup {
        recorder,
        strings,
        cache,
        generation,
    } = setup;
    let memo = cache.memo.clone();
    memo.start(generation, prepared.summaries.len());
    let by_name: HashMap<&str, &Template> =
        templates.iter().map(|t| (t.name.as_str(), t)).collect();
    // The functions templates call are registered again over this
    // preparation on the parsed templates (Tera finds them by name when
    // it renders).
    let with_functions = |mut tera: Tera| {
        let slot = register_functions(&mut tera, prepared, recorder.clone(), memo.clone());
        (tera, slot)
    };
    let new_tera = || {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml", ".htm"]);
        tera.register_filter("slugify", tera_contrib::slug::slug);
        tera.register_filter("json_encode", tera_contrib::json::json_encode);
        crate::strings::register(&mut tera, strings.clone());
        with_functions(tera)
    };
    let before = diags.len();
    if let Some(tera) = cache.parsed(generation) {
        return finish(
            with_functions(tera),
            templates,
            templates_dir,
            (before, diags),
        );
    }
    let (mut tera, slot) = new_tera();
    let before = diags.len();
    if let Err(e) =
        tera.add_raw_templates(templates.iter().map(|t| (t.name.as_str(), t.text.as_str())))
    {
        // Find every broken template, not only the first Tera stopped at.
        for t in templates {
            let (mut alone, _) = new_tera();
            if let Err(err) = alone.add_raw_template(&t.name, &t.text)
                && matches!(err.kind(), tera::ErrorKind::SyntaxError(_))
            {
                diags.push(template_diag(&err, &by_name, &t.name));
            }
        }
        if diags.len() == before {
            diags.push(template_diag(&e, &by_name, ""));
        }
    }
    if diags.len() == before {
        cache.keep(generation, &tera);
    }
    finish((tera, slot), templates, templates_dir, (before, diags))
}

/// The loaded templates, once the theme is known to have those it must
/// (`None` if `diags` grew past `before`).
fn finish(
    (tera, slot): (Tera, Arc<OnceLock<Weak<Tera>>>),
    templates: &[Template],
    templates_dir: &str,
    (before, diags): (usize, &mut Vec<Diagnostic>),
) -> Option<Templates> {
    let names: HashSet<&str> = templates.iter().map(|t| t.name.as_str()).collect();
    for name in REQUIRED_TEMPLATES {
        if !names.contains(name) {
            diags.push(
                Diagnostic::error("missing-template", format!("{templates_dir}/{name}"), format!("the theme has no template `{name}`"))
                    .hint("every theme needs index.html, list.html, page.html, taxonomy.html, term.html and 404.html"),
            );
        }
    }
    let tera = Arc::new(tera);
    let _ = slot.set(Arc::downgrade(&tera));
    (diags.len() == before).then(|| Templates {
        tera,
        sources: templates
            .iter()
            .map(|t| (t.name.clone(), t.clone()))
            .collect(),
    })
}

/// Turns a Tera error into a diagnostic at the template's file:line:col.
fn template_diag(
    err: &tera::Error,
    templates: &HashMap<&str, &Template>,
    rendering: &str,
) -> Diagnostic {
    let (report, code) = match err.kind() {
        tera::ErrorKind::SyntaxError(r) => (Some(r), "template-syntax"),
        tera::ErrorKind::RenderingError(r) => (Some(r), "template-render"),
        _ => (None, "template"),
    };
    match report {
        Some(r) => {
            let name = if r.filename().is_empty() {
                rendering
            } else {
                r.filename()
            };
            let (path, text) = templates.get(name).map_or((name.to_string(), ""), |t| {
                (t.path.clone(), t.text.as_str())
            });
            let span = r.span();
            let width = if span.end_line == span.start_line {
                span.end_col.saturating_sub(span.start_col)
            } else {
                1
            };
            Diagnostic::error(code, path, r.message().to_string())
                .at(text, span.start_line, span.start_col + 1)
                .width(width)
        }
        None => {
            let path = templates
                .get(rendering)
                .map_or(rendering.to_string(), |t| t.path.clone());
            let mut message = err.to_string();
            let mut source = std::error::Error::source(err);
            while let Some(s) = source {
                message.push_str(": ");
                message.push_str(&s.to_string());
                source = s.source();
            }
            Diagnostic::error(code, path, message)
        }
    }
}

/// What `get_page` and `get_pages` give now, by lookup (`Err`: the
/// message of a lookup that finds nothing).
fn lookup_now(
    prepared: &Prepared,
) -> impl Fn(&Lookup) -> Result<Value, String> + Send + Sync + 'static {
    let summaries = prepared.summaries.clone();
    let by_path = prepared.by_path.clone();
    let lists = prepared.lists.clone();
    move |lookup: &Lookup| {
        match lookup {
        Lookup::Page(key) => by_path
            .get(key)
            .map(|&id| summaries[id].clone())
            .ok_or_else(|| format!("get_page: no page at `{key}` (write a path under content/, like \"methods/five-up.md\")")),
        Lookup::Pages(name) => match lists.get(name) {
            Some(ids) => Ok(Value::from(ids.iter().map(|&id| summaries[id].clone()).collect::<Vec<_>>())),
            None => {
                let mut names: Vec<&str> = lists.keys().map(String::as_str).collect();
                names.sort_unstable();
                Err(format!("get_pages: no collection `{name}`; collections: {}", names.join(", ")))
            }
        },
    }
    }
}

/// Registers `get_page` and `get_pages`, which read the precomputed
/// summaries (cheap `Arc` clones), and `memo_include` (see `memo`).
fn register_functions(
    tera: &mut Tera,
    prepared: &Prepared,
    recorder: Option<Arc<dyn LookupRecorder>>,
    memo: Arc<Memo>,
) -> Arc<OnceLock<Weak<Tera>>> {
    let now = Arc::new(lookup_now(prepared));
    let (lookups, find) = (recorder.clone(), now.clone());
    tera.register_function("get_page", move |kwargs: tera::Kwargs, state: &tera::State| -> tera::TeraResult<Value> {
        let path: &str = kwargs.must_get("path")?;
        let key = path.trim_start_matches("@/").trim_start_matches('/').trim_end_matches('/');
        let lookup = Lookup::Page(key.to_string());
        let found = find(&lookup);
        report(lookups.as_ref(), state, lookup, found.as_ref().unwrap_or(&Value::undefined()));
        found.map_err(|_| tera::Error::message(format!("get_page: no page at `{path}` (write a path under content/, like \"methods/five-up.md\")")))
    });
    let (lookups, find) = (recorder.clone(), now.clone());
    tera.register_function(
        "get_pages",
        move |kwargs: tera::Kwargs, state: &tera::State| -> tera::TeraResult<Value> {
            let name: &str = kwargs.must_get("collection")?;
            let limit: Option<usize> = kwargs.get("limit")?;
            let featured: Option<bool> = kwargs.get("featured")?;
            let lookup = Lookup::Pages(name.to_string());
            let found = find(&lookup);
            report(
                lookups.as_ref(),
                state,
                lookup,
                found.as_ref().unwrap_or(&Value::undefined()),
            );
            let all = found.map_err(tera::Error::message)?;
            let selected = all
                .as_array()
                .unwrap_or_default()
                .iter()
                .filter(|s| {
                    featured.is_none_or(|want| {
                        let is = s
                            .get_from_path("fields.featured")
                            .and_then(Value::as_bool)
                            .unwrap_or(false);
                        is == want
                    })
                })
                .take(limit.unwrap_or(usize::MAX))
                .cloned()
                .collect::<Vec<_>>();
            Ok(Value::from(selected))
        },
    );
    let slot = Arc::new(OnceLock::new());
    let include = MemoInclude {
        memo,
        tera: slot.clone(),
        now: Arc::new(move |lookup: &Lookup| now(lookup).unwrap_or_else(|_| Value::undefined())),
        recorder,
    };
    tera.register_function(
        "memo_include",
        move |kwargs: tera::Kwargs, state: &tera::State| -> tera::TeraResult<Value> {
            include.call(&kwargs, state)
        },
    );
    slot
}
