//! Every kind's issue-form element, and its answer read back as the
//! front matter's check reads it.

use super::*;

/// The pages ref fields offer in the issue-form tests.
struct Pages(Vec<(String, String)>);

impl issue::Choices for Pages {
    fn pages(&self, _: &str) -> &[(String, String)] {
        &self.0
    }
}

fn pages() -> Pages {
    Pages(vec![
        ("san-sebastian".into(), "San Sebastián, Donostia".into()),
        ("alesund".into(), "Ålesund".into()),
    ])
}

#[test]
fn every_kind_has_an_issue_form_element() {
    use issue::ElementType::*;
    let cases = [
        (FieldKind::String { pattern: None }, Input),
        (FieldKind::Text { pattern: None }, Textarea),
        (FieldKind::Url, Input),
        (
            FieldKind::Integer {
                min: Some(0.0),
                max: None,
            },
            Input,
        ),
        (
            FieldKind::Number {
                min: None,
                max: None,
            },
            Input,
        ),
        (FieldKind::Date { not_before: None }, Input),
        (FieldKind::Bool, Checkboxes),
        (
            FieldKind::Enum {
                values: vec!["a".into()],
            },
            Dropdown,
        ),
        (
            FieldKind::List {
                values: Some(vec!["a".into()]),
            },
            Dropdown,
        ),
        (FieldKind::List { values: None }, Textarea),
        (
            FieldKind::Ref {
                to: "cities".into(),
            },
            Dropdown,
        ),
        (
            FieldKind::Refs {
                to: "cities".into(),
            },
            Dropdown,
        ),
    ];
    for (kind, expected) in cases {
        let e = def("field", kind.clone()).issue_element(&pages());
        assert_eq!(e.kind, expected, "{kind:?}");
        assert_eq!(e.id, "field");
        assert_eq!(
            e.multiple,
            kind.is_many() && expected == Dropdown,
            "{kind:?}"
        );
    }
    let city = def(
        "city",
        FieldKind::Ref {
            to: "cities".into(),
        },
    )
    .issue_element(&pages());
    assert_eq!(
        city.options,
        ["San Sebastián, Donostia", "Ålesund", issue::OTHER]
    );
    let budget = def(
        "budget",
        FieldKind::Integer {
            min: Some(0.0),
            max: None,
        },
    );
    assert!(
        budget
            .issue_element(&pages())
            .description
            .contains("of at least 0")
    );
}

#[test]
fn answers_are_read_back_as_the_yaml_check_reads() {
    let answer = |kind: FieldKind, text: &str| def("field", kind).read_answer(text, &pages());
    let yaml = |kind: FieldKind, text: &str| answer(kind, text).unwrap().yaml.unwrap();
    let cities = FieldKind::Refs {
        to: "cities".into(),
    };
    assert_eq!(
        yaml(cities.clone(), "San Sebastián, Donostia, Ålesund"),
        "[san-sebastian, alesund]"
    );
    let other = answer(cities, &format!("Ålesund, {}", issue::OTHER)).unwrap();
    assert_eq!(other.yaml.as_deref(), Some("[alesund]"));
    assert!(other.note.unwrap().contains("Field"));
    let unknown = answer(
        FieldKind::Ref {
            to: "cities".into(),
        },
        "Atlantis",
    )
    .unwrap_err();
    assert_eq!(unknown.code, "broken-ref");
    assert_eq!(yaml(FieldKind::Bool, "- [X] Yes"), "true");
    assert_eq!(yaml(FieldKind::Bool, "- [ ] Yes"), "false");
    assert_eq!(
        answer(FieldKind::Bool, "yes").unwrap_err().code,
        "wrong-type"
    );
    assert_eq!(
        yaml(
            FieldKind::List { values: None },
            "- one\n* two, with comma\n3. three\n\n"
        ),
        "[one, \"two, with comma\", three]"
    );
    assert_eq!(
        yaml(FieldKind::Text { pattern: None }, "a: b\nc"),
        "\"a: b\\nc\""
    );
    assert_eq!(
        yaml(
            FieldKind::Integer {
                min: None,
                max: None
            },
            "1,200"
        ),
        "\"1,200\""
    );
    for html in ["<script>x</script>", "a <b>bold</b>", "<!-- c -->", "x</p>"] {
        assert_eq!(
            answer(FieldKind::String { pattern: None }, html)
                .unwrap_err()
                .code,
            "html-in-field",
            "{html}"
        );
    }
    assert_eq!(
        yaml(FieldKind::String { pattern: None }, "3 < 4 and 5 > 2"),
        "\"3 < 4 and 5 > 2\""
    );
    let mut topics = def(
        "topics",
        FieldKind::List {
            values: Some(vec!["heat".into(), "sea-level".into()]),
        },
    );
    topics
        .value_labels
        .insert("sea-level".into(), "Sea level, rising".into());
    assert_eq!(
        topics
            .read_answer("Sea level, rising, Heat", &pages())
            .unwrap()
            .yaml
            .unwrap(),
        "[sea-level, heat]"
    );
}
