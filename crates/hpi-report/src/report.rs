//! What a report of one run, or a comparison of several, says: parameters,
//! data, quality, charts and tables per region, coverage, methodology and
//! provenance, as a [`Document`] that `html.rs` and `pdf.rs` render.

use crate::chart::svg;
use crate::chart::{bar_chart_svg, color_of, line_chart_svg, ChartData, Series, PALETTE};
use crate::coverage::CoverageData;
use crate::document::{Block, CellKind, Document, TableBlock};
use crate::ReportError;
use hpi_engine::Evaluation;
use hpi_store::{ImportRecord, IndexRow, QualityReport, RunParameters, RunRecord, TractRow};
use serde_json::Value;

/// A saved run and its results.
#[derive(Clone, Debug)]
pub struct RunData {
    /// The run's record.
    pub record: RunRecord,
    /// Its city index.
    pub index: Vec<IndexRow>,
    /// Its quality report (none for a failed or cancelled run).
    pub quality: Option<QualityReport>,
    /// Its tract panel (RSAI runs; empty otherwise), for the coverage maps.
    pub tracts: Vec<TractRow>,
    /// Its diagnostics, when it was evaluated.
    pub evaluation: Option<Evaluation>,
}

/// Everything a report shows.
#[derive(Clone, Debug)]
pub struct ReportInput {
    /// The project file's name.
    pub project: String,
    /// The runs: one for a run report, several to compare.
    pub runs: Vec<RunData>,
    /// The project's imports, for provenance.
    pub imports: Vec<ImportRecord>,
    /// When the report is made (UTC).
    pub generated_at: String,
    /// The HPI Studio version making it.
    pub app_version: String,
    /// The main run against a published series, drawn beside it and compared.
    pub benchmark: Option<crate::benchmark::Comparison>,
}

/// The colour of a benchmark's line: none of the weights' or pooled methods'.
const BENCHMARK_COLOR: &str = "#a0522d";

/// The charts of one region: index levels and period-on-period appreciation.
#[derive(Clone, Debug)]
pub struct RegionCharts {
    /// Region (CBSA) name.
    pub region: String,
    /// One line per run and weight.
    pub level: ChartData,
    /// The same series as appreciation in percent.
    pub change: ChartData,
}

fn source_line(input: &ReportInput) -> String {
    let runs: Vec<String> =
        input.runs.iter().map(|r| format!("run {} ({})", r.record.id, r.record.method.title())).collect();
    format!("Source: {} ({}), HPI Studio {}", input.project, runs.join(", "), input.app_version)
}

/// Per region, the index and appreciation charts of the runs.
pub fn region_charts(input: &ReportInput) -> Vec<RegionCharts> {
    let source = source_line(input);
    regions(input)
        .into_iter()
        .map(|(region, periods, mut series)| {
            if let Some(line) = benchmark_line(input, &region, &periods) {
                series.push(line);
            }
            let base = periods.first().cloned().unwrap_or_default();
            RegionCharts {
                level: ChartData {
                    title: format!("House price index, {region}"),
                    periods: periods.clone(),
                    series: series.clone(),
                    units: format!("Index, {base} = 100{}", band_note(&input.runs)),
                    source: source.clone(),
                },
                change: ChartData {
                    title: format!("Appreciation, {region}"),
                    periods,
                    series: appreciation(&series),
                    units: "Change on the previous period, %".into(),
                    source: source.clone(),
                },
                region,
            }
        })
        .collect()
}

/// The benchmark's values for `region`, rebased to the main run's first
/// series there, on the chart's periods.
fn benchmark_line(input: &ReportInput, region: &str, periods: &[String]) -> Option<Series> {
    let c = input.benchmark.as_ref()?;
    let overlay = &c.regions.iter().find(|r| r.region == region && !r.overlay.is_empty())?.overlay;
    let values = periods.iter().map(|p| overlay.iter().find(|o| &o.label == p).map(|o| o.value)).collect();
    Some(Series {
        label: format!("Benchmark: {}", c.benchmark.title()),
        color: BENCHMARK_COLOR,
        values,
        band: vec![None; periods.len()],
    })
}

