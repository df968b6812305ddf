//! The CLI's errors and their exit codes.

use hpi_engine::EngineError;
use hpi_store::StoreError;
use std::path::PathBuf;
use thiserror::Error;

/// Everything `hpi` can fail at.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum CliError {
    /// A file's content is unusable: `file:line: column: reason`.
    #[error("{file}:{line}: {message}")]
    BadInput {
        /// The file.
        file: String,
        /// Physical line, header = 1.
        line: u64,
        /// Column and reason.
        message: String,
    },
    /// Flags that do not fit together.
    #[error("{0}")]
    Usage(String),
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// An output could not be written.
    #[error("cannot write {path}: {message}")]
    Write {
        /// The file.
        path: String,
        /// Why.
        message: String,
    },
    /// The engine refused or failed.
    #[error(transparent)]
    Engine(#[from] EngineError),
    /// The project file refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A result file could not be written.
    #[error(transparent)]
    Report(hpi_report::ReportError),
}

impl From<hpi_usecases::UsecaseError> for CliError {
    fn from(e: hpi_usecases::UsecaseError) -> Self {
        use hpi_usecases::UsecaseError as U;
        match e {
            U::InvalidRequest(m) => CliError::Usage(m),
            U::Engine(e) => CliError::Engine(e),
            U::Store(e) => CliError::Store(e),
            U::Write { path, source } => CliError::write(&path, source),
            U::Report(e) => CliError::Report(e),
            other => CliError::Usage(other.to_string()),
        }
    }
}

impl CliError {
    /// 2 for bad usage or bad input, 1 for failures at run time.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::BadInput { .. } | CliError::Usage(_) | CliError::Read { .. } => 2,
            CliError::Engine(EngineError::InvalidParameter { .. } | EngineError::RsaiNotAnnual(_)) => 2,
            CliError::Engine(EngineError::NoData(_)) => 2,
            CliError::Store(StoreError::Sqlite(_) | StoreError::Engine(_)) => 1,
            CliError::Store(_) => 2,
            _ => 1,
        }
    }

    pub(crate) fn write(path: &str, e: impl std::fmt::Display) -> Self {
        CliError::Write { path: path.to_owned(), message: e.to_string() }
    }
}
