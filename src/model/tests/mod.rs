//! The field kinds, one operation at a time, on every kind.

use super::outline::{self, Section};
use super::*;
use crate::yaml;
use proptest::prelude::*;
use serde_json::Value;

mod issue_forms;

fn def(name: &str, kind: FieldKind) -> FieldDef {
    FieldDef {
        name: name.into(),
        label: crate::text::humanize(name),
        help: String::new(),
        required: false,
        kind,
        value_labels: BTreeMap::new(),
        backlinks_label: String::new(),
    }
}

/// The value of `key: <yaml>` as the front-matter parser reads it.
fn value(yaml: &str) -> Yaml {
    yaml::parse(&format!("key: {yaml}"))
        .unwrap()
        .get("key")
        .cloned()
        .unwrap()
}

/// Reads `yaml` for a field `key` of `kind`, shown as written.
fn read(kind: &FieldKind, yaml: &str) -> Read {
    kind.read("key", &value(yaml), yaml)
}

fn codes(r: &Read) -> Vec<&'static str> {
    r.problems.iter().map(|p| p.code).collect()
}

struct Hub;

impl Targets for Hub {
    fn names(&self, name: &str) -> Option<(&str, &str)> {
        (name == "cities").then_some(("Cities", "City"))
    }
}

fn enum_kind() -> FieldKind {
    FieldKind::Enum {
        values: vec!["planned".into(), "ongoing".into()],
    }
}

#[test]
fn each_kind_reads_a_good_value() {
    let date = crate::text::PageDate::parse("2024-03").unwrap();
    let cases = [
        (
            FieldKind::String { pattern: None },
            "Belfast",
            FieldValue::Str("Belfast".into()),
        ),
        (
            FieldKind::Text { pattern: None },
            "2030",
            FieldValue::Str("2030".into()),
        ),
        (
            FieldKind::Url,
            "https://x.org",
            FieldValue::Str("https://x.org".into()),
        ),
        (
            FieldKind::Integer {
                min: Some(0.0),
                max: None,
            },
            "42",
            FieldValue::Int(42),
        ),
        (
            FieldKind::Number {
                min: None,
                max: None,
            },
            "54.6",
            FieldValue::Num(54.6),
        ),
        (
            FieldKind::Number {
                min: None,
                max: None,
            },
            "7",
            FieldValue::Num(7.0),
        ),
        (FieldKind::Bool, "true", FieldValue::Bool(true)),
        (
            FieldKind::Date { not_before: None },
            "2024-03",
            FieldValue::Date(date),
        ),
        (enum_kind(), "ongoing", FieldValue::Str("ongoing".into())),
        (
            FieldKind::List { values: None },
            "[a, 2]",
            FieldValue::List(vec!["a".into(), "2".into()]),
        ),
        (
            FieldKind::Ref {
                to: "cities".into(),
            },
            "belfast",
            FieldValue::Ref("belfast".into()),
        ),
        (
            FieldKind::Refs {
                to: "cities".into(),
            },
            "[a, b]",
            FieldValue::Refs(vec!["a".into(), "b".into()]),
        ),
    ];
    for (kind, yaml, expected) in cases {
        assert_eq!(read(&kind, yaml), Read::ok(expected), "{kind:?} {yaml}");
    }
}

