//! Composites equal pandas' composites of FHFA's own published series by
//! both rules (`tests/data/published/composite.py`): three Pacific states,
//! and four Texas metros of which some have no value in the first years.

use hpi_engine::composite::{append, Composite, CompositeRule, CompositeWeights};
use hpi_engine::{IndexPoint, IndexSeries, Periodicity};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn rows(name: &str) -> Vec<Vec<String>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/published").join(name);
    let text = std::fs::read_to_string(path).unwrap();
    text.lines().skip(1).map(|l| l.split(',').map(str::to_owned).collect()).collect()
}

fn value(text: &str) -> Option<f64> {
    (!text.is_empty()).then(|| text.parse().unwrap())
}

#[test]
fn composites_are_pandas_on_published_series() {
    let inputs = rows("composite_inputs.csv");
    let expected = rows("composite_expected.csv");
    let q = Periodicity::Quarterly;
    let mut checked = 0;
    for case in ["pacific", "texas_metros"] {
        let mut series: Vec<IndexSeries> = Vec::new();
        let mut weights = BTreeMap::new();
        for r in inputs.iter().filter(|r| r[0] == case) {
            weights.insert(r[1].clone(), r[2].parse::<f64>().unwrap());
            if series.last().is_none_or(|s| s.region != r[1]) {
                series.push(IndexSeries {
                    region: r[1].clone(),
                    method: "published",
                    weight: None,
                    periodicity: q,
                    points: Vec::new(),
                });
            }
            let period = q.parse_label(&r[3]).unwrap();
            let point = IndexPoint { period, label: r[3].clone(), index: value(&r[4]), ..IndexPoint::empty() };
            series.last_mut().unwrap().points.push(point);
        }
        let regions: Vec<String> = series.iter().map(|s| s.region.clone()).collect();
        for rule in CompositeRule::ALL {
            let composite = Composite {
                name: case.into(),
                regions: regions.clone(),
                weights: CompositeWeights::Given(weights.clone()),
                rule,
            };
            let mut all = series.clone();
            append(&mut all, &[composite], &BTreeMap::new()).unwrap();
            let ours = all.last().unwrap();
            let theirs: Vec<&Vec<String>> = expected.iter().filter(|r| r[0] == case && r[1] == rule.name()).collect();
            assert_eq!(ours.points.len(), theirs.len(), "{case} {}", rule.name());
            for (p, t) in ours.points.iter().zip(theirs) {
                assert_eq!(p.label, t[2]);
                match (p.index, value(&t[3])) {
                    (Some(o), Some(e)) => {
                        assert!(((o - e) / e).abs() < 1e-12, "{case} {} {}: {o} vs {e}", rule.name(), p.label)
                    }
                    (o, e) => assert_eq!(o, e, "{case} {} {}", rule.name(), p.label),
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 400);
}
