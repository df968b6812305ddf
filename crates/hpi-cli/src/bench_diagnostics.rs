//! `hpi bench --suite diagnostics`: what judging an RSAI index costs beside
//! computing it: `hpi evaluate` with k-fold accuracy and vintages, and a
//! bootstrap of the bands, each with its time, peak memory and ratio to the
//! run itself (whose analytic standard errors come with it).

use crate::bench::{ensure_data, peak_mib, reset_peak, rsai_args, BenchArgs};
use crate::error::CliError;
use crate::output::n;
use crate::run;
use hpi_usecases::model::{Bands, Bootstrap, DEFAULT_BAND_LEVEL, DEFAULT_VOLATILITY_WINDOW};
use serde::Serialize;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

/// One timed piece of work.
#[derive(Serialize, Debug)]
pub struct Timed {
    /// What was done.
    pub what: String,
    /// Seconds.
    pub seconds: f64,
    /// Peak resident memory while doing it, MiB.
    pub peak_mib: f64,
    /// `seconds` over the run's.
    pub ratio: f64,
}

/// The figures of a benchmark of several runs on the same sales, each timed
/// against the first.
#[derive(Serialize, Debug)]
pub struct TimingsReport {
    /// What was measured.
    pub title: String,
    /// Transactions read.
    pub transactions: u64,
    /// Pairs of the first run.
    pub pairs: u64,
    /// Each run, the first being the one the ratios are to.
    pub timings: Vec<Timed>,
}

/// Runs the diagnostics benchmark on the generated data.
pub fn bench_diagnostics(args: &BenchArgs) -> Result<TimingsReport, CliError> {
    let dir = ensure_data(args)?;
    let run_args = rsai_args(args, &dir);
    let checked = run_args.check()?;
    let inputs = run::load(&run_args, &checked)?;
    let never = AtomicBool::new(false);
    let quiet = |_| {};
    let mut timings: Vec<Timed> = Vec::new();
    let mut timed = |what: String, work: &mut dyn FnMut() -> Result<(), CliError>| -> Result<(), CliError> {
        reset_peak();
        let start = Instant::now();
        work()?;
        let seconds = start.elapsed().as_secs_f64();
        let ratio = timings.first().map_or(1.0, |run: &Timed| seconds / run.seconds);
        timings.push(Timed { what, seconds, peak_mib: peak_mib(), ratio });
        Ok(())
    };

    let mut outcome = None;
    timed("RSAI, six weights, with standard errors".into(), &mut || {
        outcome = Some(hpi_usecases::compute(&inputs, &checked, &quiet, &never)?);
        Ok(())
    })?;
    let mut outcome = outcome.expect("computed");
    let hpi_usecases::Outcome::Rsai(out) = &outcome else { unreachable!("RSAI was asked for") };
    let pairs = out.quality.pairs.pairs;

    let first_vintage = (args.end_year - i32::try_from(args.vintages).unwrap_or(i32::MAX) + 1).max(args.start_year + 1);
    let options = hpi_usecases::evaluate::options(
        &checked,
        DEFAULT_VOLATILITY_WINDOW,
        Some((args.kfold, 1)),
        Some(&first_vintage.to_string()),
    )?;
    let vintages = args.end_year - first_vintage + 1;
    timed(format!("evaluate: k-fold (k = {}) and {vintages} vintages", args.kfold), &mut || {
        hpi_usecases::evaluate::evaluate(&inputs, &checked, &outcome, &options, &quiet, &never)?;
        Ok(())
    })?;
    let bootstrap = Bootstrap::new(args.replicates, 1)?;
    let bands = Bands::new(DEFAULT_BAND_LEVEL)?;
    timed(format!("bootstrap: {} replicates", args.replicates), &mut || {
        hpi_usecases::calculate::rsai_bands(&inputs, &checked, &mut outcome, bands, &bootstrap, &quiet, &never)?;
        Ok(())
    })?;
    let title = "RSAI diagnostics".to_owned();
    Ok(TimingsReport { title, transactions: inputs.sales.len() as u64, pairs, timings })
}

impl TimingsReport {
    /// The figures as a table for people.
    pub fn to_text(&self) -> String {
        let mut s = format!("{}: {} transactions, {} pairs\n", self.title, n(self.transactions), n(self.pairs));
        for t in &self.timings {
            s += &format!(
                "  {:<44} {:>8.2} s   peak {:>5.0} MiB   ratio {:>6.2}\n",
                t.what, t.seconds, t.peak_mib, t.ratio
            );
        }
        s
    }
}
