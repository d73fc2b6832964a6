//! clusterhub: a static site generator for knowledge hubs. The pipeline is
//! load (`source`) → parse (`parse`, `markdown`) → resolve (`resolve`) →
//! render (`render`, `feeds`) → write (`write`), run by `pipeline`.

// The library's API is what the binary, the tests, the examples and the
// benchmarks use: the command line and its commands, `pipeline::run`,
// `live::Engine`, hub.yaml's `config` and the `Diagnostic` type. Every other
// module is the crate's own.
mod cache;
mod cards;
pub mod cli;
mod clock;
pub mod cmd;
pub mod config;
mod deps;
pub mod diag;
mod exports;
mod feeds;
mod forms;
mod i18n;
mod images;
mod layout;
pub mod live;
mod map;
mod markdown;
mod model;
mod output;
mod parse;
pub mod pipeline;
mod related;
mod render;
mod resolve;
mod routes;
mod sanitize;
mod search;
mod session;
mod source;
mod strings;
mod text;
mod theme;
mod write;
mod yaml;

pub use output::{Asset, AssetFrom, Output, Packed};

use std::process::ExitCode;

/// Runs the command line and returns the process exit code.
pub fn main_with_args(mut cli: cli::Cli) -> ExitCode {
    cmd::set_color(cli.color);
    if let Err(code) = find_hub(&mut cli.command) {
        return ExitCode::from(code);
    }
    let code = match &cli.command {
        cli::Command::Build(args) => cmd::build::run(args),
        cli::Command::Check(args) => cmd::check::run(args),
        cli::Command::New(args) => match &args.translate {
            Some(t) => cmd::translate::run(args.root(), t.first(), t.get(1)),
            None => cmd::new::run(args),
        },
        cli::Command::Schema(args) => cmd::schema::run(args),
        cli::Command::Serve(args) => cmd::serve::run(args),
        cli::Command::Forms(args) => cmd::forms::run(args),
        cli::Command::Intake(args) => cmd::intake::run(args),
        cli::Command::Init(args) => cmd::init::run(args),
        cli::Command::Theme(cli::ThemeCommand::Eject(args)) => cmd::init::eject(args),
        cli::Command::Completions(args) => cmd::init::completions(args),
    };
    ExitCode::from(code)
}

/// Sets the hub folder of a command that works on a hub and was given no
/// `--root`: the nearest folder with a hub.yaml, from the current one
/// upward. Outside any hub that is a usage error (exit code 2).
fn find_hub(command: &mut cli::Command) -> Result<(), u8> {
    let root = match command {
        cli::Command::Build(a) => &mut a.root,
        cli::Command::Check(a) => &mut a.root,
        cli::Command::New(a) => &mut a.root,
        cli::Command::Schema(a) => &mut a.root,
        cli::Command::Serve(a) => &mut a.root,
        cli::Command::Theme(cli::ThemeCommand::Eject(a)) => &mut a.root,
        cli::Command::Forms(a) => &mut a.root,
        cli::Command::Intake(a) => &mut a.root,
        cli::Command::Init(_) | cli::Command::Completions(_) => return Ok(()),
    };
    if root.is_some() {
        return Ok(());
    }
    let here = std::env::current_dir().map_err(|e| {
        eprintln!("error: cannot read the current folder: {e}");
        cmd::EXIT_FAILURE
    })?;
    match layout::find_root(&here) {
        Some(found) => {
            *root = Some(found);
            Ok(())
        }
        None => {
            eprintln!(
                "error: no hub here: neither this folder nor any folder above it has a {}\n  \
                 hint: run `clusterhub init` to start a hub in this folder, or pass --root DIR",
                layout::CONFIG_FILE
            );
            Err(cmd::EXIT_FAILURE)
        }
    }
}
