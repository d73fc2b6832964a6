//! Reading a file of the hub again after it was listed, inside the
//! sandbox (refused if a link now leads outside the hub or into a hidden
//! file): for quoted lines, `serve`'s edits, `new` and the generated issue
//! forms.

use crate::diag::{Diagnostic, LineCursor};
use crate::layout::is_ignored_name;
use std::path::{Path, PathBuf};

/// Reads the file at `rel` (relative to the hub root) after a file was
/// listed: refused (`PermissionDenied`) if it now resolves outside the hub
/// or into a hidden file. For re-reads (quoted lines, `serve`'s edits).
pub(crate) fn read(root: &Path, rel: &str) -> std::io::Result<Vec<u8>> {
    let real = resolve_inside(root, rel)?;
    std::fs::read(real)
}

/// The canonical path of the existing file or folder `rel` (relative to
/// the hub root), if it lies inside the hub and not in a hidden file or
/// folder. `new` checks the folder it writes into with it.
pub(crate) fn resolve_inside(root: &Path, rel: &str) -> std::io::Result<PathBuf> {
    let hub = root.canonicalize()?;
    let real = root.join(rel).canonicalize()?;
    match real.strip_prefix(&hub) {
        Ok(inside)
            if !inside
                .iter()
                .any(|c| c.to_str().is_none_or(is_ignored_name)) =>
        {
            Ok(real)
        }
        _ => Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "it is a symbolic link that leads outside the hub's files",
        )),
    }
}

/// Reads a file clusterhub generates into the hub's repository folders
/// (`.github/ISSUE_TEMPLATE/<collection>.yml`), to compare it with what it
/// would generate: hidden folders are allowed here, links leading out of
/// the hub are not.
pub(crate) fn read_generated(root: &Path, rel: &str) -> std::io::Result<Vec<u8>> {
    let hub = root.canonicalize()?;
    let real = root.join(rel).canonicalize()?;
    if !real.starts_with(&hub) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "it is a symbolic link that leads outside the hub's files",
        ));
    }
    std::fs::read(real)
}

/// Reads a file `walk` listed (its canonical path), refused if a link has
/// appeared on its path since: `serve` reads assets long after listing them.
pub(crate) fn read_listed(path: &Path) -> std::io::Result<Vec<u8>> {
    still_listed(path)?;
    std::fs::read(path)
}

/// The size and modification time of a file `walk` listed (the image
/// step reads no image whose stamp is as it was).
pub(crate) fn stamp(path: &Path) -> std::io::Result<(u64, std::time::SystemTime)> {
    let meta = std::fs::metadata(path)?;
    Ok((meta.len(), meta.modified()?))
}

/// Whether the file `walk` listed (its canonical path) is still there with
/// no link on its path (`PermissionDenied` if one has appeared).
pub(crate) fn still_listed(path: &Path) -> std::io::Result<()> {
    if path.canonicalize()? != path {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "a symbolic link replaced this file after it was listed",
        ));
    }
    Ok(())
}

/// Adds the quoted source line to diagnostics made without the file's text
/// at hand (body links are checked after the bodies are freed, see
/// `diag::Spot`): each such file is read once.
pub(crate) fn quote_lines(root: &Path, diags: &mut [Diagnostic]) {
    // In file, line and column order: each file is read once and each line
    // walked once for all the diagnostics on it, however many there are.
    let mut order: Vec<usize> = (0..diags.len())
        .filter(|&i| diags[i].source_line.is_none() && diags[i].line > 0)
        .collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&diags[a], &diags[b]);
        (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column))
    });
    let files: Vec<String> = order.iter().map(|&i| diags[i].file.clone()).collect();
    let mut at = 0;
    while at < order.len() {
        let len = files[at..].iter().take_while(|f| **f == files[at]).count();
        let group = &order[at..at + len];
        at += len;
        let Ok(bytes) = read(root, &diags[group[0]].file) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let mut lines = text.lines();
        let Some(first) = lines.next() else { continue };
        let (mut line_no, mut line) = (1, first);
        let mut cursor = LineCursor::new(line);
        for &i in group {
            while line_no < diags[i].line {
                let Some(next) = lines.next() else { break };
                (line_no, line) = (line_no + 1, next);
                cursor = LineCursor::new(line);
            }
            if line_no == diags[i].line {
                diags[i].quote_from(&mut cursor);
            }
        }
    }
}
