//! Project files through the real `hpi` binary: the same numbers as file
//! mode, saved runs, and an import killed half-way that changes nothing.

mod common;

use common::{hpi, ok, p, root, sample_project};
use std::process::{Command, Stdio};

#[test]
fn project_mode_gives_the_numbers_of_file_mode() {
    let d = tempfile::tempdir().unwrap();
    let project = sample_project(d.path());
    let rsai = ["--method", "rsai", "--start", "2000", "--end", "2021"];
    let (pi, pt, fi, ft) = (p(d.path(), "pi.csv"), p(d.path(), "pt.csv"), p(d.path(), "fi.csv"), p(d.path(), "ft.csv"));
    let mut a = vec!["calculate", "--project", &project, "--output", &pi, "--tract-output", &pt];
    a.extend(rsai);
    let o = ok(&a);
    assert!(String::from_utf8_lossy(&o.stderr).contains("saved as run 1"));
    let (t, g, at) = (root("sample/transactions.csv"), root("sample/tracts.csv"), root("sample/attributes.csv"));
    let mut b = vec![
        "calculate",
        "--transactions",
        &t,
        "--tracts",
        &g,
        "--attributes",
        &at,
        "--output",
        &fi,
        "--tract-output",
        &ft,
    ];
    b.extend(rsai);
    ok(&b);
    let read = |f: &str| std::fs::read_to_string(f).unwrap();
    assert_eq!(read(&pi), read(&fi));
    assert_eq!(read(&pt), read(&ft));

    // King County, pooled WRS by month, imported with synonyms (pinx, sale_price).
    let kc = p(d.path(), "kc.hpiproj");
    ok(&["project", "new", &kc]);
    ok(&["import", &root("tests/data/king-county/ex_sales.csv"), "--project", &kc, "--kind", "transactions"]);
    let wrs = ["--method", "wrs", "--period", "monthly", "--start", "2010", "--end", "2016"];
    let (po, fo) = (p(d.path(), "kp.csv"), p(d.path(), "kf.csv"));
    let mut a = vec!["calculate", "--project", &kc, "--output", &po];
    a.extend(wrs);
    ok(&a);
    let kcfile = root("tests/data/king-county/ex_sales.csv");
    let mut b =
        vec!["calculate", "--transactions", &kcfile, "--map", "property_id=pinx,price=sale_price", "--output", &fo];
    b.extend(wrs);
    ok(&b);
    assert_eq!(read(&po), read(&fo));
}

