//! A run as a user asks for it, checked once into the engine's parameters.

use crate::UsecaseError;
use hpi_engine::{
    Aggregate, Composite, Dedupe, Estimator, Filters, Method, Periodicity, PooledMethod, PooledParams, RsaiParams,
    Seasonal, Tiers, Weight,
};
use serde::{Deserialize, Serialize};

/// Index periods.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// Calendar years.
    Annual,
    /// Calendar quarters.
    Quarterly,
    /// Calendar months.
    Monthly,
}

impl From<Period> for Periodicity {
    fn from(period: Period) -> Self {
        match period {
            Period::Annual => Periodicity::Annual,
            Period::Quarterly => Periodicity::Quarterly,
            Period::Monthly => Periodicity::Monthly,
        }
    }
}

/// Several sales of one property in one period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "snake_case")]
pub enum DedupeChoice {
    /// Keep the highest-priced sale of a property in a period.
    KeepHighest,
    /// Keep every sale.
    None,
}

/// Everything that defines a run. Optional fields take the method's default.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
// A misspelt field is refused, not silently given its default.
#[serde(deny_unknown_fields)]
pub struct RunRequest {
    /// The method.
    pub method: Method,
    /// RSAI weights by name (`sample`, `value`, `unit`, `upb`, `college`, `nonwhite`) [default: all six].
    // Names, not `Weight`s, so that a wrong one is refused by `check` with a message naming it.
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<hpi_engine::Weight>>"))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<hpi_engine::Weight>>))]
    pub weights: Option<Vec<String>>,
    /// Periods (RSAI: annual only).
    pub period: Period,
    /// First year; its first period is index 100.
    pub start: i32,
    /// Last year.
    pub end: i32,
    /// Half-pairs a supertract needs in t and t-1 [default 40].
    pub min_half_pairs: Option<u32>,
    /// Several sales in one period [default: none for RSAI, keep-highest for BMN and WRS].
    pub dedupe: Option<DedupeChoice>,
    /// Pair filters [default: all for RSAI, none for BMN and WRS].
    pub filters: Option<Filters>,
    /// Keep CBSAs with fewer half-pairs than the threshold in some year [default: false].
    #[serde(default)]
    pub keep_small_cbsas: bool,
    /// Year of the static weights (college, nonwhite) [default 2010].
    pub static_year: Option<i32>,
    /// Least squares or robust, for BMN and WRS [default: least squares].
    #[serde(default)]
    pub estimator: Option<Estimator>,
    /// Price tiers, for the pooled methods [default: none].
    #[serde(default)]
    pub tiers: Option<Tiers>,
    /// Seasonal adjustment (STL) of quarterly and monthly pooled series [default: none].
    #[serde(default)]
    pub seasonal: Option<Seasonal>,
    /// Groups of tracts RSAI also aggregates to: state, county, nation, groups [default: none].
    #[serde(default)]
    pub aggregate: Vec<Aggregate>,
    /// Smooth every series with a centred moving average of this many periods (odd) [default: none].
    #[serde(default)]
    pub smooth: Option<u32>,
    /// Composites of regions to add to the output [default: none].
    #[serde(default)]
    pub composites: Vec<Composite>,
}

impl RunRequest {
    /// A request with every default: all six weights for RSAI.
    pub fn new(method: Method, start: i32, end: i32) -> Self {
        RunRequest {
            method,
            weights: None,
            period: Period::Annual,
            start,
            end,
            min_half_pairs: None,
            dedupe: None,
            filters: None,
            keep_small_cbsas: false,
            static_year: None,
            estimator: None,
            tiers: None,
            seasonal: None,
            aggregate: Vec::new(),
            smooth: None,
            composites: Vec::new(),
        }
    }

