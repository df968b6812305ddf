//! Re-estimating a run on subsets of its pairs: without each fold (k-fold
//! accuracy), and with only the sales up to each period (vintages, for
//! forecast accuracy and revision). Subsets are estimated in parallel with
//! the run's own parameters.

use super::measures::{log_levels, mean, median, smoothed};
use super::{Fit, PeriodRevision, Revision, Vintage, VintagePoint};
use crate::pairs::{PairCounts, Pairs};
use crate::params::Weight;
use crate::progress::{RunControl, Stage};
use crate::rsai::rsai_of_pairs;
use crate::series::IndexSeries;
use crate::EngineError;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};

/// The pairs for which `keep` holds.
fn subset(pairs: &Pairs, keep: impl Fn(usize) -> bool) -> Pairs {
    pairs.rows(&(0..pairs.len()).filter(|&i| keep(i)).collect::<Vec<_>>())
}

/// The index series of `fit` estimated on `pairs`, ending at period `last`
/// when given (a vintage: the output stops there).
fn estimate(
    fit: &Fit,
    pairs: &Pairs,
    counts: &PairCounts,
    last: Option<i32>,
    control: &RunControl,
) -> Result<Vec<IndexSeries>, EngineError> {
    let mut series = match *fit {
        Fit::Rsai { input, params } => {
            let params = last.map_or_else(|| params.clone(), |t| params.ending(t));
            rsai_of_pairs(input, &params, pairs, counts.clone(), control)?.city
        }
        Fit::Pooled { sales, params } => {
            let params = last.map_or_else(|| params.clone(), |t| params.ending(params.periodicity.year_of(t)));
            crate::pooled::pooled_of_pairs(sales, &params, pairs, counts.clone(), control)?.series
        }
    };
    if let Some(t) = last {
        for s in &mut series {
            s.points.retain(|p| p.period <= t);
        }
    }
    Ok(series)
}

/// ln(index) by period of each (region, weight) an estimate has.
type Levels = HashMap<(String, Option<Weight>), HashMap<i32, f64>>;

fn levels_of(series: &[IndexSeries]) -> Levels {
    series.iter().map(|s| ((s.region.clone(), s.weight), log_levels(&s.points))).collect()
}

/// The same for the smoothed series, where the run smooths.
fn smoothed_levels_of(series: &[IndexSeries]) -> Levels {
    series.iter().filter_map(|s| Some(((s.region.clone(), s.weight), log_levels(&smoothed(&s.points)?)))).collect()
}

/// K-fold log errors per series of the run, of the index and of its smoothed values.
pub(super) struct FoldErrors {
    pub(super) k: u32,
    pub(super) seed: u64,
    pub(super) errors: Vec<DatedErrors>,
    /// Empty when the run does not smooth.
    pub(super) smoothed: Vec<DatedErrors>,
}

/// Per series of the run, the log errors (with the period of the second
/// sale) of predicting each fold's pairs
/// with the index estimated without that fold. Folds come from one shuffle
/// of all pairs seeded with `seed`: pair i is in fold (its position) mod k.
#[allow(clippy::too_many_arguments)]
pub(super) fn kfold(
    fit: &Fit,
    series: &[IndexSeries],
    pairs: &Pairs,
    counts: &PairCounts,
    by_region: &BTreeMap<String, Vec<usize>>,
    k: u32,
    seed: u64,
    control: &RunControl,
) -> Result<FoldErrors, EngineError> {
    let mut order: Vec<usize> = (0..pairs.len()).collect();
    order.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
    let mut fold = vec![0u32; pairs.len()];
    for (position, &i) in order.iter().enumerate() {
        fold[i] = position as u32 % k;
    }
    let done = AtomicU64::new(0);
    control.report(Stage::Folds, 0, u64::from(k));
    let quiet = control.quiet();
    // Only a run that smooths has smoothed values to predict with.
    let smooths = fit.smooth().is_some();
    let per_fold: Vec<(Levels, Levels)> = (0..k)
        .into_par_iter()
        .map(|f| {
            control.check()?;
            let training = subset(pairs, |i| fold[i] != f);
            let estimate = estimate(fit, &training, counts, None, &quiet)?;
            control.report(Stage::Folds, done.fetch_add(1, Ordering::Relaxed) + 1, u64::from(k));
            let smoothed = if smooths { smoothed_levels_of(&estimate) } else { Levels::new() };
            Ok((levels_of(&estimate), smoothed))
        })
        .collect::<Result<_, EngineError>>()?;
    let none = Vec::new();
    let errors_by = |smooth: bool| -> Vec<DatedErrors> {
        series
            .iter()
            .map(|s| {
                let key = (s.region.clone(), s.weight);
                by_region
                    .get(&s.region)
                    .unwrap_or(&none)
                    .iter()
                    .filter_map(|&i| {
                        let (raw, smoothed) = &per_fold[fold[i] as usize];
                        let levels = if smooth { smoothed } else { raw }.get(&key)?;
                        Some((pairs.p1[i], pairs.log_error(i, levels)?))
                    })
                    .collect()
            })
            .collect()
    };
    let smoothed = if smooths { errors_by(true) } else { Vec::new() };
    Ok(FoldErrors { k, seed, errors: errors_by(false), smoothed })
}

/// Log errors, each with the period of its pair's second sale.
pub(super) type DatedErrors = Vec<(i32, f64)>;

/// One vintage of one series: (period, label, value) from the first period to its end.
type VintagePoints = Vec<(i32, String, Option<f64>)>;

