//! Charts as SVG, drawn with plotters in the style of the app: Okabe–Ito
//! colours fixed per weighting scheme, and every chart with its units, base
//! period and data source underneath.

use crate::ReportError;
use plotters::prelude::*;

/// One line (or group of bars) of a chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Legend label.
    pub label: String,
    /// Colour as `#rrggbb`.
    pub color: &'static str,
    /// One value per period; `None` leaves a gap.
    pub values: Vec<Option<f64>>,
    /// A band shaded behind the line, `(lower, upper)` per period; empty for none.
    pub band: Vec<Option<(f64, f64)>>,
}

/// What a chart shows.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartData {
    /// Title above the chart.
    pub title: String,
    /// Label of each period along the x axis.
    pub periods: Vec<String>,
    /// The series.
    pub series: Vec<Series>,
    /// Units of the y axis, e.g. `Index, 2000 = 100`.
    pub units: String,
    /// The source line under the chart.
    pub source: String,
}

/// The Okabe–Ito palette (colour-blind safe), black last.
pub const PALETTE: [&str; 8] = ["#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];

/// The fixed colour of a weighting scheme (`Weight::colour`); black for anything else.
pub fn color_of(name: &str) -> &'static str {
    hpi_engine::Weight::parse(name).map_or(PALETTE[7], hpi_engine::Weight::colour)
}

pub(crate) fn rgb(hex: &str) -> RGBColor {
    let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0);
    RGBColor((v >> 16) as u8, (v >> 8) as u8, v as u8)
}

/// Chart size at scale 1, in pixels (16:9).
const WIDTH: u32 = 960;
const HEIGHT: u32 = 540;

/// PNG charts are drawn at this multiple of the screen size: 1920 × 1080,
/// 300 dpi at 6.4 × 3.6 inches.
pub const PRINT_SCALE: u32 = 2;

static FONT: std::sync::Once = std::sync::Once::new();

/// Registers the embedded DejaVu Sans as "sans-serif": charts look the same
/// on every machine, and PNG needs no system fonts.
pub(crate) fn register_font() {
    FONT.call_once(|| {
        let bytes: &'static [u8] = include_bytes!("../assets/DejaVuSans.ttf");
        let registered = plotters::style::register_font("sans-serif", FontStyle::Normal, bytes);
        assert!(registered.is_ok(), "the embedded font is valid");
    });
}

fn y_range(data: &ChartData, include_zero: bool) -> (f64, f64) {
    let bands = data.series.iter().flat_map(|s| s.band.iter().flatten().flat_map(|&(l, u)| [l, u]));
    let values = data.series.iter().flat_map(|s| s.values.iter().flatten().copied()).chain(bands);
    let values = values.filter(|v| v.is_finite());
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (lo, hi) = if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) };
    let (lo, hi) = if include_zero { (lo.min(0.0), hi.max(0.0)) } else { (lo, hi) };
    // In halves, so that a range as wide as the doubles stays finite, and at
    // least a millionth of its magnitude wide: plotters never returns from an
    // infinite range, nor from one too narrow to step through (1e300 ± 1e-9).
    let (mid, half) = (lo / 2.0 + hi / 2.0, (hi / 2.0 - lo / 2.0) * 1.06);
    let half = half.max(mid.abs() * 1e-6).clamp(1e-9, f64::MAX / 4.0);
    (mid - half, mid + half)
}

pub(crate) fn draw<E: std::fmt::Display>(r: Result<(), E>) -> Result<(), ReportError> {
    r.map_err(|e| ReportError::Unsupported(format!("cannot draw the chart: {e}")))
}

/// Something drawn into any plotters backend at `SIZE` (screen pixels),
/// `scale` times larger for print: charts, tract maps, coverage maps. Every
/// figure is framed alike (white ground, its source line under it) by
/// [`svg`] and [`save`]; it draws only itself.
pub trait Figure {
    /// Width and height at scale 1, source line included.
    const SIZE: (u32, u32);
    /// The grey line under the figure: what it shows and where it came from.
    fn source(&self) -> String;
    /// Draws the figure into `main`, the frame above its source line.
    fn render<DB: DrawingBackend>(
        &self,
        main: DrawingArea<DB, plotters::coord::Shift>,
        scale: u32,
    ) -> Result<(), ReportError>
    where
        DB::ErrorType: 'static;
}

