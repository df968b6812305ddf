//! A project file may come from anywhere (e-mail, a share, a download), so
//! every connection is opened as SQLite advises for untrusted databases
//! (<https://sqlite.org/security.html>), and a file's schema must be exactly
//! one HPI Studio made before anything in it is read or written.

use crate::StoreError;
use rusqlite::config::DbConfig;
use rusqlite::limits::Limit;
use rusqlite::Connection;
use std::collections::BTreeMap;

/// The largest string or blob a project holds: quality reports and
/// evaluations are a few megabytes; a declared gigabyte blob is refused.
pub const MAX_VALUE_BYTES: i32 = 256 << 20;

/// Turns on SQLite's defences: defensive mode (no writes to the schema or
/// to shadow tables through SQL), schema functions untrusted, triggers and
/// views off (HPI Studio makes neither, so a planted one never runs), cell
/// sizes checked on read, and bounded lengths. Extensions are never loaded
/// (rusqlite is built without the feature).
pub fn defend(conn: &Connection) -> Result<(), rusqlite::Error> {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW, false)?;
    conn.pragma_update(None, "cell_size_check", "ON")?;
    conn.set_limit(Limit::SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES);
    conn.set_limit(Limit::SQLITE_LIMIT_SQL_LENGTH, 1 << 20);
    // VACUUM and VACUUM INTO attach their target; nothing else attaches.
    conn.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 1);
    Ok(())
}

/// Every object of a database with what defines it: a table's columns
/// (name, type, not null, default, key position), an index's table, columns
/// and uniqueness; triggers and views by name alone (none is expected).
pub fn shape(conn: &Connection) -> Result<BTreeMap<String, String>, rusqlite::Error> {
    let mut objects = Vec::new();
    {
        let mut stmt = conn.prepare(
            "SELECT type, name, tbl_name FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
        )?;
        for row in
            stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
        {
            objects.push(row?);
        }
    }
    let mut out = BTreeMap::new();
    for (kind, name, table) in objects {
        let definition = match kind.as_str() {
            "table" => {
                let mut stmt =
                    conn.prepare("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_xinfo(?1)")?;
                let columns = stmt.query_map([&name], |r| {
                    Ok(format!(
                        "{} {} notnull={} default={:?} pk={}",
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, i64>(4)?
                    ))
                })?;
                columns.collect::<Result<Vec<_>, _>>()?.join(", ")
            }
            "index" => {
                let mut stmt = conn.prepare("SELECT name FROM pragma_index_info(?1) ORDER BY seqno")?;
                let columns: Vec<Option<String>> = stmt.query_map([&name], |r| r.get(0))?.collect::<Result<_, _>>()?;
                let unique: i64 = conn.query_row(
                    "SELECT \"unique\" FROM pragma_index_list(?1) WHERE name = ?2",
                    [&table, &name],
                    |r| r.get(0),
                )?;
                format!("on {table} ({columns:?}) unique={unique}")
            }
            _ => String::new(),
        };
        out.insert(format!("{kind} {name}"), definition);
    }
    Ok(out)
}

/// Why `found` is not `expected`, in words; `None` when they are the same.
pub fn difference(expected: &BTreeMap<String, String>, found: &BTreeMap<String, String>) -> Option<String> {
    if let Some(name) = found.keys().find(|k| !expected.contains_key(*k)) {
        return Some(format!("it holds {name}, which HPI Studio does not make"));
    }
    if let Some(name) = expected.keys().find(|k| !found.contains_key(*k)) {
        return Some(format!("its {name} is missing"));
    }
    let (name, _) = expected.iter().find(|(k, v)| found[*k] != **v)?;
    Some(format!("its {name} is not defined as HPI Studio defines it"))
}

/// Refuses a file whose schema is not exactly `expected` (the schema of its
/// version as HPI Studio's migrations make it).
pub fn verify(conn: &Connection, expected: &BTreeMap<String, String>, path: &str) -> Result<(), StoreError> {
    let found = shape(conn).map_err(|e| StoreError::NotAProject {
        path: path.to_owned(),
        reason: format!("its schema cannot be read ({e})"),
    })?;
    match difference(expected, &found) {
        None => Ok(()),
        Some(why) => Err(StoreError::NotAProject {
            path: path.to_owned(),
            reason: format!("its schema is not one HPI Studio made: {why}; it was not opened"),
        }),
    }
}
