//! Large CSV files read on two threads. After the header, the file is read in
//! chunks cut at line ends: one thread reads the next chunk, splits its rows
//! into fields and takes the parser's first step on them
//! ([`ParseRow::early`]: a sale's date and price) while the caller's thread
//! finishes the rows of the last one and hands them to the sink in file
//! order — so the sink sees exactly the rows, lines and messages that
//! reading row by row gives (tests compare the two on awkward files). The
//! sink (storing a national file's sales: the property-id table) is the
//! larger half of the work, so one reading thread keeps pace; more would
//! only take the core the sink runs on.
//!
//! A line end is a row end only outside quotes, and the csv reader numbers
//! lines after blank lines and lone carriage returns in its own way. So from
//! the first chunk that holds a quote, a carriage return not followed by a
//! line feed, or a blank line on, the rest of the file is read row by row,
//! from the last line end before it: a reader starting there knows where
//! rows end and numbers lines as reading the whole file would. Files with
//! LF or CRLF line ends and no quotes (most exports of transactions, from
//! Unix and Windows alike) are read on two threads throughout.

use super::{
    bad_file, csv_rows, io, long_line, CsvLayout, Handoff, LineLimit, ParseRow, RowsStart, MAX_COLUMNS, MAX_LINE,
};
use crate::StoreError;
use hpi_engine::RowIssue;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// Files with at least this many bytes of rows are read on two threads.
pub(crate) const SPLIT_FROM: u64 = 16 << 20;

/// How a file is cut: chunks of about `chunk` bytes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Split {
    /// Bytes of rows from which a file is split (0: never).
    pub(crate) from: u64,
    pub(crate) chunk: usize,
}

impl Default for Split {
    /// 8 MiB chunks: a thread switch per 170,000 sales, and two chunks of text
    /// held at once however large the file.
    fn default() -> Self {
        Split { from: SPLIT_FROM, chunk: 8 << 20 }
    }
}

/// One chunk's rows: spans of the wanted fields in the chunk's text, with the
/// parser's first step, or why a row cannot be read. Flat arrays sized from
/// the chunk's line count: a national file has millions of rows, and a row
/// as a struct with an array of every possible column cost more in copying
/// than the splitting saved.
struct SplitRows<E> {
    text: String,
    /// Per row, its line.
    lines: Vec<u64>,
    /// Per row, one span of `text` per wanted column; [`ABSENT`] where the file has no such column.
    spans: Vec<(u32, u32)>,
    /// Per row that could be split, in order, [`ParseRow::early`] of its fields.
    early: Vec<E>,
    /// Rows that cannot be read, by their position in `lines`, in order.
    issues: Vec<(usize, RowIssue)>,
    /// Where the reader stopped short of the chunk's end: the file's error.
    stop: Option<StoreError>,
}

/// The span of a column the file does not have.
const ABSENT: (u32, u32) = (u32::MAX, u32::MAX);

/// Reads the rows from `handoff` on. While this thread parses one chunk's rows
/// and hands them to `sink` (which must see them in order, on this thread),
/// another reads the next chunk and splits it into fields.
pub(crate) fn read_rest<P: ParseRow, S: for<'r> FnMut(u64, P::Out<'r>) -> Result<(), StoreError>>(
    path: &Path,
    handoff: &Handoff,
    split: &Split,
    progress: &mut dyn FnMut(f64),
    parser: &P,
    sink: &mut S,
) -> Result<(), StoreError> {
    let layout = &handoff.layout;
    let mut file = std::fs::File::open(path).map_err(io(path))?;
    file.seek(SeekFrom::Start(handoff.byte)).map_err(io(path))?;
    let mut chunks = Chunks { path, layout, split, file, text: Vec::new(), byte: handoff.byte, line: handoff.line };
    let mut next = chunks.next(parser)?;
    loop {
        let chunk = match next {
            Next::Done => break,
            Next::RowByRow { byte, line } => {
                return row_by_row(path, layout, byte, line, handoff.size, progress, parser, sink)
            }
            Next::Chunk(chunk) => chunk,
        };
        let Chunk { split, end, last } = *chunk;
        let (following, sunk) = std::thread::scope(|scope| {
            let reader = (!last).then(|| scope.spawn(|| chunks.next(parser)));
            let sunk = sink_chunk(split, layout, parser, sink);
            (reader.map(|r| r.join().expect("the chunk reader does not panic")), sunk)
        });
        sunk?;
        progress(end as f64 / handoff.size.max(1) as f64);
        next = following.unwrap_or(Ok(Next::Done))?;
    }
    progress(1.0);
    Ok(())
}

