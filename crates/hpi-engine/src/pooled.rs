//! Pooled repeat-sales indices per region: BMN and three-stage WRS
//! (`docs/how-indices-are-made.md#pooled-indices-bmn-and-wrs`).

use crate::arithmetic::{self, ArithmeticSolution, NoValue};
use crate::bmn::{self, Cell, Solution, NO_COMPONENT};
use crate::composite::CompositeQuality;
use crate::pairs::{make_pairs, PairCounts, PairPrices, PairUnit, Pairs};
use crate::params::{CheckedPooled, Estimator, Param, PooledMethod};
use crate::period::Periodicity;
use crate::progress::{RunControl, Stage};
use crate::robust::{self, RobustFit};
use crate::seasonal::{self, SeasonalReport};
use crate::series::{IndexPoint, IndexSeries};
use crate::smoothing::SmoothingReport;
use crate::standard_error;
use crate::table::{Sales, NONE};
use crate::tiers::{self, SeriesRows};
use crate::EngineError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A period of the output without a value, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// Per region, the gaps (in periods) whose WRS weight was held at the floor
    /// ([`WRS_VARIANCE_FLOOR`]): their fitted variance was positive but tiny.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub wrs_floored: BTreeMap<String, Vec<u32>>,
    /// Regions whose system could not be solved, and why: they have no
    /// values, and every other region is computed as without them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub unsolved: BTreeMap<String, String>,
    /// The robust estimator's fit per region (`--estimator robust`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub robust: BTreeMap<String, RobustFit>,
    /// Per region split into price tiers, the first-sale prices between its tiers.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tier_cuts: BTreeMap<String, Vec<f64>>,
    /// The analyst's pair weights, when the sales carried them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pair_weights: Option<PairWeights>,
    /// Seasonal adjustment's settings and the series it left alone, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seasonal: Option<SeasonalReport>,
    /// Composites of regions, when asked for: their shares and gaps.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub composites: Vec<CompositeQuality>,
    /// Smoothing's order and the series it left alone, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smoothing: Option<SmoothingReport>,
}

/// The analyst's pair weights (the transactions' `weight` column, each pair
/// taking its second sale's), as the pooled methods used them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PairWeights {
    /// Pairs weighted.
    pub pairs: u64,
    /// Of them, pairs of weight 0 (left out).
    pub zero: u64,
    /// Their mean weight.
    pub mean: f64,
}

impl PairWeights {
    /// The summary of `pairs`' weights, `None` when they carry none.
    fn of(pairs: &Pairs) -> Option<PairWeights> {
        (!pairs.w.is_empty()).then(|| PairWeights {
            pairs: pairs.w.len() as u64,
            zero: pairs.w.iter().filter(|&&w| w == 0.0).count() as u64,
            mean: pairs.w.iter().sum::<f64>() / pairs.w.len() as f64,
        })
    }
}

impl PooledQuality {
    /// The report of a run with these pairs, before any region is estimated.
    fn of(pairs: PairCounts) -> PooledQuality {
        PooledQuality {
            pairs,
            pairs_by_region: BTreeMap::new(),
            missing_periods: Vec::new(),
            wrs_variance: BTreeMap::new(),
            wrs_floored: BTreeMap::new(),
            unsolved: BTreeMap::new(),
            robust: BTreeMap::new(),
            tier_cuts: BTreeMap::new(),
            pair_weights: None,
            seasonal: None,
            composites: Vec::new(),
            smoothing: None,
        }
    }
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
    let mut out = pooled_of_pairs(sales, params, &pairs, counts, control)?;
    if let Some(seasonal) = &params.seasonal {
        let settings = seasonal.settings(params.periodicity)?;
        out.quality.seasonal = Some(seasonal::adjust(&mut out.series, settings));
        crate::series::keep_finite(&mut out.series);
    }
    Ok(out)
}

