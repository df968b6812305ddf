//! Updates: where to look (the organization's mirror, or the channel the user
//! chose), a background check that never runs during a run and stays quiet
//! offline, and installing the update the user accepted. The plugin checks
//! the signature against the public key in the config (`plugins.updater`),
//! bound to the announced version (`requireSignedVersion`).

use crate::error::{IpcError, IpcResult};
use crate::policy::Policy;
use crate::settings::Settings;
use crate::state::{lock, AppState};
use hpi_usecases::ErrorCode;
use serde::Serialize;

use std::time::{Duration, Instant};
use tauri::ipc::Channel;
use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_updater::{Update, UpdaterExt};
use ts_rs::TS;

/// The public feeds: fixed-tag releases holding `latest.json`, written by
/// `.github/workflows/release.yml`. `{channel}` is `stable` or `beta`; an
/// organization's `UpdateUrl` may use it too.
pub const FEED: &str = "https://github.com/hpi-studio/hpi-studio/releases/download/channel-{channel}/latest.json";

/// Let the window come up and the user start before the first look.
const FIRST: Duration = Duration::from_secs(8);
const EVERY: Duration = Duration::from_secs(6 * 3600);
/// After a failed check (offline, proxy, server down).
const RETRY: Duration = Duration::from_secs(30 * 60);
/// While checks are off or a run is going: look at the situation again.
const SOON: Duration = Duration::from_secs(60);
const TIMEOUT: Duration = Duration::from_secs(30);
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// A newer version, as the window shows it.
#[derive(Clone, Serialize, TS)]
pub struct UpdateOffer {
    /// The new version.
    pub version: String,
    /// This version.
    pub current: String,
    /// What changed (the release notes).
    pub notes: String,
    /// When it was published (`YYYY-MM-DD`).
    pub date: Option<String>,
}

impl UpdateOffer {
    fn of(update: &Update) -> Self {
        UpdateOffer {
            version: update.version.clone(),
            current: update.current_version.clone(),
            notes: update.body.clone().unwrap_or_default(),
            date: update.date.map(|d| d.date().to_string()),
        }
    }
}

/// Updates as the Settings screen shows them.
#[derive(Serialize, TS)]
pub struct UpdateStatus {
    /// This version.
    pub current: String,
    /// Why this copy cannot update itself; `None` when it can.
    pub unavailable: Option<String>,
    /// The address checked.
    pub feed: Option<String>,
    /// Whether looking for updates is fixed by the organization.
    pub check_locked: bool,
    /// Whether the channel is fixed by the organization (or its update server).
    pub channel_locked: bool,
    /// What the last check found, in plain words.
    pub last_check: Option<String>,
    /// The update found and not yet installed.
    pub offer: Option<UpdateOffer>,
    /// The version installed and waiting for a restart.
    pub installed: Option<String>,
}

/// What the window hears while an update is installed.
#[derive(Clone, Serialize, TS)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum UpdateEvent {
    /// Bytes downloaded so far, of `total` when the server said.
    Downloading {
        /// Bytes so far.
        done: u64,
        /// Bytes in all.
        total: Option<u64>,
    },
    /// Downloaded; checking the signature.
    Verifying,
    /// The signature matches; the installer is running.
    Installing,
}

/// Where this copy looks for updates, or why it cannot update itself.
/// `settings` are the ones in force; `installed`: the app runs from one of
/// its installers (not a build folder).
pub fn feed(policy: &Policy, settings: &Settings, pubkey: &str, installed: bool) -> Result<String, String> {
    if policy.updates == Some(false) {
        return Err("Your organization has turned updates off.".into());
    }
    if pubkey.trim().is_empty() {
        return Err("This copy was not built by the release workflow, so it cannot verify updates.".into());
    }
    if !installed {
        return Err("This copy was not installed by an HPI Studio installer, so it cannot replace itself.".into());
    }
    let address = policy.update_url.as_deref().unwrap_or(FEED);
    Ok(address.replace("{channel}", settings.update_channel.name()))
}

fn public_key(app: &AppHandle) -> String {
    let updater = app.config().plugins.0.get("updater");
    updater.and_then(|u| u.get("pubkey")).and_then(|k| k.as_str()).unwrap_or_default().to_owned()
}

fn where_to_look(app: &AppHandle) -> Result<String, String> {
    let state = app.state::<AppState>();
    // macOS apps are always in a bundle; elsewhere the installer marks the binary.
    let installed = cfg!(target_os = "macos") || tauri::utils::platform::bundle_type().is_some();
    feed(&state.policy, &state.effective_settings(), &public_key(app), installed)
}

