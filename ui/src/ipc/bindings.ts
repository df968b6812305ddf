// Generated from the Rust types by `src-tauri/src/bindings.rs`; do not edit.
// Regenerate: HPI_WRITE_BINDINGS=1 cargo test --workspace bindings

/**
 * What a command returns when it fails.
 */
export type IpcError = { 
/**
 * What kind of failure, for the UI to choose what to offer.
 */
code: ErrorCode, 
/**
 * What happened, in plain words.
 */
message: string, 
/**
 * What the user could change; the UI words each as its own controls.
 */
hints: Array<Hint>, 
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
 * One thing the user can change to get past an error.
 */
export type Hint = { "kind": "map_column", 
/**
 * The column HPI Studio wants.
 */
column: string, } | { "kind": "date_format" } | { "kind": "day_month_order" } | { "kind": "skip_bad_rows" } | { "kind": "plausible_range" };

/**
 * A run parameter, as the engine names it in its errors; each front end
 * shows it its own way (a flag, a field on a screen, a JSON field).
 */
export type Param = "start" | "end" | "min_half_pairs" | "static_year" | "weights" | "intervals" | "volatility_window" | "k_fold" | "revision_from" | "bootstrap" | "min_holding_months" | "cagr_bound" | "ratio_bounds" | "price_bounds" | "robust_z" | "estimator" | "tiers" | "seasonal_adjust" | "aggregate" | "smooth" | "composites";

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
update_channel: UpdateChannel, 
/**
 * The confidence level of the bands on charts, one of `BAND_LEVELS`.
 */
band_level: number, };

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
sheet: string | null, 
/**
 * Sales dated before this year are bad rows; empty: 1900.
 */
earliest_year: number | null, 
/**
 * Sales dated after this year are bad rows; empty: next year.
 */
latest_year: number | null, 
/**
 * Prices above this are bad rows; empty: 1e12.
 */
max_price: number | null, };

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
 * Its quality report (none for a failed or cancelled run).
 */
quality: QualityReport | null, 
/**
 * The quality report laid out as every front end shows it.
 */
quality_sections: Array<Section>, 
/**
 * Its diagnostics, when it was evaluated.
 */
evaluation: Evaluation | null, };

/**
 * A saved run without its tables: what it was asked and how it went.
 */
export type RunSummary = { 
/**
 * The run: method, parameters, status, timing.
 */
record: RunRecord, 
/**
 * Its quality report, once it finished.
 */
quality: QualityReport | null, 
/**
 * Its diagnostics, when it was evaluated.
 */
evaluation: Evaluation | null, };

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
path: string, 
/**
 * Reports and index charts: the published series to compare the first run with.
 */
benchmark?: BenchmarkKey, 
/**
 * Index tables: FHFA's master-file layout, with its base period.
 */
layout?: FhfaLayout, };

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
export type Stage = "pairing" | "statistics" | "supertracts" | "regression" | "aggregation" | "folds" | "vintages" | "bootstrap";

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
 * Keep CBSAs with fewer half-pairs than the threshold in some year [default: false].
 */
keep_small_cbsas: boolean, 
/**
 * Year of the static weights (college, nonwhite) [default 2010].
 */
static_year: number | null, 
/**
 * Least squares or robust, for BMN and WRS [default: least squares].
 */
estimator: Estimator | null, 
/**
 * Price tiers, for the pooled methods [default: none].
 */
tiers: Tiers | null, 
/**
 * Seasonal adjustment (STL) of quarterly and monthly pooled series [default: none].
 */
seasonal: Seasonal | null, 
/**
 * Groups of tracts RSAI also aggregates to: state, county, nation, groups [default: none].
 */
aggregate: Array<Aggregate>, 
/**
 * Smooth every series with a centred moving average of this many periods (odd) [default: none].
 */
smooth: number | null, 
/**
 * Composites of regions to add to the output [default: none].
 */
composites: Array<Composite>, };

/**
 * The index methods.
 */
export type Method = "rsai" | "bmn" | "wrs" | "ars" | "cs";

/**
 * Index periods.
 */
export type Period = "annual" | "quarterly" | "monthly";

/**
 * Several sales of one property in one period.
 */
export type DedupeChoice = "keep_highest" | "none";

/**
 * The pair filters and their bounds. The three of the paper (same period,
 * CAGR, ratio) are switched on or off; the others are off while unset.
 */
export type Filters = { 
/**
 * Drop pairs less than one year apart.
 */
same_period: boolean, 
/**
 * Drop pairs whose compound annual growth is beyond ±`cagr_bound`.
 */
cagr: boolean, 
/**
 * Drop pairs whose price ratio is outside `ratio_low..=ratio_high`.
 */
ratio: boolean, 
/**
 * Drop pairs held fewer whole calendar months than this.
 */
min_holding_months: number | null, 
/**
 * The CAGR bound as a fraction (0.3 = ±30 % a year).
 */
cagr_bound: number, 
/**
 * What the CAGR's time is.
 */
cagr_time: CagrTime, 
/**
 * The smallest price ratio kept.
 */
ratio_low: number, 
/**
 * The largest price ratio kept.
 */
ratio_high: number, 
/**
 * Drop pairs with a sale below this price.
 */
price_floor: number | null, 
/**
 * Drop pairs with a sale above this price.
 */
price_ceiling: number | null, 
/**
 * Drop pairs whose annualised log return has a robust z-score beyond
 * ±this within its region and second-sale period.
 */
robust_z: number | null, };

