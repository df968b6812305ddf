//! A project's runs: start one (a job), list them, and one run's summary.

use crate::error::ApiError;
use crate::routes::{existing_project, Page, PageQuery, State};
use crate::workers::Job;
use axum::extract::{Path, Query};
use axum::http::{header, StatusCode};
use axum::Json;
use hpi_usecases::model::RunRecord;
use hpi_usecases::project::RunSummary;
use hpi_usecases::RunRequest;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A job was queued: follow it at `/v1/jobs/{job}`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Queued {
    /// The job's id.
    pub job: i64,
    /// The job as it stands.
    pub status: crate::queue::JobStatus,
}

/// Queues a run of the project: the same request as the app's (every field but `method`,
/// `period`, `start` and `end` optional, with the method's default). Checked before queuing.
#[utoipa::path(post, path = "/v1/projects/{name}/runs", params(("name" = String, Path, description = "The project")),
    request_body = RunRequest, security(("bearer" = [])),
    responses((status = 202, body = Queued, headers(("location" = String, description = "The job"))),
        (status = 400, body = ApiError), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 413, body = ApiError)))]
pub async fn start(
    axum::extract::State(state): axum::extract::State<State>,
    Path(name): Path<String>,
    Json(request): Json<RunRequest>,
) -> Result<(StatusCode, [(header::HeaderName, String); 1], Json<Queued>), ApiError> {
    existing_project(&state, &name)?;
    let jobs = state.jobs.clone();
    let job: Job = crate::routes::blocking(move || jobs.submit(&name, &request)).await?;
    let location = format!("/v1/jobs/{}", job.id);
    Ok((StatusCode::ACCEPTED, [(header::LOCATION, location)], Json(Queued { job: job.id, status: job.status })))
}

/// The project's runs, newest first.
#[utoipa::path(get, path = "/v1/projects/{name}/runs", params(("name" = String, Path, description = "The project"), PageQuery),
    security(("bearer" = [])),
    responses((status = 200, body = Page<RunRecord>), (status = 400, body = ApiError), (status = 401, body = ApiError),
        (status = 404, body = ApiError)))]
pub async fn list(
    axum::extract::State(state): axum::extract::State<State>,
    Path(name): Path<String>,
    Query(page): Query<PageQuery>,
) -> Result<Json<Page<RunRecord>>, ApiError> {
    let (offset, limit) = crate::routes::page_of(&page)?;
    let path = existing_project(&state, &name)?;
    let connections = state.connections.clone();
    let mut runs = crate::routes::blocking(move || {
        let project = connections.lend(&path)?;
        Ok(hpi_usecases::project::runs(&project)?)
    })
    .await?;
    runs.sort_by_key(|r| std::cmp::Reverse(r.id));
    Ok(Json(Page::of(runs, offset, limit)))
}

/// One run: its parameters, status, quality report and (when evaluated) diagnostics.
#[utoipa::path(get, path = "/v1/projects/{name}/runs/{run}",
    params(("name" = String, Path, description = "The project"), ("run" = i64, Path, description = "The run's id")),
    security(("bearer" = [])),
    responses((status = 200, body = RunSummary), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn summary(
    axum::extract::State(state): axum::extract::State<State>,
    Path((name, run)): Path<(String, i64)>,
) -> Result<Json<RunSummary>, ApiError> {
    let path = existing_project(&state, &name)?;
    let connections = state.connections.clone();
    let summary = crate::routes::blocking(move || {
        let project = connections.lend(&path)?;
        Ok(hpi_usecases::project::run_summary(&project, run)?)
    })
    .await?;
    Ok(Json(summary))
}
