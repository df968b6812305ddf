//! Evaluations against independent runs: a vintage is the run on the sales up
//! to its end, k-fold folds come from the seed alone, and revision is the
//! change between vintages.

mod common;

use common::{sales, synthetic};
use hpi_engine::{
    evaluate, pooled, rsai, EvaluateOptions, Fit, IndexSeries, Periodicity, PooledMethod, PooledParams, RsaiInput,
    RsaiParams, RunControl,
};
use hpi_synth::SynthParams;

fn data() -> (Vec<common::Row>, hpi_engine::Tracts, hpi_engine::Attributes) {
    let params = SynthParams {
        seed: 21,
        layout: hpi_synth::Layout::uniform(2, 10),
        properties: 5000,
        start_year: 2004,
        end_year: 2014,
        common_index: false,
    };
    let (rows, tracts, attributes, _) = synthetic(&params);
    (rows, tracts, attributes)
}

/// The sales dated up to the end of `period`.
fn up_to(rows: &[common::Row], periodicity: Periodicity, period: i32) -> Vec<common::Row> {
    rows.iter().filter(|r| periodicity.of_date(hpi_engine::Date::parse_iso(&r.1).unwrap()) <= period).cloned().collect()
}

fn values(s: &IndexSeries) -> Vec<Option<f64>> {
    s.points.iter().map(|p| p.index).collect()
}

fn close(a: &[Option<f64>], b: &[Option<f64>]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| match (x, y) {
            (Some(x), Some(y)) => (x / y - 1.0).abs() < 1e-9,
            (None, None) => true,
            _ => false,
        })
}

#[test]
fn each_pooled_vintage_is_the_run_on_the_sales_up_to_its_end() {
    let (rows, _, _) = data();
    let per = Periodicity::Quarterly;
    let params = PooledParams::new(PooledMethod::Wrs, per, 2004, 2014).check().unwrap();
    let s = sales(&rows, None);
    let out = pooled(&s, &params, &RunControl::silent()).unwrap();
    let options = EvaluateOptions::new(3).unwrap().revision_from("2013-Q2", per, 2004, 2014).unwrap();
    let e = evaluate(Fit::Pooled { sales: &s, params: &params }, &out.series, &options, &RunControl::silent()).unwrap();
    for (series, eval) in out.series.iter().zip(&e.series) {
        let revision = eval.revision.as_ref().unwrap();
        assert_eq!(revision.vintages, 7, "2013-Q2 to 2014-Q4");
        assert_eq!((revision.first_vintage.as_str(), revision.series[6].last_period.as_str()), ("2013-Q2", "2014-Q4"));
        for vintage in &revision.series {
            let end = per.parse_label(&vintage.last_period).unwrap();
            let truncated = sales(&up_to(&rows, per, end), None);
            let p = PooledParams::new(PooledMethod::Wrs, per, 2004, per.year_of(end)).check().unwrap();
            let alone = pooled(&truncated, &p, &RunControl::silent()).unwrap();
            let reference = alone.series.iter().find(|r| r.region == series.region).unwrap();
            let want: Vec<Option<f64>> = reference.points.iter().filter(|p| p.period <= end).map(|p| p.index).collect();
            let got: Vec<Option<f64>> = vintage.index.iter().map(|p| p.index).collect();
            assert!(close(&got, &want), "{} vintage {}", series.region, vintage.last_period);
        }
        // The last vintage is the run itself, and revision compares consecutive vintages.
        let last: Vec<Option<f64>> = revision.series[6].index.iter().map(|p| p.index).collect();
        assert!(close(&last, &values(series)));
        let first_change = &revision.by_period[0];
        let p = per.parse_label(&first_change.period).unwrap();
        let deltas: Vec<f64> = revision
            .series
            .windows(2)
            .filter_map(|w| {
                let at = |v: &hpi_engine::evaluate::Vintage| {
                    v.index.iter().find(|q| per.parse_label(&q.period) == Some(p)).and_then(|q| q.index)
                };
                Some(at(&w[1])? - at(&w[0])?)
            })
            .collect();
        let mean = deltas.iter().sum::<f64>() / deltas.len() as f64;
        assert!((first_change.mean - mean).abs() < 1e-9);
        assert!(eval.accuracy.forecast.as_ref().unwrap().pairs > 0);
    }
}

#[test]
fn each_rsai_vintage_is_the_run_on_the_sales_up_to_its_end() {
    let (rows, tracts, attributes) = data();
    let mut p = RsaiParams::new(2004, 2014);
    p.min_half_pairs = 20;
    let params = p.clone().check().unwrap();
    let s = sales(&rows, Some(&tracts));
    let input = RsaiInput { sales: &s, tracts: &tracts, attributes: &attributes };
    let out = rsai(input, &params, &RunControl::silent()).unwrap();
    let options = EvaluateOptions::new(3).unwrap().revision_from("2012", Periodicity::Annual, 2004, 2014).unwrap();
    let e = evaluate(Fit::Rsai { input, params: &params }, &out.city, &options, &RunControl::silent()).unwrap();
    assert_eq!(e.series.len(), out.city.len());
    for end in 2012..=2014 {
        let truncated = sales(&up_to(&rows, Periodicity::Annual, end), Some(&tracts));
        let mut q = p.clone();
        q.end = end;
        let input = RsaiInput { sales: &truncated, tracts: &tracts, attributes: &attributes };
        let alone = rsai(input, &q.check().unwrap(), &RunControl::silent()).unwrap();
        for (series, eval) in out.city.iter().zip(&e.series) {
            let vintage = &eval.revision.as_ref().unwrap().series[(end - 2012) as usize];
            let reference = alone.city.iter().find(|r| r.region == series.region && r.weight == series.weight);
            let want = reference.map_or_else(|| vec![None; vintage.index.len()], values);
            let got: Vec<Option<f64>> = vintage.index.iter().map(|p| p.index).collect();
            assert!(close(&got, &want), "{} {:?} vintage {end}", series.region, series.weight);
        }
    }
}

#[test]
fn k_fold_folds_come_from_the_seed_alone() {
    let (rows, _, _) = data();
    let params = PooledParams::new(PooledMethod::Bmn, Periodicity::Annual, 2004, 2014).check().unwrap();
    let s = sales(&rows, None);
    let out = pooled(&s, &params, &RunControl::silent()).unwrap();
    let kfold = |seed| {
        let options = EvaluateOptions::new(3).unwrap().kfold(5, seed).unwrap();
        let fit = Fit::Pooled { sales: &s, params: &params };
        let e = evaluate(fit, &out.series, &options, &RunControl::silent()).unwrap();
        e.series.iter().map(|x| x.accuracy.kfold.clone().unwrap()).collect::<Vec<_>>()
    };
    let (a, b, c) = (kfold(7), kfold(7), kfold(8));
    assert_eq!(a, b);
    assert_ne!(a, c);
    for (k, insample) in a.iter().zip(&out.series) {
        assert_eq!((k.k, k.seed), (5, 7));
        // Every pair is predicted once, by an index that did not see it: worse than in sample.
        let pairs = evaluate(
            Fit::Pooled { sales: &s, params: &params },
            std::slice::from_ref(insample),
            &EvaluateOptions::new(3).unwrap(),
            &RunControl::silent(),
        )
        .unwrap()
        .series[0]
            .accuracy
            .insample
            .clone();
        assert_eq!(k.accuracy.pairs, pairs.pairs);
        assert!(k.accuracy.mdape.unwrap() > pairs.mdape.unwrap());
    }
}
