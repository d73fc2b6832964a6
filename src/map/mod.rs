//! The map of places (pages of a collection with `map:` in hub.yaml):
//! coordinates and counts, a deterministic projection, the inline SVG of
//! `/map/`, a small outline image for location insets, and `page.location`.
//!
//! This file: the places (coordinates and what they count), the check for
//! places without coordinates, and `page.location`; `projection`: the
//! outline file, its projection and the outline image; `markers`: the
//! `/map/` page, its markers, colours and legend.

mod markers;
mod projection;
mod separate;

pub(crate) use markers::{LegendEntry, MapPlace, MapView, build};
pub(crate) use projection::{Projection, outline_output};

use crate::config::{Collection, Config, MapFields};
use crate::diag::Diagnostic;
use crate::resolve::{PageId, Site};
use crate::routes::{Route, Routes};
use serde::Serialize;

/// A page of a mapped collection.
#[derive(Debug, Clone)]
pub(crate) struct Place {
    pub id: PageId,
    /// (lat, lon)
    pub coords: Option<(f64, f64)>,
    /// Pages of the `count` collection that refer to it.
    pub count: usize,
    /// Those pages.
    pub counted: Vec<PageId>,
}

fn number(site: &Site, id: PageId, field: &str) -> Option<f64> {
    site.pages[id].doc().field(field)?.as_number()
}

/// Every page of a mapped collection, in collection order.
pub(crate) fn places(
    _config: &Config,
    site: &Site,
    c: &Collection,
    fields: &MapFields,
) -> Vec<Place> {
    let Some(cp) = site.collections().iter().find(|cp| cp.name == c.name) else {
        return Vec::new();
    };
    cp.pages
        .iter()
        .map(|&id| {
            let coords = number(site, id, &fields.lat).zip(number(site, id, &fields.lon));
            let mut sources: Vec<PageId> = site.pages[id]
                .backlinks()
                .iter()
                .filter(|g| g.collection == fields.count)
                .flat_map(|g| g.pages.iter().copied())
                .collect();
            sources.sort_unstable();
            sources.dedup();
            Place {
                id,
                coords,
                count: sources.len(),
                counted: sources,
            }
        })
        .collect()
}

/// Whether a place belongs on the map (it has something to count).
pub(super) fn shown(fields: &MapFields, p: &Place) -> bool {
    fields.count.is_empty() || p.count > 0
}

/// Coordinates of a page of a mapped collection.
pub(crate) fn coords_of(config: &Config, site: &Site, id: PageId) -> Option<(f64, f64)> {
    let c = config.collection(&site.pages[id].collection)?;
    let f = c.find.map.as_ref()?;
    number(site, id, &f.lat).zip(number(site, id, &f.lon))
}

/// The place a page is about: itself when mapped, else the target of its
/// first single `ref` field to a mapped collection.
pub(crate) fn place_of(config: &Config, site: &Site, id: PageId) -> Option<PageId> {
    let page = &site.pages[id];
    let c = config.collection(&page.collection)?;
    if c.find.map.is_some() {
        return Some(id);
    }
    c.fields.iter().find_map(|f| match f.kind.single_target() {
        Some(to) if config.collection(to)?.find.map.is_some() => page
            .refs()
            .iter()
            .find(|(name, _)| name == &f.name)
            .and_then(|(_, t)| t.first().copied()),
        _ => None,
    })
}

/// Warns of places left off the map because they have no coordinates.
pub(crate) fn check(config: &Config, site: &Site, diags: &mut Vec<Diagnostic>) {
    for c in &config.collections {
        let Some(fields) = &c.find.map else { continue };
        for p in places(config, site, c, fields) {
            let doc = &site.pages[p.id].doc();
            // Coordinates written but rejected have their own error.
            let rejected = doc
                .rejected
                .iter()
                .any(|f| *f == fields.lat || *f == fields.lon);
            if p.coords.is_none() && shown(fields, &p) && !rejected {
                diags.push(
                    Diagnostic::warning(
                        "map-no-coordinates",
                        &doc.path,
                        format!(
                            "{} has no `{}` and `{}`, so it is left off the map",
                            doc.title, fields.lat, fields.lon
                        ),
                    )
                    .at(&doc.text, 1, 1)
                    .hint(format!(
                        "add `{}:` and `{}:` in degrees to show it on the map",
                        fields.lat, fields.lon
                    )),
                );
            }
        }
    }
}

/// `page.location`: the place a page is about, with its position on the
/// outline image in percent.
#[derive(Debug, Serialize)]
pub(crate) struct Location {
    pub title: String,
    pub url: String,
    pub slug: String,
    /// The page is the place itself.
    pub is_self: bool,
    pub lat: f64,
    pub lon: f64,
    pub on_map: bool,
    pub x_percent: f64,
    pub y_percent: f64,
    /// The place's marker on `/map/` (empty when it has none).
    pub map_url: String,
    /// The image of the map's land outline.
    pub outline_url: String,
    /// That image's size in pixels, for the `img`'s `width` and `height`
    /// (its space is then reserved in its own shape before it loads).
    pub outline_width: u32,
    pub outline_height: u32,
}

/// The place a page is about (see `Location`); `None` when it has none.
pub(crate) fn location(
    config: &Config,
    site: &Site,
    routes: &Routes,
    urls: &[String],
    projection: Option<&Projection>,
    id: PageId,
) -> Option<Location> {
    let place = place_of(config, site, id)?;
    let (lat, lon) = coords_of(config, site, place)?;
    let xy = projection.and_then(|p| {
        p.project(lat, lon)
            .map(|(x, y)| (x / p.width * 100.0, y / p.height * 100.0))
    });
    let page = &site.pages[place];
    // Only places with something to count have a marker on /map/.
    let marked = xy.is_some()
        && config
            .collection(&page.collection)
            .and_then(|c| c.find.map.as_ref())
            .is_some_and(|f| {
                f.count.is_empty() || page.backlinks().iter().any(|g| g.collection == f.count)
            });
    Some(Location {
        title: page.doc().title.clone(),
        url: urls[place].clone(),
        slug: page.slug.clone(),
        is_self: place == id,
        lat,
        lon,
        on_map: xy.is_some(),
        x_percent: xy.map_or(0.0, |p| (p.0 * 100.0).round() / 100.0),
        y_percent: xy.map_or(0.0, |p| (p.1 * 100.0).round() / 100.0),
        map_url: if marked {
            routes.map_marker(&page.slug)
        } else {
            String::new()
        },
        outline_url: routes.url(&Route::MapOutline),
        outline_width: projection.map_or(0, |p| p.width as u32),
        outline_height: projection.map_or(0, |p| p.height as u32),
    })
}
