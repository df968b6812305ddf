//! Errors at the IPC edge: `{code, message, details}` with a closed list of
//! codes ([`ErrorCode`], mirrored in TypeScript).

use hpi_usecases::{ErrorCode, UsecaseError};
use serde::Serialize;

/// What a command returns when it fails.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct IpcError {
    /// What kind of failure, for the UI to choose what to offer.
    pub code: ErrorCode,
    /// What happened and what to do, in plain words.
    pub message: String,
    /// Lines for "Details": the bad rows of a rejected import.
    pub details: Vec<String>,
}

impl IpcError {
    /// A request the app itself refuses (no project open, a run already going).
    pub fn invalid(message: impl Into<String>) -> Self {
        IpcError { code: ErrorCode::InvalidRequest, message: message.into(), details: Vec::new() }
    }
}

impl From<UsecaseError> for IpcError {
    fn from(e: UsecaseError) -> Self {
        let details = match &e {
            UsecaseError::Store(hpi_store::StoreError::RowsRejected { file, issues, .. }) => {
                issues.iter().map(|i| format!("{file}:{}: {}: {}", i.line, i.column, i.reason)).collect()
            }
            _ => Vec::new(),
        };
        let code = e.code();
        if code == ErrorCode::Internal {
            log::error!("{e}");
        }
        IpcError { code, message: e.to_string(), details }
    }
}

impl From<hpi_store::StoreError> for IpcError {
    fn from(e: hpi_store::StoreError) -> Self {
        UsecaseError::from(e).into()
    }
}

/// Every command's result.
pub type IpcResult<T> = Result<T, IpcError>;
