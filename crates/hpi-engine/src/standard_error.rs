//! Standard errors of a BMN or WRS fit from its residuals
//! (`docs/methodology.md#standard-errors-of-bmn-and-wrs`): per connected
//! component σ̂² = Σ wᵢeᵢ² / (n₊ − k) over the pairs with positive weight in
//! different periods, and Cov(δ̂) = σ̂² (XᵀWX)⁻¹.

use crate::bmn::{informative, Cell, Solution, NO_COMPONENT};
use crate::{EngineError, Param};
use nalgebra::{DMatrix, DVector};
use statrs::distribution::{ContinuousCDF, Normal as Gaussian};

/// The confidence levels the app offers for bands.
pub const BAND_LEVELS: [f64; 3] = [0.9, 0.95, 0.99];

/// The level bands have when not told.
pub const DEFAULT_BAND_LEVEL: f64 = 0.95;

/// Interval bands at a confidence level, checked once: index·exp(±z·se)
/// with z the standard normal quantile of (1 + level) / 2.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bands {
    level: f64,
    z: f64,
}

impl Bands {
    /// Bands at `level`, which must lie strictly between 0 and 1 (0.95 for 95 %).
    pub fn new(level: f64) -> Result<Bands, EngineError> {
        if !(level > 0.0 && level < 1.0) {
            return Err(EngineError::InvalidParameter {
                param: Param::Intervals,
                reason: format!("{level} is not a confidence level between 0 and 1, such as 0.95"),
            });
        }
        let z = Gaussian::standard().inverse_cdf(0.5 + level / 2.0);
        Ok(Bands { level, z })
    }

    /// The confidence level.
    pub fn level(self) -> f64 {
        self.level
    }

    /// The standard normal quantile the bands use.
    pub fn z(self) -> f64 {
        self.z
    }

    /// `(lower, upper)` around `index`, given the standard error of ln(index).
    pub fn around(self, index: f64, se: f64) -> (f64, f64) {
        (index * (-self.z * se).exp(), index * (self.z * se).exp())
    }
}

/// What pair weights given by the analyst make of the cells of
/// [`crate::bmn::weighted_cells_of`], from the quadruples `(a, b, y, u)` it
/// left sorted: per cell the weighted spread Σu(y − ȳᵤ)² around the weighted
/// mean, and the pairs with a positive weight (the observations of the
/// degrees of freedom, as statsmodels' WLS counts them once zero weights are
/// dropped).
pub fn weighted_spreads(cells: &[Cell], quads: &[(u32, u32, f64, f64)]) -> (Vec<f64>, Vec<f64>) {
    let mut start = 0;
    cells
        .iter()
        .map(|c| {
            let end = start + quads[start..].iter().take_while(|q| (q.0, q.1) == (c.a, c.b)).count();
            let group = &quads[start..end];
            start = end;
            let mean = if c.n > 0.0 { c.sum / c.n } else { 0.0 };
            let spread: f64 = group.iter().map(|q| q.3 * (q.2 - mean).powi(2)).sum();
            (spread, group.iter().filter(|q| q.3 > 0.0).count() as f64)
        })
        .unzip()
}

/// Within-cell spread of log relatives, Σ(y − ȳ)² per cell of
/// [`crate::bmn::cells_of`], from the triples it left sorted. Summing around the
/// cell mean stays accurate where raw sums of squares would cancel.
pub fn cell_spreads(cells: &[Cell], triples: &[(u32, u32, f64)]) -> Vec<f64> {
    let mut start = 0;
    cells
        .iter()
        .map(|c| {
            let n = c.n as usize;
            let mean = c.sum / c.n;
            let spread = triples[start..start + n].iter().map(|t| (t.2 - mean).powi(2)).sum();
            start += n;
            spread
        })
        .collect()
}

/// The sampling covariance of a fit's log index.
#[derive(Clone, Debug)]
pub struct Covariance {
    component: Vec<u32>,
    slot: Vec<usize>,
    /// Per period, the Σ wᵢeᵢ² and the residual degrees of freedom (n₊ − k)
    /// of its component.
    ssr: Vec<f64>,
    df: Vec<f64>,
    /// The Cholesky factor L of XᵀWX over the free periods: a variance
    /// aᵀ(XᵀWX)⁻¹a is |L⁻¹a|², one triangular solve, where the whole inverse
    /// would cost a cubic amount of work for every supertract of RSAI.
    factor: DMatrix<f64>,
}

