//! Robust BMN: Huber M-estimation by iteratively reweighted least squares,
//! step for step as statsmodels' `RLM(y, X, M=HuberT(1.345)).fit()`
//! (`docs/methodology.md#robust-bmn`). The weights are per pair, so the
//! fit runs on pairs, summed into weighted cells for each least-squares step.

use crate::bmn::{self, Cell, Solution, NO_COMPONENT};
use crate::filters::MAD_TO_SD;
use crate::EngineError;
use serde::{Deserialize, Serialize};

/// Huber's tuning constant: 95 % efficiency at the normal (statsmodels' `HuberT` default).
pub const HUBER_T: f64 = 1.345;
/// Iterations stop when Huber's criterion changes by no more than this.
pub const TOLERANCE: f64 = 1e-8;
/// Least-squares fits at most, the first (OLS) included.
pub const MAX_ITERATIONS: u32 = 50;

/// How a robust fit went, for the quality report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RobustFit {
    /// Least-squares fits made, the first (OLS) included (statsmodels' `fit_history['iteration']`).
    pub iterations: u32,
    /// Whether the criterion settled before the iteration limit.
    pub converged: bool,
    /// The final scale: the MAD of the residuals about 0 / 0.6745.
    pub scale: f64,
    /// Pairs with a weight below 1 in the last fit.
    pub down_weighted: u64,
    /// Pairs fitted.
    pub pairs: u64,
}

/// Huber's weight of a standardised residual.
fn weight(z: f64) -> f64 {
    if z.abs() <= HUBER_T {
        1.0
    } else {
        HUBER_T / z.abs()
    }
}

/// Huber's ρ.
fn rho(z: f64) -> f64 {
    if z.abs() <= HUBER_T {
        0.5 * z * z
    } else {
        HUBER_T * z.abs() - 0.5 * HUBER_T * HUBER_T
    }
}

/// The MAD about 0 over 0.6745 (statsmodels' `scale.mad(r, center=0)`).
fn mad_scale(residuals: &[f64], scratch: &mut Vec<f64>) -> f64 {
    scratch.clear();
    scratch.extend(residuals.iter().map(|r| r.abs() / MAD_TO_SD));
    let n = scratch.len();
    if n == 0 {
        return 0.0;
    }
    let (below, middle, _) = scratch.select_nth_unstable_by(n / 2, f64::total_cmp);
    let upper = *middle;
    if n % 2 == 1 {
        upper
    } else {
        0.5 * (below.iter().copied().fold(f64::NEG_INFINITY, f64::max) + upper)
    }
}

/// The fitted log relative of a pair between periods `a` and `b` (0 within one period).
fn fitted(solution: &Solution, a: u32, b: u32) -> f64 {
    if a == b {
        0.0
    } else {
        solution.delta[b as usize] - solution.delta[a as usize]
    }
}

/// Weighted cells of `triples`, which are sorted by `(a, b)` (as [`bmn::cells_of`] leaves them).
fn weighted_cells(triples: &[(u32, u32, f64)], weights: &[f64]) -> Vec<Cell> {
    bmn::cells_of_sorted(triples.iter().zip(weights).map(|(&(a, b, y), &w)| (a, b, y, w)))
}

