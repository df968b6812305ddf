//! Run parameters, validated once into checked types before any work starts.

use crate::composite::Composite;
use crate::filters::Filters;
use crate::groups::Aggregate;
use crate::period::Periodicity;
use crate::seasonal::Seasonal;
use crate::tiers::Tiers;
use crate::EngineError;
use serde::{Deserialize, Serialize};

/// The RSAI weighting schemes (paper p.16).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Weight {
    /// Half-pairs in `t-1` and `t`.
    Sample,
    /// Median value times single-family units at `t-1`.
    Value,
    /// Single-family units at `t-1`.
    Unit,
    /// Unpaid principal balance at `t-1`.
    Upb,
    /// College-educated population in the static year.
    College,
    /// Non-white population in the static year.
    Nonwhite,
}

impl Weight {
    /// All weights in the paper's order.
    pub const ALL: [Weight; 6] =
        [Weight::Sample, Weight::Value, Weight::Unit, Weight::Upb, Weight::College, Weight::Nonwhite];

    /// The name used on the command line and in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Weight::Sample => "sample",
            Weight::Value => "value",
            Weight::Unit => "unit",
            Weight::Upb => "upb",
            Weight::College => "college",
            Weight::Nonwhite => "nonwhite",
        }
    }

    /// The weight named `name`.
    pub fn parse(name: &str) -> Option<Weight> {
        Weight::ALL.into_iter().find(|w| w.name() == name)
    }

    /// How people read its name in charts, tables and reports.
    pub fn title(self) -> &'static str {
        match self {
            Weight::Sample => "Sample",
            Weight::Value => "Value",
            Weight::Unit => "Unit",
            Weight::Upb => "UPB",
            Weight::College => "College",
            Weight::Nonwhite => "Non-white",
        }
    }

    /// Its colour in every chart (Okabe–Ito, safe for colour-blind readers).
    pub fn colour(self) -> &'static str {
        match self {
            Weight::Sample => "#0072B2",
            Weight::Value => "#D55E00",
            Weight::Unit => "#009E73",
            Weight::Upb => "#E69F00",
            Weight::College => "#CC79A7",
            Weight::Nonwhite => "#56B4E9",
        }
    }

    /// The tract attributes its measure is made of (none for the sample weight).
    pub fn attributes(self) -> &'static [crate::Attribute] {
        use crate::Attribute as A;
        match self {
            Weight::Sample => &[],
            Weight::Value => &[A::MedianValue, A::Units],
            Weight::Unit => &[A::Units],
            Weight::Upb => &[A::Upb],
            Weight::College => &[A::College],
            Weight::Nonwhite => &[A::Nonwhite],
        }
    }

    /// Whether its measure is read in the static year rather than in `t-1`.
    pub fn is_static(self) -> bool {
        matches!(self, Weight::College | Weight::Nonwhite)
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The index methods.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Repeat-Sales Aggregation Index (annual; needs tracts).
    Rsai,
    /// Pooled Bailey-Muth-Nourse.
    Bmn,
    /// Pooled three-stage weighted repeat sales (Case-Shiller style).
    Wrs,
    /// Value-weighted arithmetic repeat sales (Shiller 1991).
    Ars,
    /// Interval- and value-weighted arithmetic repeat sales (the Case-Shiller estimator).
    Cs,
}

impl Method {
    /// Every method, in the order offered.
    pub const ALL: [Method; 5] = [Method::Rsai, Method::Bmn, Method::Wrs, Method::Ars, Method::Cs];

