//! Evaluating a run's indices: volatility and accuracy per series, written
//! as JSON (the nested shape) or as `item,value` rows in the other formats.

use crate::calculate::{Checked, Inputs, Outcome};
use crate::UsecaseError;
use hpi_engine::{EvaluateOptions, Evaluation, Fit, Progress, RsaiInput, RunControl};
use hpi_report::Format;
use std::sync::atomic::AtomicBool;

/// The diagnostics of every series `outcome` holds, from the pairs the run
/// used; re-estimation reports to `report` and stops when `cancel` is set.
pub fn evaluate(
    inputs: &Inputs,
    checked: &Checked,
    outcome: &Outcome,
    options: &EvaluateOptions,
    report: &(dyn Fn(Progress) + Sync),
    cancel: &AtomicBool,
) -> Result<Evaluation, UsecaseError> {
    let (fit, series) = match (checked, outcome) {
        (Checked::Rsai(params), Outcome::Rsai(o)) => {
            let input = RsaiInput { sales: &inputs.sales, tracts: &inputs.tracts, attributes: &inputs.attributes };
            (Fit::Rsai { input, params }, &o.city)
        }
        (Checked::Pooled(params), Outcome::Pooled(o)) => (Fit::Pooled { sales: &inputs.sales, params }, &o.series),
        _ => unreachable!("an outcome comes from its own parameters"),
    };
    Ok(hpi_engine::evaluate(fit, series, options, &RunControl::new(report, cancel))?)
}

/// The evaluation options for a run of `checked`: the volatility window,
/// k-fold accuracy with `(k, seed)`, vintages from the period labelled `revision_from`.
pub fn options(
    checked: &Checked,
    window: u32,
    kfold: Option<(u32, u64)>,
    revision_from: Option<&str>,
) -> Result<EvaluateOptions, UsecaseError> {
    let mut options = EvaluateOptions::new(window)?;
    if let Some((k, seed)) = kfold {
        options = options.kfold(k, seed)?;
    }
    if let Some(first) = revision_from {
        let (periodicity, start, end) = match checked {
            Checked::Rsai(p) => (hpi_engine::Periodicity::Annual, p.start, p.end),
            Checked::Pooled(p) => (p.periodicity, p.start, p.end),
        };
        options = options.revision_from(first, periodicity, start, end)?;
    }
    Ok(options)
}

/// Writes `evaluation` to `path` (`-` is standard output): JSON in its own
/// shape, other formats one row per figure.
pub fn write(evaluation: &Evaluation, path: &str, format: Format) -> Result<(), UsecaseError> {
    if format != Format::Json {
        return crate::export::write_table(&hpi_report::evaluation_table(evaluation), path, format);
    }
    let text = serde_json::to_string_pretty(evaluation).expect("an evaluation serializes") + "\n";
    if path == "-" {
        print!("{text}");
        return Ok(());
    }
    std::fs::write(path, text).map_err(|source| UsecaseError::Write { path: path.to_owned(), source })
}
