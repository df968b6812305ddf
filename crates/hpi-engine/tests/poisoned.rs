//! One bad region never sinks a run (`docs/methodology.md#estimation-and-aggregation`):
//! among 20 generated CBSAs, one is poisoned; the run still succeeds, the 19
//! healthy indices are exactly those of a run without the poisoned CBSA, and
//! the quality report names it and says why it has no values.

mod common;

use common::{synthetic, tracts as tracts_of, Row};
use hpi_engine::{
    pooled, rsai, Attribute, AttributesBuilder, Date, IndexSeries, Periodicity, PooledMethod, PooledParams, RsaiInput,
    RsaiParams, RunControl, Sales, SalesBuilder, Weight,
};
use hpi_synth::{SynthData, SynthParams};

const POISONED: &str = "CBSA-POISON";

fn data() -> (Vec<Row>, SynthData) {
    let params = SynthParams {
        seed: 11,
        layout: hpi_synth::Layout::uniform(20, 6),
        properties: 30_000,
        start_year: 2000,
        end_year: 2012,
        common_index: false,
    };
    let (rows, _, _, data) = synthetic(&params);
    (rows, data)
}

/// The CBSA to poison: the first of the generated ones (the pooled test
/// renames its region so that it is easy to find).
fn poisoned_name(data: &SynthData) -> &str {
    &data.tracts[0].cbsa
}

/// The sales, each with the analyst's weight: `poison` for the poisoned
/// CBSA's sales (which are left out when `poison` is `None`), 1 for the rest.
fn weighted_sales(rows: &[Row], bad: &str, poison: Option<f64>) -> Sales {
    let mut b = SalesBuilder::new(None);
    for (i, r) in rows.iter().enumerate() {
        let weight = match (r.4 == bad, poison) {
            (true, None) => continue,
            (true, Some(w)) => w,
            (false, _) => 1.0,
        };
        let cbsa = if r.4 == bad { POISONED } else { r.4.as_str() };
        let date = Date::parse_iso(&r.1).unwrap();
        b.push_values(i as u64 + 2, &r.0, date, r.2.parse().unwrap(), None, Some(cbsa)).unwrap();
        b.weight_last(weight);
    }
    b.finish()
}

fn healthy(series: &[IndexSeries]) -> Vec<&IndexSeries> {
    series.iter().filter(|s| !s.region.contains(POISONED)).collect()
}

#[test]
fn a_pooled_region_whose_system_overflows_is_reported_and_the_others_are_unchanged() {
    let (rows, data) = data();
    let bad = poisoned_name(&data).to_owned();
    // Weights this large overflow the region's sums: its system has no finite solution.
    let poisoned = weighted_sales(&rows, &bad, Some(1e308));
    let without = weighted_sales(&rows, &bad, None);
    for method in [PooledMethod::Bmn, PooledMethod::Wrs] {
        let params = PooledParams::new(method, Periodicity::Annual, 2000, 2012).check().unwrap();
        let out = pooled(&poisoned, &params, &RunControl::silent()).expect("one bad region does not sink the run");
        let clean = pooled(&without, &params, &RunControl::silent()).unwrap();
        assert_eq!(out.series.len(), 20);
        assert_eq!(healthy(&out.series), healthy(&clean.series), "{method:?}: the 19 healthy regions as without it");
        let bad_series = out.series.iter().find(|s| s.region == POISONED).unwrap();
        assert!(bad_series.points.iter().all(|p| p.index.is_none()), "{method:?}: no values for the poisoned region");
        let reason = &out.quality.unsolved[POISONED];
        assert!(reason.contains(&format!("region {POISONED}")) && reason.contains("singular"), "{reason}");
        assert!(bad_series.points.iter().all(|p| p.note.as_deref() == Some(reason.as_str())));
        assert_eq!(out.quality.unsolved.len(), 1);
        assert!(out.quality.missing_periods.iter().filter(|m| m.region == POISONED).count() == 13);
    }
}

