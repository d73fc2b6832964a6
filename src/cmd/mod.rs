//! Command glue: each subcommand wires the pipeline to the terminal. The
//! only place that prints diagnostics.

pub mod build;
pub(crate) mod check;
pub(crate) mod forms;
pub(crate) mod github;
pub(crate) mod init;
pub(crate) mod intake;
pub(crate) mod new;
pub(crate) mod schema;
pub mod serve;
pub(crate) mod translate;

use crate::cli::{ColorChoice, Format};
use crate::diag::{self, Diagnostic};
use std::io::{IsTerminal, Write};
use std::sync::OnceLock;

/// `--color`, set once before the command runs.
static COLOR: OnceLock<ColorChoice> = OnceLock::new();

/// Records `--color` for `report`.
pub(crate) fn set_color(choice: ColorChoice) {
    let _ = COLOR.set(choice);
}

/// Whether messages to stderr are coloured: `--color always|never`, else
/// never when NO_COLOR is set (no-color.org), always when CLICOLOR_FORCE is
/// set (and not `0`), and on a terminal otherwise.
fn stderr_color() -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    match COLOR.get().copied().unwrap_or(ColorChoice::Auto) {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR") => false,
        ColorChoice::Auto if set("CLICOLOR_FORCE") => {
            std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| v != "0")
        }
        ColorChoice::Auto => std::io::stderr().is_terminal(),
    }
}

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
            let color = stderr_color();
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
            github::append_summary(diags, &summary);
        }
        Format::Json => {
            let _ = std::io::stdout()
                .lock()
                .write_all(diag::render_json(diags).as_bytes());
        }
    }
    summary
}
