//! Importing a file into a project: all or nothing, in one SQLite transaction.

use crate::hint::{Hint, Hints};
use crate::rows::{self, Record, Rejected};
use crate::source::ColumnSpec;
use crate::values::{DateFormat, Plausible};
use crate::{Project, StoreError, KEPT_ISSUES};
use hpi_engine::Attribute;
use hpi_engine::RowIssue;
use rusqlite::TransactionBehavior;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::Path;

/// What a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum ImportKind {
    /// Sales: property_id, sale_date, price, tract, cbsa, weight.
    Transactions,
    /// Tracts: tract, cbsa, lat, lon.
    Tracts,
    /// Tract attributes: tract, year, units, median_value, upb, college, nonwhite.
    Attributes,
    /// The analyst's groups of tracts for aggregation: tract, group.
    Groups,
    /// A published index series to compare runs with: region, period (or
    /// yr with qtr or period and frequency), index, index_sa, se, …
    Benchmark,
}

impl ImportKind {
    /// The name stored and shown.
    pub fn name(self) -> &'static str {
        match self {
            ImportKind::Transactions => "transactions",
            ImportKind::Tracts => "tracts",
            ImportKind::Attributes => "attributes",
            ImportKind::Groups => "groups",
            ImportKind::Benchmark => "benchmark",
        }
    }

    /// Every kind, in the order a run reads them.
    pub const ALL: [ImportKind; 5] = [
        ImportKind::Tracts,
        ImportKind::Attributes,
        ImportKind::Groups,
        ImportKind::Transactions,
        ImportKind::Benchmark,
    ];

    /// Whether runs read this kind (benchmarks are only compared with).
    pub fn is_run_input(self) -> bool {
        self != ImportKind::Benchmark
    }

    /// The header a file of this kind may leave out, when the first row does
    /// not name the columns: FHFA's older metropolitan releases.
    pub fn assumed_header(self) -> Option<&'static [&'static str]> {
        (self == ImportKind::Benchmark).then_some(&crate::published::HEADERLESS_CBSA[..])
    }

    /// The kind of a stored name.
    pub fn parse(name: &str) -> Option<ImportKind> {
        ImportKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The columns of this kind, with their common synonyms.
    pub fn columns(self) -> &'static [ColumnSpec] {
        const fn c(name: &'static str, required: bool, synonyms: &'static [&'static str]) -> ColumnSpec {
            ColumnSpec { name, required, synonyms }
        }
        const TRACT: &[&str] = &["tract_id", "geoid", "census_tract", "tractce", "tract_geoid", "tract_code"];
        const CBSA: &[&str] = &["cbsa_code", "cbsa_id", "msa", "metro", "metro_area"];
        const TRANSACTIONS: &[ColumnSpec] = &[
            c(
                "property_id",
                true,
                &["pinx", "pin", "parcel", "parcel_id", "parcel_number", "apn", "prop_id", "property"],
            ),
            c("sale_date", true, &["date", "sale_dt", "sold_date", "transaction_date", "recording_date", "close_date"]),
            c("price", true, &["sale_price", "sales_price", "sold_price", "sale_amount", "amount", "price_usd"]),
            c("tract", false, TRACT),
            c("cbsa", false, CBSA),
            c("weight", false, &["pair_weight", "sale_weight", "wt"]),
        ];
        const TRACTS: &[ColumnSpec] = &[
            c("tract", true, TRACT),
            c("cbsa", true, CBSA),
            c("lat", true, &["latitude", "intptlat", "centroid_lat", "y"]),
            c("lon", true, &["longitude", "lng", "long", "intptlon", "centroid_lon", "x"]),
        ];
        const ATTRIBUTES: &[ColumnSpec] = &[
            c("tract", true, TRACT),
            c("year", true, &["yr"]),
            // In Attribute::ALL order, which the reader's records keep.
            c(Attribute::Units.column(), false, &["sf_units", "housing_units", "single_family_units"]),
            c(Attribute::MedianValue.column(), false, &["median_home_value", "mhv"]),
            c(Attribute::Upb.column(), false, &["unpaid_principal_balance"]),
            c(Attribute::College.column(), false, &["college_educated", "college_pop"]),
            c(Attribute::Nonwhite.column(), false, &["non_white", "nonwhite_pop", "minority"]),
        ];
        const GROUPS: &[ColumnSpec] =
            &[c("tract", true, TRACT), c("group", true, &["group_name", "group_id", "area", "aggregate", "region"])];
        // In crate::published::COLUMNS order.
        const BENCHMARK: &[ColumnSpec] = &[
            c("region", true, &["place_id", "cbsa", "state", "region_id", "geography", "msa", "area_id"]),
            c("period", false, &["period_label", "quarter_label", "month_label"]),
            c("yr", false, &["year"]),
            c("qtr", false, &["quarter"]),
            c("frequency", false, &["freq", "periodicity"]),
            c("index", true, &["index_nsa", "index_not_seasonally_adjusted", "value", "hpi", "index_value"]),
            c("index_sa", false, &["index_seasonally_adjusted", "sa"]),
            c("se", false, &["standard_error", "index_se"]),
            c("name", false, &["place_name", "region_name", "cbsa_name", "msa_name"]),
            c("flavor", false, &["hpi_flavor", "flavour", "series"]),
            c("hpi_type", false, &[]),
            c("level", false, &[]),
        ];
        match self {
            ImportKind::Transactions => TRANSACTIONS,
            ImportKind::Tracts => TRACTS,
            ImportKind::Attributes => ATTRIBUTES,
            ImportKind::Groups => GROUPS,
            ImportKind::Benchmark => BENCHMARK,
        }
    }
}

