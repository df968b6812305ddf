//! Published index series import as benchmarks: FHFA's real 2009 releases
//! (a headerless file with `( 0.55)` standard errors and `-` for no value; a
//! file with CR-only line endings), the master-file layout and a plain one,
//! with every bad row named by line, column and reason.

use hpi_engine::Periodicity;
use hpi_store::benchmarks::BenchmarkKey;
use hpi_store::{import, ImportKind, ImportOptions, Project, StoreError};
use std::path::{Path, PathBuf};

fn published(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/published").join(name)
}

fn bring(p: &mut Project, path: &Path, skip: bool) -> Result<hpi_store::ImportReport, StoreError> {
    let options = ImportOptions { skip_bad_rows: skip, ..ImportOptions::default() };
    import(p, path, ImportKind::Benchmark, &options, &mut |_| {})
}

#[test]
fn fhfa_2009_releases_import_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Project::create(&dir.path().join("p.hpi")).unwrap();
    let cbsa = bring(&mut p, &published("fhfa_hpi_cbsa_2009q1.csv"), false).unwrap();
    assert_eq!((cbsa.rows, cbsa.accepted, cbsa.rejected), (52_608, 52_608, 0));
    let state = bring(&mut p, &published("fhfa_hpi_state_po_2009q1.csv"), false).unwrap();
    // 51 states and DC, 1991Q1-2009Q1 (73 quarters).
    assert_eq!((state.rows, state.rejected), (51 * 73, 0));
    let list = p.benchmarks().unwrap();
    assert_eq!(list.len(), 2, "{list:?}");
    assert_eq!((list[0].regions, list[0].first.as_str(), list[0].last.as_str()), (384, "1975-Q2", "2009-Q1"));
    assert_eq!(list[0].key.periodicity, Periodicity::Quarterly);
    assert_eq!((list[1].regions, list[1].first.as_str()), (51, "1991-Q1"));
    let abilene = &p.benchmark_levels(&list[0].key).unwrap()["10180"];
    // Abilene's first published value, and its standard error kept beside it.
    let (first, value) = abilene.iter().next().unwrap();
    assert_eq!(Periodicity::Quarterly.label(*first), "1986-Q3");
    assert_eq!(*value, 107.5);
    let page = p.page(ImportKind::Benchmark, 0, 5).unwrap();
    assert_eq!(page.total, 52_608 + 51 * 73);
    assert!(page.columns.contains(&"se".to_string()));
    let wa = &p.benchmark_levels(&list[1].key).unwrap()["state:53"];
    assert_eq!(wa[&(1991 * 4)], 100.0);
    // The same file twice is refused.
    assert!(matches!(
        bring(&mut p, &published("fhfa_hpi_state_po_2009q1.csv"), false),
        Err(StoreError::AlreadyImported { .. })
    ));
}

#[test]
fn bad_rows_are_named_by_line_column_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Project::create(&dir.path().join("p.hpi")).unwrap();
    // Headerless like FHFA's, with CR-only line endings, and three bad rows.
    let text = [
        "\"Abilene, TX\",10180,1990,1,100.00,( 0.55)",
        "\"Abilene, TX\",10180,1990,2,abc,( 0.55)",
        "\"Abilene, TX\",10180,1990,5,101.00,-",
        "\"Abilene, TX\",10180,1990,3,102.00,-",
        "\"Abilene, TX\",10180,1990,3,103.00,-",
        "\"Abilene, TX\",10180,1990,4,-,-",
    ]
    .join("\r");
    let path = dir.path().join("old.csv");
    std::fs::write(&path, text).unwrap();
    let Err(StoreError::RowsRejected { count, issues, .. }) = bring(&mut p, &path, false) else { panic!("refused") };
    assert_eq!(count, 3);
    let found: Vec<(u64, &str)> = issues.iter().map(|i| (i.line, i.column.as_str())).collect();
    assert_eq!(found, vec![(2, "index"), (3, "qtr"), (5, "period")], "{issues:?}");
    assert!(issues[2].reason.contains("10180 1990-Q3 appears earlier"), "{}", issues[2].reason);
    assert!(p.benchmarks().unwrap().is_empty(), "nothing stored when refused");
    let report = bring(&mut p, &path, true).unwrap();
    assert_eq!((report.accepted, report.rejected), (3, 3));
    let list = p.benchmarks().unwrap();
    assert_eq!((list[0].values, list[0].last.as_str()), (2, "1990-Q3"), "the '-' row is kept without a value");
}

#[test]
fn master_file_and_plain_layouts() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Project::create(&dir.path().join("p.hpi")).unwrap();
    let master = dir.path().join("HPI_master.csv");
    std::fs::write(
        &master,
        "hpi_type,hpi_flavor,frequency,level,place_name,place_id,yr,period,index_nsa,index_sa\n\
         traditional,purchase-only,monthly,USA or Census Division,United States,USA,1991,1,100.00,100.00\n\
         traditional,purchase-only,monthly,USA or Census Division,United States,USA,1991,2,100.40,100.57\n\
         traditional,purchase-only,quarterly,State,Washington,WA,1991,1,100.00,100.00\n\
         traditional,all-transactions,quarterly,MSA,\"Abilene, TX\",10180,1975,1,53.27,\n",
    )
    .unwrap();
    bring(&mut p, &master, false).unwrap();
    let keys: Vec<(String, Periodicity, u32)> =
        p.benchmarks().unwrap().into_iter().map(|b| (b.key.series, b.key.periodicity, b.regions)).collect();
    assert_eq!(
        keys,
        vec![
            ("all-transactions".into(), Periodicity::Quarterly, 1),
            ("purchase-only".into(), Periodicity::Quarterly, 1),
            ("purchase-only".into(), Periodicity::Monthly, 1),
        ]
    );
    let key = BenchmarkKey { import_id: 1, series: "purchase-only".into(), periodicity: Periodicity::Quarterly };
    assert!(p.benchmark_levels(&key).unwrap().contains_key("state:53"));
    let plain = dir.path().join("plain.csv");
    std::fs::write(&plain, "region,period,index\n10180,2005,100\n10180,2006,104.5\nnation:US,2005,100\n").unwrap();
    bring(&mut p, &plain, false).unwrap();
    let b = p.benchmarks().unwrap().pop().unwrap();
    assert_eq!(
        (b.regions, b.key.periodicity, b.first.as_str(), b.last.as_str()),
        (2, Periodicity::Annual, "2005", "2006")
    );
    // A plain file without a header is not guessed at.
    let bare = dir.path().join("bare.csv");
    std::fs::write(&bare, "10180,2005,100\n").unwrap();
    let e = bring(&mut p, &bare, false).unwrap_err().to_string();
    assert!(e.contains("column 'region': missing"), "{e}");
}
