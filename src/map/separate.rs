//! Moving the map's markers apart where they would overlap: every pair in
//! a fixed order, round after round, each pair that overlaps pushed apart.
//! A grid of cells finds the pairs near enough to overlap, so a round
//! visits those instead of every pair; the positions it gives are exactly
//! those of visiting every pair (`all_pairs`, kept for the tests).

use std::collections::HashMap;

/// A marker: its centre and its radius.
pub(super) type Spot = ((f64, f64), f64);

/// More than rounding can take off a distance: a pair further apart than
/// `want * FAR_MARGIN` along one axis is at least `want` apart.
const FAR_MARGIN: f64 = 1.000_001;

/// Rounds at most.
const ROUNDS: usize = 60;

/// Moves markers apart until no two overlap (each pair at least 2 units
/// apart at their edges), within a few rounds; the order of `at` decides
/// every tie, so the result is the same on every build.
pub(super) fn separate(at: &mut [Spot]) {
    let finite = at
        .iter()
        .all(|((x, y), r)| x.is_finite() && y.is_finite() && r.is_finite());
    let Some(mut grid) = Grid::new(at).filter(|_| finite) else {
        return all_pairs(at);
    };
    for _ in 0..ROUNDS {
        if !grid.round(at) {
            break;
        }
    }
}

/// `separate` by visiting every pair in every round.
fn all_pairs(at: &mut [Spot]) {
    for _ in 0..ROUNDS {
        let mut moved = false;
        for i in 0..at.len() {
            for j in i + 1..at.len() {
                moved |= push_apart(at, i, j);
            }
        }
        if !moved {
            break;
        }
    }
}

/// Pushes markers `i` and `j` apart, each by half of their overlap, when
/// they overlap; whether they did.
fn push_apart(at: &mut [Spot], i: usize, j: usize) -> bool {
    let (((xi, yi), ri), ((xj, yj), rj)) = (at[i], at[j]);
    let (dx, dy) = (xj - xi, yj - yi);
    let want = ri + rj + 2.0;
    // Far apart along one axis: `d >= want` below, surely (the margin
    // covers rounding), without the square root.
    if dx.abs().max(dy.abs()) > want * FAR_MARGIN {
        return false;
    }
    let d = (dx * dx + dy * dy).sqrt();
    if d >= want {
        return false;
    }
    // Same spot: push along a fixed direction per pair.
    let (ux, uy) = if d < 1e-6 {
        let a = (i * 7 + j * 13) as f64;
        (a.cos(), a.sin())
    } else {
        (dx / d, dy / d)
    };
    let push = (want - d) / 2.0;
    at[i].0 = (xi - ux * push, yi - uy * push);
    at[j].0 = (xj + ux * push, yj + uy * push);
    true
}

/// The markers by square cell, each cell as wide as the farthest two
/// markers can overlap from (with room for rounding): a pair that can
/// overlap is in the same cell or in two cells side by side.
struct Grid {
    size: f64,
    cells: HashMap<(i64, i64), Vec<usize>, foldhash::fast::RandomState>,
    /// Each marker's cell.
    cell_of: Vec<(i64, i64)>,
}

impl Grid {
    /// `None` without markers.
    fn new(at: &[Spot]) -> Option<Grid> {
        let largest = at
            .iter()
            .map(|s| s.1)
            .fold(None, |m: Option<f64>, r| Some(m.map_or(r, |m| m.max(r))))?;
        let size = ((2.0 * largest + 2.0) * FAR_MARGIN).max(1.0) * 1.001;
        let mut grid = Grid {
            size,
            cells: HashMap::default(),
            cell_of: Vec::with_capacity(at.len()),
        };
        for (i, s) in at.iter().enumerate() {
            let cell = grid.cell(s.0);
            grid.cells.entry(cell).or_default().push(i);
            grid.cell_of.push(cell);
        }
        Some(grid)
    }

    fn cell(&self, (x, y): (f64, f64)) -> (i64, i64) {
        // Saturating casts: a cell too far out holds more markers, never
        // fewer near ones.
        (
            (x / self.size).floor() as i64,
            (y / self.size).floor() as i64,
        )
    }

    /// Marker `i` now at `at`: moved to its cell.
    fn moved(&mut self, i: usize, at: (f64, f64)) {
        let cell = self.cell(at);
        let was = self.cell_of[i];
        if cell == was {
            return;
        }
        if let Some(v) = self.cells.get_mut(&was) {
            v.retain(|&k| k != i);
        }
        self.cells.entry(cell).or_default().push(i);
        self.cell_of[i] = cell;
    }

