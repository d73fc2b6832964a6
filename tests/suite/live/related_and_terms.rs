//! Related pages and taxonomy terms after pages are added, deleted or
//! edited: after each edit the site equals a full build.

use super::{assert_same_site, fixture, full_build, published, settled, write, write_or_delete};
use clusterhub::live::Engine;
use clusterhub::pipeline::Options;

/// A case study of the large hub below: in Lisbon (every seventh in
/// Milan), about energy (every fifth about water too); forty dates, so
/// that many studies tie on the date and their titles decide.
fn large_hub_study(i: usize) -> String {
    let city = if i.is_multiple_of(7) {
        "milan"
    } else {
        "lisbon"
    };
    let domains = if i.is_multiple_of(5) {
        "energy, water"
    } else {
        "energy"
    };
    let title = if i.is_multiple_of(3) {
        "Twin".to_string()
    } else {
        format!("Study {i:03}")
    };
    format!(
        "---\ntitle: {title}\ndate: 2024-{:02}-{:02}\ncity: {city}\ndomains: [{domains}]\n---\nBody {i}.\n",
        i % 4 + 1,
        i % 10 + 1
    )
}

/// `serve` scores related pages again after a page is added, deleted or
/// moved only where the edit can change them (`related::Related::since`);
/// each feature of this hub is shared by more pages than a related list
/// looks at (200), so an edit near the top of one changes the lists of
/// many pages and one near the bottom of few. After each edit the site
/// equals a full build.
#[test]
fn related_pages_after_edits_in_a_large_hub_equal_a_full_build() {
    let dir = fixture();
    let root = dir.path();
    for i in 0..240 {
        write(
            root,
            &format!("content/case-studies/l{i:03}.md"),
            &large_hub_study(i),
        );
    }
    let (mut engine, first) = Engine::new(root, &Options::default());
    assert!(first.published, "{:?}", first.diags);
    let study = "content/case-studies/l101.md";
    let page = "case-studies/l101/index.html";
    let related = |engine: &Engine| -> usize {
        let html = String::from_utf8_lossy(&published(engine)[page]).into_owned();
        html.split("class=\"related\"").nth(1).map_or(0, |r| {
            r.split("</ul>")
                .next()
                .unwrap_or("")
                .matches("<li>")
                .count()
        })
    };
    assert_eq!(
        related(&engine),
        6,
        "the page has a full list of related pages"
    );
    let new = |title: &str, date: &str, city: &str, domains: &str| {
        format!(
            "---\ntitle: {title}\ndate: {date}\ncity: {city}\ndomains: [{domains}]\n---\nNew.\n"
        )
    };
    let edits: Vec<(&str, Option<String>)> = vec![
        // Added: newest (first of every feature's pages), oldest, between.
        (
            "content/case-studies/n1.md",
            Some(new("Newest", "2026-01-01", "lisbon", "energy")),
        ),
        (
            "content/case-studies/n2.md",
            Some(new("Oldest", "2019-01-01", "lisbon", "energy")),
        ),
        (
            "content/case-studies/n3.md",
            Some(new("Twin", "2024-02-05", "milan", "energy, water")),
        ),
        // A new term, shared by no other page.
        (
            "content/case-studies/n4.md",
            Some(new("Moving", "2024-03-03", "lisbon", "mobility")),
        ),
        // Deleted: one near the top, one at the bottom.
        ("content/case-studies/n1.md", None),
        ("content/case-studies/l239.md", None),
        // Moved in the tie order: its date, then its title.
        (
            "content/case-studies/l050.md",
            Some(large_hub_study(50).replace("2024-03-01", "2025-12-31")),
        ),
        (
            "content/case-studies/l051.md",
            Some(large_hub_study(51).replace("Twin", "Aardvark")),
        ),
        // Refs: to another city, then the page itself.
        (
            "content/case-studies/l012.md",
            Some(large_hub_study(12).replace("lisbon", "milan")),
        ),
        (
            study,
            Some(large_hub_study(101).replace("energy", "energy, water")),
        ),
    ];
    for (rel, text) in edits {
        let path = write_or_delete(root, rel, text.as_deref());
        let r = engine.apply(&[path]);
        assert!(r.published, "{rel}: {:?}", r.diags);
        assert_same_site(&settled(&mut engine), &full_build(root).0);
    }
    assert_eq!(related(&engine), 6);
}

/// `serve` makes a taxonomy's terms after a page is added, deleted or
/// edited from those before (`resolve::terms_since`): the first page of a
/// term (by path) names it, so a new first page spelled otherwise renames
/// it and deleting that page names it back; a value no page had is a new
/// term, and a term whose last page goes is gone. After each edit the site
/// equals a full build.
#[test]
fn taxonomy_terms_after_edits_equal_a_full_build() {
    let dir = fixture();
    let root = dir.path();
    let hub = std::fs::read_to_string(root.join("hub.yaml")).unwrap();
    let countries = "  countries:\n    label: Countries\n    field: country\n";
    write(root, "hub.yaml", &format!("{hub}{countries}"));
    let (mut engine, first) = Engine::new(root, &Options::default());
    assert!(first.published, "{:?}", first.diags);
    let city = |title: &str, country: &str| {
        format!("---\ntitle: {title}\ncountry: {country}\n---\nAbout {title}.\n")
    };
    let term = |engine: &Engine, slug: &str| -> Option<String> {
        let html = published(engine)
            .get(&format!("countries/{slug}/index.html"))
            .cloned()?;
        Some(String::from_utf8_lossy(&html).into_owned())
    };
    assert!(term(&engine, "portugal").unwrap().contains("Portugal"));
    let edits: Vec<(&str, Option<String>, &str, Option<&str>)> = vec![
        // Before lisbon.md by path: its spelling names the term.
        (
            "content/cities/aveiro.md",
            Some(city("Aveiro", "PORTUGAL")),
            "portugal",
            Some("PORTUGAL"),
        ),
        (
            "content/cities/aveiro.md",
            None,
            "portugal",
            Some("Portugal"),
        ),
        // A country no city had, then another one, then none.
        (
            "content/cities/zadar.md",
            Some(city("Zadar", "Croatia")),
            "croatia",
            Some("Croatia"),
        ),
        (
            "content/cities/zadar.md",
            Some(city("Zadar", "Hrvatska")),
            "croatia",
            None,
        ),
        ("content/cities/zadar.md", None, "hrvatska", None),
    ];
    for (rel, text, slug, label) in edits {
        let path = write_or_delete(root, rel, text.as_deref());
        let r = engine.apply(&[path]);
        assert!(r.published, "{rel}: {:?}", r.diags);
        let shown = term(&engine, slug);
        match label {
            Some(label) => {
                let html = shown.unwrap_or_else(|| panic!("{rel}: no term page {slug}"));
                assert!(html.contains(&format!("<h1>{label}")), "{rel}: {html}");
            }
            None => assert!(shown.is_none(), "{rel}: term {slug} is still shown"),
        }
        assert_same_site(&settled(&mut engine), &full_build(root).0);
    }
}
