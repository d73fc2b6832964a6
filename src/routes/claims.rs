//! Output paths: what a safe output path is, and the check, before a file
//! is written, that no two sources claim one output path (a content file, a
//! static file, a generated page or file).

use super::GENERATED_ONLY;
use crate::diag::Diagnostic;
use crate::output::Asset;
use std::collections::HashMap;
use std::path::{Component, Path};

/// A relative path of plain names joined by `/`: not empty, not absolute,
/// no `.` or `..`, no empty name, no backslash or NUL, no drive prefix.
/// Joined to a folder, it always stays inside that folder.
pub(crate) fn is_safe(path: &str) -> bool {
    !path.is_empty()
        && !path.contains(['\\', '\0'])
        && path
            .split('/')
            .all(|name| !name.is_empty() && name != "." && name != "..")
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Who claims an output path.
#[derive(Clone, Copy)]
enum Claim<'a> {
    /// A page or file clusterhub makes, from this source (a content file or
    /// hub.yaml).
    Generated(&'a str),
    /// A file of `content/` published as it is (its hub-relative path).
    Content(&'a str),
    /// A file of the site's or the theme's `static/` folder.
    Static(&'a str),
}

/// Every output path planned so far and who claims it. `build` checks the
/// pages before rendering them (they are written as they are rendered)
/// and the other generated files before they are written.
pub(crate) struct Planned<'a> {
    claims: HashMap<&'a str, Claim<'a>>,
}

impl<'a> Planned<'a> {
    /// Starts with the files copied as they are: content files (each must
    /// stay out of the generated-only folders) and static files. `more`:
    /// how many generated paths are expected.
    pub(crate) fn new(assets: &'a [Asset], more: usize, diags: &mut Vec<Diagnostic>) -> Self {
        let mut planned = Planned {
            claims: HashMap::with_capacity(assets.len() + more),
        };
        for a in assets {
            let claim = if crate::layout::in_content(&a.path).is_some() {
                Claim::Content(&a.path)
            } else {
                Claim::Static(&a.path)
            };
            if let Some(folder) = GENERATED_ONLY
                .iter()
                .find(|f| a.to.strip_prefix(**f).is_some_and(|r| r.starts_with('/')))
            {
                diags.push(
                    Diagnostic::error(
                        "output-clash",
                        &a.path,
                        format!(
                            "this file would be published in {folder}/, a folder clusterhub fills itself"
                        ),
                    )
                    .hint("move the file to another folder"),
                );
                continue;
            }
            planned.claim(&a.to, claim, diags);
        }
        planned
    }

    /// Claims `path` for a generated file made from `source`. Returns
    /// false, after reporting it, if the path is unsafe or taken.
    pub(crate) fn generated(
        &mut self,
        path: &'a str,
        source: &'a str,
        diags: &mut Vec<Diagnostic>,
    ) -> bool {
        if !is_safe(path) {
            diags.push(Diagnostic::error(
                "output-path",
                source,
                format!("clusterhub would write `{path}`, which is not a safe path inside the output folder"),
            ));
            return false;
        }
        self.claim(path, Claim::Generated(source), diags)
    }

    fn claim(&mut self, path: &'a str, claim: Claim<'a>, diags: &mut Vec<Diagnostic>) -> bool {
        let Some(&first) = self.claims.get(path) else {
            self.claims.insert(path, claim);
            return true;
        };
        diags.push(clash(path, first, claim));
        false
    }
}

/// The error for two claims on one output path, at the file to change:
/// the content file, else the static file, else the later generated one.
fn clash(path: &str, first: Claim<'_>, second: Claim<'_>) -> Diagnostic {
    use Claim::{Content, Generated, Static};
    let (at, message, hint) = match (first, second) {
        (Content(c), Static(s)) | (Static(s), Content(c)) => (
            c,
            format!("this file and {s} would both be published as `{path}`"),
            "rename or move this file",
        ),
        (Content(f), Generated(g)) | (Generated(g), Content(f)) => (
            f,
            format!(
                "this file would be published as `{path}`, which clusterhub generates (from {g})"
            ),
            "rename or move this file",
        ),
        (Static(f), Generated(g)) | (Generated(g), Static(f)) => (
            f,
            format!(
                "this file would be published as `{path}`, which clusterhub generates (from {g})"
            ),
            "rename or remove this file",
        ),
        (Generated(a), Generated(b)) => (
            b,
            format!("clusterhub would write `{path}` twice: for {a} and for {b}"),
            "rename one of the two",
        ),
        (Content(a), Content(b)) | (Static(a), Static(b)) => (
            b,
            format!("this file and {a} would both be published as `{path}`"),
            "rename one of the two",
        ),
    };
    Diagnostic::error("output-clash", at, message).hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_paths_stay_inside() {
        for ok in [
            "index.html",
            "a/b/index.html",
            "pagefind/x.pf_meta",
            "a..b/c",
        ] {
            assert!(is_safe(ok), "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a/./b",
            "a//b",
            "a/",
            "a\\..\\b",
            "a\0b",
            "..",
            ".",
        ] {
            assert!(!is_safe(bad), "{bad:?}");
        }
    }
}
