//! Organization policy: settings an IT department fixes for every user of a
//! machine, which override (and lock) the user's own. Read once at start from
//! the platform's place for it:
//! - Windows: `HKLM\Software\Policies\HPI Studio` (values `Updates` DWORD,
//!   `UpdateUrl`, `Channel`, `DefaultProjectFolder` strings);
//! - macOS: the managed preferences of `org.hpistudio.desktop` (a
//!   configuration profile, `/Library/Managed Preferences`);
//! - Linux: `/etc/hpi-studio/policy.json` with the same keys.
//!
//! `HPI_STUDIO_POLICY` names a JSON file to read instead (tests, and machines
//! managed by file on any platform).

use crate::settings::{Settings, UpdateChannel};
use serde::Serialize;
use serde_json::{Map, Value};

/// The policy as read, with what could not be used.
#[derive(Clone, Debug, Default, PartialEq, Serialize, ts_rs::TS)]
pub struct Policy {
    /// Where it was read from; `None` when the machine has no policy.
    pub source: Option<String>,
    /// Whether the app may look for updates; `None`: the user decides.
    pub updates: Option<bool>,
    /// The update feed to use instead of the public one (an internal mirror).
    pub update_url: Option<String>,
    /// The update channel.
    pub channel: Option<UpdateChannel>,
    /// Where New and Open start, for everyone.
    pub default_project_folder: Option<String>,
    /// Keys or values that were not understood, in plain words.
    pub problems: Vec<String>,
}

/// The file read on Linux.
#[cfg(target_os = "linux")]
const LINUX_FILE: &str = "/etc/hpi-studio/policy.json";

impl Policy {
    /// The user's `settings` with what this policy fixes put in.
    pub fn applied_to(&self, mut settings: Settings) -> Settings {
        if let Some(folder) = &self.default_project_folder {
            settings.default_folder = Some(folder.clone());
        }
        if let Some(updates) = self.updates {
            settings.check_updates = updates;
        }
        if let Some(channel) = self.channel {
            settings.update_channel = channel;
        }
        settings
    }

    /// The machine's policy (none when nothing is set).
    pub fn load() -> Policy {
        let policy = match std::env::var_os("HPI_STUDIO_POLICY") {
            Some(path) => Self::from_file(std::path::Path::new(&path)),
            None => Self::from_platform(),
        };
        // Only a policy that was found can have problems.
        if let Some(source) = &policy.source {
            log::info!("organization policy read from {source}");
            for problem in &policy.problems {
                log::error!("organization policy ({source}): {problem}");
            }
        }
        policy
    }

