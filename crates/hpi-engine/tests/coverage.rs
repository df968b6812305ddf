//! Bands that mean what they say: on data made as the estimators assume (one
//! common index, independent log-price noise), 95 % bands cover the true
//! index in about 95 % of periods over many seeds.

mod common;

use common::{sales, synthetic};
use hpi_engine::{pooled, Bands, Dedupe, Periodicity, PooledMethod, PooledParams, RunControl};
use hpi_synth::SynthParams;

fn coverage(method: PooledMethod, seeds: std::ops::Range<u64>) -> (usize, usize) {
    let bands = Bands::new(0.95).unwrap();
    let (mut covered, mut checked) = (0, 0);
    for seed in seeds {
        let params = SynthParams {
            seed,
            layout: hpi_synth::Layout::uniform(1, 8),
            properties: 3000,
            start_year: 2000,
            end_year: 2015,
            common_index: true,
        };
        let (rows, _, _, truth) = synthetic(&params);
        let mut p = PooledParams::new(method, Periodicity::Annual, 2000, 2015);
        // Keeping only the highest price of a year would select on the noise.
        p.dedupe = Dedupe::None;
        let out = pooled(&sales(&rows, None), &p.check().unwrap(), &RunControl::silent()).unwrap();
        let level = &truth.tract_log_level[0];
        assert!(truth.tract_log_level.iter().all(|l| l == level), "one common index");
        for (t, point) in out.series[0].points.iter().enumerate().skip(1) {
            let (index, se) = (point.index.unwrap(), point.se.unwrap());
            let (lower, upper) = bands.around(index, se);
            let true_index = 100.0 * (level[t] - level[0]).exp();
            covered += usize::from(lower <= true_index && true_index <= upper);
            checked += 1;
        }
    }
    (covered, checked)
}

#[test]
fn bmn_bands_cover_the_true_index_in_about_95_percent_of_periods() {
    let (covered, checked) = coverage(PooledMethod::Bmn, 1..61);
    let share = covered as f64 / checked as f64;
    eprintln!("BMN: {covered} of {checked} periods covered ({share:.3})");
    assert!((0.90..=0.99).contains(&share), "BMN: {covered} of {checked} periods covered ({share:.3})");
}

#[test]
fn wrs_bands_cover_the_true_index_in_about_95_percent_of_periods() {
    let (covered, checked) = coverage(PooledMethod::Wrs, 1..61);
    let share = covered as f64 / checked as f64;
    eprintln!("WRS: {covered} of {checked} periods covered ({share:.3})");
    assert!((0.90..=0.99).contains(&share), "WRS: {covered} of {checked} periods covered ({share:.3})");
}

#[test]
fn rsai_bootstrap_bands_cover_the_true_index_in_about_95_percent_of_periods() {
    use hpi_engine::{rsai, rsai_bands, Bootstrap, RsaiInput, RsaiParams, Weight};
    let bands = Bands::new(0.95).unwrap();
    let (mut covered, mut checked) = (0, 0);
    for seed in 1..31 {
        let params = SynthParams {
            seed,
            layout: hpi_synth::Layout::uniform(1, 6),
            properties: 3000,
            start_year: 2000,
            end_year: 2012,
            common_index: true,
        };
        let (rows, tracts, attributes, truth) = synthetic(&params);
        let mut p = RsaiParams::new(2000, 2012);
        p.weights = vec![Weight::Unit];
        p.dedupe = Dedupe::None;
        let p = p.check().unwrap();
        let s = sales(&rows, Some(&tracts));
        let input = RsaiInput { sales: &s, tracts: &tracts, attributes: &attributes };
        let mut out = rsai(input, &p, &RunControl::silent()).unwrap();
        let bootstrap = Bootstrap::new(100, seed).unwrap();
        rsai_bands(input, &p, &mut out.city, &bootstrap, bands, &RunControl::silent()).unwrap();
        let level = &truth.tract_log_level[0];
        for (t, point) in out.city[0].points.iter().enumerate().skip(1) {
            let band = point.band.expect("a band");
            let true_index = 100.0 * (level[t] - level[0]).exp();
            covered += usize::from(band.lower <= true_index && true_index <= band.upper);
            checked += 1;
        }
    }
    let share = covered as f64 / checked as f64;
    eprintln!("RSAI (unit, bootstrap): {covered} of {checked} periods covered ({share:.3})");
    assert!((0.90..=0.99).contains(&share), "RSAI: {covered} of {checked} periods covered ({share:.3})");
}
