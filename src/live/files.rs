//! The files side of the engine, over the session's steps: everything
//! loaded again when hub.yaml changes, the changed pages read into the
//! session's store and either put into the site in place (when resolve
//! would see nothing new) or resolved again.

use super::Engine;
use crate::deps;
use crate::routes::Route;
use crate::session::{Entry, Loc};

impl Engine {
    /// Loads hub.yaml and every file, and forgets every rendered output's
    /// fingerprint. A hub.yaml that does not load keeps the previous state.
    pub(super) fn load_all(&mut self) {
        self.last_snapshot = None;
        let Some(pages) = self.session.load(None) else {
            return;
        };
        self.session.parse(pages);
        self.clock.lap("read");
        for o in self.cache.outputs.values_mut() {
            o.fingerprint = None;
        }
        self.session.resolve(&mut self.clock);
    }

    /// Reads the given Markdown files again; puts them into the site in
    /// place when resolve would see no difference, else resolves again.
    /// Returns the only feeds the change can alter (`None`: any site file,
    /// feeds, sitemap, exports, may have changed), and whether the exports
    /// (which show summaries) must be refreshed too.
    pub(super) fn update_files(
        &mut self,
        md: Vec<String>,
        structural: bool,
    ) -> Option<(Vec<String>, bool)> {
        self.session.config()?;
        let read = self.session.read_pages(md);
        self.clock.lap("read");
        let structural = structural || read.removed;
        let changed = read.changed;
        if changed.is_empty() && !structural {
            return Some((Vec::new(), false));
        }
        // Fast path: every changed file is a page or intro of the site whose
        // new version resolve would treat exactly like the old one.
        let session = &self.session;
        let fast = !structural
            && session.site().is_some()
            && changed.iter().all(|(path, entry)| {
                let (Some(loc), Some(new)) = (session.loc(path), entry.doc.as_deref()) else {
                    return false;
                };
                session.doc_at(loc).is_some_and(|old| {
                    deps::same_for_resolve(old, new)
                        && (old.version == new.version || !session.has_translations(old))
                }) && !session.resolve_found(path)
            });
        if !fast {
            let current = self.session.site().zip(self.session.prepared());
            let last = self.last_snapshot.take();
            self.before = current
                .filter(|_| !self.cache_behind)
                .map(|(site, prepared)| {
                    last.unwrap_or_else(|| super::moves::Snapshot::take(site, prepared))
                });
            self.session.store(changed);
            self.clock.lap("read");
            self.session.resolve(&mut self.clock);
            return None;
        }
        let clean = self.site_files_reached(&changed);
        let changed_count = changed.len();
        let (ids, summaries_changed) = self.session.patch(changed);
        self.clock.lap("patch");
        if ids.len() == changed_count {
            if summaries_changed {
                self.patched = Some(ids);
            } else {
                self.only_pages = Some(ids);
            }
        }
        clean
    }

    /// The site files a change of these pages (in place) can reach: the
    /// feeds, and whether the exports show something that changed; `None`
    /// when the sitemap or anything else may have changed too.
    fn site_files_reached(&self, changed: &[(String, Entry)]) -> Option<(Vec<String>, bool)> {
        let (config, site) = (self.session.config()?, self.session.site()?);
        // Feeds show whole pages of their collection; the sitemap shows
        // each page's date.
        let mut feeds = Vec::new();
        let mut exports = false;
        for (path, entry) in changed {
            let (Some(Loc::Page(id)), Some(new)) = (self.session.loc(path), entry.doc.as_ref())
            else {
                return None;
            };
            let p = site.pages.get(id)?;
            // Exports and the sitemap show the summary, dates and sources:
            // those must not change. The page's text is in its collection's
            // feed and in the per-item feeds of the pages it refers to.
            if let Some(c) = config.collection(&p.collection)
                && c.feed
            {
                feeds.push(Route::CollectionFeed(&c.name).output());
            }
            for &t in p.refs().iter().flat_map(|(_, ts)| ts) {
                if let Some(tp) = site.pages.get(t)
                    && config
                        .collection(&tp.collection)
                        .is_some_and(|c| c.find.feed_per_item)
                {
                    feeds.push(tp.feed_route().output());
                }
            }
            exports |= p.doc().summary_text() != new.summary_text();
            if p.doc().updated != new.updated || p.doc().sources != new.sources {
                return None;
            }
        }
        Some((feeds, exports))
    }
}
