//! What the Python package's signatures and stubs are checked against
//! (pytest fails when they drift from the Rust types).

use hpi_usecases::model::Filters;
use hpi_usecases::{ErrorCode, Method, RunRequest};
use pyo3::prelude::*;

/// The fields of a run request, in the order the Rust type declares them.
#[pyfunction]
pub fn request_fields() -> Vec<String> {
    let request = serde_json::to_value(RunRequest::new(Method::Rsai, 2000, 2001)).expect("a request serializes");
    let serde_json::Value::Object(fields) = request else { unreachable!("a request is an object") };
    // serde_json's map keeps declaration order only with its preserve_order feature: sort
    // instead, and compare as sets.
    let mut names: Vec<String> = fields.keys().cloned().collect();
    names.sort();
    names
}

/// Every error code, as the exceptions carry them.
#[pyfunction]
pub fn error_codes() -> Vec<String> {
    ErrorCode::ALL.iter().map(|c| crate::errors::code_name(*c)).collect()
}

/// The engine's defaults, as JSON: the pair filters of each method, the
/// half-pair threshold, the static-weights year, the bootstrap's replicates and seed.
#[pyfunction]
pub fn defaults() -> String {
    use hpi_usecases::model as m;
    let filters: serde_json::Map<String, serde_json::Value> =
        [Method::Rsai, Method::Bmn, Method::Wrs, Method::Ars, Method::Cs]
            .into_iter()
            .map(|method| {
                let f = serde_json::to_value(Filters::default_for(method)).expect("filters serialize");
                (method.name().to_owned(), f)
            })
            .collect();
    serde_json::json!({
        "filters": filters,
        "min_half_pairs": m::DEFAULT_MIN_HALF_PAIRS,
        "static_year": m::DEFAULT_STATIC_YEAR,
        "replicates": m::DEFAULT_REPLICATES,
        "seed": m::DEFAULT_SEED,
        "volatility_window": m::DEFAULT_VOLATILITY_WINDOW,
        "kfold": m::DEFAULT_KFOLD,
    })
    .to_string()
}
