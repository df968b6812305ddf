//! Half-pair coverage as a tract × year heat map: where the data are thin
//! enough that RSAI had to merge tracts into supertracts.

use crate::chart::{draw, rgb, Figure};
use crate::ReportError;
use plotters::prelude::*;

/// What a coverage heat map shows.
#[derive(Clone, Debug, PartialEq)]
pub struct CoverageData {
    /// Title above the map.
    pub title: String,
    /// The years, one column each.
    pub years: Vec<i32>,
    /// One row per tract: its id and its half-pairs per year (`None`: not
    /// recorded, for runs saved before HPI Studio recorded them).
    pub tracts: Vec<(String, Vec<Option<u64>>)>,
    /// The run's half-pair threshold for a supertract.
    pub threshold: u64,
    /// The source line under the map.
    pub source: String,
}

/// Below the threshold in oranges, at or above it in blues (ColorBrewer,
/// diverging at the threshold, colour-blind safe); none at all near white.
const NONE: &str = "#F7F7F7";
const BELOW: [&str; 2] = ["#FDAE6B", "#E6550D"];
const ABOVE: [&str; 3] = ["#C6DBEF", "#6BAED6", "#08519C"];
const MISSING: &str = "#BDBDBD";

const WIDTH: u32 = 960;
const HEIGHT: u32 = 640;
/// Up to this many rows each tract is labelled; beyond, every k-th.
const LABELLED_ROWS: usize = 40;

/// The colour of a cell, and the legend text of each colour.
fn class(half_pairs: Option<u64>, threshold: u64) -> &'static str {
    let t = threshold.max(1);
    match half_pairs {
        None => MISSING,
        Some(0) => NONE,
        Some(h) if h * 2 < t => BELOW[1],
        Some(h) if h < t => BELOW[0],
        Some(h) if h < 2 * t => ABOVE[0],
        Some(h) if h < 4 * t => ABOVE[1],
        Some(_) => ABOVE[2],
    }
}

fn legend(threshold: u64) -> Vec<(&'static str, String)> {
    let t = threshold.max(1);
    vec![
        (NONE, "none".into()),
        (BELOW[1], format!("1 to {}", (t - 1) / 2)),
        (BELOW[0], format!("{} to {} (short)", t.div_ceil(2).max(1), t - 1)),
        (ABOVE[0], format!("{t} to {}", 2 * t - 1)),
        (ABOVE[1], format!("{} to {}", 2 * t, 4 * t - 1)),
        (ABOVE[2], format!("{} and more", 4 * t)),
        (MISSING, "not recorded".into()),
    ]
}

