//! `hpi bench --suite pooled`: the pooled methods on the same sales, each
//! against BMN: WRS, robust BMN, and the arithmetic ARS and CS, at annual
//! and monthly periods.

use crate::bench::{ensure_data, peak_mib, reset_peak, rsai_args, BenchArgs};
use crate::bench_diagnostics::{Timed, TimingsReport};
use crate::error::CliError;
use crate::run::{self, RunArgs};
use hpi_usecases::model::Estimator;
use hpi_usecases::{Method, Period};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

/// Runs every pooled method on the generated sales.
pub fn bench_pooled(args: &BenchArgs) -> Result<TimingsReport, CliError> {
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
    let title = "Pooled methods (ratios to BMN at the same periods)".to_owned();
    Ok(TimingsReport { title, transactions: inputs.sales.len() as u64, pairs, timings })
}
