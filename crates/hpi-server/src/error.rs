//! The server's errors, and the one shape every refusal crosses HTTP in.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hpi_usecases::model::{Hint, RowIssue};
use hpi_usecases::{ErrorCode, UsecaseError};
use serde::Serialize;
use thiserror::Error;
use utoipa::ToSchema;

/// Why the server cannot start or go on.
#[derive(Debug, Error)]
pub enum ServerError {
    /// The settings do not fit together (names the setting and why).
    #[error("{0}")]
    Settings(String),
    /// The data directory or the token store cannot be used.
    #[error("the data directory {dir}: {reason}")]
    DataDir {
        /// The directory.
        dir: String,
        /// What failed.
        reason: String,
    },
    /// A token of this name exists already.
    #[error("--name {0}: a token of that name exists already")]
    TokenExists(String),
    /// The token store refused or failed.
    #[error("the token store: {0}")]
    Tokens(#[from] rusqlite::Error),
    /// Binding or serving failed.
    #[error("the server: {0}")]
    Io(#[from] std::io::Error),
}

/// The kinds of refusal an API client tells apart: the desktop app's closed
/// list ([`ErrorCode`], the same names) and the refusals only a server makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(untagged)]
pub enum ApiCode {
    /// A use case's refusal, as the app shows it.
    App(ErrorCode),
    /// A refusal of the server's own.
    Server(ServerCode),
}

/// The refusals only a server makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ServerCode {
    /// No token, or one the server does not know.
    Unauthorized,
    /// A read-only token asked to change something.
    Forbidden,
    /// The `Host` header names neither the bound address nor a configured name.
    UnknownHost,
    /// The request body is larger than the server accepts.
    TooLarge,
    /// What was to be created exists already.
    Conflict,
}

impl From<ErrorCode> for ApiCode {
    fn from(code: ErrorCode) -> ApiCode {
        ApiCode::App(code)
    }
}

impl From<ServerCode> for ApiCode {
    fn from(code: ServerCode) -> ApiCode {
        ApiCode::Server(code)
    }
}

impl ApiCode {
    /// The HTTP status a refusal of this kind is sent with.
    pub fn status(self) -> StatusCode {
        match self {
            ApiCode::App(code) => match code {
                ErrorCode::InvalidRequest => StatusCode::BAD_REQUEST,
                ErrorCode::NotAProject | ErrorCode::BadInput | ErrorCode::NoData => StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::AlreadyImported | ErrorCode::Cancelled => StatusCode::CONFLICT,
                ErrorCode::NotFound => StatusCode::NOT_FOUND,
                ErrorCode::Io | ErrorCode::Internal | ErrorCode::Network | ErrorCode::Untrusted => {
                    StatusCode::INTERNAL_SERVER_ERROR
                }
            },
            ApiCode::Server(code) => match code {
                ServerCode::Unauthorized => StatusCode::UNAUTHORIZED,
                ServerCode::Forbidden => StatusCode::FORBIDDEN,
                ServerCode::UnknownHost => StatusCode::MISDIRECTED_REQUEST,
                ServerCode::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
                ServerCode::Conflict => StatusCode::CONFLICT,
            },
        }
    }
}

/// A refusal as it crosses HTTP: `{"code", "message", "hint"?}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiError {
    /// What kind of refusal, from a closed list.
    pub code: ApiCode,
    /// What went wrong, in words.
    pub message: String,
    /// What the client could change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The particulars: for a refused import, every bad row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<Details>,
}

/// The particulars of a refusal.
#[derive(Debug, Serialize, ToSchema)]
pub struct Details {
    /// The rows an import refused, each by line, column and reason (the first thousand).
    pub rows: Vec<RowIssue>,
}

impl ApiError {
    /// A refusal of `code` with its message and hint.
    pub fn new(code: impl Into<ApiCode>, message: impl Into<String>, hint: Option<&str>) -> ApiError {
        ApiError { code: code.into(), message: message.into(), hint: hint.map(str::to_owned), details: None }
    }
}

impl From<UsecaseError> for ApiError {
    fn from(e: UsecaseError) -> ApiError {
        let rows = e.rejected_rows().to_vec();
        let hints: Vec<String> = e.hints().iter().map(hint_words).collect();
        let hint = (!hints.is_empty()).then(|| hints.join("; "));
        let mut error = ApiError::new(e.code(), e.to_string(), hint.as_deref());
        if !rows.is_empty() {
            error.details = Some(Details { rows });
        }
        error
    }
}

/// A hint in an API client's words: the query parameter that does it.
fn hint_words(hint: &Hint) -> String {
    match hint {
        Hint::MapColumn { column } => format!("add map={column}=NAME to the query to read another column"),
        Hint::DateFormat => "give date_format, e.g. %m/%d/%Y or %d.%m.%Y".into(),
        Hint::DayMonthOrder => "give date_format=%m/%d/%Y or %d/%m/%Y".into(),
        Hint::SkipBadRows => "skip_bad_rows=true imports the good ones".into(),
        Hint::PlausibleRange => "these sales lie outside the plausible years or prices".into(),
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.code.status(), axum::Json(self)).into_response()
    }
}
