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
                issues.iter().map(|i| format!("{file}:{}: {}: {}", i.line, i.column, in_app_terms(&i.reason))).collect()
            }
            _ => Vec::new(),
        };
        let code = e.code();
        if code == ErrorCode::Internal {
            log::error!("{e}");
        }
        IpcError { code, message: in_app_terms(&e.to_string()), details }
    }
}

/// The shared crates' messages name the CLI's flags; in the window, the
/// same choices are controls.
pub fn in_app_terms(message: &str) -> String {
    let message = match message.find("; use --map ") {
        Some(at) => format!("{}; choose the file's column for it under Columns", &message[..at]),
        None => message.to_owned(),
    };
    message
        .replace("; --skip-bad-rows imports the good ones", "")
        .replace("or give --date-format)", "or choose how dates are written)")
        .replace("give --date-format %m/%d/%Y or %d/%m/%Y", "choose US or European dates")
}

/// A preview's messages in the app's terms.
pub fn reword_preview(preview: &mut hpi_store::ImportPreview) {
    if let Some(problem) = &mut preview.problem {
        *problem = in_app_terms(problem);
    }
    for issue in preview.report.iter_mut().flat_map(|r| r.issues.iter_mut()) {
        issue.reason = in_app_terms(&issue.reason);
    }
}

impl From<hpi_store::StoreError> for IpcError {
    fn from(e: hpi_store::StoreError) -> Self {
        UsecaseError::from(e).into()
    }
}

/// Every command's result.
pub type IpcResult<T> = Result<T, IpcError>;

#[cfg(test)]
mod tests {
    #[test]
    fn cli_flags_become_controls() {
        let m = super::in_app_terms(
            "f.csv:1: column 'price': missing (looked for price, amount; found a, b); use --map price=NAME",
        );
        assert_eq!(m, "f.csv:1: column 'price': missing (looked for price, amount; found a, b); choose the file's column for it under Columns");
        let m = super::in_app_terms("cannot read 'x' as a date (expected YYYY-MM-DD, or give --date-format)");
        assert_eq!(m, "cannot read 'x' as a date (expected YYYY-MM-DD, or choose how dates are written)");
        let m = super::in_app_terms("f.csv: 2 bad rows, nothing imported (first: line 3: price: empty price); --skip-bad-rows imports the good ones");
        assert!(!m.contains("--"), "{m}");
    }
}
