//! How closely an index tracks a published one (a benchmark): the
//! correlation of period returns, the root mean square difference of the log
//! index and the mean absolute difference of annual growth, over the periods
//! both cover; and the benchmark rebased to draw beside the index.
//!
//! Two series of different periodicities are compared at the coarser one:
//! each coarser period takes the mean of the finer series' values in it, and
//! only when every one of them has a value (a year of four quarters). FHFA
//! and S&P publish no rule for this; the mean is what their users do in
//! spreadsheets, and the rule lives here only.

use crate::period::Periodicity;
use serde::Serialize;
use std::collections::BTreeMap;

/// A series' values by absolute period number; periods without a value are
/// left out.
pub type Levels = BTreeMap<i32, f64>;

/// How closely a run's series tracks a benchmark's, over the periods both
/// have a value in.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tracking {
    /// The periods the two were compared in (the coarser of theirs).
    pub periodicity: Periodicity,
    /// Periods both have a value in.
    pub periods: u32,
    /// The first of them (label).
    pub first: Option<String>,
    /// The last of them (label).
    pub last: Option<String>,
    /// Pearson correlation of the log returns ln(Iₜ/Iₜ₋₁) over the
    /// consecutive periods both cover; `None` with fewer than three returns
    /// or when one side does not move.
    pub return_correlation: Option<f64>,
    /// Returns the correlation is over.
    pub returns: u32,
    /// Root mean square of ln(aₜ/a₀) − ln(bₜ/b₀) over the common periods,
    /// both rebased at the first of them (0 there); `None` with fewer than two.
    pub rms_log_difference: Option<f64>,
    /// Mean of |gₐ − g_b| in percentage points, g the growth over four
    /// quarters (twelve months, one year): Iₜ/Iₜ₋ₚ − 1; `None` when no such
    /// pair of periods is common.
    pub growth_difference: Option<f64>,
    /// Annual growth rates the mean is over.
    pub growths: u32,
}

impl Tracking {
    /// The common periods as `first–last`; `None` when there are none.
    pub fn span(&self) -> Option<String> {
        Some(format!("{}–{}", self.first.as_ref()?, self.last.as_ref()?))
    }
}

/// The coarser of two periodicities.
pub fn coarser(a: Periodicity, b: Periodicity) -> Periodicity {
    if a.per_year() <= b.per_year() {
        a
    } else {
        b
    }
}

/// `levels` (in `from` periods) in `to` periods, which must be as coarse or
/// coarser: each is the mean of its `from` periods' values, kept only when all
/// of them have one.
pub fn coarsen(levels: &Levels, from: Periodicity, to: Periodicity) -> Levels {
    assert!(to.per_year() <= from.per_year(), "coarsen goes to fewer periods a year");
    if from == to {
        return levels.clone();
    }
    let parts = (from.per_year() / to.per_year()) as usize;
    let mut sums: BTreeMap<i32, (f64, usize)> = BTreeMap::new();
    for (&p, &v) in levels {
        let year = from.year_of(p);
        let sub = p.rem_euclid(from.per_year()) * to.per_year() / from.per_year();
        let e = sums.entry(year * to.per_year() + sub).or_default();
        e.0 += v;
        e.1 += 1;
    }
    sums.into_iter().filter(|(_, (_, n))| *n == parts).map(|(p, (s, n))| (p, s / n as f64)).collect()
}

/// The tracking figures of `run` against `benchmark`.
pub fn tracking(
    run: &Levels,
    run_periods: Periodicity,
    benchmark: &Levels,
    benchmark_periods: Periodicity,
) -> Tracking {
    let periodicity = coarser(run_periods, benchmark_periods);
    let a = coarsen(run, run_periods, periodicity);
    let b = coarsen(benchmark, benchmark_periods, periodicity);
    let common: Levels = a.iter().filter(|(p, _)| b.contains_key(p)).map(|(&p, &v)| (p, v)).collect();
    let both = |p: i32| Some((*common.get(&p)?, b[&p]));
    let mut returns = Vec::new();
    let mut growth = Vec::new();
    let lag = periodicity.per_year();
    for (&p, &av) in &common {
        let bv = b[&p];
        if let Some((a0, b0)) = both(p - 1) {
            returns.push(((av / a0).ln(), (bv / b0).ln()));
        }
        if let Some((a0, b0)) = both(p - lag) {
            growth.push(((av / a0 - 1.0) - (bv / b0 - 1.0)).abs() * 100.0);
        }
    }
    let rms_log_difference = (common.len() >= 2).then(|| {
        let (&p0, &a0) = common.iter().next().expect("two periods");
        let b0 = b[&p0];
        let sq: f64 = common.iter().map(|(p, av)| ((av / a0).ln() - (b[p] / b0).ln()).powi(2)).sum();
        (sq / common.len() as f64).sqrt()
    });
    Tracking {
        periodicity,
        periods: common.len() as u32,
        first: common.keys().next().map(|&p| periodicity.label(p)),
        last: common.keys().next_back().map(|&p| periodicity.label(p)),
        return_correlation: correlation(&returns),
        returns: returns.len() as u32,
        rms_log_difference,
        growth_difference: (!growth.is_empty()).then(|| growth.iter().sum::<f64>() / growth.len() as f64),
        growths: growth.len() as u32,
    }
}

