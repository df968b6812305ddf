//! The data directory's `server.sqlite`: tokens and jobs. Ordered
//! migrations; a file written by a newer version is refused rather than
//! guessed at.

use crate::error::ServerError;
use rusqlite::Connection;
use std::path::Path;

/// Migration `n` takes the file from version `n` to `n + 1`; never edit
/// one that has shipped, append another.
const MIGRATIONS: &[&str] = &[
    // 1: tokens (created without a version by 0.x servers before jobs existed, hence IF NOT EXISTS).
    "CREATE TABLE IF NOT EXISTS tokens (
        name TEXT PRIMARY KEY,
        sha256 BLOB NOT NULL UNIQUE,
        read_only INTEGER NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    ) STRICT;",
    // 2: the job queue.
    "CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        project TEXT NOT NULL,
        request TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
        run INTEGER,
        error TEXT,
        interruptions INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        started_at TEXT,
        finished_at TEXT
    ) STRICT;
    CREATE INDEX jobs_by_status ON jobs (status, id);",
];

/// Opens (creating if need be) `server.sqlite` in `data_dir`, brought up to this version.
pub fn open(data_dir: &Path) -> Result<Connection, ServerError> {
    let path = data_dir.join("server.sqlite");
    let mut conn = Connection::open(&path)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if version > known {
        return Err(ServerError::NewerStore { path: path.display().to_string(), version, known });
    }
    let tx = conn.transaction()?;
    for (n, sql) in MIGRATIONS.iter().enumerate().skip(version.max(0) as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", n as i64 + 1)?;
    }
    tx.commit()?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_from_a_newer_version_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        drop(open(dir.path()).unwrap());
        let conn = Connection::open(dir.path().join("server.sqlite")).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        drop(conn);
        let e = open(dir.path()).err().unwrap().to_string();
        assert!(e.contains("version 99"), "{e}");
    }

    #[test]
    fn a_store_of_tokens_only_gains_the_queue() {
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open(dir.path().join("server.sqlite")).unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.execute("INSERT INTO tokens (name, sha256, read_only) VALUES ('ci', x'00', 0)", []).unwrap();
        drop(conn);
        let conn = open(dir.path()).unwrap();
        let tokens: i64 = conn.query_row("SELECT count(*) FROM tokens", [], |r| r.get(0)).unwrap();
        let jobs: i64 = conn.query_row("SELECT count(*) FROM jobs", [], |r| r.get(0)).unwrap();
        assert_eq!((tokens, jobs), (1, 0));
    }
}
