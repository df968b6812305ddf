//! `hpi import`: a CSV, Excel or Parquet file into a project.

use crate::error::CliError;
use crate::input::ReadArgs;
use crate::output::n;
use clap::Args;
use hpi_usecases::model::ImportKind;
use hpi_usecases::project as projects;
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;

/// The columns each kind of file needs and the other names they are found
/// by, from the importer's own list (so the help cannot drift from it).
pub fn columns_help() -> String {
    let mut out =
        String::from("Columns (matched ignoring case, spaces and punctuation; --map reads any other name):\n");
    for kind in [
        ImportKind::Transactions,
        ImportKind::Tracts,
        ImportKind::Attributes,
        ImportKind::Groups,
        ImportKind::Benchmark,
    ] {
        out.push_str(&format!("\n  {}:\n", kind.name()));
        if let Some(header) = kind.assumed_header() {
            out.push_str(&format!("    (a file without a header row is read as {})\n", header.join(",")));
        }
        for c in kind.columns() {
            let need = if c.required { "required" } else { "optional" };
            let also = if c.synonyms.is_empty() { String::new() } else { format!("; also {}", c.synonyms.join(", ")) };
            out.push_str(&format!("    {:<13} {need}{also}\n", c.name));
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
    pub kind: ImportKind,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Import the good rows and record the bad ones (default: any bad row rejects the file).
    #[arg(long)]
    pub skip_bad_rows: bool,
}

/// Runs `hpi import`.
pub fn import(args: ImportArgs) -> Result<(), CliError> {
    let mut project = projects::open(&args.project)?;
    let kind = args.kind;
    let options = args.read.options(args.skip_bad_rows)?;
    let bar = ProgressBar::with_draw_target(Some(1000), indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("Importing [{bar:30}] {percent}% {elapsed}")
            .expect("template")
            .progress_chars("=> "),
    );
    let result = hpi_usecases::import::import(&mut project, &args.file, kind, &options, &mut |share| {
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
                "imported {} of {} rows of {file} as {} (import {}){}{}",
                n(report.accepted),
                n(report.rows),
                kind.name(),
                report.import_id,
                if report.rejected > 0 { format!("; {} bad rows recorded", n(report.rejected)) } else { String::new() },
                crate::error::hint_suffix(&report.hints)
            );
            Ok(())
        }
        Err(hpi_usecases::UsecaseError::Store(hpi_usecases::model::StoreError::RowsRejected {
            file,
            count,
            issues,
            hints,
            ..
        })) => {
            for issue in issues.iter().take(20) {
                eprintln!("{file}:{}: {}: {}", issue.line, issue.column, issue.reason);
            }
            let others: Vec<_> = hints.into_iter().filter(|h| *h != hpi_usecases::model::Hint::SkipBadRows).collect();
            Err(CliError::Usage(format!(
                "{file}: {} bad {}, nothing imported; fix {} or import the good rows with --skip-bad-rows{}",
                n(count),
                if count == 1 { "row" } else { "rows" },
                if count == 1 { "it" } else { "them" },
                crate::error::hint_suffix(&others)
            )))
        }
        Err(e) => Err(e.into()),
    }
}
