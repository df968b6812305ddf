//! Tables to import: CSV (comma, semicolon or tab; UTF-8 with or without
//! BOM; quoted fields), Excel `.xlsx` and Parquet, read row by row with each
//! wanted column found by its name, a common synonym or `--map`.

use crate::hint::Hint;
use crate::StoreError;
use hpi_engine::RowIssue;
use std::io::Read;
use std::path::Path;

mod frame;
pub(crate) mod parallel;
mod parquet;

pub use frame::Frame;

/// A table to read: a file (CSV, Excel or Parquet, by its extension) or a
/// table in memory (the Python package's frames, read as Parquet is).
#[derive(Clone, Copy, Debug)]
pub enum Source<'a> {
    /// A file.
    File(&'a Path),
    /// A table in memory.
    Frame(&'a Frame),
}

impl Source<'_> {
    /// What messages call it: the file's path, or the frame's name.
    pub fn name(&self) -> String {
        match self {
            Source::File(path) => path.display().to_string(),
            Source::Frame(frame) => frame.name.clone(),
        }
    }

    /// About how many rows it holds, to size tables once: a frame's height,
    /// or a guess from a CSV file's size and first lines (0 when it cannot tell).
    pub fn likely_rows(&self) -> usize {
        match self {
            Source::File(path) => likely_rows(path).unwrap_or(0),
            Source::Frame(frame) => frame.data.height(),
        }
    }
}

impl<'a> From<&'a Path> for Source<'a> {
    fn from(path: &'a Path) -> Self {
        Source::File(path)
    }
}

impl<'a> From<&'a std::path::PathBuf> for Source<'a> {
    fn from(path: &'a std::path::PathBuf) -> Self {
        Source::File(path)
    }
}

/// A column the importer wants.
#[derive(Clone, Copy, Debug)]
pub struct ColumnSpec {
    /// Its name in the project.
    pub name: &'static str,
    /// Whether a file must have it.
    pub required: bool,
    /// Other headers that mean the same (compared lower-case, letters and digits only).
    pub synonyms: &'static [&'static str],
}

/// Lower-case letters and digits only: `Sale Price`, `sale_price` and
/// `SALEPRICE` all become `saleprice`.
pub fn normalise(header: &str) -> String {
    header.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// A required column the header does not have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingColumn {
    /// What was looked for and what was found.
    pub message: String,
    /// Naming the file's column for it.
    pub hint: Hint,
}

/// Finds each wanted column in `header`: the mapped source first, then the
/// name, then its synonyms. Returns the positions, or what is missing.
pub fn resolve(
    header: &[String],
    columns: &[ColumnSpec],
    map: &[(String, String)],
) -> Result<Vec<Option<usize>>, MissingColumn> {
    let normal: Vec<String> = header.iter().map(|h| normalise(h)).collect();
    let find = |name: &str| normal.iter().position(|h| *h == normalise(name));
    let mut out = Vec::with_capacity(columns.len());
    for c in columns {
        let mapped = map.iter().find(|(new, _)| new == c.name).map(|(_, old)| old.as_str());
        let found = mapped.and_then(find).or_else(|| find(c.name)).or_else(|| c.synonyms.iter().find_map(|s| find(s)));
        if found.is_none() && c.required {
            let looked =
                std::iter::once(mapped.unwrap_or(c.name)).chain(c.synonyms.iter().copied()).collect::<Vec<_>>();
            return Err(MissingColumn {
                message: format!(
                    "column '{}': missing from the header (looked for {}; found {})",
                    c.name,
                    looked.join(", "),
                    header.join(", ")
                ),
                hint: Hint::MapColumn { column: c.name.into() },
            });
        }
        out.push(found);
    }
    Ok(out)
}

/// The file formats that can be imported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Delimited text.
    Csv,
    /// Excel workbook.
    Xlsx,
    /// Apache Parquet.
    Parquet,
}

