//! The Repeat-Sales Aggregation Index (`docs/how-indices-are-made.md`,
//! decisions in `docs/methodology.md`).

use crate::attributes::AttributeSeries;
use crate::bmn::{self, Cell, NO_COMPONENT};
use crate::composite::CompositeQuality;
use crate::groups::{self, Aggregate, AggregationQuality, GroupSums, Membership};
use crate::pairs::{make_pairs, PairCounts, PairPrices, PairUnit, Pairs};
use crate::params::{CheckedRsai, Weight};
use crate::period::Periodicity;
use crate::progress::{RunControl, Stage};
use crate::series::{IndexSeries, TractSeries};
use crate::smoothing::SmoothingReport;
use crate::table::{Attribute, Attributes, Sales, Tracts, NONE};
use crate::EngineError;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

/// What RSAI reads.
#[derive(Clone, Copy)]
pub struct RsaiInput<'a> {
    /// Sales, each in a known tract.
    pub sales: &'a Sales,
    /// Tracts with CBSA and centroid.
    pub tracts: &'a Tracts,
    /// Tract attributes for the weights (may be empty for `sample`).
    pub attributes: &'a Attributes,
}

/// One CBSA-year of supertract building.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CbsaYear {
    /// Index year `t`.
    pub year: i32,
    /// City-wide half-pairs in `t`.
    pub half_pairs: u64,
    /// Tracts short before merging.
    pub short_tracts: u32,
    /// Merges done.
    pub merges: u32,
    /// Merges because `t-1` and `t` were not connected.
    pub disconnected_merges: u32,
    /// Supertracts after merging.
    pub supertracts: u32,
    /// Supertracts without residual degrees of freedom of their own, whose
    /// standard error of appreciation used the CBSA-year's pooled σ̂²;
    /// `None` in reports saved before HPI Studio counted them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pooled_variance: Option<u32>,
}

/// An index that has no value from `year` on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndexStop {
    /// The weight whose index stops.
    pub weight: Weight,
    /// First year without a value.
    pub year: i32,
    /// Why.
    pub reason: String,
}

/// The quality report of one CBSA.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CbsaQuality {
    /// CBSA name.
    pub cbsa: String,
    /// Tracts taking part (with pairs or housing units).
    pub tracts: u32,
    /// City-wide half-pairs per year of the range, start first.
    pub half_pairs: Vec<u64>,
    /// Whether the CBSA has an index.
    pub included: bool,
    /// Why it was left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excluded_reason: Option<String>,
    /// Supertract building per index year.
    pub years: Vec<CbsaYear>,
    /// Indices cut short.
    pub stops: Vec<IndexStop>,
}

/// Half-pair coverage of one year over the included CBSAs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearCoverage {
    /// Year.
    pub year: i32,
    /// Half-pairs.
    pub half_pairs: u64,
    /// Tracts taking part.
    pub tracts: u32,
    /// Tracts with at least the threshold of half-pairs on their own.
    pub tracts_at_threshold: u32,
}

/// The quality report of an RSAI run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RsaiQuality {
    /// From sales to pairs.
    pub pairs: PairCounts,
    /// Half-pair coverage per year.
    pub coverage: Vec<YearCoverage>,
    /// Per CBSA, sorted by name.
    pub cbsas: Vec<CbsaQuality>,
    /// For each attribute a requested weight needs: included tracts without any
    /// observation of it (they count 0).
    pub tracts_without_attribute: BTreeMap<String, u32>,
    /// Distinct supertract regressions solved.
    pub regressions_solved: u64,
    /// Supertract-years that reused a regression of an identical supertract.
    pub regressions_reused: u64,
    /// The groups the city indices were also aggregated to, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aggregation: Option<AggregationQuality>,
    /// Composites of regions, when asked for: their shares and gaps.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub composites: Vec<CompositeQuality>,
    /// Smoothing's order and the series it left alone, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smoothing: Option<SmoothingReport>,
}

/// An RSAI run's result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RsaiOutput {
    /// City indices: per included CBSA (sorted) one series per weight, in the
    /// order the weights were asked for; then the aggregation groups' series.
    pub city: Vec<IndexSeries>,
    /// The balanced tract panel, by CBSA then tract id.
    pub tracts: Vec<TractSeries>,
    /// The quality report.
    pub quality: RsaiQuality,
}

