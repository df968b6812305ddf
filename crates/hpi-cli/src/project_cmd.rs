//! `hpi project`, `hpi import`, `hpi runs` and `hpi db`: the project file.

use crate::error::CliError;
use crate::input::ColumnMap;
use crate::output::n;
use crate::output::{self, Format};
use clap::{Args, Subcommand, ValueEnum};
use hpi_store::values::DateFormat;
use hpi_store::{ImportKind, ImportOptions, Project};
use hpi_usecases::export::{self, ChartKind, ReportFormat, What};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;

/// `hpi project ...`
#[derive(Subcommand)]
pub enum ProjectCommand {
    /// Create an empty project file.
    New {
        /// The new file (by convention NAME.hpiproj).
        file: PathBuf,
    },
    /// What a project holds.
    Info {
        /// The project file.
        file: PathBuf,
    },
}

/// What an imported file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// Sales: property_id, sale_date, price, tract, cbsa.
    Transactions,
    /// Tracts: tract, cbsa, lat, lon.
    Tracts,
    /// Tract attributes: tract, year, units, median_value, upb, college, nonwhite.
    Attributes,
}

/// The columns each kind of file needs and the other names they are found
/// by, from the importer's own list (so the help cannot drift from it).
pub fn columns_help() -> String {
    let mut out =
        String::from("Columns (matched ignoring case, spaces and punctuation; --map reads any other name):\n");
    for kind in [ImportKind::Transactions, ImportKind::Tracts, ImportKind::Attributes] {
        out.push_str(&format!("\n  {}:\n", kind.name()));
        for c in kind.columns() {
            let need = if c.required { "required" } else { "optional" };
            out.push_str(&format!("    {:<13} {need}; also {}\n", c.name, c.synonyms.join(", ")));
        }
    }
    out
}

/// `hpi import`
#[derive(Args)]
pub struct ImportArgs {
    /// CSV (comma, semicolon or tab), Excel .xlsx or Parquet file.
    pub file: PathBuf,
    /// The project file.
    #[arg(long, value_name = "FILE.hpiproj")]
    pub project: PathBuf,
    /// What the file holds.
    #[arg(long, value_enum)]
    pub kind: KindArg,
    /// Read column OLD as NEW: --map new=old[,new2=old2].
    #[arg(long, value_name = "NEW=OLD")]
    pub map: Vec<String>,
    /// Import the good rows and record the bad ones (default: any bad row rejects the file).
    #[arg(long)]
    pub skip_bad_rows: bool,
    /// How dates are written, e.g. %m/%d/%Y (US) or %d/%m/%Y (EU) [default: ISO and unambiguous forms].
    #[arg(long, value_name = "FORMAT")]
    pub date_format: Option<String>,
    /// The Excel sheet to read [default: the first].
    #[arg(long)]
    pub sheet: Option<String>,
}

