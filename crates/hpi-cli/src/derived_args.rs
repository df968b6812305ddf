//! `hpi calculate`'s flags for what every method derives from its series:
//! composites of regions and smoothing
//! (`docs/methodology.md#composites-of-regions`, `#smoothing`).

use crate::error::CliError;
use clap::Args;
use hpi_usecases::model::{Composite, CompositeRule, CompositeWeights};
use std::path::PathBuf;

const DERIVED: &str = "Composites and smoothing";

/// Composites and smoothing, for every method.
#[derive(Args, Debug, Clone, Default)]
pub struct DerivedArgs {
    /// Add an index_smoothed column: a centred moving average of this many periods (odd, at least 3; hpiR's smoothIndex).
    #[arg(help_heading = DERIVED, long, value_name = "ORDER")]
    pub smooth: Option<u32>,
    /// Add a composite of regions, NAME=REGION,REGION,… (repeat for several); its rows are region composite:NAME.
    #[arg(help_heading = DERIVED, long, value_name = "NAME=REGIONS")]
    pub composite: Vec<String>,
    /// The composites' weights: value (each region's sales value in the run's years) or a region,weight file (CSV, XLSX, Parquet) [default: value].
    #[arg(help_heading = DERIVED, long, value_name = "value|FILE", requires = "composite")]
    pub composite_weights: Option<String>,
    /// How composites combine their regions: chained (FHFA's divisions: weighted mean of period changes) or levels (S&P's composites: weighted mean of indices against the first period) [default: chained].
    #[arg(help_heading = DERIVED, long, value_name = "RULE", requires = "composite")]
    pub composite_rule: Option<String>,
}

impl DerivedArgs {
    /// The composites asked for, their weights read from the file if one is named.
    pub fn composites(&self) -> Result<Vec<Composite>, CliError> {
        let rule = match self.composite_rule.as_deref() {
            None => CompositeRule::default(),
            Some(name) => CompositeRule::ALL
                .into_iter()
                .find(|r| r.name() == name)
                .ok_or_else(|| CliError::Usage(format!("--composite-rule {name}: expected chained or levels")))?,
        };
        let given = match self.composite_weights.as_deref() {
            None | Some("value") => None,
            Some(path) => Some(hpi_usecases::model::read_composite_weights(&PathBuf::from(path))?),
        };
        self.composite
            .iter()
            .map(|spec| {
                let (name, regions) = spec.split_once('=').ok_or_else(|| {
                    CliError::Usage(format!("--composite {spec}: expected NAME=REGION,REGION,… e.g. west=10180,11100"))
                })?;
                let regions: Vec<String> =
                    regions.split(',').map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned).collect();
                let weights = match &given {
                    None => CompositeWeights::Value,
                    Some(all) => CompositeWeights::Given(
                        regions
                            .iter()
                            .map(|r| {
                                let w = all.get(r).ok_or_else(|| {
                                    CliError::Usage(format!(
                                        "--composite-weights {}: no weight for region {r} of composite {name}",
                                        self.composite_weights.as_deref().unwrap_or_default()
                                    ))
                                })?;
                                Ok((r.clone(), *w))
                            })
                            .collect::<Result<_, CliError>>()?,
                    ),
                };
                Ok(Composite { name: name.trim().to_owned(), regions, weights, rule })
            })
            .collect()
    }
}
