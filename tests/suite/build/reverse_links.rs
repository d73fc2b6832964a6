//! Reverse links: every ref shows up as a link back on its target, under
//! the heading its ref field's `backlinks_label` gives.

use super::{assert_diag, build, build_diagnostics};
use crate::common::{shipped_hub, stderr};

#[test]
fn every_ref_shows_up_as_a_reverse_link_on_its_target() {
    let hub = shipped_hub();
    let built = clusterhub::pipeline::run(hub.path(), &clusterhub::pipeline::Options::default());
    assert!(!built.has_errors(), "{:#?}", built.diags);
    let file = |path: &str| -> String {
        let out = built.outputs.iter().find(|o| o.path == path).unwrap();
        String::from_utf8(out.bytes.clone()).unwrap()
    };
    let json = |path: &str| -> serde_json::Value { serde_json::from_str(&file(path)).unwrap() };
    // The exports give every page's refs, resolved, as `{slug, title, url}`.
    let index = json("api/index.json");
    let base_url = index["base_url"].as_str().unwrap();
    let site_path = |url: &str| url.strip_prefix(base_url).unwrap().to_string();
    let mut checked = 0;
    for collection in index["collections"].as_array().unwrap() {
        let export = json(&site_path(collection["json"].as_str().unwrap()));
        for page in export["pages"].as_array().unwrap() {
            let source_url = format!("/clusterhub/{}", site_path(page["url"].as_str().unwrap()));
            for (field, value) in page["fields"].as_object().unwrap() {
                let targets = match value {
                    serde_json::Value::Array(items) => items.iter().collect(),
                    one => vec![one],
                };
                for target in targets.iter().filter_map(|t| t["url"].as_str()) {
                    let html = file(&format!("{}index.html", site_path(target)));
                    assert!(
                        html.contains(&format!("href=\"{source_url}\"")),
                        "{source_url} refs {target} through `{field}`, but {target} does not link back",
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} refs checked");
}

/// The heading of a group of reverse links is the ref field's
/// `backlinks_label` in hub.yaml: a new ref field gets its own without
/// editing a template, and a field without one gets the theme's wording.
#[test]
fn reverse_link_headings_come_from_the_ref_fields_in_hub_yaml() {
    let hub = shipped_hub();
    let root = hub.path();
    let end_date = "      end_date:\n        type: date\n        help: For events spanning several days, the last day.\n";
    let host = "      host:\n        type: ref\n        to: organisations\n        backlinks_label: Events it hosted\n";
    let yaml = std::fs::read_to_string(root.join("hub.yaml")).unwrap();
    assert!(yaml.contains(end_date));
    let yaml = yaml
        .replace(end_date, &format!("{end_date}{host}"))
        .replace("Case studies in this city", "Work done here")
        .replace("        backlinks_label: Events hosted in this city\n", "");
    std::fs::write(root.join("hub.yaml"), yaml).unwrap();
    let event = root.join("content/dissemination/climaborough-consortium-meeting-turin.md");
    let text = std::fs::read_to_string(&event).unwrap();
    std::fs::write(
        &event,
        text.replacen(
            "\nkind: event\n",
            "\nkind: event\nhost: aalborg-university\n",
            1,
        ),
    )
    .unwrap();

    let out = build(root, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = |path: &str| {
        std::fs::read_to_string(root.join("public").join(path).join("index.html")).unwrap()
    };
    let organisation = page("organisations/aalborg-university");
    assert!(
        organisation.contains(">Events it hosted <span class=\"count\">(1)</span></h2>"),
        "{organisation}"
    );
    let city = page("cities/torino");
    assert!(
        city.contains(">Work done here <span class=\"count\">"),
        "{city}"
    );
    assert!(!city.contains("Case studies in this city"));
    assert!(
        city.contains(
            ">News &amp; events that name this city under “Location” <span class=\"count\">"
        ),
        "{city}"
    );
}

/// `backlinks_label` belongs to ref fields: elsewhere it is an error at
/// its line of hub.yaml.
#[test]
fn backlinks_label_on_a_field_that_is_not_a_ref_is_an_error_at_its_line() {
    let hub = shipped_hub();
    let root = hub.path();
    let scale = "      scale:\n        type: enum\n";
    let yaml = std::fs::read_to_string(root.join("hub.yaml")).unwrap();
    assert!(yaml.contains(scale));
    let yaml = yaml.replace(
        scale,
        &format!("{scale}        backlinks_label: Case studies at this scale\n"),
    );
    std::fs::write(root.join("hub.yaml"), &yaml).unwrap();
    let line = yaml
        .lines()
        .position(|l| l.contains("Case studies at this scale"))
        .unwrap()
        + 1;
    let d = build_diagnostics(root);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_diag(
        &d,
        "hub.yaml",
        "bad-field",
        line as u64,
        9,
        "`backlinks_label` is for ref and refs fields, and `scale` is of type `enum`",
        "remove it here",
    );
}
