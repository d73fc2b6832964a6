//! `clusterhub forms`: writes `.github/ISSUE_TEMPLATE/<collection>.yml`
//! for each collection whose hub.yaml entry says `form:` (the only files
//! it writes); the check that the committed forms are what it would write
//! is `forms::stale`, a step of the session.

use super::{EXIT_FAILURE, EXIT_OK};
use crate::cli::{Format, FormsArgs};
use crate::forms::{self, FORMS_DIR};
use crate::pipeline::{self, Options};
use std::path::Path;

pub(crate) fn run(args: &FormsArgs) -> u8 {
    let options = Options {
        base_url: None,
        include_drafts: false,
        skip_search_index: true,
    };
    let mut built = pipeline::run(args.root(), &options);
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
    if let Err(message) = write_forms(args.root(), &files) {
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
