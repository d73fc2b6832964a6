//! The equivalence property: after any sequence of edits, what `serve`
//! publishes equals a full build of the same files.

use super::{BASE, NAV_COUNTS, NAV_HAS_PAGES, assert_as_a_full_build, fixture, published, write};
use clusterhub::live::Engine;
use clusterhub::pipeline::Options;
use proptest::prelude::*;
use std::path::PathBuf;

#[derive(Debug, Clone)]
enum Op {
    Body(usize, u8),
    Summary(usize, u8),
    Title(usize, u8),
    Date(usize, u8),
    City(usize, usize),
    /// A new study: its slot, its date (`ADD_DATES`: first, between,
    /// last of the listing) and its domain (`DOMAINS`: `mobility` and
    /// `water` are terms no other study has).
    Add(usize, usize, usize),
    Delete(usize),
    Break(usize),
    Template(usize, u8),
    Intro(u8),
    /// The navigation shows counts (`true`) or only `has_pages`.
    Nav(bool),
}

const CITIES: [&str; 4] = ["lisbon", "milan", "oslo", "porto"];
/// An added study's date: the newest (first in the listing, sorted by date
/// descending), one between the others, the oldest (last).
const ADD_DATES: [&str; 3] = ["2026-01-01", "2025-02-15", "2023-05-01"];
const DOMAINS: [&str; 3] = ["energy", "mobility", "water"];
const TEMPLATES: [&str; 5] = [
    "themes/mini/templates/partials/card.html",
    "themes/mini/templates/partials/findability.html",
    "themes/mini/templates/page.html",
    "themes/mini/templates/term.html",
    "themes/mini/templates/base.html",
];

#[derive(Debug, Clone)]
struct Study {
    title: String,
    summary: Option<String>,
    date: String,
    city: usize,
    domain: usize,
    body: String,
}

fn study_text(s: &Study) -> String {
    let mut t = format!("---\ntitle: {}\n", s.title);
    if let Some(sum) = &s.summary {
        t.push_str(&format!("summary: {sum}\n"));
    }
    t.push_str(&format!(
        "date: {}\ncity: {}\ndomains: [{}]\n---\n{}\n\n## Results\n\nSee [the city](@/cities/{}.md).\n",
        s.date, CITIES[s.city], DOMAINS[s.domain], s.body, CITIES[s.city]
    ));
    t
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..6usize, any::<u8>()).prop_map(|(i, n)| Op::Body(i, n)),
        2 => (0..6usize, any::<u8>()).prop_map(|(i, n)| Op::Summary(i, n)),
        2 => (0..6usize, any::<u8>()).prop_map(|(i, n)| Op::Title(i, n)),
        1 => (0..6usize, any::<u8>()).prop_map(|(i, n)| Op::Date(i, n)),
        2 => (0..6usize, 0..CITIES.len()).prop_map(|(i, c)| Op::City(i, c)),
        2 => (0..6usize, 0..ADD_DATES.len(), 0..DOMAINS.len())
            .prop_map(|(i, d, t)| Op::Add(i, d, t)),
        2 => (0..6usize).prop_map(Op::Delete),
        1 => (0..6usize).prop_map(Op::Break),
        1 => (0..TEMPLATES.len(), any::<u8>()).prop_map(|(t, n)| Op::Template(t, n)),
        1 => any::<u8>().prop_map(Op::Intro),
        1 => any::<bool>().prop_map(Op::Nav),
    ]
}

fn run_ops(ops: &[Op]) {
    let dir = fixture();
    let root = dir.path();
    // Replace the fixture's studies with model-controlled ones.
    let mut studies: Vec<Option<Study>> = (0..6)
        .map(|i| {
            (i < 4).then(|| Study {
                title: format!("Study {i}"),
                summary: (i % 2 == 0).then(|| format!("Summary {i}.")),
                date: format!("2025-0{}-01", i + 1),
                city: i % 3,
                domain: 0,
                body: format!("Body {i}."),
            })
        })
        .collect();
    for i in 1..=4 {
        std::fs::remove_file(root.join(format!("content/case-studies/study-{i}.md"))).unwrap();
    }
    let rel = |i: usize| format!("content/case-studies/s{i}.md");
    for (i, s) in studies.iter().enumerate() {
        if let Some(s) = s {
            write(root, &rel(i), &study_text(s));
        }
    }
    let (mut engine, first) = Engine::new(root, &Options::default());
    assert!(first.published, "{:?}", first.diags);
    let mut last_good = published(&engine);
    for op in ops {
        let mut touched = Vec::new();
        let mut set = |i: usize, f: &dyn Fn(&mut Study)| -> Option<PathBuf> {
            let s = studies[i].as_mut()?;
            f(s);
            Some(write(root, &rel(i), &study_text(s)))
        };
        match op {
            Op::Body(i, n) => touched.extend(set(*i, &|s| s.body = format!("Body text {n}."))),
            Op::Summary(i, n) => touched.extend(set(*i, &|s| {
                s.summary = (n % 3 != 0).then(|| format!("Summary {n}."))
            })),
            Op::Title(i, n) => touched.extend(set(*i, &|s| s.title = format!("Title {}", n % 4))),
            Op::Date(i, n) => {
                touched.extend(set(*i, &|s| s.date = format!("2024-{:02}-01", n % 12 + 1)))
            }
            Op::City(i, c) => touched.extend(set(*i, &|s| s.city = *c)),
            Op::Add(i, date, domain) => {
                if studies[*i].is_none() {
                    let s = Study {
                        title: format!("Added {i}"),
                        summary: None,
                        date: ADD_DATES[*date].into(),
                        city: i % 3,
                        domain: *domain,
                        body: "Added body.".into(),
                    };
                    touched.push(write(root, &rel(*i), &study_text(&s)));
                    studies[*i] = Some(s);
                }
            }
            Op::Delete(i) => {
                if studies[*i].take().is_some() {
                    let p = root.join(rel(*i));
                    std::fs::remove_file(&p).unwrap();
                    touched.push(p);
                }
            }
            Op::Break(i) => {
                if studies[*i].is_some() {
                    // A save caught halfway; the next edit of the file fixes it.
                    touched.push(write(root, &rel(*i), "---\ntitle: \"Half writ"));
                }
            }
            Op::Template(t, n) => {
                let p = root.join(TEMPLATES[*t]);
                let mut text = std::fs::read_to_string(&p).unwrap();
                text.push_str(&format!("<!-- {n} -->"));
                std::fs::write(&p, text).unwrap();
                touched.push(p);
            }
            Op::Nav(counts) => {
                let p = root.join(BASE);
                let text = std::fs::read_to_string(&p).unwrap();
                let (from, to) = match counts {
                    true => (NAV_HAS_PAGES, NAV_COUNTS),
                    false => (NAV_COUNTS, NAV_HAS_PAGES),
                };
                std::fs::write(&p, text.replace(from, to)).unwrap();
                touched.push(p);
            }
            Op::Intro(n) => touched.push(write(
                root,
                "content/_index.md",
                &format!("---\ntitle: Welcome {n}\n---\nIntro {n}.\n"),
            )),
        }
        let report = engine.apply(&touched);
        let what = format!("{ops:?}, at {op:?}");
        assert_as_a_full_build(root, &mut engine, &report, &mut last_good, &what);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn any_edit_sequence_equals_a_full_build(ops in proptest::collection::vec(op(), 1..12)) {
        run_ops(&ops);
    }
}
