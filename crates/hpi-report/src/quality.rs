//! The quality report laid out once: sections of labelled figures, tables
//! and notes. The CLI's text, the HTML and PDF reports and the app's Quality
//! tab all render this layout, so a figure added here shows everywhere.

use hpi_engine::composite::{CompositeQuality, CompositeRule};
use hpi_engine::groups::AggregationQuality;
use hpi_engine::pairs::PairCounts;
use hpi_engine::seasonal::SeasonalReport;
use hpi_engine::smoothing::SmoothingReport;
use hpi_engine::{PooledQuality, RsaiQuality};
use hpi_store::{FileSummary, QualityReport};
use serde::Serialize;

/// How many rejected rows of a file the layout lists one by one.
pub const LISTED_ISSUES: usize = 20;

/// One cell or figure.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Cell {
    /// Words.
    Text(String),
    /// A count, shown with thousand separators.
    Count(u64),
    /// A share in percent, shown to one decimal.
    Percent(f64),
}

/// A column of a table.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Column {
    /// Its title.
    pub title: String,
    /// Whether its cells are numbers (right-aligned).
    pub numeric: bool,
}

/// A labelled figure.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Figure {
    /// What it counts.
    pub label: String,
    /// The figure.
    pub value: Cell,
}

/// A piece of a section.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Part {
    /// Figures, one per line.
    Figures {
        /// The figures.
        figures: Vec<Figure>,
    },
    /// A table.
    Table {
        /// Its columns.
        columns: Vec<Column>,
        /// Its rows, one cell per column.
        rows: Vec<Vec<Cell>>,
    },
    /// A sentence.
    Note {
        /// The sentence.
        text: String,
    },
}

/// A titled section.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Section {
    /// Its title.
    pub title: String,
    /// Its content, in order.
    pub parts: Vec<Part>,
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn columns(spec: &[(&str, bool)]) -> Vec<Column> {
    spec.iter().map(|(title, numeric)| Column { title: (*title).to_owned(), numeric: *numeric }).collect()
}

fn figures(rows: Vec<(&str, u64)>) -> Part {
    Part::Figures {
        figures: rows.into_iter().map(|(label, v)| Figure { label: label.to_owned(), value: Cell::Count(v) }).collect(),
    }
}

fn note(text: impl Into<String>) -> Part {
    Part::Note { text: text.into() }
}

/// The report's sections, in the order they are read.
pub fn layout(report: &QualityReport) -> Vec<Section> {
    let mut out = vec![inputs(&report.inputs)];
    if let Some(p) = report.pairs() {
        out.push(pairs(p, if report.rsai.is_some() { "tracts" } else { "regions" }));
    }
    if let Some(q) = &report.rsai {
        rsai(q, &mut out);
    }
    if let Some(q) = &report.pooled {
        pooled(q, &mut out);
    }
    out
}

fn inputs(files: &[FileSummary]) -> Section {
    let mut parts = vec![Part::Table {
        columns: columns(&[("File", false), ("Holds", false), ("Rows", true), ("Accepted", true), ("Rejected", true)]),
        rows: files
            .iter()
            .map(|f| {
                vec![
                    text(&f.file),
                    text(f.kind.name()),
                    Cell::Count(f.rows),
                    Cell::Count(f.accepted),
                    Cell::Count(f.rejected_count()),
                ]
            })
            .collect(),
    }];
    let rejected: Vec<&FileSummary> = files.iter().filter(|f| f.rejected_count() > 0).collect();
    if !rejected.is_empty() {
        parts.push(Part::Table {
            columns: columns(&[("File", false), ("Rejected because", false), ("Rows", true)]),
            rows: rejected
                .iter()
                .flat_map(|f| {
                    f.rejected_by_reason.iter().map(|(reason, n)| vec![text(&f.file), text(reason), Cell::Count(*n)])
                })
                .collect(),
        });
        // Each bad row as everywhere else in HPI Studio: file:line: column: reason.
        for f in &rejected {
            for i in f.rejected.iter().take(LISTED_ISSUES) {
                parts.push(note(format!("{}:{}: {}: {}", f.file, i.line, i.column, i.reason)));
            }
        }
        for f in rejected.iter().filter(|f| f.rejected_count() > LISTED_ISSUES as u64) {
            parts.push(note(format!(
                "{}: {} more rejected rows are in the full report.",
                f.file,
                f.rejected_count() - LISTED_ISSUES as u64
            )));
        }
    }
    Section { title: "Inputs".into(), parts }
}

