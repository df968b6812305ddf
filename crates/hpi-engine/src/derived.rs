//! What every method derives from its own estimated series, in this order:
//! composites of regions (so that they are smoothed too), then smoothing.

use crate::composite::{self, Composite, CompositeQuality};
use crate::series::{keep_finite, IndexSeries};
use crate::smoothing::{self, SmoothingReport};
use crate::table::{Sales, NONE};
use crate::EngineError;
use std::collections::{BTreeMap, HashMap};

/// The quality report's part for composites and smoothing.
pub(crate) struct Derived {
    pub(crate) composites: Vec<CompositeQuality>,
    pub(crate) smoothing: Option<SmoothingReport>,
}

/// Adds `composites` to `series` and smooths them all with a moving average
/// of `smooth` periods; `region_of(tract, region)` names the region whose
/// sales value a sale in that tract and sales region (either [`NONE`])
/// counts towards (value weights), asked only when a composite needs it.
pub(crate) fn derive(
    series: &mut Vec<IndexSeries>,
    smooth: Option<u32>,
    composites: &[Composite],
    sales: &Sales,
    years: std::ops::RangeInclusive<i32>,
    region_of: impl Fn(u32, u32) -> Option<String>,
) -> Result<Derived, EngineError> {
    // Composites and smoothing start from finite values, and may overflow in turn.
    keep_finite(series);
    let needs_value = composites.iter().any(|c| c.weights == composite::CompositeWeights::Value);
    let value = if needs_value { sales_value(sales, years, region_of) } else { BTreeMap::new() };
    let composites = composite::append(series, composites, &value)?;
    let smoothing = smooth.map(|order| smoothing::apply(series, order));
    keep_finite(series);
    Ok(Derived { composites, smoothing })
}

/// The sum of the prices of each region's sales dated within `years`:
/// summed per (tract, sales region) first, so that each is named once.
fn sales_value(
    sales: &Sales,
    years: std::ops::RangeInclusive<i32>,
    region_of: impl Fn(u32, u32) -> Option<String>,
) -> BTreeMap<String, f64> {
    let mut by_key: HashMap<(u32, u32), f64> = HashMap::new();
    for i in 0..sales.len() {
        if years.contains(&sales.date[i].year()) {
            let key = (sales.tract.get(i).copied().unwrap_or(NONE), sales.region.get(i).copied().unwrap_or(NONE));
            *by_key.entry(key).or_default() += sales.price[i];
        }
    }
    let mut out = BTreeMap::new();
    for ((tract, region), value) in by_key {
        if let Some(name) = region_of(tract, region) {
            *out.entry(name).or_default() += value;
        }
    }
    out
}
