//! The routes: parse, call one use case, map its errors. Nothing computed here.

use crate::access;
use crate::error::{ApiCode, ApiError, Details, ServerCode, ServerError};
use crate::settings::Checked;
use crate::tokens::Tokens;
use axum::extract::rejection::{JsonRejection, QueryRejection};
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
}

pub fn router(checked: &Checked, bound: SocketAddr) -> Result<Router, ServerError> {
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
    let state = State { data_dir: Arc::new(s.data_dir.clone()), tokens, hosts: Arc::new(hosts) };
    let v1 = Router::new()
        .route("/projects", get(list_projects).post(create_project))
        .route("/projects/{name}/imports", axum::routing::post(crate::imports::import))
        .route("/projects/{name}/runs/{run}/{what}", get(crate::results::download))
        .route_layer(middleware::from_fn_with_state(state.clone(), access::bearer));
    Ok(Router::new()
        .route("/health", get(health))
        .route("/ready", get(ready))
        .route("/openapi.json", get(|| async { Json(Doc::openapi()) }))
        .nest("/v1", v1)
        .layer(DefaultBodyLimit::max(s.max_body))
        .layer(middleware::from_fn_with_state(state.clone(), access::known_host))
        .with_state(state))
}

/// The OpenAPI document, as `/openapi.json` serves it.
pub fn openapi_json() -> String {
    Doc::openapi().to_pretty_json().expect("the document serializes")
}

#[derive(OpenApi)]
#[openapi(
    info(title = "HPI Studio", description = "House price indices from your own sales: HPI Studio's use cases over HTTP."),
    paths(health, ready, list_projects, create_project, crate::imports::import, crate::results::download),
    components(schemas(Status, ApiError, ApiCode, ServerCode, ErrorCode, Details, ProjectEntry, ProjectList, NewProject,
        ImportReport, ImportKind, RowIssue, Hint, crate::results::FileFormat)),
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

/// Readiness: the data directory takes a write.
#[utoipa::path(get, path = "/ready", responses((status = 200, body = Status), (status = 503, body = ApiError)))]
async fn ready(
    axum::extract::State(state): axum::extract::State<State>,
) -> Result<Json<Status>, (StatusCode, Json<ApiError>)> {
    let probe = state.data_dir.join("projects").join(format!(".ready-{}", std::process::id()));
    let written = std::fs::write(&probe, b"").and_then(|()| std::fs::remove_file(&probe));
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

/// One page of the projects, by name.
#[derive(Serialize, ToSchema)]
pub struct ProjectList {
    /// The projects of this page.
    pub items: Vec<ProjectEntry>,
    /// All projects.
    pub total: usize,
    /// The first of this page (0-based).
    pub offset: usize,
    /// The most a page holds.
    pub limit: usize,
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
    responses((status = 200, body = ProjectList), (status = 400, body = ApiError), (status = 401, body = ApiError)))]
async fn list_projects(
    axum::extract::State(state): axum::extract::State<State>,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Json<ProjectList>, ApiError> {
    let Query(page) = query.map_err(|e| ApiError::new(ErrorCode::InvalidRequest, e.body_text(), None))?;
    let limit = page.limit.unwrap_or(50);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::new(ErrorCode::InvalidRequest, format!("limit {limit}: from 1 to 500"), None));
    }
    let offset = page.offset.unwrap_or(0);
    let dir = state.data_dir.join("projects");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| ApiError::new(ErrorCode::Io, format!("{}: {e}", dir.display()), None))?
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| entry.file_name().to_str().and_then(|n| n.strip_suffix(".hpiproj")).map(str::to_owned))
        .filter(|name| project_name(name).is_ok())
        .collect();
    names.sort();
    let total = names.len();
    let items = names.into_iter().skip(offset).take(limit).map(|name| ProjectEntry { name }).collect();
    Ok(Json(ProjectList { items, total, offset, limit }))
}

/// Creates an empty project.
#[utoipa::path(post, path = "/v1/projects", request_body = NewProject, security(("bearer" = [])),
    responses((status = 201, body = ProjectEntry), (status = 400, body = ApiError), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 409, body = ApiError), (status = 413, body = ApiError)))]
async fn create_project(
    axum::extract::State(state): axum::extract::State<State>,
    body: Result<Json<NewProject>, JsonRejection>,
) -> Result<(StatusCode, Json<ProjectEntry>), ApiError> {
    let Json(new) = body.map_err(rejected)?;
    let path = project_path(&state, &new.name)?;
    let name = new.name;
    if path.exists() {
        return Err(ApiError::new(ServerCode::Conflict, format!("a project named '{name}' exists already"), None));
    }
    tokio::task::spawn_blocking(move || hpi_usecases::project::create(&path).map(drop))
        .await
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string(), None))??;
    Ok((StatusCode::CREATED, Json(ProjectEntry { name })))
}

/// A new, empty folder of its own under the data directory's `uploads`, for a
/// file a use case reads or writes (uploads, downloads); the caller removes it.
pub(crate) fn scratch_folder(data_dir: &std::path::Path) -> Result<PathBuf, ApiError> {
    use rand::RngCore;
    let mut id = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut id);
    let folder = data_dir.join("uploads").join(id.iter().map(|b| format!("{b:02x}")).collect::<String>());
    std::fs::create_dir_all(&folder)
        .map_err(|e| ApiError::new(ErrorCode::Io, format!("no room for the file in the data directory: {e}"), None))?;
    Ok(folder)
}

/// The file of the project `name` in the data directory.
pub(crate) fn project_path(state: &State, name: &str) -> Result<PathBuf, ApiError> {
    Ok(state.data_dir.join("projects").join(format!("{}.hpiproj", project_name(name)?)))
}

/// The file of the existing project `name`; 404 when there is none.
pub(crate) fn existing_project(state: &State, name: &str) -> Result<PathBuf, ApiError> {
    let path = project_path(state, name)?;
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

fn rejected(e: JsonRejection) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(
            ServerCode::TooLarge,
            "the request body is larger than this server accepts",
            Some("--max-body raises the limit"),
        )
    } else {
        ApiError::new(ErrorCode::InvalidRequest, e.body_text(), None)
    }
}