fn pairs(p: &PairCounts, units: &str) -> Section {
    let across = format!("Pairs across {units} (dropped)");
    let parts = vec![
        figures(vec![
            ("Sales used", p.sales),
            ("Properties", p.properties),
            ("Single-sale properties", p.single_sale_properties),
            ("Removed by the same-period rule", p.removed_by_dedupe),
            ("Consecutive pairs", p.candidate_pairs),
            (&across, p.cross_unit_pairs),
        ]),
        Part::Table {
            columns: columns(&[
                ("Filter", false),
                ("Applied", false),
                ("Fails on its own", true),
                ("Removed in order", true),
            ]),
            rows: p
                .filters
                .iter()
                .map(|f| {
                    vec![
                        text(f.filter.name()),
                        text(if f.enabled { "yes" } else { "no" }),
                        Cell::Count(f.own),
                        Cell::Count(f.sequential),
                    ]
                })
                .collect(),
        },
        figures(vec![("Consecutive pairs kept", p.pairs)]),
        Part::Figures {
            figures: vec![Figure {
                label: "Share of consecutive pairs kept".into(),
                value: Cell::Percent(if p.candidate_pairs > 0 {
                    100.0 * p.pairs as f64 / p.candidate_pairs as f64
                } else {
                    0.0
                }),
            }],
        },
    ];
    Section { title: "Pairs".into(), parts }
}

fn rsai(q: &RsaiQuality, out: &mut Vec<Section>) {
    out.push(Section {
        title: "Half-pair coverage (included CBSAs)".into(),
        parts: vec![Part::Table {
            columns: columns(&[
                ("Year", false),
                ("Half-pairs", true),
                ("Tracts at threshold", true),
                ("Tracts", true),
                ("Share", true),
            ]),
            rows: q
                .coverage
                .iter()
                .map(|c| {
                    let share =
                        if c.tracts > 0 { 100.0 * f64::from(c.tracts_at_threshold) / f64::from(c.tracts) } else { 0.0 };
                    vec![
                        text(c.year.to_string()),
                        Cell::Count(c.half_pairs),
                        Cell::Count(c.tracts_at_threshold.into()),
                        Cell::Count(c.tracts.into()),
                        Cell::Percent(share),
                    ]
                })
                .collect(),
        }],
    });
    let mut cbsas = Vec::new();
    for c in &q.cbsas {
        match &c.excluded_reason {
            Some(reason) => cbsas.push(note(format!("{} ({} tracts): left out: {reason}", c.cbsa, c.tracts))),
            None => {
                cbsas.push(note(format!("{} ({} tracts)", c.cbsa, c.tracts)));
                cbsas.push(Part::Table {
                    columns: columns(&[
                        ("Year", false),
                        ("Half-pairs", true),
                        ("Short tracts", true),
                        ("Merges", true),
                        ("Disconnected merges", true),
                        ("Supertracts", true),
                        ("Pooled σ̂² (no df of their own)", true),
                    ]),
                    rows: c
                        .years
                        .iter()
                        .map(|y| {
                            vec![
                                text(y.year.to_string()),
                                Cell::Count(y.half_pairs),
                                Cell::Count(y.short_tracts.into()),
                                Cell::Count(y.merges.into()),
                                Cell::Count(y.disconnected_merges.into()),
                                Cell::Count(y.supertracts.into()),
                                y.pooled_variance.map_or_else(|| text("—"), |n| Cell::Count(n.into())),
                            ]
                        })
                        .collect(),
                });
                for stop in &c.stops {
                    cbsas.push(note(format!(
                        "The {} index has no value from {} on: {}.",
                        stop.weight.title(),
                        stop.year,
                        stop.reason
                    )));
                }
            }
        }
    }
    out.push(Section { title: "CBSAs".into(), parts: cbsas });
    let mut parts = Vec::new();
    if !q.tracts_without_attribute.is_empty() {
        parts.push(note("Tracts without any observation of an attribute (counted as 0):"));
        parts.push(Part::Figures {
            figures: q
                .tracts_without_attribute
                .iter()
                .map(|(a, n)| Figure { label: a.clone(), value: Cell::Count((*n).into()) })
                .collect(),
        });
    }
    parts.push(figures(vec![
        ("Supertract regressions solved", q.regressions_solved),
        ("Supertract regressions reused", q.regressions_reused),
    ]));
    out.push(Section { title: "Estimation".into(), parts });
    if let Some(a) = &q.aggregation {
        out.push(aggregation(a));
    }
    derived(&q.composites, q.smoothing.as_ref(), out);
}