    /// Checks every field once, before any data is read.
    pub fn check(&self) -> Result<Checked, UsecaseError> {
        let periodicity = Periodicity::from(self.period);
        let dedupe = self.dedupe.map(|d| match d {
            DedupeChoice::KeepHighest => Dedupe::KeepHighest,
            DedupeChoice::None => Dedupe::None,
        });
        let filters = self.filters;
        match self.method {
            Method::Rsai => {
                let mut p = RsaiParams::new(self.start, self.end);
                p.periodicity = periodicity;
                p.min_half_pairs = self.min_half_pairs.unwrap_or(p.min_half_pairs);
                p.dedupe = dedupe.unwrap_or(p.dedupe);
                p.filters = filters.unwrap_or(p.filters);
                p.keep_small_cbsas = self.keep_small_cbsas;
                p.static_year = self.static_year.unwrap_or(p.static_year);
                p.aggregate = self.aggregate.clone();
                p.smooth = self.smooth;
                p.composites = self.composites.clone();
                if let Some(names) = &self.weights {
                    p.weights = names.iter().map(|n| parse_weight(n)).collect::<Result<_, _>>()?;
                }
                if self.estimator.is_some() {
                    return Err(UsecaseError::InvalidRequest("the estimator applies to bmn and wrs only".into()));
                }
                if self.tiers.as_ref().is_some_and(|t| *t != Tiers::None) {
                    return Err(UsecaseError::InvalidRequest(
                        "price tiers apply to the pooled methods (bmn, wrs, ars, cs) only".into(),
                    ));
                }
                if self.seasonal.is_some() {
                    return Err(UsecaseError::InvalidRequest(
                        "seasonal adjustment needs quarterly or monthly periods, which RSAI does not have".into(),
                    ));
                }
                Ok(Checked::Rsai(p.check()?))
            }
            Method::Bmn | Method::Wrs | Method::Ars | Method::Cs => {
                if self.weights.is_some() {
                    return Err(UsecaseError::InvalidRequest("weights apply to the RSAI method only".into()));
                }
                if !self.aggregate.is_empty() {
                    return Err(UsecaseError::InvalidRequest(
                        "aggregation to states, counties, the nation or groups of tracts applies to the RSAI method only"
                            .into(),
                    ));
                }
                if self.min_half_pairs.is_some() || self.keep_small_cbsas {
                    return Err(UsecaseError::InvalidRequest(
                        "the half-pair threshold and small-CBSA choice apply to the RSAI method only".into(),
                    ));
                }
                let method = PooledMethod::of(self.method).expect("a pooled method");
                let mut p = PooledParams::new(method, periodicity, self.start, self.end);
                p.dedupe = dedupe.unwrap_or(p.dedupe);
                p.filters = filters.unwrap_or(p.filters);
                p.estimator = self.estimator.unwrap_or(p.estimator);
                p.tiers = self.tiers.clone().unwrap_or(p.tiers);
                p.seasonal = self.seasonal.clone();
                p.smooth = self.smooth;
                p.composites = self.composites.clone();
                Ok(Checked::Pooled(p.check()?))
            }
        }
    }
}

/// A weight by its name.
pub fn parse_weight(name: &str) -> Result<Weight, UsecaseError> {
    Weight::parse(name.trim()).ok_or_else(|| {
        let names: Vec<&str> = Weight::ALL.iter().map(|w| w.name()).collect();
        UsecaseError::InvalidRequest(format!("unknown weight '{name}' (expected one of {})", names.join(", ")))
    })
}

use crate::calculate::Checked;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_method() {
        let Checked::Rsai(p) = RunRequest::new(Method::Rsai, 2000, 2020).check().unwrap() else { panic!() };
        assert_eq!(p.weights.len(), 6);
        assert_eq!(p.min_half_pairs, 40);
        let mut r = RunRequest::new(Method::Wrs, 2000, 2020);
        r.period = Period::Monthly;
        assert!(matches!(r.check().unwrap(), Checked::Pooled(_)));
    }

    #[test]
    fn bad_requests_say_why() {
        let mut r = RunRequest::new(Method::Rsai, 2000, 2020);
        r.weights = Some(vec!["unit".into(), "colour".into()]);
        let e = r.check().unwrap_err();
        assert!(e.to_string().contains("unknown weight 'colour'"), "{e}");
        assert_eq!(e.code(), crate::ErrorCode::InvalidRequest);
        let mut r = RunRequest::new(Method::Bmn, 2000, 2020);
        r.weights = Some(vec!["unit".into()]);
        assert_eq!(r.check().unwrap_err().code(), crate::ErrorCode::InvalidRequest);
        let e = RunRequest::new(Method::Rsai, 2020, 2000).check().unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::InvalidRequest, "{e}");
    }
}