/// Huber M-estimation of BMN over `periods` periods from `(a, b, y)` triples
/// sorted by `(a, b)`: OLS, then, until Σρ changes by at most [`TOLERANCE`] or
/// [`MAX_ITERATIONS`] fits are made, weights min(1, 1.345·s/|r|) from the last
/// residuals r and their scale s, and a weighted refit. As statsmodels does,
/// the criterion standardises the residuals by the weighted fit's σ̂²
/// (Σwr²/(n−p)), and a scale of 0 (a perfect fit) stops the iterations.
pub fn huber(periods: usize, triples: &[(u32, u32, f64)], what: &str) -> Result<(Solution, RobustFit), EngineError> {
    let n = triples.len();
    let mut weights = vec![1.0; n];
    let mut solution = bmn::solve(periods, &weighted_cells(triples, &weights), what)?;
    let free =
        (0..periods).filter(|&p| solution.component[p] != NO_COMPONENT && solution.component[p] != p as u32).count();
    let df = n as f64 - free as f64;
    let mut residuals: Vec<f64> = triples.iter().map(|&(a, b, y)| y - fitted(&solution, a, b)).collect();
    let criterion = |residuals: &[f64], weights: &[f64]| {
        let sigma2 = residuals.iter().zip(weights).map(|(r, w)| w * r * r).sum::<f64>() / df;
        residuals.iter().map(|r| rho(r / sigma2)).sum::<f64>()
    };
    let mut scratch = Vec::with_capacity(n);
    let mut scale = mad_scale(&residuals, &mut scratch);
    let mut previous = criterion(&residuals, &weights);
    let mut iterations = 1;
    let mut converged = true;
    loop {
        if scale == 0.0 {
            break;
        }
        for (w, r) in weights.iter_mut().zip(&residuals) {
            *w = weight(r / scale);
        }
        solution = bmn::solve(periods, &weighted_cells(triples, &weights), what)?;
        for (r, &(a, b, y)) in residuals.iter_mut().zip(triples) {
            *r = y - fitted(&solution, a, b);
        }
        scale = mad_scale(&residuals, &mut scratch);
        let current = criterion(&residuals, &weights);
        iterations += 1;
        // As statsmodels: NaN (no degrees of freedom) compares as settled.
        let settled = (current - previous).abs() <= TOLERANCE || (current - previous).is_nan();
        previous = current;
        if settled {
            break;
        }
        if iterations >= MAX_ITERATIONS {
            converged = false;
            break;
        }
    }
    let down_weighted = weights.iter().filter(|&&w| w < 1.0).count() as u64;
    Ok((solution, RobustFit { iterations, converged, scale, down_weighted, pairs: n as u64 }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outlier_is_down_weighted_and_the_fit_moves_towards_the_rest() {
        // Period 1 is 0.1 above period 0 for nine pairs; one pair says 2.0.
        let mut triples: Vec<(u32, u32, f64)> = (0..9).map(|k| (0, 1, 0.1 + 0.001 * f64::from(k))).collect();
        triples.push((0, 1, 2.0));
        triples.extend((0..10).map(|k| (1, 2, 0.05 + 0.001 * f64::from(k))));
        bmn::cells_of(&mut triples);
        let ols = bmn::solve(3, &bmn::cells_of(&mut triples.clone()), "t").unwrap();
        let (robust, fit) = huber(3, &triples, "t").unwrap();
        assert!(ols.delta[1] > 0.28, "the mean is pulled up: {}", ols.delta[1]);
        assert!((robust.delta[1] - 0.104).abs() < 0.02, "robust: {}", robust.delta[1]);
        assert!(fit.converged && fit.iterations > 2 && fit.down_weighted >= 1, "{fit:?}");
        assert_eq!(fit.pairs, 20);
    }

    #[test]
    fn a_perfect_fit_stops_at_ols() {
        // One pair: its residual is exactly 0, the scale 0, no reweighting.
        let triples = vec![(0, 1, 0.5)];
        let (s, fit) = huber(2, &triples, "t").unwrap();
        assert_eq!((fit.iterations, fit.scale, fit.down_weighted), (1, 0.0, 0));
        assert_eq!(s.delta[1], 0.5);
        // Consistent pairs that rounding leaves a hair from perfect: the fit stays OLS's.
        let mut triples = vec![(0, 1, 0.1), (0, 1, 0.1), (1, 2, 0.2), (0, 2, 0.3)];
        bmn::cells_of(&mut triples);
        let (s, _) = huber(3, &triples, "t").unwrap();
        assert!((s.delta[2] - 0.3).abs() < 1e-14);
    }

    #[test]
    fn the_mad_scale_is_about_zero() {
        let mut scratch = Vec::new();
        assert_eq!(mad_scale(&[-3.0, 1.0, 2.0], &mut scratch), 2.0 / MAD_TO_SD);
        assert_eq!(mad_scale(&[-4.0, 1.0, 2.0, 3.0], &mut scratch), 2.5 / MAD_TO_SD);
    }
}
