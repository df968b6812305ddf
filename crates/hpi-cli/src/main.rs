//! `hpi`: house price indices from repeat sales, on the command line.

mod bench;
mod bench_diagnostics;
mod bench_pooled;
mod bench_report;
mod bench_store;
mod commands;
mod derived_args;
mod error;
mod evaluate_args;
mod generate;
mod input;
mod output;
mod reference;
mod run;
mod seasonal_args;

use clap::{CommandFactory, Parser, Subcommand};
use error::CliError;
use hpi_usecases::model::Bands;
use output::Format;
use run::{Checked, Outcome, RunArgs};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "hpi", version, about = "House price indices from repeat sales: RSAI, BMN and WRS")]
struct Cli {
    /// More detail on standard error (-v info, -vv debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Compute city indices (and the RSAI tract panel) from CSV files.
    Calculate {
        #[command(flatten)]
        run: RunArgs,
        /// City index file (`-` for standard output); optional with --project.
        #[arg(long, value_name = "FILE", required_unless_present = "project")]
        output: Option<String>,
        /// RSAI tract panel file.
        #[arg(long, value_name = "FILE")]
        tract_output: Option<String>,
        /// Output format [default: from the file extension, else csv].
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Also write the quality report as JSON to this file.
        #[arg(long, value_name = "FILE")]
        quality_output: Option<PathBuf>,
        /// Add columns se, lower and upper to the city index: the standard error of ln(index)
        /// and bands at this confidence level, e.g. 0.95. BMN and WRS: analytic; RSAI: a bootstrap.
        #[arg(long, value_name = "LEVEL")]
        intervals: Option<f64>,
        /// RSAI's bands: replicates of the pairs bootstrap within each CBSA [default: 200].
        #[arg(long, value_name = "N", requires = "intervals")]
        bootstrap: Option<u32>,
        /// Seed of the bootstrap's draws; the same seed gives the same bands.
        #[arg(long, default_value_t = hpi_usecases::model::DEFAULT_SEED, requires = "intervals")]
        seed: u64,
    },
    /// How well the indices fit their data: volatility and the accuracy of predicting resale prices.
    Evaluate {
        #[command(flatten)]
        run: RunArgs,
        #[command(flatten)]
        evaluate: evaluate_args::EvaluateArgs,
    },
    /// Report what happens to every row, pair, tract and CBSA for the same inputs.
    Quality {
        #[command(flatten)]
        run: RunArgs,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Write synthetic transactions, tracts, attributes and the true index.
    Generate(generate::GenerateArgs),
    /// Time every stage of RSAI on generated data against reading and sorting it.
    Bench(bench::BenchArgs),
    /// Create or describe a project file.
    #[command(subcommand)]
    Project(commands::project::ProjectCommand),
    /// Import a CSV, Excel or Parquet file into a project.
    #[command(after_long_help = commands::import::columns_help())]
    Import(commands::import::ImportArgs),
    /// Import tract outlines (a Census Shapefile zip or GeoJSON) for maps, matched on GEOID.
    Boundaries(commands::boundaries::BoundariesArgs),
    /// Saved runs of a project.
    #[command(subcommand)]
    Runs(commands::runs::RunsCommand),
    /// Check, migrate or compact a project file.
    #[command(subcommand)]
    Db(commands::db::DbCommand),
    /// Write a saved run's index, tract panel or quality report as CSV, Excel, Parquet or JSON.
    Export(commands::outputs::ExportArgs),
    /// How closely a saved run tracks a published index imported as a benchmark (`hpi import --kind benchmark`).
    Compare(commands::compare::CompareArgs),
    /// Write a report of a saved run, or a comparison of several, as one HTML file or a PDF.
    Report(commands::outputs::ReportArgs),
    /// Draw one chart of a saved run as SVG or print-resolution PNG.
    Chart(commands::outputs::ChartArgs),
    /// Run a plan of many runs (projects, methods, variants) with their output files; see docs/batch.md.
    Batch(commands::batch::BatchArgs),
    /// Serve projects and runs over HTTP to scripts and colleagues (loopback and tokens by default).
    Serve(commands::serve::ServeArgs),
    /// Print this program's reference as Markdown (the documentation's CLI page).
    #[command(hide = true)]
    Reference {
        /// Instead, check that these words parse as an `hpi` command line, without running it
        /// (for documented commands too long to run in the documentation's tests).
        #[arg(long, num_args = 1.., allow_hyphen_values = true, value_name = "WORD")]
        parses: Vec<String>,
    },
}

fn warn_rejected(inputs: &run::Inputs) {
    for f in &inputs.files {
        for issue in f.rejected.iter().take(10) {
            eprintln!("{}:{}: {}: {}", f.file, issue.line, issue.column, issue.reason);
        }
        if f.rejected_count() > 0 {
            eprintln!(
                "hpi: {} of {} rows of {} rejected and left out; `hpi quality` lists them all{}",
                output::n(f.rejected_count()),
                output::n(f.rows),
                f.file,
                error::hint_suffix(&f.hints)
            );
        }
    }
}

fn write_index(
    series: &[hpi_usecases::model::IndexSeries],
    bands: Option<Bands>,
    path: &str,
    format: Format,
) -> Result<(), CliError> {
    if format != Format::Table {
        return output::write_table(&output::index_table(series, bands), path, format);
    }
    if bands.is_some() {
        return Err(CliError::Usage("--intervals adds columns to a file; --format table has no room for them".into()));
    }
    let text = output::index_text(series);
    if path == "-" {
        print!("{text}");
        Ok(())
    } else {
        Ok(hpi_usecases::export::write_file(std::path::Path::new(path), text.as_bytes())?)
    }
}

fn calculate_and_report(run: &RunArgs) -> Result<(Checked, run::Inputs, Outcome), CliError> {
    let checked = run.check()?;
    let inputs = run::load(run, &checked)?;
    warn_rejected(&inputs);
    let bar = run::stage_bar();
    let outcome = run::compute(&inputs, &checked, &run::report_to(&bar));
    bar.finish_and_clear();
    Ok((checked, inputs, outcome?))
}

/// `calculate --project`: the run is recorded before it starts and its
/// results (or its failure) after.
fn calculate_in_project(
    run: &RunArgs,
    path: &std::path::Path,
) -> Result<(Checked, run::Inputs, Outcome, i64), CliError> {
    let checked = run.check()?;
    let mut project = hpi_usecases::project::open(path)?;
    let bar = run::stage_bar();
    let never = std::sync::atomic::AtomicBool::new(false);
    let saved = hpi_usecases::calculate_in_project(&mut project, &checked, &run::report_to(&bar), &never);
    bar.finish_and_clear();
    let saved = saved?;
    warn_rejected(&saved.inputs);
    eprintln!("saved as run {} in {}", saved.id, path.display());
    Ok((checked, saved.inputs, saved.outcome, saved.id))
}

/// Runs the engine on the files or the project of `run`; in a project the
/// run is saved and its id comes back.
fn calculate_anywhere(run: &RunArgs) -> Result<(Checked, run::Inputs, Outcome, Option<i64>), CliError> {
    Ok(match &run.project {
        Some(path) => {
            let (checked, inputs, outcome, id) = calculate_in_project(run, path)?;
            (checked, inputs, outcome, Some(id))
        }
        None => {
            let (checked, inputs, outcome) = calculate_and_report(run)?;
            (checked, inputs, outcome, None)
        }
    })
}

fn execute(command: Command) -> Result<(), CliError> {
    match command {
        Command::Calculate { run, output, tract_output, format, quality_output, intervals, bootstrap, seed } => {
            let bands = hpi_usecases::calculate::check_bands(&run.check()?, intervals, bootstrap, seed)?;
            let (checked, inputs, mut outcome, saved) = calculate_anywhere(&run)?;
            if let Some((bands, bootstrap)) = bands {
                let bar = run::stage_bar();
                let never = std::sync::atomic::AtomicBool::new(false);
                let done = hpi_usecases::calculate::rsai_bands(
                    &inputs,
                    &checked,
                    &mut outcome,
                    bands,
                    &bootstrap,
                    &run::report_to(&bar),
                    &never,
                );
                bar.finish_and_clear();
                done?;
                if let (Some(path), Some(id), Outcome::Rsai(o)) = (&run.project, saved, &outcome) {
                    let mut project = hpi_usecases::project::open(path)?;
                    hpi_usecases::project::save_bands(&mut project, id, &o.city, bands.level())?;
                }
            }
            let format_of = |path: &str| format.unwrap_or_else(|| Format::for_path(path));
            match &outcome {
                Outcome::Rsai(o) => {
                    if o.city.is_empty() {
                        eprintln!("hpi: no CBSA has an index; `hpi quality` says why");
                    }
                    if let Some(output) = &output {
                        write_index(&o.city, bands.map(|b| b.0), output, format_of(output))?;
                    }
                    if let Some(path) = &tract_output {
                        output::write_table(&output::tract_table(&o.tracts), path, format_of(path))?;
                    }
                }
                Outcome::Pooled(o) => {
                    if tract_output.is_some() {
                        return Err(CliError::Usage("--tract-output needs --method rsai".into()));
                    }
                    if let Some(output) = &output {
                        write_index(&o.series, bands.map(|b| b.0), output, format_of(output))?;
                    }
                }
            }
            if let Some(path) = quality_output {
                let report = outcome.quality(checked.method(), &inputs.files);
                let text = serde_json::to_string_pretty(&report).expect("report serializes");
                hpi_usecases::export::write_file(&path, text.as_bytes())?;
            }
            Ok(())
        }
        Command::Evaluate { run, evaluate } => {
            let checked = run.check()?;
            let request = evaluate.request();
            let kfold = request.kfold.map(|k| (k, request.seed));
            let options = hpi_usecases::evaluate::options(
                &checked,
                request.volatility_window,
                kfold,
                request.revision_from.as_deref(),
            )?;
            evaluate.format()?;
            let (checked, inputs, outcome, saved) = calculate_anywhere(&run)?;
            let bar = run::stage_bar();
            let never = std::sync::atomic::AtomicBool::new(false);
            let evaluation =
                hpi_usecases::evaluate::evaluate(&inputs, &checked, &outcome, &options, &run::report_to(&bar), &never);
            bar.finish_and_clear();
            let evaluation = evaluation?;
            if let (Some(path), Some(id)) = (&run.project, saved) {
                let project = hpi_usecases::project::open(path)?;
                hpi_usecases::project::save_evaluation(&project, id, &evaluation)?;
            }
            evaluate.write(&evaluation)
        }
        Command::Quality { run, json } => {
            let (checked, inputs, outcome) = calculate_and_report(&run)?;
            let report = outcome.quality(checked.method(), &inputs.files);
            if json {
                println!("{}", serde_json::to_string_pretty(&report).expect("report serializes"));
            } else {
                print!("{}", hpi_usecases::quality::text(&report));
            }
            Ok(())
        }
        Command::Generate(args) => {
            let rows = generate::generate(&args)?;
            eprintln!(
                "wrote {} transactions and their tracts, attributes and true index to {}",
                output::n(rows),
                args.out.display()
            );
            Ok(())
        }
        Command::Project(command) => commands::project::project(command),
        Command::Import(args) => commands::import::import(args),
        Command::Boundaries(args) => commands::boundaries::boundaries(args),
        Command::Runs(command) => commands::runs::runs(command),
        Command::Db(command) => commands::db::db(command),
        Command::Export(args) => commands::outputs::export(args),
        Command::Report(args) => commands::outputs::report(args),
        Command::Compare(args) => commands::compare::compare(args),
        Command::Chart(args) => commands::outputs::chart(args),
        Command::Batch(args) => commands::batch::batch(args),
        Command::Serve(args) => commands::serve::serve(args),
        Command::Reference { parses } if parses.is_empty() => {
            print!("{}", reference::markdown(Cli::command()));
            Ok(())
        }
        Command::Reference { parses } => match Cli::try_parse_from(std::iter::once("hpi".to_owned()).chain(parses)) {
            Ok(_) => Ok(()),
            Err(e) => Err(CliError::Usage(e.to_string().trim_end().to_owned())),
        },
        Command::Bench(args) => {
            let (json, text) = match args.suite {
                bench::Suite::Rsai => {
                    let r = bench::bench(&args)?;
                    (serde_json::to_string_pretty(&r), r.to_text())
                }
                bench::Suite::Store => {
                    let r = bench_store::bench_store(&args)?;
                    (serde_json::to_string_pretty(&r), r.to_text())
                }
                bench::Suite::Report => {
                    let r = bench_report::bench_report(&args)?;
                    (serde_json::to_string_pretty(&r), r.to_text())
                }
                bench::Suite::Diagnostics | bench::Suite::Pooled => {
                    let r = if args.suite == bench::Suite::Pooled {
                        bench_pooled::bench_pooled(&args)?
                    } else {
                        bench_diagnostics::bench_diagnostics(&args)?
                    };
                    (serde_json::to_string_pretty(&r), r.to_text())
                }
            };
            if args.json {
                println!("{}", json.expect("report serializes"));
            } else {
                print!("{text}");
            }
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let level = match cli.verbose {
        0 => log::LevelFilter::Warn,
        1 => log::LevelFilter::Info,
        _ => log::LevelFilter::Debug,
    };
    match &cli.command {
        Command::Serve(args) if args.runs_server() => commands::serve::init_logs(args, cli.verbose),
        // usvg (inside the PDF typesetter) warns about bars too small to see; not the user's concern.
        _ => env_logger::Builder::new()
            .filter_level(level)
            .filter_module("usvg", log::LevelFilter::Error)
            .format_timestamp(None)
            .init(),
    }
    match execute(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hpi: {e}{}", e.hint_suffix());
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
