//! Project files on disk: versions, bad files, imports of every format and
//! every bad-input class, all-or-nothing imports, and a reader beside a writer.

use hpi_store::values::DateFormat;
use hpi_store::{
    import, load, Hint, ImportKind, ImportOptions, Project, RunParameters, RunStatus, StoreError, TractRow,
    SCHEMA_VERSION,
};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn import_file(
    p: &mut Project,
    path: &Path,
    kind: ImportKind,
    options: &ImportOptions,
) -> Result<hpi_store::ImportReport, StoreError> {
    import(p, path, kind, options, &mut |_| {})
}

const TRACTS: &str = "tract,cbsa,lat,lon\nT1,C1,40.0,-80.0\nT2,C1,40.01,-80.0\nT3,C2,41.0,-81.0\n";

fn sales_csv(rows: usize) -> String {
    let mut s = String::from("property_id,sale_date,price,tract,cbsa\n");
    for k in 0..rows {
        let tract = ["T1", "T2", "T3"][k % 3];
        let cbsa = if tract == "T3" { "C2" } else { "C1" };
        s += &format!("p{k},2010-0{}-15,{},{tract},{cbsa}\n", 1 + k % 9, 100_000 + k);
        s += &format!("p{k},2013-0{}-15,{},{tract},{cbsa}\n", 1 + k % 9, 121_000 + k);
    }
    s
}

#[test]
fn create_refuses_to_overwrite_and_open_finds_the_schema() {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("a.hpiproj");
    Project::create(&path).unwrap();
    assert!(matches!(Project::create(&path), Err(StoreError::Exists(_))));
    let p = Project::open(&path).unwrap();
    assert_eq!(p.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(p.check().unwrap().is_empty());
    assert!(p.backup.is_none());
}

#[test]
fn an_older_file_is_backed_up_then_migrated() {
    // A schema-1 file as HPI Studio 0.1 wrote it, with one table of the analyst's data.
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("old.hpiproj");
    std::fs::copy(fixture("v1.hpiproj"), &path).unwrap();
    let before = Project::open(&fixture_copy(&d, "v1.hpiproj")).unwrap().counts().unwrap();
    let p = Project::open(&path).unwrap();
    assert_eq!(p.schema_version().unwrap(), SCHEMA_VERSION);
    let backup = p.backup.clone().unwrap();
    assert_eq!(backup, d.path().join("old.hpiproj.v1.bak"));
    assert_eq!(p.counts().unwrap(), before);
    drop(p);
    let old = rusqlite::Connection::open(&backup).unwrap();
    let version: i64 = old.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, 1);
    // Opening again migrates nothing and makes no new backup.
    assert!(Project::open(&path).unwrap().backup.is_none());
}

fn fixture_copy(d: &tempfile::TempDir, name: &str) -> std::path::PathBuf {
    let path = d.path().join(format!("copy-{name}"));
    std::fs::copy(fixture(name), &path).unwrap();
    path
}

