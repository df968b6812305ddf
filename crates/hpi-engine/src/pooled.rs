//! Pooled repeat-sales indices per region: BMN and three-stage WRS
//! (`docs/how-indices-are-made.md#pooled-indices-bmn-and-wrs`).

use crate::bmn::{self, Cell, Solution, NO_COMPONENT};
use crate::pairs::{make_pairs, PairCounts, PairUnit, Pairs};
use crate::params::{CheckedPooled, PooledMethod};
use crate::progress::{RunControl, Stage};
use crate::series::{IndexPoint, IndexSeries};
use crate::standard_error;
use crate::table::{Sales, NONE};
use crate::EngineError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A period of the output without a value, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MissingPeriod {
    /// Region.
    pub region: String,
    /// Period label.
    pub period: String,
    /// Why.
    pub reason: String,
}

/// The quality report of a pooled run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PooledQuality {
    /// From sales to pairs.
    pub pairs: PairCounts,
    /// Pairs per region.
    pub pairs_by_region: BTreeMap<String, u64>,
    /// Output periods without a value.
    pub missing_periods: Vec<MissingPeriod>,
    /// WRS second-stage coefficients per region (intercept, slope per period of gap).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub wrs_variance: BTreeMap<String, (f64, f64)>,
}

/// A pooled run's result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PooledOutput {
    /// One series per region, regions sorted by name.
    pub series: Vec<IndexSeries>,
    /// The quality report.
    pub quality: PooledQuality,
}

/// Name of the region of sales without a CBSA.
pub const ALL_REGION: &str = "all";

/// Computes pooled BMN or WRS indices for every region of `sales`.
pub fn pooled(sales: &Sales, params: &CheckedPooled, control: &RunControl) -> Result<PooledOutput, EngineError> {
    if sales.is_empty() {
        return Err(EngineError::NoData("no sale passed validation".into()));
    }
    control.report(Stage::Pairing, 0, 1);
    let (pairs, counts) = pooled_pairs(sales, params);
    log::debug!("{}: {} sales, {} pairs kept", params.method.name(), counts.sales, counts.pairs);
    control.check()?;
    pooled_of_pairs(sales, params, &pairs, counts, control)
}

/// The pooled methods' pairs: within regions.
pub(crate) fn pooled_pairs(sales: &Sales, params: &CheckedPooled) -> (Pairs, PairCounts) {
    make_pairs(sales, params.periodicity, params.dedupe, params.filters, PairUnit::Region)
}