/// One chunk's rows, finished and handed on in file order; where the reader
/// stopped in it, the file ends after the rows before the stop.
fn sink_chunk<P: ParseRow, S: for<'r> FnMut(u64, P::Out<'r>) -> Result<(), StoreError>>(
    split: SplitRows<P::Early>,
    layout: &CsvLayout,
    parser: &P,
    sink: &mut S,
) -> Result<(), StoreError> {
    let width = layout.columns.len();
    let mut issues = split.issues.into_iter().peekable();
    let mut early = split.early.into_iter();
    // Filled in place row after row: returning a fresh array per row cost a copy of it each time.
    let mut fields: [Option<&str>; MAX_COLUMNS] = [None; MAX_COLUMNS];
    for (row, (&line, spans)) in split.lines.iter().zip(split.spans.chunks_exact(width.max(1))).enumerate() {
        let out = match issues.next_if(|(at, _)| *at == row) {
            Some((_, issue)) => parser.finish(line, Err(issue)),
            None => {
                fields_of(&split.text, spans, &mut fields[..width]);
                let first = early.next().expect("every row split has its first step");
                parser.finish(line, Ok((&fields[..width], first)))
            }
        };
        sink(line, out)?;
    }
    split.stop.map_or(Ok(()), Err)
}

/// A row's wanted fields from their spans in `text`.
fn fields_of<'t>(text: &'t str, spans: &[(u32, u32)], fields: &mut [Option<&'t str>]) {
    for (field, &(a, b)) in fields.iter_mut().zip(spans) {
        *field = ((a, b) != ABSENT).then(|| &text[a as usize..b as usize]);
    }
}

/// What the file holds next.
enum Next<E> {
    /// Boxed: the split rows' vectors are large beside the other variants.
    Chunk(Box<Chunk<E>>),
    /// From here on the rows are read one after another.
    RowByRow {
        byte: u64,
        line: u64,
    },
    Done,
}

/// A chunk split into fields, and where it ends in the file.
struct Chunk<E> {
    split: SplitRows<E>,
    end: u64,
    last: bool,
}

/// The file after the header, read a chunk at a time.
struct Chunks<'a> {
    path: &'a Path,
    layout: &'a CsvLayout<'a>,
    split: &'a Split,
    file: std::fs::File,
    /// A part line left from the last chunk.
    text: Vec<u8>,
    /// Where `text` starts.
    byte: u64,
    line: u64,
}

impl Chunks<'_> {
    fn next<P: ParseRow>(&mut self, parser: &P) -> Result<Next<P::Early>, StoreError> {
        let chunk_bytes = self.split.chunk.max(1) as u64;
        let read = (&mut self.file).take(chunk_bytes).read_to_end(&mut self.text).map_err(io(self.path))?;
        let last = read < chunk_bytes as usize;
        if self.text.is_empty() {
            return Ok(Next::Done);
        }
        // Whole lines only; the part line waits for the next chunk.
        let cut = if last { self.text.len() } else { memchr::memrchr(b'\n', &self.text).map_or(0, |p| p + 1) };
        let whole = &self.text[..cut];
        let plain = cut > 0
            && whole[0] != b'\n'
            && !whole.starts_with(b"\r\n")
            && memchr::memchr(b'"', whole).is_none()
            && lf_or_crlf(whole)
            && memchr::memmem::find(whole, b"\n\n").is_none()
            && memchr::memmem::find(whole, b"\n\r\n").is_none();
        if !plain {
            return Ok(Next::RowByRow { byte: self.byte, line: self.line });
        }
        let lines = memchr::memchr_iter(b'\n', whole).count() as u64;
        // The chunk's bytes are handed on whole; the part line starts the next.
        let mut following = Vec::with_capacity(self.split.chunk.saturating_add(self.text.len() - cut));
        following.extend_from_slice(&self.text[cut..]);
        self.text.truncate(cut);
        let whole = std::mem::replace(&mut self.text, following);
        let split = match String::from_utf8(whole) {
            Ok(text) => split_plain(self.path, self.layout, parser, text, self.line, lines as usize + 1),
            Err(e) => split_chunk(self.path, self.layout, parser, e.as_bytes(), self.line, lines as usize + 1),
        };
        self.line += lines;
        self.byte += cut as u64;
        Ok(Next::Chunk(Box::new(Chunk { split, end: self.byte, last })))
    }
}

