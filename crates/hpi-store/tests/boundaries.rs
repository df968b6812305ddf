//! Tract boundaries: the sample's Census-style Shapefile zip and GeoJSON
//! (written by pyshp and json, `sample/boundaries/make.py`), matched on GEOID
//! with what does not match reported, and every bad file refused whole.

use hpi_store::boundaries::{has_boundaries, import_boundaries, tract_shapes, BoundaryReport};
use hpi_store::{import, ImportKind, ImportOptions, Project, StoreError};
use std::io::Write;
use std::path::{Path, PathBuf};

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../sample").join(name)
}

fn project(dir: &Path) -> Project {
    let mut p = Project::create(&dir.join("p.hpiproj")).unwrap();
    import(&mut p, &sample("tracts.csv"), ImportKind::Tracts, &ImportOptions::default(), &mut |_| {}).unwrap();
    p
}

fn run(p: &mut Project, path: &Path) -> Result<BoundaryReport, StoreError> {
    import_boundaries(p, path, &mut |_| {})
}

#[test]
fn the_zipped_shapefile_and_the_geojson_give_every_tract_the_same_outline() {
    let d = tempfile::tempdir().unwrap();
    let mut p = project(d.path());
    assert!(!has_boundaries(&p).unwrap());
    let report = run(&mut p, &sample("boundaries/cb_sample_tract_500k.zip")).unwrap();
    assert_eq!(report.features, 119);
    assert_eq!(report.matched, 117);
    assert_eq!(report.not_in_project, ["48441999998", "48441999999"]);
    assert_eq!(report.not_in_project_count, 2);
    assert_eq!(report.without_boundary_count, 3);
    assert!(report.points_kept <= report.points_read);
    let from_shp = tract_shapes(&p, None).unwrap();
    assert_eq!(from_shp.len(), 120);
    assert_eq!(from_shp.iter().filter(|t| t.rings.is_empty()).count(), 3);
    let lake = from_shp.iter().find(|t| t.tract == "48441000100").unwrap();
    assert_eq!(lake.rings.len(), 2, "the outline and its hole");
    let island = from_shp.iter().find(|t| t.tract == "48253000100").unwrap();
    assert_eq!(island.rings.len(), 2, "two polygons");
    // Every centroid lies inside its cell's box.
    for t in from_shp.iter().filter(|t| !t.rings.is_empty()) {
        let xs = t.rings[0].iter().step_by(2);
        let (x0, x1) = xs.fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
        assert!(x0 <= t.lon && t.lon <= x1, "{}: {} not in {x0}..{x1}", t.tract, t.lon);
    }

    let other = d.path().join("q");
    std::fs::create_dir_all(&other).unwrap();
    let mut q = project(&other);
    run(&mut q, &sample("boundaries/tracts.geojson")).unwrap();
    let from_json = tract_shapes(&q, Some("10180")).unwrap();
    assert_eq!(from_json.len(), 40);
    for t in &from_json {
        let s = from_shp.iter().find(|s| s.tract == t.tract).unwrap();
        // The same rings, wound the other way (Shapefiles clockwise, GeoJSON counterclockwise).
        let points = |r: &[f64]| {
            let mut v: Vec<(i64, i64)> =
                r.chunks(2).map(|c| ((c[0] * 1e6).round() as i64, (c[1] * 1e6).round() as i64)).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let a: Vec<_> = t.rings.iter().map(|r| points(r)).collect();
        let b: Vec<_> = s.rings.iter().map(|r| points(r)).collect();
        assert_eq!(a, b, "{}", t.tract);
    }
}

#[test]
fn a_later_import_replaces_the_outlines_it_holds() {
    let d = tempfile::tempdir().unwrap();
    let mut p = project(d.path());
    run(&mut p, &sample("boundaries/tracts.geojson")).unwrap();
    let again = run(&mut p, &sample("boundaries/cb_sample_tract_500k.zip")).unwrap();
    assert_eq!(again.matched, 117);
    assert_eq!(tract_shapes(&p, None).unwrap().iter().filter(|t| !t.rings.is_empty()).count(), 117);
}

fn geojson(features: &str) -> String {
    format!(r#"{{"type":"FeatureCollection","features":[{features}]}}"#)
}

const GOOD: &str = r#"{"type":"Feature","properties":{"GEOID":"48441000100"},"geometry":{"type":"Polygon","coordinates":[[[-108.4,40.1],[-108.2,40.1],[-108.2,40.3],[-108.4,40.1]]]}}"#;

fn refused(body: &str, name: &str) -> String {
    let d = tempfile::tempdir().unwrap();
    let mut p = project(d.path());
    let path = d.path().join(name);
    std::fs::write(&path, body).unwrap();
    let e = run(&mut p, &path).unwrap_err();
    assert!(!has_boundaries(&p).unwrap(), "nothing kept after: {e}");
    e.to_string()
}

#[test]
fn bad_features_are_named_by_number_field_and_reason_and_nothing_is_kept() {
    let no_geoid = GOOD.replace("GEOID", "NAME");
    let e = refused(&geojson(&format!("{GOOD},{no_geoid}")), "t.geojson");
    assert!(e.contains("t.geojson: feature 2, GEOID: no GEOID"), "{e}");

    let projected = GOOD.replace("-108.4,40.1", "-1180000.5,4000000.25");
    let e = refused(&geojson(&projected), "t.geojson");
    assert!(
        e.contains("feature 1, geometry: tract 48441000100: (-1180000.5, 4000000.25) is not a longitude and latitude"),
        "{e}"
    );

    let point = r#"{"type":"Feature","properties":{"GEOID":"48441000100"},"geometry":{"type":"Point","coordinates":[-108.4,40.1]}}"#;
    let e = refused(&geojson(point), "t.geojson");
    assert!(e.contains("feature 1, geometry: a Point is not a tract outline"), "{e}");

    let e = refused(&geojson(&format!("{GOOD},{GOOD}")), "t.geojson");
    assert!(e.contains("feature 2, GEOID: 48441000100 is also feature 1"), "{e}");

    let e = refused("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":", "t.geojson");
    assert!(e.contains("t.geojson: feature 1"), "{e}");

    let e = refused("tract,lat\n", "t.csv");
    assert!(e.contains("a zipped Shapefile (.zip), a .shp or GeoJSON"), "{e}");

    let e = refused("not a zip", "t.zip");
    assert!(e.contains("t.zip:0: not a readable zip"), "{e}");
}

#[test]
fn a_zip_without_its_dbf_or_with_two_shapefiles_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let mut p = project(d.path());
    let source = std::fs::File::open(sample("boundaries/cb_sample_tract_500k.zip")).unwrap();
    let mut archive = zip::ZipArchive::new(source).unwrap();
    let mut write = |name: &str, skip: &str, extra: bool| {
        let path = d.path().join(name);
        let mut out = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        let mut copy = |archive: &mut zip::ZipArchive<std::fs::File>, prefix: &str| {
            for i in 0..archive.len() {
                let mut f = archive.by_index(i).unwrap();
                let inner = f.name().unwrap().into_owned();
                if inner.ends_with(skip) {
                    continue;
                }
                let name = format!("{prefix}{inner}");
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(&mut f, &mut bytes).unwrap();
                out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
                out.write_all(&bytes).unwrap();
            }
        };
        copy(&mut archive, "");
        if extra {
            copy(&mut archive, "other/");
        }
        out.finish().unwrap();
        path
    };
    let no_dbf = write("no-dbf.zip", ".dbf", false);
    let e = run(&mut p, &no_dbf).unwrap_err().to_string();
    assert!(e.contains("cb_sample_tract_500k.dbf is missing"), "{e}");
    let two = write("two.zip", ".none", true);
    let e = run(&mut p, &two).unwrap_err().to_string();
    assert!(e.contains("holds one Shapefile"), "{e}");
    assert!(!has_boundaries(&p).unwrap());
}
