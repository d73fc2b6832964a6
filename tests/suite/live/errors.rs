//! Mistakes while serving (a broken ref, front matter, hub.yaml or
//! template; a binary file, editor droppings): the last good site is kept
//! until they are fixed.

use super::{assert_same_site, edit, full_build, published, settled, start, write};
use crate::common;

#[test]
fn deleting_a_ref_target_is_a_broken_ref_and_keeps_the_last_good_site() {
    let (dir, mut engine) = start();
    let before = published(&engine);
    let p = dir.path().join("content/cities/milan.md");
    std::fs::remove_file(&p).unwrap();
    let r = engine.apply(&[p]);
    assert!(!r.published);
    assert!(
        r.diags
            .iter()
            .any(|d| d.code == "broken-ref" && d.file == "content/case-studies/study-2.md")
    );
    assert_eq!(published(&engine), before);
}

/// A ref target that stops parsing is one error, in its own file: the
/// pages that refer to it do not also report a broken ref.
#[test]
fn a_ref_target_that_does_not_parse_is_its_own_only_error() {
    let (dir, mut engine) = start();
    let rel = "content/cities/milan.md";
    let good = std::fs::read_to_string(dir.path().join(rel)).unwrap();
    let p = write(dir.path(), rel, &good.replacen("title: ", "title: \"", 1));
    let r = engine.apply(std::slice::from_ref(&p));
    assert!(!r.published);
    let errors: Vec<_> = r.diags.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].file, rel);
    write(dir.path(), rel, &good);
    let r = engine.apply(&[p]);
    assert!(r.published, "{:?}", r.diags);
    assert_same_site(&settled(&mut engine), &full_build(dir.path()).0);
}

#[test]
fn broken_front_matter_keeps_the_last_good_site_until_fixed() {
    let (dir, mut engine) = start();
    let before = published(&engine);
    let rel = "content/case-studies/study-3.md";
    let good = std::fs::read_to_string(dir.path().join(rel)).unwrap();
    let p = write(dir.path(), rel, "---\ntitle: \"Study 3\ncity: oslo\n");
    let r = engine.apply(std::slice::from_ref(&p));
    assert!(!r.published);
    assert!(
        r.diags
            .iter()
            .any(|d| d.is_error() && d.file == rel && d.line >= 1)
    );
    assert_eq!(published(&engine), before);
    write(
        dir.path(),
        rel,
        &good.replace("Results of study 3.", "Results, fixed."),
    );
    let r = engine.apply(&[p]);
    assert!(r.published, "{:?}", r.diags);
    assert!(
        r.changed
            .contains(&"case-studies/study-3/index.html".to_string())
    );
    assert_same_site(&settled(&mut engine), &full_build(dir.path()).0);
}

#[test]
fn broken_hub_yaml_and_template_keep_the_last_good_site() {
    let (dir, mut engine) = start();
    let before = published(&engine);
    let hub = dir.path().join("hub.yaml");
    let good = std::fs::read_to_string(&hub).unwrap();
    std::fs::write(&hub, "title: [unclosed\n").unwrap();
    let r = engine.apply(std::slice::from_ref(&hub));
    assert!(!r.published && r.has_errors());
    assert_eq!(published(&engine), before);
    // A content edit while hub.yaml is broken is still an error, not a crash.
    let p = edit(dir.path(), "content/cities/oslo.md", "About", "All about");
    assert!(!engine.apply(&[p]).published);
    std::fs::write(&hub, good).unwrap();
    let r = engine.apply(&[hub]);
    assert!(r.published, "{:?}", r.diags);
    assert_same_site(&settled(&mut engine), &full_build(dir.path()).0);

    let before = published(&engine);
    let t = edit(
        dir.path(),
        "themes/mini/templates/page.html",
        "{{ page.title }}</h1>",
        "{{ page.title </h1>",
    );
    let r = engine.apply(std::slice::from_ref(&t));
    assert!(!r.published);
    assert!(
        r.diags
            .iter()
            .any(|d| d.file == "themes/mini/templates/page.html")
    );
    assert_eq!(published(&engine), before);
    edit(
        dir.path(),
        "themes/mini/templates/page.html",
        "{{ page.title </h1>",
        "{{ page.title }}</h1>",
    );
    assert!(engine.apply(&[t]).published);
    assert_same_site(&settled(&mut engine), &full_build(dir.path()).0);
}

#[test]
fn binary_file_and_editor_droppings_in_content() {
    let (dir, mut engine) = start();
    // vim's swap file and backup are never content.
    let swap = write(dir.path(), "content/cities/.oslo.md.swp", "junk");
    let backup = write(dir.path(), "content/cities/oslo.md~", "junk");
    let r = engine.apply(&[swap, backup]);
    assert!(r.rerendered.is_empty());
    let p = dir.path().join("content/cities/oslo.md");
    std::fs::write(&p, [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    let r = engine.apply(std::slice::from_ref(&p));
    assert!(!r.published);
    assert!(r.diags.iter().any(|d| d.file == "content/cities/oslo.md"));
    // A picture dropped next to the pages is published (processed as an
    // image), not parsed as a page.
    let img = dir.path().join("content/cities/map.png");
    let png = common::tiny_image(image::ImageFormat::Png, 3, 2);
    std::fs::write(&img, png).unwrap();
    let r = engine.apply(&[img]);
    assert!(r.assets_changed.contains(&"cities/map.png".to_string()));
}
