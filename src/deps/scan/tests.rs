//! What the scanner reads from template texts: the templates they reach
//! and the counts of the site they may read.
use super::*;

/// What templates read, named `t0.html`, `t1.html`...
fn unnamed(texts: &[&str]) -> CountReads {
    let names: Vec<String> = (0..texts.len()).map(|i| format!("t{i}.html")).collect();
    let files: Vec<(&str, &str)> = names
        .iter()
        .map(String::as_str)
        .zip(texts.iter().copied())
        .collect();
    reads_counts(&files)
}

#[test]
fn finds_extends_include_and_import() {
    let text = r#"{% extends "base.html" %}{%- include "partials/a.html" %}
{% import "macros.html" as m %}{% include ["x.html", "y.html"] ignore missing %}"#;
    assert_eq!(
        referenced_templates(text),
        Some(vec![
            "base.html".to_string(),
            "partials/a.html".into(),
            "macros.html".into(),
            "x.html".into(),
            "y.html".into()
        ])
    );
}

#[test]
fn a_comment_naming_memo_include_is_not_read_as_a_call() {
    let text = "{#- remembered (`memo_include`) with only its arguments -#}\n\
        {{ memo_include(template=\"partials/site-header.html\", site=site) }}\n\
        {# and memo_include again, with no template named #}";
    assert_eq!(
        referenced_templates(text),
        Some(vec!["partials/site-header.html".to_string()])
    );
    // A call whose template is computed still reaches any template.
    let computed =
        "{# memo_include(template=\"a.html\") #}{{ memo_include(template=\"p/\" ~ kind) }}";
    assert_eq!(referenced_templates(computed), None);
}

#[test]
fn finds_memo_included_templates() {
    let text = r#"{% include "a.html" %}<li>{{ memo_include(template="partials/card.html", item=item) }}</li>
{{ memo_include(item=x, template = 'b.html') }}"#;
    assert_eq!(
        referenced_templates(text),
        Some(vec![
            "partials/card.html".to_string(),
            "b.html".into(),
            "a.html".into()
        ])
    );
    let computed = r#"{{ memo_include(template="cards/" ~ kind, item=item) }}"#;
    assert_eq!(referenced_templates(computed), None);
    assert_eq!(
        referenced_templates("{{ memo_include(template=name) }}"),
        None
    );
}

#[test]
fn a_computed_template_name_depends_on_everything() {
    assert_eq!(
        referenced_templates(r#"{% include "a/" ~ page.kind %}"#),
        None
    );
    assert_eq!(referenced_templates("{% include name %}"), None);
}

#[test]
fn a_template_reads_counts_only_by_naming_them_or_writing_whole_values() {
    let reads = |text: &str| unnamed(&[text]);
    let (site, own) = (
        CountReads {
            site: true,
            own: true,
        },
        CountReads {
            site: false,
            own: true,
        },
    );
    assert_eq!(
        reads("{% for c in site.collections %}{{ c.count }}{% endfor %}"),
        site
    );
    assert_eq!(reads(r#"{{ page.collection_info["count"] }}"#), own);
    assert_eq!(reads(r#"{{ collection.count }}"#), own);
    assert_eq!(reads(r#"{{ c["count"] }}"#), site);
    assert_eq!(reads("{{ site | json_encode }}"), site);
    assert_eq!(reads("{{ page.fields | tojson }}"), site);
    assert_eq!(reads("{{ json_encode(value=site) }}"), site);
    let none = CountReads::default();
    assert_eq!(
        reads(r#"{{ t(key="narrow-match", count=n, x=f(a)) | json_encode }}"#),
        none
    );
    assert_eq!(
        reads(r#"{{ t(key="a") | json_encode }}{{ site.collections | json_encode }}"#),
        site
    );
    assert_eq!(reads("{% set n = count %}"), site);
    assert_eq!(
        reads(
            r#"{# with counts #}<span class="count">{{ items | length }}</span>{{ c.count_label }}"#
        ),
        CountReads::default()
    );
    assert_eq!(
        reads(r#"{{ t(key="term-count", count=2) }}"#),
        CountReads::default()
    );
}

#[test]
fn what_a_count_is_of_follows_where_its_value_was_bound() {
    let none = CountReads::default();
    assert_eq!(
        unnamed(&[
            "{{ term.count }} {{ taxonomy.label }}",
            "{% for g in term.collections %}{{ g.count }}{% endfor %}",
            "{% for t in site.taxonomies %}{% if t.has_pages %}{% endif %}{% endfor %}",
        ]),
        none
    );
    // `taxonomy` holds every term's count: the taxonomy page shows them.
    let terms = "{% for t in taxonomy.terms %}{{ t.count }}{% endfor %}";
    assert!(unnamed(&[terms]).site);
    // A listing's facets hold counts of its own collection only.
    let facets = "{% for f in collection.facets %}{% for t in f.terms %}{{ t.count }}{% endfor %}{% endfor %}";
    assert!(!unnamed(&[facets, "{% for t in site.taxonomies %}{% endfor %}"]).site);
    // Rebinding a plain name at the top, or handing it to a macro.
    let rebound = ["{% set term = site.taxonomies[0] %}", "{{ term.count }}"];
    assert!(unnamed(&rebound).site);
    assert!(unnamed(&["{% macro m(term) %}{{ term.count }}{% endmacro %}"]).site);
    let chained = "{% set ts = site.taxonomies %}{% set x = ts %}{{ x.count }}";
    assert!(unnamed(&[chained]).site);
}

#[test]
fn a_remembered_partials_arguments_reach_what_the_calls_pass() {
    let chips = "{% for f in facets %}{% for t in f.terms %}{{ t.count }}{% endfor %}{% endfor %}";
    let call = |expr: &str| {
        format!(
            r#"{{{{ memo_include(template="narrow.html", facets={expr}, size=pages | length) }}}}"#
        )
    };
    let own = CountReads {
        site: false,
        own: true,
    };
    let own_facets = call("collection.facets");
    assert_eq!(
        reads_counts(&[("list.html", &own_facets), ("narrow.html", chips)]),
        own
    );
    // The same partial handed every count of the site.
    let site_facets = call("site.taxonomies");
    let both = [
        ("list.html", own_facets.as_str()),
        ("term.html", site_facets.as_str()),
        ("narrow.html", chips),
    ];
    assert!(reads_counts(&both).site);
    // Through a chain of partials: each takes what its caller was given.
    let middle = r#"{{ memo_include(template="narrow.html", facets=groups) }}"#;
    let outer = r#"{{ memo_include(template="middle.html", groups=collection.facets) }}"#;
    let chain = [
        ("outer.html", outer),
        ("middle.html", middle),
        ("narrow.html", chips),
    ];
    assert_eq!(reads_counts(&chain), own);
    // Also included (it then sees its includer's names), or called by a
    // computed name: its arguments may be anything.
    let included = format!(r#"{own_facets}{{% include "narrow.html" %}}"#);
    assert!(reads_counts(&[("list.html", &included), ("narrow.html", chips)]).site);
    let computed = format!(r#"{own_facets}{{{{ memo_include(template="n" ~ x) }}}}"#);
    assert!(reads_counts(&[("list.html", &computed), ("narrow.html", chips)]).site);
}

#[test]
fn a_calls_arguments_are_read_up_to_its_closing_parenthesis() {
    assert_eq!(
        call_arguments(r#"template= , a=f(x, y), b=[1, 2], c = d == e) | safe"#),
        [
            ("a".to_string(), "f(x, y)".to_string()),
            ("b".into(), "[1, 2]".into()),
            ("c".into(), " d == e".into())
        ]
    );
}
