//! The figures of an evaluation: accuracy summaries of log errors, and the
//! volatility of an index's period changes.

use super::{Accuracy, PeriodAccuracy, PeriodChange, PeriodValue, Volatility};
use crate::series::IndexPoint;
use std::collections::{BTreeMap, HashMap};

/// ln(index) per period, for the periods that have a value.
pub(super) fn log_levels(points: &[IndexPoint]) -> HashMap<i32, f64> {
    points.iter().filter_map(|p| p.index.map(|i| (p.period, i.ln()))).collect()
}

/// The smoothed series as points of their own (its value as the index), so
/// that every measure reads it as it reads the index; `None` when the
/// series was not smoothed.
pub(super) fn smoothed(points: &[IndexPoint]) -> Option<Vec<IndexPoint>> {
    points
        .iter()
        .any(|p| p.index_smooth.is_some())
        .then(|| points.iter().map(|p| IndexPoint { index: p.index_smooth, index_sa: None, ..p.clone() }).collect())
}

/// The median of `values` (the mean of the middle two for an even count).
pub(super) fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if !n.is_multiple_of(2) { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 })
}

pub(super) fn mean(values: &[f64]) -> Option<f64> {
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

/// Accuracy per period of the second sale, of the in-sample errors and, when
/// given, the k-fold ones (each error with its second sale's period), for the
/// periods of `points` that have any pair.
pub fn accuracy_by_period(
    points: &[IndexPoint],
    insample: &[(i32, f64)],
    kfold: Option<&[(i32, f64)]>,
) -> Vec<PeriodAccuracy> {
    let group = |errors: &[(i32, f64)]| {
        let mut by: BTreeMap<i32, Vec<f64>> = BTreeMap::new();
        for &(p, e) in errors {
            by.entry(p).or_default().push(e);
        }
        by
    };
    let (inside, folds) = (group(insample), kfold.map(group));
    points
        .iter()
        .filter_map(|p| {
            let errors = inside.get(&p.period)?;
            Some(PeriodAccuracy {
                period: p.label.clone(),
                insample: accuracy(errors),
                kfold: folds.as_ref().map(|f| accuracy(f.get(&p.period).map_or(&[][..], Vec::as_slice))),
            })
        })
        .collect()
}

/// Each period's log change from the previous one, where both have a value,
/// with its standard error.
pub fn changes(points: &[IndexPoint]) -> Vec<PeriodChange> {
    points
        .windows(2)
        .filter_map(|w| {
            Some(PeriodChange {
                period: w[1].label.clone(),
                change: (w[1].index? / w[0].index?).ln(),
                se: w[1].change_se,
            })
        })
        .collect()
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
            let r: Vec<f64> = change[t - half..=t + half].iter().copied().collect::<Option<_>>()?;
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
            .map(|(k, v)| IndexPoint { period: k as i32, label: format!("p{k}"), index: *v, ..IndexPoint::empty() })
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
    fn accuracy_by_period_groups_errors_by_the_second_sale() {
        let p = points(&[Some(100.0), Some(110.0), Some(120.0)]);
        let insample = [(1, 0.1), (2, -0.2), (1, 0.3)];
        let rows = accuracy_by_period(&p, &insample, Some(&[(2, 0.05)]));
        let labels: Vec<&str> = rows.iter().map(|r| r.period.as_str()).collect();
        assert_eq!(labels, ["p1", "p2"]);
        assert_eq!(rows[0].insample, accuracy(&[0.1, 0.3]));
        assert_eq!(rows[0].kfold.as_ref().unwrap().pairs, 0);
        assert_eq!(rows[1].kfold, Some(accuracy(&[0.05])));
        assert!(accuracy_by_period(&p, &insample, None)[0].kfold.is_none());
    }

    #[test]
    fn changes_are_log_ratios_of_consecutive_values() {
        let mut p = points(&[Some(100.0), Some(110.0), None, Some(120.0)]);
        p[1].change_se = Some(0.02);
        let c = changes(&p);
        assert_eq!(c.len(), 1);
        assert_eq!((c[0].period.as_str(), c[0].se), ("p1", Some(0.02)));
        assert!((c[0].change - 1.1f64.ln()).abs() < 1e-15);
    }
}
