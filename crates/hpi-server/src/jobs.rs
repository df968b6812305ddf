//! `/v1/jobs/{id}`: where a queued run stands, its progress as server-sent
//! events, and cancelling it.

use crate::error::{ApiError, ServerCode};
use crate::routes::{blocking, State};
use crate::workers::{Cancelled, Job, Jobs};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::Json;
use futures_util::stream::Stream;
use std::convert::Infallible;
use std::sync::Arc;

/// A job: its status, progress while it runs, its run once it succeeded, its error if it failed.
#[utoipa::path(get, path = "/v1/jobs/{id}", params(("id" = i64, Path, description = "The job")),
    security(("bearer" = [])),
    responses((status = 200, body = Job), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn get(
    axum::extract::State(state): axum::extract::State<State>,
    Path(id): Path<i64>,
) -> Result<Json<Job>, ApiError> {
    let jobs = state.jobs.clone();
    Ok(Json(blocking(move || jobs.get(id)).await?))
}

/// Cancels a job: at once when queued (200), at the engine's next check when running (202:
/// follow the job until it says `cancelled`). A job that has ended is left as it is (409).
#[utoipa::path(delete, path = "/v1/jobs/{id}", params(("id" = i64, Path, description = "The job")),
    security(("bearer" = [])),
    responses((status = 200, body = Job), (status = 202, body = Job), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
pub async fn cancel(
    axum::extract::State(state): axum::extract::State<State>,
    Path(id): Path<i64>,
) -> Result<(StatusCode, Json<Job>), ApiError> {
    let jobs = state.jobs.clone();
    match blocking(move || jobs.cancel(id)).await? {
        Cancelled::Now(job) => Ok((StatusCode::OK, Json(job))),
        Cancelled::Asked(job) => Ok((StatusCode::ACCEPTED, Json(job))),
        Cancelled::Ended(job) => Err(ApiError::new(
            ServerCode::Conflict,
            format!("job {id} has ended ({}); there is nothing to cancel", job.status.name()),
            None,
        )),
    }
}

/// The job as server-sent events: one `job` event (the job, as `GET /v1/jobs/{id}` gives it)
/// now and at every change, at most every 50 ms while it runs; the stream ends when the job does.
#[utoipa::path(get, path = "/v1/jobs/{id}/events", params(("id" = i64, Path, description = "The job")),
    security(("bearer" = [])),
    responses((status = 200, description = "`event: job` with the job as JSON data, until it ends",
        content_type = "text/event-stream", body = Job),
        (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn events(
    axum::extract::State(state): axum::extract::State<State>,
    Path(id): Path<i64>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let jobs = state.jobs.clone();
    // Subscribe before the first read, so no change between the two is missed.
    let changes = jobs.watch();
    let first = {
        let jobs = jobs.clone();
        blocking(move || jobs.get(id)).await?
    };
    let watch = Watch { jobs, id, changes, last: None, first: Some(first), ended: false };
    let stream = futures_util::stream::unfold(watch, |mut w| async move { w.next().await.map(|e| (Ok(e), w)) });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

/// One client's view of one job's changes.
struct Watch {
    jobs: Arc<Jobs>,
    id: i64,
    changes: tokio::sync::watch::Receiver<u64>,
    last: Option<Job>,
    first: Option<Job>,
    ended: bool,
}

impl Watch {
    /// The next event: the job whenever it differs from what was last sent.
    async fn next(&mut self) -> Option<Event> {
        loop {
            if self.ended {
                return None;
            }
            let job = match self.first.take() {
                Some(job) => job,
                None => {
                    self.changes.changed().await.ok()?;
                    if self.jobs.stopping() {
                        return None;
                    }
                    let (jobs, id) = (self.jobs.clone(), self.id);
                    blocking(move || jobs.get(id)).await.ok()?
                }
            };
            if self.last.as_ref() != Some(&job) {
                self.ended = job.status.is_final();
                let event = Event::default().event("job").json_data(&job).ok()?;
                self.last = Some(job);
                return Some(event);
            }
        }
    }
}
