//! Bands for RSAI from a pairs bootstrap within each CBSA
//! (`docs/methodology.md#standard-errors-and-bands`): each replicate
//! resamples every CBSA's pairs with replacement, rebuilds supertracts and
//! weights, and recomputes the index; the bands are percentiles of the
//! replicates and `se` their standard deviation of ln(index).

use crate::pairs::PairPrices;
use crate::params::CheckedRsai;
use crate::progress::{RunControl, Stage};
use crate::rsai::{rsai_of_pairs, rsai_pairs, RsaiInput};
use crate::series::{Band, IndexSeries};
use crate::standard_error::Bands;
use crate::{EngineError, Param};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};

/// The default number of replicates.
pub const DEFAULT_REPLICATES: u32 = 200;

/// How many replicates, from which seed; checked once.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bootstrap {
    replicates: u32,
    seed: u64,
}

impl Bootstrap {
    /// `replicates` (at least 20, so that a 95 % band has tails) drawn from `seed`.
    pub fn new(replicates: u32, seed: u64) -> Result<Bootstrap, EngineError> {
        if replicates < 20 {
            return Err(EngineError::InvalidParameter {
                param: Param::Bootstrap,
                reason: format!("{replicates} replicates: at least 20 are needed for bands"),
            });
        }
        Ok(Bootstrap { replicates, seed })
    }
}

/// The random stream of one CBSA's pairs in one replicate: keyed by the seed
/// and the CBSA's name, on the replicate's own ChaCha stream, so that any
/// split of the work gives the same draws.
fn stream(seed: u64, cbsa: &str, replicate: u32) -> ChaCha8Rng {
    // FNV-1a: a fixed hash of the name, the same on every platform and version.
    let name = cbsa.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ name);
    rng.set_stream(u64::from(replicate));
    rng
}

/// One replicate's city indices by (region, weight).
type Replicate = HashMap<(String, Option<crate::Weight>), Vec<Option<f64>>>;

/// The `q` quantile of sorted `values`, interpolated between neighbours
/// (numpy's default, type 7).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Fills `se` and `band` of every point of `city` (the run's RSAI city
/// series) from `options.replicates` bootstrap replicates at `bands`' level.
/// A point that fewer than half the replicates give a value keeps none.
pub fn rsai_bands(
    input: RsaiInput,
    params: &CheckedRsai,
    city: &mut [IndexSeries],
    options: &Bootstrap,
    bands: Bands,
    control: &RunControl,
) -> Result<(), EngineError> {
    // With prices: the draws' order below is by content, prices included.
    let (pairs, counts) = rsai_pairs(input.sales, params, PairPrices::Keep);
    let tracts = input.tracts;
    let mut by_cbsa: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, &t) in pairs.unit.iter().enumerate() {
        by_cbsa.entry(&tracts.cbsa_names[tracts.cbsa[t as usize] as usize]).or_default().push(i);
    }
    // Draws pick pairs by position: put each CBSA's pairs in an order of their
    // content (tract name, periods, prices, weight), so that the same sales in
    // another row order, or a CBSA's sales alone (one Spark task), draw the same
    // pairs. Pairs equal in all of these are interchangeable.
    let key = |&i: &usize| {
        let unit = &tracts.id[pairs.unit[i] as usize];
        (unit, pairs.p0[i], pairs.p1[i], pairs.v0[i].to_bits(), pairs.v1[i].to_bits(), pairs.weight(i).to_bits())
    };
    for own in by_cbsa.values_mut() {
        own.sort_by(|a, b| key(a).cmp(&key(b)));
    }
    let total = u64::from(options.replicates);
    let done = AtomicU64::new(0);
    control.report(Stage::Bootstrap, 0, total);
    let quiet = control.quiet();
    let replicates: Vec<Replicate> = (0..options.replicates)
        .into_par_iter()
        .map(|b| {
            control.check()?;
            let mut rows = Vec::with_capacity(pairs.len());
            for (cbsa, own) in &by_cbsa {
                let mut rng = stream(options.seed, cbsa, b);
                rows.extend((0..own.len()).map(|_| own[rng.gen_range(0..own.len())]));
            }
            let out = rsai_of_pairs(input, params, &pairs.rows(&rows), counts.clone(), &quiet)?;
            control.report(Stage::Bootstrap, done.fetch_add(1, Ordering::Relaxed) + 1, total);
            Ok(out
                .city
                .into_iter()
                .map(|s| ((s.region, s.weight), s.points.iter().map(|p| p.index).collect()))
                .collect())
        })
        .collect::<Result<_, EngineError>>()?;
    let tail = (1.0 - bands.level()) / 2.0;
    for series in city.iter_mut() {
        let key = (series.region.clone(), series.weight);
        for (k, point) in series.points.iter_mut().enumerate() {
            if k == 0 {
                // The base is 100 in every replicate (up to rounding): no uncertainty.
                if let Some(index) = point.index {
                    point.se = Some(0.0);
                    point.band = Some(Band { lower: index, upper: index });
                }
                continue;
            }
            let mut values: Vec<f64> =
                replicates.iter().filter_map(|r| r.get(&key).and_then(|v| v.get(k).copied().flatten())).collect();
            if point.index.is_none() || values.len() * 2 < replicates.len() {
                continue;
            }
            values.sort_by(f64::total_cmp);
            let logs: Vec<f64> = values.iter().map(|v| v.ln()).collect();
            let mean = logs.iter().sum::<f64>() / logs.len() as f64;
            let var = logs.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / (logs.len() - 1) as f64;
            point.se = Some(var.sqrt());
            point.band = Some(Band { lower: quantile(&values, tail), upper: quantile(&values, 1.0 - tail) });
        }
    }
    crate::series::keep_finite(city);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_depend_on_seed_cbsa_and_replicate_only() {
        let draw = |seed, cbsa, b| stream(seed, cbsa, b).gen::<u64>();
        assert_eq!(draw(1, "10180", 3), draw(1, "10180", 3));
        assert_ne!(draw(1, "10180", 3), draw(1, "10180", 4));
        assert_ne!(draw(1, "10180", 3), draw(1, "11100", 3));
        assert_ne!(draw(1, "10180", 3), draw(2, "10180", 3));
    }

    #[test]
    fn quantiles_interpolate_like_numpy() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&v, 0.0), 1.0);
        assert_eq!(quantile(&v, 1.0), 4.0);
        assert!((quantile(&v, 0.5) - 2.5).abs() < 1e-15);
        assert!((quantile(&v, 0.025) - 1.075).abs() < 1e-12);
    }

    #[test]
    fn too_few_replicates_are_refused() {
        assert!(matches!(Bootstrap::new(19, 1), Err(EngineError::InvalidParameter { param: Param::Bootstrap, .. })));
        assert!(Bootstrap::new(20, 1).is_ok());
    }
}
