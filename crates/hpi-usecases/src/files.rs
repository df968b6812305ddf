//! `hpi calculate` on files (and the Python package on frames): the inputs read by the importer's own reader
//! (`hpi_store::rows`), so that a file that imports also calculates, with
//! the same messages for the same bad rows; the rows go straight into the
//! engine's tables instead of a project.

use crate::calculate::{FileSummary, Inputs, KEPT_ISSUES};
use crate::UsecaseError;
use hpi_engine::{Attributes, AttributesBuilder, RowIssue, SalesBuilder, TractGroupsBuilder, Tracts, TractsBuilder};
use hpi_store::rows::{self, Record, Rejected};
use hpi_store::source::{Frame, Source};
use hpi_store::values::Plausible;
use hpi_store::{ImportKind, ImportOptions, StoreError};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Where one input table comes from.
#[derive(Clone, Debug)]
pub enum Input {
    /// A CSV, Excel or Parquet file.
    File(PathBuf),
    /// A table in memory (the Python package's frames), read as a Parquet file is.
    Frame(Frame),
}

impl From<PathBuf> for Input {
    fn from(path: PathBuf) -> Input {
        Input::File(path)
    }
}

impl Input {
    /// The table for the store's reader.
    pub fn source(&self) -> Source<'_> {
        match self {
            Input::File(path) => Source::File(path),
            Input::Frame(frame) => Source::Frame(frame),
        }
    }
}

/// The input tables of a run.
#[derive(Clone, Debug)]
pub struct InputFiles {
    /// Sales.
    pub transactions: Input,
    /// Tracts with CBSA and centroid (RSAI).
    pub tracts: Option<Input>,
    /// Tract attributes (RSAI's measure weights).
    pub attributes: Option<Input>,
    /// The analyst's groups of tracts (RSAI's aggregation), `tract,group`.
    pub groups: Option<Input>,
}

/// How to read the files: the import's options (columns, dates, sheet), and
/// whether the first bad row stops the run instead of being left out.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// Columns, dates and the sheet, as for an import.
    pub import: ImportOptions,
    /// Stop at the first bad row.
    pub strict: bool,
}

/// How to read a run's tables, as a front end collects it (the CLI's flags,
/// the Python package's keywords); checked into [`ReadOptions`].
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadRequest {
    /// `(new, old)`: read column `old` as `new`.
    #[serde(default)]
    pub columns: Vec<(String, String)>,
    /// How dates are written, e.g. `%m/%d/%Y`; none for ISO and unambiguous forms.
    pub date_format: Option<String>,
    /// The Excel sheet; none for the first.
    pub sheet: Option<String>,
    /// Sales dated before this year are bad rows.
    pub earliest_year: Option<i32>,
    /// Sales dated after this year are bad rows.
    pub latest_year: Option<i32>,
    /// Prices above this are bad rows.
    pub max_price: Option<f64>,
    /// Stop at the first bad row instead of leaving it out.
    #[serde(default)]
    pub strict: bool,
}

impl ReadRequest {
    /// The checked options; `skip_bad_rows` is for imports into a project.
    pub fn options(&self, skip_bad_rows: bool) -> Result<ReadOptions, UsecaseError> {
        let plausible = Plausible::new(self.earliest_year, self.latest_year, self.max_price)
            .map_err(UsecaseError::InvalidRequest)?;
        let import = ImportOptions::new(
            self.columns.clone(),
            self.date_format.as_deref(),
            self.sheet.as_deref(),
            skip_bad_rows,
            plausible,
        );
        Ok(ReadOptions { import, strict: self.strict })
    }
}

/// Where a read finds each column of a table of `kind` in its `header`:
/// `(the engine's name, the header's position)` for those found; `None` when
/// a required one is missing, which the read itself then reports. The others
/// are never looked at.
pub fn find_columns(kind: ImportKind, header: &[String], options: &ReadOptions) -> Option<Vec<(&'static str, usize)>> {
    let found = hpi_store::source::resolve(header, kind.columns(), &options.import.map).ok()?;
    Some(kind.columns().iter().zip(found).filter_map(|(c, at)| Some((c.name, at?))).collect())
}

