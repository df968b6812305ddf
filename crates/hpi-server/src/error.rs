//! The server's errors, and the one shape every refusal crosses HTTP in.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hpi_usecases::model::{Hint, RowIssue};
use hpi_usecases::{ErrorCode, UsecaseError};
use serde::{Deserialize, Serialize};
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
    /// The server's store (tokens, jobs) refused or failed.
    #[error("the server's store: {0}")]
    Store(#[from] rusqlite::Error),
    /// The server's store was written by a newer version.
    #[error("{path} is of version {version}, newer than this server's {known}; upgrade HPI Studio")]
    NewerStore {
        /// The file.
        path: String,
        /// Its version.
        version: i64,
        /// The newest this server knows.
        known: i64,
    },
    /// Binding or serving failed.
    #[error("the server: {0}")]
    Io(#[from] std::io::Error),
}

/// The kinds of refusal an API client tells apart: the desktop app's closed
/// list ([`ErrorCode`], the same names) and the refusals only a server makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum ApiCode {
    /// A use case's refusal, as the app shows it.
    App(ErrorCode),
    /// A refusal of the server's own.
    Server(ServerCode),
}

/// The refusals only a server makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
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
    /// What was to be created exists already, or what was to be cancelled has ended.
    Conflict,
    /// This token sent more requests than the server takes per second; `Retry-After` says when to.
    RateLimited,
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
                ServerCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            },
        }
    }
}

/// A refusal as it crosses HTTP: `{"code", "message", "hint"?}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
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

/// Gives every refusal the one JSON shape, also those axum makes before a
/// handler runs: an unknown route or method, a body over the limit, a path,
/// query or JSON body that does not parse. Handlers return [`ApiError`]s.
pub async fn as_json(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let json = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 64 << 10).await.map(|b| String::from_utf8_lossy(&b).trim().to_owned());
    let text = text.ok().filter(|t| !t.is_empty());
    let (code, status, hint): (ApiCode, StatusCode, Option<&str>) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => {
            (ServerCode::TooLarge.into(), status, Some("the server's --max-body setting sets the limit"))
        }
        StatusCode::NOT_FOUND => (ErrorCode::NotFound.into(), status, Some("GET /openapi.json lists the routes")),
        StatusCode::METHOD_NOT_ALLOWED => {
            (ErrorCode::InvalidRequest.into(), status, Some("GET /openapi.json lists each route's methods"))
        }
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            ErrorCode::InvalidRequest.into(),
            StatusCode::BAD_REQUEST,
            Some("send the body as JSON with Content-Type: application/json"),
        ),
        s if s.is_server_error() => (ErrorCode::Internal.into(), s, None),
        _ => (ErrorCode::InvalidRequest.into(), StatusCode::BAD_REQUEST, None),
    };
    let message = text.unwrap_or_else(|| status.canonical_reason().unwrap_or("refused").to_owned());
    let mut refused = (status, axum::Json(ApiError::new(code, message, hint))).into_response();
    if let Some(allow) = parts.headers.get(axum::http::header::ALLOW) {
        refused.headers_mut().insert(axum::http::header::ALLOW, allow.clone());
    }
    refused
}