/// The main run's tracking of the benchmark, per region and weight.
fn benchmark_section(input: &ReportInput, b: &mut Vec<Block>) {
    let Some(c) = &input.benchmark else { return };
    b.push(heading(2, "Benchmark"));
    b.push(Block::Paragraph(format!(
        "Run {} against {}, over the periods both have a value in (a year of a quarterly series is the mean of its \
         four quarters, kept only when all four have one). Return correlation: Pearson's, of the log changes from \
         one period to the next. RMS log difference: the root mean square of the gap between the two log indices, \
         both rebased at the first common period. Growth difference: the mean absolute difference of growth over \
         one year, in percentage points. The charts above draw the benchmark rebased to the run's first series in \
         the first period both have.",
        c.run,
        c.benchmark.title()
    )));
    if c.regions.is_empty() {
        b.push(Block::Paragraph("No region of the run is in the benchmark.".into()));
        return;
    }
    use CellKind::{Number, Text};
    let mut t = TableBlock::new(&[
        ("region", Text),
        ("weight", Text),
        ("periods", Number),
        ("over", Text),
        ("return correlation", Number),
        ("RMS log difference", Number),
        ("growth difference, pp", Number),
    ]);
    for r in &c.regions {
        let x = &r.tracking;
        t.row(vec![
            r.region.clone(),
            r.weight.as_deref().map_or_else(String::new, title_of),
            x.periods.to_string(),
            x.span().unwrap_or_else(|| "—".into()),
            number(x.return_correlation, 3),
            number(x.rms_log_difference, 4),
            number(x.growth_difference, 2),
        ]);
    }
    b.push(Block::Table(t));
    if !c.unmatched.is_empty() {
        b.push(Block::Paragraph(format!("The benchmark has no series for {}.", c.unmatched.join(", "))));
    }
}

