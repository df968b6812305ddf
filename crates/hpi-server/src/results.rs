//! `GET /v1/projects/{name}/runs/{run}/{what}`: a saved run's tables, byte
//! for byte what `hpi export` writes.

use crate::error::ApiError;
use crate::routes::{existing_project, scratch_folder, State};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query};
use axum::http::header;
use axum::response::IntoResponse;
use hpi_usecases::export::What;
use hpi_usecases::model::Format;
use hpi_usecases::ErrorCode;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// The file formats of a download.
#[derive(Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum FileFormat {
    /// Comma-separated text.
    Csv,
    /// A JSON array of row objects (the quality report and the diagnostics: their JSON).
    Json,
    /// Apache Parquet.
    Parquet,
    /// An Excel workbook.
    Xlsx,
}

impl FileFormat {
    fn format(self) -> Format {
        match self {
            FileFormat::Csv => Format::Csv,
            FileFormat::Json => Format::Json,
            FileFormat::Parquet => Format::Parquet,
            FileFormat::Xlsx => Format::Xlsx,
        }
    }

    fn extension_and_type(self) -> (&'static str, &'static str) {
        match self {
            FileFormat::Csv => ("csv", "text/csv; charset=utf-8"),
            FileFormat::Json => ("json", "application/json"),
            FileFormat::Parquet => ("parquet", "application/vnd.apache.parquet"),
            FileFormat::Xlsx => ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        }
    }
}

/// The format of a download.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DownloadQuery {
    /// [default: csv; json for the quality report and the diagnostics]
    pub format: Option<FileFormat>,
}

/// A saved run's city index (`index`), tract panel (`tracts`), quality report (`quality`) or
/// diagnostics (`evaluation`), as `hpi export` writes them.
#[utoipa::path(get, path = "/v1/projects/{name}/runs/{run}/{what}",
    params(("name" = String, Path, description = "The project"), ("run" = i64, Path, description = "The run's id"),
        ("what" = String, Path, description = "index, tracts, quality or evaluation"), DownloadQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "The file", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn download(
    axum::extract::State(state): axum::extract::State<State>,
    Path((name, run, what)): Path<(String, i64, String)>,
    query: Result<Query<DownloadQuery>, QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::new(ErrorCode::InvalidRequest, e.body_text(), None))?;
    let what: What = serde_json::from_value(serde_json::Value::String(what.clone())).map_err(|_| {
        ApiError::new(ErrorCode::NotFound, format!("'{what}': a run has index, tracts, quality and evaluation"), None)
    })?;
    let reports = matches!(what, What::Quality | What::Evaluation);
    let format = q.format.unwrap_or(if reports { FileFormat::Json } else { FileFormat::Csv });
    let project = existing_project(&state, &name)?;
    let (extension, content_type) = format.extension_and_type();
    let data_dir = state.data_dir.clone();
    let bytes = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, ApiError> {
        // The use case writes files, as the CLI's export does; the server sends the file's bytes.
        let folder = scratch_folder(&data_dir)?;
        let io = |e: std::io::Error| ApiError::new(ErrorCode::Io, format!("the download could not be made: {e}"), None);
        let path = folder.join(format!("out.{extension}"));
        let result = (|| {
            let p = hpi_usecases::project::open(&project)?;
            hpi_usecases::project::run(&p, run)?;
            hpi_usecases::export::export_run(&p, run, what, format.format(), &path.to_string_lossy())?;
            std::fs::read(&path).map_err(io)
        })();
        let _ = std::fs::remove_dir_all(&folder);
        result
    })
    .await
    .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string(), None))??;
    let what_name = serde_json::to_value(what).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
    let disposition = format!("attachment; filename=\"{name}-run{run}-{what_name}.{extension}\"");
    Ok(([(header::CONTENT_TYPE, content_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)], bytes))
}
