//! The Repeat-Sales Aggregation Index (spec section 5).

use crate::attributes::AttributeSeries;
use crate::bmn::{self, Cell, Solution, NO_COMPONENT};
use crate::pairs::{make_pairs, PairCounts, PairUnit};
use crate::params::{CheckedRsai, Weight};
use crate::period::Periodicity;
use crate::progress::{RunControl, Stage};
use crate::series::{IndexPoint, IndexSeries, TractPoint, TractSeries};
use crate::supertract::{self, TractState};
use crate::table::{Attribute, Attributes, Sales, Tracts};
use crate::EngineError;
use ahash::AHashMap;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

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
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
}

/// An index that has no value from `year` on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IndexStop {
    /// The weight whose index stops.
    pub weight: Weight,
    /// First year without a value.
    pub year: i32,
    /// Why.
    pub reason: String,
}

/// The quality report of one CBSA.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Serialize)]
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
}

/// An RSAI run's result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RsaiOutput {
    /// City indices: per included CBSA (sorted) one series per weight, in the
    /// order the weights were asked for.
    pub city: Vec<IndexSeries>,
    /// The balanced tract panel, by CBSA then tract id.
    pub tracts: Vec<TractSeries>,
    /// The quality report.
    pub quality: RsaiQuality,
}

/// Per-tract sufficient statistics over the whole sample of years.
struct TractStats {
    cells: Vec<Cell>,
    half_pairs: Vec<u64>,
    /// Component label per period; an untouched period labels itself.
    component: Vec<u32>,
}

struct Context<'a> {
    input: RsaiInput<'a>,
    params: &'a CheckedRsai,
    stats: Vec<TractStats>,
    attributes: AttributeSeries,
    first_year: i32,
    periods: usize,
}

struct CbsaResult {
    quality: CbsaQuality,
    city: Vec<IndexSeries>,
    tracts: Vec<TractSeries>,
    solved: u64,
    reused: u64,
}

/// Computes RSAI city indices for every requested weight and the tract panel.
///
/// Two tracts of one CBSA where every house gains exactly 10% a year: each
/// tract's index, and so the city's under any weighting, is 100, 110, 121.
///
/// ```
/// use hpi_engine::{rsai, AttributesBuilder, RsaiInput, RsaiParams, RunControl, SalesBuilder, TractsBuilder, Weight};
///
/// let mut tracts = TractsBuilder::default();
/// tracts.push(2, "A", "10180", "32.4", "-99.7").unwrap();
/// tracts.push(3, "B", "10180", "32.5", "-99.8").unwrap();
/// let tracts = tracts.finish();
/// let mut sales = SalesBuilder::new(Some(&tracts));
/// let mut line = 1;
/// for tract in ["A", "B"] {
///     for (house, (d0, v0), (d1, v1)) in [
///         ("1", ("2010-05-01", "100000"), ("2011-05-01", "110000")),
///         ("2", ("2011-03-01", "200000"), ("2012-03-01", "220000")),
///         ("3", ("2010-09-01", "300000"), ("2012-09-01", "363000")),
///     ] {
///         let id = format!("{tract}{house}");
///         for (date, price) in [(d0, v0), (d1, v1)] {
///             line += 1;
///             sales.push(line, &id, date, price, Some(tract), Some("10180")).unwrap();
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
    let (pairs, counts) = make_pairs(input.sales, Periodicity::Annual, params.dedupe, params.filters, PairUnit::Tract);
    log::debug!("rsai: {} sales, {} pairs kept of {} candidates", counts.sales, counts.pairs, counts.candidate_pairs);
    control.check()?;
    control.report(Stage::Statistics, 0, 1);
    let first_year = pairs.p0.iter().copied().min().unwrap_or(params.start).min(params.start);
    let last_year = pairs.p1.iter().copied().max().unwrap_or(params.end).max(params.end);
    let periods = (last_year - first_year + 1) as usize;
    let stats = tract_stats(&pairs.unit, &pairs.p0, &pairs.p1, &pairs.y, input.tracts.len(), first_year, periods);
    let ctx = Context {
        input,
        params,
        stats,
        attributes: AttributeSeries::new(input.attributes, input.tracts.len()),
        first_year,
        periods,
    };
    control.check()?;

    let cbsa_count = input.tracts.cbsa_names.len();
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); cbsa_count];
    for t in 0..input.tracts.len() {
        let has_pairs = !ctx.stats[t].cells.is_empty();
        if has_pairs || ctx.attributes.any_positive(t as u32, Attribute::Units) {
            members[input.tracts.cbsa[t] as usize].push(t as u32);
        }
    }
    let years_per_cbsa = (params.end - params.start) as u64;
    let total = years_per_cbsa * cbsa_count as u64;
    let done = AtomicU64::new(0);
    let step = || control.report(Stage::Supertracts, done.fetch_add(1, Ordering::Relaxed) + 1, total);
    let results: Vec<CbsaResult> = (0..cbsa_count)
        .into_par_iter()
        .map(|c| run_cbsa(&ctx, c, &members[c], control, &step))
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
    for r in results {
        quality.regressions_solved += r.solved;
        quality.regressions_reused += r.reused;
        quality.cbsas.push(r.quality);
        city.extend(r.city);
        tracts.extend(r.tracts);
    }
    Ok(RsaiOutput { city, tracts, quality })
}

