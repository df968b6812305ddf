//! `calculate` and `evaluate`: a run on tables given as paths or Arrow
//! streams, as `hpi calculate` and `hpi evaluate` do it on files.

use crate::errors::{from_usecase, invalid, raise};
use crate::progress::Reporter;
use crate::table::{self, Table};
use hpi_usecases::calculate::{check_bands, compute, rsai_bands};
use hpi_usecases::model::{Bands, Bootstrap, ImportKind};
use hpi_usecases::{
    export, load_files, Checked, ErrorCode, EvaluateRequest, Input, InputFiles, Inputs, Outcome, ReadOptions,
    ReadRequest, RunRequest, UsecaseError,
};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyDict};
use serde::Deserialize;
use std::path::PathBuf;

/// The bands a run asks for (`intervals`, `bootstrap`, `seed` in Python).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BandsRequest {
    intervals: Option<f64>,
    bootstrap: Option<u32>,
    seed: u64,
}

/// A request read and checked, and its tables ready to read.
struct Prepared {
    checked: Checked,
    files: InputFiles,
    options: ReadOptions,
}

fn prepare(py: Python<'_>, tables: &Bound<'_, PyDict>, request: &str, read: &str) -> PyResult<Prepared> {
    let request: RunRequest = serde_json::from_str(request).map_err(|e| invalid(py, "the run request", e))?;
    let read: ReadRequest = serde_json::from_str(read).map_err(|e| invalid(py, "how to read the tables", e))?;
    let checked = request.check().map_err(|e| from_usecase(py, e))?;
    let options = read.options(false).map_err(|e| from_usecase(py, e))?;
    let table = |name: &str, kind: ImportKind| -> PyResult<Option<Input>> {
        let Some(value) = tables.get_item(name)? else { return Ok(None) };
        if value.is_none() {
            return Ok(None);
        }
        if let Ok(path) = value.extract::<PathBuf>() {
            return Ok(Some(Input::File(path)));
        }
        let capsule = value.cast::<PyCapsule>().map_err(|_| {
            let message = format!("{name}: give a path or a table (pandas, polars or pyarrow)");
            raise(py, ErrorCode::InvalidRequest, message, None, Vec::new())
        })?;
        let frame = table::frame(capsule, name, kind, &options)
            .map_err(|m| raise(py, ErrorCode::BadInput, format!("{name}: {m}"), None, Vec::new()))?;
        Ok(Some(Input::Frame(frame)))
    };
    let Some(transactions) = table("transactions", ImportKind::Transactions)? else {
        return Err(raise(py, ErrorCode::InvalidRequest, "no transactions given".into(), None, Vec::new()));
    };
    let files = InputFiles {
        transactions,
        tracts: table("tracts", ImportKind::Tracts)?,
        attributes: table("attributes", ImportKind::Attributes)?,
        groups: table("groups", ImportKind::Groups)?,
    };
    Ok(Prepared { checked, files, options })
}

/// Reads the tables and computes the run, without the GIL.
fn run(
    py: Python<'_>,
    prepared: &Prepared,
    bands: Option<(Bands, Bootstrap)>,
    reporter: &Reporter,
) -> Result<(Inputs, Outcome), UsecaseError> {
    py.detach(|| {
        let rsai = matches!(prepared.checked, Checked::Rsai(_));
        let inputs =
            load_files(&prepared.files, &prepared.options, rsai, &mut |kind, share| reporter.reading(kind, share))?;
        let report = |p| reporter.engine(p);
        let mut outcome = compute(&inputs, &prepared.checked, &report, &reporter.cancel)?;
        if let Some((bands, bootstrap)) = bands {
            rsai_bands(&inputs, &prepared.checked, &mut outcome, bands, &bootstrap, &report, &reporter.cancel)?;
        }
        Ok((inputs, outcome))
    })
}

/// The run's quality report, as `hpi quality --json` prints it.
fn quality_json(prepared: &Prepared, inputs: &Inputs, outcome: &Outcome) -> String {
    let report = outcome.quality(prepared.checked.method(), &inputs.files);
    serde_json::to_string(&report).expect("a quality report serializes")
}

/// The run's error, or what the progress callback raised to stop it.
fn failed(py: Python<'_>, reporter: &Reporter, e: UsecaseError) -> PyErr {
    reporter.raised().unwrap_or_else(|| from_usecase(py, e))
}

/// Computes a run: the city index, the RSAI tract panel, the quality report (JSON).
#[pyfunction]
#[pyo3(signature = (tables, request, read, bands, progress=None))]
pub fn calculate(
    py: Python<'_>,
    tables: &Bound<'_, PyDict>,
    request: &str,
    read: &str,
    bands: &str,
    progress: Option<Py<PyAny>>,
) -> PyResult<(Table, Option<Table>, String)> {
    let prepared = prepare(py, tables, request, read)?;
    let asked: BandsRequest = serde_json::from_str(bands).map_err(|e| invalid(py, "the bands", e))?;
    let bands = check_bands(&prepared.checked, asked.intervals, asked.bootstrap, asked.seed)
        .map_err(|e| from_usecase(py, e))?;
    let reporter = Reporter::new(progress);
    let (inputs, outcome) = run(py, &prepared, bands, &reporter).map_err(|e| failed(py, &reporter, e))?;
    let index = Table::new(&export::index_table(outcome.city(), bands.map(|b| b.0)));
    let tracts = outcome.tracts().map(|t| Table::new(&export::tract_table(t)));
    Ok((index, tracts, quality_json(&prepared, &inputs, &outcome)))
}

/// Evaluates a run: the evaluation (JSON) and as `item,value` rows, the city
/// index and the quality report (JSON).
#[pyfunction]
#[pyo3(signature = (tables, request, read, evaluate, progress=None))]
pub fn evaluate(
    py: Python<'_>,
    tables: &Bound<'_, PyDict>,
    request: &str,
    read: &str,
    evaluate: &str,
    progress: Option<Py<PyAny>>,
) -> PyResult<(String, Table, Table, String)> {
    let prepared = prepare(py, tables, request, read)?;
    let asked: EvaluateRequest =
        serde_json::from_str(evaluate).map_err(|e| invalid(py, "the evaluation request", e))?;
    let kfold = asked.kfold.map(|k| (k, asked.seed));
    let options = hpi_usecases::evaluate::options(
        &prepared.checked,
        asked.volatility_window,
        kfold,
        asked.revision_from.as_deref(),
    )
    .map_err(|e| from_usecase(py, e))?;
    let reporter = Reporter::new(progress);
    let (inputs, outcome) = run(py, &prepared, None, &reporter).map_err(|e| failed(py, &reporter, e))?;
    let evaluation = py
        .detach(|| {
            let report = |p| reporter.engine(p);
            hpi_usecases::evaluate::evaluate(&inputs, &prepared.checked, &outcome, &options, &report, &reporter.cancel)
        })
        .map_err(|e| failed(py, &reporter, e))?;
    Ok((
        serde_json::to_string(&evaluation).expect("an evaluation serializes"),
        Table::new(&export::evaluation_table(&evaluation)),
        Table::new(&export::index_table(outcome.city(), None)),
        quality_json(&prepared, &inputs, &outcome),
    ))
}
