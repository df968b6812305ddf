//! The client examples of `docs/server.md`, run as written against the real
//! `hpi serve`: the curl script with bash, the Python one with Debian's
//! Python and its `requests`.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use support::server::{token, Server};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The one code block of `docs/server.md` fenced as `language`.
fn example(language: &str) -> String {
    let doc = std::fs::read_to_string(root().join("docs/server.md")).unwrap();
    let fence = format!("```{language}\n");
    let blocks: Vec<&str> = doc.split(&fence).skip(1).map(|rest| rest.split("```").next().unwrap()).collect();
    assert_eq!(blocks.len(), 1, "one {language} example");
    blocks[0].to_owned()
}

/// Runs `program` on `script` with the server's address, a token and the sample's folder.
fn run(server: &Server, token: &str, program: &str, flag: &str, script: &str) -> String {
    let work = tempfile::tempdir().unwrap();
    let out = Command::new(program)
        .args([flag, script])
        .current_dir(work.path())
        .env("HPI_URL", format!("http://{}", server.addr))
        .env("HPI_TOKEN", token)
        .env("SAMPLE", root().join("sample"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{program}: {stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let index = std::fs::read_to_string(work.path().join("index.csv")).unwrap();
    assert!(index.lines().count() > 20, "the example saved the index");
    stdout
}

#[test]
fn the_curl_and_python_examples_import_run_wait_and_download() {
    let d = tempfile::tempdir().unwrap();
    let full = token(d.path(), "examples", false);
    let server = Server::start(d.path(), &[]);
    let printed = run(&server, &full, "bash", "-c", &example("bash"));
    assert!(printed.contains(r#"{"name":"curl-example"}"#), "{printed}");
    let printed = run(&server, &full, "/usr/bin/python3", "-c", &example("python"));
    assert!(printed.contains("transactions 47540 rows"), "{printed}");
}