fn needed_attributes(weights: &[Weight]) -> Vec<Attribute> {
    let mut out = Vec::new();
    for w in weights {
        let needs: &[Attribute] = match w {
            Weight::Sample => &[],
            Weight::Value => &[Attribute::MedianValue, Attribute::Units],
            Weight::Unit => &[Attribute::Units],
            Weight::Upb => &[Attribute::Upb],
            Weight::College => &[Attribute::College],
            Weight::Nonwhite => &[Attribute::Nonwhite],
        };
        for a in needs {
            if !out.contains(a) {
                out.push(*a);
            }
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
            let component = bmn::components(periods, cells.iter().filter(|c| c.a != c.b).map(|c| (c.a, c.b)))
                .into_iter()
                .enumerate()
                .map(|(p, c)| if c == NO_COMPONENT { p as u32 } else { c })
                .collect();
            TractStats { cells, half_pairs, component }
        })
        .collect()
}

fn run_cbsa(
    ctx: &Context,
    c: usize,
    members: &[u32],
    control: &RunControl,
    step: &(dyn Fn() + Sync),
) -> Result<CbsaResult, EngineError> {
    let params = ctx.params;
    let tracts = ctx.input.tracts;
    let name = tracts.cbsa_names[c].clone();
    let offset = |year: i32| (year - ctx.first_year) as usize;
    let min = u64::from(params.min_half_pairs);
    let half_pairs: Vec<u64> = (params.start..=params.end)
        .map(|y| members.iter().map(|&t| ctx.stats[t as usize].half_pairs[offset(y)]).sum())
        .collect();
    let mut quality = CbsaQuality {
        cbsa: name.clone(),
        tracts: members.len() as u32,
        half_pairs: half_pairs.clone(),
        included: false,
        excluded_reason: None,
        years: Vec::new(),
        stops: Vec::new(),
    };
    let skip = |mut quality: CbsaQuality, reason: String| {
        for _ in params.start..params.end {
            step();
        }
        quality.excluded_reason = Some(reason);
        Ok(CbsaResult { quality, city: Vec::new(), tracts: Vec::new(), solved: 0, reused: 0 })
    };
    if members.is_empty() {
        return skip(quality, "no tract has pairs or housing units".into());
    }
    if !params.keep_small_cbsas {
        if let Some((i, hp)) = half_pairs.iter().enumerate().find(|(_, &hp)| hp < min) {
            let year = params.start + i as i32;
            return skip(
                quality,
                format!("{hp} half-pairs city-wide in {year}, fewer than {min} (--keep-small-cbsas keeps it)"),
            );
        }
    }
    quality.included = true;

    let weights = &params.weights;
    let mut city_level: Vec<Option<f64>> = vec![Some(1.0); weights.len()];
    let mut city_points: Vec<Vec<IndexPoint>> = vec![vec![point(params.start, Some(1.0), None)]; weights.len()];
    let mut tract_level: Vec<Option<f64>> = vec![Some(1.0); members.len()];
    let mut tract_points: Vec<Vec<TractPoint>> = members
        .iter()
        .map(|&g| {
            let half_pairs = ctx.stats[g as usize].half_pairs[offset(params.start)];
            vec![TractPoint { year: params.start, index: Some(100.0), supertract: None, half_pairs }]
        })
        .collect();
    let mut cache: AHashMap<Vec<u32>, Arc<Solution>> = AHashMap::new();
    let (mut solved, mut reused) = (0u64, 0u64);
    let attrs = &ctx.attributes;

    for t in params.start + 1..=params.end {
        control.check()?;
        let (prev, cur) = (offset(t - 1), offset(t));
        let states: Vec<TractState> = members
            .iter()
            .map(|&g| {
                let s = &ctx.stats[g as usize];
                TractState {
                    hp_prev: s.half_pairs[prev],
                    hp_cur: s.half_pairs[cur],
                    lat: tracts.lat[g as usize],
                    lon: tracts.lon[g as usize],
                    component: s.component.clone(),
                }
            })
            .collect();
        let (units, log) = supertract::build(&states, prev as u32, cur as u32, min);
        quality.years.push(CbsaYear {
            year: t,
            half_pairs: half_pairs[(t - params.start) as usize],
            short_tracts: log.short_tracts,
            merges: log.merges,
            disconnected_merges: log.disconnected_merges,
            supertracts: units.len() as u32,
        });
        let mut changes: Vec<Option<f64>> = Vec::with_capacity(units.len());
        for unit in &units {
            let key: Vec<u32> = unit.iter().map(|&i| members[i as usize]).collect();
            let solution = match cache.get(&key) {
                Some(s) => {
                    reused += 1;
                    Arc::clone(s)
                }
                None => {
                    let cells: Vec<Cell> =
                        key.iter().flat_map(|&g| ctx.stats[g as usize].cells.iter().copied()).collect();
                    let what = format!("supertract {} of CBSA {name}", tracts.id[key[0] as usize]);
                    let s = Arc::new(bmn::solve(ctx.periods, &cells, &what)?);
                    solved += 1;
                    cache.insert(key, Arc::clone(&s));
                    s
                }
            };
            changes.push(solution.change(prev, cur));
        }
        let disconnected = changes.iter().any(Option::is_none);
        for (k, &weight) in weights.iter().enumerate() {
            let mut stop = |reason: String, level: &mut Option<f64>| {
                if level.take().is_some() {
                    quality.stops.push(IndexStop { weight, year: t, reason });
                }
            };
            if disconnected {
                stop(format!("no chain of pairs joins {} and {t} anywhere in the CBSA", t - 1), &mut city_level[k]);
            } else {
                let measures: Vec<f64> = units
                    .iter()
                    .map(|unit| {
                        let st = |i: &u32| &states[*i as usize];
                        let g = |i: &u32| members[*i as usize];
                        unit.iter()
                            .map(|i| match weight {
                                Weight::Sample => (st(i).hp_prev + st(i).hp_cur) as f64,
                                Weight::Value => {
                                    attrs.value(g(i), Attribute::MedianValue, t - 1)
                                        * attrs.value(g(i), Attribute::Units, t - 1)
                                }
                                Weight::Unit => attrs.value(g(i), Attribute::Units, t - 1),
                                Weight::Upb => attrs.value(g(i), Attribute::Upb, t - 1),
                                Weight::College => attrs.value(g(i), Attribute::College, params.static_year),
                                Weight::Nonwhite => attrs.value(g(i), Attribute::Nonwhite, params.static_year),
                            })
                            .sum()
                    })
                    .collect();
                match normalise(&measures) {
                    Some(w) => {
                        let p: f64 = w.iter().zip(&changes).map(|(w, d)| w * d.expect("connected")).sum();
                        if let Some(level) = city_level[k].as_mut() {
                            *level *= p.exp();
                        }
                    }
                    None => stop(format!("the CBSA's total {} measure is 0", weight.name()), &mut city_level[k]),
                }
            }
            let note = city_level[k].is_none().then(|| stop_note(&quality.stops, weight));
            city_points[k].push(point(t, city_level[k], note));
        }
        for (unit, change) in units.iter().zip(&changes) {
            let label = tracts.id[members[unit[0] as usize] as usize].clone();
            for &i in unit {
                let level = &mut tract_level[i as usize];
                *level = match (*level, change) {
                    (Some(l), Some(d)) => Some(l * d.exp()),
                    _ => None,
                };
                tract_points[i as usize].push(TractPoint {
                    year: t,
                    index: level.map(|l| 100.0 * l),
                    supertract: Some(label.clone()),
                    half_pairs: states[i as usize].hp_cur,
                });
            }
        }
        step();
    }
    let city = weights
        .iter()
        .zip(city_points)
        .map(|(&w, points)| IndexSeries {
            region: name.clone(),
            method: "rsai",
            weight: Some(w),
            periodicity: Periodicity::Annual,
            points,
        })
        .collect();
    let tract_series = members
        .iter()
        .zip(tract_points)
        .map(|(&g, points)| TractSeries { tract: tracts.id[g as usize].clone(), cbsa: name.clone(), points })
        .collect();
    Ok(CbsaResult { quality, city, tracts: tract_series, solved, reused })
}

/// Shares of the total: weights that sum to 1, or `None` when the total is not
/// positive.
pub fn normalise(measures: &[f64]) -> Option<Vec<f64>> {
    let total: f64 = measures.iter().sum();
    (total > 0.0).then(|| measures.iter().map(|m| m / total).collect())
}

fn point(year: i32, level: Option<f64>, note: Option<String>) -> IndexPoint {
    IndexPoint { period: year, label: year.to_string(), index: level.map(|l| 100.0 * l), note }
}

fn stop_note(stops: &[IndexStop], weight: Weight) -> String {
    let s = stops.iter().find(|s| s.weight == weight).expect("stopped");
    format!("no value from {} on: {}", s.year, s.reason)
}
