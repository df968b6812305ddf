//! What a run adds after it is saved: bands from a bootstrap, and the
//! diagnostics of `hpi evaluate`, decoded from whichever version stored them.

use crate::{Project, StoreError};
use hpi_engine::evaluate::EVALUATION_VERSION;
use hpi_engine::{Evaluation, IndexSeries};
use rusqlite::OptionalExtension;

impl Project {
    /// Stores the standard errors and bands of a saved run's city index,
    /// computed after it (RSAI's bootstrap), with the bands' level.
    pub fn save_bands(&mut self, id: i64, city: &[IndexSeries], level: f64) -> Result<(), StoreError> {
        self.run(id)?;
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare(
                "UPDATE run_index SET se = ?5, lower = ?6, upper = ?7
                 WHERE run_id = ?1 AND region = ?2 AND weight IS ?3 AND period = ?4",
            )?;
            for s in city {
                for p in &s.points {
                    let (lower, upper) = (p.band.map(|b| b.lower), p.band.map(|b| b.upper));
                    stmt.execute((id, &s.region, s.weight.map(|w| w.name()), p.period, p.se, lower, upper))?;
                }
            }
            tx.execute("UPDATE runs SET band_level = ?2 WHERE id = ?1", (id, level))?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Stores (or replaces) a run's evaluation.
    pub fn save_evaluation(&self, id: i64, evaluation: &Evaluation) -> Result<(), StoreError> {
        self.run(id)?;
        let text = serde_json::to_string(evaluation).expect("an evaluation serializes");
        self.conn.execute("INSERT OR REPLACE INTO run_evaluation (run_id, report) VALUES (?1, ?2)", (id, text))?;
        Ok(())
    }

    /// A run's evaluation; `None` when it was not evaluated.
    pub fn run_evaluation(&self, id: i64) -> Result<Option<Evaluation>, StoreError> {
        self.run(id)?;
        let text: Option<String> = self
            .conn
            .query_row("SELECT report FROM run_evaluation WHERE run_id = ?1", [id], |r| r.get(0))
            .optional()?;
        text.map(|t| decode_evaluation(&t)).transpose().map_err(|reason| StoreError::BadRun {
            run: id,
            field: "evaluation",
            reason,
        })
    }
}

/// Decodes a stored evaluation of this or an earlier version.
fn decode_evaluation(text: &str) -> Result<Evaluation, String> {
    let e: Evaluation = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if e.version > EVALUATION_VERSION {
        return Err(format!("version {} is newer than this HPI Studio reads ({EVALUATION_VERSION})", e.version));
    }
    Ok(e)
}
