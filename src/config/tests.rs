//! Unit tests of reading hub.yaml.

use super::*;

fn parsed(text: &str) -> (Option<Config>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    (parse(text, &mut diags), diags)
}

#[test]
fn unknown_field_type_points_at_type() {
    let text = "title: T\ncollections:\n  cities:\n    fields:\n      lat:\n        type: nmber\n";
    let (cfg, diags) = parsed(text);
    assert!(cfg.is_none());
    assert_eq!(diags.len(), 1);
    assert_eq!((diags[0].line, diags[0].column), (6, 15));
    assert!(diags[0].hint.as_deref().unwrap_or("").contains("`number`"));
}

#[test]
fn ref_to_undeclared_collection() {
    let text = "title: T\ncollections:\n  a:\n    fields:\n      b:\n        type: ref\n        to: citys\n  cities: {}\n";
    let (_, diags) = parsed(text);
    assert_eq!(diags[0].code, "unknown-collection");
    assert_eq!((diags[0].line, diags[0].column), (7, 13));
    assert_eq!(diags[0].hint.as_deref(), Some("did you mean `cities`?"));
}

#[test]
fn base_path_from_base_url() {
    let (cfg, _) = parsed("title: T\nbase_url: https://x.github.io/hub\ncollections:\n  a: {}\n");
    let cfg = cfg.unwrap();
    assert_eq!(cfg.base_url, "https://x.github.io/hub/");
    assert_eq!(cfg.base_path(), "/hub/");
}

const FOOTER_HUB: &str = "title: T\ncollections:\n  about: {nav: false}\n  projects: {}\n";

#[test]
fn footer_is_read_with_its_links_publisher_and_grants() {
    let text = format!(
        "{FOOTER_HUB}footer:\n  links: [about/privacy, about/contact]\n  publisher: Example body\n  contact_email: hub@example.org\n  funding:\n    statement: Funded by the European Union\n    emblem: true\n    grants:\n      - {{name: P, programme: Horizon Europe, agreement: 101096405, page: projects/p}}\n"
    );
    let (cfg, diags) = parsed(&text);
    assert!(diags.is_empty(), "{diags:?}");
    let cfg = cfg.unwrap();
    assert!(!cfg.collections[0].nav && cfg.collections[1].nav);
    let f = &cfg.footer;
    assert_eq!(f.links, ["about/privacy", "about/contact"]);
    assert_eq!(f.publisher, "Example body");
    assert_eq!(f.contact_email, "hub@example.org");
    assert!(f.funding.emblem);
    assert_eq!(f.funding.grants[0].agreement, "101096405");
    assert_eq!(f.funding.grants[0].page, "projects/p");
}

#[test]
fn footer_mistakes_are_placed_where_they_are_written() {
    let text = format!(
        "{FOOTER_HUB}footer:\n  links: [about/privacy, abuot/contact]\n  contact_email: not an address\n  funding:\n    grants:\n      - {{name: P}}\n  colour: blue\n"
    );
    let (cfg, diags) = parsed(&text);
    assert!(cfg.is_none());
    let found: Vec<(&str, usize, usize)> =
        diags.iter().map(|d| (d.code, d.line, d.column)).collect();
    assert_eq!(
        found,
        [
            ("unknown-key", 11, 3),
            ("unknown-page", 6, 26),
            ("bad-value", 7, 18),
            ("missing-field", 10, 9),
        ]
    );
    assert!(
        diags[1]
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("about, projects")
    );
}

#[test]
fn map_colour_must_be_a_ref_field_of_the_counted_collection() {
    let text = "title: T\ncollections:\n  cities:\n    map: {lat: lat, lon: lon, count: studies, colour: projcts}\n    fields:\n      lat: {type: number}\n      lon: {type: number}\n  studies:\n    fields:\n      city: {type: ref, to: cities}\n      projects: {type: refs, to: projects}\n  projects: {}\n";
    let (cfg, diags) = parsed(text);
    assert!(cfg.is_none());
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].code, "unknown-field");
    assert_eq!((diags[0].line, diags[0].column), (4, 55));
    assert_eq!(diags[0].hint.as_deref(), Some("did you mean `projects`?"));
    let fixed = text.replace("projcts", "projects");
    let (cfg, diags) = parsed(&fixed);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        cfg.unwrap().collections[0]
            .find
            .map
            .as_ref()
            .unwrap()
            .colour,
        "projects"
    );
}