#[test]
fn each_kind_says_what_is_wrong_with_a_bad_value() {
    let cases: [(FieldKind, &str, &str, &str); 12] = [
        (
            FieldKind::String { pattern: None },
            "[a]",
            "wrong-type",
            "`key` must be text, found a list",
        ),
        (
            FieldKind::Url,
            "www.x.org",
            "bad-url",
            "`key` must be a web address, found `www.x.org`",
        ),
        (
            FieldKind::Url,
            "javascript:x",
            "bad-url-scheme",
            "`javascript:` addresses are not allowed in `key`",
        ),
        (
            FieldKind::Integer {
                min: None,
                max: None,
            },
            "1,000",
            "wrong-type",
            "`key` must be a whole number, found `1,000`",
        ),
        (
            FieldKind::Integer {
                min: Some(0.0),
                max: None,
            },
            "-5",
            "out-of-range",
            "`key` is -5, outside the allowed range",
        ),
        (
            FieldKind::Integer {
                min: None,
                max: None,
            },
            "99999999999999999999",
            "out-of-range",
            "`key` is 99999999999999999999, outside the allowed range",
        ),
        (
            FieldKind::Number {
                min: Some(-90.0),
                max: Some(90.0),
            },
            "91",
            "out-of-range",
            "`key` is 91, outside the allowed range",
        ),
        (
            FieldKind::Bool,
            "yes",
            "wrong-type",
            "`key` must be true or false, found `yes`",
        ),
        (
            FieldKind::Date { not_before: None },
            "2023-02-30",
            "bad-date",
            "`key` is not a date of the calendar: February 2023 has 28 days, so there is no day 30",
        ),
        (
            enum_kind(),
            "ongoin",
            "bad-value",
            "`ongoin` is not an allowed value for `key`",
        ),
        (
            FieldKind::Ref {
                to: "cities".into(),
            },
            "[a]",
            "wrong-type",
            "`key` takes the slug of one page in cities, found a list",
        ),
        (
            FieldKind::Refs {
                to: "cities".into(),
            },
            "belfast",
            "wrong-type",
            "`key` must be a list, found a single value",
        ),
    ];
    for (kind, yaml, code, message) in cases {
        let r = read(&kind, yaml);
        assert_eq!(r.value, None, "{kind:?} {yaml}");
        assert_eq!(codes(&r), [code], "{kind:?} {yaml}");
        assert_eq!(r.problems[0].message, message);
        assert!(!r.problems[0].hint.is_empty());
    }
    let r = read(&enum_kind(), "ongoin");
    assert_eq!(
        r.problems[0].hint,
        "did you mean `ongoing`? Allowed values: planned, ongoing"
    );
    assert_eq!(r.problems[0].at, At::Value("ongoin".into()));
}

#[test]
fn a_list_keeps_its_good_items_and_names_each_bad_one() {
    let kind = FieldKind::List {
        values: Some(vec!["mobility".into(), "energy".into()]),
    };
    let r = read(&kind, "[mobility, transport, energy, [x]]");
    assert_eq!(
        r.value,
        Some(FieldValue::List(vec!["mobility".into(), "energy".into()]))
    );
    assert_eq!(codes(&r), ["wrong-type", "bad-value"]);
    assert_eq!(r.problems[0].at, At::Item(3, "[x]".into()));
    assert_eq!(r.problems[1].at, At::Item(1, "transport".into()));
}

#[test]
fn declarations_name_what_is_missing() {
    let collections = ["cities".to_string(), "projects".to_string()];
    let decl = |values: Option<Vec<String>>| Decl {
        min: Some(1.0),
        max: None,
        values,
        collections: &collections,
        pattern: None,
        not_before: None,
    };
    let mut no_to = || None;
    let to = |c: &str| {
        let c = c.to_string();
        move || Some(c.clone())
    };
    assert_eq!(
        FieldKind::declare("n", "integer", decl(None), &mut no_to),
        Ok(FieldKind::Integer {
            min: Some(1.0),
            max: None
        })
    );
    assert_eq!(
        FieldKind::declare("c", "ref", decl(None), &mut to("cities")),
        Ok(FieldKind::Ref {
            to: "cities".into()
        })
    );
    let problem = |r: Result<FieldKind, DeclProblem>| {
        let p = r.unwrap_err();
        (p.key, p.code, p.message, p.hint)
    };
    assert_eq!(
        problem(FieldKind::declare(
            "s",
            "enum",
            decl(Some(vec![])),
            &mut no_to
        )),
        (
            "type",
            "bad-field",
            "enum field `s` needs `values`".into(),
            "add `values: [first, second]`".into()
        )
    );
    assert_eq!(
        problem(FieldKind::declare("c", "refs", decl(None), &mut no_to)).3,
        "add `to: cities`"
    );
    assert_eq!(
        problem(FieldKind::declare("c", "ref", decl(None), &mut to("citys"))),
        (
            "to",
            "unknown-collection",
            "field `c` refers to collection `citys`, which is not declared".into(),
            "did you mean `cities`?".into()
        )
    );
    assert_eq!(
        problem(FieldKind::declare("x", "", decl(None), &mut no_to)).0,
        ""
    );
    let p = FieldKind::declare("x", "nmber", decl(None), &mut no_to).unwrap_err();
    assert_eq!((p.key, p.underline.as_deref()), ("type", Some("nmber")));
    assert!(p.hint.starts_with("did you mean `number`?"));
    // Every type name declares a kind of that name.
    for name in FIELD_TYPES {
        let values = Some(vec!["a".to_string()]);
        let kind = FieldKind::declare("f", name, decl(values), &mut to("cities")).unwrap();
        assert_eq!(kind.type_name(), name);
    }
}

#[test]
fn only_refs_take_a_backlinks_label() {
    assert!(
        FieldKind::Refs { to: "x".into() }
            .check_backlinks_label("f")
            .is_ok()
    );
    let p = FieldKind::Bool.check_backlinks_label("f").unwrap_err();
    assert_eq!(p.key, "backlinks_label");
    assert!(p.message.contains("`f` is of type `bool`"), "{}", p.message);
}