/**
 * What a table export holds.
 */
export type What = "index" | "tracts" | "quality" | "evaluation";

/**
 * Which chart to draw.
 */
export type ChartKind = "index" | "appreciation" | "map" | "coverage";

/**
 * What a file holds.
 */
export type ImportKind = "transactions" | "tracts" | "attributes" | "groups" | "benchmark";

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
 * What the user could change about that problem.
 */
hints: Array<Hint>, 
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
 * Rows rejected (recorded when bad rows are skipped).
 */
rejected: number, 
/**
 * The first thousand rejected rows.
 */
issues: Array<RowIssue>, 
/**
 * What would let more rows through (how dates are written, …).
 */
hints: Array<Hint>, };

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
 * The method.
 */
method: Method, 
/**
 * The validated parameters.
 */
parameters: RunParameters, 
/**
 * SHA-256 over the imports it read.
 */
input_fingerprint: string, 
/**
 * Where it stands.
 */
status: RunStatus, 
/**
 * Duration in milliseconds, once finished.
 */
duration_ms: number | null, 
/**
 * Why it failed.
 */
error: string | null, 
/**
 * The confidence level of the bands stored with its index (RSAI's
 * bootstrap); `None` when it has none.
 */
band_level: number | null, };

/**
 * Where a run stands.
 */
export type RunStatus = "running" | "succeeded" | "failed" | "cancelled";

/**
 * The validated parameters a run was made with.
 */
export type RunParameters = RsaiParams | PooledParams | null;

/**
 * RSAI parameters as given; [`RsaiParams::check`] turns them into [`CheckedRsai`].
 */
export type RsaiParams = { 
/**
 * Base year (index 100).
 */
start: number, 
/**
 * Last year.
 */
end: number, 
/**
 * Half-pairs a supertract needs in `t` and in `t-1`.
 */
min_half_pairs: number, 
/**
 * Same-period rule.
 */
dedupe: Dedupe, 
/**
 * Pair filters.
 */
filters: Filters, 
/**
 * Keep CBSAs below the half-pair threshold.
 */
keep_small_cbsas: boolean, 
/**
 * The year of the static weights.
 */
static_year: number, 
/**
 * Weights to compute.
 */
weights: Array<Weight>, 
/**
 * Periodicity (RSAI accepts only annual).
 */
periodicity: Periodicity, 
/**
 * Groups of tracts the city indices are also aggregated to.
 */
aggregate?: Array<Aggregate>, 
/**
 * The order of a centred moving average that smooths every series, when asked for.
 */
smooth?: number | null, 
/**
 * Composites of regions added to the output.
 */
composites?: Array<Composite>, };

/**
 * Pooled-method parameters as given.
 */
export type PooledParams = { 
/**
 * BMN or WRS.
 */
method: PooledMethod, 
/**
 * Periods.
 */
periodicity: Periodicity, 
/**
 * First year of the output (its first period is 100).
 */
start: number, 
/**
 * Last year of the output.
 */
end: number, 
/**
 * Same-period rule.
 */
dedupe: Dedupe, 
/**
 * Pair filters.
 */
filters: Filters, 
/**
 * Least squares or robust (BMN and WRS's first stage).
 */
estimator: Estimator, 
/**
 * One index per region, or per price tier of each region.
 */
tiers: Tiers, 
/**
 * Seasonal adjustment of quarterly and monthly series (STL), when asked for.
 */
seasonal?: Seasonal | null, 
/**
 * The order of a centred moving average that smooths every series, when asked for.
 */
smooth?: number | null, 
/**
 * Composites of regions added to the output.
 */
composites?: Array<Composite>, };

/**
 * The pooled estimators.
 */
export type PooledMethod = "bmn" | "wrs" | "ars" | "cs";

/**
 * What to do with several sales of one property in one period.
 */
export type Dedupe = "none" | "keep-highest";

/**
 * How finely time is cut into index periods.
 */
export type Periodicity = "annual" | "quarterly" | "monthly";

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
note: string | null, 
/**
 * Standard error of ln(index); `None` where not computed or not recorded.
 */
se: number | null, 
/**
 * Lower end of the stored band (at the run's `band_level`).
 */
lower: number | null, 
/**
 * Upper end of the stored band.
 */
upper: number | null, 
/**
 * Standard error of the log change from the previous period.
 */
change_se: number | null, 
/**
 * Seasonally adjusted value, when the run asked for it.
 */
value_sa: number | null, 
/**
 * Smoothed value (centred moving average), when the run asked for it.
 */
value_smooth: number | null, };

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
 * What it held.
 */
kind: ImportKind, 
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
 * Rows rejected (recorded when bad rows are skipped).
 */
rows_rejected: number, };

/**
 * A benchmark as listed.
 */
export type Benchmark = { 
/**
 * Which one.
 */
key: BenchmarkKey, 
/**
 * The file it came from.
 */
file: string, 
/**
 * Regions it has values for.
 */
regions: number, 
/**
 * Values it holds (periods with a value, over all regions).
 */
values: number, 
/**
 * Its first period with a value (label).
 */
first: string, 
/**
 * Its last period with a value (label).
 */
last: string, };

/**
 * Which benchmark: an import, one of its series and periodicities.
 */
