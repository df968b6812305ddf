//! `hpi compare`: a saved run against a published series imported as a benchmark.

use crate::error::CliError;
use crate::output::{write_table, Format};
use clap::Args;
use hpi_usecases::compare;
use hpi_usecases::model::{Comparison, Periodicity};
use hpi_usecases::project as projects;
use hpi_usecases::Period;
use std::path::PathBuf;

/// `hpi compare`
#[derive(Args)]
pub struct CompareArgs {
    /// The project file.
    #[arg(long, value_name = "FILE.hpiproj")]
    pub project: PathBuf,
    /// Run id.
    #[arg(long)]
    pub run: i64,
    /// The benchmark's import id [default: the project's only benchmark].
    #[arg(long, value_name = "IMPORT")]
    pub benchmark: Option<i64>,
    /// The benchmark's series, where its file holds several (FHFA's flavours: purchase-only, …).
    #[arg(long)]
    pub series: Option<String>,
    /// The benchmark's periods, where its file holds several.
    #[arg(long, value_enum, value_name = "PERIODS")]
    pub periods: Option<Period>,
    /// Write the figures to this file (CSV, Excel, Parquet or JSON by extension) instead of printing them.
    #[arg(long, value_name = "FILE")]
    pub output: Option<String>,
    /// Print the whole comparison as JSON, with the benchmark rebased per region.
    #[arg(long, conflicts_with = "output")]
    pub json: bool,
}

/// Runs `hpi compare`.
pub fn compare(args: CompareArgs) -> Result<(), CliError> {
    let p = projects::open(&args.project)?;
    let periods = args.periods.map(Periodicity::from);
    let benchmark = compare::find_benchmark(&p, args.benchmark, args.series.as_deref(), periods)?;
    let c = compare::compare(&p, args.run, &benchmark.key)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&c).expect("a comparison serializes"));
        return Ok(());
    }
    if let Some(path) = &args.output {
        write_table(&hpi_usecases::export::tracking_table(&c), path, Format::for_path(path))?;
        eprintln!("wrote {path}");
        return Ok(());
    }
    print!("{}", text(&c));
    Ok(())
}

/// The figures for people.
fn text(c: &Comparison) -> String {
    let mut out = format!("Run {} against {}\n", c.run, c.benchmark.title());
    if c.regions.is_empty() {
        out += "No region of the run is in the benchmark";
        if !c.unmatched.is_empty() {
            out += &format!(" (the run has {})", c.unmatched.join(", "));
        }
        return out + ".\n";
    }
    out += &format!(
        "{:<16} {:<9} {:>7}  {:<19} {:>11} {:>12} {:>14}\n",
        "region", "weight", "periods", "over", "return corr", "RMS log diff", "growth diff pp"
    );
    let f = |v: Option<f64>, d: usize| v.map_or_else(|| "—".to_owned(), |v| format!("{v:.d$}"));
    for r in &c.regions {
        let t = &r.tracking;
        let over = t.span().unwrap_or_else(|| "—".to_owned());
        out += &format!(
            "{:<16} {:<9} {:>7}  {:<19} {:>11} {:>12} {:>14}\n",
            r.region,
            r.weight.as_deref().unwrap_or(""),
            t.periods,
            over,
            f(t.return_correlation, 3),
            f(t.rms_log_difference, 4),
            f(t.growth_difference, 2)
        );
    }
    if let Some(t) = c.regions.first().map(|r| &r.tracking) {
        out += &format!("Compared in {} periods", t.periodicity.name());
        if !c.unmatched.is_empty() {
            out += &format!("; not in the benchmark: {}", c.unmatched.join(", "));
        }
        out += ".\n";
    }
    out
}
