//! Dynamic supertracts: for one CBSA and index year `t`, merge tracts until no
//! unit is short (`docs/methodology.md#supertracts`). Deterministic: merge order, nearest unit
//! and every tie are defined by half-pair counts, distance and tract order.

mod nearest;

use nearest::{Alive, Search, GRID_FROM};
use std::collections::BTreeSet;

/// Mean Earth radius in km (IUGG), as `docs/methodology.md#supertracts` fixes it.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance in km between two points given in degrees.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (p2 - p1) / 2.0;
    let dl = (lon2 - lon1).to_radians() / 2.0;
    let a = dp.sin().powi(2) + p1.cos() * p2.cos() * dl.sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

/// One tract as the merge sees it in year `t`. Tracts must be given in tract
/// id order, so a smaller position means a smaller id.
#[derive(Clone, Copy, Debug)]
pub struct TractState<'a> {
    /// Half-pairs in `t-1`.
    pub hp_prev: u64,
    /// Half-pairs in `t`.
    pub hp_cur: u64,
    /// Centroid latitude, degrees.
    pub lat: f64,
    /// Centroid longitude, degrees.
    pub lon: f64,
    /// Per period of the tract's pair graph, its component's smallest period
    /// (untouched periods label themselves), as [`crate::bmn::components`]
    /// gives them. Borrowed: a national run builds tens of thousands of
    /// CBSA-years, and copying every tract's labels into each cost more than
    /// the merging.
    pub component: &'a [u32],
}

/// What happened while building one year's supertracts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeLog {
    /// Tracts short before any merge.
    pub short_tracts: u32,
    /// Merges done.
    pub merges: u32,
    /// Merges whose short unit had enough half-pairs but `t-1` and `t`
    /// disconnected.
    pub disconnected_merges: u32,
}

/// A supertract while it is built. It sits at the position of its smallest
/// member (a merge keeps the smaller of the two positions), so its position is
/// also its smallest tract.
#[derive(Clone, Copy)]
struct Unit {
    hp_prev: u64,
    hp_cur: u64,
    lat_sum: f64,
    lon_sum: f64,
    members: u32,
    /// The last member in the members' chain (`Chains::next`), which starts at the unit's position.
    tail: u32,
    /// Sines and cosines of the centroid's latitude and longitude.
    trig: [f64; 4],
}

impl Unit {
    fn centroid(&self) -> (f64, f64) {
        let n = f64::from(self.members);
        (self.lat_sum / n, self.lon_sum / n)
    }

    /// Takes in `other`'s half-pairs and centroid (its members and pair graph
    /// are [`Chains::join`]'s).
    fn absorb(&mut self, other: &Unit) {
        self.hp_prev += other.hp_prev;
        self.hp_cur += other.hp_cur;
        self.lat_sum += other.lat_sum;
        self.lon_sum += other.lon_sum;
        self.members += other.members;
        let (lat, lon) = self.centroid();
        self.trig = trig_of(lat, lon);
    }
}

/// What the units hold in flat arrays rather than one allocation each (a
/// national run builds millions of units): each unit's members as a chain,
/// and each unit's union-find over periods for the union of its members'
/// pair graphs. A unit that has taken in no other is one tract, whose labels
/// answer for its graph; it gets a forest of its own only when it first
/// takes another in (most units of most years never do).
struct Chains<'s> {
    /// The member after each tract in its unit's chain, `u32::MAX` at the end.
    next: Vec<u32>,
    tracts: &'s [TractState<'s>],
    /// Per unit, where its forest starts in `parent`; [`OWN_LABELS`] while it is one tract.
    forest_at: Vec<usize>,
    parent: Vec<u32>,
    periods: usize,
}

/// A unit with no forest: its one tract's labels are its pair graph.
const OWN_LABELS: usize = usize::MAX;

fn find(forest: &mut [u32], mut x: u32) -> u32 {
    while forest[x as usize] != x {
        let up = forest[forest[x as usize] as usize];
        forest[x as usize] = up;
        x = up;
    }
    x
}