/// Reads the files a run needs: tracts and attributes only for RSAI.
/// `progress` gets each file's kind and the share of it read.
pub fn load_files(
    files: &InputFiles,
    options: &ReadOptions,
    rsai: bool,
    progress: &mut dyn FnMut(ImportKind, f64),
) -> Result<Inputs, UsecaseError> {
    if rsai && files.tracts.is_none() {
        return Err(UsecaseError::InvalidRequest("the RSAI method needs a tracts file".into()));
    }
    let mut summaries = Vec::new();
    let (mut tracts, mut attributes) = (Tracts::default(), Attributes::default());
    if let (true, Some(path)) = (rsai, &files.tracts) {
        let mut b = TractsBuilder::default();
        summaries.push(read(path, ImportKind::Tracts, options, progress, |line, record| match record {
            Record::Tract(t) => b.push_values(line, t.tract, t.cbsa, t.lat, t.lon),
            _ => unreachable!("a tracts file gives tract records"),
        })?);
        tracts = b.finish();
        if let Some(path) = &files.attributes {
            let mut b = AttributesBuilder::new(&tracts);
            summaries.push(read(path, ImportKind::Attributes, options, progress, |line, record| match record {
                Record::Attributes(a) => b.push_values(line, a.tract, a.year, a.values),
                _ => unreachable!("an attributes file gives attribute records"),
            })?);
            attributes = b.finish();
        }
        if let Some(path) = &files.groups {
            let mut b = TractGroupsBuilder::new(&tracts);
            summaries.push(read(path, ImportKind::Groups, options, progress, |line, record| match record {
                Record::Group(g) => b.push_values(line, g.tract, g.group),
                _ => unreachable!("a groups file gives group records"),
            })?);
            let groups = b.finish();
            tracts.groups = groups;
        }
    }
    let rows = files.transactions.source().likely_rows();
    let mut b = SalesBuilder::with_capacity(rsai.then_some(&tracts), rows);
    summaries.push(read(
        &files.transactions,
        ImportKind::Transactions,
        options,
        progress,
        |line, record| match record {
            Record::Sale(s) => {
                b.push_values(line, s.property_id, s.date, s.price, s.tract, s.cbsa)?;
                // The reader checked the weight (a number, not negative).
                if let Some(w) = s.weight {
                    b.weight_last(w);
                }
                Ok(())
            }
            _ => unreachable!("a transactions file gives sale records"),
        },
    )?);
    let sales = b.finish();
    Ok(Inputs { sales, tracts, attributes, files: summaries })
}

/// Reads one file, handing each good record to `push` (which may still
/// refuse it: an unknown tract, a duplicate) and counting the bad rows.
fn read(
    input: &Input,
    kind: ImportKind,
    options: &ReadOptions,
    progress: &mut dyn FnMut(ImportKind, f64),
    mut push: impl FnMut(u64, Record) -> Result<(), RowIssue>,
) -> Result<FileSummary, UsecaseError> {
    let source = input.source();
    let file = source.name();
    let mut summary = FileSummary {
        file: file.clone(),
        kind,
        rows: 0,
        accepted: 0,
        rejected_by_reason: BTreeMap::new(),
        rejected: Vec::new(),
        hints: Vec::new(),
    };
    let mut hints = hpi_store::hint::Hints::default();
    let mut sink = |line: u64, record: Result<Record, Rejected>| -> Result<(), StoreError> {
        summary.rows += 1;
        match record.and_then(|r| push(line, r).map_err(Rejected::from)) {
            Ok(()) => summary.accepted += 1,
            Err(Rejected { issue, hint }) => {
                if options.strict {
                    let message = format!("{}: {}", issue.column, issue.reason);
                    return Err(StoreError::BadFile { file: file.clone(), line: issue.line, message, hint });
                }
                hints.add(hint);
                *summary.rejected_by_reason.entry(issue.kind()).or_default() += 1;
                if summary.rejected.len() < KEPT_ISSUES {
                    summary.rejected.push(issue);
                }
            }
        }
        Ok(())
    };
    rows::read(source, kind, &options.import, &mut |share| progress(kind, share), &mut sink)?;
    summary.hints = hints.into_vec();
    Ok(summary)
}
