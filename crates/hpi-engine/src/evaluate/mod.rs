//! How well an index fits its data: volatility of its period changes, the
//! accuracy of predicting each pair's second price from its first (in sample,
//! k-fold and forecast), and how much the index is revised as later sales
//! arrive (`docs/methodology.md#accuracy-volatility-and-revision`).

mod measures;
mod refit;

pub use measures::{accuracy, volatility};

use crate::pairs::{PairCounts, PairPrices, Pairs};
use crate::params::{CheckedPooled, CheckedRsai, Weight};
use crate::period::Periodicity;
use crate::progress::RunControl;
use crate::rsai::RsaiInput;
use crate::series::{IndexPoint, IndexSeries};
use crate::{EngineError, Param};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A figure for one period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeriodValue {
    /// Period label, as in the index.
    pub period: String,
    /// The figure.
    pub value: f64,
}

/// The rolling standard deviation of an index's period changes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Volatility {
    /// Changes per window.
    pub window: u32,
    /// Mean over the periods that have a value; `None` when none has.
    pub mean: Option<f64>,
    /// Median over the same periods.
    pub median: Option<f64>,
    /// Per period: the sample standard deviation of the window of changes centred on it.
    pub by_period: Vec<PeriodValue>,
}

/// How far the index's predictions of second sale prices fall from the prices.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Accuracy {
    /// Pairs predicted (both periods have an index value).
    pub pairs: u64,
    /// Median absolute relative error, as a fraction (0.1 is 10 %).
    pub mdape: Option<f64>,
    /// Mean of ln(predicted) − ln(actual).
    pub mean_log_error: Option<f64>,
    /// Median of the same.
    pub median_log_error: Option<f64>,
    /// Share of pairs predicted within ±10 %, as a fraction.
    pub pe10: Option<f64>,
}

/// Accuracy of each fold's pairs predicted by the index made without them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KFoldAccuracy {
    /// Folds.
    pub k: u32,
    /// Seed of the shuffle that made them.
    pub seed: u64,
    /// The figures.
    #[serde(flatten)]
    pub accuracy: Accuracy,
}

/// Accuracy of the pairs whose second sale is in one period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeriodAccuracy {
    /// Period label of the second sale.
    pub period: String,
    /// In sample.
    pub insample: Accuracy,
    /// K-fold, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kfold: Option<Accuracy>,
}

/// Accuracy measured in the ways asked for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccuracySet {
    /// Every pair of the run, predicted by the index made from them all.
    pub insample: Accuracy,
    /// Each fold predicted by the index made without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kfold: Option<KFoldAccuracy>,
    /// The pairs sold again in the period after each vintage, predicted by that
    /// vintage's index held flat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forecast: Option<Accuracy>,
    /// In-sample and k-fold accuracy per period of the second sale.
    #[serde(default)]
    pub by_period: Vec<PeriodAccuracy>,
}

/// How much one period's value moved between consecutive vintages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeriodRevision {
    /// Period label.
    pub period: String,
    /// Mean revision, in index points.
    pub mean: f64,
    /// Median revision, in index points.
    pub median: f64,
}

/// One value of a vintage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VintagePoint {
    /// Period label.
    pub period: String,
    /// The index as that vintage had it.
    pub index: Option<f64>,
}

/// The index as it would have been published at the end of one period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Vintage {
    /// The last period whose sales it uses.
    pub last_period: String,
    /// From the first period to `last_period`.
    pub index: Vec<VintagePoint>,
}

/// How the index changes as later sales arrive.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Revision {
    /// The first vintage's last period.
    pub first_vintage: String,
    /// How many vintages there are.
    pub vintages: u32,
    /// Mean of the per-period means.
    pub mean: Option<f64>,
    /// Median of the per-period medians.
    pub median: Option<f64>,
    /// Per period revised at least once.
    pub by_period: Vec<PeriodRevision>,
    /// The vintages themselves.
    pub series: Vec<Vintage>,
}

/// One period's change of the index and its standard error.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeriodChange {
    /// Period label.
    pub period: String,
    /// ln(Iₜ/Iₜ₋₁), the log change from the previous period.
    pub change: f64,
    /// Its analytic standard error, where the fit has residual degrees of freedom.
    pub se: Option<f64>,
}

/// The diagnostics of one index series.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeriesEvaluation {
    /// CBSA or region.
    pub region: String,
    /// `rsai`, `bmn` or `wrs`.
    pub method: String,
    /// The RSAI weight; `None` for pooled methods.
    pub weight: Option<Weight>,
    /// Volatility.
    pub volatility: Volatility,
    /// The index's log change per period with its standard error (for RSAI
    /// the analytic per-year standard error of appreciation).
    #[serde(default)]
    pub appreciation: Vec<PeriodChange>,
    /// Accuracy.
    pub accuracy: AccuracySet,
    /// Revision, when vintages were asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<Revision>,
    /// The same measures of the smoothed series, when the run smoothed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smoothed: Option<SmoothedEvaluation>,
}

