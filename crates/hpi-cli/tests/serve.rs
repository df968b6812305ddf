//! `hpi serve`, the real binary on a free loopback port: tokens, the refusals
//! of its access rules, projects, and the OpenAPI document.

mod support;

use std::path::Path;
use std::process::Command;
use support::server::{code, token, Server, HPI};

#[test]
fn tokens_hosts_and_projects() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("data");
    // A token can be made before any server has run: the directory is created.
    let full = token(&dir, "analyst", false);
    let read = token(&dir, "dashboard", true);
    assert!(full.starts_with("hpi_") && full.len() > 40 && full != read);
    let again = Command::new(HPI)
        .args(["serve", "token", "create", "--data-dir"])
        .arg(&dir)
        .args(["--name", "analyst"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2), "a taken name");

    let server = Server::start(&dir, &[]);
    assert_eq!(server.ask("GET", "/health", None, "", None), (200, r#"{"status":"ok"}"#.into()));
    let (_, head) = server.head("GET", "/health", &[("X-Request-Id", "abc-123")]);
    assert!(head.contains("x-request-id: abc-123"), "a client's request id is answered: {head}");
    let (_, head) = server.head("GET", "/health", &[("X-Request-Id", "no spaces allowed")]);
    assert!(!head.contains("no spaces") && head.contains("x-request-id: "), "{head}");
    assert_eq!(server.ask("GET", "/ready", None, "", None), (200, r#"{"status":"ready"}"#.into()));

    let (status, body) = server.ask("GET", "/v1/projects", None, "", None);
    assert_eq!((status, code(&body).as_str()), (401, "unauthorized"));
    let (status, body) = server.ask("GET", "/v1/projects", Some("hpi_unknown"), "", None);
    assert_eq!((status, code(&body).as_str()), (401, "unauthorized"));
    // A page that rebinds its own name to 127.0.0.1 sends its own name.
    let (status, body) = server.ask("GET", "/health", None, "", Some("attacker.example"));
    assert_eq!((status, code(&body).as_str()), (421, "unknown_host"));

    let (status, body) = server.ask("POST", "/v1/projects", Some(&full), r#"{"name": "study"}"#, None);
    assert_eq!((status, body.as_str()), (201, r#"{"name":"study"}"#));
    assert!(dir.join("projects/study.hpiproj").is_file());
    let (status, body) = server.ask("POST", "/v1/projects", Some(&full), r#"{"name": "study"}"#, None);
    assert_eq!((status, code(&body).as_str()), (409, "conflict"));
    for bad in [r#"{"name": "../escape"}"#, r#"{"name": ""}"#, r#"{"name": "a.b"}"#, r#"{"nom": "x"}"#, "not json"] {
        let (status, body) = server.ask("POST", "/v1/projects", Some(&full), bad, None);
        assert_eq!((status, code(&body).as_str()), (400, "invalid_request"), "{bad}");
    }
    assert!(!d.path().join("escape.hpiproj").exists() && !dir.join("escape.hpiproj").exists());
    let (status, body) = server.ask("POST", "/v1/projects", Some(&read), r#"{"name": "other"}"#, None);
    assert_eq!((status, code(&body).as_str()), (403, "forbidden"));

    server.ask("POST", "/v1/projects", Some(&full), r#"{"name": "a_first"}"#, None);
    let (status, body) = server.ask("GET", "/v1/projects?limit=1", Some(&read), "", None);
    assert_eq!(status, 200);
    let page: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(page["items"], serde_json::json!([{"name": "a_first"}]));
    assert_eq!((page["total"].as_u64(), page["offset"].as_u64(), page["limit"].as_u64()), (Some(2), Some(0), Some(1)));
    // A token made while the server runs is known at once.
    let late = token(&dir, "late", true);
    assert_eq!(server.ask("GET", "/v1/projects", Some(&late), "", None).0, 200);
    let (status, body) = server.ask("GET", "/v1/projects?limit=0", Some(&read), "", None);
    assert_eq!((status, code(&body).as_str()), (400, "invalid_request"));

    let (status, body) = server.ask("GET", "/openapi.json", None, "", None);
    assert_eq!(status, 200);
    let doc: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."), "{}", doc["openapi"]);
    for path in ["/health", "/ready", "/v1/projects"] {
        assert!(doc["paths"][path].is_object(), "{path} is documented");
    }
    assert!(server.stop().success(), "SIGTERM ends the server cleanly");

    // One JSON object per log line; every request with its id, route, status and time.
    let log = std::fs::read_to_string(support::server::log_path(&dir)).unwrap();
    let lines: Vec<serde_json::Value> =
        log.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect();
    let created = lines
        .iter()
        .find(|l| l["method"] == "POST" && l["status"] == 201)
        .unwrap_or_else(|| panic!("the project's creation is logged: {log}"));
    assert_eq!((created["route"].as_str(), created["level"].as_str()), (Some("/v1/projects"), Some("info")));
    assert!(created["request_id"].as_str().is_some_and(|id| id.len() == 16) && created["ms"].is_number());
}

#[test]
fn bodies_over_the_limit_and_open_addresses_without_tokens_are_refused() {
    let d = tempfile::tempdir().unwrap();
    let full = token(d.path(), "analyst", false);
    let server = Server::start(d.path(), &["--max-body", "1000"]);
    let big = format!(r#"{{"name": "{}"}}"#, "x".repeat(2000));
    let (status, body) = server.ask("POST", "/v1/projects", Some(&full), &big, None);
    assert_eq!((status, code(&body).as_str()), (413, "too_large"));
    server.ask("POST", "/v1/projects", Some(&full), r#"{"name": "study"}"#, None);
    let (status, body) = server.ask("POST", "/v1/projects/study/imports?kind=transactions", Some(&full), &big, None);
    assert_eq!((status, code(&body).as_str()), (413, "too_large"), "an upload over the limit: {body}");
    // What axum refuses before any handler runs has the same shape.
    let (status, body) = server.ask("GET", "/v1/nothing-here", Some(&full), "", None);
    assert_eq!((status, code(&body).as_str()), (404, "not_found"), "{body}");
    let (status, body) = server.ask("PUT", "/health", None, "", None);
    assert_eq!((status, code(&body).as_str()), (405, "invalid_request"), "{body}");
    drop(server);

    // Every /v1 request needs a token; on an open address without one, nobody could be served.
    let empty = tempfile::tempdir().unwrap();
    let out =
        Command::new(HPI).args(["serve", "--bind", "0.0.0.0:0", "--data-dir"]).arg(empty.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not a loopback address, and no token exists"), "{stderr}");
}

#[test]
fn each_token_is_held_to_its_rate_and_only_configured_origins_get_cors() {
    let d = tempfile::tempdir().unwrap();
    let first = token(d.path(), "loop", true);
    let second = token(d.path(), "other", true);
    let origin = "https://dashboard.example";
    let server = Server::start(d.path(), &["--rate-limit", "1", "--cors-origin", origin]);
    // One a second, bursts of two: the third at once is refused and told when to come back.
    let auth = format!("Bearer {first}");
    let answers: Vec<(u16, String)> =
        (0..3).map(|_| server.head("GET", "/v1/projects", &[("Authorization", &auth)])).collect();
    assert_eq!(answers.iter().map(|a| a.0).collect::<Vec<_>>(), [200, 200, 429], "{answers:?}");
    assert!(answers[2].1.contains("retry-after: 1"), "{}", answers[2].1);
    let (status, body) = server.ask("GET", "/v1/projects", Some(&first), "", None);
    assert_eq!((status, code(&body).as_str()), (429, "rate_limited"));
    assert_eq!(server.ask("GET", "/v1/projects", Some(&second), "", None).0, 200, "another token is not held back");

    // A configured origin's page may call the API, preflight included; any other gets no CORS headers.
    let preflight = [
        ("Origin", origin),
        ("Access-Control-Request-Method", "POST"),
        ("Access-Control-Request-Headers", "authorization,content-type"),
    ];
    let (status, head) = server.head("OPTIONS", "/v1/projects", &preflight);
    assert!(status == 200 && head.contains(&format!("access-control-allow-origin: {origin}")), "{head}");
    let (_, head) = server.head("GET", "/health", &[("Origin", "https://elsewhere.example")]);
    assert!(!head.contains("access-control-allow-origin"), "{head}");
    drop(server);
    let plain = Server::start(d.path(), &[]);
    let (_, head) = plain.head("GET", "/health", &[("Origin", origin)]);
    assert!(!head.contains("access-control"), "no CORS unless origins are configured: {head}");
    let out = std::process::Command::new(HPI)
        .args(["serve", "--bind", "127.0.0.1:0", "--cors-origin", "*", "--data-dir"])
        .arg(d.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_file_posted_is_imported_with_the_rules_of_hpi_import() {
    let d = tempfile::tempdir().unwrap();
    let full = token(d.path(), "analyst", false);
    let read = token(d.path(), "dashboard", true);
    let server = Server::start(d.path(), &[]);
    server.ask("POST", "/v1/projects", Some(&full), r#"{"name": "study"}"#, None);
    let good = "pinx,sale_date,amount\na,2010-01-15,100000\na,2013-06-01,121000\nb,2011-03-02,250000\n";
    let bad = "property_id,sale_date,price\na,2010-02-30,100000\nb,2011-01-01,-5\nc,2012-01-01,90000\n";
    let post = |query: &str, body: &str, token: &str| {
        server.ask("POST", &format!("/v1/projects/study/imports?{query}"), Some(token), body, None)
    };

    // Bad rows: 422, each row by line, column and reason, and nothing imported.
    let (status, body) = post("kind=transactions", bad, &full);
    assert_eq!((status, code(&body).as_str()), (422, "bad_input"), "{body}");
    let error: serde_json::Value = serde_json::from_str(&body).unwrap();
    let rows: Vec<(u64, String)> = error["details"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["line"].as_u64().unwrap(), r["column"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(rows, [(2, "sale_date".to_owned()), (3, "price".to_owned())]);
    assert!(error["hint"].as_str().unwrap().contains("skip_bad_rows=true"), "{body}");
    let (status, body) = post("kind=transactions", "pinx;when;amount\na;2010-01-01;5\n", &full);
    assert_eq!((status, code(&body).as_str()), (422, "bad_input"), "{body}");
    assert!(body.contains("map=sale_date=NAME"), "a missing column names the parameter that maps it: {body}");
    assert!(body.contains(r#""message":"upload.csv:1: column 'sale_date': missing"#), "no server path: {body}");

    let (status, body) = post("kind=transactions&map=property_id=pinx,price=amount&filename=sales.csv", good, &full);
    assert_eq!(status, 201, "{body}");
    let report: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!((report["rows"].as_u64(), report["accepted"].as_u64()), (Some(3), Some(3)));
    // The file is named as the client named it, not by the server's folders.
    assert_eq!((report["import_id"].as_u64(), report["file"].as_str()), (Some(1), Some("sales.csv")));
    // The same bytes again are recognised by their content.
    let (status, body) = post("kind=transactions&map=property_id=pinx,price=amount", good, &full);
    assert_eq!((status, code(&body).as_str()), (409, "already_imported"), "{body}");
    let (status, body) = post("kind=transactions&skip_bad_rows=true", bad, &full);
    assert_eq!(status, 201, "{body}");

    for (query, expected) in [
        ("", 400),
        ("kind=nonsense", 400),
        ("kind=transactions&map=oops", 400),
        ("kind=transactions&filename=../x.csv", 400),
    ] {
        let (status, body) = post(query, good, &full);
        assert_eq!((status, code(&body).as_str()), (expected, "invalid_request"), "{query}: {body}");
    }
    let (status, body) = server.ask("POST", "/v1/projects/nobody/imports?kind=transactions", Some(&full), good, None);
    assert_eq!((status, code(&body).as_str()), (404, "not_found"));
    let (status, body) = post("kind=transactions", good, &read);
    assert_eq!((status, code(&body).as_str()), (403, "forbidden"));
    assert!(std::fs::read_dir(d.path().join("uploads")).unwrap().next().is_none(), "no upload is left behind");
}

#[test]
fn a_saved_run_downloads_as_hpi_export_writes_it() {
    let d = tempfile::tempdir().unwrap();
    let full = token(d.path(), "analyst", false);
    let server = Server::start(d.path(), &[]);
    server.ask("POST", "/v1/projects", Some(&full), r#"{"name": "sample"}"#, None);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../sample");
    for kind in ["transactions", "tracts", "attributes"] {
        let body = std::fs::read_to_string(root.join(format!("{kind}.csv"))).unwrap();
        let (status, answer) = server.ask(
            "POST",
            &format!("/v1/projects/sample/imports?kind={kind}&filename={kind}.csv"),
            Some(&full),
            &body,
            None,
        );
        assert_eq!(status, 201, "{kind}: {answer}");
    }
    let project = d.path().join("projects/sample.hpiproj");
    let run = Command::new(HPI)
        .args(["calculate", "--project"])
        .arg(&project)
        .args(["--method", "rsai", "--start", "2000", "--end", "2021"])
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    for (what, format) in [("index", "csv"), ("tracts", "parquet"), ("quality", "json"), ("index", "xlsx")] {
        let (status, served) = server.download(&format!("/v1/projects/sample/runs/1/{what}?format={format}"), &full);
        assert_eq!(status, 200, "{what} {format}");
        let file = d.path().join(format!("export-{what}.{format}"));
        let out = Command::new(HPI)
            .args(["runs", "export", "1", "--project"])
            .arg(&project)
            .args(["--what", what, "--format", format, "--output"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let exported = std::fs::read(&file).unwrap();
        assert!(served == exported, "{what} {format}: the served bytes are hpi export's");
    }
    // The report and a chart, as `hpi report` and `hpi chart` make them.
    let (status, served) = server.download("/v1/projects/sample/runs/1/report?format=html", &full);
    assert_eq!(status, 200);
    let html = String::from_utf8(served).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<svg"), "a self-contained page");
    let (status, served) = server.download("/v1/projects/sample/runs/1/report?format=pdf", &full);
    assert_eq!((status, &served[..5]), (200, &b"%PDF-"[..]));
    let (status, served) = server.download("/v1/projects/sample/runs/1/chart?kind=appreciation&format=png", &full);
    assert_eq!((status, &served[..4]), (200, &b"\x89PNG"[..]));
    let (status, served) = server.download("/v1/projects/sample/runs/1/chart?kind=map", &full);
    assert!(status == 200 && String::from_utf8(served).unwrap().contains("<svg"));
    let (status, body) = server.ask("GET", "/v1/projects/sample/runs/1/chart?region=nowhere", Some(&full), "", None);
    assert_eq!((status, code(&body).as_str()), (400, "invalid_request"), "{body}");
    let (status, body) = server.ask("GET", "/v1/projects/sample/runs/1/report?format=docx", Some(&full), "", None);
    assert_eq!((status, code(&body).as_str()), (400, "invalid_request"), "{body}");
    let (status, body) = server.ask("GET", "/v1/projects/sample/runs/99/index", Some(&full), "", None);
    assert_eq!((status, code(&body).as_str()), (404, "not_found"), "{body}");
    let (status, body) = server.ask("GET", "/v1/projects/sample/runs/1/nonsense", Some(&full), "", None);
    assert_eq!((status, code(&body).as_str()), (404, "not_found"), "{body}");
}
