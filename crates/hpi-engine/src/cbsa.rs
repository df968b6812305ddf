//! One CBSA's RSAI pass, in its stages: screen the CBSA against the
//! half-pair threshold; then year by year build the supertracts, solve (or
//! reuse) their regressions, aggregate their appreciation under each weight
//! and chain the city and tract indices; finally assemble the series.
//! The decisions are those of `docs/methodology.md`.

use crate::bmn::{Cell, Solution};
use crate::groups::GroupSums;
use crate::params::Weight;
use crate::period::Periodicity;
use crate::progress::RunControl;
use crate::rsai::{normalise, CbsaQuality, CbsaResult, CbsaYear, Context, IndexStop};
use crate::series::{IndexPoint, IndexSeries, TractPoint, TractSeries};
use crate::standard_error::{self, Covariance};
use crate::supertract::{self, MergeLog, TractState};
use crate::EngineError;
use ahash::AHashMap;
use rayon::prelude::*;
use std::sync::Arc;

/// Runs RSAI for CBSA `c`, whose tracts are `members`; `step` is called once a year.
pub(crate) fn run_cbsa(
    ctx: &Context,
    c: usize,
    members: &[u32],
    control: &RunControl,
    step: &(dyn Fn() + Sync),
) -> Result<CbsaResult, EngineError> {
    let params = ctx.params;
    let quality = screen(ctx, c, members);
    let mut groups = ctx
        .membership
        .as_ref()
        .map(|m| GroupSums::new(m, members, (params.end - params.start) as usize, params.weights.len()));
    if !quality.included {
        if let (Some(membership), Some(sums)) = (&ctx.membership, &mut groups) {
            for t in params.start + 1..=params.end {
                for (k, &weight) in params.weights.iter().enumerate() {
                    let measures: Vec<f64> = members.iter().map(|&g| tract_measure(ctx, weight, g, t)).collect();
                    sums.drop_tracts(membership, (t - params.start - 1) as usize, k, members, &measures);
                }
            }
        }
        for _ in params.start..params.end {
            step();
        }
        return Ok(CbsaResult { quality, city: Vec::new(), tracts: Vec::new(), solved: 0, reused: 0, groups });
    }
    // A year's supertracts and a supertract's regression do not depend on
    // other years, so both are made in parallel (the largest CBSA would
    // otherwise hold up the run on one core); only the chaining is in order.
    let years: Vec<i32> = (params.start + 1..=params.end).collect();
    let built: Vec<(Vec<Vec<u32>>, MergeLog)> = years
        .par_iter()
        .map(|&t| {
            control.check()?;
            Ok(supertracts(ctx, members, t))
        })
        .collect::<Result<_, EngineError>>()?;
    let mut fits = Fits::solve(ctx, members, &quality.cbsa, built.iter().map(|(units, _)| units.as_slice()), control)?;
    let mut chain = Chain::new(ctx, members, quality, groups);
    for (y, (&t, (units, log))) in years.iter().zip(&built).enumerate() {
        control.check()?;
        chain.year(t, units, log, &mut fits, y);
        step();
    }
    Ok(chain.finish())
}

/// Year `t`'s supertracts of the CBSA whose tracts are `members`.
fn supertracts(ctx: &Context, members: &[u32], t: i32) -> (Vec<Vec<u32>>, MergeLog) {
    let (prev, cur) = (ctx.offset(t - 1), ctx.offset(t));
    let tracts = ctx.input.tracts;
    let states: Vec<TractState> = members
        .iter()
        .map(|&g| {
            let s = &ctx.stats[g as usize];
            TractState {
                hp_prev: s.half_pairs[prev],
                hp_cur: s.half_pairs[cur],
                lat: tracts.lat[g as usize],
                lon: tracts.lon[g as usize],
                component: &s.component,
            }
        })
        .collect();
    supertract::build(&states, prev as u32, cur as u32, u64::from(ctx.params.min_half_pairs))
}

/// Every distinct supertract of a CBSA's years, with its regression (or why
/// it could not be solved), each solved once however many years it recurs.
struct Fits {
    results: Vec<Result<SupertractFit, String>>,
    /// Per year, per supertract, its position in `results`.
    of_year: Vec<Vec<usize>>,
    /// Whether a result has been used yet: the first use counts as solved, the others as reused.
    used: Vec<bool>,
}

