// Generated from the Rust types by `src-tauri/src/bindings.rs`; do not edit.
// Regenerate: HPI_WRITE_BINDINGS=1 cargo test -p hpi-studio bindings

/**
 * What a command returns when it fails.
 */
export type IpcError = { 
/**
 * What kind of failure, for the UI to choose what to offer.
 */
code: ErrorCode, 
/**
 * What happened and what to do, in plain words.
 */
message: string, 
/**
 * Lines for "Details": the bad rows of a rejected import.
 */
details: Array<string>, };

/**
 * The kinds of failure a user interface tells apart. The list is closed:
 * the desktop app mirrors it in TypeScript.
 */
export type ErrorCode = "invalid_request" | "not_a_project" | "bad_input" | "already_imported" | "no_data" | "cancelled" | "not_found" | "io" | "internal" | "network" | "untrusted";

/**
 * The user's settings.
 */
export type Settings = { 
/**
 * Colour theme.
 */
theme: Theme, 
/**
 * Thousands and decimal separators.
 */
number_format: NumberFormat, 
/**
 * Where Open and New start.
 */
default_folder: string | null, 
/**
 * Recently opened projects, newest first.
 */
recent: Array<string>, 
/**
 * Look for updates in the background.
 */
check_updates: boolean, 
/**
 * Which releases to update to.
 */
update_channel: UpdateChannel, };

/**
 * Colour theme.
 */
export type Theme = "system" | "light" | "dark";

/**
 * How numbers are written.
 */
export type NumberFormat = "comma" | "dot" | "space";

/**
 * Which releases updates bring.
 */
export type UpdateChannel = "stable" | "beta";

/**
 * Updates as the Settings screen shows them.
 */
export type UpdateStatus = { 
/**
 * This version.
 */
current: string, 
/**
 * Why this copy cannot update itself; `None` when it can.
 */
unavailable: string | null, 
/**
 * The address checked.
 */
feed: string | null, 
/**
 * Whether looking for updates is fixed by the organization.
 */
check_locked: boolean, 
/**
 * Whether the channel is fixed by the organization (or its update server).
 */
channel_locked: boolean, 
/**
 * What the last check found, in plain words.
 */
last_check: string | null, 
/**
 * The update found and not yet installed.
 */
offer: UpdateOffer | null, 
/**
 * The version installed and waiting for a restart.
 */
installed: string | null, };

/**
 * A newer version, as the window shows it.
 */
export type UpdateOffer = { 
/**
 * The new version.
 */
version: string, 
/**
 * This version.
 */
current: string, 
/**
 * What changed (the release notes).
 */
notes: string, 
/**
 * When it was published (`YYYY-MM-DD`).
 */
date: string | null, };

/**
 * What the window hears while an update is installed.
 */
export type UpdateEvent = { "event": "downloading", 
/**
 * Bytes so far.
 */
done: number, 
/**
 * Bytes in all.
 */
total: number | null, } | { "event": "verifying" } | { "event": "installing" };

/**
 * About the app.
 */
export type AppInfo = { 
/**
 * Version.
 */
version: string, 
/**
 * Where the log files are.
 */
log_folder: string, 
/**
 * Where the app keeps its data (the sample project).
 */
data_folder: string, 
/**
 * Where the settings are.
 */
config_folder: string, 
/**
 * The licences of HPI Studio and of what it ships.
 */
licenses: string, 
/**
 * The organization's policy on this machine.
 */
policy: Policy, };

/**
 * The policy as read, with what could not be used.
 */
export type Policy = { 
/**
 * Where it was read from; `None` when the machine has no policy.
 */
source: string | null, 
/**
 * Whether the app may look for updates; `None`: the user decides.
 */
updates: boolean | null, 
/**
 * The update feed to use instead of the public one (an internal mirror).
 */
update_url: string | null, 
/**
 * The update channel.
 */
channel: UpdateChannel | null, 
/**
 * Where New and Open start, for everyone.
 */
default_project_folder: string | null, 
/**
 * Keys or values that were not understood, in plain words.
 */
problems: Array<string>, };

/**
 * What the app was started to open: a project file (double-click, "Open
 * with") or, with `--sample`, the sample project.
 */
export type Launch = { 
/**
 * A project file.
 */
file: string | null, 
/**
 * The sample project.
 */
sample: boolean, };

/**
 * A project's contents at a glance.
 */