/// The height of the source line at scale 1.
const SOURCE_LINE: u32 = 28;

/// Draws `figure` in its frame: white ground, the figure, its source line.
fn framed<F: Figure, DB: DrawingBackend>(
    figure: &F,
    root: DrawingArea<DB, plotters::coord::Shift>,
    scale: u32,
) -> Result<(), ReportError>
where
    DB::ErrorType: 'static,
{
    draw(root.fill(&WHITE))?;
    let (main, footer) = root.split_vertically((F::SIZE.1 - SOURCE_LINE) * scale);
    figure.render(main, scale)?;
    source_line(&footer, figure.source(), scale)?;
    draw(root.present())
}

/// A figure as SVG text.
pub fn svg<F: Figure>(figure: &F) -> Result<String, ReportError> {
    register_font();
    let mut svg = String::new();
    framed(figure, SVGBackend::with_string(&mut svg, F::SIZE).into_drawing_area(), 1)?;
    Ok(svg)
}

/// Writes a figure to `path`: PNG at print resolution when the name ends in
/// `.png`, SVG otherwise.
pub fn save<F: Figure>(figure: &F, path: &std::path::Path) -> Result<(), ReportError> {
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("png")) {
        // The partial file keeps the extension's meaning out of the backend's way: it writes PNG to any name.
        crate::write::replacing(path, |partial| png_of(figure, partial))
    } else {
        crate::write::write_file(path, svg(figure)?.as_bytes())
    }
}

/// Writes a chart over periods (lines, or grouped bars) like [`save`].
pub fn save_chart(data: &ChartData, bars: bool, path: &std::path::Path) -> Result<(), ReportError> {
    save(&Periods { data, bars }, path)
}

/// A figure as a PNG file at print resolution.
pub(crate) fn png_of<F: Figure>(figure: &F, path: &std::path::Path) -> Result<(), ReportError> {
    register_font();
    let size = (F::SIZE.0 * PRINT_SCALE, F::SIZE.1 * PRINT_SCALE);
    framed(figure, BitMapBackend::new(path, size).into_drawing_area(), PRINT_SCALE)
        .map_err(|e| ReportError::Write { path: path.display().to_string(), message: e.to_string() })
}

/// The grey line under a figure: units, base period, source.
fn source_line<DB: DrawingBackend>(
    footer: &DrawingArea<DB, plotters::coord::Shift>,
    text: String,
    scale: u32,
) -> Result<(), ReportError>
where
    DB::ErrorType: 'static,
{
    let at = ((14 * scale) as i32, (6 * scale) as i32);
    let style = ("sans-serif", f64::from(12 * scale)).into_font().color(&RGBColor(90, 90, 90));
    draw(footer.draw(&Text::new(text, at, style)))
}

/// A chart over periods: lines, or grouped bars.
struct Periods<'a> {
    data: &'a ChartData,
    bars: bool,
}