impl rusqlite::types::FromSql for ImportKind {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let name = value.as_str()?;
        ImportKind::parse(name)
            .ok_or_else(|| rusqlite::types::FromSqlError::Other(format!("'{name}' is not a kind of import").into()))
    }
}

/// How to read a file.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ImportOptions {
    /// `(new, old)`: read column `old` as `new`.
    pub map: Vec<(String, String)>,
    /// Import the good rows and record the bad ones, instead of rejecting the file.
    pub skip_bad_rows: bool,
    /// How dates are written.
    #[serde(skip)]
    pub date_format: DateFormat,
    /// The Excel sheet (default: the first).
    pub sheet: Option<String>,
    /// The sale years and prices accepted.
    pub plausible: Plausible,
}

impl ImportOptions {
    /// Options as a front end collects them: `(new, old)` column pairs, and a
    /// date format and sheet that are left blank when not given. Blank parts
    /// (an unfilled mapping, an empty date format or sheet) mean "the default".
    pub fn new(
        map: Vec<(String, String)>,
        date_format: Option<&str>,
        sheet: Option<&str>,
        skip_bad_rows: bool,
        plausible: Plausible,
    ) -> Self {
        let given = |s: Option<&str>| s.map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
        ImportOptions {
            map: map
                .into_iter()
                .filter(|(new, old)| !new.trim().is_empty() && !old.trim().is_empty())
                .map(|(new, old)| (new.trim().to_owned(), old.trim().to_owned()))
                .collect(),
            skip_bad_rows,
            date_format: given(date_format).map_or(DateFormat::Auto, DateFormat::Pattern),
            sheet: given(sheet),
            plausible,
        }
    }
}

/// What an import did.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    /// The new import's id.
    pub import_id: i64,
    /// The file.
    pub file: String,
    /// What it held.
    pub kind: ImportKind,
    /// Data rows read.
    pub rows: u64,
    /// Rows stored.
    pub accepted: u64,
    /// Rows rejected (recorded when bad rows are skipped).
    pub rejected: u64,
    /// The first thousand rejected rows.
    pub issues: Vec<RowIssue>,
    /// What would let more rows through (how dates are written, …).
    pub hints: Vec<Hint>,
}

/// SHA-256 and size of a file.
pub fn fingerprint(path: &Path) -> Result<(String, u64), StoreError> {
    let io = |source| StoreError::Io { path: path.display().to_string(), source };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
    let hex: String = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok((hex, size))
}

