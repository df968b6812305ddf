//! `GET /v1/projects/{name}/runs/{run}/{what}`: a saved run's tables, byte
//! for byte what `hpi export` writes.

use crate::error::ApiError;
use crate::routes::{existing_project, scratch_folder, State};
use axum::extract::{Path, Query};
use axum::http::header;
use axum::response::IntoResponse;
use hpi_usecases::export::{ChartKind, ReportFormat, What};
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
    Query(q): Query<DownloadQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let what: What = serde_json::from_value(serde_json::Value::String(what.clone())).map_err(|_| {
        ApiError::new(ErrorCode::NotFound, format!("'{what}': a run has index, tracts, quality and evaluation"), None)
    })?;
    let reports = matches!(what, What::Quality | What::Evaluation);
    let format = q.format.unwrap_or(if reports { FileFormat::Json } else { FileFormat::Csv });
    let project = existing_project(&state, &name)?;
    let (extension, content_type) = format.extension_and_type();
    let connections = state.connections.clone();
    let bytes = crate::routes::blocking(move || {
        let p = connections.lend(&project)?;
        hpi_usecases::project::run(&p, run)?;
        Ok(hpi_usecases::export::run_bytes(&p, run, what, format.format())?)
    })
    .await?;
    Ok(file(format!("{name}-run{run}-{}.{extension}", serde_name(what)), content_type, bytes))
}

/// A unit variant's name as clients write it (`index`, `appreciation`): its serde name.
fn serde_name(value: impl serde::Serialize) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// A download: its type, and its name for a browser or `curl -OJ`.
fn file(name: String, content_type: &str, bytes: Vec<u8>) -> impl IntoResponse {
    let disposition = format!("attachment; filename=\"{name}\"");
    ([(header::CONTENT_TYPE, content_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)], bytes)
}

/// What a use case writes to a file about run `run` of `project`, as bytes: reports and
/// charts are written as files, as the CLI writes them, and the server sends them.
async fn written(
    state: &State,
    extension: &'static str,
    write: impl FnOnce(&hpi_usecases::model::Project, &std::path::Path) -> Result<(), hpi_usecases::UsecaseError>
        + Send
        + 'static,
    project: std::path::PathBuf,
    run: i64,
) -> Result<Vec<u8>, ApiError> {
    let (data_dir, connections) = (state.data_dir.clone(), state.connections.clone());
    crate::routes::blocking(move || {
        let folder = scratch_folder(&data_dir)?;
        let path = folder.join(format!("out.{extension}"));
        let result = (|| {
            let p = connections.lend(&project)?;
            hpi_usecases::project::run(&p, run)?;
            write(&p, &path)?;
            std::fs::read(&path)
                .map_err(|e| ApiError::new(ErrorCode::Io, format!("the download could not be made: {e}"), None))
        })();
        let _ = std::fs::remove_dir_all(&folder);
        result
    })
    .await
}

/// The format of a report.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    /// [default: html]
    pub format: Option<ReportFormat>,
}

/// A saved run's report, as `hpi report` writes it: one self-contained HTML page or a PDF.
#[utoipa::path(get, path = "/v1/projects/{name}/runs/{run}/report",
    params(("name" = String, Path, description = "The project"), ("run" = i64, Path, description = "The run's id"),
        ReportQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "The report", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn report(
    axum::extract::State(state): axum::extract::State<State>,
    Path((name, run)): Path<(String, i64)>,
    Query(q): Query<ReportQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let format = q.format.unwrap_or(ReportFormat::Html);
    let project = existing_project(&state, &name)?;
    let (extension, content_type) = match format {
        ReportFormat::Html => ("html", "text/html; charset=utf-8"),
        ReportFormat::Pdf => ("pdf", "application/pdf"),
    };
    let title = name.clone();
    let bytes = written(
        &state,
        extension,
        move |p, path| hpi_usecases::export::write_report(p, &title, &[run], None, format, path),
        project,
        run,
    )
    .await?;
    Ok(file(format!("{name}-run{run}-report.{extension}"), content_type, bytes))
}

/// The image formats of a chart.
#[derive(Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    /// PNG at print resolution.
    Png,
    /// SVG.
    Svg,
}

/// Which chart.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ChartQuery {
    /// [default: index]
    pub kind: Option<ChartKind>,
    /// [default: svg]
    pub format: Option<ImageFormat>,
    /// The region (CBSA, county, group…) [default: the run's first].
    pub region: Option<String>,
}

/// One region's chart of a saved run, as `hpi chart` draws it.
#[utoipa::path(get, path = "/v1/projects/{name}/runs/{run}/chart",
    params(("name" = String, Path, description = "The project"), ("run" = i64, Path, description = "The run's id"),
        ChartQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "The chart", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn chart(
    axum::extract::State(state): axum::extract::State<State>,
    Path((name, run)): Path<(String, i64)>,
    Query(q): Query<ChartQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let kind = q.kind.unwrap_or(ChartKind::Index);
    let project = existing_project(&state, &name)?;
    let (extension, content_type) = match q.format.unwrap_or(ImageFormat::Svg) {
        ImageFormat::Png => ("png", "image/png"),
        ImageFormat::Svg => ("svg", "image/svg+xml"),
    };
    let title = name.clone();
    let region = q.region;
    let bytes = written(
        &state,
        extension,
        move |p, path| hpi_usecases::export::write_chart(p, &title, &[run], region.as_deref(), None, kind, path),
        project,
        run,
    )
    .await?;
    Ok(file(format!("{name}-run{run}-{}.{extension}", serde_name(kind)), content_type, bytes))
}
