//! The routes: parse, call one use case, map its errors. Nothing computed here.

use crate::access;
use crate::error::{ApiCode, ApiError, Details, ServerCode, ServerError};
use crate::settings::Checked;
use crate::tokens::Tokens;
use axum::extract::{DefaultBodyLimit, Query};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{middleware, Json, Router};
use hpi_usecases::model::{Hint, ImportKind, ImportReport, RowIssue};
use hpi_usecases::ErrorCode;
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{IntoParams, OpenApi, ToSchema};

/// What every handler shares.
#[derive(Clone)]
pub struct State {
    pub data_dir: Arc<PathBuf>,
    /// The token store, opened once; each check reads it afresh, so tokens the CLI adds while
    /// the server runs are known at once.
    pub tokens: Arc<std::sync::Mutex<Tokens>>,
    /// The `Host` values answered: the bound address, `localhost` on its port, configured names.
    pub hosts: Arc<Vec<String>>,
    /// The job queue and its workers.
    pub jobs: Arc<crate::workers::Jobs>,
    /// What `/metrics` reports.
    pub metrics: Arc<crate::metrics::Metrics>,
    /// Requests per second per token.
    pub limiter: Arc<governor::DefaultKeyedRateLimiter<String>>,
    /// Projects opened once and kept for the next request.
    pub connections: Arc<crate::connections::Connections>,
}

pub fn router(
    checked: &Checked,
    bound: SocketAddr,
    jobs: Arc<crate::workers::Jobs>,
    metrics: Arc<crate::metrics::Metrics>,
    connections: Arc<crate::connections::Connections>,
) -> Result<Router, ServerError> {
    let s = &checked.settings;
    let port = bound.port();
    let mut hosts = vec![bound.to_string(), format!("localhost:{port}")];
    if bound.ip().is_loopback() {
        hosts.push(format!("127.0.0.1:{port}"));
    }
    for name in &s.hosts {
        hosts.push(name.clone());
        hosts.push(format!("{name}:{port}"));
    }
    let tokens = Arc::new(std::sync::Mutex::new(Tokens::open(&s.data_dir)?));
    let per_second = std::num::NonZeroU32::new(s.rate_limit).unwrap_or(std::num::NonZeroU32::MIN);
    let burst = per_second.saturating_mul(std::num::NonZeroU32::new(2).unwrap_or(std::num::NonZeroU32::MIN));
    let limiter = governor::RateLimiter::keyed(governor::Quota::per_second(per_second).allow_burst(burst));
    let state = State {
        data_dir: Arc::new(s.data_dir.clone()),
        tokens,
        hosts: Arc::new(hosts),
        jobs,
        metrics,
        limiter: Arc::new(limiter),
        connections,
    };
    let v1 = Router::new()
        .route("/projects", get(list_projects).post(create_project))
        .route("/projects/{name}/imports", axum::routing::post(crate::imports::import))
        .route("/projects/{name}/runs", get(crate::runs::list).post(crate::runs::start))
        .route("/projects/{name}/runs/{run}", get(crate::runs::summary))
        .route("/projects/{name}/runs/{run}/report", get(crate::results::report))
        .route("/projects/{name}/runs/{run}/chart", get(crate::results::chart))
        .route("/projects/{name}/runs/{run}/{what}", get(crate::results::download))
        .route("/jobs/{id}", get(crate::jobs::get).delete(crate::jobs::cancel))
        .route("/jobs/{id}/events", get(crate::jobs::events))
        .route_layer(middleware::from_fn_with_state(state.clone(), access::bearer));
    let mut metrics = Router::new().route("/metrics", get(crate::metrics::serve));
    if s.private_metrics {
        metrics = metrics.route_layer(middleware::from_fn_with_state(state.clone(), access::bearer));
    }
    // The reference page and its document, assets in the binary: it works offline.
    let docs = utoipa_swagger_ui::SwaggerUi::new("/docs").url("/openapi.json", Doc::openapi());
    let router = Router::new()
        .route("/health", get(health))
        .route("/ready", get(ready))
        .merge(metrics)
        .nest("/v1", v1)
        .with_state(state.clone())
        .merge(docs)
        .layer(DefaultBodyLimit::max(s.max_body))
        .layer(middleware::from_fn(crate::error::as_json))
        .layer(middleware::from_fn_with_state(state.clone(), access::known_host));
    // Outside the host check, so that a configured origin's preflight is answered; none is, unless configured.
    let router = match cors(&s.cors_origins) {
        Some(cors) => router.layer(cors),
        None => router,
    };
    Ok(router.layer(middleware::from_fn_with_state(state, crate::requests::observed)))
}

