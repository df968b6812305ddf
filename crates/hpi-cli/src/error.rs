//! The CLI's errors and their exit codes.

use hpi_usecases::model::{EngineError, Hint, Param, ReportError, StoreError};
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
    Engine(EngineError),
    /// The project file refused or failed.
    #[error(transparent)]
    Store(StoreError),
    /// A result file could not be written.
    #[error(transparent)]
    Report(ReportError),
    /// Some runs of a batch failed (each is in the summary table).
    #[error("{failed} of {total} runs failed; the table above says why")]
    Batch {
        /// Runs that failed.
        failed: usize,
        /// Runs in the plan.
        total: usize,
    },
    /// A server (`hpi batch --server`) could not be reached, or refused the token.
    #[error("the server at {url}: {message}")]
    Remote {
        /// The server's address.
        url: String,
        /// Why.
        message: String,
    },
    /// `hpi serve` could not start or go on.
    #[error(transparent)]
    Server(#[from] hpi_server::ServerError),
}

/// The flag that sets a run parameter.
pub fn flag(param: Param) -> &'static str {
    match param {
        Param::Start => "--start",
        Param::End => "--end",
        Param::MinHalfPairs => "--min-half-pairs",
        Param::StaticYear => "--static-year",
        Param::Weights => "--weights",
        Param::Intervals => "--intervals",
        Param::VolatilityWindow => "--volatility-window",
        Param::KFold => "--kfold",
        Param::RevisionFrom => "--revision-from",
        Param::Bootstrap => "--bootstrap",
        Param::MinHoldingMonths => "--min-holding-months",
        Param::CagrBound => "--cagr-bound",
        Param::RatioBounds => "--ratio-bounds",
        Param::PriceBounds => "--price-floor/--price-ceiling",
        Param::RobustZ => "--robust-z",
        Param::Estimator => "--estimator",
        Param::Tiers => "--tiers/--tier-breaks",
        Param::SeasonalAdjust => "--seasonal-adjust/--stl-*",
        Param::Aggregate => "--aggregate",
        Param::Smooth => "--smooth",
        Param::Composites => "--composite/--composite-weights",
    }
}

/// A hint in the CLI's words: the flag that does it.
pub fn hint_words(hint: &Hint) -> String {
    match hint {
        Hint::MapColumn { column } => format!("use --map {column}=NAME to read another column"),
        Hint::DateFormat => "give --date-format, e.g. %m/%d/%Y or %d.%m.%Y".into(),
        Hint::DayMonthOrder => "give --date-format %m/%d/%Y or %d/%m/%Y".into(),
        Hint::SkipBadRows => "--skip-bad-rows imports the good ones".into(),
        Hint::PlausibleRange => {
            "if the data really lie there, widen --earliest-year, --latest-year or --max-price".into()
        }
    }
}

/// `; hint; hint` after a message, or nothing.
pub fn hint_suffix(hints: &[Hint]) -> String {
    hints.iter().map(|h| format!("; {}", hint_words(h))).collect()
}

impl From<EngineError> for CliError {
    fn from(e: EngineError) -> Self {
        match e {
            EngineError::InvalidParameter { param, reason } => {
                CliError::Usage(format!("invalid parameter {}: {reason}", flag(param)))
            }
            e => CliError::Engine(e),
        }
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Engine(e) => e.into(),
            e => CliError::Store(e),
        }
    }
}

impl From<hpi_usecases::UsecaseError> for CliError {
    fn from(e: hpi_usecases::UsecaseError) -> Self {
        use hpi_usecases::UsecaseError as U;
        match e {
            U::InvalidRequest(m) => CliError::Usage(m),
            U::Engine(e) => e.into(),
            U::Store(e) => e.into(),
            U::Report(e) => CliError::Report(e),
            other => CliError::Usage(other.to_string()),
        }
    }
}

impl CliError {
    /// What the user could change, in the CLI's words (`; give --date-format …`).
    pub fn hint_suffix(&self) -> String {
        match self {
            CliError::Store(e) => hint_suffix(&e.hints()),
            _ => String::new(),
        }
    }

    /// 2 for bad usage or bad input, 1 for failures at run time.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::BadInput { .. } | CliError::Usage(_) | CliError::Read { .. } => 2,
            CliError::Engine(EngineError::InvalidParameter { .. } | EngineError::RsaiNotAnnual(_)) => 2,
            CliError::Engine(EngineError::NoData(_)) => 2,
            CliError::Store(StoreError::Sqlite(_) | StoreError::Engine(_) | StoreError::DiskFull) => 1,
            CliError::Store(_) => 2,
            CliError::Server(hpi_server::ServerError::Settings(_) | hpi_server::ServerError::TokenExists(_)) => 2,
            _ => 1,
        }
    }

    pub(crate) fn write(path: &str, e: impl std::fmt::Display) -> Self {
        CliError::Write { path: path.to_owned(), message: e.to_string() }
    }
}
