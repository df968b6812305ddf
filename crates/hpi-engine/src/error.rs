//! The engine's errors.

use thiserror::Error;

/// Everything the engine can refuse or fail at.
#[derive(Debug, Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum EngineError {
    /// A parameter is out of its allowed range or contradicts another.
    #[error("invalid parameter {param}: {reason}")]
    InvalidParameter {
        /// The parameter.
        param: crate::Param,
        /// Why it is refused.
        reason: String,
    },
    /// RSAI was asked for a periodicity other than annual.
    #[error("RSAI is annual only; {0} periods are available for the pooled methods bmn and wrs")]
    RsaiNotAnnual(&'static str),
    /// There are no sales left to estimate from.
    #[error("no usable sales: {0}")]
    NoData(String),
    /// A normal-equation system that should be positive definite was not.
    #[error("the least-squares system for {0} is singular")]
    Singular(String),
    /// The caller cancelled the run.
    #[error("cancelled")]
    Cancelled,
}