/// The pooled methods' pairs: within regions.
pub(crate) fn pooled_pairs(sales: &Sales, params: &CheckedPooled) -> (Pairs, PairCounts) {
    make_pairs(sales, params.periodicity, params.dedupe, params.filters, PairUnit::Region, PairPrices::Keep)
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
    if params.estimator == Estimator::Robust && !pairs.w.is_empty() {
        return Err(EngineError::InvalidParameter {
            param: Param::Estimator,
            reason: "the robust estimator does not take pair weights; remove the transactions' weight column or use least squares".into(),
        });
    }
    let (groups, tier_cuts) = series_rows(sales, params, pairs);
    let per = params.periodicity;
    let first = per.first_of_year(params.start);
    let last = per.last_of_year(params.end);
    let mut quality = PooledQuality { tier_cuts, pair_weights: PairWeights::of(pairs), ..PooledQuality::of(counts) };
    let mut series = Vec::new();
    let total = groups.len() as u64;
    for (done, (region, rows)) in groups.into_iter().enumerate() {
        control.report(Stage::Regression, done as u64, total);
        control.check()?;
        quality.pairs_by_region.insert(region.clone(), rows.len() as u64);
        let lo = rows.iter().map(|&i| pairs.p0[i]).min().unwrap_or(first).min(first);
        let hi = rows.iter().map(|&i| pairs.p1[i]).max().unwrap_or(last).max(last);
        let periods = (hi - lo + 1) as usize;
        let mut quads: Vec<(u32, u32, f64, f64)> = rows
            .iter()
            .map(|&i| ((pairs.p0[i] - lo) as u32, (pairs.p1[i] - lo) as u32, pairs.y[i], pairs.weight(i)))
            .collect();
        let cells = bmn::weighted_cells_of(&mut quads);
        let (spread, counts) = standard_error::weighted_spreads(&cells, &quads);
        let what = format!("region {region}");
        let base = (first - lo) as usize;
        let outputs = (first - lo) as usize..=(last - lo) as usize;
        let fitted = (|| -> Result<Vec<IndexPoint>, EngineError> {
            Ok(match params.method {
                PooledMethod::Bmn | PooledMethod::Wrs => {
                    let stage1 = match params.estimator {
                        Estimator::LeastSquares => None,
                        Estimator::Robust => {
                            let triples: Vec<(u32, u32, f64)> = quads.iter().map(|q| (q.0, q.1, q.2)).collect();
                            let (solution, fit) = robust::huber(periods, &triples, &what)?;
                            quality.robust.insert(region.clone(), fit);
                            Some(solution)
                        }
                    };
                    let weighted = if params.method == PooledMethod::Wrs && !cells.is_empty() {
                        let variance = wrs_variance(periods, &cells, &spread, stage1.as_ref(), &what)?;
                        variance.report(&region, &cells, &mut quality);
                        Some(interval_weighted(&cells, &variance))
                    } else {
                        None
                    };
                    match (stage1, weighted) {
                        // Robust BMN: no standard errors (`PooledParams::has_standard_errors`).
                        (Some(robust), None) => {
                            let why = |o: usize| log_missing(&robust, base, o);
                            point_series(per, lo, outputs.clone(), |a, b| robust.change(a, b), |_, _| None, why)
                        }
                        (_, weighted) => {
                            let fitted = weighted.as_deref().unwrap_or(&cells);
                            let (solution, covariance) =
                                standard_error::fit(periods, fitted, &cells, &spread, Some(&counts), &what)?;
                            let why = |o: usize| log_missing(&solution, base, o);
                            let se = |a: usize, b: usize| covariance.se_of_change(a, b);
                            point_series(per, lo, outputs.clone(), |a, b| solution.change(a, b), se, why)
                        }
                    }
                }
                PooledMethod::Ars | PooledMethod::Cs => {
                    let mut priced: Vec<(u32, u32, f64, f64, f64)> = rows
                        .iter()
                        .map(|&i| {
                            let (a, b) = ((pairs.p0[i] - lo) as u32, (pairs.p1[i] - lo) as u32);
                            (a, b, pairs.v0[i], pairs.v1[i], pairs.weight(i))
                        })
                        .collect();
                    let mut price_cells = arithmetic::price_cells(&mut priced);
                    if params.method == PooledMethod::Cs && !cells.is_empty() {
                        let variance = wrs_variance(periods, &cells, &spread, None, &what)?;
                        variance.report(&region, &cells, &mut quality);
                        for c in &mut price_cells {
                            let w = variance.weight(c.b - c.a);
                            (c.n, c.first, c.second) = (c.n * w, c.first * w, c.second * w);
                        }
                    }
                    let solution = arithmetic::solve(periods, &price_cells);
                    let why = |o: usize| arithmetic_missing(&solution, base, o);
                    point_series(per, lo, outputs.clone(), |a, b| solution.change(a, b), |_, _| None, why)
                }
            })
        })();
        // One region's unsolvable system leaves that region without values, not the run.
        let points = match fitted {
            Ok(points) => points,
            Err(e @ EngineError::Singular(_)) => {
                let reason = e.to_string();
                quality.unsolved.insert(region.clone(), reason.clone());
                point_series(per, lo, outputs, |_, _| None, |_, _| None, |_| reason.clone())
            }
            Err(e) => return Err(e),
        };
        for point in &points {
            if let Some(reason) = &point.note {
                quality.missing_periods.push(MissingPeriod {
                    region: region.clone(),
                    period: point.label.clone(),
                    reason: reason.clone(),
                });
            }
        }
        series.push(IndexSeries { region, method: params.method.name(), weight: None, periodicity: per, points });
    }
    let region_of = |_tract: u32, region: u32| match region {
        NONE => Some(ALL_REGION.to_owned()),
        r => Some(sales.region_names[r as usize].clone()),
    };
    let derived = crate::derived::derive(
        &mut series,
        params.smooth,
        &params.composites,
        sales,
        params.start..=params.end,
        region_of,
    )?;
    quality.composites = derived.composites;
    quality.smoothing = derived.smoothing;
    Ok(PooledOutput { series, quality })
}