    /// The name stored and used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Method::Rsai => "rsai",
            Method::Bmn => "bmn",
            Method::Wrs => "wrs",
            Method::Ars => "ars",
            Method::Cs => "cs",
        }
    }

    /// The name stored and used on the command line.
    pub fn as_str(self) -> &'static str {
        self.name()
    }

    /// The method named `name`.
    pub fn parse(name: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.name() == name)
    }

    /// Its short name for people: `RSAI`, `BMN`, `WRS`.
    pub fn title(self) -> &'static str {
        match self {
            Method::Rsai => "RSAI",
            Method::Bmn => "BMN",
            Method::Wrs => "WRS",
            Method::Ars => "ARS",
            Method::Cs => "CS",
        }
    }

    /// What it is, in a few words.
    pub fn description(self) -> &'static str {
        match self {
            Method::Rsai => "FHFA repeat-sales aggregation",
            Method::Bmn => "pooled Bailey-Muth-Nourse",
            Method::Wrs => "weighted repeat sales (Case-Shiller 1987, geometric)",
            Method::Ars => "arithmetic value-weighted (Shiller 1991)",
            Method::Cs => "Case-Shiller arithmetic, interval- and value-weighted",
        }
    }

    /// Whether it is RSAI's: tracts, weights, the half-pair threshold, the
    /// small-CBSA choice and the static year apply to it only.
    pub fn is_rsai(self) -> bool {
        self == Method::Rsai
    }

    /// The periods it can produce.
    pub fn periods(self) -> &'static [Periodicity] {
        match self {
            Method::Rsai => &[Periodicity::Annual],
            _ => &[Periodicity::Annual, Periodicity::Quarterly, Periodicity::Monthly],
        }
    }
}

/// What to do with several sales of one property in one period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Dedupe {
    /// Keep every sale (RSAI default; filter 3.a drops same-period pairs).
    None,
    /// Keep the highest-priced sale; ties go to the earlier input line.
    KeepHighest,
}

/// The pooled estimators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum PooledMethod {
    /// Bailey-Muth-Nourse OLS.
    Bmn,
    /// Three-stage weighted repeat sales (Case-Shiller style).
    Wrs,
    /// Value-weighted arithmetic repeat sales.
    Ars,
    /// Interval- and value-weighted arithmetic repeat sales.
    Cs,
}

impl PooledMethod {
    /// The name used in outputs.
    pub fn name(self) -> &'static str {
        self.method().name()
    }

    /// The method it is.
    pub fn method(self) -> Method {
        match self {
            PooledMethod::Bmn => Method::Bmn,
            PooledMethod::Wrs => Method::Wrs,
            PooledMethod::Ars => Method::Ars,
            PooledMethod::Cs => Method::Cs,
        }
    }

    /// The pooled method that `method` is, if it is one.
    pub fn of(method: Method) -> Option<PooledMethod> {
        [PooledMethod::Bmn, PooledMethod::Wrs, PooledMethod::Ars, PooledMethod::Cs]
            .into_iter()
            .find(|p| p.method() == method)
    }
}

/// How the log methods (BMN, WRS's first stage) fit their regression.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "snake_case")]
pub enum Estimator {
    /// Ordinary (BMN) or weighted (WRS) least squares.
    #[default]
    LeastSquares,
    /// Huber M-estimation by iteratively reweighted least squares (statsmodels' RLM with HuberT).
    Robust,
}

/// Half-pairs a supertract needs in `t` and `t-1` unless asked otherwise (the paper's 40).
pub const DEFAULT_MIN_HALF_PAIRS: u32 = 40;

/// The year the static weights (college, non-white) are read in unless asked otherwise.
pub const DEFAULT_STATIC_YEAR: i32 = 2010;

/// The years an index may start and end in, and a static weight year may be.
pub const INDEX_YEARS: std::ops::RangeInclusive<i32> = 1800..=2200;

