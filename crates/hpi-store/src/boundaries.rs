//! Tract boundaries for maps: the Census Bureau's cartographic boundary and
//! TIGER/Line tract files (a Shapefile, zipped as the Bureau ships it or
//! not, or GeoJSON), matched to the project's tracts on GEOID and simplified
//! for drawing when imported.
//!
//! Reading uses the georust crates: `shapefile` (with its `dbase` for the
//! attribute table), `geojson` (streaming features, so a national file is
//! never held whole as JSON values) and `geo`'s Douglas–Peucker.

use crate::{Project, StoreError};
use geo::{Coord, LineString, Simplify};
use serde::Serialize;
use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};
use std::path::Path;
use std::rc::Rc;

/// Outlines are simplified to within this many degrees (about 10 m): finer
/// than a pixel at any zoom a map of tracts is read at, and it keeps a
/// national file's rings to a few dozen points.
const TOLERANCE: f64 = 0.0001;
/// Coordinates are stored to 1e-6 degrees (about 10 cm).
const PRECISION: f64 = 1e6;
/// A file or a zip member larger than this is refused rather than read
/// (the Bureau's largest national tract Shapefile is about 400 MB).
const MAX_BYTES: u64 = 4 << 30;
/// Unmatched tracts listed by name in a report; the rest are counted.
const LISTED: usize = 20;
/// The attribute names GEOID goes by in the Bureau's vintages, most specific first.
const GEOID_FIELDS: [&str; 6] = ["GEOID", "GEOID20", "GEOID10", "GEOIDFQ", "AFFGEOID", "AFFGEOID20"];

/// What importing a boundary file did.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoundaryReport {
    /// The file.
    pub file: String,
    /// Its features (tracts) read.
    pub features: u64,
    /// Project tracts that now have an outline from this file.
    pub matched: u64,
    /// The file's tracts that are not in the project (the first twenty).
    pub not_in_project: Vec<String>,
    /// How many of the file's tracts are not in the project.
    pub not_in_project_count: u64,
    /// Project tracts without an outline after this import (the first twenty).
    pub without_boundary: Vec<String>,
    /// How many project tracts have no outline.
    pub without_boundary_count: u64,
    /// Points before simplifying.
    pub points_read: u64,
    /// Points stored.
    pub points_kept: u64,
}

/// A tract as a map draws it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TractShape {
    /// Tract id.
    pub tract: String,
    /// Its CBSA.
    pub cbsa: String,
    /// Centroid latitude.
    pub lat: f64,
    /// Centroid longitude.
    pub lon: f64,
    /// Its outline's rings, each `[lon, lat, lon, lat, …]`; empty without a boundary import.
    pub rings: Vec<Vec<f64>>,
}

/// One feature read: its GEOID and rings (closed, in degrees).
struct Feature {
    geoid: String,
    rings: Vec<Vec<Coord<f64>>>,
}

fn bad(file: &str, feature: u64, field: &str, reason: impl Into<String>) -> StoreError {
    StoreError::BadFeature { file: file.to_owned(), feature, field: field.to_owned(), reason: reason.into() }
}

