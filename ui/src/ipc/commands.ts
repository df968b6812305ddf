// Generated from the #[tauri::command] functions in `src-tauri/src/commands.rs` by
// `src-tauri/src/command_map.rs`; do not edit.
// Regenerate: HPI_WRITE_BINDINGS=1 cargo test --workspace bindings

import type { Channel } from "@tauri-apps/api/core";
import type * as B from "./bindings";

/** How a command reaches the Rust side: by name, with its arguments. */
export type Invoke = <T>(command: string, args?: Record<string, unknown>) => Promise<T>;

/** Every command the app registers, named as in Rust but in camelCase, with its arguments and result. */
export function commands(call: Invoke) {
  return {
    /** The app's version, folders and the organization's policy. */
    appInfo: () => call<B.AppInfo>("app_info"),
    /** The user's settings with the organization's policy applied. */
    settingsGet: () => call<B.Settings>("settings_get"),
    /** Saves the user's settings and returns them as they now apply. */
    settingsSet: (settings: B.Settings) => call<B.Settings>("settings_set", { settings }),
    /** Creates a project file at `path` and opens it. */
    projectCreate: (path: string) => call<B.ProjectInfo>("project_create", { path }),
    /** Opens the project file at `path`. */
    projectOpen: (path: string) => call<B.ProjectInfo>("project_open", { path }),
    /** Opens the bundled sample project, copying it to the user's folder the first time. */
    projectOpenSample: () => call<B.ProjectInfo>("project_open_sample"),
    /** What the open project holds, or null when none is open. */
    projectInfo: () => call<B.ProjectInfo | null>("project_info"),
    /** SQLite's full integrity and foreign-key checks of the open project; empty when it is sound. */
    projectCheck: () => call<string[]>("project_check"),
    /** One page of the imported rows of one kind. */
    dataPage: (kind: B.ImportKind, offset: number, limit: number) => call<B.Page>("data_page", { kind, offset, limit }),
    /** How a file would import: matched columns, the first rows and the rows that would be refused. */
    importPreview: (request: B.ImportRequest) => call<B.ImportPreview>("import_preview", { request }),
    /** Imports a file into the open project. */
    importFile: (request: B.ImportRequest) => call<B.ImportReport>("import_file", { request }),
    /** What a file most likely holds, from its header (for a dropped file); `None`: the user chooses. */
    importGuess: (path: string) => call<B.ImportKind | null>("import_guess", { path }),
    /** Imports tract outlines (a Census Shapefile zip, a .shp or GeoJSON) into the open project. */
    boundariesImport: (path: string) => call<B.BoundaryReport>("boundaries_import", { path }),
    /** The project's tracts (of one CBSA or all) with centroids and any outlines, for the map. */
    tractShapes: (cbsa: string | null) => call<B.TractShape[]>("tract_shapes", { cbsa }),
    /** Sales and repeat pairs per year, in all and per CBSA (computed once per change of the data). */
    projectOverview: () => call<B.Overview>("project_overview"),
    /** Each tract of a CBSA's half-pairs per year of the overview's years. */
    tractCoverage: (cbsa: string) => call<B.TractCoverage[]>("tract_coverage", { cbsa }),
    /** Calculates an index in the open project, reporting progress on `on_event`. */
    runStart: (request: B.RunRequest, onEvent: Channel<B.RunEvent>) => call<B.RunRecord>("run_start", { request, onEvent }),
    /** Evaluates saved run `id` (volatility, accuracy, revision) and saves the evaluation with it, reporting progress on `on_event`; cancelled like a run. */
    runEvaluate: (id: number, request: B.EvaluateRequest, onEvent: Channel<B.RunEvent>) => call<B.Evaluation>("run_evaluate", { id, request, onEvent }),
    /** Asks the run in progress to stop; false when none is going. */
    runCancel: () => call<boolean>("run_cancel"),
    /** The stored runs, newest first. */
    runsList: () => call<B.RunRecord[]>("runs_list"),
    /** A stored run's index, quality report and its layout. */
    runResults: (id: number) => call<B.RunResults>("run_results", { id }),
    /** A stored run without its tables: its record, quality report and diagnostics (what the Overview draws, without the city index of every CBSA). */
    runSummary: (id: number) => call<B.RunSummary>("run_summary", { id }),
    /** A stored run's tract-level indices, of one CBSA or all. */
    runTracts: (id: number, cbsa: string | null) => call<B.TractRow[]>("run_tracts", { id, cbsa }),
    /** The published series the project holds as benchmarks. */
    benchmarksList: () => call<B.Benchmark[]>("benchmarks_list"),
    /** A stored run against a benchmark: tracking figures and the benchmark rebased per region. */
    runCompare: (id: number, benchmark: B.BenchmarkKey) => call<B.Comparison>("run_compare", { id, benchmark }),
    /** Deletes a stored run. */
    runDelete: (id: number) => call<null>("run_delete", { id }),
    /** Writes a stored run's figures, chart or report to a file. */
    exportRun: (request: B.ExportRequest) => call<null>("export_run", { request }),
    /** What the updater may do here and when it last looked. */
    updateStatus: () => call<B.UpdateStatus>("update_status"),
    /** Looks for a newer version; null when this one is the newest. */
    updateCheck: () => call<B.UpdateOffer | null>("update_check"),
    /** Downloads and installs the offered update, reporting progress on `on_event`. */
    updateInstall: (onEvent: Channel<B.UpdateEvent>) => call<string>("update_install", { onEvent }),
    /** Restarts the app (after an update), unless a run is going. */
    appRestart: () => call<null>("app_restart"),
    /** Opens the user guide, at `page` when given. */
    helpOpen: (page: string | null) => call<null>("help_open", { page }),
    /** What the app was started with: a project file to open, or the sample. */
    launch: () => call<B.Launch>("launch"),
  };
}
