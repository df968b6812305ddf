//! Writing result tables as CSV, JSON or Parquet.

use crate::error::CliError;
use clap::ValueEnum;
use hpi_engine::{IndexSeries, TractSeries};
use polars::prelude::{Column as PlColumn, DataFrame, ParquetWriter};
use std::io::Write;

/// Output file formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Comma-separated text.
    Csv,
    /// A JSON array of row objects.
    Json,
    /// Apache Parquet.
    Parquet,
    /// A table for people: one row per period, one column per weight (city index only).
    Table,
}

impl Format {
    /// The format named by a file's extension, else CSV.
    pub fn for_path(path: &str) -> Format {
        match path.rsplit('.').next().map(str::to_ascii_lowercase).as_deref() {
            Some("json") => Format::Json,
            Some("parquet") => Format::Parquet,
            _ => Format::Csv,
        }
    }
}

/// A column of a result table.
pub enum Values {
    /// Text; `None` is an empty cell.
    Text(Vec<Option<String>>),
    /// Numbers; `None` is an empty cell.
    Number(Vec<Option<f64>>),
}

/// A result table: named columns of equal length.
pub struct Table {
    /// (name, values).
    pub columns: Vec<(&'static str, Values)>,
}

impl Table {
    fn rows(&self) -> usize {
        self.columns.first().map_or(0, |(_, v)| match v {
            Values::Text(v) => v.len(),
            Values::Number(v) => v.len(),
        })
    }
}

/// The city-index table: `region,method,weight,period,index`.
pub fn index_table(series: &[IndexSeries]) -> Table {
    let rows = || series.iter().flat_map(|s| s.points.iter().map(move |p| (s, p)));
    Table {
        columns: vec![
            ("region", Values::Text(rows().map(|(s, _)| Some(s.region.clone())).collect())),
            ("method", Values::Text(rows().map(|(s, _)| Some(s.method.to_owned())).collect())),
            ("weight", Values::Text(rows().map(|(s, _)| s.weight.map(|w| w.name().to_owned())).collect())),
            ("period", Values::Text(rows().map(|(_, p)| Some(p.label.clone())).collect())),
            ("index", Values::Number(rows().map(|(_, p)| p.index).collect())),
        ],
    }
}

/// The tract-panel table: `tract,cbsa,weight,period,index,supertract`.
pub fn tract_table(series: &[TractSeries]) -> Table {
    let rows = || series.iter().flat_map(|s| s.points.iter().map(move |p| (s, p)));
    Table {
        columns: vec![
            ("tract", Values::Text(rows().map(|(s, _)| Some(s.tract.clone())).collect())),
            ("cbsa", Values::Text(rows().map(|(s, _)| Some(s.cbsa.clone())).collect())),
            ("weight", Values::Text(rows().map(|_| None).collect())),
            ("period", Values::Text(rows().map(|(_, p)| Some(p.year.to_string())).collect())),
            ("index", Values::Number(rows().map(|(_, p)| p.index).collect())),
            ("supertract", Values::Text(rows().map(|(_, p)| p.supertract.clone()).collect())),
        ],
    }
}

/// Writes `table` to `path` (`-` is standard output, CSV or JSON only).
pub fn write_table(table: &Table, path: &str, format: Format) -> Result<(), CliError> {
    let err = |e: &dyn std::fmt::Display| CliError::write(path, e);
    if format == Format::Parquet {
        if path == "-" {
            return Err(CliError::Usage("Parquet cannot be written to standard output; name a file".into()));
        }
        let columns: Vec<PlColumn> = table
            .columns
            .iter()
            .map(|(name, values)| match values {
                Values::Text(v) => PlColumn::new((*name).into(), v.clone()),
                Values::Number(v) => PlColumn::new((*name).into(), v.clone()),
            })
            .collect();
        let mut frame = DataFrame::new(columns).map_err(|e| err(&e))?;
        let file = std::fs::File::create(path).map_err(|e| err(&e))?;
        ParquetWriter::new(file).finish(&mut frame).map_err(|e| err(&e))?;
        return Ok(());
    }
    if format == Format::Table {
        return Err(CliError::Usage("--format table is for the city index only".into()));
    }
    let mut out: Box<dyn Write> = if path == "-" {
        Box::new(std::io::stdout().lock())
    } else {
        Box::new(std::fs::File::create(path).map_err(|e| err(&e))?)
    };
    let mut out = std::io::BufWriter::new(&mut out);
    let text = |v: &Values, r: usize| -> Option<String> {
        match v {
            Values::Text(v) => v[r].clone(),
            Values::Number(v) => v[r].map(|x| x.to_string()),
        }
    };
    let result = (|| -> std::io::Result<()> {
        match format {
            Format::Csv => {
                let mut w = csv::Writer::from_writer(&mut out);
                w.write_record(table.columns.iter().map(|c| c.0))?;
                for r in 0..table.rows() {
                    w.write_record(table.columns.iter().map(|(_, v)| text(v, r).unwrap_or_default()))?;
                }
                w.flush()?;
            }
            Format::Json => {
                writeln!(out, "[")?;
                for r in 0..table.rows() {
                    let cells: Vec<String> = table
                        .columns
                        .iter()
                        .map(|(name, v)| {
                            let value = match v {
                                Values::Text(v) => serde_json::to_string(&v[r]),
                                Values::Number(v) => serde_json::to_string(&v[r]),
                            }
                            .expect("plain values serialize");
                            format!("\"{name}\":{value}")
                        })
                        .collect();
                    let comma = if r + 1 < table.rows() { "," } else { "" };
                    writeln!(out, "{{{}}}{comma}", cells.join(","))?;
                }
                writeln!(out, "]")?;
            }
            Format::Parquet | Format::Table => unreachable!("handled above"),
        }
        out.flush()
    })();
    result.map_err(|e| err(&e))
}

fn column_title(series: &IndexSeries) -> String {
    match series.weight {
        Some(w) => match w {
            hpi_engine::Weight::Upb => "UPB".to_owned(),
            hpi_engine::Weight::Nonwhite => "Non-white".to_owned(),
            _ => {
                let name = w.name();
                name[..1].to_uppercase() + &name[1..]
            }
        },
        None => series.method.to_uppercase(),
    }
}

/// The city indices as text for people: per region, one row per period and
/// one column per weight, to one decimal, `—` where there is no value.
pub fn index_text(series: &[IndexSeries]) -> String {
    let mut out = String::new();
    let mut regions: Vec<&str> = series.iter().map(|s| s.region.as_str()).collect();
    regions.dedup();
    for region in regions {
        let group: Vec<&IndexSeries> = series.iter().filter(|s| s.region == region).collect();
        let method = group[0].method.to_uppercase();
        out += &format!("{region} ({method}, {} = 100)\n", group[0].points[0].label);
        out += &format!("{:<9}", "period");
        for s in &group {
            out += &format!("{:>11}", column_title(s));
        }
        out += "\n";
        for (k, p) in group[0].points.iter().enumerate() {
            out += &format!("{:<9}", p.label);
            for s in &group {
                let cell = s.points[k].index.map_or("—".to_owned(), |v| format!("{v:.1}"));
                out += &format!("{cell:>11}");
            }
            out += "\n";
        }
        out += "\n";
    }
    out
}