impl Format {
    /// The format of a file, by its extension (text otherwise).
    pub fn of(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("xlsx" | "xlsm") => Format::Xlsx,
            Some("parquet" | "pq") => Format::Parquet,
            _ => Format::Csv,
        }
    }
}

/// Receives each data row: its line (header = 1) and the wanted fields in
/// column order, or why the row cannot be read at all.
pub type RowSink<'a> = dyn FnMut(u64, Result<&[Option<&str>], RowIssue>) -> Result<(), StoreError> + 'a;

/// Reads every row of `path`. `progress` gets the share of the file read (0..1).
/// `assumed` is the header of a layout published without one: used, and the
/// first row read as data, when that row names none of the columns.
pub fn read(
    path: &Path,
    columns: &[ColumnSpec],
    assumed: Option<&[&str]>,
    map: &[(String, String)],
    sheet: Option<&str>,
    progress: &mut dyn FnMut(f64),
    sink: &mut RowSink,
) -> Result<(), StoreError> {
    match Format::of(path) {
        Format::Csv => read_csv_with(path, columns, assumed, map, progress, &mut |_| true, sink, None),
        Format::Xlsx => read_xlsx_with(path, columns, map, sheet, &mut |_| true, sink),
        Format::Parquet => parquet::read(path, columns, map, progress, &mut |_| true, sink),
    }
}

/// Turns a row's fields into what a reader wants of it (a typed record, or
/// why the row is rejected), in two steps. On a large CSV file the rows are
/// split into fields on another thread, which also takes the first step
/// ([`ParseRow::early`]: what needs no borrow of the row's text, such as its
/// numbers); the second ([`ParseRow::finish`]) runs on the caller's thread,
/// in file order, beside whatever stores the rows.
pub(crate) trait ParseRow: Sync {
    /// What the first step works out.
    type Early: Send;
    /// The result for one row; it may borrow the row's text.
    type Out<'r>;
    /// The first step for a row that could be split into its wanted fields.
    fn early(&self, line: u64, fields: &[Option<&str>]) -> Self::Early;
    /// The row at `line`: its wanted fields in column order with the first
    /// step's result, or why it cannot be read.
    fn finish<'r>(&self, line: u64, fields: Result<(&[Option<&'r str>], Self::Early), RowIssue>) -> Self::Out<'r>;
    /// Both steps at once, as a row read on its own gets them.
    fn parse<'r>(&self, line: u64, fields: Result<&[Option<&'r str>], RowIssue>) -> Self::Out<'r> {
        self.finish(line, fields.map(|f| (f, self.early(line, f))))
    }
}

/// Like [`read`], but of a file or a table in memory, and each row goes
/// through `parser` before `sink`, which gets the results in file order. A CSV
/// file with `split.from` bytes of rows or more is read on two threads
/// ([`parallel`]); other tables row by row, as [`read`] does.
#[allow(clippy::too_many_arguments)]
pub(crate) fn read_parsed<P: ParseRow, S: for<'r> FnMut(u64, P::Out<'r>) -> Result<(), StoreError>>(
    source: Source,
    columns: &[ColumnSpec],
    assumed: Option<&[&str]>,
    map: &[(String, String)],
    sheet: Option<&str>,
    progress: &mut dyn FnMut(f64),
    parser: &P,
    sink: &mut S,
    split: parallel::Split,
) -> Result<(), StoreError> {
    let mut one_by_one = |line: u64, fields: Result<&[Option<&str>], RowIssue>| -> Result<(), StoreError> {
        sink(line, parser.parse(line, fields))
    };
    let path = match source {
        Source::File(path) => path,
        Source::Frame(frame) => return frame::read(frame, columns, map, progress, &mut one_by_one),
    };
    match Format::of(path) {
        Format::Csv => {
            let mut handoff = None;
            let rest = (split.from > 0).then_some((split.from, &mut handoff));
            read_csv_with(path, columns, assumed, map, progress, &mut |_| true, &mut one_by_one, rest)?;
            match handoff {
                Some(h) => parallel::read_rest(path, &h, &split, progress, parser, sink),
                None => Ok(()),
            }
        }
        Format::Xlsx => read_xlsx_with(path, columns, map, sheet, &mut |_| true, &mut one_by_one),
        Format::Parquet => parquet::read(path, columns, map, progress, &mut |_| true, &mut one_by_one),
    }
}

