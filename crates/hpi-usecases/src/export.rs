//! Saved runs leaving the project: tables as CSV, Excel, Parquet or JSON,
//! reports as HTML or PDF, charts as SVG or PNG.

use crate::UsecaseError;
use hpi_report::report::{ReportInput, RunData};
use hpi_report::{Format, Table};
use hpi_store::Project;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// What a table export holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum What {
    /// The city index.
    Index,
    /// The tract panel.
    Tracts,
    /// The quality report.
    Quality,
    /// The diagnostics of `hpi evaluate`.
    Evaluation,
}

/// A run's quality report as JSON text (`null` when the run has none).
pub fn quality_json(project: &Project, run: i64) -> Result<String, UsecaseError> {
    Ok(serde_json::to_string(&project.run_quality(run)?).expect("a quality report serializes"))
}

/// A run's evaluation as JSON text (`null` when it was not evaluated).
pub fn evaluation_json(project: &Project, run: i64) -> Result<String, UsecaseError> {
    Ok(serde_json::to_string(&project.run_evaluation(run)?).expect("an evaluation serializes"))
}

/// A run's index, tract panel, quality report or evaluation as a table; the
/// reports become one `item,value` row per figure (none when there is no report).
pub fn run_table(project: &Project, run: i64, what: What) -> Result<Table, UsecaseError> {
    Ok(match what {
        What::Index => hpi_report::stored_index_table(project.run(run)?.method, &project.run_index(run)?, None),
        What::Tracts => hpi_report::stored_tract_table(&project.run_tracts(run, None)?),
        What::Quality => hpi_report::quality_table(project.run_quality(run)?.as_ref()),
        What::Evaluation => match project.run_evaluation(run)? {
            Some(e) => hpi_report::evaluation_table(&e),
            None => hpi_report::quality_table(None),
        },
    })
}

/// Writes a saved run's city index with `se,lower,upper` at `bands`' level to
/// `path`. A run whose stored bands (RSAI's bootstrap) have another level, or
/// that has no standard errors at all, is refused rather than exported half.
pub fn export_index_with_bands(
    project: &Project,
    run: i64,
    bands: hpi_engine::Bands,
    format: Format,
    path: &str,
) -> Result<(), UsecaseError> {
    hpi_report::write_table(&index_with_bands(project, run, bands)?, path, format)?;
    Ok(())
}

/// A saved run's city index with `se,lower,upper` at `bands`' level; refused
/// as [`export_index_with_bands`] refuses it.
pub fn index_with_bands(project: &Project, run: i64, bands: hpi_engine::Bands) -> Result<Table, UsecaseError> {
    let record = project.run(run)?;
    let rows = project.run_index(run)?;
    if rows.iter().any(|r| r.lower.is_some()) && record.band_level != Some(bands.level()) {
        let stored = record.band_level.map_or_else(|| "another level".to_owned(), |l| l.to_string());
        return Err(UsecaseError::InvalidRequest(format!(
            "run {run}'s bands were computed at {stored}; ask for that level, or calculate again at {}",
            bands.level()
        )));
    }
    if !rows.iter().any(|r| r.se.is_some()) {
        return Err(UsecaseError::InvalidRequest(format!(
            "run {run} has no standard errors (RSAI's come from a bootstrap: calculate it with --intervals)"
        )));
    }
    Ok(hpi_report::stored_index_table(record.method, &rows, Some(bands)))
}

