//! The theme's own words in the hub's languages: Fluent translation files
//! in the theme (`i18n/<lang>.ftl`, English `en.ftl` the fallback), the
//! `t(key=…)` template function (Fluent arguments such as `count` choose
//! plural forms), and a warning at the template's line for a key a
//! language lacks.

use crate::diag::Diagnostic;
use crate::source::Template;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

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
    /// language's file (or, for English, the English file) lacks, and at
    /// the first `date_words` for each date key it lacks (a missing month
    /// is one mistake, however many templates show dates).
    pub(crate) fn check(&self, templates: &[Template], diags: &mut Vec<Diagnostic>) {
        let Some((file, first)) = self.bundles.first() else {
            return;
        };
        let mut date_keys_reported = std::collections::HashSet::new();
        for t in templates {
            for Call {
                at: offset,
                width,
                key,
                by_filter,
            } in calls(&t.text)
            {
                if first.has_message(key) || (by_filter && !date_keys_reported.insert(key)) {
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
                    .width(width)
                    .hint(format!("add a line `{key} = …` to {file}")),
                );
            }
        }
    }
}

/// A key a template asks for.
#[derive(Debug, PartialEq)]
struct Call<'t> {
    /// Byte offset of the `t` call's key, or of the filter's name.
    at: usize,
    /// Its width in characters.
    width: usize,
    key: &'t str,
    /// Asked for by the `date_words` filter, not by `t`.
    by_filter: bool,
}

/// The keys of the `t(key="…")` calls in a template, and those each
/// `date_words` reads, in the order they appear.
fn calls(text: &str) -> Vec<Call<'_>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = text[from..].find("t(key=\"") {
        let start = from + pos + "t(key=\"".len();
        let before = text[..from + pos].chars().next_back();
        let Some(len) = text[start..].find('"') else {
            break;
        };
        if !before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            let key = &text[start..start + len];
            out.push(Call {
                at: start,
                width: key.chars().count(),
                key,
                by_filter: false,
            });
        }
        from = start + len;
    }
    for (at, name) in text.match_indices("date_words") {
        out.extend(DATE_KEYS.iter().map(|&key| Call {
            at,
            width: name.len(),
            key,
            by_filter: true,
        }));
    }
    out.sort_by_key(|c| c.at);
    out
}

/// Registers `t(key="…", name=value…)`: the theme's text for the key in
/// the language being rendered, every other argument a Fluent variable
/// (`count` chooses a plural form). Every page asks for the same few
/// texts: each one is put in words once per load (up to `T_REMEMBERED`).
pub(crate) fn register(tera: &mut tera::Tera, strings: Option<Arc<Strings>>) {
    register_date_words(tera, strings.clone());
    let made: RwLock<HashMap<String, tera::Value>> = Default::default();
    tera.register_function(
        "t",
        move |kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<tera::Value> {
            let key: &str = kwargs.must_get("key")?;
            let call = call_key(&kwargs);
            if let Some(text) = made.read().ok().and_then(|m| m.get(&call).cloned()) {
                return Ok(text);
            }
            let mut args = FluentArgs::new();
            for (name, value) in kwargs.iter() {
                let name = name.to_string();
                if name == "key" {
                    continue;
                }
                let value = match value.as_i64() {
                    Some(n) => FluentValue::from(n),
                    None => FluentValue::from(text_of(value)),
                };
                args.set(name, value);
            }
            let text = tera::Value::from(words(strings.as_deref(), key, &args));
            if let Ok(mut m) = made.write() {
                if m.len() >= T_REMEMBERED {
                    m.clear();
                }
                m.insert(call, text.clone());
            }
            Ok(text)
        },
    );
}

/// How many texts `t` remembers before it starts again.
const T_REMEMBERED: usize = 4096;