/// Whether every carriage return in `bytes` ends a CRLF line end: the csv
/// reader ends a row there and counts the line at the line feed, as for LF.
pub(crate) fn lf_or_crlf(bytes: &[u8]) -> bool {
    memchr::memchr_iter(b'\r', bytes).all(|at| bytes.get(at + 1) == Some(&b'\n'))
}

/// Splits the rows of a plain chunk of UTF-8 text (LF or CRLF line ends, no
/// quotes or blank lines; see the module's note) at its line ends and
/// delimiters, in place. On such text that is exactly what the csv reader
/// does, with the same rows, lines and messages; splitting it by hand is
/// about three times faster, and the text is not copied. `rows` (the
/// chunk's line ends and one) sizes its tables.
fn split_plain<P: ParseRow>(
    path: &Path,
    layout: &CsvLayout,
    parser: &P,
    text: String,
    first_line: u64,
    rows: usize,
) -> SplitRows<P::Early> {
    let bytes = text.as_bytes();
    let width = layout.columns.len();
    let mut chunk = SplitRows {
        text: String::new(),
        lines: Vec::with_capacity(rows),
        spans: Vec::with_capacity(rows * width.max(1)),
        early: Vec::with_capacity(rows),
        issues: Vec::new(),
        stop: None,
    };
    let mut bounds: Vec<(u32, u32)> = Vec::with_capacity(layout.width);
    let mut fields: [Option<&str>; MAX_COLUMNS] = [None; MAX_COLUMNS];
    let (mut start, mut line) = (0usize, first_line);
    while start < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |p| start + p);
        if (end - start) as u64 > MAX_LINE {
            chunk.stop = Some(long_line(path, line));
            break;
        }
        // The CR of a CRLF line end ends the row, as it does for the csv reader.
        let row_end = if bytes[start..end].ends_with(b"\r") { end - 1 } else { end };
        bounds.clear();
        let mut from = start;
        for p in memchr::memchr_iter(layout.delimiter, &bytes[start..row_end]) {
            bounds.push((from as u32, (start + p) as u32));
            from = start + p + 1;
        }
        bounds.push((from as u32, row_end as u32));
        if bounds.len() == layout.width {
            let row = chunk.spans.len();
            chunk.spans.extend(layout.index.iter().map(|i| i.map_or(ABSENT, |i| bounds[i])));
            chunk.spans.extend(std::iter::repeat_n(ABSENT, width.max(1) - width));
            fields_of(&text, &chunk.spans[row..], &mut fields[..width]);
            chunk.early.push(parser.early(line, &fields[..width]));
        } else {
            chunk.issues.push((chunk.lines.len(), layout.width_issue(bounds.len(), line)));
            chunk.spans.extend(std::iter::repeat_n(ABSENT, width.max(1)));
        }
        chunk.lines.push(line);
        line += 1;
        start = end + 1;
    }
    chunk.text = text;
    chunk
}