impl<'s> Chains<'s> {
    fn new(tracts: &'s [TractState<'s>]) -> Self {
        let periods = tracts.first().map_or(0, |t| t.component.len());
        for t in tracts {
            assert_eq!(t.component.len(), periods, "every tract has the same periods");
            debug_assert!(t.component.iter().all(|&c| t.component[c as usize] == c), "labels are smallest periods");
        }
        Chains {
            next: vec![u32::MAX; tracts.len()],
            tracts,
            forest_at: vec![OWN_LABELS; tracts.len()],
            parent: Vec::new(),
            periods,
        }
    }

    fn connected(&mut self, unit: usize, a: u32, b: u32) -> bool {
        match self.forest_at[unit] {
            OWN_LABELS => {
                let labels = self.tracts[unit].component;
                labels[a as usize] == labels[b as usize]
            }
            at => {
                let forest = &mut self.parent[at..at + self.periods];
                find(forest, a) == find(forest, b)
            }
        }
    }

    /// Unit `keep` takes in unit `gone`'s members and pair graph.
    fn join(&mut self, keep: (usize, &mut Unit), gone: (usize, &Unit)) {
        let ((k, unit), (g, other)) = (keep, gone);
        self.next[unit.tail as usize] = g as u32;
        unit.tail = other.tail;
        let periods = self.periods;
        if self.forest_at[k] == OWN_LABELS {
            // Each period points at its component's smallest, which points at itself: a forest.
            self.forest_at[k] = self.parent.len();
            self.parent.extend_from_slice(self.tracts[k].component);
        }
        let at = self.forest_at[k];
        let union = |into: &mut [u32], p: u32, q: u32| {
            let (ra, rb) = (find(into, p), find(into, q));
            if ra != rb {
                into[ra.max(rb) as usize] = ra.min(rb);
            }
        };
        match self.forest_at[g] {
            OWN_LABELS => {
                let into = &mut self.parent[at..at + periods];
                for (p, &c) in self.tracts[g].component.iter().enumerate() {
                    if c != p as u32 {
                        union(into, p as u32, c);
                    }
                }
            }
            from_at => {
                let (low, high) = self.parent.split_at_mut(at.max(from_at));
                let (into, from) = if at < from_at {
                    (&mut low[at..at + periods], &mut high[..periods])
                } else {
                    (&mut high[..periods], &mut low[from_at..from_at + periods])
                };
                for p in 0..periods as u32 {
                    if from[p as usize] != p {
                        let q = find(from, p);
                        union(into, p, q);
                    }
                }
            }
        }
    }

    /// Unit `i`'s members, in tract order.
    fn members(&self, i: usize) -> Vec<u32> {
        let mut out = Vec::new();
        let mut at = i as u32;
        while at != u32::MAX {
            out.push(at);
            at = self.next[at as usize];
        }
        out.sort_unstable();
        out
    }
}

fn trig_of(lat: f64, lon: f64) -> [f64; 4] {
    let (p, l) = (lat.to_radians(), lon.to_radians());
    [p.sin(), p.cos(), l.sin(), l.cos()]
}

/// The haversine argument `sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2)` without
/// trigonometry, through `sin²(x/2) = (1 - cos x) / 2`. It is monotone in the
/// distance but loses precision for close points (absolute error a few
/// 1e-16), so it only screens candidates for the exact haversine.
fn screen(a: &[f64; 4], b: &[f64; 4]) -> f64 {
    let cos_lat = a[1] * b[1];
    let cos_dlat = cos_lat + a[0] * b[0];
    let cos_dlon = a[3] * b[3] + a[2] * b[2];
    0.5 * (1.0 - cos_dlat) + 0.5 * cos_lat * (1.0 - cos_dlon)
}

/// Candidates this close to the smallest screened value get the exact
/// distance: far above the screen's rounding error, so the documented nearest
/// unit and its exact ties are always among them.
const SCREEN_TOLERANCE: f64 = 1e-13;