/// A `t` call as the text it gives depends on it: each argument's name
/// and value, a number told apart from text (it can choose a plural).
fn call_key(kwargs: &tera::Kwargs) -> String {
    use std::fmt::Write;
    let mut call = String::with_capacity(64);
    for (name, value) in kwargs.iter() {
        match name.as_str() {
            Some(name) => call.push_str(name),
            None => call.push_str(&name.to_string()),
        }
        // A text's length first, so no value reads as more arguments.
        let _ = match (value.as_i64(), value.as_str()) {
            (Some(n), _) => write!(call, "#{n}"),
            (None, Some(text)) => write!(call, "={}:{text}", text.len()),
            (None, None) => {
                let text = value.to_string();
                write!(call, "={}:{text}", text.len())
            }
        };
        call.push(';');
    }
    call
}

/// The keys `date_words` reads: the month names and the two patterns.
const DATE_KEYS: [&str; 14] = [
    "month-01",
    "month-02",
    "month-03",
    "month-04",
    "month-05",
    "month-06",
    "month-07",
    "month-08",
    "month-09",
    "month-10",
    "month-11",
    "month-12",
    "date-day",
    "date-month",
];

/// Registers the `date_words` filter: a date as pages give it
/// (`YYYY-MM-DD` or `YYYY-MM`) in words in the language rendered, from the
/// theme's `month-MM` name and its `date-day` (`day`, `month`, `year`) or
/// `date-month` (`month`, `year`) pattern; anything else as it is. Dates
/// repeat across a site's listings, so each is put in words once per load.
fn register_date_words(tera: &mut tera::Tera, strings: Option<Arc<Strings>>) {
    let made: RwLock<HashMap<String, String>> = Default::default();
    tera.register_filter(
        "date_words",
        move |value: tera::Value,
              _: tera::Kwargs,
              _: &tera::State|
              -> tera::TeraResult<tera::Value> {
            let iso = text_of(&value);
            if let Some(words) = made.read().ok().and_then(|m| m.get(&iso).cloned()) {
                return Ok(tera::Value::from(words));
            }
            let words = date_words(strings.as_deref(), &iso);
            if let Ok(mut m) = made.write() {
                m.insert(iso, words.clone());
            }
            Ok(tera::Value::from(words))
        },
    );
}

/// `01` to `12`.
fn is_month(m: &str) -> bool {
    matches!(m.as_bytes(), [b'0', b'1'..=b'9'] | [b'1', b'0'..=b'2'])
}

/// The text of `key` with `args`; the key itself when no language has it
/// (what `t` and `date_words` show then).
fn words(strings: Option<&Strings>, key: &str, args: &FluentArgs<'_>) -> String {
    strings
        .and_then(|s| s.get(key, args))
        .unwrap_or_else(|| key.to_string())
}

/// A template value as text (a string as it is).
fn text_of(value: &tera::Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_string)
}