/// About how many rows a CSV file holds, from its size and its first 256 KiB,
/// so that a reader can size its tables once instead of regrowing them (a
/// guess: never used to decide anything). `None` for other formats or when
/// the file cannot be read.
fn likely_rows(path: &Path) -> Option<usize> {
    if !matches!(Format::of(path), Format::Csv) {
        return None;
    }
    let mut file = std::fs::File::open(path).ok()?;
    let size = file.metadata().ok()?.len();
    let mut head = vec![0u8; 256 * 1024];
    let mut filled = 0;
    while filled < head.len() {
        match file.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(_) => return None,
        }
    }
    let lines = head[..filled].iter().filter(|&&b| b == b'\n').count().max(1);
    let per_line = filled as f64 / lines as f64;
    // A few per cent over: later lines may be shorter than the first ones.
    Some(((size as f64 / per_line) * 1.03).min(2e9) as usize)
}

/// The column names of a file's header row (of `sheet` in a workbook), as
/// the import would see them.
pub fn header(path: &Path, sheet: Option<&str>) -> Result<Vec<String>, StoreError> {
    let mut found = Vec::new();
    let mut keep = |h: &[String]| {
        found = h.to_vec();
        false
    };
    let mut rows = |_: u64, _: Result<&[Option<&str>], RowIssue>| -> Result<(), StoreError> { Ok(()) };
    match Format::of(path) {
        Format::Csv => read_csv_with(path, &[], None, &[], &mut |_| {}, &mut keep, &mut rows, None)?,
        Format::Xlsx => read_xlsx_with(path, &[], &[], sheet, &mut keep, &mut rows)?,
        Format::Parquet => parquet::read(path, &[], &[], &mut |_| {}, &mut keep, &mut rows)?,
    }
    Ok(found)
}

/// Called with the header row; reading goes on only if it returns true.
type HeaderSink<'a> = dyn FnMut(&[String]) -> bool + 'a;

pub(crate) fn long_line(path: &Path, line: u64) -> StoreError {
    bad_file(
        path,
        line,
        format!(
            "(row): the line is longer than {} MiB, and no table HPI Studio reads has rows so long (not a text table?)",
            MAX_LINE >> 20
        ),
    )
}

pub(crate) fn bad_file(path: &Path, line: u64, message: impl Into<String>) -> StoreError {
    StoreError::BadFile { file: path.display().to_string(), line, message: message.into(), hint: None }
}

fn missing(path: &Path, line: u64, m: MissingColumn) -> StoreError {
    missing_named(&path.display().to_string(), line, m)
}

fn missing_named(file: &str, line: u64, m: MissingColumn) -> StoreError {
    StoreError::BadFile { file: file.to_owned(), line, message: m.message, hint: Some(m.hint) }
}

pub(crate) fn io(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io { path: path.display().to_string(), source }
}

/// The delimiter of the first line: the most frequent of comma, semicolon and
/// tab outside quotes (comma when none).
fn sniff_delimiter(first_line: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in first_line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], std::cmp::Reverse(i))).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        [b',', b';', b'\t'][best]
    }
}

/// Whether a first row is data rather than names: some field is a number.
fn looks_like_data(row: &[String]) -> bool {
    row.iter().any(|f| !f.is_empty() && f.parse::<f64>().is_ok())
}

/// Where a CSV file's rows start, for a reader that takes over after the header.
pub(crate) struct Handoff<'c> {
    pub(crate) layout: CsvLayout<'c>,
    /// Byte offset of the first data row.
    pub(crate) byte: u64,
    /// Its line (the header's is 1).
    pub(crate) line: u64,
    pub(crate) size: u64,
}

