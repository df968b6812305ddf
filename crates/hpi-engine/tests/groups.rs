//! Aggregation groups (`docs/methodology.md#aggregation-groups`): a group of
//! exactly one CBSA's tracts is that CBSA; states, counties and the nation
//! come from GEOIDs and span CBSAs; tracts of a CBSA without a value drop out.

mod common;

use common::synthetic;
use hpi_engine::{
    rsai, Aggregate, Attributes, RsaiInput, RsaiOutput, RsaiParams, RunControl, TractGroupsBuilder, Tracts, Weight,
};
use hpi_synth::SynthParams;

fn data(cbsas: u32) -> (hpi_engine::Sales, Tracts, Attributes) {
    let params = SynthParams {
        seed: 7,
        layout: hpi_synth::Layout::uniform(cbsas, 12),
        properties: 40_000,
        start_year: 2000,
        end_year: 2021,
        common_index: false,
    };
    let (rows, tracts, attributes, _) = synthetic(&params);
    let sales = common::sales(&rows, Some(&tracts));
    (sales, tracts, attributes)
}

fn run(sales: &hpi_engine::Sales, tracts: &Tracts, attributes: &Attributes, p: RsaiParams) -> RsaiOutput {
    let input = RsaiInput { sales, tracts, attributes };
    rsai(input, &p.check().unwrap(), &RunControl::silent()).unwrap()
}

fn series<'a>(out: &'a RsaiOutput, region: &str, weight: Weight) -> &'a hpi_engine::IndexSeries {
    out.city.iter().find(|s| s.region == region && s.weight == Some(weight)).unwrap_or_else(|| panic!("{region}"))
}

#[test]
fn a_group_of_one_cbsas_tracts_is_that_cbsa() {
    let (sales, mut tracts, attributes) = data(3);
    let mut b = TractGroupsBuilder::new(&tracts);
    for (i, id) in tracts.id.iter().enumerate() {
        let cbsa = &tracts.cbsa_names[tracts.cbsa[i] as usize];
        b.push_values(i as u64 + 2, id, &format!("same as {cbsa}")).unwrap();
    }
    let groups = b.finish();
    tracts.groups = groups;
    let mut p = RsaiParams::new(2000, 2021);
    p.aggregate = vec![Aggregate::Groups];
    let out = run(&sales, &tracts, &attributes, p);
    let mut worst: f64 = 0.0;
    for cbsa in &tracts.cbsa_names {
        for w in Weight::ALL {
            let (city, group) = (series(&out, cbsa, w), series(&out, &format!("group:same as {cbsa}"), w));
            for (c, g) in city.points.iter().zip(&group.points) {
                let (c, g) = (c.index.unwrap(), g.index.unwrap());
                worst = worst.max((c.ln() - g.ln()).abs());
            }
            for (c, g) in city.points.iter().zip(&group.points).skip(1) {
                let (c, g) = (c.change_se.unwrap(), g.change_se.unwrap());
                assert!((c / g - 1.0).abs() < 1e-9, "{cbsa} {w:?}: change se {c} vs {g}");
            }
        }
    }
    assert!(worst < 1e-12, "max |Δ ln index| {worst:e}");
    let report = out.quality.aggregation.unwrap();
    assert_eq!(report.groups.len(), 3);
    assert!(report.groups.iter().all(|g| g.cbsas == 1 && g.gaps.is_empty() && g.dropped.is_empty()));
}

#[test]
fn states_counties_and_the_nation_come_from_geoids_and_span_cbsas() {
    // The generator's first two CBSAs are in Texas (48), the third in Ohio (39).
    let (sales, tracts, attributes) = data(3);
    let mut p = RsaiParams::new(2000, 2021);
    p.aggregate = vec![Aggregate::State, Aggregate::County, Aggregate::Nation];
    p.weights = vec![Weight::Unit, Weight::Sample];
    let out = run(&sales, &tracts, &attributes, p);
    let report = out.quality.aggregation.as_ref().unwrap();
    let regions: Vec<&str> = report.groups.iter().map(|g| g.region.as_str()).collect();
    assert_eq!(&regions[..2], ["state:39", "state:48"]);
    assert!(regions[2..regions.len() - 1].iter().all(|r| r.starts_with("county:")), "{regions:?}");
    assert_eq!(regions.last(), Some(&"nation:US"));
    let texas = &report.groups[1];
    assert_eq!((texas.cbsas, texas.tracts), (2, 24));
    assert_eq!(report.groups.last().unwrap().cbsas, 3);
    assert_eq!(report.not_geoid, None);
    // Texas by units: the unit-weighted mean of its two CBSAs' appreciation, each CBSA's weight
    // its share of the state's units in t−1 (the CBSAs' tracts all have a value here).
    let city: Vec<_> = tracts.cbsa_names.iter().filter(|c| c.as_str() != "10420").collect();
    let state = series(&out, "state:48", Weight::Unit);
    for (k, point) in state.points.iter().enumerate().skip(1) {
        let (a, b) = (series(&out, city[0], Weight::Unit), series(&out, city[1], Weight::Unit));
        let change = |s: &hpi_engine::IndexSeries| (s.points[k].index.unwrap() / s.points[k - 1].index.unwrap()).ln();
        let p = (point.index.unwrap() / state.points[k - 1].index.unwrap()).ln();
        let (lo, hi) = (change(a).min(change(b)), change(a).max(change(b)));
        assert!(p >= lo - 1e-12 && p <= hi + 1e-12, "year {k}: the state's change {p} is not between its CBSAs'");
    }
}

