//! Reading the CSV inputs of `hpi calculate` into engine tables, with every
//! rejected row kept as `file:line: column: reason`.

use crate::error::CliError;
use hpi_engine::{Attribute, Attributes, AttributesBuilder, RowIssue, Sales, SalesBuilder, Tracts, TractsBuilder};
pub use hpi_usecases::calculate::{FileSummary, KEPT_ISSUES};
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::BTreeMap;
use std::path::Path;

/// `--map new=old` pairs: read column `old` as `new`.
#[derive(Clone, Debug, Default)]
pub struct ColumnMap(pub Vec<(String, String)>);

impl ColumnMap {
    /// Parses `new=old,new2=old2` (the flag may be repeated). A file without
    /// column `old` is read by the name `new` as usual.
    pub fn parse(specs: &[String]) -> Result<Self, CliError> {
        let mut pairs = Vec::new();
        for spec in specs.iter().flat_map(|s| s.split(',')).filter(|s| !s.trim().is_empty()) {
            let (new, old) =
                spec.split_once('=').ok_or_else(|| CliError::Usage(format!("--map expects new=old, got '{spec}'")))?;
            pairs.push((new.trim().to_owned(), old.trim().to_owned()));
        }
        Ok(ColumnMap(pairs))
    }

    fn source<'a>(&'a self, name: &'a str) -> &'a str {
        self.0.iter().find(|(new, _)| new == name).map_or(name, |(_, old)| old.as_str())
    }
}

const MAX_COLUMNS: usize = 8;

struct Column {
    name: &'static str,
    required: bool,
}

const fn req(name: &'static str) -> Column {
    Column { name, required: true }
}
const fn opt(name: &'static str) -> Column {
    Column { name, required: false }
}

/// Reads a CSV file and hands each data row's fields (in `columns` order,
/// `None` for an absent optional column) to `row`.
fn read_rows(
    path: &Path,
    kind: &'static str,
    columns: &[Column],
    map: &ColumnMap,
    strict: bool,
    mut row: impl FnMut(u64, &[Option<&str>]) -> Result<(), RowIssue>,
) -> Result<FileSummary, CliError> {
    let file = path.display().to_string();
    let bad = |line: u64, message: String| CliError::BadInput { file: file.clone(), line, message };
    let handle = std::fs::File::open(path).map_err(|source| CliError::Read { path: path.into(), source })?;
    let size = handle.metadata().map(|m| m.len()).unwrap_or(0);
    let mut reader =
        csv::ReaderBuilder::new().flexible(true).from_reader(std::io::BufReader::with_capacity(1 << 20, handle));
    let header: Vec<String> = reader
        .byte_headers()
        .map_err(|e| bad(1, format!("cannot read the header: {e}")))?
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().trim_start_matches('\u{feff}').trim().to_owned())
        .collect();
    let wanted: Vec<&str> = columns.iter().map(|c| c.name).collect();
    if header.iter().all(String::is_empty) {
        return Err(bad(1, format!("empty file: expected a header with the columns {}", wanted.join(","))));
    }
    if header.len() == 1 {
        for (sep, name) in [(';', "semicolons"), ('\t', "tabs"), ('|', "vertical bars")] {
            if header[0].contains(sep) {
                return Err(bad(
                    1,
                    format!("the header looks separated by {name}; hpi calculate reads comma-separated files"),
                ));
            }
        }
    }
    let mut index = Vec::with_capacity(columns.len());
    for c in columns {
        // A mapping applies to the files that have its source column; the
        // others are read by the column's own name.
        let source = map.source(c.name);
        let position = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
        let found = position(source).or_else(|| position(c.name));
        if found.is_none() && c.required {
            let hint = if source == c.name {
                format!("; use --map {}=NAME to read another column", c.name)
            } else {
                String::new()
            };
            return Err(bad(
                1,
                format!("column '{source}': missing from the header (found: {}){hint}", header.join(",")),
            ));
        }
        index.push(found);
    }
    let progress = ProgressBar::with_draw_target(Some(size), indicatif::ProgressDrawTarget::stderr());
    progress.set_style(
        ProgressStyle::with_template("{msg:>12} [{bar:30}] {bytes}/{total_bytes} {elapsed}")
            .expect("template")
            .progress_chars("=> "),
    );
    progress.set_message(format!("Reading {kind}"));
    let mut summary = FileSummary {
        file: file.clone(),
        kind,
        rows: 0,
        accepted: 0,
        rejected_by_reason: BTreeMap::new(),
        rejected: Vec::new(),
    };
    let mut record = csv::ByteRecord::new();
    assert!(columns.len() <= MAX_COLUMNS);
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(summary.rows + 2, |p| p.line());
                return Err(bad(line, format!("cannot read the row: {e}")));
            }
        }
        let line = record.position().map_or(summary.rows + 2, |p| p.line());
        summary.rows += 1;
        if summary.rows.is_multiple_of(65_536) {
            progress.set_position(record.position().map_or(0, |p| p.byte()));
        }
        let mut fields: [Option<&str>; MAX_COLUMNS] = [None; MAX_COLUMNS];
        let result = if record.len() != header.len() {
            Err(RowIssue {
                line,
                column: "(row)".into(),
                reason: format!("has '{}' fields where the header has {}", record.len(), header.len()),
            })
        } else {
            let mut utf8 = Ok(());
            for (k, (c, i)) in columns.iter().zip(&index).enumerate() {
                let value = i.map(|i| std::str::from_utf8(&record[i]));
                match value {
                    Some(Ok(v)) => fields[k] = Some(v),
                    Some(Err(_)) => {
                        utf8 = Err(RowIssue { line, column: c.name.into(), reason: "not valid UTF-8 text".into() });
                        break;
                    }
                    None => {}
                }
            }
            utf8.and_then(|_| row(line, &fields[..columns.len()]))
        };
        match result {
            Ok(()) => summary.accepted += 1,
            Err(issue) => {
                if strict {
                    return Err(bad(issue.line, format!("{}: {}", issue.column, issue.reason)));
                }
                *summary.rejected_by_reason.entry(issue.kind()).or_default() += 1;
                if summary.rejected.len() < KEPT_ISSUES {
                    summary.rejected.push(issue);
                }
            }
        }
    }
    progress.finish_and_clear();
    Ok(summary)
}

