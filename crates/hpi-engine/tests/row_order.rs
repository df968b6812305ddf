//! RSAI's results, bootstrap bands included, do not depend on the order of
//! the sales rows: the same sales read from a file sorted another way, or a
//! CBSA's sales computed alone (one task of the Spark path), give the same
//! numbers. Property ids number properties in first-seen order, so anything
//! that depended on that order would show here.

mod common;

use hpi_engine::{rsai, rsai_bands, Bands, Bootstrap, IndexSeries, RsaiInput, RsaiParams, RunControl};
use hpi_synth::{Layout, SynthParams};

fn city(rows: &[common::Row], tracts: &hpi_engine::Tracts, attributes: &hpi_engine::Attributes) -> Vec<IndexSeries> {
    let sales = common::sales(rows, Some(tracts));
    let input = RsaiInput { sales: &sales, tracts, attributes };
    let params = RsaiParams::new(2000, 2012).check().expect("valid parameters");
    let mut out = rsai(input, &params, &RunControl::silent()).expect("RSAI runs");
    let bootstrap = Bootstrap::new(20, 9).expect("valid bootstrap");
    rsai_bands(input, &params, &mut out.city, &bootstrap, Bands::new(0.9).expect("a level"), &RunControl::silent())
        .expect("bands");
    out.city
}

#[test]
fn rsai_and_its_bootstrap_bands_do_not_depend_on_the_order_of_the_rows() {
    let params = SynthParams {
        seed: 4,
        layout: Layout::national(3, 30),
        properties: 9_000,
        start_year: 2000,
        end_year: 2012,
        common_index: false,
    };
    let (rows, tracts, attributes, _) = common::synthetic(&params);
    let first = city(&rows, &tracts, &attributes);
    assert!(first.iter().any(|s| s.points.iter().any(|p| p.band.is_some())), "bands were computed");
    // Every third row first, then the rest backwards: properties are first seen in another order.
    let mut shuffled: Vec<common::Row> = rows.iter().step_by(3).cloned().collect();
    shuffled.extend(rows.iter().enumerate().filter(|(i, _)| i % 3 != 0).map(|(_, r)| r.clone()).rev());
    assert_eq!(city(&shuffled, &tracts, &attributes), first);
}
