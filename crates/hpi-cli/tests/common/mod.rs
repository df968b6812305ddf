//! Helpers shared by the integration tests that drive the `hpi` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `hpi` with `args`.
pub fn hpi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hpi")).args(args).output().unwrap()
}

/// Runs `hpi` and fails the test unless it succeeds.
pub fn ok(args: &[&str]) -> Output {
    let o = hpi(args);
    assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    o
}

/// A file in `dir`, as text.
pub fn p(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

/// A file of the repository, as text.
pub fn root(path: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(path).display().to_string()
}

/// A new project in `dir` with the bundled sample's tracts, attributes and sales.
pub fn sample_project(dir: &Path) -> String {
    let project = p(dir, "sample.hpiproj");
    ok(&["project", "new", &project]);
    for (file, kind) in
        [("tracts.csv", "tracts"), ("attributes.csv", "attributes"), ("transactions.csv", "transactions")]
    {
        ok(&["import", &root(&format!("sample/{file}")), "--project", &project, "--kind", kind]);
    }
    project
}
