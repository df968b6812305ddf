//! Reading a project file from Python: its runs, and each run's index, tract
//! panel, quality report and evaluation. The file is opened as the app opens
//! it (a newer or foreign file is refused), and only read.

use crate::errors::from_usecase;
use crate::table::Table;
use hpi_usecases::export::{index_with_bands, run_table, What};
use hpi_usecases::model::Bands;
use hpi_usecases::model::Project as ProjectFile;
use pyo3::prelude::*;
use std::path::PathBuf;
use std::sync::Mutex;

/// An open project file.
#[pyclass(frozen, module = "hpi_studio._native")]
pub struct Project {
    // A SQLite connection is used by one thread at a time.
    file: Mutex<ProjectFile>,
    #[pyo3(get)]
    path: String,
}

/// Opens the project at `path`.
#[pyfunction]
pub fn open_project(py: Python<'_>, path: PathBuf) -> PyResult<Project> {
    let file = py.detach(|| hpi_usecases::project::open(&path)).map_err(|e| from_usecase(py, e))?;
    Ok(Project { file: Mutex::new(file), path: path.display().to_string() })
}

impl Project {
    fn with<T: Send>(
        &self,
        py: Python<'_>,
        read: impl FnOnce(&ProjectFile) -> Result<T, hpi_usecases::UsecaseError> + Send,
    ) -> PyResult<T> {
        py.detach(|| read(&self.file.lock().unwrap_or_else(|p| p.into_inner()))).map_err(|e| from_usecase(py, e))
    }
}

#[pymethods]
impl Project {
    /// The saved runs, newest first, as JSON.
    fn runs(&self, py: Python<'_>) -> PyResult<String> {
        let runs = self.with(py, hpi_usecases::project::runs)?;
        Ok(serde_json::to_string(&runs).expect("runs serialize"))
    }

    /// Run `run`'s city index; with `intervals` (a confidence level) also
    /// `se,lower,upper`, as `hpi export --intervals` writes them.
    #[pyo3(signature = (run, intervals=None))]
    fn index(&self, py: Python<'_>, run: i64, intervals: Option<f64>) -> PyResult<Table> {
        let table = self.with(py, |p| match intervals {
            Some(level) => index_with_bands(p, run, Bands::new(level)?),
            None => run_table(p, run, What::Index),
        })?;
        Ok(Table::new(&table))
    }

    /// Run `run`'s tract panel (RSAI).
    fn tracts(&self, py: Python<'_>, run: i64) -> PyResult<Table> {
        Ok(Table::new(&self.with(py, |p| run_table(p, run, What::Tracts))?))
    }

    /// Run `run`'s quality report as JSON (`null` when it has none).
    fn quality(&self, py: Python<'_>, run: i64) -> PyResult<String> {
        self.with(py, |p| hpi_usecases::export::quality_json(p, run))
    }

    /// Run `run`'s evaluation as JSON (`null` when it was not evaluated).
    fn evaluation(&self, py: Python<'_>, run: i64) -> PyResult<String> {
        self.with(py, |p| hpi_usecases::export::evaluation_json(p, run))
    }
}
