//! A run in the background: its own connection to the project, progress
//! sent to the window at most every 50 ms (and at every new stage).

use crate::error::IpcResult;
use hpi_usecases::model::{Evaluation, Progress, RunRecord, Stage};
use hpi_usecases::{project, Checked, EvaluateRequest};
use serde::Serialize;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tauri::ipc::Channel;
use ts_rs::TS;

/// What the window hears about a run while it goes.
#[derive(Clone, Serialize, TS)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum RunEvent {
    /// Reading the project's data.
    Loading,
    /// An engine stage and how far it is.
    Stage {
        /// The stage.
        stage: Stage,
        /// Its name for people.
        label: String,
        /// Steps done.
        done: u64,
        /// Steps in all.
        total: u64,
    },
}

const EVERY: Duration = Duration::from_millis(50);

/// A progress callback that sends stages to `events`, at most every 50 ms
/// (and at every new stage and at the end of one).
fn progress_to(events: &Channel<RunEvent>) -> impl Fn(Progress) + Sync + '_ {
    let last: Mutex<(Option<Stage>, Instant)> = Mutex::new((None, Instant::now()));
    move |p: Progress| {
        let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if last.0 != Some(p.stage) || now - last.1 >= EVERY || p.done == p.total {
            *last = (Some(p.stage), now);
            send(
                events,
                RunEvent::Stage { stage: p.stage, label: p.stage.label().into(), done: p.done, total: p.total },
            );
        }
    }
}

fn send(events: &Channel<RunEvent>, e: RunEvent) {
    if let Err(err) = events.send(e) {
        log::debug!("progress not delivered: {err}");
    }
}

/// Runs `checked` on the project at `path` and returns the saved run.
pub fn run_in_project(
    path: &Path,
    checked: &Checked,
    cancel: &AtomicBool,
    events: &Channel<RunEvent>,
) -> IpcResult<RunRecord> {
    let mut project = project::open(path)?;
    send(events, RunEvent::Loading);
    let saved = hpi_usecases::calculate_in_project(&mut project, checked, &progress_to(events), cancel)?;
    Ok(project::run(&project, saved.id)?)
}

/// Evaluates saved run `id` of the project at `path` and saves the evaluation.
pub fn evaluate_in_project(
    path: &Path,
    id: i64,
    request: &EvaluateRequest,
    cancel: &AtomicBool,
    events: &Channel<RunEvent>,
) -> IpcResult<Evaluation> {
    let project = project::open(path)?;
    send(events, RunEvent::Loading);
    Ok(hpi_usecases::evaluate::evaluate_saved_run(&project, id, request, &progress_to(events), cancel)?)
}
