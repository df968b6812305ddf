//! Result tables: named columns of text or numbers.

use hpi_engine::{Bands, Evaluation, IndexPoint, IndexSeries, Method, TractSeries};
use hpi_store::{IndexRow, QualityReport, TractRow};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// A column of a result table.
#[derive(Clone, Debug, PartialEq)]
pub enum Values {
    /// Text; `None` is an empty cell. Shared, so that a value on many rows (a tract id in a
    /// panel of 51 years) is one string, not one per row.
    Text(Vec<Option<Arc<str>>>),
    /// Numbers; `None` is an empty cell.
    Number(Vec<Option<f64>>),
}

impl Values {
    /// Number of cells.
    pub fn len(&self) -> usize {
        match self {
            Values::Text(v) => v.len(),
            Values::Number(v) => v.len(),
        }
    }

    /// True when the column has no cell.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A cell as text (numbers in their shortest exact form); `None` when empty.
    pub fn text(&self, row: usize) -> Option<String> {
        match self {
            Values::Text(v) => v[row].as_deref().map(str::to_owned),
            Values::Number(v) => v[row].map(|x| x.to_string()),
        }
    }
}

/// A result table: named columns of equal length.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// (name, values).
    pub columns: Vec<(&'static str, Values)>,
}

impl Table {
    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, |(_, v)| v.len())
    }
}

pub(crate) fn text<T>(rows: &[T], f: impl Fn(&T) -> Option<String>) -> Values {
    Values::Text(rows.iter().map(|r| f(r).map(Arc::from)).collect())
}

/// One shared string per distinct value.
#[derive(Default)]
struct Shared(HashSet<Arc<str>>);

impl Shared {
    fn get(&mut self, s: &str) -> Arc<str> {
        if let Some(kept) = self.0.get(s) {
            return kept.clone();
        }
        let kept: Arc<str> = Arc::from(s);
        self.0.insert(kept.clone());
        kept
    }
}

pub(crate) fn number<T>(rows: &[T], f: impl Fn(&T) -> Option<f64>) -> Values {
    Values::Number(rows.iter().map(f).collect())
}

/// The city-index table of a run just computed: `region,method,weight,period,index`,
/// `index_sa` when the run was seasonally adjusted, `index_smoothed` when it
/// smoothed, and with `bands` also
/// `se,lower,upper` (`se` the standard error of ln(index)).
pub fn index_table(series: &[IndexSeries], bands: Option<Bands>) -> Table {
    let rows: Vec<_> = series.iter().flat_map(|s| s.points.iter().map(move |p| (s, p))).collect();
    let mut columns = vec![
        ("region", text(&rows, |(s, _)| Some(s.region.clone()))),
        ("method", text(&rows, |(s, _)| Some(s.method.to_owned()))),
        ("weight", text(&rows, |(s, _)| s.weight.map(|w| w.name().to_owned()))),
        ("period", text(&rows, |(_, p)| Some(p.label.clone()))),
        ("index", number(&rows, |(_, p)| p.index)),
    ];
    if rows.iter().any(|(_, p)| p.index_sa.is_some()) {
        columns.push(("index_sa", number(&rows, |(_, p)| p.index_sa)));
    }
    if rows.iter().any(|(_, p)| p.index_smooth.is_some()) {
        columns.push(("index_smoothed", number(&rows, |(_, p)| p.index_smooth)));
    }
    if let Some(bands) = bands {
        // A bootstrap's own band where there is one, else the normal band around the value.
        let band = |p: &IndexPoint| match p.band {
            Some(b) => p.index.map(|_| (b.lower, b.upper)),
            None => p.index.zip(p.se).map(|(i, se)| bands.around(i, se)),
        };
        columns.push(("se", number(&rows, |(_, p)| p.index.and(p.se))));
        columns.push(("lower", number(&rows, |(_, p)| band(p).map(|b| b.0))));
        columns.push(("upper", number(&rows, |(_, p)| band(p).map(|b| b.1))));
    }
    Table { columns }
}

/// The tract-panel table of a run just computed:
/// `tract,cbsa,weight,period,index,supertract,half_pairs`.
pub fn tract_table(series: &[TractSeries]) -> Table {
    // A country's panel has millions of rows: each tract id, CBSA, year and supertract is
    // one shared string, not one allocated per row (the profile of a national run).
    let rows: usize = series.iter().map(|s| s.points.len()).sum();
    let column = || Vec::with_capacity(rows);
    let (mut tract, mut cbsa, mut period, mut supertract) = (column(), column(), column(), column());
    let (mut index, mut half_pairs) = (Vec::with_capacity(rows), Vec::with_capacity(rows));
    let (mut shared, mut years) = (Shared::default(), HashMap::<i32, Arc<str>>::new());
    for s in series {
        let (id, area) = (Arc::<str>::from(s.tract.as_str()), shared.get(&s.cbsa));
        for p in &s.points {
            tract.push(Some(id.clone()));
            cbsa.push(Some(area.clone()));
            period.push(Some(years.entry(p.year).or_insert_with(|| Arc::from(p.year.to_string())).clone()));
            supertract.push(p.supertract.as_deref().map(|name| shared.get(name)));
            index.push(p.index);
            half_pairs.push(Some(p.half_pairs as f64));
        }
    }
    Table {
        columns: vec![
            ("tract", Values::Text(tract)),
            ("cbsa", Values::Text(cbsa)),
            ("weight", Values::Text(vec![None; rows])),
            ("period", Values::Text(period)),
            ("index", Values::Number(index)),
            ("supertract", Values::Text(supertract)),
            ("half_pairs", Values::Number(half_pairs)),
        ],
    }
}

