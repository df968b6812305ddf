//! Writing result tables as CSV, JSON, Parquet or Excel.

use crate::{ReportError, Table, Values};
use polars::prelude::{Column as PlColumn, DataFrame, ParquetWriter};
use rayon::prelude::*;
use std::io::Write;
use std::ops::Range;
use std::path::Path;

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

    /// The extension of a file in this format (what [`Format::for_path`] reads).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Parquet => "parquet",
            Format::Xlsx => "xlsx",
        }
    }
}

/// Writes `path` through a temporary file beside it (`.NAME.partial-PID.EXT`),
/// synced and renamed over `path` once `write` has finished: an export
/// killed half-way, or stopped by a full disk, never leaves a truncated file
/// under a name that looks complete, nor harms the file it would replace.
pub fn replacing(path: &Path, write: impl FnOnce(&Path) -> Result<(), ReportError>) -> Result<(), ReportError> {
    let shown = path.display().to_string();
    let stem = path.file_stem().ok_or_else(|| ReportError::write(&shown, "not a file name"))?.to_string_lossy();
    // The extension stays last: some writers choose the format by it (PNG).
    let extension = path.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
    let partial = path.with_file_name(format!(".{stem}.partial-{}{extension}", std::process::id()));
    let finished = write(&partial).and_then(|()| {
        let synced = std::fs::File::open(&partial).and_then(|f| f.sync_all());
        synced.and_then(|()| std::fs::rename(&partial, path)).map_err(|e| ReportError::write(&shown, e))
    });
    if finished.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    finished
}

/// Writes `bytes` to `path` as [`replacing`] does.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    replacing(path, |partial| {
        std::fs::write(partial, bytes).map_err(|e| ReportError::write(&path.display().to_string(), e))
    })
}

/// Writes `table` to `path`; `-` is standard output (CSV and JSON only).
pub fn write_table(table: &Table, path: &str, format: Format) -> Result<(), ReportError> {
    if path == "-" {
        return match format {
            Format::Csv | Format::Json => write_text(table, &mut std::io::stdout().lock(), format, path),
            _ => Err(ReportError::Unsupported(format!("{format:?} cannot be written to standard output; name a file"))),
        };
    }
    replacing(Path::new(path), |partial| {
        let err = |e: &dyn std::fmt::Display| ReportError::write(path, e);
        match format {
            Format::Parquet => write_parquet(table, std::fs::File::create(partial).map_err(|e| err(&e))?, path),
            Format::Xlsx => xlsx_book(table, path)?.save(partial).map_err(|e| err(&e)),
            Format::Csv | Format::Json => {
                let mut file = std::fs::File::create(partial).map_err(|e| err(&e))?;
                write_text(table, &mut file, format, path)
            }
        }
    })
}

/// The bytes [`write_table`] writes to a file, in memory (for a server's download, which
/// needs no file and no wait for the disk); errors name `shown`.
pub fn table_bytes(table: &Table, format: Format, shown: &str) -> Result<Vec<u8>, ReportError> {
    let mut out = Vec::new();
    match format {
        Format::Parquet => write_parquet(table, &mut out, shown)?,
        Format::Xlsx => out = xlsx_book(table, shown)?.save_to_buffer().map_err(|e| ReportError::write(shown, e))?,
        Format::Csv | Format::Json => write_text(table, &mut out, format, shown)?,
    }
    Ok(out)
}