/// What a CSV file's header says about its rows.
pub(crate) struct CsvLayout<'c> {
    pub(crate) delimiter: u8,
    /// Fields in the header: every row must have as many.
    pub(crate) width: usize,
    /// Per wanted column, its field.
    pub(crate) index: Vec<Option<usize>>,
    pub(crate) columns: &'c [ColumnSpec],
}

impl CsvLayout<'_> {
    /// Why a row of `found` fields cannot be read.
    pub(crate) fn width_issue(&self, found: usize, line: u64) -> RowIssue {
        RowIssue {
            line,
            column: "(row)".into(),
            reason: format!("has '{found}' fields where the header has {}", self.width),
        }
    }

    /// One record's wanted fields in column order, or why the row cannot be read.
    pub(crate) fn fields<'r>(
        &self,
        record: &'r csv::ByteRecord,
        line: u64,
    ) -> Result<[Option<&'r str>; MAX_COLUMNS], RowIssue> {
        if record.len() != self.width {
            return Err(self.width_issue(record.len(), line));
        }
        let mut fields: [Option<&str>; MAX_COLUMNS] = [None; MAX_COLUMNS];
        for (k, (c, i)) in self.columns.iter().zip(&self.index).enumerate() {
            if let Some(i) = i {
                match std::str::from_utf8(&record[*i]) {
                    Ok(v) => fields[k] = Some(v),
                    Err(_) => {
                        return Err(RowIssue { line, column: c.name.into(), reason: "not valid UTF-8 text".into() })
                    }
                }
            }
        }
        Ok(fields)
    }
}

/// Reads a CSV file's header, then its rows into `sink` — or, when `handoff`
/// is given and the file has at least that many bytes of rows for
/// [`parallel::read_rest`] to split, stops after the header and says where
/// the rows start.
#[allow(clippy::too_many_arguments)]
fn read_csv_with<'c>(
    path: &Path,
    columns: &'c [ColumnSpec],
    assumed: Option<&[&str]>,
    map: &[(String, String)],
    progress: &mut dyn FnMut(f64),
    on_header: &mut HeaderSink,
    sink: &mut RowSink,
    handoff: Option<(u64, &mut Option<Handoff<'c>>)>,
) -> Result<(), StoreError> {
    let mut file = std::fs::File::open(path).map_err(io(path))?;
    let size = file.metadata().map_err(io(path))?.len().max(1);
    let mut head = vec![0u8; 64 * 1024];
    let n = file.read(&mut head).map_err(io(path))?;
    head.truncate(n);
    if head.iter().all(u8::is_ascii_whitespace) {
        return Err(bad_file(path, 1, "empty file: expected a header row"));
    }
    let first_line = head.split(|&b| b == b'\n' || b == b'\r').next().unwrap_or(&[]);
    let delimiter = sniff_delimiter(first_line);
    // The csv crate ends records at CR, LF or CRLF but counts lines at LF
    // only: a file with old Mac line endings (CR alone) has its lines counted
    // here, one per record (a quoted field spanning lines is not expected in
    // such files).
    let cr_only = head.contains(&b'\r') && !head.contains(&b'\n');
    let file = std::fs::File::open(path).map_err(io(path))?;
    let limited = LineLimit::new(std::io::BufReader::with_capacity(1 << 20, file), if cr_only { b'\r' } else { b'\n' });
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).has_headers(false).from_reader(limited);
    let long_line = |line: u64| long_line(path, line);
    let mut record = csv::ByteRecord::new();
    match reader.read_byte_record(&mut record) {
        Ok(true) => {}
        Ok(false) => return Err(bad_file(path, 1, "empty file: expected a header row")),
        Err(_) if reader.get_ref().too_long.is_some() => return Err(long_line(1)),
        Err(e) => return Err(bad_file(path, 1, format!("cannot read the header: {e}"))),
    }
    let first: Vec<String> = record
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().trim_start_matches('\u{feff}').trim().to_owned())
        .collect();
    if !on_header(&first) {
        return Ok(());
    }
    let (header, index, pending) = match resolve(&first, columns, map) {
        Ok(index) => (first, index, None),
        Err(missing_column) => match assumed.filter(|a| a.len() == first.len() && looks_like_data(&first)) {
            Some(a) => {
                let header: Vec<String> = a.iter().map(|h| h.to_string()).collect();
                let index = resolve(&header, columns, map).map_err(|m| missing(path, 1, m))?;
                log::info!("{}: no header row; read as {}", path.display(), a.join(","));
                (header, index, Some(record.clone()))
            }
            None => return Err(missing(path, 1, missing_column)),
        },
    };
    let layout = CsvLayout { delimiter, width: header.len(), index, columns };
    if let Some((from, handoff)) = handoff {
        // After a CRLF header the reader stands at its LF: the rows start after it.
        let at = reader.position().byte();
        let byte = if head.get(at as usize) == Some(&b'\n') { at + 1 } else { at };
        // Split only files that start with plain line ends (see `parallel`).
        let plain = parallel::lf_or_crlf(&head) && (byte as usize) < head.len();
        if pending.is_none() && plain && size.saturating_sub(byte) >= from {
            let line = reader.get_mut().line_at(byte);
            *handoff = Some(Handoff { layout, byte, line, size });
            return Ok(());
        }
    }
    // Lines before the first data row: the header's, unless there is none.
    let before = if pending.is_some() { 0 } else { 1 };
    let start = RowsStart { before, byte: 0, cr_only };
    csv_rows(path, &mut reader, &layout, start, pending, size, progress, sink)
}

