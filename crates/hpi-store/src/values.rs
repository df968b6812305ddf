//! Reading dates, prices and numbers as people write them in spreadsheets.

use chrono::{Datelike, NaiveDate};
use hpi_engine::Date;

/// How dates are written in a file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum DateFormat {
    /// ISO `2010-03-31` (with or without a time after it), `2010/03/31`,
    /// `20100331` and the European `31.03.2010`. Slash dates with the year last
    /// are ambiguous between the US and the EU order and need a format.
    #[default]
    Auto,
    /// A chrono format such as `%m/%d/%Y` (US) or `%d/%m/%Y` (EU).
    Pattern(String),
}

impl DateFormat {
    /// Parses a date, or explains why not.
    pub fn parse(&self, text: &str) -> Result<Date, String> {
        let text = text.trim();
        if *self == DateFormat::Auto {
            // The common case, without chrono.
            if let Some(d) = Date::parse_iso(text) {
                return Ok(d);
            }
        }
        let date = match self {
            DateFormat::Pattern(p) => NaiveDate::parse_from_str(text, p)
                .map_err(|_| format!("cannot read '{text}' as a date in the format '{p}'"))?,
            DateFormat::Auto => auto_date(text)?,
        };
        Date::from_ymd(date.year(), date.month(), date.day()).ok_or_else(|| format!("'{text}' is out of range"))
    }
}

fn auto_date(text: &str) -> Result<NaiveDate, String> {
    let date_part = text.split(['T', ' ']).next().unwrap_or("");
    for pattern in ["%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(date_part, pattern) {
            return Ok(d);
        }
    }
    if date_part.split('/').count() == 3 {
        return Err(format!(
            "cannot tell whether '{text}' is month/day/year or day/month/year; give --date-format %m/%d/%Y or %d/%m/%Y"
        ));
    }
    Err(format!("cannot read '{text}' as a date (expected YYYY-MM-DD, or give --date-format)"))
}

/// Reads a price: currency signs and spaces are ignored; thousand separators
/// may be commas or dots. With both, the last one is the decimal mark; with
/// one kind only, it separates thousands when every group after it has three
/// digits (`1,250,000`, `1.250.000`) and is a decimal mark otherwise.
pub fn parse_price(text: &str) -> Result<f64, String> {
    let original = text.trim();
    let cleaned: String =
        original.chars().filter(|c| !matches!(c, '$' | '€' | '£' | '¥' | ' ' | '\u{a0}' | '\'' | '_')).collect();
    let cleaned =
        cleaned.trim_start_matches("USD").trim_start_matches("EUR").trim_end_matches("USD").trim_end_matches("EUR");
    if cleaned.is_empty() {
        return Err("empty price".into());
    }
    let normal = normalise_separators(cleaned);
    let value: f64 = normal.parse().map_err(|_| format!("cannot read '{original}' as a price"))?;
    if !value.is_finite() {
        return Err(format!("price '{original}' is not a finite number"));
    }
    if value <= 0.0 {
        return Err(format!("price '{original}' is not positive"));
    }
    Ok(value)
}

fn normalise_separators(s: &str) -> String {
    let (commas, dots) = (s.matches(',').count(), s.matches('.').count());
    let grouped = |sep: char| {
        let mut parts = s.split(sep);
        let head = parts.next().unwrap_or("");
        !head.is_empty() && head.len() <= 4 && parts.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
    };
    match (commas, dots) {
        (0, 0) => s.to_owned(),
        (_, 0) if grouped(',') => s.replace(',', ""),
        (1, 0) => s.replace(',', "."),
        (0, _) if dots > 1 && grouped('.') => s.replace('.', ""),
        (0, _) => s.to_owned(),
        _ => {
            let last_comma = s.rfind(',').unwrap_or(0);
            let last_dot = s.rfind('.').unwrap_or(0);
            if last_comma > last_dot {
                s.replace('.', "").replace(',', ".")
            } else {
                s.replace(',', "")
            }
        }
    }
}

/// Reads an optional non-negative number (an attribute); empty means absent.
pub fn parse_measure(text: &str) -> Result<Option<f64>, String> {
    let t = text.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("na") || t.eq_ignore_ascii_case("null") {
        return Ok(None);
    }
    let v: f64 = normalise_separators(t).parse().map_err(|_| format!("cannot read '{t}' as a number"))?;
    if !v.is_finite() || v < 0.0 {
        return Err(format!("'{t}' is not a non-negative number"));
    }
    Ok(Some(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let auto = DateFormat::Auto;
        for (text, want) in [
            ("2010-03-31", "2010-03-31"),
            ("2010-03-31T12:00:00", "2010-03-31"),
            ("2010-03-31 00:00:00", "2010-03-31"),
            ("2010/03/31", "2010-03-31"),
            ("31.03.2010", "2010-03-31"),
            ("20100331", "2010-03-31"),
        ] {
            assert_eq!(auto.parse(text).unwrap().to_string(), want, "{text}");
        }
        assert!(auto.parse("03/31/2010").unwrap_err().contains("--date-format"));
        assert!(auto.parse("2010-02-30").is_err());
        let us = DateFormat::Pattern("%m/%d/%Y".into());
        assert_eq!(us.parse("03/31/2010").unwrap().to_string(), "2010-03-31");
        let eu = DateFormat::Pattern("%d/%m/%Y".into());
        assert_eq!(eu.parse("31/03/2010").unwrap().to_string(), "2010-03-31");
        assert!(eu.parse("03/31/2010").unwrap_err().contains("%d/%m/%Y"));
    }

    #[test]
    fn prices() {
        for (text, want) in [
            ("250000", 250_000.0),
            ("$250,000", 250_000.0),
            ("1,250,000.50", 1_250_000.5),
            ("1.250.000,50 €", 1_250_000.5),
            ("1.250.000", 1_250_000.0),
            ("250000,5", 250_000.5),
            ("2.5e5", 250_000.0),
            ("USD 99 000", 99_000.0),
            ("1'250'000", 1_250_000.0),
        ] {
            assert_eq!(parse_price(text).unwrap(), want, "{text}");
        }
        assert!(parse_price("-5").unwrap_err().contains("not positive"));
        assert!(parse_price("0").is_err());
        assert!(parse_price("abc").unwrap_err().contains("cannot read"));
        assert!(parse_price("").is_err());
    }

    #[test]
    fn measures() {
        assert_eq!(parse_measure("").unwrap(), None);
        assert_eq!(parse_measure("NA").unwrap(), None);
        assert_eq!(parse_measure("1,234").unwrap(), Some(1234.0));
        assert!(parse_measure("-1").is_err());
    }
}
