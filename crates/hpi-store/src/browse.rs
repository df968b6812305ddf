//! A project's tables a page at a time, and a preview of an import, for
//! people looking at their data before and after importing it.

use crate::import::{import_uncommitted, ImportKind, ImportOptions, ImportReport};
use crate::source::{self, resolve};
use crate::{Project, StoreError};
use serde::Serialize;
use std::path::Path;

/// Rows of one table, as text for display.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page {
    /// Column names.
    pub columns: Vec<String>,
    /// The rows, each cell as shown (None where the value is missing).
    pub rows: Vec<Vec<Option<String>>>,
    /// Rows in the whole table.
    pub total: i64,
    /// The first row's position in the table (0-based).
    pub offset: i64,
}

fn select(kind: ImportKind) -> (&'static [&'static str], &'static str, &'static str) {
    // Dates are stored as yyyymmdd integers; people read them as ISO dates.
    match kind {
        ImportKind::Transactions => (
            &["property_id", "sale_date", "price", "tract", "cbsa", "weight", "import", "line"],
            "SELECT property_id, printf('%04d-%02d-%02d', sale_date / 10000, sale_date / 100 % 100, sale_date % 100),
                    price, tract, cbsa, weight, import_id, line FROM transactions",
            "id",
        ),
        ImportKind::Tracts => (
            &["tract", "cbsa", "lat", "lon", "import", "line"],
            "SELECT tract, cbsa, lat, lon, import_id, line FROM tracts",
            "cbsa, tract",
        ),
        ImportKind::Attributes => (
            &["tract", "year", "units", "median_value", "upb", "college", "nonwhite", "import", "line"],
            "SELECT tract, year, units, median_value, upb, college, nonwhite, import_id, line FROM tract_attributes",
            "tract, year",
        ),
        ImportKind::Groups => (
            &["tract", "group", "import", "line"],
            "SELECT tract, group_name, import_id, line FROM tract_groups",
            "group_name, tract",
        ),
        ImportKind::Benchmark => (
            &["region", "period", "series", "name", "index", "index_sa", "se", "import", "line"],
            "SELECT region, CASE periodicity WHEN 'annual' THEN printf('%d', period)
                      WHEN 'quarterly' THEN printf('%d-Q%d', period / 4, period % 4 + 1)
                      ELSE printf('%d-%02d', period / 12, period % 12 + 1) END,
                    series, name, value, value_sa, se, import_id, line FROM benchmark_values",
            "import_id, series, region, periodicity, period",
        ),
    }
}

fn text(value: rusqlite::types::ValueRef<'_>) -> Option<String> {
    use rusqlite::types::ValueRef;
    match value {
        ValueRef::Null => None,
        ValueRef::Integer(i) => Some(i.to_string()),
        ValueRef::Real(f) => Some(f.to_string()),
        ValueRef::Text(t) | ValueRef::Blob(t) => Some(String::from_utf8_lossy(t).into_owned()),
    }
}

fn rows(
    conn: &rusqlite::Connection,
    kind: ImportKind,
    import_id: Option<i64>,
    offset: i64,
    limit: i64,
) -> Result<Vec<Vec<Option<String>>>, StoreError> {
    let (columns, sql, order) = select(kind);
    let filter = if import_id.is_some() { " WHERE import_id = ?3" } else { " WHERE ?3 IS NULL" };
    let mut stmt = conn.prepare(&format!("{sql}{filter} ORDER BY {order} LIMIT ?1 OFFSET ?2"))?;
    let mut out = Vec::new();
    let mut found = stmt.query((limit, offset, import_id))?;
    while let Some(row) = found.next()? {
        out.push((0..columns.len()).map(|i| row.get_ref(i).map(text)).collect::<Result<_, _>>()?);
    }
    Ok(out)
}

impl Project {
    /// `limit` rows of a table from row `offset` (transactions in import
    /// order, tracts by CBSA, attributes by tract and year).
    pub fn page(&self, kind: ImportKind, offset: i64, limit: i64) -> Result<Page, StoreError> {
        let table = match kind {
            ImportKind::Transactions => "transactions",
            ImportKind::Tracts => "tracts",
            ImportKind::Attributes => "tract_attributes",
            ImportKind::Groups => "tract_groups",
            ImportKind::Benchmark => "benchmark_values",
        };
        let total = self.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
        let (columns, _, _) = select(kind);
        let rows = rows(&self.conn, kind, None, offset.max(0), limit.clamp(0, 10_000))?;
        Ok(Page { columns: columns.iter().map(|c| c.to_string()).collect(), rows, total, offset })
    }
}

/// A tract's centroid.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Centroid {
    /// Tract.
    pub tract: String,
    /// CBSA.
    pub cbsa: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

impl Project {
    /// Every tract's centroid, by CBSA and tract.
    pub fn centroids(&self) -> Result<Vec<Centroid>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT tract, cbsa, lat, lon FROM tracts ORDER BY cbsa, tract")?;
        let rows =
            stmt.query_map([], |r| Ok(Centroid { tract: r.get(0)?, cbsa: r.get(1)?, lat: r.get(2)?, lon: r.get(3)? }))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Where the import finds one wanted column.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ColumnMatch {
    /// The column in the project.
    pub column: String,
    /// Whether a file must have it.
    pub required: bool,
    /// The file's header it is read from, if any.
    pub source: Option<String>,
}

/// What importing a file would do, without changing the project.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportPreview {
    /// The file's header row.
    pub header: Vec<String>,
    /// Where each wanted column comes from.
    pub columns: Vec<ColumnMatch>,
    /// Why the file as a whole cannot be imported (missing column, unreadable file, earlier import).
    pub problem: Option<String>,
    /// What the user could change about that problem.
    pub hints: Vec<crate::Hint>,
    /// Row counts and the bad rows, as the import would find them.
    pub report: Option<ImportReport>,
    /// The first good rows as they would be stored.
    pub sample: Option<Page>,
}

/// Reads the whole file as an import would, inside a transaction that is
/// rolled back: every bad row is found, and the project is left unchanged.
pub fn preview(
    project: &mut Project,
    path: &Path,
    kind: ImportKind,
    options: &ImportOptions,
    sample_rows: i64,
) -> Result<ImportPreview, StoreError> {
    let header = source::header(path, options.sheet.as_deref())?;
    let found = resolve(&header, kind.columns(), &options.map).ok();
    let columns = kind
        .columns()
        .iter()
        .enumerate()
        .map(|(k, c)| ColumnMatch {
            column: c.name.into(),
            required: c.required,
            source: found.as_ref().and_then(|f| f[k]).map(|i| header[i].clone()),
        })
        .collect();
    let mut preview = ImportPreview { header, columns, problem: None, hints: Vec::new(), report: None, sample: None };
    let mut options = options.clone();
    // Every row is read so that every bad one is listed; good ones are kept
    // only until the rollback.
    options.skip_bad_rows = true;
    match import_uncommitted(project, path, kind, &options, &mut |_| {}) {
        Ok((tx, report)) => {
            let (cols, _, _) = select(kind);
            let rows = rows(&tx, kind, Some(report.import_id), 0, sample_rows)?;
            let total = report.accepted as i64;
            preview.sample =
                Some(Page { columns: cols.iter().map(|c| c.to_string()).collect(), rows, total, offset: 0 });
            preview.report = Some(report);
            // Dropping the transaction rolls the rows back.
        }
        Err(e @ (StoreError::BadFile { .. } | StoreError::AlreadyImported { .. })) => {
            preview.hints = e.hints();
            preview.problem = Some(e.to_string());
        }
        Err(e) => return Err(e),
    }
    Ok(preview)
}