/// A run parameter, as the engine names it in its errors; each front end
/// shows it its own way (a flag, a field on a screen, a JSON field).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Param {
    /// The first year.
    Start,
    /// The last year.
    End,
    /// The half-pair threshold.
    MinHalfPairs,
    /// The year of the static weights.
    StaticYear,
    /// The RSAI weights.
    Weights,
    /// The confidence level of interval bands.
    Intervals,
    /// The periods of a volatility window.
    VolatilityWindow,
    /// The folds of k-fold accuracy.
    KFold,
    /// The last period of the first vintage.
    RevisionFrom,
    /// The replicates of a bootstrap.
    Bootstrap,
    /// The holding-period filter's minimum months.
    MinHoldingMonths,
    /// The CAGR filter's bound.
    CagrBound,
    /// The ratio filter's bounds.
    RatioBounds,
    /// The price floor and ceiling.
    PriceBounds,
    /// The robust z-score filter's bound.
    RobustZ,
    /// The estimator of the log methods.
    Estimator,
    /// The price tiers.
    Tiers,
    /// Seasonal adjustment.
    SeasonalAdjust,
    /// The groups RSAI aggregates to.
    Aggregate,
    /// The order of the smoothing moving average.
    Smooth,
    /// Composites of regions.
    Composites,
}

impl Param {
    /// The name of the run request's field.
    pub fn name(self) -> &'static str {
        match self {
            Param::Start => "start",
            Param::End => "end",
            Param::MinHalfPairs => "min_half_pairs",
            Param::StaticYear => "static_year",
            Param::Weights => "weights",
            Param::Intervals => "intervals",
            Param::VolatilityWindow => "volatility_window",
            Param::KFold => "kfold",
            Param::RevisionFrom => "revision_from",
            Param::Bootstrap => "bootstrap",
            Param::MinHoldingMonths => "min_holding_months",
            Param::CagrBound => "cagr_bound",
            Param::RatioBounds => "ratio_bounds",
            Param::PriceBounds => "price_bounds",
            Param::RobustZ => "robust_z",
            Param::Estimator => "estimator",
            Param::Tiers => "tiers",
            Param::SeasonalAdjust => "seasonal_adjust",
            Param::Aggregate => "aggregate",
            Param::Smooth => "smooth",
            Param::Composites => "composites",
        }
    }
}

impl std::fmt::Display for Param {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

fn outside_years(param: Param, year: i32) -> EngineError {
    let (low, high) = (INDEX_YEARS.start(), INDEX_YEARS.end());
    EngineError::InvalidParameter { param, reason: format!("{year} is outside {low}..{high}") }
}

fn check_years(start: i32, end: i32) -> Result<(), EngineError> {
    for (param, year) in [(Param::Start, start), (Param::End, end)] {
        if !INDEX_YEARS.contains(&year) {
            return Err(outside_years(param, year));
        }
    }
    if end < start {
        return Err(EngineError::InvalidParameter {
            param: Param::End,
            reason: format!("{end} is before the first year, {start}"),
        });
    }
    Ok(())
}

/// Refuses a list that names something twice.
fn once<T: Ord + Clone>(items: &[T], param: Param, reason: &str) -> Result<(), EngineError> {
    let mut distinct = items.to_vec();
    distinct.sort();
    distinct.dedup();
    if distinct.len() == items.len() {
        Ok(())
    } else {
        Err(EngineError::InvalidParameter { param, reason: reason.into() })
    }
}

/// Checks what every method derives from its series: the smoothing order and the composites.
fn check_derived(smooth: Option<u32>, composites: &[Composite]) -> Result<(), EngineError> {
    if let Some(order) = smooth {
        crate::smoothing::check_order(order)?;
    }
    crate::composite::check(composites)
}

/// RSAI parameters as given; [`RsaiParams::check`] turns them into [`CheckedRsai`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RsaiParams {
    /// Base year (index 100).
    pub start: i32,
    /// Last year.
    pub end: i32,
    /// Half-pairs a supertract needs in `t` and in `t-1`.
    pub min_half_pairs: u32,
    /// Same-period rule.
    pub dedupe: Dedupe,
    /// Pair filters.
    pub filters: Filters,
    /// Keep CBSAs below the half-pair threshold.
    pub keep_small_cbsas: bool,
    /// The year of the static weights.
    pub static_year: i32,
    /// Weights to compute.
    pub weights: Vec<Weight>,
    /// Periodicity (RSAI accepts only annual).
    pub periodicity: Periodicity,
    /// Groups of tracts the city indices are also aggregated to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aggregate: Vec<Aggregate>,
    /// The order of a centred moving average that smooths every series, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smooth: Option<u32>,
    /// Composites of regions added to the output.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub composites: Vec<Composite>,
}