/// Writes a saved run's city index in the column layout of FHFA's HPI
/// master file to `path`, every series 100 in `layout.base`. Returns the
/// series left without values because they have none in the base period.
pub fn export_fhfa(
    project: &Project,
    run: i64,
    layout: &hpi_report::publication::FhfaLayout,
    format: Format,
    path: &str,
) -> Result<Vec<String>, UsecaseError> {
    let record = project.run(run)?;
    let rows = project.run_index(run)?;
    let periodicity = rows
        .first()
        .and_then(|r| hpi_engine::Periodicity::of_label(&r.label))
        .ok_or_else(|| UsecaseError::InvalidRequest(format!("run {run} has no index to export")))?;
    let base = match layout.base.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        None => None,
        Some(label) => {
            let base = hpi_report::publication::base(label, periodicity).ok_or_else(|| {
                UsecaseError::InvalidRequest(format!(
                    "base '{label}' is not a {} period or a year (write it as {} or {})",
                    periodicity.name(),
                    periodicity.label(periodicity.first_of_year(2000)),
                    2000
                ))
            })?;
            if !rows.iter().any(|r| base.periods.contains(&r.period)) {
                return Err(UsecaseError::InvalidRequest(format!(
                    "base '{label}' is outside run {run}'s periods ({} to {})",
                    rows.first().map_or("", |r| r.label.as_str()),
                    rows.last().map_or("", |r| r.label.as_str())
                )));
            }
            Some(base)
        }
    };
    let (table, unbased) =
        hpi_report::publication::fhfa_table(record.method, periodicity, &rows, layout, base.as_ref());
    hpi_report::write_table(&table, path, format)?;
    if !unbased.is_empty() {
        log::warn!("run {run}: no value in the base period for {}", unbased.join(", "));
    }
    Ok(unbased)
}

/// Writes a run's table to `path` (`-`: standard output, CSV or JSON). The
/// quality report and the evaluation in JSON are written as themselves.
pub fn export_run(project: &Project, run: i64, what: What, format: Format, path: &str) -> Result<(), UsecaseError> {
    if let Some(report) = report_json(project, run, what, format)? {
        if path == "-" {
            println!("{report}");
            return Ok(());
        }
        return Ok(hpi_report::write_file(Path::new(path), report.as_bytes())?);
    }
    hpi_report::write_table(&run_table(project, run, what)?, path, format)?;
    log::info!("exported run {run} ({what:?}) to {path}");
    Ok(())
}

/// The bytes [`export_run`] writes to a file, in memory (a server's download).
pub fn run_bytes(project: &Project, run: i64, what: What, format: Format) -> Result<Vec<u8>, UsecaseError> {
    if let Some(report) = report_json(project, run, what, format)? {
        return Ok(report.into_bytes());
    }
    Ok(hpi_report::table_bytes(&run_table(project, run, what)?, format, &format!("run {run}'s {what:?}"))?)
}

/// Saves `bytes` (a file downloaded from a server) at `path` as `export_run` saves its
/// files: its folder made if missing, the file replaced whole or not at all.
pub fn save_file(path: &Path, bytes: &[u8]) -> Result<(), UsecaseError> {
    make_folder_of(path)?;
    Ok(hpi_report::write_file(path, bytes)?)
}

/// Makes the folder `path` is to be written in, if missing.
pub(crate) fn make_folder_of(path: &Path) -> Result<(), UsecaseError> {
    match path.parent().filter(|f| !f.as_os_str().is_empty()) {
        Some(folder) => std::fs::create_dir_all(folder)
            .map_err(|e| UsecaseError::InvalidRequest(format!("cannot make the folder {}: {e}", folder.display()))),
        None => Ok(()),
    }
}

/// The quality report and the diagnostics are written as their JSON, not as a table.
fn report_json(project: &Project, run: i64, what: What, format: Format) -> Result<Option<String>, UsecaseError> {
    Ok(match (what, format) {
        (What::Quality, Format::Json) => Some(quality_json(project, run)?),
        (What::Evaluation, Format::Json) => Some(evaluation_json(project, run)?),
        _ => None,
    })
}

/// What a report shows: the runs (the first is the main one) with their
/// tract panels, the project's imports and the time.
pub fn report_input(project: &Project, name: &str, runs: &[i64]) -> Result<ReportInput, UsecaseError> {
    runs_input(project, name, runs, true)
}

/// A report's runs with the main one compared with `benchmark`.
pub fn report_with_benchmark(
    project: &Project,
    name: &str,
    runs: &[i64],
    benchmark: Option<&hpi_store::benchmarks::BenchmarkKey>,
) -> Result<ReportInput, UsecaseError> {
    let mut input = report_input(project, name, runs)?;
    if let (Some(key), Some(&main)) = (benchmark, runs.first()) {
        input.benchmark = Some(crate::compare::compare(project, main, key)?);
    }
    Ok(input)
}

