//! Runs saved in a real project file: succeeded, cancelled, exported.

use hpi_store::{ImportKind, ImportOptions, Project};
use hpi_usecases::export::{self, ChartKind, ReportFormat, What};
use hpi_usecases::{ErrorCode, Method, RunRequest};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../sample").join(name)
}

fn sample_project(dir: &Path) -> Project {
    let mut p = Project::create(&dir.join("s.hpiproj")).unwrap();
    for (file, kind) in [
        ("tracts.csv", ImportKind::Tracts),
        ("attributes.csv", ImportKind::Attributes),
        ("transactions.csv", ImportKind::Transactions),
    ] {
        hpi_store::import(&mut p, &sample(file), kind, &ImportOptions::default(), &mut |_| {}).unwrap();
    }
    p
}

#[test]
fn a_run_is_saved_and_a_cancelled_one_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = sample_project(dir.path());
    let checked = RunRequest::new(Method::Rsai, 2000, 2021).check().unwrap();
    let stages = std::sync::Mutex::new(Vec::new());
    let report = |pr: hpi_engine::Progress| stages.lock().unwrap().push(pr.stage);
    let saved = hpi_usecases::calculate_in_project(&mut p, &checked, &report, &AtomicBool::new(false)).unwrap();
    assert!(!stages.lock().unwrap().is_empty(), "progress was reported");
    let run = p.run(saved.id).unwrap();
    assert_eq!((run.method.as_str(), run.status.as_str()), ("rsai", "succeeded"));
    // 3 CBSAs x 6 weights x 22 years.
    assert_eq!(p.run_index(saved.id).unwrap().len(), 3 * 6 * 22);
    let quality: serde_json::Value = serde_json::from_str(&export::quality_json(&p, saved.id).unwrap()).unwrap();
    assert_eq!(quality["method"], "rsai");

    let cancelled = AtomicBool::new(true);
    let e = hpi_usecases::calculate_in_project(&mut p, &checked, &|_| {}, &cancelled).err().unwrap();
    assert_eq!(e.code(), ErrorCode::Cancelled);
    let runs = p.runs().unwrap();
    assert_eq!(runs[0].status, "cancelled");
    assert!(p.run_index(runs[0].id).unwrap().is_empty());
}

#[test]
fn exports_of_a_saved_run() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = sample_project(dir.path());
    let checked = RunRequest::new(Method::Rsai, 2000, 2021).check().unwrap();
    let id = hpi_usecases::calculate_in_project(&mut p, &checked, &|_| {}, &AtomicBool::new(false)).unwrap().id;
    let csv = dir.path().join("index.csv");
    export::export_run(&p, id, What::Index, hpi_report::Format::Csv, &csv.display().to_string()).unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().count(), 1 + 3 * 6 * 22);
    let svg = dir.path().join("chart.svg");
    export::write_chart(&p, "s.hpiproj", &[id], Some("11100"), None, ChartKind::Index, &svg).unwrap();
    let drawn = std::fs::read_to_string(&svg).unwrap();
    // The source line under the chart names the project it came from.
    assert!(drawn.contains("<svg") && drawn.contains("Source: s.hpiproj (run"), "no source line");
    let e = export::write_chart(&p, "s.hpiproj", &[id], Some("99999"), None, ChartKind::Index, &svg).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidRequest);
    assert!(e.to_string().contains("it has: 10180, 10420, 11100"), "{e}");
    let map = dir.path().join("map.svg");
    export::write_chart(&p, "s.hpiproj", &[id], Some("10420"), None, ChartKind::Map, &map).unwrap();
    let svg = std::fs::read_to_string(&map).unwrap();
    assert_eq!(svg.matches("<circle").count(), 40, "every tract of CBSA 10420");
    assert!(svg.contains("tract appreciation 2000–2021"));
    let html = dir.path().join("report.html");
    export::write_report(&p, "s.hpiproj", &[id], None, ReportFormat::Html, &html).unwrap();
    assert!(std::fs::read_to_string(&html).unwrap().contains("10420"));
    let coverage = dir.path().join("coverage.svg");
    export::write_chart(&p, "s.hpiproj", &[id], Some("10420"), None, ChartKind::Coverage, &coverage).unwrap();
    assert!(std::fs::read_to_string(&coverage).unwrap().contains("40 tracts"));
    let e =
        export::write_chart(&p, "s.hpiproj", &[id], Some("99999"), None, ChartKind::Coverage, &coverage).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidRequest);
    assert_eq!(
        export::export_run(&p, 99, What::Index, hpi_report::Format::Csv, "-").unwrap_err().code(),
        ErrorCode::NotFound
    );
}

#[test]
fn a_saved_run_is_evaluated_on_its_own_data_and_the_evaluation_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = sample_project(dir.path());
    let checked = RunRequest::new(Method::Bmn, 2000, 2021).check().unwrap();
    let never = AtomicBool::new(false);
    let saved = hpi_usecases::calculate_in_project(&mut p, &checked, &|_| {}, &never).unwrap();
    let request = hpi_usecases::EvaluateRequest {
        volatility_window: 3,
        kfold: Some(4),
        seed: 9,
        revision_from: Some("2019".into()),
    };
    let stages = std::sync::Mutex::new(Vec::new());
    let report = |pr: hpi_engine::Progress| stages.lock().unwrap().push(pr.stage);
    let e = hpi_usecases::evaluate::evaluate_saved_run(&p, saved.id, &request, &report, &never).unwrap();
    assert!(stages.lock().unwrap().contains(&hpi_engine::Stage::Vintages));
    assert_eq!(p.run_evaluation(saved.id).unwrap().as_ref(), Some(&e));
    // The same numbers as evaluating the run just computed.
    let inputs = hpi_usecases::load_project(&p, &checked).unwrap();
    let options = hpi_usecases::evaluate::options(&checked, 3, Some((4, 9)), Some("2019")).unwrap();
    let direct =
        hpi_usecases::evaluate::evaluate(&inputs, &checked, &saved.outcome, &options, &|_| {}, &never).unwrap();
    assert_eq!(direct, e);
    // New data: the run no longer describes the project, so it is not evaluated.
    let more = dir.path().join("more.csv");
    std::fs::write(&more, "property_id,sale_date,price,tract,cbsa\nnew-1,2010-01-05,100000,,\n").unwrap();
    hpi_store::import(&mut p, &more, ImportKind::Transactions, &ImportOptions::default(), &mut |_| {}).unwrap();
    let refused = hpi_usecases::evaluate::evaluate_saved_run(&p, saved.id, &request, &|_| {}, &never).err().unwrap();
    assert_eq!(refused.code(), ErrorCode::InvalidRequest);
    assert!(refused.to_string().contains("changed since run"), "{refused}");
}