impl Fits {
    fn solve<'u>(
        ctx: &Context,
        members: &[u32],
        cbsa: &str,
        years: impl Iterator<Item = &'u [Vec<u32>]>,
        control: &RunControl,
    ) -> Result<Self, EngineError> {
        // Keyed by the units as built (positions in `members`), which live as long as this does.
        let mut position: AHashMap<&[u32], usize> = AHashMap::new();
        let mut keys: Vec<&[u32]> = Vec::new();
        let of_year = years
            .map(|units| {
                units
                    .iter()
                    .map(|unit| {
                        *position.entry(unit.as_slice()).or_insert_with(|| {
                            keys.push(unit);
                            keys.len() - 1
                        })
                    })
                    .collect()
            })
            .collect();
        let tracts = ctx.input.tracts;
        let results = keys
            .par_iter()
            .map(|unit| {
                control.check()?;
                let stats = || unit.iter().map(|&i| &ctx.stats[members[i as usize] as usize]);
                let mut cells: Vec<Cell> = Vec::with_capacity(stats().map(|s| s.cells.len()).sum());
                let mut spread: Vec<f64> = Vec::with_capacity(stats().map(|s| s.spread.len()).sum());
                for s in stats() {
                    cells.extend_from_slice(&s.cells);
                    spread.extend_from_slice(&s.spread);
                }
                let what = format!("supertract {} of CBSA {cbsa}", tracts.id[members[unit[0] as usize] as usize]);
                Ok(standard_error::fit(ctx.periods, &cells, &cells, &spread, None, &what)
                    .map(|(solution, covariance)| SupertractFit { solution, covariance })
                    .map_err(|e| e.to_string()))
            })
            .collect::<Result<Vec<_>, EngineError>>()?;
        let used = vec![false; results.len()];
        Ok(Fits { results, of_year, used })
    }
}

/// The CBSA's report so far: included, or left out with the reason.
fn screen(ctx: &Context, c: usize, members: &[u32]) -> CbsaQuality {
    let params = ctx.params;
    let min = u64::from(params.min_half_pairs);
    let half_pairs: Vec<u64> = (params.start..=params.end)
        .map(|y| members.iter().map(|&t| ctx.stats[t as usize].half_pairs[ctx.offset(y)]).sum())
        .collect();
    let mut quality = CbsaQuality {
        cbsa: ctx.input.tracts.cbsa_names[c].clone(),
        tracts: members.len() as u32,
        half_pairs: half_pairs.clone(),
        included: false,
        excluded_reason: None,
        years: Vec::new(),
        stops: Vec::new(),
    };
    let reason = if members.is_empty() {
        Some("no tract has pairs or housing units".to_owned())
    } else if params.keep_small_cbsas {
        None
    } else {
        half_pairs.iter().enumerate().find(|(_, &hp)| hp < min).map(|(i, hp)| {
            let year = params.start + i as i32;
            format!("{hp} half-pairs city-wide in {year}, fewer than {min}; a run that keeps small CBSAs keeps it")
        })
    };
    quality.included = reason.is_none();
    quality.excluded_reason = reason;
    quality
}

impl Context<'_> {
    /// The position of `year` in the per-period statistics.
    fn offset(&self, year: i32) -> usize {
        (year - self.first_year) as usize
    }
}

/// The city and tract indices of one CBSA as they are chained year by year.
struct Chain<'a> {
    ctx: &'a Context<'a>,
    members: &'a [u32],
    quality: CbsaQuality,
    /// Per weight, the city's level (`None` once it has stopped).
    city_level: Vec<Option<f64>>,
    city_points: Vec<Vec<IndexPoint>>,
    /// Per member tract, its level.
    tract_level: Vec<Option<f64>>,
    tract_points: Vec<Vec<TractPoint>>,
    solved: u64,
    reused: u64,
    /// The CBSA's contributions to the aggregation groups, when there are any.
    groups: Option<GroupSums>,
}