/// Where [`csv_rows`] starts reading, for its line numbers and progress.
pub(crate) struct RowsStart {
    /// Lines before the first row, for files whose lines are counted here (`cr_only`).
    pub(crate) before: u64,
    /// Byte offset of the reader's start in the file.
    pub(crate) byte: u64,
    /// Old Mac line ends (CR alone): lines are counted one per record.
    pub(crate) cr_only: bool,
}

/// Hands `sink` every row `reader` has left, `pending` first: its line, and
/// its wanted fields or why the row cannot be read; stops at the first row the
/// reader cannot get past.
#[allow(clippy::too_many_arguments)]
pub(crate) fn csv_rows<R: Read>(
    path: &Path,
    reader: &mut csv::Reader<LineLimit<R>>,
    layout: &CsvLayout,
    start: RowsStart,
    mut pending: Option<csv::ByteRecord>,
    size: u64,
    progress: &mut dyn FnMut(f64),
    sink: &mut RowSink,
) -> Result<(), StoreError> {
    let RowsStart { before, byte, cr_only } = start;
    let mut record = csv::ByteRecord::new();
    let mut rows = 0u64;
    loop {
        if let Some(first_row) = pending.take() {
            record = first_row;
        } else {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    if let Some(line) = reader.get_ref().too_long {
                        return Err(long_line(path, line));
                    }
                    let counted = before + rows + 1;
                    let at = e.position().map(|p| reader.get_mut().line_at(p.byte()));
                    let line = if cr_only { counted } else { at.unwrap_or(counted) };
                    return Err(bad_file(path, line, format!("cannot read the row: {e}")));
                }
            }
        }
        rows += 1;
        let counted = before + rows;
        // Asked in every file, so that the line ends the reader keeps are let go of as rows pass.
        let at = record.position().map(|p| reader.get_mut().line_at(p.byte()));
        let line = if cr_only { counted } else { at.unwrap_or(counted) };
        if rows.is_multiple_of(65_536) {
            progress((byte + record.position().map_or(0, |p| p.byte())) as f64 / size.max(1) as f64);
        }
        match layout.fields(&record, line) {
            Ok(fields) => sink(line, Ok(&fields[..layout.columns.len()]))?,
            Err(issue) => sink(line, Err(issue))?,
        }
    }
    progress(1.0);
    Ok(())
}

