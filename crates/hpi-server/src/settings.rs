//! What `hpi serve` is asked to do, checked once before anything binds.

use crate::error::ServerError;
use crate::tokens::Tokens;
use std::net::SocketAddr;
use std::path::PathBuf;

/// The largest request body accepted by default: room for a county's sales file.
pub const DEFAULT_MAX_BODY: usize = 512 << 20;

/// The settings as given.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The address to listen on (port 0: any free port).
    pub bind: SocketAddr,
    /// Where projects (`projects/NAME.hpiproj`) and the token store live.
    pub data_dir: PathBuf,
    /// Runs computed at once.
    pub workers: usize,
    /// The largest request body, in bytes.
    pub max_body: usize,
    /// Host names, besides the bound address and `localhost`, that requests may name.
    pub hosts: Vec<String>,
    /// `/metrics` needs a token like `/v1` (it is open by default, for a local Prometheus).
    pub private_metrics: bool,
    /// Requests per second each token may send (bursts of twice as many).
    pub rate_limit: u32,
    /// Web origins (`https://dashboard.example`) whose pages may call the API; none by default.
    pub cors_origins: Vec<String>,
}

/// Requests per second per token by default: far above what a script or a dashboard sends,
/// and above what the 50-client load test gets from two cores with one token (about 2,500
/// reads a second), while a runaway loop is still held back.
pub const DEFAULT_RATE_LIMIT: u32 = 10_000;

/// Settings that fit together, with the directory made and the token store open.
#[derive(Clone, Debug)]
pub struct Checked {
    pub(crate) settings: Settings,
}

impl Settings {
    /// Checks the settings: workers and body size positive; the data
    /// directory usable; a non-loopback address only once a token exists,
    /// since every `/v1` request then needs one and nobody could be served.
    pub fn check(self) -> Result<Checked, ServerError> {
        if self.workers == 0 {
            return Err(ServerError::Settings("--workers: at least 1".into()));
        }
        if self.max_body == 0 {
            return Err(ServerError::Settings("--max-body: at least 1 byte".into()));
        }
        if self.rate_limit == 0 {
            return Err(ServerError::Settings("--rate-limit: at least 1 request per second".into()));
        }
        for origin in &self.cors_origins {
            let plain = origin.starts_with("http://") || origin.starts_with("https://");
            if !plain || origin.ends_with('/') || origin.parse::<axum::http::HeaderValue>().is_err() {
                return Err(ServerError::Settings(format!(
                    "--cors-origin {origin}: an origin is a scheme and a host, e.g. https://dashboard.example"
                )));
            }
        }
        let dir = self.data_dir.display().to_string();
        let unusable = |e: std::io::Error| ServerError::DataDir { dir: dir.clone(), reason: e.to_string() };
        std::fs::create_dir_all(self.data_dir.join("projects")).map_err(unusable)?;
        let tokens = Tokens::open(&self.data_dir)?;
        if !self.bind.ip().is_loopback() && tokens.count()? == 0 {
            return Err(ServerError::Settings(format!(
                "--bind {}: not a loopback address, and no token exists; create one first with \
                 `hpi serve token create --data-dir {dir} --name NAME`",
                self.bind
            )));
        }
        Ok(Checked { settings: self })
    }
}
