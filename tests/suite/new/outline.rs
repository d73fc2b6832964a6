//! The body `new` writes: the collection's outline from hub.yaml, and an
//! outline's mistakes as errors of hub.yaml.

use super::{check_json, clusterhub};
use crate::common::{shipped_hub as shipped_copy, stderr};

/// A hub's own outline is what `new` writes, and a collection without one
/// gets a body with a single note: nothing about pages is built in.
#[test]
fn the_body_outline_comes_from_hub_yaml() {
    let hub = shipped_copy();
    let root = hub.path();
    let yaml = std::fs::read_to_string(root.join("hub.yaml")).unwrap();
    let start = yaml.find("\n  methods:\n").unwrap();
    let outline = start + yaml[start..].find("    outline:\n").unwrap();
    let fields = start + yaml[start..].find("    fields:\n").unwrap();
    let ours = "    outline:\n      - Origin: Who made it, and why.\n      - \"Step 2: use it\"\n";
    let yaml = format!("{}{ours}{}", &yaml[..outline], &yaml[fields..]);
    std::fs::write(root.join("hub.yaml"), yaml).unwrap();

    let out = clusterhub(
        root,
        &[
            "new",
            "methods",
            "Ours",
            "--set",
            "type=tool",
            "--set",
            "projects=up2030",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(root.join("content/methods/ours.md")).unwrap();
    assert!(
        text.ends_with(
            "\n---\n\n## Origin\n\n<!-- Who made it, and why. -->\n\n## Step 2: use it\n"
        ),
        "{text}"
    );
    let out = clusterhub(root, &["new", "organisations", "Ours"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(root.join("content/organisations/ours.md")).unwrap();
    assert!(
        text.ends_with("\n---\n\n<!-- The text of the page, in Markdown. -->\n"),
        "{text}"
    );
    let problems = check_json(root);
    assert!(
        problems.iter().all(|d| d["severity"] != "error"),
        "{problems:#?}"
    );
}

/// A mistake in an outline is an error of hub.yaml at the item (or the
/// key) to correct, and `new` does not run on such a hub.
#[test]
fn outline_mistakes_are_errors_at_their_line() {
    let hub = shipped_copy();
    let root = hub.path();
    let shipped = std::fs::read_to_string(root.join("hub.yaml")).unwrap();
    let start = shipped.find("\n  methods:\n").unwrap();
    let outline = start + shipped[start..].find("    outline:\n").unwrap();
    let fields = start + shipped[start..].find("    fields:\n").unwrap();
    let (before, after) = (&shipped[..outline], &shipped[fields..]);
    let bad = "    outline:\n      - What it is\n      - \"## How it works\"\n      - What it is: again\n      - [a, b]\n      - Tips: never write --> here\n";
    let yaml = format!("{before}{bad}{after}");
    std::fs::write(root.join("hub.yaml"), &yaml).unwrap();
    let line = |text: &str| yaml.lines().position(|l| l.contains(text)).unwrap() as u64 + 1;

    let problems = check_json(root);
    let found: Vec<(u64, &str, &str)> = problems
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                line("- \"## How it works\""),
                "bad-outline",
                "outline heading `## How it works` starts with `#`"
            ),
            (
                line("- What it is: again"),
                "bad-outline",
                "heading `What it is` is in the outline twice"
            ),
            (
                line("- [a, b]"),
                "bad-outline",
                "each item of `outline` is one heading, found a list"
            ),
            (
                line("- Tips:"),
                "bad-outline",
                "the note under `Tips` contains `-->`"
            ),
        ]
    );
    assert!(problems.iter().all(|d| d["file"] == "hub.yaml"));
    let out = clusterhub(root, &["new", "methods", "X"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("error[bad-outline]"),
        "{}",
        stderr(&out)
    );

    let not_a_list = format!("{before}    outline: What it is\n{after}");
    std::fs::write(root.join("hub.yaml"), &not_a_list).unwrap();
    let problems = check_json(root);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0]["code"], "wrong-type");
    let at = not_a_list
        .lines()
        .position(|l| l == "    outline: What it is")
        .unwrap()
        + 1;
    assert_eq!(
        (problems[0]["line"].as_u64(), problems[0]["column"].as_u64()),
        (Some(at as u64), Some(5))
    );
}
