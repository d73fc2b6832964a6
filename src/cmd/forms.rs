//! `clusterhub forms`: writes `.github/ISSUE_TEMPLATE/<collection>.yml`
//! for each collection whose hub.yaml entry says `form:` (the only files
//! it writes), and the check `check` runs that the committed forms are
//! what it would write.

use super::{EXIT_FAILURE, EXIT_OK};
use crate::cli::{Format, FormsArgs};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::forms::{self, FORMS_DIR};
use crate::pipeline::{self, Options};
use crate::resolve::Site;
use std::path::Path;

pub(crate) fn run(args: &FormsArgs) -> u8 {
    let options = Options {
        base_url: None,
        include_drafts: false,
        skip_search_index: true,
    };
    let mut built = pipeline::run(&args.root, &options);
    let (Some(config), Some(site)) = (&built.config, &built.site) else {
        super::report(&mut built.diags, Format::Human);
        return EXIT_FAILURE;
    };
    let files: Vec<(String, String)> = forms::all(config, site)
        .into_iter()
        .map(|(_, f)| f)
        .collect();
    if files.is_empty() {
        eprintln!("no collection has an issue form: add `form: true` to a collection in hub.yaml");
        return EXIT_OK;
    }
    if let Err(message) = write_forms(&args.root, &files) {
        eprintln!("error: {message}");
        return EXIT_FAILURE;
    }
    for (path, _) in &files {
        eprintln!("wrote {path}");
    }
    EXIT_OK
}

/// Writes the forms into `.github/ISSUE_TEMPLATE/`, never through a link.
fn write_forms(root: &Path, files: &[(String, String)]) -> Result<(), String> {
    let dir = root.join(FORMS_DIR);
    for folder in [root.join(".github"), dir.clone()] {
        if folder
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
        {
            return Err(format!(
                "{} is a symbolic link; not writing through it",
                folder.display()
            ));
        }
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for (rel, text) in files {
        let path = root.join(rel);
        if path
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
        {
            return Err(format!("{rel} is a symbolic link; not writing through it"));
        }
        std::fs::write(&path, text).map_err(|e| format!("cannot write {rel}: {e}"))?;
    }
    Ok(())
}

/// A warning for each opted-in collection whose committed form is missing
/// or differs from what `clusterhub forms` would write from hub.yaml, at
/// the first line that differs. The pages a ref dropdown offers are left
/// out of the comparison: a pull request adding a city need not touch the
/// forms (`forms`, and the intake workflow, refresh those lists).
pub(crate) fn stale(root: &Path, config: &Config, site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (collection, (rel, expected)) in forms::all(config, site) {
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