/// Imports the outlines in `path` for the project's tracts: all of them or
/// (on any bad feature) none. `progress` gets the share of features read.
pub fn import_boundaries(
    project: &mut Project,
    path: &Path,
    progress: &mut dyn FnMut(f64),
) -> Result<BoundaryReport, StoreError> {
    let file = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let (sha256, size) = crate::import::fingerprint(path)?;
    if size > MAX_BYTES {
        return Err(StoreError::BadFile {
            file,
            line: 0,
            message: format!("{size} bytes is more than a tract boundary file holds; nothing imported"),
            hint: None,
        });
    }
    let features = read_features(path, &file, progress)?;
    let known: HashSet<String> = {
        let mut stmt = project.conn.prepare("SELECT tract FROM tracts")?;
        let ids = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<Result<_, _>>()?;
        ids
    };
    let mut report = BoundaryReport {
        file: file.clone(),
        features: features.len() as u64,
        matched: 0,
        not_in_project: Vec::new(),
        not_in_project_count: 0,
        without_boundary: Vec::new(),
        without_boundary_count: 0,
        points_read: 0,
        points_kept: 0,
    };
    let mut seen: HashMap<&str, u64> = HashMap::new();
    for (k, f) in features.iter().enumerate() {
        if let Some(first) = seen.insert(&f.geoid, k as u64 + 1) {
            return Err(bad(&file, k as u64 + 1, "GEOID", format!("{} is also feature {first}", f.geoid)));
        }
    }
    let tx = project.conn.transaction()?;
    tx.execute(
        "INSERT INTO boundary_imports (file_name, file_size, sha256, imported_at, features, matched)
         VALUES (?1, ?2, ?3, ?4, ?5, 0)",
        (&file, size as i64, &sha256, crate::now(), features.len() as i64),
    )?;
    let import_id = tx.last_insert_rowid();
    {
        let mut insert = tx.prepare(
            "INSERT OR REPLACE INTO tract_boundaries (tract, import_id, feature, rings) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (k, f) in features.iter().enumerate() {
            report.points_read += f.rings.iter().map(|r| r.len() as u64).sum::<u64>();
            if !known.contains(&f.geoid) {
                report.not_in_project_count += 1;
                if report.not_in_project.len() < LISTED {
                    report.not_in_project.push(f.geoid.clone());
                }
                continue;
            }
            let rings = simplified(&f.rings);
            report.points_kept += rings.iter().map(|r| r.len() as u64 / 2).sum::<u64>();
            insert.execute((&f.geoid, import_id, k as i64 + 1, serde_json::to_string(&rings).expect("numbers")))?;
            report.matched += 1;
        }
    }
    tx.execute("UPDATE boundary_imports SET matched = ?1 WHERE id = ?2", (report.matched as i64, import_id))?;
    {
        let mut missing = tx.prepare(
            "SELECT tract FROM tracts WHERE tract NOT IN (SELECT tract FROM tract_boundaries) ORDER BY tract",
        )?;
        let mut rows = missing.query([])?;
        while let Some(r) = rows.next()? {
            report.without_boundary_count += 1;
            if report.without_boundary.len() < LISTED {
                report.without_boundary.push(r.get(0)?);
            }
        }
    }
    tx.commit()?;
    progress(1.0);
    Ok(report)
}

/// Each ring simplified, rounded and flattened; a ring that simplifying would
/// leave without area is kept as read, so every tract keeps its outline.
fn simplified(rings: &[Vec<Coord<f64>>]) -> Vec<Vec<f64>> {
    let round = |v: f64| (v * PRECISION).round() / PRECISION;
    rings
        .iter()
        .map(|ring| {
            let line = LineString::new(ring.clone()).simplify(TOLERANCE);
            let points = if line.0.len() >= 4 { line.0 } else { ring.clone() };
            points.iter().flat_map(|c| [round(c.x), round(c.y)]).collect()
        })
        .collect()
}

/// The file's features, by its kind (from the name: `.zip`, `.shp`, `.geojson`/`.json`).
fn read_features(path: &Path, file: &str, progress: &mut dyn FnMut(f64)) -> Result<Vec<Feature>, StoreError> {
    let io = |source| StoreError::Io { path: path.display().to_string(), source };
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "zip" => {
            let archive = std::fs::File::open(path).map_err(io)?;
            let mut zip =
                zip::ZipArchive::new(archive).map_err(|e| whole(file, format!("not a readable zip ({e})")))?;
            let names: Vec<String> = zip.file_names().filter_map(|n| n.ok().map(|n| n.into_owned())).collect();
            let shp: Vec<&String> = names.iter().filter(|n| n.to_ascii_lowercase().ends_with(".shp")).collect();
            let [shp] = shp.as_slice() else {
                return Err(whole(
                    file,
                    format!(
                        "a boundary zip holds one Shapefile (.shp with its .shx and .dbf); this one holds {}",
                        shp.len()
                    ),
                ));
            };
            let stem = &shp[..shp.len() - 4];
            let mut member = |ext: &str| -> Result<Vec<u8>, StoreError> {
                let name = names
                    .iter()
                    .find(|n| {
                        n.len() == stem.len() + 4 && n.starts_with(stem) && n[stem.len()..].eq_ignore_ascii_case(ext)
                    })
                    .ok_or_else(|| whole(file, format!("{stem}{ext} is missing beside {shp}")))?;
                let entry = zip.by_name(name).map_err(|e| whole(file, format!("{name}: {e}")))?;
                let mut bytes = Vec::new();
                entry.take(MAX_BYTES).read_to_end(&mut bytes).map_err(|e| whole(file, format!("{name}: {e}")))?;
                Ok(bytes)
            };
            let (shp, shx, dbf) = (member(".shp")?, member(".shx")?, member(".dbf")?);
            shapefile_features(file, shp, shx, dbf, progress)
        }
        "shp" => {
            let sibling = |ext: &str| {
                let p = path.with_extension(ext);
                std::fs::read(&p).map_err(|_| whole(file, format!("{} is missing beside it", p.display())))
            };
            let shp = std::fs::read(path).map_err(io)?;
            shapefile_features(file, shp, sibling("shx")?, sibling("dbf")?, progress)
        }
        "geojson" | "json" => geojson_features(path, file, progress),
        _ => Err(whole(file, "a tract boundary file is a zipped Shapefile (.zip), a .shp or GeoJSON (.geojson)")),
    }
}