/// The city-index table of a saved run (the same columns as [`index_table`]),
/// with `se,lower,upper` when `bands` are asked for.
pub fn stored_index_table(method: Method, rows: &[IndexRow], bands: Option<Bands>) -> Table {
    let mut columns = vec![
        ("region", text(rows, |r| Some(r.region.clone()))),
        ("method", text(rows, |_| Some(method.name().to_owned()))),
        ("weight", text(rows, |r| r.weight.clone())),
        ("period", text(rows, |r| Some(r.label.clone()))),
        ("index", number(rows, |r| r.value)),
    ];
    if rows.iter().any(|r| r.value_sa.is_some()) {
        columns.push(("index_sa", number(rows, |r| r.value_sa)));
    }
    if rows.iter().any(|r| r.value_smooth.is_some()) {
        columns.push(("index_smoothed", number(rows, |r| r.value_smooth)));
    }
    if let Some(bands) = bands {
        columns.push(("se", number(rows, |r| r.value.and(r.se))));
        columns.push(("lower", number(rows, |r| stored_band(r, bands).map(|b| b.0))));
        columns.push(("upper", number(rows, |r| stored_band(r, bands).map(|b| b.1))));
    }
    Table { columns }
}

/// The band of a stored index value: the one stored with it (RSAI's
/// bootstrap, at the run's level), else `bands` around its standard error.
pub fn stored_band(row: &IndexRow, bands: Bands) -> Option<(f64, f64)> {
    match (row.lower, row.upper, row.value, row.se) {
        (Some(l), Some(u), Some(_), _) => Some((l, u)),
        (_, _, Some(v), Some(se)) => Some(bands.around(v, se)),
        _ => None,
    }
}

/// The tract-panel table of a saved run (the same columns as [`tract_table`]).
pub fn stored_tract_table(rows: &[TractRow]) -> Table {
    Table {
        columns: vec![
            ("tract", text(rows, |r| Some(r.tract.clone()))),
            ("cbsa", text(rows, |r| Some(r.cbsa.clone()))),
            ("weight", text(rows, |_| None)),
            ("period", text(rows, |r| Some(r.year.to_string()))),
            ("index", number(rows, |r| r.value)),
            ("supertract", text(rows, |r| r.supertract.clone())),
            ("half_pairs", number(rows, |r| r.half_pairs.map(|h| h as f64))),
        ],
    }
}

/// A quality report flattened to `item,value` rows, one per figure, named
/// by its path (`rsai.pairs.filters.1.own`), so that spreadsheets and
/// Parquet hold every figure of the report; no rows for a run without one.
pub fn quality_table(report: Option<&QualityReport>) -> Table {
    let value = serde_json::to_value(report).expect("a quality report serializes");
    flattened(&value)
}

/// An evaluation flattened to `item,value` rows like [`quality_table`]
/// (`series.0.accuracy.insample.mdape`).
pub fn evaluation_table(evaluation: &Evaluation) -> Table {
    flattened(&serde_json::to_value(evaluation).expect("an evaluation serializes"))
}

fn flattened(report: &serde_json::Value) -> Table {
    let mut items = Vec::new();
    flatten(report, String::new(), &mut items);
    let shared = |v: Option<String>| v.map(Arc::from);
    let (paths, values): (Vec<_>, Vec<_>) = items.into_iter().map(|(p, v)| (shared(p), shared(v))).unzip();
    Table { columns: vec![("item", Values::Text(paths)), ("value", Values::Text(values))] }
}

fn flatten(value: &serde_json::Value, path: String, out: &mut Vec<(Option<String>, Option<String>)>) {
    use serde_json::Value;
    let child = |key: &str| if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") };
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| flatten(v, child(k), out)),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| flatten(v, child(&i.to_string()), out)),
        Value::Null => out.push((Some(path), None)),
        Value::String(s) => out.push((Some(path), Some(s.clone()))),
        other => out.push((Some(path), Some(other.to_string()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quality_is_flattened_to_every_figure() {
        let report =
            serde_json::json!({"method": "rsai", "pairs": {"filters": [{"own": 3}, {"own": 1}]}, "note": null});
        let t = flattened(&report);
        let rows: Vec<(String, Option<String>)> =
            (0..t.rows()).map(|r| (t.columns[0].1.text(r).unwrap(), t.columns[1].1.text(r))).collect();
        assert_eq!(
            rows,
            [
                ("method".into(), Some("rsai".into())),
                ("note".into(), None),
                ("pairs.filters.0.own".into(), Some("3".into())),
                ("pairs.filters.1.own".into(), Some("1".into())),
            ]
        );
    }
}
