//! The built site links to the form of each collection that has one.

use super::run;
use crate::common::{links, shipped_hub, stderr};

/// The built site links to the form from the footer of every page, from
/// the Contribute page and from the listing of each collection that has
/// one, and only there.
#[test]
fn the_site_links_to_the_form_of_each_collection_that_has_one() {
    let hub = shipped_hub();
    let r = hub.path().to_str().unwrap();
    let out = run(&["build", "--root", r]);
    assert!(out.status.success(), "{}", stderr(&out));
    let form = "https://github.com/up-cluster/clusterhub/issues/new?template=case-studies.yml";
    let read = |rel: &str| std::fs::read_to_string(hub.path().join("public").join(rel)).unwrap();
    for page in [
        "index.html",
        "case-studies/index.html",
        "methods/index.html",
    ] {
        assert!(links(&read(page)).contains(&form.to_string()), "{page}");
    }
    let listing = |rel: &str| {
        let html = read(rel);
        let header = &html[html.find("<header class=\"page-header\"").unwrap()..];
        links(&header[..header.find("</header>").unwrap()])
    };
    assert!(listing("case-studies/index.html").contains(&form.to_string()));
    // The Contribute page offers the forms in its text, not only in the
    // footer, before the way through git.
    let contribute = read("about/contribute/index.html");
    let main = &contribute[contribute.find("<main").unwrap()..contribute.find("</main>").unwrap()];
    let form_at = main
        .find(form)
        .expect("the Contribute page links to the form");
    assert!(
        form_at < main.find("With git").unwrap(),
        "the form comes first"
    );
    assert!(
        !listing("methods/index.html")
            .iter()
            .any(|l| l.contains("/issues/new"))
    );
}
