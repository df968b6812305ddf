//! The store's errors.

use crate::hint::Hint;
use thiserror::Error;

/// Everything opening, importing into or reading a project can fail at.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The file is not an HPI Studio project (not SQLite, or another application's).
    #[error("{path} is not an HPI Studio project: {reason}")]
    NotAProject {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// The file was written by a newer HPI Studio.
    #[error("{path} has project schema version {found}, newer than this HPI Studio understands (version {supported}); install a newer HPI Studio to open it")]
    NewerSchema {
        /// The file.
        path: String,
        /// Its schema version.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
    /// A project file is already there.
    #[error("{0} already exists; choose another name or open it")]
    Exists(String),
    /// A file's structure is unusable (line 0: the file as a whole).
    #[error("{file}:{line}: {message}")]
    BadFile {
        /// The file.
        file: String,
        /// Physical line, header = 1; 0 for the whole file.
        line: u64,
        /// What is wrong.
        message: String,
        /// What the user could change.
        hint: Option<Hint>,
    },
    /// A feature of a boundary file is unusable: nothing was imported.
    #[error("{file}: feature {feature}, {field}: {reason}; nothing imported")]
    BadFeature {
        /// The file.
        file: String,
        /// The feature, 1 = the first (a Shapefile's record number).
        feature: u64,
        /// What of it: GEOID, geometry, shape.
        field: String,
        /// What is wrong.
        reason: String,
    },
    /// Bad rows, and bad rows are not to be skipped: nothing was imported.
    #[error("{file}: {count} bad row{}, nothing imported (first: line {first_line}: {first})", if *count == 1 { "" } else { "s" })]
    RowsRejected {
        /// The file.
        file: String,
        /// How many bad rows.
        count: u64,
        /// Line of the first.
        first_line: u64,
        /// Column and reason of the first.
        first: String,
        /// The bad rows (the first thousand).
        issues: Vec<hpi_engine::RowIssue>,
        /// What the user could change: skip the bad rows, and what the rows suggest.
        hints: Vec<Hint>,
    },
    /// The same file was imported before.
    #[error("{file} was already imported as {kind} (import {import_id} on {at}); nothing imported")]
    AlreadyImported {
        /// The file.
        file: String,
        /// What it was imported as.
        kind: String,
        /// The earlier import.
        import_id: i64,
        /// When.
        at: String,
    },
    /// No run with this id.
    #[error("no run {0} in this project")]
    NoSuchRun(i64),
    /// A stored run whose field cannot be read (damaged, or written by something else).
    #[error("run {run}: its {field} cannot be read: {reason}")]
    BadRun {
        /// The run.
        run: i64,
        /// The field.
        field: &'static str,
        /// Why.
        reason: String,
    },
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The disk holding the project is full. SQLite rolled the change back:
    /// the project holds what it held before.
    #[error("the disk holding the project is full: the change was rolled back; free some space and try again")]
    DiskFull,
    /// SQLite failed.
    #[error("project database: {0}")]
    Sqlite(rusqlite::Error),
    /// The engine refused the project's data.
    #[error(transparent)]
    Engine(#[from] hpi_engine::EngineError),
}

impl StoreError {
    /// What the user could change to get past this error, most useful first.
    pub fn hints(&self) -> Vec<Hint> {
        match self {
            StoreError::BadFile { hint, .. } => hint.iter().cloned().collect(),
            StoreError::RowsRejected { hints, .. } => hints.clone(),
            _ => Vec::new(),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DiskFull) => StoreError::DiskFull,
            _ => StoreError::Sqlite(e),
        }
    }
}

impl From<rusqlite::types::FromSqlError> for StoreError {
    fn from(e: rusqlite::types::FromSqlError) -> Self {
        StoreError::Sqlite(rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
    }
}
