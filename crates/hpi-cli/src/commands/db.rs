//! `hpi db`: check, migrate or compact a project file.

use crate::commands::project::describe;
use crate::error::CliError;
use clap::Subcommand;
use hpi_usecases::project as projects;
use std::path::PathBuf;

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

/// Runs `hpi db ...`.
pub fn db(command: DbCommand) -> Result<(), CliError> {
    match command {
        DbCommand::Check { project } => {
            let p = projects::open(&project)?;
            let problems = projects::check(&p)?;
            println!("{}: {}", project.display(), describe(&project, &p)?);
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
            let p = projects::open(&project)?;
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
            let p = projects::open(&project)?;
            projects::vacuum(&p)?;
            println!("{}: compacted", project.display());
        }
    }
    Ok(())
}