/// Every vintage of a run and what they say.
pub(super) struct Vintages {
    /// Per series of the run: log errors of the pairs sold again in the period
    /// after each vintage (but the last), predicted with that vintage held flat.
    pub forecast_errors: Vec<Vec<f64>>,
    /// Per series of the run, per vintage (first to last): its points.
    points: Vec<Vec<VintagePoints>>,
    /// Each vintage's last period, labelled.
    ends: Vec<String>,
}

impl Vintages {
    /// Series `s`'s revision: per period after the first, the change between
    /// consecutive vintages that both hold it, in index points.
    pub(super) fn revision(&self, s: usize) -> Revision {
        let vintages = &self.points[s];
        let mut changes: BTreeMap<i32, Vec<f64>> = BTreeMap::new();
        for pair in vintages.windows(2) {
            let later: HashMap<i32, f64> = pair[1].iter().filter_map(|(p, _, v)| Some((*p, (*v)?))).collect();
            // The first period is the base, 100 in every vintage.
            for (p, _, v) in pair[0].iter().skip(1) {
                if let (Some(before), Some(after)) = (v, later.get(p)) {
                    changes.entry(*p).or_default().push(after - before);
                }
            }
        }
        let label = |p: i32| {
            vintages
                .last()
                .and_then(|v| v.iter().find(|(q, _, _)| *q == p))
                .map(|(_, l, _)| l.clone())
                .unwrap_or_default()
        };
        let by_period: Vec<PeriodRevision> = changes
            .into_iter()
            .map(|(p, mut d)| PeriodRevision {
                period: label(p),
                mean: mean(&d).expect("a period with changes"),
                median: median(&mut d).expect("a period with changes"),
            })
            .collect();
        let means: Vec<f64> = by_period.iter().map(|r| r.mean).collect();
        let mut medians: Vec<f64> = by_period.iter().map(|r| r.median).collect();
        Revision {
            first_vintage: self.ends[0].clone(),
            vintages: vintages.len() as u32,
            mean: mean(&means),
            median: median(&mut medians),
            by_period,
            series: vintages
                .iter()
                .zip(&self.ends)
                .map(|(v, last)| Vintage {
                    last_period: last.clone(),
                    index: v.iter().map(|(_, l, i)| VintagePoint { period: l.clone(), index: *i }).collect(),
                })
                .collect(),
        }
    }
}

/// Vintages ending at `first`, `first + 1`, … up to the run's last period,
/// each estimated only on the pairs whose second sale is in a period up to
/// its end.
pub(super) fn vintages(
    fit: &Fit,
    series: &[IndexSeries],
    pairs: &Pairs,
    counts: &PairCounts,
    by_region: &BTreeMap<String, Vec<usize>>,
    first: i32,
    control: &RunControl,
) -> Result<Vintages, EngineError> {
    let last = series.iter().flat_map(|s| s.points.last()).map(|p| p.period).max().unwrap_or(first);
    let ends: Vec<i32> = (first..=last).collect();
    let done = AtomicU64::new(0);
    let total = ends.len() as u64;
    control.report(Stage::Vintages, 0, total);
    let quiet = control.quiet();
    let estimates: Vec<Vec<IndexSeries>> = ends
        .par_iter()
        .map(|&t| {
            control.check()?;
            let known = subset(pairs, |i| pairs.p1[i] <= t);
            let out = estimate(fit, &known, counts, Some(t), &quiet)?;
            control.report(Stage::Vintages, done.fetch_add(1, Ordering::Relaxed) + 1, total);
            Ok(out)
        })
        .collect::<Result<_, EngineError>>()?;
    let levels: Vec<Levels> = estimates.iter().map(|e| levels_of(e)).collect();
    let none = Vec::new();
    let mut forecast_errors = vec![Vec::new(); series.len()];
    let mut points = vec![Vec::new(); series.len()];
    for (s, one) in series.iter().enumerate() {
        let key = (one.region.clone(), one.weight);
        for (v, estimate) in estimates.iter().enumerate() {
            let found = estimate.iter().find(|e| (e.region.as_str(), e.weight) == (one.region.as_str(), one.weight));
            let value_at =
                |period: i32| found.and_then(|e| e.points.iter().find(|q| q.period == period)).and_then(|q| q.index);
            let vintage_points = one
                .points
                .iter()
                .filter(|p| p.period <= ends[v])
                .map(|p| (p.period, p.label.clone(), value_at(p.period)))
                .collect();
            points[s].push(vintage_points);
        }
        // The region's pairs by the period of their second sale.
        let mut by_second: HashMap<i32, Vec<usize>> = HashMap::new();
        for &i in by_region.get(&one.region).unwrap_or(&none) {
            by_second.entry(pairs.p1[i]).or_default().push(i);
        }
        for (v, &t) in ends.iter().enumerate().take(ends.len().saturating_sub(1)) {
            let Some(held) = levels[v].get(&key) else { continue };
            let Some(&at_t) = held.get(&t) else { continue };
            for &i in by_second.get(&(t + 1)).unwrap_or(&none) {
                if let Some(start) = held.get(&pairs.p0[i]) {
                    forecast_errors[s].push(at_t - start - pairs.y[i]);
                }
            }
        }
    }
    let ends = ends
        .iter()
        .map(|&t| {
            let point = series.iter().flat_map(|s| s.points.iter()).find(|p| p.period == t);
            point.map_or_else(String::new, |p| p.label.clone())
        })
        .collect();
    Ok(Vintages { forecast_errors, points, ends })
}
