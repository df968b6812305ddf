//! The identities of `docs/how-indices-are-made.md` and the rules for disconnected periods and
//! small CBSAs, on the engine's public API.

mod common;

use common::{row, sales, synthetic, tracts};
use hpi_engine::{
    pooled, rsai, Attributes, Dedupe, Filters, Periodicity, PooledMethod, PooledParams, RsaiInput, RsaiParams,
    RunControl, Weight,
};
use hpi_synth::SynthParams;

fn run(s: &hpi_engine::Sales, t: &hpi_engine::Tracts, p: RsaiParams) -> hpi_engine::RsaiOutput {
    run_with(s, t, &Attributes::default(), p)
}

fn run_with(s: &hpi_engine::Sales, t: &hpi_engine::Tracts, a: &Attributes, p: RsaiParams) -> hpi_engine::RsaiOutput {
    rsai(RsaiInput { sales: s, tracts: t, attributes: a }, &p.check().unwrap(), &RunControl::silent()).unwrap()
}

fn log_values(points: &[hpi_engine::IndexPoint]) -> Vec<f64> {
    points.iter().map(|p| p.index.expect("value").ln()).collect()
}

#[test]
fn one_supertract_per_city_equals_pooled_bmn_for_every_weight() {
    let params = SynthParams {
        seed: 11,
        layout: hpi_synth::Layout::uniform(2, 12),
        properties: 6000,
        start_year: 2000,
        end_year: 2014,
        common_index: false,
    };
    let (rows, tracts, attributes, _) = synthetic(&params);
    let s = sales(&rows, Some(&tracts));
    let mut p = RsaiParams::new(2000, 2014);
    p.min_half_pairs = 1_000_000_000;
    p.keep_small_cbsas = true;
    let out = run_with(&s, &tracts, &attributes, p);
    assert!(out.quality.cbsas.iter().all(|c| c.years.iter().all(|y| y.supertracts == 1)));

    let pooled_sales = sales(&rows, None);
    let mut q = PooledParams::new(PooledMethod::Bmn, Periodicity::Annual, 2000, 2014);
    q.dedupe = Dedupe::None;
    q.filters = Filters::ALL;
    let pooled_out = pooled(&pooled_sales, &q.check().unwrap(), &RunControl::silent()).unwrap();
    assert_eq!(out.city.len(), 2 * 6);
    for city in &out.city {
        let reference = pooled_out.series.iter().find(|s| s.region == city.region).unwrap();
        for (a, b) in log_values(&city.points).iter().zip(log_values(&reference.points)) {
            assert!((a - b).abs() < 1e-9, "{} {:?}: {a} vs {b}", city.region, city.weight);
        }
    }
}

#[test]
fn equal_appreciation_everywhere_makes_all_six_indices_coincide() {
    // Twelve tracts of very different sizes, one common log path, prices
    // constant within a year and free of noise.
    let path: [f64; 7] = [0.0, 0.05, 0.11, 0.08, 0.02, 0.09, 0.17];
    let mut tract_rows = Vec::new();
    let ids: Vec<String> = (0..12).map(|i| format!("T{i:02}")).collect();
    for (i, id) in ids.iter().enumerate() {
        tract_rows.push((id.as_str(), "C1", 40.0 + 0.01 * i as f64, -80.0 + 0.013 * (i % 5) as f64));
    }
    let t = tracts(&tract_rows);
    let mut rows = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let properties = 4 + 9 * i * i;
        for k in 0..properties {
            let quality = 150_000.0 * (1.0 + 0.37 * (k % 7) as f64) * (1.0 + 0.11 * i as f64);
            for (j, y) in [k % 4, k % 4 + 1, k % 4 + 3].into_iter().enumerate() {
                let date = format!("{}-0{}-15", 2000 + y, 1 + (k + j) % 9);
                rows.push(row(&format!("{id}-{k}"), &date, quality * path[y].exp(), id, "C1"));
            }
        }
    }
    let s = sales(&rows, Some(&t));
    let mut b = hpi_engine::AttributesBuilder::new(&t);
    for (i, id) in ids.iter().enumerate() {
        let v = |base: f64| Some(base * (1.0 + i as f64));
        b.push_values(i as u64 + 2, id, 2001, [v(100.0), v(200_000.0), v(5.0e6), v(40.0), v(70.0)]).unwrap();
    }
    let a = b.finish();
    let mut p = RsaiParams::new(2000, 2006);
    p.min_half_pairs = 30;
    let out = run_with(&s, &t, &a, p);
    let merges: u32 = out.quality.cbsas[0].years.iter().map(|y| y.merges).sum();
    assert!(merges > 0, "the test needs supertracts of several tracts");
    assert_eq!(out.city.len(), 6);
    for city in &out.city {
        for (year, value) in log_values(&city.points).iter().enumerate() {
            assert!((value - 100f64.ln() - path[year]).abs() < 1e-9, "{:?} {year}: {value}", city.weight);
        }
    }
}

