//! Calendar dates and index periods.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar date, packed as `yyyymmdd` so that integer order is date order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(u32);

impl Date {
    /// A valid Gregorian date, or `None`.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        if day > days_in_month(year, month) {
            return None;
        }
        Some(Date(year as u32 * 10_000 + month * 100 + day))
    }

    /// Parses `YYYY-MM-DD` exactly (the input contract of `hpi calculate`).
    pub fn parse_iso(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |s: &[u8]| -> Option<u32> {
            s.iter().try_fold(0u32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
        };
        Date::from_ymd(num(&b[0..4])? as i32, num(&b[5..7])?, num(&b[8..10])?)
    }

    /// The calendar year.
    pub fn year(self) -> i32 {
        (self.0 / 10_000) as i32
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u32 {
        self.0 / 100 % 100
    }

    /// The day of the month.
    pub fn day(self) -> u32 {
        self.0 % 100
    }

    /// The packed `yyyymmdd` value.
    pub fn packed(self) -> u32 {
        self.0
    }

    /// Days since 1970-01-01 (proleptic Gregorian; Hinnant's `days_from_civil`).
    pub fn days(self) -> i32 {
        let (m, d) = (self.month() as i32, self.day() as i32);
        let y = self.year() - i32::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year(), self.month(), self.day())
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// How finely time is cut into index periods.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Periodicity {
    /// Calendar years (labels `2010`).
    Annual,
    /// Calendar quarters (labels `2010-Q1`).
    Quarterly,
    /// Calendar months (labels `2010-01`).
    Monthly,
}

impl Periodicity {
    /// Periods in one year: 1, 4 or 12.
    pub fn per_year(self) -> i32 {
        match self {
            Periodicity::Annual => 1,
            Periodicity::Quarterly => 4,
            Periodicity::Monthly => 12,
        }
    }

    /// The absolute period number of a date: `year * per_year + part of year`.
    pub fn of_date(self, date: Date) -> i32 {
        let sub = match self {
            Periodicity::Annual => 0,
            Periodicity::Quarterly => (date.month() as i32 - 1) / 3,
            Periodicity::Monthly => date.month() as i32 - 1,
        };
        date.year() * self.per_year() + sub
    }

    /// The first period of a calendar year.
    pub fn first_of_year(self, year: i32) -> i32 {
        year * self.per_year()
    }

    /// The last period of a calendar year.
    pub fn last_of_year(self, year: i32) -> i32 {
        year * self.per_year() + self.per_year() - 1
    }

    /// The calendar year of an absolute period number.
    pub fn year_of(self, period: i32) -> i32 {
        period.div_euclid(self.per_year())
    }

    /// The label of an absolute period number: `2010`, `2010-Q1`, `2010-01`.
    pub fn label(self, period: i32) -> String {
        let year = period.div_euclid(self.per_year());
        let sub = period.rem_euclid(self.per_year()) + 1;
        match self {
            Periodicity::Annual => format!("{year}"),
            Periodicity::Quarterly => format!("{year}-Q{sub}"),
            Periodicity::Monthly => format!("{year}-{sub:02}"),
        }
    }

    /// The period a label of this periodicity names (`2010`, `2010-Q1`,
    /// `2010-01`, as [`Periodicity::label`] writes them).
    pub fn parse_label(self, label: &str) -> Option<i32> {
        let label = label.trim();
        let (year, sub) = match self {
            Periodicity::Annual => (label, None),
            Periodicity::Quarterly => label.split_once("-Q").map(|(y, q)| (y, Some(q)))?,
            Periodicity::Monthly => label.split_once('-').map(|(y, m)| (y, Some(m)))?,
        };
        let year: i32 = year.parse().ok().filter(|y| (1..=9999).contains(y))?;
        let sub = match sub {
            None => 1,
            Some(s) => s.parse::<i32>().ok().filter(|s| (1..=self.per_year()).contains(s))?,
        };
        Some(year * self.per_year() + sub - 1)
    }

    /// Every periodicity, coarsest first.
    pub const ALL: [Periodicity; 3] = [Periodicity::Annual, Periodicity::Quarterly, Periodicity::Monthly];

    /// The periodicity whose labels look like `label` (`2010`, `2010-Q1`, `2010-01`).
    pub fn of_label(label: &str) -> Option<Periodicity> {
        Periodicity::ALL.into_iter().find(|p| p.parse_label(label).is_some())
    }

    /// The periodicity [`Periodicity::name`] calls `name`.
    pub fn parse(name: &str) -> Option<Periodicity> {
        Periodicity::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The name used on the command line and in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Periodicity::Annual => "annual",
            Periodicity::Quarterly => "quarterly",
            Periodicity::Monthly => "monthly",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_count_from_1970() {
        let days = |t: &str| Date::parse_iso(t).unwrap().days();
        assert_eq!(days("1970-01-01"), 0);
        assert_eq!(days("1969-12-31"), -1);
        assert_eq!(days("2000-03-01"), 11_017);
        assert_eq!(days("2012-01-01") - days("2010-01-01"), 730);
        assert_eq!(days("2013-01-01") - days("2012-01-01"), 366);
    }

    #[test]
    fn labels_parse_back_to_their_periods() {
        for per in [Periodicity::Annual, Periodicity::Quarterly, Periodicity::Monthly] {
            for p in per.first_of_year(1999)..=per.last_of_year(2001) {
                assert_eq!(per.parse_label(&per.label(p)), Some(p), "{}", per.label(p));
            }
        }
        for (per, bad) in [
            (Periodicity::Annual, "2010-Q1"),
            (Periodicity::Quarterly, "2010-Q0"),
            (Periodicity::Quarterly, "2010"),
            (Periodicity::Monthly, "2010-13"),
            (Periodicity::Monthly, "May 2010"),
        ] {
            assert_eq!(per.parse_label(bad), None, "{bad}");
        }
    }

    #[test]
    fn parses_iso_dates_and_rejects_impossible_ones() {
        let d = Date::parse_iso("2012-02-29").unwrap();
        assert_eq!((d.year(), d.month(), d.day()), (2012, 2, 29));
        assert_eq!(d.to_string(), "2012-02-29");
        for bad in ["2011-02-29", "2010-13-01", "2010-00-10", "2010-1-01", "20100101", "2010-01-32", "abcd-01-01", ""] {
            assert!(Date::parse_iso(bad).is_none(), "{bad}");
        }
        assert!(Date::parse_iso("2000-02-29").is_some());
        assert!(Date::parse_iso("1900-02-29").is_none());
    }

    #[test]
    fn periods_and_labels() {
        let d = Date::parse_iso("2010-08-24").unwrap();
        assert_eq!(Periodicity::Annual.label(Periodicity::Annual.of_date(d)), "2010");
        assert_eq!(Periodicity::Quarterly.label(Periodicity::Quarterly.of_date(d)), "2010-Q3");
        assert_eq!(Periodicity::Monthly.label(Periodicity::Monthly.of_date(d)), "2010-08");
        assert_eq!(
            Periodicity::Monthly.first_of_year(2010),
            Periodicity::Monthly.of_date(Date::parse_iso("2010-01-01").unwrap())
        );
        assert_eq!(Periodicity::Quarterly.last_of_year(2010) + 1, Periodicity::Quarterly.first_of_year(2011));
    }
}
