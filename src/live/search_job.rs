//! The search index in `serve`: the work of updating each language's
//! index over the published site (`SearchJob`), made by the engine once
//! edits settle and run on a thread of its own, which publishes the index
//! files that changed into the served site.

use super::{Bytes, Engine, SharedSite};
use crate::diag::Diagnostic;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Building the search index of a published site (see `Engine::search_job`).
pub(crate) struct SearchJob {
    /// One index per language, the default first.
    languages: Vec<LanguageIndex>,
    /// Each language's last `pagefind-entry.json`, merged into the one the
    /// bundle publishes when the hub has several languages.
    entries: Arc<Mutex<Vec<Vec<u8>>>>,
    site: SharedSite,
}

/// A language's item pages by published path: rank and hidden filters
/// (`search::Collector::item_pages`).
type ItemPages = HashMap<String, (usize, String)>;

/// One language's index in a `SearchJob`.
struct LanguageIndex {
    /// The engine's index, kept between jobs (`search::Index`).
    index: crate::search::SharedIndex,
    language: String,
    /// The item pages of the published site in this language, in page order.
    pages: Vec<crate::search::IndexPage>,
}

impl SearchJob {
    /// Updates each language's index (re-parsing only the pages that
    /// changed) and publishes the files that changed, as one bundle
    /// (`search::bundle`); returns how many.
    pub(crate) fn run(self) -> Result<usize, Diagnostic> {
        let several = self.languages.len() > 1;
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.resize(self.languages.len(), Vec::new());
        let (mut written, mut removed, mut entry_changed) = (Vec::new(), Vec::new(), false);
        let mut renamed = Vec::new();
        for (i, language) in self.languages.into_iter().enumerate() {
            let mut index = language.index.lock().unwrap_or_else(|p| p.into_inner());
            let index = match &mut *index {
                Some(index) => index,
                empty => empty.insert(crate::search::Index::new(&language.language)?),
            };
            index.sync(language.pages)?;
            let files = index.write_changed()?;
            removed.extend(files.removed);
            renamed.extend(files.renamed);
            for (name, bytes) in files.written {
                if several && name == crate::search::ENTRY {
                    entries[i] = bytes;
                    entry_changed = true;
                } else {
                    written.push((name, bytes));
                }
            }
        }
        if entry_changed {
            let entries: Vec<Vec<u8>> = entries.iter().filter(|e| !e.is_empty()).cloned().collect();
            written.push((
                crate::search::ENTRY.to_string(),
                crate::search::merge_entries(&entries)?,
            ));
        }
        let mut published = match self.site.write() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        let path = |name: &str| crate::search::index_file_path(name);
        for (from, to) in renamed {
            if let Some(bytes) = published.get(&path(&from)) {
                written.push((to, bytes.to_vec()));
            }
        }
        let count = written.len();
        for name in removed {
            published.remove(&crate::search::index_file_path(&name));
        }
        for (name, bytes) in written {
            published.insert(crate::search::index_file_path(&name), Bytes::from(bytes));
        }
        Ok(count)
    }
}

impl Engine {
    /// Builds the search index over the published item pages and publishes
    /// it. Slow (Pagefind): `serve` runs it once edits have settled, on its
    /// own thread (see `search_job`), never on the edit path. `None` when
    /// the theme has no search page or there is no good site yet;
    /// otherwise the number of index files.
    pub fn refresh_search_index(&mut self) -> Option<Result<usize, Diagnostic>> {
        let job = self.search_job()?;
        Some(job.run())
    }

    /// The search index work for the current published site, as owned
    /// data that can run on another thread while the engine goes on
    /// rebuilding; it publishes into the served site when it is done.
    /// `None` when the theme has no search page or there is no good site.
    pub(crate) fn search_job(&mut self) -> Option<SearchJob> {
        let (config, site) = (self.session.config()?, self.session.site()?);
        if !self.session.has_template("search.html") {
            return None;
        }
        // Each language's item pages by published path (the other
        // languages' as their last render made them), made here, once
        // edits have settled, not on the edit path.
        let languages = (self.languages.iter()).filter_map(|c| c.language.as_ref());
        let wanted: Vec<(String, ItemPages)> = std::iter::once((config, site, None))
            .chain(languages.map(|l| (&l.config, &l.site, Some(l.folder.as_str()))))
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|(config, site, folder)| search_pages(config, site, folder))
            .collect();
        self.search_indexes
            .resize_with(wanted.len(), Default::default);
        let published = match self.published.read() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        let languages = wanted
            .into_iter()
            .zip(&self.search_indexes)
            .map(|((language, items), index)| LanguageIndex {
                index: index.clone(),
                language,
                pages: index_pages(&published, items),
            })
            .collect();
        Some(SearchJob {
            languages,
            entries: self.search_entries.clone(),
            site: self.published.clone(),
        })
    }
}

/// One language's index language, and its item pages by published path
/// (`folder`: the language's, for any but the default).
fn search_pages(
    config: &crate::config::Config,
    site: &crate::resolve::Site,
    folder: Option<&str>,
) -> (String, ItemPages) {
    let items = crate::search::Collector::item_pages(config, site);
    let items = match folder {
        Some(folder) => crate::search::in_language_folder(items, folder),
        None => items,
    };
    (crate::search::index_language(config), items)
}

/// The item pages of one language's index that are published, in page
/// order.
fn index_pages(
    published: &HashMap<String, Bytes>,
    items: ItemPages,
) -> Vec<crate::search::IndexPage> {
    let mut pages: Vec<(usize, crate::search::IndexPage)> = items
        .into_iter()
        .filter_map(|(path, (rank, extra))| {
            let bytes = published.get(&path)?.clone();
            Some((rank, crate::search::IndexPage { path, bytes, extra }))
        })
        .collect();
    pages.sort_by_key(|(rank, _)| *rank);
    pages.into_iter().map(|(_, page)| page).collect()
}
