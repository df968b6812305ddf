//! `hpi_studio._native`: HPI Studio's use cases for Python. Each function is
//! as thin as one of the desktop app's commands: it takes the run request as
//! JSON (checked by the same code as the CLI's and the server's), the tables as
//! paths or Arrow C streams, calls one use case with the GIL released, and
//! returns Arrow tables and JSON text. The `hpi_studio` package around it
//! gives Python users keywords, frames and exceptions.

mod contract;
mod errors;
mod progress;
mod project;
mod run;
mod table;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<table::Table>()?;
    m.add_class::<project::Project>()?;
    m.add_function(wrap_pyfunction!(run::calculate, m)?)?;
    m.add_function(wrap_pyfunction!(run::evaluate, m)?)?;
    m.add_function(wrap_pyfunction!(project::open_project, m)?)?;
    m.add_function(wrap_pyfunction!(table::find_columns, m)?)?;
    m.add_function(wrap_pyfunction!(contract::request_fields, m)?)?;
    m.add_function(wrap_pyfunction!(contract::error_codes, m)?)?;
    m.add_function(wrap_pyfunction!(contract::defaults, m)?)?;
    Ok(())
}
