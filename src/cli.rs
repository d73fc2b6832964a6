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
    /// When to colour messages: auto (on a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into an output folder (public/ by default).
    Build(BuildArgs),
    /// Check every page, link and template without writing anything; lists every problem.
    Check(CheckArgs),
    /// Create a new page with every field of its collection, ready to fill in.
    New(NewArgs),
    /// Write a JSON Schema per collection, for editors that check front matter as you type.
    Schema(SchemaArgs),
    /// Build the site, serve it on this computer and rebuild on every save.
    Serve(ServeArgs),
    /// Start a new hub in DIR (the current folder by default): hub.yaml, a few pages, and files for its repository.
    Init(InitArgs),
    /// Work with the theme built into clusterhub.
    #[command(subcommand)]
    Theme(ThemeCommand),
    /// Print a completion script for your shell, e.g. `clusterhub completions bash > ~/.local/share/bash-completion/completions/clusterhub`.
    Completions(CompletionsArgs),
    /// Write a GitHub issue form per collection that opts in (hub.yaml `form:`), into .github/ISSUE_TEMPLATE/.
    Forms(FormsArgs),
    /// Turn an issue written with a form into a page, checked as `check` checks it; nothing is written when it has problems.
    Intake(IntakeArgs),
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder of the new hub; created if it does not exist, and must hold no hub.yaml yet.
    #[arg(default_value = ".", value_name = "DIR")]
    pub dir: PathBuf,
    /// The site title written into hub.yaml.
    #[arg(long, default_value = "My knowledge hub")]
    pub title: String,
}

#[derive(Debug, Subcommand)]
pub enum ThemeCommand {
    /// Copy the built-in theme into themes/<name>/ of the hub, to change it there.
    Eject(EjectArgs),
}

#[derive(Debug, clap::Args)]
pub struct EjectArgs {
    /// The hub folder, the one that contains hub.yaml [default: the nearest folder with a hub.yaml, from here upward].
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to write completions for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct FormsArgs {
    /// The hub folder, the one that contains hub.yaml (and .github/) [default: the nearest folder with a hub.yaml, from here upward].
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct IntakeArgs {
    /// The file holding the issue's body, as GitHub wrote it from the form.
    #[arg(long, value_name = "FILE")]
    pub issue_body: PathBuf,
    /// The issue's number, named in the messages.
    #[arg(long, value_name = "N")]
    pub issue_number: Option<u64>,
    /// The collection of the form; by default the one whose form the issue's headings match.
    #[arg(long, value_name = "NAME")]
    pub collection: Option<String>,
    /// The hub folder, the one that contains hub.yaml [default: the nearest folder with a hub.yaml, from here upward].
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// The date of the page when the issue gives none (YYYY-MM-DD; default: today).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// How to print the outcome: text, or github-comment (Markdown to post on the issue).
    #[arg(long, value_enum, default_value_t = IntakeFormat::Text)]
    pub format: IntakeFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IntakeFormat {
    /// Plain text on stderr.
    Text,
    /// A Markdown comment for the issue, on stdout.
    GithubComment,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The hub folder, the one that contains hub.yaml [default: the nearest folder with a hub.yaml, from here upward].
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// How to print problems: human (default), github (pull-request annotations) or json.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Also check pages marked `draft: true` as if they were published.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The collection of the new page, e.g. case-studies.
    #[arg(required_unless_present = "translate")]
    pub collection: Option<String>,
    /// The page title; the file name is made from it.
    #[arg(required_unless_present = "translate")]
    pub title: Option<String>,
    /// Write a translation of an existing page instead, beside it: --translate case-studies/milan-schools it
    #[arg(long, num_args = 2, value_names = ["PAGE", "LANG"], conflicts_with_all = ["collection", "title", "set"])]
    pub translate: Option<Vec<String>>,
    /// The hub folder, the one that contains hub.yaml [default: the nearest folder with a hub.yaml, from here upward].
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Fill a field: --set city=belfast --set projects=up2030,re-value
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    pub set: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// The hub folder, the one that contains hub.yaml [default: the nearest folder with a hub.yaml, from here upward].
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Folder to write <collection>.schema.json files into.
    #[arg(long, short, default_value = "schemas", value_name = "DIR")]
    pub output: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The hub folder, the one that contains hub.yaml [default: the nearest folder with a hub.yaml, from here upward].
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Address to listen on. Keep 127.0.0.1 unless others must reach your preview.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: String,
    /// Port to listen on [default: 1111, or the next free one]. A port given here that is in use is an error.
    #[arg(long, short = 'p')]
    pub port: Option<u16>,
    /// The address the pages link to, instead of this computer's (e.g. to preview a site served under a sub-path).
    #[arg(long, short = 'b', value_name = "URL")]
    pub base_url: Option<String>,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// After each rebuild, print the time each stage took.
    #[arg(long)]
    pub timings: bool,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The hub folder, the one that contains hub.yaml [default: the nearest folder with a hub.yaml, from here upward].
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Where to write the site. Relative paths are inside the hub folder.
    #[arg(long, short, default_value = "public", value_name = "DIR")]
    pub output: PathBuf,
    /// Override base_url from hub.yaml (e.g. for a preview deployment).
    #[arg(long, short = 'b', value_name = "URL")]
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

/// The hub folder of a command: `--root`, or the one found upward from
/// the current folder (set by `crate::main_with_args` before the command runs).
macro_rules! hub_root {
    ($($args:ty),*) => {$(
        impl $args {
            /// The hub folder (`.` until it is found).
            pub fn root(&self) -> &std::path::Path {
                self.root.as_deref().unwrap_or(std::path::Path::new("."))
            }
        }
    )*};
}
hub_root!(
    BuildArgs, CheckArgs, NewArgs, SchemaArgs, ServeArgs, EjectArgs, FormsArgs, IntakeArgs
);

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
