//! `hpi calculate`'s seasonal adjustment flags
//! (`docs/methodology.md#seasonal-adjustment`).

use clap::Args;
use hpi_usecases::model::Seasonal;

const SEASONAL: &str = "Seasonal adjustment";

/// STL on ln(index) of quarterly and monthly pooled series; unset windows
/// and passes take statsmodels' defaults for the period.
#[derive(Args, Debug, Clone, Default)]
pub struct SeasonalArgs {
    /// Add an index_sa column: the index with its seasonal component (STL, statsmodels' defaults) removed.
    #[arg(help_heading = SEASONAL, long)]
    pub seasonal_adjust: bool,
    /// STL's seasonal window, odd, at least 3 [default: 7].
    #[arg(help_heading = SEASONAL, long, value_name = "N", requires = "seasonal_adjust")]
    pub stl_seasonal: Option<u32>,
    /// STL's trend window, odd, above the period [default: 9 quarterly, 23 monthly].
    #[arg(help_heading = SEASONAL, long, value_name = "N", requires = "seasonal_adjust")]
    pub stl_trend: Option<u32>,
    /// STL's low-pass window, odd, above the period [default: 5 quarterly, 13 monthly].
    #[arg(help_heading = SEASONAL, long, value_name = "N", requires = "seasonal_adjust")]
    pub stl_low_pass: Option<u32>,
    /// Down-weight outlying periods (STL's robust fit: 2 inner and 15 outer passes unless given).
    #[arg(help_heading = SEASONAL, long, requires = "seasonal_adjust")]
    pub stl_robust: bool,
    /// Passes of STL's inner loop [default: 5; robust 2].
    #[arg(help_heading = SEASONAL, long, value_name = "N", requires = "seasonal_adjust")]
    pub stl_inner: Option<u32>,
    /// Passes of STL's outer (robustness) loop [default: 0; robust 15].
    #[arg(help_heading = SEASONAL, long, value_name = "N", requires = "seasonal_adjust")]
    pub stl_outer: Option<u32>,
}

impl SeasonalArgs {
    /// The adjustment asked for, if any.
    pub fn seasonal(&self) -> Option<Seasonal> {
        self.seasonal_adjust.then(|| {
            let default = Seasonal::default();
            Seasonal {
                seasonal: self.stl_seasonal.unwrap_or(default.seasonal),
                trend: self.stl_trend,
                low_pass: self.stl_low_pass,
                robust: self.stl_robust,
                inner: self.stl_inner,
                outer: self.stl_outer,
                ..default
            }
        })
    }
}
