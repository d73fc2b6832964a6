//! The `clusterhub` binary: parses the command line and hands over to the
//! library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    clusterhub::main_with_args(clusterhub::cli::Cli::parse())
}

// Rendering and search indexing allocate many small strings across
// threads; mimalloc handles that markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
