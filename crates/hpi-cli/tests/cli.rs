//! The `hpi` binary end to end: the contract of `hpi calculate`, bad input,
//! output formats, the quality report and synthetic data.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn hpi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hpi")).args(args).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

/// `--transactions`, `--tracts` and `--attributes` for the files of a folder.
fn input_files(dir: &Path) -> Vec<String> {
    let f = |n: &str| dir.join(n).display().to_string();
    ["--transactions", &f("transactions.csv"), "--tracts", &f("tracts.csv"), "--attributes", &f("attributes.csv")]
        .map(String::from)
        .to_vec()
}

const TRACTS: &str = "tract,cbsa,lat,lon\nT1,C1,40.0,-80.0\nT2,C1,40.01,-80.0\n";

/// Sales of 60 properties in T1 over three years, plus `extra` lines.
fn sales(extra: &str) -> String {
    let mut s = String::from("property_id,sale_date,price,tract,cbsa\n");
    for k in 0..60 {
        for (y, f) in [(2010, 1.0), (2011, 1.05), (2012, 1.12)] {
            s += &format!("p{k},{y}-05-01,{},T1,C1\n", (100_000.0 + 1000.0 * f64::from(k)) * f);
        }
    }
    s + extra
}

fn rsai_args<'a>(tx: &'a str, tracts: &'a str, out: &'a str) -> Vec<&'a str> {
    vec![
        "calculate",
        "--transactions",
        tx,
        "--tracts",
        tracts,
        "--method",
        "rsai",
        "--start",
        "2010",
        "--end",
        "2012",
        "--output",
        out,
    ]
}

#[test]
fn rsai_contract_and_tract_panel() {
    let d = tempfile::tempdir().unwrap();
    let (tx, tr) = (write(d.path(), "t.csv", &sales("")), write(d.path(), "g.csv", TRACTS));
    let out = d.path().join("o.csv").display().to_string();
    let panel = d.path().join("p.csv").display().to_string();
    let mut args = rsai_args(&tx, &tr, &out);
    args.extend(["--weights", "sample", "--tract-output", &panel]);
    let o = hpi(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "region,method,weight,period,index");
    assert_eq!(lines[1], "C1,rsai,sample,2010,100");
    let v: f64 = lines[2].rsplit(',').next().unwrap().parse().unwrap();
    assert!((v - 105.0).abs() < 1e-9);
    let panel = std::fs::read_to_string(&panel).unwrap();
    let lines: Vec<&str> = panel.lines().collect();
    assert_eq!(lines[0], "tract,cbsa,weight,period,index,supertract,half_pairs");
    // 60 properties sold in 2010, 2011 and 2012: each year's sales are one end
    // of a pair, 2011's of two.
    assert_eq!(lines[1], "T1,C1,,2010,100,,60");
    let cells: Vec<&str> = lines[2].split(',').collect();
    assert_eq!(cells[..4], ["T1", "C1", "", "2011"]);
    assert!((cells[4].parse::<f64>().unwrap() - 105.0).abs() < 1e-9);
    assert_eq!(cells[5..], ["T1", "120"]);
    assert!(lines[3].ends_with(",T1,60"), "{}", lines[3]);
}

#[test]
fn bad_rows_are_named_and_left_out() {
    let d = tempfile::tempdir().unwrap();
    let extra = "q1,2010-02-30,100000,T1,C1\nq2,2011-01-01,-5,T1,C1\nq3,2011-01-01,abc,T1,C1\nq4,2011-01-01,100000,T9,C1\nq5,2011-01-01,100000,T1,C2\nq6,2011-01-01\n";
    let (tx, tr) = (write(d.path(), "t.csv", &sales(extra)), write(d.path(), "g.csv", TRACTS));
    let out = d.path().join("o.csv").display().to_string();
    let o = hpi(&rsai_args(&tx, &tr, &out));
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    for expected in [
        format!("{tx}:182: sale_date: cannot read '2010-02-30' as a date"),
        format!("{tx}:183: price: price '-5' is not positive"),
        format!("{tx}:184: price: cannot read 'abc' as a price"),
        format!("{tx}:185: tract: unknown tract 'T9'"),
        format!("{tx}:186: cbsa: CBSA 'C2' disagrees"),
        format!("{tx}:187: (row): has '2' fields where the header has 5"),
        "6 of 186 rows".to_owned(),
    ] {
        assert!(e.contains(&expected), "missing {expected:?} in\n{e}");
    }
    // --strict stops at the first bad row with exit code 2.
    let mut args = rsai_args(&tx, &tr, &out);
    args.push("--strict");
    let o = hpi(&args);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(&format!("{tx}:182: sale_date:")), "{}", stderr(&o));
}