fn aggregation(a: &AggregationQuality) -> Section {
    let kinds: Vec<&str> = a.kinds.iter().map(|k| k.name()).collect();
    let mut parts = vec![note(format!(
        "Tract appreciation aggregated to: {}. A tract whose CBSA has no value in a year drops out of that year's weights.",
        kinds.join(", ")
    ))];
    if let Some(n) = &a.not_geoid {
        parts.push(note(format!(
            "{} tracts are left out of states and counties: their ids are not census GEOIDs ({}).",
            crate::report::thousands(i64::from(n.tracts)),
            n.examples.join("; ")
        )));
    }
    parts.push(Part::Table {
        columns: columns(&[("Group", false), ("Tracts", true), ("CBSAs", true), ("Years with tracts dropped", true)]),
        rows: a
            .groups
            .iter()
            .map(|g| {
                let mut years: Vec<i32> = g.dropped.iter().map(|d| d.year).collect();
                years.dedup();
                vec![
                    text(&g.region),
                    Cell::Count(g.tracts.into()),
                    Cell::Count(g.cbsas.into()),
                    Cell::Count(years.len() as u64),
                ]
            })
            .collect(),
    });
    for g in &a.groups {
        for gap in &g.gaps {
            let which = gap.weight.map_or("every".to_owned(), |w| format!("the {}", w.title()));
            parts.push(note(format!(
                "{}: the {} tracts in CBSA {} drop out of {which} index from {} on.",
                g.region, gap.tracts, gap.cbsa, gap.from
            )));
        }
        if let Some(worst) = g.dropped.iter().max_by(|a, b| a.share.total_cmp(&b.share)) {
            parts.push(note(format!(
                "{}: at most {:.1}% of the weight dropped out ({} index, {}).",
                g.region,
                100.0 * worst.share,
                worst.weight.title(),
                worst.year
            )));
        }
        for stop in &g.stops {
            parts.push(note(format!(
                "{}: the {} index has no value from {} on: {}.",
                g.region,
                stop.weight.title(),
                stop.year,
                stop.reason
            )));
        }
    }
    Section { title: "Aggregation groups".into(), parts }
}

fn seasonal(s: &SeasonalReport) -> Section {
    let t = &s.settings;
    let passes = if t.robust {
        format!("robust, {} inner and {} outer passes", t.inner, t.outer)
    } else {
        format!("{} inner passes, no robustness pass", t.inner)
    };
    let mut parts = vec![note(format!(
        "STL on ln(index), period {}: seasonal window {}, trend {}, low-pass {}; degrees {}/{}/{}, jumps {}/{}/{}; {passes}. \
         index_sa = index · exp(−seasonal).",
        t.period, t.seasonal, t.trend, t.low_pass, t.degrees[0], t.degrees[1], t.degrees[2], t.jumps[0], t.jumps[1],
        t.jumps[2]
    ))];
    let left = s.not_adjusted.iter().map(|n| (n.region.as_str(), n.reason.as_str()));
    parts.push(left_alone("Not adjusted", "Every series is adjusted.", left));
    Section { title: "Seasonal adjustment".into(), parts }
}

