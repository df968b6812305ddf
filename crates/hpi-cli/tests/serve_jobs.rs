//! Runs over HTTP with the real `hpi serve`: queued, computed by the workers,
//! followed by polling and by server-sent events, cancelled, and surviving a
//! stop, a restart and a `kill -9`.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use support::server::{code, project_with, token, Server, HPI};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../sample")
}

const RSAI: &str = r#"{"method": "rsai", "period": "annual", "start": 2000, "end": 2021}"#;
const WRS: &str = r#"{"method": "wrs", "period": "annual", "start": 2000, "end": 2021}"#;
/// Seconds of work even in a debug build: monthly robust WRS on half a million sales.
const LONG: &str = r#"{"method": "wrs", "period": "monthly", "start": 2000, "end": 2021, "estimator": "robust"}"#;

/// A project of about 570,000 synthetic sales, made with `hpi generate` and `hpi import`.
fn big_project(dir: &Path, name: &str) {
    let files = dir.join("generated");
    let out = Command::new(HPI)
        .args(["generate", "--properties", "300000", "--cbsas", "4", "--out"])
        .arg(&files)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    project_with(dir, name, &[("transactions", &files.join("transactions.csv"))]);
}

fn submit(server: &Server, project: &str, token: &str, request: &str) -> u64 {
    let queued = server.json("POST", &format!("/v1/projects/{project}/runs"), token, request, 202);
    assert_eq!(queued["status"], "queued", "{queued}");
    queued["job"].as_u64().unwrap()
}