impl Covariance {
    /// The standard error of `δ(b) − δ(a)`, the log change from `a` to `b`;
    /// `None` when the periods are not joined or the component has no residual
    /// degrees of freedom. 0 when `a == b`.
    pub fn se_of_change(&self, a: usize, b: usize) -> Option<f64> {
        Some((self.sigma2(a)? * self.unscaled_variance(a, b)?).sqrt())
    }

    /// aᵀ(XᵀWX)⁻¹a for a = e_b − e_a: the variance of `δ(b) − δ(a)` per unit
    /// of σ²; `None` when the periods are not joined.
    pub fn unscaled_variance(&self, a: usize, b: usize) -> Option<f64> {
        let c = self.component[a];
        if c == NO_COMPONENT || c != self.component[b] {
            return None;
        }
        if a == b {
            return Some(0.0);
        }
        let mut v = DVector::<f64>::zeros(self.factor.nrows());
        if self.slot[b] != usize::MAX {
            v[self.slot[b]] += 1.0;
        }
        if self.slot[a] != usize::MAX {
            v[self.slot[a]] -= 1.0;
        }
        let first = self.slot[a].min(self.slot[b]);
        if first == usize::MAX {
            return Some(0.0);
        }
        // Forward substitution from the first non-zero entry: L⁻¹a is 0 above it.
        let n = v.len();
        for i in first..n {
            let mut x = v[i];
            for j in first..i {
                x -= self.factor[(i, j)] * v[j];
            }
            v[i] = x / self.factor[(i, i)];
        }
        Some(v.rows(first, n - first).norm_squared())
    }

    /// σ̂² of the component holding `period`, when it has residual degrees of freedom.
    pub fn sigma2(&self, period: usize) -> Option<f64> {
        let df = *self.df.get(period)?;
        (df > 0.0).then(|| self.ssr[period] / df)
    }

    /// Σ wᵢeᵢ² and the residual degrees of freedom of the component holding
    /// `period` (0 and 0 for a period no pair touches): what a pooled σ̂² over
    /// several fits adds up.
    pub fn residuals(&self, period: usize) -> (f64, f64) {
        (self.ssr[period], self.df[period])
    }
}

/// The BMN fit of `weighted` (each cell's pairs with their weight applied:
/// `n` = Σw, `sum` = Σwy) and its covariance, from one factorisation. `pairs`
/// are the same cells before the method's weights (`n` pairs, `sum` Σy; or,
/// with the analyst's pair weights u, Σu and Σuy) and `spread` their
/// within-cell spread ([`cell_spreads`], [`weighted_spreads`]); the method
/// gives every pair of a cell the same weight. `counts` are the pairs with a
/// positive weight per cell when they are not `pairs[k].n` (pair weights
/// given). The solution is [`crate::bmn::solve`]'s to the last bit.
pub(crate) fn fit(
    periods: usize,
    weighted: &[Cell],
    pairs: &[Cell],
    spread: &[f64],
    counts: Option<&[f64]>,
    what: &str,
) -> Result<(Solution, Covariance), EngineError> {
    let (solution, slot, factor) = crate::bmn::factored(periods, weighted, what)?;
    let covariance = assemble(solution.component.clone(), slot, factor, weighted, pairs, spread, counts, &solution);
    Ok((solution, covariance))
}