impl<'a> Chain<'a> {
    fn new(ctx: &'a Context<'a>, members: &'a [u32], quality: CbsaQuality, groups: Option<GroupSums>) -> Self {
        let params = ctx.params;
        let weights = params.weights.len();
        let tract_points = members
            .iter()
            .map(|&g| {
                let half_pairs = ctx.stats[g as usize].half_pairs[ctx.offset(params.start)];
                let mut points = Vec::with_capacity((params.end - params.start + 1) as usize);
                points.push(TractPoint { year: params.start, index: Some(100.0), supertract: None, half_pairs });
                points
            })
            .collect();
        Chain {
            ctx,
            members,
            quality,
            city_level: vec![Some(1.0); weights],
            city_points: vec![vec![point(params.start, Some(1.0), None, None)]; weights],
            tract_level: vec![Some(1.0); members.len()],
            tract_points,
            solved: 0,
            reused: 0,
            groups,
        }
    }

    /// Year `t` (the `y`-th after the first): its supertracts' appreciation
    /// from `t-1`, and every index one step on.
    fn year(&mut self, t: i32, units: &[Vec<u32>], log: &MergeLog, fits: &mut Fits, y: usize) {
        let (prev, cur) = (self.ctx.offset(t - 1), self.ctx.offset(t));
        let (changes, unsolved) = self.changes(fits, y, prev, cur);
        let variances = variances(&changes);
        self.quality.years.push(CbsaYear {
            year: t,
            half_pairs: self.quality.half_pairs[(t - self.ctx.params.start) as usize],
            short_tracts: log.short_tracts,
            merges: log.merges,
            disconnected_merges: log.disconnected_merges,
            supertracts: units.len() as u32,
            pooled_variance: Some(variances.pooled),
        });
        let d: Vec<Option<f64>> = changes.iter().map(|c| c.d).collect();
        self.chain_city(t, units, &d, &variances.of_d, unsolved);
        self.chain_tracts(t, units, cur, &d);
    }

    /// Each of year `y`'s supertracts' log appreciation from `prev` to `cur`
    /// (`None` where no chain of pairs joins them) and what its variance
    /// needs, from its regression over the whole sample. A supertract whose
    /// system cannot be solved has no change, and the second value says why;
    /// the CBSA's indices stop there, as where no chain of pairs joins the years.
    fn changes(&mut self, fits: &mut Fits, y: usize, prev: usize, cur: usize) -> (Vec<Change>, Option<String>) {
        let mut unsolved = None;
        let changes = fits.of_year[y]
            .iter()
            .map(|&i| match &fits.results[i] {
                Ok(fit) => {
                    if std::mem::replace(&mut fits.used[i], true) {
                        self.reused += 1;
                    } else {
                        self.solved += 1;
                    }
                    Change {
                        d: fit.solution.change(prev, cur),
                        unscaled: fit.covariance.unscaled_variance(prev, cur),
                        sigma2: fit.covariance.sigma2(prev),
                        residuals: fit.covariance.residuals(prev),
                    }
                }
                Err(reason) => {
                    unsolved.get_or_insert_with(|| reason.clone());
                    Change { d: None, unscaled: None, sigma2: None, residuals: (0.0, 0.0) }
                }
            })
            .collect();
        (changes, unsolved)
    }

