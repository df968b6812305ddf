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

/// What a dropped or chosen file most likely holds, from its header alone:
/// the kind whose required columns it all has (by name or a common
/// synonym), the one matching most columns when several do; `None` when no
/// kind fits (the user chooses, and maps the columns).
pub fn guess_kind(path: &Path) -> Result<Option<ImportKind>, UsecaseError> {
    let header = hpi_store::source::header(path, None)?;
    let mut best: Option<(usize, ImportKind)> = None;
    for kind in ImportKind::ALL {
        let Ok(found) = hpi_store::source::resolve(&header, kind.columns(), &[]) else { continue };
        let matched = found.iter().filter(|f| f.is_some()).count();
        if best.is_none_or(|(m, _)| matched > m) {
            best = Some((matched, kind));
        }
    }
    Ok(best.map(|(_, kind)| kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_files_are_recognised_by_their_headers() {
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../sample");
        for (file, kind) in [
            ("transactions.csv", Some(ImportKind::Transactions)),
            ("tracts.csv", Some(ImportKind::Tracts)),
            ("attributes.csv", Some(ImportKind::Attributes)),
            // A city index by year reads as a published series to compare with.
            ("truth_cbsa.csv", Some(ImportKind::Benchmark)),
            ("README.md", None),
        ] {
            assert_eq!(guess_kind(&sample.join(file)).unwrap(), kind, "{file}");
        }
    }
}