/// Which pairs each series of a pooled run is estimated from, in output
/// order: per region (sorted by name), its pairs, or its price tiers' pairs
/// lowest first; and per tiered region the prices between its tiers.
pub(crate) fn series_rows(
    sales: &Sales,
    params: &CheckedPooled,
    pairs: &Pairs,
) -> (SeriesRows, BTreeMap<String, Vec<f64>>) {
    let name = |r: u32| if r == NONE { ALL_REGION.to_owned() } else { sales.region_names[r as usize].clone() };
    let mut by_region: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, &r) in pairs.unit.iter().enumerate() {
        by_region.entry(name(r)).or_default().push(i);
    }
    // Regions without pairs still get a series, whose periods say why they have no value.
    for r in sales.region.iter().copied().chain(std::iter::once(NONE).filter(|_| sales.region.is_empty())) {
        by_region.entry(name(r)).or_default();
    }
    let mut cuts = BTreeMap::new();
    let mut groups = Vec::new();
    for (region, rows) in by_region {
        let (tiers, region_cuts) = tiers::split(&params.tiers, &region, rows, &pairs.v0);
        if let Some(c) = region_cuts {
            cuts.insert(region, c);
        }
        groups.extend(tiers);
    }
    (groups, cuts)
}

/// The output's points from offsets `outputs` of a fit whose log change
/// from offset a to b is `change(a, b)` with standard error `se(a, b)`, the
/// first output period being 100; `why(o)` says why offset `o` has no value.
fn point_series(
    per: Periodicity,
    lo: i32,
    outputs: std::ops::RangeInclusive<usize>,
    change: impl Fn(usize, usize) -> Option<f64>,
    se: impl Fn(usize, usize) -> Option<f64>,
    why: impl Fn(usize) -> String,
) -> Vec<IndexPoint> {
    let base = *outputs.start();
    outputs
        .map(|o| {
            let p = lo + o as i32;
            let level = change(base, o);
            IndexPoint {
                period: p,
                label: per.label(p),
                index: level.map(|d| 100.0 * d.exp()),
                index_sa: None,
                index_smooth: None,
                se: level.and_then(|_| se(base, o)),
                change_se: (o > base && level.is_some() && change(o - 1, o).is_some()).then(|| se(o - 1, o)).flatten(),
                band: None,
                note: level.is_none().then(|| why(o)),
            }
        })
        .collect()
}

