//! Opening, creating, migrating and checking a project file.

use crate::StoreError;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// `PRAGMA application_id` of HPI Studio projects: "HPIS".
pub const APPLICATION_ID: i64 = 0x4850_4953;

/// Embedded migrations, in order: migration `k` (1-based) takes a file from
/// schema version `k-1` to `k`.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_tract_half_pairs.sql"),
    include_str!("migrations/0003_uncertainty.sql"),
    include_str!("migrations/0004_change_se.sql"),
    include_str!("migrations/0005_weight.sql"),
    include_str!("migrations/0006_publishing.sql"),
    include_str!("migrations/0007_benchmarks.sql"),
    include_str!("migrations/0008_boundaries.sql"),
    include_str!("migrations/0009_packed_tract_panels.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// An open project file.
pub struct Project {
    pub(crate) conn: Connection,
    path: Option<PathBuf>,
    /// Where the file was copied before a migration, if one ran on opening.
    pub backup: Option<PathBuf>,
}

/// Read-write, and without SQLite's per-call mutex: a `Project` is used
/// from one thread at a time (rusqlite's connection is not `Sync`).
fn open_flags() -> OpenFlags {
    OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI
}

fn configure(conn: &Connection) -> Result<(), StoreError> {
    // WAL lets the app read while the CLI writes; the busy timeout makes a
    // second writer wait instead of failing at once.
    conn.busy_timeout(Duration::from_secs(30))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

fn version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

fn migrate_from(conn: &mut Connection, from: i64, path: &str) -> Result<(), StoreError> {
    migrate_from_to(conn, from, SCHEMA_VERSION, path)
}

fn migrate_from_to(conn: &mut Connection, from: i64, to: i64, path: &str) -> Result<(), StoreError> {
    // A migration that builds a table again drops the old one, which with
    // foreign keys on would cascade into the rows that point at it; the
    // keys are checked before each migration commits instead.
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let result = (|| {
        for (k, sql) in MIGRATIONS.iter().enumerate().take(to as usize).skip(from as usize) {
            let tx = conn.transaction()?;
            tx.execute_batch(sql)?;
            let broken: i64 = tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
            if broken > 0 {
                return Err(StoreError::NotAProject {
                    path: path.to_owned(),
                    reason: format!("migration to schema {} would leave {broken} rows pointing at nothing", k + 1),
                });
            }
            tx.pragma_update(None, "user_version", k as i64 + 1)?;
            tx.commit()?;
            log::info!("project schema migrated to version {}", k + 1);
        }
        Ok(())
    })();
    conn.pragma_update(None, "foreign_keys", "ON")?;
    result
}

/// The schema HPI Studio's migrations make at `version`, as [`crate::defence::shape`] describes it.
fn expected_shape(version: i64) -> Result<std::collections::BTreeMap<String, String>, StoreError> {
    let mut conn = Connection::open_in_memory()?;
    migrate_from_to(&mut conn, 0, version, ":memory:")?;
    Ok(crate::defence::shape(&conn)?)
}

/// Reads `path` with the log left beside it through a read-only connection
/// that never checkpoints, making the checks an open makes plus `PRAGMA
/// quick_check` in one consistent snapshot (a process holding the file open
/// may be writing); neither the file nor the log is changed.
fn probe(path: &Path) -> Result<(), StoreError> {
    let shown = path.display().to_string();
    let not_project = |reason: String| StoreError::NotAProject { path: shown.clone(), reason };
    let unreadable = |e: rusqlite::Error| not_project(format!("SQLite cannot read it with its log ({e})"));
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags).map_err(unreadable)?;
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true).map_err(unreadable)?;
    crate::defence::defend(&conn).map_err(unreadable)?;
    conn.execute_batch("BEGIN").map_err(unreadable)?;
    let app: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(unreadable)?;
    if app != APPLICATION_ID {
        return Err(not_project(
            "with the log left beside it (-wal) it is an SQLite database of another application".into(),
        ));
    }
    let found = version(&conn)?;
    if (1..=SCHEMA_VERSION).contains(&found) {
        crate::defence::verify(&conn, &expected_shape(found)?, &shown)?;
    }
    if let Some(damage) = damage(&quick_check(&conn).map_err(unreadable)?) {
        return Err(not_project(format!("it was not closed cleanly and {damage}")));
    }
    log::info!("{shown} has a log left beside it; its quick check found nothing wrong");
    Ok(())
}

