//! `hpi export`, `hpi report` and `hpi chart`: saved runs leaving the project.

use crate::error::CliError;
use crate::output::Format;
use clap::Args;
use hpi_usecases::export::{self, ChartKind, ReportFormat, What};
use hpi_usecases::model::{BenchmarkKey, FhfaLayout};
use hpi_usecases::project as projects;
use std::path::PathBuf;

/// `hpi export`
#[derive(Args)]
pub struct ExportArgs {
    /// The project file.
    #[arg(long, value_name = "FILE.hpiproj")]
    pub project: PathBuf,
    /// Run id.
    #[arg(long)]
    pub run: i64,
    /// What to export.
    #[arg(long, value_enum, default_value = "index")]
    pub what: What,
    /// Format [default: from the file extension, else CSV; for the quality report and the
    /// evaluation, else JSON].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Output file (`-` for standard output, CSV or JSON).
    #[arg(long, value_name = "FILE")]
    pub output: String,
    /// With the city index, add columns se, lower and upper: bands at this confidence level
    /// (an RSAI run's own bootstrap level).
    #[arg(long, value_name = "LEVEL")]
    pub intervals: Option<f64>,
    /// Write the city index in FHFA's HPI master-file columns (hpi_type, hpi_flavor, frequency,
    /// level, place_name, place_id, yr, period, index_nsa, index_sa).
    #[arg(long, value_enum, value_name = "LAYOUT")]
    pub layout: Option<Layout>,
    /// With --layout fhfa: the period every series is 100 in, a period of the run (2005-Q1) or a
    /// year (the mean of its periods) [default: the run's first period].
    #[arg(long, value_name = "PERIOD", requires = "layout")]
    pub base: Option<String>,
    /// With --layout fhfa: the hpi_type column [default: traditional].
    #[arg(long, value_name = "TEXT", requires = "layout")]
    pub hpi_type: Option<String>,
    /// With --layout fhfa: the hpi_flavor column [default: the method and weight, as rsai-value].
    #[arg(long, value_name = "TEXT", requires = "layout")]
    pub flavor: Option<String>,
}

/// Column layouts of a published index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Layout {
    /// FHFA's HPI master file.
    Fhfa,
}

/// Writes a saved run's index, tract panel, quality report or evaluation. The
/// reports in JSON are themselves; in other formats, one row per figure.
pub fn export(args: ExportArgs) -> Result<(), CliError> {
    let p = projects::open(&args.project)?;
    let format = args.format.unwrap_or_else(|| {
        // The reports are JSON unless the file's extension names another format.
        let by_extension = Format::for_path(&args.output);
        let named = args.output.to_ascii_lowercase().ends_with(".csv");
        let report = matches!(args.what, What::Quality | What::Evaluation);
        if report && by_extension == Format::Csv && !named {
            Format::Json
        } else {
            by_extension
        }
    });
    let format = format.for_files()?;
    if args.layout == Some(Layout::Fhfa) {
        if args.what != What::Index || args.intervals.is_some() {
            return Err(CliError::Usage("--layout fhfa writes the city index, without --intervals".into()));
        }
        let layout = FhfaLayout { hpi_type: args.hpi_type, flavor: args.flavor, base: args.base };
        let unbased = export::export_fhfa(&p, args.run, &layout, format, &args.output)?;
        if !unbased.is_empty() {
            eprintln!("warning: no value in the base period, left empty: {}", unbased.join(", "));
        }
        return Ok(());
    }
    if let Some(level) = args.intervals {
        if args.what != What::Index {
            return Err(CliError::Usage("--intervals goes with --what index".into()));
        }
        let bands = hpi_usecases::model::Bands::new(level)?;
        return Ok(export::export_index_with_bands(&p, args.run, bands, format, &args.output)?);
    }
    export::export_run(&p, args.run, args.what, format, &args.output).map_err(|e| match e {
        hpi_usecases::UsecaseError::Report(hpi_usecases::model::ReportError::Unsupported(m)) => CliError::Usage(m),
        e => e.into(),
    })
}

/// The saved runs a report or chart shows.
#[derive(Args)]
pub struct RunSelection {
    /// The project file.
    #[arg(long, value_name = "FILE.hpiproj")]
    pub project: PathBuf,
    /// The run.
    #[arg(long)]
    pub run: i64,
    /// Further runs to compare with it, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    pub compare: Vec<i64>,
}

impl RunSelection {
    fn ids(&self) -> Vec<i64> {
        std::iter::once(self.run).chain(self.compare.iter().copied()).collect()
    }
}

/// `hpi report`
#[derive(Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub runs: RunSelection,
    /// Report format [default: from the file extension, else HTML].
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// The report file (`.pdf`: PDF unless --format says otherwise).
    #[arg(long, value_name = "FILE")]
    pub output: PathBuf,
    #[command(flatten)]
    pub benchmark: BenchmarkChoice,
}

/// A published index to draw beside the main run.
#[derive(Args)]
pub struct BenchmarkChoice {
    /// Compare the run with a published index imported as a benchmark (its import id): drawn
    /// rebased beside the run; reports add the tracking figures (see `hpi compare`).
    #[arg(long, value_name = "IMPORT")]
    pub benchmark: Option<i64>,
    /// The benchmark's series, where its file holds several.
    #[arg(long, requires = "benchmark")]
    pub series: Option<String>,
}

impl BenchmarkChoice {
    /// The benchmark named, if any.
    fn key(&self, p: &hpi_usecases::model::Project) -> Result<Option<BenchmarkKey>, CliError> {
        Ok(match self.benchmark {
            Some(id) => Some(hpi_usecases::compare::find_benchmark(p, Some(id), self.series.as_deref(), None)?.key),
            None => None,
        })
    }
}

/// Writes a report of a run, or a comparison of several.
pub fn report(args: ReportArgs) -> Result<(), CliError> {
    let p = projects::open(&args.runs.project)?;
    let name = export::project_name(&args.runs.project);
    let pdf = args.output.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    let format = args.format.unwrap_or(if pdf { ReportFormat::Pdf } else { ReportFormat::Html });
    let benchmark = args.benchmark.key(&p)?;
    export::write_report(&p, &name, &args.runs.ids(), benchmark.as_ref(), format, &args.output)?;
    eprintln!("wrote {}", args.output.display());
    Ok(())
}

/// `hpi chart`
#[derive(Args)]
pub struct ChartArgs {
    #[command(flatten)]
    pub runs: RunSelection,
    /// The region (CBSA) [default: the first].
    #[arg(long)]
    pub region: Option<String>,
    /// What to draw.
    #[arg(long, value_enum, default_value = "index")]
    pub kind: ChartKind,
    /// The chart file: `.svg`, or `.png` at print resolution (1920 × 1080).
    #[arg(long, value_name = "FILE")]
    pub output: PathBuf,
    #[command(flatten)]
    pub benchmark: BenchmarkChoice,
}

/// Draws one chart of a saved run as SVG or PNG.
pub fn chart(args: ChartArgs) -> Result<(), CliError> {
    let p = projects::open(&args.runs.project)?;
    let name = export::project_name(&args.runs.project);
    let benchmark = args.benchmark.key(&p)?;
    let ids = args.runs.ids();
    export::write_chart(&p, &name, &ids, args.region.as_deref(), benchmark.as_ref(), args.kind, &args.output)?;
    eprintln!("wrote {}", args.output.display());
    Ok(())
}
