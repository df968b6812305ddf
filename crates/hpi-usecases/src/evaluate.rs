//! Evaluating a run's indices: volatility and accuracy per series, written
//! as JSON (the nested shape) or as `item,value` rows in the other formats.

use crate::calculate::{Checked, Inputs, Outcome};
use crate::UsecaseError;
use hpi_engine::{EvaluateOptions, Evaluation, Fit};
use hpi_report::Format;

/// The diagnostics of every series `outcome` holds, from the pairs the run used.
pub fn evaluate(inputs: &Inputs, checked: &Checked, outcome: &Outcome, options: &EvaluateOptions) -> Evaluation {
    let (fit, series) = match (checked, outcome) {
        (Checked::Rsai(params), Outcome::Rsai(o)) => {
            (Fit::Rsai { sales: &inputs.sales, tracts: &inputs.tracts, params }, &o.city)
        }
        (Checked::Pooled(params), Outcome::Pooled(o)) => (Fit::Pooled { sales: &inputs.sales, params }, &o.series),
        _ => unreachable!("an outcome comes from its own parameters"),
    };
    hpi_engine::evaluate(fit, series, options)
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
