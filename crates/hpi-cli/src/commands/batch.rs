//! `hpi batch PLAN.toml`: many runs from one plan, here or on a server
//! (`--server`), with one progress display and a summary table; a failed run
//! never stops the others, and the exit code says whether all succeeded.

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
    /// Run the plan on `hpi serve` at URL (e.g. http://127.0.0.1:8787) instead of here: each
    /// run goes to the server's project of its project file's name (study.hpiproj: study) and
    /// its outputs are downloaded here. The token is read from the HPI_TOKEN environment variable.
    #[arg(long, value_name = "URL")]
    server: Option<String>,
}

/// How one run of the plan ended: its run's id and output files, or why it failed.
pub(super) struct Ended {
    pub(super) name: String,
    pub(super) method: &'static str,
    pub(super) seconds: f64,
    pub(super) result: Result<(i64, Vec<String>), String>,
}

/// Runs the plan.
pub fn batch(args: BatchArgs) -> Result<(), CliError> {
    let plan = Plan::read(&args.plan)?;
    let total = plan.items.len();
    let bar = ProgressBar::with_draw_target(Some(total as u64), indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{pos}/{len} [{bar:20}] {elapsed} {msg}").expect("template").progress_chars("=> "),
    );
    // Without a terminal the bar is hidden, and with it its println.
    let say = |line: String| {
        if bar.is_hidden() {
            eprintln!("{line}");
        } else {
            bar.println(line);
        }
    };
    let ended = match &args.server {
        Some(url) => super::batch_server::run(&plan, url, &bar, &say)?,
        None => here(&plan, &bar, &say),
    };
    bar.finish_and_clear();
    print!("{}", table(&ended));
    let failed = ended.iter().filter(|e| e.result.is_err()).count();
    if failed > 0 {
        return Err(CliError::Batch { failed, total });
    }
    Ok(())
}

/// Runs the plan here, one run after another.
fn here(plan: &Plan, bar: &ProgressBar, say: &dyn Fn(String)) -> Vec<Ended> {
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
        say(match &result {
            Ok((run, _)) => format!("{}: saved as run {run} in {}", item.name, item.project.display()),
            Err(e) => format!("{}: failed: {e}", item.name),
        });
        ended.push(Ended { name: item.name.clone(), method: item.checked.method().name(), seconds, result });
        bar.inc(1);
    }
    ended
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
