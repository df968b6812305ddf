//! The one reader of input files: a CSV, Excel or Parquet file's rows as
//! typed records, each bad row as a [`Rejected`] with its line, column and
//! reason. Imports store the records; `hpi calculate` on files hands them
//! to the engine's builders. Both therefore accept the same files and say
//! the same things about the same bad rows.

use crate::hint::Hint;
use crate::import::{ImportKind, ImportOptions};
use crate::source::{self, Source};
use crate::values::{parse_coordinate, parse_measure, parse_price, parse_year, DateFormat, DateIssue, Plausible};
use crate::StoreError;
use hpi_engine::{Attribute, Date, RowIssue};

/// One sale.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SaleRecord<'a> {
    /// The property's id.
    pub property_id: &'a str,
    /// The sale date.
    pub date: Date,
    /// The price.
    pub price: f64,
    /// The tract, when the file has one.
    pub tract: Option<&'a str>,
    /// The CBSA, when the file has one.
    pub cbsa: Option<&'a str>,
    /// The analyst's weight of the pair this sale ends, when the file has one.
    pub weight: Option<f64>,
}

/// One tract with its CBSA and centroid.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TractRecord<'a> {
    /// The tract's id.
    pub tract: &'a str,
    /// Its CBSA.
    pub cbsa: &'a str,
    /// Centroid latitude.
    pub lat: f64,
    /// Centroid longitude.
    pub lon: f64,
}

/// One tract's attributes in one year.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AttributeRecord<'a> {
    /// The tract's id.
    pub tract: &'a str,
    /// The year.
    pub year: i32,
    /// The measures in [`Attribute::ALL`] order; `None` where absent.
    pub values: [Option<f64>; 5],
}

/// One tract's membership of one of the analyst's groups.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GroupRecord<'a> {
    /// The tract's id.
    pub tract: &'a str,
    /// The group's name.
    pub group: &'a str,
}

