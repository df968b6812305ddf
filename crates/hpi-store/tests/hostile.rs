//! Project files HPI Studio did not make, opened as a double-click would
//! open them: each is refused with a clear reason or contained, none
//! crashes, and nothing is written outside the project
//! (`docs/project-format.md#untrusted-files`).

use hpi_store::{Project, StoreError, SCHEMA_VERSION};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// A real project with one import, closed.
fn project(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let mut p = Project::create(&path).unwrap();
    let csv = dir.join(format!("{name}.csv"));
    std::fs::write(&csv, "property_id,sale_date,price\nA,2010-01-05,100000\nA,2012-03-01,120000\n").unwrap();
    hpi_store::import(&mut p, &csv, hpi_store::ImportKind::Transactions, &Default::default(), &mut |_| {}).unwrap();
    drop(p);
    path
}

/// Changes a closed project behind HPI Studio's back, as an attacker's tool would.
fn tamper(path: &Path, sql: &str) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(sql).unwrap();
}

fn refused(path: &Path) -> String {
    match Project::open(path) {
        Err(e @ (StoreError::NotAProject { .. } | StoreError::NewerSchema { .. })) => e.to_string(),
        Err(e) => panic!("refused, but not as a file that is not a project: {e}"),
        Ok(_) => panic!("{} opened", path.display()),
    }
}

#[test]
fn a_planted_trigger_is_refused_before_it_can_fire() {
    let d = tempfile::tempdir().unwrap();
    let path = project(d.path(), "trigger.hpiproj");
    let outside = d.path().join("written-outside.db");
    tamper(
        &path,
        &format!(
            "CREATE TRIGGER grab AFTER INSERT ON runs BEGIN SELECT 1; END;
             CREATE TABLE runs_log (x); -- where it would write
             -- and one that would create a file beside it if ATTACH were allowed
             CREATE TRIGGER leak AFTER INSERT ON imports BEGIN INSERT INTO runs_log VALUES ('{}'); END;",
            outside.display()
        ),
    );
    let e = refused(&path);
    assert!(e.contains("schema is not one HPI Studio made") && e.contains("HPI Studio does not make"), "{e}");
    assert!(!outside.exists());
}

#[test]
fn a_view_shadowing_a_table_and_an_altered_table_are_refused() {
    let d = tempfile::tempdir().unwrap();
    let path = project(d.path(), "view.hpiproj");
    tamper(&path, "CREATE VIEW all_sales AS SELECT * FROM transactions;");
    assert!(refused(&path).contains("view all_sales"));
    let path = project(d.path(), "altered.hpiproj");
    tamper(&path, "ALTER TABLE transactions ADD COLUMN note TEXT;");
    assert!(refused(&path).contains("table transactions is not defined as HPI Studio defines it"));
    let path = project(d.path(), "dropped.hpiproj");
    tamper(&path, "DROP INDEX imports_by_content;");
    assert!(refused(&path).contains("index imports_by_content is missing"));
}

#[test]
fn a_huge_declared_blob_is_refused_when_read_not_allocated() {
    let d = tempfile::tempdir().unwrap();
    let path = project(d.path(), "blob.hpiproj");
    // 300 MB declared in one value (a zeroblob takes no room on disk): over the 256 MiB a
    // project value may have.
    tamper(&path, "UPDATE imports SET file_name = zeroblob(300000000);");
    let p = Project::open(&path).expect("the schema is HPI Studio's; the value is read only when asked for");
    assert_eq!(p.counts().unwrap()[0], 2);
    let e = p.imports().unwrap_err().to_string();
    assert!(e.contains("too big") || e.contains("string or blob"), "{e}");
}

#[test]
fn a_damaged_tract_panel_is_named_when_read_and_harms_nothing_else() {
    let d = tempfile::tempdir().unwrap();
    let path = project(d.path(), "panel.hpiproj");
    tamper(
        &path,
        "INSERT INTO runs (id, created_at, app_version, method, parameters, input_fingerprint, status)
             VALUES (1, '2026-01-01T00:00:00Z', '0.1.0', 'rsai', '{}', '', 'succeeded');
         INSERT INTO run_tract_panels (run_id, cbsa, points) VALUES (1, '10180', x'01FFFFFFFF0F');",
    );
    let p = Project::open(&path).unwrap();
    let e = p.run_tracts(1, None).unwrap_err().to_string();
    assert!(e.starts_with("run 1: its tract panel cannot be read: a tract panel blob of CBSA 10180"), "{e}");
    assert_eq!(p.runs().unwrap().len(), 1);
    assert!(p.run_index(1).unwrap().is_empty());
}

