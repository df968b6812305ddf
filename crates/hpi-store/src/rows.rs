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
    let text = |k: usize| f[k].map(str::trim).unwrap_or("");
    let optional = |k: usize| f[k].map(str::trim).filter(|t| !t.is_empty());
    let required = |k: usize, column: &str| -> Result<&'a str, RowIssue> {
        match f[k].map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) => Ok(t),
            None => Err(RowIssue::new(line, column, format!("empty {column}"))),
        }
    };
    Ok(match kind {
        ImportKind::Transactions => {
            let property_id = required(0, "property_id")?;
            let date = dates.parse(text(1)).map_err(|DateIssue { reason, hint }| Rejected {
                issue: RowIssue::new(line, "sale_date", reason),
                hint,
            })?;
            let implausible = |column: &str, reason: String| Rejected {
                issue: RowIssue::new(line, column, reason),
                hint: Some(Hint::PlausibleRange),
            };
            let date = plausible.date(date).map_err(|r| implausible("sale_date", r))?;
            let price = parse_price(text(2)).map_err(|r| RowIssue::new(line, "price", r))?;
            let price = plausible.price(price).map_err(|r| implausible("price", r))?;
            let weight = parse_measure(text(5)).map_err(|r| RowIssue::new(line, "weight", r))?;
            Record::Sale(SaleRecord { property_id, date, price, tract: optional(3), cbsa: optional(4), weight })
        }
        ImportKind::Tracts => {
            let tract = required(0, "tract")?;
            let cbsa = required(1, "cbsa")?;
            let lat = parse_coordinate(text(2), 90.0).map_err(|r| RowIssue::new(line, "lat", r))?;
            let lon = parse_coordinate(text(3), 180.0).map_err(|r| RowIssue::new(line, "lon", r))?;
            Record::Tract(TractRecord { tract, cbsa, lat, lon })
        }
        ImportKind::Attributes => {
            let tract = required(0, "tract")?;
            let year = parse_year(text(1)).map_err(|r| RowIssue::new(line, "year", r))?;
            let mut values = [None; 5];
            for (k, (slot, attribute)) in values.iter_mut().zip(Attribute::ALL).enumerate() {
                *slot = parse_measure(text(k + 2)).map_err(|r| RowIssue::new(line, attribute.column(), r))?;
            }
            Record::Attributes(AttributeRecord { tract, year, values })
        }
        ImportKind::Groups => Record::Group(GroupRecord { tract: required(0, "tract")?, group: required(1, "group")? }),
        ImportKind::Benchmark => Record::Benchmark(crate::published::record(line, f)?),
    })
}

/// [`parse`] for one kind of file, as the readers call it (in parallel on large CSV files).
struct Parser<'o> {
    kind: ImportKind,
    options: &'o ImportOptions,
}

impl source::ParseRow for Parser<'_> {
    type Out<'r> = Result<Record<'r>, Rejected>;

    fn parse<'r>(&self, line: u64, fields: Result<&[Option<&'r str>], RowIssue>) -> Self::Out<'r> {
        let options = self.options;
        fields.map_err(Rejected::from).and_then(|f| parse(self.kind, line, f, &options.date_format, &options.plausible))
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
