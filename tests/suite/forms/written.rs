//! What `clusterhub forms` writes: forms GitHub accepts, with a city
//! dropdown that tells pages apart; `check` says when a committed form is
//! out of date, and places hub.yaml's `form:` mistakes.

use super::{form, issue_form_problems, run, s};
use crate::common::{hub_from_fixture, shipped_hub, stderr};
use serde_json::Value;
use std::collections::HashSet;

/// Every shipped collection's form (each opted in for the test) is one
/// GitHub accepts, with ids equal to the field names; the committed forms
/// are up to date, and `check` says when one is not.
#[test]
fn shipped_forms_are_valid_and_check_says_when_they_are_out_of_date() {
    let hub = shipped_hub();
    let root = hub.path();
    let r = root.to_str().unwrap();
    let out = run(&["check", "--root", r]);
    assert!(
        stderr(&out).ends_with("no problems\n"),
        "the committed forms are up to date:\n{}",
        stderr(&out)
    );

    let yaml = std::fs::read_to_string(root.join("hub.yaml")).unwrap();
    let config: Value = serde_yaml::from_str(&yaml).unwrap();
    let collections = config["collections"].as_object().unwrap();
    // `form: true` below each collection's `label:` (4 spaces in, above
    // `taxonomies:`, whose entries have labels too).
    let (models, rest) = yaml.split_at(yaml.find("\ntaxonomies:").unwrap());
    let all_in = models
        .lines()
        .map(|l| {
            if l.starts_with("    label: ") {
                format!("{l}\n    form: true")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        .replace(
            "    form: {title: \"Case study: \", labels: [proposal]}\n",
            "",
        )
        + rest;
    std::fs::write(root.join("hub.yaml"), all_in).unwrap();
    let out = run(&["forms", "--root", r]);
    assert!(out.status.success(), "{}", stderr(&out));
    for (name, c) in collections {
        let form = form(root, &format!(".github/ISSUE_TEMPLATE/{name}.yml"));
        assert_eq!(issue_form_problems(&form), Vec::<String>::new(), "{name}");
        let ids: HashSet<&str> = form["body"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| s(e, "id"))
            .collect();
        for field in c["fields"].as_object().unwrap().keys() {
            assert!(
                ids.contains(field.as_str()),
                "{name}: no element for {field}"
            );
        }
    }

    // A new field in hub.yaml: the committed form is out of date.
    std::fs::write(root.join("hub.yaml"), &yaml).unwrap();
    let changed = yaml.replacen(
        "      featured:\n        type: bool\n",
        "      featured:\n        type: bool\n      award:\n        type: string\n",
        1,
    );
    assert_ne!(changed, yaml);
    std::fs::write(root.join("hub.yaml"), changed).unwrap();
    let out = run(&["check", "--root", r]);
    assert_eq!(out.status.code(), Some(0), "a warning only");
    let err = stderr(&out);
    assert!(
        err.contains("warning[form-out-of-date]: this issue form is out of date with hub.yaml"),
        "{err}"
    );
    assert!(
        err.contains("--> .github/ISSUE_TEMPLATE/case-studies.yml:"),
        "{err}"
    );
    assert!(
        err.contains("help: run `clusterhub forms` and commit the file"),
        "{err}"
    );
    assert!(run(&["forms", "--root", r]).status.success());
    let out = run(&["check", "--root", r]);
    assert!(stderr(&out).ends_with("no problems\n"), "{}", stderr(&out));

    // A new city: no warning about the forms (a pull request adding a page
    // need not touch them); `forms` adds it to the city dropdown.
    let oslo =
        "---\ntitle: Oslo\ncountry: Norway\ncountry_code: NO\nlat: 59.9\nlon: 10.7\n---\nA city.\n";
    std::fs::write(root.join("content/cities/oslo.md"), oslo).unwrap();
    let out = run(&["check", "--root", r]);
    assert!(
        !stderr(&out).contains("form-out-of-date"),
        "{}",
        stderr(&out)
    );
    let rel = ".github/ISSUE_TEMPLATE/case-studies.yml";
    let before = std::fs::read_to_string(root.join(rel)).unwrap();
    assert!(!before.contains("- Oslo\n"));
    assert!(run(&["forms", "--root", r]).status.success());
    assert!(
        std::fs::read_to_string(root.join(rel))
            .unwrap()
            .contains("    - Oslo\n")
    );
}

/// hub.yaml's `form:` mistakes are placed where they are written.
#[test]
fn form_settings_mistakes_are_placed_in_hub_yaml() {
    let hub = hub_from_fixture("forms-hub");
    let r = hub.path().to_str().unwrap();
    let yaml = std::fs::read_to_string(hub.path().join("hub.yaml")).unwrap();
    let bad = yaml.replace(
        "labels: [proposal, report]",
        "labels: [proposal, proposal], colour: red",
    );
    std::fs::write(hub.path().join("hub.yaml"), bad).unwrap();
    let out = run(&["check", "--root", r]);
    let err = stderr(&out);
    let line = yaml.lines().position(|l| l.contains("form: {")).unwrap() + 1;
    assert!(
        err.contains("error[bad-form]: issue label `proposal` is listed twice"),
        "{err}"
    );
    assert!(
        err.contains(&format!("--> hub.yaml:{line}:50")),
        "at the second `proposal`: {err}"
    );
    assert!(
        err.contains("error[unknown-key]: unknown key `colour` in hub.yaml"),
        "{err}"
    );
    std::fs::write(
        hub.path().join("hub.yaml"),
        yaml.replace(
            "    form: {title: \"Report: \", labels: [proposal, report]}",
            "    form: yes please",
        ),
    )
    .unwrap();
    let err = stderr(&run(&["check", "--root", r]));
    assert!(
        err.contains("`form` must be true, false or a mapping, found text"),
        "{err}"
    );
    assert!(err.contains(&format!("--> hub.yaml:{line}:5")), "{err}");
}

#[test]
fn pages_that_share_a_title_are_told_apart_by_their_file_name_in_the_form() {
    let hub = hub_from_fixture("forms-hub");
    let root = hub.path();
    for (slug, country) in [("valencia-es", "Spain"), ("valencia-ve", "Venezuela")] {
        std::fs::write(
            root.join(format!("content/cities/{slug}.md")),
            format!("---\ntitle: Valencia\ncountry: {country}\n---\nA city.\n"),
        )
        .unwrap();
    }
    let out = run(&["forms", "--root", root.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let form = form(root, ".github/ISSUE_TEMPLATE/reports.yml");
    let city = form["body"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| s(e, "id") == Some("city"))
        .unwrap();
    let options: Vec<&str> = city["attributes"]["options"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        options,
        [
            "Ålesund",
            "San Sebastián, Donostia",
            "Valencia (valencia-es)",
            "Valencia (valencia-ve)",
            "Other (name it in the text)",
        ],
        "each page once, in the order of its title's letters, a shared title with its file name"
    );
}
