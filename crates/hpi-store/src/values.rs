//! Reading dates, prices and numbers as people write them in spreadsheets.

use crate::hint::Hint;
use chrono::{Datelike, NaiveDate};
use hpi_engine::Date;
use serde::{Deserialize, Serialize};

/// Why a date cannot be read, and what would let it be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateIssue {
    /// In plain words.
    pub reason: String,
    /// What the user can say about the file's dates.
    pub hint: Option<Hint>,
}

impl DateIssue {
    fn new(reason: String, hint: Option<Hint>) -> Self {
        DateIssue { reason, hint }
    }
}

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
    pub fn parse(&self, text: &str) -> Result<Date, DateIssue> {
        let text = text.trim();
        if *self == DateFormat::Auto {
            // The common case, without chrono.
            if let Some(d) = Date::parse_iso(text) {
                return Ok(d);
            }
        }
        let date = match self {
            DateFormat::Pattern(p) => NaiveDate::parse_from_str(text, p).map_err(|_| {
                DateIssue::new(format!("cannot read '{text}' as a date in the format '{p}'"), Some(Hint::DateFormat))
            })?,
            DateFormat::Auto => auto_date(text)?,
        };
        Date::from_ymd(date.year(), date.month(), date.day())
            .ok_or_else(|| DateIssue::new(format!("'{text}' is out of range"), None))
    }
}

fn auto_date(text: &str) -> Result<NaiveDate, DateIssue> {
    let date_part = text.split(['T', ' ']).next().unwrap_or("");
    for pattern in ["%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(date_part, pattern) {
            return Ok(d);
        }
    }
    if date_part.split('/').count() == 3 {
        let reason = format!("cannot tell whether '{text}' is month/day/year or day/month/year");
        return Err(DateIssue::new(reason, Some(Hint::DayMonthOrder)));
    }
    // A date written the expected way that is not in the calendar (2011-02-30): no format helps.
    let iso_shaped = date_part.len() == 10
        && date_part.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    let hint = (!iso_shaped).then_some(Hint::DateFormat);
    Err(DateIssue::new(format!("cannot read '{text}' as a date (expected YYYY-MM-DD)"), hint))
}

/// Reads a price: currency signs and spaces are ignored; thousand separators
/// may be commas or dots. With both, the last one is the decimal mark; with
/// one kind only, it separates thousands when every group after it has three
/// digits (`1,250,000`, `1.250.000`) and is a decimal mark otherwise.
pub fn parse_price(text: &str) -> Result<f64, String> {
    let original = text.trim();
    // The common case, a plain number, without building cleaned copies.
    if let Ok(value) = original.parse::<f64>() {
        return hpi_engine::check_price(value);
    }
    let cleaned: String =
        original.chars().filter(|c| !matches!(c, '$' | '€' | '£' | '¥' | ' ' | '\u{a0}' | '\'' | '_')).collect();
    let cleaned =
        cleaned.trim_start_matches("USD").trim_start_matches("EUR").trim_end_matches("USD").trim_end_matches("EUR");
    if cleaned.is_empty() {
        return Err("empty price".into());
    }
    let normal = normalise_separators(cleaned);
    let value: f64 = normal.parse().map_err(|_| format!("cannot read '{original}' as a price"))?;
    hpi_engine::check_price(value)
}

/// The values a sale can plausibly have. A year outside them is almost
/// always a typing error (0201 for 2001), and one such sale would multiply
/// the periods of every index; an absurd price would dominate its pairs.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Plausible {
    /// The earliest year of a sale.
    pub first_year: i32,
    /// The latest year of a sale.
    pub last_year: i32,
    /// The highest price.
    pub max_price: f64,
}

/// The earliest sale year accepted by default.
pub const FIRST_PLAUSIBLE_YEAR: i32 = 1900;
/// The highest price accepted by default: above any house in any currency
/// in use today but a few (Iranian rial, Vietnamese dong at the very top).
pub const MAX_PLAUSIBLE_PRICE: f64 = 1e12;

impl Default for Plausible {
    /// 1900 to next year, prices up to [`MAX_PLAUSIBLE_PRICE`].
    fn default() -> Self {
        let next_year = chrono::Utc::now().year() + 1;
        Plausible { first_year: FIRST_PLAUSIBLE_YEAR, last_year: next_year, max_price: MAX_PLAUSIBLE_PRICE }
    }
}