/// BMN or WRS from pairs already made (all of a run's, or the subset a
/// diagnostic re-estimates on); `counts` goes into the quality report as it is.
pub(crate) fn pooled_of_pairs(
    sales: &Sales,
    params: &CheckedPooled,
    pairs: &Pairs,
    counts: PairCounts,
    control: &RunControl,
) -> Result<PooledOutput, EngineError> {
    let name = |r: u32| if r == NONE { ALL_REGION.to_owned() } else { sales.region_names[r as usize].clone() };
    let mut by_region: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, &r) in pairs.unit.iter().enumerate() {
        by_region.entry(name(r)).or_default().push(i);
    }
    for r in sales.region.iter().copied().chain(std::iter::once(NONE).filter(|_| sales.region.is_empty())) {
        by_region.entry(name(r)).or_default();
    }
    let per = params.periodicity;
    let first = per.first_of_year(params.start);
    let last = per.last_of_year(params.end);
    let mut quality = PooledQuality {
        pairs: counts,
        pairs_by_region: BTreeMap::new(),
        missing_periods: Vec::new(),
        wrs_variance: BTreeMap::new(),
    };
    let mut series = Vec::new();
    let total = by_region.len() as u64;
    for (done, (region, rows)) in by_region.into_iter().enumerate() {
        control.report(Stage::Regression, done as u64, total);
        control.check()?;
        quality.pairs_by_region.insert(region.clone(), rows.len() as u64);
        let lo = rows.iter().map(|&i| pairs.p0[i]).min().unwrap_or(first).min(first);
        let hi = rows.iter().map(|&i| pairs.p1[i]).max().unwrap_or(last).max(last);
        let periods = (hi - lo + 1) as usize;
        let mut triples: Vec<(u32, u32, f64)> =
            rows.iter().map(|&i| ((pairs.p0[i] - lo) as u32, (pairs.p1[i] - lo) as u32, pairs.y[i])).collect();
        let cells = bmn::cells_of(&mut triples);
        let spread = standard_error::cell_spreads(&cells, &triples);
        let what = format!("region {region}");
        let weighted = if params.method == PooledMethod::Wrs && !cells.is_empty() {
            let stage1 = bmn::solve(periods, &cells, &what)?;
            let (reweighted, beta) = wrs_reweight(&cells, &spread, &stage1);
            quality.wrs_variance.insert(region.clone(), beta);
            Some(reweighted)
        } else {
            None
        };
        let fitted = weighted.as_deref().unwrap_or(&cells);
        let (solution, covariance) = standard_error::fit(periods, fitted, &cells, &spread, &what)?;
        let base = (first - lo) as usize;
        let points = (first..=last)
            .map(|p| {
                let o = (p - lo) as usize;
                let (index, note) = match solution.change(base, o) {
                    Some(d) => (Some((100.0 * d.exp(), covariance.se_of_change(base, o))), None),
                    None if solution.component[o] == NO_COMPONENT => (None, Some("no pairs in this period")),
                    None if solution.component[base] == NO_COMPONENT => (None, Some("the base period has no pairs")),
                    None => (None, Some("not connected to the base period by any chain of pairs")),
                };
                let note = note.map(str::to_owned);
                if let Some(reason) = &note {
                    quality.missing_periods.push(MissingPeriod {
                        region: region.clone(),
                        period: per.label(p),
                        reason: reason.clone(),
                    });
                }
                IndexPoint {
                    period: p,
                    label: per.label(p),
                    index: index.map(|i| i.0),
                    se: index.and_then(|i| i.1),
                    change_se: (p > first && index.is_some() && solution.change(o - 1, o).is_some())
                        .then(|| covariance.se_of_change(o - 1, o))
                        .flatten(),
                    band: None,
                    note,
                }
            })
            .collect();
        series.push(IndexSeries { region, method: params.method.name(), weight: None, periodicity: per, points });
    }
    Ok(PooledOutput { series, quality })
}

/// WRS stages 2 and 3: regress squared stage-1 residuals on an intercept and
/// the gap in periods, then weight each pair by `1/fitted` (0 where the fit is
/// not positive). `spread` is each cell's [`standard_error::cell_spreads`].
/// Returns the weighted cells and the stage-2 coefficients.
fn wrs_reweight(cells: &[Cell], spread: &[f64], stage1: &Solution) -> (Vec<Cell>, (f64, f64)) {
    // Per cell, squared residuals summed as spread around the cell mean plus
    // the mean's own error, which stays accurate where raw sums would cancel.
    let mut sums = [0.0f64; 5]; // n, n*g, n*g^2, e2, g*e2
    for (c, s) in cells.iter().zip(spread) {
        let mean = c.sum / c.n;
        let fitted = if c.a == c.b { 0.0 } else { stage1.delta[c.b as usize] - stage1.delta[c.a as usize] };
        let e2 = s + c.n * (mean - fitted).powi(2);
        let g = f64::from(c.b) - f64::from(c.a);
        sums[0] += c.n;
        sums[1] += c.n * g;
        sums[2] += c.n * g * g;
        sums[3] += e2;
        sums[4] += g * e2;
    }
    let det = sums[0] * sums[2] - sums[1] * sums[1];
    let beta = if det > 1e-12 * sums[0] * sums[2] {
        ((sums[2] * sums[3] - sums[1] * sums[4]) / det, (sums[0] * sums[4] - sums[1] * sums[3]) / det)
    } else {
        // Every pair has the same gap: the slope is not identified; lm drops it.
        (sums[3] / sums[0], 0.0)
    };
    let weighted = cells
        .iter()
        .map(|c| {
            let fitted = beta.0 + beta.1 * (f64::from(c.b) - f64::from(c.a));
            let w = if fitted > 0.0 { 1.0 / fitted } else { 0.0 };
            Cell { a: c.a, b: c.b, n: c.n * w, sum: c.sum * w }
        })
        .collect();
    (weighted, beta)
}
