//! `hpi bench --suite pooled`: the pooled methods on the same sales, each
//! against BMN: WRS, robust BMN, and the arithmetic ARS and CS, at annual
//! and monthly periods.

use crate::bench::{ensure_data, peak_mib, reset_peak, rsai_args, BenchArgs};
use crate::bench_diagnostics::Timed;
use crate::error::CliError;
use crate::output::n;
use crate::run::{self, RunArgs};
use hpi_usecases::model::Estimator;
use hpi_usecases::{Method, Period};
use serde::Serialize;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

/// The figures of the pooled-methods benchmark.
#[derive(Serialize, Debug)]
pub struct PooledBenchReport {
    /// Transactions read.
    pub transactions: u64,
    /// Pairs of the annual BMN run.
    pub pairs: u64,
    /// Each method's run, the ratio against BMN at the same periods.
    pub timings: Vec<Timed>,
}

/// Runs every pooled method on the generated sales.
pub fn bench_pooled(args: &BenchArgs) -> Result<PooledBenchReport, CliError> {
    let dir = ensure_data(args)?;
    let pooled = |method: Method, period: Period, estimator: Option<Estimator>| RunArgs {
        method,
        period,
        tracts: None,
        attributes: None,
        estimator,
        ..rsai_args(args, &dir)
    };
    let first = pooled(Method::Bmn, Period::Annual, None);
    let inputs = run::load(&first, &first.check()?)?;
    let never = AtomicBool::new(false);
    let quiet = |_| {};
    let mut timings: Vec<Timed> = Vec::new();
    let mut pairs = 0;
    for period in [Period::Annual, Period::Monthly] {
        let mut bmn_seconds = None;
        let runs = [
            (Method::Bmn, None),
            (Method::Wrs, None),
            (Method::Bmn, Some(Estimator::Robust)),
            (Method::Ars, None),
            (Method::Cs, None),
        ];
        for (method, estimator) in runs {
            let checked = pooled(method, period, estimator).check()?;
            reset_peak();
            let start = Instant::now();
            let outcome = hpi_usecases::compute(&inputs, &checked, &quiet, &never)?;
            let seconds = start.elapsed().as_secs_f64();
            match &outcome {
                hpi_usecases::Outcome::Pooled(out) if timings.is_empty() => pairs = out.quality.pairs.pairs,
                _ => {}
            }
            let base = *bmn_seconds.get_or_insert(seconds);
            let robust = if estimator.is_some() { ", robust" } else { "" };
            let what = format!("{}{robust}, {}", method.title(), format!("{period:?}").to_lowercase());
            timings.push(Timed { what, seconds, peak_mib: peak_mib(), ratio: seconds / base });
        }
    }
    Ok(PooledBenchReport { transactions: inputs.sales.len() as u64, pairs, timings })
}

impl PooledBenchReport {
    /// The figures as a table for people.
    pub fn to_text(&self) -> String {
        let mut s = format!("Pooled methods: {} transactions, {} pairs\n", n(self.transactions), n(self.pairs));
        for t in &self.timings {
            s += &format!(
                "  {:<24} {:>8.2} s   peak {:>5.0} MiB   ratio to BMN {:>5.2}\n",
                t.what, t.seconds, t.peak_mib, t.ratio
            );
        }
        s
    }
}
