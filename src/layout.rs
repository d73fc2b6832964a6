//! LAYOUT: the shape of a hub folder. Where hub.yaml, the content, the
//! theme's templates, static files and map outline, and the site's static
//! files are, and what any path of the hub is (`Input`). `source` loads
//! the hub through it, `serve`'s watcher and engine use it to know which
//! changed paths matter and what they are, `new` to place a page. Paths are
//! relative to the hub root, with `/` separators.

/// The hub's settings and content model.
pub const CONFIG_FILE: &str = "hub.yaml";
/// Contributors' pages and the files beside them.
pub(crate) const CONTENT_DIR: &str = "content";
/// One folder per theme: `themes/<name>/{templates,static,map}`.
pub(crate) const THEMES_DIR: &str = "themes";
/// The site's own static files (they replace the theme's of the same name).
pub(crate) const STATIC_DIR: &str = "static";
/// The hub's issue forms (`clusterhub forms`), relative to the hub root
/// (the root of the repository): not inputs of the site, but `check`
/// compares them with the content model.
pub(crate) const FORMS_DIR: &str = ".github/ISSUE_TEMPLATE";
/// clusterhub's cache of processed images and social cards, relative to
/// the hub root (`init` git-ignores it): never input, never output.
pub(crate) const CACHE_DIR: &str = ".clusterhub-cache";
/// The folders that hold the hub's inputs (besides hub.yaml).
pub(crate) const INPUT_DIRS: [&str; 3] = [CONTENT_DIR, THEMES_DIR, STATIC_DIR];

/// The land outline for the map, inside a theme folder.
const OUTLINE_FILE: &str = "map/europe-land.json";

/// What a path of the hub is, for loading and for watching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Input<'a> {
    /// `hub.yaml`.
    Config,
    /// A Markdown file under `content/`: a page or an intro.
    ContentPage,
    /// Any other path under `content/` (a file published as it is, or a
    /// folder), by its path inside `content/` (empty for `content/` itself).
    ContentFile(&'a str),
    /// A path under the theme's `templates/`, by its path inside it (the
    /// template's name).
    Template(&'a str),
    /// A path under the theme's `static/`, by its path inside it.
    ThemeStatic(&'a str),
    /// A path under the site's `static/`, by its path inside it.
    SiteStatic(&'a str),
    /// The theme's map outline.
    MapOutline,
    /// Anything else under `themes/`: another theme, or the folder of the
    /// theme itself.
    Theme,
    /// A path under `.github/ISSUE_TEMPLATE/` (the committed issue forms).
    IssueForm,
    /// Not an input: a hidden file or editor backup, or a path outside
    /// hub.yaml and the input folders.
    Ignored,
}

/// Editor droppings and hidden files that are never content.
pub(crate) fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
}

/// Whether a path may be an input of some hub layout (whatever its
/// theme): hub.yaml, or a path in an input folder with no hidden or
/// ignored name on the way. What `serve` watches for.
pub(crate) fn is_input(rel: &str) -> bool {
    let rel = rel.trim_start_matches("./");
    if let Some(inside) = below(rel, FORMS_DIR) {
        return !inside.split('/').any(is_ignored_name);
    }
    !rel.split('/').any(is_ignored_name)
        && (rel == CONFIG_FILE
            || INPUT_DIRS.iter().any(|d| {
                rel.strip_prefix(d)
                    .is_some_and(|r| r.is_empty() || r.starts_with('/'))
            }))
}

/// The folders of one hub: the input folders, with its theme's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Layout {
    theme: String,
}

impl Layout {
    pub(crate) fn new(theme: &str) -> Layout {
        Layout {
            theme: theme.to_string(),
        }
    }

    /// The theme's name.
    pub(crate) fn theme(&self) -> &str {
        &self.theme
    }

    /// `themes/<theme>`.
    pub(crate) fn theme_dir(&self) -> String {
        format!("{THEMES_DIR}/{}", self.theme)
    }

    /// `themes/<theme>/templates`: template names are paths inside it.
    pub(crate) fn templates_dir(&self) -> String {
        format!("{}/templates", self.theme_dir())
    }

    /// `themes/<theme>/static`: copied to the output root.
    pub(crate) fn theme_static_dir(&self) -> String {
        format!("{}/static", self.theme_dir())
    }

    /// `themes/<theme>/map/europe-land.json`.
    pub(crate) fn outline_file(&self) -> String {
        format!("{}/{OUTLINE_FILE}", self.theme_dir())
    }

    /// What `rel` (relative to the hub root) is.
    pub(crate) fn classify<'p>(&self, rel: &'p str) -> Input<'p> {
        let rel = rel.trim_start_matches("./");
        if !is_input(rel) {
            return Input::Ignored;
        }
        if rel == CONFIG_FILE {
            return Input::Config;
        }
        if below(rel, FORMS_DIR).is_some() {
            return Input::IssueForm;
        }
        if let Some(inside) = below(rel, CONTENT_DIR) {
            return if inside.ends_with(".md") {
                Input::ContentPage
            } else {
                Input::ContentFile(inside)
            };
        }
        if let Some(inside) = below(rel, STATIC_DIR) {
            return Input::SiteStatic(inside);
        }
        if rel == self.outline_file() {
            return Input::MapOutline;
        }
        if let Some(name) = below(rel, &self.templates_dir()) {
            return Input::Template(name);
        }
        if let Some(inside) = below(rel, &self.theme_static_dir()) {
            return Input::ThemeStatic(inside);
        }
        Input::Theme
    }
}

