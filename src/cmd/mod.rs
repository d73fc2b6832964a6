//! Command glue: each subcommand wires the pipeline to the terminal. The
//! only place that prints diagnostics.

pub mod build;
pub(crate) mod check;
pub(crate) mod forms;
pub(crate) mod intake;
pub(crate) mod new;
pub(crate) mod schema;
pub mod serve;

use crate::cli::Format;
use crate::diag::{self, Diagnostic};
use std::io::{IsTerminal, Write};

/// Exit codes: 0 fine, 1 content or template errors, 2 usage or I/O.
pub(crate) const EXIT_OK: u8 = 0;
pub(crate) const EXIT_ERRORS: u8 = 1;
pub(crate) const EXIT_FAILURE: u8 = 2;

/// Prints diagnostics (sorted, at most `diag::MAX_PER_FILE` per file) in
/// the chosen format: human text to stderr, machine formats to stdout.
/// Returns the summary line of all of them (`3 errors, 1 warning in 2 files`).
pub(crate) fn report(diags: &mut Vec<Diagnostic>, format: Format) -> String {
    diag::sort(diags);
    let summary = diag::summary_line(diags);
    diag::limit_per_file(diags);
    match format {
        Format::Human => {
            // Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
            let color = std::io::stderr().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            let mut err = std::io::stderr().lock();
            for d in diags.iter() {
                let _ = writeln!(err, "{}", diag::render_human(d, color));
            }
        }
        Format::Github => {
            let mut out = std::io::stdout().lock();
            for d in diags.iter() {
                let _ = out.write_all(diag::render_github(d).as_bytes());
            }
        }
        Format::Json => {
            let _ = std::io::stdout()
                .lock()
                .write_all(diag::render_json(diags).as_bytes());
        }
    }
    summary
}
