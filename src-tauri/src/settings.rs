//! Where the app keeps its files, and the user's settings with the recent
//! projects, persisted as JSON in the platform's config folder.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub use hpi_usecases::folders::Folders;

/// Colour theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Follow the system.
    #[default]
    System,
    /// Light.
    Light,
    /// Dark.
    Dark,
}

/// How numbers are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum NumberFormat {
    /// 1,234.5
    #[default]
    Comma,
    /// 1.234,5
    Dot,
    /// 1 234,5
    Space,
}

/// Which releases updates bring.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum UpdateChannel {
    /// Final releases only.
    #[default]
    Stable,
    /// Pre-releases too, weeks before they become final.
    Beta,
}

impl UpdateChannel {
    /// The name in feed addresses and in the policy.
    pub fn name(self) -> &'static str {
        match self {
            UpdateChannel::Stable => "stable",
            UpdateChannel::Beta => "beta",
        }
    }
}

/// The user's settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct Settings {
    /// Colour theme.
    pub theme: Theme,
    /// Thousands and decimal separators.
    pub number_format: NumberFormat,
    /// Where Open and New start.
    pub default_folder: Option<String>,
    /// Recently opened projects, newest first.
    pub recent: Vec<String>,
    /// Look for updates in the background.
    pub check_updates: bool,
    /// Which releases to update to.
    pub update_channel: UpdateChannel,
    /// The confidence level of the bands on charts, one of `BAND_LEVELS`.
    pub band_level: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            theme: Theme::default(),
            number_format: NumberFormat::default(),
            default_folder: None,
            recent: Vec::new(),
            check_updates: true,
            update_channel: UpdateChannel::default(),
            band_level: hpi_usecases::model::DEFAULT_BAND_LEVEL,
        }
    }
}

const RECENT: usize = 10;

impl Settings {
    fn file(folders: &Folders) -> PathBuf {
        folders.config.join("settings.json")
    }

    /// The saved settings; defaults when there are none or they cannot be read.
    pub fn load(folders: &Folders) -> Settings {
        let path = Self::file(folders);
        match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).unwrap_or_else(|e| {
                log::warn!("{}: unreadable settings, using defaults: {e}", path.display());
                Settings::default()
            }),
            Err(_) => Settings::default(),
        }
    }

    /// Saves the settings atomically (write, then rename).
    pub fn save(&self, folders: &Folders) -> std::io::Result<()> {
        std::fs::create_dir_all(&folders.config)?;
        let path = Self::file(folders);
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, serde_json::to_string_pretty(self).expect("settings serialize"))?;
        std::fs::rename(tmp, path)
    }

    /// Puts `project` first in the recent list.
    pub fn remember(&mut self, project: &Path) {
        let shown = project.display().to_string();
        self.recent.retain(|p| *p != shown);
        self.recent.insert(0, shown);
        self.recent.truncate(RECENT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_survive_a_restart_and_recent_stays_short() {
        let dir = tempfile::tempdir().unwrap();
        let folders = Folders { config: dir.path().join("c"), data: dir.path().join("d"), logs: dir.path().join("l") };
        assert_eq!(Settings::load(&folders), Settings::default());
        let mut s = Settings { theme: Theme::Dark, ..Default::default() };
        for k in 0..12 {
            s.remember(Path::new(&format!("/p/{k}.hpiproj")));
        }
        s.remember(Path::new("/p/3.hpiproj"));
        s.save(&folders).unwrap();
        let back = Settings::load(&folders);
        assert_eq!(back.theme, Theme::Dark);
        assert_eq!(back.recent.len(), 10);
        assert_eq!(back.recent[0], "/p/3.hpiproj");
        assert_eq!(back.recent[1], "/p/11.hpiproj");
        std::fs::write(folders.config.join("settings.json"), "{not json").unwrap();
        assert_eq!(Settings::load(&folders), Settings::default());
    }
}