/// A row of any kind.
#[derive(Clone, Debug, PartialEq)]
pub enum Record<'a> {
    /// A transactions row.
    Sale(SaleRecord<'a>),
    /// A tracts row.
    Tract(TractRecord<'a>),
    /// An attributes row.
    Attributes(AttributeRecord<'a>),
    /// A groups row.
    Group(GroupRecord<'a>),
    /// A value of a published series.
    Benchmark(crate::published::BenchmarkRecord<'a>),
}

/// A row that cannot be used, and what the user could do about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Rejected {
    /// Line, column and reason.
    pub issue: RowIssue,
    /// What would let rows like it through, if anything.
    pub hint: Option<Hint>,
}

impl From<RowIssue> for Rejected {
    fn from(issue: RowIssue) -> Self {
        Rejected { issue, hint: None }
    }
}

/// Turns one row's wanted fields (in [`ImportKind::columns`] order) into a record.
pub fn parse<'a>(
    kind: ImportKind,
    line: u64,
    f: &[Option<&'a str>],
    dates: &DateFormat,
    plausible: &Plausible,
) -> Result<Record<'a>, Rejected> {
    parse_with(kind, line, f, dates, plausible, None)
}

/// A row's numbers (a sale's date, price and weight; a tract's centroid; an
/// attributes row's year and measures), read from its fields.
#[derive(Clone, Copy, Debug)]
enum Numbers {
    Sale { date: Date, price: f64, weight: Option<f64> },
    Tract { lat: f64, lon: f64 },
    Attributes { year: i32, values: [Option<f64>; 5] },
}

/// A row's numbers or why they cannot be read. The reason is boxed: the
/// numbers of a chunk's rows are held side by side, and most rows are good.
type Read = Result<Numbers, Box<Rejected>>;

/// The numbers of a row of `kind`, in the order [`parse_with`] checks them
/// (after the ids, which it checks first); `None` for kinds without any.
fn numbers(kind: ImportKind, line: u64, f: &[Option<&str>], dates: &DateFormat, plausible: &Plausible) -> Option<Read> {
    let text = |k: usize| f[k].map(str::trim).unwrap_or("");
    let implausible = |column: &str, reason: String| Rejected {
        issue: RowIssue::new(line, column, reason),
        hint: Some(Hint::PlausibleRange),
    };
    let read = || -> Result<Numbers, Rejected> {
        Ok(match kind {
            ImportKind::Transactions => {
                let date = dates.parse(text(1)).map_err(|DateIssue { reason, hint }| Rejected {
                    issue: RowIssue::new(line, "sale_date", reason),
                    hint,
                })?;
                let date = plausible.date(date).map_err(|r| implausible("sale_date", r))?;
                let price = parse_price(text(2)).map_err(|r| RowIssue::new(line, "price", r))?;
                let price = plausible.price(price).map_err(|r| implausible("price", r))?;
                let weight = parse_measure(text(5)).map_err(|r| RowIssue::new(line, "weight", r))?;
                Numbers::Sale { date, price, weight }
            }
            ImportKind::Tracts => {
                let lat = parse_coordinate(text(2), 90.0).map_err(|r| RowIssue::new(line, "lat", r))?;
                let lon = parse_coordinate(text(3), 180.0).map_err(|r| RowIssue::new(line, "lon", r))?;
                Numbers::Tract { lat, lon }
            }
            ImportKind::Attributes => {
                let year = parse_year(text(1)).map_err(|r| RowIssue::new(line, "year", r))?;
                let mut values = [None; 5];
                for (k, (slot, attribute)) in values.iter_mut().zip(Attribute::ALL).enumerate() {
                    *slot = parse_measure(text(k + 2)).map_err(|r| RowIssue::new(line, attribute.column(), r))?;
                }
                Numbers::Attributes { year, values }
            }
            ImportKind::Groups | ImportKind::Benchmark => unreachable!("no numbers are read first for {kind:?}"),
        })
    };
    match kind {
        ImportKind::Groups | ImportKind::Benchmark => None,
        _ => Some(read().map_err(Box::new)),
    }
}

/// [`parse`], with the row's numbers already read when `read` is given.
fn parse_with<'a>(
    kind: ImportKind,
    line: u64,
    f: &[Option<&'a str>],
    dates: &DateFormat,
    plausible: &Plausible,
    read: Option<Read>,
) -> Result<Record<'a>, Rejected> {
    let optional = |k: usize| f[k].map(str::trim).filter(|t| !t.is_empty());
    let required = |k: usize, column: &str| -> Result<&'a str, RowIssue> {
        match f[k].map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) => Ok(t),
            None => Err(RowIssue::new(line, column, format!("empty {column}"))),
        }
    };
    // The ids are checked first, so that a row with several faults is named
    // by the same one wherever its numbers were read.
    let ids = match kind {
        ImportKind::Transactions => [required(0, "property_id")?, ""],
        ImportKind::Tracts => [required(0, "tract")?, required(1, "cbsa")?],
        ImportKind::Attributes => [required(0, "tract")?, ""],
        ImportKind::Groups => {
            return Ok(Record::Group(GroupRecord { tract: required(0, "tract")?, group: required(1, "group")? }))
        }
        ImportKind::Benchmark => return Ok(Record::Benchmark(crate::published::record(line, f)?)),
    };
    let numbers =
        read.or_else(|| numbers(kind, line, f, dates, plausible)).expect("the kind has numbers").map_err(|r| *r)?;
    Ok(match numbers {
        Numbers::Sale { date, price, weight } => {
            Record::Sale(SaleRecord { property_id: ids[0], date, price, tract: optional(3), cbsa: optional(4), weight })
        }
        Numbers::Tract { lat, lon } => Record::Tract(TractRecord { tract: ids[0], cbsa: ids[1], lat, lon }),
        Numbers::Attributes { year, values } => Record::Attributes(AttributeRecord { tract: ids[0], year, values }),
    })
}

