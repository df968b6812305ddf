//! Tract boundaries: importing a Census Shapefile zip or GeoJSON into a
//! project, and the tracts as a map draws them.

use crate::UsecaseError;
use hpi_store::boundaries::{BoundaryReport, TractShape};
use hpi_store::Project;
use std::path::Path;

/// Imports the outlines in `path` for the project's tracts (matched on
/// GEOID): all of them, or on any bad feature none. `progress` gets the
/// share of the file read.
pub fn import(
    project: &mut Project,
    path: &Path,
    progress: &mut dyn FnMut(f64),
) -> Result<BoundaryReport, UsecaseError> {
    Ok(hpi_store::boundaries::import_boundaries(project, path, progress)?)
}

/// The project's tracts (of `cbsa`, or all) with their centroids and any outline.
pub fn shapes(project: &Project, cbsa: Option<&str>) -> Result<Vec<TractShape>, UsecaseError> {
    Ok(hpi_store::boundaries::tract_shapes(project, cbsa)?)
}
