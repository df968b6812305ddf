//! Loading a project's data, running the engine and saving the run.

use crate::UsecaseError;
use hpi_engine::{
    Attributes, CheckedPooled, CheckedRsai, Method, PooledOutput, Progress, RsaiInput, RsaiOutput, RunControl, Sales,
    Tracts,
};
pub use hpi_store::{FileSummary, KEPT_ISSUES};
use hpi_store::{Project, QualityReport, RunParameters};
use std::sync::atomic::AtomicBool;

/// Checked parameters for one method.
#[derive(Clone, Debug)]
pub enum Checked {
    /// RSAI.
    Rsai(CheckedRsai),
    /// BMN, WRS, ARS or CS.
    Pooled(CheckedPooled),
}

impl Checked {
    /// The method.
    pub fn method(&self) -> Method {
        match self {
            Checked::Rsai(_) => Method::Rsai,
            Checked::Pooled(p) => p.method.method(),
        }
    }

    /// The validated parameters, as runs store them.
    pub fn parameters(&self) -> RunParameters {
        match self {
            Checked::Rsai(p) => RunParameters::Rsai((**p).clone()),
            Checked::Pooled(p) => RunParameters::Pooled((**p).clone()),
        }
    }
}

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
        .map(|i| FileSummary {
            file: i.file,
            kind: i.kind,
            rows: i.rows,
            accepted: i.rows - i.rejected,
            rejected_by_reason: i.by_reason,
            rejected: i.issues,
            hints: Vec::new(),
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

impl Outcome {
    /// The city (and aggregate) series: RSAI's, or the pooled method's.
    pub fn city(&self) -> &[hpi_engine::IndexSeries] {
        match self {
            Outcome::Rsai(o) => &o.city,
            Outcome::Pooled(o) => &o.series,
        }
    }

    /// RSAI's tract panel; none for the pooled methods.
    pub fn tracts(&self) -> Option<&[hpi_engine::TractSeries]> {
        match self {
            Outcome::Rsai(o) => Some(&o.tracts),
            Outcome::Pooled(_) => None,
        }
    }

    /// The run's quality report, as stored and as `hpi quality --json` prints it.
    pub fn quality(&self, method: Method, inputs: &[FileSummary]) -> QualityReport {
        let (rsai, pooled) = match self {
            Outcome::Rsai(o) => (Some(o.quality.clone()), None),
            Outcome::Pooled(o) => (None, Some(o.quality.clone())),
        };
        QualityReport::new(method, inputs.to_vec(), rsai, pooled)
    }
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

/// Checks what a run's bands are asked as, before any data is read: a
/// confidence `level`, and for RSAI the bootstrap's `replicates` (default
/// [`hpi_engine::DEFAULT_REPLICATES`]) and `seed`. Pooled methods take their
/// bands from their standard errors, which ARS, CS and robust BMN lack.
pub fn check_bands(
    checked: &Checked,
    level: Option<f64>,
    replicates: Option<u32>,
    seed: u64,
) -> Result<Option<(hpi_engine::Bands, hpi_engine::Bootstrap)>, UsecaseError> {
    let Some(level) = level else {
        return match replicates {
            Some(_) => Err(UsecaseError::InvalidRequest(
                "bootstrap replicates make bands: give their confidence level (intervals) too".into(),
            )),
            None => Ok(None),
        };
    };
    let bands = hpi_engine::Bands::new(level)?;
    if let Checked::Pooled(p) = checked {
        if replicates.is_some() {
            return Err(UsecaseError::InvalidRequest(
                "the bootstrap is for the RSAI method; bmn and wrs have analytic bands".into(),
            ));
        }
        if !p.has_standard_errors() {
            return Err(UsecaseError::InvalidRequest(
                "bands: ARS, CS and robust BMN have no standard errors (least-squares BMN and WRS do)".into(),
            ));
        }
    }
    let bootstrap = hpi_engine::Bootstrap::new(replicates.unwrap_or(hpi_engine::DEFAULT_REPLICATES), seed)?;
    Ok(Some((bands, bootstrap)))
}

/// Bands at `bands`' level for RSAI's city indices, from `bootstrap`
/// (pooled methods have theirs from their standard errors already).
pub fn rsai_bands(
    inputs: &Inputs,
    checked: &Checked,
    outcome: &mut Outcome,
    bands: hpi_engine::Bands,
    bootstrap: &hpi_engine::Bootstrap,
    report: &(dyn Fn(Progress) + Sync),
    cancel: &AtomicBool,
) -> Result<(), UsecaseError> {
    if let (Checked::Rsai(params), Outcome::Rsai(o)) = (checked, outcome) {
        let input = RsaiInput { sales: &inputs.sales, tracts: &inputs.tracts, attributes: &inputs.attributes };
        hpi_engine::rsai_bands(input, params, &mut o.city, bootstrap, bands, &RunControl::new(report, cancel))?;
    }
    Ok(())
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
    let id = project.start_run(checked.method(), &checked.parameters())?;
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
    let quality = outcome.quality(checked.method(), &inputs.files);
    project.finish_run(id, outcome.city(), outcome.tracts().unwrap_or_default(), &quality, ms)?;
    log::info!("run {id} ({}) saved in {ms} ms", checked.method().name());
    Ok(SavedRun { id, inputs, outcome })
}
