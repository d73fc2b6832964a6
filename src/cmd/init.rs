//! `clusterhub init` (a new hub from the starter hub embedded in the
//! binary), `clusterhub theme eject` (the built-in theme written out into
//! the hub's `themes/`) and `clusterhub completions`. These write only the
//! files they name, and never replace a file that exists.

use super::{EXIT_FAILURE, EXIT_OK};
use crate::cli::{CompletionsArgs, EjectArgs, InitArgs};
use crate::layout::{CONFIG_FILE, Layout};
use include_dir::{Dir, include_dir};
use std::path::Path;

/// The starter hub: hub.yaml, a few pages, CONTRIBUTING.md, workflow files
/// for its repository and VS Code tasks. `__TITLE__` is replaced by the
/// title (as a YAML string), `__VERSION__` by this clusterhub's version.
static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/starter");

pub(crate) fn run(args: &InitArgs) -> u8 {
    let dir = &args.dir;
    if dir.join(CONFIG_FILE).exists() {
        eprintln!(
            "error: {} already has a {CONFIG_FILE}: init starts a new hub, it does not change one",
            dir.display()
        );
        return EXIT_FAILURE;
    }
    let title = serde_json::to_string(&args.title).unwrap_or_else(|_| "\"Hub\"".to_string());
    let files = starter_files(&title);
    let (mut written, mut kept) = (0, Vec::new());
    for (rel, text) in &files {
        match write_new(dir, rel, text.as_bytes()) {
            Ok(true) => written += 1,
            Ok(false) => kept.push(rel.as_str()),
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", dir.join(rel).display());
                return EXIT_FAILURE;
            }
        }
    }
    for rel in &kept {
        eprintln!("kept {rel}, which was already there");
    }
    let shown = dir.display();
    eprintln!(
        "wrote a new hub with {written} files into {shown}. Next:\n  \
         cd {shown}\n  \
         clusterhub serve                       preview the site at http://127.0.0.1:1111/\n  \
         clusterhub new case-studies \"Title\"    add a page\n  \
         clusterhub check                       list every problem\n\
         Edit hub.yaml to declare your own collections and fields."
    );
    EXIT_OK
}

/// The starter hub's files (path, text), with the title and version in.
pub(crate) fn starter_files(title_yaml: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (path, bytes) in crate::theme::all_files(&STARTER) {
        let text = String::from_utf8_lossy(bytes)
            .replace("__TITLE__", title_yaml)
            .replace("__VERSION__", env!("CARGO_PKG_VERSION"));
        out.push((path, text));
    }
    out
}

/// Writes `bytes` to `dir/rel`, making folders; `Ok(false)` (and nothing
/// written) when the file exists.
fn write_new(dir: &Path, rel: &str, bytes: &[u8]) -> std::io::Result<bool> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(mut f) => std::io::Write::write_all(&mut f, bytes).map(|()| true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e),
    }
}

/// `clusterhub theme eject`: writes the built-in theme hub.yaml names into
/// `themes/<name>/`, which from then on is the theme the hub uses.
pub(crate) fn eject(args: &EjectArgs) -> u8 {
    let root = args.root();
    let mut diags = Vec::new();
    let Some(config) = crate::pipeline::load_config(root, &mut diags) else {
        super::report(&mut diags, crate::cli::Format::Human);
        return EXIT_FAILURE;
    };
    let layout = Layout::new(&config.theme);
    let Some(theme) = crate::theme::builtin(&config.theme) else {
        eprintln!(
            "error: `{}` is not the theme built into clusterhub (that is `{}`), so there is nothing to copy",
            config.theme,
            crate::theme::BUILTIN_NAME
        );
        return EXIT_FAILURE;
    };
    let to = root.join(layout.theme_dir());
    if to.exists() {
        eprintln!(
            "error: {} already exists; the hub uses it instead of the built-in theme. Move it away to eject again",
            layout.theme_dir()
        );
        return EXIT_FAILURE;
    }
    for (rel, bytes) in crate::theme::files(theme, "") {
        if let Err(e) = write_new(&to, &rel, bytes) {
            eprintln!("error: cannot write {}: {e}", to.join(&rel).display());
            return EXIT_FAILURE;
        }
    }
    eprintln!(
        "copied the built-in theme to {}/: the hub now uses these files, edit them there",
        layout.theme_dir()
    );
    EXIT_OK
}

/// `clusterhub completions <shell>`: the completion script, on stdout.
pub(crate) fn completions(args: &CompletionsArgs) -> u8 {
    let mut command = <crate::cli::Cli as clap::CommandFactory>::command();
    clap_complete::generate(
        args.shell,
        &mut command,
        "clusterhub",
        &mut std::io::stdout(),
    );
    EXIT_OK
}