/// Splits one chunk's rows into fields with the same reader and checks as
/// row-by-row reading (chunks that are not all UTF-8, whose rows say which
/// field is not). `rows` (the chunk's line ends and one) sizes its tables.
fn split_chunk<P: ParseRow>(
    path: &Path,
    layout: &CsvLayout,
    parser: &P,
    text: &[u8],
    first_line: u64,
    rows: usize,
) -> SplitRows<P::Early> {
    let limited = LineLimit::from_line(text, b'\n', first_line);
    let mut reader =
        csv::ReaderBuilder::new().delimiter(layout.delimiter).flexible(true).has_headers(false).from_reader(limited);
    let mut record = csv::ByteRecord::new();
    let width = layout.columns.len().max(1);
    let mut chunk = SplitRows {
        text: String::with_capacity(text.len()),
        lines: Vec::with_capacity(rows),
        spans: Vec::with_capacity(rows * width),
        early: Vec::with_capacity(rows),
        issues: Vec::new(),
        stop: None,
    };
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                chunk.stop = Some(match reader.get_ref().too_long {
                    Some(at) => long_line(path, at),
                    None => {
                        let at = e.position().map_or(first_line, |p| reader.get_mut().line_at(p.byte()));
                        bad_file(path, at, format!("cannot read the row: {e}"))
                    }
                });
                return chunk;
            }
        }
        let line = record.position().map_or(first_line, |p| reader.get_mut().line_at(p.byte()));
        match layout.fields(&record, line) {
            Ok(fields) => {
                chunk.early.push(parser.early(line, &fields[..layout.columns.len()]));
                for field in &fields[..width] {
                    chunk.spans.push(match field {
                        Some(f) => {
                            let from = chunk.text.len() as u32;
                            chunk.text.push_str(f);
                            (from, chunk.text.len() as u32)
                        }
                        None => ABSENT,
                    });
                }
            }
            Err(issue) => {
                chunk.issues.push((chunk.lines.len(), issue));
                chunk.spans.extend(std::iter::repeat_n(ABSENT, width));
            }
        }
        chunk.lines.push(line);
    }
    chunk
}