/// Volatility and accuracy of a smoothed series (the folds' indices smoothed
/// as the run's was); forecast accuracy and revision are the index's own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SmoothedEvaluation {
    /// Periods in the moving average.
    pub order: u32,
    /// Volatility of the smoothed values.
    pub volatility: Volatility,
    /// Accuracy of predicting each pair's second price with the smoothed values.
    pub accuracy: AccuracySet,
}

/// The version of [`Evaluation`] this build writes.
pub const EVALUATION_VERSION: u32 = 1;

fn evaluation_version() -> u32 {
    EVALUATION_VERSION
}

/// Every series' diagnostics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Evaluation {
    /// The version of this shape; fields added later take their defaults.
    #[serde(default = "evaluation_version")]
    pub version: u32,
    /// In the order of the run's series.
    pub series: Vec<SeriesEvaluation>,
}

/// The default volatility window.
pub const DEFAULT_VOLATILITY_WINDOW: u32 = 3;
/// The default number of folds.
pub const DEFAULT_KFOLD: u32 = 10;
/// The default seed of the fold shuffle.
pub const DEFAULT_SEED: u64 = 1;

/// What an evaluation measures, checked once.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EvaluateOptions {
    window: usize,
    kfold: Option<(u32, u64)>,
    first_vintage: Option<i32>,
}

impl EvaluateOptions {
    /// Volatility over centred windows of `window` changes: odd, at least 3.
    pub fn new(window: u32) -> Result<EvaluateOptions, EngineError> {
        if window < 3 || window.is_multiple_of(2) {
            return Err(EngineError::InvalidParameter {
                param: Param::VolatilityWindow,
                reason: format!("{window} is not an odd number of periods of at least 3"),
            });
        }
        Ok(EvaluateOptions { window: window as usize, kfold: None, first_vintage: None })
    }

    /// Also k-fold accuracy, the folds drawn by a shuffle seeded with `seed`.
    pub fn kfold(self, k: u32, seed: u64) -> Result<EvaluateOptions, EngineError> {
        if k < 2 {
            return Err(EngineError::InvalidParameter {
                param: Param::KFold,
                reason: format!("{k} folds: at least 2 are needed"),
            });
        }
        Ok(EvaluateOptions { kfold: Some((k, seed)), ..self })
    }

    /// Also revision and forecast accuracy, with vintages from the one ending
    /// in the period labelled `first` (`2012`, `2012-Q3`, `2012-03`) to the
    /// last, for a run of `periodicity` from year `start` to year `end`.
    pub fn revision_from(
        self,
        first: &str,
        periodicity: Periodicity,
        start: i32,
        end: i32,
    ) -> Result<EvaluateOptions, EngineError> {
        let bad = |reason: String| EngineError::InvalidParameter { param: Param::RevisionFrom, reason };
        let period = periodicity.parse_label(first).ok_or_else(|| {
            bad(format!(
                "'{first}' is not a {} period such as {}",
                periodicity.name(),
                periodicity.label(periodicity.first_of_year(end))
            ))
        })?;
        let (lo, hi) = (periodicity.first_of_year(start), periodicity.last_of_year(end));
        if period <= lo || period > hi {
            return Err(bad(format!(
                "{first} is not after the first period {} and up to the last {}",
                periodicity.label(lo),
                periodicity.label(hi)
            )));
        }
        Ok(EvaluateOptions { first_vintage: Some(period), ..self })
    }
}

/// The run that made the series: the pairs are remade exactly as it made
/// them, and re-estimated on subsets with the same parameters.
#[derive(Clone, Copy)]
pub enum Fit<'a> {
    /// RSAI: pairs within tracts, predicted with their CBSA's index.
    Rsai {
        /// Sales, tracts and attributes.
        input: RsaiInput<'a>,
        /// The run's parameters.
        params: &'a CheckedRsai,
    },
    /// BMN or WRS: pairs within regions.
    Pooled {
        /// The sales.
        sales: &'a crate::table::Sales,
        /// The run's parameters.
        params: &'a CheckedPooled,
    },
}

