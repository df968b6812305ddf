//! A report of one run, or a comparison of several, as one self-contained
//! HTML file: inline styles and SVG charts, no external references.

use crate::chart::{bar_chart_svg, color_of, line_chart_svg, ChartData, Series, PALETTE};
use crate::ReportError;
use hpi_store::{ImportRecord, IndexRow, RunRecord};
use serde_json::Value;
use std::fmt::Write;

/// A saved run and its results.
#[derive(Clone, Debug)]
pub struct RunData {
    /// The run's record.
    pub record: RunRecord,
    /// Its city index.
    pub index: Vec<IndexRow>,
    /// Its quality report.
    pub quality: Value,
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
}

/// An SVG chart ready to inline: HTML5 puts inline `<svg>` in the SVG
/// namespace itself, so the namespace declaration (a URL never fetched) goes.
fn inline(svg: String) -> String {
    svg.replace(" xmlns=\"http://www.w3.org/2000/svg\"", "")
}

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
        input.runs.iter().map(|r| format!("run {} ({})", r.record.id, r.record.method.to_uppercase())).collect();
    format!("Source: {} ({}), HPI Studio {}", input.project, runs.join(", "), input.app_version)
}

/// Per region, the index and appreciation charts of the runs.
pub fn region_charts(input: &ReportInput) -> Vec<RegionCharts> {
    let source = source_line(input);
    regions(input)
        .into_iter()
        .map(|(region, periods, series)| {
            let base = periods.first().cloned().unwrap_or_default();
            RegionCharts {
                level: ChartData {
                    title: format!("House price index, {region}"),
                    periods: periods.clone(),
                    series: series.clone(),
                    units: format!("Index, {base} = 100"),
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

/// Escapes text for HTML.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
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
/// `Non-white`, `WRS`.
pub fn title_of(weight: &str) -> String {
    match weight {
        "upb" | "bmn" | "wrs" | "rsai" => weight.to_uppercase(),
        "nonwhite" => "Non-white".into(),
        w if !w.is_empty() => w[..1].to_uppercase() + &w[1..],
        _ => String::new(),
    }
}

/// Colours of pooled runs: black, then greys.
const POOLED: [&str; 3] = ["#000000", "#6e7781", "#afb8c1"];

/// How many pooled runs come before run `k`.
fn pooled_runs(input: &ReportInput, k: usize) -> usize {
    input.runs[..k].iter().filter(|r| r.index.iter().all(|i| i.weight.is_none())).count()
}

/// Per region: the periods, and one series per run and weight.
fn regions(input: &ReportInput) -> Vec<(String, Vec<String>, Vec<Series>)> {
    let mut out: Vec<(String, Vec<String>, Vec<Series>)> = Vec::new();
    let compare = input.runs.len() > 1;
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
            let name = row.weight.clone().unwrap_or_else(|| run.record.method.clone());
            let label = if compare { format!("Run {} · {}", run.record.id, title_of(&name)) } else { title_of(&name) };
            // Pooled methods in black and greys, never a weighting scheme's colour.
            let color =
                if row.weight.is_none() { POOLED[pooled_runs(input, k) % POOLED.len()] } else { color_of(&name) };
            let position = periods.iter().position(|p| *p == row.label).expect("added");
            match series.iter_mut().find(|s| s.label == label) {
                Some(s) => {
                    s.values.resize(position, None);
                    s.values.push(row.value);
                }
                None => {
                    let mut values = vec![None; position];
                    values.push(row.value);
                    series.push(Series { label, color, values });
                }
            }
        }
    }
    for (_, periods, series) in &mut out {
        for s in series.iter_mut() {
            s.values.resize(periods.len(), None);
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
            values: std::iter::once(None)
                .chain(s.values.windows(2).map(|w| match (w[0], w[1]) {
                    (Some(a), Some(b)) => Some(100.0 * (b / a - 1.0)),
                    _ => None,
                }))
                .collect(),
        })
        .collect()
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f2328;max-width:1040px;margin:32px auto;padding:0 24px;line-height:1.45}
h1{font-size:26px;margin-bottom:4px}h2{font-size:20px;margin-top:36px;border-bottom:1px solid #d0d7de;padding-bottom:4px}h3{font-size:16px}
.sub{color:#57606a}table{border-collapse:collapse;margin:8px 0 16px;font-size:13px}th,td{padding:4px 10px;border-bottom:1px solid #eaeef2;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}figure{margin:12px 0}svg{max-width:100%;height:auto}code{font-size:12px;word-break:break-all}
@media print{body{margin:0}h2{break-after:avoid}figure,table{break-inside:avoid}}";

/// The report as one HTML document.
pub fn html_report(input: &ReportInput) -> Result<String, ReportError> {
    let mut h = String::new();
    let runs: Vec<String> =
        input.runs.iter().map(|r| format!("run {} ({})", r.record.id, r.record.method.to_uppercase())).collect();
    let title = if input.runs.len() > 1 {
        format!("Comparison of {}", runs.join(", "))
    } else {
        format!("House price index: {}", runs.join(""))
    };
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{}</title><style>{STYLE}</style></head><body>",
        esc(&title)
    );
    let _ = write!(
        h,
        "<h1>{}</h1><p class=\"sub\">Project {} · made {} by HPI Studio {}</p>",
        esc(&title),
        esc(&input.project),
        esc(&input.generated_at),
        esc(&input.app_version)
    );

    h += "<h2>Parameters</h2>";
    for run in &input.runs {
        let params: Value = serde_json::from_str(&run.record.parameters).unwrap_or(Value::Null);
        let _ = write!(
            h,
            "<h3>Run {} · {} · {} · {}</h3><table>",
            run.record.id,
            esc(&run.record.method.to_uppercase()),
            esc(&run.record.status),
            esc(&run.record.created_at)
        );
        if let Value::Object(map) = params {
            for (k, v) in map {
                let text = match v {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                let _ = write!(h, "<tr><th>{}</th><td>{}</td></tr>", esc(&k), esc(&text));
            }
        }
        h += "</table>";
    }

    h += "<h2>Data</h2>";
    for run in &input.runs {
        let _ = write!(h, "<h3>Run {}</h3><table><tr><th>file</th><th>kind</th><th class=\"n\">rows</th><th class=\"n\">used</th><th class=\"n\">refused</th></tr>", run.record.id);
        for f in run.quality["inputs"].as_array().into_iter().flatten() {
            let rows = f["rows"].as_i64().unwrap_or(0);
            let used = f["accepted"].as_i64().unwrap_or(0);
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                esc(f["file"].as_str().unwrap_or("")),
                esc(f["kind"].as_str().unwrap_or("")),
                thousands(rows),
                thousands(used),
                thousands(rows - used)
            );
        }
        h += "</table>";
    }

    h += "<h2>Quality</h2>";
    for run in &input.runs {
        let q = if run.quality["rsai"].is_object() { &run.quality["rsai"] } else { &run.quality["pooled"] };
        let p = &q["pairs"];
        let _ = write!(h, "<h3>Run {}</h3><table>", run.record.id);
        for (label, key) in [
            ("Sales used", "sales"),
            ("Properties", "properties"),
            ("Single-sale properties", "single_sale_properties"),
            ("Removed by the same-period rule", "removed_by_dedupe"),
            ("Consecutive pairs", "candidate_pairs"),
            ("Pairs across tracts or regions (dropped)", "cross_unit_pairs"),
            ("Pairs kept", "pairs"),
        ] {
            let _ =
                write!(h, "<tr><th>{label}</th><td class=\"n\">{}</td></tr>", thousands(p[key].as_i64().unwrap_or(0)));
        }
        h += "</table><table><tr><th>filter</th><th>applied</th><th class=\"n\">fails on its own</th><th class=\"n\">removed in order</th></tr>";
        for f in p["filters"].as_array().into_iter().flatten() {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                esc(f["filter"].as_str().unwrap_or("")),
                if f["enabled"].as_bool() == Some(true) { "yes" } else { "no" },
                thousands(f["own"].as_i64().unwrap_or(0)),
                thousands(f["sequential"].as_i64().unwrap_or(0))
            );
        }
        h += "</table>";
        for c in q["cbsas"].as_array().into_iter().flatten() {
            if let Some(reason) = c["excluded_reason"].as_str() {
                let _ =
                    write!(h, "<p>CBSA {} was left out: {}.</p>", esc(c["cbsa"].as_str().unwrap_or("")), esc(reason));
            }
            for s in c["stops"].as_array().into_iter().flatten() {
                let _ = write!(
                    h,
                    "<p>CBSA {}: the {} index has no value from {} on: {}.</p>",
                    esc(c["cbsa"].as_str().unwrap_or("")),
                    esc(s["weight"].as_str().unwrap_or("")),
                    s["year"],
                    esc(s["reason"].as_str().unwrap_or(""))
                );
            }
        }
        for m in q["missing_periods"].as_array().into_iter().flatten() {
            let _ = write!(
                h,
                "<p>{} {}: no value, {}.</p>",
                esc(m["region"].as_str().unwrap_or("")),
                esc(m["period"].as_str().unwrap_or("")),
                esc(m["reason"].as_str().unwrap_or(""))
            );
        }
    }

    for charts in region_charts(input) {
        let (region, level, change) = (&charts.region, &charts.level, &charts.change);
        let anchor: String = region.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
        let _ = write!(h, "<h2 id=\"region-{anchor}\">{}</h2>", esc(region));
        let _ = write!(
            h,
            "<figure>{}</figure><figure>{}</figure>",
            inline(line_chart_svg(level)?),
            inline(bar_chart_svg(change)?)
        );
        let (periods, series) = (&level.periods, &level.series);
        h += "<table><tr><th>period</th>";
        for s in series {
            let _ = write!(h, "<th class=\"n\">{}</th>", esc(&s.label));
        }
        h += "</tr>";
        for (i, period) in periods.iter().enumerate() {
            let _ = write!(h, "<tr><td>{}</td>", esc(period));
            for s in series {
                let _ = write!(h, "<td class=\"n\">{}</td>", number(s.values[i], 1));
            }
            h += "</tr>";
        }
        h += "</table>";
    }

    for run in input.runs.iter().filter(|r| r.quality["rsai"].is_object()) {
        let cbsas: Vec<&Value> = run.quality["rsai"]["cbsas"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|c| c["included"].as_bool() == Some(true))
            .collect();
        let Some(first) = cbsas.first() else { continue };
        let periods: Vec<String> =
            first["years"].as_array().into_iter().flatten().map(|y| y["year"].to_string()).collect();
        let series = cbsas
            .iter()
            .enumerate()
            .map(|(k, c)| Series {
                label: format!("CBSA {}", c["cbsa"].as_str().unwrap_or("")),
                color: PALETTE[k % PALETTE.len()],
                values: c["years"].as_array().into_iter().flatten().map(|y| y["supertracts"].as_f64()).collect(),
            })
            .collect();
        let data = ChartData {
            title: format!("Supertracts per year, run {}", run.record.id),
            periods,
            series,
            units: "Supertracts".into(),
            source: source_line(input),
        };
        let _ = write!(h, "<h2>Supertracts</h2><figure>{}</figure>", inline(line_chart_svg(&data)?));
    }

    h += METHODOLOGY;
    h += "<h2>Provenance</h2><table><tr><th>import</th><th>kind</th><th>file</th><th class=\"n\">bytes</th><th class=\"n\">rows</th><th>imported</th><th>SHA-256</th></tr>";
    for i in &input.imports {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td><code>{}</code></td></tr>",
            i.id,
            esc(&i.kind),
            esc(&i.file_name),
            thousands(i.file_size),
            thousands(i.rows_accepted),
            esc(&i.imported_at),
            esc(&i.sha256)
        );
    }
    h += "</table>";
    for run in &input.runs {
        let _ = write!(
            h,
            "<p>Run {}: computed {} by HPI Studio {} in {} s; inputs fingerprint <code>{}</code>.</p>",
            run.record.id,
            esc(&run.record.created_at),
            esc(&run.record.app_version),
            number(run.record.duration_ms.map(|ms| ms as f64 / 1000.0), 2),
            esc(&run.record.input_fingerprint)
        );
    }
    h += "</body></html>\n";
    Ok(h)
}

const METHODOLOGY: &str = "<h2>Methodology</h2>
<p>Repeat-sales indices compare the prices of the same property at two sales, so that
changes in the mix of houses sold do not move the index. Pairs are consecutive sales of a
property. RSAI (Contat and Larson, FHFA Working Paper 21-01) drops pairs less than a year
apart, pairs whose annual growth exceeds ±30%, and pairs whose price ratio is above 10 or below
0.25. Each year it merges census tracts with too few half-pairs into supertracts with their
nearest neighbours, estimates a Bailey-Muth-Nourse regression for every supertract over the
whole sample, and averages the supertracts' appreciation with weights taken at the previous
year: half-pairs (sample), the value or number of single-family units, unpaid principal
balance, or, fixed in one year, college-educated or non-white population. The city index
chains those averages from 100 in the base year. Pooled BMN regresses log price relatives on
period dummies; WRS (Case-Shiller style) reweights pairs by the inverse of their expected
error variance, which grows with the time between sales. Periods without a chain of pairs to
the base period have no value: nothing is imputed. HPI Studio's decisions where the paper is
silent are listed in its documentation (methodology decisions).</p>";

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
