//! What HPI Studio does, written once: check a run's parameters, load a
//! project's data, compute an index with progress and cancellation, save it
//! with its quality report. The `hpi` CLI and the desktop app both call
//! these; neither knows how the other shows progress or errors.
#![warn(missing_docs)]

pub mod calculate;
mod error;
pub mod export;
pub mod quality;
pub mod request;

pub use calculate::{calculate_in_project, compute, load_project, Checked, FileSummary, Inputs, Outcome, SavedRun};
pub use error::{ErrorCode, UsecaseError};
pub use quality::QualityReport;
pub use request::{DedupeChoice, Method, Period, RunRequest};
