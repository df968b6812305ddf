//! Saved runs: parameters, status, results and quality report.

use crate::quality::QualityReport;
use crate::tract_panel;
use crate::{ImportKind, Project, StoreError};
use hpi_engine::{IndexSeries, Method, PooledParams, RsaiParams, TractSeries};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Where a run stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum RunStatus {
    /// Started and not finished (or the program stopped during it).
    Running,
    /// Finished with results.
    Succeeded,
    /// Stopped by an error.
    Failed,
    /// Stopped by the user.
    Cancelled,
}

impl RunStatus {
    const ALL: [RunStatus; 4] = [RunStatus::Running, RunStatus::Succeeded, RunStatus::Failed, RunStatus::Cancelled];

    /// The name stored and shown.
    pub fn as_str(self) -> &'static str {
        self.name()
    }

    /// The name stored and shown.
    pub fn name(self) -> &'static str {
        match self {
            RunStatus::Running => "running",
            RunStatus::Succeeded => "succeeded",
            RunStatus::Failed => "failed",
            RunStatus::Cancelled => "cancelled",
        }
    }
}

impl PartialEq<&str> for RunStatus {
    fn eq(&self, other: &&str) -> bool {
        self.name() == *other
    }
}

impl std::fmt::Display for RunStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The validated parameters a run was made with.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum RunParameters {
    /// RSAI's.
    Rsai(RsaiParams),
    /// BMN's or WRS's.
    Pooled(PooledParams),
    /// Not recorded: the earliest project files stored an empty object.
    Unrecorded,
}

impl RunParameters {
    /// As stored.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("parameters serialize")
    }

    /// Decodes the stored parameters of a run of `method`. Fields added in
    /// later versions take their defaults, so older runs read.
    pub fn from_json(method: Method, text: &str) -> Result<RunParameters, String> {
        let e = |e: serde_json::Error| e.to_string();
        if is_empty_object(text) {
            return Ok(RunParameters::Unrecorded);
        }
        Ok(match method {
            Method::Rsai => RunParameters::Rsai(serde_json::from_str(text).map_err(e)?),
            Method::Bmn | Method::Wrs | Method::Ars | Method::Cs => {
                RunParameters::Pooled(serde_json::from_str(text).map_err(e)?)
            }
        })
    }

    /// RSAI's half-pair threshold, for RSAI runs.
    pub fn min_half_pairs(&self) -> Option<u32> {
        match self {
            RunParameters::Rsai(p) => Some(p.min_half_pairs),
            RunParameters::Pooled(_) | RunParameters::Unrecorded => None,
        }
    }
}

/// `{}`, as the earliest project files stored what they did not record.
pub(crate) fn is_empty_object(text: &str) -> bool {
    serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text).is_ok_and(|m| m.is_empty())
}

/// A run's record.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunRecord {
    /// Id.
    pub id: i64,
    /// Start time (UTC, RFC 3339).
    pub created_at: String,
    /// The HPI Studio version that ran it.
    pub app_version: String,
    /// The method.
    pub method: Method,
    /// The validated parameters.
    pub parameters: RunParameters,
    /// SHA-256 over the imports it read.
    pub input_fingerprint: String,
    /// Where it stands.
    pub status: RunStatus,
    /// Duration in milliseconds, once finished.
    pub duration_ms: Option<i64>,
    /// Why it failed.
    pub error: Option<String>,
    /// The confidence level of the bands stored with its index (RSAI's
    /// bootstrap); `None` when it has none.
    pub band_level: Option<f64>,
}

/// One row of a stored city index.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndexRow {
    /// Region.
    pub region: String,
    /// RSAI weight.
    pub weight: Option<String>,
    /// Absolute period number.
    pub period: i64,
    /// Period label.
    pub label: String,
    /// Index value.
    pub value: Option<f64>,
    /// Why there is no value.
    pub note: Option<String>,
    /// Standard error of ln(index); `None` where not computed or not recorded.
    pub se: Option<f64>,
    /// Lower end of the stored band (at the run's `band_level`).
    pub lower: Option<f64>,
    /// Upper end of the stored band.
    pub upper: Option<f64>,
    /// Standard error of the log change from the previous period.
    pub change_se: Option<f64>,
    /// Seasonally adjusted value, when the run asked for it.
    pub value_sa: Option<f64>,
    /// Smoothed value (centred moving average), when the run asked for it.
    pub value_smooth: Option<f64>,
}