export type BenchmarkKey = { 
/**
 * The import that brought it.
 */
import_id: number, 
/**
 * The series (empty when the file has one).
 */
series: string, 
/**
 * Its periods.
 */
periodicity: Periodicity, };

/**
 * A run compared with a benchmark.
 */
export type Comparison = { 
/**
 * The run.
 */
run: number, 
/**
 * The benchmark.
 */
benchmark: Benchmark, 
/**
 * The run's series whose region the benchmark has.
 */
regions: Array<RegionComparison>, 
/**
 * The run's regions the benchmark does not have.
 */
unmatched: Array<string>, };

/**
 * One of the run's series against the benchmark's series of the same region.
 */
export type RegionComparison = { 
/**
 * The region, as both name it.
 */
region: string, 
/**
 * The RSAI weight of the run's series.
 */
weight: string | null, 
/**
 * How closely the run tracks the benchmark.
 */
tracking: Tracking, 
/**
 * The benchmark rebased, in the run's periods; empty when its periods are
 * coarser than the run's.
 */
overlay: Array<OverlayPoint>, };

/**
 * One period of a rebased benchmark.
 */
export type OverlayPoint = { 
/**
 * Absolute period number, in the run's periods.
 */
period: number, 
/**
 * Period label.
 */
label: string, 
/**
 * The benchmark, scaled to equal the run in the first period both have.
 */
value: number, };

/**
 * How closely a run's series tracks a benchmark's, over the periods both
 * have a value in.
 */
export type Tracking = { 
/**
 * The periods the two were compared in (the coarser of theirs).
 */
periodicity: Periodicity, 
/**
 * Periods both have a value in.
 */
periods: number, 
/**
 * The first of them (label).
 */
first: string | null, 
/**
 * The last of them (label).
 */
last: string | null, 
/**
 * Pearson correlation of the log returns ln(Iₜ/Iₜ₋₁) over the
 * consecutive periods both cover; `None` with fewer than three returns
 * or when one side does not move.
 */
return_correlation: number | null, 
/**
 * Returns the correlation is over.
 */
returns: number, 
/**
 * Root mean square of ln(aₜ/a₀) − ln(bₜ/b₀) over the common periods,
 * both rebased at the first of them (0 there); `None` with fewer than two.
 */
rms_log_difference: number | null, 
/**
 * Mean of |gₐ − g_b| in percentage points, g the growth over four
 * quarters (twelve months, one year): Iₜ/Iₜ₋ₚ − 1; `None` when no such
 * pair of periods is common.
 */
growth_difference: number | null, 
/**
 * Annual growth rates the mean is over.
 */
growths: number, };

/**
 * What the layout's descriptive columns say, and the base.
 */
export type FhfaLayout = { 
/**
 * `hpi_type` [default: traditional].
 */
hpi_type: string | null, 
/**
 * `hpi_flavor` [default: the method and weight: `rsai-value`, `bmn`, …].
 */
flavor: string | null, 
/**
 * The period every series is 100 in: one of the run's period labels, or
 * a year (100 = the mean of its periods) [default: the run's first period].
 */
base: string | null, };

/**
 * A run's quality report, as stored, exported and shown.
 */
export type QualityReport = { 
/**
 * The version of this report's shape.
 */
version: number, 
/**
 * The method.
 */
method: Method, 
/**
 * Per input file.
 */
inputs: Array<FileSummary>, 
/**
 * RSAI's report.
 */
rsai?: RsaiQuality | null, 
/**
 * The pooled methods' report.
 */
pooled?: PooledQuality | null, };

/**
 * What reading one file (or one import) found.
 */
export type FileSummary = { 
/**
 * The file as given.
 */
file: string, 
/**
 * What it holds.
 */
kind: ImportKind, 
/**
 * Data rows read.
 */
rows: number, 
/**
 * Rows accepted.
 */
accepted: number, 
/**
 * Rejected rows per kind of reason.
 */
rejected_by_reason: { [key in string]: number }, 
/**
 * Rejected rows, the first [`KEPT_ISSUES`].
 */
rejected: Array<RowIssue>, 
/**
 * What would let more rows through (how dates are written, …).
 */
hints?: Array<Hint>, };

/**
 * The quality report of an RSAI run.
 */
export type RsaiQuality = { 
/**
 * From sales to pairs.
 */
pairs: PairCounts, 
/**
 * Half-pair coverage per year.
 */
coverage: Array<YearCoverage>, 
/**
 * Per CBSA, sorted by name.
 */
cbsas: Array<CbsaQuality>, 
/**
 * For each attribute a requested weight needs: included tracts without any
 * observation of it (they count 0).
 */
tracts_without_attribute: { [key in string]: number }, 
/**
 * Distinct supertract regressions solved.
 */
regressions_solved: number, 
/**
 * Supertract-years that reused a regression of an identical supertract.
 */
regressions_reused: number, 
/**
 * The groups the city indices were also aggregated to, when asked for.
 */
aggregation?: AggregationQuality | null, 
/**
 * Composites of regions, when asked for: their shares and gaps.
 */
composites?: Array<CompositeQuality>, 
/**
 * Smoothing's order and the series it left alone, when asked for.
 */
smoothing?: SmoothingReport | null, };

/**
 * The quality report of a pooled run.
 */
