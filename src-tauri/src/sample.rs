//! The sample project: made on first use from data built into the app
//! (three synthetic CBSAs with tracts and attributes, and real King County
//! sales as CBSA 42660 without tracts) and outlines of the synthetic tracts,
//! with a quarterly WRS run of all four
//! and an RSAI run of the synthetic three already computed, so that the
//! first screen shows a chart.

use crate::error::{IpcError, IpcResult};
use crate::settings::Folders;
use hpi_usecases::model::{ImportKind, ImportOptions};
use hpi_usecases::{import, project, Method, Period, RunRequest};
use std::path::PathBuf;

const FILES: [(&str, ImportKind, &[u8]); 3] = [
    ("tracts.csv", ImportKind::Tracts, include_bytes!("../../sample/tracts.csv")),
    ("attributes.csv", ImportKind::Attributes, include_bytes!("../../sample/attributes.csv")),
    ("transactions.csv", ImportKind::Transactions, include_bytes!("../../sample/transactions.csv")),
];

/// Outlines of the synthetic tracts, in the Census Bureau's Shapefile zip (sample/boundaries/make.py).
const BOUNDARIES: &[u8] = include_bytes!("../../sample/boundaries/cb_sample_tract_500k.zip");

/// Real sales in central Seattle (see tests/data/king-county/README.md).
const KING_COUNTY: &str = include_str!("../../tests/data/king-county/ex_sales.csv");

/// King County's sales as the project's columns, in the Seattle CBSA.
fn king_county_csv() -> String {
    let mut out = String::from("property_id,sale_date,price,cbsa\n");
    for line in KING_COUNTY.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if let [pinx, _, price, date, ..] = f[..] {
            out += &format!("{pinx},{date},{price},42660\n");
        }
    }
    out
}

/// The sample's file name.
pub const NAME: &str = "Sample study.hpiproj";

/// The sample project's file, made if it is not there yet.
pub fn ensure(folders: &Folders) -> IpcResult<PathBuf> {
    let path = folders.data.join(NAME);
    if path.exists() {
        return Ok(path);
    }
    let io = |e: std::io::Error| IpcError::io(format!("cannot make the sample project: {e}"));
    std::fs::create_dir_all(&folders.data).map_err(io)?;
    // Built beside the final name and renamed, so a half-made sample is never opened.
    let partial = folders.data.join(format!("{NAME}.partial"));
    let _ = std::fs::remove_file(&partial);
    let staging = folders.data.join("sample-files");
    std::fs::create_dir_all(&staging).map_err(io)?;
    {
        let mut project = project::create(&partial)?;
        for (name, kind, bytes) in FILES {
            let file = staging.join(name);
            std::fs::write(&file, bytes).map_err(io)?;
            import::import(&mut project, &file, kind, &ImportOptions::default(), &mut |_| {})?;
        }
        let file = staging.join("cb_sample_tract_500k.zip");
        std::fs::write(&file, BOUNDARIES).map_err(io)?;
        hpi_usecases::boundaries::import(&mut project, &file, &mut |_| {})?;
        let file = staging.join("king-county-sales.csv");
        std::fs::write(&file, king_county_csv()).map_err(io)?;
        import::import(&mut project, &file, ImportKind::Transactions, &ImportOptions::default(), &mut |_| {})?;
        let never = std::sync::atomic::AtomicBool::new(false);
        let mut wrs = RunRequest::new(Method::Wrs, 2010, 2016);
        wrs.period = Period::Quarterly;
        // RSAI last: the newest run is the one the app shows first.
        for request in [wrs, RunRequest::new(Method::Rsai, 2000, 2021)] {
            hpi_usecases::calculate_in_project(&mut project, &request.check()?, &|_| {}, &never)?;
        }
    }
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::rename(&partial, &path).map_err(io)?;
    log::info!("made the sample project {}", path.display());
    Ok(path)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_sample_is_made_once_with_two_runs() {
        let dir = tempfile::tempdir().unwrap();
        let folders = crate::settings::Folders {
            config: dir.path().join("c"),
            data: dir.path().join("d"),
            logs: dir.path().join("l"),
        };
        let path = super::ensure(&folders).unwrap();
        let project = hpi_usecases::project::open(&path).unwrap();
        let [sales, tracts, attributes, runs] = project.counts().unwrap();
        assert_eq!((sales, tracts, attributes, runs), (47_540 + 5_348, 120, 480, 2));
        let newest = &project.runs().unwrap()[0];
        assert_eq!((newest.method.as_str(), newest.status.as_str()), ("rsai", "succeeded"));
        let wrs = project.run_index(project.runs().unwrap()[1].id).unwrap();
        assert!(wrs.iter().any(|r| r.region == "42660" && r.value.is_some()), "King County has a WRS index");
        assert_eq!(super::ensure(&folders).unwrap(), path);
        assert!(!folders.data.join("sample-files").exists());
        let shapes = hpi_usecases::boundaries::shapes(&project, None).unwrap();
        assert_eq!(shapes.iter().filter(|s| !s.rings.is_empty()).count(), 117, "three sample tracts have no outline");
    }
}
