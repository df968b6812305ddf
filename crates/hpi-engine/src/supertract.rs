//! Dynamic supertracts: for one CBSA and index year `t`, merge tracts until no
//! unit is short (spec 4 and 7.7). Deterministic: merge order, nearest unit
//! and every tie are defined by half-pair counts, distance and tract order.

/// Mean Earth radius in km (IUGG), as the spec fixes it.
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
    /// Union-find over periods for the union of the members' pair graphs.
    parent: Vec<u32>,
}

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
                parent,
            })
        })
        .collect();
    // Short: too few half-pairs in t or t-1, or t-1 and t not connected.
    let is_short = |u: &mut Unit| u.hp_prev < min_half_pairs || u.hp_cur < min_half_pairs || !u.connected(prev, cur);
    let mut log = MergeLog::default();
    let mut short: Vec<bool> = units.iter_mut().map(|u| is_short(u.as_mut().expect("alive"))).collect();
    log.short_tracts = short.iter().filter(|&&s| s).count() as u32;
    let mut alive = units.len();
    while alive > 1 {
        // The short unit with the fewest half-pairs; ties to the smallest tract.
        let pick = units
            .iter()
            .enumerate()
            .filter(|(i, u)| u.is_some() && short[*i])
            .min_by_key(|(_, u)| {
                let u = u.as_ref().expect("alive");
                (u.hp_prev.min(u.hp_cur), u.members[0])
            })
            .map(|(i, _)| i);
        let Some(s) = pick else { break };
        let (lat, lon) = units[s].as_ref().expect("alive").centroid();
        let mut best: Option<(f64, u32, usize)> = None;
        for (i, u) in units.iter().enumerate() {
            let Some(u) = u.as_ref().filter(|_| i != s) else { continue };
            let (la, lo) = u.centroid();
            let key = (haversine_km(lat, lon, la, lo), u.members[0], i);
            if best.is_none_or(|b| (key.0, key.1) < (b.0, b.1)) {
                best = Some(key);
            }
        }
        let (_, _, near) = best.expect("more than one unit alive");
        let merged_short = units[s].take().expect("alive");
        if merged_short.hp_prev >= min_half_pairs && merged_short.hp_cur >= min_half_pairs {
            log.disconnected_merges += 1;
        }
        let mut target = units[near].take().expect("alive");
        target.absorb(merged_short);
        let keep = s.min(near);
        short[keep] = is_short(&mut target);
        short[s.max(near)] = false;
        units[keep] = Some(target);
        alive -= 1;
        log.merges += 1;
    }
    let mut out: Vec<Vec<u32>> = units.into_iter().flatten().map(|u| u.members).collect();
    out.sort_unstable_by_key(|m| m[0]);
    (out, log)
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