/// Why offset `o` of a log (BMN, WRS) fit has no value against the base.
fn log_missing(solution: &Solution, base: usize, o: usize) -> String {
    if solution.component[o] == NO_COMPONENT {
        "no pairs in this period"
    } else if solution.component[base] == NO_COMPONENT {
        "the base period has no pairs"
    } else {
        "not connected to the base period by any chain of pairs"
    }
    .to_owned()
}

/// Why offset `o` of an arithmetic fit has no value against the base.
fn arithmetic_missing(solution: &ArithmeticSolution, base: usize, o: usize) -> String {
    match (solution.level[o], solution.level[base]) {
        (Err(why), _) => why.reason().to_owned(),
        (_, Err(NoValue::NoPairs)) => "the base period has no pairs".to_owned(),
        (_, Err(why)) => format!("the base period has no value: {}", why.reason()),
        _ => "not connected to the base period by any chain of pairs".to_owned(),
    }
}

/// WRS stage 2: regresses the squared residuals of `stage1` (least-squares
/// BMN of `cells` when not given) on an intercept and the gap in periods.
/// `spread` is each cell's [`standard_error::weighted_spreads`]. Returns the
/// intercept and slope.
fn wrs_variance(
    periods: usize,
    cells: &[Cell],
    spread: &[f64],
    stage1: Option<&Solution>,
    what: &str,
) -> Result<IntervalVariance, EngineError> {
    let solved;
    let stage1 = match stage1 {
        Some(s) => s,
        None => {
            solved = bmn::solve(periods, cells, what)?;
            &solved
        }
    };
    // Per cell, squared residuals summed as spread around the cell mean plus
    // the mean's own error, which stays accurate where raw sums would cancel.
    let mut sums = [0.0f64; 5]; // n, n*g, n*g^2, e2, g*e2
    let mut y2 = 0.0; // Σy², the scale the residuals' rounding errors are relative to
                      // A cell whose pairs all weigh 0 says nothing (and has no mean).
    for (c, s) in cells.iter().zip(spread).filter(|(c, _)| c.n > 0.0) {
        let mean = c.sum / c.n;
        let fitted = if c.a == c.b { 0.0 } else { stage1.delta[c.b as usize] - stage1.delta[c.a as usize] };
        let e2 = s + c.n * (mean - fitted).powi(2);
        let g = f64::from(c.b) - f64::from(c.a);
        sums[0] += c.n;
        sums[1] += c.n * g;
        sums[2] += c.n * g * g;
        sums[3] += e2;
        sums[4] += g * e2;
        y2 += s + c.sum * mean;
    }
    // Every pair weighs 0 (nothing for weights to act on), or the pairs fit
    // exactly but for rounding: the weights are not identified.
    if sums[0] <= 0.0 || sums[3] <= 1e-24 * y2 {
        return Ok(IntervalVariance { beta: (0.0, 0.0), floor: 0.0 });
    }
    let det = sums[0] * sums[2] - sums[1] * sums[1];
    let beta = if det > 1e-12 * sums[0] * sums[2] {
        ((sums[2] * sums[3] - sums[1] * sums[4]) / det, (sums[0] * sums[4] - sums[1] * sums[3]) / det)
    } else {
        // Every pair has the same gap: the slope is not identified; lm drops it.
        (sums[3] / sums[0], 0.0)
    };
    Ok(IntervalVariance { beta, floor: WRS_VARIANCE_FLOOR * sums[3] / sums[0] })
}

