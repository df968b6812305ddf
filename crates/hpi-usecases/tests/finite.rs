//! Numbers that stay numbers: over generated inputs (any positive prices
//! from 1e-300 to 1e300, dates, tract layouts with shared or extreme
//! centroids, attributes from 0 to 1e307), every method's saved run gives
//! values that are finite or deliberately empty with a reason, and no NaN or
//! infinity reaches an exported table, the quality report, a chart or the
//! HTML report.

use hpi_store::values::Plausible;
use hpi_store::{ImportKind, ImportOptions, Project};
use hpi_usecases::export::{self, ChartKind, ReportFormat, What};
use hpi_usecases::model::{Composite, CompositeRule, CompositeWeights, Filters};
use hpi_usecases::{Method, Period, RunRequest};
use proptest::prelude::*;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// A sale: property, (year, month, day), price, tract.
type Sale = (u32, (i32, u32, u32), f64, u32);

/// One generated data set, as the files an analyst would import.
#[derive(Debug, Clone)]
struct Data {
    tracts: Vec<(u32, f64, f64)>,
    sales: Vec<Sale>,
    attributes: Vec<(u32, i32, [f64; 5])>,
}

/// A price anywhere in the positive doubles' usual range, with the extremes often.
fn price() -> impl Strategy<Value = f64> {
    prop_oneof![
        1 => Just(f64::MIN_POSITIVE),
        1 => Just(1e300),
        1 => Just(1.0),
        6 => (-300.0f64..300.0).prop_map(|e| 10f64.powf(e)),
        6 => 1e4f64..1e7,
    ]
}

fn measure() -> impl Strategy<Value = f64> {
    prop_oneof![2 => Just(0.0), 1 => Just(1e307), 1 => 0.0f64..1e-300, 6 => 0.0f64..1e6]
}

fn data() -> impl Strategy<Value = Data> {
    let coordinate =
        prop_oneof![Just((0.0, 0.0)), Just((90.0, 180.0)), Just((-90.0, -180.0)), (-90.0f64..90.0, -180.0f64..180.0)];
    let tracts = proptest::collection::vec((0u32..2, coordinate), 1..8)
        .prop_map(|v| v.into_iter().map(|(cbsa, (lat, lon))| (cbsa, lat, lon)).collect::<Vec<_>>());
    tracts.prop_flat_map(|tracts| {
        let n = tracts.len() as u32;
        // Often in the first month, so that monthly and quarterly indices have their base period.
        let date = (prop_oneof![Just(2000), 2000i32..2007], prop_oneof![Just(1u32), 1u32..13], 1u32..29);
        let sale = (0u32..40, date, price(), 0..n);
        let attribute = (0..n, 1999i32..2008, [measure(), measure(), measure(), measure(), measure()]);
        (Just(tracts), proptest::collection::vec(sale, 2..160), proptest::collection::vec(attribute, 0..30))
            .prop_map(|(tracts, sales, attributes)| Data { tracts, sales, attributes })
    })
}

fn write(dir: &Path, data: &Data) -> Project {
    let (mut t, mut s, mut a) = (
        String::from("tract,cbsa,lat,lon\n"),
        String::from("property_id,sale_date,price,tract,cbsa\n"),
        String::from("tract,year,units,median_value,upb,college,nonwhite\n"),
    );
    for (k, (cbsa, lat, lon)) in data.tracts.iter().enumerate() {
        writeln!(t, "t{k},{},{lat},{lon}", 10180 + cbsa).unwrap();
    }
    for (p, (y, m, d), price, tract) in &data.sales {
        let cbsa = 10180 + data.tracts[*tract as usize].0;
        writeln!(s, "p{p},{y:04}-{m:02}-{d:02},{price:e},t{tract},{cbsa}").unwrap();
    }
    for (tract, year, v) in &data.attributes {
        writeln!(a, "t{tract},{year},{:e},{:e},{:e},{:e},{:e}", v[0], v[1], v[2], v[3], v[4]).unwrap();
    }
    let mut project = Project::create(&dir.join("p.hpiproj")).unwrap();
    // Any positive price is a price to the engine; the importer's plausible bound is a separate matter.
    let options = ImportOptions {
        skip_bad_rows: true,
        plausible: Plausible::new(Some(1), Some(9999), Some(f64::MAX)).unwrap(),
        ..ImportOptions::default()
    };
    for (name, text, kind) in
        [("t.csv", t, ImportKind::Tracts), ("a.csv", a, ImportKind::Attributes), ("s.csv", s, ImportKind::Transactions)]
    {
        if text.lines().count() < 2 {
            continue; // no attributes: the weights that need them stop, with their reason
        }
        let file = dir.join(name);
        std::fs::write(&file, text).unwrap();
        hpi_store::import(&mut project, &file, kind, &options, &mut |_| {}).unwrap();
    }
    project
}

/// The runs made of every data set; the composite of both CBSAs where the data have both.
fn requests(both_regions: bool) -> Vec<RunRequest> {
    let mut out = Vec::new();
    let mut rsai = RunRequest::new(Method::Rsai, 2000, 2006);
    rsai.keep_small_cbsas = true;
    rsai.min_half_pairs = Some(1);
    rsai.filters = Some(Filters::NONE);
    out.push(rsai);
    for (method, period) in [
        (Method::Bmn, Period::Monthly),
        (Method::Wrs, Period::Quarterly),
        (Method::Ars, Period::Annual),
        (Method::Cs, Period::Quarterly),
    ] {
        let mut r = RunRequest::new(method, 2000, 2006);
        r.period = period;
        r.smooth = Some(3);
        r.composites = both_regions
            .then(|| Composite {
                name: "both".into(),
                regions: vec!["10180".into(), "10181".into()],
                weights: CompositeWeights::Value,
                rule: CompositeRule::Chained,
            })
            .into_iter()
            .collect();
        out.push(r);
    }
    out
}