export type PooledQuality = { 
/**
 * From sales to pairs.
 */
pairs: PairCounts, 
/**
 * Pairs per region.
 */
pairs_by_region: { [key in string]: number }, 
/**
 * Output periods without a value.
 */
missing_periods: Array<MissingPeriod>, 
/**
 * WRS second-stage coefficients per region (intercept, slope per period of gap).
 */
wrs_variance?: { [key in string]: [number, number] }, 
/**
 * Per region, the gaps (in periods) whose WRS weight was held at the floor
 * ([`WRS_VARIANCE_FLOOR`]): their fitted variance was positive but tiny.
 */
wrs_floored?: { [key in string]: Array<number> }, 
/**
 * Regions whose system could not be solved, and why: they have no
 * values, and every other region is computed as without them.
 */
unsolved?: { [key in string]: string }, 
/**
 * The robust estimator's fit per region (`--estimator robust`).
 */
robust?: { [key in string]: RobustFit }, 
/**
 * Per region split into price tiers, the first-sale prices between its tiers.
 */
tier_cuts?: { [key in string]: Array<number> }, 
/**
 * The analyst's pair weights, when the sales carried them.
 */
pair_weights?: PairWeights | null, 
/**
 * Seasonal adjustment's settings and the series it left alone, when asked for.
 */
seasonal?: SeasonalReport | null, 
/**
 * Composites of regions, when asked for: their shares and gaps.
 */
composites?: Array<CompositeQuality>, 
/**
 * Smoothing's order and the series it left alone, when asked for.
 */
smoothing?: SmoothingReport | null, };

/**
 * Counts from sales to pairs, for the quality report.
 */
export type PairCounts = { 
/**
 * Sales given.
 */
sales: number, 
/**
 * Distinct properties.
 */
properties: number, 
/**
 * Properties with one sale (after dedupe).
 */
single_sale_properties: number, 
/**
 * Sales removed by the same-period dedupe.
 */
removed_by_dedupe: number, 
/**
 * Consecutive pairs before any drop.
 */
candidate_pairs: number, 
/**
 * Pairs whose two sales lie in different tracts (RSAI) or regions (pooled).
 */
cross_unit_pairs: number, 
/**
 * Per filter, in the order applied.
 */
filters: Array<FilterCount>, 
/**
 * Pairs kept.
 */
pairs: number, };

/**
 * How many pairs one filter drops: on its own, and after the earlier filters.
 */
export type FilterCount = { 
/**
 * The filter.
 */
filter: PairFilter, 
/**
 * Whether the filter was applied.
 */
enabled: boolean, 
/**
 * Candidate pairs that fail it, whatever the other filters say.
 */
own: number, 
/**
 * Pairs it removed after the earlier filters ran (0 when disabled).
 */
sequential: number, };

/**
 * The pair filters, in the order they are applied.
 */
export type PairFilter = "same_period" | "holding_period" | "cagr" | "ratio" | "price" | "robust_z";

/**
 * How the CAGR filter measures the time between the two sales.
 */
export type CagrTime = "periods" | "days";

/**
 * How the log methods (BMN, WRS's first stage) fit their regression.
 */
export type Estimator = "least_squares" | "robust";

/**
 * How a robust fit went, for the quality report.
 */
export type RobustFit = { 
/**
 * Least-squares fits made, the first (OLS) included (statsmodels' `fit_history['iteration']`).
 */
iterations: number, 
/**
 * Whether the criterion settled before the iteration limit.
 */
converged: boolean, 
/**
 * The final scale: the MAD of the residuals about 0 / 0.6745.
 */
scale: number, 
/**
 * Pairs with a weight below 1 in the last fit.
 */
down_weighted: number, 
/**
 * Pairs fitted.
 */
pairs: number, };

/**
 * How a region's pairs are split into price tiers.
 */
export type Tiers = "none" | { "quantiles": number } | { "breakpoints": Array<number> };

/**
 * The analyst's pair weights (the transactions' `weight` column, each pair
 * taking its second sale's), as the pooled methods used them.
 */
export type PairWeights = { 
/**
 * Pairs weighted.
 */
pairs: number, 
/**
 * Of them, pairs of weight 0 (left out).
 */
zero: number, 
/**
 * Their mean weight.
 */
mean: number, };

/**
 * The quality report of one CBSA.
 */
export type CbsaQuality = { 
/**
 * CBSA name.
 */
cbsa: string, 
/**
 * Tracts taking part (with pairs or housing units).
 */
tracts: number, 
/**
 * City-wide half-pairs per year of the range, start first.
 */
half_pairs: Array<number>, 
/**
 * Whether the CBSA has an index.
 */
included: boolean, 
/**
 * Why it was left out.
 */
excluded_reason: string | null, 
/**
 * Supertract building per index year.
 */
years: Array<CbsaYear>, 
/**
 * Indices cut short.
 */
stops: Array<IndexStop>, };

/**
 * One CBSA-year of supertract building.
 */
export type CbsaYear = { 
/**
 * Index year `t`.
 */
year: number, 
/**
 * City-wide half-pairs in `t`.
 */
half_pairs: number, 
/**
 * Tracts short before merging.
 */
short_tracts: number, 
/**
 * Merges done.
 */
merges: number, 
/**
 * Merges because `t-1` and `t` were not connected.
 */
disconnected_merges: number, 
/**
 * Supertracts after merging.
 */
supertracts: number, 
/**
 * Supertracts without residual degrees of freedom of their own, whose
 * standard error of appreciation used the CBSA-year's pooled σ̂²;
 * `None` in reports saved before HPI Studio counted them.
 */
pooled_variance?: number | null, };

