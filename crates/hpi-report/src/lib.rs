//! HPI Studio's results as tables and files people can open elsewhere (CSV,
//! Excel `.xlsx`, Parquet, JSON), as SVG and PNG charts, and as reports: one
//! self-contained HTML file, or a PDF typeset offline with typst. Used by the
//! `hpi` CLI and the desktop app; no Tauri here.
#![warn(missing_docs)]

pub mod benchmark;
pub mod chart;
pub mod coverage;
pub mod document;
pub mod html;
pub mod map;
pub mod pdf;
pub mod publication;
pub mod quality;
pub mod report;
mod table;
mod write;

pub use table::{
    evaluation_table, index_table, quality_table, stored_band, stored_index_table, stored_tract_table, tract_table,
    Table, Values,
};
pub use write::{replacing, table_bytes, write_file, write_table, Format};

use thiserror::Error;

/// What writing a result can fail at.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ReportError {
    /// The output could not be written.
    #[error("cannot write {path}: {message}")]
    Write {
        /// The file.
        path: String,
        /// Why.
        message: String,
    },
    /// The format cannot go where it was asked to.
    #[error("{0}")]
    Unsupported(String),
}

impl ReportError {
    pub(crate) fn write(path: &str, e: impl std::fmt::Display) -> Self {
        ReportError::Write { path: path.to_owned(), message: e.to_string() }
    }
}
