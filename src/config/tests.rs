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
