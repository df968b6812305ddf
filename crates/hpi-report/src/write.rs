//! Writing result tables as CSV, JSON, Parquet or Excel.

use crate::{ReportError, Table, Values};
use polars::prelude::{Column as PlColumn, DataFrame, ParquetWriter};
use std::io::Write;

/// File formats for results.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated text.
    Csv,
    /// A JSON array of row objects.
    Json,
    /// Apache Parquet.
    Parquet,
    /// Excel workbook: one sheet, a bold frozen header, numbers as numbers.
    Xlsx,
}

impl Format {
    /// The format named by a file's extension, else CSV.
    pub fn for_path(path: &str) -> Format {
        match path.rsplit('.').next().map(str::to_ascii_lowercase).as_deref() {
            Some("json") => Format::Json,
            Some("parquet") => Format::Parquet,
            Some("xlsx") => Format::Xlsx,
            _ => Format::Csv,
        }
    }
}

/// Writes `table` to `path`; `-` is standard output (CSV and JSON only).
pub fn write_table(table: &Table, path: &str, format: Format) -> Result<(), ReportError> {
    let err = |e: &dyn std::fmt::Display| ReportError::write(path, e);
    if path == "-" && matches!(format, Format::Parquet | Format::Xlsx) {
        return Err(ReportError::Unsupported(format!("{format:?} cannot be written to standard output; name a file")));
    }
    match format {
        Format::Parquet => return write_parquet(table, path),
        Format::Xlsx => return write_xlsx(table, path),
        Format::Csv | Format::Json => {}
    }
    let mut out: Box<dyn Write> = if path == "-" {
        Box::new(std::io::stdout().lock())
    } else {
        Box::new(std::fs::File::create(path).map_err(|e| err(&e))?)
    };
    let mut out = std::io::BufWriter::new(&mut out);
    let result = (|| -> std::io::Result<()> {
        if format == Format::Csv {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(table.columns.iter().map(|c| c.0))?;
            for r in 0..table.rows() {
                w.write_record(table.columns.iter().map(|(_, v)| v.text(r).unwrap_or_default()))?;
            }
            w.flush()?;
        } else {
            writeln!(out, "[")?;
            for r in 0..table.rows() {
                let cells: Vec<String> = table
                    .columns
                    .iter()
                    .map(|(name, v)| {
                        let value = match v {
                            Values::Text(v) => serde_json::to_string(&v[r]),
                            Values::Number(v) => serde_json::to_string(&v[r]),
                        }
                        .expect("plain values serialize");
                        format!("\"{name}\":{value}")
                    })
                    .collect();
                let comma = if r + 1 < table.rows() { "," } else { "" };
                writeln!(out, "{{{}}}{comma}", cells.join(","))?;
            }
            writeln!(out, "]")?;
        }
        out.flush()
    })();
    result.map_err(|e| err(&e))
}

fn write_parquet(table: &Table, path: &str) -> Result<(), ReportError> {
    let err = |e: &dyn std::fmt::Display| ReportError::write(path, e);
    let columns: Vec<PlColumn> = table
        .columns
        .iter()
        .map(|(name, values)| match values {
            Values::Text(v) => PlColumn::new((*name).into(), v.clone()),
            Values::Number(v) => PlColumn::new((*name).into(), v.clone()),
        })
        .collect();
    let mut frame = DataFrame::new(columns).map_err(|e| err(&e))?;
    let file = std::fs::File::create(path).map_err(|e| err(&e))?;
    ParquetWriter::new(file).finish(&mut frame).map_err(|e| err(&e))?;
    Ok(())
}

/// The most rows one Excel sheet holds, header included.
const XLSX_ROWS: usize = 1_048_576;

fn write_xlsx(table: &Table, path: &str) -> Result<(), ReportError> {
    use rust_xlsxwriter::{Format as Style, Workbook};
    let err = |e: &dyn std::fmt::Display| ReportError::write(path, e);
    if table.rows() + 1 > XLSX_ROWS {
        return Err(ReportError::Unsupported(format!(
            "{} rows do not fit in one Excel sheet ({XLSX_ROWS} rows); export CSV or Parquet",
            table.rows()
        )));
    }
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let bold = Style::new().set_bold();
    for (c, (name, values)) in table.columns.iter().enumerate() {
        let c = c as u16;
        sheet.write_string_with_format(0, c, *name, &bold).map_err(|e| err(&e))?;
        for r in 0..values.len() {
            let row = r as u32 + 1;
            match values {
                Values::Text(v) => {
                    if let Some(s) = &v[r] {
                        sheet.write_string(row, c, s).map_err(|e| err(&e))?;
                    }
                }
                Values::Number(v) => {
                    if let Some(x) = v[r] {
                        sheet.write_number(row, c, x).map_err(|e| err(&e))?;
                    }
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(|e| err(&e))?;
    book.save(path).map_err(|e| err(&e))?;
    Ok(())
}