/// What `quick_check`'s `problems` say, in a sentence; `None` when there are none.
fn damage(problems: &[String]) -> Option<String> {
    let first = problems.first()?;
    let n = problems.len();
    Some(format!("SQLite finds it damaged ({first}; {n} problem{} in all)", if n == 1 { "" } else { "s" }))
}

/// `PRAGMA quick_check`'s findings; empty when all is well.
fn quick_check(conn: &Connection) -> Result<Vec<String>, rusqlite::Error> {
    let mut stmt = conn.prepare("PRAGMA quick_check")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?.into_iter().filter(|r| r != "ok").collect())
}

impl Project {
    /// Creates a new, empty project file; refuses to overwrite one.
    pub fn create(path: &Path) -> Result<Project, StoreError> {
        if path.exists() {
            return Err(StoreError::Exists(path.display().to_string()));
        }
        let mut conn = Connection::open_with_flags(path, open_flags() | OpenFlags::SQLITE_OPEN_CREATE)?;
        crate::defence::defend(&conn)?;
        configure(&conn)?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        migrate_from(&mut conn, 0, &path.display().to_string())?;
        conn.execute(
            "INSERT INTO project (key, value) VALUES ('created_by', ?1), ('created_at', ?2)",
            (crate::APP_VERSION, crate::now()),
        )?;
        Ok(Project { conn, path: Some(path.to_owned()), backup: None })
    }

    /// An empty project in memory, for tests.
    pub fn open_in_memory() -> Result<Project, StoreError> {
        let mut conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        migrate_from(&mut conn, 0, ":memory:")?;
        Ok(Project { conn, path: None, backup: None })
    }

