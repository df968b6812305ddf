//! Progress reports and cancellation. The engine reports through a callback
//! and never prints; front ends decide how to show it.

use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicBool, Ordering};

/// The stages of a run, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Stage {
    /// Sorting sales and forming repeat-sales pairs.
    Pairing,
    /// Summing per-tract statistics.
    Statistics,
    /// Building supertracts and solving their regressions.
    Supertracts,
    /// Pooled regressions.
    Regression,
    /// Weighting and chaining.
    Aggregation,
    /// Re-estimating without each fold (k-fold accuracy).
    Folds,
    /// Estimating the index as of each period (revision and forecasts).
    Vintages,
    /// Recomputing RSAI on resampled pairs (bands).
    Bootstrap,
}

impl Stage {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Pairing => "Pairing sales",
            Stage::Statistics => "Summing tract statistics",
            Stage::Supertracts => "Building supertracts",
            Stage::Regression => "Solving regressions",
            Stage::Aggregation => "Aggregating indices",
            Stage::Folds => "Re-estimating without each fold",
            Stage::Vintages => "Estimating vintages",
            Stage::Bootstrap => "Bootstrap replicates",
        }
    }
}

/// One progress report: a stage and how far it is, `done` of `total` steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// The current stage.
    pub stage: Stage,
    /// Steps done in this stage.
    pub done: u64,
    /// Steps in this stage.
    pub total: u64,
}

/// What a run is given to report progress and to notice cancellation.
pub struct RunControl<'a> {
    report: &'a (dyn Fn(Progress) + Sync),
    cancel: &'a AtomicBool,
}

static NEVER: AtomicBool = AtomicBool::new(false);

impl<'a> RunControl<'a> {
    /// A control that reports to `report` and stops when `cancel` becomes true.
    pub fn new(report: &'a (dyn Fn(Progress) + Sync), cancel: &'a AtomicBool) -> Self {
        RunControl { report, cancel }
    }

    /// A control that reports nowhere and is never cancelled.
    pub fn silent() -> RunControl<'static> {
        RunControl { report: &|_| {}, cancel: &NEVER }
    }

    /// A control for work inside this one: it reports nothing (the outer
    /// work reports for it) and stops when this one is cancelled.
    pub(crate) fn quiet(&self) -> RunControl<'a> {
        RunControl { report: &|_| {}, cancel: self.cancel }
    }

    pub(crate) fn report(&self, stage: Stage, done: u64, total: u64) {
        (self.report)(Progress { stage, done, total });
    }

    pub(crate) fn check(&self) -> Result<(), crate::EngineError> {
        if self.cancel.load(Ordering::Relaxed) {
            Err(crate::EngineError::Cancelled)
        } else {
            Ok(())
        }
    }
}
