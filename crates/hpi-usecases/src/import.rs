//! Importing a file into a project, and previewing what an import would do.

use crate::UsecaseError;
use hpi_store::{ImportKind, ImportOptions, ImportPreview, ImportReport, Project};
use std::path::Path;

/// Imports `path` as `kind`: every good row stored and the import recorded,
/// or (on any error, or a bad row unless bad rows are skipped) nothing.
/// `progress` gets the share of the file read.
pub fn import(
    project: &mut Project,
    path: &Path,
    kind: ImportKind,
    options: &ImportOptions,
    progress: &mut dyn FnMut(f64),
) -> Result<ImportReport, UsecaseError> {
    Ok(hpi_store::import(project, path, kind, options, progress)?)
}

/// What importing `path` would do: where each column comes from, every bad
/// row, and the first `sample_rows` good rows; the project is left unchanged.
pub fn preview(
    project: &mut Project,
    path: &Path,
    kind: ImportKind,
    options: &ImportOptions,
    sample_rows: i64,
) -> Result<ImportPreview, UsecaseError> {
    Ok(hpi_store::preview(project, path, kind, options, sample_rows)?)
}