export type ProjectInfo = { 
/**
 * The file.
 */
path: string, 
/**
 * Its name (the file name).
 */
name: string, 
/**
 * Schema version.
 */
schema_version: number, 
/**
 * Sales.
 */
transactions: number, 
/**
 * Tracts.
 */
tracts: number, 
/**
 * Tract attribute rows.
 */
attributes: number, 
/**
 * Saved runs.
 */
runs: number, 
/**
 * Every import.
 */
imports: Array<ImportRecord>, };

/**
 * A file to import and how to read it.
 */
export type ImportRequest = { 
/**
 * The file.
 */
path: string, 
/**
 * What it holds.
 */
kind: ImportKind, 
/**
 * `(column, header)`: read the file's `header` as `column`.
 */
map: Array<[string, string]>, 
/**
 * Import the good rows and record the bad ones.
 */
skip_bad_rows: boolean, 
/**
 * How dates are written (`%d/%m/%Y`…); empty: ISO and unambiguous forms.
 */
date_format: string | null, 
/**
 * The Excel sheet; empty: the first.
 */
sheet: string | null, };

/**
 * A saved run with its city index and quality report.
 */
export type RunResults = { 
/**
 * The run.
 */
record: RunRecord, 
/**
 * Its city index.
 */
index: Array<IndexRow>, 
/**
 * Its quality report as JSON text.
 */
quality: string | null, };

/**
 * File formats of exports.
 */
export type ExportFormat = "csv" | "xlsx" | "parquet" | "json" | "html" | "pdf" | "svg" | "png";

/**
 * Something to write out of saved runs.
 */
export type ExportRequest = { 
/**
 * The runs: the first, then those to compare with it.
 */
runs: Array<number>, 
/**
 * Table exports: what.
 */
what: What, 
/**
 * Charts: which region and which chart.
 */
region: string | null, 
/**
 * Charts: index, appreciation, tract map or coverage.
 */
chart: ChartKind, 
/**
 * The format.
 */
format: ExportFormat, 
/**
 * The file to write.
 */
path: string, };

/**
 * What the window hears about a run while it goes.
 */
export type RunEvent = { "event": "loading" } | { "event": "stage", 
/**
 * The stage.
 */
stage: Stage, 
/**
 * Its name for people.
 */
label: string, 
/**
 * Steps done.
 */
done: number, 
/**
 * Steps in all.
 */
total: number, };

/**
 * The stages of a run, in order.
 */
export type Stage = "pairing" | "statistics" | "supertracts" | "regression" | "aggregation";

/**
 * The RSAI weighting schemes (paper p.16).
 */
export type Weight = "sample" | "value" | "unit" | "upb" | "college" | "nonwhite";

/**
 * Everything that defines a run. Optional fields take the method's default.
 */
export type RunRequest = { 
/**
 * The method.
 */
method: Method, 
/**
 * RSAI weights by name (`sample`, `value`, `unit`, `upb`, `college`, `nonwhite`) [default: all six].
 */
weights: Array<Weight> | null, 
/**
 * Periods (RSAI: annual only).
 */
period: Period, 
/**
 * First year; its first period is index 100.
 */
start: number, 
/**
 * Last year.
 */
end: number, 
/**
 * Half-pairs a supertract needs in t and t-1 [default 40].
 */
min_half_pairs: number | null, 
/**
 * Several sales in one period [default: none for RSAI, keep-highest for BMN and WRS].
 */
dedupe: DedupeChoice | null, 
/**
 * Pair filters [default: all for RSAI, none for BMN and WRS].
 */
filters: Filters | null, 
/**
 * Keep CBSAs with fewer half-pairs than the threshold in some year.
 */
keep_small_cbsas: boolean, 
/**
 * Year of the static weights (college, nonwhite) [default 2010].
 */
static_year: number | null, };

/**
 * Index methods.
 */
export type Method = "rsai" | "bmn" | "wrs";

/**
 * Index periods.
 */
export type Period = "annual" | "quarterly" | "monthly";

/**
 * Several sales of one property in one period.
 */
export type DedupeChoice = "keep_highest" | "none";

/**
 * Which pair filters are on (spec section 2.3).
 */
export type Filters = { 
/**
 * Drop pairs less than one year apart.
 */
same_period: boolean, 
/**
 * Drop pairs whose compound annual growth exceeds ±30%.
 */
cagr: boolean, 
/**
 * Drop pairs whose price ratio is above 10 or below 0.25.
 */
ratio: boolean, };

/**
 * What a table export holds.
 */
export type What = "index" | "tracts" | "quality";

/**
 * Which chart to draw.
 */
export type ChartKind = "index" | "appreciation" | "map" | "coverage";

/**
 * What a file holds.
 */
