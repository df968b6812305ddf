//! Where HPI Studio keeps its own files on this machine: one decision for
//! the app and the CLI, so that both find the same settings and the same
//! record of projects already checked here.

use std::path::PathBuf;

/// HPI Studio's folders.
#[derive(Clone, Debug)]
pub struct Folders {
    /// Settings.
    pub config: PathBuf,
    /// The sample project, the record of checked projects and other data the app makes.
    pub data: PathBuf,
    /// Rotating log files.
    pub logs: PathBuf,
}

impl Folders {
    /// The platform's folders for HPI Studio; `HPI_STUDIO_HOME` puts all of
    /// them under one folder instead (tests, portable installs).
    pub fn locate() -> Folders {
        if let Some(home) = std::env::var_os("HPI_STUDIO_HOME") {
            let home = PathBuf::from(home);
            return Folders { config: home.join("config"), data: home.join("data"), logs: home.join("logs") };
        }
        match directories::ProjectDirs::from("org", "HPI Studio", "HPI Studio") {
            Some(dirs) => Folders {
                config: dirs.config_dir().to_owned(),
                data: dirs.data_dir().to_owned(),
                logs: dirs.data_local_dir().join("logs"),
            },
            None => {
                // No home folder at all (a locked-down service account): work beside the binary's temp dir.
                let base = std::env::temp_dir().join("hpi-studio");
                Folders { config: base.join("config"), data: base.join("data"), logs: base.join("logs") }
            }
        }
    }

    /// The record of the projects whose integrity was checked on this machine.
    pub fn known_projects(&self) -> PathBuf {
        self.data.join("checked-projects.tsv")
    }
}
