//! Composites of regions and smoothing through the real `hpi` binary, on the
//! sample project (`docs/methodology.md#composites-of-regions`, `#smoothing`).

mod common;

use common::{hpi, ok, p, sample_project};
use std::collections::BTreeMap;

/// `(region, weight)` → `column`'s values of an index file, in period order.
fn column(path: &str, name: &str) -> BTreeMap<(String, String), Vec<Option<f64>>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let k = r.headers().unwrap().iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    let mut out: BTreeMap<(String, String), Vec<Option<f64>>> = BTreeMap::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        out.entry((rec[0].to_owned(), rec[2].to_owned())).or_default().push(rec[k].parse().ok());
    }
    out
}

/// The sum of the sample's sale prices per CBSA from `start` to `end`.
fn sales_value(start: i32, end: i32) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    let mut r = csv::Reader::from_path(common::root("sample/transactions.csv")).unwrap();
    for rec in r.records() {
        let rec = rec.unwrap();
        let year: i32 = rec[1][..4].parse().unwrap();
        if (start..=end).contains(&year) {
            *out.entry(rec[4].to_owned()).or_insert(0.0) += rec[2].parse::<f64>().unwrap();
        }
    }
    out
}

#[test]
fn a_value_weighted_composite_of_every_method_is_the_chained_mean_of_its_cbsas() {
    let d = tempfile::tempdir().unwrap();
    let project = sample_project(d.path());
    let value = sales_value(2000, 2021);
    let shares = |a: &str, b: &str| (value[a] / (value[a] + value[b]), value[b] / (value[a] + value[b]));
    for method in ["rsai", "bmn", "wrs"] {
        let out = p(d.path(), &format!("{method}.csv"));
        let mut args = vec!["calculate", "--project", &project, "--method", method, "--start", "2000", "--end", "2021"];
        args.extend(["--composite", "texas=10180,11100", "--smooth", "3", "--output", &out]);
        ok(&args);
        let index = column(&out, "index");
        let (wa, wb) = shares("10180", "11100");
        let mut checked = 0;
        for ((region, weight), composite) in index.iter().filter(|((r, _), _)| r == "composite:texas") {
            let a = &index[&("10180".to_owned(), weight.clone())];
            let b = &index[&("11100".to_owned(), weight.clone())];
            let mut level = 100.0;
            assert_eq!(composite[0], Some(100.0), "{region} {weight}");
            for t in 1..composite.len() {
                level *= wa * a[t].unwrap() / a[t - 1].unwrap() + wb * b[t].unwrap() / b[t - 1].unwrap();
                let c = composite[t].unwrap();
                assert!((c / level - 1.0).abs() < 1e-12, "{method} {weight} period {t}: {c} vs {level}");
                checked += 1;
            }
        }
        assert_eq!(checked, if method == "rsai" { 6 * 21 } else { 21 }, "{method}");
        // The composite is smoothed like every series.
        let smoothed = column(&out, "index_smoothed");
        assert!(smoothed.iter().all(|(_, v)| v.iter().all(Option::is_some)), "{method}: every series smoothed");
    }
}

#[test]
fn given_weights_the_levels_rule_and_a_saved_run_keep_their_marks() {
    let d = tempfile::tempdir().unwrap();
    let project = sample_project(d.path());
    let weights = p(d.path(), "weights.csv");
    std::fs::write(&weights, "region,weight\n10180,1\n11100,3\n10420,2\n").unwrap();
    let out = p(d.path(), "index.csv");
    let run = [
        "--project",
        &project,
        "--method",
        "bmn",
        "--period",
        "quarterly",
        "--start",
        "2005",
        "--end",
        "2016",
        "--composite",
        "texas=10180,11100",
        "--composite-weights",
        &weights,
        "--composite-rule",
        "levels",
        "--smooth",
        "5",
    ];
    ok(&[&["calculate"], &run[..], &["--output", &out]].concat());
    let index = column(&out, "index");
    let (a, b, c) = (
        &index[&("10180".into(), "".into())],
        &index[&("11100".into(), "".into())],
        &index[&("composite:texas".into(), "".into())],
    );
    for t in 0..c.len() {
        let want = 100.0 * (0.25 * a[t].unwrap() / a[0].unwrap() + 0.75 * b[t].unwrap() / b[0].unwrap());
        assert!((c[t].unwrap() / want - 1.0).abs() < 1e-12, "period {t}");
    }
    // Saved in the project: the runs list, the export and the quality report say what was done.
    let runs = String::from_utf8(ok(&["runs", "list", "--project", &project, "--json"]).stdout).unwrap();
    assert!(runs.contains("\"smooth\": 5") || runs.contains("\"smooth\":5"), "{runs}");
    let exported = p(d.path(), "exported.csv");
    ok(&["export", "--project", &project, "--run", "1", "--output", &exported]);
    let header = std::fs::read_to_string(&exported).unwrap();
    assert!(header.lines().next().unwrap().ends_with(",index,index_smoothed"), "{}", header.lines().next().unwrap());
    assert!(header.contains("composite:texas,bmn,,2016-Q4,"));
    let quality = String::from_utf8(ok(&[&["quality"], &run[..]].concat()).stdout).unwrap();
    for needle in [
        "Composites",
        "composite:texas: levels",
        "the analyst's weights",
        "25.0%",
        "75.0%",
        "Smoothing",
        "moving average of 5 periods",
    ] {
        assert!(quality.contains(needle), "no '{needle}' in\n{quality}");
    }
}

#[test]
fn bad_composites_and_weight_files_are_refused_before_any_work() {
    let d = tempfile::tempdir().unwrap();
    let project = sample_project(d.path());
    let weights = p(d.path(), "weights.csv");
    std::fs::write(&weights, "region,weight\n10180,1\n11100,-2\n").unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["calculate", "--project", &project, "--method", "bmn", "--start", "2000", "--end", "2021"];
        args.extend(extra);
        args.extend(["--output", "-"]);
        let o = hpi(&args);
        assert!(!o.status.success(), "{extra:?}");
        String::from_utf8(o.stderr).unwrap()
    };
    let e = run(&["--composite", "texas=10180,11100", "--composite-weights", &weights]);
    assert!(e.contains("weights.csv:3: column weight: -2 is not a positive number"), "{e}");
    let e = run(&["--composite", "texas=10180"]);
    assert!(e.contains("--composite") && e.contains("needs at least two regions"), "{e}");
    let e = run(&["--smooth", "4"]);
    assert!(e.contains("--smooth") && e.contains("not an odd number"), "{e}");
    let e = run(&["--composite", "texas"]);
    assert!(e.contains("expected NAME=REGION,REGION"), "{e}");
    // Nothing was saved: every refusal came before the run.
    let runs = String::from_utf8(ok(&["runs", "list", "--project", &project, "--json"]).stdout).unwrap();
    assert!(!runs.contains("\"method\""), "{runs}");
    // A region the run turns out not to have is known only once it is estimated: the run
    // fails, is kept as failed, and says which regions it has.
    let e = run(&["--composite", "texas=10180,99999"]);
    assert!(e.contains("combines 99999, which this run has no index for (it has 10180, 10420, 11100)"), "{e}");
}
