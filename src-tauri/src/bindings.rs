//! The TypeScript declarations of everything that crosses the IPC edge,
//! generated from the Rust types into `ui/src/ipc/bindings.ts`. A test
//! fails when the committed file drifts from the types; run it with
//! `HPI_WRITE_BINDINGS=1` to rewrite the file.

#[cfg(test)]
pub(crate) mod tests {
    use ts_rs::{Config, TS};

    macro_rules! declarations {
        ($cfg:expr; $($t:ty),* $(,)?) => {{
            let mut out = Vec::new();
            $(
                // The declaration starts with the doc comment; `export` goes after it.
                let decl = <$t as TS>::decl($cfg);
                let docs = <$t as TS>::docs().unwrap_or_default();
                let body = decl.strip_prefix(docs.as_str()).unwrap_or(&decl);
                out.push(format!("{docs}export {body}"));
            )*
            out
        }};
    }

    pub(crate) fn render() -> String {
        // serde_json writes 64-bit integers as plain numbers; ids and counts stay far below 2^53.
        let cfg = &Config::new().with_large_int("number");
        let decls = declarations!(cfg;
            crate::error::IpcError, hpi_usecases::ErrorCode, hpi_usecases::model::Hint, hpi_usecases::model::Param,
            crate::settings::Settings, crate::settings::Theme, crate::settings::NumberFormat,
            crate::settings::UpdateChannel, crate::updates::UpdateStatus, crate::updates::UpdateOffer, crate::updates::UpdateEvent,
            crate::types::AppInfo, crate::policy::Policy, crate::state::Launch, hpi_usecases::project::ProjectInfo, crate::types::ImportRequest,
            hpi_usecases::project::RunResults, hpi_usecases::project::RunSummary, crate::types::ExportFormat, crate::types::ExportRequest,
            crate::run::RunEvent, hpi_usecases::model::Stage, hpi_usecases::model::Weight,
            hpi_usecases::RunRequest, hpi_usecases::Method, hpi_usecases::Period, hpi_usecases::DedupeChoice,
            hpi_usecases::model::Filters, hpi_usecases::export::What, hpi_usecases::export::ChartKind,
            hpi_usecases::model::ImportKind, hpi_usecases::model::ImportPreview, hpi_usecases::model::ImportReport, hpi_usecases::model::ColumnMatch,
            hpi_usecases::model::Page, hpi_usecases::model::RowIssue,
            hpi_usecases::model::RunRecord, hpi_usecases::model::RunStatus, hpi_usecases::model::RunParameters, hpi_usecases::model::RsaiParams,
            hpi_usecases::model::PooledParams, hpi_usecases::model::PooledMethod, hpi_usecases::model::Dedupe, hpi_usecases::model::Periodicity,
            hpi_usecases::model::IndexRow, hpi_usecases::model::TractRow, hpi_usecases::model::ImportRecord,
            hpi_usecases::model::Benchmark, hpi_usecases::model::BenchmarkKey, hpi_usecases::model::Comparison,
            hpi_usecases::model::RegionComparison, hpi_usecases::model::OverlayPoint, hpi_usecases::model::Tracking,
            hpi_usecases::model::FhfaLayout,
            hpi_usecases::model::QualityReport, hpi_usecases::model::FileSummary, hpi_usecases::model::RsaiQuality, hpi_usecases::model::PooledQuality,
            hpi_usecases::model::PairCounts, hpi_usecases::model::FilterCount, hpi_usecases::model::PairFilter, hpi_usecases::model::CagrTime, hpi_usecases::model::Estimator, hpi_usecases::model::RobustFit, hpi_usecases::model::Tiers, hpi_usecases::model::PairWeights,
            hpi_usecases::model::CbsaQuality, hpi_usecases::model::CbsaYear, hpi_usecases::model::IndexStop,
            hpi_usecases::model::YearCoverage, hpi_usecases::model::MissingPeriod,
            hpi_usecases::model::Section, hpi_usecases::model::Part, hpi_usecases::model::Figure,
            hpi_usecases::model::Column, hpi_usecases::model::Cell,
            hpi_usecases::model::Evaluation, hpi_usecases::model::SeriesEvaluation, hpi_usecases::model::Volatility,
            hpi_usecases::model::PeriodValue, hpi_usecases::model::AccuracySet, hpi_usecases::model::Accuracy,
            hpi_usecases::model::KFoldAccuracy, hpi_usecases::model::Revision, hpi_usecases::model::PeriodRevision,
            hpi_usecases::model::Vintage, hpi_usecases::model::VintagePoint, hpi_usecases::EvaluateRequest,
            hpi_usecases::model::PeriodAccuracy, hpi_usecases::model::PeriodChange,
            hpi_usecases::model::Seasonal, hpi_usecases::model::StlSettings, hpi_usecases::model::SeasonalReport,
            hpi_usecases::model::NotAdjusted, hpi_usecases::model::Aggregate, hpi_usecases::model::AggregationQuality,
            hpi_usecases::model::NotGeoid, hpi_usecases::model::GroupQuality, hpi_usecases::model::GroupGap,
            hpi_usecases::model::DroppedShare, hpi_usecases::model::Composite, hpi_usecases::model::CompositeRule,
            hpi_usecases::model::CompositeWeights, hpi_usecases::model::CompositeQuality,
            hpi_usecases::model::CompositeShare, hpi_usecases::model::CompositeGap,
            hpi_usecases::model::SmoothingReport, hpi_usecases::model::NotSmoothed,
            hpi_usecases::model::SmoothedEvaluation,
            hpi_usecases::model::BoundaryReport, hpi_usecases::model::TractShape,
            hpi_usecases::overview::Overview, hpi_usecases::overview::YearCounts, hpi_usecases::overview::TractCoverage,
        );
        // The values the UI needs from the engine: which weights there are, in order, and the years a run may span.
        let weights: Vec<String> =
            hpi_usecases::model::Weight::ALL.iter().map(|w| format!("\"{}\"", w.name())).collect();
        let years = hpi_usecases::model::INDEX_YEARS;
        let weight_info: Vec<String> = hpi_usecases::model::Weight::ALL
            .iter()
            .map(|w| format!("  {}: {{ title: \"{}\", colour: \"{}\" }},", w.name(), w.title(), w.colour()))
            .collect();
        let methods: Vec<String> = hpi_usecases::Method::ALL.iter().map(|m| format!("\"{}\"", m.name())).collect();
        let method_info: Vec<String> = hpi_usecases::Method::ALL
            .iter()
            .map(|m| format!("  {}: {{ title: \"{}\", description: \"{}\" }},", m.name(), m.title(), m.description()))
            .collect();
        let filters_of: Vec<String> = hpi_usecases::Method::ALL
            .iter()
            .map(|&m| {
                let f =
                    serde_json::to_string(&hpi_usecases::model::Filters::default_for(m)).expect("filters serialise");
                format!("  {}: {f},", m.name())
            })
            .collect();
        let band_levels: Vec<String> = hpi_usecases::model::BAND_LEVELS
            .iter()
            .map(|&l| {
                let z = hpi_usecases::model::Bands::new(l).expect("offered levels are valid").z();
                format!("{{ level: {l}, z: {z} }}")
            })
            .collect();
        format!(
            "// Generated from the Rust types by `src-tauri/src/bindings.rs`; do not edit.\n// Regenerate: HPI_WRITE_BINDINGS=1 cargo test --workspace bindings\n\n{}\n\n\
             /** Every RSAI weighting scheme, in the paper's order (`Weight::ALL`). */\n\
             export const WEIGHTS: readonly Weight[] = [{}];\n\n\
             /** How each weighting scheme is named and drawn (`Weight::title`, `Weight::colour`). */\n\
             export const WEIGHT_INFO: Record<Weight, {{ title: string; colour: string }}> = {{\n{}\n}};\n\n\
             /** Every method, in the order offered (`Method::ALL`). */\n\
             export const METHODS: readonly Method[] = [{}];\n\n\
             /** How each method is named (`Method::title`, `Method::description`). */\n\
             export const METHOD_INFO: Record<Method, {{ title: string; description: string }}> = {{\n{}\n}};\n\n\
             /** The first and last year a run may start or end in (`INDEX_YEARS`). */\n\
             export const INDEX_YEARS = {{ first: {}, last: {} }} as const;\n\n\
             /** What a run takes when it is not told (`DEFAULT_MIN_HALF_PAIRS`, `DEFAULT_STATIC_YEAR`). */\n\
             export const DEFAULTS = {{ min_half_pairs: {}, static_year: {} }} as const;\n\n\
             /** Each method's pair filters and bounds unless told otherwise (`Filters::default_for`). */\n\
             export const FILTERS_OF: Record<Method, Filters> = {{\n{}\n}};\n\n\
             /** The confidence levels offered for bands, with their normal quantiles (`BAND_LEVELS`, `Bands::z`). */\n\
             export const BAND_LEVELS: readonly {{ level: number; z: number }}[] = [{}];\n",
            decls.join("\n\n"),
            weights.join(", "),
            weight_info.join("\n"),
            methods.join(", "),
            method_info.join("\n"),
            years.start(),
            years.end(),
            hpi_usecases::model::DEFAULT_MIN_HALF_PAIRS,
            hpi_usecases::model::DEFAULT_STATIC_YEAR,
            filters_of.join("\n"),
            band_levels.join(", ")
        )
    }

    /// Compares a generated file of `ui/src/ipc/` with the committed one
    /// (rewriting it first under `HPI_WRITE_BINDINGS`).
    pub(crate) fn matches_committed(name: &str, fresh: &str) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/ipc").join(name);
        if std::env::var_os("HPI_WRITE_BINDINGS").is_some() {
            std::fs::write(&path, fresh).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "{} is out of date with the Rust code; regenerate it with HPI_WRITE_BINDINGS=1 cargo test --workspace bindings",
            path.display()
        );
    }

    #[test]
    fn bindings_match_the_rust_types() {
        matches_committed("bindings.ts", &render());
    }
}