impl Figure for Periods<'_> {
    const SIZE: (u32, u32) = (WIDTH, HEIGHT);
    fn source(&self) -> String {
        format!("{} · {}", self.data.units, self.data.source)
    }
    fn render<DB: DrawingBackend>(
        &self,
        main: DrawingArea<DB, plotters::coord::Shift>,
        scale: u32,
    ) -> Result<(), ReportError>
    where
        DB::ErrorType: 'static,
    {
        let (data, bars) = (self.data, self.bars);
        let s = |v: u32| v * scale;
        let f = |v: u32| f64::from(v * scale);
        let n = data.periods.len().max(1);
        let (lo, hi) = y_range(data, bars);
        let mut chart = ChartBuilder::on(&main)
            .caption(&data.title, ("sans-serif", f(20)))
            .margin(s(12))
            .x_label_area_size(s(36))
            .y_label_area_size(s(64))
            .build_cartesian_2d(-0.5f64..n as f64 - 0.5, lo..hi)
            .map_err(|e| ReportError::Unsupported(format!("cannot draw the chart: {e}")))?;
        let periods = data.periods.clone();
        draw(
            chart
                .configure_mesh()
                .light_line_style(RGBColor(235, 235, 235))
                .bold_line_style(RGBColor(215, 215, 215))
                .x_labels(n.min(12))
                .x_label_formatter(&|x| {
                    let i = x.round();
                    if (x - i).abs() < 1e-6 && i >= 0.0 {
                        periods.get(i as usize).cloned().unwrap_or_default()
                    } else {
                        String::new()
                    }
                })
                .y_desc(&data.units)
                .label_style(("sans-serif", f(13)))
                .axis_desc_style(("sans-serif", f(13)))
                .draw(),
        )?;
        let k = data.series.len().max(1) as f64;
        let stroke = s(2);
        if !bars {
            // Bands first, under every line: one polygon per run of periods that have one.
            for series in &data.series {
                let fill = rgb(series.color).mix(0.15).filled();
                let mut run: Vec<(f64, (f64, f64))> = Vec::new();
                for (i, b) in series.band.iter().chain(std::iter::once(&None)).enumerate() {
                    match b {
                        Some(b) => run.push((i as f64, *b)),
                        None if run.len() > 1 => {
                            let outline: Vec<(f64, f64)> = run
                                .iter()
                                .map(|&(x, (_, u))| (x, u))
                                .chain(run.iter().rev().map(|&(x, (l, _))| (x, l)))
                                .collect();
                            draw(chart.draw_series(std::iter::once(Polygon::new(outline, fill))).map(|_| ()))?;
                            run.clear();
                        }
                        None => run.clear(),
                    }
                }
            }
        }
        for (j, series) in data.series.iter().enumerate() {
            let color = rgb(series.color);
            if bars {
                let width = 0.8 / k;
                let rects = series.values.iter().enumerate().filter_map(|(i, v)| {
                    v.map(|v| {
                        let x0 = i as f64 - 0.4 + j as f64 * width;
                        Rectangle::new([(x0, 0.0), (x0 + width * 0.9, v)], color.filled())
                    })
                });
                // Legend glyphs keep their screen size: plotters' gap before the label does not scale.
                let (w, h) = (14, 5);
                draw(chart.draw_series(rects).map(|a| {
                    a.label(&series.label)
                        .legend(move |(x, y)| Rectangle::new([(x, y - h), (x + w, y + h)], color.filled()));
                }))?;
            } else {
                // One path per run of values, so that gaps stay gaps.
                let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
                for (i, v) in series.values.iter().enumerate() {
                    match v {
                        Some(v) => runs.last_mut().expect("one run").push((i as f64, *v)),
                        None if !runs.last().expect("one run").is_empty() => runs.push(Vec::new()),
                        None => {}
                    }
                }
                let w = 16;
                for (r, points) in runs.into_iter().filter(|r| !r.is_empty()).enumerate() {
                    let line = chart.draw_series(LineSeries::new(points, color.stroke_width(stroke)));
                    if r == 0 {
                        draw(line.map(|a| {
                            a.label(&series.label).legend(move |(x, y)| {
                                PathElement::new(vec![(x, y), (x + w, y)], color.stroke_width(stroke))
                            });
                        }))?;
                    } else {
                        draw(line.map(|_| ()))?;
                    }
                }
            }
        }
        draw(
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperLeft)
                .background_style(WHITE.mix(0.85))
                .border_style(RGBColor(200, 200, 200))
                .label_font(("sans-serif", f(13)))
                .margin(s(10))
                .draw(),
        )?;
        Ok(())
    }
}

/// Lines over periods (index levels) as SVG, gaps where a value is missing.
pub fn line_chart_svg(data: &ChartData) -> Result<String, ReportError> {
    svg(&Periods { data, bars: false })
}

/// Grouped bars over periods (e.g. appreciation in percent) as SVG.
pub fn bar_chart_svg(data: &ChartData) -> Result<String, ReportError> {
    svg(&Periods { data, bars: true })
}