    /// The markers after `after` in cell `(cx, cy)` and the cells around
    /// it, in order.
    fn near(&self, (cx, cy): (i64, i64), after: usize, out: &mut Vec<usize>) {
        out.clear();
        for x in [cx.saturating_sub(1), cx, cx.saturating_add(1)] {
            for y in [cy.saturating_sub(1), cy, cy.saturating_add(1)] {
                let found = self.cells.get(&(x, y)).into_iter().flatten();
                out.extend(found.filter(|&&k| k > after));
            }
        }
        out.sort_unstable();
        // Saturated cells repeat at the edges of the range.
        out.dedup();
    }

    /// One round of `all_pairs`, visiting only the pairs near enough to
    /// overlap when they are visited. While marker `i` is paired with the
    /// later ones, only it and those already visited move, so the later
    /// ones near it are those around its cell, found again only when it
    /// moves to another cell. Whether any moved.
    fn round(&mut self, at: &mut [Spot]) -> bool {
        let mut moved = false;
        let mut near = Vec::new();
        for i in 0..at.len() {
            let mut home = self.cell_of[i];
            self.near(home, i, &mut near);
            let mut k = 0;
            while let Some(&j) = near.get(k) {
                k += 1;
                if !push_apart(at, i, j) {
                    continue;
                }
                moved = true;
                self.moved(j, at[j].0);
                self.moved(i, at[i].0);
                if self.cell_of[i] != home {
                    home = self.cell_of[i];
                    self.near(home, j, &mut near);
                    k = 0;
                }
            }
        }
        moved
    }
}

#[cfg(test)]
mod tests {
    use super::{Spot, all_pairs, separate};

    #[test]
    fn overlapping_markers_are_moved_apart_and_others_stay() {
        // Lisbon and Cascais 1.9 units apart, Athens far away.
        let start = [
            ((100.0, 600.0), 12.0),
            ((98.1, 600.2), 12.0),
            ((725.0, 662.0), 16.0),
        ];
        let mut at = start;
        separate(&mut at);
        let d = |a: (f64, f64), b: (f64, f64)| ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
        assert!(d(at[0].0, at[1].0) >= 12.0 + 12.0 + 2.0 - 1e-9, "{at:?}");
        assert_eq!(at[2].0, (725.0, 662.0));
        // Same input, same output.
        let mut again = start;
        separate(&mut again);
        assert_eq!(at, again);
    }

    /// Markers from a fixed pseudo-random sequence: `n` of them in a
    /// `w` × `w` square, radii 2.5 to 34, some on the same spot.
    fn markers(n: usize, w: f64, seed: u64) -> Vec<Spot> {
        let mut s = seed;
        let mut next = move || {
            s = s
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut out: Vec<Spot> = Vec::new();
        for k in 0..n {
            let r = 2.5 + 31.5 * next();
            let xy = match out.get(k / 2) {
                Some(&(same, _)) if k % 7 == 3 => same,
                _ => (w * next(), w * next()),
            };
            out.push((xy, r));
        }
        out
    }

    #[test]
    fn the_grid_moves_every_marker_exactly_as_visiting_every_pair() {
        // Crowded (rounds run out), sparse (mostly the markers put on the
        // same spot overlap), in between, each near the origin, across it
        // and far from it, and one marker.
        let cases = [
            (300, 600.0, 1),
            (250, 1000.0, 2),
            (40, 5000.0, 3),
            (120, 300.0, 4),
            (1, 10.0, 5),
        ];
        for (n, w, seed) in cases {
            for shift in [0.0, -0.5 * w, 1e7] {
                let mut start = markers(n, w, seed);
                for s in &mut start {
                    s.0 = (s.0.0 + shift, s.0.1 - shift);
                }
                let (mut grid, mut every) = (start.clone(), start.clone());
                separate(&mut grid);
                all_pairs(&mut every);
                // Bit for bit (the SVG prints them): the first that differs.
                let bits = |s: &Spot| (s.0.0.to_bits(), s.0.1.to_bits());
                let differs = (grid.iter().zip(&every)).position(|(a, b)| bits(a) != bits(b));
                assert_eq!(differs, None, "n {n}, width {w}, shift {shift}");
                assert_eq!(grid != start, n > 1, "n {n}, width {w}");
            }
        }
        let mut none: Vec<Spot> = Vec::new();
        separate(&mut none);
        let mut odd = vec![((f64::NAN, 1.0), 3.0), ((1.0, 1.0), 3.0)];
        separate(&mut odd);
        assert!(odd[1].0.0.is_nan(), "as visiting every pair: {odd:?}");
    }
}
