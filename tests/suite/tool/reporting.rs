//! Where problems are shown: colour on a terminal, GitHub annotations and
//! step summary with paths from the repository root, and VS Code's
//! Problems panel through the task's problem matchers.

use super::{bin, err, run_in, starter};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

#[test]
fn color_follows_the_flag_no_color_and_clicolor_force() {
    let hub = starter();
    let page = hub.path().join("content/cities/lisbon.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("country_code: PT", "country_code: pt")).unwrap();
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut c = Command::new(bin());
        c.args(args).current_dir(hub.path());
        c.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
        for (k, v) in env {
            c.env(k, v);
        }
        err(&c.output().unwrap()).contains('\u{1b}')
    };
    assert!(!run(&["check"], &[]), "no colour off a terminal");
    assert!(run(&["check", "--color", "always"], &[]));
    assert!(run(&["check"], &[("CLICOLOR_FORCE", "1")]));
    assert!(!run(
        &["check"],
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
    ));
    assert!(!run(
        &["check", "--color", "never"],
        &[("CLICOLOR_FORCE", "1")]
    ));
}

#[test]
fn annotations_name_paths_from_the_repository_root_and_fill_the_step_summary() {
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join(".git")).unwrap();
    let out = run_in(&bin(), repo.path(), &["init", "site"]);
    assert!(out.status.success(), "{}", err(&out));
    let page = repo.path().join("site/content/cities/lisbon.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("country_code: PT", "country_code: pt")).unwrap();
    let summary = repo.path().join("summary.md");
    std::fs::write(&summary, "before\n").unwrap();
    let out = Command::new(bin())
        .args(["check", "--root", "site", "--format", "github"])
        .current_dir(repo.path())
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with(
            "::error file=site/content/cities/lisbon.md,line=5,endLine=5,col=15,endColumn=17,title=pattern::"
        ),
        "{stdout}"
    );
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(
        md.starts_with("before\n### clusterhub: problems found\n"),
        "{md}"
    );
    assert!(
        md.contains("| ❌ error | `site/content/cities/lisbon.md:5:15` | `country_code` must be two capital letters"),
        "{md}"
    );
    // From inside the hub folder, the same paths.
    let out = run_in(
        &bin(),
        &repo.path().join("site/content"),
        &["check", "--format", "github"],
    );
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("file=site/content/cities/lisbon.md")
    );
}

/// The problem matchers of a `tasks.json` (comment lines dropped): for each,
/// its two regular expressions and whether it is about whole files.
fn matchers(tasks_json: &str) -> Vec<(regex::Regex, regex::Regex, bool)> {
    let json: String = tasks_json
        .lines()
        .filter(|l| !l.starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let tasks: Value = serde_json::from_str(&json).unwrap();
    let check = tasks["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["label"] == "clusterhub: check")
        .unwrap();
    assert!(check["args"].to_string().contains("\"--color\",\"never\""));
    check["problemMatcher"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let p = m["pattern"].as_array().unwrap();
            let re = |i: usize| regex::Regex::new(p[i]["regexp"].as_str().unwrap()).unwrap();
            (re(0), re(1), p[1]["kind"] == "file")
        })
        .collect()
}

/// What VS Code's Problems panel gets from `output` with `matchers`: (file,
/// line, column, message), line and column empty for a whole file.
fn panel(
    matchers: &[(regex::Regex, regex::Regex, bool)],
    output: &str,
) -> Vec<(String, String, String, String)> {
    let lines: Vec<&str> = output.lines().collect();
    let mut found = Vec::new();
    for (first, second, whole) in matchers {
        for pair in lines.windows(2) {
            let (Some(a), Some(b)) = (first.captures(pair[0]), second.captures(pair[1])) else {
                continue;
            };
            let at = |i: usize| b.get(i).map_or("", |m| m.as_str()).to_string();
            let (line, col) = if *whole {
                (String::new(), String::new())
            } else {
                (at(2), at(3))
            };
            found.push((at(1), line, col, a[3].to_string()));
        }
    }
    found.sort();
    found
}

#[test]
fn the_vs_code_task_puts_every_problem_in_the_problems_panel() {
    let hub = starter();
    let page = hub.path().join("content/cities/lisbon.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("country_code: PT", "country_code: pt")).unwrap();
    std::fs::write(
        hub.path().join("content/cities/Porto.MD"),
        "---\ntitle: Porto\n---\n",
    )
    .unwrap();
    let out = run_in(&bin(), hub.path(), &["check", "--color", "never"]);
    let shipped = std::fs::read_to_string(hub.path().join(".vscode/tasks.json")).unwrap();
    let ours =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(".vscode/tasks.json"))
            .unwrap();
    for tasks in [shipped, ours] {
        let got = panel(&matchers(&tasks), &err(&out));
        assert_eq!(
            got,
            [
                (
                    "content/cities/Porto.MD".to_string(),
                    String::new(),
                    String::new(),
                    "`.md` is not read as a page: page files end in `.md`, in lower case".to_string()
                ),
                (
                    "content/cities/lisbon.md".to_string(),
                    "5".to_string(),
                    "15".to_string(),
                    "`country_code` must be two capital letters (ISO 3166-1 alpha-2), e.g. PT, found `pt`".to_string()
                ),
            ]
        );
    }
}
