//! Dynamic supertracts: for one CBSA and index year `t`, merge tracts until no
//! unit is short (`docs/methodology.md#supertracts`). Deterministic: merge order, nearest unit
//! and every tie are defined by half-pair counts, distance and tract order.

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
#[derive(Clone, Debug)]
pub struct TractState {
    /// Half-pairs in `t-1`.
    pub hp_prev: u64,
    /// Half-pairs in `t`.
    pub hp_cur: u64,
    /// Centroid latitude, degrees.
    pub lat: f64,
    /// Centroid longitude, degrees.
    pub lon: f64,
    /// Per period of the tract's pair graph, its component label (any label
    /// shared exactly by connected periods; untouched periods label themselves).
    pub component: Vec<u32>,
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

struct Unit {
    members: Vec<u32>,
    hp_prev: u64,
    hp_cur: u64,
    lat_sum: f64,
    lon_sum: f64,
    /// Sines and cosines of the centroid's latitude and longitude.
    trig: [f64; 4],
    /// Union-find over periods for the union of the members' pair graphs.
    parent: Vec<u32>,
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

impl Unit {
    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let up = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = up;
            x = up;
        }
        x
    }

    fn connected(&mut self, a: u32, b: u32) -> bool {
        self.find(a) == self.find(b)
    }

    fn centroid(&self) -> (f64, f64) {
        let n = self.members.len() as f64;
        (self.lat_sum / n, self.lon_sum / n)
    }

    fn absorb(&mut self, mut other: Unit) {
        self.members.append(&mut other.members);
        self.members.sort_unstable();
        self.hp_prev += other.hp_prev;
        self.hp_cur += other.hp_cur;
        self.lat_sum += other.lat_sum;
        self.lon_sum += other.lon_sum;
        let (lat, lon) = self.centroid();
        self.trig = trig_of(lat, lon);
        for p in 0..other.parent.len() as u32 {
            let q = other.find(p);
            let (ra, rb) = (self.find(p), self.find(q));
            if ra != rb {
                self.parent[ra.max(rb) as usize] = ra.min(rb);
            }
        }
    }
}

/// Partitions tracts into supertracts for the year whose periods are `prev`
/// and `cur` (offsets into each tract's `component`). Returns the units as
/// sorted lists of tract positions, ordered by their smallest member, and the
/// merge log.
pub fn build(tracts: &[TractState], prev: u32, cur: u32, min_half_pairs: u64) -> (Vec<Vec<u32>>, MergeLog) {
    let mut units: Vec<Option<Unit>> = tracts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut parent: Vec<u32> = (0..t.component.len() as u32).collect();
            for (p, &c) in t.component.iter().enumerate() {
                if c != p as u32 {
                    let (a, b) = (c.min(p as u32), c.max(p as u32));
                    parent[b as usize] = a;
                }
            }
            Some(Unit {
                members: vec![i as u32],
                hp_prev: t.hp_prev,
                hp_cur: t.hp_cur,
                lat_sum: t.lat,
                lon_sum: t.lon,
                trig: trig_of(t.lat, t.lon),
                parent,
            })
        })
        .collect();
    // Short: too few half-pairs in t or t-1, or t-1 and t not connected.
    let is_short = |u: &mut Unit| u.hp_prev < min_half_pairs || u.hp_cur < min_half_pairs || !u.connected(prev, cur);
    let order_key = |u: &Unit, i: usize| (u.hp_prev.min(u.hp_cur), u.members[0], i);
    let mut log = MergeLog::default();
    // Short units by merge order: fewest half-pairs, then smallest tract.
    let mut short: BTreeSet<(u64, u32, usize)> = BTreeSet::new();
    for (i, u) in units.iter_mut().enumerate() {
        let u = u.as_mut().expect("alive");
        if is_short(u) {
            short.insert(order_key(u, i));
        }
    }
    log.short_tracts = short.len() as u32;
    // Alive units as a compact list for the nearest-unit scan.
    let mut alive: Vec<Candidate> = units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let u = u.as_ref().expect("alive");
            Candidate { index: i, first: u.members[0], trig: u.trig }
        })
        .collect();
    let mut screened = Vec::with_capacity(alive.len());
    while alive.len() > 1 {
        let Some((_, _, s)) = short.pop_first() else { break };
        let near = nearest(&units, &alive, s, &mut screened);
        let merged_short = units[s].take().expect("alive");
        if merged_short.hp_prev >= min_half_pairs && merged_short.hp_cur >= min_half_pairs {
            log.disconnected_merges += 1;
        }
        let mut target = units[near].take().expect("alive");
        short.remove(&order_key(&target, near));
        target.absorb(merged_short);
        let (keep, gone) = (s.min(near), s.max(near));
        if is_short(&mut target) {
            short.insert(order_key(&target, keep));
        }
        alive.retain(|c| c.index != gone);
        let c = alive.iter_mut().find(|c| c.index == keep).expect("alive");
        (c.first, c.trig) = (target.members[0], target.trig);
        units[keep] = Some(target);
        log.merges += 1;
    }
    let mut out: Vec<Vec<u32>> = units.into_iter().flatten().map(|u| u.members).collect();
    out.sort_unstable_by_key(|m| m[0]);
    (out, log)
}

/// What the nearest-unit scan reads of an alive unit.
struct Candidate {
    index: usize,
    first: u32,
    trig: [f64; 4],
}

/// The unit nearest to unit `s` (distance, then smallest tract id).
/// `screened` is scratch space, kept by the caller so that a year's merges
/// allocate it once.
fn nearest(units: &[Option<Unit>], alive: &[Candidate], s: usize, screened: &mut Vec<f64>) -> usize {
    let from = units[s].as_ref().expect("alive");
    screened.clear();
    screened.extend(alive.iter().map(|c| if c.index == s { f64::INFINITY } else { screen(&from.trig, &c.trig) }));
    let smallest = screened.iter().copied().fold(f64::INFINITY, f64::min);
    let (lat, lon) = from.centroid();
    let mut best: Option<(f64, u32, usize)> = None;
    for (c, &screen) in alive.iter().zip(screened.iter()) {
        if c.index != s && screen <= smallest + SCREEN_TOLERANCE {
            let (la, lo) = units[c.index].as_ref().expect("alive").centroid();
            let key = (haversine_km(lat, lon, la, lo), c.first, c.index);
            if best.is_none_or(|b| (key.0, key.1) < (b.0, b.1)) {
                best = Some(key);
            }
        }
    }
    best.expect("more than one unit alive").2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tract(hp_prev: u64, hp_cur: u64, lat: f64, lon: f64) -> TractState {
        // Periods 0 and 1 connected.
        TractState { hp_prev, hp_cur, lat, lon, component: vec![0, 0] }
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
        t[1].component = vec![0, 1]; // periods not connected
        let (units, log) = build(&t, 0, 1, 40);
        assert_eq!(units, vec![vec![0, 1]]);
        assert_eq!(log.disconnected_merges, 1);
    }

    #[test]
    fn merged_graph_connects_through_both_members() {
        // Tract 0 links periods 0-1, tract 1 links 1-2: together 0-2 connected.
        let mut a = tract(1, 1, 0.0, 0.0);
        a.component = vec![0, 0, 2];
        let mut b = tract(1, 1, 0.0, 0.1);
        b.component = vec![0, 1, 1];
        let (units, _) = build(&[a, b], 0, 2, 1);
        assert_eq!(units, vec![vec![0, 1]]);
    }
}
