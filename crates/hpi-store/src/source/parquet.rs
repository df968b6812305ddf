//! Parquet tables: every page header checked before polars decodes a byte,
//! then read one row group at a time, only the wanted columns.
//!
//! polars trusts the counts a page header declares: a page claiming a negative
//! number of values made it reserve 2⁶¹ bytes and abort the process (found by
//! fuzzing, `fuzz/`), which no `catch_unwind` can stop. So the headers are read
//! here first, with polars' own Thrift definitions, and any count or size that
//! no writer produces refuses the file as damaged.

use super::{bad_file, io, missing, resolve, without_panics, ColumnSpec, HeaderSink, RowSink};
use crate::StoreError;
use polars::prelude::{ParquetReader, SerReader};
use polars_parquet::parquet::metadata::FileMetadata;
use polars_parquet_format::thrift::protocol::TCompactInputProtocol;
use polars_parquet_format::{PageHeader, PageType};
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Arc;

/// The largest page, uncompressed, a file may declare. Writers cut pages at
/// about 1 MiB (polars, Arrow and Spark alike); this leaves room for single
/// values hundreds of times larger while refusing a header that would have
/// the decompressor allocate gigabytes for a few bytes of file.
const MAX_PAGE_BYTES: i64 = 256 << 20;

/// The largest page header: headers hold counts, sizes and min/max statistics.
const MAX_HEADER_BYTES: usize = 16 << 20;

pub(super) fn read(
    path: &Path,
    columns: &[ColumnSpec],
    map: &[(String, String)],
    progress: &mut dyn FnMut(f64),
    on_header: &mut HeaderSink,
    sink: &mut RowSink,
) -> Result<(), StoreError> {
    let file = File::open(path).map_err(io(path))?;
    let damaged = |why: String| bad_file(path, 0, format!("not a readable Parquet file: it is damaged ({why})"));
    let unreadable = |e: polars::prelude::PolarsError| bad_file(path, 0, format!("not a readable Parquet file: {e}"));
    let (metadata, names) = without_panics(|| -> polars::prelude::PolarsResult<_> {
        let mut reader = ParquetReader::new(file.try_clone()?);
        let metadata = reader.get_metadata()?.clone();
        let names: Vec<String> = reader.schema()?.iter_names().map(|n| n.to_string()).collect();
        Ok((metadata, names))
    })
    .map_err(damaged)?
    .map_err(unreadable)?;
    check_pages(&file, &metadata).map_err(damaged)?;
    if !on_header(&names) {
        return Ok(());
    }
    let index = resolve(&names, columns, map).map_err(|m| missing(path, 1, m))?;
    let mut projection: Vec<usize> = index.iter().flatten().copied().collect();
    projection.sort_unstable();
    projection.dedup();
    let total = metadata.num_rows.max(1) as f64;
    let mut first = 0usize;
    for group in &metadata.row_groups {
        let rows = group.num_rows();
        let frame = without_panics(|| {
            let mut reader = ParquetReader::new(file.try_clone()?)
                .with_projection(Some(projection.clone()))
                .with_slice(Some((first, rows)));
            reader.set_metadata(Arc::clone(&metadata));
            reader.finish()
        })
        .map_err(damaged)?
        .map_err(unreadable)?;
        let name = path.display().to_string();
        super::frame::send_rows(&frame, &names, &index, columns, first, &name, &damaged, sink)?;
        first += rows;
        progress(first as f64 / total);
    }
    Ok(())
}

