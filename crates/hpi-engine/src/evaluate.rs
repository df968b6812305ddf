//! How well an index fits its data: volatility of its period changes and
//! the accuracy of predicting each pair's second price from its first
//! (`docs/methodology.md#accuracy-and-volatility`).

use crate::pairs::{make_pairs, PairUnit, Pairs};
use crate::params::{CheckedPooled, CheckedRsai, Weight};
use crate::period::Periodicity;
use crate::pooled::ALL_REGION;
use crate::series::{IndexPoint, IndexSeries};
use crate::table::{Sales, Tracts, NONE};
use crate::{EngineError, Param};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// A figure for one period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PeriodValue {
    /// Period label, as in the index.
    pub period: String,
    /// The figure.
    pub value: f64,
}

/// The rolling standard deviation of an index's period changes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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

/// Accuracy measured in the ways asked for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AccuracySet {
    /// Every pair of the run, predicted by the index made from them all.
    pub insample: Accuracy,
}

/// The diagnostics of one index series.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SeriesEvaluation {
    /// CBSA or region.
    pub region: String,
    /// `rsai`, `bmn` or `wrs`.
    pub method: String,
    /// The RSAI weight; `None` for pooled methods.
    pub weight: Option<Weight>,
    /// Volatility.
    pub volatility: Volatility,
    /// Accuracy.
    pub accuracy: AccuracySet,
}

/// Every series' diagnostics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Evaluation {
    /// In the order of the run's series.
    pub series: Vec<SeriesEvaluation>,
}

/// What an evaluation measures, checked once.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EvaluateOptions {
    window: usize,
}

/// The default volatility window.
pub const DEFAULT_VOLATILITY_WINDOW: u32 = 3;

impl EvaluateOptions {
    /// Volatility over centred windows of `window` changes: odd, at least 3.
    pub fn new(window: u32) -> Result<EvaluateOptions, EngineError> {
        if window < 3 || window.is_multiple_of(2) {
            return Err(EngineError::InvalidParameter {
                param: Param::VolatilityWindow,
                reason: format!("{window} is not an odd number of periods of at least 3"),
            });
        }
        Ok(EvaluateOptions { window: window as usize })
    }
}

/// The run that made the series: the pairs are remade exactly as it made them.
#[derive(Clone, Copy)]
pub enum Fit<'a> {
    /// RSAI: pairs within tracts, predicted with their CBSA's index.
    Rsai {
        /// The sales.
        sales: &'a Sales,
        /// The tracts, for each tract's CBSA.
        tracts: &'a Tracts,
        /// The run's parameters.
        params: &'a CheckedRsai,
    },
    /// BMN or WRS: pairs within regions.
    Pooled {
        /// The sales.
        sales: &'a Sales,
        /// The run's parameters.
        params: &'a CheckedPooled,
    },
}

impl Fit<'_> {
    /// The run's pairs grouped by the region whose index predicts them.
    fn pairs_by_region(&self) -> (Pairs, BTreeMap<String, Vec<usize>>) {
        let (pairs, region_of): (Pairs, Box<dyn Fn(u32) -> String>) = match *self {
            Fit::Rsai { sales, tracts, params } => {
                let (pairs, _) = make_pairs(sales, Periodicity::Annual, params.dedupe, params.filters, PairUnit::Tract);
                (pairs, Box::new(move |t: u32| tracts.cbsa_names[tracts.cbsa[t as usize] as usize].clone()))
            }
            Fit::Pooled { sales, params } => {
                let (pairs, _) = make_pairs(sales, params.periodicity, params.dedupe, params.filters, PairUnit::Region);
                let name = move |r: u32| {
                    if r == NONE {
                        ALL_REGION.to_owned()
                    } else {
                        sales.region_names[r as usize].clone()
                    }
                };
                (pairs, Box::new(name))
            }
        };
        let mut by_region: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, &u) in pairs.unit.iter().enumerate() {
            by_region.entry(region_of(u)).or_default().push(i);
        }
        (pairs, by_region)
    }
}

/// Volatility and in-sample accuracy of every series of a run.
pub fn evaluate(fit: Fit, series: &[IndexSeries], options: &EvaluateOptions) -> Evaluation {
    let (pairs, by_region) = fit.pairs_by_region();
    let none = Vec::new();
    let series = series
        .iter()
        .map(|s| {
            let rows = by_region.get(&s.region).unwrap_or(&none);
            SeriesEvaluation {
                region: s.region.clone(),
                method: s.method.to_owned(),
                weight: s.weight,
                volatility: volatility(&s.points, options.window),
                accuracy: AccuracySet { insample: accuracy(&log_errors(&s.points, &pairs, rows)) },
            }
        })
        .collect();
    Evaluation { series }
}