/// The status for the Settings screen.
pub fn status(app: &AppHandle) -> UpdateStatus {
    let state = app.state::<AppState>();
    let feed = where_to_look(app);
    let policy = &state.policy;
    let url_decides = policy.update_url.as_ref().is_some_and(|u| !u.contains("{channel}"));
    let last = lock(&state.updates.last).as_ref().map(|(at, what)| format!("{what} ({})", ago(at.elapsed())));
    let offer = lock(&state.updates.found).as_ref().map(UpdateOffer::of);
    let installed = lock(&state.updates.installed).clone();
    UpdateStatus {
        current: app.package_info().version.to_string(),
        unavailable: feed.as_ref().err().cloned(),
        feed: feed.ok(),
        check_locked: policy.updates.is_some(),
        channel_locked: policy.channel.is_some() || url_decides,
        last_check: last,
        offer,
        installed,
    }
}

fn ago(d: Duration) -> String {
    match d.as_secs() / 60 {
        0 => "just now".into(),
        1 => "a minute ago".into(),
        m if m < 120 => format!("{m} minutes ago"),
        m => format!("{} hours ago", m / 60),
    }
}

/// Asks the feed for a newer version.
pub async fn check(app: &AppHandle) -> IpcResult<Option<UpdateOffer>> {
    let url = where_to_look(app).map_err(IpcError::invalid)?;
    let parsed = url.parse().map_err(|e| IpcError::invalid(format!("the update address {url} is not valid: {e}")))?;
    let updater = app
        .updater_builder()
        .endpoints(vec![parsed])
        .and_then(|b| b.timeout(TIMEOUT).build())
        .map_err(|e| refused(e, &url))?;
    log::info!("looking for updates at {url}");
    let found = updater.check().await;
    let state = app.state::<AppState>();
    let current = app.package_info().version.to_string();
    let outcome = match &found {
        Ok(Some(update)) => format!("HPI Studio {} is available", update.version),
        Ok(None) => format!("HPI Studio {current} is the newest version"),
        Err(e) => format!("Could not reach the update server: {e}"),
    };
    log::info!("{outcome}");
    *lock(&state.updates.last) = Some((Instant::now(), outcome));
    let found = found.map_err(|e| refused(e, &url))?;
    let offer = found.as_ref().map(UpdateOffer::of);
    *lock(&state.updates.found) = found;
    Ok(offer)
}

/// Downloads, verifies and installs the update found; the new version starts
/// with the next start (the window offers to restart now).
pub async fn install(app: &AppHandle, events: &Channel<UpdateEvent>) -> IpcResult<String> {
    let state = app.state::<AppState>();
    if state.is_running() {
        return Err(IpcError::invalid("a run is going; install the update when it has finished"));
    }
    let Some(update) = lock(&state.updates.found).clone() else {
        return Err(IpcError::invalid("there is no update to install; look for one first"));
    };
    let send = |e: UpdateEvent| {
        if let Err(err) = events.send(e) {
            log::debug!("update progress not delivered: {err}");
        }
    };
    let (mut done, mut last) = (0u64, None::<Instant>);
    log::info!("installing HPI Studio {} from {}", update.version, update.download_url);
    let on_chunk = |chunk: usize, total: Option<u64>| {
        done += chunk as u64;
        if last.is_none_or(|t| t.elapsed() >= PROGRESS_EVERY) || Some(done) == total {
            last = Some(Instant::now());
            send(UpdateEvent::Downloading { done, total });
        }
    };
    // Download (the plugin verifies the signature), then install.
    let installed = match update.download(on_chunk, || send(UpdateEvent::Verifying)).await {
        Ok(bytes) => {
            send(UpdateEvent::Installing);
            update.install(bytes)
        }
        Err(e) => Err(e),
    };
    if let Err(e) = installed {
        // A refused download is not offered again; the next check finds it anew.
        *lock(&state.updates.found) = None;
        let e = refused(e, update.download_url.as_str());
        log::error!("update to {} not installed: {}", update.version, e.message);
        return Err(e);
    }
    log::info!("HPI Studio {} installed; it starts with the next start", update.version);
    *lock(&state.updates.found) = None;
    *lock(&state.updates.installed) = Some(update.version.clone());
    Ok(update.version)
}

/// The plugin's error in plain words, with the code the window acts on.
fn refused(e: tauri_plugin_updater::Error, url: &str) -> IpcError {
    use tauri_plugin_updater::Error as E;
    let (code, message) = match &e {
        E::Minisign(_)
        | E::Base64(_)
        | E::SignatureUtf8(_)
        | E::SignedVersionMismatch { .. }
        | E::MissingSignedVersion
        | E::InvalidUpdaterFormat => (
            ErrorCode::Untrusted,
            format!("the update from {url} is not signed by the HPI Studio developers, so it was not installed ({e})"),
        ),
        E::Reqwest(_)
        | E::Network(_)
        | E::ReleaseNotFound
        | E::Serialization(_)
        | E::TargetNotFound(_)
        | E::TargetsNotFound(_)
        | E::InsecureTransportProtocol => (ErrorCode::Network, format!("could not get the update from {url}: {e}")),
        E::AuthenticationFailed | E::PackageInstallFailed | E::DebInstallFailed | E::Io(_) => {
            (ErrorCode::Io, format!("the update could not be installed: {e}"))
        }
        _ => (ErrorCode::Internal, format!("the update failed: {e}")),
    };
    IpcError { code, message, hints: Vec::new(), details: Vec::new() }
}

