//! The quality report: what happened to every row, pair, tract and CBSA.

use crate::calculate::{FileSummary, Outcome};
use hpi_engine::pairs::PairCounts;
use hpi_engine::{PooledQuality, RsaiQuality};
use serde::Serialize;
use std::fmt::Write;

/// The whole report, as `hpi quality --json` prints it.
#[derive(Serialize)]
pub struct QualityReport<'a> {
    /// The method.
    pub method: &'static str,
    /// Per input file.
    pub inputs: &'a [FileSummary],
    /// RSAI's report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rsai: Option<&'a RsaiQuality>,
    /// The pooled methods' report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pooled: Option<&'a PooledQuality>,
}

impl<'a> QualityReport<'a> {
    /// The report of a run.
    pub fn new(method: &'static str, inputs: &'a [FileSummary], outcome: &'a Outcome) -> Self {
        let (rsai, pooled) = match outcome {
            Outcome::Rsai(o) => (Some(&o.quality), None),
            Outcome::Pooled(o) => (None, Some(&o.quality)),
        };
        QualityReport { method, inputs, rsai, pooled }
    }

    /// The report as text for people.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        self.write_text(&mut s).expect("writing to a string");
        s
    }

    fn write_text(&self, s: &mut String) -> std::fmt::Result {
        writeln!(s, "Quality report ({})", self.method)?;
        writeln!(s, "\nInputs")?;
        for f in self.inputs {
            writeln!(
                s,
                "  {} ({}): {} rows read, {} accepted, {} rejected",
                f.file,
                f.kind,
                n(f.rows),
                n(f.accepted),
                n(f.rejected_count())
            )?;
            for (reason, count) in &f.rejected_by_reason {
                writeln!(s, "    {:>10}  {reason}", n(*count))?;
            }
            for issue in f.rejected.iter().take(20) {
                writeln!(s, "      {}:{}: {}: {}", f.file, issue.line, issue.column, issue.reason)?;
            }
            if f.rejected_count() > 20 {
                writeln!(s, "      … {} more rejected rows (all of them with --json)", n(f.rejected_count() - 20))?;
            }
        }
        let pairs = self.rsai.map(|q| &q.pairs).or(self.pooled.map(|q| &q.pairs));
        if let Some(p) = pairs {
            write_pairs(s, p, if self.rsai.is_some() { "tracts" } else { "regions" })?;
        }
        if let Some(q) = self.rsai {
            write_rsai(s, q)?;
        }
        if let Some(q) = self.pooled {
            writeln!(s, "\nRegions")?;
            for (region, count) in &q.pairs_by_region {
                writeln!(s, "  {region}: {} pairs", n(*count))?;
            }
            if let Some((region, (a, b))) = q.wrs_variance.iter().next() {
                writeln!(s, "  WRS error variance in {region}: {a:.6} + {b:.6} x gap (periods)")?;
            }
            writeln!(s, "\nPeriods without a value: {}", q.missing_periods.len())?;
            for m in &q.missing_periods {
                writeln!(s, "  {} {}: {}", m.region, m.period, m.reason)?;
            }
        }
        Ok(())
    }
}

fn write_pairs(s: &mut String, p: &PairCounts, units: &str) -> std::fmt::Result {
    writeln!(s, "\nPairs")?;
    writeln!(s, "  sales used               {:>12}", n(p.sales))?;
    writeln!(s, "  properties               {:>12}", n(p.properties))?;
    writeln!(s, "  single-sale properties   {:>12}", n(p.single_sale_properties))?;
    writeln!(s, "  removed by period dedupe {:>12}", n(p.removed_by_dedupe))?;
    writeln!(s, "  consecutive pairs        {:>12}", n(p.candidate_pairs))?;
    writeln!(s, "  across {units:<17} {:>12}  (dropped)", n(p.cross_unit_pairs))?;
    writeln!(s, "  filter        applied   fails on its own   removed in order")?;
    for f in &p.filters {
        let on = if f.enabled { "yes" } else { "no" };
        writeln!(s, "  {:<12}  {on:<7}   {:>16}   {:>16}", f.filter, n(f.own), n(f.sequential))?;
    }
    writeln!(s, "  pairs kept               {:>12}", n(p.pairs))
}

fn write_rsai(s: &mut String, q: &RsaiQuality) -> std::fmt::Result {
    writeln!(s, "\nHalf-pair coverage (included CBSAs)")?;
    writeln!(s, "  year   half-pairs   tracts at threshold")?;
    for c in &q.coverage {
        let share = if c.tracts > 0 { 100.0 * f64::from(c.tracts_at_threshold) / f64::from(c.tracts) } else { 0.0 };
        writeln!(
            s,
            "  {}  {:>11}   {:>6} of {:>6} ({share:.1}%)",
            c.year,
            n(c.half_pairs),
            n(u64::from(c.tracts_at_threshold)),
            n(u64::from(c.tracts))
        )?;
    }
    writeln!(s, "\nCBSAs")?;
    for c in &q.cbsas {
        match &c.excluded_reason {
            Some(reason) => writeln!(s, "  {} ({} tracts): left out: {reason}", c.cbsa, c.tracts)?,
            None => {
                writeln!(s, "  {} ({} tracts)", c.cbsa, c.tracts)?;
                writeln!(s, "    year  half-pairs  short tracts  merges  (disconnected)  supertracts")?;
                for y in &c.years {
                    writeln!(
                        s,
                        "    {}  {:>10}  {:>12}  {:>6}  {:>14}  {:>11}",
                        y.year,
                        n(y.half_pairs),
                        y.short_tracts,
                        y.merges,
                        y.disconnected_merges,
                        y.supertracts
                    )?;
                }
                for stop in &c.stops {
                    writeln!(
                        s,
                        "    {} index has no value from {} on: {}",
                        stop.weight.name(),
                        stop.year,
                        stop.reason
                    )?;
                }
            }
        }
    }
    if !q.tracts_without_attribute.is_empty() {
        writeln!(s, "\nTracts without any observation of an attribute (counted as 0)")?;
        for (a, count) in &q.tracts_without_attribute {
            writeln!(s, "  {a:<13} {count}")?;
        }
    }
    writeln!(s, "\nSupertract regressions: {} solved, {} reused", n(q.regressions_solved), n(q.regressions_reused))
}

/// A count with thousand separators.
fn n(value: u64) -> String {
    hpi_report::report::thousands(value as i64)
}
