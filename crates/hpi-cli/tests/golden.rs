//! The real `hpi` binary reproduces hpiR's King County indices.

use std::path::PathBuf;
use std::process::Command;

fn data(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/king-county").join(path)
}

fn read_column(path: &std::path::Path, column: &str) -> Vec<String> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let i = r.headers().unwrap().iter().position(|h| h == column).unwrap();
    r.records().map(|rec| rec.unwrap()[i].to_owned()).collect()
}

fn check(method: &str, period: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("index.csv");
    let status = Command::new(env!("CARGO_BIN_EXE_hpi"))
        .args(["calculate", "--transactions"])
        .arg(data("ex_sales.csv"))
        .args(["--map", "property_id=pinx,price=sale_price", "--method", method, "--period", period])
        .args(["--start", "2010", "--end", "2016", "--output"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let golden: Vec<f64> = read_column(&data(&format!("golden/ex_sales_{method}_{period}.csv")), "value")
        .iter()
        .map(|v| v.parse().unwrap())
        .collect();
    let ours = read_column(&out, "index");
    assert_eq!(ours.len(), golden.len());
    for (k, (o, g)) in ours.iter().zip(&golden).enumerate() {
        let o: f64 = o.parse().unwrap_or_else(|_| panic!("{method} {period} period {k} has no value"));
        assert!((o / g - 1.0).abs() < 1e-6, "{method} {period} period {k}: {o} vs {g}");
    }
    let labels = read_column(&out, "period");
    let first = match period {
        "annual" => "2010",
        "quarterly" => "2010-Q1",
        _ => "2010-01",
    };
    assert_eq!(labels[0], first);
}

#[test]
fn bmn_annual() {
    check("bmn", "annual");
}
#[test]
fn bmn_quarterly() {
    check("bmn", "quarterly");
}
#[test]
fn bmn_monthly() {
    check("bmn", "monthly");
}
#[test]
fn wrs_annual() {
    check("wrs", "annual");
}
#[test]
fn wrs_quarterly() {
    check("wrs", "quarterly");
}
#[test]
fn wrs_monthly() {
    check("wrs", "monthly");
}
