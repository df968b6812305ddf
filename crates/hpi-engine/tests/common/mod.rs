//! Builders of small engine inputs for tests.
#![allow(dead_code)]

use hpi_engine::{Attributes, AttributesBuilder, Date, Sales, SalesBuilder, Tracts, TractsBuilder};
use hpi_synth::{SynthData, SynthParams};

/// A sale as text: property, date, price, tract, cbsa.
pub type Row = (String, String, String, String, String);

pub fn tracts(rows: &[(&str, &str, f64, f64)]) -> Tracts {
    let mut b = TractsBuilder::default();
    for (i, (id, cbsa, lat, lon)) in rows.iter().enumerate() {
        b.push_values(i as u64 + 2, id, cbsa, *lat, *lon).unwrap();
    }
    b.finish()
}

pub fn sales(rows: &[Row], tracts: Option<&Tracts>) -> Sales {
    let mut b = SalesBuilder::new(tracts);
    for (i, r) in rows.iter().enumerate() {
        push(&mut b, i as u64 + 2, r);
    }
    b.finish()
}

/// Adds one text row (tests write dates and prices as text, like files do).
pub fn push(b: &mut SalesBuilder, line: u64, r: &Row) {
    let date = Date::parse_iso(&r.1).unwrap();
    b.push_values(line, &r.0, date, r.2.parse().unwrap(), Some(&r.3), Some(&r.4)).unwrap();
}

pub fn row(property: &str, date: &str, price: f64, tract: &str, cbsa: &str) -> Row {
    (property.into(), date.into(), price.to_string(), tract.into(), cbsa.into())
}

/// Synthetic data as engine tables.
pub fn synthetic(params: &SynthParams) -> (Vec<Row>, Tracts, Attributes, SynthData) {
    let mut rows = Vec::new();
    let mut raw = Vec::new();
    let data = hpi_synth::generate(params, |s| raw.push(s.clone()));
    for s in raw {
        let t = &data.tracts[s.tract];
        let (y, m, d) = s.date;
        rows.push(row(&format!("p{}", s.property), &format!("{y:04}-{m:02}-{d:02}"), s.price, &t.id, &t.cbsa));
    }
    let rows_t: Vec<(&str, &str, f64, f64)> =
        data.tracts.iter().map(|t| (t.id.as_str(), t.cbsa.as_str(), t.lat, t.lon)).collect();
    let tracts = tracts(&rows_t);
    let mut b = AttributesBuilder::new(&tracts);
    for (i, (t, year, v)) in data.attributes.iter().enumerate() {
        b.push_values(i as u64 + 2, &data.tracts[*t].id, *year, v.map(Some)).unwrap();
    }
    let attributes = b.finish();
    (rows, tracts, attributes, data)
}