/// The longest line a CSV file may have. A row of any table HPI Studio reads
/// is well under a kilobyte; without a bound, a file with no line breaks (or
/// one huge line) would be held in memory whole.
pub const MAX_LINE: u64 = 1 << 20;

/// A reader that fails once a line grows longer than [`MAX_LINE`], noting
/// the line's number (1 = the first) in `too_long`, and that knows which
/// line a byte it has read lies on ([`LineLimit::line_at`]).
pub(crate) struct LineLimit<R> {
    inner: R,
    end: u8,
    length: u64,
    pub(crate) too_long: Option<u64>,
    /// Bytes read so far.
    read: u64,
    /// Where the line ends read and not yet passed by `line_at` are, from the reader's start.
    ends: std::collections::VecDeque<u64>,
    /// The first line's number plus the line ends passed.
    passed: u64,
}

impl<R> LineLimit<R> {
    fn new(inner: R, end: u8) -> Self {
        LineLimit::from_line(inner, end, 1)
    }

    /// A reader whose first line is line `line` of the file.
    pub(crate) fn from_line(inner: R, end: u8, line: u64) -> Self {
        LineLimit { inner, end, length: 0, too_long: None, read: 0, ends: Default::default(), passed: line }
    }

    /// The line of the row the csv reader says starts at byte `at` (from the
    /// reader's start; `at` must not fall between calls). A line end at `at`
    /// itself counts as passed: the csv reader ends a row at the CR of a CRLF
    /// line end and starts the next at its LF, so the csv reader's own line
    /// numbers are one short on Windows files.
    pub(crate) fn line_at(&mut self, at: u64) -> u64 {
        while self.ends.front().is_some_and(|&end| end <= at) {
            self.ends.pop_front();
            self.passed += 1;
        }
        self.passed
    }
}

impl<R: Read> Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let start = self.read;
        self.read += n as u64;
        for (i, &b) in buf[..n].iter().enumerate() {
            if b == self.end {
                self.ends.push_back(start + i as u64);
                self.length = 0;
            } else {
                self.length += 1;
                if self.length > MAX_LINE {
                    // The line being read: every line end read so far is before it.
                    self.too_long = Some(self.passed + self.ends.len() as u64);
                    return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "line too long"));
                }
            }
        }
        Ok(n)
    }
}

/// The most columns one table has.
pub const MAX_COLUMNS: usize = 12;

fn cell_text(cell: &calamine::Data) -> Result<String, String> {
    use calamine::Data;
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => match d.as_datetime() {
            Some(dt) => dt.date().format("%Y-%m-%d").to_string(),
            None => return Err(format!("the Excel date {} is out of range", d.as_f64())),
        },
        Data::Error(e) => return Err(format!("the cell holds the Excel error {e}")),
    })
}