#[test]
fn a_newer_schema_is_refused_naming_both_versions() {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("new.hpiproj");
    drop(Project::create(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
    drop(conn);
    let e = Project::open(&path).err().unwrap();
    let text = e.to_string();
    assert!(matches!(e, StoreError::NewerSchema { .. }));
    assert!(
        text.contains(&format!("version {}", SCHEMA_VERSION + 1))
            && text.contains(&format!("version {SCHEMA_VERSION}")),
        "{text}"
    );
}

#[test]
fn files_that_are_not_projects_get_a_clear_error() {
    let d = tempfile::tempdir().unwrap();
    let text = write(d.path(), "text.hpiproj", b"property_id,sale_date\n");
    let empty = write(d.path(), "empty.hpiproj", b"");
    let mut corrupt = b"SQLite format 3\0".to_vec();
    corrupt.extend(std::iter::repeat_n(0xA5u8, 8192));
    let corrupt = write(d.path(), "corrupt.hpiproj", &corrupt);
    let other = d.path().join("other.hpiproj");
    rusqlite::Connection::open(&other).unwrap().execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
    for (path, reason) in [
        (text, "not an SQLite database"),
        (empty, "not an SQLite database"),
        (corrupt, "SQLite cannot read it"),
        (other, "another application"),
    ] {
        let e = Project::open(&path).err().unwrap();
        assert!(matches!(e, StoreError::NotAProject { .. }), "{path:?}: {e}");
        let shown = e.to_string();
        assert!(shown.contains("is not an HPI Studio project") && shown.contains(reason), "{shown}");
    }
    assert!(matches!(Project::open(&d.path().join("missing.hpiproj")), Err(StoreError::Io { .. })));
}

#[test]
fn the_version_1_fixture_is_backed_up_migrated_and_computes() {
    // Made by HPI Studio 0.1.0 (schema 1) and frozen: later builds must keep opening it.
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("v1.hpiproj");
    std::fs::copy(fixture("v1.hpiproj"), &path).unwrap();
    let p = Project::open(&path).unwrap();
    assert_eq!(p.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(p.backup.as_deref(), Some(d.path().join("v1.hpiproj.v1.bak").as_path()));
    assert_eq!(p.counts().unwrap(), [18, 3, 0, 1]);
    assert!(p.check().unwrap().is_empty());
    let inputs = load(&p, true).unwrap();
    assert_eq!((inputs.sales.len(), inputs.tracts.len()), (18, 3));
    assert_eq!(p.run(1).unwrap().status, "succeeded");
    // Schema 2's column is there, empty for the run saved before it.
    assert!(p.run_tracts(1, None).unwrap().iter().all(|r| r.half_pairs.is_none()));
}

#[test]
fn every_format_imports_the_same_sales() {
    let d = tempfile::tempdir().unwrap();
    let csv = sales_csv(4);
    // Semicolons, a BOM, quoted fields and renamed columns.
    let semicolon = format!(
        "\u{feff}{}",
        csv.replace(',', ";").replacen(
            "property_id;sale_date;price;tract;cbsa",
            "\"PINX\";\"Sale Date\";\"SALE_PRICE\";GEOID;cbsa",
            1
        )
    );
    let tabs = csv.replace(',', "\t");
    let mut reference = None;
    for (name, bytes) in [("a.csv", csv.clone()), ("b.csv", semicolon), ("c.tsv", tabs)] {
        let mut p = Project::open_in_memory().unwrap();
        let path = write(d.path(), name, bytes.as_bytes());
        let r = import_file(&mut p, &path, ImportKind::Transactions, &ImportOptions::default()).unwrap();
        assert_eq!((r.rows, r.accepted), (8, 8), "{name}");
        let sales = load(&p, false).unwrap().sales;
        let key: Vec<(u32, f64)> = sales.date.iter().map(|d| d.packed()).zip(sales.price.iter().copied()).collect();
        match &reference {
            None => reference = Some(key),
            Some(r) => assert_eq!(r, &key, "{name}"),
        }
    }
    use polars::prelude::*;
    // Parquet written by polars, holding the same sales as the CSV.
    let columns = vec![
        Column::new("property_id".into(), (0..4).flat_map(|k| [format!("p{k}"), format!("p{k}")]).collect::<Vec<_>>()),
        Column::new(
            "sale_date".into(),
            (0..4).flat_map(|k| [format!("2010-0{}-15", 1 + k), format!("2013-0{}-15", 1 + k)]).collect::<Vec<_>>(),
        ),
        Column::new(
            "price".into(),
            (0..4).flat_map(|k| [100_000.0 + f64::from(k), 121_000.0 + f64::from(k)]).collect::<Vec<_>>(),
        ),
    ];
    let mut frame = DataFrame::new(columns).unwrap();
    let parquet = d.path().join("s.parquet");
    ParquetWriter::new(std::fs::File::create(&parquet).unwrap()).finish(&mut frame).unwrap();
    let mut p = Project::open_in_memory().unwrap();
    let r = import_file(&mut p, &parquet, ImportKind::Transactions, &ImportOptions::default()).unwrap();
    assert_eq!(r.accepted, 8);
    let sales = load(&p, false).unwrap().sales;
    let key: Vec<(u32, f64)> = sales.date.iter().map(|d| d.packed()).zip(sales.price.iter().copied()).collect();
    assert_eq!(reference.as_ref().unwrap(), &key);
}

#[test]
fn parquet_is_read_one_row_group_at_a_time_with_rows_numbered_across_groups() {
    use polars::prelude::*;
    let d = tempfile::tempdir().unwrap();
    let n = 10usize;
    let mut price: Vec<f64> = (0..n).map(|k| 100_000.0 + k as f64).collect();
    price[6] = -1.0; // the seventh data row (line 8), in a later row group
    let columns = vec![
        Column::new("property_id".into(), (0..n).map(|k| format!("p{}", k / 2)).collect::<Vec<_>>()),
        Column::new("unused".into(), (0..n).map(|k| k as i64).collect::<Vec<_>>()),
        Column::new("sale_date".into(), (0..n).map(|k| format!("{}-03-15", 2010 + 3 * (k % 2))).collect::<Vec<_>>()),
        Column::new("price".into(), price),
    ];
    let mut frame = DataFrame::new(columns).unwrap();
    let path = d.path().join("groups.parquet");
    ParquetWriter::new(std::fs::File::create(&path).unwrap()).with_row_group_size(Some(3)).finish(&mut frame).unwrap();
    let groups = ParquetReader::new(std::fs::File::open(&path).unwrap()).get_metadata().unwrap().row_groups.len();
    assert!(groups >= 3, "the file has several row groups: {groups}");
    let mut p = Project::open_in_memory().unwrap();
    let e = import_file(&mut p, &path, ImportKind::Transactions, &ImportOptions::default()).err().unwrap();
    let StoreError::RowsRejected { issues, .. } = &e else { panic!("{e}") };
    let got: Vec<(u64, &str)> = issues.iter().map(|i| (i.line, i.column.as_str())).collect();
    assert_eq!(got, [(8, "price")]);
    let skip = ImportOptions { skip_bad_rows: true, ..Default::default() };
    let r = import_file(&mut p, &path, ImportKind::Transactions, &skip).unwrap();
    assert_eq!((r.rows, r.accepted, r.rejected), (10, 9, 1));
    let sales = load(&p, false).unwrap().sales;
    let mut prices = sales.price.clone();
    prices.sort_by(f64::total_cmp);
    let mut expected: Vec<f64> = (0..n).filter(|k| *k != 6).map(|k| 100_000.0 + k as f64).collect();
    expected.sort_by(f64::total_cmp);
    assert_eq!(prices, expected);
}

#[test]
fn parquet_dates_and_timestamps_are_sale_dates() {
    use polars::prelude::*;
    let d = tempfile::tempdir().unwrap();
    // 1969-12-31 and 2013-06-01 as days, and the same instants at noon in three units.
    let days = [-1i32, 15_857];
    let noon = |per_day: i64| days.iter().map(|d| i64::from(*d) * per_day + per_day / 2).collect::<Vec<_>>();
    for (name, column) in [
        ("date", Column::new("sale_date".into(), days.to_vec()).cast(&DataType::Date).unwrap()),
        (
            "ms",
            Column::new("sale_date".into(), noon(86_400_000))
                .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))
                .unwrap(),
        ),
        (
            "us",
            Column::new("sale_date".into(), noon(86_400_000_000))
                .cast(&DataType::Datetime(TimeUnit::Microseconds, None))
                .unwrap(),
        ),
        (
            "ns",
            Column::new("sale_date".into(), noon(86_400_000_000_000))
                .cast(&DataType::Datetime(TimeUnit::Nanoseconds, None))
                .unwrap(),
        ),
    ] {
        let mut frame = DataFrame::new(vec![
            Column::new("property_id".into(), ["a", "a"]),
            column,
            Column::new("price".into(), [100_000.0, 150_000.0]),
        ])
        .unwrap();
        let path = d.path().join(format!("{name}.parquet"));
        ParquetWriter::new(std::fs::File::create(&path).unwrap()).finish(&mut frame).unwrap();
        let mut p = Project::open_in_memory().unwrap();
        import_file(&mut p, &path, ImportKind::Transactions, &ImportOptions::default()).unwrap();
        let dates: Vec<String> = load(&p, false).unwrap().sales.date.iter().map(|d| d.to_string()).collect();
        assert_eq!(dates, ["1969-12-31", "2013-06-01"], "{name}");
    }
}

#[test]
fn excel_sheets_with_dates_synonyms_and_currency() {
    let mut p = Project::open_in_memory().unwrap();
    let r = import_file(&mut p, &fixture("sales.xlsx"), ImportKind::Transactions, &ImportOptions::default()).unwrap();
    assert_eq!((r.rows, r.accepted), (4, 4));
    let s = load(&p, false).unwrap().sales;
    let dates: Vec<String> = s.date.iter().map(|d| d.to_string()).collect();
    assert_eq!(dates, ["2010-03-01", "2012-05-20", "2011-07-04", "2013-01-15"]);
    assert_eq!(s.price, [250_000.0, 275_000.5, 310_000.0, 330_000.0]);
    let options = ImportOptions { sheet: Some("Notes".into()), ..Default::default() };
    let e = import_file(
        &mut Project::open_in_memory().unwrap(),
        &fixture("sales.xlsx"),
        ImportKind::Transactions,
        &options,
    )
    .err()
    .unwrap();
    assert!(e.to_string().contains("column 'property_id': missing"), "{e}");
}

#[test]
fn bad_rows_reject_the_whole_import_unless_skipped() {
    let d = tempfile::tempdir().unwrap();
    let text = format!(
        "{}q1,2010-02-30,100000,T1,C1\nq2,2011-01-01,-5,T1,C1\nq3,2011-01-01,abc,T1,C1\nq4,03/04/2011,100000,T1,C1\n,2011-01-01,1,T1,C1\nq6,2011-01-01\n",
        sales_csv(3)
    );
    let path = write(d.path(), "bad.csv", text.as_bytes());
    let mut p = Project::open_in_memory().unwrap();
    let e = import_file(&mut p, &path, ImportKind::Transactions, &ImportOptions::default()).err().unwrap();
    let StoreError::RowsRejected { count, issues, hints, .. } = &e else { panic!("{e}") };
    assert_eq!(*count, 6);
    let got: Vec<(u64, &str)> = issues.iter().map(|i| (i.line, i.column.as_str())).collect();
    assert_eq!(
        got,
        [(8, "sale_date"), (9, "price"), (10, "price"), (11, "sale_date"), (12, "property_id"), (13, "(row)")]
    );
    assert!(issues[0].reason.contains("'2010-02-30'"));
    assert!(issues[1].reason.contains("not positive"));
    assert!(issues[3].reason.contains("month/day/year or day/month/year"));
    // What the user can do is a value; the CLI and the app word it (their tests check the words).
    assert_eq!(hints, &[Hint::SkipBadRows, Hint::DayMonthOrder]);
    // Nothing at all was stored, not even the import.
    assert_eq!(p.counts().unwrap(), [0, 0, 0, 0]);
    assert_eq!(
        hpi_store::runs::input_fingerprint(&p).unwrap(),
        hpi_store::runs::input_fingerprint(&Project::open_in_memory().unwrap()).unwrap()
    );

    let skip = ImportOptions { skip_bad_rows: true, ..Default::default() };
    let r = import_file(&mut p, &path, ImportKind::Transactions, &skip).unwrap();
    assert_eq!((r.rows, r.accepted, r.rejected), (12, 6, 6));
    assert_eq!(p.counts().unwrap()[0], 6);
    // The same file again is recognised by its content.
    let e = import_file(&mut p, &path, ImportKind::Transactions, &skip).err().unwrap();
    assert!(matches!(e, StoreError::AlreadyImported { import_id: 1, .. }), "{e}");
}

#[test]
fn explicit_date_formats() {
    let d = tempfile::tempdir().unwrap();
    let path = write(d.path(), "us.csv", b"property_id,sale_date,price\na,03/04/2011,100000\na,12/31/2013,120000\n");
    let mut p = Project::open_in_memory().unwrap();
    let us = ImportOptions { date_format: DateFormat::Pattern("%m/%d/%Y".into()), ..Default::default() };
    import_file(&mut p, &path, ImportKind::Transactions, &us).unwrap();
    let dates: Vec<String> = load(&p, false).unwrap().sales.date.iter().map(|d| d.to_string()).collect();
    assert_eq!(dates, ["2011-03-04", "2013-12-31"]);
}

#[test]
fn structural_problems_name_the_file_and_line() {
    let d = tempfile::tempdir().unwrap();
    let mut p = Project::open_in_memory().unwrap();
    for (name, text, expected) in [
        ("empty.csv", "", ":1: empty file"),
        ("pipes.csv", "property_id|sale_date|price\na|2010-01-01|5\n", ":1: column 'property_id': missing"),
        ("nodate.csv", "property_id,price\na,5\n", ":1: column 'sale_date': missing"),
    ] {
        let path = write(d.path(), name, text.as_bytes());
        let e = import_file(&mut p, &path, ImportKind::Transactions, &ImportOptions::default()).err().unwrap();
        assert!(e.to_string().contains(&format!("{}{expected}", path.display())), "{e}");
    }
    assert_eq!(p.counts().unwrap(), [0, 0, 0, 0]);
}

#[test]
fn tracts_and_attributes_keep_the_first_row() {
    let d = tempfile::tempdir().unwrap();
    let mut p = Project::open_in_memory().unwrap();
    let skip = ImportOptions { skip_bad_rows: true, ..Default::default() };
    let t = write(d.path(), "t.csv", format!("{TRACTS}T1,C9,1,1\nT4,C1,95,1\n").as_bytes());
    let r = import_file(&mut p, &t, ImportKind::Tracts, &skip).unwrap();
    assert_eq!((r.accepted, r.rejected), (3, 2));
    assert!(r.issues[0].reason.contains("already in the project") && r.issues[1].column == "lat");
    let a =
        write(d.path(), "a.csv", b"GEOID,yr,units,median_value\nT1,2010,100,\"250,000\"\nT1,2010,5,5\nT2,2010,NA,\n");
    let r = import_file(&mut p, &a, ImportKind::Attributes, &skip).unwrap();
    assert_eq!((r.accepted, r.rejected), (2, 1));
    let inputs = load(&p, true).unwrap();
    assert_eq!(inputs.attributes.rows[0].2[..2], [Some(100.0), Some(250_000.0)]);
}

#[test]
fn a_reader_works_while_a_writer_imports() {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("shared.hpiproj");
    drop(Project::create(&path).unwrap());
    let big = write(d.path(), "big.csv", sales_csv(60_000).as_bytes());
    let writer_path = path.clone();
    let writer = std::thread::spawn(move || {
        let mut p = Project::open(&writer_path).unwrap();
        import_file(&mut p, &big, ImportKind::Transactions, &ImportOptions::default()).unwrap().accepted
    });
    let reader = Project::open(&path).unwrap();
    let mut seen = std::collections::BTreeSet::new();
    while !writer.is_finished() {
        // Never a partial import: all of it or nothing.
        seen.insert(reader.counts().unwrap()[0]);
    }
    assert_eq!(writer.join().unwrap(), 120_000);
    seen.insert(reader.counts().unwrap()[0]);
    assert!(seen.iter().all(|&n| n == 0 || n == 120_000), "{seen:?}");
    assert!(seen.contains(&120_000));
}

#[test]
fn a_preview_lists_columns_and_bad_rows_and_changes_nothing() {
    let d = tempfile::tempdir().unwrap();
    let text =
        "Parcel;Sale Date;Sale Price;tract\nA;2010-01-05;100000;T1\nB;2010-02-30;120000;T1\nC;2011-03-01;1.5e5;T2\n";
    let path = write(d.path(), "semi.csv", text.as_bytes());
    let mut p = Project::open_in_memory().unwrap();
    let preview = hpi_store::preview(&mut p, &path, ImportKind::Transactions, &ImportOptions::default(), 10).unwrap();
    assert_eq!(preview.header, ["Parcel", "Sale Date", "Sale Price", "tract"]);
    let sources: Vec<(&str, Option<&str>)> =
        preview.columns.iter().map(|c| (c.column.as_str(), c.source.as_deref())).collect();
    assert_eq!(
        sources,
        [
            ("property_id", Some("Parcel")),
            ("sale_date", Some("Sale Date")),
            ("price", Some("Sale Price")),
            ("tract", Some("tract")),
            ("cbsa", None),
            ("weight", None)
        ]
    );
    let report = preview.report.unwrap();
    assert_eq!((report.rows, report.accepted, report.rejected), (3, 2, 1));
    assert_eq!((report.issues[0].line, report.issues[0].column.as_str()), (3, "sale_date"));
    let sample = preview.sample.unwrap();
    assert_eq!(sample.rows[1][..3], [Some("C".to_string()), Some("2011-03-01".into()), Some("150000".into())]);
    assert_eq!(p.counts().unwrap(), [0, 0, 0, 0], "a preview stores nothing");

    let missing = write(d.path(), "missing.csv", b"id,when\n1,2010-01-01\n");
    let preview =
        hpi_store::preview(&mut p, &missing, ImportKind::Transactions, &ImportOptions::default(), 10).unwrap();
    assert!(preview.problem.unwrap().contains("column 'property_id': missing"));
    assert!(preview.report.is_none());
}

#[test]
fn pages_of_a_table() {
    let d = tempfile::tempdir().unwrap();
    let path = write(d.path(), "s.csv", sales_csv(5).as_bytes());
    let mut p = Project::open_in_memory().unwrap();
    import_file(&mut p, &path, ImportKind::Transactions, &ImportOptions::default()).unwrap();
    let page = p.page(ImportKind::Transactions, 8, 5).unwrap();
    assert_eq!((page.total, page.offset, page.rows.len()), (10, 8, 2));
    assert_eq!(page.columns[..3], ["property_id", "sale_date", "price"]);
    assert_eq!(page.rows[0][..3], [Some("p4".to_string()), Some("2010-05-15".into()), Some("100004".into())]);
}

/// Whether `now` holds every field of `stored` with its value (and maybe more fields).
fn keeps(now: &serde_json::Value, stored: &serde_json::Value) -> bool {
    match (now, stored) {
        (serde_json::Value::Object(n), serde_json::Value::Object(s)) => {
            s.iter().all(|(k, v)| n.get(k).is_some_and(|m| keeps(m, v)))
        }
        _ => now == stored,
    }
}

#[test]
fn runs_stored_by_version_0_1_read_as_typed_values_and_lose_nothing() {
    // Made by `hpi` 0.1.0 before payloads were typed (recipe in tests/fixtures/README.md):
    // an RSAI run with all six weights, quarterly and monthly BMN, annual WRS.
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("runs-v1.hpiproj");
    std::fs::copy(fixture("runs-v1.hpiproj"), &path).unwrap();
    let p = Project::open(&path).unwrap();
    let runs = p.runs().unwrap();
    let methods: Vec<&str> = runs.iter().rev().map(|r| r.method.name()).collect();
    assert_eq!(methods, ["rsai", "bmn", "wrs", "bmn"]);
    assert!(runs.iter().all(|r| r.status == RunStatus::Succeeded));

    let raw = rusqlite::Connection::open(&path).unwrap();
    let stored = |sql: &str, id: i64| -> serde_json::Value {
        let text: String = raw.query_row(sql, [id], |r| r.get(0)).unwrap();
        serde_json::from_str(&text).unwrap()
    };
    for run in &runs {
        // Every stored field decodes into the typed value and comes back out unchanged;
        // fields added since (the filters' bounds) come with the values that applied then.
        let parameters = stored("SELECT parameters FROM runs WHERE id = ?1", run.id);
        let now = serde_json::to_value(&run.parameters).unwrap();
        assert!(keeps(&now, &parameters), "run {}: {now} lost some of {parameters}", run.id);
        let filters: hpi_engine::Filters = serde_json::from_value(now["filters"].clone()).unwrap();
        let paper = if run.method.is_rsai() { hpi_engine::Filters::ALL } else { hpi_engine::Filters::NONE };
        assert_eq!(filters, paper, "run {}", run.id);
        let quality = p.run_quality(run.id).unwrap().unwrap();
        assert_eq!(quality.version, 1, "run {}", run.id);
        let mut expected = stored("SELECT report FROM run_quality WHERE run_id = ?1", run.id);
        expected.as_object_mut().unwrap().insert("version".into(), 1.into());
        assert_eq!(serde_json::to_value(&quality).unwrap(), expected, "run {}", run.id);
    }

    let RunParameters::Rsai(rsai) = &p.run(1).unwrap().parameters else { panic!("run 1 is RSAI") };
    assert_eq!((rsai.min_half_pairs, rsai.weights.len(), rsai.start, rsai.end), (10, 6, 2006, 2012));
    let quality = p.run_quality(1).unwrap().unwrap();
    assert_eq!(quality.inputs.iter().map(|i| i.rows).collect::<Vec<_>>(), [629, 12, 24]);
    assert!(quality.rsai.as_ref().is_some_and(|q| !q.cbsas.is_empty() && !q.coverage.is_empty()));
    let RunParameters::Pooled(bmn) = &p.run(4).unwrap().parameters else { panic!("run 4 is BMN") };
    assert_eq!(bmn.periodicity.name(), "monthly");
    assert!(!p.run_quality(4).unwrap().unwrap().pooled.unwrap().missing_periods.is_empty());
    assert_eq!(p.run_quality(3).unwrap().unwrap().pooled.unwrap().wrs_variance.len(), 1);
    assert!(!p.run_index(2).unwrap().is_empty());

    // The tract panel, saved one row a tract-year before schema 9 packed it, reads as stored.
    type Stored = (String, String, i64, Option<f64>, Option<String>, Option<i64>);
    let as_stored = |rows: Vec<TractRow>| -> Vec<Stored> {
        rows.into_iter().map(|r| (r.tract, r.cbsa, r.year, r.value, r.supertract, r.half_pairs)).collect()
    };
    let mut stmt = raw.prepare("SELECT * FROM run_tracts WHERE run_id = 1 ORDER BY rowid").unwrap();
    let names: Vec<String> = stmt.column_names().into_iter().map(str::to_owned).collect();
    assert_eq!(names, ["run_id", "tract", "cbsa", "year", "value", "supertract", "half_pairs"]);
    let rows: Vec<Stored> = stmt
        .query_map([], |r| Ok((r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows.len(), 84);
    assert_eq!(as_stored(p.run_tracts(1, None).unwrap()), rows);
    let first = rows[0].1.clone();
    let one: Vec<Stored> = rows.iter().filter(|r| r.1 == first).cloned().collect();
    assert_eq!(as_stored(p.run_tracts(1, Some(&first)).unwrap()), one);
    assert!(p.run_tracts(1, Some("00000")).unwrap().is_empty());
}

#[test]
fn pair_weights_are_stored_loaded_and_checked_again_when_read() {
    let d = tempfile::tempdir().unwrap();
    let text = "property_id,sale_date,price,wt\nA,2010-01-05,100000,\nA,2011-01-05,110000,2.5\nB,2010-02-01,90000,0\n";
    let path = write(d.path(), "w.csv", text.as_bytes());
    let file = d.path().join("w.hpiproj");
    let mut p = Project::create(&file).unwrap();
    import_file(&mut p, &path, ImportKind::Transactions, &ImportOptions::default()).unwrap();
    let sales = load(&p, false).unwrap().sales;
    // `wt` is read as the weight; an empty cell weighs 1.
    assert_eq!(sales.weight, [1.0, 2.5, 0.0]);
    // A weight the project file holds is checked like any value of a file we did not write.
    drop(p);
    let raw = rusqlite::Connection::open(&file).unwrap();
    raw.execute("UPDATE transactions SET weight = -1 WHERE line = 4", []).unwrap();
    drop(raw);
    let inputs = load(&Project::open(&file).unwrap(), false).unwrap();
    assert_eq!(inputs.sales.weight, [1.0, 2.5]);
    let issue = &inputs.imports[0].issues[0];
    assert_eq!((issue.line, issue.column.as_str()), (4, "weight"));
    // Sales without any weight carry none.
    let plain = write(d.path(), "p.csv", b"property_id,sale_date,price\nA,2010-01-05,100000\n");
    let mut p = Project::open_in_memory().unwrap();
    import_file(&mut p, &plain, ImportKind::Transactions, &ImportOptions::default()).unwrap();
    assert!(load(&p, false).unwrap().sales.weight.is_empty());
}

/// A project in a file is loaded on two threads, a batch of sales at a time;
/// one in memory on one. Both give the same sales, numbered alike, and the
/// same refused rows with their lines, across the batches' edges.
#[test]
fn a_file_project_loads_as_one_in_memory_across_batches() {
    let d = tempfile::tempdir().unwrap();
    let mut csv = sales_csv(40_000);
    // Sales in a tract the tracts table does not have, refused when loaded for RSAI.
    for k in 0..5 {
        csv += &format!("q{k},2011-02-0{},150000,T9,C1\n", 1 + k);
    }
    let sales = write(d.path(), "sales.csv", csv.as_bytes());
    let tracts = write(d.path(), "tracts.csv", TRACTS.as_bytes());
    let mut file = Project::create(&d.path().join("p.hpiproj")).unwrap();
    let mut memory = Project::open_in_memory().unwrap();
    for p in [&mut file, &mut memory] {
        import_file(p, &tracts, ImportKind::Tracts, &ImportOptions::default()).unwrap();
        import_file(p, &sales, ImportKind::Transactions, &ImportOptions::default()).unwrap();
    }
    let (a, b) = (load(&file, true).unwrap(), load(&memory, true).unwrap());
    assert_eq!(a.sales.len(), 80_000);
    assert_eq!(a.sales.properties, 40_000);
    assert_eq!(a.sales.property, b.sales.property);
    assert_eq!(a.sales.date, b.sales.date);
    assert_eq!(a.sales.price, b.sales.price);
    assert_eq!(a.sales.tract, b.sales.tract);
    assert_eq!(a.sales.line, b.sales.line);
    let issues = |i: &hpi_store::ProjectInputs| {
        i.imports.iter().flat_map(|i| i.issues.iter().map(|r| (r.line, r.column.clone()))).collect::<Vec<_>>()
    };
    assert_eq!(issues(&a), issues(&b));
    assert_eq!(issues(&a).iter().map(|r| r.0).collect::<Vec<_>>(), (80_002..80_007).collect::<Vec<u64>>());
}
