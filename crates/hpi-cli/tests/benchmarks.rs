//! Published series as benchmarks through the real `hpi` binary: FHFA's 2009
//! releases imported into a project, a generated RSAI run over years and
//! CBSAs they cover compared with them (`hpi compare`), drawn in a report,
//! and the run written in FHFA's master-file layout
//! (`docs/publishing.md#benchmarks`).

mod common;

use common::{hpi, ok, p, root};
use serde_json::Value;

/// A project with generated sales in three real CBSAs (Abilene, Amarillo,
/// Akron) over 1995–2008, FHFA's CBSA and state files, and an RSAI run
/// aggregated to states.
fn project(dir: &std::path::Path) -> String {
    let gen = p(dir, "gen");
    ok(&["generate", "--out", &gen, "--start-year", "1995", "--end-year", "2008", "--properties", "20000"]);
    let project = p(dir, "p.hpiproj");
    ok(&["project", "new", &project]);
    for kind in ["tracts", "attributes", "transactions"] {
        ok(&["import", &format!("{gen}/{kind}.csv"), "--project", &project, "--kind", kind]);
    }
    for file in ["fhfa_hpi_cbsa_2009q1.csv", "fhfa_hpi_state_po_2009q1.csv"] {
        let o = ok(&[
            "import",
            &root(&format!("tests/data/published/{file}")),
            "--project",
            &project,
            "--kind",
            "benchmark",
        ]);
        assert!(String::from_utf8_lossy(&o.stderr).contains("as benchmark"), "{o:?}");
    }
    ok(&[
        "calculate",
        "--project",
        &project,
        "--method",
        "rsai",
        "--start",
        "1995",
        "--end",
        "2008",
        "--weights",
        "value,unit",
        "--aggregate",
        "state",
    ]);
    project
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("a number: {v}"))
}