#[test]
fn unusable_files_exit_2_with_file_line_and_reason() {
    let d = tempfile::tempdir().unwrap();
    let tr = write(d.path(), "g.csv", TRACTS);
    let out = d.path().join("o.csv").display().to_string();
    let cases = [
        (
            "missing.csv",
            "property_id,sale_date,tract\np,2010-01-01,T1\n",
            ":1: column 'price': missing from the header",
        ),
        ("empty.csv", "", ":1: empty file"),
        ("none.csv", "property_id,sale_date,price,tract\np,2010-01-01,-1,T1\n", "no usable sales"),
    ];
    for (name, text, expected) in cases {
        let tx = write(d.path(), name, text);
        let o = hpi(&rsai_args(&tx, &tr, &out));
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains(expected), "{name}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"));
    }
    let o = hpi(&rsai_args("/nonexistent/t.csv", &tr, &out));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot read /nonexistent/t.csv"));
}

#[test]
fn bad_usage_exits_2() {
    let d = tempfile::tempdir().unwrap();
    let (tx, tr) = (write(d.path(), "t.csv", &sales("")), write(d.path(), "g.csv", TRACTS));
    let out = d.path().join("o.csv").display().to_string();
    let mut quarterly = rsai_args(&tx, &tr, &out);
    quarterly.extend(["--period", "quarterly"]);
    let mut bad_weight = rsai_args(&tx, &tr, &out);
    bad_weight.extend(["--weights", "sample,bogus"]);
    let no_tracts =
        ["calculate", "--transactions", &tx, "--method", "rsai", "--start", "2010", "--end", "2012", "--output", &out];
    let backwards =
        ["calculate", "--transactions", &tx, "--method", "bmn", "--start", "2012", "--end", "2010", "--output", &out];
    for (args, expected) in [
        (quarterly, "RSAI is annual only"),
        (bad_weight, "unknown weight 'bogus'"),
        (no_tracts.to_vec(), "needs --tracts"),
        (backwards.to_vec(), "--end"),
    ] {
        let o = hpi(&args);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains(expected), "{}", stderr(&o));
    }
}

#[test]
fn failures_at_run_time_exit_1_and_mapped_columns_are_read() {
    let d = tempfile::tempdir().unwrap();
    // Names that are no common synonym (those are read without --map, as `hpi import` reads them).
    let renamed = sales("").replacen("property_id,sale_date,price,tract", "pid,sold_on,paid,area", 1);
    let (tx, tr) = (write(d.path(), "t.csv", &renamed), write(d.path(), "g.csv", TRACTS));
    let out = d.path().join("o.csv").display().to_string();
    let mut args = rsai_args(&tx, &tr, &out);
    let o = hpi(&args);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(":1: column 'property_id': missing"), "{}", stderr(&o));
    args.extend(["--map", "property_id=pid,sale_date=sold_on", "--map", "price=paid,tract=area"]);
    let o = hpi(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let unwritable = d.path().join("no-such-folder/o.csv").display().to_string();
    let o = hpi(&rsai_args(&tx, &tr, &unwritable).into_iter().chain(args[13..].iter().copied()).collect::<Vec<_>>());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains(&format!("cannot write {unwritable}")), "{}", stderr(&o));
}

#[test]
fn json_and_parquet_outputs_hold_the_csv_values() {
    let d = tempfile::tempdir().unwrap();
    let (tx, tr) = (write(d.path(), "t.csv", &sales("")), write(d.path(), "g.csv", TRACTS));
    let file = |n: &str| d.path().join(n).display().to_string();
    let (csv, json, parquet) = (file("o.csv"), file("o.json"), file("o.parquet"));
    for out in [&csv, &json, &parquet] {
        let o = hpi(&rsai_args(&tx, &tr, out));
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let csv_values: Vec<String> = std::fs::read_to_string(&csv)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.rsplit(',').next().unwrap().to_owned())
        .collect();
    let rows: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(rows.len(), csv_values.len());
    assert!(csv_values.iter().any(String::is_empty) && csv_values.iter().any(|v| !v.is_empty()));
    for (r, v) in rows.iter().zip(&csv_values) {
        // Weights without attributes have no value: null in JSON, an empty cell in CSV.
        assert_eq!(r["index"].as_f64().map(|x| x.to_string()).unwrap_or_default(), *v);
        assert_eq!(r["method"], "rsai");
    }
    use polars::prelude::{ParquetReader, SerReader};
    let frame = ParquetReader::new(std::fs::File::open(&parquet).unwrap()).finish().unwrap();
    let index = frame.column("index").unwrap().f64().unwrap();
    for (k, v) in csv_values.iter().enumerate() {
        assert_eq!(index.get(k).map(|x| x.to_string()).unwrap_or_default(), *v);
    }
    assert_eq!(frame.get_column_names(), ["region", "method", "weight", "period", "index"]);
}

