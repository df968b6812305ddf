//! Finding the unit nearest to a short one, as `docs/methodology.md#supertracts`
//! defines it: smallest great-circle distance between centroids, then smallest
//! tract id. A CBSA-year makes about as many merges as it has tracts, so a scan
//! of every unit per merge is quadratic; above a few dozen tracts a uniform grid
//! finds the same unit looking only at the cells around it.
//!
//! The grid is hand-written rather than taken from a spatial-index crate: rstar's
//! R*-tree (tried first) cost about 4 µs per merge for its removals and
//! re-insertions — slower than scanning a thousand units — and panicked on
//! coincident centroids after a bulk load. A grid moves a unit in O(1).

use super::{haversine_km, screen, Unit, SCREEN_TOLERANCE};

/// From this many tracts on, a CBSA-year's merges use the grid.
pub(super) const GRID_FROM: usize = 64;

/// How the nearest unit is found. Both find the same unit (a test holds them to it).
#[derive(Clone, Copy, Debug)]
pub(super) enum Search {
    Grid,
    Scan,
}

/// A unit as the search keeps it: its position and its centroid's trigonometry.
type Entry = (usize, [f64; 4]);

/// The alive units, where the nearest one can be looked up.
pub(super) enum Alive {
    Grid(Grid),
    /// For the scan.
    Scan(Vec<Entry>),
}

/// How far a squared chord / 4 and the screened value of the same two points can
/// differ by rounding (both are a few 1e-16 off): the grid search goes this much
/// beyond the screen's tolerance so that it never stops too early.
const CHORD_MARGIN: f64 = 1e-12;

/// A unit's centroid as a point on the unit sphere. The squared chord between
/// two such points is 4·sin²(θ/2), four times the haversine argument, so
/// Euclidean nearness in 3-D is great-circle nearness.
fn on_sphere(trig: &[f64; 4]) -> [f64; 3] {
    [trig[1] * trig[3], trig[1] * trig[2], trig[0]]
}

impl Alive {
    pub(super) fn new(search: Search, units: &[Option<Unit>]) -> Self {
        let alive = units.iter().enumerate().filter_map(|(i, u)| u.as_ref().map(|u| (i, u.trig)));
        match search {
            Search::Grid => Alive::Grid(Grid::new(alive.collect())),
            Search::Scan => Alive::Scan(alive.collect()),
        }
    }

    pub(super) fn len(&self) -> usize {
        match self {
            Alive::Grid(grid) => grid.len,
            Alive::Scan(list) => list.len(),
        }
    }

    pub(super) fn remove(&mut self, index: usize, trig: &[f64; 4]) {
        match self {
            Alive::Grid(grid) => grid.remove(index, trig),
            Alive::Scan(list) => list.retain(|&(i, _)| i != index),
        }
    }

    pub(super) fn insert(&mut self, index: usize, trig: &[f64; 4]) {
        match self {
            Alive::Grid(grid) => grid.insert((index, *trig)),
            // In any order: the nearest unit is chosen by distance, then position.
            Alive::Scan(list) => list.push((index, *trig)),
        }
    }

    /// The unit nearest to unit `s` (distance, then smallest tract id). Every
    /// unit whose screened value is within [`SCREEN_TOLERANCE`] of the
    /// smallest gets the exact distance. `scratch` is the caller's, so that a
    /// year's merges allocate it once.
    pub(super) fn nearest(&self, units: &[Option<Unit>], s: usize, scratch: &mut Vec<(f64, usize)>) -> usize {
        let from = units[s].as_ref().expect("alive");
        scratch.clear();
        let mut smallest = f64::INFINITY;
        let mut look = |entries: &[Entry]| {
            for &(i, trig) in entries {
                if i != s {
                    let screened = screen(&from.trig, &trig);
                    smallest = smallest.min(screened);
                    scratch.push((screened, i));
                }
            }
            smallest
        };
        match self {
            Alive::Grid(grid) => grid.around(&from.trig, look),
            Alive::Scan(list) => {
                look(list);
            }
        }
        let (lat, lon) = from.centroid();
        let mut best: Option<(f64, usize)> = None;
        for &(screened, i) in scratch.iter() {
            if screened <= smallest + SCREEN_TOLERANCE {
                let (la, lo) = units[i].as_ref().expect("alive").centroid();
                // A unit's position is its smallest tract, so ties go to the smaller position.
                let key = (haversine_km(lat, lon, la, lo), i);
                if best.is_none_or(|b| key < b) {
                    best = Some(key);
                }
            }
        }
        best.expect("more than one unit alive").1
    }
}

