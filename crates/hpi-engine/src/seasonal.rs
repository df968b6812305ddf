//! Seasonal adjustment of quarterly and monthly indices: STL (Cleveland et
//! al. 1990) on ln(index) over the output periods, with exactly the defaults
//! of statsmodels' `STL(endog, period, seasonal=7)`
//! (`docs/methodology.md#seasonal-adjustment`). The decomposition is `stlrs`,
//! a port of the authors' Fortran as statsmodels' is; every one of its
//! settings is given here, because its own defaults are R's.

use crate::params::Param;
use crate::period::Periodicity;
use crate::series::IndexSeries;
use crate::EngineError;
use serde::{Deserialize, Serialize};

/// STL as the analyst asks for it; `None` takes statsmodels' default for the period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Seasonal {
    /// Seasonal smoother's window, odd, at least 3 (default 7).
    pub seasonal: u32,
    /// Trend smoother's window, odd, above the period (default: the smallest odd integer at
    /// least 1.5·np/(1 − 1.5/seasonal)).
    pub trend: Option<u32>,
    /// Low-pass filter's window, odd, above the period (default: the smallest odd integer above np).
    pub low_pass: Option<u32>,
    /// Degree (0 or 1) of the seasonal, trend and low-pass loess (default 1, 1, 1).
    pub degrees: [u8; 3],
    /// Every how many points the seasonal, trend and low-pass loess are evaluated (default 1, 1, 1).
    pub jumps: [u32; 3],
    /// Down-weight outliers with the outer loop.
    pub robust: bool,
    /// Passes of the inner loop (default 5; robust 2).
    pub inner: Option<u32>,
    /// Passes of the outer (robustness) loop (default 0; robust 15).
    pub outer: Option<u32>,
}

impl Default for Seasonal {
    fn default() -> Self {
        Seasonal {
            seasonal: 7,
            trend: None,
            low_pass: None,
            degrees: [1, 1, 1],
            jumps: [1, 1, 1],
            robust: false,
            inner: None,
            outer: None,
        }
    }
}

/// Every STL setting of one run, as used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StlSettings {
    /// Periods in a year: 4 or 12.
    pub period: u32,
    /// Seasonal window.
    pub seasonal: u32,
    /// Trend window.
    pub trend: u32,
    /// Low-pass window.
    pub low_pass: u32,
    /// Seasonal, trend and low-pass degrees.
    pub degrees: [u8; 3],
    /// Seasonal, trend and low-pass jumps.
    pub jumps: [u32; 3],
    /// Robustness weights.
    pub robust: bool,
    /// Inner passes.
    pub inner: u32,
    /// Outer passes.
    pub outer: u32,
}

/// What seasonal adjustment did in a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeasonalReport {
    /// The settings used.
    pub settings: StlSettings,
    /// Series left unadjusted, and why.
    pub not_adjusted: Vec<NotAdjusted>,
}

/// A series without a seasonally adjusted version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotAdjusted {
    /// Region (or region and tier).
    pub region: String,
    /// Why.
    pub reason: String,
}

/// The parts of a decomposed series.
#[derive(Clone, Debug, PartialEq)]
pub struct Decomposition {
    /// Seasonal component.
    pub seasonal: Vec<f64>,
    /// Trend.
    pub trend: Vec<f64>,
    /// What is left.
    pub remainder: Vec<f64>,
}

fn refuse(reason: String) -> EngineError {
    EngineError::InvalidParameter { param: Param::SeasonalAdjust, reason }
}

fn odd_window(name: &str, value: u32, above: u32) -> Result<(), EngineError> {
    if value < 3 || value.is_multiple_of(2) {
        return Err(refuse(format!("the {name} window must be an odd number of at least 3, not {value}")));
    }
    if value <= above {
        return Err(refuse(format!("the {name} window must be longer than the period ({above}), not {value}")));
    }
    Ok(())
}

impl Seasonal {
    /// Every setting for `periodicity`, checked; annual series have no season.
    pub fn settings(&self, periodicity: Periodicity) -> Result<StlSettings, EngineError> {
        let np = periodicity.per_year() as u32;
        if np < 2 {
            return Err(refuse("annual indices have no season to adjust; choose quarterly or monthly".into()));
        }
        odd_window("seasonal", self.seasonal, 0)?;
        // statsmodels: ceil(1.5·np / (1 − 1.5/seasonal)), made odd.
        let trend = self.trend.unwrap_or_else(|| {
            let t = (1.5 * f64::from(np) / (1.0 - 1.5 / f64::from(self.seasonal))).ceil() as u32;
            t + 1 - t % 2
        });
        let low_pass = self.low_pass.unwrap_or(np + 1 + np % 2);
        odd_window("trend", trend, np)?;
        odd_window("low-pass", low_pass, np)?;
        if let Some(d) = self.degrees.iter().find(|&&d| d > 1) {
            return Err(refuse(format!("a loess degree is 0 or 1, not {d}")));
        }
        if self.jumps.contains(&0) {
            return Err(refuse("a jump is at least 1".into()));
        }
        let inner = self.inner.unwrap_or(if self.robust { 2 } else { 5 });
        if inner == 0 {
            return Err(refuse("the inner loop needs at least one pass".into()));
        }
        let outer = self.outer.unwrap_or(if self.robust { 15 } else { 0 });
        Ok(StlSettings {
            period: np,
            seasonal: self.seasonal,
            trend,
            low_pass,
            degrees: self.degrees,
            jumps: self.jumps,
            robust: self.robust,
            inner,
            outer,
        })
    }
}

