//! Index series: what every method returns.

use crate::params::Weight;
use crate::period::Periodicity;
use serde::Serialize;
use std::sync::Arc;

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

/// Why a value that overflowed is left empty.
pub const OVERFLOW: &str =
    "the value is too large to represent: prices change by a factor beyond 10^308 (implausible prices?)";

/// Empties every value of `series` that is not a finite number (an index
/// whose prices change by a factor beyond 10³⁰⁸, a sum that overflowed),
/// saying why: no NaN or infinity ever reaches an output.
pub(crate) fn keep_finite(series: &mut [IndexSeries]) {
    let finite = |v: &mut Option<f64>| {
        if v.is_some_and(|x| !x.is_finite()) {
            *v = None;
        }
    };
    for p in series.iter_mut().flat_map(|s| s.points.iter_mut()) {
        if p.index.is_some_and(|x| !x.is_finite()) {
            p.index = None;
            p.note.get_or_insert_with(|| OVERFLOW.to_owned());
        }
        if p.index.is_none() {
            (p.index_sa, p.index_smooth, p.se, p.change_se, p.band) = (None, None, None, None, None);
        }
        finite(&mut p.index_sa);
        finite(&mut p.index_smooth);
        finite(&mut p.se);
        finite(&mut p.change_se);
        if p.band.is_some_and(|b| !(b.lower.is_finite() && b.upper.is_finite())) {
            p.band = None;
        }
    }
}

/// Empties every tract value that is not a finite number, as [`keep_finite`] does.
pub(crate) fn keep_finite_tracts(tracts: &mut [TractSeries]) {
    for p in tracts.iter_mut().flat_map(|t| t.points.iter_mut()) {
        if p.index.is_some_and(|x| !x.is_finite()) {
            p.index = None;
        }
    }
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
    /// id); `None` in the base year. Shared by the unit's tracts: a national
    /// panel has millions of points.
    pub supertract: Option<Arc<str>>,
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