/// CSV or JSON text of `table` into `out`; errors name `path`.
fn write_text(table: &Table, out: &mut dyn Write, format: Format, path: &str) -> Result<(), ReportError> {
    let err = |e: &dyn std::fmt::Display| ReportError::write(path, e);
    let mut out = std::io::BufWriter::new(out);
    let result = (|| -> std::io::Result<()> {
        if format == Format::Csv {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(table.columns.iter().map(|c| c.0))?;
            w.flush()?;
            drop(w);
            // A national tract panel is millions of rows: pieces of it are formatted on every
            // core, a few at a time so that only those are held, and written in order.
            let rows = table.rows();
            let pieces: Vec<Range<usize>> =
                (0..rows).step_by(CSV_PIECE).map(|start| start..(start + CSV_PIECE).min(rows)).collect();
            for wave in pieces.chunks(2 * rayon::current_num_threads()) {
                let texts: Vec<std::io::Result<Vec<u8>>> =
                    wave.par_iter().map(|piece| csv_rows(table, piece.clone())).collect();
                for text in texts {
                    out.write_all(&text?)?;
                }
            }
        } else {
            writeln!(out, "[")?;
            for r in 0..table.rows() {
                let cells: Vec<String> = table
                    .columns
                    .iter()
                    .map(|(name, v)| {
                        let value = match v {
                            Values::Text(v) => serde_json::to_string(&v[r].as_deref()),
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

/// Rows of a CSV file formatted at a time by one thread (about 1 MB of a tract panel).
const CSV_PIECE: usize = 16_384;

/// `rows` of `table` as CSV records.
fn csv_rows(table: &Table, rows: Range<usize>) -> std::io::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::with_capacity(64 * rows.len()));
    // Cell by cell from the columns, numbers through one buffer: no string per cell.
    let mut number = String::new();
    for r in rows {
        for (_, v) in &table.columns {
            match v {
                Values::Text(v) => w.write_field(v[r].as_deref().unwrap_or(""))?,
                Values::Number(v) => {
                    number.clear();
                    if let Some(x) = v[r] {
                        use std::fmt::Write as _;
                        let _ = write!(number, "{x}");
                    }
                    w.write_field(&number)?;
                }
            }
        }
        w.write_record(None::<&[u8]>)?;
    }
    w.into_inner().map_err(|e| e.into_error())
}

/// Writes to `to`; errors name `path`, the file the user asked for.
fn write_parquet(table: &Table, to: impl std::io::Write, path: &str) -> Result<(), ReportError> {
    let err = |e: &dyn std::fmt::Display| ReportError::write(path, e);
    let columns: Vec<PlColumn> = table
        .columns
        .iter()
        .map(|(name, values)| match values {
            Values::Text(v) => PlColumn::new((*name).into(), v.iter().map(|s| s.as_deref()).collect::<Vec<_>>()),
            Values::Number(v) => PlColumn::new((*name).into(), v.clone()),
        })
        .collect();
    let mut frame = DataFrame::new(columns).map_err(|e| err(&e))?;
    ParquetWriter::new(to).finish(&mut frame).map_err(|e| err(&e))?;
    Ok(())
}

/// The most rows one Excel sheet holds, header included.
const XLSX_ROWS: usize = 1_048_576;

/// The workbook of `table`; errors name `path`, the file the user asked for.
fn xlsx_book(table: &Table, path: &str) -> Result<rust_xlsxwriter::Workbook, ReportError> {
    use rust_xlsxwriter::{Format as Style, Workbook};
    let err = |e: &dyn std::fmt::Display| ReportError::write(path, e);
    if table.rows() + 1 > XLSX_ROWS {
        return Err(ReportError::Unsupported(format!(
            "{} rows do not fit in one Excel sheet ({XLSX_ROWS} rows); export CSV or Parquet",
            table.rows()
        )));
    }
    let mut book = Workbook::new();
    // Excel would record the wall-clock time of writing; the zip entries' dates are
    // already fixed (1980-01-01), and with this one too the same table gives the same
    // bytes, as its CSV and Parquet do (an export can be checked against a download).
    let epoch = rust_xlsxwriter::ExcelDateTime::from_ymd(1980, 1, 1).map_err(|e| err(&e))?;
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&epoch));
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
                        sheet.write_string(row, c, &**s).map_err(|e| err(&e))?;
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
    Ok(book)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Values;

    #[test]
    fn the_bytes_in_memory_are_the_bytes_of_the_file() {
        let table = Table {
            columns: vec![
                ("region", Values::Text(vec![Some("10180".into()), None])),
                ("index", Values::Number(vec![Some(100.0), Some(98.870_931)])),
            ],
        };
        let dir = tempfile::tempdir().unwrap();
        for format in [Format::Csv, Format::Json, Format::Parquet, Format::Xlsx] {
            let path = dir.path().join(format!("t.{format:?}"));
            write_table(&table, &path.to_string_lossy(), format).unwrap();
            assert_eq!(table_bytes(&table, format, "t").unwrap(), std::fs::read(&path).unwrap(), "{format:?}");
        }
        let book = table_bytes(&table, Format::Xlsx, "t").unwrap();
        assert!(book.starts_with(b"PK\x03\x04") && book.len() > 1000);
        // Written again a second later, a workbook is the same bytes.
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert_eq!(table_bytes(&table, Format::Xlsx, "t").unwrap(), book);
    }

    #[test]
    fn a_csv_of_many_pieces_has_every_row_once_in_order() {
        // Three pieces and a part, with text that needs quoting and empty cells.
        let rows = 3 * CSV_PIECE + 17;
        let name = |r: usize| match r % 4 {
            0 => None,
            1 => Some(format!("tract {r}, \"north\"")),
            _ => Some(format!("t{r}")),
        };
        let value = |r: usize| (!r.is_multiple_of(5)).then(|| r as f64 / 7.0);
        let table = Table {
            columns: vec![
                ("tract", Values::Text((0..rows).map(|r| name(r).map(Into::into)).collect())),
                ("index", Values::Number((0..rows).map(value).collect())),
            ],
        };
        let bytes = table_bytes(&table, Format::Csv, "t").unwrap();
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        assert_eq!(reader.headers().unwrap(), vec!["tract", "index"]);
        let mut seen = 0;
        for (r, record) in reader.records().enumerate() {
            let record = record.unwrap();
            assert_eq!(record[0], name(r).unwrap_or_default(), "row {r}");
            assert_eq!(record[1], value(r).map(|v| v.to_string()).unwrap_or_default(), "row {r}");
            seen += 1;
        }
        assert_eq!(seen, rows);
    }
}