/// Imports `path` into the project. Either every good row is stored and the
/// import recorded, or (on any error, or on a bad row without
/// `skip_bad_rows`) the project is left exactly as it was.
pub fn import(
    project: &mut Project,
    path: &Path,
    kind: ImportKind,
    options: &ImportOptions,
    progress: &mut dyn FnMut(f64),
) -> Result<ImportReport, StoreError> {
    let (tx, report) = import_uncommitted(project, path, kind, options, progress)?;
    tx.commit()?;
    log::info!("imported {} of {} rows of {} as {}", report.accepted, report.rows, report.file, kind.name());
    Ok(report)
}

/// Reads `path` into the project inside a transaction and hands that back
/// uncommitted: [`import`] commits it, a preview lets it roll back.
pub(crate) fn import_uncommitted<'p>(
    project: &'p mut Project,
    path: &Path,
    kind: ImportKind,
    options: &ImportOptions,
    progress: &mut dyn FnMut(f64),
) -> Result<(rusqlite::Transaction<'p>, ImportReport), StoreError> {
    let file = path.display().to_string();
    let file_name = path.file_name().map_or(file.clone(), |n| n.to_string_lossy().into_owned());
    let (sha256, size) = fingerprint(path)?;
    let tx = project.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let earlier: Option<(i64, String)> = tx
        .query_row("SELECT id, imported_at FROM imports WHERE kind = ?1 AND sha256 = ?2", (kind.name(), &sha256), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .ok();
    if let Some((import_id, at)) = earlier {
        return Err(StoreError::AlreadyImported { file, kind: kind.name().into(), import_id, at });
    }
    tx.execute(
        "INSERT INTO imports (kind, file_name, file_size, sha256, imported_at, rows_accepted, rows_rejected, options)
         VALUES (?1, ?2, ?3, ?4, ?5, 0, 0, ?6)",
        (kind.name(), &file_name, size as i64, &sha256, crate::now(), serde_json::to_string(options).expect("plain")),
    )?;
    let import_id = tx.last_insert_rowid();
    let mut report = ImportReport {
        import_id,
        file: file.clone(),
        kind,
        rows: 0,
        accepted: 0,
        rejected: 0,
        issues: Vec::new(),
        hints: Vec::new(),
    };
    let mut hints = Hints::default();
    {
        let sql = match kind {
            ImportKind::Transactions => {
                "INSERT INTO transactions (import_id, line, property_id, sale_date, price, tract, cbsa, weight)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
            }
            ImportKind::Tracts => "INSERT OR IGNORE INTO tracts (tract, cbsa, lat, lon, import_id, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            ImportKind::Attributes => {
                "INSERT OR IGNORE INTO tract_attributes (tract, year, units, median_value, upb, college, nonwhite, import_id, line)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
            }
            ImportKind::Groups => {
                "INSERT OR IGNORE INTO tract_groups (tract, group_name, import_id, line) VALUES (?1, ?2, ?3, ?4)"
            }
            ImportKind::Benchmark => {
                "INSERT OR IGNORE INTO benchmark_values
                 (import_id, line, series, region, periodicity, period, name, value, value_sa, se)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
            }
        };
        let mut insert = tx.prepare(sql)?;
        let mut reject =
            tx.prepare("INSERT INTO import_rejections (import_id, line, column, reason) VALUES (?1, ?2, ?3, ?4)")?;
        let mut sink = |line: u64, record: Result<Record, Rejected>| -> Result<(), StoreError> {
            report.rows += 1;
            let stored = match record.map(|r| store(&mut insert, import_id, line, r)) {
                Ok(Ok(())) => Ok(()),
                Ok(Err(Refusal::Row(issue))) => Err(Rejected::from(issue)),
                // Dropping the transaction rolls the import back.
                Ok(Err(Refusal::Fatal(e))) => return Err(e),
                Err(rejected) => Err(rejected),
            };
            match stored {
                Ok(()) => report.accepted += 1,
                Err(Rejected { issue, hint }) => {
                    report.rejected += 1;
                    hints.add(hint);
                    if options.skip_bad_rows {
                        reject.execute((import_id, line as i64, &issue.column, &issue.reason))?;
                    }
                    if report.issues.len() < KEPT_ISSUES {
                        report.issues.push(issue);
                    }
                }
            }
            Ok(())
        };
        rows::read(path, kind, options, progress, &mut sink)?;
    }
    report.hints = hints.into_vec();
    if report.rejected > 0 && !options.skip_bad_rows {
        let first = &report.issues[0];
        let hints = std::iter::once(Hint::SkipBadRows).chain(report.hints).collect();
        // Dropping the transaction rolls it back: the project is unchanged.
        return Err(StoreError::RowsRejected {
            file,
            count: report.rejected,
            first_line: first.line,
            first: format!("{}: {}", first.column, first.reason),
            issues: report.issues,
            hints,
        });
    }
    tx.execute(
        "UPDATE imports SET rows_accepted = ?1, rows_rejected = ?2 WHERE id = ?3",
        (report.accepted as i64, report.rejected as i64, import_id),
    )?;
    Ok((tx, report))
}

