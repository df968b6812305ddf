//! A run beside a published series: per region (and RSAI weight) the
//! tracking figures and the benchmark rebased to be drawn with the run.

use crate::table::{number, text};
use crate::Table;
use hpi_engine::benchmark::{rebased, tracking, Levels, Tracking};
use hpi_engine::Periodicity;
use hpi_store::benchmarks::Benchmark;
use hpi_store::IndexRow;
use serde::Serialize;
use std::collections::BTreeMap;

/// One period of a rebased benchmark.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OverlayPoint {
    /// Absolute period number, in the run's periods.
    pub period: i64,
    /// Period label.
    pub label: String,
    /// The benchmark, scaled to equal the run in the first period both have.
    pub value: f64,
}

/// One of the run's series against the benchmark's series of the same region.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RegionComparison {
    /// The region, as both name it.
    pub region: String,
    /// The RSAI weight of the run's series.
    pub weight: Option<String>,
    /// How closely the run tracks the benchmark.
    pub tracking: Tracking,
    /// The benchmark rebased, in the run's periods; empty when its periods are
    /// coarser than the run's.
    pub overlay: Vec<OverlayPoint>,
}

/// A run compared with a benchmark.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Comparison {
    /// The run.
    pub run: i64,
    /// The benchmark.
    pub benchmark: Benchmark,
    /// The run's series whose region the benchmark has.
    pub regions: Vec<RegionComparison>,
    /// The run's regions the benchmark does not have.
    pub unmatched: Vec<String>,
}

/// Compares the run's stored index `rows` with `levels`, the benchmark's values by region.
/// The rows come as the store keeps them: each series' periods together.
pub fn compare(run: i64, rows: &[IndexRow], benchmark: Benchmark, levels: &BTreeMap<String, Levels>) -> Comparison {
    let run_periods = rows.first().and_then(|r| Periodicity::of_label(&r.label)).unwrap_or(Periodicity::Annual);
    let theirs = benchmark.key.periodicity;
    // Drawn over the run's own periods only.
    let span = rows.first().map_or(0, |r| r.period)..=rows.last().map_or(0, |r| r.period);
    let mut regions = Vec::new();
    let mut unmatched: Vec<String> = Vec::new();
    for series in rows.chunk_by(|a, b| a.region == b.region && a.weight == b.weight) {
        let (region, weight) = (&series[0].region, &series[0].weight);
        let Some(bench) = levels.get(region) else {
            if !unmatched.contains(region) {
                unmatched.push(region.clone());
            }
            continue;
        };
        let ours: Levels = series.iter().filter_map(|r| Some((r.period as i32, r.value?))).collect();
        let overlay = rebased(&ours, run_periods, bench, theirs)
            .unwrap_or_default()
            .into_iter()
            .filter(|(p, _)| span.contains(&i64::from(*p)))
            .map(|(p, value)| OverlayPoint { period: p as i64, label: run_periods.label(p), value })
            .collect();
        regions.push(RegionComparison {
            region: region.clone(),
            weight: weight.clone(),
            tracking: tracking(&ours, run_periods, bench, theirs),
            overlay,
        });
    }
    Comparison { run, benchmark, regions, unmatched }
}

/// The tracking figures, one row per region and weight.
pub fn tracking_table(c: &Comparison) -> Table {
    let r = &c.regions;
    Table {
        columns: vec![
            ("region", text(r, |x| Some(x.region.clone()))),
            ("weight", text(r, |x| x.weight.clone())),
            ("compared_in", text(r, |x| Some(x.tracking.periodicity.name().to_owned()))),
            ("periods", number(r, |x| Some(f64::from(x.tracking.periods)))),
            ("first", text(r, |x| x.tracking.first.clone())),
            ("last", text(r, |x| x.tracking.last.clone())),
            ("return_correlation", number(r, |x| x.tracking.return_correlation)),
            ("rms_log_difference", number(r, |x| x.tracking.rms_log_difference)),
            ("growth_difference_pp", number(r, |x| x.tracking.growth_difference)),
        ],
    }
}
