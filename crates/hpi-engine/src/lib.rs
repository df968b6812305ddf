//! HPI Studio's index engine: repeat-sales pairs, the FHFA Repeat-Sales
//! Aggregation Index (RSAI) with dynamic supertracts and six weightings, and
//! pooled Bailey-Muth-Nourse and Case-Shiller-style weighted repeat sales.
//!
//! The engine is pure computation: it takes tables built from text rows
//! ([`SalesBuilder`], [`TractsBuilder`], [`AttributesBuilder`]), checked
//! parameters ([`RsaiParams::check`], [`PooledParams::check`]) and a
//! [`RunControl`] for progress and cancellation, and returns index series and
//! a quality report. It reads no files and prints nothing.
//!
//! ```
//! use hpi_engine::{pooled, PooledMethod, PooledParams, Periodicity, RunControl, SalesBuilder};
//!
//! let mut sales = SalesBuilder::new(None);
//! sales.push(2, "house-1", "2010-03-01", "200000", None, None).unwrap();
//! sales.push(3, "house-1", "2012-06-01", "242000", None, None).unwrap();
//! sales.push(4, "house-2", "2010-05-01", "300000", None, None).unwrap();
//! sales.push(5, "house-2", "2011-07-01", "330000", None, None).unwrap();
//! sales.push(6, "house-3", "2011-02-01", "100000", None, None).unwrap();
//! sales.push(7, "house-3", "2012-02-01", "110000", None, None).unwrap();
//! let sales = sales.finish();
//! let params = PooledParams::new(PooledMethod::Bmn, Periodicity::Annual, 2010, 2012).check().unwrap();
//! let out = pooled(&sales, &params, &RunControl::silent()).unwrap();
//! let index: Vec<f64> = out.series[0].points.iter().map(|p| p.index.unwrap()).collect();
//! assert_eq!(index[0], 100.0);
//! assert!((index[1] - 110.0).abs() < 1e-9 && (index[2] - 121.0).abs() < 1e-9);
//! ```
#![warn(missing_docs)]

pub mod attributes;
pub mod bmn;
mod error;
pub mod pairs;
mod params;
mod period;
pub mod pooled;
mod progress;
pub mod rsai;
mod series;
pub mod supertract;
mod table;

pub use error::EngineError;
pub use params::{CheckedPooled, CheckedRsai, Dedupe, Filters, PooledMethod, PooledParams, RsaiParams, Weight};
pub use period::{Date, Periodicity};
pub use pooled::{pooled, PooledOutput, PooledQuality};
pub use progress::{Progress, RunControl, Stage};
pub use rsai::{rsai, RsaiInput, RsaiOutput, RsaiQuality};
pub use series::{IndexPoint, IndexSeries, TractPoint, TractSeries};
pub use table::{
    parse_price, Attribute, Attributes, AttributesBuilder, RowIssue, Sales, SalesBuilder, Tracts, TractsBuilder, NONE,
};