/// Looks for updates in the background for as long as the app runs.
pub fn watch(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        let mut wait = FIRST;
        loop {
            tokio::time::sleep(wait).await;
            match next(&app).await {
                Some(after) => wait = after,
                None => return,
            }
        }
    });
}

/// One background round; how long until the next, `None` for never.
async fn next(app: &AppHandle) -> Option<Duration> {
    if let Err(why) = where_to_look(app) {
        log::info!("no background update checks: {why}");
        return None;
    }
    let state = app.state::<AppState>();
    let found_already = lock(&state.updates.found).is_some() || lock(&state.updates.installed).is_some();
    if !state.effective_settings().check_updates || state.is_running() || found_already {
        return Some(SOON);
    }
    match check(app).await {
        Ok(Some(offer)) => {
            if let Err(e) = app.emit("update-available", offer) {
                log::warn!("could not tell the window about the update: {e}");
            }
            Some(EVERY)
        }
        Ok(None) => Some(EVERY),
        Err(e) => {
            // Offline is normal for this app: no message in the window, only the log.
            log::warn!("{}; next try in {} minutes", e.message, RETRY.as_secs() / 60);
            Some(RETRY)
        }
    }
}

#[cfg(test)]
mod tests {

    /// Fuzzing the update manifest's reader (`crate::mutate`): `latest.json`
    /// comes from a server, so any bytes; the updater's parser gives a release
    /// or an error, never a panic, and never a release without a version.
    #[test]
    fn any_manifest_text_is_read_or_refused() {
        let seed = r#"{"version": "0.2.0", "notes": "Fixes.", "pub_date": "2026-12-01T10:00:00Z",
            "platforms": {"linux-x86_64": {"signature": "dW50cnVzdGVk", "url": "https://example.invalid/hpi.AppImage"},
            "windows-x86_64-msi": {"signature": "c2ln", "url": "https://example.invalid/hpi.msi"}}}"#;
        let dynamic = r#"{"version": "v1.0.0", "url": "https://example.invalid/hpi.tar.gz", "signature": "c2ln"}"#;
        let mut m = crate::mutate::Mutator::new(18);
        let n = crate::mutate::executions(20_000);
        let mut accepted = 0;
        for k in 0..n {
            let text = m.mutate(if k % 4 == 3 { dynamic } else { seed });
            if let Ok(release) = serde_json::from_str::<tauri_plugin_updater::RemoteRelease>(&text) {
                accepted += 1;
                assert!(!release.version.to_string().is_empty(), "{text}");
            }
        }
        assert!(accepted > 0 && accepted < n, "the mutations reach both outcomes: {accepted} of {n} read");
    }

    use super::*;
    use crate::settings::UpdateChannel;

    const KEY: &str = "dW50cnVzdGVkIGNvbW1lbnQ6IG1pbmlzaWduIHB1YmxpYyBrZXk=";

    #[test]
    fn the_feed_follows_policy_and_channel() {
        let beta = Settings { update_channel: UpdateChannel::Beta, ..Settings::default() };
        let none = Policy::default();
        assert_eq!(feed(&none, &Settings::default(), KEY, true).unwrap(), FEED.replace("{channel}", "stable"));
        assert_eq!(feed(&none, &beta, KEY, true).unwrap(), FEED.replace("{channel}", "beta"));
        let mirror = Policy::from_json(r#"{"UpdateUrl": "https://mirror.example/hpi/{channel}.json"}"#, "t");
        assert_eq!(feed(&mirror, &beta, KEY, true).unwrap(), "https://mirror.example/hpi/beta.json");
        let off = Policy::from_json(r#"{"Updates": false, "UpdateUrl": "https://mirror.example/x.json"}"#, "t");
        assert!(feed(&off, &beta, KEY, true).unwrap_err().contains("organization"));
        assert!(feed(&none, &beta, " ", true).unwrap_err().contains("cannot verify"));
        assert!(feed(&none, &beta, KEY, false).unwrap_err().contains("not installed by"));
    }

    #[test]
    fn ages_read_as_words() {
        assert_eq!(ago(Duration::from_secs(30)), "just now");
        assert_eq!(ago(Duration::from_secs(61)), "a minute ago");
        assert_eq!(ago(Duration::from_secs(600)), "10 minutes ago");
        assert_eq!(ago(Duration::from_secs(3 * 3600)), "3 hours ago");
    }
}
