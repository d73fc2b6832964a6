//! The `clusterhub` binary: parses the command line and hands over to the
//! library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    clusterhub::main_with_args(clusterhub::cli::Cli::parse())
}
