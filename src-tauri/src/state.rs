//! What the app holds while it runs: its folders and settings, the open
//! project, and the run in progress (to cancel it).

use crate::error::{IpcError, IpcResult};
use crate::policy::Policy;
use crate::settings::{Folders, Settings};
use hpi_usecases::model::Project;
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
    /// The user's own settings, saved on every change.
    pub settings: Mutex<Settings>,
    /// The organization's policy, which overrides them.
    pub policy: Policy,
    /// The open project.
    pub open: Mutex<Option<OpenProject>>,
    /// Set to cancel the run in progress; `None` when none is running.
    pub running: Mutex<Option<Arc<AtomicBool>>>,
    /// The update found and what became of the last check.
    pub updates: Updates,
}

/// The update found, and what became of the last check (kept by `updates.rs`).
#[derive(Default)]
pub struct Updates {
    pub(crate) found: Mutex<Option<tauri_plugin_updater::Update>>,
    pub(crate) last: Mutex<Option<(std::time::Instant, String)>>,
    pub(crate) installed: Mutex<Option<String>>,
}

pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic in one command must not lock the user out of the app.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl AppState {
    /// State with the saved settings.
    pub fn new(folders: Folders) -> Self {
        let settings = Settings::load(&folders);
        AppState {
            folders,
            settings: Mutex::new(settings),
            policy: Policy::load(),
            open: Mutex::new(None),
            running: Mutex::new(None),
            updates: Updates::default(),
        }
    }

    /// The user's own settings.
    pub fn settings(&self) -> MutexGuard<'_, Settings> {
        lock(&self.settings)
    }

    /// The settings in force: the user's, with what the policy fixes.
    pub fn effective_settings(&self) -> Settings {
        self.policy.applied_to(self.settings().clone())
    }

    /// Saves changed settings; a setting the policy fixes cannot be changed.
    pub fn save_settings(&self, mut settings: Settings) -> IpcResult<Settings> {
        let own = self.settings().clone();
        let policy = &self.policy;
        let folder = policy.default_project_folder.clone().map(Some);
        keep_own(&mut settings.default_folder, folder, &own.default_folder, "the default folder")?;
        keep_own(&mut settings.check_updates, policy.updates, &own.check_updates, "looking for updates")?;
        keep_own(&mut settings.update_channel, policy.channel, &own.update_channel, "the update channel")?;
        if !hpi_usecases::model::BAND_LEVELS.contains(&settings.band_level) {
            return Err(IpcError::invalid(format!("{} is not a confidence level the app offers", settings.band_level)));
        }
        settings.save(&self.folders).map_err(|e| IpcError::io(format!("cannot save the settings: {e}")))?;
        *self.settings() = settings.clone();
        Ok(self.policy.applied_to(settings))
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

    /// Whether a run is going.
    pub fn is_running(&self) -> bool {
        lock(&self.running).is_some()
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

/// A setting the policy fixes keeps the user's own value underneath it. The
/// window sends the value in force (the policy's) or the user's own (when it
/// saves something else); any other value is an attempt to change it.
fn keep_own<T: PartialEq + Clone>(incoming: &mut T, fixed: Option<T>, own: &T, what: &str) -> IpcResult<()> {
    let Some(fixed) = fixed else { return Ok(()) };
    if *incoming != fixed && incoming != own {
        return Err(IpcError::invalid(format!("{what} is managed by your organization and cannot be changed here")));
    }
    *incoming = own.clone();
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::UpdateChannel;

    /// An app state in a fresh home under `policy` (JSON); keep the folder alive.
    fn under_policy(policy: &str) -> (tempfile::TempDir, AppState) {
        let home = tempfile::tempdir().unwrap();
        let folders =
            Folders { config: home.path().join("c"), data: home.path().join("d"), logs: home.path().join("l") };
        let mut state = AppState::new(folders);
        state.policy = Policy::from_json(policy, "test");
        (home, state)
    }

    #[test]
    fn a_folder_fixed_by_policy_is_in_force_and_locked() {
        let (_home, state) = under_policy(r#"{"DefaultProjectFolder": "/srv/hpi"}"#);
        assert_eq!(state.effective_settings().default_folder.as_deref(), Some("/srv/hpi"));
        let mut changed = state.effective_settings();
        changed.default_folder = Some("/home/me".into());
        let e = state.save_settings(changed).unwrap_err();
        assert!(e.message.contains("managed by your organization"), "{}", e.message);
        // Other settings still save, and recent projects are still remembered.
        let mut dark = state.effective_settings();
        dark.theme = crate::settings::Theme::Dark;
        assert_eq!(state.save_settings(dark).unwrap().default_folder.as_deref(), Some("/srv/hpi"));
        state.set_open(Path::new("/srv/hpi/a.hpiproj"), Project::open_in_memory().unwrap());
        assert_eq!(state.settings().recent, ["/srv/hpi/a.hpiproj"]);
        assert_eq!(state.settings().default_folder, None, "the user's own folder is kept apart");
    }

    #[test]
    fn updates_fixed_by_policy_stay_fixed() {
        let (_home, state) = under_policy(r#"{"Updates": false, "Channel": "beta"}"#);
        let in_force = state.effective_settings();
        assert_eq!((in_force.check_updates, in_force.update_channel), (false, UpdateChannel::Beta));
        // The window can only send the value in force or the user's own:
        // either way the policy stays in force and the user's choice underneath.
        let mut mine = in_force.clone();
        (mine.check_updates, mine.update_channel) = (true, UpdateChannel::Stable);
        let saved = state.save_settings(mine).unwrap();
        assert_eq!((saved.check_updates, saved.update_channel), (false, UpdateChannel::Beta));
        assert_eq!(state.settings().update_channel, UpdateChannel::Stable);
        assert!(state.settings().check_updates, "the user's own choice is kept under the policy");
    }
}
