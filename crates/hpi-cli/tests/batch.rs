//! `hpi batch PLAN.toml` with the real binary and real project files: every
//! run saved and its files written, a failed run among them reported without
//! stopping the rest, and a plan with a mistake refused before anything runs;
//! the same plan submitted to a real `hpi serve` on loopback with `--server`.

mod common;
mod support;

use common::{hpi, root, sample_project};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use support::server::{project_with, token, Server, HPI};

const PLAN: &str = r#"
project = "sample.hpiproj"
output_dir = "out"

[[run]]
name = "rsai"
method = "rsai"
period = "annual"
start = 2000
end = 2021
outputs = ["index.csv", "quality.json"]

[[run]]
name = "elsewhere"
project = "missing.hpiproj"
method = "bmn"
period = "annual"
start = 2000
end = 2021

[[run]]
name = "wrs-q"
method = "wrs"
period = "quarterly"
start = 2000
end = 2021
outputs = ["index.parquet"]
"#;

#[test]
fn a_failed_run_is_reported_and_the_others_still_run() {
    let d = tempfile::tempdir().unwrap();
    let project = sample_project(d.path());
    let plan = d.path().join("nightly.toml");
    std::fs::write(&plan, PLAN).unwrap();
    let out = hpi(&["batch", &plan.display().to_string()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "one run failed: {stdout}");
    let rows: Vec<Vec<&str>> = stdout.lines().skip(1).map(|l| l.split_whitespace().collect()).collect();
    let status: Vec<(&str, &str)> = rows.iter().map(|r| (r[0], r[2])).collect();
    assert_eq!(status, [("rsai", "succeeded"), ("elsewhere", "failed"), ("wrs-q", "succeeded")], "{stdout}");
    assert!(stdout.contains("missing.hpiproj"), "the failure says why: {stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("1 of 3 runs failed"), "{stderr}");
    for file in ["out/rsai-index.csv", "out/rsai-quality.json", "out/wrs-q-index.parquet"] {
        assert!(d.path().join(file).is_file(), "{file}");
    }
    // Both runs are saved in the project, as `hpi calculate --project` saves them.
    let runs = hpi(&["runs", "list", "--project", &project]);
    let listed = String::from_utf8_lossy(&runs.stdout);
    assert!(listed.contains("rsai") && listed.contains("wrs"), "{listed}");
    // The index written is the one `hpi export` writes of the saved run.
    let exported = d.path().join("export.csv");
    let e = hpi(&["export", "--project", &project, "--run", "1", "--output", &exported.display().to_string()]);
    assert!(e.status.success(), "{}", String::from_utf8_lossy(&e.stderr));
    assert_eq!(std::fs::read(d.path().join("out/rsai-index.csv")).unwrap(), std::fs::read(&exported).unwrap());
}

#[test]
fn a_plan_with_a_mistake_runs_nothing() {
    let d = tempfile::tempdir().unwrap();
    let project = sample_project(d.path());
    let plan = d.path().join("nightly.toml");
    std::fs::write(
        &plan,
        PLAN.replace("end = 2021\noutputs = [\"index.parquet\"]", "end = 2021\nweigths = [\"value\"]"),
    )
    .unwrap();
    let out = hpi(&["batch", &plan.display().to_string()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("run 3 'wrs-q'") && stderr.contains("unknown field `weigths`"), "{stderr}");
    let runs = hpi(&["runs", "list", "--project", &project]);
    assert!(!String::from_utf8_lossy(&runs.stdout).contains("rsai"), "the first run did not start");
}

/// `hpi batch PLAN --server` with `token` in `HPI_TOKEN` (none when `None`).
fn on_server(plan: &Path, url: &str, token: Option<&str>) -> Output {
    let mut command = Command::new(HPI);
    command.arg("batch").arg(plan).args(["--server", url]).env_remove("HPI_TOKEN");
    if let Some(token) = token {
        command.env("HPI_TOKEN", token);
    }
    command.output().unwrap()
}

/// A server whose data directory holds project `sample` with the bundled sample's files.
fn sample_server(data: &Path, extra: &[&str]) -> (Server, String) {
    let files = ["transactions", "tracts", "attributes"].map(|k| (k, root(&format!("sample/{k}.csv"))));
    let files: Vec<(&str, &Path)> = files.iter().map(|(k, f)| (*k, Path::new(f))).collect();
    project_with(data, "sample", &files);
    let token = token(data, "batch", false);
    (Server::start(data, extra), token)
}

#[test]
fn the_same_plan_runs_on_a_server_and_its_files_come_back() {
    let d = tempfile::tempdir().unwrap();
    let data = d.path().join("data");
    let (server, token) = sample_server(&data, &["--workers", "2"]);
    let plan = d.path().join("nightly.toml");
    std::fs::write(&plan, PLAN).unwrap();
    let out = on_server(&plan, &format!("http://{}", server.addr), Some(&token));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "one run failed: {stdout}\n{stderr}");
    let rows: Vec<Vec<&str>> = stdout.lines().skip(1).map(|l| l.split_whitespace().collect()).collect();
    let status: Vec<(&str, &str)> = rows.iter().map(|r| (r[0], r[2])).collect();
    assert_eq!(status, [("rsai", "succeeded"), ("elsewhere", "failed"), ("wrs-q", "succeeded")], "{stdout}");
    assert!(stdout.contains("no project named 'missing'"), "the server's refusal is the reason: {stdout}");
    assert!(stderr.contains("1 of 3 runs failed") && stderr.contains("rsai: job "), "{stderr}");
    for file in ["out/rsai-quality.json", "out/wrs-q-index.parquet"] {
        assert!(d.path().join(file).is_file(), "{file}");
    }
    // The index downloaded is the one `hpi export` writes of the run saved on the server.
    let run = rows[0][3];
    let exported = d.path().join("export.csv");
    let project = data.join("projects/sample.hpiproj");
    let e = hpi(&[
        "export",
        "--project",
        &project.display().to_string(),
        "--run",
        run,
        "--output",
        &exported.display().to_string(),
    ]);
    assert!(e.status.success(), "{}", String::from_utf8_lossy(&e.stderr));
    assert_eq!(std::fs::read(d.path().join("out/rsai-index.csv")).unwrap(), std::fs::read(&exported).unwrap());
}

#[test]
fn a_batch_for_a_server_needs_its_address_and_a_token_it_knows() {
    let d = tempfile::tempdir().unwrap();
    let data = d.path().join("data");
    let (server, token) = sample_server(&data, &[]);
    let plan = d.path().join("nightly.toml");
    std::fs::write(&plan, PLAN).unwrap();
    let url = format!("http://{}", server.addr);
    for (address, token, code, says) in [
        (url.as_str(), None, 2, "HPI_TOKEN"),
        ("ftp://127.0.0.1:1", Some(token.as_str()), 2, "give the server's address"),
        (url.as_str(), Some("not-a-token"), 1, "the server at http://"),
    ] {
        let out = on_server(&plan, address, token);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{address} {token:?}: {stderr}");
        assert!(stderr.contains(says), "{address} {token:?}: {stderr}");
    }
    // Nothing was submitted: the project has no runs.
    let runs = server.json("GET", "/v1/projects/sample/runs", &token, "", 200);
    assert_eq!(runs["total"], 0, "{runs}");
}

#[test]
fn ctrl_c_cancels_the_jobs_still_on_the_server() {
    let d = tempfile::tempdir().unwrap();
    let data = d.path().join("data");
    // One worker: while the first run computes, the others wait in the queue.
    let (server, token) = sample_server(&data, &["--workers", "1"]);
    let mut plan = String::from("project = \"sample.hpiproj\"\noutput_dir = \"out\"\n");
    for n in 1..=6 {
        plan += &format!(
            "[[run]]\nname = \"wrs{n}\"\nmethod = \"wrs\"\nperiod = \"monthly\"\nstart = 2000\nend = 2021\nestimator = \"robust\"\n"
        );
    }
    let path = d.path().join("plan.toml");
    std::fs::write(&path, plan).unwrap();
    let mut child = Command::new(HPI)
        .arg("batch")
        .arg(&path)
        .args(["--server", &format!("http://{}", server.addr)])
        .env("HPI_TOKEN", &token)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut submitted = 0;
    while submitted < 6 {
        let line = lines.next().expect("the batch says what it submitted").unwrap();
        submitted += usize::from(line.contains(": job "));
    }
    let interrupted = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(interrupted.success());
    let rest: Vec<String> = lines.map(Result::unwrap).collect();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{rest:?}");
    assert!(rest.iter().any(|l| l.contains("cancelling the jobs")), "{rest:?}");
    assert!(stdout.contains("was cancelled"), "{stdout}");
    let jobs: Vec<serde_json::Value> = (1..=6).map(|id| server.job_ended(id, &token)).collect();
    let cancelled = jobs.iter().filter(|j| j["status"] == "cancelled").count();
    assert!(cancelled >= 4, "the queued jobs were cancelled on the server: {jobs:?}");
    assert_eq!(stdout.matches("was cancelled").count(), cancelled, "{stdout}");
}
