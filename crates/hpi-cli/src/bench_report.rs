//! `hpi bench --suite report`: an HTML and a PDF report of one saved RSAI
//! run, timed against reading what they show from the project.

use crate::bench::{ensure_data, BenchArgs};
use crate::error::CliError;
use hpi_usecases::export::{self, ReportFormat};
use hpi_usecases::model::{ImportKind, ImportOptions};
use hpi_usecases::{import, project};
use serde::Serialize;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

/// The figures of the report benchmark.
#[derive(Serialize, Debug)]
pub struct ReportBenchReport {
    /// Regions (CBSAs) in the run.
    pub regions: usize,
    /// Tract-years in the run's panel.
    pub tract_years: usize,
    /// Seconds to read the run, its index, tract panel and quality report (the baseline).
    pub read_seconds: f64,
    /// (format, seconds, bytes, ratio to the baseline).
    pub reports: Vec<(String, f64, u64, f64)>,
}

/// Runs the report benchmark: imports the generated data into a project
/// once, computes RSAI once, then writes each report.
pub fn bench_report(args: &BenchArgs) -> Result<ReportBenchReport, CliError> {
    let dir = ensure_data(args)?;
    let path = dir.join("bench-report.hpiproj");
    let mut project = match project::open(&path) {
        Ok(p) if project::runs(&p)?.iter().any(|r| r.status == "succeeded") => p,
        _ => {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            let mut p = project::create(&path)?;
            for (file, kind) in [
                ("tracts.csv", ImportKind::Tracts),
                ("attributes.csv", ImportKind::Attributes),
                ("transactions.csv", ImportKind::Transactions),
            ] {
                import::import(&mut p, &dir.join(file), kind, &ImportOptions::default(), &mut |_| {})?;
            }
            p
        }
    };
    let run = match project::runs(&project)?.iter().find(|r| r.status == "succeeded") {
        Some(r) => r.id,
        None => {
            eprintln!("computing RSAI {}–{} once for the reports", args.start_year, args.end_year);
            let request = hpi_usecases::RunRequest::new(hpi_usecases::Method::Rsai, args.start_year, args.end_year);
            let checked = request.check()?;
            let never = AtomicBool::new(false);
            hpi_usecases::calculate_in_project(&mut project, &checked, &|_| {}, &never)?.id
        }
    };
    let name = export::project_name(&path);
    let start = Instant::now();
    let input = export::report_input(&project, &name, &[run])?;
    let read_seconds = start.elapsed().as_secs_f64();
    let regions =
        input.runs[0].index.iter().map(|r| r.region.as_str()).collect::<std::collections::BTreeSet<_>>().len();
    if regions == 0 {
        // A report of nothing would time nothing; say which knob to turn instead.
        return Err(CliError::Usage(format!(
            "the RSAI run on the generated data has no region: {} sales are too few for {} CBSAs of {} tracts \
             over {}–{}; use more --transactions or fewer --cbsas",
            crate::output::n(args.transactions),
            args.cbsas,
            args.tracts_per_cbsa,
            args.start_year,
            args.end_year
        )));
    }
    let tract_years = input.runs[0].tracts.len();
    let mut reports = Vec::new();
    for (format, ext) in [(ReportFormat::Html, "html"), (ReportFormat::Pdf, "pdf")] {
        let out = dir.join(format!("bench-report.{ext}"));
        let start = Instant::now();
        export::write_report(&project, &name, &[run], None, format, &out)?;
        let secs = start.elapsed().as_secs_f64();
        let bytes = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
        reports.push((ext.to_owned(), secs, bytes, secs / read_seconds));
    }
    Ok(ReportBenchReport { regions, tract_years, read_seconds, reports })
}

impl ReportBenchReport {
    /// The figures as a table for people.
    pub fn to_text(&self) -> String {
        let mut s = format!(
            "Report of one RSAI run: {} regions, {} tract-years\n  read the run (baseline) {:>7.2} s\n",
            self.regions,
            crate::output::n(self.tract_years as u64),
            self.read_seconds
        );
        for (format, secs, bytes, ratio) in &self.reports {
            s += &format!(
                "  {format:<4} report {secs:>16.2} s  {:>6.1} MB  {ratio:.1}× the baseline\n",
                *bytes as f64 / 1e6
            );
        }
        s
    }
}