impl RsaiParams {
    /// The paper's defaults for a year range.
    pub fn new(start: i32, end: i32) -> Self {
        RsaiParams {
            start,
            end,
            min_half_pairs: DEFAULT_MIN_HALF_PAIRS,
            dedupe: Dedupe::None,
            filters: Filters::default_for(Method::Rsai),
            keep_small_cbsas: false,
            static_year: DEFAULT_STATIC_YEAR,
            weights: Weight::ALL.to_vec(),
            periodicity: Periodicity::Annual,
            aggregate: Vec::new(),
            smooth: None,
            composites: Vec::new(),
        }
    }

    /// Validates every parameter, once, before any work; the engine's RSAI
    /// takes only the checked result.
    ///
    /// ```
    /// use hpi_engine::{EngineError, Param, RsaiParams};
    ///
    /// assert!(RsaiParams::new(1990, 2021).check().is_ok());
    /// let one_year = RsaiParams::new(2010, 2010).check().unwrap_err();
    /// assert!(matches!(one_year, EngineError::InvalidParameter { param: Param::End, .. }));
    /// assert_eq!(one_year.to_string(), "invalid parameter end: RSAI needs at least two years (the last after the first)");
    /// ```
    pub fn check(self) -> Result<CheckedRsai, EngineError> {
        if self.periodicity != Periodicity::Annual {
            return Err(EngineError::RsaiNotAnnual(self.periodicity.name()));
        }
        check_years(self.start, self.end)?;
        if self.end == self.start {
            return Err(EngineError::InvalidParameter {
                param: Param::End,
                reason: "RSAI needs at least two years (the last after the first)".into(),
            });
        }
        self.filters.check()?;
        if self.min_half_pairs == 0 {
            return Err(EngineError::InvalidParameter {
                param: Param::MinHalfPairs,
                reason: "must be at least 1".into(),
            });
        }
        if !INDEX_YEARS.contains(&self.static_year) {
            return Err(outside_years(Param::StaticYear, self.static_year));
        }
        if self.weights.is_empty() {
            return Err(EngineError::InvalidParameter {
                param: Param::Weights,
                reason: "name at least one weight".into(),
            });
        }
        once(&self.weights, Param::Weights, "a weight is named twice")?;
        once(&self.aggregate, Param::Aggregate, "a kind of group is named twice")?;
        check_derived(self.smooth, &self.composites)?;
        Ok(CheckedRsai(self))
    }
}

/// RSAI parameters that passed [`RsaiParams::check`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckedRsai(RsaiParams);

impl CheckedRsai {
    /// The same parameters with the output ending in `end` (a vintage), which
    /// the caller keeps within `start..=self.end`.
    pub(crate) fn ending(&self, end: i32) -> CheckedRsai {
        debug_assert!(end >= self.0.start && end <= self.0.end);
        CheckedRsai(RsaiParams { end, ..self.0.clone() })
    }
}

impl std::ops::Deref for CheckedRsai {
    type Target = RsaiParams;
    fn deref(&self) -> &RsaiParams {
        &self.0
    }
}

/// Pooled-method parameters as given.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PooledParams {
    /// BMN or WRS.
    pub method: PooledMethod,
    /// Periods.
    pub periodicity: Periodicity,
    /// First year of the output (its first period is 100).
    pub start: i32,
    /// Last year of the output.
    pub end: i32,
    /// Same-period rule.
    pub dedupe: Dedupe,
    /// Pair filters.
    pub filters: Filters,
    /// Least squares or robust (BMN and WRS's first stage).
    #[serde(default)]
    pub estimator: Estimator,
    /// One index per region, or per price tier of each region.
    #[serde(default)]
    pub tiers: Tiers,
    /// Seasonal adjustment of quarterly and monthly series (STL), when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seasonal: Option<Seasonal>,
    /// The order of a centred moving average that smooths every series, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smooth: Option<u32>,
    /// Composites of regions added to the output.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub composites: Vec<Composite>,
}

