//! clusterhub: a static site generator for knowledge hubs. The pipeline is
//! load (`source`) → parse (`parse`, `markdown`) → resolve (`resolve`) →
//! render (`render`, `feeds`) → write (`write`), run by `pipeline`.

pub mod cli;
pub mod cmd;
pub mod config;
pub mod deps;
pub mod diag;
pub mod exports;
pub mod feeds;
mod layout;
pub mod live;
pub mod map;
pub mod markdown;
mod model;
pub mod output;
pub mod parse;
pub mod pipeline;
pub mod related;
pub mod render;
pub mod resolve;
mod routes;
pub mod sanitize;
pub mod search;
pub mod source;
pub mod text;
pub mod write;
mod yaml;

use std::process::ExitCode;

/// Runs the command line and returns the process exit code.
pub fn main_with_args(cli: cli::Cli) -> ExitCode {
    let code = match &cli.command {
        cli::Command::Build(args) => cmd::build::run(args),
        cli::Command::Check(args) => cmd::check::run(args),
        cli::Command::New(args) => cmd::new::run(args),
        cli::Command::Schema(args) => cmd::schema::run(args),
        cli::Command::Serve(args) => cmd::serve::run(args),
    };
    ExitCode::from(code)
}