impl Figure for CoverageData {
    const SIZE: (u32, u32) = (WIDTH, HEIGHT);
    fn source(&self) -> String {
        format!("Half-pairs: sales in the year that are one end of a kept pair · {}", self.source)
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
        let (grid, legend_area) = main.split_horizontally(s(WIDTH - 170));
        let (columns, rows) = (data.years.len().max(1), data.tracts.len().max(1));
        let (nc, nr) = (columns as u32, rows as u32);
        let mut chart = ChartBuilder::on(&grid)
            .caption(&data.title, ("sans-serif", f(20)))
            .margin(s(12))
            .x_label_area_size(s(30))
            .y_label_area_size(s(110))
            .build_cartesian_2d((0..nc).into_segmented(), (0..nr).into_segmented())
            .map_err(|e| ReportError::Unsupported(format!("cannot draw the coverage map: {e}")))?;
        let years = data.years.clone();
        // Row 0 at the top, as in a table; plotters counts from the bottom.
        let row_of = |y: u32| rows - 1 - (y as usize).min(rows - 1);
        let names: Vec<&str> = data.tracts.iter().map(|(t, _)| t.as_str()).collect();
        let (every_row, every_year) = (rows.div_ceil(LABELLED_ROWS), columns.div_ceil(12));
        draw(
            chart
                .configure_mesh()
                .disable_mesh()
                .x_labels(columns + 1)
                .x_label_formatter(&|x| match x {
                    SegmentValue::CenterOf(i) if (*i as usize).is_multiple_of(every_year) => {
                        years.get(*i as usize).map(i32::to_string).unwrap_or_default()
                    }
                    _ => String::new(),
                })
                .y_labels(rows + 1)
                .y_label_formatter(&|y| match y {
                    SegmentValue::CenterOf(i) if row_of(*i).is_multiple_of(every_row) => {
                        names.get(row_of(*i)).map(|n| (*n).to_owned()).unwrap_or_default()
                    }
                    _ => String::new(),
                })
                .y_desc(format!("{} tracts", data.tracts.len()))
                .label_style(("sans-serif", f(if rows > 24 { 10 } else { 12 })))
                .axis_desc_style(("sans-serif", f(13)))
                .draw(),
        )?;
        // One rectangle per run of equal colours along a row keeps the SVG
        // small for CBSAs with thousands of tracts.
        let mut cells = Vec::new();
        for (i, (_, values)) in data.tracts.iter().enumerate() {
            let y = (rows - 1 - i) as u32;
            let mut start = 0;
            for j in 1..=values.len() {
                let here = class(values[start], data.threshold);
                if j == values.len() || class(values[j], data.threshold) != here {
                    let corners = [
                        (SegmentValue::Exact(start as u32), SegmentValue::Exact(y)),
                        (SegmentValue::Exact(j as u32), SegmentValue::Exact(y + 1)),
                    ];
                    cells.push(Rectangle::new(corners, rgb(here).filled()));
                    start = j;
                }
            }
        }
        draw(chart.draw_series(cells).map(|_| ()))?;
        let text = |t: String, x: u32, y: u32| Text::new(t, (s(x) as i32, s(y) as i32), ("sans-serif", f(13)));
        draw(legend_area.draw(&text("Half-pairs per tract".into(), 4, 60)))?;
        for (k, (color, label)) in legend(data.threshold).into_iter().enumerate() {
            let y = 84 + 24 * k as u32;
            let swatch =
                Rectangle::new([(s(4) as i32, s(y) as i32), (s(22) as i32, s(y + 16) as i32)], rgb(color).filled());
            draw(legend_area.draw(&swatch))?;
            draw(legend_area.draw(&Rectangle::new(
                [(s(4) as i32, s(y) as i32), (s(22) as i32, s(y + 16) as i32)],
                RGBColor(200, 200, 200).stroke_width(1),
            )))?;
            draw(legend_area.draw(&text(label, 30, y + 2)))?;
        }
        let note = format!("threshold {} half-pairs", data.threshold);
        draw(legend_area.draw(&text(note, 4, 84 + 24 * 7 + 8)))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::svg as coverage_svg;

    fn data(tracts: usize) -> CoverageData {
        let years: Vec<i32> = (2000..2010).collect();
        let tracts = (0..tracts)
            .map(|i| {
                let values = (0..years.len())
                    .map(|j| if i == 3 && j == 2 { None } else { Some((i * 7 + j * 3) as u64) })
                    .collect();
                (format!("T{i:03}"), values)
            })
            .collect();
        CoverageData { title: "CBSA 10260".into(), years, tracts, threshold: 40, source: "RSAI run 2".into() }
    }

    #[test]
    fn every_class_is_drawn_and_labelled() {
        let svg = coverage_svg(&data(20)).unwrap();
        for (color, label) in legend(40) {
            assert!(svg.to_uppercase().contains(color), "colour {color}");
            assert!(svg.contains(&label), "legend {label}");
        }
        for needle in ["CBSA 10260", "T000", "T019", "2000", "2009", "20 tracts", "threshold 40", "RSAI run 2"] {
            assert!(svg.contains(needle), "missing {needle}");
        }
    }

    #[test]
    fn classes_split_at_the_threshold() {
        assert_eq!(class(Some(39), 40), BELOW[0]);
        assert_eq!(class(Some(40), 40), ABOVE[0]);
        assert_eq!(class(Some(19), 40), BELOW[1]);
        assert_eq!(class(Some(20), 40), BELOW[0]);
        assert_eq!(class(Some(160), 40), ABOVE[2]);
        assert_eq!(class(Some(0), 40), NONE);
        assert_eq!(class(None, 40), MISSING);
    }

    #[test]
    fn thousands_of_tracts_stay_a_small_svg() {
        let svg = coverage_svg(&data(3000)).unwrap();
        // Runs of equal colour are merged, labels thinned to about 40.
        assert!(svg.len() < 3_000_000, "{} bytes", svg.len());
        assert!(svg.contains("3000 tracts"));
    }
}
