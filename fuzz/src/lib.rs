//! What the fuzz targets share: each writes the fuzzer's bytes to a file of
//! the right extension in a private folder on a memory file system (the
//! readers take paths, as the app and CLI give them) and reads it back
//! through HPI Studio's own readers. A reader may refuse the bytes; it must
//! not panic, hang or hold unbounded memory (AFL reports all three).

use hpi_store::rows::{self, Record, Rejected};
use hpi_store::{ImportKind, ImportOptions, StoreError};
use std::path::PathBuf;

/// A folder of this process's own (`/dev/shm` where there is one).
pub fn scratch() -> PathBuf {
    let base = if std::path::Path::new("/dev/shm").is_dir() { "/dev/shm" } else { "/tmp" };
    let dir = PathBuf::from(base).join(format!("hpi-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

/// Writes `data` as `name` in `dir` and returns its path.
pub fn file(dir: &std::path::Path, name: &str, data: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, data).expect("the scratch file is written");
    path
}

/// Reads `path` as one kind of table (chosen by the input's bytes, so that
/// the fuzzer explores every kind without paying for five reads an input), as
/// an import would, counting what it gives; and its header, as the import
/// wizard's preview reads it.
pub fn read_as_some_kind(path: &std::path::Path, data: &[u8]) -> u64 {
    const KINDS: [ImportKind; 5] = [
        ImportKind::Transactions,
        ImportKind::Tracts,
        ImportKind::Attributes,
        ImportKind::Groups,
        ImportKind::Benchmark,
    ];
    let kind = KINDS[data.iter().fold(0usize, |a, &b| a.wrapping_add(usize::from(b))) % KINDS.len()];
    let mut seen = 0u64;
    let _ = hpi_store::source::header(path, None);
    let mut sink = |_: u64, record: Result<Record, Rejected>| -> Result<(), StoreError> {
        seen += u64::from(record.is_ok());
        Ok(())
    };
    let _ = rows::read(path, kind, &ImportOptions::default(), &mut |_| {}, &mut sink);
    seen
}