/// `iso` in words (see `register_date_words`).
fn date_words(strings: Option<&Strings>, iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    let month = match parts.get(1) {
        Some(m) if is_month(m) => words(strings, &format!("month-{m}"), &FluentArgs::new()),
        _ => String::new(),
    };
    if month.is_empty() {
        return iso.to_string();
    }
    let mut args = FluentArgs::new();
    args.set("month", FluentValue::from(month));
    args.set("year", FluentValue::from(parts[0].to_string()));
    match parts.get(2) {
        Some(day) => {
            let day = day.trim_start_matches('0').to_string();
            args.set("day", FluentValue::from(day));
            words(strings, "date-day", &args)
        }
        None => words(strings, "date-month", &args),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn italian_over_english(en: &str, it: &str) -> Strings {
        let files = [
            ("t/i18n/en.ftl".to_string(), en.to_string()),
            ("t/i18n/it.ftl".to_string(), it.to_string()),
        ];
        Strings::load(&files, "it", &mut Vec::new()).expect("the theme has English")
    }

    /// `t` remembers each call's text: calls that differ in any argument
    /// (a count choosing another plural form, a text holding the key's
    /// separators) still get their own text.
    #[test]
    fn t_tells_remembered_calls_apart_by_every_argument() {
        let en = "items = { $count ->\n    [one] one item\n   *[other] { $count } items\n}\n\
                  greet = Hello { $name }\n";
        let s = italian_over_english(en, "");
        let mut tera = tera::Tera::new();
        register(&mut tera, Some(Arc::new(s)));
        let calls = [
            r#"t(key="items", count=1)"#,
            r#"t(key="items", count=2)"#,
            r#"t(key="items", count=-12)"#,
            r#"t(key="items", count=1)"#,
            r#"t(key="greet", name="a;count#2")"#,
            r#"t(key="greet", name="a")"#,
            r#"t(key="greet", name=2)"#,
        ];
        let text: Vec<String> = calls.iter().map(|c| format!("{{{{ {c} }}}}")).collect();
        let rendered = tera
            .add_raw_template("x", &text.join("|"))
            .and_then(|()| tera.render("x", &tera::Context::new()));
        assert_eq!(
            rendered.ok().as_deref(),
            Some("one item|2 items|-12 items|one item|Hello a;count#2|Hello a|Hello 2")
        );
    }

    #[test]
    fn dates_are_put_in_words_in_the_language_with_english_behind_it() {
        let en = "month-03 = March\nmonth-04 = April\n\
                  date-day = { $day } { $month } { $year }\ndate-month = { $month } { $year }\n";
        let it = "month-03 = marzo\ndate-day = { $day } { $month } { $year }\n";
        let s = italian_over_english(en, it);
        assert_eq!(date_words(Some(&s), "2024-03-05"), "5 marzo 2024");
        assert_eq!(date_words(Some(&s), "2024-03-15"), "15 marzo 2024");
        // Italian lacks April and the month pattern: English's are used.
        assert_eq!(date_words(Some(&s), "2024-04"), "April 2024");
        for not_a_date in ["2024-13-01", "2024-00", "2024-+3-01", "2024", "soon", ""] {
            assert_eq!(date_words(Some(&s), not_a_date), not_a_date);
        }
        // Without strings, as `t` does: the key.
        assert_eq!(date_words(None, "2024-03-05"), "date-day");
    }

    #[test]
    fn a_template_that_puts_dates_in_words_is_checked_for_every_date_key() {
        let text = "{{ t(key=\"home\") }} {{ page.date | date_words }}";
        let found = calls(text);
        let home = Call {
            at: 10,
            width: 4,
            key: "home",
            by_filter: false,
        };
        assert_eq!(found[0], home);
        let at = text.find("date_words").unwrap_or_default();
        let date_keys: Vec<&str> = found[1..].iter().map(|c| c.key).collect();
        assert_eq!(date_keys, DATE_KEYS);
        assert!(
            found[1..]
                .iter()
                .all(|c| (c.at, c.width, c.by_filter) == (at, 10, true))
        );
    }

    /// A language without one month's name is one mistake: one warning,
    /// at the first template that puts dates in words, not one per
    /// template.
    #[test]
    fn a_missing_date_key_is_one_warning_however_many_templates_show_dates() {
        let en = "month-05 = May\nmonth-06 = June\n";
        let s = italian_over_english(en, "month-06 = giugno\n");
        let template = |name: &str, text: &str| Template {
            name: name.to_string(),
            path: format!("themes/t/templates/{name}"),
            text: text.to_string(),
        };
        let templates = [
            template("a.html", "{{ page.date | date_words }}"),
            template(
                "b.html",
                "{{ item.date | date_words }} {{ t(key=\"month-05\") }}",
            ),
        ];
        let mut diags = Vec::new();
        s.check(&templates, &mut diags);
        let month_05: Vec<(&str, usize)> = (diags.iter())
            .filter(|d| d.message.contains("`month-05`"))
            .map(|d| (d.file.as_str(), d.line))
            .collect();
        // Once for the filter (in a.html), once for the explicit `t` call.
        assert_eq!(
            month_05,
            [
                ("themes/t/templates/a.html", 1),
                ("themes/t/templates/b.html", 1)
            ]
        );
    }
}