/// The path of `rel` inside `content/`, if it is there.
pub(crate) fn in_content(rel: &str) -> Option<&str> {
    below(rel, CONTENT_DIR)
}

/// The path of `rel` inside the folder `dir` (empty for the folder itself).
fn below<'p>(rel: &'p str, dir: &str) -> Option<&'p str> {
    match rel.strip_prefix(dir)? {
        "" => Some(""),
        rest => rest.strip_prefix('/'),
    }
}

/// The hub that holds the folder `start`: the nearest of `start` and the
/// folders above it that has a hub.yaml, as git, cargo and Zola find
/// theirs. `None` when there is none up to the file system's root.
pub(crate) fn find_root(start: &std::path::Path) -> Option<std::path::PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(CONFIG_FILE).is_file())
        .map(std::path::Path::to_path_buf)
}

/// `content/<collection>`: the folder of a collection's pages.
pub(crate) fn collection_dir(collection: &str) -> String {
    format!("{CONTENT_DIR}/{collection}")
}

/// The two files a page may be: `content/<collection>/<slug>.md` (the one
/// `new` writes) and `content/<collection>/<slug>/index.md`.
pub(crate) fn page_files(collection: &str, slug: &str) -> [String; 2] {
    let dir = collection_dir(collection);
    [format!("{dir}/{slug}.md"), format!("{dir}/{slug}/index.md")]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_hub_path_is_classified() {
        let layout = Layout::new("cluster");
        let cases = [
            ("hub.yaml", Input::Config),
            ("./hub.yaml", Input::Config),
            ("content/methods/five-up.md", Input::ContentPage),
            ("content/_index.md", Input::ContentPage),
            (
                "content/cities/map.png",
                Input::ContentFile("cities/map.png"),
            ),
            ("content", Input::ContentFile("")),
            (
                "themes/cluster/templates/list/methods.html",
                Input::Template("list/methods.html"),
            ),
            (
                "themes/cluster/static/style.css",
                Input::ThemeStatic("style.css"),
            ),
            ("static/logo.png", Input::SiteStatic("logo.png")),
            ("themes/cluster/map/europe-land.json", Input::MapOutline),
            ("themes/other/templates/page.html", Input::Theme),
            ("themes/cluster", Input::Theme),
            ("content/.page.md.swp", Input::Ignored),
            ("content/methods/x.md~", Input::Ignored),
            (".git/HEAD", Input::Ignored),
            ("public/index.html", Input::Ignored),
            ("contentx/a.md", Input::Ignored),
        ];
        for (path, want) in cases {
            assert_eq!(layout.classify(path), want, "{path}");
        }
    }
}
