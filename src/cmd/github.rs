//! What `--format github` adds for GitHub Actions: diagnostics' paths made
//! relative to the repository root (so annotations attach to the pull
//! request's files whatever `--root` is), and, when `GITHUB_STEP_SUMMARY`
//! names a file, a Markdown table of the problems appended to it.

use crate::diag::{Diagnostic, Severity};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The folder of the repository that holds the hub at `root`: the nearest
/// folder from the hub upward with a `.git` (a folder, or a file in a git
/// worktree). `None` outside a repository.
fn repository_root(root: &Path) -> Option<PathBuf> {
    let hub = root.canonicalize().ok()?;
    hub.ancestors()
        .find(|dir| dir.join(".git").exists())
        .map(Path::to_path_buf)
}

/// Rewrites each diagnostic's path (relative to the hub root) to be
/// relative to the repository root; unchanged when the hub is not in a
/// repository or is its root.
pub(crate) fn repository_paths(root: &Path, diags: &mut [Diagnostic]) {
    let Some(repo) = repository_root(root) else {
        return;
    };
    let Ok(hub) = root.canonicalize() else { return };
    let Ok(inside) = hub.strip_prefix(&repo) else {
        return;
    };
    let prefix = inside.to_string_lossy().replace('\\', "/");
    if prefix.is_empty() {
        return;
    }
    for d in diags {
        d.file = format!("{prefix}/{}", d.file);
    }
}

/// Appends the table of problems to the file `GITHUB_STEP_SUMMARY` names,
/// when it is set; a run with no problem says so in one line.
pub(crate) fn append_summary(diags: &[Diagnostic], summary: &str) {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return;
    };
    let Ok(mut file) = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
    else {
        return;
    };
    let _ = file.write_all(summary_markdown(diags, summary).as_bytes());
}

/// `### clusterhub: problems found` and a table: severity, file:line:column, problem
/// and what to do.
fn summary_markdown(diags: &[Diagnostic], summary: &str) -> String {
    let mut out = String::from("### clusterhub: problems found\n\n");
    if diags.is_empty() {
        out.push_str("No problems.\n\n");
        return out;
    }
    out.push_str(&format!("{summary}\n\n"));
    out.push_str("| | Where | Problem | What to do |\n| --- | --- | --- | --- |\n");
    for d in diags {
        let icon = match d.severity {
            Severity::Error => "❌ error",
            Severity::Warning => "⚠️ warning",
        };
        let at = if d.line > 0 {
            format!("{}:{}:{}", d.file, d.line, d.column)
        } else {
            d.file.clone()
        };
        out.push_str(&format!(
            "| {icon} | `{}` | {} | {} |\n",
            cell(&at).replace('`', "'"),
            cell(&d.message),
            cell(d.hint.as_deref().unwrap_or(""))
        ));
    }
    out.push('\n');
    out
}

/// Text safe in a Markdown table cell: no line breaks, `|` escaped, and no
/// HTML (contributor text is shown as text).
fn cell(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_table_escapes_what_would_break_it() {
        let d = Diagnostic::error("x", "content/a.md", "bad | <b>value</b>\nhere").hint("fix it");
        let md = summary_markdown(&[d], "1 error, 0 warnings in 1 file");
        assert!(
            md.contains(
                "| ❌ error | `content/a.md` | bad \\| &lt;b&gt;value&lt;/b&gt; here | fix it |"
            ),
            "{md}"
        );
        assert_eq!(
            summary_markdown(&[], ""),
            "### clusterhub: problems found\n\nNo problems.\n\n"
        );
    }
}