#[test]
fn quality_report_counts_rows_pairs_and_filters() {
    let d = tempfile::tempdir().unwrap();
    // A flip (same year), a +100% jump (CAGR) and a x20 jump (ratio and CAGR), and a bad row.
    let extra = "f,2010-01-01,100000,T1,C1\nf,2010-07-01,120000,T1,C1\nj,2010-01-01,100000,T1,C1\nj,2011-01-01,200000,T1,C1\nr,2010-01-01,100000,T1,C1\nr,2015-01-01,2000000,T1,C1\nbad,x,1,T1,C1\n";
    let (tx, tr) = (write(d.path(), "t.csv", &sales(extra)), write(d.path(), "g.csv", TRACTS));
    let mut args =
        vec!["quality", "--transactions", &tx, "--tracts", &tr, "--method", "rsai", "--start", "2010", "--end", "2012"];
    let text = hpi(&args);
    args.push("--json");
    let o = hpi(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let q: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let sales_file = &q["inputs"][1];
    assert_eq!(sales_file["rows"], 187);
    assert_eq!(sales_file["accepted"], 186);
    assert_eq!(sales_file["rejected"][0]["line"], 188);
    let pairs = &q["rsai"]["pairs"];
    assert_eq!(pairs["candidate_pairs"], 123);
    let f = &pairs["filters"];
    assert_eq!((f[0]["own"].as_u64(), f[0]["sequential"].as_u64()), (Some(1), Some(1)));
    assert_eq!((f[1]["own"].as_u64(), f[1]["sequential"].as_u64()), (Some(3), Some(2)));
    assert_eq!((f[2]["own"].as_u64(), f[2]["sequential"].as_u64()), (Some(1), Some(0)));
    assert_eq!(pairs["pairs"], 120);
    assert_eq!(q["rsai"]["cbsas"][0]["years"][0]["supertracts"], 1);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("pairs kept") && text.contains(&format!("{tx}:188: sale_date")), "{text}");
}

