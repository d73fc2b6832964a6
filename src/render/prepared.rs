//! Everything precomputed once per build from (`Config`, `Site`) and shared
//! by every render: the site data, each page's summary and URL, lookup
//! tables for the template functions, related pages and the map's
//! projection.

use super::context::{site_value, summary};
use super::{LookupRecorder, Sink};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::resolve::{PageId, Site};
use crate::routes::{Route, Routes};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tera::Value;

/// Everything precomputed once per build and shared by every render.
pub struct Prepared {
    pub(super) site_value: Value,
    pub(super) summaries: Arc<Vec<Value>>,
    pub(super) urls: Vec<String>,
    pub(super) by_path: Arc<HashMap<String, PageId>>,
    pub(super) lists: Arc<HashMap<String, Vec<PageId>>>,
    /// Set by `build`: receives each rendered file (see `stream_to`).
    pub(super) sink: Option<Sink>,
    /// Time spent in each top-level template and how often it ran.
    pub(super) template_times: Mutex<HashMap<String, (Duration, usize)>>,
    /// Set by `serve`: records which pages `get_page`/`get_pages` read.
    pub(super) lookups: Option<Arc<dyn LookupRecorder>>,
    // Findability (search, map, related, JSON-LD): see `with_map`.
    pub(super) related: Vec<Vec<PageId>>,
    pub(super) projection: Option<crate::map::Projection>,
    pub(super) routes: Routes,
}

impl Prepared {
    /// Records every `get_page`/`get_pages` call of templates loaded after
    /// this (see `deps::Lookups`).
    pub fn record_lookups(&mut self, lookups: Arc<dyn LookupRecorder>) {
        self.lookups = Some(lookups);
    }

    pub fn site_value(&self) -> &Value {
        &self.site_value
    }

    /// Each page's URL, by id.
    pub fn urls(&self) -> &[String] {
        &self.urls
    }

    /// The site's addresses.
    pub(crate) fn routes(&self) -> &Routes {
        &self.routes
    }

    pub fn summary_value(&self, id: PageId) -> &Value {
        &self.summaries[id]
    }

    /// Recomputes the summaries of `ids` after their docs changed in place.
    /// Templates loaded before still see the old summaries: load them again.
    pub fn refresh_summaries(&mut self, site: &Site, ids: &[PageId]) {
        let summaries = Arc::make_mut(&mut self.summaries);
        for &id in ids {
            if let Some(slot) = summaries.get_mut(id) {
                *slot = summary(site, &self.routes, id);
            }
        }
    }
}

impl Prepared {
    /// Related pages of each page (what `page.related` shows).
    pub fn related(&self) -> &[Vec<PageId>] {
        &self.related
    }

    /// Adds the map's land outline (the theme's `map/europe-land.json`):
    /// enables `/map/`, `site.map_url` and `page.location` insets. A broken
    /// outline is an error diagnostic and leaves the map out.
    pub fn with_map(mut self, outline: Option<(&str, &str)>, diags: &mut Vec<Diagnostic>) -> Self {
        let Some((path, text)) = outline else {
            return self;
        };
        match crate::map::Projection::from_outline(text) {
            Ok(p) => {
                self.projection = Some(p);
                let mut map = std::mem::replace(&mut self.site_value, Value::none())
                    .into_map()
                    .unwrap_or_default();
                map.insert("map_url".into(), Value::from(self.routes.url(&Route::Map)));
                self.site_value = Value::from(map);
            }
            Err(e) => diags.push(Diagnostic::error(
                "map-outline",
                path,
                format!("the map outline cannot be read: {e}"),
            )),
        }
        self
    }
}

/// Summaries and site data, computed once per build (in parallel).
pub fn prepare(config: &Config, site: &Site) -> Prepared {
    let routes = Routes::new(&config.base_url);
    Prepared {
        site_value: site_value(config, site, &routes),
        summaries: Arc::new(
            (0..site.pages.len())
                .into_par_iter()
                .map(|id| summary(site, &routes, id))
                .collect(),
        ),
        urls: site.pages.iter().map(|p| routes.url(&p.route())).collect(),
        by_path: Arc::new(site.by_path.clone()),
        lists: Arc::new(
            site.collections
                .iter()
                .map(|c| (c.name.clone(), c.pages.clone()))
                .collect(),
        ),
        sink: None,
        template_times: Mutex::new(HashMap::new()),
        lookups: None,
        related: crate::related::related(site),
        projection: None,
        routes,
    }
}