impl Fit<'_> {
    /// The order of the run's smoothing, if it smooths.
    pub(super) fn smooth(&self) -> Option<u32> {
        match *self {
            Fit::Rsai { params, .. } => params.smooth,
            Fit::Pooled { params, .. } => params.smooth,
        }
    }

    fn pairs(&self) -> (Pairs, PairCounts) {
        match *self {
            Fit::Rsai { input, params } => crate::rsai::rsai_pairs(input.sales, params, PairPrices::Drop),
            Fit::Pooled { sales, params } => crate::pooled::pooled_pairs(sales, params),
        }
    }

    /// The pairs each series predicts, by the series' region: RSAI's by the
    /// CBSA of their tract, the pooled methods' as they were estimated
    /// (region, or region and price tier).
    fn series_rows(&self, pairs: &Pairs) -> BTreeMap<String, Vec<usize>> {
        match *self {
            Fit::Rsai { input, .. } => {
                let t = input.tracts;
                let mut by_region: BTreeMap<String, Vec<usize>> = BTreeMap::new();
                for (i, &u) in pairs.unit.iter().enumerate() {
                    by_region.entry(t.cbsa_names[t.cbsa[u as usize] as usize].clone()).or_default().push(i);
                }
                by_region
            }
            Fit::Pooled { sales, params } => crate::pooled::series_rows(sales, params, pairs).0.into_iter().collect(),
        }
    }
}

/// Volatility and accuracy of every series of a run, and revision when
/// vintages were asked for. Re-estimation runs in parallel, reports progress
/// and stops when `control` is cancelled.
pub fn evaluate(
    fit: Fit,
    series: &[IndexSeries],
    options: &EvaluateOptions,
    control: &RunControl,
) -> Result<Evaluation, EngineError> {
    let (pairs, counts) = fit.pairs();
    let by_region = fit.series_rows(&pairs);
    let none = Vec::new();
    let kfold = match options.kfold {
        Some((k, seed)) => Some(refit::kfold(&fit, series, &pairs, &counts, &by_region, k, seed, control)?),
        None => None,
    };
    let vintages = match options.first_vintage {
        Some(first) => Some(refit::vintages(&fit, series, &pairs, &counts, &by_region, first, control)?),
        None => None,
    };
    let series = series
        .iter()
        .enumerate()
        .map(|(s, one)| {
            let rows = by_region.get(&one.region).unwrap_or(&none);
            let folds = kfold.as_ref().map(|f| f.errors[s].as_slice());
            let accuracy_of = |points: &[IndexPoint], folds: Option<&[(i32, f64)]>| {
                let levels = measures::log_levels(points);
                let insample: Vec<(i32, f64)> =
                    rows.iter().filter_map(|&i| Some((pairs.p1[i], pairs.log_error(i, &levels)?))).collect();
                AccuracySet {
                    insample: accuracy(&errors_only(&insample)),
                    kfold: kfold.as_ref().zip(folds).map(|(f, errors)| KFoldAccuracy {
                        k: f.k,
                        seed: f.seed,
                        accuracy: accuracy(&errors_only(errors)),
                    }),
                    forecast: None,
                    by_period: measures::accuracy_by_period(points, &insample, folds),
                }
            };
            let smoothed = measures::smoothed(&one.points).map(|points| SmoothedEvaluation {
                order: fit.smooth().expect("smoothed values come from a run that smooths"),
                volatility: volatility(&points, options.window),
                accuracy: accuracy_of(&points, kfold.as_ref().map(|f| f.smoothed[s].as_slice())),
            });
            SeriesEvaluation {
                region: one.region.clone(),
                method: one.method.to_owned(),
                weight: one.weight,
                volatility: volatility(&one.points, options.window),
                appreciation: measures::changes(&one.points),
                accuracy: AccuracySet {
                    forecast: vintages.as_ref().map(|v| accuracy(&v.forecast_errors[s])),
                    ..accuracy_of(&one.points, folds)
                },
                revision: vintages.as_ref().map(|v| v.revision(s)),
                smoothed,
            }
        })
        .collect();
    Ok(Evaluation { version: EVALUATION_VERSION, series })
}

fn errors_only(errors: &[(i32, f64)]) -> Vec<f64> {
    errors.iter().map(|e| e.1).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_checked_once() {
        assert!(EvaluateOptions::new(3).is_ok() && EvaluateOptions::new(5).is_ok());
        for bad in [0, 1, 2, 4] {
            assert!(matches!(
                EvaluateOptions::new(bad),
                Err(EngineError::InvalidParameter { param: Param::VolatilityWindow, .. })
            ));
        }
        let o = EvaluateOptions::new(3).unwrap();
        assert!(matches!(o.kfold(1, 1), Err(EngineError::InvalidParameter { param: Param::KFold, .. })));
        let q = Periodicity::Quarterly;
        assert_eq!(o.revision_from("2012-Q3", q, 2010, 2016).unwrap().first_vintage, Some(2012 * 4 + 2));
        for bad in ["2010-Q1", "2017-Q1", "2012", "2012-Q5", "soon"] {
            assert!(
                matches!(
                    o.revision_from(bad, q, 2010, 2016),
                    Err(EngineError::InvalidParameter { param: Param::RevisionFrom, .. })
                ),
                "{bad}"
            );
        }
    }
}