#[test]
fn a_later_start_gives_the_same_index_rebased_because_every_pair_is_used() {
    let params = SynthParams {
        seed: 5,
        layout: hpi_synth::Layout::uniform(2, 15),
        properties: 8000,
        start_year: 2000,
        end_year: 2012,
        common_index: false,
    };
    let (rows, t, attributes, _) = synthetic(&params);
    let s = sales(&rows, Some(&t));
    let run_from = |start: i32| {
        let mut p = RsaiParams::new(start, 2012);
        p.keep_small_cbsas = true;
        run_with(&s, &t, &attributes, p)
    };
    let (whole, later) = (run_from(2000), run_from(2005));
    assert_eq!(whole.city.len(), later.city.len());
    let mut compared = 0;
    for (a, b) in whole.city.iter().zip(&later.city) {
        assert_eq!((&a.region, a.weight), (&b.region, b.weight));
        let base = a.points.iter().find(|p| p.period == 2005).and_then(|p| p.index).expect("2005 has a value");
        for q in &b.points {
            let p = a.points.iter().find(|p| p.period == q.period).unwrap();
            let (x, y) = (p.index.unwrap() / base * 100.0, q.index.unwrap());
            assert!((x / y - 1.0).abs() < 1e-12, "{} {:?} {}: {x} vs {y}", a.region, a.weight, q.period);
            compared += 1;
        }
    }
    assert_eq!(compared, 2 * 6 * 8);
    // The tract panel names each supertract by its smallest tract id, the tract's own at the least;
    // the base year has none (supertracts are built for start+1 .. end).
    let mut in_others = 0;
    for tract in &later.tracts {
        for point in &tract.points {
            let Some(named) = point.supertract.as_deref() else {
                assert_eq!(point.year, 2005, "{} has no supertract in {}", tract.tract, point.year);
                continue;
            };
            assert!(named <= tract.tract.as_str(), "{} in {named} ({})", tract.tract, point.year);
            in_others += usize::from(named != tract.tract);
            let members = later
                .tracts
                .iter()
                .filter(|o| o.points.iter().any(|q| q.year == point.year && q.supertract.as_deref() == Some(named)));
            assert_eq!(members.map(|o| o.tract.as_str()).min(), Some(named));
        }
    }
    assert!(in_others > 0, "no tract was merged into another's supertract");
}

#[test]
fn each_weight_is_its_measure_at_t_minus_1_or_in_the_static_year() {
    // Tract A rises 10% a year, tract B stays flat, each with pairs enough to be its own
    // supertract; so every weight's index rises by 1.1^(A's share) a year.
    let t = tracts(&[("A", "C1", 40.0, -80.0), ("B", "C1", 40.5, -80.0)]);
    let mut rows = Vec::new();
    for (tract, properties, growth) in [("A", 60, 1.1f64), ("B", 180, 1.0)] {
        for k in 0..properties {
            for y in 0..5 {
                let price = (100_000.0 + 500.0 * k as f64) * growth.powi(y);
                rows.push(row(&format!("{tract}{k}"), &format!("{}-05-01", 2000 + y), price, tract, "C1"));
            }
        }
    }
    let s = sales(&rows, Some(&t));
    // Units, median value and UPB constant; college and non-white change between 2000 and
    // 2010, so that a measure read at t-1 instead of the static year 2010 shows.
    let mut b = hpi_engine::AttributesBuilder::new(&t);
    let attributes = [
        ("A", "2000", ["100", "200000", "1000000", "10", "20"]),
        ("A", "2010", ["100", "200000", "1000000", "30", "10"]),
        ("B", "2000", ["300", "100000", "9000000", "30", "20"]),
        ("B", "2010", ["300", "100000", "9000000", "10", "40"]),
    ];
    for (line, (id, year, v)) in attributes.iter().enumerate() {
        b.push_values(line as u64 + 2, id, year.parse().unwrap(), v.map(|x| Some(x.parse().unwrap()))).unwrap();
    }
    let a = b.finish();
    let mut p = RsaiParams::new(2000, 2004);
    p.weights = Weight::ALL.to_vec();
    let out = run_with(&s, &t, &a, p);
    assert!(out.quality.cbsas[0].years.iter().all(|y| y.merges == 0), "A and B must stay apart");
    // A's share: sample 240/960 (half-pairs of t-1 and t), unit 100/400, value 2e7/5e7,
    // UPB 1e6/1e7, college 30/40 and non-white 10/50 (both of 2010).
    let share = |w: Weight| match w {
        Weight::Sample | Weight::Unit => 0.25,
        Weight::Value => 0.4,
        Weight::Upb => 0.1,
        Weight::College => 0.75,
        Weight::Nonwhite => 0.2,
    };
    assert_eq!(out.city.len(), 6);
    for city in &out.city {
        let w = city.weight.unwrap();
        for (k, point) in city.points.iter().enumerate() {
            let want = 100.0 * 1.1f64.powf(share(w) * k as f64);
            assert!(
                (point.index.unwrap() / want - 1.0).abs() < 1e-12,
                "{w:?} {}: {:?} vs {want}",
                point.period,
                point.index
            );
        }
    }
}