impl PooledParams {
    /// Defaults for pooled methods: keep-highest, no filters, least squares, no tiers.
    pub fn new(method: PooledMethod, periodicity: Periodicity, start: i32, end: i32) -> Self {
        let filters = Filters::default_for(Method::Bmn);
        PooledParams {
            method,
            periodicity,
            start,
            end,
            dedupe: Dedupe::KeepHighest,
            filters,
            estimator: Estimator::LeastSquares,
            tiers: Tiers::None,
            seasonal: None,
            smooth: None,
            composites: Vec::new(),
        }
    }

    /// Whether the fit has analytic standard errors: least-squares BMN and
    /// WRS (whose third stage is least squares whatever its first); robust
    /// BMN and the arithmetic estimators have none.
    pub fn has_standard_errors(&self) -> bool {
        match self.method {
            PooledMethod::Bmn => self.estimator == Estimator::LeastSquares,
            PooledMethod::Wrs => true,
            PooledMethod::Ars | PooledMethod::Cs => false,
        }
    }

    /// Validates every parameter.
    pub fn check(self) -> Result<CheckedPooled, EngineError> {
        check_years(self.start, self.end)?;
        self.filters.check()?;
        self.tiers.check()?;
        if self.estimator == Estimator::Robust && !matches!(self.method, PooledMethod::Bmn | PooledMethod::Wrs) {
            return Err(EngineError::InvalidParameter {
                param: Param::Estimator,
                reason: format!("the robust estimator is for bmn and wrs, not {}", self.method.name()),
            });
        }
        if let Some(seasonal) = &self.seasonal {
            seasonal.settings(self.periodicity)?;
        }
        check_derived(self.smooth, &self.composites)?;
        Ok(CheckedPooled(self))
    }
}

/// Pooled parameters that passed [`PooledParams::check`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckedPooled(PooledParams);

impl CheckedPooled {
    /// The same parameters with the output ending in `end` (the year of a
    /// vintage), which the caller keeps within `start..=self.end`.
    pub(crate) fn ending(&self, end: i32) -> CheckedPooled {
        debug_assert!(end >= self.0.start && end <= self.0.end);
        CheckedPooled(PooledParams { end, ..self.0.clone() })
    }
}

impl std::ops::Deref for CheckedPooled {
    type Target = PooledParams;
    fn deref(&self) -> &PooledParams {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rsai_checks() {
        assert!(RsaiParams::new(2000, 2010).check().is_ok());
        assert!(matches!(
            RsaiParams::new(2010, 2010).check(),
            Err(EngineError::InvalidParameter { param: Param::End, .. })
        ));
        assert!(matches!(
            RsaiParams::new(2011, 2010).check(),
            Err(EngineError::InvalidParameter { param: Param::End, .. })
        ));
        let mut p = RsaiParams::new(2000, 2010);
        p.periodicity = Periodicity::Quarterly;
        assert_eq!(p.check().unwrap_err(), EngineError::RsaiNotAnnual("quarterly"));
        let mut p = RsaiParams::new(2000, 2010);
        p.weights = vec![Weight::Unit, Weight::Unit];
        assert!(p.check().is_err());
        let mut p = RsaiParams::new(2000, 2010);
        p.min_half_pairs = 0;
        assert!(p.check().is_err());
    }

    #[test]
    fn weight_names_round_trip() {
        for w in Weight::ALL {
            assert_eq!(Weight::parse(w.name()), Some(w));
        }
        assert_eq!(Weight::parse("bogus"), None);
    }
}