export type ImportKind = "transactions" | "tracts" | "attributes";

/**
 * What importing a file would do, without changing the project.
 */
export type ImportPreview = { 
/**
 * The file's header row.
 */
header: Array<string>, 
/**
 * Where each wanted column comes from.
 */
columns: Array<ColumnMatch>, 
/**
 * Why the file as a whole cannot be imported (missing column, unreadable file, earlier import).
 */
problem: string | null, 
/**
 * Row counts and the bad rows, as the import would find them.
 */
report: ImportReport | null, 
/**
 * The first good rows as they would be stored.
 */
sample: Page | null, };

/**
 * What an import did.
 */
export type ImportReport = { 
/**
 * The new import's id.
 */
import_id: number, 
/**
 * The file.
 */
file: string, 
/**
 * What it held.
 */
kind: ImportKind, 
/**
 * Data rows read.
 */
rows: number, 
/**
 * Rows stored.
 */
accepted: number, 
/**
 * Rows rejected (with --skip-bad-rows).
 */
rejected: number, 
/**
 * The first thousand rejected rows.
 */
issues: Array<RowIssue>, };

/**
 * Where the import finds one wanted column.
 */
export type ColumnMatch = { 
/**
 * The column in the project.
 */
column: string, 
/**
 * Whether a file must have it.
 */
required: boolean, 
/**
 * The file's header it is read from, if any.
 */
source: string | null, };

/**
 * Rows of one table, as text for display.
 */
export type Page = { 
/**
 * Column names.
 */
columns: Array<string>, 
/**
 * The rows, each cell as shown (None where the value is missing).
 */
rows: Array<Array<string | null>>, 
/**
 * Rows in the whole table.
 */
total: number, 
/**
 * The first row's position in the table (0-based).
 */
offset: number, };

/**
 * One rejected input row: where it is and why it was rejected.
 */
export type RowIssue = { 
/**
 * Physical line in the file, header = line 1.
 */
line: number, 
/**
 * The column at fault (the name the engine knows it by).
 */
column: string, 
/**
 * Why, in plain words.
 */
reason: string, };

/**
 * A run's record.
 */
export type RunRecord = { 
/**
 * Id.
 */
id: number, 
/**
 * Start time (UTC, RFC 3339).
 */
created_at: string, 
/**
 * The HPI Studio version that ran it.
 */
app_version: string, 
/**
 * `rsai`, `bmn` or `wrs`.
 */
method: string, 
/**
 * The validated parameters as JSON.
 */
parameters: string, 
/**
 * SHA-256 over the imports it read.
 */
input_fingerprint: string, 
/**
 * `running`, `succeeded`, `failed` or `cancelled`.
 */
status: string, 
/**
 * Duration in milliseconds, once finished.
 */
duration_ms: number | null, 
/**
 * Why it failed.
 */
error: string | null, };

/**
 * One row of a stored city index.
 */
export type IndexRow = { 
/**
 * Region.
 */
region: string, 
/**
 * RSAI weight.
 */
weight: string | null, 
/**
 * Absolute period number.
 */
period: number, 
/**
 * Period label.
 */
label: string, 
/**
 * Index value.
 */
value: number | null, 
/**
 * Why there is no value.
 */
note: string | null, };

/**
 * One row of a stored tract panel.
 */
export type TractRow = { 
/**
 * Tract.
 */
tract: string, 
/**
 * CBSA.
 */
cbsa: string, 
/**
 * Year.
 */
year: number, 
/**
 * Index value.
 */
value: number | null, 
/**
 * Supertract in that year.
 */
supertract: string | null, 
/**
 * The tract's own half-pairs in that year; `None` for runs saved before
 * schema 2 recorded them.
 */
half_pairs: number | null, };

/**
 * One imported file, for provenance.
 */
export type ImportRecord = { 
/**
 * Import id.
 */
id: number, 
/**
 * `transactions`, `tracts` or `attributes`.
 */
kind: string, 
/**
 * The file's name.
 */
file_name: string, 
/**
 * Its size in bytes.
 */
file_size: number, 
/**
 * Its SHA-256.
 */
sha256: string, 
/**
 * When it was imported.
 */
imported_at: string, 
/**
 * Rows stored.
 */
rows_accepted: number, 
/**
 * Rows rejected (recorded with --skip-bad-rows).
 */
rows_rejected: number, };

/** Every RSAI weighting scheme, in the paper's order (`Weight::ALL`). */
export const WEIGHTS: readonly Weight[] = ["sample", "value", "unit", "upb", "college", "nonwhite"];
