//! Property tests: supertract partitions and independence from input order.

mod common;

use hpi_engine::supertract::{build, TractState};
use hpi_engine::{rsai, RsaiInput, RsaiParams, RunControl};
use proptest::prelude::*;

/// A tract's half-pairs, centroid and period labels, owned (a [`TractState`] borrows its labels).
type Tract = (u64, u64, f64, f64, Vec<u32>);

fn tract_strategy(periods: usize) -> impl Strategy<Value = Tract> {
    (0u64..80, 0u64..80, -1.0f64..1.0, -1.0f64..1.0, proptest::collection::vec(0u32..3, periods)).prop_map(
        move |(hp_prev, hp_cur, lat, lon, groups)| {
            // Component label: the first period of the same group.
            let component =
                (0..periods).map(|p| groups.iter().position(|&g| g == groups[p]).expect("present") as u32).collect();
            (hp_prev, hp_cur, 40.0 + lat, -80.0 + lon, component)
        },
    )
}

fn states(tracts: &[Tract]) -> Vec<TractState<'_>> {
    tracts
        .iter()
        .map(|(hp_prev, hp_cur, lat, lon, component)| TractState {
            hp_prev: *hp_prev,
            hp_cur: *hp_cur,
            lat: *lat,
            lon: *lon,
            component,
        })
        .collect()
}

fn connected(tracts: &[TractState], members: &[u32], a: u32, b: u32) -> bool {
    // Union of the members' period graphs, by brute force.
    let n = tracts[0].component.len();
    let mut label: Vec<usize> = (0..n).collect();
    loop {
        let mut changed = false;
        for &m in members {
            let c = &tracts[m as usize].component;
            for p in 0..n {
                let q = c[p] as usize;
                let l = label[p].min(label[q]);
                if label[p] != l || label[q] != l {
                    label[p] = l;
                    label[q] = l;
                    changed = true;
                }
            }
        }
        if !changed {
            return label[a as usize] == label[b as usize];
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn supertracts_partition_and_are_never_short(owned in proptest::collection::vec(tract_strategy(4), 1..25), min in 1u64..60) {
        let tracts = states(&owned);
        let (units, log) = build(&tracts, 1, 2, min);
        // A partition of all tracts, each unit sorted, units by smallest member.
        let mut all: Vec<u32> = units.iter().flatten().copied().collect();
        all.sort_unstable();
        prop_assert_eq!(all, (0..tracts.len() as u32).collect::<Vec<_>>());
        for u in &units {
            prop_assert!(u.windows(2).all(|w| w[0] < w[1]));
        }
        prop_assert!(units.windows(2).all(|w| w[0][0] < w[1][0]));
        prop_assert_eq!(log.merges as usize, tracts.len() - units.len());
        // No unit is short unless only one is left.
        if units.len() > 1 {
            for u in &units {
                let prev: u64 = u.iter().map(|&i| tracts[i as usize].hp_prev).sum();
                let cur: u64 = u.iter().map(|&i| tracts[i as usize].hp_cur).sum();
                prop_assert!(prev >= min && cur >= min);
                prop_assert!(connected(&tracts, u, 1, 2));
            }
        }
        // Deterministic.
        prop_assert_eq!(build(&tracts, 1, 2, min).0, units);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]

    #[test]
    fn rsai_does_not_depend_on_row_order(seed in 0u64..1000, shuffle_seed in any::<u64>()) {
        let params = hpi_synth::SynthParams { seed, layout: hpi_synth::Layout::uniform(2, 15), properties: 2500, start_year: 2003, end_year: 2012, common_index: false };
        let (rows, tracts, attributes, _) = common::synthetic(&params);
        let p = RsaiParams::new(2003, 2012).check().unwrap();
        let s = common::sales(&rows, Some(&tracts));
        let a = rsai(RsaiInput { sales: &s, tracts: &tracts, attributes: &attributes }, &p, &RunControl::silent()).unwrap();
        // The same rows, handed over in another order with their own line numbers.
        let mut order: Vec<usize> = (0..rows.len()).collect();
        let mut state = shuffle_seed | 1;
        for i in (1..order.len()).rev() {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            order.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let mut b = hpi_engine::SalesBuilder::new(Some(&tracts));
        for &i in &order {
            let r = &rows[i];
            common::push(&mut b, i as u64 + 2, r);
        }
        let shuffled = b.finish();
        let b = rsai(RsaiInput { sales: &shuffled, tracts: &tracts, attributes: &attributes }, &p, &RunControl::silent()).unwrap();
        prop_assert_eq!(&a.quality.cbsas, &b.quality.cbsas);
        prop_assert_eq!(&a.quality.pairs, &b.quality.pairs);
        for (x, y) in a.city.iter().zip(&b.city) {
            for (px, py) in x.points.iter().zip(&y.points) {
                match (px.index, py.index) {
                    (Some(u), Some(v)) => prop_assert!((u / v - 1.0).abs() < 1e-12),
                    (u, v) => prop_assert_eq!(u, v),
                }
            }
        }
        for (x, y) in a.tracts.iter().zip(&b.tracts) {
            let labels = |t: &hpi_engine::TractSeries| t.points.iter().map(|p| p.supertract.clone()).collect::<Vec<_>>();
            prop_assert_eq!(labels(x), labels(y));
        }
    }
}
