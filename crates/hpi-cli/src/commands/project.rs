//! `hpi project`: create or describe a project file.

use crate::error::CliError;
use crate::output::n;
use clap::Subcommand;
use hpi_usecases::project::{self as projects, ProjectInfo};
use std::path::Path;
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

/// What the project at `path` holds, in one line.
pub(crate) fn describe(path: &Path, project: &hpi_usecases::model::Project) -> Result<String, CliError> {
    let i = ProjectInfo::of(path, project)?;
    Ok(format!(
        "schema version {}; {} transactions, {} tracts, {} attribute rows, {} runs",
        i.schema_version,
        n(i.transactions as u64),
        n(i.tracts as u64),
        n(i.attributes as u64),
        n(i.runs as u64)
    ))
}

/// Runs `hpi project ...`.
pub fn project(command: ProjectCommand) -> Result<(), CliError> {
    match command {
        ProjectCommand::New { file } => {
            projects::create(&file)?;
            eprintln!("created {}", file.display());
        }
        ProjectCommand::Info { file } => println!("{}: {}", file.display(), describe(&file, &projects::open(&file)?)?),
    }
    Ok(())
}
