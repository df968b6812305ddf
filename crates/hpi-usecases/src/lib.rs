//! What HPI Studio does, written once: create, open and browse projects,
//! import files (with a preview), check a run's parameters, load data from
//! a project or from files, compute an index with progress and
//! cancellation, save it with its quality report, and export, report and
//! chart saved runs. The `hpi` CLI and the desktop app (and any later front
//! end) parse their input, call one use case and present its result; they
//! depend on this crate only, and reach the lower crates' types through
//! [`model`].
#![warn(missing_docs)]

pub mod batch;
pub mod boundaries;
pub mod calculate;
pub mod compare;
mod error;
pub mod evaluate;
pub mod export;
pub mod files;
pub mod folders;
pub mod import;
pub mod overview;
pub mod project;
pub mod quality;
pub mod request;

pub use calculate::{calculate_in_project, compute, load_project, Checked, FileSummary, Inputs, Outcome, SavedRun};
pub use error::{ErrorCode, UsecaseError};
pub use evaluate::EvaluateRequest;
pub use files::{find_columns, load_files, Input, InputFiles, ReadOptions, ReadRequest};
pub use hpi_engine::Method;
pub use quality::QualityReport;
pub use request::{DedupeChoice, Period, RunRequest};

/// The data the use cases take and give, defined in the crates below: front
/// ends name them from here, so that they depend on this crate alone.
pub mod model {
    pub use hpi_engine::benchmark::Tracking;
    pub use hpi_engine::composite::{
        Composite, CompositeGap, CompositeQuality, CompositeRule, CompositeShare, CompositeWeights,
    };
    pub use hpi_engine::evaluate::{
        Accuracy, AccuracySet, KFoldAccuracy, PeriodAccuracy, PeriodChange, PeriodRevision, PeriodValue, Revision,
        SeriesEvaluation, SmoothedEvaluation, Vintage, VintagePoint, Volatility,
    };
    pub use hpi_engine::groups::{Aggregate, AggregationQuality, DroppedShare, GroupGap, GroupQuality, NotGeoid};
    pub use hpi_engine::pairs::{FilterCount, PairCounts, PairFilter};
    pub use hpi_engine::pooled::{MissingPeriod, PairWeights};
    pub use hpi_engine::robust::RobustFit;
    pub use hpi_engine::rsai::{CbsaQuality, CbsaYear, IndexStop, YearCoverage};
    pub use hpi_engine::seasonal::{NotAdjusted, Seasonal, SeasonalReport, StlSettings};
    pub use hpi_engine::smoothing::{NotSmoothed, SmoothingReport};
    pub use hpi_engine::{
        Bands, Bootstrap, CagrTime, Dedupe, EngineError, Estimator, EvaluateOptions, Evaluation, Filters, IndexPoint,
        IndexSeries, Method, Param, Periodicity, PooledMethod, PooledParams, PooledQuality, Progress, RowIssue,
        RsaiParams, RsaiQuality, Stage, Tiers, TractSeries, Weight, BAND_LEVELS, DEFAULT_BAND_LEVEL, DEFAULT_KFOLD,
        DEFAULT_MIN_HALF_PAIRS, DEFAULT_REPLICATES, DEFAULT_SEED, DEFAULT_STATIC_YEAR, DEFAULT_VOLATILITY_WINDOW,
        INDEX_YEARS,
    };
    pub use hpi_report::benchmark::{Comparison, OverlayPoint, RegionComparison};
    pub use hpi_report::publication::FhfaLayout;
    pub use hpi_report::quality::{Cell, Column, Figure, Part, Section};
    pub use hpi_report::{Format, ReportError, Table, Values};
    pub use hpi_store::benchmarks::{Benchmark, BenchmarkKey};
    pub use hpi_store::boundaries::{BoundaryReport, TractShape};
    pub use hpi_store::read_composite_weights;
    pub use hpi_store::source::Frame;
    pub use hpi_store::values::{DateFormat, Plausible};
    pub use hpi_store::{
        ColumnMatch, FileSummary, Hint, ImportKind, ImportOptions, ImportPreview, ImportRecord, ImportReport, IndexRow,
        Page, Project, QualityReport, RunParameters, RunRecord, RunStatus, StoreError, TractRow, APP_VERSION,
    };
}
