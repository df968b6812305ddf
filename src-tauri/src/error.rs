//! Errors at the IPC edge: `{code, message, hints, details}` with a closed
//! list of codes ([`ErrorCode`]) and hints ([`Hint`]), both generated into
//! TypeScript; the UI words the hints as its own controls.

use hpi_usecases::model::{EngineError, Hint, Param, StoreError};
use hpi_usecases::{ErrorCode, UsecaseError};
use serde::Serialize;

/// What a command returns when it fails.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct IpcError {
    /// What kind of failure, for the UI to choose what to offer.
    pub code: ErrorCode,
    /// What happened, in plain words.
    pub message: String,
    /// What the user could change; the UI words each as its own controls.
    pub hints: Vec<Hint>,
    /// Lines for "Details": the bad rows of a rejected import.
    pub details: Vec<String>,
}

impl IpcError {
    /// A request the app itself refuses (no project open, a run already going).
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::of(ErrorCode::InvalidRequest, message)
    }

    /// A file the app could not read or write.
    pub fn io(message: impl Into<String>) -> Self {
        Self::of(ErrorCode::Io, message)
    }

    /// A failure that is HPI Studio's own (a panic, a broken invariant); logged.
    pub fn internal(message: impl Into<String>) -> Self {
        let message = message.into();
        log::error!("{message}");
        Self::of(ErrorCode::Internal, message)
    }

    fn of(code: ErrorCode, message: impl Into<String>) -> Self {
        IpcError { code, message: message.into(), hints: Vec::new(), details: Vec::new() }
    }
}

impl From<UsecaseError> for IpcError {
    fn from(e: UsecaseError) -> Self {
        let details = match &e {
            UsecaseError::Store(StoreError::RowsRejected { file, issues, .. }) => {
                issues.iter().map(|i| format!("{file}:{}: {}: {}", i.line, i.column, i.reason)).collect()
            }
            _ => Vec::new(),
        };
        let code = e.code();
        if code == ErrorCode::Internal {
            log::error!("{e}");
        }
        let message = match &e {
            UsecaseError::Engine(EngineError::InvalidParameter { param, reason })
            | UsecaseError::Store(StoreError::Engine(EngineError::InvalidParameter { param, reason })) => {
                format!("{}: {reason}", field(*param))
            }
            e => e.to_string(),
        };
        IpcError { code, message, hints: e.hints(), details }
    }
}

/// The Index screen's label of the field that sets a run parameter.
fn field(param: Param) -> &'static str {
    match param {
        Param::Start => "First year",
        Param::End => "Last year",
        Param::MinHalfPairs => "Half-pairs a supertract needs",
        Param::StaticYear => "Year of static weights",
        Param::Weights => "Weights",
        Param::Intervals => "Confidence level of bands",
        Param::VolatilityWindow => "Volatility window",
        Param::KFold => "Folds",
        Param::RevisionFrom => "First vintage",
        Param::Bootstrap => "Bootstrap replicates",
        Param::MinHoldingMonths => "Minimum holding period",
        Param::CagrBound => "Annual growth bound",
        Param::RatioBounds => "Price ratio bounds",
        Param::PriceBounds => "Price floor and ceiling",
        Param::RobustZ => "Robust z-score bound",
        Param::Estimator => "Estimator",
        Param::Tiers => "Price tiers",
        Param::SeasonalAdjust => "Seasonal adjustment",
        Param::Aggregate => "Also aggregate to",
        Param::Smooth => "Smoothing",
        Param::Composites => "Composites",
    }
}

impl From<StoreError> for IpcError {
    fn from(e: StoreError) -> Self {
        UsecaseError::from(e).into()
    }
}

/// Every command's result.
pub type IpcResult<T> = Result<T, IpcError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_travel_as_values_and_parameters_by_their_labels() {
        let e = IpcError::from(StoreError::BadFile {
            file: "f.csv".into(),
            line: 1,
            message: "column 'price': missing from the header".into(),
            hint: Some(Hint::MapColumn { column: "price".into() }),
        });
        assert_eq!(e.code, ErrorCode::BadInput);
        assert_eq!(e.hints, [Hint::MapColumn { column: "price".into() }]);
        assert!(!e.message.contains("--"), "{}", e.message);
        let e = IpcError::from(UsecaseError::from(EngineError::InvalidParameter {
            param: Param::End,
            reason: "2000 is before the first year, 2010".into(),
        }));
        assert_eq!(e.message, "Last year: 2000 is before the first year, 2010");
    }
}