/// Decomposes `y` with `settings`; a series shorter than two full years is refused.
pub fn decompose(y: &[f64], settings: &StlSettings) -> Result<Decomposition, String> {
    let np = settings.period as usize;
    if y.len() < 2 * np {
        return Err(format!("STL needs at least two full years ({} periods); the series has {}", 2 * np, y.len()));
    }
    let [sd, td, ld] = settings.degrees.map(i32::from);
    let [sj, tj, lj] = settings.jumps.map(|j| j as usize);
    let fit = stlrs::params()
        .seasonal_length(settings.seasonal as usize)
        .trend_length(settings.trend as usize)
        .low_pass_length(settings.low_pass as usize)
        .seasonal_degree(sd)
        .trend_degree(td)
        .low_pass_degree(ld)
        .seasonal_jump(sj)
        .trend_jump(tj)
        .low_pass_jump(lj)
        .inner_loops(settings.inner as usize)
        .outer_loops(settings.outer as usize)
        .robust(settings.robust)
        .fit(y, np)
        .map_err(|e| e.to_string())?;
    Ok(Decomposition {
        seasonal: fit.seasonal().to_vec(),
        trend: fit.trend().to_vec(),
        remainder: fit.remainder().to_vec(),
    })
}

/// Gives every series of `series` its adjusted values, `index · exp(−seasonal)`
/// of ln(index), not rebased; a series with an empty period, or too short,
/// keeps none and is listed with the reason.
pub fn adjust(series: &mut [IndexSeries], settings: StlSettings) -> SeasonalReport {
    let mut not_adjusted = Vec::new();
    for s in series {
        let name = |s: &IndexSeries| s.region.clone();
        let empty = s.points.iter().find(|p| p.index.is_none());
        let decomposition = match empty {
            Some(p) => Err(format!("no value in {}, and STL needs every period", p.label)),
            None => {
                let y: Vec<f64> = s.points.iter().map(|p| p.index.expect("checked").ln()).collect();
                decompose(&y, &settings)
            }
        };
        match decomposition {
            Ok(d) => {
                for (p, seasonal) in s.points.iter_mut().zip(d.seasonal) {
                    p.index_sa = p.index.map(|i| i * (-seasonal).exp());
                }
            }
            Err(reason) => not_adjusted.push(NotAdjusted { region: name(s), reason }),
        }
    }
    SeasonalReport { settings, not_adjusted }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_statsmodels() {
        let q = Seasonal::default().settings(Periodicity::Quarterly).unwrap();
        assert_eq!((q.trend, q.low_pass, q.inner, q.outer), (9, 5, 5, 0));
        let m = Seasonal::default().settings(Periodicity::Monthly).unwrap();
        assert_eq!((m.trend, m.low_pass), (23, 13));
        let r = Seasonal { robust: true, ..Seasonal::default() }.settings(Periodicity::Monthly).unwrap();
        assert_eq!((r.inner, r.outer), (2, 15));
    }

    #[test]
    fn bad_settings_are_refused() {
        let q = Periodicity::Quarterly;
        assert!(Seasonal::default().settings(Periodicity::Annual).is_err());
        for bad in [
            Seasonal { seasonal: 6, ..Seasonal::default() },
            Seasonal { trend: Some(3), ..Seasonal::default() },
            Seasonal { low_pass: Some(4), ..Seasonal::default() },
            Seasonal { degrees: [2, 1, 1], ..Seasonal::default() },
            Seasonal { jumps: [1, 0, 1], ..Seasonal::default() },
            Seasonal { inner: Some(0), ..Seasonal::default() },
        ] {
            let e = bad.settings(q).unwrap_err();
            assert!(matches!(e, EngineError::InvalidParameter { param: Param::SeasonalAdjust, .. }), "{e}");
        }
    }

    #[test]
    fn a_short_series_is_refused() {
        let s = Seasonal::default().settings(Periodicity::Quarterly).unwrap();
        assert!(decompose(&[0.0; 7], &s).unwrap_err().contains("two full years"));
    }
}
