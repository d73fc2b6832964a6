//! The GitHub workflows: issue text never reaches a shell command, and
//! intake runs only on a maintainer's label.

use super::s;
use crate::common::repo_root;
use serde_json::Value;

/// No workflow puts issue text into a shell command: GitHub expands
/// `${{ }}` before the shell runs, so a title or body could run as code.
#[test]
fn workflows_never_put_issue_text_into_run() {
    let dir = repo_root().join(".github/workflows");
    let mut runs = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let workflow: Value =
            serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for (job, body) in workflow["jobs"].as_object().unwrap() {
            for step in body["steps"].as_array().into_iter().flatten() {
                let Some(script) = s(step, "run") else {
                    continue;
                };
                runs += 1;
                for untrusted in [
                    "github.event.issue",
                    "github.event.comment",
                    "github.event.pull_request.title",
                    "github.event.pull_request.body",
                    "github.head_ref",
                ] {
                    assert!(
                        !script
                            .replace(' ', "")
                            .contains(&format!("${{{{{untrusted}")),
                        "{}: job {job} puts {untrusted} into run:\n{script}",
                        path.display()
                    );
                }
            }
        }
    }
    assert!(runs > 0);
}

/// The intake workflow runs only on a maintainer's label, with the
/// permissions it needs and no more.
#[test]
fn intake_workflow_is_gated_by_a_label_with_minimal_permissions() {
    let text = std::fs::read_to_string(repo_root().join(".github/workflows/intake.yml")).unwrap();
    let workflow: Value = serde_yaml::from_str(&text).unwrap();
    let on = &workflow["on"];
    assert_eq!(
        on.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["issues"]
    );
    assert_eq!(on["issues"]["types"], serde_json::json!(["labeled"]));
    let permissions =
        serde_json::json!({"contents": "write", "pull-requests": "write", "issues": "write"});
    assert_eq!(workflow["permissions"], permissions);
    let job = workflow["jobs"]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap();
    assert!(
        s(job, "if").unwrap().contains("github.event.label.name =="),
        "gated by the label"
    );
    assert!(
        text.contains("ISSUE_BODY: ${{ github.event.issue.body }}"),
        "the body goes through env"
    );
    assert!(
        text.contains("Closes #"),
        "the pull request links the issue"
    );
}
