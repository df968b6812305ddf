//! A run in the background: its own connection to the project, progress
//! sent to the window at most every 50 ms (and at every new stage).

use crate::error::IpcResult;
use hpi_usecases::model::{Progress, RunRecord, Stage};
use hpi_usecases::{project, Checked};
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

/// Runs `checked` on the project at `path` and returns the saved run.
pub fn run_in_project(
    path: &Path,
    checked: &Checked,
    cancel: &AtomicBool,
    events: &Channel<RunEvent>,
) -> IpcResult<RunRecord> {
    let mut project = project::open(path)?;
    let send = |e: RunEvent| {
        if let Err(err) = events.send(e) {
            log::debug!("progress not delivered: {err}");
        }
    };
    send(RunEvent::Loading);
    let last: Mutex<(Option<Stage>, Instant)> = Mutex::new((None, Instant::now()));
    let report = |p: Progress| {
        let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if last.0 != Some(p.stage) || now - last.1 >= EVERY || p.done == p.total {
            *last = (Some(p.stage), now);
            send(RunEvent::Stage { stage: p.stage, label: p.stage.label().into(), done: p.done, total: p.total });
        }
    };
    let saved = hpi_usecases::calculate_in_project(&mut project, checked, &report, cancel)?;
    Ok(project::run(&project, saved.id)?)
}