#[test]
fn an_rsai_cbsa_whose_value_weight_overflows_stops_with_its_reason_and_the_others_are_unchanged() {
    let (rows, data) = data();
    let bad = poisoned_name(&data).to_owned();
    let tract_rows: Vec<(&str, &str, f64, f64)> =
        data.tracts.iter().map(|t| (t.id.as_str(), t.cbsa.as_str(), t.lat, t.lon)).collect();
    let healthy_rows: Vec<(&str, &str, f64, f64)> = tract_rows.iter().copied().filter(|t| t.1 != bad).collect();
    let (all_tracts, healthy_tracts) = (tracts_of(&tract_rows), tracts_of(&healthy_rows));
    let attributes_of = |tracts: &hpi_engine::Tracts, poison: bool| {
        let mut b = AttributesBuilder::new(tracts);
        for (i, (t, year, v)) in data.attributes.iter().enumerate() {
            let tract = &data.tracts[*t];
            if tracts.find(&tract.id).is_none() {
                continue;
            }
            let mut v = v.map(Some);
            if poison && tract.cbsa == bad {
                // Median values of 1e307 times hundreds of units: the CBSA's value total is not a number.
                v[Attribute::ALL.iter().position(|&a| a == Attribute::MedianValue).unwrap()] = Some(1e307);
            }
            b.push_values(i as u64 + 2, &tract.id, *year, v).unwrap();
        }
        b.finish()
    };
    let sales_of = |tracts: &hpi_engine::Tracts, keep: &dyn Fn(&Row) -> bool| {
        common::sales(&rows.iter().filter(|r| keep(r)).cloned().collect::<Vec<_>>(), Some(tracts))
    };
    let (poisoned_attributes, clean_attributes) =
        (attributes_of(&all_tracts, true), attributes_of(&healthy_tracts, false));
    let all_sales = sales_of(&all_tracts, &|_| true);
    let healthy_sales = sales_of(&healthy_tracts, &|r| r.4 != bad);
    let mut p = RsaiParams::new(2000, 2012);
    p.weights = Weight::ALL.to_vec();
    p.keep_small_cbsas = true;
    let params = p.check().unwrap();
    let out = rsai(
        RsaiInput { sales: &all_sales, tracts: &all_tracts, attributes: &poisoned_attributes },
        &params,
        &RunControl::silent(),
    )
    .expect("one bad CBSA does not sink the run");
    let clean = rsai(
        RsaiInput { sales: &healthy_sales, tracts: &healthy_tracts, attributes: &clean_attributes },
        &params,
        &RunControl::silent(),
    )
    .unwrap();
    let others = |s: &&IndexSeries| s.region != bad;
    let healthy_out: Vec<&IndexSeries> = out.city.iter().filter(others).collect();
    assert_eq!(healthy_out.len(), 19 * 6);
    assert_eq!(healthy_out, clean.city.iter().collect::<Vec<_>>(), "the 19 healthy CBSAs as without the poisoned one");
    let value = out.city.iter().find(|s| s.region == bad && s.weight == Some(Weight::Value)).unwrap();
    assert!(value.points[1..].iter().all(|p| p.index.is_none()), "the value index stops at once");
    let sample = out.city.iter().find(|s| s.region == bad && s.weight == Some(Weight::Sample)).unwrap();
    assert!(sample.points.iter().all(|p| p.index.is_some_and(f64::is_finite)), "its other weights are unharmed");
    let report = out.quality.cbsas.iter().find(|c| c.cbsa == bad).unwrap();
    let stop = report.stops.iter().find(|s| s.weight == Weight::Value).expect("the stop is reported");
    assert_eq!(stop.year, 2001);
    assert!(stop.reason.contains("too large to add up"), "{}", stop.reason);
    assert!(out.city.iter().flat_map(|s| &s.points).all(|p| p.index.is_none_or(f64::is_finite)));
}