/// The runs with or without their tract panels (index charts need none).
fn runs_input(project: &Project, name: &str, runs: &[i64], tracts: bool) -> Result<ReportInput, UsecaseError> {
    let mut data = Vec::new();
    for &id in runs {
        let quality = project.run_quality(id)?;
        let record = project.run(id)?;
        let tracts = if tracts && record.method.is_rsai() { project.run_tracts(id, None)? } else { Vec::new() };
        let evaluation = project.run_evaluation(id)?;
        data.push(RunData { index: project.run_index(id)?, quality, tracts, record, evaluation });
    }
    Ok(ReportInput {
        project: name.to_owned(),
        runs: data,
        imports: project.imports()?,
        generated_at: hpi_store::now(),
        app_version: hpi_store::APP_VERSION.into(),
        benchmark: None,
    })
}

/// The name a project is shown by: its file name.
pub fn project_name(path: &Path) -> String {
    crate::project::name(path)
}

pub use hpi_report::report::{thousands, title_of};

/// A comparison's tracking figures, one row per region and weight.
pub fn tracking_table(comparison: &hpi_report::benchmark::Comparison) -> Table {
    hpi_report::benchmark::tracking_table(comparison)
}

/// The city index of a run just computed, as `region,method,weight,period,index`,
/// with `se,lower,upper` when `bands` are asked for.
pub fn index_table(series: &[hpi_engine::IndexSeries], bands: Option<hpi_engine::Bands>) -> Table {
    hpi_report::index_table(series, bands)
}

/// The RSAI tract panel of a run just computed.
pub fn tract_table(series: &[hpi_engine::TractSeries]) -> Table {
    hpi_report::tract_table(series)
}

/// An evaluation as `item,value` rows, as `hpi evaluate` writes it outside JSON.
pub fn evaluation_table(evaluation: &hpi_engine::Evaluation) -> Table {
    hpi_report::evaluation_table(evaluation)
}

/// Writes a table to `path` (`-`: standard output, CSV or JSON only).
pub fn write_table(table: &Table, path: &str, format: Format) -> Result<(), UsecaseError> {
    Ok(hpi_report::write_table(table, path, format)?)
}

/// Writes `bytes` to `path` whole or not at all (through a file renamed into place).
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), UsecaseError> {
    Ok(hpi_report::write_file(path, bytes)?)
}

/// A saved run's city index as a table.
pub fn stored_index_table(project: &Project, run: i64) -> Result<Table, UsecaseError> {
    run_table(project, run, What::Index)
}

/// The format of a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    /// One self-contained HTML file (inline styles and charts, no external references).
    Html,
    /// PDF, A4, typeset offline with embedded fonts.
    Pdf,
}

/// Writes a report of `runs` (a comparison when there are several), the
/// main one compared with `benchmark` when one is named.
pub fn write_report(
    project: &Project,
    name: &str,
    runs: &[i64],
    benchmark: Option<&hpi_store::benchmarks::BenchmarkKey>,
    format: ReportFormat,
    path: &Path,
) -> Result<(), UsecaseError> {
    let input = report_with_benchmark(project, name, runs, benchmark)?;
    let bytes = match format {
        ReportFormat::Html => hpi_report::html::html_report(&input)?.into_bytes(),
        ReportFormat::Pdf => hpi_report::pdf::pdf_report(&input)?,
    };
    hpi_report::write_file(path, &bytes)?;
    log::info!("wrote a {format:?} report of runs {runs:?} to {}", path.display());
    Ok(())
}

/// Which chart to draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum ChartKind {
    /// Index levels, one line per weight (and run).
    Index,
    /// Appreciation on the previous period, in percent, as bars.
    Appreciation,
    /// Tract centroids coloured by cumulative appreciation (RSAI runs).
    Map,
    /// Half-pairs per tract and year as a heat map (RSAI runs).
    Coverage,
}

