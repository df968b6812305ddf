//! The analyst's weights for composites of regions: a `region,weight` file
//! (CSV, XLSX or Parquet), read whole; any bad row stops it, named by file,
//! line, column and reason, since a composite with a silently missing weight
//! would be a different composite.

use crate::source::{self, ColumnSpec};
use crate::StoreError;
use std::collections::BTreeMap;
use std::path::Path;

const COLUMNS: [ColumnSpec; 2] = [
    ColumnSpec { name: "region", required: true, synonyms: &["cbsa", "state", "place", "place_id", "name"] },
    ColumnSpec { name: "weight", required: true, synonyms: &["share", "value", "units", "housing_units"] },
];

/// Each region's weight in `path`; a region named twice, an empty or
/// non-numeric weight, or one not above zero is refused.
pub fn read_composite_weights(path: &Path) -> Result<BTreeMap<String, f64>, StoreError> {
    let file = path.display().to_string();
    let mut weights = BTreeMap::new();
    let bad = |line: u64, column: &str, reason: String| StoreError::BadFile {
        file: file.clone(),
        line,
        message: format!("column {column}: {reason}"),
        hint: None,
    };
    let mut sink = |line: u64, fields: Result<&[Option<&str>], hpi_engine::RowIssue>| -> Result<(), StoreError> {
        let fields = fields.map_err(|issue| bad(line, &issue.column, issue.reason))?;
        let region =
            fields[0].map(str::trim).filter(|r| !r.is_empty()).ok_or_else(|| bad(line, "region", "empty".into()))?;
        let text = fields[1].map(str::trim).unwrap_or_default();
        let weight: f64 = text.parse().map_err(|_| bad(line, "weight", format!("'{text}' is not a number")))?;
        if !(weight.is_finite() && weight > 0.0) {
            return Err(bad(line, "weight", format!("{text} is not a positive number")));
        }
        if weights.insert(region.to_owned(), weight).is_some() {
            return Err(bad(line, "region", format!("{region} is named on an earlier line too")));
        }
        Ok(())
    };
    source::read(path, &COLUMNS, None, &[], None, &mut |_| {}, &mut sink)?;
    if weights.is_empty() {
        return Err(StoreError::BadFile { file, line: 0, message: "no region,weight rows".into(), hint: None });
    }
    Ok(weights)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<BTreeMap<String, f64>, String> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("weights.csv");
        std::fs::write(&path, text).unwrap();
        read_composite_weights(&path).map_err(|e| e.to_string())
    }

    #[test]
    fn weights_read_and_bad_rows_are_named() {
        let w = read("CBSA,Housing units\n10180,60000\n11100,95000.5\n").unwrap();
        assert_eq!(w, BTreeMap::from([("10180".into(), 60000.0), ("11100".into(), 95000.5)]));
        let e = read("region,weight\n10180,1\n11100,abc\n").unwrap_err();
        assert!(e.contains("weights.csv:3: column weight: 'abc' is not a number"), "{e}");
        let e = read("region,weight\n10180,1\n10180,2\n").unwrap_err();
        assert!(e.contains("weights.csv:3: column region: 10180 is named on an earlier line too"), "{e}");
        assert!(read("region,weight\n10180,0\n").unwrap_err().contains("not a positive number"));
        assert!(read("region,weight\n").unwrap_err().contains("no region,weight rows"));
        assert!(read("place,amount\n1,2\n").is_err());
    }
}
