//! The `/map/` page: its inline SVG (the land, then a marker per place,
//! sized by its count, coloured by `map.colour` and moved apart where
//! markers would overlap), the legend, and the list of places that is its
//! text alternative.

use super::separate::separate;
use super::{Place, Projection, places, shown};
use crate::config::{Collection, Config, MapFields};
use crate::resolve::{PageId, Site};
use crate::text::escape_xml;
use serde::Serialize;
use std::fmt::Write as _;

/// A marker's radius: grows with the square root of its count, from 12
/// (a 24 px target where the map is 1,000 px wide) to 34.
fn radius(count: usize) -> f64 {
    (8.0 + 4.0 * (count.max(1) as f64).sqrt()).min(34.0)
}

/// An entry of the map's legend: one target of `map.colour` (a project).
#[derive(Debug, Serialize)]
pub(crate) struct LegendEntry {
    pub label: String,
    /// Its page, or empty for the entry of places with several.
    pub url: String,
    /// The colour's class suffix: `c0`...`c7`, or `several`.
    pub swatch: String,
    /// Places shown in this colour.
    pub places: usize,
}

/// The target of the colour field most of a place's counted pages have
/// (`Some(None)`: several equally), per place, and the legend's targets
/// sorted by title. Empty when the map has no `colour`.
fn colours(
    site: &Site,
    fields: &MapFields,
    list: &[&Place],
) -> (Vec<Option<Option<PageId>>>, Vec<PageId>) {
    if fields.colour.is_empty() {
        return (vec![None; list.len()], Vec::new());
    }
    let mut targets: Vec<PageId> = Vec::new();
    let per_place = list
        .iter()
        .map(|p| {
            let tally = crate::resolve::ref_counts(site, &p.counted, &fields.colour);
            let best = tally.iter().map(|(_, n)| *n).max()?;
            let top: Vec<PageId> = tally
                .iter()
                .filter(|(_, n)| *n == best)
                .map(|(t, _)| *t)
                .collect();
            targets.extend(&top);
            Some((top.len() == 1).then(|| top[0]))
        })
        .collect();
    targets.sort_by(|a, b| {
        site.pages[*a]
            .doc()
            .title
            .cmp(&site.pages[*b].doc().title)
            .then(a.cmp(b))
    });
    targets.dedup();
    (per_place, targets)
}

