//! `hpi batch PLAN.toml --server URL`: the plan's runs submitted to `hpi serve`
//! as jobs, which its workers run side by side; one progress display while they
//! run, each run's output files downloaded as it ends, and the same summary
//! table and exit codes as a batch run here. Ctrl-C cancels the jobs still
//! queued or running on the server.

use super::batch::Ended;
use crate::error::CliError;
use hpi_server::{ApiError, Job, JobStatus, Queued};
use hpi_usecases::batch::{Plan, PlanItem};
use indicatif::ProgressBar;
use reqwest::blocking::{Client, RequestBuilder};
use reqwest::Method;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Where the token comes from: an environment variable, never the command line, which
/// other users of the machine can read.
pub const TOKEN_VARIABLE: &str = "HPI_TOKEN";

/// How often the jobs are asked how far they are.
const POLL: Duration = Duration::from_millis(250);

/// The server, and the token every request carries.
struct Api {
    client: Client,
    url: String,
    token: String,
}

/// A refusal or a failure to reach the server, in words.
type Failure = String;

impl Api {
    fn new(url: &str) -> Result<Api, CliError> {
        let token = std::env::var(TOKEN_VARIABLE).ok().filter(|t| !t.trim().is_empty()).ok_or_else(|| {
            CliError::Usage(format!(
                "--server needs a token in the {TOKEN_VARIABLE} environment variable \
                 (`hpi serve token create` makes one on the server)"
            ))
        })?;
        let parsed = reqwest::Url::parse(url)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some() && u.query().is_none())
            .ok_or_else(|| {
                CliError::Usage(format!("--server {url}: give the server's address, like http://127.0.0.1:8787"))
            })?;
        // rustls with the ring provider, as the app's updater has it: no C toolchain beyond
        // ring's, and the operating system's certificates for an https server.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(600))
            .user_agent(concat!("hpi-batch/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| CliError::Usage(format!("--server {url}: {e}")))?;
        Ok(Api { client, url: parsed.as_str().trim_end_matches('/').to_owned(), token: token.trim().to_owned() })
    }

    /// A request to `path` on the server, with the token.
    fn at(&self, method: Method, path: &str) -> RequestBuilder {
        self.client.request(method, format!("{}{path}", self.url)).bearer_auth(&self.token)
    }

    fn get(&self, path: &str) -> RequestBuilder {
        self.at(Method::GET, path)
    }

    /// Sends `request`: the answer's body when it succeeded, else the server's refusal.
    fn send(&self, request: RequestBuilder) -> Result<Vec<u8>, Failure> {
        let answer = request.send().map_err(|e| format!("the server at {} did not answer: {e}", self.url))?;
        let status = answer.status();
        let body = answer.bytes().map_err(|e| format!("the server's answer broke off: {e}"))?.to_vec();
        if status.is_success() {
            return Ok(body);
        }
        Err(match serde_json::from_slice::<ApiError>(&body) {
            Ok(refusal) => words(&refusal),
            Err(_) => format!("the server answered {status}"),
        })
    }

    fn json<T: serde::de::DeserializeOwned>(&self, request: RequestBuilder) -> Result<T, Failure> {
        let body = self.send(request)?;
        serde_json::from_slice(&body)
            .map_err(|e| format!("the server's answer is not what hpi {} expects: {e}", env!("CARGO_PKG_VERSION")))
    }
}

fn words(refusal: &ApiError) -> String {
    match &refusal.hint {
        Some(hint) => format!("{}; {hint}", refusal.message),
        None => refusal.message.clone(),
    }
}

/// The server's project a run of the plan goes to: its project file's name without
/// `.hpiproj`, as the server keeps projects (`study.hpiproj` runs in `study`).
fn project_name(item: &PlanItem) -> String {
    item.project.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// One run of the plan on the server.
struct Submitted<'a> {
    item: &'a PlanItem,
    project: String,
    job: Result<i64, Failure>,
    ended: Option<Ended>,
}

/// Submits every run of `plan` to the server at `url`, follows them on `bar`, downloads
/// their outputs; how each ended.
pub fn run(plan: &Plan, url: &str, bar: &ProgressBar, say: &dyn Fn(String)) -> Result<Vec<Ended>, CliError> {
    let api = Api::new(url)?;
    // A wrong address or token stops the batch before anything is submitted.
    api.json::<serde_json::Value>(api.get("/v1/projects?limit=1"))
        .map_err(|message| CliError::Remote { url: api.url.clone(), message })?;
    let interrupted = on_ctrl_c();
    let mut runs: Vec<Submitted> = plan
        .items
        .iter()
        .map(|item| {
            let project = project_name(item);
            let post = api.at(Method::POST, &format!("/v1/projects/{project}/runs")).json(&item.request);
            let job = api.json::<Queued>(post).map(|q| q.job);
            match &job {
                Ok(id) => say(format!("{}: job {id} on {}", item.name, api.url)),
                Err(e) => say(format!("{}: not submitted: {e}", item.name)),
            }
            Submitted { item, project, job, ended: None }
        })
        .collect();
    let mut cancelled = false;
    loop {
        if interrupted.load(Ordering::Relaxed) && !cancelled {
            cancelled = true;
            say("interrupted: cancelling the jobs still queued or running on the server".into());
            for r in runs.iter().filter(|r| r.ended.is_none()) {
                if let Ok(id) = r.job {
                    let _ = api.send(api.at(Method::DELETE, &format!("/v1/jobs/{id}")));
                }
            }
        }
        let mut running = None;
        for r in runs.iter_mut().filter(|r| r.ended.is_none()) {
            let id = match &r.job {
                Ok(id) => *id,
                Err(e) => {
                    r.ended = Some(ended(r.item, 0.0, Err(e.clone())));
                    bar.inc(1);
                    continue;
                }
            };
            let job = match api.json::<Job>(api.get(&format!("/v1/jobs/{id}"))) {
                Ok(job) => job,
                Err(e) => {
                    r.ended = Some(ended(r.item, 0.0, Err(format!("job {id}: {e}"))));
                    bar.inc(1);
                    continue;
                }
            };
            match job.status {
                JobStatus::Queued => {}
                JobStatus::Running => running = running.or(Some((r.item.name.clone(), job.progress))),
                _ => {
                    let result = outcome(&api, r, &job);
                    let line = match &result {
                        Ok((run, _)) => format!("{}: saved as run {run} in {} on the server", r.item.name, r.project),
                        Err(e) => format!("{}: {e}", r.item.name),
                    };
                    say(line);
                    r.ended = Some(ended(r.item, seconds(&job), result));
                    bar.inc(1);
                }
            }
        }
        if runs.iter().all(|r| r.ended.is_some()) {
            break;
        }
        bar.set_message(match running {
            Some((name, Some(p))) => format!("{name}: {} {}/{}", p.label, p.done, p.total),
            Some((name, None)) => format!("{name}: starting"),
            None => "queued on the server".into(),
        });
        std::thread::sleep(POLL);
    }
    Ok(runs.into_iter().filter_map(|r| r.ended).collect())
}

/// How an ended job went: its run and the files downloaded, or why not.
fn outcome(api: &Api, r: &Submitted, job: &Job) -> Result<(i64, Vec<String>), Failure> {
    match (job.status, job.run) {
        (JobStatus::Succeeded, Some(run)) => {
            let mut files = Vec::new();
            for (what, format, path) in &r.item.outputs {
                let what =
                    serde_json::to_value(what).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
                let url = format!("/v1/projects/{}/runs/{run}/{what}?format={}", r.project, format.extension());
                let bytes = api.send(api.get(&url)).map_err(|e| format!("run {run} saved, but {what}: {e}"))?;
                hpi_usecases::export::save_file(path, &bytes).map_err(|e| format!("run {run} saved, but {e}"))?;
                files.push(path.display().to_string());
            }
            Ok((run, files))
        }
        (JobStatus::Cancelled, _) => Err(format!("job {} was cancelled", job.id)),
        _ => Err(job.error.as_ref().map_or_else(|| format!("job {} failed", job.id), words)),
    }
}

fn ended(item: &PlanItem, seconds: f64, result: Result<(i64, Vec<String>), Failure>) -> Ended {
    Ended { name: item.name.clone(), method: item.checked.method().name(), seconds, result }
}

/// The job's own time on the server (not its wait in the queue).
fn seconds(job: &Job) -> f64 {
    let at = |t: &Option<String>| t.as_deref().and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok());
    match (at(&job.started_at), at(&job.finished_at)) {
        (Some(start), Some(end)) => (end - start).num_milliseconds().max(0) as f64 / 1000.0,
        _ => 0.0,
    }
}

/// A flag Ctrl-C sets (the jobs are cancelled, rather than left running unseen).
fn on_ctrl_c() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let set = flag.clone();
    let watcher = tokio::runtime::Builder::new_current_thread().enable_all().build();
    if let Ok(runtime) = watcher {
        std::thread::spawn(move || {
            runtime.block_on(async {
                if tokio::signal::ctrl_c().await.is_ok() {
                    set.store(true, Ordering::Relaxed);
                }
            })
        });
    }
    flag
}