#[test]
fn new_describes_each_kind() {
    let forms = [
        (
            FieldKind::Integer {
                min: Some(0.0),
                max: None,
            },
            "A whole number of at least 0, digits only.",
        ),
        (
            FieldKind::Number {
                min: Some(-90.0),
                max: Some(90.0),
            },
            "A number between -90 and 90.",
        ),
        (enum_kind(), "One of: planned, ongoing."),
        (
            FieldKind::List {
                values: Some(vec!["a".into(), "b".into(), "c".into()]),
            },
            "A list, e.g. [a, b]. Allowed: a, b, c.",
        ),
        (
            FieldKind::Ref {
                to: "cities".into(),
            },
            "The file name (without .md) of one page in content/cities/, e.g. my-city.",
        ),
        (
            FieldKind::Refs {
                to: "cities".into(),
            },
            "A list of file names (without .md) of pages in content/cities/, e.g. [my-city].",
        ),
    ];
    for (kind, form) in forms {
        assert_eq!(kind.form(&Hub), form);
    }
}

#[test]
fn schemas_accept_null_only_for_optional_fields() {
    let mut d = def("status", enum_kind());
    assert_eq!(
        d.schema(&Hub)["enum"],
        serde_json::json!(["planned", "ongoing", null])
    );
    d.required = true;
    assert_eq!(
        d.schema(&Hub)["enum"],
        serde_json::json!(["planned", "ongoing"])
    );
    let d = def(
        "budget",
        FieldKind::Integer {
            min: Some(0.0),
            max: None,
        },
    );
    let s = d.schema(&Hub);
    assert_eq!(s["type"], serde_json::json!(["integer", "null"]));
    assert_eq!(s["minimum"], serde_json::json!(0));
    let mut d = def(
        "city",
        FieldKind::Ref {
            to: "cities".into(),
        },
    );
    d.help = "Where.".into();
    let s = d.schema(&Hub);
    assert_eq!(s["title"], "City");
    assert_eq!(
        s["description"],
        "Where. One of the cities: the file name of a page in content/cities/, without .md."
    );
    assert_eq!(s["pattern"], "^[a-z0-9_-]+$");
}

#[test]
fn pages_show_values_by_kind() {
    let shown = |d: &FieldDef, v: FieldValue| -> Vec<(String, String)> {
        d.display(&v, Vec::new, |t| format!("/terms/{t}/"))
            .into_iter()
            .map(|s| (s.label, s.url))
            .collect()
    };
    let pair = |l: &str, u: &str| vec![(l.to_string(), u.to_string())];
    let mut status = def("status", enum_kind());
    status
        .value_labels
        .insert("ongoing".into(), "Under way".into());
    assert_eq!(
        shown(&status, FieldValue::Str("ongoing".into())),
        pair("Under way", "/terms/ongoing/")
    );
    let url = def("url", FieldKind::Url);
    assert_eq!(
        shown(&url, FieldValue::Str("https://x.org".into())),
        pair("https://x.org", "https://x.org")
    );
    let budget = def(
        "budget",
        FieldKind::Integer {
            min: None,
            max: None,
        },
    );
    assert_eq!(
        shown(&budget, FieldValue::Int(-204250)),
        pair("-204,250", "")
    );
    let flag = def("flag", FieldKind::Bool);
    assert_eq!(shown(&flag, FieldValue::Bool(false)), pair("No", ""));
    let list = def("domains", FieldKind::List { values: None });
    assert_eq!(
        shown(&list, FieldValue::List(vec!["nature-based".into()])),
        pair("Nature based", "/terms/nature-based/")
    );
    let city = def(
        "city",
        FieldKind::Ref {
            to: "cities".into(),
        },
    );
    let targets = || {
        vec![Shown {
            label: "Belfast".into(),
            url: "/cities/belfast/".into(),
        }]
    };
    let items = city.display(
        &FieldValue::Ref("belfast".into()),
        targets,
        |_| unreachable!(),
    );
    assert_eq!(items[0].label, "Belfast");
}