/// One row of a stored tract panel.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TractRow {
    /// Tract.
    pub tract: String,
    /// CBSA.
    pub cbsa: String,
    /// Year.
    pub year: i64,
    /// Index value.
    pub value: Option<f64>,
    /// Supertract in that year.
    pub supertract: Option<String>,
    /// The tract's own half-pairs in that year; `None` for runs saved before
    /// schema 2 recorded them.
    pub half_pairs: Option<i64>,
}

/// The fingerprint of the project's inputs: its imports' kinds and hashes.
pub fn input_fingerprint(project: &Project) -> Result<String, StoreError> {
    let mut stmt = project.conn.prepare("SELECT id, kind, sha256 FROM imports ORDER BY id")?;
    let mut hasher = Sha256::new();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (id, kind, sha): (i64, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        hasher.update(format!("{id}:{kind}:{sha}\n"));
    }
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

const COLUMNS: &str =
    "id, created_at, app_version, method, parameters, input_fingerprint, status, duration_ms, error, band_level";

/// A run's row as stored, before its fields are decoded.
struct StoredRun {
    id: i64,
    created_at: String,
    app_version: String,
    method: String,
    parameters: String,
    input_fingerprint: String,
    status: String,
    duration_ms: Option<i64>,
    error: Option<String>,
    band_level: Option<f64>,
}

fn stored(r: &rusqlite::Row) -> rusqlite::Result<StoredRun> {
    Ok(StoredRun {
        id: r.get(0)?,
        created_at: r.get(1)?,
        app_version: r.get(2)?,
        method: r.get(3)?,
        parameters: r.get(4)?,
        input_fingerprint: r.get(5)?,
        status: r.get(6)?,
        duration_ms: r.get(7)?,
        error: r.get(8)?,
        band_level: r.get(9)?,
    })
}

/// Decodes a stored run; a field that cannot be read names the run and the field.
fn decode(s: StoredRun) -> Result<RunRecord, StoreError> {
    let bad = |field: &'static str, reason: String| StoreError::BadRun { run: s.id, field, reason };
    let method = Method::parse(&s.method).ok_or_else(|| bad("method", format!("unknown method '{}'", s.method)))?;
    let status = RunStatus::ALL
        .into_iter()
        .find(|st| st.name() == s.status)
        .ok_or_else(|| bad("status", format!("unknown status '{}'", s.status)))?;
    let parameters = RunParameters::from_json(method, &s.parameters).map_err(|e| bad("parameters", e))?;
    Ok(RunRecord {
        id: s.id,
        created_at: s.created_at,
        app_version: s.app_version,
        method,
        parameters,
        input_fingerprint: s.input_fingerprint,
        status,
        duration_ms: s.duration_ms,
        error: s.error,
        band_level: s.band_level,
    })
}

impl Project {
    /// Records a run as started; returns its id.
    pub fn start_run(&self, method: Method, parameters: &RunParameters) -> Result<i64, StoreError> {
        let fingerprint = input_fingerprint(self)?;
        self.conn.execute(
            "INSERT INTO runs (created_at, app_version, method, parameters, input_fingerprint, status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            (
                crate::now(),
                crate::APP_VERSION,
                method.name(),
                parameters.to_json(),
                fingerprint,
                RunStatus::Running.name(),
            ),
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Stores a run's results and marks it succeeded, all at once.
    pub fn finish_run(
        &mut self,
        id: i64,
        city: &[IndexSeries],
        tracts: &[TractSeries],
        quality: &QualityReport,
        duration_ms: i64,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare(
                "INSERT INTO run_index (run_id, region, weight, period, label, value, note, se, lower, upper, change_se,
                                        value_sa, value_smooth)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?;
            for s in city {
                for p in &s.points {
                    let weight = s.weight.map(|w| w.name());
                    let (lower, upper) = (p.band.map(|b| b.lower), p.band.map(|b| b.upper));
                    stmt.execute((
                        id,
                        &s.region,
                        weight,
                        p.period,
                        &p.label,
                        p.index,
                        &p.note,
                        p.se,
                        lower,
                        upper,
                        p.change_se,
                        p.index_sa,
                        p.index_smooth,
                    ))?;
                }
            }
            let mut stmt = tx.prepare("INSERT INTO run_tract_panels (run_id, cbsa, points) VALUES (?1, ?2, ?3)")?;
            for (cbsa, points) in tract_panel::pack(tracts) {
                stmt.execute((id, cbsa, points))?;
            }
            tx.execute("INSERT INTO run_quality (run_id, report) VALUES (?1, ?2)", (id, quality.to_json()))?;
            tx.execute(
                "UPDATE runs SET status = ?3, duration_ms = ?2 WHERE id = ?1",
                (id, duration_ms, RunStatus::Succeeded.name()),
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Marks a run failed or cancelled.
    pub fn fail_run(&self, id: i64, cancelled: bool, error: &str, duration_ms: i64) -> Result<(), StoreError> {
        let status = if cancelled { RunStatus::Cancelled } else { RunStatus::Failed };
        self.conn.execute(
            "UPDATE runs SET status = ?2, error = ?3, duration_ms = ?4 WHERE id = ?1",
            (id, status.name(), error, duration_ms),
        )?;
        Ok(())
    }

    /// All runs, newest first.
    pub fn runs(&self) -> Result<Vec<RunRecord>, StoreError> {
        let mut stmt = self.conn.prepare(&format!("SELECT {COLUMNS} FROM runs ORDER BY id DESC"))?;
        let rows: Vec<StoredRun> = stmt.query_map([], stored)?.collect::<Result<_, _>>()?;
        rows.into_iter().map(decode).collect()
    }

    /// One run.
    pub fn run(&self, id: i64) -> Result<RunRecord, StoreError> {
        let row = self.conn.query_row(&format!("SELECT {COLUMNS} FROM runs WHERE id = ?1"), [id], stored).optional()?;
        decode(row.ok_or(StoreError::NoSuchRun(id))?)
    }

    /// A run's city index rows.
    pub fn run_index(&self, id: i64) -> Result<Vec<IndexRow>, StoreError> {
        self.run(id)?;
        let mut stmt = self.conn.prepare(
            "SELECT region, weight, period, label, value, note, se, lower, upper, change_se, value_sa,
                    value_smooth FROM run_index
             WHERE run_id = ?1 ORDER BY rowid",
        )?;
        let rows = stmt
            .query_map([id], |r| {
                Ok(IndexRow {
                    region: r.get(0)?,
                    weight: r.get(1)?,
                    period: r.get(2)?,
                    label: r.get(3)?,
                    value: r.get(4)?,
                    note: r.get(5)?,
                    se: r.get(6)?,
                    lower: r.get(7)?,
                    upper: r.get(8)?,
                    change_se: r.get(9)?,
                    value_sa: r.get(10)?,
                    value_smooth: r.get(11)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// A run's tract panel rows: every CBSA's, or only `cbsa`'s.
    pub fn run_tracts(&self, id: i64, cbsa: Option<&str>) -> Result<Vec<TractRow>, StoreError> {
        self.run(id)?;
        let mut stmt = self.conn.prepare(
            "SELECT cbsa, points FROM run_tract_panels
             WHERE run_id = ?1 AND (?2 IS NULL OR cbsa = ?2) ORDER BY id",
        )?;
        let mut rows = Vec::new();
        let mut stored = stmt.query((id, cbsa))?;
        let mut packed = false;
        while let Some(r) = stored.next()? {
            let cbsa: String = r.get(0)?;
            let points = r.get_ref(1)?.as_blob()?;
            tract_panel::unpack(&cbsa, points, &mut rows).map_err(|reason| StoreError::BadRun {
                run: id,
                field: "tract panel",
                reason,
            })?;
            packed = true;
        }
        if packed {
            return Ok(rows);
        }
        self.run_tract_rows(id, cbsa)
    }

    /// The tract panel of a run saved before schema 9, one row a tract-year.
    fn run_tract_rows(&self, id: i64, cbsa: Option<&str>) -> Result<Vec<TractRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT tract, cbsa, year, value, supertract, half_pairs FROM run_tracts
             WHERE run_id = ?1 AND (?2 IS NULL OR cbsa = ?2) ORDER BY rowid",
        )?;
        let rows = stmt
            .query_map((id, cbsa), |r| {
                Ok(TractRow {
                    tract: r.get(0)?,
                    cbsa: r.get(1)?,
                    year: r.get(2)?,
                    value: r.get(3)?,
                    supertract: r.get(4)?,
                    half_pairs: r.get(5)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// A run's quality report, decoded from whichever version stored it;
    /// `None` for a run that has none (failed, cancelled).
    pub fn run_quality(&self, id: i64) -> Result<Option<QualityReport>, StoreError> {
        self.run(id)?;
        let text: Option<String> =
            self.conn.query_row("SELECT report FROM run_quality WHERE run_id = ?1", [id], |r| r.get(0)).optional()?;
        text.filter(|t| !is_empty_object(t))
            .map(|t| QualityReport::from_json(&t))
            .transpose()
            .map_err(|reason| StoreError::BadRun { run: id, field: "quality", reason })
    }

    /// Deletes a run and its results.
    pub fn delete_run(&self, id: i64) -> Result<(), StoreError> {
        if self.conn.execute("DELETE FROM runs WHERE id = ?1", [id])? == 0 {
            return Err(StoreError::NoSuchRun(id));
        }
        Ok(())
    }
}

impl Project {
    /// Reads every column of every transaction and nothing more; returns the
    /// seconds taken (the floor for loading a project, used by benchmarks).
    pub fn scan_transactions(&self) -> Result<f64, StoreError> {
        let start = std::time::Instant::now();
        let mut stmt = self.conn.prepare(
            "SELECT id, property_id, sale_date, price, tract, cbsa, import_id, line FROM transactions ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        let mut touched = 0usize;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let date: i64 = r.get(2)?;
            let price: f64 = r.get(3)?;
            touched = touched
                .wrapping_add(id as usize)
                .wrapping_add(r.get_ref(1)?.as_str()?.len())
                .wrapping_add(date as usize)
                .wrapping_add(price as usize)
                .wrapping_add(r.get_ref(4)?.as_str_or_null()?.map_or(0, str::len))
                .wrapping_add(r.get_ref(5)?.as_str_or_null()?.map_or(0, str::len));
        }
        std::hint::black_box(touched);
        Ok(start.elapsed().as_secs_f64())
    }
}

/// One imported file, for provenance.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRecord {
    /// Import id.
    pub id: i64,
    /// What it held.
    pub kind: ImportKind,
    /// The file's name.
    pub file_name: String,
    /// Its size in bytes.
    pub file_size: i64,
    /// Its SHA-256.
    pub sha256: String,
    /// When it was imported.
    pub imported_at: String,
    /// Rows stored.
    pub rows_accepted: i64,
    /// Rows rejected (recorded when bad rows are skipped).
    pub rows_rejected: i64,
}

impl Project {
    /// Every import, oldest first.
    pub fn imports(&self) -> Result<Vec<ImportRecord>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, kind, file_name, file_size, sha256, imported_at, rows_accepted, rows_rejected FROM imports ORDER BY id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(ImportRecord {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    file_name: r.get(2)?,
                    file_size: r.get(3)?,
                    sha256: r.get(4)?,
                    imported_at: r.get(5)?,
                    rows_accepted: r.get(6)?,
                    rows_rejected: r.get(7)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }
}
