//! A tract map: each tract's outline (where the project holds boundaries)
//! or centroid, coloured by its cumulative appreciation over the run, in a
//! sequential colour-blind-safe scale.

use crate::chart::{draw, rgb, Figure};
use crate::ReportError;
use plotters::prelude::*;

/// One tract on the map.
#[derive(Clone, Debug, PartialEq)]
pub struct TractPoint {
    /// Tract id.
    pub tract: String,
    /// Centroid latitude.
    pub lat: f64,
    /// Centroid longitude.
    pub lon: f64,
    /// Cumulative appreciation over the run, in percent; `None`: no index.
    pub change: Option<f64>,
    /// The outline's rings, each `[lon, lat, lon, lat, …]`; empty: drawn as a dot.
    pub rings: Vec<Vec<f64>>,
}

/// What a tract map shows.
#[derive(Clone, Debug, PartialEq)]
pub struct MapData {
    /// Title above the map.
    pub title: String,
    /// The tracts.
    pub points: Vec<TractPoint>,
    /// The source line under the map.
    pub source: String,
}

/// Light to dark blue (ColorBrewer "Blues", colour-blind safe); grey: no value.
const SCALE: [&str; 5] = ["#C6DBEF", "#9ECAE1", "#6BAED6", "#3182BD", "#08519C"];
const MISSING: &str = "#BDBDBD";

const WIDTH: u32 = 960;
const HEIGHT: u32 = 640;

/// The class limits: quintiles of the tracts' appreciation.
fn breaks(points: &[TractPoint]) -> Vec<f64> {
    let mut v: Vec<f64> = points.iter().filter_map(|p| p.change).collect();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return Vec::new();
    }
    (1..SCALE.len()).map(|k| v[(k * v.len() / SCALE.len()).min(v.len() - 1)]).collect()
}

fn class(change: Option<f64>, breaks: &[f64]) -> &'static str {
    match change {
        None => MISSING,
        Some(c) => SCALE[breaks.iter().take_while(|b| c >= **b).count().min(SCALE.len() - 1)],
    }
}

impl Figure for MapData {
    const SIZE: (u32, u32) = (WIDTH, HEIGHT);
    fn source(&self) -> String {
        let drawn =
            if self.points.iter().any(|p| !p.rings.is_empty()) { "Tract boundaries" } else { "Tract centroids" };
        format!("{drawn} · {}", self.source)
    }
    fn render<DB: DrawingBackend>(
        &self,
        main: DrawingArea<DB, plotters::coord::Shift>,
        scale: u32,
    ) -> Result<(), ReportError>
    where
        DB::ErrorType: 'static,
    {
        let data = self;
        let s = |v: u32| v * scale;
        let f = |v: u32| f64::from(v * scale);
        let (map, legend) = main.split_horizontally(s(WIDTH - 190));
        // Equirectangular, with longitude shrunk by the cosine of the mean
        // latitude so that a city keeps its shape; ranges padded to the area's aspect.
        let lat0 = data.points.iter().map(|p| p.lat).sum::<f64>() / data.points.len().max(1) as f64;
        let k = lat0.to_radians().cos().max(0.05);
        // The extent covers outlines as well as centroids.
        let xs = data.points.iter().flat_map(|p| std::iter::once(p.lon).chain(outline(p, 0))).map(|x| x * k);
        let ys = data.points.iter().flat_map(|p| std::iter::once(p.lat).chain(outline(p, 1)));
        let (x0, x1) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| (a.min(x), b.max(x)));
        let (y0, y1) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| (a.min(y), b.max(y)));
        let (x0, x1, y0, y1) = if x0.is_finite() { (x0, x1, y0, y1) } else { (0.0, 1.0, 0.0, 1.0) };
        let (w, h) = ((x1 - x0).max(1e-3), (y1 - y0).max(1e-3));
        let (pw, ph) = (f64::from(WIDTH - 190), f64::from(HEIGHT - 90));
        let span = (w / pw).max(h / ph) * 1.08;
        let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        let mut chart = ChartBuilder::on(&map)
            .caption(&data.title, ("sans-serif", f(20)))
            .margin(s(12))
            .build_cartesian_2d(cx - span * pw / 2.0..cx + span * pw / 2.0, cy - span * ph / 2.0..cy + span * ph / 2.0)
            .map_err(|e| ReportError::Unsupported(format!("cannot draw the map: {e}")))?;
        let breaks = breaks(&data.points);
        let radius = s(if data.points.len() > 2000 {
            2
        } else if data.points.len() > 300 {
            3
        } else {
            5
        }) as i32;
        // Holes are drawn over their outline in the background colour: plotters
        // fills each ring on its own, without an even-odd rule.
        let shapes = data.points.iter().flat_map(|p| {
            let fill = rgb(class(p.change, &breaks));
            let outer = p.rings.first().map_or(0.0, |r| signed_area(r).signum());
            p.rings.iter().map(move |ring| {
                let points: Vec<(f64, f64)> = ring.chunks_exact(2).map(|c| (c[0] * k, c[1])).collect();
                let hole = signed_area(ring).signum() != outer;
                let style = if hole { WHITE.filled() } else { fill.filled() };
                Polygon::new(points, style)
            })
        });
        draw(chart.draw_series(shapes).map(|_| ()))?;
        let outlines = data.points.iter().flat_map(|p| {
            p.rings.iter().map(|ring| {
                let mut points: Vec<(f64, f64)> = ring.chunks_exact(2).map(|c| (c[0] * k, c[1])).collect();
                points.extend(points.first().copied());
                PathElement::new(points, WHITE.stroke_width(1))
            })
        });
        draw(chart.draw_series(outlines).map(|_| ()))?;
        let dots = data
            .points
            .iter()
            .filter(|p| p.rings.is_empty())
            .map(|p| Circle::new((p.lon * k, p.lat), radius, rgb(class(p.change, &breaks)).filled()));
        draw(chart.draw_series(dots).map(|_| ()))?;
        // Legend: the five classes and "no index".
        let text = |t: String, x: u32, y: u32| Text::new(t, (s(x) as i32, s(y) as i32), ("sans-serif", f(13)));
        draw(legend.draw(&text("Cumulative appreciation".into(), 4, 60)))?;
        for (i, color) in SCALE.iter().enumerate() {
            let y = 84 + 24 * i as u32;
            draw(legend.draw(&Rectangle::new(
                [(s(4) as i32, s(y) as i32), (s(22) as i32, s(y + 16) as i32)],
                rgb(color).filled(),
            )))?;
            let label = match (i.checked_sub(1).and_then(|j| breaks.get(j)), breaks.get(i)) {
                (None, Some(hi)) => format!("below {hi:.0}%"),
                (Some(lo), Some(hi)) => format!("{lo:.0}% to {hi:.0}%"),
                (Some(lo), None) => format!("{lo:.0}% and above"),
                (None, None) => "—".to_owned(),
            };
            draw(legend.draw(&text(label, 30, y + 2)))?;
        }
        let y = 84 + 24 * SCALE.len() as u32;
        draw(legend.draw(&Rectangle::new(
            [(s(4) as i32, s(y) as i32), (s(22) as i32, s(y + 16) as i32)],
            rgb(MISSING).filled(),
        )))?;
        draw(legend.draw(&text("no index".into(), 30, y + 2)))?;
        Ok(())
    }
}

