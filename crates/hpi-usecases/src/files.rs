//! `hpi calculate` on files: the inputs read by the importer's own reader
//! (`hpi_store::rows`), so that a file that imports also calculates, with
//! the same messages for the same bad rows; the rows go straight into the
//! engine's tables instead of a project.

use crate::calculate::{FileSummary, Inputs, KEPT_ISSUES};
use crate::UsecaseError;
use hpi_engine::{Attributes, AttributesBuilder, RowIssue, SalesBuilder, TractGroupsBuilder, Tracts, TractsBuilder};
use hpi_store::rows::{self, Record, Rejected};
use hpi_store::{ImportKind, ImportOptions, StoreError};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The files of a run.
#[derive(Clone, Debug, Default)]
pub struct InputFiles {
    /// Sales.
    pub transactions: PathBuf,
    /// Tracts with CBSA and centroid (RSAI).
    pub tracts: Option<PathBuf>,
    /// Tract attributes (RSAI's measure weights).
    pub attributes: Option<PathBuf>,
    /// The analyst's groups of tracts (RSAI's aggregation), `tract,group`.
    pub groups: Option<PathBuf>,
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
    let rows = hpi_store::source::likely_rows(&files.transactions).unwrap_or(0);
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
    path: &Path,
    kind: ImportKind,
    options: &ReadOptions,
    progress: &mut dyn FnMut(ImportKind, f64),
    mut push: impl FnMut(u64, Record) -> Result<(), RowIssue>,
) -> Result<FileSummary, UsecaseError> {
    let file = path.display().to_string();
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
    rows::read(path, kind, &options.import, &mut |share| progress(kind, share), &mut sink)?;
    summary.hints = hints.into_vec();
    Ok(summary)
}
