//! The overview of a project's data (`hpi-usecases`' `overview`) kept in the
//! project, keyed by the inputs' fingerprint: computing it reads every sale,
//! reading one part back is one row.

use crate::{Project, StoreError};
use rusqlite::OptionalExtension;

/// The stored JSON of `part` of the overview, if it was computed from the inputs `fingerprint` names.
pub fn cached(project: &Project, fingerprint: &str, part: &str) -> Result<Option<String>, StoreError> {
    let sql = "SELECT report FROM overview WHERE fingerprint = ?1 AND part = ?2";
    Ok(project.conn.query_row(sql, [fingerprint, part], |r| r.get(0)).optional()?)
}

/// Keeps `parts` (name, JSON) as the overview of the inputs `fingerprint` names, in place of any other.
pub fn keep(project: &mut Project, fingerprint: &str, parts: &[(String, String)]) -> Result<(), StoreError> {
    let tx = project.conn.transaction()?;
    tx.execute("DELETE FROM overview", [])?;
    {
        let mut insert = tx.prepare("INSERT INTO overview (fingerprint, part, report) VALUES (?1, ?2, ?3)")?;
        for (part, report) in parts {
            insert.execute((fingerprint, part, report))?;
        }
    }
    tx.commit()?;
    Ok(())
}
