//! The commands the web UI calls. Each validates, delegates to the shared
//! crates and maps the error; nothing here computes.

use crate::error::{IpcError, IpcResult};
use crate::run::{evaluate_in_project, run_in_project, RunEvent};
use crate::settings::Settings;
use crate::state::AppState;
use crate::types::{AppInfo, ExportRequest, ImportRequest};
use crate::updates::{self, UpdateEvent, UpdateOffer, UpdateStatus};
use hpi_usecases::model::{
    Benchmark, BenchmarkKey, BoundaryReport, Comparison, Evaluation, ImportKind, ImportPreview, ImportReport, Page,
    Project, RunRecord, TractRow, TractShape,
};
use hpi_usecases::overview::{self, Overview, TractCoverage};
use hpi_usecases::project::{self, ProjectInfo, RunResults, RunSummary};
use hpi_usecases::{boundaries, compare, export, import, EvaluateRequest, RunRequest};
use std::path::PathBuf;
use tauri::ipc::Channel;
use tauri::{AppHandle, State};

type AppStateRef<'a> = State<'a, AppState>;

/// The app's version, folders and the organization's policy.
#[tauri::command]
pub fn app_info(app: AppHandle, state: AppStateRef) -> AppInfo {
    // The version in the config, which a test overlay can set, as the updater sees it.
    AppInfo::new(app.package_info().version.to_string(), &state.folders, &state.policy)
}

/// The user's settings with the organization's policy applied.
#[tauri::command]
pub fn settings_get(state: AppStateRef) -> Settings {
    state.effective_settings()
}

/// Saves the user's settings and returns them as they now apply.
#[tauri::command]
pub fn settings_set(state: AppStateRef, settings: Settings) -> IpcResult<Settings> {
    state.save_settings(settings)
}

/// Makes `project` (at `path`) the open one and says what it holds.
fn make_open(state: &AppState, path: &std::path::Path, project: Project) -> IpcResult<ProjectInfo> {
    let info = ProjectInfo::of(path, &project)?;
    state.set_open(path, project);
    Ok(info)
}

/// Creates a project file at `path` and opens it.
#[tauri::command]
pub fn project_create(state: AppStateRef, path: PathBuf) -> IpcResult<ProjectInfo> {
    make_open(&state, &path, project::create(&path)?)
}

/// Opens the project file at `path`.
#[tauri::command]
pub fn project_open(state: AppStateRef, path: PathBuf) -> IpcResult<ProjectInfo> {
    make_open(&state, &path, project::open(&path)?)
}

/// Opens the bundled sample project, copying it to the user's folder the first time.
#[tauri::command]
pub async fn project_open_sample(state: AppStateRef<'_>) -> IpcResult<ProjectInfo> {
    let path = crate::sample::ensure(&state.folders)?;
    project_open(state, path)
}

/// What the open project holds, or null when none is open.
#[tauri::command]
pub fn project_info(state: AppStateRef) -> IpcResult<Option<ProjectInfo>> {
    state.if_open(|p| Ok(ProjectInfo::of(&p.path, &p.project)?))
}

/// SQLite's full integrity and foreign-key checks of the open project; empty when it is sound.
#[tauri::command]
pub fn project_check(state: AppStateRef) -> IpcResult<Vec<String>> {
    state.with_project(|p| Ok(project::check(&p.project)?))
}

/// One page of the imported rows of one kind.
#[tauri::command]
pub fn data_page(state: AppStateRef, kind: ImportKind, offset: i64, limit: i64) -> IpcResult<Page> {
    state.with_project(|p| Ok(project::page(&p.project, kind, offset, limit)?))
}

/// How a file would import: matched columns, the first rows and the rows that would be refused.
#[tauri::command]
pub async fn import_preview(state: AppStateRef<'_>, request: ImportRequest) -> IpcResult<ImportPreview> {
    let options = request.options()?;
    state.with_project(|p| Ok(import::preview(&mut p.project, &request.path, request.kind, &options, 20)?))
}

/// Imports a file into the open project.
#[tauri::command]
pub async fn import_file(state: AppStateRef<'_>, request: ImportRequest) -> IpcResult<ImportReport> {
    let options = request.options()?;
    state.with_project(|p| Ok(import::import(&mut p.project, &request.path, request.kind, &options, &mut |_| {})?))
}

/// What a file most likely holds, from its header (for a dropped file); `None`: the user chooses.
#[tauri::command]
pub async fn import_guess(path: PathBuf) -> IpcResult<Option<ImportKind>> {
    Ok(import::guess_kind(&path)?)
}

/// Imports tract outlines (a Census Shapefile zip, a .shp or GeoJSON) into the open project.
#[tauri::command]
pub async fn boundaries_import(state: AppStateRef<'_>, path: PathBuf) -> IpcResult<BoundaryReport> {
    state.with_project(|p| Ok(boundaries::import(&mut p.project, &path, &mut |_| {})?))
}

/// The project's tracts (of one CBSA or all) with centroids and any outlines, for the map.
#[tauri::command]
pub async fn tract_shapes(state: AppStateRef<'_>, cbsa: Option<String>) -> IpcResult<Vec<TractShape>> {
    state.with_project(|p| Ok(boundaries::shapes(&p.project, cbsa.as_deref())?))
}

/// Sales and repeat pairs per year, in all and per CBSA (computed once per change of the data).
#[tauri::command]
pub async fn project_overview(state: AppStateRef<'_>) -> IpcResult<Overview> {
    let mut own = state.with_project(|p| Ok(project::another(&p.project)?))?;
    apart("overview", move || Ok(overview::overview(&mut own)?)).await
}