/**
 * An index that has no value from `year` on.
 */
export type IndexStop = { 
/**
 * The weight whose index stops.
 */
weight: Weight, 
/**
 * First year without a value.
 */
year: number, 
/**
 * Why.
 */
reason: string, };

/**
 * Half-pair coverage of one year over the included CBSAs.
 */
export type YearCoverage = { 
/**
 * Year.
 */
year: number, 
/**
 * Half-pairs.
 */
half_pairs: number, 
/**
 * Tracts taking part.
 */
tracts: number, 
/**
 * Tracts with at least the threshold of half-pairs on their own.
 */
tracts_at_threshold: number, };

/**
 * A period of the output without a value, and why.
 */
export type MissingPeriod = { 
/**
 * Region.
 */
region: string, 
/**
 * Period label.
 */
period: string, 
/**
 * Why.
 */
reason: string, };

/**
 * A titled section.
 */
export type Section = { 
/**
 * Its title.
 */
title: string, 
/**
 * Its content, in order.
 */
parts: Array<Part>, };

/**
 * A piece of a section.
 */
export type Part = { "kind": "figures", 
/**
 * The figures.
 */
figures: Array<Figure>, } | { "kind": "table", 
/**
 * Its columns.
 */
columns: Array<Column>, 
/**
 * Its rows, one cell per column.
 */
rows: Array<Array<Cell>>, } | { "kind": "note", 
/**
 * The sentence.
 */
text: string, };

/**
 * A labelled figure.
 */
export type Figure = { 
/**
 * What it counts.
 */
label: string, 
/**
 * The figure.
 */
value: Cell, };

/**
 * A column of a table.
 */
export type Column = { 
/**
 * Its title.
 */
title: string, 
/**
 * Whether its cells are numbers (right-aligned).
 */
numeric: boolean, };

/**
 * One cell or figure.
 */
export type Cell = { "kind": "text", "value": string } | { "kind": "count", "value": number } | { "kind": "percent", "value": number };

/**
 * Every series' diagnostics.
 */
export type Evaluation = { 
/**
 * The version of this shape; fields added later take their defaults.
 */
version: number, 
/**
 * In the order of the run's series.
 */
series: Array<SeriesEvaluation>, };

/**
 * The diagnostics of one index series.
 */
export type SeriesEvaluation = { 
/**
 * CBSA or region.
 */
region: string, 
/**
 * `rsai`, `bmn` or `wrs`.
 */
method: string, 
/**
 * The RSAI weight; `None` for pooled methods.
 */
weight: Weight | null, 
/**
 * Volatility.
 */
volatility: Volatility, 
/**
 * The index's log change per period with its standard error (for RSAI
 * the analytic per-year standard error of appreciation).
 */
appreciation: Array<PeriodChange>, 
/**
 * Accuracy.
 */
accuracy: AccuracySet, 
/**
 * Revision, when vintages were asked for.
 */
revision?: Revision | null, 
/**
 * The same measures of the smoothed series, when the run smoothed it.
 */
smoothed?: SmoothedEvaluation | null, };

/**
 * The rolling standard deviation of an index's period changes.
 */
export type Volatility = { 
/**
 * Changes per window.
 */
window: number, 
/**
 * Mean over the periods that have a value; `None` when none has.
 */
mean: number | null, 
/**
 * Median over the same periods.
 */
median: number | null, 
/**
 * Per period: the sample standard deviation of the window of changes centred on it.
 */
by_period: Array<PeriodValue>, };

/**
 * A figure for one period.
 */
export type PeriodValue = { 
/**
 * Period label, as in the index.
 */
period: string, 
/**
 * The figure.
 */
value: number, };

/**
 * Accuracy measured in the ways asked for.
 */
export type AccuracySet = { 
/**
 * Every pair of the run, predicted by the index made from them all.
 */
insample: Accuracy, 
/**
 * Each fold predicted by the index made without it.
 */
kfold?: KFoldAccuracy | null, 
/**
 * The pairs sold again in the period after each vintage, predicted by that
 * vintage's index held flat.
 */
forecast?: Accuracy | null, 
/**
 * In-sample and k-fold accuracy per period of the second sale.
 */
by_period: Array<PeriodAccuracy>, };

/**
 * How far the index's predictions of second sale prices fall from the prices.
 */
export type Accuracy = { 
/**
 * Pairs predicted (both periods have an index value).
 */
pairs: number, 
/**
 * Median absolute relative error, as a fraction (0.1 is 10 %).
 */
mdape: number | null, 
/**
 * Mean of ln(predicted) − ln(actual).
 */
mean_log_error: number | null, 
/**
 * Median of the same.
 */
median_log_error: number | null, 
/**
 * Share of pairs predicted within ±10 %, as a fraction.
 */
pe10: number | null, };

/**
 * Accuracy of each fold's pairs predicted by the index made without them.
 */
export type KFoldAccuracy = { 
/**
 * Folds.
 */
k: number, 
/**
 * Seed of the shuffle that made them.
 */
seed: number, 
/**
 * Pairs predicted (both periods have an index value).
 */
pairs: number, 
/**
 * Median absolute relative error, as a fraction (0.1 is 10 %).
 */
mdape: number | null, 
/**
 * Mean of ln(predicted) − ln(actual).
 */
mean_log_error: number | null, 
/**
 * Median of the same.
 */
median_log_error: number | null, 
/**
 * Share of pairs predicted within ±10 %, as a fraction.
 */
pe10: number | null, };

