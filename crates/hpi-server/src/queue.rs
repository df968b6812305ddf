//! The job queue as `server.sqlite` keeps it: what was asked, where it
//! stands, and how it ended. Survives restarts; the workers take from it.

use crate::error::{ApiError, ServerError};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use std::path::Path;
use utoipa::ToSchema;

/// Where a job stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum JobStatus {
    /// Waiting for a worker.
    Queued,
    /// A worker computes it.
    Running,
    /// Done: its run is saved in the project.
    Succeeded,
    /// Stopped by an error (see `error`).
    Failed,
    /// Cancelled by a client.
    Cancelled,
}

impl JobStatus {
    /// Every state, in the order a job passes through them.
    pub const ALL: [JobStatus; 5] =
        [JobStatus::Queued, JobStatus::Running, JobStatus::Succeeded, JobStatus::Failed, JobStatus::Cancelled];

    /// The state's name, as the API and the queue write it.
    pub fn name(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Succeeded => "succeeded",
            JobStatus::Failed => "failed",
            JobStatus::Cancelled => "cancelled",
        }
    }

    fn parse(name: &str) -> Option<JobStatus> {
        JobStatus::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Whether the job has ended and will not change again.
    pub fn is_final(self) -> bool {
        matches!(self, JobStatus::Succeeded | JobStatus::Failed | JobStatus::Cancelled)
    }
}

/// A job as the queue keeps it.
#[derive(Clone, Debug)]
pub struct JobRecord {
    pub id: i64,
    pub project: String,
    /// The run request, as JSON text.
    pub request: String,
    pub status: JobStatus,
    pub run: Option<i64>,
    pub error: Option<ApiError>,
    pub interruptions: i64,
    pub created_at: String,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
}

const COLUMNS: &str = "id, project, request, status, run, error, interruptions, created_at, started_at, finished_at";

fn record(row: &Row) -> rusqlite::Result<JobRecord> {
    let status: String = row.get(3)?;
    let bad = |what: &str| rusqlite::Error::InvalidColumnType(3, what.into(), rusqlite::types::Type::Text);
    let error: Option<String> = row.get(5)?;
    Ok(JobRecord {
        id: row.get(0)?,
        project: row.get(1)?,
        request: row.get(2)?,
        status: JobStatus::parse(&status).ok_or_else(|| bad("status"))?,
        run: row.get(4)?,
        error: error.map(|e| serde_json::from_str(&e)).transpose().map_err(|_| bad("error"))?,
        interruptions: row.get(6)?,
        created_at: row.get(7)?,
        started_at: row.get(8)?,
        finished_at: row.get(9)?,
    })
}

const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

/// The queue in the data directory's `server.sqlite`.
pub struct Queue {
    conn: Connection,
}

impl Queue {
    /// Opens the queue; jobs a stopped server left running go back to the
    /// queue, counted as interrupted, so they run again.
    pub fn open(data_dir: &Path) -> Result<Queue, ServerError> {
        let conn = crate::store::open(data_dir)?;
        let requeued = conn.execute(
            "UPDATE jobs SET status = 'queued', interruptions = interruptions + 1, started_at = NULL
             WHERE status = 'running'",
            [],
        )?;
        if requeued > 0 {
            log::warn!("{requeued} job(s) were running when the server stopped; they are queued again");
        }
        Ok(Queue { conn })
    }

    /// Adds a job for `project`; returns its id.
    pub fn enqueue(&self, project: &str, request: &str) -> rusqlite::Result<i64> {
        self.conn.execute(
            "INSERT INTO jobs (project, request, status) VALUES (?1, ?2, 'queued')",
            params![project, request],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Takes the oldest queued job and marks it running.
    pub fn claim(&self) -> rusqlite::Result<Option<JobRecord>> {
        self.conn
            .query_row(
                &format!(
                    "UPDATE jobs SET status = 'running', started_at = {NOW}
                     WHERE id = (SELECT id FROM jobs WHERE status = 'queued' ORDER BY id LIMIT 1)
                     RETURNING {COLUMNS}"
                ),
                [],
                record,
            )
            .optional()
    }

    /// Records how a running job ended.
    pub fn finish(
        &self,
        id: i64,
        status: JobStatus,
        run: Option<i64>,
        error: Option<&ApiError>,
    ) -> rusqlite::Result<()> {
        let error = error.map(|e| serde_json::to_string(e).expect("an error serializes"));
        self.conn.execute(
            &format!("UPDATE jobs SET status = ?2, run = ?3, error = ?4, finished_at = {NOW} WHERE id = ?1"),
            params![id, status.name(), run, error],
        )?;
        Ok(())
    }

    /// Puts a running job back in the queue (the server is stopping).
    pub fn requeue(&self, id: i64) -> rusqlite::Result<()> {
        self.conn.execute(
            "UPDATE jobs SET status = 'queued', interruptions = interruptions + 1, started_at = NULL WHERE id = ?1",
            params![id],
        )?;
        Ok(())
    }

    /// Cancels a job that is still queued; false when it is not queued (any more).
    pub fn cancel_queued(&self, id: i64) -> rusqlite::Result<bool> {
        let changed = self.conn.execute(
            &format!("UPDATE jobs SET status = 'cancelled', finished_at = {NOW} WHERE id = ?1 AND status = 'queued'"),
            params![id],
        )?;
        Ok(changed == 1)
    }

    /// One job.
    pub fn get(&self, id: i64) -> rusqlite::Result<Option<JobRecord>> {
        self.conn.query_row(&format!("SELECT {COLUMNS} FROM jobs WHERE id = ?1"), params![id], record).optional()
    }

    /// How many jobs stand in each state.
    pub fn counts(&self) -> rusqlite::Result<Vec<(JobStatus, i64)>> {
        let mut stmt = self.conn.prepare("SELECT status, count(*) FROM jobs GROUP BY status")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        let mut counts = Vec::new();
        for row in rows {
            let (status, n) = row?;
            if let Some(status) = JobStatus::parse(&status) {
                counts.push((status, n));
            }
        }
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_left_running_is_queued_again_on_the_next_start() {
        let dir = tempfile::tempdir().unwrap();
        let queue = Queue::open(dir.path()).unwrap();
        let first = queue.enqueue("study", "{}").unwrap();
        let second = queue.enqueue("study", "{}").unwrap();
        assert_eq!(queue.claim().unwrap().map(|j| j.id), Some(first), "oldest first");
        drop(queue);
        let queue = Queue::open(dir.path()).unwrap();
        let again = queue.get(first).unwrap().unwrap();
        assert_eq!((again.status, again.interruptions), (JobStatus::Queued, 1));
        assert_eq!(queue.claim().unwrap().map(|j| j.id), Some(first));
        assert!(queue.cancel_queued(second).unwrap());
        assert!(!queue.cancel_queued(first).unwrap(), "a running job is cancelled by its worker");
        assert_eq!(queue.claim().unwrap().map(|j| j.id), None);
    }
}
