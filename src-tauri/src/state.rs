//! What the app holds while it runs: its folders and settings, the open
//! project, and the run in progress (to cancel it).

use crate::error::{IpcError, IpcResult};
use crate::settings::{Folders, Settings};
use hpi_store::Project;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard};

/// The open project: its file, and a connection for quick reads and writes.
/// Long runs open their own connection, so the UI stays responsive (WAL).
pub struct OpenProject {
    /// The file.
    pub path: PathBuf,
    /// The connection.
    pub project: Project,
}

/// The app's state, shared by all commands.
pub struct AppState {
    /// Folders.
    pub folders: Folders,
    /// Settings, saved on every change.
    pub settings: Mutex<Settings>,
    /// The open project.
    pub open: Mutex<Option<OpenProject>>,
    /// Set to cancel the run in progress; `None` when none is running.
    pub running: Mutex<Option<Arc<AtomicBool>>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic in one command must not lock the user out of the app.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl AppState {
    /// State with the saved settings.
    pub fn new(folders: Folders) -> Self {
        let settings = Settings::load(&folders);
        AppState { folders, settings: Mutex::new(settings), open: Mutex::new(None), running: Mutex::new(None) }
    }

    /// The settings.
    pub fn settings(&self) -> MutexGuard<'_, Settings> {
        lock(&self.settings)
    }

    /// Saves changed settings.
    pub fn save_settings(&self, settings: Settings) -> IpcResult<Settings> {
        settings.save(&self.folders).map_err(|e| IpcError::invalid(format!("cannot save the settings: {e}")))?;
        *self.settings() = settings.clone();
        Ok(settings)
    }

    /// Makes `project` the open one and remembers it as recent.
    pub fn set_open(&self, path: &Path, project: Project) {
        *lock(&self.open) = Some(OpenProject { path: path.to_owned(), project });
        let mut settings = self.settings().clone();
        settings.remember(path);
        if let Err(e) = self.save_settings(settings) {
            log::warn!("{}", e.message);
        }
    }

    /// Runs `f` with the open project; `None` when no project is open.
    pub fn if_open<T>(&self, f: impl FnOnce(&mut OpenProject) -> IpcResult<T>) -> IpcResult<Option<T>> {
        lock(&self.open).as_mut().map(f).transpose()
    }

    /// Runs `f` with the open project, or says that none is open.
    pub fn with_project<T>(&self, f: impl FnOnce(&mut OpenProject) -> IpcResult<T>) -> IpcResult<T> {
        self.if_open(f)?.ok_or_else(|| IpcError::invalid("no project is open; open or create one first"))
    }

    /// The open project's file.
    pub fn project_path(&self) -> IpcResult<PathBuf> {
        self.with_project(|p| Ok(p.path.clone()))
    }

    /// Marks a run as started; refuses a second one at the same time.
    pub fn begin_run(&self) -> IpcResult<Arc<AtomicBool>> {
        let mut running = lock(&self.running);
        if running.is_some() {
            return Err(IpcError::invalid("a run is already going; wait for it or cancel it"));
        }
        let flag = Arc::new(AtomicBool::new(false));
        *running = Some(flag.clone());
        Ok(flag)
    }

    /// Marks the run as over.
    pub fn end_run(&self) {
        *lock(&self.running) = None;
    }

    /// Asks the run in progress to stop; false when none is running.
    pub fn cancel_run(&self) -> bool {
        match lock(&self.running).as_ref() {
            Some(flag) => {
                flag.store(true, std::sync::atomic::Ordering::Relaxed);
                true
            }
            None => false,
        }
    }
}

/// What the app was started to open: a project file (double-click, "Open
/// with") or, with `--sample`, the sample project.
#[derive(Clone, Default, serde::Serialize, ts_rs::TS)]
pub struct Launch {
    /// A project file.
    pub file: Option<String>,
    /// The sample project.
    pub sample: bool,
}