/// Reads every page header of every column chunk and refuses counts and
/// sizes no writer produces: negative, other than the row group's, beyond
/// the chunk, or larger than [`MAX_PAGE_BYTES`].
fn check_pages(file: &File, metadata: &FileMetadata) -> Result<(), String> {
    let length = file.metadata().map_err(|e| e.to_string())?.len();
    let mut reader = BufReader::new(file.try_clone().map_err(|e| e.to_string())?);
    for (g, group) in metadata.row_groups.iter().enumerate() {
        let rows = i64::try_from(group.num_rows()).map_err(|e| e.to_string())?;
        for field in metadata.schema().fields() {
            for chunk in group.columns_under_root_iter(field.name()).into_iter().flatten() {
                let name = chunk.descriptor().path_in_schema.join(".");
                let at = |what: String| format!("row group {}, column '{name}': {what}", g + 1);
                let range = chunk.byte_range();
                if range.start > range.end || range.end > length {
                    return Err(at(format!("its bytes {}..{} lie outside the file", range.start, range.end)));
                }
                let declared = chunk.num_values();
                // A column that is not a list has a value (or a null) in every row.
                let flat = chunk.descriptor().descriptor.max_rep_level == 0;
                if declared < 0 || (flat && declared != rows) {
                    return Err(at(format!("it declares {declared} values in a group of {rows} rows")));
                }
                reader.seek(SeekFrom::Start(range.start)).map_err(|e| e.to_string())?;
                let mut at_byte = range.start;
                let mut seen = 0i64;
                // polars reads pages until it has the chunk's values, as here.
                while seen < declared {
                    let (header, size) = read_header(&mut reader).map_err(|e| at(format!("a page header: {e}")))?;
                    let page = check_page(&header, declared - seen, rows).map_err(&at)?;
                    at_byte += size + page.bytes;
                    if at_byte > range.end {
                        return Err(at("a page runs past the end of its column".into()));
                    }
                    reader.seek_relative(page.bytes as i64).map_err(|e| e.to_string())?;
                    seen += page.values;
                }
            }
        }
    }
    Ok(())
}

/// What a checked page holds.
struct Page {
    /// Its length in the file after the header.
    bytes: u64,
    /// The values it counts towards its column (0 for a dictionary).
    values: i64,
}

fn check_page(h: &PageHeader, left: i64, rows: i64) -> Result<Page, String> {
    let count = |what: &str, n: i32, most: i64| {
        if n < 0 || i64::from(n) > most {
            Err(format!("a page declares {n} {what} where at most {most} can be"))
        } else {
            Ok(i64::from(n))
        }
    };
    let bytes = count("bytes", h.compressed_page_size, MAX_PAGE_BYTES)?;
    let unpacked = count("bytes uncompressed", h.uncompressed_page_size, MAX_PAGE_BYTES)?;
    let values = match h.type_ {
        PageType::DATA_PAGE => {
            let d = h.data_page_header.as_ref().ok_or("a data page without its header")?;
            count("values", d.num_values, left)?
        }
        PageType::DATA_PAGE_V2 => {
            let d = h.data_page_header_v2.as_ref().ok_or("a data page without its header")?;
            let values = count("values", d.num_values, left)?;
            count("nulls", d.num_nulls, values)?;
            count("rows", d.num_rows, rows.min(values))?;
            let levels = count("bytes of definition levels", d.definition_levels_byte_length, bytes)?;
            count("bytes of repetition levels", d.repetition_levels_byte_length, bytes - levels)?;
            values
        }
        PageType::DICTIONARY_PAGE => {
            let d = h.dictionary_page_header.as_ref().ok_or("a dictionary page without its header")?;
            // Every dictionary entry takes at least a byte.
            count("dictionary entries", d.num_values, unpacked)?;
            0
        }
        _ => 0,
    };
    Ok(Page { bytes: bytes as u64, values })
}

/// A page header and its length in bytes.
fn read_header(reader: &mut impl Read) -> Result<(PageHeader, u64), String> {
    let mut counted = Counted { inner: reader, read: 0 };
    let mut protocol = TCompactInputProtocol::new(&mut counted, MAX_HEADER_BYTES);
    let header = PageHeader::read_from_in_protocol(&mut protocol).map_err(|e| e.to_string())?;
    Ok((header, counted.read))
}

/// A reader that counts what it hands out.
struct Counted<R> {
    inner: R,
    read: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}
