//! `clusterhub check`: everything `build` validates (front matter, refs,
//! links, files, templates rendered in memory), without writing anything.

use super::{EXIT_ERRORS, EXIT_FAILURE, EXIT_OK, report};
use crate::cli::{CheckArgs, Format};
use crate::pipeline::{self, Options};

pub(crate) fn run(args: &CheckArgs) -> u8 {
    let options = Options {
        base_url: None,
        include_drafts: args.drafts,
        skip_search_index: true,
    };
    let mut built = pipeline::run(args.root(), &options);
    if args.format == crate::cli::Format::Github {
        super::github::repository_paths(args.root(), &mut built.diags);
    }
    let no_config = built.diags.iter().any(|d| d.code == "no-config");
    let summary = report(&mut built.diags, args.format);
    if args.format == Format::Human {
        let pages = built.site.as_ref().map_or(0, |s| s.pages.len());
        if built.diags.is_empty() {
            eprintln!("checked {pages} pages: no problems");
        } else {
            eprintln!("checked {pages} pages: {summary}");
        }
    }
    if no_config {
        EXIT_FAILURE
    } else if built.has_errors() {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}