/// The line chart as a PNG file at print resolution.
pub fn line_chart_png(data: &ChartData, path: &std::path::Path) -> Result<(), ReportError> {
    png_of(&Periods { data, bars: false }, path)
}

/// The bar chart as a PNG file at print resolution.
pub fn bar_chart_png(data: &ChartData, path: &std::path::Path) -> Result<(), ReportError> {
    png_of(&Periods { data, bars: true }, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by `crates/hpi-usecases/tests/finite.rs`: plotters never returned
    /// from a y range too narrow for its magnitude, nor from an infinite one.
    #[test]
    fn extreme_values_draw_in_bounded_time_without_non_finite_numbers() {
        for values in [
            vec![Some(1e300), Some(1e300)],
            vec![Some(f64::MAX), Some(-f64::MAX)],
            vec![Some(100.0), Some(f64::INFINITY), Some(f64::NAN)],
            vec![Some(1e-300), Some(2e-300)],
        ] {
            let mut d = data();
            d.periods.truncate(values.len());
            d.series = vec![Series { label: "x".into(), color: PALETTE[0], values, band: Vec::new() }];
            let (lo, hi) = y_range(&d, false);
            assert!(lo.is_finite() && hi.is_finite() && lo < hi, "{lo}..{hi}");
            for svg in [line_chart_svg(&d).unwrap(), bar_chart_svg(&d).unwrap()] {
                assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
            }
        }
    }

    fn data() -> ChartData {
        ChartData {
            title: "CBSA 10180".into(),
            periods: (2000..2005).map(|y| y.to_string()).collect(),
            series: vec![
                Series {
                    label: "Sample".into(),
                    color: color_of("sample"),
                    values: vec![Some(100.0), Some(104.0), None, Some(110.0), Some(115.0)],
                    band: vec![
                        Some((100.0, 100.0)),
                        Some((101.0, 107.0)),
                        None,
                        Some((105.0, 115.0)),
                        Some((109.0, 121.0)),
                    ],
                },
                Series {
                    label: "Unit".into(),
                    color: color_of("unit"),
                    values: vec![Some(100.0), Some(103.0), Some(106.0), Some(109.0), Some(112.0)],
                    band: Vec::new(),
                },
            ],
            units: "Index, 2000 = 100".into(),
            source: "Source: HPI Studio sample data".into(),
        }
    }

    #[test]
    fn png_at_print_resolution_is_drawn() {
        let dir = tempfile::tempdir().unwrap();
        for (name, draw) in
            [("line.png", line_chart_png as fn(&ChartData, &std::path::Path) -> _), ("bar.png", bar_chart_png)]
        {
            let path = dir.path().join(name);
            draw(&data(), &path).unwrap();
            let image = image::open(&path).unwrap().to_rgb8();
            assert_eq!(image.dimensions(), (1920, 1080));
            // Not blank: the sample series' blue and green are there.
            let has = |c: [u8; 3]| image.pixels().any(|p| p.0 == c);
            assert!(has([0x00, 0x72, 0xB2]) && has([0x00, 0x9E, 0x73]), "{name}");
            let dark = image.pixels().filter(|p| p.0.iter().all(|&v| v < 100)).count();
            assert!(dark > 2000, "{name}: text and axes drawn ({dark} dark pixels)");
            // The sample series' band: its blue at 15 % over white, on the line chart only.
            let pale =
                image.pixels().filter(|p| p.0.iter().zip([217u8, 234, 243]).all(|(&a, b)| a.abs_diff(b) <= 2)).count();
            assert_eq!(pale > 1000, name == "line.png", "{name}: {pale} pixels of the band's colour");
        }
    }

    #[test]
    fn every_series_units_and_source_are_drawn() {
        for svg in [line_chart_svg(&data()).unwrap(), bar_chart_svg(&data()).unwrap()] {
            assert!(svg.starts_with("<svg"));
            for needle in [
                "Sample",
                "Unit",
                "#0072B2",
                "#009E73",
                "Index, 2000 = 100",
                "Source: HPI Studio sample data",
                "CBSA 10180",
                "2003",
            ] {
                assert!(svg.to_uppercase().contains(&needle.to_uppercase()), "missing {needle}");
            }
        }
    }
}
