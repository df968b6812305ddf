//! The engine's results do not depend on how many threads compute them: CBSAs,
//! a CBSA's years, its supertracts' regressions, pooled regions and bootstrap
//! replicates run in parallel, and every sum is made in a fixed order after.
//! Each run here is made on a pool of one thread and on a pool of two, and the
//! results must be equal to the last bit.

mod common;

use hpi_engine::{
    pooled, rsai, rsai_bands, Aggregate, Bands, Bootstrap, Periodicity, PooledMethod, PooledParams, RsaiInput,
    RsaiParams, RunControl,
};
use hpi_synth::{Layout, SynthParams};

fn on_threads<T: Send>(threads: usize, run: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("a thread pool").install(run)
}

/// A skewed country: the largest CBSA has well over the 64 tracts from which
/// supertracts are found through the grid, the smallest scan.
fn country() -> (Vec<common::Row>, hpi_engine::Tracts, hpi_engine::Attributes) {
    let params = SynthParams {
        seed: 11,
        layout: Layout::national(6, 40),
        properties: 12_000,
        start_year: 2000,
        end_year: 2012,
        common_index: false,
    };
    let (rows, tracts, attributes, _) = common::synthetic(&params);
    (rows, tracts, attributes)
}

#[test]
fn rsai_with_every_weight_groups_and_bands_is_the_same_on_one_and_two_threads() {
    let (rows, tracts, attributes) = country();
    let sales = common::sales(&rows, Some(&tracts));
    let input = RsaiInput { sales: &sales, tracts: &tracts, attributes: &attributes };
    let mut params = RsaiParams::new(2000, 2012);
    params.aggregate = vec![Aggregate::State, Aggregate::Nation];
    let params = params.check().expect("valid parameters");
    let largest = tracts.cbsa.iter().fold(std::collections::HashMap::new(), |mut m, c| {
        *m.entry(c).or_insert(0) += 1;
        m
    });
    assert!(largest.values().any(|&n| n >= 64), "a CBSA large enough for the grid: {largest:?}");
    let run = || {
        let mut out = rsai(input, &params, &RunControl::silent()).expect("RSAI runs");
        let bootstrap = Bootstrap::new(20, 5).expect("valid bootstrap");
        let bands = Bands::new(0.95).expect("valid level");
        rsai_bands(input, &params, &mut out.city, &bootstrap, bands, &RunControl::silent()).expect("bands");
        out
    };
    let one = on_threads(1, run);
    let two = on_threads(2, run);
    assert!(one.quality.cbsas.iter().any(|c| c.years.iter().any(|y| y.merges > 0)), "supertracts were merged");
    assert_eq!(one, two);
}

#[test]
fn pooled_bmn_and_wrs_are_the_same_on_one_and_two_threads() {
    let (rows, tracts, _) = country();
    let sales = common::sales(&rows, Some(&tracts));
    for method in [PooledMethod::Bmn, PooledMethod::Wrs] {
        let params = PooledParams::new(method, Periodicity::Quarterly, 2000, 2012).check().expect("valid parameters");
        let run = || pooled(&sales, &params, &RunControl::silent()).expect("the pooled method runs");
        assert_eq!(on_threads(1, run), on_threads(2, run), "{method:?}");
    }
}