#[test]
fn the_analysts_filters_are_counted_in_order_and_bad_bounds_name_their_flag() {
    let d = tempfile::tempdir().unwrap();
    // A five-month flip (+5 %), a sale under the floor and the same jumps as above.
    let extra = "f,2010-01-10,100000,T1,C1\nf,2010-06-20,105000,T1,C1\nc,2010-01-10,900,T1,C1\nc,2012-01-10,950,T1,C1\nr,2010-01-01,100000,T1,C1\nr,2015-01-01,2000000,T1,C1\n";
    let tx = write(d.path(), "t.csv", &sales(extra));
    let base = ["quality", "--json", "--transactions", &tx, "--method", "bmn", "--period", "quarterly"];
    let run = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend(["--start", "2010", "--end", "2012"]);
        args.extend(extra);
        hpi(&args)
    };
    let o =
        run(&["--min-holding-months", "6", "--price-floor", "1000", "--filters", "ratio", "--ratio-bounds", "0.5,15"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let q: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let pairs = &q["pooled"]["pairs"];
    let f = pairs["filters"].as_array().unwrap();
    let names: Vec<&str> = f.iter().map(|f| f["filter"].as_str().unwrap()).collect();
    assert_eq!(names, ["same_period", "holding_period", "cagr", "ratio", "price"]);
    let count = |k: usize| {
        (f[k]["enabled"].as_bool().unwrap(), f[k]["own"].as_u64().unwrap(), f[k]["sequential"].as_u64().unwrap())
    };
    assert_eq!(count(1), (true, 1, 1), "the flip");
    assert_eq!(count(3), (true, 1, 1), "×20 is beyond 15");
    assert_eq!(count(4), (true, 1, 1), "900 is below the floor");
    let dropped: u64 = f.iter().map(|f| f["sequential"].as_u64().unwrap()).sum();
    let (candidates, cross) = (pairs["candidate_pairs"].as_u64().unwrap(), pairs["cross_unit_pairs"].as_u64().unwrap());
    assert_eq!(candidates, cross + dropped + pairs["pairs"].as_u64().unwrap());
    // A bound that cannot be meant names its flag; a bound for a filter that is off is refused.
    let o = run(&["--filters", "cagr", "--cagr-bound", "1.5"]);
    assert!(!o.status.success() && stderr(&o).contains("--cagr-bound"), "{}", stderr(&o));
    let o = run(&["--cagr-bound", "0.2"]);
    assert!(!o.status.success() && stderr(&o).contains("need the cagr filter"), "{}", stderr(&o));
    let o = run(&["--price-floor", "500000", "--price-ceiling", "400000"]);
    assert!(!o.status.success() && stderr(&o).contains("--price-floor"), "{}", stderr(&o));
}

#[test]
fn price_tiers_are_series_of_their_own_and_their_cuts_are_reported() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("tiers.csv").display().to_string();
    let tx = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../sample/transactions.csv").display().to_string();
    let base = ["--transactions", tx.as_str(), "--method", "cs", "--start", "2000", "--end", "2021"];
    let o = hpi(&[&["calculate"], &base[..], &["--tiers", "3", "--output", &out]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    let mut regions: Vec<&str> = text.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    regions.dedup();
    assert_eq!(
        regions,
        [
            "10180/low",
            "10180/middle",
            "10180/high",
            "10420/low",
            "10420/middle",
            "10420/high",
            "11100/low",
            "11100/middle",
            "11100/high"
        ]
    );
    let o = hpi(&[&["quality", "--json"], &base[..], &["--tiers", "3"]].concat());
    let q: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let cuts = q["pooled"]["tier_cuts"]["10180"].as_array().unwrap();
    assert_eq!(cuts.len(), 2);
    let by_tier = &q["pooled"]["pairs_by_region"];
    let (low, high) = (by_tier["10180/low"].as_u64().unwrap(), by_tier["10180/high"].as_u64().unwrap());
    assert!(low.abs_diff(high) <= 2, "thirds: {low} and {high} pairs");
    let o = hpi(&[&["calculate"], &base[..], &["--intervals", "0.95", "--output", &out]].concat());
    assert!(!o.status.success() && stderr(&o).contains("have no standard errors"), "{}", stderr(&o));
    let o = hpi(&[&["calculate"], &base[..], &["--tier-breaks", "300000,200000", "--output", &out]].concat());
    assert!(
        !o.status.success() && stderr(&o).contains("--tiers/--tier-breaks: the breakpoints must rise"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn generated_data_lets_unit_weighted_rsai_recover_the_true_index() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().display().to_string();
    let o = hpi(&[
        "generate",
        "--seed",
        "5",
        "--cbsas",
        "2",
        "--tracts-per-cbsa",
        "60",
        "--properties",
        "95000",
        "--start-year",
        "1995",
        "--end-year",
        "2020",
        "--out",
        &dir,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let file = |n: &str| d.path().join(n).display().to_string();
    let transactions = std::fs::read_to_string(file("transactions.csv")).unwrap().lines().count() - 1;
    assert!((180_000..260_000).contains(&transactions), "{transactions} transactions");
    let out = file("index.csv");
    let files = input_files(d.path());
    let mut args: Vec<&str> = vec!["calculate"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["--method", "rsai", "--weights", "unit", "--start", "1995", "--end", "2020", "--output", &out]);
    let o = hpi(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let truth: std::collections::HashMap<(String, String), f64> = csv::Reader::from_path(file("truth_cbsa.csv"))
        .unwrap()
        .records()
        .map(|r| {
            let r = r.unwrap();
            ((r[0].to_owned(), r[2].to_owned()), r[3].parse().unwrap())
        })
        .collect();
    let mut squares = Vec::new();
    for r in csv::Reader::from_path(&out).unwrap().records() {
        let r = r.unwrap();
        let v: f64 = r[4].parse().unwrap();
        squares.push((v / truth[&(r[0].to_owned(), r[3].to_owned())]).ln().powi(2));
    }
    assert_eq!(squares.len(), 2 * 26);
    let rmse = (squares.iter().sum::<f64>() / squares.len() as f64).sqrt();
    assert!(rmse < 0.01, "log RMSE {rmse}");
}

#[test]
fn the_national_preset_is_a_skewed_country_of_geoid_tracts() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().display().to_string();
    let o = hpi(&[
        "generate",
        "--preset",
        "national",
        "--cbsas",
        "120",
        "--tracts-per-cbsa",
        "20",
        "--properties",
        "20000",
        "--out",
        &dir,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut tracts_per_cbsa = std::collections::HashMap::<String, usize>::new();
    for r in csv::Reader::from_path(d.path().join("tracts.csv")).unwrap().records() {
        let r = r.unwrap();
        assert!(r[0].len() == 11 && r[0].bytes().all(|b| b.is_ascii_digit()), "a GEOID: {}", &r[0]);
        *tracts_per_cbsa.entry(r[1].to_owned()).or_default() += 1;
    }
    assert_eq!(tracts_per_cbsa.len(), 120);
    let total: usize = tracts_per_cbsa.values().sum();
    let (largest, most) = tracts_per_cbsa.iter().max_by_key(|(_, n)| **n).unwrap();
    assert_eq!(largest, "35644", "New York's area is the largest");
    assert!(*most > 8 * total / 120, "skewed: {most} of {total} tracts");
    assert!(tracts_per_cbsa.keys().any(|c| c.as_str() >= "50000"), "made-up areas beyond the real 52");
    let (mut sales, mut in_largest, mut years) = (0usize, 0usize, std::collections::BTreeSet::new());
    for r in csv::Reader::from_path(d.path().join("transactions.csv")).unwrap().records() {
        let r = r.unwrap();
        sales += 1;
        in_largest += usize::from(&r[4] == "35644");
        years.insert(r[1][..4].to_owned());
    }
    let (sale_share, tract_share) = (in_largest as f64 / sales as f64, *most as f64 / total as f64);
    assert!((0.5..2.0).contains(&(sale_share / tract_share)), "sales follow tracts: {sale_share} {tract_share}");
    assert_eq!((years.first().unwrap().as_str(), years.last().unwrap().as_str()), ("1975", "2025"));
    let truth = std::fs::read_to_string(d.path().join("truth_cbsa.csv")).unwrap();
    assert_eq!(truth.lines().count() - 1, 120 * 51, "the true index of every area and year");

    // The benchmark takes the preset too, and runs RSAI on it as an analyst would.
    let bench = d.path().join("bench").display().to_string();
    let o = hpi(&[
        "bench",
        "--preset",
        "national",
        "--transactions",
        "40000",
        "--cbsas",
        "60",
        "--tracts-per-cbsa",
        "10",
        "--dir",
        &bench,
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(report["transactions"].as_u64().unwrap() > 30_000 && report["pairs"].as_u64().unwrap() > 0, "{report}");
}

#[test]
fn generate_is_deterministic() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for d in [&a, &b] {
        let o = hpi(&[
            "generate",
            "--seed",
            "9",
            "--cbsas",
            "1",
            "--tracts-per-cbsa",
            "5",
            "--properties",
            "300",
            "--out",
            &d.path().display().to_string(),
        ]);
        assert!(o.status.success());
    }
    for f in ["transactions.csv", "tracts.csv", "attributes.csv", "truth.csv", "truth_cbsa.csv"] {
        let read = |d: &tempfile::TempDir| std::fs::read(d.path().join(f)).unwrap();
        assert_eq!(read(&a), read(&b), "{f}");
    }
}

#[test]
fn bundled_sample_runs() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../sample");
    let files = input_files(&root);
    let mut args: Vec<&str> = vec!["calculate"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["--method", "rsai", "--start", "2000", "--end", "2021", "--output", "-", "--format", "table"]);
    let o = hpi(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("Sample") && text.contains("Non-white") && text.contains("2021"), "{text}");
}

#[test]
fn evaluate_predicts_every_rsai_pair_with_its_cbsa_index() {
    // Every property appreciates alike, so the index predicts each resale exactly.
    let d = tempfile::tempdir().unwrap();
    let tx = write(d.path(), "s.csv", &sales(""));
    let tracts = write(d.path(), "t.csv", TRACTS);
    let o = hpi(&[
        "evaluate",
        "--transactions",
        &tx,
        "--tracts",
        &tracts,
        "--method",
        "rsai",
        "--weights",
        "sample",
        "--start",
        "2010",
        "--end",
        "2012",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let series = e["series"].as_array().unwrap();
    assert_eq!(series.len(), 1);
    assert_eq!((series[0]["region"].as_str(), series[0]["weight"].as_str()), (Some("C1"), Some("sample")));
    let a = &series[0]["accuracy"]["insample"];
    assert_eq!(a["pairs"], 120);
    assert!(a["mdape"].as_f64().unwrap() < 1e-9 && a["pe10"] == 1.0);
    // Three years give two changes: too few for a window of three.
    assert!(series[0]["volatility"]["by_period"].as_array().unwrap().is_empty());
    assert!(series[0]["volatility"]["mean"].is_null());
    let o = hpi(&[
        "evaluate",
        "--transactions",
        &tx,
        "--method",
        "bmn",
        "--start",
        "2010",
        "--end",
        "2012",
        "--volatility-window",
        "2",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--volatility-window: 2 is not an odd number"), "{}", stderr(&o));
}

#[test]
fn evaluate_judges_each_tier_of_the_case_shiller_estimator_by_its_own_pairs() {
    let tx = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../sample/transactions.csv").display().to_string();
    let args =
        ["evaluate", "--transactions", &tx, "--method", "cs", "--tiers", "2", "--start", "2000", "--end", "2021"];
    let o = hpi(&[&args[..], &["--kfold", "3"]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let e: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let series = e["series"].as_array().unwrap();
    let regions: Vec<&str> = series.iter().map(|s| s["region"].as_str().unwrap()).collect();
    assert_eq!(regions, ["10180/low", "10180/high", "10420/low", "10420/high", "11100/low", "11100/high"]);
    // Each tier predicts its own pairs: the pairs the quality report gives it.
    let o = hpi(&[
        "quality",
        "--json",
        "--transactions",
        &tx,
        "--method",
        "cs",
        "--tiers",
        "2",
        "--start",
        "2000",
        "--end",
        "2021",
    ]);
    let q: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for s in series {
        let pairs = &q["pooled"]["pairs_by_region"][s["region"].as_str().unwrap()];
        assert_eq!(&s["accuracy"]["insample"]["pairs"], pairs, "{}", s["region"]);
        assert!(s["accuracy"]["kfold"]["pairs"].as_u64().unwrap() > 0);
    }
}

#[test]
fn rsai_intervals_come_from_a_seeded_bootstrap() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().display().to_string();
    let o = hpi(&["generate", "--seed", "3", "--cbsas", "1", "--tracts-per-cbsa", "6", "--properties", "3000"]
        .into_iter()
        .chain(["--start-year", "2005", "--end-year", "2012", "--common-index", "--out", &dir])
        .collect::<Vec<_>>());
    assert!(o.status.success(), "{}", stderr(&o));
    let files = input_files(d.path());
    let run = |seed: &str, out: &str| {
        let mut args: Vec<&str> = vec!["calculate"];
        args.extend(files.iter().map(String::as_str));
        args.extend(["--method", "rsai", "--weights", "unit", "--start", "2005", "--end", "2012"]);
        args.extend(["--intervals", "0.9", "--bootstrap", "40", "--seed", seed, "--output", out]);
        let o = hpi(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        std::fs::read_to_string(out).unwrap()
    };
    let (a, b, c) =
        (run("5", &format!("{dir}/a.csv")), run("5", &format!("{dir}/b.csv")), run("6", &format!("{dir}/c.csv")));
    assert_eq!(a, b, "the same seed gives the same bands");
    assert_ne!(a, c);
    let mut lines = a.lines();
    assert_eq!(lines.next(), Some("region,method,weight,period,index,se,lower,upper"));
    for line in lines {
        let f: Vec<f64> = line.split(',').skip(4).map(|v| v.parse().unwrap()).collect();
        assert!(f[2] <= f[0] && f[0] <= f[3] && f[1] >= 0.0, "{line}");
    }
    let o = hpi(&["calculate", "--transactions", &files[1], "--method", "bmn", "--start", "2005", "--end", "2012"]
        .into_iter()
        .chain(["--intervals", "0.9", "--bootstrap", "40", "--output", "-"])
        .collect::<Vec<_>>());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("the bootstrap is for the RSAI method"), "{}", stderr(&o));
}