/// Per-tract sufficient statistics over the whole sample of years.
pub(crate) struct TractStats {
    pub(crate) cells: Vec<Cell>,
    /// Within-cell spread of log relatives, per cell, for standard errors.
    pub(crate) spread: Vec<f64>,
    pub(crate) half_pairs: Vec<u64>,
    /// Component label per period; an untouched period labels itself.
    pub(crate) component: Vec<u32>,
}

/// What every CBSA's pass reads.
pub(crate) struct Context<'a> {
    pub(crate) input: RsaiInput<'a>,
    pub(crate) params: &'a CheckedRsai,
    pub(crate) stats: Vec<TractStats>,
    pub(crate) attributes: AttributeSeries,
    pub(crate) first_year: i32,
    pub(crate) periods: usize,
    /// The aggregation groups each tract is in, when the run has any.
    pub(crate) membership: Option<Membership>,
}

/// One CBSA's indices, tract panel and report.
pub(crate) struct CbsaResult {
    pub(crate) quality: CbsaQuality,
    pub(crate) city: Vec<IndexSeries>,
    pub(crate) tracts: Vec<TractSeries>,
    pub(crate) solved: u64,
    pub(crate) reused: u64,
    pub(crate) groups: Option<GroupSums>,
}

/// Computes RSAI city indices for every requested weight and the tract panel.
///
/// Two tracts of one CBSA where every house gains exactly 10% a year: each
/// tract's index, and so the city's under any weighting, is 100, 110, 121.
///
/// ```
/// use hpi_engine::{rsai, AttributesBuilder, Date, RsaiInput, RsaiParams, RunControl, SalesBuilder, TractsBuilder, Weight};
///
/// let mut tracts = TractsBuilder::default();
/// tracts.push_values(2, "A", "10180", 32.4, -99.7).unwrap();
/// tracts.push_values(3, "B", "10180", 32.5, -99.8).unwrap();
/// let tracts = tracts.finish();
/// let mut sales = SalesBuilder::new(Some(&tracts));
/// let mut line = 1;
/// for tract in ["A", "B"] {
///     for (house, (d0, v0), (d1, v1)) in [
///         ("1", ((2010, 5), 100000.0), ((2011, 5), 110000.0)),
///         ("2", ((2011, 3), 200000.0), ((2012, 3), 220000.0)),
///         ("3", ((2010, 9), 300000.0), ((2012, 9), 363000.0)),
///     ] {
///         let id = format!("{tract}{house}");
///         for ((year, month), price) in [(d0, v0), (d1, v1)] {
///             line += 1;
///             let date = Date::from_ymd(year, month, 1).unwrap();
///             sales.push_values(line, &id, date, price, Some(tract), Some("10180")).unwrap();
///         }
///     }
/// }
/// let sales = sales.finish();
/// let attributes = AttributesBuilder::new(&tracts).finish();
///
/// let mut params = RsaiParams::new(2010, 2012);
/// params.min_half_pairs = 1; // a toy sample; the paper's threshold is 40
/// params.weights = vec![Weight::Sample];
/// let params = params.check().unwrap();
/// let input = RsaiInput { sales: &sales, tracts: &tracts, attributes: &attributes };
/// let out = rsai(input, &params, &RunControl::silent()).unwrap();
///
/// let city: Vec<f64> = out.city[0].points.iter().map(|p| p.index.unwrap()).collect();
/// assert_eq!(out.city[0].region, "10180");
/// assert!((city[1] - 110.0).abs() < 1e-9 && (city[2] - 121.0).abs() < 1e-9, "{city:?}");
/// assert_eq!(out.tracts.len(), 2, "both tracts are in the balanced panel");
/// ```
pub fn rsai(input: RsaiInput, params: &CheckedRsai, control: &RunControl) -> Result<RsaiOutput, EngineError> {
    if input.sales.is_empty() {
        return Err(EngineError::NoData("no sale passed validation".into()));
    }
    control.report(Stage::Pairing, 0, 1);
    let (pairs, counts) = rsai_pairs(input.sales, params, PairPrices::Drop);
    log::debug!("rsai: {} sales, {} pairs kept of {} candidates", counts.sales, counts.pairs, counts.candidate_pairs);
    control.check()?;
    rsai_of_pairs(input, params, &pairs, counts, control)
}

