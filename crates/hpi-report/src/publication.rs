//! A run in the column layout of FHFA's HPI master file, `hpi_type,
//! hpi_flavor,frequency,level,place_name,place_id,yr,period,index_nsa,
//! index_sa`, every series rebased to 100 in the analyst's base period.

use crate::table::{number, text};
use crate::Table;
use hpi_engine::groups::state_postal;
use hpi_engine::{Method, Periodicity};
use hpi_store::IndexRow;
use serde::{Deserialize, Serialize};

/// What the layout's descriptive columns say, and the base.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FhfaLayout {
    /// `hpi_type` [default: traditional].
    #[serde(default)]
    pub hpi_type: Option<String>,
    /// `hpi_flavor` [default: the method and weight: `rsai-value`, `bmn`, …].
    #[serde(default)]
    pub flavor: Option<String>,
    /// The period every series is 100 in: one of the run's period labels, or
    /// a year (100 = the mean of its periods) [default: the run's first period].
    #[serde(default)]
    pub base: Option<String>,
}

/// The base: the run's periods whose mean is 100.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Base {
    /// The label the analyst gave.
    pub label: String,
    /// Absolute periods, in the run's periodicity.
    pub periods: Vec<i64>,
}

/// The base a label names in a run of `periodicity` (`None`: not a period of it).
pub fn base(label: &str, periodicity: Periodicity) -> Option<Base> {
    let label = label.trim();
    let periods: Vec<i64> = match periodicity.parse_label(label) {
        Some(p) => vec![i64::from(p)],
        None => {
            let year = Periodicity::Annual.parse_label(label)?;
            (periodicity.first_of_year(year)..=periodicity.last_of_year(year)).map(i64::from).collect()
        }
    };
    Some(Base { label: label.to_owned(), periods })
}

/// FHFA's level, place id and place name for a run's region.
fn place(region: &str) -> (String, String, String) {
    let same = |level: &str, id: &str| (level.to_owned(), id.to_owned(), id.to_owned());
    if let Some(fips) = region.strip_prefix("state:") {
        let postal = state_postal(fips).unwrap_or(fips);
        return same("State", postal);
    }
    if region == "nation:US" {
        return ("USA or Census Division".into(), "USA".into(), "United States".into());
    }
    if let Some(d) = region.strip_prefix("division:") {
        return same("USA or Census Division", d);
    }
    if let Some(c) = region.strip_prefix("county:") {
        return same("County", c);
    }
    if let Some(g) = region.strip_prefix("group:") {
        return same("Group", g);
    }
    if region.len() == 5 && region.bytes().all(|b| b.is_ascii_digit()) {
        return same("MSA", region);
    }
    same("Region", region)
}

/// One written row.
struct Row {
    flavor: String,
    place: (String, String, String),
    year: i32,
    period: i32,
    nsa: Option<f64>,
    sa: Option<f64>,
}

