//! What every method derives from its own estimated series, in this order:
//! composites of regions (so that they are smoothed too), then smoothing.

use crate::composite::{self, Composite, CompositeQuality};
use crate::series::IndexSeries;
use crate::smoothing::{self, SmoothingReport};
use crate::table::{Sales, NONE};
use crate::EngineError;
use std::collections::BTreeMap;

/// The quality report's part for composites and smoothing.
pub(crate) struct Derived {
    pub(crate) composites: Vec<CompositeQuality>,
    pub(crate) smoothing: Option<SmoothingReport>,
}

/// Adds `composites` to `series` and smooths them all with a moving average
/// of `smooth` periods; `region_of(sale)` names the region whose sales value
/// a sale counts towards (value weights), read only when a composite needs it.
pub(crate) fn derive(
    series: &mut Vec<IndexSeries>,
    smooth: Option<u32>,
    composites: &[Composite],
    sales: &Sales,
    years: std::ops::RangeInclusive<i32>,
    region_of: impl Fn(usize) -> Option<String>,
) -> Result<Derived, EngineError> {
    let needs_value = composites.iter().any(|c| c.weights == composite::CompositeWeights::Value);
    let value = if needs_value { sales_value(sales, years, region_of) } else { BTreeMap::new() };
    let composites = composite::append(series, composites, &value)?;
    let smoothing = smooth.map(|order| smoothing::apply(series, order));
    Ok(Derived { composites, smoothing })
}

/// The sum of the prices of each region's sales dated within `years`.
fn sales_value(
    sales: &Sales,
    years: std::ops::RangeInclusive<i32>,
    region_of: impl Fn(usize) -> Option<String>,
) -> BTreeMap<String, f64> {
    let mut by_index: BTreeMap<Option<String>, f64> = BTreeMap::new();
    let mut last: Option<(u32, u32, Option<String>)> = None;
    for i in 0..sales.len() {
        if !years.contains(&sales.date[i].year()) {
            continue;
        }
        // Neighbouring sales usually share a tract and region: name each run of them once.
        let key = (sales.tract.get(i).copied().unwrap_or(NONE), sales.region.get(i).copied().unwrap_or(NONE));
        let name = match &last {
            Some((t, r, name)) if (*t, *r) == key => name.clone(),
            _ => {
                let name = region_of(i);
                last = Some((key.0, key.1, name.clone()));
                name
            }
        };
        *by_index.entry(name).or_default() += sales.price[i];
    }
    by_index.into_iter().filter_map(|(k, v)| Some((k?, v))).collect()
}