/// A tract's outline coordinates on one axis (0: longitude, 1: latitude).
fn outline(p: &TractPoint, axis: usize) -> impl Iterator<Item = f64> + '_ {
    p.rings.iter().flat_map(move |r| r.iter().skip(axis).step_by(2).copied())
}

/// The shoelace area, positive counterclockwise. Shapefiles wind
/// outlines clockwise and GeoJSON counterclockwise, and both wind holes the
/// other way from their outlines, so a ring whose sign differs from the
/// tract's first ring's is a hole.
fn signed_area(ring: &[f64]) -> f64 {
    let p: Vec<(f64, f64)> = ring.chunks_exact(2).map(|c| (c[0], c[1])).collect();
    (0..p.len()).map(|i| p[i].0 * p[(i + 1) % p.len()].1 - p[(i + 1) % p.len()].0 * p[i].1).sum::<f64>() / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::svg as tract_map_svg;

    fn data() -> MapData {
        let points = (0..40)
            .map(|i| TractPoint {
                tract: format!("T{i}"),
                lat: 47.5 + f64::from(i % 8) * 0.01,
                lon: -122.3 + f64::from(i / 8) * 0.01,
                change: if i == 7 { None } else { Some(f64::from(i) * 2.0) },
                rings: Vec::new(),
            })
            .collect();
        MapData { title: "CBSA 42660".into(), points, source: "RSAI run 3, 2000–2021".into() }
    }

    #[test]
    fn every_tract_is_drawn_in_its_class() {
        let svg = tract_map_svg(&data()).unwrap();
        assert_eq!(svg.matches("<circle").count(), 40);
        for color in SCALE.iter().chain([&MISSING]) {
            assert!(svg.to_uppercase().contains(color), "colour {color} used");
        }
        for needle in ["CBSA 42660", "Cumulative appreciation", "no index", "RSAI run 3"] {
            assert!(svg.contains(needle), "missing {needle}");
        }
    }

    #[test]
    fn outlines_are_drawn_with_their_holes_and_tracts_without_one_as_dots() {
        let mut d = data();
        for (i, p) in d.points.iter_mut().enumerate().take(10) {
            let (x, y, r) = (p.lon, p.lat, 0.004);
            // Clockwise, as a Shapefile winds an outline.
            p.rings.push(vec![x - r, y - r, x - r, y + r, x + r, y + r, x + r, y - r, x - r, y - r]);
            if i == 0 {
                let q = r / 4.0;
                p.rings.push(vec![x - q, y - q, x + q, y - q, x + q, y + q, x - q, y + q, x - q, y - q]);
            }
        }
        let svg = tract_map_svg(&d).unwrap();
        assert_eq!(svg.matches("<circle").count(), 30, "tracts without an outline stay dots");
        assert_eq!(svg.matches("<polygon").count(), 11, "ten outlines and a hole");
        assert!(svg.contains("Tract boundaries"));
        assert!(signed_area(&d.points[0].rings[0]) < 0.0 && signed_area(&d.points[0].rings[1]) > 0.0);
    }

    #[test]
    fn quintile_classes() {
        let b = breaks(&data().points);
        assert_eq!(b.len(), 4);
        assert!(b.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(class(Some(-1.0), &b), SCALE[0]);
        assert_eq!(class(Some(1e9), &b), SCALE[4]);
        assert_eq!(class(None, &b), MISSING);
    }
}