    /// Opens a project as [`Project::open`] does and, the first time this
    /// machine opens it, runs SQLite's quick check over the whole file (a
    /// cost proportional to its size, paid once, not at every open). `known`
    /// is the record of the projects checked here, a line per project: its
    /// creation stamp and its path, so that another file saved over the same
    /// name is checked again. A damaged file is refused; a record that cannot
    /// be written (a read-only home) costs a check at the next open, nothing else.
    pub fn open_checked(path: &Path, known: &Path) -> Result<Project, StoreError> {
        let project = Project::open(path)?;
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        let created: String = project
            .conn
            .query_row("SELECT value FROM project WHERE key = 'created_at'", [], |r| r.get(0))
            .unwrap_or_default();
        let identity = format!("{created}\t{}", canonical.display());
        let record = std::fs::read_to_string(known).unwrap_or_default();
        if record.lines().any(|line| line == identity) {
            return Ok(project);
        }
        let started = std::time::Instant::now();
        if let Some(damage) = damage(&quick_check(&project.conn).unwrap_or_else(|e| vec![e.to_string()])) {
            let reason = format!("{damage}; `hpi db check` lists them");
            return Err(StoreError::NotAProject { path: path.display().to_string(), reason });
        }
        log::info!("{} opened here for the first time: quick check clean in {:?}", path.display(), started.elapsed());
        let remembered = known.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| {
            use std::io::Write;
            let mut f = std::fs::OpenOptions::new().create(true).append(true).open(known)?;
            writeln!(f, "{identity}")
        });
        if let Err(e) = remembered {
            log::warn!("cannot record {} as checked in {}: {e}", path.display(), known.display());
        }
        Ok(project)
    }

    /// Opens a project. A file of an older schema is copied to
    /// `NAME.v{old}.bak` and migrated; a newer one is refused.
    pub fn open(path: &Path) -> Result<Project, StoreError> {
        let shown = path.display().to_string();
        let not_project = |reason: &str| StoreError::NotAProject { path: shown.clone(), reason: reason.into() };
        let mut header = [0u8; 16];
        {
            use std::io::Read;
            let mut f = std::fs::File::open(path).map_err(|source| StoreError::Io { path: shown.clone(), source })?;
            let n = f.read(&mut header).map_err(|source| StoreError::Io { path: shown.clone(), source })?;
            if n < 16 || &header != b"SQLite format 3\0" {
                return Err(not_project("it is not an SQLite database"));
            }
        }
        let unreadable = |e: rusqlite::Error| not_project(&format!("SQLite cannot read it ({e})"));
        // Left behind by a process that stopped without closing the file (or holding it open
        // now). A log names no database, and SQLite replays whichever it finds and writes it
        // into the file on closing: read the two together without writing first, and open
        // the file only if they make a sound project.
        let wal = PathBuf::from(format!("{shown}-wal"));
        if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
            probe(path)?;
        }
        let mut conn = Connection::open_with_flags(path, open_flags()).map_err(unreadable)?;
        crate::defence::defend(&conn).map_err(unreadable)?;
        let app: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(unreadable)?;
        if app != APPLICATION_ID {
            return Err(not_project("it is an SQLite database of another application"));
        }
        configure(&conn).map_err(|e| match e {
            StoreError::Sqlite(e) => unreadable(e),
            other => other,
        })?;
        let found = version(&conn)?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema { path: shown, found, supported: SCHEMA_VERSION });
        }
        if found < 1 {
            return Err(not_project("it has no HPI Studio schema"));
        }
        crate::defence::verify(&conn, &expected_shape(found)?, &shown)?;
        let mut backup = None;
        if found < SCHEMA_VERSION {
            let copy = backup_path(&shown, found);
            // Into a partial file renamed once whole: a migration killed while backing up leaves no
            // truncated backup, and one killed later leaves a whole one and takes the next name.
            let partial = PathBuf::from(format!("{}.partial", copy.display()));
            let _ = std::fs::remove_file(&partial);
            conn.execute("VACUUM INTO ?1", [partial.display().to_string()])?;
            std::fs::rename(&partial, &copy)
                .map_err(|source| StoreError::Io { path: copy.display().to_string(), source })?;
            log::info!("backed up {shown} to {} before migrating", copy.display());
            migrate_from(&mut conn, found, &shown)?;
            backup = Some(copy);
        }
        Ok(Project { conn, path: Some(path.to_owned()), backup })
    }

    /// Another connection to this project's file, for a process that works on it from
    /// several threads at once. This one checked the file when it opened it, and the log
    /// beside it is this process's own, so it is not checked again: that check reads the
    /// whole file, seconds for a million sales while anything writes.
    pub fn another(&self) -> Result<Project, StoreError> {
        let path = self.path.as_deref().ok_or_else(|| StoreError::NotAProject {
            path: ":memory:".into(),
            reason: "a project in memory has no file to open again".into(),
        })?;
        let shown = path.display().to_string();
        let conn = Connection::open_with_flags(path, open_flags())?;
        crate::defence::defend(&conn)?;
        configure(&conn)?;
        let found = version(&conn)?;
        if found != SCHEMA_VERSION {
            let reason = format!("its schema changed to version {found} while it was open");
            return Err(StoreError::NotAProject { path: shown, reason });
        }
        Ok(Project { conn, path: Some(path.to_owned()), backup: None })
    }

    /// The file, if not in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        version(&self.conn)
    }

    /// SQLite's integrity and foreign-key checks; empty when all is well.
    pub fn check(&self) -> Result<Vec<String>, StoreError> {
        let mut problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let row = row?;
            if row != "ok" {
                problems.push(row);
            }
        }
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        for row in stmt.query_map([], |r| {
            Ok(format!(
                "{} row {} refers to a missing {}",
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?
            ))
        })? {
            problems.push(row?);
        }
        Ok(problems)
    }

    /// Rewrites the file compactly.
    pub fn vacuum(&self) -> Result<(), StoreError> {
        self.conn.execute_batch("VACUUM")?;
        Ok(())
    }

    /// Bytes of the project's pages in use (free pages left by deletions not counted).
    pub fn size(&self) -> Result<u64, StoreError> {
        let pragma =
            |name: &str| -> Result<i64, StoreError> { Ok(self.conn.pragma_query_value(None, name, |r| r.get(0))?) };
        let pages = pragma("page_count")? - pragma("freelist_count")?;
        Ok((pages * pragma("page_size")?).max(0) as u64)
    }

    /// Rows in each data table: transactions, tracts, attributes, runs.
    pub fn counts(&self) -> Result<[i64; 4], StoreError> {
        let count = |table: &str| -> Result<i64, StoreError> {
            Ok(self.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
        };
        Ok([count("transactions")?, count("tracts")?, count("tract_attributes")?, count("runs")?])
    }
}

/// The first free name of `NAME.v{version}.bak`, `NAME.v{version}-2.bak`, …: a
/// backup is never overwritten, not even by the next migration of the same file.
fn backup_path(shown: &str, version: i64) -> PathBuf {
    (1..)
        .map(|k| match k {
            1 => PathBuf::from(format!("{shown}.v{version}.bak")),
            k => PathBuf::from(format!("{shown}.v{version}-{k}.bak")),
        })
        .find(|p| !p.exists())
        .expect("some name is free")
}
