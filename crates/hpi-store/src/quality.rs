//! The quality report a run stores: what happened to every row, pair, tract
//! and CBSA. Stored as JSON with a version; every version ever written
//! decodes into [`QualityReport`] (fields added later take their defaults,
//! so a version-1 report reads as one without them).

use crate::hint::Hint;
use crate::ImportKind;
use hpi_engine::{Method, PooledQuality, RowIssue, RsaiQuality};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The version this build writes. Version 1 (HPI Studio 0.1) had no
/// `version` field and no hints.
pub const QUALITY_VERSION: u32 = 2;

fn version_1() -> u32 {
    1
}

/// What reading one file (or one import) found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FileSummary {
    /// The file as given.
    pub file: String,
    /// What it holds.
    pub kind: ImportKind,
    /// Data rows read.
    pub rows: u64,
    /// Rows accepted.
    pub accepted: u64,
    /// Rejected rows per kind of reason.
    pub rejected_by_reason: BTreeMap<String, u64>,
    /// Rejected rows, the first [`KEPT_ISSUES`].
    pub rejected: Vec<RowIssue>,
    /// What would let more rows through (how dates are written, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<Hint>,
}

impl FileSummary {
    /// Rows rejected.
    pub fn rejected_count(&self) -> u64 {
        self.rows - self.accepted
    }
}

/// How many rejected rows a summary lists one by one.
pub const KEPT_ISSUES: usize = 1000;

/// A run's quality report, as stored, exported and shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QualityReport {
    /// The version of this report's shape.
    #[serde(default = "version_1")]
    pub version: u32,
    /// The method.
    pub method: Method,
    /// Per input file.
    pub inputs: Vec<FileSummary>,
    /// RSAI's report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rsai: Option<RsaiQuality>,
    /// The pooled methods' report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pooled: Option<PooledQuality>,
}

impl QualityReport {
    /// A report in the current version.
    pub fn new(
        method: Method,
        inputs: Vec<FileSummary>,
        rsai: Option<RsaiQuality>,
        pooled: Option<PooledQuality>,
    ) -> Self {
        QualityReport { version: QUALITY_VERSION, method, inputs, rsai, pooled }
    }

    /// The pair counts, whichever method made them.
    pub fn pairs(&self) -> Option<&hpi_engine::pairs::PairCounts> {
        self.rsai.as_ref().map(|q| &q.pairs).or(self.pooled.as_ref().map(|q| &q.pairs))
    }

    /// The report as stored.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a quality report serializes")
    }

    /// Decodes a stored report of any version.
    pub fn from_json(text: &str) -> Result<QualityReport, String> {
        let report: QualityReport = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if report.version > QUALITY_VERSION {
            return Err(format!("version {} is newer than this HPI Studio reads ({QUALITY_VERSION})", report.version));
        }
        Ok(report)
    }
}