    fn from_file(path: &std::path::Path) -> Policy {
        let source = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => Self::from_json(&text, &source),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Policy::default(),
            Err(e) => Self::unreadable(&source, &e.to_string()),
        }
    }

    /// A policy file that exists but cannot be used: updates stay off, since
    /// an administrator who wrote one most likely meant to control them.
    fn unreadable(source: &str, why: &str) -> Policy {
        Policy {
            source: Some(source.to_owned()),
            updates: Some(false),
            problems: vec![format!("cannot read it ({why}); updates are off until it is fixed")],
            ..Policy::default()
        }
    }

    /// A policy from its JSON text (`{"Updates": false, "UpdateUrl": …}`).
    pub fn from_json(text: &str, source: &str) -> Policy {
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => Self::from_map(&map, source),
            Ok(_) => Self::unreadable(source, "it is not a JSON object"),
            Err(e) => Self::unreadable(source, &format!("not valid JSON: {e}")),
        }
    }

    /// A policy from named values, however the platform stores them.
    fn from_map(map: &Map<String, Value>, source: &str) -> Policy {
        let mut p = Policy { source: Some(source.to_owned()), ..Policy::default() };
        for (key, value) in map {
            let text = || value.as_str().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
            match key.as_str() {
                // Registry DWORDs arrive as numbers; the MSI's properties as strings.
                "Updates" => match (value, text().as_deref()) {
                    (Value::Bool(b), _) => p.updates = Some(*b),
                    (Value::Number(n), _) if n.as_u64() == Some(0) || n.as_u64() == Some(1) => {
                        p.updates = Some(n.as_u64() == Some(1))
                    }
                    // "#1": a DWORD read back by the MSI's RegistrySearch and written as a string.
                    (_, Some("1" | "#1" | "true")) => p.updates = Some(true),
                    (_, Some("0" | "#0" | "false")) => p.updates = Some(false),
                    _ => {
                        p.updates = Some(false);
                        p.problems
                            .push(format!("Updates must be true or false (or 1 or 0), not {value}; updates are off"));
                    }
                },
                "UpdateUrl" => match text() {
                    Some(url) if url.starts_with("https://") || url.starts_with("http://") => p.update_url = Some(url),
                    _ => p.problems.push(format!("UpdateUrl must be an http(s) address, not {value}")),
                },
                "Channel" => match text().as_deref() {
                    Some("stable") => p.channel = Some(UpdateChannel::Stable),
                    Some("beta") => p.channel = Some(UpdateChannel::Beta),
                    _ => p.problems.push(format!("Channel must be \"stable\" or \"beta\", not {value}")),
                },
                "DefaultProjectFolder" => match text() {
                    Some(folder) => p.default_project_folder = Some(folder),
                    None => p.problems.push(format!("DefaultProjectFolder must be a folder, not {value}")),
                },
                other => p
                    .problems
                    .push(format!("unknown key {other:?} (known: Updates, UpdateUrl, Channel, DefaultProjectFolder)")),
            }
        }
        p
    }

    #[cfg(target_os = "linux")]
    fn from_platform() -> Policy {
        Self::from_file(std::path::Path::new(LINUX_FILE))
    }

    #[cfg(target_os = "macos")]
    fn from_platform() -> Policy {
        // Configuration profiles land here; plutil (part of macOS) turns the
        // property list into JSON, read like the Linux file.
        let file = "/Library/Managed Preferences/org.hpistudio.desktop.plist";
        if !std::path::Path::new(file).exists() {
            return Policy::default();
        }
        match std::process::Command::new("/usr/bin/plutil").args(["-convert", "json", "-o", "-", file]).output() {
            Ok(out) if out.status.success() => Self::from_json(&String::from_utf8_lossy(&out.stdout), file),
            Ok(out) => Self::unreadable(file, String::from_utf8_lossy(&out.stderr).trim()),
            Err(e) => Self::unreadable(file, &e.to_string()),
        }
    }

    #[cfg(windows)]
    fn from_platform() -> Policy {
        use winreg::enums::HKEY_LOCAL_MACHINE;
        let source = r"HKLM\Software\Policies\HPI Studio";
        let key = match winreg::RegKey::predef(HKEY_LOCAL_MACHINE).open_subkey(r"Software\Policies\HPI Studio") {
            Ok(key) => key,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Policy::default(),
            Err(e) => return Self::unreadable(source, &e.to_string()),
        };
        let mut map = Map::new();
        for (name, _) in key.enum_values().flatten() {
            let value = match key.get_value::<u32, _>(&name) {
                Ok(n) => Value::from(n),
                Err(_) => key.get_value::<String, _>(&name).map(Value::from).unwrap_or(Value::Null),
            };
            map.insert(name, value);
        }
        Self::from_map(&map, source)
    }

    #[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
    fn from_platform() -> Policy {
        Policy::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_read() {
        let p = Policy::from_json(
            r#"{"Updates": false, "UpdateUrl": "https://mirror.example/hpi/latest.json", "Channel": "beta",
                "DefaultProjectFolder": "/srv/hpi"}"#,
            "/etc/hpi-studio/policy.json",
        );
        assert_eq!(p.updates, Some(false));
        assert_eq!(p.update_url.as_deref(), Some("https://mirror.example/hpi/latest.json"));
        assert_eq!(p.channel, Some(UpdateChannel::Beta));
        assert_eq!(p.default_project_folder.as_deref(), Some("/srv/hpi"));
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        // Registry DWORDs arrive as numbers, the MSI's properties as strings.
        assert_eq!(Policy::from_json(r#"{"Updates": 1}"#, "reg").updates, Some(true));
        assert_eq!(Policy::from_json(r#"{"Updates": "0"}"#, "msi").updates, Some(false));
    }

    #[test]
    fn mistakes_are_named_and_keep_updates_off() {
        let p = Policy::from_json(r#"{"Updates": "no", "Channel": "nightly", "Colour": "red"}"#, "f");
        assert_eq!(p.updates, Some(false));
        assert_eq!(p.channel, None);
        assert_eq!(p.problems.len(), 3, "{:?}", p.problems);
        assert!(p.problems.iter().any(|m| m.contains("\"Colour\"")));
        let broken = Policy::from_json("{ Updates: false", "/etc/hpi-studio/policy.json");
        assert_eq!((broken.updates, broken.source.as_deref()), (Some(false), Some("/etc/hpi-studio/policy.json")));
        assert!(broken.problems[0].contains("not valid JSON"));
    }

    /// Fuzzing the policy reader (`crate::mutate`): whatever the file or the
    /// registry holds, it never panics, and what it accepts is well formed.
    #[test]
    fn any_policy_text_is_read_or_named_as_a_mistake() {
        let seeds = [
            r#"{"Updates": false, "UpdateUrl": "https://mirror.example/hpi/latest.json", "Channel": "beta", "DefaultProjectFolder": "/srv/hpi"}"#,
            r#"{"Updates": 1, "Channel": "stable"}"#,
            r##"{"Updates": "#0", "UpdateUrl": "http://intranet/hpi/latest.json"}"##,
        ];
        let mut m = crate::mutate::Mutator::new(19);
        let n = crate::mutate::executions(20_000);
        for k in 0..n {
            let text = m.mutate(seeds[k as usize % seeds.len()]);
            let p = Policy::from_json(&text, "fuzz");
            assert!(
                p.update_url.as_ref().is_none_or(|u| u.starts_with("https://") || u.starts_with("http://")),
                "{text}"
            );
            assert!(p.default_project_folder.as_ref().is_none_or(|f| !f.trim().is_empty()), "{text}");
            if p.problems.iter().any(|m| m.starts_with("Updates must") || m.contains("not valid JSON")) {
                assert_eq!(p.updates, Some(false), "a mistake keeps updates off: {text}");
            }
        }
    }

    #[test]
    fn no_file_is_no_policy() {
        let d = tempfile::tempdir().unwrap();
        assert_eq!(Policy::from_file(&d.path().join("policy.json")), Policy::default());
    }
}
