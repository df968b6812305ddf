//! `POST /v1/projects/{name}/imports`: a file in the body, imported with the
//! same rules and messages as `hpi import`.

use crate::error::ApiError;
use crate::routes::{existing_project, scratch_folder, State};
use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use hpi_usecases::model::{ImportKind, ImportOptions, ImportReport, Plausible};
use hpi_usecases::ErrorCode;
use serde::Deserialize;
use utoipa::IntoParams;

/// How to read the file.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    /// What the file holds.
    pub kind: ImportKind,
    /// Columns under other names: `new=old,new=old`.
    pub map: Option<String>,
    /// How dates are written, e.g. `%m/%d/%Y` [default: recognised].
    pub date_format: Option<String>,
    /// Import the good rows and record the bad ones, instead of refusing the file.
    #[serde(default)]
    pub skip_bad_rows: bool,
    /// The file's name, as the project records it [default: `upload` and its format's extension].
    pub filename: Option<String>,
}

/// Imports the body: CSV, Excel `.xlsx` or Parquet, by content type or by its first bytes.
#[utoipa::path(post, path = "/v1/projects/{name}/imports", params(("name" = String, Path, description = "The project"), ImportQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The file"),
    security(("bearer" = [])),
    responses((status = 201, body = ImportReport), (status = 400, body = ApiError), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError),
        (status = 413, body = ApiError), (status = 422, description = "Bad rows, each in details.rows; nothing imported", body = ApiError)))]
pub async fn import(
    axum::extract::State(state): axum::extract::State<State>,
    Path(name): Path<String>,
    Query(q): Query<ImportQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<ImportReport>), ApiError> {
    let project = existing_project(&state, &name)?;
    let map = parse_map(q.map.as_deref())?;
    let extension = extension(headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()), &body);
    let file_name = match &q.filename {
        Some(f) => {
            let fits = !f.is_empty() && f.len() <= 128 && !f.contains(['/', '\\']) && !f.starts_with('.');
            if !fits {
                return Err(ApiError::new(
                    ErrorCode::InvalidRequest,
                    format!("filename '{f}': a plain file name"),
                    None,
                ));
            }
            f.clone()
        }
        None => format!("upload.{extension}"),
    };
    let options = ImportOptions::new(map, q.date_format.as_deref(), None, q.skip_bad_rows, Plausible::default());
    let (data_dir, connections) = (state.data_dir.clone(), state.connections.clone());
    let report = tokio::task::spawn_blocking(move || -> Result<ImportReport, ApiError> {
        // Each upload in a folder of its own, so that the reader sees the file's own name.
        let folder = scratch_folder(&data_dir)?;
        let io = |e: std::io::Error| ApiError::new(ErrorCode::Io, format!("the upload could not be kept: {e}"), None);
        let path = folder.join(&file_name);
        let result = std::fs::write(&path, &body).map_err(io).and_then(|()| {
            let mut p = connections.lend(&project)?;
            Ok(hpi_usecases::import::import(&mut p, &path, q.kind, &options, &mut |_| {})?)
        });
        let _ = std::fs::remove_dir_all(&folder);
        // Name the file as the client did: the server's folders are none of its business.
        let shown = |text: &str| text.replace(&path.display().to_string(), &file_name);
        result
            .map(|mut report| {
                report.file = shown(&report.file);
                report
            })
            .map_err(|mut error| {
                error.message = shown(&error.message);
                error
            })
    })
    .await
    .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string(), None))??;
    Ok((StatusCode::CREATED, Json(report)))
}

/// `new=old,new=old` as pairs.
fn parse_map(text: Option<&str>) -> Result<Vec<(String, String)>, ApiError> {
    let Some(text) = text.filter(|t| !t.is_empty()) else { return Ok(Vec::new()) };
    text.split(',')
        .map(|pair| match pair.split_once('=') {
            Some((new, old)) if !new.trim().is_empty() && !old.trim().is_empty() => {
                Ok((new.trim().to_owned(), old.trim().to_owned()))
            }
            _ => Err(ApiError::new(ErrorCode::InvalidRequest, format!("map '{pair}': write NEW=OLD"), None)),
        })
        .collect()
}

/// The reader for the body: its content type if it names one, else its first bytes.
fn extension(content_type: Option<&str>, body: &[u8]) -> &'static str {
    let named = content_type.map(|t| t.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
    match named.as_deref() {
        Some("text/csv" | "text/plain" | "text/tab-separated-values") => "csv",
        Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") => "xlsx",
        Some("application/vnd.apache.parquet" | "application/x-parquet") => "parquet",
        _ if body.starts_with(b"PAR1") => "parquet",
        _ if body.starts_with(b"PK\x03\x04") => "xlsx",
        _ => "csv",
    }
}