#[test]
fn exports_write_values_plainly_and_guard_text_cells() {
    let guard = |s: String| format!("'{s}");
    assert_eq!(FieldValue::Int(-5).csv_cell(guard), "-5");
    assert_eq!(FieldValue::Str("-5".into()).csv_cell(guard), "'-5");
    assert_eq!(
        FieldValue::Refs(vec!["a".into(), "b".into()]).csv_cell(guard),
        "'a; b"
    );
    assert_eq!(FieldValue::Num(f64::NAN).to_json(), Value::Null);
    assert_eq!(FieldValue::Num(2.5).as_number(), Some(2.5));
    assert_eq!(FieldValue::Str("x".into()).as_number(), None);
    let mut status = def("status", enum_kind());
    status
        .value_labels
        .insert("ongoing".into(), "Under way".into());
    assert_eq!(
        status.ld_value(&FieldValue::Str("ongoing".into())),
        "Under way"
    );
    let text = def("t", FieldKind::String { pattern: None });
    assert_eq!(text.ld_value(&FieldValue::Str("ongoing".into())), "ongoing");
}

#[test]
fn quoting_keeps_text_exact() {
    assert_eq!(quote("belfast"), "belfast");
    assert_eq!(quote("Belfast: a plan"), "\"Belfast: a plan\"");
    assert_eq!(quote("NO"), "\"NO\"");
    assert_eq!(quote("2030"), "\"2030\"");
    assert_eq!(quote("say \"hi\""), "\"say \\\"hi\\\"\"");
}

#[test]
fn set_values_are_read_as_if_typed_in_the_file() {
    let int = FieldKind::Integer {
        min: None,
        max: None,
    };
    assert_eq!(value(&int.set_yaml("-5")), Yaml::Int(-5));
    assert_eq!(value(&int.set_yaml("1,000")), Yaml::Str("1,000".into()));
    assert_eq!(value(&int.set_yaml("1: 2")), Yaml::Str("1: 2".into()));
    assert_eq!(value(&FieldKind::Bool.set_yaml("true")), Yaml::Bool(true));
    assert_eq!(
        value(&FieldKind::Date { not_before: None }.set_yaml("2024-03")),
        Yaml::Str("2024-03".into())
    );
    let refs = FieldKind::Refs { to: "x".into() };
    assert_eq!(
        value(&refs.set_yaml(" up2030, , Re Value ")),
        Yaml::List(vec![
            Yaml::Str("up2030".into()),
            Yaml::Str("Re Value".into())
        ])
    );
}

proptest! {
    /// Whatever text is given to a text field with `--set`, YAML reads
    /// back exactly that text.
    #[test]
    fn set_text_reads_back_exactly(text in "\\PC{1,40}") {
        let text = text.trim().to_string();
        prop_assume!(!text.is_empty());
        prop_assert_eq!(value(&FieldKind::String { pattern: None }.set_yaml(&text)), Yaml::Str(text));
    }
}

#[test]
fn outlines_are_read_and_written() {
    let y = yaml::parse("o:\n  - What was done: By whom.\n  - Where it stands\n").unwrap();
    let (sections, problems) = outline::read(y.get("o").unwrap());
    assert!(problems.is_empty());
    assert_eq!(
        sections,
        [
            Section {
                heading: "What was done".into(),
                note: "By whom.".into()
            },
            Section {
                heading: "Where it stands".into(),
                note: String::new()
            },
        ]
    );
    assert_eq!(
        outline::body(&sections),
        "\n## What was done\n\n<!-- By whom. -->\n\n## Where it stands\n"
    );
    assert_eq!(
        outline::body(&[]),
        "\n<!-- The text of the page, in Markdown. -->\n"
    );
    let y =
        yaml::parse("o:\n  - \"# A\"\n  - B: x --> y\n  - B\n  - B\n  - {a: 1, b: 2}\n").unwrap();
    let (sections, problems) = outline::read(y.get("o").unwrap());
    assert_eq!(sections.len(), 1);
    let found: Vec<(Option<usize>, &str)> = problems
        .iter()
        .map(|p| (p.index, p.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (Some(0), "outline heading `# A` starts with `#`"),
            (Some(1), "the note under `B` contains `-->`"),
            (Some(3), "heading `B` is in the outline twice"),
            (
                Some(4),
                "each item of `outline` is one heading, found a mapping"
            ),
        ]
    );
    let (_, problems) = outline::read(&Yaml::Str("A".into()));
    assert_eq!((problems[0].index, problems[0].code), (None, "wrong-type"));
}

#[test]
fn a_broken_ref_says_which_page_is_missing() {
    let d = broken_ref(
        &Hub,
        "content/x.md",
        "city",
        "cities",
        "belfst",
        Some("belfast"),
    );
    assert_eq!(d.code, "broken-ref");
    assert_eq!(
        d.message,
        "no city `belfst` (field `city` refers to content/cities/belfst.md, which does not exist)"
    );
    assert_eq!(d.hint.as_deref(), Some("did you mean `belfast`?"));
}
