//! `hpi batch PLAN.toml` with the real binary and real project files: every
//! run saved and its files written, a failed run among them reported without
//! stopping the rest, and a plan with a mistake refused before anything runs.

mod common;

use common::{hpi, sample_project};

const PLAN: &str = r#"
project = "sample.hpiproj"
output_dir = "out"

[[run]]
name = "rsai"
method = "rsai"
period = "annual"
start = 2000
end = 2021
outputs = ["index.csv", "quality.json"]

[[run]]
name = "elsewhere"
project = "missing.hpiproj"
method = "bmn"
period = "annual"
start = 2000
end = 2021

[[run]]
name = "wrs-q"
method = "wrs"
period = "quarterly"
start = 2000
end = 2021
outputs = ["index.parquet"]
"#;

#[test]
fn a_failed_run_is_reported_and_the_others_still_run() {
    let d = tempfile::tempdir().unwrap();
    let project = sample_project(d.path());
    let plan = d.path().join("nightly.toml");
    std::fs::write(&plan, PLAN).unwrap();
    let out = hpi(&["batch", &plan.display().to_string()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "one run failed: {stdout}");
    let rows: Vec<Vec<&str>> = stdout.lines().skip(1).map(|l| l.split_whitespace().collect()).collect();
    let status: Vec<(&str, &str)> = rows.iter().map(|r| (r[0], r[2])).collect();
    assert_eq!(status, [("rsai", "succeeded"), ("elsewhere", "failed"), ("wrs-q", "succeeded")], "{stdout}");
    assert!(stdout.contains("missing.hpiproj"), "the failure says why: {stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("1 of 3 runs failed"), "{stderr}");
    for file in ["out/rsai-index.csv", "out/rsai-quality.json", "out/wrs-q-index.parquet"] {
        assert!(d.path().join(file).is_file(), "{file}");
    }
    // Both runs are saved in the project, as `hpi calculate --project` saves them.
    let runs = hpi(&["runs", "list", "--project", &project]);
    let listed = String::from_utf8_lossy(&runs.stdout);
    assert!(listed.contains("rsai") && listed.contains("wrs"), "{listed}");
    // The index written is the one `hpi export` writes of the saved run.
    let exported = d.path().join("export.csv");
    let e = hpi(&["export", "--project", &project, "--run", "1", "--output", &exported.display().to_string()]);
    assert!(e.status.success(), "{}", String::from_utf8_lossy(&e.stderr));
    assert_eq!(std::fs::read(d.path().join("out/rsai-index.csv")).unwrap(), std::fs::read(&exported).unwrap());
}

#[test]
fn a_plan_with_a_mistake_runs_nothing() {
    let d = tempfile::tempdir().unwrap();
    let project = sample_project(d.path());
    let plan = d.path().join("nightly.toml");
    std::fs::write(
        &plan,
        PLAN.replace("end = 2021\noutputs = [\"index.parquet\"]", "end = 2021\nweigths = [\"value\"]"),
    )
    .unwrap();
    let out = hpi(&["batch", &plan.display().to_string()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("run 3 'wrs-q'") && stderr.contains("unknown field `weigths`"), "{stderr}");
    let runs = hpi(&["runs", "list", "--project", &project]);
    assert!(!String::from_utf8_lossy(&runs.stdout).contains("rsai"), "the first run did not start");
}