/// [`parse`] for one kind of file, as the readers call it. On a large CSV
/// file a row's numbers are read on the thread that splits the rows
/// ([`source::ParseRow::early`]), the rest on the caller's.
struct Parser<'o> {
    kind: ImportKind,
    options: &'o ImportOptions,
}

impl source::ParseRow for Parser<'_> {
    type Early = Option<Read>;
    type Out<'r> = Result<Record<'r>, Rejected>;

    fn early(&self, line: u64, fields: &[Option<&str>]) -> Self::Early {
        numbers(self.kind, line, fields, &self.options.date_format, &self.options.plausible)
    }

    fn finish<'r>(&self, line: u64, fields: Result<(&[Option<&'r str>], Self::Early), RowIssue>) -> Self::Out<'r> {
        let options = self.options;
        let (f, values) = fields?;
        parse_with(self.kind, line, f, &options.date_format, &options.plausible, values)
    }
}

/// Receives each data row's line and its record, or why it was rejected.
pub type RecordSink<'a> = dyn FnMut(u64, Result<Record<'_>, Rejected>) -> Result<(), StoreError> + 'a;

/// Reads every row of `source` as `kind` (columns by name, synonym or
/// `options.map`; dates by `options.date_format`; the sheet of a workbook by
/// `options.sheet`). `progress` gets the share of the table read (0..1).
pub fn read<'s>(
    source: impl Into<Source<'s>>,
    kind: ImportKind,
    options: &ImportOptions,
    progress: &mut dyn FnMut(f64),
    sink: &mut RecordSink,
) -> Result<(), StoreError> {
    let source = source.into();
    let mut seen = 0u64;
    let parser = Parser { kind, options };
    let mut rows = |line: u64, record: Result<Record<'_>, Rejected>| -> Result<(), StoreError> {
        seen += 1;
        sink(line, record)
    };
    source::read_parsed(
        source,
        kind.columns(),
        kind.assumed_header(),
        &options.map,
        options.sheet.as_deref(),
        progress,
        &parser,
        &mut rows,
        source::parallel::Split::default(),
    )?;
    // A header alone is an export gone wrong far more often than a table meant to be empty.
    if seen == 0 {
        return Err(StoreError::BadFile {
            file: source.name(),
            line: 2,
            message: "(row): the file has a header but no data rows".into(),
            hint: None,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::parallel::Split;

    /// Every record, or the rejection's line, column, reason and hint, as text.
    fn read_split(path: &std::path::Path, kind: ImportKind, split: Split) -> (Vec<String>, Result<(), String>) {
        let options = ImportOptions::default();
        let parser = Parser { kind, options: &options };
        let mut seen = Vec::new();
        let mut sink = |line: u64, record: Result<Record<'_>, Rejected>| -> Result<(), StoreError> {
            seen.push(format!("{line}: {record:?}"));
            Ok(())
        };
        let result = source::read_parsed(
            path.into(),
            kind.columns(),
            kind.assumed_header(),
            &options.map,
            None,
            &mut |_| {},
            &parser,
            &mut sink,
            split,
        )
        .map_err(|e| e.to_string());
        (seen, result)
    }

    /// Sales whose dates and prices are read on the splitting thread give the
    /// records and rejections, in the order of their faults, that reading
    /// row by row gives.
    #[test]
    fn sales_read_in_chunks_are_read_as_row_by_row() {
        let mut text = String::from("property_id,sale_date,price,tract,cbsa,weight,other\n");
        let rows = [
            "p1,2010-03-31,250000,t1,c1,,x",
            " p2 , 2011-01-02 , 300000 , t2 , , 1.5,x",
            ",not a date,-5,t1,c1,,x",
            "p3,not a date,-5,t1,c1,,x",
            "p4,2010-13-01,100,t1,c1,,x",
            "p5,1066-01-01,100,t1,c1,,x",
            "p6,2012-05-05,$1\u{a0}200,t1,c1,,x",
            "p7,2012-05-05,0,t1,c1,,x",
            "p8,2012-05-05,9e300,t1,c1,,x",
            "p9,2012-05-05,120000,t1,c1,-1,x",
            "p10,2012-05-05,120000,t1",
            "p11,2012-05-05,120000,t1,c1,,x,extra",
            "p12,2012-05-05,120000,,,2,x",
            "p\u{e9}13,2012-05-05,120000,t\u{e9},c1,,x",
        ];
        for i in 0..40 {
            text.push_str(rows[i % rows.len()]);
            text.push('\n');
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sales.csv");
        std::fs::write(&path, &text).unwrap();
        let kind = ImportKind::Transactions;
        let expected = read_split(&path, kind, Split { from: 0, chunk: 1 });
        assert_eq!(expected.0.len(), 40);
        assert!(expected.0.iter().any(|r| r.contains("Sale(")) && expected.0.iter().any(|r| r.contains("Err(")));
        for chunk in [40, 100, 333, 1 << 20] {
            assert_eq!(read_split(&path, kind, Split { from: 1, chunk }), expected, "chunks of {chunk} bytes");
        }
        // The same rows with Windows line ends.
        std::fs::write(&path, text.replace('\n', "\r\n")).unwrap();
        assert_eq!(read_split(&path, kind, Split { from: 0, chunk: 1 }), expected, "CRLF row by row");
        for chunk in [40, 100, 333, 1 << 20] {
            assert_eq!(read_split(&path, kind, Split { from: 1, chunk }), expected, "CRLF, chunks of {chunk} bytes");
        }
        // A field of an unwanted column that is not UTF-8 is no fault; one of a wanted column is.
        let mut bytes = text.into_bytes();
        bytes.extend_from_slice(b"p14,2012-05-05,120000,t1,c1,,\xff\n");
        bytes.extend_from_slice(b"p15,2012-05-05,120000,t\xff,c1,,x\n");
        std::fs::write(&path, &bytes).unwrap();
        let expected = read_split(&path, kind, Split { from: 0, chunk: 1 });
        assert!(expected.0[40].contains("Sale("), "{}", expected.0[40]);
        assert!(expected.0[41].contains("not valid UTF-8"), "{}", expected.0[41]);
        for chunk in [40, 100, 333, 1 << 20] {
            assert_eq!(read_split(&path, kind, Split { from: 1, chunk }), expected, "chunks of {chunk} bytes");
        }
    }

    /// Tracts and attributes read the same in chunks, faults and all.
    #[test]
    fn tracts_and_attributes_read_in_chunks_are_read_as_row_by_row() {
        let mut tracts = String::from("tract,cbsa,lat,lon\n");
        let mut attributes = String::from("tract,year,units,median_value,upb,college,nonwhite\n");
        for i in 0..30 {
            let id = if i % 11 == 5 { String::new() } else { format!("t{i}") };
            tracts.push_str(&format!("{id},c{},{}.5,-{}.25\n", i % 3, 30 + i, 100 + i * 4));
            let year = if i % 13 == 7 { "19x0".to_owned() } else { (1990 + i).to_string() };
            let units = if i % 7 == 3 { "many" } else { "12.5" };
            let nonwhite = if i % 5 == 2 { "-1" } else { "40" };
            attributes.push_str(&format!("{id},{year},{units},250000,NA,{},{nonwhite}\n", i % 4));
        }
        let dir = tempfile::tempdir().unwrap();
        for (name, kind, text) in
            [("tracts.csv", ImportKind::Tracts, &tracts), ("attributes.csv", ImportKind::Attributes, &attributes)]
        {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            let expected = read_split(&path, kind, Split { from: 0, chunk: 1 });
            assert_eq!(expected.0.len(), 30);
            assert!(expected.0.iter().any(|r| r.contains("Err(")), "{name} has faults");
            assert!(expected.0.iter().any(|r| r.contains("Ok(")), "{name} has good rows");
            for chunk in [20, 64, 300, 1 << 20] {
                assert_eq!(
                    read_split(&path, kind, Split { from: 1, chunk }),
                    expected,
                    "{name}: chunks of {chunk} bytes"
                );
            }
        }
    }
}
