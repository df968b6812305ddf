//! `hpi batch PLAN.toml`: many runs from one plan, with one progress display
//! and a summary table; a failed run never stops the others, and the exit
//! code says whether all succeeded.

use crate::error::CliError;
use clap::Args;
use hpi_usecases::batch::Plan;
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

/// `hpi batch PLAN.toml`.
#[derive(Args)]
pub struct BatchArgs {
    /// The plan: TOML with a `[[run]]` per run (docs/batch.md); checked whole before any run starts.
    #[arg(value_name = "PLAN.toml")]
    plan: PathBuf,
}

/// How one run of the plan ended.
struct Ended {
    name: String,
    method: &'static str,
    seconds: f64,
    result: Result<(i64, Vec<String>), String>,
}

/// Runs the plan.
pub fn batch(args: BatchArgs) -> Result<(), CliError> {
    let plan = Plan::read(&args.plan)?;
    let total = plan.items.len();
    let bar = ProgressBar::with_draw_target(Some(total as u64), indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{pos}/{len} [{bar:20}] {elapsed} {msg}").expect("template").progress_chars("=> "),
    );
    let never = AtomicBool::new(false);
    let mut ended = Vec::new();
    for item in &plan.items {
        let started = Instant::now();
        bar.set_message(format!("{}: loading", item.name));
        let report = |p: hpi_usecases::model::Progress| {
            bar.set_message(format!("{}: {} {}/{}", item.name, p.stage.label(), p.done, p.total));
        };
        let result = hpi_usecases::batch::run_item(item, &report, &never)
            .map(|run| (run, item.outputs.iter().map(|(_, _, p)| p.display().to_string()).collect()))
            .map_err(|e| e.to_string());
        let seconds = started.elapsed().as_secs_f64();
        let line = match &result {
            Ok((run, _)) => format!("{}: saved as run {run} in {}", item.name, item.project.display()),
            Err(e) => format!("{}: failed: {e}", item.name),
        };
        // Without a terminal the bar is hidden, and with it its println.
        if bar.is_hidden() {
            eprintln!("{line}");
        } else {
            bar.println(line);
        }
        ended.push(Ended { name: item.name.clone(), method: item.checked.method().name(), seconds, result });
        bar.inc(1);
    }
    bar.finish_and_clear();
    print!("{}", table(&ended));
    let failed = ended.iter().filter(|e| e.result.is_err()).count();
    if failed > 0 {
        return Err(CliError::Batch { failed, total });
    }
    Ok(())
}

/// The summary: one line per run, its outcome and files or its error.
fn table(ended: &[Ended]) -> String {
    let width = ended.iter().map(|e| e.name.len()).max().unwrap_or(0).max(3);
    let mut out =
        format!("{:<width$}  {:<6}  {:<9}  {:>6}  {:>8}  outputs\n", "run", "method", "status", "run id", "seconds");
    for e in ended {
        let (status, id, detail) = match &e.result {
            Ok((run, files)) => ("succeeded", run.to_string(), files.join(", ")),
            Err(message) => ("failed", "-".to_owned(), message.clone()),
        };
        out +=
            &format!("{:<width$}  {:<6}  {:<9}  {:>6}  {:>8.1}  {detail}\n", e.name, e.method, status, id, e.seconds);
    }
    out
}
