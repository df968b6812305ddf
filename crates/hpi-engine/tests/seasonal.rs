//! STL equals statsmodels' `STL(ln_index, period, seasonal=7)` (plain and
//! robust) on the King County BMN indices, fed exactly the ln(index) values
//! statsmodels decomposed (`tests/data/king-county/seasonal.py`).

use hpi_engine::seasonal::{decompose, Seasonal};
use hpi_engine::Periodicity;
use std::path::PathBuf;

/// The known answers' columns by name.
fn golden(period: &str) -> Vec<std::collections::HashMap<String, f64>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../../tests/data/king-county/golden/ex_sales_bmn_{period}_stl.csv"));
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .map(|line| {
            header
                .iter()
                .zip(line.split(','))
                .filter_map(|(h, v)| Some((h.to_string(), v.parse::<f64>().ok()?)))
                .collect()
        })
        .collect()
}

fn check(period: &str, periodicity: Periodicity, robust: bool) {
    let rows = golden(period);
    let y: Vec<f64> = rows.iter().map(|r| r["ln_index"]).collect();
    let settings = Seasonal { robust, ..Seasonal::default() }.settings(periodicity).unwrap();
    let fit = decompose(&y, &settings).unwrap();
    let label = if robust { "robust" } else { "plain" };
    let mut worst: f64 = 0.0;
    for (part, ours) in [("seasonal", &fit.seasonal), ("trend", &fit.trend), ("resid", &fit.remainder)] {
        for (k, (o, r)) in ours.iter().zip(&rows).enumerate() {
            let theirs = r[&format!("{label}_{part}")];
            assert!((o - theirs).abs() < 1e-8, "{period} {label} {part} period {k}: {o} vs statsmodels {theirs}");
            worst = worst.max((o - theirs).abs());
        }
    }
    println!("{period} {label}: max |Δ| {worst:e} over {} periods", y.len());
}

#[test]
fn stl_quarterly_equals_statsmodels() {
    check("quarterly", Periodicity::Quarterly, false);
}

#[test]
fn stl_monthly_equals_statsmodels() {
    check("monthly", Periodicity::Monthly, false);
}

#[test]
fn robust_stl_quarterly_equals_statsmodels() {
    check("quarterly", Periodicity::Quarterly, true);
}

#[test]
fn robust_stl_monthly_equals_statsmodels() {
    check("monthly", Periodicity::Monthly, true);
}
