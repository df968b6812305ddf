//! A real `hpi serve` on a free loopback port, and plain HTTP/1.1 to it:
//! what the server tests share.
#![allow(dead_code)] // each test file uses its own part

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub const HPI: &str = env!("CARGO_BIN_EXE_hpi");

/// A running server, stopped when dropped.
pub struct Server {
    pub child: Child,
    pub addr: SocketAddr,
}

impl Server {
    pub fn start(dir: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(HPI)
            .args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
            .arg(dir)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(log_file(dir))
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let addr = line.split("http://").nth(1).and_then(|r| r.split_whitespace().next()).unwrap_or_else(|| {
            panic!("the server says where it listens: {line:?}");
        });
        Server { child, addr: addr.parse().unwrap() }
    }

    /// Status and body of one request; `host` defaults to the bound address.
    pub fn ask(&self, method: &str, path: &str, token: Option<&str>, body: &str, host: Option<&str>) -> (u16, String) {
        let mut stream = TcpStream::connect(self.addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let host = host.map_or_else(|| self.addr.to_string(), str::to_owned);
        let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let status = response.split_whitespace().nth(1).unwrap().parse().unwrap();
        let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
        (status, body)
    }

    /// Status and response head (header names in lower case) of a bodiless request with `headers`.
    pub fn head(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> (u16, String) {
        let mut stream = TcpStream::connect(self.addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let headers: String = headers.iter().map(|(k, v)| format!("{k}: {v}\r\n")).collect();
        let request = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n{headers}Connection: close\r\n\r\n", self.addr);
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let head = response.split("\r\n\r\n").next().unwrap().to_owned();
        (head.split_whitespace().nth(1).unwrap().parse().unwrap(), head)
    }

    /// The body's bytes of a GET.
    pub fn download(&self, path: &str, token: &str) -> (u16, Vec<u8>) {
        let mut stream = TcpStream::connect(self.addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n",
            self.addr
        );
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let end = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8_lossy(&response[..end]).into_owned();
        assert!(!head.to_ascii_lowercase().contains("transfer-encoding: chunked"), "{head}");
        (head.split_whitespace().nth(1).unwrap().parse().unwrap(), response[end + 4..].to_vec())
    }

    pub fn stop(mut self) -> std::process::ExitStatus {
        Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap();
        let status = self.child.wait().unwrap();
        std::mem::forget(self);
        status
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The servers' log lines (standard error), appended to `server.log` in their
/// data directory, so that tests can read them and test output stays quiet.
fn log_file(dir: &Path) -> std::fs::File {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::OpenOptions::new().create(true).append(true).open(log_path(dir)).unwrap()
}

/// Where [`Server::start`] keeps the log of the servers of data directory `dir`.
pub fn log_path(dir: &Path) -> std::path::PathBuf {
    dir.join("server.log")
}

pub fn token(dir: &Path, name: &str, read_only: bool) -> String {
    let mut command = Command::new(HPI);
    command.args(["serve", "token", "create", "--data-dir"]).arg(dir).args(["--name", name]);
    if read_only {
        command.arg("--read-only");
    }
    let out = command.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    stdout.lines().last().unwrap().to_owned()
}

pub fn code(body: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    v["code"].as_str().unwrap_or_else(|| panic!("an error has a code: {body}")).to_owned()
}

impl Server {
    /// The JSON body of a request that must answer `status`.
    pub fn json(&self, method: &str, path: &str, token: &str, body: &str, status: u16) -> serde_json::Value {
        let (got, text) = self.ask(method, path, Some(token), body, None);
        assert_eq!(got, status, "{method} {path}: {text}");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{method} {path}: {e}: {text}"))
    }

    /// Job `id` once `done` holds of it; fails after two minutes.
    pub fn job_when(&self, id: u64, token: &str, done: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
        let until = std::time::Instant::now() + Duration::from_secs(120);
        loop {
            let job = self.json("GET", &format!("/v1/jobs/{id}"), token, "", 200);
            if done(&job) {
                return job;
            }
            assert!(std::time::Instant::now() < until, "job {id} never got there: {job}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Job `id` once it has ended.
    pub fn job_ended(&self, id: u64, token: &str) -> serde_json::Value {
        self.job_when(id, token, |j| ["succeeded", "failed", "cancelled"].contains(&j["status"].as_str().unwrap()))
    }

    /// Ends the server as a power cut would: no chance to tidy up.
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        std::mem::forget(self);
    }
}

/// Creates project `name` in the server's data directory and imports `files` (kind, path)
/// into it with the CLI, as an administrator might before a server ever runs.
pub fn project_with(dir: &Path, name: &str, files: &[(&str, &Path)]) {
    let project = dir.join("projects").join(format!("{name}.hpiproj"));
    std::fs::create_dir_all(project.parent().unwrap()).unwrap();
    let out = Command::new(HPI).args(["project", "new"]).arg(&project).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for (kind, file) in files {
        let out = Command::new(HPI)
            .args(["import", "--project"])
            .arg(&project)
            .args(["--kind", kind])
            .arg(file)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
}