/// The tract map of an RSAI run's region: each tract's appreciation from
/// the first to the last year of its panel.
fn tract_map(project: &Project, run: i64, region: Option<&str>) -> Result<hpi_report::map::MapData, UsecaseError> {
    let rows = project.run_tracts(run, region)?;
    let cbsa = match region {
        Some(r) => r.to_owned(),
        None => rows.first().map(|r| r.cbsa.clone()).ok_or_else(|| {
            UsecaseError::InvalidRequest(format!("run {run} has no tract panel; tract maps need an RSAI run"))
        })?,
    };
    let mut span: std::collections::HashMap<&str, (i64, f64, i64, f64)> = std::collections::HashMap::new();
    for r in rows.iter().filter(|r| r.cbsa == cbsa) {
        if let Some(v) = r.value {
            let e = span.entry(r.tract.as_str()).or_insert((r.year, v, r.year, v));
            if r.year < e.0 {
                (e.0, e.1) = (r.year, v);
            }
            if r.year > e.2 {
                (e.2, e.3) = (r.year, v);
            }
        }
    }
    let points: Vec<_> = hpi_store::boundaries::tract_shapes(project, Some(&cbsa))?
        .into_iter()
        .map(|c| hpi_report::map::TractPoint {
            change: span.get(c.tract.as_str()).map(|s| (s.3 / s.1 - 1.0) * 100.0),
            tract: c.tract,
            lat: c.lat,
            lon: c.lon,
            rings: c.rings,
        })
        .collect();
    if points.is_empty() {
        return Err(UsecaseError::InvalidRequest(format!("no tracts of CBSA {cbsa} in this project")));
    }
    let years = rows.iter().map(|r| r.year);
    let (first, last) = (years.clone().min().unwrap_or_default(), years.max().unwrap_or_default());
    Ok(hpi_report::map::MapData {
        title: format!("CBSA {cbsa}: tract appreciation {first}–{last}"),
        points,
        source: format!("RSAI run {run} (tract panel), HPI Studio {}", hpi_store::APP_VERSION),
    })
}

/// The half-pair coverage of an RSAI run's region (default: its first).
fn coverage(
    project: &Project,
    run: i64,
    region: Option<&str>,
) -> Result<hpi_report::coverage::CoverageData, UsecaseError> {
    let rows = project.run_tracts(run, region)?;
    let Some(cbsa) = region.map(str::to_owned).or_else(|| rows.first().map(|r| r.cbsa.clone())) else {
        return Err(UsecaseError::InvalidRequest(format!(
            "run {run} has no tract panel{}; coverage maps need an RSAI run",
            region.map(|r| format!(" for CBSA {r}")).unwrap_or_default()
        )));
    };
    if rows.is_empty() {
        return Err(UsecaseError::InvalidRequest(format!("run {run} has no tracts in CBSA {cbsa}")));
    }
    Ok(hpi_report::report::coverage_of(&project.run(run)?, &rows, &cbsa, hpi_store::APP_VERSION))
}

/// Draws one region's chart of `runs` to `path`: `.png` at print
/// resolution, anything else as SVG. `region` defaults to the first.
pub fn write_chart(
    project: &Project,
    name: &str,
    runs: &[i64],
    region: Option<&str>,
    benchmark: Option<&hpi_store::benchmarks::BenchmarkKey>,
    kind: ChartKind,
    path: &Path,
) -> Result<(), UsecaseError> {
    use hpi_report::chart::save;
    let run = runs.first().copied().unwrap_or_default();
    match kind {
        ChartKind::Coverage => return Ok(save(&coverage(project, run, region)?, path)?),
        ChartKind::Map => return Ok(save(&tract_map(project, run, region)?, path)?),
        ChartKind::Index | ChartKind::Appreciation => {}
    }
    let mut input = runs_input(project, name, runs, false)?;
    if let Some(key) = benchmark {
        input.benchmark = Some(crate::compare::compare(project, run, key)?);
    }
    let charts = hpi_report::report::region_charts(&input);
    let chosen = match region {
        Some(r) => charts.iter().find(|c| c.region == r),
        None => charts.first(),
    }
    .ok_or_else(|| {
        let names: Vec<&str> = charts.iter().map(|c| c.region.as_str()).collect();
        UsecaseError::InvalidRequest(format!(
            "no region {:?} in run {run}; it has: {}",
            region.unwrap_or(""),
            names.join(", ")
        ))
    })?;
    let bars = kind == ChartKind::Appreciation;
    Ok(hpi_report::chart::save_chart(if bars { &chosen.change } else { &chosen.level }, bars, path)?)
}
