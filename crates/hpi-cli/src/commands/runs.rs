//! `hpi runs`: a project's saved runs.

use crate::commands::outputs::{export, ExportArgs};
use crate::error::CliError;
use crate::evaluate_args::EvaluateArgs;
use crate::output::{self, Format};
use clap::Subcommand;
use hpi_usecases::export::What;
use hpi_usecases::project as projects;
use std::path::PathBuf;

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
    /// Renamed `hpi export --run ID`; this spelling still works and says so.
    #[command(hide = true)]
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
    /// Evaluate a saved run on the project's data (the run's own parameters) and save the
    /// diagnostics with it; refused when the data changed since the run.
    Evaluate {
        /// Run id.
        id: i64,
        /// The project file.
        #[arg(long, value_name = "FILE.hpiproj")]
        project: PathBuf,
        #[command(flatten)]
        evaluate: EvaluateArgs,
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

/// Runs `hpi runs ...`.
pub fn runs(command: RunsCommand) -> Result<(), CliError> {
    match command {
        RunsCommand::List { project, json } => {
            let runs = projects::runs(&projects::open(&project)?)?;
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
                        r.id,
                        r.created_at,
                        r.method,
                        r.status,
                        r.parameters.to_json()
                    );
                }
            }
        }
        RunsCommand::Show { id, project } => {
            let p = projects::open(&project)?;
            let r = projects::run(&p, id)?;
            println!("run {}: {} {} on {} (HPI Studio {})", r.id, r.method, r.status, r.created_at, r.app_version);
            println!("parameters: {}", r.parameters.to_json());
            println!("inputs: {}", r.input_fingerprint);
            if let Some(e) = &r.error {
                println!("error: {e}");
            }
            output::write_table(&hpi_usecases::export::stored_index_table(&p, id)?, "-", Format::Csv)?;
        }
        RunsCommand::Export { id, project, what, format, output } => {
            eprintln!("hpi: `hpi runs export ID` is now `hpi export --run ID`; doing that");
            export(ExportArgs {
                project,
                run: id,
                what,
                format,
                output,
                intervals: None,
                layout: None,
                base: None,
                hpi_type: None,
                flavor: None,
            })?;
        }
        RunsCommand::Evaluate { id, project, evaluate } => {
            evaluate.format()?;
            let p = projects::open(&project)?;
            let bar = crate::run::stage_bar();
            let never = std::sync::atomic::AtomicBool::new(false);
            let evaluation = hpi_usecases::evaluate::evaluate_saved_run(
                &p,
                id,
                &evaluate.request(),
                &crate::run::report_to(&bar),
                &never,
            );
            bar.finish_and_clear();
            evaluate.write(&evaluation?)?;
            eprintln!("saved the evaluation with run {id}");
        }
        RunsCommand::Delete { id, project } => {
            projects::delete_run(&projects::open(&project)?, id)?;
            eprintln!("deleted run {id}");
        }
    }
    Ok(())
}