/// The rest of the file from `byte` (line `line`), one row after another.
#[allow(clippy::too_many_arguments)]
fn row_by_row<P: ParseRow, S: for<'r> FnMut(u64, P::Out<'r>) -> Result<(), StoreError>>(
    path: &Path,
    layout: &CsvLayout,
    byte: u64,
    line: u64,
    size: u64,
    progress: &mut dyn FnMut(f64),
    parser: &P,
    sink: &mut S,
) -> Result<(), StoreError> {
    let mut file = std::fs::File::open(path).map_err(io(path))?;
    file.seek(SeekFrom::Start(byte)).map_err(io(path))?;
    let limited = LineLimit::from_line(std::io::BufReader::with_capacity(1 << 20, file), b'\n', line);
    let mut reader =
        csv::ReaderBuilder::new().delimiter(layout.delimiter).flexible(true).has_headers(false).from_reader(limited);
    let start = RowsStart { before: line - 1, byte, cr_only: false };
    let mut one_by_one = |at: u64, fields: Result<&[Option<&str>], RowIssue>| -> Result<(), StoreError> {
        sink(at, parser.parse(at, fields))
    };
    csv_rows(path, &mut reader, layout, start, None, size, progress, &mut one_by_one)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{read_parsed, ColumnSpec, MAX_LINE};

    const COLUMNS: [ColumnSpec; 3] = [
        ColumnSpec { name: "property_id", required: true, synonyms: &[] },
        ColumnSpec { name: "price", required: true, synonyms: &[] },
        ColumnSpec { name: "tract", required: false, synonyms: &[] },
    ];

    /// Keeps every row's fields as owned text, so that two readings can be compared.
    struct Owned;

    impl ParseRow for Owned {
        type Early = ();
        type Out<'r> = Result<Vec<Option<String>>, RowIssue>;
        fn early(&self, _: u64, _: &[Option<&str>]) {}
        fn finish<'r>(&self, _: u64, fields: Result<(&[Option<&'r str>], ()), RowIssue>) -> Self::Out<'r> {
            fields.map(|(f, ())| f.iter().map(|v| v.map(str::to_owned)).collect())
        }
    }

    type Reading = (Vec<(u64, Result<Vec<Option<String>>, RowIssue>)>, Result<(), String>);

    fn read_with(path: &Path, split: Split) -> Reading {
        let mut rows = Vec::new();
        let mut sink = |line: u64, out: Result<Vec<Option<String>>, RowIssue>| -> Result<(), StoreError> {
            rows.push((line, out));
            Ok(())
        };
        let result = read_parsed(path.into(), &COLUMNS, None, &[], None, &mut |_| {}, &Owned, &mut sink, split)
            .map_err(|e| e.to_string());
        (rows, result)
    }

    /// Row by row, and split into chunks of every size from one byte up, the
    /// same rows, lines, fields and errors.
    fn same_as_row_by_row(name: &str, bytes: &[u8]) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let expected = read_with(&path, Split { from: 0, chunk: 1 });
        for chunk in [1, 2, 7, 33, 64, 1000, 1 << 20] {
            let got = read_with(&path, Split { from: 1, chunk });
            assert_eq!(got, expected, "{name}: chunks of {chunk} bytes");
        }
    }

    fn rows(n: usize, end: &str) -> String {
        let mut s = format!("property_id,price,tract{end}");
        for i in 0..n {
            s.push_str(&format!("p{},{},t{}{end}", i % 17, 100_000 + i * 37, i % 5));
        }
        s
    }

    #[test]
    fn plain_files_split_anywhere_read_as_row_by_row() {
        same_as_row_by_row("lf.csv", rows(300, "\n").as_bytes());
        same_as_row_by_row("crlf.csv", rows(300, "\r\n").as_bytes());
        let mut no_final_end = rows(50, "\n");
        no_final_end.pop();
        same_as_row_by_row("no-final-end.csv", no_final_end.as_bytes());
        same_as_row_by_row("bom.csv", format!("\u{feff}{}", rows(40, "\n")).as_bytes());
        same_as_row_by_row("semicolons.csv", rows(40, "\n").replace(',', ";").as_bytes());
        same_as_row_by_row("header-only.csv", b"property_id,price,tract\n");
    }

    #[test]
    fn bad_rows_keep_their_lines_and_reasons_when_split() {
        let mut s = rows(30, "\n");
        s.push_str("\n\np9,1,2,3\np10,5\n\n");
        s.push_str(&rows(30, "\n")["property_id,price,tract\n".len()..]);
        let mut bytes = s.into_bytes();
        bytes.extend_from_slice(b"p\xff\xfe,100,t1\n");
        bytes.extend_from_slice(rows(20, "\r\n").as_bytes());
        same_as_row_by_row("bad-rows.csv", &bytes);
    }

    #[test]
    fn quotes_turn_to_row_by_row_from_a_safe_line_end() {
        let mut s = rows(100, "\n");
        s.push_str("\"p,1\",\"2\n00\",t1\n\"q\"\"x\",300,t2\n");
        s.push_str(&rows(100, "\n")["property_id,price,tract\n".len()..]);
        same_as_row_by_row("quotes.csv", s.as_bytes());
        same_as_row_by_row(
            "quoted-header.csv",
            format!("\"property_id\",price,tract\n{}", &rows(20, "\n")[24..]).as_bytes(),
        );
    }

    #[test]
    fn a_line_too_long_is_named_by_its_line_when_split() {
        let mut s = rows(40, "\n");
        s.push_str(&format!("p1,{},t1\n", "9".repeat(MAX_LINE as usize + 10)));
        s.push_str(&rows(5, "\n"));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("long.csv");
        std::fs::write(&path, &s).unwrap();
        let expected = read_with(&path, Split { from: 0, chunk: 1 });
        assert!(expected.1.as_ref().is_err_and(|e| e.contains("line 42") || e.contains(":42")), "{:?}", expected.1);
        for chunk in [64, 4096, 2 << 20] {
            assert_eq!(read_with(&path, Split { from: 1, chunk }), expected, "chunks of {chunk}");
        }
    }
}