/// Why a record was not stored.
enum Refusal {
    /// The row is bad: the project already holds it, or a constraint refuses it.
    Row(RowIssue),
    /// The project cannot take any row (a full disk, an I/O error): the import stops.
    Fatal(StoreError),
}

/// Stores one record; a row the project holds already is refused (the first wins).
fn store(insert: &mut rusqlite::Statement, import_id: i64, line: u64, record: Record) -> Result<(), Refusal> {
    let db = |e: rusqlite::Error| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => {
            Refusal::Row(RowIssue::new(line, "(row)", format!("cannot store the row: {e}")))
        }
        _ => Refusal::Fatal(e.into()),
    };
    match record {
        Record::Sale(s) => {
            insert
                .execute((import_id, line as i64, s.property_id, s.date.packed(), s.price, s.tract, s.cbsa, s.weight))
                .map_err(db)?;
        }
        Record::Tract(t) => {
            if insert.execute((t.tract, t.cbsa, t.lat, t.lon, import_id, line as i64)).map_err(db)? == 0 {
                return Err(Refusal::Row(RowIssue::new(
                    line,
                    "tract",
                    format!("tract '{}' is already in the project (the first row wins)", t.tract),
                )));
            }
        }
        Record::Attributes(a) => {
            let v = a.values;
            let changed = insert
                .execute(rusqlite::params![a.tract, a.year, v[0], v[1], v[2], v[3], v[4], import_id, line as i64])
                .map_err(db)?;
            if changed == 0 {
                return Err(Refusal::Row(RowIssue::new(
                    line,
                    "year",
                    format!(
                        "tract '{}' and year '{}' are already in the project (the first row wins)",
                        a.tract, a.year
                    ),
                )));
            }
        }
        Record::Group(g) => {
            if insert.execute((g.tract, g.group, import_id, line as i64)).map_err(db)? == 0 {
                return Err(Refusal::Row(RowIssue::new(
                    line,
                    "group",
                    format!(
                        "tract '{}' is already in group '{}' in the project (the first row wins)",
                        g.tract, g.group
                    ),
                )));
            }
        }
        Record::Benchmark(b) => {
            let row = rusqlite::params![
                import_id,
                line as i64,
                b.series,
                b.region,
                b.periodicity.name(),
                b.period,
                b.name,
                b.index,
                b.index_sa,
                b.se
            ];
            if insert.execute(row).map_err(db)? == 0 {
                let series = if b.series.is_empty() { String::new() } else { format!(" ({})", b.series) };
                return Err(Refusal::Row(RowIssue::new(
                    line,
                    "period",
                    format!(
                        "{}{series} {} appears earlier in the file (the first row wins)",
                        b.region,
                        b.periodicity.label(b.period)
                    ),
                )));
            }
        }
    }
    Ok(())
}
