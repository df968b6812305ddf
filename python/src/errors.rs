//! Every refusal crosses into Python as one exception, `hpi_studio.HpiError`,
//! carrying `code` (from the closed list the app and the server use),
//! `message`, `hint` (in a Python user's words: the keyword that helps) and
//! `rows` (a refused table's bad rows as `(line, column, reason)`).

use hpi_usecases::model::Hint;
use hpi_usecases::{ErrorCode, UsecaseError};
use pyo3::prelude::*;

/// A code's name, as JSON and Python spell it (`invalid_request`).
pub fn code_name(code: ErrorCode) -> String {
    match serde_json::to_value(code) {
        Ok(serde_json::Value::String(name)) => name,
        _ => unreachable!("an error code serializes as its name"),
    }
}

/// A hint as the keyword of `hpi_studio.calculate` that does it.
fn hint_words(hint: &Hint) -> String {
    match hint {
        Hint::MapColumn { column } => format!("columns={{'{column}': 'NAME'}} reads column NAME as {column}"),
        Hint::DateFormat => "give date_format, e.g. '%m/%d/%Y' or '%d.%m.%Y'".into(),
        Hint::DayMonthOrder => "give date_format='%m/%d/%Y' or '%d/%m/%Y'".into(),
        Hint::SkipBadRows => "strict=False leaves bad rows out and lists them in the quality report".into(),
        Hint::PlausibleRange => "earliest_year, latest_year and max_price widen the plausible sales".into(),
    }
}

/// The exception for `code` with `message`, `hint` and `rows`.
pub fn raise(
    py: Python<'_>,
    code: ErrorCode,
    message: String,
    hint: Option<String>,
    rows: Vec<(u64, String, String)>,
) -> PyErr {
    let made = py
        .import("hpi_studio._errors")
        .and_then(|m| m.getattr("HpiError"))
        .and_then(|class| class.call1((code_name(code), message, hint, rows)));
    match made {
        Ok(exception) => PyErr::from_value(exception),
        Err(e) => e,
    }
}

/// A use case's refusal as an `HpiError`.
pub fn from_usecase(py: Python<'_>, e: UsecaseError) -> PyErr {
    let hints: Vec<String> = e.hints().iter().map(hint_words).collect();
    let rows = e.rejected_rows().iter().map(|r| (r.line, r.column.clone(), r.reason.clone())).collect();
    raise(py, e.code(), e.to_string(), (!hints.is_empty()).then(|| hints.join("; ")), rows)
}

/// A request that does not parse (a misspelt keyword, a wrong type).
pub fn invalid(py: Python<'_>, what: &str, e: serde_json::Error) -> PyErr {
    raise(py, ErrorCode::InvalidRequest, format!("{what}: {e}"), None, Vec::new())
}