fn whole(file: &str, message: impl Into<String>) -> StoreError {
    StoreError::BadFile { file: file.to_owned(), line: 0, message: message.into(), hint: None }
}

fn shapefile_features(
    file: &str,
    shp: Vec<u8>,
    shx: Vec<u8>,
    dbf: Vec<u8>,
    progress: &mut dyn FnMut(f64),
) -> Result<Vec<Feature>, StoreError> {
    let broken = |e: shapefile::Error| whole(file, format!("not a readable Shapefile ({e})"));
    let shapes = shapefile::ShapeReader::with_shx(Cursor::new(shp), Cursor::new(shx)).map_err(broken)?;
    let records = shapefile::dbase::Reader::new(Cursor::new(dbf)).map_err(|e| whole(file, format!(".dbf: {e}")))?;
    let mut reader = shapefile::Reader::new(shapes, records);
    let total = reader.shape_count().map_err(broken)?.max(1);
    let mut out = Vec::with_capacity(total);
    for (k, item) in reader.iter_shapes_and_records().enumerate() {
        let n = k as u64 + 1;
        let (shape, record) = item.map_err(|e| bad(file, n, "shape", e.to_string()))?;
        let geoid = GEOID_FIELDS
            .iter()
            .find_map(|f| match record.get(f) {
                Some(shapefile::dbase::FieldValue::Character(Some(s))) => Some(s.trim().to_owned()),
                _ => None,
            })
            .ok_or_else(|| bad(file, n, "GEOID", no_geoid("value")))?;
        let rings = match shape {
            shapefile::Shape::Polygon(p) => polygon_rings(&p),
            shapefile::Shape::PolygonZ(p) => polygon_rings(&p),
            shapefile::Shape::PolygonM(p) => polygon_rings(&p),
            other => return Err(bad(file, n, "shape", format!("a {} is not a tract outline", other.shapetype()))),
        };
        out.push(feature(file, n, geoid, rings)?);
        if n.is_multiple_of(1024) {
            progress(n as f64 / total as f64);
        }
    }
    Ok(out)
}

/// A Shapefile polygon's rings in degrees (Z and M, where the file has them, are not drawn).
fn polygon_rings<P: shapefile::record::traits::HasXY>(
    polygon: &shapefile::record::polygon::GenericPolygon<P>,
) -> Vec<Vec<Coord<f64>>> {
    polygon.rings().iter().map(|r| r.points().iter().map(|q| Coord { x: q.x(), y: q.y() }).collect()).collect()
}

/// The reason a feature without a GEOID is refused, naming every field looked for.
fn no_geoid(what: &str) -> String {
    format!("no GEOID {what} (looked for {})", GEOID_FIELDS.join(", "))
}

