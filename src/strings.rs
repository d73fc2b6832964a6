//! The theme's own words in the hub's languages: Fluent translation files
//! in the theme (`i18n/<lang>.ftl`, English `en.ftl` the fallback), the
//! `t(key=…)` template function (Fluent arguments such as `count` choose
//! plural forms), and a warning at the template's line for a key a
//! language lacks.

use crate::diag::Diagnostic;
use crate::source::Template;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::Arc;

/// The fallback language of every theme.
const FALLBACK: &str = "en";

/// The strings of one language, with English behind them.
pub(crate) struct Strings {
    /// The language's bundle (or English's when it is English), then
    /// English's.
    bundles: Vec<(String, FluentBundle<FluentResource>)>,
}

impl std::fmt::Debug for Strings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let files: Vec<&str> = self.bundles.iter().map(|(p, _)| p.as_str()).collect();
        f.debug_struct("Strings").field("files", &files).finish()
    }
}

/// The file of `language` among the theme's files: `pt-BR.ftl`, else
/// `pt.ftl`.
fn file_of<'f>(files: &'f [(String, String)], language: &str) -> Option<&'f (String, String)> {
    let name = |code: &str| format!("/i18n/{code}.ftl");
    let primary = language.split('-').next().unwrap_or(language);
    files
        .iter()
        .find(|(p, _)| p.ends_with(&name(language)))
        .or_else(|| files.iter().find(|(p, _)| p.ends_with(&name(primary))))
}

fn bundle(
    path: &str,
    text: &str,
    language: &str,
    diags: &mut Vec<Diagnostic>,
) -> FluentBundle<FluentResource> {
    let resource = match FluentResource::try_new(text.to_string()) {
        Ok(r) => r,
        Err((r, errors)) => {
            for e in errors {
                let (line, col) = crate::diag::line_col(text, e.pos.start);
                diags.push(
                    Diagnostic::error(
                        "bad-translation-file",
                        path,
                        format!("this line is not Fluent syntax: {:?}", e.kind),
                    )
                    .at(text, line, col)
                    .hint("write `key = text`, with `{ $name }` for a value (projectfluent.org)"),
                );
            }
            r
        }
    };
    let id = language.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No invisible isolation marks around values in HTML.
    bundle.set_use_isolating(false);
    let _ = bundle.add_resource(resource);
    bundle
}

impl Strings {
    /// The strings of `language` from the theme's files; `None` when the
    /// theme has none.
    pub(crate) fn load(
        files: &[(String, String)],
        language: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Strings> {
        let fallback = file_of(files, FALLBACK)?;
        let mut bundles = Vec::new();
        if let Some((path, text)) = file_of(files, language).filter(|f| f.0 != fallback.0) {
            bundles.push((path.clone(), bundle(path, text, language, diags)));
        }
        bundles.push((
            fallback.0.clone(),
            bundle(&fallback.0, &fallback.1, FALLBACK, diags),
        ));
        Some(Strings { bundles })
    }

    /// The text of `key` with `args`, from the first bundle that has it;
    /// `None` when none does.
    pub(crate) fn get(&self, key: &str, args: &FluentArgs<'_>) -> Option<String> {
        self.bundles.iter().find_map(|(_, b)| {
            let pattern = b.get_message(key)?.value()?;
            let mut errors = Vec::new();
            Some(
                b.format_pattern(pattern, Some(args), &mut errors)
                    .into_owned(),
            )
        })
    }

    /// A warning at each `t(key="…")` of the templates whose key the
    /// language's file (or, for English, the English file) lacks.
    pub(crate) fn check(&self, templates: &[Template], diags: &mut Vec<Diagnostic>) {
        let Some((file, first)) = self.bundles.first() else {
            return;
        };
        for t in templates {
            for (offset, key) in calls(&t.text) {
                if first.has_message(key) {
                    continue;
                }
                let (line, col) = crate::diag::line_col(&t.text, offset);
                let english =
                    self.bundles.len() > 1 && self.bundles.iter().any(|(_, b)| b.has_message(key));
                let shown = if english {
                    "the English text is shown"
                } else {
                    "the key itself is shown"
                };
                diags.push(
                    Diagnostic::warning(
                        "missing-string",
                        &t.path,
                        format!("`{key}` is not in {file}: {shown}"),
                    )
                    .at(&t.text, line, col)
                    .width(key.chars().count())
                    .hint(format!("add a line `{key} = …` to {file}")),
                );
            }
        }
    }
}

/// The keys of the `t(key="…")` calls in a template: (byte offset of the
/// key, key).
fn calls(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = text[from..].find("t(key=\"") {
        let start = from + pos + "t(key=\"".len();
        let before = text[..from + pos].chars().next_back();
        let Some(len) = text[start..].find('"') else {
            break;
        };
        if !before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            out.push((start, &text[start..start + len]));
        }
        from = start + len;
    }
    out
}

/// Registers `t(key="…", name=value…)`: the theme's text for the key in
/// the language being rendered, every other argument a Fluent variable
/// (`count` chooses a plural form).
pub(crate) fn register(tera: &mut tera::Tera, strings: Option<Arc<Strings>>) {
    tera.register_function(
        "t",
        move |kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<tera::Value> {
            let key: &str = kwargs.must_get("key")?;
            let mut args = FluentArgs::new();
            for (name, value) in kwargs.iter() {
                let name = name.to_string();
                if name == "key" {
                    continue;
                }
                let value = match value.as_i64() {
                    Some(n) => FluentValue::from(n),
                    None => FluentValue::from(
                        value
                            .as_str()
                            .map_or_else(|| value.to_string(), str::to_string),
                    ),
                };
                args.set(name, value);
            }
            let text = strings
                .as_ref()
                .and_then(|s| s.get(key, &args))
                .unwrap_or_else(|| key.to_string());
            Ok(tera::Value::from(text))
        },
    );
}