    /// Every weight's city index one year on: the supertracts' appreciation
    /// averaged with the weight's shares; a weight stops, for good, where the
    /// CBSA is disconnected or its measure is 0.
    /// `variances` are the supertracts' Var d̂ₙₜ, where known.
    fn chain_city(
        &mut self,
        t: i32,
        units: &[Vec<u32>],
        changes: &[Option<f64>],
        variances: &[Option<f64>],
        unsolved: Option<String>,
    ) {
        let disconnected = changes.iter().any(Option::is_none);
        let (ctx, members) = (self.ctx, self.members);
        for (k, &weight) in ctx.params.weights.iter().enumerate() {
            // Each member tract's measure, once: supertracts sum them, groups take them one by one.
            let tract_measures: Vec<f64> = members.iter().map(|&g| tract_measure(ctx, weight, g, t)).collect();
            let stopped = if let Some(reason) = &unsolved {
                Err(reason.clone())
            } else if disconnected {
                Err(format!("no chain of pairs joins {} and {t} anywhere in the CBSA", t - 1))
            } else {
                let measures: Vec<f64> =
                    units.iter().map(|unit| unit.iter().map(|&i| tract_measures[i as usize]).sum()).collect();
                match normalise(&measures) {
                    Some(w) => {
                        let p = w.iter().zip(changes).map(|(w, d)| w * d.expect("connected")).sum::<f64>();
                        // Var pₜ = Σ wₙ² Var d̂ₙₜ: the supertracts' fits are independent.
                        let var: Option<f64> = w.iter().zip(variances).map(|(w, v)| Some(w * w * (*v)?)).sum();
                        Ok((p, var.map(f64::sqrt)))
                    }
                    None if measures.iter().sum::<f64>() > 0.0 => Err(format!(
                        "the CBSA's total {} measure is too large to add up (an attribute value is implausibly large)",
                        weight.name()
                    )),
                    None => Err(format!("the CBSA's total {} measure is 0", weight.name())),
                }
            };
            let mut change_se = None;
            match stopped {
                Ok((p, se)) => {
                    if let Some(level) = self.city_level[k].as_mut() {
                        *level *= p.exp();
                        change_se = se;
                    }
                }
                Err(reason) => {
                    if self.city_level[k].take().is_some() {
                        self.quality.stops.push(IndexStop { weight, year: t, reason });
                    }
                }
            }
            let note = self.city_level[k].is_none().then(|| stop_note(&self.quality.stops, weight));
            self.city_points[k].push(point(t, self.city_level[k], change_se, note));
            self.carry_to_groups(t, k, units, &tract_measures, changes, variances);
        }
    }

    /// Weight `k`'s year `t` into the groups: each tract carries its
    /// supertract's appreciation and its own measure, or, when the CBSA has
    /// no value in `t`, drops out.
    /// `measures` are the member tracts' measures under weight `k` in `t`.
    fn carry_to_groups(
        &mut self,
        t: i32,
        k: usize,
        units: &[Vec<u32>],
        measures: &[f64],
        changes: &[Option<f64>],
        variances: &[Option<f64>],
    ) {
        let (Some(membership), Some(sums)) = (&self.ctx.membership, &mut self.groups) else { return };
        let (members, year) = (self.members, (t - self.ctx.params.start - 1) as usize);
        if self.city_level[k].is_some() {
            for ((unit, d), var) in units.iter().zip(changes).zip(variances) {
                let tracts = unit.iter().map(|&i| (members[i as usize], measures[i as usize]));
                sums.add_unit(membership, year, k, tracts, d.expect("a city with a value is connected"), *var);
            }
        } else {
            sums.drop_tracts(membership, year, k, members, measures);
        }
    }

    /// Every member tract one year on, with its supertract's appreciation.
    fn chain_tracts(&mut self, t: i32, units: &[Vec<u32>], cur: usize, changes: &[Option<f64>]) {
        let tracts = self.ctx.input.tracts;
        for (unit, change) in units.iter().zip(changes) {
            let label: Arc<str> = Arc::from(tracts.id[self.members[unit[0] as usize] as usize].as_str());
            for &i in unit {
                let level = &mut self.tract_level[i as usize];
                *level = match (*level, change) {
                    (Some(l), Some(d)) => Some(l * d.exp()),
                    _ => None,
                };
                self.tract_points[i as usize].push(TractPoint {
                    year: t,
                    index: level.map(|l| 100.0 * l),
                    supertract: Some(Arc::clone(&label)),
                    half_pairs: self.ctx.stats[self.members[i as usize] as usize].half_pairs[cur],
                });
            }
        }
    }

    /// The series and the report.
    fn finish(self) -> CbsaResult {
        let tracts = self.ctx.input.tracts;
        let name = &self.quality.cbsa;
        let city = self
            .ctx
            .params
            .weights
            .iter()
            .zip(self.city_points)
            .map(|(&w, points)| IndexSeries {
                region: name.clone(),
                method: "rsai",
                weight: Some(w),
                periodicity: Periodicity::Annual,
                points,
            })
            .collect();
        let tract_series = self
            .members
            .iter()
            .zip(self.tract_points)
            .map(|(&g, points)| TractSeries { tract: tracts.id[g as usize].clone(), cbsa: name.clone(), points })
            .collect();
        CbsaResult {
            quality: self.quality,
            city,
            tracts: tract_series,
            solved: self.solved,
            reused: self.reused,
            groups: self.groups,
        }
    }
}