impl Plausible {
    /// Defaults where a front end left a bound blank; refuses bounds that contradict each other.
    pub fn new(first_year: Option<i32>, last_year: Option<i32>, max_price: Option<f64>) -> Result<Self, String> {
        let d = Plausible::default();
        let p = Plausible {
            first_year: first_year.unwrap_or(d.first_year),
            last_year: last_year.unwrap_or(d.last_year),
            max_price: max_price.unwrap_or(d.max_price),
        };
        if !(1..=9999).contains(&p.first_year) || !(1..=9999).contains(&p.last_year) {
            return Err(format!("plausible years must lie in 1..9999, not {}..{}", p.first_year, p.last_year));
        }
        if p.first_year > p.last_year {
            return Err(format!("the earliest plausible year {} is after the latest {}", p.first_year, p.last_year));
        }
        if !(p.max_price.is_finite() && p.max_price > 0.0) {
            return Err(format!("the highest plausible price must be a positive number, not {}", p.max_price));
        }
        Ok(p)
    }

    /// The date if its year is plausible; otherwise why not.
    pub fn date(&self, date: Date) -> Result<Date, String> {
        if (self.first_year..=self.last_year).contains(&date.year()) {
            Ok(date)
        } else {
            Err(format!(
                "{date} is outside the plausible years {}..{} (a mistyped year?)",
                self.first_year, self.last_year
            ))
        }
    }

    /// The price if it is at most the plausible bound; otherwise why not.
    pub fn price(&self, price: f64) -> Result<f64, String> {
        if price <= self.max_price {
            Ok(price)
        } else {
            Err(format!("price {price} is above the plausible bound {}", self.max_price))
        }
    }
}

/// Reads a coordinate in degrees within `-limit..limit`.
pub fn parse_coordinate(text: &str, limit: f64) -> Result<f64, String> {
    let t = text.trim();
    let value: f64 = t.parse().map_err(|_| format!("cannot read '{t}' as a coordinate"))?;
    hpi_engine::check_coordinate(value, limit)
}

/// Reads a year (four digits).
pub fn parse_year(text: &str) -> Result<i32, String> {
    let t = text.trim();
    t.parse().map_err(|_| format!("cannot read '{t}' as a year")).and_then(hpi_engine::check_year)
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
    hpi_engine::check_measure(v).map(Some)
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
        assert_eq!(auto.parse("03/31/2010").unwrap_err().hint, Some(Hint::DayMonthOrder));
        assert_eq!(auto.parse("31 March").unwrap_err().hint, Some(Hint::DateFormat));
        assert_eq!(auto.parse("2011-02-30").unwrap_err().hint, None, "a format would not help");
        assert!(auto.parse("2010-02-30").is_err());
        let us = DateFormat::Pattern("%m/%d/%Y".into());
        assert_eq!(us.parse("03/31/2010").unwrap().to_string(), "2010-03-31");
        let eu = DateFormat::Pattern("%d/%m/%Y".into());
        assert_eq!(eu.parse("31/03/2010").unwrap().to_string(), "2010-03-31");
        assert!(eu.parse("03/31/2010").unwrap_err().reason.contains("%d/%m/%Y"));
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
    fn plausible_dates_and_prices() {
        let p = Plausible::new(Some(1900), Some(2027), None).unwrap();
        let date = |t: &str| DateFormat::Auto.parse(t).unwrap();
        assert!(p.date(date("1900-01-01")).is_ok() && p.date(date("2027-12-31")).is_ok());
        let e = p.date(date("0201-06-30")).unwrap_err();
        assert!(e.contains("0201-06-30 is outside the plausible years 1900..2027"), "{e}");
        assert!(p.date(date("2028-01-01")).is_err());
        assert!(p.price(1e12).is_ok());
        assert!(p.price(2e12).unwrap_err().contains("above the plausible bound"));
        assert!(Plausible::new(Some(2000), Some(1999), None).is_err());
        assert!(Plausible::new(None, None, Some(f64::INFINITY)).is_err());
        assert!(Plausible::new(Some(0), None, None).is_err());
        assert_eq!(Plausible::default().last_year, chrono::Utc::now().year() + 1);
    }

    #[test]
    fn measures() {
        assert_eq!(parse_measure("").unwrap(), None);
        assert_eq!(parse_measure("NA").unwrap(), None);
        assert_eq!(parse_measure("1,234").unwrap(), Some(1234.0));
        assert!(parse_measure("-1").is_err());
    }
}
