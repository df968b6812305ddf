//! Every input the fuzzers (`scripts/fuzz.sh`) found to crash a reader, kept
//! as a regression test: each is now read (its bad rows named), or refused as
//! a bad file, and nothing panics. The inputs are in `tests/fixtures/fuzz/`, named by reader.

use hpi_store::rows::{self, Record, Rejected};
use hpi_store::{ImportKind, ImportOptions, StoreError};

#[test]
fn every_input_that_crashed_a_reader_is_now_read_or_refused_as_a_bad_file() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        seen += 1;
        let mut not_text = 0;
        let mut dates_named = 0;
        for kind in [ImportKind::Transactions, ImportKind::Tracts, ImportKind::Benchmark] {
            let mut sink = |_: u64, r: Result<Record, Rejected>| -> Result<(), StoreError> {
                if let Err(r) = &r {
                    not_text += u32::from(r.issue.reason == "not valid UTF-8 text");
                    dates_named += u32::from(r.issue.reason.contains("from 1970-01-01"));
                }
                Ok(())
            };
            match rows::read(&path, kind, &ImportOptions::default(), &mut |_| {}, &mut sink) {
                Ok(()) => {}
                Err(StoreError::BadFile { message, .. }) => {
                    // In a release build calamine's arithmetic wraps instead of panicking, and it
                    // refuses the damaged sheet itself: "cannot read the first sheet: …".
                    let refused = ["not a readable", "cannot read the first sheet"];
                    assert!(refused.iter().any(|r| message.starts_with(r)) || message.contains("column"), "{message}");
                    if path.to_string_lossy().contains("parquet-abort") {
                        // polars aborted the process on these (a negative count, 2^61 bytes reserved).
                        assert!(message.contains("it is damaged (row group"), "{}: {message}", path.display());
                    }
                }
                Err(other) => panic!("{}: {other:?}", path.display()),
            }
        }
        if path.to_string_lossy().contains("date-out-of-range") {
            // polars panicked formatting this date; now it is a bad row that says what the value was.
            assert!(dates_named > 0, "{}: its impossible date is a bad row", path.display());
        }
        if path.to_string_lossy().contains("invalid-utf8") {
            // polars handed these strings over unchecked; reading them as text was undefined behaviour.
            assert!(not_text > 0, "{}: its bytes that are not UTF-8 are a bad row", path.display());
        }
    }
    assert!(seen >= 5, "the fuzzers' findings are here");
}

/// The checks that refuse damaged files must pass what writers produce: the
/// fuzzers' seeds (written by HPI Studio, Excel-like tools and pyarrow, with
/// dictionary and plain encodings, data pages v1 and v2, four compressions)
/// are read without a word of damage, and the sales among them are accepted.
#[test]
fn every_seed_the_fuzzers_start_from_is_read_without_damage() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds");
    for target in ["csv", "xlsx", "parquet"] {
        for entry in std::fs::read_dir(root.join(target)).unwrap() {
            let path = entry.unwrap().path();
            let mut accepted = 0;
            for kind in [ImportKind::Transactions, ImportKind::Tracts, ImportKind::Groups, ImportKind::Benchmark] {
                let mut sink = |_: u64, r: Result<Record, Rejected>| -> Result<(), StoreError> {
                    accepted += u32::from(r.is_ok() && kind == ImportKind::Transactions);
                    Ok(())
                };
                match rows::read(&path, kind, &ImportOptions::default(), &mut |_| {}, &mut sink) {
                    Ok(()) => {}
                    Err(StoreError::BadFile { message, .. }) => {
                        assert!(!message.contains("damaged"), "{}: {message}", path.display())
                    }
                    Err(other) => panic!("{}: {other:?}", path.display()),
                }
            }
            if target == "parquet" && path.file_name().unwrap().to_string_lossy().starts_with("sales") {
                assert_eq!(accepted, 8, "{}: its eight sales are read", path.display());
            }
        }
    }
}