/// RSAI's pairs: annual, within tracts; with their prices when `prices` keeps them.
pub(crate) fn rsai_pairs(sales: &Sales, params: &CheckedRsai, prices: PairPrices) -> (Pairs, PairCounts) {
    make_pairs(sales, Periodicity::Annual, params.dedupe, params.filters, PairUnit::Tract, prices)
}

/// RSAI from pairs already made (all of a run's, or the subset a diagnostic
/// re-estimates on); `counts` goes into the quality report as it is.
pub(crate) fn rsai_of_pairs(
    input: RsaiInput,
    params: &CheckedRsai,
    pairs: &Pairs,
    counts: PairCounts,
    control: &RunControl,
) -> Result<RsaiOutput, EngineError> {
    control.report(Stage::Statistics, 0, 1);
    let first_year = pairs.p0.iter().copied().min().unwrap_or(params.start).min(params.start);
    let last_year = pairs.p1.iter().copied().max().unwrap_or(params.end).max(params.end);
    let periods = (last_year - first_year + 1) as usize;
    let stats = tract_stats(&pairs.unit, &pairs.p0, &pairs.p1, &pairs.y, input.tracts.len(), first_year, periods);
    if params.aggregate.contains(&Aggregate::Groups) && input.tracts.groups.is_empty() {
        return Err(EngineError::InvalidParameter {
            param: crate::Param::Aggregate,
            reason: "no groups of tracts were given: import a file of tract,group rows".into(),
        });
    }
    let mut ctx = Context {
        input,
        params,
        stats,
        attributes: AttributeSeries::new(input.attributes, input.tracts.len()),
        first_year,
        periods,
        membership: None,
    };
    control.check()?;

    let cbsa_count = input.tracts.cbsa_names.len();
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); cbsa_count];
    let mut taking_part = vec![false; input.tracts.len()];
    for t in 0..input.tracts.len() {
        let has_pairs = !ctx.stats[t].cells.is_empty();
        if has_pairs || ctx.attributes.any_positive(t as u32, Attribute::Units) {
            members[input.tracts.cbsa[t] as usize].push(t as u32);
            taking_part[t] = true;
        }
    }
    if !params.aggregate.is_empty() {
        ctx.membership = Some(Membership::build(input.tracts, &params.aggregate, &taking_part));
    }
    let ctx = ctx;
    let years_per_cbsa = (params.end - params.start) as u64;
    let total = years_per_cbsa * cbsa_count as u64;
    let done = AtomicU64::new(0);
    let step = || control.report(Stage::Supertracts, done.fetch_add(1, Ordering::Relaxed) + 1, total);
    let results: Vec<CbsaResult> = (0..cbsa_count)
        .into_par_iter()
        .map(|c| crate::cbsa::run_cbsa(&ctx, c, &members[c], control, &step))
        .collect::<Result<_, _>>()?;

    control.report(Stage::Aggregation, 0, 1);
    for r in &results {
        if let Some(reason) = &r.quality.excluded_reason {
            log::info!("CBSA {} left out: {reason}", r.quality.cbsa);
        }
    }
    let mut quality = RsaiQuality {
        pairs: counts,
        coverage: Vec::new(),
        cbsas: Vec::new(),
        tracts_without_attribute: BTreeMap::new(),
        regressions_solved: 0,
        regressions_reused: 0,
        aggregation: None,
        composites: Vec::new(),
        smoothing: None,
    };
    for year in params.start..=params.end {
        let o = (year - first_year) as usize;
        let mut cov = YearCoverage { year, half_pairs: 0, tracts: 0, tracts_at_threshold: 0 };
        for (c, r) in results.iter().enumerate() {
            if r.quality.included {
                for &t in &members[c] {
                    let hp = ctx.stats[t as usize].half_pairs[o];
                    cov.half_pairs += hp;
                    cov.tracts += 1;
                    cov.tracts_at_threshold += u32::from(hp >= u64::from(params.min_half_pairs));
                }
            }
        }
        quality.coverage.push(cov);
    }
    for attribute in needed_attributes(&params.weights) {
        let missing = results
            .iter()
            .enumerate()
            .filter(|(_, r)| r.quality.included)
            .flat_map(|(c, _)| members[c].iter())
            .filter(|&&t| !ctx.attributes.observed(t, attribute))
            .count();
        quality.tracts_without_attribute.insert(attribute.column().to_owned(), missing as u32);
    }
    let mut city = Vec::new();
    let mut tracts = Vec::new();
    let mut group_series = Vec::new();
    if let Some(membership) = &ctx.membership {
        let sums: Vec<_> =
            results.iter().map(|r| (&r.quality, r.groups.as_ref().expect("sums with membership"))).collect();
        let (series, groups) = groups::chain(membership, &params.weights, params.start, params.end, &sums);
        group_series = series;
        quality.aggregation = Some(AggregationQuality {
            kinds: params.aggregate.clone(),
            not_geoid: membership.not_geoid.clone(),
            groups,
        });
    }
    for r in results {
        quality.regressions_solved += r.solved;
        quality.regressions_reused += r.reused;
        quality.cbsas.push(r.quality);
        city.extend(r.city);
        tracts.extend(r.tracts);
    }
    city.extend(group_series);
    let t = input.tracts;
    let derived = crate::derived::derive(
        &mut city,
        params.smooth,
        &params.composites,
        input.sales,
        params.start..=params.end,
        |tract, region| match (tract, region) {
            (NONE, NONE) => None,
            (NONE, r) => Some(input.sales.region_names[r as usize].clone()),
            (u, _) => Some(t.cbsa_names[t.cbsa[u as usize] as usize].clone()),
        },
    )?;
    quality.composites = derived.composites;
    quality.smoothing = derived.smoothing;
    crate::series::keep_finite_tracts(&mut tracts);
    Ok(RsaiOutput { city, tracts, quality })
}

