//! clusterhub: a static site generator for knowledge hubs. The pipeline is
//! load (`source`) → parse (`parse`, `markdown`) → resolve (`resolve`) →
//! render (`render`, `feeds`) → write (`write`), run by `pipeline`.

// The library's API is what the binary, the tests, the examples and the
// benchmarks use: the command line and its commands, `pipeline::run`,
// `live::Engine`, hub.yaml's `config` and the `Diagnostic` type. Every other
// module is the crate's own.
pub mod cli;
pub mod cmd;
pub mod config;
mod deps;
pub mod diag;
mod exports;
mod feeds;
mod forms;
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
mod source;
mod text;
mod write;
mod yaml;

pub use output::{Asset, Output};

use std::process::ExitCode;

/// Runs the command line and returns the process exit code.
pub fn main_with_args(cli: cli::Cli) -> ExitCode {
    let code = match &cli.command {
        cli::Command::Build(args) => cmd::build::run(args),
        cli::Command::Check(args) => cmd::check::run(args),
        cli::Command::New(args) => cmd::new::run(args),
        cli::Command::Schema(args) => cmd::schema::run(args),
        cli::Command::Serve(args) => cmd::serve::run(args),
        cli::Command::Forms(args) => cmd::forms::run(args),
        cli::Command::Intake(args) => cmd::intake::run(args),
    };
    ExitCode::from(code)
}