/**
 * How the index changes as later sales arrive.
 */
export type Revision = { 
/**
 * The first vintage's last period.
 */
first_vintage: string, 
/**
 * How many vintages there are.
 */
vintages: number, 
/**
 * Mean of the per-period means.
 */
mean: number | null, 
/**
 * Median of the per-period medians.
 */
median: number | null, 
/**
 * Per period revised at least once.
 */
by_period: Array<PeriodRevision>, 
/**
 * The vintages themselves.
 */
series: Array<Vintage>, };

/**
 * How much one period's value moved between consecutive vintages.
 */
export type PeriodRevision = { 
/**
 * Period label.
 */
period: string, 
/**
 * Mean revision, in index points.
 */
mean: number, 
/**
 * Median revision, in index points.
 */
median: number, };

/**
 * The index as it would have been published at the end of one period.
 */
export type Vintage = { 
/**
 * The last period whose sales it uses.
 */
last_period: string, 
/**
 * From the first period to `last_period`.
 */
index: Array<VintagePoint>, };

/**
 * One value of a vintage.
 */
export type VintagePoint = { 
/**
 * Period label.
 */
period: string, 
/**
 * The index as that vintage had it.
 */
index: number | null, };

/**
 * What an evaluation of a saved run asks for, as a front end collects it.
 */
export type EvaluateRequest = { 
/**
 * Periods in each volatility window (odd, at least 3).
 */
volatility_window: number, 
/**
 * Folds of k-fold accuracy; none for no k-fold.
 */
kfold: number | null, 
/**
 * Seed of the fold shuffle.
 */
seed: number, 
/**
 * The last period of the first vintage (`2012`, `2012-Q3`); none for no vintages.
 */
revision_from: string | null, };

/**
 * Accuracy of the pairs whose second sale is in one period.
 */
export type PeriodAccuracy = { 
/**
 * Period label of the second sale.
 */
period: string, 
/**
 * In sample.
 */
insample: Accuracy, 
/**
 * K-fold, when asked for.
 */
kfold?: Accuracy | null, };

/**
 * One period's change of the index and its standard error.
 */
export type PeriodChange = { 
/**
 * Period label.
 */
period: string, 
/**
 * ln(Iₜ/Iₜ₋₁), the log change from the previous period.
 */
change: number, 
/**
 * Its analytic standard error, where the fit has residual degrees of freedom.
 */
se: number | null, };

/**
 * STL as the analyst asks for it; `None` takes statsmodels' default for the period.
 */
export type Seasonal = { 
/**
 * Seasonal smoother's window, odd, at least 3 (default 7).
 */
seasonal: number, 
/**
 * Trend smoother's window, odd, above the period (default: the smallest odd integer at
 * least 1.5·np/(1 − 1.5/seasonal)).
 */
trend: number | null, 
/**
 * Low-pass filter's window, odd, above the period (default: the smallest odd integer above np).
 */
low_pass: number | null, 
/**
 * Degree (0 or 1) of the seasonal, trend and low-pass loess (default 1, 1, 1).
 */
degrees: [number, number, number], 
/**
 * Every how many points the seasonal, trend and low-pass loess are evaluated (default 1, 1, 1).
 */
jumps: [number, number, number], 
/**
 * Down-weight outliers with the outer loop.
 */
robust: boolean, 
/**
 * Passes of the inner loop (default 5; robust 2).
 */
inner: number | null, 
/**
 * Passes of the outer (robustness) loop (default 0; robust 15).
 */
outer: number | null, };

/**
 * Every STL setting of one run, as used.
 */
export type StlSettings = { 
/**
 * Periods in a year: 4 or 12.
 */
period: number, 
/**
 * Seasonal window.
 */
seasonal: number, 
/**
 * Trend window.
 */
trend: number, 
/**
 * Low-pass window.
 */
low_pass: number, 
/**
 * Seasonal, trend and low-pass degrees.
 */
degrees: [number, number, number], 
/**
 * Seasonal, trend and low-pass jumps.
 */
jumps: [number, number, number], 
/**
 * Robustness weights.
 */
robust: boolean, 
/**
 * Inner passes.
 */
inner: number, 
/**
 * Outer passes.
 */
outer: number, };

/**
 * What seasonal adjustment did in a run.
 */
export type SeasonalReport = { 
/**
 * The settings used.
 */
settings: StlSettings, 
/**
 * Series left unadjusted, and why.
 */
not_adjusted: Array<NotAdjusted>, };

/**
 * A series without a seasonally adjusted version.
 */
export type NotAdjusted = { 
/**
 * Region (or region and tier).
 */
region: string, 
/**
 * Why.
 */
reason: string, };

/**
 * A kind of group the RSAI city indices are also aggregated to.
 */
export type Aggregate = "state" | "county" | "nation" | "groups";

/**
 * The aggregation part of an RSAI quality report.
 */
export type AggregationQuality = { 
/**
 * The kinds aggregated to.
 */
kinds: Array<Aggregate>, 
/**
 * Tracts left out of states and counties because their ids are not GEOIDs.
 */
not_geoid?: NotGeoid | null, 
/**
 * Per group, in output order.
 */
groups: Array<GroupQuality>, };