/// Pearson's correlation; `None` with fewer than three pairs or a constant side.
fn correlation(pairs: &[(f64, f64)]) -> Option<f64> {
    if pairs.len() < 3 {
        return None;
    }
    let n = pairs.len() as f64;
    let (mx, my) = pairs.iter().fold((0.0, 0.0), |(x, y), (a, b)| (x + a / n, y + b / n));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

/// The benchmark in the run's periods, scaled to equal the run in the first
/// period both have a value in: what is drawn beside the run. `None` when the
/// benchmark's periods are coarser than the run's (it is compared, not
/// drawn) or nothing is common.
pub fn rebased(
    run: &Levels,
    run_periods: Periodicity,
    benchmark: &Levels,
    benchmark_periods: Periodicity,
) -> Option<Levels> {
    if benchmark_periods.per_year() < run_periods.per_year() {
        return None;
    }
    let b = coarsen(benchmark, benchmark_periods, run_periods);
    let (p0, a0) = run.iter().find(|(p, _)| b.contains_key(p))?;
    let scale = a0 / b[p0];
    Some(b.into_iter().map(|(p, v)| (p, v * scale)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn levels(v: &[(i32, f64)]) -> Levels {
        v.iter().copied().collect()
    }

    #[test]
    fn quarters_become_years_only_when_complete() {
        let q = Periodicity::Quarterly;
        let l =
            levels(&[(2000 * 4, 1.0), (2000 * 4 + 1, 2.0), (2000 * 4 + 2, 3.0), (2000 * 4 + 3, 6.0), (2001 * 4, 1.0)]);
        assert_eq!(coarsen(&l, q, Periodicity::Annual), levels(&[(2000, 3.0)]));
        let m = levels(&(0..6).map(|k| (2000 * 12 + k, k as f64)).collect::<Vec<_>>());
        assert_eq!(coarsen(&m, Periodicity::Monthly, q), levels(&[(2000 * 4, 1.0), (2000 * 4 + 1, 4.0)]));
    }

    #[test]
    fn a_series_tracks_itself_and_its_multiples_perfectly() {
        let a = levels(&(0..12).map(|k| (2000 + k, 100.0 * 1.05f64.powi(k) + (k % 3) as f64)).collect::<Vec<_>>());
        let b: Levels = a.iter().map(|(&p, &v)| (p, v * 2.5)).collect();
        let t = tracking(&a, Periodicity::Annual, &b, Periodicity::Annual);
        assert_eq!((t.periods, t.returns, t.growths), (12, 11, 11));
        assert!((t.return_correlation.unwrap() - 1.0).abs() < 1e-12);
        assert!(t.rms_log_difference.unwrap() < 1e-12);
        assert!(t.growth_difference.unwrap() < 1e-12);
        let r = rebased(&a, Periodicity::Annual, &b, Periodicity::Annual).unwrap();
        assert!(r.iter().all(|(p, v)| (v - a[p]).abs() < 1e-9));
    }

    #[test]
    fn nothing_in_common_gives_no_figures() {
        let a = levels(&[(2000, 1.0), (2001, 2.0)]);
        let b = levels(&[(2005, 1.0)]);
        let t = tracking(&a, Periodicity::Annual, &b, Periodicity::Annual);
        assert_eq!(t.periods, 0);
        assert_eq!((t.return_correlation, t.rms_log_difference, t.growth_difference), (None, None, None));
        assert!(rebased(&a, Periodicity::Annual, &b, Periodicity::Annual).is_none());
        assert!(rebased(&b, Periodicity::Quarterly, &a, Periodicity::Annual).is_none(), "coarser: not drawn");
    }
}
