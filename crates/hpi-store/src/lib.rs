//! HPI Studio project files: one SQLite file per study holding the imported
//! transactions, tracts and tract attributes, and every index run with its
//! parameters and results.
//!
//! Writes happen in SQLite transactions, so an import that fails, or is
//! killed half-way, leaves the project as it was. Files carry a schema
//! version: an older file is backed up and migrated on opening, a newer one
//! is refused. No Tauri here: the desktop app and the `hpi` CLI both use it.
#![warn(missing_docs)]

pub mod benchmarks;
pub mod boundaries;
pub mod browse;
mod composite_weights;
pub mod defence;
mod error;
pub mod hint;
pub mod import;
pub mod load;
pub mod overview;
mod project;
pub mod published;
pub mod quality;
pub mod rows;
pub mod runs;
pub mod source;
mod tract_panel;
mod uncertainty;
pub mod values;

pub use browse::{preview, Centroid, ColumnMatch, ImportPreview, Page};
pub use composite_weights::read_composite_weights;
pub use error::StoreError;
pub use hint::Hint;
pub use import::{import, ImportKind, ImportOptions, ImportReport};
pub use load::{load, ImportIssues, ProjectInputs};
pub use project::{Project, APPLICATION_ID, SCHEMA_VERSION};
pub use quality::{FileSummary, QualityReport, KEPT_ISSUES, QUALITY_VERSION};
pub use runs::{ImportRecord, IndexRow, RunParameters, RunRecord, RunStatus, TractRow};

/// The version written into projects and runs.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The current time, UTC, RFC 3339 to the second.
pub fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}