/// CORS for the configured origins only: their pages may send the token and JSON.
fn cors(origins: &[String]) -> Option<tower_http::cors::CorsLayer> {
    use axum::http::{header, HeaderValue, Method};
    if origins.is_empty() {
        return None;
    }
    let origins: Vec<HeaderValue> = origins.iter().filter_map(|o| o.parse().ok()).collect();
    Some(
        tower_http::cors::CorsLayer::new()
            .allow_origin(origins)
            .allow_methods([Method::GET, Method::POST, Method::DELETE])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                header::HeaderName::from_static("x-request-id"),
            ])
            .expose_headers([header::LOCATION, header::RETRY_AFTER, header::HeaderName::from_static("x-request-id")]),
    )
}

/// The OpenAPI document, as `/openapi.json` serves it.
pub fn openapi_json() -> String {
    Doc::openapi().to_pretty_json().expect("the document serializes")
}

#[derive(OpenApi)]
#[openapi(
    info(title = "HPI Studio", description = "House price indices from your own sales: HPI Studio's use cases over HTTP."),
    paths(health, ready, crate::metrics::serve, list_projects, create_project, crate::imports::import, crate::runs::start, crate::runs::list,
        crate::runs::summary, crate::results::download, crate::results::report, crate::results::chart, crate::jobs::get, crate::jobs::cancel, crate::jobs::events),
    components(schemas(Status, ApiError, ApiCode, ServerCode, ErrorCode, Details, ProjectEntry, NewProject,
        ImportReport, ImportKind, RowIssue, Hint, crate::results::FileFormat, crate::results::ImageFormat,
        hpi_usecases::export::ChartKind, hpi_usecases::export::ReportFormat, crate::runs::Queued,
        crate::workers::Job, crate::workers::JobProgress, crate::queue::JobStatus)),
    modifiers(&Bearer)
)]
struct Doc;

struct Bearer;

impl utoipa::Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Whether the server is up.
#[derive(Serialize, ToSchema)]
pub struct Status {
    /// `ok` (alive) or `ready` (able to take work).
    pub status: String,
}

/// Liveness: the server answers.
#[utoipa::path(get, path = "/health", responses((status = 200, body = Status)))]
async fn health() -> Json<Status> {
    Json(Status { status: "ok".into() })
}

/// Readiness: the data directory takes a write and the workers are alive.
#[utoipa::path(get, path = "/ready", responses((status = 200, body = Status), (status = 503, body = ApiError)))]
async fn ready(
    axum::extract::State(state): axum::extract::State<State>,
) -> Result<Json<Status>, (StatusCode, Json<ApiError>)> {
    let probe = state.data_dir.join("projects").join(format!(".ready-{}", std::process::id()));
    let written = std::fs::write(&probe, b"").and_then(|()| std::fs::remove_file(&probe));
    if !state.jobs.workers_alive() {
        return Err((
            StatusCode::SERVICE_UNAVAILABLE,
            Json(ApiError::new(ErrorCode::Internal, "the workers that compute runs have stopped", None)),
        ));
    }
    match written {
        Ok(()) => Ok(Json(Status { status: "ready".into() })),
        Err(e) => Err((
            StatusCode::SERVICE_UNAVAILABLE,
            Json(ApiError::new(ErrorCode::Io, format!("the data directory cannot be written: {e}"), None)),
        )),
    }
}

/// A project in the data directory.
#[derive(Serialize, ToSchema)]
pub struct ProjectEntry {
    /// Its name: the file `projects/NAME.hpiproj`.
    pub name: String,
}

/// One page of a list.
#[derive(Serialize, ToSchema)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// All items.
    pub total: usize,
    /// The first of this page (0-based).
    pub offset: usize,
    /// The most a page holds.
    pub limit: usize,
}

impl<T> Page<T> {
    /// The page of `all` from `offset`, at most `limit` long.
    pub fn of(all: Vec<T>, offset: usize, limit: usize) -> Page<T> {
        let total = all.len();
        Page { items: all.into_iter().skip(offset).take(limit).collect(), total, offset, limit }
    }
}