/// The class suffix of a place's colour.
fn swatch(colour: Option<Option<PageId>>, targets: &[PageId]) -> String {
    match colour {
        Some(Some(t)) => targets
            .iter()
            .position(|&x| x == t)
            .map_or_else(|| "c0".to_string(), |i| format!("c{}", i % 8)),
        Some(None) => "several".to_string(),
        None => "c0".to_string(),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The map page: its inline SVG and the places as a list (its text
/// alternative, biggest count first).
pub(crate) struct MapView {
    pub svg: String,
    /// The mapped collection.
    pub collection: String,
    pub collection_label: String,
    /// The collection whose refs are counted.
    pub count_collection: String,
    /// What is counted, in lowercase: `case studies`.
    pub count_label: String,
    pub places: Vec<MapPlace>,
    /// Empty unless the map has `colour`.
    pub legend: Vec<LegendEntry>,
}

/// An entry of the map page's list of places.
#[derive(Debug, Serialize)]
pub(crate) struct MapPlace {
    pub slug: String,
    pub title: String,
    pub url: String,
    pub count: usize,
    /// `1 case study`.
    pub count_label: String,
    /// False outside the drawn area or without coordinates.
    pub on_map: bool,
    pub has_coordinates: bool,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// The map page; `None` when no collection is mapped.
pub(crate) fn build(
    config: &Config,
    site: &Site,
    urls: &[String],
    projection: &Projection,
) -> Option<MapView> {
    let c = config.collections.iter().find(|c| c.find.map.is_some())?;
    let fields = c.find.map.as_ref()?;
    let counted = config.collection(&fields.count);
    let (one, many) = counted.map_or(("page", "pages"), |k| {
        (k.singular.as_str(), k.label.as_str())
    });
    let (one, many) = (one.to_lowercase(), many.to_lowercase());
    let list = placed(config, site, c, fields, projection);
    let refs: Vec<&Place> = list.iter().map(|(p, _)| p).collect();
    let (colour_of, targets) = colours(site, fields, &refs);
    let mut spots = spots(&list).into_iter();
    let mut svg = svg_start(projection, &c.label, &many, list.len());
    let mut places = Vec::with_capacity(list.len());
    let mut shown_in = vec![0usize; targets.len() + 1];
    for (i, (p, xy)) in list.iter().enumerate() {
        let page = &site.pages[p.id];
        let title = &page.doc().title;
        let count_text = plural(p.count, &one, &many);
        if let (Some(home), Some((at, _))) = (xy, xy.and_then(|_| spots.next())) {
            let slot = match colour_of[i] {
                Some(Some(t)) => targets.iter().position(|&x| x == t).unwrap_or(0),
                _ => targets.len(),
            };
            shown_in[slot] += 1;
            let name = if fields.count.is_empty() {
                title.clone()
            } else {
                format!("{title}: {count_text}")
            };
            let swatch = swatch(colour_of[i], &targets);
            let m = Marker {
                home: *home,
                at,
                slug: &page.slug,
                url: &urls[p.id],
                name: &name,
                title,
                count: p.count,
                swatch: &swatch,
            };
            m.write(&mut svg);
        }
        places.push(MapPlace {
            slug: page.slug.clone(),
            title: title.clone(),
            url: urls[p.id].clone(),
            count: p.count,
            count_label: count_text,
            on_map: xy.is_some(),
            has_coordinates: p.coords.is_some(),
            lat: p.coords.map(|c| c.0),
            lon: p.coords.map(|c| c.1),
        });
    }
    svg.push_str("</svg>");
    let legend = legend(config, site, fields, &targets, &shown_in, urls);
    Some(MapView {
        svg,
        collection: c.name.clone(),
        collection_label: c.label.clone(),
        count_collection: fields.count.clone(),
        count_label: many,
        places,
        legend,
    })
}

/// The places shown on the map with where they are drawn (`None`: outside
/// the drawn area or without coordinates), biggest count first, so small
/// markers are drawn on top; then by title.
fn placed(
    config: &Config,
    site: &Site,
    c: &Collection,
    fields: &MapFields,
    projection: &Projection,
) -> Vec<(Place, Option<(f64, f64)>)> {
    let mut list: Vec<(Place, Option<(f64, f64)>)> = places(config, site, c, fields)
        .into_iter()
        .filter(|p| shown(fields, p))
        .map(|p| {
            let xy = p.coords.and_then(|(lat, lon)| projection.project(lat, lon));
            (p, xy)
        })
        .collect();
    list.sort_by(|(a, _), (b, _)| {
        b.count
            .cmp(&a.count)
            .then_with(|| {
                let title = |p: &Place| crate::text::sort_key(&site.pages[p.id].doc().title);
                title(a).cmp(&title(b))
            })
            .then_with(|| a.id.cmp(&b.id))
    });
    list
}

/// Where each drawn place's marker goes, with its radius, in the order of
/// `list`: markers that would overlap are moved apart (a line then joins
/// each moved marker to its true place).
fn spots(list: &[(Place, Option<(f64, f64)>)]) -> Vec<((f64, f64), f64)> {
    let mut spots: Vec<((f64, f64), f64)> = list
        .iter()
        .filter_map(|(p, xy)| xy.map(|xy| (xy, radius(p.count))))
        .collect();
    separate(&mut spots);
    spots
}

/// The map's opening `<svg>`: its accessible title, the sea and the land.
fn svg_start(projection: &Projection, label: &str, many: &str, places: usize) -> String {
    let land = projection.land_path();
    let mut svg = String::with_capacity(land.len() + places * 500);
    let _ = write!(
        svg,
        "<svg class=\"place-map__svg\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" role=\"group\" aria-labelledby=\"place-map-title\"><title id=\"place-map-title\">Map of {label} with {many}</title><rect class=\"place-map__sea\" width=\"{w}\" height=\"{h}\"/><path class=\"place-map__land\" d=\"{land}\"/>",
        w = projection.width,
        h = projection.height,
        label = escape_xml(&label.to_lowercase()),
        many = escape_xml(many),
    );
    svg
}

/// The legend: each target with the number of places in its colour, then
/// places with several; entries with no place are left out.
fn legend(
    config: &Config,
    site: &Site,
    fields: &MapFields,
    targets: &[PageId],
    shown_in: &[usize],
    urls: &[String],
) -> Vec<LegendEntry> {
    let mut out: Vec<LegendEntry> = targets
        .iter()
        .enumerate()
        .filter(|(i, _)| shown_in[*i] > 0)
        .map(|(i, &t)| LegendEntry {
            label: site.pages[t].doc().title.clone(),
            url: urls[t].clone(),
            swatch: format!("c{}", i % 8),
            places: shown_in[i],
        })
        .collect();
    let several = shown_in.last().copied().unwrap_or(0);
    if !targets.is_empty() && several > 0 {
        let what = config
            .collection(&fields.count)
            .and_then(|k| k.field(&fields.colour))
            .map_or_else(String::new, |f| f.label.to_lowercase());
        out.push(LegendEntry {
            label: format!("Several {what}"),
            url: String::new(),
            swatch: "several".to_string(),
            places: several,
        });
    }
    out
}

/// One place's marker.
struct Marker<'a> {
    /// Where the place is.
    home: (f64, f64),
    /// Where its marker is drawn (moved off a neighbour's).
    at: (f64, f64),
    slug: &'a str,
    url: &'a str,
    /// The accessible name (title and count).
    name: &'a str,
    title: &'a str,
    count: usize,
    swatch: &'a str,
}

impl Marker<'_> {
    /// A link to the place's page around a circle sized by its count and
    /// coloured by its group, with its accessible name, the count inside
    /// (above one), its name shown on hover and focus, and a line to its
    /// true place when it was moved.
    fn write(&self, svg: &mut String) {
        let r = radius(self.count);
        let ((hx, hy), (x, y)) = (self.home, self.at);
        let _ = write!(
            svg,
            "<a class=\"place-map__marker place-map__marker--{swatch}\" id=\"marker-{slug}\" href=\"{url}\" aria-label=\"{name}\" data-count=\"{count}\"><title>{name}</title>",
            swatch = self.swatch,
            slug = escape_xml(self.slug),
            url = escape_xml(self.url),
            name = escape_xml(self.name),
            count = self.count,
        );
        if (hx - x).abs() > 0.5 || (hy - y).abs() > 0.5 {
            let _ = write!(
                svg,
                "<line class=\"place-map__leader\" x1=\"{hx:.1}\" y1=\"{hy:.1}\" x2=\"{x:.1}\" y2=\"{y:.1}\"/><circle class=\"place-map__home\" cx=\"{hx:.1}\" cy=\"{hy:.1}\" r=\"2.5\"/>"
            );
        }
        let _ = write!(svg, "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\"/>");
        if self.count > 1 {
            let _ = write!(
                svg,
                "<text x=\"{x:.1}\" y=\"{y:.1}\" dy=\"0.35em\" text-anchor=\"middle\" aria-hidden=\"true\">{}</text>",
                self.count
            );
        }
        let _ = write!(
            svg,
            "<text class=\"place-map__name\" x=\"{x:.1}\" y=\"{ly:.1}\" text-anchor=\"middle\" aria-hidden=\"true\">{}</text></a>",
            escape_xml(self.title),
            ly = y - r - 6.0,
        );
    }
}
