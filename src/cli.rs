//! Command-line interface: every command and flag, with help a newcomer
//! understands. Parsing only; the work happens in `cmd`.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "clusterhub",
    version,
    about = "Build a cross-linked knowledge hub (case studies, methods, news) from Markdown files.",
    long_about = "clusterhub turns a folder of Markdown files with YAML front matter into a static website.\n\
The folder holds hub.yaml (site settings and the content model), content/ (the pages) and themes/.\n\n\
Typical use:\n  clusterhub build            write the site to public/\n  clusterhub check            list every problem in the content, without writing anything"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into an output folder (public/ by default).
    Build(BuildArgs),
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The hub folder, the one that contains hub.yaml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Where to write the site. Relative paths are inside the hub folder.
    #[arg(long, short, default_value = "public", value_name = "DIR")]
    pub output: PathBuf,
    /// Override base_url from hub.yaml (e.g. for a preview deployment).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Print the time spent in each stage.
    #[arg(long)]
    pub timings: bool,
    /// How to print problems.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable text with the source line and a caret.
    Human,
    /// GitHub Actions annotations (::error file=...,line=...::message).
    Github,
    /// One JSON array of problems.
    Json,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
