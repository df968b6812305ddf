//! RSAI's analytic standard errors of one-year appreciation
//! (`docs/methodology.md#standard-errors-and-bands`): Var pₜ = Σₙ wₙ² Var d̂ₙₜ,
//! each supertract's Var d̂ₙₜ that of its own BMN fit.

mod common;

use common::{sales, synthetic, Row};
use hpi_engine::{
    pooled, rsai, Dedupe, Filters, Periodicity, PooledMethod, PooledParams, RsaiInput, RsaiParams, RunControl, Weight,
};
use hpi_synth::SynthParams;
use std::collections::HashMap;

fn synth(seed: u64, common_index: bool) -> SynthParams {
    SynthParams {
        seed,
        layout: hpi_synth::Layout::uniform(1, 6),
        properties: 2500,
        start_year: 2000,
        end_year: 2012,
        common_index,
    }
}

fn rsai_params() -> hpi_engine::CheckedRsai {
    let mut p = RsaiParams::new(2000, 2012);
    p.weights = vec![Weight::Sample];
    p.dedupe = Dedupe::None;
    p.check().unwrap()
}

/// Each year's city standard error equals the one made from a separate pooled
/// BMN of every supertract of that year (the sales of its tracts as one
/// region), with the year's sample weights: the supertract's own σ̂², or the
/// pooled one where it has none.
#[test]
fn the_city_standard_error_adds_up_the_supertracts_bmn_variances() {
    let (rows, tracts, attributes, _) = synthetic(&synth(7, false));
    let s = sales(&rows, Some(&tracts));
    let input = RsaiInput { sales: &s, tracts: &tracts, attributes: &attributes };
    let out = rsai(input, &rsai_params(), &RunControl::silent()).unwrap();
    let city = &out.city[0];
    let merged: u32 = out.quality.cbsas[0].years.iter().map(|y| y.supertracts).sum();
    assert!(merged < 12 * 6, "some tracts were merged, so supertracts are tested, not just tracts");
    let mut checked = 0;
    for (k, year) in (2001..=2012).enumerate() {
        let t = k + 1;
        // The year's supertract of every tract, and its sample measure.
        let label: HashMap<&str, &str> =
            out.tracts.iter().map(|tr| (tr.tract.as_str(), tr.points[t].supertract.as_deref().unwrap())).collect();
        let mut measure: HashMap<&str, f64> = HashMap::new();
        for tr in &out.tracts {
            *measure.entry(label[tr.tract.as_str()]).or_default() +=
                (tr.points[t - 1].half_pairs + tr.points[t].half_pairs) as f64;
        }
        let total: f64 = measure.values().sum();
        let regrouped: Vec<Row> = rows
            .iter()
            .map(|r| {
                let mut r = r.clone();
                r.4 = label[r.3.as_str()].to_owned();
                r
            })
            .collect();
        let mut p = PooledParams::new(PooledMethod::Bmn, Periodicity::Annual, 2000, 2012);
        p.dedupe = Dedupe::None;
        p.filters = Filters::ALL;
        let fits = pooled(&sales(&regrouped, None), &p.check().unwrap(), &RunControl::silent()).unwrap();
        let var_of = |region: &str| {
            let series = fits.series.iter().find(|s| s.region == region).unwrap();
            series.points[t].change_se.map(|se| se * se)
        };
        let own: Vec<(f64, Option<f64>)> = measure.iter().map(|(st, m)| (m / total, var_of(st))).collect();
        let borrowed = out.quality.cbsas[0].years[k].pooled_variance.unwrap();
        assert_eq!(borrowed as usize, own.iter().filter(|(_, v)| v.is_none()).count(), "{year}");
        if borrowed > 0 {
            continue; // the pooled σ̂² is pinned by the unit test of `variances`
        }
        let want: f64 = own.iter().map(|(w, v)| w * w * v.unwrap()).sum::<f64>().sqrt();
        let got = city.points[t].change_se.expect("a standard error");
        assert!((got - want).abs() < 1e-12 * want, "{year}: {got} against {want}");
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} years compared");
}

/// On one common true index with independent noise, pₜ ± 1.96·se covers the
/// true one-year log change in about 95 % of years.
#[test]
fn rsai_appreciation_intervals_cover_the_true_change_in_about_95_percent_of_years() {
    let (mut covered, mut checked) = (0, 0);
    for seed in 1..41 {
        let (rows, tracts, attributes, truth) = synthetic(&synth(seed, true));
        let s = sales(&rows, Some(&tracts));
        let input = RsaiInput { sales: &s, tracts: &tracts, attributes: &attributes };
        let out = rsai(input, &rsai_params(), &RunControl::silent()).unwrap();
        let level = &truth.tract_log_level[0];
        let points = &out.city[0].points;
        for t in 1..points.len() {
            let p = (points[t].index.unwrap() / points[t - 1].index.unwrap()).ln();
            let se = points[t].change_se.expect("a standard error");
            covered += usize::from((p - (level[t] - level[t - 1])).abs() <= 1.959_964 * se);
            checked += 1;
        }
    }
    let share = covered as f64 / checked as f64;
    eprintln!("RSAI (sample weight, analytic): {covered} of {checked} years covered ({share:.3})");
    assert!((0.90..=0.99).contains(&share), "{covered} of {checked} years covered ({share:.3})");
}