fn geojson_features(path: &Path, file: &str, progress: &mut dyn FnMut(f64)) -> Result<Vec<Feature>, StoreError> {
    use geojson::GeometryValue as G;
    let io = |source| StoreError::Io { path: path.display().to_string(), source };
    let size = std::fs::metadata(path).map_err(io)?.len().max(1);
    let read = Rc::new(Cell::new(0));
    let counted = CountingReader { inner: std::fs::File::open(path).map_err(io)?, read: Rc::clone(&read) };
    let reader = geojson::FeatureReader::from_reader(std::io::BufReader::with_capacity(1 << 20, counted));
    let mut out = Vec::new();
    for (k, item) in reader.features().enumerate() {
        let n = k as u64 + 1;
        let f = item.map_err(|e| bad(file, n, "feature", e.to_string()))?;
        let props = f.properties.as_ref();
        let geoid = GEOID_FIELDS
            .iter()
            .find_map(|name| match props.and_then(|p| p.get(*name)) {
                Some(serde_json::Value::String(s)) => Some(s.trim().to_owned()),
                _ => None,
            })
            .ok_or_else(|| bad(file, n, "GEOID", no_geoid("text property")))?;
        let polygons = match f.geometry.map(|g| g.value) {
            Some(G::Polygon { coordinates }) => vec![coordinates],
            Some(G::MultiPolygon { coordinates }) => coordinates,
            Some(other) => {
                return Err(bad(file, n, "geometry", format!("a {} is not a tract outline", other.type_name())))
            }
            None => return Err(bad(file, n, "geometry", "no geometry")),
        };
        let mut rings = Vec::new();
        for ring in polygons.into_iter().flatten() {
            let mut points = Vec::with_capacity(ring.len());
            for p in &ring {
                let [x, y, ..] = p.as_slice() else {
                    return Err(bad(file, n, "geometry", "a position with fewer than two numbers"));
                };
                points.push(Coord { x: *x, y: *y });
            }
            rings.push(points);
        }
        out.push(feature(file, n, geoid, rings)?);
        if n.is_multiple_of(1024) {
            progress(0.99 * (read.get() as f64 / size as f64).min(1.0));
        }
    }
    Ok(out)
}

/// Checks one feature: its GEOID named, its rings closed polygons in degrees.
fn feature(file: &str, n: u64, geoid: String, rings: Vec<Vec<Coord<f64>>>) -> Result<Feature, StoreError> {
    // Cartographic files (2020 on) also write "1400000US" + GEOID.
    let geoid = geoid.rsplit_once("US").map_or(geoid.as_str(), |(_, id)| id).to_owned();
    if geoid.is_empty() {
        return Err(bad(file, n, "GEOID", "empty"));
    }
    if rings.is_empty() {
        return Err(bad(file, n, "geometry", format!("tract {geoid} has no ring")));
    }
    for ring in &rings {
        if ring.len() < 4 {
            return Err(bad(file, n, "geometry", format!("tract {geoid} has a ring of {} points", ring.len())));
        }
        if let Some(c) = ring.iter().find(|c| !(c.x.abs() <= 180.0 && c.y.abs() <= 90.0)) {
            return Err(bad(
                file,
                n,
                "geometry",
                format!(
                    "tract {geoid}: ({}, {}) is not a longitude and latitude; save the file in degrees (NAD83 or WGS 84, as the Census Bureau publishes it)",
                    c.x, c.y
                ),
            ));
        }
    }
    Ok(Feature { geoid, rings })
}

/// Counts the bytes read, for progress through a GeoJSON file.
struct CountingReader<R> {
    inner: R,
    read: Rc<Cell<u64>>,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

/// The project's tracts (of one CBSA or all) with their outlines.
pub fn tract_shapes(project: &Project, cbsa: Option<&str>) -> Result<Vec<TractShape>, StoreError> {
    let mut stmt = project.conn.prepare(
        "SELECT t.tract, t.cbsa, t.lat, t.lon, b.rings FROM tracts t LEFT JOIN tract_boundaries b ON b.tract = t.tract
         WHERE ?1 IS NULL OR t.cbsa = ?1 ORDER BY t.tract",
    )?;
    let mut rows = stmt.query([cbsa])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let tract: String = r.get(0)?;
        let rings = match r.get_ref(4)?.as_str_or_null()? {
            None => Vec::new(),
            // A file this build did not write may hold anything here: an
            // unreadable outline is dropped (the centroid is drawn), not trusted.
            Some(text) => match serde_json::from_str::<Vec<Vec<f64>>>(text) {
                Ok(rings)
                    if rings.iter().all(|r| r.len() >= 8 && r.len() % 2 == 0 && r.iter().all(|v| v.is_finite())) =>
                {
                    rings
                }
                _ => {
                    log::warn!("tract {tract}: its stored outline cannot be read; drawn as a point");
                    Vec::new()
                }
            },
        };
        out.push(TractShape { tract, cbsa: r.get(1)?, lat: r.get(2)?, lon: r.get(3)?, rings });
    }
    Ok(out)
}

/// Whether the project holds any tract outline.
pub fn has_boundaries(project: &Project) -> Result<bool, StoreError> {
    Ok(project.conn.query_row("SELECT EXISTS (SELECT 1 FROM tract_boundaries)", [], |r| r.get(0))?)
}