/**
 * Tracts whose ids are not GEOIDs, when states or counties were asked for.
 */
export type NotGeoid = { 
/**
 * How many tracts taking part.
 */
tracts: number, 
/**
 * The first few, with the reason.
 */
examples: Array<string>, };

/**
 * The quality report of one aggregation group.
 */
export type GroupQuality = { 
/**
 * Its region name (`state:53`, `county:53033`, `nation:US`, `group:NAME`).
 */
region: string, 
/**
 * Its tracts taking part (with pairs or housing units).
 */
tracts: number, 
/**
 * The CBSAs they are in.
 */
cbsas: number, 
/**
 * CBSAs without a value, whose tracts in the group drop out.
 */
gaps: Array<GroupGap>, 
/**
 * Per year and weight where tracts dropped out, their share of the weight.
 */
dropped: Array<DroppedShare>, 
/**
 * Indices cut short.
 */
stops: Array<IndexStop>, };

/**
 * A CBSA whose tracts in a group have no appreciation from a year on.
 */
export type GroupGap = { 
/**
 * The CBSA.
 */
cbsa: string, 
/**
 * The group's tracts in it.
 */
tracts: number, 
/**
 * The weight whose city index stops; `None` when the CBSA was left out (every weight).
 */
weight: Weight | null, 
/**
 * First year the tracts drop out.
 */
from: number, };

/**
 * The share of a group's weight that dropped out in a year.
 */
export type DroppedShare = { 
/**
 * Year `t`.
 */
year: number, 
/**
 * Weight.
 */
weight: Weight, 
/**
 * Tracts dropped.
 */
tracts: number, 
/**
 * Their share of the group's total measure (0 when the measure was 0).
 */
share: number, };

/**
 * One composite a run adds to its output, as `composite:NAME`.
 */
export type Composite = { 
/**
 * Its name: letters, digits, `_`, `-`, `.` and spaces.
 */
name: string, 
/**
 * The regions it combines, as the run names them (CBSA codes, `state:53`, …).
 */
regions: Array<string>, 
/**
 * Their weights.
 */
weights: CompositeWeights, 
/**
 * How they are combined [default: chained].
 */
rule: CompositeRule, };

/**
 * How a composite combines its regions' indices.
 */
export type CompositeRule = "chained" | "levels";

/**
 * Where a composite's weights come from.
 */
export type CompositeWeights = "value" | { "given": { [key in string]: number } };

/**
 * How a composite was made, for the quality report.
 */
export type CompositeQuality = { 
/**
 * Its name.
 */
name: string, 
/**
 * Its rule.
 */
rule: CompositeRule, 
/**
 * `value` or `given`.
 */
weights_from: string, 
/**
 * Its regions and their shares.
 */
shares: Array<CompositeShare>, 
/**
 * Periods where some region had no value.
 */
gaps: Array<CompositeGap>, };

/**
 * A region's part in a composite.
 */
export type CompositeShare = { 
/**
 * Region.
 */
region: string, 
/**
 * Its weight as given or measured (sales value for `value`).
 */
weight: number, 
/**
 * Its share of the composite's total weight.
 */
share: number, };

/**
 * A period in which some of a composite's regions had no value.
 */
export type CompositeGap = { 
/**
 * Period label.
 */
period: string, 
/**
 * The RSAI weighting of the series; `None` for pooled methods.
 */
weight: Weight | null, 
/**
 * Regions left out of the period (chained) or that left it without a
 * value (levels).
 */
regions: Array<string>, 
/**
 * Their share of the composite's weight.
 */
share: number, };

/**
 * What smoothing did, for the quality report.
 */
export type SmoothingReport = { 
/**
 * Periods in the moving average.
 */
order: number, 
/**
 * Series without a smoothed value, with the reason.
 */
not_smoothed: Array<NotSmoothed>, };

/**
 * A series the smoothing left alone, and why.
 */
export type NotSmoothed = { 
/**
 * Region.
 */
region: string, 
/**
 * Why.
 */
reason: string, };

/**
 * Volatility and accuracy of a smoothed series (the folds' indices smoothed
 * as the run's was); forecast accuracy and revision are the index's own.
 */
export type SmoothedEvaluation = { 
/**
 * Periods in the moving average.
 */
order: number, 
/**
 * Volatility of the smoothed values.
 */
volatility: Volatility, 
/**
 * Accuracy of predicting each pair's second price with the smoothed values.
 */
accuracy: AccuracySet, };

/**
 * What importing a boundary file did.
 */
export type BoundaryReport = { 
/**
 * The file.
 */
file: string, 
/**
 * Its features (tracts) read.
 */
features: number, 
/**
 * Project tracts that now have an outline from this file.
 */
matched: number, 
/**
 * The file's tracts that are not in the project (the first twenty).
 */
not_in_project: Array<string>, 
/**
 * How many of the file's tracts are not in the project.
 */
not_in_project_count: number, 
/**
 * Project tracts without an outline after this import (the first twenty).
 */
without_boundary: Array<string>, 
/**
 * How many project tracts have no outline.
 */
without_boundary_count: number, 
/**
 * Points before simplifying.
 */
points_read: number, 
/**
 * Points stored.
 */
points_kept: number, };

/**
 * A tract as a map draws it.
 */