fn pooled(q: &PooledQuality, out: &mut Vec<Section>) {
    let mut parts = vec![Part::Figures {
        figures: q
            .pairs_by_region
            .iter()
            .map(|(region, n)| Figure { label: format!("{region}: pairs"), value: Cell::Count(*n) })
            .collect(),
    }];
    for (region, (a, b)) in &q.wrs_variance {
        parts.push(note(format!("WRS error variance in {region}: {a:.6} + {b:.6} × gap (periods).")));
    }
    for (region, gaps) in &q.wrs_floored {
        let gaps: Vec<String> = gaps.iter().map(u32::to_string).collect();
        parts.push(note(format!(
            "WRS weights floored in {region} for gaps of {} periods: their fitted variance was below {} % of the mean squared residual.",
            gaps.join(", "),
            hpi_engine::WRS_VARIANCE_FLOOR * 100.0
        )));
    }
    for (region, reason) in &q.unsolved {
        parts.push(note(format!("No values for {region}: {reason}. Every other region is computed as without it.")));
    }
    if let Some(w) = &q.pair_weights {
        let count = |n: u64| crate::report::thousands(n as i64);
        parts.push(note(format!(
            "Pairs weighted by the transactions' weight column (each pair its second sale's): {} pairs, mean weight {}, {} of weight 0 left out.",
            count(w.pairs),
            crate::report::number(Some(w.mean), 3),
            count(w.zero)
        )));
    }
    for (region, cuts) in &q.tier_cuts {
        let price = |p: f64| crate::report::number(Some(p), 0);
        let mut tiers = vec![format!("below {}", price(cuts[0]))];
        tiers.extend(cuts.windows(2).map(|w| format!("{} to {}", price(w[0]), price(w[1]))));
        tiers.push(format!("{} and over", price(cuts[cuts.len() - 1])));
        parts.push(note(format!("Price tiers in {region} by first-sale price: {}.", tiers.join("; "))));
    }
    for (region, fit) in &q.robust {
        let settled = if fit.converged { "settled" } else { "stopped at the limit" };
        let count = |n: u64| crate::report::thousands(n as i64);
        parts.push(note(format!(
            "Robust fit in {region}: {} least-squares fits ({settled}), scale {:.6}, {} of {} pairs down-weighted.",
            fit.iterations,
            fit.scale,
            count(fit.down_weighted),
            count(fit.pairs)
        )));
    }
    out.push(Section { title: "Regions".into(), parts });
    let parts = if q.missing_periods.is_empty() {
        vec![note("Every period has a value.")]
    } else {
        vec![Part::Table {
            columns: columns(&[("Region", false), ("Period", false), ("Why", false)]),
            rows: q.missing_periods.iter().map(|m| vec![text(&m.region), text(&m.period), text(&m.reason)]).collect(),
        }]
    };
    out.push(Section { title: "Periods without a value".into(), parts });
    if let Some(s) = &q.seasonal {
        out.push(seasonal(s));
    }
    derived(&q.composites, q.smoothing.as_ref(), out);
}

/// The sections of what every method derives: composites, then smoothing.
fn derived(composites: &[CompositeQuality], smoothing: Option<&SmoothingReport>, out: &mut Vec<Section>) {
    if !composites.is_empty() {
        out.push(composite_section(composites));
    }
    if let Some(s) = smoothing {
        out.push(smoothing_section(s));
    }
}

fn composite_section(composites: &[CompositeQuality]) -> Section {
    let mut parts = Vec::new();
    for c in composites {
        let rule = match c.rule {
            CompositeRule::Chained => {
                "chained: each period's change is the weighted mean of its regions' changes (FHFA's divisions)"
            }
            CompositeRule::Levels => {
                "levels: the weighted mean of its regions' indices against the first period (S&P's composites)"
            }
        };
        let weights =
            if c.weights_from == "value" { "sales value in the run's years" } else { "the analyst's weights" };
        parts.push(note(format!("composite:{}: {rule}; weights from {weights}.", c.name)));
        parts.push(Part::Table {
            columns: columns(&[("Region", false), ("Weight", true), ("Share", true)]),
            rows: c
                .shares
                .iter()
                .map(|s| {
                    vec![
                        text(&s.region),
                        text(crate::report::number(Some(s.weight), 2)),
                        Cell::Percent(100.0 * s.share),
                    ]
                })
                .collect(),
        });
        for gap in &c.gaps {
            let which = gap.weight.map_or(String::new(), |w| format!(" ({} index)", w.title()));
            let left = match c.rule {
                CompositeRule::Chained => "sat out",
                CompositeRule::Levels => "had no value, so the composite has none",
            };
            parts.push(note(format!(
                "composite:{}{which}, {}: {} {left} ({:.1}% of the weight).",
                c.name,
                gap.period,
                gap.regions.join(", "),
                100.0 * gap.share
            )));
        }
    }
    Section { title: "Composites".into(), parts }
}

