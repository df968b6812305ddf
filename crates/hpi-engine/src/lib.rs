//! HPI Studio's index engine: repeat-sales pairs, the FHFA Repeat-Sales
//! Aggregation Index (RSAI) with dynamic supertracts and six weightings, and
//! pooled Bailey-Muth-Nourse and Case-Shiller-style weighted repeat sales.
//!
//! The engine is pure computation: it takes tables built from typed rows
//! ([`SalesBuilder`], [`TractsBuilder`], [`AttributesBuilder`]; reading
//! files and text is `hpi-store`'s), checked
//! parameters ([`RsaiParams::check`], [`PooledParams::check`]) and a
//! [`RunControl`] for progress and cancellation, and returns index series and
//! a quality report. It reads no files and prints nothing.
//!
//! ```
//! use hpi_engine::{pooled, Date, PooledMethod, PooledParams, Periodicity, RunControl, SalesBuilder};
//!
//! let mut sales = SalesBuilder::new(None);
//! for (line, house, (y, m), price) in [
//!     (2, "house-1", (2010, 3), 200000.0),
//!     (3, "house-1", (2012, 6), 242000.0),
//!     (4, "house-2", (2010, 5), 300000.0),
//!     (5, "house-2", (2011, 7), 330000.0),
//!     (6, "house-3", (2011, 2), 100000.0),
//!     (7, "house-3", (2012, 2), 110000.0),
//! ] {
//!     let date = Date::from_ymd(y, m, 1).unwrap();
//!     sales.push_values(line, house, date, price, None, None).unwrap();
//! }
//! let sales = sales.finish();
//! let params = PooledParams::new(PooledMethod::Bmn, Periodicity::Annual, 2010, 2012).check().unwrap();
//! let out = pooled(&sales, &params, &RunControl::silent()).unwrap();
//! let index: Vec<f64> = out.series[0].points.iter().map(|p| p.index.unwrap()).collect();
//! assert_eq!(index[0], 100.0);
//! assert!((index[1] - 110.0).abs() < 1e-9 && (index[2] - 121.0).abs() < 1e-9);
//! ```
#![warn(missing_docs)]

pub mod arithmetic;
pub mod attributes;
pub mod benchmark;
pub mod bmn;
pub mod bootstrap;
mod cbsa;
pub mod composite;
mod derived;
mod error;
pub mod evaluate;
pub mod filters;
pub mod groups;
pub mod pairs;
mod params;
mod period;
pub mod pooled;
mod progress;
pub mod robust;
pub mod rsai;
pub mod seasonal;
mod series;
pub mod smoothing;
pub mod standard_error;
pub mod supertract;
mod table;
pub mod tiers;

pub use bootstrap::{rsai_bands, Bootstrap, DEFAULT_REPLICATES};
pub use composite::{Composite, CompositeRule, CompositeWeights};
pub use error::EngineError;
pub use evaluate::{
    evaluate, EvaluateOptions, Evaluation, Fit, DEFAULT_KFOLD, DEFAULT_SEED, DEFAULT_VOLATILITY_WINDOW,
};
pub use filters::{CagrTime, Filters};
pub use groups::{Aggregate, TractGroups, TractGroupsBuilder};
pub use params::{
    CheckedPooled, CheckedRsai, Dedupe, Estimator, Method, Param, PooledMethod, PooledParams, RsaiParams, Weight,
    DEFAULT_MIN_HALF_PAIRS, DEFAULT_STATIC_YEAR, INDEX_YEARS,
};
pub use period::{Date, Periodicity};
pub use pooled::{pooled, PooledOutput, PooledQuality, WRS_VARIANCE_FLOOR};
pub use progress::{Progress, RunControl, Stage};
pub use rsai::{rsai, RsaiInput, RsaiOutput, RsaiQuality};
pub use seasonal::Seasonal;
pub use series::{Band, IndexPoint, IndexSeries, TractPoint, TractSeries};
pub use standard_error::{Bands, BAND_LEVELS, DEFAULT_BAND_LEVEL};
pub use table::{
    check_coordinate, check_measure, check_price, check_year, Attribute, Attributes, AttributesBuilder, RowIssue,
    Sales, SalesBuilder, Tracts, TractsBuilder, NONE,
};
pub use tiers::Tiers;