/// The share of a region's mean squared stage-1 residual below which WRS
/// holds a positive fitted variance (`docs/methodology.md#estimation-and-aggregation`):
/// a fitted value just above zero would otherwise weigh its pairs without
/// bound and let a few of them decide the index.
pub const WRS_VARIANCE_FLOOR: f64 = 0.001;

/// WRS stage 2's fit of the squared residuals on the gap.
struct IntervalVariance {
    /// Intercept and slope per period of gap.
    beta: (f64, f64),
    /// The least fitted variance a pair is weighed by.
    floor: f64,
}

impl IntervalVariance {
    fn fitted(&self, gap: u32) -> f64 {
        self.beta.0 + self.beta.1 * f64::from(gap)
    }

    /// WRS stage 3's weight of a pair `gap` periods long: 1/fitted variance,
    /// held at 1/floor where the fitted variance is positive but below the
    /// floor, and 0 where it is not positive. Pairs that all fit exactly
    /// (every residual 0) leave the weights unidentified: each weighs 1 (the
    /// floor, a share of the mean squared residual, is 0 only then).
    fn weight(&self, gap: u32) -> f64 {
        let fitted = self.fitted(gap);
        if self.floor == 0.0 {
            1.0
        } else if fitted > 0.0 {
            1.0 / fitted.max(self.floor)
        } else {
            0.0
        }
    }

    /// Puts the coefficients, and the gaps held at the floor, in the quality report.
    fn report(&self, region: &str, cells: &[Cell], quality: &mut PooledQuality) {
        quality.wrs_variance.insert(region.to_owned(), self.beta);
        let mut floored: Vec<u32> = cells
            .iter()
            .map(|c| c.b - c.a)
            .filter(|&g| g > 0 && self.fitted(g) > 0.0 && self.fitted(g) < self.floor)
            .collect();
        floored.sort_unstable();
        floored.dedup();
        if !floored.is_empty() {
            quality.wrs_floored.insert(region.to_owned(), floored);
        }
    }
}

/// The cells with WRS stage 3's weights applied.
fn interval_weighted(cells: &[Cell], variance: &IntervalVariance) -> Vec<Cell> {
    cells
        .iter()
        .map(|c| {
            let w = variance.weight(c.b - c.a);
            Cell { a: c.a, b: c.b, n: c.n * w, sum: c.sum * w }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrs_weights_are_floored_where_the_fitted_variance_is_barely_positive() {
        // Fitted variance −0.1 + 0.010001·gap: negative below 10 periods, 1e-5 at 10, 0.10002 at 20.
        let variance = IntervalVariance { beta: (-0.1, 0.010001), floor: 0.001 };
        assert_eq!(variance.weight(5), 0.0, "not positive: left out, as hpiR does");
        assert_eq!(variance.weight(10), 1000.0, "held at 1/floor instead of 1e5");
        assert_eq!(variance.weight(20), 1.0 / variance.fitted(20));
        let cell = |a, b| Cell { a, b, n: 1.0, sum: 0.1 };
        let mut q = PooledQuality::of(PairCounts::default());
        variance.report("r", &[cell(0, 5), cell(0, 10), cell(1, 11), cell(0, 20)], &mut q);
        assert_eq!(q.wrs_floored["r"], vec![10]);
        assert_eq!(q.wrs_variance["r"], (-0.1, 0.010001));
    }

    #[test]
    fn pairs_that_fit_exactly_weigh_one_each() {
        let cells = [Cell { a: 0, b: 1, n: 2.0, sum: 0.2 }, Cell { a: 1, b: 3, n: 1.0, sum: 0.3 }];
        let spread = [0.0, 0.0];
        let variance = wrs_variance(4, &cells, &spread, None, "t").unwrap();
        assert_eq!((variance.beta, variance.floor), ((0.0, 0.0), 0.0));
        assert_eq!(interval_weighted(&cells, &variance), cells.to_vec());
    }
}