/// Tract `g`'s measure under `weight` for year `t`: its half-pairs in `t-1`
/// and `t`, or the attributes the weight is made of, in `t-1` or in the static year.
pub(crate) fn tract_measure(ctx: &Context, weight: Weight, g: u32, t: i32) -> f64 {
    match weight {
        Weight::Sample => {
            let s = &ctx.stats[g as usize];
            (s.half_pairs[ctx.offset(t - 1)] + s.half_pairs[ctx.offset(t)]) as f64
        }
        _ => {
            let year = if weight.is_static() { ctx.params.static_year } else { t - 1 };
            weight.attributes().iter().map(|&a| ctx.attributes.value(g, a, year)).product()
        }
    }
}

pub(crate) fn point(year: i32, level: Option<f64>, change_se: Option<f64>, note: Option<String>) -> IndexPoint {
    IndexPoint {
        period: year,
        label: year.to_string(),
        index: level.map(|l| 100.0 * l),
        index_sa: None,
        index_smooth: None,
        se: None,
        change_se,
        band: None,
        note,
    }
}

/// A supertract's regression and the covariance of its estimates.
struct SupertractFit {
    solution: Solution,
    covariance: Covariance,
}

/// One supertract's appreciation over a year and what its variance needs.
struct Change {
    /// d̂ₙₜ, when `t-1` and `t` are joined.
    d: Option<f64>,
    /// Var d̂ₙₜ per unit of σ².
    unscaled: Option<f64>,
    /// The supertract's own σ̂², when it has residual degrees of freedom.
    sigma2: Option<f64>,
    /// Its Σe² and residual degrees of freedom, for the pooled σ̂².
    residuals: (f64, f64),
}

/// The supertracts' Var d̂ₙₜ in one CBSA-year, and how many used the pooled σ̂².
struct Variances {
    of_d: Vec<Option<f64>>,
    pooled: u32,
}

/// Var d̂ₙₜ = σ̂²ₙ·aᵀ(XₙᵀXₙ)⁻¹a; a supertract without residual degrees of
/// freedom takes the CBSA-year's pooled σ̂² = Σ SSR / Σ df over those with some
/// (`docs/methodology.md#standard-errors-and-bands`).
fn variances(changes: &[Change]) -> Variances {
    let (ssr, df) = changes
        .iter()
        .filter(|c| c.sigma2.is_some())
        .fold((0.0, 0.0), |(s, d), c| (s + c.residuals.0, d + c.residuals.1));
    let pooled = (df > 0.0).then(|| ssr / df);
    let mut borrowed = 0;
    let of_d = changes
        .iter()
        .map(|c| {
            let unscaled = c.unscaled?;
            let sigma2 = match c.sigma2 {
                Some(s) => s,
                None => {
                    borrowed += 1;
                    pooled?
                }
            };
            Some(sigma2 * unscaled)
        })
        .collect();
    Variances { of_d, pooled: borrowed }
}

pub(crate) fn stop_note(stops: &[IndexStop], weight: Weight) -> String {
    let s = stops.iter().find(|s| s.weight == weight).expect("stopped");
    format!("no value from {} on: {}", s.year, s.reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_supertract_without_degrees_of_freedom_takes_the_pooled_sigma() {
        let change = |unscaled, sigma2, residuals| Change { d: Some(0.1), unscaled: Some(unscaled), sigma2, residuals };
        let changes = [
            change(0.5, Some(2.0), (6.0, 3.0)),
            change(0.25, Some(4.0), (4.0, 1.0)),
            change(2.0, None, (0.0, 0.0)),
            Change { d: None, unscaled: None, sigma2: None, residuals: (0.0, 0.0) },
        ];
        let v = variances(&changes);
        // Pooled σ̂² = (6 + 4) / (3 + 1) = 2.5.
        assert_eq!(v.of_d, [Some(1.0), Some(1.0), Some(5.0), None]);
        assert_eq!(v.pooled, 1);
        let alone = variances(&changes[2..3]);
        assert_eq!((alone.of_d, alone.pooled), (vec![None], 1));
    }
}
