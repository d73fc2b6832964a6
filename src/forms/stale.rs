//! The check that the committed issue forms are what `clusterhub forms`
//! would write from hub.yaml: a step of the session, so `check` and
//! `serve` both report it.

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::resolve::Site;
use std::path::Path;

/// A warning for each opted-in collection whose committed form is missing
/// or differs from what `clusterhub forms` would write from hub.yaml, at
/// the first line that differs. The pages a ref dropdown offers are left
/// out of the comparison: a pull request adding a city need not touch the
/// forms (`forms`, and the intake workflow, refresh those lists).
pub(crate) fn stale(root: &Path, config: &Config, site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (collection, (rel, expected)) in super::all(config, site) {
        let committed = crate::source::read_generated(root, &rel)
            .ok()
            .map(|b| String::from_utf8_lossy(&b).replace("\r\n", "\n"));
        let Some(committed) = committed else {
            out.push(
                Diagnostic::warning(
                    "form-out-of-date",
                    &rel,
                    "this issue form is missing: hub.yaml asks for one".to_string(),
                )
                .hint("run `clusterhub forms` and commit the file"),
            );
            continue;
        };
        let refs: Vec<&str> = collection
            .fields
            .iter()
            .filter(|f| f.kind.target().is_some())
            .map(|f| f.name.as_str())
            .collect();
        let (old, new) = (
            model_lines(&committed, &refs),
            model_lines(&expected, &refs),
        );
        let Some(at) = old
            .iter()
            .zip(&new)
            .position(|(a, b)| a.1 != b.1)
            .or_else(|| (old.len() != new.len()).then_some(old.len().min(new.len())))
        else {
            continue;
        };
        let d = Diagnostic::warning(
            "form-out-of-date",
            &rel,
            "this issue form is out of date with hub.yaml".to_string(),
        );
        let d = match old.get(at) {
            Some((line, _)) => d.at(&committed, *line, 1),
            None => d,
        };
        out.push(d.hint("run `clusterhub forms` and commit the file"));
    }
    out
}

/// The lines of a form's text with their numbers, less the options of the
/// dropdowns of ref fields (`refs`: their ids), which list pages.
fn model_lines<'a>(text: &'a str, refs: &[&str]) -> Vec<(usize, &'a str)> {
    let mut id = "";
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if let Some(rest) = line.strip_prefix("  id: ") {
            id = rest.trim();
        } else if line.starts_with("- ") {
            id = "";
        }
        if refs.contains(&id) && line.starts_with("    - ") {
            continue;
        }
        out.push((n + 1, line));
    }
    out
}