/// `hpi runs ...`
#[derive(Subcommand)]
pub enum RunsCommand {
    /// List the saved runs, newest first.
    List {
        /// The project file.
        #[arg(long, value_name = "FILE.hpiproj")]
        project: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// A run's parameters, status and index.
    Show {
        /// Run id.
        id: i64,
        /// The project file.
        #[arg(long, value_name = "FILE.hpiproj")]
        project: PathBuf,
    },
    /// Write a run's index, tract panel or quality report to a file.
    Export {
        /// Run id.
        id: i64,
        /// The project file.
        #[arg(long, value_name = "FILE.hpiproj")]
        project: PathBuf,
        /// What to export.
        #[arg(long, value_enum, default_value = "index")]
        what: What,
        /// Format [default: from the file extension, else CSV; for the quality report, else JSON].
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Output file (`-` for standard output).
        #[arg(long, value_name = "FILE")]
        output: String,
    },
    /// Delete a run and its results.
    Delete {
        /// Run id.
        id: i64,
        /// The project file.
        #[arg(long, value_name = "FILE.hpiproj")]
        project: PathBuf,
    },
}

/// `hpi db ...`
#[derive(Subcommand)]
pub enum DbCommand {
    /// Check the file's integrity.
    Check {
        /// The project file.
        #[arg(long, value_name = "FILE.hpiproj")]
        project: PathBuf,
    },
    /// Bring an older project file to this version's schema (a backup is kept).
    Migrate {
        /// The project file.
        #[arg(long, value_name = "FILE.hpiproj")]
        project: PathBuf,
    },
    /// Rewrite the file compactly.
    Vacuum {
        /// The project file.
        #[arg(long, value_name = "FILE.hpiproj")]
        project: PathBuf,
    },
}

fn describe(project: &Project) -> Result<String, CliError> {
    let [transactions, tracts, attributes, runs] = project.counts()?;
    Ok(format!(
        "schema version {}; {} transactions, {} tracts, {} attribute rows, {} runs",
        project.schema_version()?,
        n(transactions as u64),
        n(tracts as u64),
        n(attributes as u64),
        n(runs as u64)
    ))
}

/// Runs `hpi project ...`.
pub fn project(command: ProjectCommand) -> Result<(), CliError> {
    match command {
        ProjectCommand::New { file } => {
            Project::create(&file)?;
            eprintln!("created {}", file.display());
        }
        ProjectCommand::Info { file } => println!("{}: {}", file.display(), describe(&Project::open(&file)?)?),
    }
    Ok(())
}

/// Runs `hpi import`.
pub fn import(args: ImportArgs) -> Result<(), CliError> {
    let mut project = Project::open(&args.project)?;
    let kind = match args.kind {
        KindArg::Transactions => ImportKind::Transactions,
        KindArg::Tracts => ImportKind::Tracts,
        KindArg::Attributes => ImportKind::Attributes,
    };
    let options = ImportOptions {
        map: ColumnMap::parse(&args.map)?.0,
        skip_bad_rows: args.skip_bad_rows,
        date_format: args.date_format.map_or(DateFormat::Auto, DateFormat::Pattern),
        sheet: args.sheet,
    };
    let bar = ProgressBar::with_draw_target(Some(1000), indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("Importing [{bar:30}] {percent}% {elapsed}")
            .expect("template")
            .progress_chars("=> "),
    );
    let result = hpi_store::import(&mut project, &args.file, kind, &options, &mut |share| {
        bar.set_position((share * 1000.0) as u64)
    });
    bar.finish_and_clear();
    let file = args.file.display().to_string();
    match result {
        Ok(report) => {
            for issue in report.issues.iter().take(10) {
                eprintln!("{file}:{}: {}: {}", issue.line, issue.column, issue.reason);
            }
            eprintln!(
                "imported {} of {} rows of {file} as {} (import {}){}",
                n(report.accepted),
                n(report.rows),
                kind.name(),
                report.import_id,
                if report.rejected > 0 { format!("; {} bad rows recorded", n(report.rejected)) } else { String::new() }
            );
            Ok(())
        }
        Err(hpi_store::StoreError::RowsRejected { file, count, issues, .. }) => {
            for issue in issues.iter().take(20) {
                eprintln!("{file}:{}: {}: {}", issue.line, issue.column, issue.reason);
            }
            Err(CliError::Usage(format!(
                "{file}: {} bad rows, nothing imported; fix them or import the good rows with --skip-bad-rows",
                n(count)
            )))
        }
        Err(e) => Err(e.into()),
    }
}

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
    /// Format [default: from the file extension, else CSV; for the quality report, else JSON].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Output file (`-` for standard output, CSV or JSON).
    #[arg(long, value_name = "FILE")]
    pub output: String,
}

