//! The theme's land outline (`map/europe-land.json`) read and projected
//! to SVG user units with a deterministic Lambert azimuthal equal-area
//! projection, and the outline-only image behind `page.location` insets.

use crate::output::Output;
use crate::routes::Route;
use serde::Deserialize;
use std::fmt::Write as _;

/// Width of the map in SVG user units; the height follows the outline.
const WIDTH: f64 = 1000.0;

#[derive(Debug, Deserialize)]
struct OutlineFile {
    /// `[west, south, east, north]` in degrees: the area the rings cover.
    bounds: [f64; 4],
    /// `[west, south, east, north]`: the area the map shows (inside `bounds`).
    view: [f64; 4],
    /// Rings of `[lon, lat]` points.
    rings: Vec<Vec<[f64; 2]>>,
}

/// A land outline projected to SVG user units.
#[derive(Debug, Clone)]
pub(crate) struct Projection {
    lon0: f64,
    lat0: f64,
    min_x: f64,
    max_y: f64,
    scale: f64,
    pub width: f64,
    pub height: f64,
    rings: Vec<Vec<(f64, f64)>>,
}

/// Lambert azimuthal equal-area projection on the unit sphere, centred on
/// (`lon0`, `lat0`), all in degrees.
fn laea(lon: f64, lat: f64, lon0: f64, lat0: f64) -> (f64, f64) {
    let (l, p, l0, p0) = (
        lon.to_radians(),
        lat.to_radians(),
        lon0.to_radians(),
        lat0.to_radians(),
    );
    let d = l - l0;
    let denom = 1.0 + p0.sin() * p.sin() + p0.cos() * p.cos() * d.cos();
    let k = if denom > 1e-12 {
        (2.0 / denom).sqrt()
    } else {
        0.0
    };
    (
        k * p.cos() * d.sin(),
        k * (p0.cos() * p.sin() - p0.sin() * p.cos() * d.cos()),
    )
}

impl Projection {
    /// Parses the outline file; `Err` is a message for a diagnostic.
    pub(crate) fn from_outline(text: &str) -> Result<Projection, String> {
        let file: OutlineFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let [w, s, e, n] = file.view;
        let [bw, bs, be, bn] = file.bounds;
        let valid = |[w, s, e, n]: [f64; 4]| {
            w < e
                && s < n
                && (-180.0..=180.0).contains(&w)
                && (-180.0..=180.0).contains(&e)
                && (-90.0..=90.0).contains(&s)
                && (-90.0..=90.0).contains(&n)
        };
        if !valid(file.view) || !valid(file.bounds) || w < bw || e > be || s < bs || n > bn {
            return Err("`bounds` and `view` must be [west, south, east, north] in degrees, the view inside the bounds".into());
        }
        let (lon0, lat0) = ((w + e) / 2.0, (s + n) / 2.0);
        let projected: Vec<Vec<(f64, f64)>> = file
            .rings
            .iter()
            .map(|r| r.iter().map(|p| laea(p[0], p[1], lon0, lat0)).collect())
            .collect();
        // The frame is the projected bounding box of the view's edges.
        let mut min_x = f64::MAX;
        let mut max_x = f64::MIN;
        let mut min_y = f64::MAX;
        let mut max_y = f64::MIN;
        for i in 0..=64 {
            let t = f64::from(i) / 64.0;
            for (lon, lat) in [
                (w, s + (n - s) * t),
                (e, s + (n - s) * t),
                (w + (e - w) * t, s),
                (w + (e - w) * t, n),
            ] {
                let (x, y) = laea(lon, lat, lon0, lat0);
                min_x = min_x.min(x);
                max_x = max_x.max(x);
                min_y = min_y.min(y);
                max_y = max_y.max(y);
            }
        }
        let scale = WIDTH / (max_x - min_x);
        Ok(Projection {
            lon0,
            lat0,
            min_x,
            max_y,
            scale,
            width: WIDTH,
            height: ((max_y - min_y) * scale).round(),
            rings: projected,
        })
    }

    /// SVG user coordinates of a point, or `None` outside the drawn area.
    pub(crate) fn project(&self, lat: f64, lon: f64) -> Option<(f64, f64)> {
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return None;
        }
        // Points on the far side of the globe have no place on the map.
        let (l, p, l0, p0) = (
            lon.to_radians(),
            lat.to_radians(),
            self.lon0.to_radians(),
            self.lat0.to_radians(),
        );
        if p0.sin() * p.sin() + p0.cos() * p.cos() * (l - l0).cos() <= 0.0 {
            return None;
        }
        let (x, y) = laea(lon, lat, self.lon0, self.lat0);
        let (x, y) = ((x - self.min_x) * self.scale, (self.max_y - y) * self.scale);
        let inside = (0.0..=self.width).contains(&x) && (0.0..=self.height).contains(&y);
        inside.then_some(((x * 10.0).round() / 10.0, (y * 10.0).round() / 10.0))
    }

    /// The land as one SVG path `d` attribute.
    pub(super) fn land_path(&self) -> String {
        let mut d = String::with_capacity(self.rings.len() * 400);
        for ring in &self.rings {
            for (i, &(x, y)) in ring.iter().enumerate() {
                let (x, y) = ((x - self.min_x) * self.scale, (self.max_y - y) * self.scale);
                let _ = write!(d, "{}{:.1} {:.1}", if i == 0 { "M" } else { "L" }, x, y);
            }
            d.push('Z');
        }
        d
    }
}

/// The outline-only image behind `page.location` insets.
pub(crate) fn outline_output(projection: &Projection) -> Output {
    let outline = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\"><rect width=\"{w}\" height=\"{h}\" fill=\"#dde8f0\"/><path fill=\"#f6f4ee\" stroke=\"#9aa9b5\" stroke-width=\"1\" d=\"{land}\"/></svg>\n",
        w = projection.width,
        h = projection.height,
        land = projection.land_path(),
    );
    Output {
        path: Route::MapOutline.output(),
        bytes: outline.into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projection_centre_is_middle_of_frame_and_north_is_up() {
        let p = Projection::from_outline(
            r#"{"bounds":[-40,20,65,78],"view":[-30,30,50,70],"rings":[]}"#,
        )
        .unwrap();
        let (cx, cy) = p.project(50.0, 10.0).unwrap();
        assert!((cx - p.width / 2.0).abs() < 0.5, "{cx}");
        let (_, north) = p.project(60.0, 10.0).unwrap();
        assert!(north < cy);
        assert!(p.project(-22.9, -43.2).is_none());
    }
}
