//! The tracking figures equal pandas' on FHFA's own published series
//! (`tests/data/published/tracking.py`), fed exactly the series pandas compared.

use hpi_engine::benchmark::{tracking, Levels};
use hpi_engine::Periodicity;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn read(name: &str) -> Vec<BTreeMap<String, String>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/published").join(name);
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines.map(|l| header.iter().map(|h| h.to_string()).zip(l.split(',').map(str::to_owned)).collect()).collect()
}

fn periodicity(name: &str) -> Periodicity {
    Periodicity::parse(name).unwrap_or_else(|| panic!("periodicity {name}"))
}

#[test]
fn tracking_figures_equal_pandas_on_published_series() {
    let inputs = read("tracking_inputs.csv");
    let expected = read("tracking_expected.csv");
    assert_eq!(expected.len(), 3);
    for want in &expected {
        let case = &want["case"];
        let side = |s: &str| -> (Levels, Periodicity) {
            let rows: Vec<_> = inputs.iter().filter(|r| &r["case"] == case && r["side"] == s).collect();
            let p = periodicity(&rows[0]["periodicity"]);
            (rows.iter().map(|r| (p.parse_label(&r["label"]).unwrap(), r["value"].parse().unwrap())).collect(), p)
        };
        let (run, rp) = side("run");
        let (bench, bp) = side("benchmark");
        let t = tracking(&run, rp, &bench, bp);
        let num = |k: &str| want[k].parse::<f64>().unwrap();
        assert_eq!(t.periodicity, periodicity(&want["periodicity"]), "{case}");
        assert_eq!(t.periods as f64, num("periods"), "{case}");
        assert_eq!(t.returns as f64, num("returns"), "{case}");
        assert_eq!(t.growths as f64, num("growths"), "{case}");
        assert_eq!(t.first.as_deref(), Some(want["first"].as_str()), "{case}");
        assert_eq!(t.last.as_deref(), Some(want["last"].as_str()), "{case}");
        for (ours, k) in [
            (t.return_correlation, "return_correlation"),
            (t.rms_log_difference, "rms_log_difference"),
            (t.growth_difference, "growth_difference"),
        ] {
            let ours = ours.unwrap();
            assert!((ours - num(k)).abs() < 1e-12, "{case} {k}: {ours} vs pandas {}", num(k));
        }
    }
}