/// Each tract of a CBSA's half-pairs per year of the overview's years.
#[tauri::command]
pub async fn tract_coverage(state: AppStateRef<'_>, cbsa: String) -> IpcResult<Vec<TractCoverage>> {
    let mut own = state.with_project(|p| Ok(project::another(&p.project)?))?;
    apart("coverage", move || Ok(overview::coverage(&mut own, &cbsa)?)).await
}

/// Runs `work` on a blocking thread: a run, an evaluation or the overview takes seconds
/// and more, and the window's other requests (a Cancel, a page of data) must not wait
/// behind it. `what` names the work in the error of a thread that panicked.
async fn apart<T: Send + 'static>(what: &str, work: impl FnOnce() -> IpcResult<T> + Send + 'static) -> IpcResult<T> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| IpcError::internal(format!("the {what} stopped unexpectedly: {e}")))?
}

/// Calculates an index in the open project, reporting progress on `on_event`.
#[tauri::command]
pub async fn run_start(
    state: AppStateRef<'_>,
    request: RunRequest,
    on_event: Channel<RunEvent>,
) -> IpcResult<RunRecord> {
    let checked = request.check()?;
    let path = state.project_path()?;
    let cancel = state.begin_run()?;
    let result = apart("run", move || run_in_project(&path, &checked, &cancel, &on_event)).await;
    state.end_run();
    result
}

/// Evaluates saved run `id` (volatility, accuracy, revision) and saves the
/// evaluation with it, reporting progress on `on_event`; cancelled like a run.
#[tauri::command]
pub async fn run_evaluate(
    state: AppStateRef<'_>,
    id: i64,
    request: EvaluateRequest,
    on_event: Channel<RunEvent>,
) -> IpcResult<Evaluation> {
    let path = state.project_path()?;
    let cancel = state.begin_run()?;
    let result = apart("evaluation", move || evaluate_in_project(&path, id, &request, &cancel, &on_event)).await;
    state.end_run();
    result
}

/// Asks the run in progress to stop; false when none is going.
#[tauri::command]
pub fn run_cancel(state: AppStateRef) -> bool {
    state.cancel_run()
}

/// The stored runs, newest first.
#[tauri::command]
pub fn runs_list(state: AppStateRef) -> IpcResult<Vec<RunRecord>> {
    state.with_project(|p| Ok(project::runs(&p.project)?))
}

/// A stored run's index, quality report and its layout.
#[tauri::command]
pub fn run_results(state: AppStateRef, id: i64) -> IpcResult<RunResults> {
    state.with_project(|p| Ok(project::run_results(&p.project, id)?))
}

/// A stored run without its tables: its record, quality report and diagnostics (what the
/// Overview draws, without the city index of every CBSA).
#[tauri::command]
pub fn run_summary(state: AppStateRef, id: i64) -> IpcResult<RunSummary> {
    state.with_project(|p| Ok(project::run_summary(&p.project, id)?))
}

/// A stored run's tract-level indices, of one CBSA or all.
#[tauri::command]
pub fn run_tracts(state: AppStateRef, id: i64, cbsa: Option<String>) -> IpcResult<Vec<TractRow>> {
    state.with_project(|p| Ok(project::run_tracts(&p.project, id, cbsa.as_deref())?))
}

/// The published series the project holds as benchmarks.
#[tauri::command]
pub fn benchmarks_list(state: AppStateRef) -> IpcResult<Vec<Benchmark>> {
    state.with_project(|p| Ok(compare::benchmarks(&p.project)?))
}

/// A stored run against a benchmark: tracking figures and the benchmark rebased per region.
#[tauri::command]
pub fn run_compare(state: AppStateRef, id: i64, benchmark: BenchmarkKey) -> IpcResult<Comparison> {
    state.with_project(|p| Ok(compare::compare(&p.project, id, &benchmark)?))
}

/// Deletes a stored run.
#[tauri::command]
pub fn run_delete(state: AppStateRef, id: i64) -> IpcResult<()> {
    state.with_project(|p| Ok(project::delete_run(&p.project, id)?))
}

/// Writes a stored run's figures, chart or report to a file.
#[tauri::command]
pub async fn export_run(state: AppStateRef<'_>, request: ExportRequest) -> IpcResult<()> {
    state.with_project(|p| request.write(&p.project, &export::project_name(&p.path)))
}

/// What the updater may do here and when it last looked.
#[tauri::command]
pub fn update_status(app: AppHandle) -> UpdateStatus {
    updates::status(&app)
}

/// Looks for a newer version; null when this one is the newest.
#[tauri::command]
pub async fn update_check(app: AppHandle) -> IpcResult<Option<UpdateOffer>> {
    updates::check(&app).await
}

/// Downloads and installs the offered update, reporting progress on `on_event`.
#[tauri::command]
pub async fn update_install(app: AppHandle, on_event: Channel<UpdateEvent>) -> IpcResult<String> {
    updates::install(&app, &on_event).await
}

/// Restarts the app (after an update), unless a run is going.
#[tauri::command]
pub fn app_restart(app: AppHandle, state: AppStateRef) -> IpcResult<()> {
    if state.is_running() {
        return Err(IpcError::invalid("a run is going; restart when it has finished"));
    }
    log::info!("restarting on the user's request");
    app.request_restart();
    Ok(())
}

// Async: a window made inside a synchronous command can deadlock the event loop.
/// Opens the user guide, at `page` when given.
#[tauri::command]
pub async fn help_open(app: AppHandle, page: Option<String>) -> IpcResult<()> {
    crate::help::open(&app, page.as_deref())
}

/// What the app was started with: a project file to open, or the sample.
#[tauri::command]
pub fn launch(launch: State<crate::state::Launch>) -> crate::state::Launch {
    launch.inner().clone()
}