#[test]
fn runs_are_saved_listed_exported_and_deleted() {
    let d = tempfile::tempdir().unwrap();
    let project = sample_project(d.path());
    ok(&["calculate", "--project", &project, "--method", "bmn", "--start", "2000", "--end", "2021"]);
    ok(&[
        "calculate",
        "--project",
        &project,
        "--method",
        "rsai",
        "--weights",
        "unit,value",
        "--start",
        "2000",
        "--end",
        "2021",
    ]);
    let list = String::from_utf8(ok(&["runs", "list", "--project", &project, "--json"]).stdout).unwrap();
    let runs: Vec<serde_json::Value> = serde_json::from_str(&list).unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(
        (runs[0]["id"].as_i64(), runs[0]["method"].as_str(), runs[0]["status"].as_str()),
        (Some(2), Some("rsai"), Some("succeeded"))
    );
    // The parameters are an object of their own (a JSON string inside the JSON before 0.2).
    let params = &runs[0]["parameters"];
    assert_eq!(params["weights"], serde_json::json!(["unit", "value"]));
    assert_eq!(runs[0]["input_fingerprint"], runs[1]["input_fingerprint"]);

    let index = p(d.path(), "index.csv");
    ok(&["runs", "export", "2", "--project", &project, "--output", &index]);
    let text = std::fs::read_to_string(&index).unwrap();
    assert_eq!(text.lines().count(), 1 + 3 * 2 * 22);
    assert!(text.starts_with("region,method,weight,period,index\n10180,rsai,unit,2000,100\n"));
    let tracts = p(d.path(), "tracts.parquet");
    ok(&["runs", "export", "2", "--project", &project, "--what", "tracts", "--output", &tracts]);
    assert!(std::fs::metadata(&tracts).unwrap().len() > 1000);
    let quality = String::from_utf8(
        ok(&["runs", "export", "2", "--project", &project, "--what", "quality", "--output", "-"]).stdout,
    )
    .unwrap();
    let q: serde_json::Value = serde_json::from_str(&quality).unwrap();
    assert_eq!(q["inputs"][2]["rows"], 47_540);
    let shown = String::from_utf8(ok(&["runs", "show", "1", "--project", &project]).stdout).unwrap();
    assert!(shown.contains("run 1: bmn succeeded") && shown.contains("10180,bmn,,2000,100"), "{shown}");

    ok(&["runs", "delete", "1", "--project", &project]);
    let o = hpi(&["runs", "show", "1", "--project", &project]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no run 1"));
    let check = String::from_utf8(ok(&["db", "check", "--project", &project]).stdout).unwrap();
    assert!(
        check.contains("47,540 transactions") && check.contains("1 runs") && check.contains("integrity: ok"),
        "{check}"
    );
    ok(&["db", "vacuum", "--project", &project]);
    assert!(String::from_utf8(ok(&["db", "migrate", "--project", &project]).stdout)
        .unwrap()
        .contains("already at schema version 9"));
    // A schema-1 file (HPI Studio 0.1.0) is backed up and migrated.
    let old = p(d.path(), "v1.hpiproj");
    std::fs::copy(root("crates/hpi-store/tests/fixtures/v1.hpiproj"), &old).unwrap();
    let said = String::from_utf8(ok(&["db", "migrate", "--project", &old]).stdout).unwrap();
    assert!(said.contains("migrated to schema version 9") && said.contains("v1.hpiproj.v1.bak"), "{said}");
}

#[test]
fn a_bad_import_changes_nothing_and_says_where() {
    let d = tempfile::tempdir().unwrap();
    let project = p(d.path(), "x.hpiproj");
    ok(&["project", "new", &project]);
    let file = p(d.path(), "s.csv");
    std::fs::write(&file, "property_id,sale_date,price\na,2010-01-01,100000\nb,2010-13-01,5\nc,2011-01-01,-1\n")
        .unwrap();
    let o = hpi(&["import", &file, "--project", &project, "--kind", "transactions"]);
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains(&format!("{file}:3: sale_date: cannot read '2010-13-01'")), "{e}");
    assert!(e.contains(&format!("{file}:4: price: price '-1' is not positive")), "{e}");
    assert!(e.contains("2 bad rows, nothing imported"), "{e}");
    let info = String::from_utf8(ok(&["project", "info", &project]).stdout).unwrap();
    assert!(info.contains("0 transactions"), "{info}");
    ok(&["import", &file, "--project", &project, "--kind", "transactions", "--skip-bad-rows"]);
    let info = String::from_utf8(ok(&["project", "info", &project]).stdout).unwrap();
    assert!(info.contains(" 1 transactions"), "{info}");
    let not_project = p(d.path(), "fake.hpiproj");
    std::fs::write(&not_project, "hello").unwrap();
    let o = hpi(&["project", "info", &not_project]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is not an HPI Studio project"));
}

#[test]
fn an_import_killed_half_way_leaves_the_project_as_it_was() {
    let d = tempfile::tempdir().unwrap();
    let project = p(d.path(), "k.hpiproj");
    ok(&["project", "new", &project]);
    let small = p(d.path(), "small.csv");
    std::fs::write(&small, "property_id,sale_date,price\na,2010-01-01,100000\na,2012-01-01,110000\n").unwrap();
    ok(&["import", &small, "--project", &project, "--kind", "transactions"]);
    let big = p(d.path(), "big.csv");
    let mut text = String::from("property_id,sale_date,price\n");
    for k in 0..1_500_000 {
        text += &format!("p{k},2010-01-{:02},{}\n", 1 + k % 28, 100_000 + k % 1000);
    }
    std::fs::write(&big, text).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_hpi"))
        .args(["import", &big, "--project", &project, "--kind", "transactions"])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once it is writing: the write-ahead log has grown past a few pages.
    let wal = format!("{project}-wal");
    let started = std::time::Instant::now();
    while std::fs::metadata(&wal).map_or(0, |m| m.len()) < 1 << 20 {
        assert!(child.try_wait().unwrap().is_none(), "the import finished before it could be killed");
        assert!(started.elapsed().as_secs() < 60, "the import never started writing");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    assert!(!child.wait().unwrap().success());
    let info = String::from_utf8(ok(&["project", "info", &project]).stdout).unwrap();
    assert!(info.contains(" 2 transactions"), "{info}");
    let check = String::from_utf8(ok(&["db", "check", "--project", &project]).stdout).unwrap();
    assert!(check.contains("integrity: ok"), "{check}");
    let conn = rusqlite::Connection::open(&project).unwrap();
    let imports: i64 = conn.query_row("SELECT count(*) FROM imports", [], |r| r.get(0)).unwrap();
    assert_eq!(imports, 1);
    drop(conn);
    // And the same big file imports cleanly afterwards: nothing of it was left behind.
    ok(&["import", &big, "--project", &project, "--kind", "transactions"]);
    let info = String::from_utf8(ok(&["project", "info", &project]).stdout).unwrap();
    assert!(info.contains("1,500,002 transactions"), "{info}");
}

#[test]
fn a_newer_project_file_is_refused_by_the_binary() {
    let d = tempfile::tempdir().unwrap();
    let project = p(d.path(), "n.hpiproj");
    ok(&["project", "new", &project]);
    rusqlite::Connection::open(&project).unwrap().pragma_update(None, "user_version", 10).unwrap();
    let o = hpi(&["calculate", "--project", &project, "--method", "bmn", "--start", "2000", "--end", "2001"]);
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("schema version 10") && e.contains("(version 9)"), "{e}");
}

#[test]
fn evaluations_standard_errors_and_bands_are_saved_with_the_run() {
    let d = tempfile::tempdir().unwrap();
    let project = sample_project(d.path());
    let (ev, again) = (p(d.path(), "ev.json"), p(d.path(), "again.json"));
    let pooled = ["--method", "bmn", "--start", "2000", "--end", "2021"];
    let mut a = vec!["evaluate", "--project", &project, "--kfold", "5", "--revision-from", "2019", "--output", &ev];
    a.extend(pooled);
    let o = ok(&a);
    assert!(String::from_utf8_lossy(&o.stderr).contains("saved as run 1"));
    ok(&["export", "--project", &project, "--run", "1", "--what", "evaluation", "--output", &again]);
    let read = |f: &str| -> serde_json::Value { serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap() };
    assert_eq!(read(&ev), read(&again));
    assert_eq!(read(&ev)["series"][0]["accuracy"]["kfold"]["k"], 5);
    // The saved run evaluated by its id, with its own parameters: the same numbers.
    let by_id = p(d.path(), "by-id.json");
    let o = ok(&[
        "runs",
        "evaluate",
        "1",
        "--project",
        &project,
        "--kfold",
        "5",
        "--revision-from",
        "2019",
        "--output",
        &by_id,
    ]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("saved the evaluation with run 1"));
    assert_eq!(read(&by_id), read(&ev));
    // The run's report has a diagnostics section with the saved figures.
    let html = p(d.path(), "report.html");
    ok(&["report", "--project", &project, "--run", "1", "--output", &html]);
    let page = std::fs::read_to_string(&html).unwrap();
    let mdape = read(&ev)["series"][0]["accuracy"]["kfold"]["mdape"].as_f64().unwrap();
    assert!(page.contains("Diagnostics") && page.contains("k-fold median error"), "no diagnostics section");
    assert!(page.contains("shaded: 95 % bands"), "the BMN run's chart has no bands");
    assert!(page.contains(&format!("{:.1} %", 100.0 * mdape)), "the k-fold median error {mdape} is not in the report");

    let rsai = ["--method", "rsai", "--weights", "unit", "--start", "2000", "--end", "2021"];
    let out = p(d.path(), "rsai.csv");
    let mut b = vec!["calculate", "--project", &project, "--intervals", "0.9", "--bootstrap", "20", "--output", &out];
    b.extend(rsai);
    ok(&b);
    let db = rusqlite::Connection::open(&project).unwrap();
    let level: f64 = db.query_row("SELECT band_level FROM runs WHERE id = 2", [], |r| r.get(0)).unwrap();
    assert_eq!(level, 0.9);
    // The file's bands are the saved ones; the pooled run saved its analytic standard errors.
    let saved: Vec<(f64, f64, f64)> = db
        .prepare("SELECT se, lower, upper FROM run_index WHERE run_id = 2 ORDER BY rowid")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let file: Vec<(f64, f64, f64)> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<f64> = l.split(',').skip(5).map(|v| v.parse().unwrap()).collect();
            (f[0], f[1], f[2])
        })
        .collect();
    assert_eq!(saved, file);
    // Exported with their bands at the run's own level, the saved run gives the file back.
    let again = p(d.path(), "again.csv");
    ok(&["export", "--project", &project, "--run", "2", "--intervals", "0.9", "--output", &again]);
    assert_eq!(std::fs::read_to_string(&again).unwrap(), std::fs::read_to_string(&out).unwrap());
    let o = hpi(&["export", "--project", &project, "--run", "2", "--intervals", "0.95", "--output", &again]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("bands were computed at 0.9"));
    let missing: i64 = db
        .query_row("SELECT count(*) FROM run_index WHERE run_id = 1 AND value IS NOT NULL AND se IS NULL", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(missing, 0);

    // RSAI's analytic standard errors of each year's appreciation: saved with the run, not in the
    // index file, in the evaluation and in the report.
    let header = std::fs::read_to_string(&out).unwrap().lines().next().unwrap().to_owned();
    assert!(!header.contains("change"), "{header}");
    let change_se: Vec<Option<f64>> = db
        .prepare(
            "SELECT change_se FROM run_index WHERE run_id = 2 AND region = (SELECT min(region) FROM run_index
             WHERE run_id = 2) ORDER BY rowid",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(change_se[0].is_none() && change_se[1..].iter().all(|s| s.is_some_and(|s| s > 0.0)), "{change_se:?}");
    let ev = p(d.path(), "rsai.json");
    let mut c = vec!["evaluate", "--project", &project, "--output", &ev];
    c.extend(rsai);
    ok(&c);
    let appreciation = read(&ev)["series"][0]["appreciation"].as_array().unwrap().clone();
    assert_eq!(appreciation.len(), change_se.len() - 1);
    for (a, want) in appreciation.iter().zip(&change_se[1..]) {
        assert_eq!(a["se"].as_f64(), *want, "{a}");
    }
    let html = p(d.path(), "rsai.html");
    ok(&["report", "--project", &project, "--run", "2", "--output", &html]);
    let page = std::fs::read_to_string(&html).unwrap();
    let se = format!("± {:.1}", 100.0 * change_se[1].unwrap());
    assert!(page.contains("Change from the previous period") && page.contains(&se), "no {se} in the report");
}
