//! Index series: what every method returns.

use crate::params::Weight;
use crate::period::Periodicity;
use serde::Serialize;

/// One period of an index.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndexPoint {
    /// Absolute period number (see [`Periodicity::of_date`]).
    pub period: i32,
    /// Period label: `2010`, `2010-Q1`, `2010-01`.
    pub label: String,
    /// Index value, 100 at the first period; `None` when not identified.
    pub index: Option<f64>,
    /// The seasonally adjusted value, `index · exp(−seasonal)`, when the run
    /// asked for seasonal adjustment and the series could be adjusted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index_sa: Option<f64>,
    /// The value smoothed by a centred moving average, when the run asked
    /// for smoothing and the series could be smoothed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index_smooth: Option<f64>,
    /// Standard error of ln(index) against the first period (0 there);
    /// `None` without a value or without residual degrees of freedom, and for
    /// RSAI, whose uncertainty comes from the bootstrap.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub se: Option<f64>,
    /// Standard error of the log change from the previous period, ln(Iₜ/Iₜ₋₁):
    /// analytic for every method (RSAI: Σₙ wₙ² Var d̂ₙₜ over the year's
    /// supertracts); `None` in the first period, without a value, or without
    /// residual degrees of freedom.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_se: Option<f64>,
    /// A band around the value from a bootstrap (RSAI), at the level it was
    /// asked for; pooled methods' bands come from `se`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub band: Option<Band>,
    /// Why there is no value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl IndexPoint {
    /// A point of no period, without a value or anything beside it.
    pub fn empty() -> IndexPoint {
        IndexPoint {
            period: 0,
            label: String::new(),
            index: None,
            index_sa: None,
            index_smooth: None,
            se: None,
            change_se: None,
            band: None,
            note: None,
        }
    }
}

/// The lower and upper ends of a band around an index value.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Band {
    /// Lower end.
    pub lower: f64,
    /// Upper end.
    pub upper: f64,
}

/// A city (or region) index.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndexSeries {
    /// CBSA or region name.
    pub region: String,
    /// `rsai`, `bmn` or `wrs`.
    pub method: &'static str,
    /// The RSAI weighting; `None` for pooled methods.
    pub weight: Option<Weight>,
    /// Periods of the series.
    pub periodicity: Periodicity,
    /// One point per period of the output range.
    pub points: Vec<IndexPoint>,
}

/// One tract's row of the balanced panel, for one year.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TractPoint {
    /// Year.
    pub year: i32,
    /// Index, 100 in the base year; `None` when not identified.
    pub index: Option<f64>,
    /// The supertract the tract belonged to in that year (its smallest tract
    /// id); `None` in the base year.
    pub supertract: Option<String>,
    /// The tract's own half-pairs in that year (sales in the year that are one
    /// end of a kept pair), before any merging: what the coverage map shows.
    pub half_pairs: u64,
}

/// A tract's index in the balanced panel.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TractSeries {
    /// Tract id.
    pub tract: String,
    /// Its CBSA.
    pub cbsa: String,
    /// One point per year of the output range.
    pub points: Vec<TractPoint>,
}