/// Residual sums of squares and degrees of freedom per component, around the factor.
#[allow(clippy::too_many_arguments)] // the pieces of one covariance, each from its own place
fn assemble(
    component: Vec<u32>,
    slot: Vec<usize>,
    factor: DMatrix<f64>,
    weighted: &[Cell],
    pairs: &[Cell],
    spread: &[f64],
    counts: Option<&[f64]>,
    solution: &Solution,
) -> Covariance {
    let periods = component.len();
    let mut ssr = vec![0.0; periods];
    let mut n_plus = vec![0.0; periods];
    for (k, ((w, p), s)) in weighted.iter().zip(pairs).zip(spread).enumerate() {
        if !informative(w) {
            continue;
        }
        let weight = w.n / p.n;
        let fitted = solution.delta[p.b as usize] - solution.delta[p.a as usize];
        let root = solution.component[p.a as usize] as usize;
        ssr[root] += weight * (s + p.n * (p.sum / p.n - fitted).powi(2));
        n_plus[root] += counts.map_or(p.n, |c| c[k]);
    }
    let mut free = vec![0.0; periods];
    for p in 0..periods {
        if slot[p] != usize::MAX {
            free[component[p] as usize] += 1.0;
        }
    }
    let (mut by_period_ssr, mut df) = (vec![0.0; periods], vec![0.0; periods]);
    for p in 0..periods {
        let root = component[p];
        if root != NO_COMPONENT {
            by_period_ssr[p] = ssr[root as usize];
            df[p] = n_plus[root as usize] - free[root as usize];
        }
    }
    Covariance { component, slot, ssr: by_period_ssr, df, factor }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bmn::{cells_of, solve};

    #[test]
    fn bands_use_the_normal_quantile_and_refuse_impossible_levels() {
        let b = Bands::new(0.95).unwrap();
        assert!((b.z() - 1.959_963_984_540_054).abs() < 1e-12);
        let (lo, hi) = b.around(100.0, 0.1);
        assert!((lo * hi - 100.0 * 100.0).abs() < 1e-9 && lo < 100.0 && hi > 100.0);
        for bad in [0.0, 1.0, 95.0, -0.5, f64::NAN] {
            assert!(matches!(Bands::new(bad), Err(EngineError::InvalidParameter { param: Param::Intervals, .. })));
        }
    }

    #[test]
    fn one_edge_is_the_standard_error_of_a_mean() {
        // Three pairs between periods 0 and 1: δ̂ is their mean, se = s/√n.
        let mut t = vec![(0, 1, 0.1), (0, 1, 0.2), (0, 1, 0.6)];
        let cells = cells_of(&mut t);
        let spread = cell_spreads(&cells, &t);
        let (_, cov) = fit(2, &cells, &cells, &spread, None, "test").unwrap();
        let mean = 0.3;
        let s2 = [0.1f64, 0.2, 0.6].iter().map(|y| (y - mean).powi(2)).sum::<f64>() / 2.0;
        assert!((cov.se_of_change(0, 1).unwrap() - (s2 / 3.0).sqrt()).abs() < 1e-15);
        assert_eq!(cov.se_of_change(0, 0), Some(0.0));
        assert_eq!(cov.se_of_change(1, 1), Some(0.0));
    }

    #[test]
    fn no_degrees_of_freedom_no_standard_error() {
        let mut t = vec![(0, 1, 0.1), (1, 2, 0.2)];
        let cells = cells_of(&mut t);
        let spread = cell_spreads(&cells, &t);
        let (_, cov) = fit(3, &cells, &cells, &spread, None, "test").unwrap();
        assert_eq!(cov.se_of_change(0, 2), None);
        assert_eq!(cov.sigma2(0), None);
    }

    #[test]
    fn components_have_their_own_sigma() {
        let mut t = vec![(0, 1, 0.1), (0, 1, 0.3), (2, 3, 0.0), (2, 3, 1.0)];
        let cells = cells_of(&mut t);
        let spread = cell_spreads(&cells, &t);
        let (_, cov) = fit(4, &cells, &cells, &spread, None, "test").unwrap();
        assert!((cov.sigma2(0).unwrap() - 0.02).abs() < 1e-15);
        assert!((cov.sigma2(3).unwrap() - 0.5).abs() < 1e-15);
        assert_eq!(cov.se_of_change(1, 2), None);
    }

    #[test]
    fn variances_from_the_factor_equal_those_of_the_inverse() {
        let mut t = vec![(0, 1, 0.1), (0, 2, 0.3), (1, 2, 0.1), (1, 3, 0.5), (2, 3, 0.2), (0, 3, 0.4), (1, 2, 0.3)];
        let cells = cells_of(&mut t);
        let spread = cell_spreads(&cells, &t);
        let (s, cov) = fit(4, &cells, &cells, &spread, None, "test").unwrap();
        let inverse = crate::bmn::Normal::of(4, &cells).matrix.try_inverse().unwrap();
        // Period 0 is fixed; period p > 0 is row p − 1.
        let entry = |i: usize, j: usize| if i == 0 || j == 0 { 0.0 } else { inverse[(i - 1, j - 1)] };
        for a in 0..4 {
            for b in 0..4 {
                let want = entry(a, a) + entry(b, b) - 2.0 * entry(a, b);
                assert!((cov.unscaled_variance(a, b).unwrap() - want).abs() < 1e-14, "{a} {b}");
            }
        }
        assert_eq!(cov.residuals(0).1, 7.0 - 3.0);
        assert_eq!(s, solve(4, &cells, "test").unwrap(), "one factorisation gives solve's solution to the last bit");
    }
}
