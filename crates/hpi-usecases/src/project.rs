//! Project files as the front ends see them: create, open and describe one,
//! browse its tables, check or compact it, and the runs it holds.

use crate::UsecaseError;
use hpi_engine::{Evaluation, IndexSeries};
use hpi_report::quality::{layout, Section};
use hpi_store::{ImportKind, ImportRecord, IndexRow, Page, Project, QualityReport, RunRecord, TractRow};
use serde::Serialize;
use std::path::Path;

/// A project's contents at a glance.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectInfo {
    /// The file.
    pub path: String,
    /// Its name (the file name).
    pub name: String,
    /// Schema version.
    pub schema_version: i64,
    /// Sales.
    pub transactions: i64,
    /// Tracts.
    pub tracts: i64,
    /// Tract attribute rows.
    pub attributes: i64,
    /// Saved runs.
    pub runs: i64,
    /// Every import.
    pub imports: Vec<ImportRecord>,
}

impl ProjectInfo {
    /// What `project` (at `path`) holds.
    pub fn of(path: &Path, project: &Project) -> Result<Self, UsecaseError> {
        let [transactions, tracts, attributes, runs] = project.counts()?;
        Ok(ProjectInfo {
            path: path.display().to_string(),
            name: name(path),
            schema_version: project.schema_version()?,
            transactions,
            tracts,
            attributes,
            runs,
            imports: project.imports()?,
        })
    }
}

/// The name a project is shown by: its file name.
pub fn name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// A new, empty project file.
pub fn create(path: &Path) -> Result<Project, UsecaseError> {
    Ok(Project::create(path)?)
}

/// An existing project file (migrated, with a backup, if it is older),
/// checked whole the first time this machine opens it.
pub fn open(path: &Path) -> Result<Project, UsecaseError> {
    Ok(Project::open_checked(path, &crate::folders::Folders::locate().known_projects())?)
}

/// Another connection to an open project's file (for work on it from several threads).
pub fn another(project: &Project) -> Result<Project, UsecaseError> {
    Ok(project.another()?)
}

/// `limit` rows of one of the project's tables from row `offset`.
pub fn page(project: &Project, kind: ImportKind, offset: i64, limit: i64) -> Result<Page, UsecaseError> {
    Ok(project.page(kind, offset, limit)?)
}

/// The file's integrity problems (none when it is sound).
pub fn check(project: &Project) -> Result<Vec<String>, UsecaseError> {
    Ok(project.check()?)
}

/// Rewrites the file compactly.
pub fn vacuum(project: &Project) -> Result<(), UsecaseError> {
    Ok(project.vacuum()?)
}

/// Every run, newest first.
pub fn runs(project: &Project) -> Result<Vec<RunRecord>, UsecaseError> {
    Ok(project.runs()?)
}

/// One run's record.
pub fn run(project: &Project, id: i64) -> Result<RunRecord, UsecaseError> {
    Ok(project.run(id)?)
}

/// Deletes a run and its results.
pub fn delete_run(project: &Project, id: i64) -> Result<(), UsecaseError> {
    Ok(project.delete_run(id)?)
}

/// A run's city index rows.
pub fn run_index(project: &Project, id: i64) -> Result<Vec<IndexRow>, UsecaseError> {
    Ok(project.run_index(id)?)
}

/// A run's tract panel: every CBSA's, or only `cbsa`'s.
pub fn run_tracts(project: &Project, id: i64, cbsa: Option<&str>) -> Result<Vec<TractRow>, UsecaseError> {
    Ok(project.run_tracts(id, cbsa)?)
}

/// A saved run with its city index and quality report.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RunResults {
    /// The run.
    pub record: RunRecord,
    /// Its city index.
    pub index: Vec<IndexRow>,
    /// Its quality report (none for a failed or cancelled run).
    pub quality: Option<QualityReport>,
    /// The quality report laid out as every front end shows it.
    pub quality_sections: Vec<Section>,
    /// Its diagnostics, when it was evaluated.
    pub evaluation: Option<Evaluation>,
}

/// A saved run without its tables: what it was asked and how it went.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunSummary {
    /// The run: method, parameters, status, timing.
    pub record: RunRecord,
    /// Its quality report, once it finished.
    pub quality: Option<QualityReport>,
    /// Its diagnostics, when it was evaluated.
    pub evaluation: Option<Evaluation>,
}

/// Run `id` of `project`: its record, quality report and diagnostics.
pub fn run_summary(project: &Project, id: i64) -> Result<RunSummary, UsecaseError> {
    Ok(RunSummary {
        record: project.run(id)?,
        quality: project.run_quality(id)?,
        evaluation: project.run_evaluation(id)?,
    })
}

/// Run `id` of `project` with its results.
pub fn run_results(project: &Project, id: i64) -> Result<RunResults, UsecaseError> {
    let quality = project.run_quality(id)?;
    let quality_sections = quality.as_ref().map(layout).unwrap_or_default();
    let evaluation = project.run_evaluation(id)?;
    Ok(RunResults { record: project.run(id)?, index: project.run_index(id)?, quality, quality_sections, evaluation })
}

/// Stores the bands computed for saved run `id` after it (RSAI's bootstrap) at `level`.
pub fn save_bands(project: &mut Project, id: i64, city: &[IndexSeries], level: f64) -> Result<(), UsecaseError> {
    Ok(project.save_bands(id, city, level)?)
}

/// Stores saved run `id`'s evaluation.
pub fn save_evaluation(project: &Project, id: i64, evaluation: &Evaluation) -> Result<(), UsecaseError> {
    Ok(project.save_evaluation(id, evaluation)?)
}
