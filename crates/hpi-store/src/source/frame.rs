//! Tables already in memory (the Python package's pandas, polars and pyarrow
//! frames): read exactly as a Parquet file's row groups are, with the same
//! column matching, each value turned into the text a CSV would hold and
//! checked by the same parser. Rows are numbered as in a file with a header
//! line, so the frame's first row is line 2.

use super::{missing_named, without_panics, ColumnSpec, RowSink};
use crate::StoreError;
use hpi_engine::RowIssue;
use polars::prelude::{Column, DataFrame, DataType, PolarsResult, StringChunked, TimeUnit};

/// A table in memory and the name its messages give it (`transactions`, …).
#[derive(Clone, Debug)]
pub struct Frame {
    /// What messages call it.
    pub name: String,
    /// Its columns.
    pub data: DataFrame,
}

/// Rows turned into text at a time: bounds the text copy of a large frame.
const SLICE_ROWS: usize = 1 << 16;

pub(super) fn read(
    frame: &Frame,
    columns: &[ColumnSpec],
    map: &[(String, String)],
    progress: &mut dyn FnMut(f64),
    sink: &mut RowSink,
) -> Result<(), StoreError> {
    let names: Vec<String> = frame.data.get_column_names().iter().map(|n| n.to_string()).collect();
    let index = super::resolve(&names, columns, map).map_err(|m| missing_named(&frame.name, 1, m))?;
    let height = frame.data.height();
    // A panic while turning a column into text is a polars bug on odd data; named, not fatal.
    let panicked = |why: String| named_error(&frame.name, 1, format!("a column could not be read as text ({why})"));
    let mut first = 0;
    while first < height {
        let rows = SLICE_ROWS.min(height - first);
        let slice = frame.data.slice(first as i64, rows);
        send_rows(&slice, &names, &index, columns, first, &frame.name, &panicked, sink)?;
        first += rows;
        progress(first as f64 / height as f64);
    }
    Ok(())
}

fn named_error(name: &str, line: u64, message: String) -> StoreError {
    StoreError::BadFile { file: name.to_owned(), line, message, hint: None }
}

/// Hands every row of `frame` (rows `first..` of the table) to `sink`: the
/// wanted columns (`index` into `names`) as text, or why a row cannot be read.
/// A column that cannot be turned into text refuses `file` at line 1;
/// `panicked` words a panic while doing so.
#[allow(clippy::too_many_arguments)]
pub(super) fn send_rows(
    frame: &DataFrame,
    names: &[String],
    index: &[Option<usize>],
    columns: &[ColumnSpec],
    first: usize,
    file: &str,
    panicked: &dyn Fn(String) -> StoreError,
    sink: &mut RowSink,
) -> Result<(), StoreError> {
    let mut text_columns = Vec::with_capacity(index.len());
    for i in index {
        text_columns.push(match i {
            Some(i) => Some(
                without_panics(|| frame.column(&names[*i]).and_then(as_text))
                    .map_err(panicked)?
                    .map_err(|e| named_error(file, 1, format!("column '{}': {e}", names[*i])))?,
            ),
            None => None,
        });
    }
    let strings: Vec<Option<&StringChunked>> = text_columns.iter().map(Option::as_ref).collect();
    for row in 0..frame.height() {
        // Rows are numbered as in a file with a header line: the first data row is 2.
        let line = (first + row) as u64 + 2;
        let fields: Vec<Option<&str>> = strings.iter().map(|c| c.map(|c| c.get(row).unwrap_or(""))).collect();
        // polars does not check that a Parquet file's strings are UTF-8 (found by fuzzing):
        // check the bytes before anything reads them as text.
        let invalid =
            columns.iter().zip(&fields).find(|(_, f)| f.is_some_and(|t| std::str::from_utf8(t.as_bytes()).is_err()));
        if let Some((c, _)) = invalid {
            sink(line, Err(RowIssue { line, column: c.name.into(), reason: "not valid UTF-8 text".into() }))?;
            continue;
        }
        sink(line, Ok(&fields))?;
    }
    Ok(())
}

/// A column as the text a CSV would hold. Dates and timestamps are written
/// here, not by polars' cast: polars panics on a date beyond chrono's
/// calendar (found by fuzzing), where this writes what the value is, and the
/// date parser names it as a bad row.
fn as_text(column: &Column) -> PolarsResult<StringChunked> {
    let days = match column.dtype() {
        DataType::Date => column.cast(&DataType::Int32)?.i32()?.iter().map(|d| d.map(i64::from)).collect::<Vec<_>>(),
        DataType::Datetime(unit, _) => {
            let per_day: i64 = match unit {
                TimeUnit::Nanoseconds => 86_400_000_000_000,
                TimeUnit::Microseconds => 86_400_000_000,
                TimeUnit::Milliseconds => 86_400_000,
            };
            column.cast(&DataType::Int64)?.i64()?.iter().map(|t| t.map(|t| t.div_euclid(per_day))).collect()
        }
        _ => return Ok(column.cast(&DataType::String)?.str()?.clone()),
    };
    let text = days.into_iter().map(|d| {
        d.map(|d| {
            const UNIX_EPOCH_FROM_CE: i64 = 719_163;
            i32::try_from(d + UNIX_EPOCH_FROM_CE)
                .ok()
                .and_then(chrono::NaiveDate::from_num_days_from_ce_opt)
                .map_or_else(|| format!("day {d} from 1970-01-01"), |date| date.format("%Y-%m-%d").to_string())
        })
    });
    Ok(text.collect::<StringChunked>().with_name(column.name().clone()))
}