export type TractShape = { 
/**
 * Tract id.
 */
tract: string, 
/**
 * Its CBSA.
 */
cbsa: string, 
/**
 * Centroid latitude.
 */
lat: number, 
/**
 * Centroid longitude.
 */
lon: number, 
/**
 * Its outline's rings, each `[lon, lat, lon, lat, …]`; empty without a boundary import.
 */
rings: Array<Array<number>>, };

/**
 * The overview of a project's data.
 */
export type Overview = { 
/**
 * The years with sales, first to last.
 */
years: Array<number>, 
/**
 * The whole project, then each CBSA by name.
 */
counts: Array<YearCounts>, 
/**
 * Sales without a CBSA (nor a tract that names one).
 */
sales_without_cbsa: number, 
/**
 * The half-pair threshold a default RSAI run merges tracts below.
 */
threshold: number, };

/**
 * Sales and pairs of one CBSA (or of all) per year.
 */
export type YearCounts = { 
/**
 * The CBSA; `None`: the whole project.
 */
cbsa: string | null, 
/**
 * Tracts in it (of the tracts file).
 */
tracts: number, 
/**
 * Sales dated in each of [`Overview::years`].
 */
sales: Array<number>, 
/**
 * Repeat pairs (after the default filters) whose second sale is in each year.
 */
pairs: Array<number>, };

/**
 * One tract's half-pairs per year.
 */
export type TractCoverage = { 
/**
 * Tract.
 */
tract: string, 
/**
 * Half-pairs in each of [`Overview::years`]: pairs with a sale in that year.
 */
half_pairs: Array<number>, };

/** Every RSAI weighting scheme, in the paper's order (`Weight::ALL`). */
export const WEIGHTS: readonly Weight[] = ["sample", "value", "unit", "upb", "college", "nonwhite"];

/** How each weighting scheme is named and drawn (`Weight::title`, `Weight::colour`). */
export const WEIGHT_INFO: Record<Weight, { title: string; colour: string }> = {
  sample: { title: "Sample", colour: "#0072B2" },
  value: { title: "Value", colour: "#D55E00" },
  unit: { title: "Unit", colour: "#009E73" },
  upb: { title: "UPB", colour: "#E69F00" },
  college: { title: "College", colour: "#CC79A7" },
  nonwhite: { title: "Non-white", colour: "#56B4E9" },
};

/** Every method, in the order offered (`Method::ALL`). */
export const METHODS: readonly Method[] = ["rsai", "bmn", "wrs", "ars", "cs"];

/** How each method is named (`Method::title`, `Method::description`). */
export const METHOD_INFO: Record<Method, { title: string; description: string }> = {
  rsai: { title: "RSAI", description: "FHFA repeat-sales aggregation" },
  bmn: { title: "BMN", description: "pooled Bailey-Muth-Nourse" },
  wrs: { title: "WRS", description: "weighted repeat sales (Case-Shiller 1987, geometric)" },
  ars: { title: "ARS", description: "arithmetic value-weighted (Shiller 1991)" },
  cs: { title: "CS", description: "Case-Shiller arithmetic, interval- and value-weighted" },
};

/** The first and last year a run may start or end in (`INDEX_YEARS`). */
export const INDEX_YEARS = { first: 1800, last: 2200 } as const;

/** What a run takes when it is not told (`DEFAULT_MIN_HALF_PAIRS`, `DEFAULT_STATIC_YEAR`). */
export const DEFAULTS = { min_half_pairs: 40, static_year: 2010 } as const;

/** Each method's pair filters and bounds unless told otherwise (`Filters::default_for`). */
export const FILTERS_OF: Record<Method, Filters> = {
  rsai: {"same_period":true,"cagr":true,"ratio":true,"min_holding_months":null,"cagr_bound":0.3,"cagr_time":"periods","ratio_low":0.25,"ratio_high":10.0,"price_floor":null,"price_ceiling":null,"robust_z":null},
  bmn: {"same_period":false,"cagr":false,"ratio":false,"min_holding_months":null,"cagr_bound":0.3,"cagr_time":"periods","ratio_low":0.25,"ratio_high":10.0,"price_floor":null,"price_ceiling":null,"robust_z":null},
  wrs: {"same_period":false,"cagr":false,"ratio":false,"min_holding_months":null,"cagr_bound":0.3,"cagr_time":"periods","ratio_low":0.25,"ratio_high":10.0,"price_floor":null,"price_ceiling":null,"robust_z":null},
  ars: {"same_period":false,"cagr":false,"ratio":false,"min_holding_months":null,"cagr_bound":0.3,"cagr_time":"periods","ratio_low":0.25,"ratio_high":10.0,"price_floor":null,"price_ceiling":null,"robust_z":null},
  cs: {"same_period":false,"cagr":false,"ratio":false,"min_holding_months":null,"cagr_bound":0.3,"cagr_time":"periods","ratio_low":0.25,"ratio_high":10.0,"price_floor":null,"price_ceiling":null,"robust_z":null},
};

/** The confidence levels offered for bands, with their normal quantiles (`BAND_LEVELS`, `Bands::z`). */
export const BAND_LEVELS: readonly { level: number; z: number }[] = [{ level: 0.9, z: 1.6448536269514724 }, { level: 0.95, z: 1.9599639845400538 }, { level: 0.99, z: 2.575829303548901 }];
