//! Loading a project's data, running the engine and saving the run.

use crate::quality::QualityReport;
use crate::UsecaseError;
use hpi_engine::{
    Attributes, CheckedPooled, CheckedRsai, PooledOutput, Progress, RowIssue, RsaiInput, RsaiOutput, RunControl, Sales,
    Tracts,
};
use hpi_store::Project;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;

/// Checked parameters for one method.
#[derive(Clone, Debug)]
pub enum Checked {
    /// RSAI.
    Rsai(CheckedRsai),
    /// BMN or WRS.
    Pooled(CheckedPooled),
}

impl Checked {
    /// The method's name.
    pub fn method(&self) -> &'static str {
        match self {
            Checked::Rsai(_) => "rsai",
            Checked::Pooled(p) => p.method.name(),
        }
    }

    /// The validated parameters as JSON, as runs store them.
    pub fn to_json(&self) -> String {
        match self {
            Checked::Rsai(p) => serde_json::to_string(p),
            Checked::Pooled(p) => serde_json::to_string(p),
        }
        .expect("parameters serialize")
    }
}

/// What reading one file (or one import) found.
#[derive(Clone, Debug, Serialize)]
pub struct FileSummary {
    /// The file as given.
    pub file: String,
    /// `transactions`, `tracts` or `attributes`.
    pub kind: &'static str,
    /// Data rows read.
    pub rows: u64,
    /// Rows accepted.
    pub accepted: u64,
    /// Rejected rows per kind of reason.
    pub rejected_by_reason: BTreeMap<String, u64>,
    /// Rejected rows, the first [`KEPT_ISSUES`].
    pub rejected: Vec<RowIssue>,
}

impl FileSummary {
    /// Rows rejected.
    pub fn rejected_count(&self) -> u64 {
        self.rows - self.accepted
    }
}

/// How many rejected rows a summary lists one by one.
pub const KEPT_ISSUES: usize = 1000;

/// Loaded input tables.
pub struct Inputs {
    /// Sales.
    pub sales: Sales,
    /// Tracts (empty for pooled methods).
    pub tracts: Tracts,
    /// Attributes (empty when not given).
    pub attributes: Attributes,
    /// What reading each file found.
    pub files: Vec<FileSummary>,
}

/// Reads a project's data; rows the engine refuses are listed per import.
pub fn load_project(project: &Project, checked: &Checked) -> Result<Inputs, UsecaseError> {
    let loaded = hpi_store::load(project, matches!(checked, Checked::Rsai(_)))?;
    let files = loaded
        .imports
        .into_iter()
        .filter(|i| i.rows > 0)
        .map(|i| {
            let kind = match i.kind.as_str() {
                "tracts" => "tracts",
                "attributes" => "attributes",
                _ => "transactions",
            };
            FileSummary {
                file: i.file,
                kind,
                rows: i.rows,
                accepted: i.rows - i.rejected,
                rejected_by_reason: i.by_reason,
                rejected: i.issues,
            }
        })
        .collect();
    Ok(Inputs { sales: loaded.sales, tracts: loaded.tracts, attributes: loaded.attributes, files })
}

/// A run's result.
pub enum Outcome {
    /// RSAI.
    Rsai(RsaiOutput),
    /// BMN or WRS.
    Pooled(PooledOutput),
}

/// Runs the engine. `report` receives progress; setting `cancel` stops the
/// run at the next check with [`hpi_engine::EngineError::Cancelled`].
pub fn compute(
    inputs: &Inputs,
    checked: &Checked,
    report: &(dyn Fn(Progress) + Sync),
    cancel: &AtomicBool,
) -> Result<Outcome, UsecaseError> {
    let control = RunControl::new(report, cancel);
    Ok(match checked {
        Checked::Rsai(p) => {
            let input = RsaiInput { sales: &inputs.sales, tracts: &inputs.tracts, attributes: &inputs.attributes };
            Outcome::Rsai(hpi_engine::rsai(input, p, &control)?)
        }
        Checked::Pooled(p) => Outcome::Pooled(hpi_engine::pooled(&inputs.sales, p, &control)?),
    })
}

/// A run saved in a project.
pub struct SavedRun {
    /// Its id in the project.
    pub id: i64,
    /// The data it read.
    pub inputs: Inputs,
    /// Its result.
    pub outcome: Outcome,
}

/// Loads the project's data, records the run, computes it and saves its
/// results and quality report; a failed or cancelled run is recorded as such.
pub fn calculate_in_project(
    project: &mut Project,
    checked: &Checked,
    report: &(dyn Fn(Progress) + Sync),
    cancel: &AtomicBool,
) -> Result<SavedRun, UsecaseError> {
    let inputs = load_project(project, checked)?;
    let id = project.start_run(checked.method(), &checked.to_json())?;
    let started = std::time::Instant::now();
    let outcome = compute(&inputs, checked, report, cancel);
    let ms = started.elapsed().as_millis() as i64;
    let outcome = match outcome {
        Ok(o) => o,
        Err(e) => {
            let cancelled = matches!(e, UsecaseError::Engine(hpi_engine::EngineError::Cancelled));
            project.fail_run(id, cancelled, &e.to_string(), ms)?;
            log::info!("run {id} {}: {e}", if cancelled { "cancelled" } else { "failed" });
            return Err(e);
        }
    };
    let quality = QualityReport::new(checked.method(), &inputs.files, &outcome);
    let quality = serde_json::to_string(&quality).expect("report serializes");
    let (city, tracts) = match &outcome {
        Outcome::Rsai(o) => (&o.city[..], &o.tracts[..]),
        Outcome::Pooled(o) => (&o.series[..], &[][..]),
    };
    project.finish_run(id, city, tracts, &quality, ms)?;
    log::info!("run {id} ({}) saved in {ms} ms", checked.method());
    Ok(SavedRun { id, inputs, outcome })
}
