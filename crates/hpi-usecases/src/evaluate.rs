//! Evaluating a run's indices: volatility and accuracy per series, written
//! as JSON (the nested shape) or as `item,value` rows in the other formats.

use crate::calculate::{compute, load_project, Checked, Inputs, Outcome};
use crate::UsecaseError;
use hpi_engine::{EvaluateOptions, Evaluation, Fit, Progress, RsaiInput, RunControl};
use hpi_report::Format;
use hpi_store::{Project, RunParameters};
use serde::Deserialize;
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
    Ok(hpi_report::write_file(std::path::Path::new(path), text.as_bytes())?)
}

/// What an evaluation of a saved run asks for, as a front end collects it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvaluateRequest {
    /// Periods in each volatility window (odd, at least 3).
    pub volatility_window: u32,
    /// Folds of k-fold accuracy; none for no k-fold.
    pub kfold: Option<u32>,
    /// Seed of the fold shuffle.
    pub seed: u64,
    /// The last period of the first vintage (`2012`, `2012-Q3`); none for no vintages.
    pub revision_from: Option<String>,
}

/// Evaluates saved run `id` of `project` on the data it was made from, and
/// saves the evaluation with it. The run is recomputed (the same numbers:
/// the engine is deterministic); a project whose data changed since is refused.
pub fn evaluate_saved_run(
    project: &Project,
    id: i64,
    request: &EvaluateRequest,
    report: &(dyn Fn(Progress) + Sync),
    cancel: &AtomicBool,
) -> Result<Evaluation, UsecaseError> {
    let record = project.run(id)?;
    let checked = match &record.parameters {
        RunParameters::Rsai(p) => Checked::Rsai(p.clone().check()?),
        RunParameters::Pooled(p) => Checked::Pooled(p.clone().check()?),
        RunParameters::Unrecorded => {
            return Err(UsecaseError::InvalidRequest(format!(
                "run {id} was saved without its parameters (HPI Studio 0.1); run it again to evaluate it"
            )))
        }
    };
    if hpi_store::runs::input_fingerprint(project)? != record.input_fingerprint {
        return Err(UsecaseError::InvalidRequest(format!(
            "the project's data changed since run {id}; run it again to evaluate it"
        )));
    }
    let kfold = request.kfold.map(|k| (k, request.seed));
    let options = options(&checked, request.volatility_window, kfold, request.revision_from.as_deref())?;
    let inputs = load_project(project, &checked)?;
    let outcome = compute(&inputs, &checked, report, cancel)?;
    let evaluation = evaluate(&inputs, &checked, &outcome, &options, report, cancel)?;
    project.save_evaluation(id, &evaluation)?;
    Ok(evaluation)
}
