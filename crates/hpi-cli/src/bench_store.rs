//! `hpi bench --suite store`: import throughput for CSV and Parquet, the time
//! to load a project's transactions into the engine against a bare scan, and
//! the RSAI run of `hpi bench` from the project (saved in it) against the same
//! run from the CSV files.

use crate::bench::{ensure_data, peak_mib, reset_peak, BenchArgs};
use crate::error::CliError;
use crate::output::n;
use hpi_usecases::model::{ImportKind, ImportOptions, Project};
use hpi_usecases::{import, project, Method, RunRequest};
use polars::prelude::{Column, DataFrame, ParquetWriter};
use serde::Serialize;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

/// The figures of the store benchmark.
#[derive(Serialize, Debug)]
pub struct StoreBenchReport {
    /// Rows imported.
    pub rows: u64,
    /// (format, seconds, rows per second, peak MiB) per import.
    pub imports: Vec<(String, f64, f64, f64)>,
    /// Seconds to load the project's sales, tracts and attributes into engine tables.
    pub load_seconds: f64,
    /// Seconds of `SELECT` over the same transactions, reading every column.
    pub scan_seconds: f64,
    /// `load_seconds / scan_seconds`.
    pub load_ratio: f64,
    /// Seconds of `hpi bench`'s RSAI run from the CSV files: read, compute, write
    /// the index and tract panel.
    pub csv_run_seconds: f64,
    /// Seconds of the same run from the project: load, compute, save it in the project.
    pub project_run_seconds: f64,
    /// Bytes the saved run added to the project.
    pub saved_run_bytes: u64,
    /// `project_run_seconds / csv_run_seconds`.
    pub run_ratio: f64,
}

fn fresh_project(path: &Path) -> Result<Project, CliError> {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    Ok(project::create(path)?)
}

fn write_parquet(csv: &Path, out: &Path) -> Result<(), CliError> {
    let read_err =
        |e: csv::Error| CliError::BadInput { file: csv.display().to_string(), line: 0, message: e.to_string() };
    let mut reader = csv::Reader::from_path(csv).map_err(read_err)?;
    let (mut property, mut date, mut price, mut tract, mut cbsa) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for record in reader.records() {
        let r = record.map_err(read_err)?;
        property.push(r[0].to_owned());
        date.push(r[1].to_owned());
        price.push(r[2].parse::<f64>().unwrap_or(f64::NAN));
        tract.push(r[3].to_owned());
        cbsa.push(r[4].to_owned());
    }
    let mut frame = DataFrame::new(vec![
        Column::new("property_id".into(), property),
        Column::new("sale_date".into(), date),
        Column::new("price".into(), price),
        Column::new("tract".into(), tract),
        Column::new("cbsa".into(), cbsa),
    ])
    .map_err(|e| CliError::write(&out.display().to_string(), e))?;
    let file = std::fs::File::create(out).map_err(|e| CliError::write(&out.display().to_string(), e))?;
    ParquetWriter::new(file).finish(&mut frame).map_err(|e| CliError::write(&out.display().to_string(), e))?;
    Ok(())
}

fn timed_import(project: &mut Project, file: &Path, kind: ImportKind) -> Result<(u64, f64, f64), CliError> {
    reset_peak();
    let start = Instant::now();
    let report = import::import(project, file, kind, &ImportOptions::default(), &mut |_| {})?;
    Ok((report.accepted, start.elapsed().as_secs_f64(), peak_mib()))
}

/// Runs the store benchmark.
pub fn bench_store(args: &BenchArgs) -> Result<StoreBenchReport, CliError> {
    let dir = ensure_data(args)?;
    let csv = dir.join("transactions.csv");
    let parquet = dir.join("transactions.parquet");
    if !parquet.exists() {
        eprintln!("writing {}", parquet.display());
        write_parquet(&csv, &parquet)?;
    }
    let mut imports = Vec::new();
    let mut from_csv = fresh_project(&dir.join("bench-csv.hpiproj"))?;
    let (rows, secs, peak) = timed_import(&mut from_csv, &csv, ImportKind::Transactions)?;
    imports.push(("csv".to_owned(), secs, rows as f64 / secs, peak));
    for (file, kind) in [("tracts.csv", ImportKind::Tracts), ("attributes.csv", ImportKind::Attributes)] {
        import::import(&mut from_csv, &dir.join(file), kind, &ImportOptions::default(), &mut |_| {})?;
    }
    let mut from_parquet = fresh_project(&dir.join("bench-parquet.hpiproj"))?;
    let (parquet_rows, secs, peak) = timed_import(&mut from_parquet, &parquet, ImportKind::Transactions)?;
    imports.push(("parquet".to_owned(), secs, parquet_rows as f64 / secs, peak));
    drop(from_parquet);

    let start = Instant::now();
    let rsai = RunRequest::new(Method::Rsai, 2000, 2001).check()?;
    let loaded = hpi_usecases::load_project(&from_csv, &rsai)?;
    let load_seconds = start.elapsed().as_secs_f64();
    let loaded_rows = loaded.sales.len();
    drop(loaded);
    let scan_seconds = from_csv.scan_transactions()?;
    debug_assert_eq!(loaded_rows as u64, rows);

    let csv_run_seconds = crate::bench::bench(args)?.total_seconds;
    let checked = crate::bench::rsai_args(args, &dir).check()?;
    let size_before = from_csv.size()?;
    let start = Instant::now();
    hpi_usecases::calculate_in_project(&mut from_csv, &checked, &|_| {}, &AtomicBool::new(false))?;
    let project_run_seconds = start.elapsed().as_secs_f64();
    let saved_run_bytes = from_csv.size()?.saturating_sub(size_before);
    Ok(StoreBenchReport {
        rows,
        imports,
        load_seconds,
        scan_seconds,
        load_ratio: load_seconds / scan_seconds,
        csv_run_seconds,
        project_run_seconds,
        saved_run_bytes,
        run_ratio: project_run_seconds / csv_run_seconds,
    })
}

impl StoreBenchReport {
    /// The figures as a table for people.
    pub fn to_text(&self) -> String {
        let mut s = format!("Project files: {} transactions\n", n(self.rows));
        for (format, secs, rate, peak) in &self.imports {
            s += &format!("  import {format:<8} {secs:>8.2} s  {:>12} rows/s  peak {peak:.0} MiB\n", n(*rate as u64));
        }
        s += &format!("  load into engine {:>8.2} s\n", self.load_seconds);
        s += &format!("  bare SELECT scan {:>8.2} s\n", self.scan_seconds);
        s += &format!("  ratio load / scan {:>7.2}\n", self.load_ratio);
        s += &format!(
            "  RSAI run from the CSV files {:>8.2} s  (read, compute, write index and tract panel)\n",
            self.csv_run_seconds
        );
        s += &format!(
            "  RSAI run from the project   {:>8.2} s  (load, compute, save: {:.1} MB more in the project)\n",
            self.project_run_seconds,
            self.saved_run_bytes as f64 / 1e6
        );
        s += &format!("  ratio project / CSV run {:>11.2}\n", self.run_ratio);
        s
    }
}