/// A project to create.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewProject {
    /// Letters, digits, `-` and `_`, at most 64.
    pub name: String,
}

/// Which page.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    /// The first item (0-based) [default: 0].
    pub offset: Option<usize>,
    /// Items per page, 1 to 500 [default: 50].
    pub limit: Option<usize>,
}

/// The projects in the data directory, by name.
#[utoipa::path(get, path = "/v1/projects", params(PageQuery), security(("bearer" = [])),
    responses((status = 200, body = Page<ProjectEntry>), (status = 400, body = ApiError), (status = 401, body = ApiError)))]
async fn list_projects(
    axum::extract::State(state): axum::extract::State<State>,
    Query(page): Query<PageQuery>,
) -> Result<Json<Page<ProjectEntry>>, ApiError> {
    let (offset, limit) = page_of(&page)?;
    let dir = state.data_dir.join("projects");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| ApiError::new(ErrorCode::Io, format!("{}: {e}", dir.display()), None))?
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| entry.file_name().to_str().and_then(|n| n.strip_suffix(".hpiproj")).map(str::to_owned))
        .filter(|name| project_name(name).is_ok())
        .collect();
    names.sort();
    Ok(Json(Page::of(names.into_iter().map(|name| ProjectEntry { name }).collect(), offset, limit)))
}

/// The page a query asks for, checked.
pub(crate) fn page_of(page: &PageQuery) -> Result<(usize, usize), ApiError> {
    let limit = page.limit.unwrap_or(50);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::new(ErrorCode::InvalidRequest, format!("limit {limit}: from 1 to 500"), None));
    }
    Ok((page.offset.unwrap_or(0), limit))
}

/// Runs blocking work (SQLite, files, the engine) off the async threads.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("the request stopped on a bug: {e}"), None))?
}

/// Creates an empty project.
#[utoipa::path(post, path = "/v1/projects", request_body = NewProject, security(("bearer" = [])),
    responses((status = 201, body = ProjectEntry), (status = 400, body = ApiError), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 409, body = ApiError), (status = 413, body = ApiError)))]
async fn create_project(
    axum::extract::State(state): axum::extract::State<State>,
    Json(new): Json<NewProject>,
) -> Result<(StatusCode, Json<ProjectEntry>), ApiError> {
    let path = project_file(&state.data_dir, &new.name)?;
    let name = new.name;
    if path.exists() {
        return Err(ApiError::new(ServerCode::Conflict, format!("a project named '{name}' exists already"), None));
    }
    blocking(move || Ok(hpi_usecases::project::create(&path).map(drop)?)).await?;
    Ok((StatusCode::CREATED, Json(ProjectEntry { name })))
}

/// A new, empty folder of its own under the data directory's `uploads`, for a
/// file a use case reads or writes (uploads, downloads); the caller removes it.
pub(crate) fn scratch_folder(data_dir: &std::path::Path) -> Result<PathBuf, ApiError> {
    let folder = data_dir.join("uploads").join(crate::tokens::random_hex(8));
    std::fs::create_dir_all(&folder)
        .map_err(|e| ApiError::new(ErrorCode::Io, format!("no room for the file in the data directory: {e}"), None))?;
    Ok(folder)
}

/// The file of the project `name` in the data directory.
pub(crate) fn project_file(data_dir: &std::path::Path, name: &str) -> Result<PathBuf, ApiError> {
    Ok(data_dir.join("projects").join(format!("{}.hpiproj", project_name(name)?)))
}

/// The file of the existing project `name`; 404 when there is none.
pub(crate) fn existing_project(state: &State, name: &str) -> Result<PathBuf, ApiError> {
    let path = project_file(&state.data_dir, name)?;
    if !path.is_file() {
        return Err(ApiError::new(ErrorCode::NotFound, format!("no project named '{name}'"), None));
    }
    Ok(path)
}

/// A name that stays a file name inside the projects folder: no separators, no dots.
fn project_name(name: &str) -> Result<&str, ApiError> {
    let fits =
        (1..=64).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if fits {
        Ok(name)
    } else {
        Err(ApiError::new(
            ErrorCode::InvalidRequest,
            format!("project name '{name}': use 1 to 64 letters, digits, '-' or '_'"),
            None,
        ))
    }
}