/// Writes a saved run's index, tract panel or quality report. The quality
/// report in JSON is the report itself; in other formats, one row per figure.
pub fn export(args: ExportArgs) -> Result<(), CliError> {
    let p = Project::open(&args.project)?;
    let format = args.format.unwrap_or_else(|| {
        // The quality report is JSON unless the file's extension names another format.
        let by_extension = Format::for_path(&args.output);
        let named = args.output.to_ascii_lowercase().ends_with(".csv");
        if args.what == What::Quality && by_extension == Format::Csv && !named {
            Format::Json
        } else {
            by_extension
        }
    });
    let format = format.for_files()?;
    export::export_run(&p, args.run, args.what, format, &args.output).map_err(|e| match e {
        hpi_usecases::UsecaseError::Report(hpi_report::ReportError::Unsupported(m)) => CliError::Usage(m),
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
}

/// Writes a report of a run, or a comparison of several.
pub fn report(args: ReportArgs) -> Result<(), CliError> {
    let p = Project::open(&args.runs.project)?;
    let name = export::project_name(&args.runs.project);
    let pdf = args.output.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    let format = args.format.unwrap_or(if pdf { ReportFormat::Pdf } else { ReportFormat::Html });
    export::write_report(&p, &name, &args.runs.ids(), format, &args.output)?;
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
}

/// Draws one chart of a saved run as SVG or PNG.
pub fn chart(args: ChartArgs) -> Result<(), CliError> {
    let p = Project::open(&args.runs.project)?;
    export::write_chart(&p, &args.runs.ids(), args.region.as_deref(), args.kind, &args.output)?;
    eprintln!("wrote {}", args.output.display());
    Ok(())
}

/// Runs `hpi runs ...`.
pub fn runs(command: RunsCommand) -> Result<(), CliError> {
    match command {
        RunsCommand::List { project, json } => {
            let runs = Project::open(&project)?.runs()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&runs).expect("runs serialize"));
            } else {
                println!(
                    "{:>4}  {:<20}  {:<5}  {:<10}  {:>9}  parameters",
                    "id", "created (UTC)", "method", "status", "seconds"
                );
                for r in runs {
                    let secs = r.duration_ms.map_or("—".to_owned(), |ms| format!("{:.2}", ms as f64 / 1000.0));
                    println!(
                        "{:>4}  {:<20}  {:<5}  {:<10}  {secs:>9}  {}",
                        r.id, r.created_at, r.method, r.status, r.parameters
                    );
                }
            }
        }
        RunsCommand::Show { id, project } => {
            let p = Project::open(&project)?;
            let r = p.run(id)?;
            println!("run {}: {} {} on {} (HPI Studio {})", r.id, r.method, r.status, r.created_at, r.app_version);
            println!("parameters: {}", r.parameters);
            println!("inputs: {}", r.input_fingerprint);
            if let Some(e) = &r.error {
                println!("error: {e}");
            }
            let rows = p.run_index(id)?;
            output::write_table(&hpi_report::stored_index_table(&r.method, &rows), "-", Format::Csv)?;
        }
        RunsCommand::Export { id, project, what, format, output } => {
            export(ExportArgs { project, run: id, what, format, output })?;
        }
        RunsCommand::Delete { id, project } => {
            Project::open(&project)?.delete_run(id)?;
            eprintln!("deleted run {id}");
        }
    }
    Ok(())
}

/// Runs `hpi db ...`.
pub fn db(command: DbCommand) -> Result<(), CliError> {
    match command {
        DbCommand::Check { project } => {
            let p = Project::open(&project)?;
            let problems = p.check()?;
            println!("{}: {}", project.display(), describe(&p)?);
            if problems.is_empty() {
                println!("integrity: ok");
            } else {
                for problem in &problems {
                    println!("problem: {problem}");
                }
                return Err(CliError::Usage(format!("{}: {} integrity problems", project.display(), problems.len())));
            }
        }
        DbCommand::Migrate { project } => {
            let p = Project::open(&project)?;
            match &p.backup {
                Some(b) => println!(
                    "migrated to schema version {}; the old file is kept as {}",
                    p.schema_version()?,
                    b.display()
                ),
                None => println!("already at schema version {}", p.schema_version()?),
            }
        }
        DbCommand::Vacuum { project } => {
            let p = Project::open(&project)?;
            p.vacuum()?;
            println!("{}: compacted", project.display());
        }
    }
    Ok(())
}
