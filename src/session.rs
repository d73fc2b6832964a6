//! The steps every command runs over one hub, in order: the configuration
//! (with `--base-url` applied), resolving the parsed pages into a site and
//! the checks made over the whole site, preparing what every render shares,
//! and loading the theme's templates. `pipeline` (build, check) runs them
//! once with everything dirty; `live` (serve) runs the same steps again for
//! what an edit touched. Neither has a second way to do any of them, so
//! `serve` reports what `check` reports.

use crate::config::{self, Config};
use crate::diag::Diagnostic;
use crate::layout::{self, Layout};
use crate::output::Asset;
use crate::parse::{self, Doc};
use crate::render::{self, LookupRecorder, Prepared, Templates};
use crate::resolve::{self, ResolveOptions, Site};
use crate::source::{self, Template};
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub base_url: Option<String>,
    pub include_drafts: bool,
    /// Leave out the search index (`serve` builds it lazily with
    /// `search::index`).
    pub skip_search_index: bool,
}

/// CONFIG: reads and checks hub.yaml, with the command's base URL applied;
/// `None` when the file is missing or unusable.
pub(crate) fn config(
    root: &Path,
    options: &Options,
    diags: &mut Vec<Diagnostic>,
) -> Option<Config> {
    let bytes = match source::read(root, config::CONFIG_FILE) {
        Ok(bytes) => bytes,
        Err(e) => {
            let path = root.join(config::CONFIG_FILE);
            diags.push(Diagnostic::error("no-config", config::CONFIG_FILE, format!("cannot read {}: {e}", path.display()))
                .hint("run clusterhub in the hub's folder, or pass --root DIR (the folder that holds hub.yaml)"));
            return None;
        }
    };
    let text = parse::decode(config::CONFIG_FILE, &bytes)
        .map_err(|d| diags.push(d))
        .ok()?;
    let config = config::parse(&text, diags)?;
    Some(match &options.base_url {
        Some(url) => config.with_base_url(url),
        None => config,
    })
}

/// RESOLVE: the parsed pages into a site (`unparsed`: pages that exist but
/// did not parse; `content_assets`: files of `content/` published as they
/// are, which body links may name), then the checks over the whole site.
pub(crate) fn resolve(
    config: &Config,
    docs: Vec<Doc>,
    content_assets: &[Asset],
    unparsed: &HashSet<String>,
    options: &Options,
    diags: &mut Vec<Diagnostic>,
) -> Site {
    let known_files: HashSet<String> = content_assets
        .iter()
        .filter(|a| layout::in_content(&a.path).is_some())
        .map(|a| a.to.clone())
        .collect();
    let resolve_options = ResolveOptions {
        include_drafts: options.include_drafts,
    };
    let site = resolve::resolve(
        config,
        docs,
        &known_files,
        unparsed,
        &resolve_options,
        diags,
    );
    crate::map::check(config, &site, diags);
    site
}

/// PREPARE: what every render shares, over the theme's map outline.
pub(crate) fn prepare(
    config: &Config,
    site: &Site,
    outline: Option<&(String, String)>,
    diags: &mut Vec<Diagnostic>,
) -> Prepared {
    let outline = outline.map(|(p, t)| (p.as_str(), t.as_str()));
    render::prepare(config, site, outline, diags)
}

/// TEMPLATES: the theme's templates parsed, with the template functions
/// over `prepared` (`recorder`: told of every page they read). `None` when
/// the theme is missing (already reported when loading) or has errors.
pub(crate) fn templates(
    root: &Path,
    config: &Config,
    templates: &[Template],
    prepared: &Prepared,
    recorder: Option<Arc<dyn LookupRecorder>>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Templates> {
    let layout = Layout::new(&config.theme);
    if templates.is_empty() && !root.join(layout.theme_dir()).is_dir() {
        return None;
    }
    render::load_templates(
        templates,
        &layout.templates_dir(),
        prepared,
        recorder,
        diags,
    )
}