/// Partitions tracts into supertracts for the year whose periods are `prev`
/// and `cur` (offsets into each tract's `component`). Returns the units as
/// sorted lists of tract positions, ordered by their smallest member, and the
/// merge log.
pub fn build(tracts: &[TractState], prev: u32, cur: u32, min_half_pairs: u64) -> (Vec<Vec<u32>>, MergeLog) {
    let search = if tracts.len() >= GRID_FROM { Search::Grid } else { Search::Scan };
    build_with(tracts, prev, cur, min_half_pairs, search)
}

fn build_with(
    tracts: &[TractState],
    prev: u32,
    cur: u32,
    min_half_pairs: u64,
    search: Search,
) -> (Vec<Vec<u32>>, MergeLog) {
    let mut chains = Chains::new(tracts);
    let mut units: Vec<Option<Unit>> = tracts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            Some(Unit {
                hp_prev: t.hp_prev,
                hp_cur: t.hp_cur,
                lat_sum: t.lat,
                lon_sum: t.lon,
                members: 1,
                tail: i as u32,
                trig: trig_of(t.lat, t.lon),
            })
        })
        .collect();
    // Short: too few half-pairs in t or t-1, or t-1 and t not connected.
    let is_short = |u: &Unit, i: usize, chains: &mut Chains| {
        u.hp_prev < min_half_pairs || u.hp_cur < min_half_pairs || !chains.connected(i, prev, cur)
    };
    // Merge order: fewest half-pairs, then smallest tract (the unit's position).
    let order_key = |u: &Unit, i: usize| (u.hp_prev.min(u.hp_cur), i);
    let mut log = MergeLog::default();
    let mut short: BTreeSet<(u64, usize)> = BTreeSet::new();
    for (i, u) in units.iter().enumerate() {
        let u = u.as_ref().expect("alive");
        if is_short(u, i, &mut chains) {
            short.insert(order_key(u, i));
        }
    }
    log.short_tracts = short.len() as u32;
    let mut alive = Alive::new(search, &units);
    let mut scratch = Vec::new();
    while alive.len() > 1 {
        let Some((_, s)) = short.pop_first() else { break };
        let near = alive.nearest(&units, s, &mut scratch);
        let merged_short = units[s].take().expect("alive");
        if merged_short.hp_prev >= min_half_pairs && merged_short.hp_cur >= min_half_pairs {
            log.disconnected_merges += 1;
        }
        let target = units[near].take().expect("alive");
        short.remove(&order_key(&target, near));
        alive.remove(s, &merged_short.trig);
        alive.remove(near, &target.trig);
        let (keep, gone) = (s.min(near), s.max(near));
        let (mut unit, other) = if keep == near { (target, merged_short) } else { (merged_short, target) };
        chains.join((keep, &mut unit), (gone, &other));
        unit.absorb(&other);
        if is_short(&unit, keep, &mut chains) {
            short.insert(order_key(&unit, keep));
        }
        alive.insert(keep, &unit.trig);
        units[keep] = Some(unit);
        log.merges += 1;
    }
    // Units by their smallest member: their positions, in order.
    let out = units.iter().enumerate().filter(|(_, u)| u.is_some()).map(|(i, _)| chains.members(i)).collect();
    (out, log)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tract(hp_prev: u64, hp_cur: u64, lat: f64, lon: f64) -> TractState<'static> {
        // Periods 0 and 1 connected.
        TractState { hp_prev, hp_cur, lat, lon, component: &[0, 0] }
    }

    /// Random CBSAs on a coarse lattice (so many units are exactly equally far
    /// apart), random half-pairs and pair graphs: the grid finds the same
    /// units as scanning every unit, merge for merge.
    #[test]
    fn the_grid_merges_exactly_as_a_scan_of_every_unit() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        for case in 0..300 {
            let n = rng.gen_range(2..if case < 250 { 60 } else { 600 });
            // The widest lattice spans 55° and crosses the antimeridian.
            let lattice = [0.001, 0.01, 0.1, 5.0][case % 4];
            let (lat0, lon0) =
                if lattice > 1.0 { (-30.0, 170.0) } else { (rng.gen_range(-60.0..60.0), rng.gen_range(-179.0..179.0)) };
            let labels: Vec<Vec<u32>> =
                (0..n).map(|_| (0..4).map(|p| if rng.gen_bool(0.7) { 0 } else { p }).collect()).collect();
            let tracts: Vec<TractState> = labels
                .iter()
                .map(|component| TractState {
                    hp_prev: rng.gen_range(0..30),
                    hp_cur: rng.gen_range(0..30),
                    lat: lat0 + lattice * f64::from(rng.gen_range(0..12)),
                    lon: lon0 + lattice * f64::from(rng.gen_range(0..12)),
                    component,
                })
                .collect();
            let min = rng.gen_range(1..40);
            let by_grid = build_with(&tracts, 1, 2, min, Search::Grid);
            let by_scan = build_with(&tracts, 1, 2, min, Search::Scan);
            assert_eq!(by_grid, by_scan, "case {case}: {n} tracts, lattice {lattice}, minimum {min}");
        }
    }

    #[test]
    fn haversine_known_distance() {
        // One degree of latitude on the mean sphere.
        let d = haversine_km(0.0, 0.0, 1.0, 0.0);
        assert!((d - EARTH_RADIUS_KM * std::f64::consts::PI / 180.0).abs() < 1e-9);
        assert_eq!(haversine_km(47.6, -122.3, 47.6, -122.3), 0.0);
    }

    #[test]
    fn screen_orders_like_haversine() {
        let points =
            [(47.6, -122.3), (47.6001, -122.3), (47.61, -122.31), (40.0, -80.0), (-33.9, 151.2), (47.6, -122.3000001)];
        let base = trig_of(47.6, -122.3);
        for &(la, lo) in &points {
            for &(lb, lob) in &points {
                let (da, db) = (haversine_km(47.6, -122.3, la, lo), haversine_km(47.6, -122.3, lb, lob));
                let (sa, sb) = (screen(&base, &trig_of(la, lo)), screen(&base, &trig_of(lb, lob)));
                if da < db {
                    assert!(sa <= sb + SCREEN_TOLERANCE);
                }
            }
        }
    }

    #[test]
    fn short_tract_merges_with_nearest() {
        let t = vec![tract(100, 100, 0.0, 0.0), tract(5, 100, 0.0, 0.1), tract(100, 100, 0.0, 1.0)];
        let (units, log) = build(&t, 0, 1, 40);
        assert_eq!(units, vec![vec![0, 1], vec![2]]);
        assert_eq!(log, MergeLog { short_tracts: 1, merges: 1, disconnected_merges: 0 });
    }

    #[test]
    fn fewest_half_pairs_merge_first_and_distance_ties_go_to_smallest_id() {
        // Tract 2 (10 hp) merges before tract 1 (20 hp); 0 and 3 are equally far from 2.
        let t = vec![
            tract(100, 100, 0.0, -1.0),
            tract(20, 100, 5.0, 1.0),
            tract(10, 100, 0.0, 0.0),
            tract(100, 100, 0.0, 1.0),
        ];
        let (units, log) = build(&t, 0, 1, 40);
        assert_eq!(log.merges, 2);
        assert_eq!(units[0], vec![0, 2]);
        assert_eq!(units[1], vec![1, 3]);
    }

    #[test]
    fn disconnected_unit_is_short() {
        let mut t = vec![tract(100, 100, 0.0, 0.0), tract(100, 100, 0.0, 0.1)];
        t[1].component = &[0, 1]; // periods not connected
        let (units, log) = build(&t, 0, 1, 40);
        assert_eq!(units, vec![vec![0, 1]]);
        assert_eq!(log.disconnected_merges, 1);
    }

    #[test]
    fn merged_graph_connects_through_both_members() {
        // Tract 0 links periods 0-1, tract 1 links 1-2: together 0-2 connected.
        let mut a = tract(1, 1, 0.0, 0.0);
        a.component = &[0, 0, 2];
        let mut b = tract(1, 1, 0.0, 0.1);
        b.component = &[0, 1, 1];
        let (units, _) = build(&[a, b], 0, 2, 1);
        assert_eq!(units, vec![vec![0, 1]]);
    }
}