/// The run's stored `rows` (of `method`, in `periodicity`; each series'
/// periods together, as the store keeps them) in the master-file layout, each series ×100/its value at `base` (the seasonally adjusted one
/// by its own). Returns the table and the series (region and weight) left
/// without values because they have none at the base.
pub fn fhfa_table(
    method: Method,
    periodicity: Periodicity,
    rows: &[IndexRow],
    layout: &FhfaLayout,
    base: Option<&Base>,
) -> (Table, Vec<String>) {
    let hpi_type = layout.hpi_type.clone().unwrap_or_else(|| "traditional".into());
    let frequency = periodicity.name();
    let mut out: Vec<Row> = Vec::with_capacity(rows.len());
    let mut unbased = Vec::new();
    for series in rows.chunk_by(|a, b| a.region == b.region && a.weight == b.weight) {
        let (region, weight) = (&series[0].region, &series[0].weight);
        // The stored values are already 100 in the run's first period.
        let at = |value: fn(&IndexRow) -> Option<f64>| -> Option<f64> {
            let Some(base) = base else { return Some(100.0) };
            let values: Option<Vec<f64>> =
                base.periods.iter().map(|p| series.iter().find(|r| r.period == *p).and_then(value)).collect();
            values.map(|v| v.iter().sum::<f64>() / v.len() as f64)
        };
        let (nsa_base, sa_base) = (at(|r| r.value), at(|r| r.value_sa));
        let flavor = layout.flavor.clone().unwrap_or_else(|| match weight {
            Some(w) => format!("{}-{w}", method.name()),
            None => method.name().to_owned(),
        });
        if nsa_base.is_none() {
            unbased.push(weight.as_ref().map_or_else(|| region.clone(), |w| format!("{region} ({w})")));
        }
        let place = place(region);
        for r in series {
            out.push(Row {
                flavor: flavor.clone(),
                place: place.clone(),
                year: periodicity.year_of(r.period as i32),
                period: (r.period as i32).rem_euclid(periodicity.per_year()) + 1,
                nsa: r.value.zip(nsa_base).map(|(v, b)| v / b * 100.0),
                sa: r.value_sa.zip(sa_base).map(|(v, b)| v / b * 100.0),
            });
        }
    }
    let table = Table {
        columns: vec![
            ("hpi_type", text(&out, |_| Some(hpi_type.clone()))),
            ("hpi_flavor", text(&out, |r| Some(r.flavor.clone()))),
            ("frequency", text(&out, |_| Some(frequency.to_owned()))),
            ("level", text(&out, |r| Some(r.place.0.clone()))),
            ("place_name", text(&out, |r| Some(r.place.2.clone()))),
            ("place_id", text(&out, |r| Some(r.place.1.clone()))),
            ("yr", number(&out, |r| Some(f64::from(r.year)))),
            ("period", number(&out, |r| Some(f64::from(r.period)))),
            ("index_nsa", number(&out, |r| r.nsa)),
            ("index_sa", number(&out, |r| r.sa)),
        ],
    };
    (table, unbased)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(region: &str, period: i64, value: f64) -> IndexRow {
        IndexRow {
            region: region.into(),
            weight: Some("value".into()),
            period,
            label: Periodicity::Quarterly.label(period as i32),
            value: Some(value),
            note: None,
            se: None,
            lower: None,
            upper: None,
            change_se: None,
            value_sa: None,
            value_smooth: None,
        }
    }

    #[test]
    fn rebased_in_a_year_or_a_quarter_with_fhfa_places() {
        let q = Periodicity::Quarterly;
        let p0 = i64::from(q.first_of_year(2000));
        let rows: Vec<IndexRow> = (0..8).map(|k| row("state:53", p0 + k, 100.0 + k as f64)).collect();
        let year = base("2000", q).unwrap();
        assert_eq!(year.periods.len(), 4);
        let (t, unbased) = fhfa_table(Method::Rsai, q, &rows, &FhfaLayout::default(), Some(&year));
        assert!(unbased.is_empty());
        let nsa = |k: usize| match &t.columns[8].1 {
            crate::Values::Number(v) => v[k].unwrap(),
            _ => panic!(),
        };
        // The mean of 2000's quarters (101.5) is 100.
        assert!((nsa(0) - 100.0 / 101.5 * 100.0).abs() < 1e-12);
        assert_eq!(t.columns[3].1.text(0).as_deref(), Some("State"));
        assert_eq!(t.columns[5].1.text(0).as_deref(), Some("WA"));
        assert_eq!(t.columns[1].1.text(0).as_deref(), Some("rsai-value"));
        assert_eq!(t.columns[7].1.text(5).as_deref(), Some("2"));
        let q3 = base("2001-Q3", q).unwrap();
        let (t, _) = fhfa_table(Method::Rsai, q, &rows, &FhfaLayout::default(), Some(&q3));
        assert_eq!(t.columns[8].1.text(6).as_deref(), Some("100"));
        let late = base("2005", q).unwrap();
        let (_, unbased) = fhfa_table(Method::Rsai, q, &rows, &FhfaLayout::default(), Some(&late));
        assert_eq!(unbased, vec!["state:53 (value)".to_string()]);
        assert!(base("2001-13", q).is_none());
    }
}
