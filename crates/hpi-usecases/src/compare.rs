//! A saved run beside a published series imported as a benchmark.

use crate::UsecaseError;
use hpi_engine::Periodicity;
use hpi_report::benchmark::Comparison;
use hpi_store::benchmarks::{Benchmark, BenchmarkKey};
use hpi_store::Project;

/// The project's benchmarks, in import order.
pub fn benchmarks(project: &Project) -> Result<Vec<Benchmark>, UsecaseError> {
    Ok(project.benchmarks()?)
}

/// The benchmark an import id (and, where the import holds several, a series
/// and periodicity) names; with no import id, the project's only benchmark.
pub fn find_benchmark(
    project: &Project,
    import_id: Option<i64>,
    series: Option<&str>,
    periodicity: Option<Periodicity>,
) -> Result<Benchmark, UsecaseError> {
    let all = project.benchmarks()?;
    if all.is_empty() {
        return Err(UsecaseError::InvalidRequest(
            "the project has no benchmark: import a published series with `hpi import --kind benchmark`".into(),
        ));
    }
    let fits: Vec<&Benchmark> = all
        .iter()
        .filter(|b| import_id.is_none_or(|i| b.key.import_id == i))
        .filter(|b| series.is_none_or(|s| b.key.series == s))
        .filter(|b| periodicity.is_none_or(|p| b.key.periodicity == p))
        .collect();
    let listed = |list: &[&Benchmark]| list.iter().map(|b| b.title()).collect::<Vec<_>>().join("; ");
    match fits.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(UsecaseError::InvalidRequest(format!(
            "no benchmark fits (the project has: {})",
            listed(&all.iter().collect::<Vec<_>>())
        ))),
        many => Err(UsecaseError::InvalidRequest(format!(
            "several benchmarks fit: {}; name the import, series and periods",
            listed(many)
        ))),
    }
}

/// Run `run` against `key`'s benchmark: tracking figures per region and the
/// benchmark rebased to be drawn with the run.
pub fn compare(project: &Project, run: i64, key: &BenchmarkKey) -> Result<Comparison, UsecaseError> {
    let benchmark = project
        .benchmarks()?
        .into_iter()
        .find(|b| b.key == *key)
        .ok_or_else(|| UsecaseError::InvalidRequest(format!("no benchmark {key:?} in the project")))?;
    let rows = project.run_index(run)?;
    let levels = project.benchmark_levels(key)?;
    Ok(hpi_report::benchmark::compare(run, &rows, benchmark, &levels))
}
