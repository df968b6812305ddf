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
        for kind in [ImportKind::Transactions, ImportKind::Tracts, ImportKind::Benchmark] {
            let mut sink = |_: u64, r: Result<Record, Rejected>| -> Result<(), StoreError> {
                not_text += u32::from(r.is_err_and(|r| r.issue.reason == "not valid UTF-8 text"));
                Ok(())
            };
            match rows::read(&path, kind, &ImportOptions::default(), &mut |_| {}, &mut sink) {
                Ok(()) => {}
                Err(StoreError::BadFile { message, .. }) => {
                    assert!(message.starts_with("not a readable") || message.contains("column"), "{message}")
                }
                Err(other) => panic!("{}: {other:?}", path.display()),
            }
        }
        if path.to_string_lossy().contains("invalid-utf8") {
            // polars handed these strings over unchecked; reading them as text was undefined behaviour.
            assert!(not_text > 0, "{}: its bytes that are not UTF-8 are a bad row", path.display());
        }
    }
    assert!(seen >= 5, "the fuzzers' findings are here");
}