fn needed_attributes(weights: &[Weight]) -> Vec<Attribute> {
    let mut out = Vec::new();
    for a in weights.iter().flat_map(|w| w.attributes()) {
        if !out.contains(a) {
            out.push(*a);
        }
    }
    out
}

/// Buckets pairs by tract (a stable counting sort) and sums each tract's cells.
fn tract_stats(
    tract: &[u32],
    p0: &[i32],
    p1: &[i32],
    y: &[f64],
    tracts: usize,
    first_year: i32,
    periods: usize,
) -> Vec<TractStats> {
    let mut start = vec![0usize; tracts + 1];
    for &t in tract {
        start[t as usize + 1] += 1;
    }
    for t in 0..tracts {
        start[t + 1] += start[t];
    }
    let mut next = start.clone();
    let mut order = vec![0u32; tract.len()];
    for (i, &t) in tract.iter().enumerate() {
        order[next[t as usize]] = i as u32;
        next[t as usize] += 1;
    }
    (0..tracts)
        .into_par_iter()
        .map(|t| {
            let rows = &order[start[t]..start[t + 1]];
            let mut half_pairs = vec![0u64; periods];
            let mut triples: Vec<(u32, u32, f64)> = rows
                .iter()
                .map(|&i| {
                    let i = i as usize;
                    let (a, b) = ((p0[i] - first_year) as u32, (p1[i] - first_year) as u32);
                    half_pairs[a as usize] += 1;
                    half_pairs[b as usize] += 1;
                    (a, b, y[i])
                })
                .collect();
            let cells = bmn::cells_of(&mut triples);
            let spread = crate::standard_error::cell_spreads(&cells, &triples);
            let component = bmn::components(periods, cells.iter().filter(|c| c.a != c.b).map(|c| (c.a, c.b)))
                .into_iter()
                .enumerate()
                .map(|(p, c)| if c == NO_COMPONENT { p as u32 } else { c })
                .collect();
            TractStats { cells, spread, half_pairs, component }
        })
        .collect()
}

/// Shares of the total: weights that sum to 1, or `None` when the total is not
/// positive.
pub fn normalise(measures: &[f64]) -> Option<Vec<f64>> {
    let total: f64 = measures.iter().sum();
    // A total that overflows would make every share 0 or NaN.
    (total > 0.0 && total.is_finite()).then(|| measures.iter().map(|m| m / total).collect())
}
