//! The use cases' errors, and the closed list of codes they cross the
//! desktop app's IPC edge with.

use hpi_engine::EngineError;
use hpi_store::StoreError;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Everything a use case can fail at.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum UsecaseError {
    /// A request that cannot be run as asked (names the field and the reason).
    #[error("{0}")]
    InvalidRequest(String),
    /// The engine refused or failed.
    #[error(transparent)]
    Engine(#[from] EngineError),
    /// The project file refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A report or export could not be made.
    #[error(transparent)]
    Report(#[from] hpi_report::ReportError),
}

/// The kinds of failure a user interface tells apart. The list is closed:
/// the desktop app mirrors it in TypeScript.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Parameters or a request that do not fit together.
    InvalidRequest,
    /// The file is not a project, or is newer than this version.
    NotAProject,
    /// A file to import or read is unusable; nothing was imported.
    BadInput,
    /// The file was imported before.
    AlreadyImported,
    /// The data hold too little for an index.
    NoData,
    /// The user cancelled.
    Cancelled,
    /// No such run, or no such file.
    NotFound,
    /// Reading or writing a file failed.
    Io,
    /// Anything else: a bug or a broken database.
    Internal,
    /// The desktop app's updater could not reach its server (offline, proxy).
    Network,
    /// The desktop app's updater refused a download whose signature does not match.
    Untrusted,
}

impl ErrorCode {
    /// Every code, for front ends that publish the list (the Python package's `CODES`).
    pub const ALL: [ErrorCode; 11] = {
        use ErrorCode::*;
        [
            InvalidRequest,
            NotAProject,
            BadInput,
            AlreadyImported,
            NoData,
            Cancelled,
            NotFound,
            Io,
            Internal,
            Network,
            Untrusted,
        ]
    };
}

// A new code stops this from compiling until it is in `ErrorCode::ALL` too.
const _: fn(ErrorCode) = |code| match code {
    ErrorCode::InvalidRequest
    | ErrorCode::NotAProject
    | ErrorCode::BadInput
    | ErrorCode::AlreadyImported
    | ErrorCode::NoData
    | ErrorCode::Cancelled
    | ErrorCode::NotFound
    | ErrorCode::Io
    | ErrorCode::Internal
    | ErrorCode::Network
    | ErrorCode::Untrusted => {}
};

impl UsecaseError {
    /// What the user could change to get past this error; each front end
    /// words these its own way.
    pub fn hints(&self) -> Vec<hpi_store::Hint> {
        match self {
            UsecaseError::Store(e) => e.hints(),
            _ => Vec::new(),
        }
    }

    /// The rows an import refused, each by line, column and reason (the first thousand).
    pub fn rejected_rows(&self) -> &[hpi_engine::RowIssue] {
        match self {
            UsecaseError::Store(StoreError::RowsRejected { issues, .. }) => issues,
            _ => &[],
        }
    }

    /// This error's code.
    pub fn code(&self) -> ErrorCode {
        match self {
            UsecaseError::InvalidRequest(_) => ErrorCode::InvalidRequest,
            UsecaseError::Engine(e) | UsecaseError::Store(StoreError::Engine(e)) => match e {
                EngineError::Cancelled => ErrorCode::Cancelled,
                EngineError::NoData(_) => ErrorCode::NoData,
                EngineError::InvalidParameter { .. } | EngineError::RsaiNotAnnual(_) => ErrorCode::InvalidRequest,
                _ => ErrorCode::Internal,
            },
            UsecaseError::Store(e) => match e {
                StoreError::NotAProject { .. } | StoreError::NewerSchema { .. } => ErrorCode::NotAProject,
                StoreError::BadFile { .. } | StoreError::BadFeature { .. } | StoreError::RowsRejected { .. } => {
                    ErrorCode::BadInput
                }
                StoreError::AlreadyImported { .. } => ErrorCode::AlreadyImported,
                StoreError::Exists(_) => ErrorCode::InvalidRequest,
                StoreError::NoSuchRun(_) => ErrorCode::NotFound,
                StoreError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => ErrorCode::NotFound,
                StoreError::Io { .. } | StoreError::DiskFull => ErrorCode::Io,
                _ => ErrorCode::Internal,
            },
            UsecaseError::Report(_) => ErrorCode::Io,
        }
    }
}
