//! Result files: the formats of the command line, and the index as a table for people.

use crate::error::CliError;
use clap::ValueEnum;
pub use hpi_usecases::export::{index_table, tract_table};
use hpi_usecases::model::{IndexPoint, IndexSeries, ReportError, Table};
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
/// one column per weight (and one per seasonally adjusted series, `… SA`,
/// and per smoothed series, `… smoothed`), to one decimal, `—` where there
/// is no value.
pub fn index_text(series: &[IndexSeries]) -> String {
    type Value = fn(&IndexPoint) -> Option<f64>;
    let mut out = String::new();
    let mut regions: Vec<&str> = series.iter().map(|s| s.region.as_str()).collect();
    regions.dedup();
    for region in regions {
        let group: Vec<&IndexSeries> = series.iter().filter(|s| s.region == region).collect();
        let method = group[0].method.to_uppercase();
        out += &format!("{region} ({method}, {} = 100)\n", group[0].points[0].label);
        let kinds: [(&str, Value); 3] = [("", |p| p.index), (" SA", |p| p.index_sa), (" smoothed", |p| p.index_smooth)];
        let columns: Vec<(String, &IndexSeries, Value)> = kinds
            .iter()
            .flat_map(|&(suffix, value)| {
                group
                    .iter()
                    .filter(move |s| suffix.is_empty() || s.points.iter().any(|p| value(p).is_some()))
                    .map(move |s| (format!("{}{suffix}", column_title(s)), *s, value))
            })
            .collect();
        let width = |title: &str| (title.chars().count() + 2).max(11);
        out += &format!("{:<9}", "period");
        for (title, _, _) in &columns {
            out += &format!("{title:>w$}", w = width(title));
        }
        out += "\n";
        let cell = |v: Option<f64>| v.map_or("—".to_owned(), |v| format!("{v:.1}"));
        for (k, p) in group[0].points.iter().enumerate() {
            out += &format!("{:<9}", p.label);
            for (title, s, value) in &columns {
                out += &format!("{:>w$}", cell(value(&s.points[k])), w = width(title));
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
