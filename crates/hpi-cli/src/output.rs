//! Result files: the formats of the command line, and the index as a table for people.

use crate::error::CliError;
use clap::ValueEnum;
pub use hpi_usecases::export::{index_table, tract_table};
use hpi_usecases::model::{IndexSeries, ReportError, Table};
use hpi_usecases::UsecaseError;

/// Output file formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Comma-separated text.
    Csv,
    /// A JSON array of row objects.
    Json,
    /// Apache Parquet.
    Parquet,
    /// Excel workbook.
    Xlsx,
    /// A table for people: one row per period, one column per weight (city index only).
    Table,
}

impl Format {
    /// The format named by a file's extension, else CSV.
    pub fn for_path(path: &str) -> Format {
        match hpi_usecases::model::Format::for_path(path) {
            hpi_usecases::model::Format::Json => Format::Json,
            hpi_usecases::model::Format::Parquet => Format::Parquet,
            hpi_usecases::model::Format::Xlsx => Format::Xlsx,
            hpi_usecases::model::Format::Csv => Format::Csv,
        }
    }
}

impl Format {
    /// The file format; `table` is only for the city index on the terminal.
    pub fn for_files(self) -> Result<hpi_usecases::model::Format, CliError> {
        Ok(match self {
            Format::Csv => hpi_usecases::model::Format::Csv,
            Format::Json => hpi_usecases::model::Format::Json,
            Format::Parquet => hpi_usecases::model::Format::Parquet,
            Format::Xlsx => hpi_usecases::model::Format::Xlsx,
            Format::Table => return Err(CliError::Usage("--format table is for the city index only".into())),
        })
    }
}

/// Writes `table` to `path` (`-` is standard output, CSV or JSON only).
pub fn write_table(table: &Table, path: &str, format: Format) -> Result<(), CliError> {
    let format = format.for_files()?;
    hpi_usecases::export::write_table(table, path, format).map_err(|e| match e {
        UsecaseError::Report(ReportError::Unsupported(m)) => CliError::Usage(m),
        other => CliError::Write { path: path.to_owned(), message: other.to_string() },
    })
}

fn column_title(series: &IndexSeries) -> String {
    hpi_usecases::export::title_of(series.weight.map_or(series.method, |w| w.name()))
}

/// The city indices as text for people: per region, one row per period and
/// one column per weight (and one per seasonally adjusted series, `… SA`),
/// to one decimal, `—` where there is no value.
pub fn index_text(series: &[IndexSeries]) -> String {
    let mut out = String::new();
    let mut regions: Vec<&str> = series.iter().map(|s| s.region.as_str()).collect();
    regions.dedup();
    for region in regions {
        let group: Vec<&IndexSeries> = series.iter().filter(|s| s.region == region).collect();
        let method = group[0].method.to_uppercase();
        out += &format!("{region} ({method}, {} = 100)\n", group[0].points[0].label);
        let adjusted: Vec<&&IndexSeries> =
            group.iter().filter(|s| s.points.iter().any(|p| p.index_sa.is_some())).collect();
        out += &format!("{:<9}", "period");
        for s in &group {
            out += &format!("{:>11}", column_title(s));
        }
        for s in &adjusted {
            out += &format!("{:>11}", format!("{} SA", column_title(s)));
        }
        out += "\n";
        let cell = |v: Option<f64>| v.map_or("—".to_owned(), |v| format!("{v:.1}"));
        for (k, p) in group[0].points.iter().enumerate() {
            out += &format!("{:<9}", p.label);
            for s in &group {
                out += &format!("{:>11}", cell(s.points[k].index));
            }
            for s in &adjusted {
                out += &format!("{:>11}", cell(s.points[k].index_sa));
            }
            out += "\n";
        }
        out += "\n";
    }
    out
}

/// A count with thousand separators.
pub fn n(value: u64) -> String {
    hpi_usecases::export::thousands(value as i64)
}