/// Words that are a non-finite number as any writer prints one.
fn non_finite_words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| {
            let w = w.trim_start_matches('-').to_ascii_lowercase();
            matches!(w.as_str(), "nan" | "inf" | "infinity")
        })
        .map(str::to_owned)
        .collect()
}

fn check_run(dir: &Path, project: &mut Project, request: &RunRequest) -> Result<(), TestCaseError> {
    let checked = request.check().unwrap();
    let saved = match hpi_usecases::calculate_in_project(project, &checked, &|_| {}, &AtomicBool::new(false)) {
        Ok(s) => s,
        // Too little data for the method is a refusal with a reason, not a number.
        Err(e) => {
            let message = e.to_string();
            prop_assert!(!message.is_empty());
            prop_assert!(non_finite_words(&message).is_empty(), "{message}");
            return Ok(());
        }
    };
    let (city, tracts) = (saved.outcome.city(), saved.outcome.tracts().unwrap_or_default());
    for s in city {
        for p in &s.points {
            let values = [Some(p.index), Some(p.index_sa), Some(p.index_smooth), Some(p.se), Some(p.change_se)];
            for v in values.into_iter().flatten().flatten() {
                prop_assert!(v.is_finite(), "{} {:?} {}: {v}", s.region, s.weight, p.label);
            }
            if let Some(band) = p.band {
                prop_assert!(band.lower.is_finite() && band.upper.is_finite(), "{} {}: band", s.region, p.label);
            }
            if p.index.is_none() {
                prop_assert!(
                    p.note.as_ref().is_some_and(|n| !n.is_empty()),
                    "{} {}: empty without a reason",
                    s.region,
                    p.label
                );
            }
        }
    }
    for t in tracts {
        for p in &t.points {
            prop_assert!(p.index.is_none_or(f64::is_finite), "tract {} {}", t.tract, p.year);
        }
    }
    if city.iter().flat_map(|s| &s.points).any(|p| p.index.is_some()) {
        VALUED.fetch_add(1, Ordering::Relaxed);
    }
    let id = saved.id;
    let file = |name: &str| dir.join(format!("{id}-{name}"));
    let mut outputs = Vec::new();
    for (what, name) in [(What::Index, "index.csv"), (What::Tracts, "tracts.csv"), (What::Index, "index.json")] {
        let format = if name.ends_with("json") { hpi_report::Format::Json } else { hpi_report::Format::Csv };
        if what == What::Tracts && tracts.is_empty() {
            continue;
        }
        export::export_run(project, id, what, format, &file(name).display().to_string()).unwrap();
        outputs.push(file(name));
    }
    let quality = export::quality_json(project, id).unwrap();
    // serde writes a NaN as null, which a number field cannot read back: the report reads back whole.
    let read_back: Result<hpi_store::QualityReport, _> = serde_json::from_str(&quality);
    prop_assert!(read_back.is_ok(), "quality report does not read back: {:?}", read_back.err());
    export::write_report(project, "p.hpiproj", &[id], None, ReportFormat::Html, &file("report.html")).unwrap();
    outputs.push(file("report.html"));
    let region = city.iter().find(|s| s.points.iter().any(|p| p.index.is_some())).map(|s| s.region.clone());
    if let Some(region) = region {
        export::write_chart(project, "p.hpiproj", &[id], Some(&region), None, ChartKind::Index, &file("chart.svg"))
            .unwrap();
        outputs.push(file("chart.svg"));
        if !tracts.is_empty() {
            export::write_chart(project, "p.hpiproj", &[id], Some(&region), None, ChartKind::Map, &file("map.svg"))
                .unwrap();
            outputs.push(file("map.svg"));
        }
    }
    for path in outputs {
        let text = std::fs::read_to_string(&path).unwrap();
        let words = non_finite_words(&text);
        prop_assert!(words.is_empty(), "{}: {words:?}", path.display());
    }
    let words = non_finite_words(&quality);
    prop_assert!(words.is_empty(), "quality: {words:?}");
    Ok(())
}

/// Runs that gave at least one value: the inputs must exercise the methods, not only their refusals.
static VALUED: AtomicUsize = AtomicUsize::new(0);

#[test]
fn every_output_value_is_finite_or_empty_with_a_reason() {
    // CI's share; `scripts/fuzz.sh` runs thousands (HPI_FINITE_CASES).
    let cases = std::env::var("HPI_FINITE_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(24);
    let config =
        ProptestConfig { cases, max_shrink_iters: 200, failure_persistence: None, ..ProptestConfig::default() };
    let mut runner = proptest::test_runner::TestRunner::new(config);
    let result = runner.run(&data(), |data| {
        let dir = tempfile::tempdir().unwrap();
        let mut project = write(dir.path(), &data);
        let both_regions = data.tracts.iter().any(|t| t.0 == 0) && data.tracts.iter().any(|t| t.0 == 1);
        for request in requests(both_regions) {
            check_run(dir.path(), &mut project, &request)?;
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let valued = VALUED.load(Ordering::Relaxed);
    let runs = cases as usize * 5;
    assert!(valued >= runs / 2, "only {valued} of {runs} runs gave a value");
}