/// ln(predicted) − ln(actual) of the second price of each pair in `rows`
/// whose two periods have an index value: ln I(t₂) − ln I(t₁) − ln(P₂/P₁).
fn log_errors(points: &[IndexPoint], pairs: &Pairs, rows: &[usize]) -> Vec<f64> {
    let level: HashMap<i32, f64> = points.iter().filter_map(|p| p.index.map(|i| (p.period, i.ln()))).collect();
    rows.iter()
        .filter_map(|&i| {
            let (a, b) = (level.get(&pairs.p0[i])?, level.get(&pairs.p1[i])?);
            Some(b - a - pairs.y[i])
        })
        .collect()
}

/// The median of `values` (the mean of the middle two for an even count).
fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if !n.is_multiple_of(2) { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 })
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// Summarises log errors: the relative error of a prediction is exp(log error) − 1.
pub fn accuracy(log_errors: &[f64]) -> Accuracy {
    let mut absolute: Vec<f64> = log_errors.iter().map(|e| e.exp_m1().abs()).collect();
    let within = absolute.iter().filter(|e| **e <= 0.10).count();
    let n = log_errors.len();
    Accuracy {
        pairs: n as u64,
        mdape: median(&mut absolute),
        mean_log_error: mean(log_errors),
        median_log_error: median(&mut log_errors.to_vec()),
        pe10: (n > 0).then(|| within as f64 / n as f64),
    }
}

/// The sample standard deviation (n − 1) of the changes rₜ = Iₜ/Iₜ₋₁ − 1 in
/// the window of `window` changes centred on each period; a period whose
/// window reaches past the series or over a missing value has none.
pub fn volatility(points: &[IndexPoint], window: usize) -> Volatility {
    let change: Vec<Option<f64>> = (0..points.len())
        .map(|t| if t == 0 { None } else { Some(points[t].index? / points[t - 1].index? - 1.0) })
        .collect();
    let half = window / 2;
    let by_period: Vec<PeriodValue> = (1 + half..points.len().saturating_sub(half))
        .filter_map(|t| {
            let r: Option<Vec<f64>> = change[t - half..=t + half].iter().copied().collect();
            let r = r?;
            let m = r.iter().sum::<f64>() / r.len() as f64;
            let var = r.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (r.len() - 1) as f64;
            Some(PeriodValue { period: points[t].label.clone(), value: var.sqrt() })
        })
        .collect();
    let mut values: Vec<f64> = by_period.iter().map(|v| v.value).collect();
    Volatility { window: window as u32, mean: mean(&values), median: median(&mut values), by_period }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(values: &[Option<f64>]) -> Vec<IndexPoint> {
        values
            .iter()
            .enumerate()
            .map(|(k, v)| IndexPoint { period: k as i32, label: format!("p{k}"), index: *v, se: None, note: None })
            .collect()
    }

    #[test]
    fn volatility_is_the_rolling_sample_deviation_of_changes_centred_on_each_period() {
        // Changes: +10 %, −10 %, +10 %, 0 %.
        let p = points(&[Some(100.0), Some(110.0), Some(99.0), Some(108.9), Some(108.9)]);
        let v = volatility(&p, 3);
        let sd = |r: [f64; 3]| {
            let m = r.iter().sum::<f64>() / 3.0;
            (r.iter().map(|x| (x - m).powi(2)).sum::<f64>() / 2.0).sqrt()
        };
        let labels: Vec<&str> = v.by_period.iter().map(|x| x.period.as_str()).collect();
        assert_eq!(labels, ["p2", "p3"]);
        assert!((v.by_period[0].value - sd([0.1, -0.1, 0.1])).abs() < 1e-12);
        assert!((v.by_period[1].value - sd([-0.1, 0.1, 0.0])).abs() < 1e-12);
        assert!((v.mean.unwrap() - (v.by_period[0].value + v.by_period[1].value) / 2.0).abs() < 1e-15);
        // A missing value leaves out every window over it.
        let gap = volatility(&points(&[Some(100.0), Some(110.0), None, Some(108.9), Some(108.9)]), 3);
        assert!(gap.by_period.is_empty() && gap.mean.is_none());
    }

    #[test]
    fn accuracy_summarises_relative_and_log_errors() {
        let errors = [0.05f64.ln_1p(), (-0.2f64).ln_1p(), 0.09f64.ln_1p(), 0.0];
        let a = accuracy(&errors);
        assert_eq!(a.pairs, 4);
        assert!((a.mdape.unwrap() - 0.07).abs() < 1e-12);
        assert!((a.pe10.unwrap() - 0.75).abs() < 1e-15);
        assert!((a.median_log_error.unwrap() - (0.0 + 0.05f64.ln_1p()) / 2.0).abs() < 1e-15);
        assert_eq!(accuracy(&[]).mdape, None);
    }

    #[test]
    fn windows_must_be_odd_and_at_least_three() {
        assert!(EvaluateOptions::new(3).is_ok() && EvaluateOptions::new(5).is_ok());
        for bad in [0, 1, 2, 4] {
            assert!(matches!(
                EvaluateOptions::new(bad),
                Err(EngineError::InvalidParameter { param: Param::VolatilityWindow, .. })
            ));
        }
    }
}