fn read_xlsx_with(
    path: &Path,
    columns: &[ColumnSpec],
    map: &[(String, String)],
    sheet: Option<&str>,
    on_header: &mut HeaderSink,
    sink: &mut RowSink,
) -> Result<(), StoreError> {
    use calamine::Reader;
    // calamine's arithmetic on a damaged file's cell references overflows (found by fuzzing),
    // which panics where overflow is checked: a damaged workbook, not a bug of ours.
    let range = without_panics(|| -> Result<_, StoreError> {
        let mut book = calamine::open_workbook_auto(path)
            .map_err(|e| bad_file(path, 0, format!("not a readable workbook: {e}")))?;
        Ok(match sheet {
            Some(name) => book.worksheet_range(name).map_err(|e| bad_file(path, 0, format!("sheet '{name}': {e}")))?,
            None => book
                .worksheet_range_at(0)
                .ok_or_else(|| bad_file(path, 0, "the workbook has no sheet"))?
                .map_err(|e| bad_file(path, 0, format!("cannot read the first sheet: {e}")))?,
        })
    })
    .map_err(|why| bad_file(path, 0, format!("not a readable workbook: it is damaged ({why})")))??;
    let first_row = u64::from(range.start().map_or(0, |s| s.0)) + 1;
    let mut rows = range.rows();
    let header: Vec<String> = match rows.next() {
        Some(cells) => cells.iter().map(|c| cell_text(c).unwrap_or_default().trim().to_owned()).collect(),
        None => return Err(bad_file(path, 1, "empty sheet: expected a header row")),
    };
    if !on_header(&header) {
        return Ok(());
    }
    let index = resolve(&header, columns, map).map_err(|m| missing(path, first_row, m))?;
    let mut texts: Vec<String> = vec![String::new(); columns.len()];
    for (k, cells) in rows.enumerate() {
        let line = first_row + 1 + k as u64;
        let mut bad = None;
        for ((c, i), text) in columns.iter().zip(&index).zip(texts.iter_mut()) {
            text.clear();
            if let Some(i) = i {
                match cells.get(*i).map(cell_text).unwrap_or(Ok(String::new())) {
                    Ok(t) => *text = t,
                    Err(reason) => {
                        bad = Some(RowIssue { line, column: c.name.into(), reason });
                        break;
                    }
                }
            }
        }
        if let Some(issue) = bad {
            sink(line, Err(issue))?;
            continue;
        }
        if cells.iter().all(|c| matches!(c, calamine::Data::Empty)) {
            continue;
        }
        let fields: Vec<Option<&str>> = index.iter().zip(&texts).map(|(i, t)| i.map(|_| t.as_str())).collect();
        sink(line, Ok(&fields))?;
    }
    Ok(())
}

/// Reads in progress whose panics are errors, not bugs: their messages stay
/// off the terminal. The count covers the readers' worker threads (polars
/// decodes on its rayon pool); the flag, the reading thread itself — so that
/// a panic on any other thread is still printed while a read runs.
static READS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
thread_local! {
    static READING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `read`, turning a panic into its message. polars' Parquet reader
/// and calamine's workbook reader panic on some damaged files (found by
/// fuzzing: `fuzz/`) where they should return an error; a damaged file is
/// bad input, and must not take the app or the CLI down with it. While such
/// a read runs, its panic messages are not printed (the panic hook is
/// chained once, and passes every other panic on).
fn without_panics<T>(read: impl FnOnce() -> T) -> Result<T, String> {
    use std::sync::atomic::Ordering;
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let worker = READS.load(Ordering::SeqCst) > 0 && rayon::current_thread_index().is_some();
            if !(READING.get() || worker) {
                previous(info);
            }
        }));
    });
    let outer = READING.replace(true);
    READS.fetch_add(1, Ordering::SeqCst);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    READS.fetch_sub(1, Ordering::SeqCst);
    READING.set(outer);
    result.map_err(|payload| {
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "the reader failed".to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLS: [ColumnSpec; 2] = [
        ColumnSpec { name: "property_id", required: true, synonyms: &["pinx", "parcel_id"] },
        ColumnSpec { name: "price", required: true, synonyms: &["sale_price"] },
    ];

    #[test]
    fn columns_by_name_synonym_and_map() {
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(resolve(&h(&["PINX", "Sale Price"]), &COLS, &[]).unwrap(), vec![Some(0), Some(1)]);
        assert_eq!(
            resolve(&h(&["x", "property_id", "amt"]), &COLS, &[("price".into(), "amt".into())]).unwrap(),
            vec![Some(1), Some(2)]
        );
        let e = resolve(&h(&["a", "b"]), &COLS, &[]).unwrap_err();
        assert!(e.message.contains("column 'property_id': missing"), "{e:?}");
        assert_eq!(e.hint, Hint::MapColumn { column: "property_id".into() });
    }

    #[test]
    fn delimiters() {
        assert_eq!(sniff_delimiter(b"a,b,c"), b',');
        assert_eq!(sniff_delimiter(b"a;b;c"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter(b"\"a;x\",b,c"), b',');
        assert_eq!(sniff_delimiter(b"abc"), b',');
    }
}