/// Reads a tracts file: `tract,cbsa,lat,lon`.
pub fn read_tracts(path: &Path, map: &ColumnMap, strict: bool) -> Result<(Tracts, FileSummary), CliError> {
    let mut b = TractsBuilder::default();
    let cols = [req("tract"), req("cbsa"), req("lat"), req("lon")];
    let s = read_rows(path, "tracts", &cols, map, strict, |line, f| {
        b.push(line, f[0].unwrap_or(""), f[1].unwrap_or(""), f[2].unwrap_or(""), f[3].unwrap_or(""))
    })?;
    Ok((b.finish(), s))
}

/// Reads an attributes file: `tract,year` and any of the five measures.
pub fn read_attributes(
    path: &Path,
    tracts: &Tracts,
    map: &ColumnMap,
    strict: bool,
) -> Result<(Attributes, FileSummary), CliError> {
    let mut b = AttributesBuilder::new(tracts);
    let cols = [
        req("tract"),
        req("year"),
        opt(Attribute::Units.column()),
        opt(Attribute::MedianValue.column()),
        opt(Attribute::Upb.column()),
        opt(Attribute::College.column()),
        opt(Attribute::Nonwhite.column()),
    ];
    let s = read_rows(path, "attributes", &cols, map, strict, |line, f| {
        b.push(line, f[0].unwrap_or(""), f[1].unwrap_or(""), [f[2], f[3], f[4], f[5], f[6]])
    })?;
    Ok((b.finish(), s))
}

/// Reads transactions: `property_id,sale_date,price` and `tract`, `cbsa`;
/// `tract` is required when `tracts` is given (RSAI).
pub fn read_sales(
    path: &Path,
    tracts: Option<&Tracts>,
    map: &ColumnMap,
    strict: bool,
) -> Result<(Sales, FileSummary), CliError> {
    let mut b = SalesBuilder::new(tracts);
    let tract = Column { name: "tract", required: tracts.is_some() };
    let cols = [req("property_id"), req("sale_date"), req("price"), tract, opt("cbsa")];
    let s = read_rows(path, "transactions", &cols, map, strict, |line, f| {
        b.push(line, f[0].unwrap_or(""), f[1].unwrap_or(""), f[2].unwrap_or(""), f[3], f[4])
    })?;
    Ok((b.finish(), s))
}
