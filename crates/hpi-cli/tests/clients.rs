//! The client examples of `docs/server.md`, run as written against the real
//! `hpi serve`: the curl script with bash, the Python one with Debian's
//! Python and its `requests`, the R one with Debian's R and `httr2`. Excel is
//! not here: the Power Query example's requests are made as it makes them,
//! and the columns it types are held to the index the server sends.

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

/// Runs `program` on `script` with the server's address, a token and the sample's folder:
/// what it printed.
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
fn the_client_examples_import_run_wait_and_download() {
    let d = tempfile::tempdir().unwrap();
    let full = token(d.path(), "examples", false);
    let server = Server::start(d.path(), &[]);
    let printed = run(&server, &full, "bash", "-c", &example("bash"));
    assert!(printed.contains(r#"{"name":"curl-example"}"#), "{printed}");
    let printed = run(&server, &full, "/usr/bin/python3", "-c", &example("python"));
    assert!(printed.contains("transactions 47540 rows"), "{printed}");
    let printed = run(&server, &full, "Rscript", "-e", &example("r"));
    assert!(printed.contains("transactions 47540 rows"), "{printed}");
    assert!(printed.contains("10180   rsai sample   2000 100"), "{printed}");
    the_power_query_example_asks_what_the_server_answers(&server, &full, "r-example");
}

/// The Power Query example's two requests, made as it makes them for `project`, and its
/// typed columns against the index's header.
fn the_power_query_example_asks_what_the_server_answers(server: &Server, token: &str, project: &str) {
    let query = example("powerquery");
    for asked in [
        r#"Call("v1/projects/" & Project & "/runs", [limit = "1"])"#,
        r#"Call("v1/projects/" & Project & "/runs/" & Text.From(Newest) & "/index","#,
        r#"[format = "csv"]"#,
        "Runs[items]{0}[id]",
    ] {
        assert!(query.contains(asked), "the Power Query example asks {asked}");
    }
    let runs = server.json("GET", &format!("/v1/projects/{project}/runs?limit=1"), token, "", 200);
    let newest = runs["items"][0]["id"].as_i64().expect("a page's items have ids");
    let (status, index) = server.download(&format!("/v1/projects/{project}/runs/{newest}/index?format=csv"), token);
    assert_eq!(status, 200);
    let header: Vec<String> =
        String::from_utf8(index).unwrap().lines().next().unwrap().split(',').map(str::to_owned).collect();
    let typed: Vec<String> =
        query.split("{\"").skip(1).map(|rest| rest.split('"').next().unwrap().to_owned()).collect();
    assert_eq!(typed, header, "the example types every column of the index, in order");
}