#[test]
fn truncated_foreign_and_non_sqlite_files_are_refused() {
    let d = tempfile::tempdir().unwrap();
    let path = project(d.path(), "whole.hpiproj");
    let bytes = std::fs::read(&path).unwrap();
    let cut = d.path().join("cut.hpiproj");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    // A file cut in half either fails to read or fails its checks; it never opens as a project.
    match Project::open(&cut) {
        Err(_) => {}
        Ok(p) => assert!(!p.check().unwrap().is_empty(), "a truncated file checks clean"),
    }
    let text = d.path().join("notes.hpiproj");
    std::fs::write(&text, "just some notes\n").unwrap();
    assert!(refused(&text).contains("not an SQLite database"));
    let other = d.path().join("other.hpiproj");
    Connection::open(&other).unwrap().execute_batch("CREATE TABLE t (x);").unwrap();
    assert!(refused(&other).contains("another application"));
    let newer = project(d.path(), "newer.hpiproj");
    tamper(&newer, &format!("PRAGMA user_version = {};", SCHEMA_VERSION + 1));
    assert!(matches!(Project::open(&newer), Err(StoreError::NewerSchema { .. })));
}

#[test]
fn a_wal_file_from_another_database_is_not_applied() {
    let d = tempfile::tempdir().unwrap();
    let ours = project(d.path(), "ours.hpiproj");
    // Another database's write-ahead log, left beside our file under our name.
    let theirs = d.path().join("theirs.db");
    let conn = Connection::open(&theirs).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.execute_batch("PRAGMA wal_autocheckpoint = 0; CREATE TABLE evil (x); INSERT INTO evil VALUES (1);").unwrap();
    std::fs::copy(d.path().join("theirs.db-wal"), d.path().join("ours.hpiproj-wal")).unwrap();
    drop(conn);
    // A log carries no mark of the database it belongs to, so SQLite would replay it and, on
    // closing, write its pages into our file. A left-behind log is first replayed on a copy:
    // that copy is another application's database, so the file is refused and left as it was.
    let before = std::fs::read(&ours).unwrap();
    assert!(refused(&ours).contains("another application"));
    assert_eq!(std::fs::read(&ours).unwrap(), before, "the project file was not touched");
    // Without the foreign log it opens as it was.
    std::fs::remove_file(d.path().join("ours.hpiproj-wal")).unwrap();
    assert_eq!(Project::open(&ours).unwrap().counts().unwrap()[0], 2);
}

#[test]
fn a_project_held_open_elsewhere_still_opens() {
    // The app holds the project open while the CLI writes to it: the log beside it is theirs.
    let d = tempfile::tempdir().unwrap();
    let path = project(d.path(), "shared.hpiproj");
    let mut held = Project::open(&path).unwrap();
    let csv = d.path().join("more.csv");
    std::fs::write(&csv, "property_id,sale_date,price\nB,2011-01-05,200000\nB,2013-03-01,260000\n").unwrap();
    hpi_store::import(&mut held, &csv, hpi_store::ImportKind::Transactions, &Default::default(), &mut |_| {}).unwrap();
    assert!(std::fs::metadata(d.path().join("shared.hpiproj-wal")).unwrap().len() > 0);
    let second = Project::open(&path).unwrap();
    assert_eq!(second.counts().unwrap()[0], 4);
}

/// A project whose schema is intact but one of its data pages is garbage.
fn damaged(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let mut p = Project::create(&path).unwrap();
    let csv = dir.join(format!("{name}.csv"));
    let rows: String = (0..20_000).map(|k| format!("P{k},2010-01-{:02},{}\n", 1 + k % 28, 100_000 + k)).collect();
    std::fs::write(&csv, format!("property_id,sale_date,price\n{rows}")).unwrap();
    hpi_store::import(&mut p, &csv, hpi_store::ImportKind::Transactions, &Default::default(), &mut |_| {}).unwrap();
    drop(p);
    let mut bytes = std::fs::read(&path).unwrap();
    let page = 4096;
    let middle = bytes.len() / 2 / page * page;
    bytes[middle..middle + page].fill(0x55);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn the_first_open_on_this_machine_checks_the_whole_file_and_later_ones_do_not() {
    let d = tempfile::tempdir().unwrap();
    let known = d.path().join("data").join("checked-projects.tsv");
    let good = project(d.path(), "good.hpiproj");
    // Projects are stamped with their creation to the second: make the two differ.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    // Damage in a data page passes the cheap checks of every open...
    let bad = damaged(d.path(), "bad.hpiproj");
    Project::open(&bad).expect("schema checks alone do not read every page");
    // ...but not the quick check of the first open here, which refuses it and records nothing.
    let e = Project::open_checked(&bad, &known).err().expect("a damaged file is refused").to_string();
    assert!(e.contains("SQLite finds it damaged") && e.contains("hpi db check"), "{e}");
    assert!(std::fs::read_to_string(&known).unwrap_or_default().is_empty());

    // A sound file is checked once and recorded with its creation stamp; damage done to it
    // later is for `hpi db check` (or an unclean shutdown's check), not for every open.
    Project::open_checked(&good, &known).unwrap();
    let record = std::fs::read_to_string(&known).unwrap();
    assert_eq!(record.lines().count(), 1);
    assert!(record.contains(&std::fs::canonicalize(&good).unwrap().display().to_string()), "{record}");
    Project::open_checked(&good, &known).unwrap();
    assert_eq!(std::fs::read_to_string(&known).unwrap(), record, "checked once");
    // Another project saved over the same name is another file: checked again.
    std::fs::copy(&bad, &good).unwrap();
    assert!(Project::open_checked(&good, &known).is_err());
}