#[test]
fn a_generated_run_is_compared_with_fhfa_series_it_overlaps() {
    let d = tempfile::tempdir().unwrap();
    let project = project(d.path());
    // The project holds two benchmarks: which one must be said.
    let o = hpi(&["compare", "--project", &project, "--run", "1"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("several benchmarks fit"), "{o:?}");

    let o = ok(&["compare", "--project", &project, "--run", "1", "--benchmark", "4", "--json"]);
    let c: Value = serde_json::from_slice(&o.stdout).unwrap();
    let regions = c["regions"].as_array().unwrap();
    // Three CBSAs × two weights; the states are not in the CBSA file.
    assert_eq!(regions.len(), 6, "{c}");
    assert_eq!(c["unmatched"], serde_json::json!(["state:39", "state:48"]));
    let index = p(d.path(), "index.csv");
    ok(&["export", "--project", &project, "--run", "1", "--output", &index]);
    let mut run: std::collections::BTreeMap<(String, String, String), f64> = Default::default();
    for rec in csv::Reader::from_path(&index).unwrap().records() {
        let rec = rec.unwrap();
        if let Ok(v) = rec[4].parse() {
            run.insert((rec[0].to_owned(), rec[2].to_owned(), rec[3].to_owned()), v);
        }
    }
    for r in regions {
        let t = &r["tracking"];
        // FHFA's quarters are compared as years, 1995-2008: 14 years, 13 returns and growths.
        assert_eq!((t["periodicity"].as_str(), t["periods"].as_u64()), (Some("annual"), Some(14)), "{r}");
        assert_eq!((t["first"].as_str(), t["last"].as_str()), (Some("1995"), Some("2008")));
        assert_eq!((t["returns"].as_u64(), t["growths"].as_u64()), (Some(13), Some(13)));
        assert!((-1.0..=1.0).contains(&num(&t["return_correlation"])));
        assert!(num(&t["rms_log_difference"]) > 0.0 && num(&t["growth_difference"]) > 0.0);
        // The overlay equals the run in the first common year.
        let first = &r["overlay"][0];
        assert_eq!(first["label"], "1995");
        let key = (r["region"].as_str().unwrap().to_owned(), r["weight"].as_str().unwrap().to_owned(), "1995".into());
        assert!((num(&first["value"]) - run[&key]).abs() < 1e-9, "{r}");
    }

    // The state file: the run's states (Texas, Ohio) against FHFA's.
    let o = ok(&["compare", "--project", &project, "--run", "1", "--benchmark", "5"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("state:48") && text.contains("state:39") && text.contains("1995–2008"), "{text}");

    // As a table file.
    let figures = p(d.path(), "tracking.csv");
    ok(&["compare", "--project", &project, "--run", "1", "--benchmark", "4", "--output", &figures]);
    let head = std::fs::read_to_string(&figures).unwrap();
    assert!(head.starts_with(
        "region,weight,compared_in,periods,first,last,return_correlation,rms_log_difference,growth_difference_pp"
    ));

    // In a report: drawn beside the run, and the figures in a table.
    let html = p(d.path(), "report.html");
    ok(&["report", "--project", &project, "--run", "1", "--benchmark", "4", "--output", &html]);
    let report = std::fs::read_to_string(&html).unwrap();
    assert!(report.contains("Benchmark: fhfa_hpi_cbsa_2009q1.csv, quarterly (import 4)"), "the line's legend");
    assert!(report.contains("RMS log difference"));
    // In a chart of one region.
    let svg = p(d.path(), "abilene.svg");
    ok(&["chart", "--project", &project, "--run", "1", "--region", "10180", "--benchmark", "4", "--output", &svg]);
    assert!(std::fs::read_to_string(&svg).unwrap().contains("Benchmark: fhfa_hpi_cbsa_2009q1.csv"));
}

#[test]
fn the_run_in_fhfa_master_file_layout_with_a_chosen_base() {
    let d = tempfile::tempdir().unwrap();
    let project = project(d.path());
    let out = p(d.path(), "master.csv");
    ok(&["export", "--project", &project, "--run", "1", "--layout", "fhfa", "--base", "2000", "--output", &out]);
    let mut r = csv::Reader::from_path(&out).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(
        header.join(","),
        "hpi_type,hpi_flavor,frequency,level,place_name,place_id,yr,period,index_nsa,index_sa"
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let find = |place: &str, flavor: &str, yr: &str| {
        rows.iter().find(|x| &x[5] == place && &x[1] == flavor && &x[6] == yr).unwrap_or_else(|| panic!("{place}"))
    };
    let texas = find("TX", "rsai-value", "2000");
    assert_eq!((&texas[0], &texas[2], &texas[3], &texas[7]), ("traditional", "annual", "State", "1"));
    assert_eq!(texas[8].parse::<f64>().unwrap(), 100.0);
    assert_eq!(&find("10180", "rsai-unit", "2000")[3], "MSA");
    // A base outside the run is refused with its periods.
    let o =
        hpi(&["export", "--project", &project, "--run", "1", "--layout", "fhfa", "--base", "1980", "--output", &out]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("outside run 1's periods (1995 to 2008)"), "{o:?}");
}

#[test]
fn a_bad_published_file_names_every_bad_row() {
    let d = tempfile::tempdir().unwrap();
    let project = p(d.path(), "p.hpiproj");
    ok(&["project", "new", &project]);
    // FHFA's headerless layout with CR-only line endings, like the 2009 files, and two bad rows.
    let bad = p(d.path(), "bad.csv");
    std::fs::write(&bad, "\"Abilene, TX\",10180,1990,1,100,( 0.5)\r\"Abilene, TX\",10180,1990,2,1O1,-\r\"Abilene, TX\",10180,19x0,3,99,-\r").unwrap();
    let o = hpi(&["import", &bad, "--project", &project, "--kind", "benchmark"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.csv:2: index: cannot read '1O1' as a number"), "{err}");
    assert!(err.contains("bad.csv:3: yr: cannot read '19x0' as a year"), "{err}");
    let o = ok(&["import", &bad, "--project", &project, "--kind", "benchmark", "--skip-bad-rows"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("imported 1 of 3 rows"), "{err}");
}