/// Units by the cube of 3-D space their centroid lies in.
pub(super) struct Grid {
    origin: [f64; 3],
    /// The cubes' side, in units of the sphere's radius.
    side: f64,
    dims: [usize; 3],
    cells: Vec<Vec<Entry>>,
    len: usize,
}

impl Grid {
    /// About two units per occupied cell: the points lie on a surface, so the
    /// side is set from the two largest extents; never more than four cells per unit.
    fn new(entries: Vec<Entry>) -> Self {
        let mut low = [f64::INFINITY; 3];
        let mut high = [f64::NEG_INFINITY; 3];
        for (_, trig) in &entries {
            let p = on_sphere(trig);
            for k in 0..3 {
                low[k] = low[k].min(p[k]);
                high[k] = high[k].max(p[k]);
            }
        }
        let n = entries.len().max(1);
        let mut extent: Vec<f64> = (0..3).map(|k| (high[k] - low[k]).max(0.0)).collect();
        extent.sort_by(|a, b| b.total_cmp(a));
        let area = extent[0].max(1e-9) * extent[1].max(1e-9);
        let mut side = (area / (n as f64 / 2.0).max(1.0)).sqrt();
        let dims_for = |side: f64| -> [usize; 3] {
            std::array::from_fn(|k| (((high[k] - low[k]) / side).ceil() as usize).clamp(1, 1 << 20))
        };
        let mut dims = dims_for(side);
        while dims.iter().product::<usize>() > 4 * n {
            side *= 1.5;
            dims = dims_for(side);
        }
        let origin = if entries.is_empty() { [0.0; 3] } else { low };
        let mut grid = Grid { origin, side, dims, cells: vec![Vec::new(); dims.iter().product()], len: 0 };
        for e in entries {
            grid.insert(e);
        }
        grid
    }

    /// The cell of a point; points outside the first units' box (a merged
    /// centroid can bulge off it) go to the edge cell, which keeps every
    /// distance bound of [`Grid::around`] true.
    fn cell_of(&self, trig: &[f64; 4]) -> [usize; 3] {
        let p = on_sphere(trig);
        std::array::from_fn(|k| {
            let c = ((p[k] - self.origin[k]) / self.side).floor();
            if c.is_nan() || c < 0.0 {
                0
            } else {
                (c as usize).min(self.dims[k] - 1)
            }
        })
    }

    fn slot(&self, c: [usize; 3]) -> usize {
        (c[2] * self.dims[1] + c[1]) * self.dims[0] + c[0]
    }

    fn insert(&mut self, entry: Entry) {
        let slot = self.slot(self.cell_of(&entry.1));
        self.cells[slot].push(entry);
        self.len += 1;
    }

    fn remove(&mut self, index: usize, trig: &[f64; 4]) {
        let slot = self.slot(self.cell_of(trig));
        let cell = &mut self.cells[slot];
        let at = cell.iter().position(|&(i, _)| i == index).expect("an alive unit is in its cell");
        cell.swap_remove(at);
        self.len -= 1;
    }

    /// Hands `visit` the cells around `trig`, ring by ring (the cells `r`
    /// steps away along some axis), until every cell not yet visited is
    /// farther than the smallest screened value so far allows; `visit` returns
    /// that value. A unit in a cell more than `r` steps away is at least `r`
    /// sides away, so its screened value is above `(r·side)²/4`.
    fn around(&self, trig: &[f64; 4], mut visit: impl FnMut(&[Entry]) -> f64) {
        let c = self.cell_of(trig);
        let reach = (0..3).map(|k| c[k].max(self.dims[k] - 1 - c[k])).max().unwrap_or(0);
        let mut smallest = f64::INFINITY;
        for r in 0..=reach {
            let range = |k: usize| c[k].saturating_sub(r)..=(c[k] + r).min(self.dims[k] - 1);
            for z in range(2) {
                for y in range(1) {
                    if z.abs_diff(c[2]) == r || y.abs_diff(c[1]) == r {
                        for x in range(0) {
                            smallest = visit(&self.cells[self.slot([x, y, z])]);
                        }
                    } else {
                        // Inside the shell in y and z: only the cells r steps away along x are on it.
                        let sides = [c[0].checked_sub(r), Some(c[0] + r).filter(|&x| x < self.dims[0])];
                        for x in sides.into_iter().flatten() {
                            smallest = visit(&self.cells[self.slot([x, y, z])]);
                        }
                    }
                }
            }
            let bound = r as f64 * self.side;
            if bound * bound / 4.0 > smallest + SCREEN_TOLERANCE + CHORD_MARGIN {
                break;
            }
        }
    }
}