#[test]
fn weights_of_a_year_sum_to_one() {
    for measures in [vec![1.0, 2.0, 3.0], vec![1e-9, 1e9], vec![0.0, 5.0], vec![7.0]] {
        let w = hpi_engine::rsai::normalise(&measures).unwrap();
        assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }
    assert_eq!(hpi_engine::rsai::normalise(&[0.0, 0.0]), None);
}

/// Tract A links 2000-2001-2002-2003 richly; tract B has as many half-pairs
/// but its pairs (2000-2002, 2001-2003) never join 2000 and 2001.
fn disconnected_case(with_a: bool) -> (hpi_engine::Sales, hpi_engine::Tracts) {
    let t = tracts(&[("A", "C1", 40.0, -80.0), ("B", "C1", 40.01, -80.0)]);
    let mut rows = Vec::new();
    for k in 0..50 {
        let p = 100_000.0 + 1000.0 * k as f64;
        if with_a {
            for y in 0..4 {
                rows.push(row(&format!("a{k}"), &format!("{}-06-01", 2000 + y), p * (1.05f64).powi(y), "A", "C1"));
            }
        }
        rows.push(row(&format!("b{k}"), "2000-03-01", p, "B", "C1"));
        rows.push(row(&format!("b{k}"), "2002-03-01", p * 1.1, "B", "C1"));
        rows.push(row(&format!("c{k}"), "2001-03-01", p, "B", "C1"));
        rows.push(row(&format!("c{k}"), "2003-03-01", p * 1.1, "B", "C1"));
    }
    (sales(&rows, Some(&t)), t)
}

#[test]
fn a_disconnected_supertract_merges_as_if_short() {
    let (s, t) = disconnected_case(true);
    let mut p = RsaiParams::new(2000, 2003);
    p.min_half_pairs = 40;
    p.weights = vec![Weight::Sample];
    let out = run(&s, &t, p);
    let y2001 = &out.quality.cbsas[0].years[0];
    assert_eq!((y2001.year, y2001.disconnected_merges, y2001.supertracts), (2001, 1, 1));
    assert!(out.city[0].points.iter().all(|p| p.index.is_some()));
}

#[test]
fn a_city_disconnected_between_years_has_no_value_from_then_on() {
    let (s, t) = disconnected_case(false);
    let mut p = RsaiParams::new(2000, 2003);
    p.min_half_pairs = 40;
    p.weights = vec![Weight::Sample];
    p.keep_small_cbsas = true;
    let out = run(&s, &t, p);
    let values: Vec<Option<f64>> = out.city[0].points.iter().map(|p| p.index).collect();
    assert_eq!(values, vec![Some(100.0), None, None, None]);
    assert_eq!(out.quality.cbsas[0].stops[0].year, 2001);
    assert!(out.city[0].points[1].note.as_deref().unwrap().contains("no chain of pairs joins 2000 and 2001"));
    assert!(out.tracts.iter().all(|t| t.points[1..].iter().all(|p| p.index.is_none())));
}

#[test]
fn small_cbsas_are_left_out_unless_kept() {
    let (s, t) = disconnected_case(true);
    let mut p = RsaiParams::new(2000, 2003);
    p.min_half_pairs = 1000;
    p.weights = vec![Weight::Sample];
    let out = run(&s, &t, p.clone());
    assert!(out.city.is_empty());
    let reason = out.quality.cbsas[0].excluded_reason.as_deref().unwrap();
    assert!(reason.contains("fewer than 1000") && reason.contains("2000"), "{reason}");
    p.keep_small_cbsas = true;
    let out = run(&s, &t, p);
    assert_eq!(out.city.len(), 1);
}

#[test]
fn a_weight_without_measure_stops_with_a_reason() {
    let (s, t) = disconnected_case(true);
    let mut p = RsaiParams::new(2000, 2003);
    p.weights = vec![Weight::Upb, Weight::Sample];
    let out = run(&s, &t, p);
    assert!(out.city[0].points[1..].iter().all(|p| p.index.is_none()));
    assert!(out.city[1].points.iter().all(|p| p.index.is_some()));
    assert_eq!(out.quality.tracts_without_attribute["upb"], 2);
}

#[test]
fn cancellation_stops_a_run() {
    let (s, t) = disconnected_case(true);
    let cancel = std::sync::atomic::AtomicBool::new(true);
    let report = |_| {};
    let control = RunControl::new(&report, &cancel);
    let p = RsaiParams::new(2000, 2003).check().unwrap();
    let r = rsai(RsaiInput { sales: &s, tracts: &t, attributes: &Attributes::default() }, &p, &control);
    assert_eq!(r.unwrap_err(), hpi_engine::EngineError::Cancelled);
}
