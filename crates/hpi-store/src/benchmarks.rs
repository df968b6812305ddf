//! The published series a project holds as benchmarks: one per import,
//! series (FHFA's flavour) and periodicity.

use crate::{Project, StoreError};
use hpi_engine::benchmark::Levels;
use hpi_engine::Periodicity;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which benchmark: an import, one of its series and periodicities.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BenchmarkKey {
    /// The import that brought it.
    pub import_id: i64,
    /// The series (empty when the file has one).
    pub series: String,
    /// Its periods.
    pub periodicity: Periodicity,
}

/// A benchmark as listed.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Benchmark {
    /// Which one.
    pub key: BenchmarkKey,
    /// The file it came from.
    pub file: String,
    /// Regions it has values for.
    pub regions: u32,
    /// Values it holds (periods with a value, over all regions).
    pub values: u64,
    /// Its first period with a value (label).
    pub first: String,
    /// Its last period with a value (label).
    pub last: String,
}

impl Benchmark {
    /// How it is named to people: the file, and the series and periods.
    pub fn title(&self) -> String {
        let series = if self.key.series.is_empty() { String::new() } else { format!(" {}", self.key.series) };
        format!("{}{series}, {} (import {})", self.file, self.key.periodicity.name(), self.key.import_id)
    }
}

fn periodicity(name: &str) -> rusqlite::Result<Periodicity> {
    Periodicity::parse(name).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("'{name}' is not a periodicity").into(),
        )
    })
}

impl Project {
    /// Every benchmark in the project, in import order.
    pub fn benchmarks(&self) -> Result<Vec<Benchmark>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT b.import_id, b.series, b.periodicity, i.file_name, COUNT(DISTINCT b.region), COUNT(*),
                    MIN(b.period), MAX(b.period)
             FROM benchmark_values b JOIN imports i ON i.id = b.import_id
             WHERE b.value IS NOT NULL
             GROUP BY b.import_id, b.series, b.periodicity
             ORDER BY b.import_id, b.series, CASE b.periodicity WHEN 'annual' THEN 0 WHEN 'quarterly' THEN 1 ELSE 2 END",
        )?;
        let rows = stmt.query_map([], |r| {
            let p = periodicity(&r.get::<_, String>(2)?)?;
            Ok(Benchmark {
                key: BenchmarkKey { import_id: r.get(0)?, series: r.get(1)?, periodicity: p },
                file: r.get(3)?,
                regions: r.get(4)?,
                values: r.get::<_, i64>(5)? as u64,
                first: p.label(r.get(6)?),
                last: p.label(r.get(7)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A benchmark's values by region (periods without a value left out).
    pub fn benchmark_levels(&self, key: &BenchmarkKey) -> Result<BTreeMap<String, Levels>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT region, period, value FROM benchmark_values
             WHERE import_id = ?1 AND series = ?2 AND periodicity = ?3 AND value IS NOT NULL",
        )?;
        let mut out: BTreeMap<String, Levels> = BTreeMap::new();
        let rows = stmt.query_map((key.import_id, &key.series, key.periodicity.name()), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i32>(1)?, r.get::<_, f64>(2)?))
        })?;
        for row in rows {
            let (region, period, value) = row?;
            out.entry(region).or_default().insert(period, value);
        }
        Ok(out)
    }
}