#[test]
fn tracts_of_a_cbsa_left_out_drop_out_and_the_weights_are_renormalised() {
    let (sales, tracts, attributes) = data(3);
    let mut p = RsaiParams::new(2000, 2021);
    p.aggregate = vec![Aggregate::Nation];
    p.weights = vec![Weight::Unit];
    let all = run(&sales, &tracts, &attributes, p.clone());
    // A threshold that only the larger CBSAs meet leaves some out.
    p.min_half_pairs = 1;
    let included = |o: &RsaiOutput| o.quality.cbsas.iter().filter(|c| c.included).count();
    let mut threshold = 1;
    let mut fewer = run(&sales, &tracts, &attributes, p.clone());
    while included(&fewer) == 3 {
        threshold *= 2;
        p.min_half_pairs = threshold;
        fewer = run(&sales, &tracts, &attributes, p.clone());
    }
    assert!(included(&fewer) > 0, "some CBSA is left in at threshold {threshold}");
    let nation = &fewer.quality.aggregation.as_ref().unwrap().groups[0];
    let left_out: Vec<&str> = fewer.quality.cbsas.iter().filter(|c| !c.included).map(|c| c.cbsa.as_str()).collect();
    assert_eq!(nation.gaps.iter().map(|g| g.cbsa.as_str()).collect::<Vec<_>>(), left_out);
    assert!(nation.gaps.iter().all(|g| g.weight.is_none() && g.from == 2001 && g.tracts == 12));
    assert_eq!(nation.dropped.len(), 21, "every year drops the left-out tracts");
    assert!(nation.dropped.iter().all(|d| d.share > 0.0 && d.share < 1.0 && d.tracts == 12 * left_out.len() as u32));
    // With one CBSA left, the nation is that CBSA.
    if included(&fewer) == 1 {
        let kept = fewer.quality.cbsas.iter().find(|c| c.included).unwrap();
        let (city, nation) = (series(&fewer, &kept.cbsa, Weight::Unit), series(&fewer, "nation:US", Weight::Unit));
        for (c, n) in city.points.iter().zip(&nation.points) {
            assert!((c.index.unwrap().ln() - n.index.unwrap().ln()).abs() < 1e-12);
        }
    }
    assert!(series(&all, "nation:US", Weight::Unit).points.iter().all(|p| p.index.is_some()));
}

#[test]
fn ids_that_are_not_geoids_are_reported_not_guessed() {
    let tracts = common::tracts(&[("A1", "10180", 32.4, -99.7), ("48441000100", "10180", 32.5, -99.8)]);
    let rows: Vec<_> = [("1", "A1"), ("2", "48441000100")]
        .iter()
        .flat_map(|(h, t)| {
            [("2010-05-01", 100000.0), ("2011-05-01", 110000.0), ("2012-05-01", 121000.0)]
                .map(|(d, v)| common::row(&format!("{t}-{h}"), d, v, t, "10180"))
        })
        .collect();
    let sales = common::sales(&rows, Some(&tracts));
    let mut p = RsaiParams::new(2010, 2012);
    p.min_half_pairs = 1;
    p.weights = vec![Weight::Sample];
    p.aggregate = vec![Aggregate::State, Aggregate::Nation];
    let out = run(&sales, &tracts, &Attributes::default(), p);
    let report = out.quality.aggregation.unwrap();
    let not = report.not_geoid.unwrap();
    assert_eq!(not.tracts, 1);
    assert!(not.examples[0].contains("'A1' is not 11 digits"), "{:?}", not.examples);
    let names: Vec<&str> = report.groups.iter().map(|g| g.region.as_str()).collect();
    assert_eq!(names, ["state:48", "nation:US"]);
    assert_eq!((report.groups[0].tracts, report.groups[1].tracts), (1, 2));
}

#[test]
fn groups_without_a_groups_file_are_refused() {
    let (sales, tracts, attributes) = data(1);
    let mut p = RsaiParams::new(2000, 2021);
    p.aggregate = vec![Aggregate::Groups];
    let input = RsaiInput { sales: &sales, tracts: &tracts, attributes: &attributes };
    let e = rsai(input, &p.check().unwrap(), &RunControl::silent()).unwrap_err();
    assert!(e.to_string().contains("no groups of tracts were given"), "{e}");
}