/// The series a step left alone with the reason, or `all_done` when there are none.
fn left_alone<'a>(heading: &str, all_done: &str, series: impl Iterator<Item = (&'a str, &'a str)>) -> Part {
    let rows: Vec<Vec<Cell>> = series.map(|(region, why)| vec![text(region), text(why)]).collect();
    if rows.is_empty() {
        note(all_done)
    } else {
        Part::Table { columns: columns(&[(heading, false), ("Why", false)]), rows }
    }
}

fn smoothing_section(s: &SmoothingReport) -> Section {
    let half = s.order / 2;
    let mut parts = vec![note(format!(
        "index_smoothed: a centred moving average of {} periods (hpiR's smoothIndex). The first {half} keep the index; \
         the last {half} are the mean of the index and a simple exponential smoothing forecast of the smoothed series.",
        s.order
    ))];
    let left = s.not_smoothed.iter().map(|n| (n.region.as_str(), n.reason.as_str()));
    parts.push(left_alone("Not smoothed", "Every series is smoothed.", left));
    Section { title: "Smoothing".into(), parts }
}

/// The layout as plain text, for terminals and logs.
pub fn text_of(title: &str, sections: &[Section]) -> String {
    let mut s = format!("{title}\n");
    for section in sections {
        s += &format!("\n{}\n", section.title);
        // Figures line up across the whole section, whatever stands between them.
        let width = section
            .parts
            .iter()
            .flat_map(|p| match p {
                Part::Figures { figures } => figures.iter().map(|f| f.label.chars().count()).max(),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        for part in &section.parts {
            match part {
                Part::Figures { figures } => {
                    for f in figures {
                        s += &format!("  {:<width$}  {:>12}\n", f.label, cell_text(&f.value));
                    }
                }
                Part::Table { columns, rows } => {
                    let cells: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(cell_text).collect()).collect();
                    let widths: Vec<usize> = columns
                        .iter()
                        .enumerate()
                        .map(|(k, c)| {
                            cells
                                .iter()
                                .map(|r| r[k].chars().count())
                                .chain([c.title.chars().count()])
                                .max()
                                .unwrap_or(0)
                        })
                        .collect();
                    let line = |values: Vec<&str>| {
                        let padded: Vec<String> = values
                            .iter()
                            .zip(columns.iter().zip(&widths))
                            .map(|(v, (c, w))| if c.numeric { format!("{v:>w$}") } else { format!("{v:<w$}") })
                            .collect();
                        format!("  {}\n", padded.join("  ").trim_end())
                    };
                    s += &line(columns.iter().map(|c| c.title.as_str()).collect());
                    for r in &cells {
                        s += &line(r.iter().map(String::as_str).collect());
                    }
                }
                Part::Note { text } => s += &format!("  {text}\n"),
            }
        }
    }
    s
}

/// A cell as people read it: counts with thousand separators, shares to one decimal.
pub fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) => t.clone(),
        Cell::Count(n) => crate::report::thousands(*n as i64),
        Cell::Percent(p) => format!("{}%", crate::report::number(Some(*p), 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_numbers_right_and_words_left() {
        let sections = vec![Section {
            title: "Pairs".into(),
            parts: vec![
                Part::Figures { figures: vec![Figure { label: "Pairs kept".into(), value: Cell::Count(19_334) }] },
                Part::Table {
                    columns: columns(&[("Filter", false), ("Own", true)]),
                    rows: vec![vec![text("cagr"), Cell::Count(2_988)], vec![text("ratio"), Cell::Count(120)]],
                },
                note("A note."),
            ],
        }];
        assert_eq!(
            text_of("Quality report (rsai)", &sections),
            "Quality report (rsai)\n\nPairs\n  Pairs kept        19,334\n  Filter    Own\n  cagr    2,988\n  ratio     120\n  A note.\n"
        );
    }
}