/// A whole number with thousand separators.
pub fn thousands(v: i64) -> String {
    let digits = v.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// A number to `decimals` places with thousand separators; `—` when missing.
pub fn number(v: Option<f64>, decimals: usize) -> String {
    match v {
        None => "—".to_owned(),
        Some(v) => {
            let text = format!("{:.*}", decimals, v.abs());
            let (whole, frac) = text.split_once('.').map_or((text.as_str(), ""), |(w, f)| (w, f));
            let whole = thousands(whole.parse().unwrap_or(0));
            let sign = if v < 0.0 && text.bytes().any(|b| (b'1'..=b'9').contains(&b)) { "-" } else { "" };
            if frac.is_empty() {
                format!("{sign}{whole}")
            } else {
                format!("{sign}{whole}.{frac}")
            }
        }
    }
}

/// How a weighting scheme or method is named for people: `Sample`, `UPB`,
/// `Non-white`, `WRS` (`Weight::title`, `Method::title`); any other name as it is.
pub fn title_of(name: &str) -> String {
    hpi_engine::Weight::parse(name)
        .map(hpi_engine::Weight::title)
        .or_else(|| hpi_engine::Method::parse(name).map(hpi_engine::Method::title))
        .unwrap_or(name)
        .to_owned()
}

/// A series' name in a legend or table: its weight's or method's title,
/// after its run's id when the report compares runs.
fn series_label(input: &ReportInput, run: &RunData, name: &str) -> String {
    let title = title_of(name);
    if input.runs.len() > 1 {
        format!("Run {} · {title}", run.record.id)
    } else {
        title
    }
}

/// Colours of pooled runs: black, then greys.
const POOLED: [&str; 3] = ["#000000", "#6e7781", "#afb8c1"];

/// How many pooled runs come before run `k`.
fn pooled_runs(input: &ReportInput, k: usize) -> usize {
    input.runs[..k].iter().filter(|r| r.index.iter().all(|i| i.weight.is_none())).count()
}

/// The band of one stored index value on a chart: the run's own (RSAI's
/// bootstrap), or the default level's around its standard error (BMN, WRS).
fn band_of(row: &IndexRow) -> Option<(f64, f64)> {
    let bands = hpi_engine::Bands::new(hpi_engine::DEFAULT_BAND_LEVEL).expect("the default level is valid");
    crate::table::stored_band(row, bands)
}

/// The level of the bands a run's chart shows, as a note for its units line.
fn band_note(runs: &[RunData]) -> String {
    let level = |r: &RunData| -> Option<f64> {
        if r.index.iter().any(|i| i.lower.is_some()) {
            r.record.band_level
        } else if r.index.iter().any(|i| i.se.is_some()) {
            Some(hpi_engine::DEFAULT_BAND_LEVEL)
        } else {
            None
        }
    };
    let mut levels: Vec<f64> = runs.iter().filter_map(level).collect();
    levels.dedup();
    match levels.as_slice() {
        [] => String::new(),
        [l] => format!("; shaded: {} % bands", (l * 100.0).round()),
        _ => "; shaded: bands at each run's level".into(),
    }
}

/// Per region: the periods, and one series per run and weight.
fn regions(input: &ReportInput) -> Vec<(String, Vec<String>, Vec<Series>)> {
    let mut out: Vec<(String, Vec<String>, Vec<Series>)> = Vec::new();
    for (k, run) in input.runs.iter().enumerate() {
        for row in &run.index {
            let slot = match out.iter().position(|r| r.0 == row.region) {
                Some(i) => i,
                None => {
                    out.push((row.region.clone(), Vec::new(), Vec::new()));
                    out.len() - 1
                }
            };
            let (_, periods, series) = &mut out[slot];
            if !periods.contains(&row.label) {
                periods.push(row.label.clone());
            }
            let name = row.weight.clone().unwrap_or_else(|| run.record.method.name().to_owned());
            let label = series_label(input, run, &name);
            // Pooled methods in black and greys, never a weighting scheme's colour.
            let color =
                if row.weight.is_none() { POOLED[pooled_runs(input, k) % POOLED.len()] } else { color_of(&name) };
            let position = periods.iter().position(|p| *p == row.label).expect("added");
            let band = band_of(row);
            match series.iter_mut().find(|s| s.label == label) {
                Some(s) => {
                    s.values.resize(position, None);
                    s.values.push(row.value);
                    s.band.resize(position, None);
                    s.band.push(band);
                }
                None => {
                    let mut values = vec![None; position];
                    values.push(row.value);
                    let mut bands = vec![None; position];
                    bands.push(band);
                    series.push(Series { label, color, values, band: bands });
                }
            }
        }
    }
    for (_, periods, series) in &mut out {
        for s in series.iter_mut() {
            s.values.resize(periods.len(), None);
            s.band.resize(periods.len(), None);
        }
    }
    out
}

fn appreciation(series: &[Series]) -> Vec<Series> {
    series
        .iter()
        .map(|s| Series {
            label: s.label.clone(),
            color: s.color,
            band: Vec::new(),
            values: std::iter::once(None)
                .chain(s.values.windows(2).map(|w| match (w[0], w[1]) {
                    // A change beyond what a double holds is no change to draw.
                    (Some(a), Some(b)) => Some(100.0 * (b / a - 1.0)).filter(|c| c.is_finite()),
                    _ => None,
                }))
                .collect(),
        })
        .collect()
}

/// Per region of the first RSAI run, the half-pair coverage of its tracts.
pub fn coverage_maps(input: &ReportInput) -> Vec<CoverageData> {
    let Some(run) = input.runs.iter().find(|r| !r.tracts.is_empty()) else { return Vec::new() };
    let mut regions: Vec<&str> = Vec::new();
    for r in &run.tracts {
        // Rows come CBSA by CBSA: checking the last one first keeps this linear.
        if regions.last() != Some(&r.cbsa.as_str()) && !regions.contains(&r.cbsa.as_str()) {
            regions.push(&r.cbsa);
        }
    }
    regions.into_iter().map(|cbsa| coverage_of(&run.record, &run.tracts, cbsa, &input.app_version)).collect()
}

/// One CBSA's coverage from a saved RSAI run's tract panel: tracts sorted by
/// id, years in order, classes split at the run's own half-pair threshold.
pub fn coverage_of(record: &RunRecord, rows: &[TractRow], cbsa: &str, app_version: &str) -> CoverageData {
    let threshold = u64::from(match &record.parameters {
        RunParameters::Rsai(p) => p.min_half_pairs,
        // Only RSAI runs have tract panels; the paper's threshold stands in for any other.
        RunParameters::Pooled(_) | RunParameters::Unrecorded => hpi_engine::RsaiParams::new(0, 0).min_half_pairs,
    });
    let rows: Vec<&TractRow> = rows.iter().filter(|r| r.cbsa == cbsa).collect();
    let mut years: Vec<i32> = rows.iter().map(|r| r.year as i32).collect();
    years.sort_unstable();
    years.dedup();
    let mut tracts: std::collections::BTreeMap<&str, Vec<Option<u64>>> = std::collections::BTreeMap::new();
    for r in &rows {
        let column = years.binary_search(&(r.year as i32)).expect("collected");
        let cells = tracts.entry(r.tract.as_str()).or_insert_with(|| vec![None; years.len()]);
        cells[column] = r.half_pairs.map(|h| h.max(0) as u64);
    }
    let (first, last) = (years.first().copied().unwrap_or_default(), years.last().copied().unwrap_or_default());
    CoverageData {
        title: format!("CBSA {cbsa}: half-pairs per tract and year, {first}–{last}"),
        years,
        tracts: tracts.into_iter().map(|(t, v)| (t.to_owned(), v)).collect(),
        threshold,
        source: format!("RSAI run {} (tract panel), HPI Studio {app_version}", record.id),
    }
}

fn heading(level: u8, text: impl Into<String>) -> Block {
    Block::Heading { level, text: text.into(), anchor: None }
}

fn figure(svg: String, alt: &str) -> Block {
    Block::Figure { svg, alt: alt.to_owned() }
}

/// The report's content.
pub fn document(input: &ReportInput) -> Result<Document, ReportError> {
    let runs: Vec<String> =
        input.runs.iter().map(|r| format!("run {} ({})", r.record.id, r.record.method.title())).collect();
    let title = if input.runs.len() > 1 {
        format!("Comparison of {}", runs.join(", "))
    } else {
        format!("House price index: {}", runs.join(""))
    };
    let subtitle =
        format!("Project {} · made {} by HPI Studio {}", input.project, input.generated_at, input.app_version);
    let mut b = Vec::new();

    b.push(heading(2, "Parameters"));
    for run in &input.runs {
        let r = &run.record;
        b.push(heading(3, format!("Run {} · {} · {} · {}", r.id, r.method.title(), r.status, r.created_at)));
        let mut t = TableBlock::key_values(CellKind::Text);
        if let Ok(Value::Object(map)) = serde_json::to_value(&r.parameters) {
            for (k, v) in map {
                // The filters in words; a stored value that does not read as filters is shown as it is.
                let filters = (k == "filters").then(|| serde_json::from_value::<hpi_engine::Filters>(v.clone()).ok());
                let text = match (filters.flatten(), v) {
                    (Some(f), _) => f.describe(),
                    (None, Value::String(s)) => s,
                    (None, other) => other.to_string(),
                };
                t.row(vec![k, text]);
            }
        }
        b.push(Block::Table(t));
    }

    b.push(heading(2, "Quality"));
    for run in &input.runs {
        quality(run, input.runs.len() > 1, &mut b);
    }

    for charts in region_charts(input) {
        let (region, level, change) = (&charts.region, &charts.level, &charts.change);
        let anchor: String = region.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
        b.push(Block::Heading { level: 2, text: region.clone(), anchor: Some(format!("region-{anchor}")) });
        b.push(figure(line_chart_svg(level)?, &level.title));
        b.push(figure(bar_chart_svg(change)?, &change.title));
        let mut columns = vec![("period".to_owned(), CellKind::Text)];
        columns.extend(level.series.iter().map(|s| (s.label.clone(), CellKind::Number)));
        let mut t = TableBlock { columns, header: true, rows: Vec::new() };
        for (i, period) in level.periods.iter().enumerate() {
            let mut row = vec![period.clone()];
            row.extend(level.series.iter().map(|s| number(s.values[i], 1)));
            t.row(row);
        }
        b.push(Block::Table(t));
        if let Some(t) = change_table(input, region) {
            b.push(Block::Paragraph(
                "Change from the previous period, in %, ± its standard error (of the log change, in percentage \
                 points): how sure the method is of each period's appreciation on its own."
                    .into(),
            ));
            b.push(Block::Table(t));
        }
    }

    benchmark_section(input, &mut b);
    diagnostics(input, &mut b);

    for run in input.runs.iter().filter(|r| r.quality.as_ref().is_some_and(|q| q.rsai.is_some())) {
        if let Some(data) = supertracts_chart(input, run) {
            b.push(heading(2, "Supertracts"));
            b.push(figure(line_chart_svg(&data)?, &data.title));
        }
    }
    let maps = coverage_maps(input);
    if !maps.is_empty() {
        b.push(heading(2, "Half-pair coverage"));
        b.push(Block::Paragraph(
            "Each row is a tract, each column a year. Tracts short of the threshold in a year (orange) were merged \
             with their nearest neighbours into a supertract for that year's estimate; blue tracts stood on their own."
                .into(),
        ));
        for map in maps {
            b.push(figure(svg(&map)?, &map.title));
        }
    }

    b.push(heading(2, "Methodology"));
    b.extend(METHODOLOGY.iter().map(|p| Block::Paragraph(p.split_whitespace().collect::<Vec<_>>().join(" "))));

    b.push(heading(2, "Provenance"));
    use CellKind::{Code, Number, Text};
    let mut t = TableBlock::new(&[
        ("import", Number),
        ("kind", Text),
        ("file", Text),
        ("bytes", Number),
        ("rows", Number),
        ("imported", Text),
        ("SHA-256", Code),
    ]);
    for i in &input.imports {
        t.row(vec![
            i.id.to_string(),
            i.kind.name().to_owned(),
            i.file_name.clone(),
            thousands(i.file_size),
            thousands(i.rows_accepted),
            i.imported_at.clone(),
            i.sha256.clone(),
        ]);
    }
    b.push(Block::Table(t));
    for run in &input.runs {
        let r = &run.record;
        b.push(Block::Paragraph(format!(
            "Run {}: computed {} by HPI Studio {} in {} s; inputs fingerprint {}.",
            r.id,
            r.created_at,
            r.app_version,
            number(r.duration_ms.map(|ms| ms as f64 / 1000.0), 2),
            r.input_fingerprint
        )));
    }
    Ok(Document { title, subtitle, blocks: b })
}

/// Per period, each series' change from the previous period ± the standard
/// error of its log change, where the runs of `region` recorded one.
fn change_table(input: &ReportInput, region: &str) -> Option<TableBlock> {
    let mut periods: Vec<String> = Vec::new();
    let mut columns: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for run in &input.runs {
        let rows: Vec<&IndexRow> = run.index.iter().filter(|r| r.region == region).collect();
        if !rows.iter().any(|r| r.change_se.is_some()) {
            continue;
        }
        for pair in rows.windows(2).filter(|w| w[0].weight == w[1].weight) {
            let (before, now) = (pair[0], pair[1]);
            let label = series_label(input, run, now.weight.as_deref().unwrap_or(run.record.method.name()));
            let cell = match (before.value, now.value) {
                (Some(a), Some(b)) => {
                    let se = now.change_se.map_or(String::new(), |se| format!(" ± {}", number(Some(100.0 * se), 1)));
                    format!("{}{se}", number(Some(100.0 * (b / a - 1.0)), 1))
                }
                _ => number(None, 1),
            };
            if !periods.contains(&now.label) {
                periods.push(now.label.clone());
            }
            match columns.iter_mut().find(|c| c.0 == label) {
                Some(c) => c.1.push((now.label.clone(), cell)),
                None => columns.push((label, vec![(now.label.clone(), cell)])),
            }
        }
    }
    if columns.is_empty() {
        return None;
    }
    let mut kinds = vec![("period".to_owned(), CellKind::Text)];
    kinds.extend(columns.iter().map(|c| (c.0.clone(), CellKind::Number)));
    let mut t = TableBlock { columns: kinds, header: true, rows: Vec::new() };
    for period in &periods {
        let mut row = vec![period.clone()];
        row.extend(
            columns.iter().map(|c| {
                c.1.iter().find(|(p, _)| p == period).map_or_else(|| number(None, 1), |(_, cell)| cell.clone())
            }),
        );
        t.row(row);
    }
    Some(t)
}

/// How well each evaluated run's indices fit their data: one row per index.
fn diagnostics(input: &ReportInput, b: &mut Vec<Block>) {
    let evaluated: Vec<(&RunData, &Evaluation)> =
        input.runs.iter().filter_map(|r| r.evaluation.as_ref().map(|e| (r, e))).collect();
    if evaluated.is_empty() {
        return;
    }
    b.push(heading(2, "Diagnostics"));
    b.push(Block::Paragraph(
        "Each resale price predicted from the first sale's price and the index: the median error (half the \
         predictions are closer), the share within 10 %, the same for pairs predicted by the index made without \
         them (k-fold) and for the next period's resales predicted by the index as it stood before them \
         (forecast); the volatility of the period-to-period changes; and how far, in index points, a value \
         moved on average as later sales arrived (revision). Lower is better for each."
            .into(),
    ));
    use CellKind::{Number, Text};
    let mut t = TableBlock::new(&[
        ("index", Text),
        ("region", Text),
        ("pairs", Number),
        ("median error", Number),
        ("within 10 %", Number),
        ("k-fold median error", Number),
        ("forecast median error", Number),
        ("volatility", Number),
        ("mean revision", Number),
    ]);
    let pct =
        |v: Option<f64>| if v.is_some() { format!("{} %", number(v.map(|x| 100.0 * x), 1)) } else { number(None, 1) };
    for (run, e) in evaluated {
        for s in &e.series {
            let name = series_label(input, run, s.weight.map_or(s.method.as_str(), |w| w.name()));
            let a = &s.accuracy;
            t.row(vec![
                name,
                s.region.clone(),
                thousands(a.insample.pairs as i64),
                pct(a.insample.mdape),
                pct(a.insample.pe10),
                pct(a.kfold.as_ref().and_then(|k| k.accuracy.mdape)),
                pct(a.forecast.as_ref().and_then(|f| f.mdape)),
                pct(s.volatility.mean),
                number(s.revision.as_ref().and_then(|r| r.mean), 2),
            ]);
        }
    }
    b.push(Block::Table(t));
}

/// The run's quality report in its one layout (`quality::layout`).
fn quality(run: &RunData, compare: bool, b: &mut Vec<Block>) {
    use crate::quality::{cell_text, layout, Part};
    let Some(q) = &run.quality else {
        b.push(heading(3, format!("Run {}", run.record.id)));
        b.push(Block::Paragraph("This run has no quality report.".into()));
        return;
    };
    for section in layout(q) {
        let title = if compare { format!("Run {} · {}", run.record.id, section.title) } else { section.title };
        b.push(heading(3, title));
        for part in section.parts {
            match part {
                Part::Figures { figures } => {
                    let mut t = TableBlock::key_values(CellKind::Number);
                    for f in figures {
                        t.row(vec![f.label, cell_text(&f.value)]);
                    }
                    b.push(Block::Table(t));
                }
                Part::Table { columns, rows } => {
                    let kinds: Vec<(String, CellKind)> = columns
                        .into_iter()
                        .map(|c| (c.title, if c.numeric { CellKind::Number } else { CellKind::Text }))
                        .collect();
                    let mut t = TableBlock { columns: kinds, header: true, rows: Vec::new() };
                    for r in rows {
                        t.row(r.iter().map(cell_text).collect());
                    }
                    b.push(Block::Table(t));
                }
                Part::Note { text } => b.push(Block::Paragraph(text)),
            }
        }
    }
}

fn supertracts_chart(input: &ReportInput, run: &RunData) -> Option<ChartData> {
    let rsai = run.quality.as_ref()?.rsai.as_ref()?;
    let cbsas: Vec<_> = rsai.cbsas.iter().filter(|c| c.included).collect();
    let first = cbsas.first()?;
    let periods: Vec<String> = first.years.iter().map(|y| y.year.to_string()).collect();
    let series = cbsas
        .iter()
        .enumerate()
        .map(|(k, c)| Series {
            label: format!("CBSA {}", c.cbsa),
            color: PALETTE[k % PALETTE.len()],
            values: c.years.iter().map(|y| Some(f64::from(y.supertracts))).collect(),
            band: Vec::new(),
        })
        .collect();
    Some(ChartData {
        title: format!("Supertracts per year, run {}", run.record.id),
        periods,
        series,
        units: "Supertracts".into(),
        source: source_line(input),
    })
}

const METHODOLOGY: [&str; 2] = [
    "Repeat-sales indices compare the prices of the same property at two sales, so that
changes in the mix of houses sold do not move the index. Pairs are consecutive sales of a
property. RSAI (Contat and Larson, FHFA Working Paper 21-01) drops pairs less than a year
apart, pairs whose annual growth exceeds ±30%, and pairs whose price ratio is above 10 or below
0.25. Each year it merges census tracts with too few half-pairs into supertracts with their
nearest neighbours, estimates a Bailey-Muth-Nourse regression for every supertract over the
whole sample, and averages the supertracts' appreciation with weights taken at the previous
year: half-pairs (sample), the value or number of single-family units, unpaid principal
balance, or, fixed in one year, college-educated or non-white population. The city index
chains those averages from 100 in the base year.",
    "Pooled BMN regresses log price relatives on
period dummies; WRS (Case-Shiller style) reweights pairs by the inverse of their expected
error variance, which grows with the time between sales. Periods without a chain of pairs to
the base period have no value: nothing is imputed. HPI Studio's decisions where the paper is
silent are listed in its documentation (methodology decisions).",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_for_people() {
        assert_eq!(number(Some(1234567.891), 1), "1,234,567.9");
        assert_eq!(number(Some(-1234.5), 1), "-1,234.5");
        assert_eq!(number(Some(-0.01), 1), "0.0");
        assert_eq!(number(Some(100.0), 1), "100.0");
        assert_eq!(number(None, 1), "—");
        assert_eq!(thousands(-1_000), "-1,000");
        assert_eq!(thousands(999), "999");
    }
}