/// Every `event: job` of a job's event stream, until the server ends it.
fn events(server: &Server, id: u64, token: &str) -> Vec<serde_json::Value> {
    let mut stream = TcpStream::connect(server.addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    let request = format!(
        "GET /v1/jobs/{id}/events HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n",
        server.addr
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut jobs = Vec::new();
    let mut event = String::new();
    for line in BufReader::new(stream).lines() {
        let line = line.unwrap();
        if let Some(name) = line.strip_prefix("event: ") {
            event = name.to_owned();
        } else if let Some(data) = line.strip_prefix("data: ") {
            if event == "job" {
                jobs.push(serde_json::from_str(data).unwrap());
            }
        }
    }
    jobs
}

#[test]
fn runs_over_http_match_hpi_calculate_on_the_same_files() {
    let d = tempfile::tempdir().unwrap();
    let full = token(d.path(), "analyst", false);
    let read = token(d.path(), "dashboard", true);
    let server = Server::start(d.path(), &["--workers", "2"]);
    server.json("POST", "/v1/projects", &full, r#"{"name": "sample"}"#, 201);
    for kind in ["transactions", "tracts", "attributes"] {
        let body = std::fs::read_to_string(sample().join(format!("{kind}.csv"))).unwrap();
        server.json("POST", &format!("/v1/projects/sample/imports?kind={kind}&filename={kind}.csv"), &full, &body, 201);
    }

    // A request that does not check is refused before it is queued.
    let (status, body) = server.ask(
        "POST",
        "/v1/projects/sample/runs",
        Some(&full),
        r#"{"method": "rsai", "period": "annual", "start": 2021, "end": 2000}"#,
        None,
    );
    assert_eq!((status, code(&body).as_str()), (400, "invalid_request"), "{body}");
    let (status, body) = server.ask("POST", "/v1/projects/sample/runs", Some(&full), r#"{"method": "rsai"}"#, None);
    assert_eq!((status, code(&body).as_str()), (400, "invalid_request"), "a missing field: {body}");
    let (status, body) = server.ask("POST", "/v1/projects/nobody/runs", Some(&full), RSAI, None);
    assert_eq!((status, code(&body).as_str()), (404, "not_found"), "{body}");
    let (status, body) = server.ask("POST", "/v1/projects/sample/runs", Some(&read), RSAI, None);
    assert_eq!((status, code(&body).as_str()), (403, "forbidden"), "{body}");

    for (method, request) in [("rsai", RSAI), ("wrs", WRS)] {
        let id = submit(&server, "sample", &full, request);
        let seen = events(&server, id, &read);
        let last = seen.last().unwrap();
        assert_eq!(last["status"], "succeeded", "the stream ends with the job: {last}");
        assert!(seen.windows(2).all(|w| w[0] != w[1]), "an event says something new");
        let job = server.job_ended(id, &read);
        assert_eq!(&job, last);
        let run = job["run"].as_u64().unwrap();

        let summary = server.json("GET", &format!("/v1/projects/sample/runs/{run}"), &read, "", 200);
        assert_eq!(
            (summary["record"]["method"].as_str(), summary["record"]["status"].as_str()),
            (Some(method), Some("succeeded"))
        );
        assert!(summary["quality"].is_object(), "{summary}");

        let (status, served) = server.download(&format!("/v1/projects/sample/runs/{run}/index?format=csv"), &read);
        assert_eq!(status, 200);
        let expected = d.path().join(format!("{method}.csv"));
        let out = Command::new(HPI)
            .arg("calculate")
            .args(["--transactions", "transactions.csv", "--tracts", "tracts.csv", "--attributes", "attributes.csv"])
            .current_dir(sample())
            .args(["--method", method, "--start", "2000", "--end", "2021", "--output"])
            .arg(&expected)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let expected = std::fs::read_to_string(&expected).unwrap();
        assert_eq!(String::from_utf8(served).unwrap(), expected, "{method}: the server's index is hpi calculate's");
    }
    let runs = server.json("GET", "/v1/projects/sample/runs?limit=1", &read, "", 200);
    assert_eq!((runs["total"].as_u64(), runs["items"][0]["id"].as_u64()), (Some(2), Some(2)), "newest first: {runs}");
    let (status, body) = server.ask("GET", "/v1/jobs/999", Some(&read), "", None);
    assert_eq!((status, code(&body).as_str()), (404, "not_found"), "{body}");
    let (status, body) = server.ask("GET", "/v1/jobs/abc", Some(&read), "", None);
    assert_eq!((status, code(&body).as_str()), (400, "invalid_request"), "{body}");

    let metrics = server.ask("GET", "/metrics", None, "", None).1;
    assert!(metrics.contains(r#"hpi_jobs{state="succeeded"} 2"#), "{metrics}");
    assert!(metrics.contains("hpi_sales_processed_total 95080"), "twice the sample's 47,540 sales: {metrics}");
    assert!(metrics.contains(r#"hpi_run_duration_seconds_count{method="wrs"} 1"#), "{metrics}");
    assert!(
        metrics.contains(r#"hpi_http_requests_total{method="POST",route="/v1/projects/{name}/runs",status="403"} 1"#)
    );
    assert!(server.stop().success());
}

#[test]
fn a_job_is_cancelled_while_queued_and_while_running() {
    let d = tempfile::tempdir().unwrap();
    let full = token(d.path(), "analyst", false);
    let read = token(d.path(), "dashboard", true);
    big_project(d.path(), "big");
    let server = Server::start(d.path(), &["--workers", "1"]);
    let long = submit(&server, "big", &full, LONG);
    let queued = submit(&server, "big", &full, LONG);
    server.job_when(long, &read, |j| j["status"] == "running");

    // One worker: the second job waits, and cancelling it takes effect at once.
    let (status, body) = server.ask("DELETE", &format!("/v1/jobs/{queued}"), Some(&read), "", None);
    assert_eq!((status, code(&body).as_str()), (403, "forbidden"));
    let job = server.json("DELETE", &format!("/v1/jobs/{queued}"), &full, "", 200);
    assert_eq!(job["status"], "cancelled", "{job}");
    // The running one stops at the engine's next check.
    let job = server.json("DELETE", &format!("/v1/jobs/{long}"), &full, "", 202);
    assert_eq!(job["status"], "running", "{job}");
    let job = server.job_ended(long, &read);
    assert_eq!(
        (job["status"].as_str(), job["error"]["code"].as_str()),
        (Some("cancelled"), Some("cancelled")),
        "{job}"
    );
    let (status, body) = server.ask("DELETE", &format!("/v1/jobs/{long}"), Some(&full), "", None);
    assert_eq!((status, code(&body).as_str()), (409, "conflict"), "{body}");
    // The project records the run as cancelled, as the app does.
    let runs = server.json("GET", "/v1/projects/big/runs", &read, "", 200);
    assert_eq!(runs["items"][0]["status"], "cancelled", "{runs}");
    assert!(server.stop().success());
}

#[test]
fn jobs_survive_a_stop_a_restart_and_a_kill() {
    let d = tempfile::tempdir().unwrap();
    let full = token(d.path(), "analyst", false);
    big_project(d.path(), "big");
    project_with(
        d.path(),
        "sample",
        &[("transactions", &sample().join("transactions.csv")), ("tracts", &sample().join("tracts.csv"))],
    );

    // A stop (SIGTERM) puts the running job back in the queue; the queued one stays queued.
    let server = Server::start(d.path(), &["--workers", "1"]);
    let long = submit(&server, "big", &full, LONG);
    let waiting = submit(&server, "sample", &full, RSAI);
    server.job_when(long, &full, |j| j["status"] == "running");
    let stopped = std::time::Instant::now();
    assert!(server.stop().success());
    assert!(stopped.elapsed() < Duration::from_secs(20), "a stop does not wait for the run to end");

    // Restarted, it runs both; then a kill -9 in the middle of a run loses nothing either.
    let server = Server::start(d.path(), &["--workers", "1"]);
    let job = server.json("GET", &format!("/v1/jobs/{long}"), &full, "", 200);
    assert_eq!(job["interruptions"], 1, "{job}");
    let again = submit(&server, "big", &full, LONG);
    server.job_when(again, &full, |j| j["status"] == "running");
    for id in [long, waiting] {
        assert_eq!(server.job_ended(id, &full)["status"], "succeeded");
    }
    server.job_when(again, &full, |j| j["status"] == "running" && j["progress"].is_object());
    server.kill();
    let server = Server::start(d.path(), &["--workers", "1"]);
    let job = server.job_ended(again, &full);
    assert_eq!((job["status"].as_str(), job["interruptions"].as_u64()), (Some("succeeded"), Some(1)), "{job}");
    assert!(server.stop().success());
}
