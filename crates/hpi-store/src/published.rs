//! Rows of published index series (benchmarks) in the layouts publishers use:
//! FHFA's master file (`hpi_type,hpi_flavor,frequency,level,place_name,
//! place_id,yr,period,index_nsa,index_sa`), FHFA's older releases (a
//! headerless `name,cbsa,yr,qtr,index,se` with `( 0.55)` standard errors and
//! `-` for no value; `state,yr,qtr,index_…`), and a plain `region,period,index`.
//! Regions are named as runs name theirs, so that a run and a benchmark meet.

use hpi_engine::groups::state_code;
use hpi_engine::{Periodicity, RowIssue};

/// The columns a benchmark file may have, in the order [`BenchmarkRecord`]
/// reads them (see `ImportKind::columns`).
pub const COLUMNS: [&str; 12] =
    ["region", "period", "yr", "qtr", "frequency", "index", "index_sa", "se", "name", "flavor", "hpi_type", "level"];

/// The header FHFA's older metropolitan releases leave out.
pub const HEADERLESS_CBSA: [&str; 6] = ["name", "cbsa", "yr", "qtr", "index", "se"];

/// One value of a published series.
#[derive(Clone, Debug, PartialEq)]
pub struct BenchmarkRecord<'a> {
    /// The region as runs name it: a CBSA code, `state:53`, `nation:US`, or as written.
    pub region: String,
    /// The place's name, when the file gives one.
    pub name: Option<&'a str>,
    /// Which of a file's series of one place (`purchase-only`, …); empty when one.
    pub series: String,
    /// Periods of the series.
    pub periodicity: Periodicity,
    /// Absolute period number.
    pub period: i32,
    /// The index; `None` where the publisher wrote no value.
    pub index: Option<f64>,
    /// The seasonally adjusted index, when given.
    pub index_sa: Option<f64>,
    /// The published standard error, when given.
    pub se: Option<f64>,
}

/// Reads one row's fields (in [`COLUMNS`] order).
pub fn record<'a>(line: u64, f: &[Option<&'a str>]) -> Result<BenchmarkRecord<'a>, RowIssue> {
    let given = |k: usize| f[k].map(str::trim).filter(|t| !t.is_empty());
    let issue = |column: &str, reason: String| RowIssue::new(line, column, reason);
    let place = given(0).ok_or_else(|| issue("region", "empty region".into()))?;
    let region = region_name(place, given(11)).map_err(|r| issue("region", r))?;
    let (periodicity, period) = period(given(1), given(2), given(3), given(4)).map_err(|(c, r)| issue(c, r))?;
    let index = value(given(5), false).map_err(|r| issue("index", r))?;
    let index_sa = value(given(6), false).map_err(|r| issue("index_sa", r))?;
    // FHFA wrote `( 0.55)`, and 0.00 in the base period.
    let se =
        value(given(7).map(|t| t.trim_start_matches('(').trim_end_matches(')')), true).map_err(|r| issue("se", r))?;
    let series = match (given(10), given(9)) {
        (Some(t), Some(f)) if !t.eq_ignore_ascii_case("traditional") => format!("{t} {f}"),
        (Some(t), None) if !t.eq_ignore_ascii_case("traditional") => t.to_owned(),
        (_, f) => f.unwrap_or("").to_owned(),
    };
    Ok(BenchmarkRecord { region, name: given(8), series, periodicity, period, index, index_sa, se })
}

/// A published value: empty, `-`, `.` or `NA` is no value; otherwise a
/// positive number (or zero, for a standard error).
fn value(text: Option<&str>, zero: bool) -> Result<Option<f64>, String> {
    let Some(t) = text.map(str::trim).filter(|t| !matches!(*t, "" | "-" | "." | "NA" | "na" | "n/a")) else {
        return Ok(None);
    };
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() && (v > 0.0 || zero && v == 0.0) => Ok(Some(v)),
        Ok(_) if zero => Err(format!("'{t}' is not a number of zero or more")),
        Ok(_) => Err(format!("'{t}' is not a positive number")),
        Err(_) => Err(format!("cannot read '{t}' as a number (write '-' or leave it empty for no value)")),
    }
}

/// The run's name for a published place: states by postal or FIPS code
/// (`state:53`), the nation (`nation:US`), FHFA's census divisions
/// (`division:DV_ENC`), anything else (a CBSA code, the analyst's own names)
/// as written.
fn region_name(place: &str, level: Option<&str>) -> Result<String, String> {
    let level = level.map(|l| l.to_ascii_lowercase());
    let nation = ["usa", "us", "united states"].contains(&place.to_ascii_lowercase().as_str());
    let state = |p: &str| {
        state_code(p).map(str::to_owned).or_else(|| hpi_engine::groups::state_postal(p).map(|_| p.to_owned()))
    };
    Ok(match level.as_deref() {
        Some("state") => {
            format!("state:{}", state(place).ok_or_else(|| format!("'{place}' is not a state's postal or FIPS code"))?)
        }
        _ if nation => "nation:US".to_owned(),
        Some(l) if l.contains("division") => format!("division:{place}"),
        _ => match state(place).filter(|_| place.len() == 2 && place.bytes().all(|b| b.is_ascii_alphabetic())) {
            Some(code) => format!("state:{code}"),
            None => place.to_owned(),
        },
    })
}

/// A row's period from a label (`2005`, `2005-Q1`, `2005Q1`, `2005-03`,
/// `2005M03`) or from a year with a quarter or a numbered period, checked
/// against the frequency when the file gives one.
fn period(
    label: Option<&str>,
    year: Option<&str>,
    quarter: Option<&str>,
    frequency: Option<&str>,
) -> Result<(Periodicity, i32), (&'static str, String)> {
    let frequency = match frequency {
        None => None,
        Some(f) => Some(match f.to_ascii_lowercase().as_str() {
            "annual" | "a" | "yearly" | "year" => Periodicity::Annual,
            "quarterly" | "q" | "quarter" => Periodicity::Quarterly,
            "monthly" | "m" | "month" => Periodicity::Monthly,
            _ => return Err(("frequency", format!("'{f}' is not annual, quarterly or monthly"))),
        }),
    };
    let agree = |found: Periodicity, column: &'static str, period: i32| match frequency {
        Some(f) if f != found => Err((column, format!("a {} period in a {} series", found.name(), f.name()))),
        _ => Ok((found, period)),
    };
    let Some(year) = year else {
        let label = label.ok_or(("period", "empty period (and no yr column)".to_owned()))?;
        let (found, p) = parse_label(label).ok_or_else(|| {
            ("period", format!("cannot read '{label}' as a period (2005, 2005-Q1, 2005Q1, 2005-03 or 2005M03)"))
        })?;
        return agree(found, "period", p);
    };
    let year = crate::values::parse_year(year).map_err(|r| ("yr", r))?;
    let numbered = |text: &str, column: &'static str, p: Periodicity| -> Result<(Periodicity, i32), _> {
        match text.parse::<i32>() {
            Ok(n) if (1..=p.per_year()).contains(&n) => Ok((p, year * p.per_year() + n - 1)),
            _ => Err((column, format!("'{text}' is not a {} period (1 to {})", p.name(), p.per_year()))),
        }
    };
    match (quarter, label, frequency) {
        (Some(q), _, _) => {
            let (found, p) = numbered(q, "qtr", Periodicity::Quarterly)?;
            agree(found, "qtr", p)
        }
        (None, Some(n), Some(f)) => numbered(n, "period", f),
        (None, Some(n), None) => {
            Err(("period", format!("period '{n}' of {year}: add a frequency column (annual, quarterly or monthly)")))
        }
        (None, None, f) => agree(Periodicity::Annual, "yr", year).map_err(|_| {
            ("yr", format!("a year alone is an annual period, but the series is {}", f.map_or("", |f| f.name())))
        }),
    }
}

/// A period label in any of the usual spellings, with its periodicity.
fn parse_label(label: &str) -> Option<(Periodicity, i32)> {
    let t: String = label.trim().to_ascii_uppercase().chars().filter(|c| !c.is_whitespace()).collect();
    if t.len() == 4 {
        return Periodicity::Annual.parse_label(&t).map(|p| (Periodicity::Annual, p));
    }
    let (year, rest) = t.split_at_checked(4)?;
    let rest = rest.trim_start_matches(['-', '/', ':', '.']);
    let (p, sub) = match rest.strip_prefix('Q') {
        Some(q) => (Periodicity::Quarterly, q),
        None => (Periodicity::Monthly, rest.strip_prefix('M').unwrap_or(rest)),
    };
    let sub: i32 = sub.parse().ok().filter(|s| (1..=p.per_year()).contains(s))?;
    let year: i32 = year.parse().ok().filter(|y| (1..=9999).contains(y))?;
    Some((p, year * p.per_year() + sub - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row<'a>(fields: &[(&str, &'a str)]) -> Vec<Option<&'a str>> {
        COLUMNS.iter().map(|c| fields.iter().find(|(k, _)| k == c).map(|(_, v)| *v)).collect()
    }

    #[test]
    fn fhfa_layouts_and_plain_rows() {
        let old = record(
            7,
            &row(&[
                ("name", "Abilene, TX"),
                ("region", "10180"),
                ("yr", "1990"),
                ("qtr", "3"),
                ("index", "101.5"),
                ("se", "( 0.55)"),
            ]),
        )
        .unwrap();
        assert_eq!((old.region.as_str(), old.periodicity, old.period), ("10180", Periodicity::Quarterly, 1990 * 4 + 2));
        assert_eq!((old.index, old.se, old.series.as_str()), (Some(101.5), Some(0.55), ""));
        let none =
            record(8, &row(&[("region", "10180"), ("yr", "1975"), ("qtr", "1"), ("index", "-"), ("se", "-")])).unwrap();
        assert_eq!((none.index, none.se), (None, None));
        let state =
            record(2, &row(&[("region", "WA"), ("yr", "1991"), ("qtr", "1"), ("index", "100"), ("index_sa", "100")]))
                .unwrap();
        assert_eq!(state.region, "state:53");
        let master = record(
            2,
            &row(&[
                ("hpi_type", "traditional"),
                ("flavor", "purchase-only"),
                ("frequency", "monthly"),
                ("level", "USA or Census Division"),
                ("name", "United States"),
                ("region", "USA"),
                ("yr", "1991"),
                ("period", "12"),
                ("index", "101.2"),
            ]),
        )
        .unwrap();
        assert_eq!((master.region.as_str(), master.series.as_str()), ("nation:US", "purchase-only"));
        assert_eq!((master.periodicity, master.period), (Periodicity::Monthly, 1991 * 12 + 11));
        let division = record(
            2,
            &row(&[("level", "USA or Census Division"), ("region", "DV_ENC"), ("yr", "2000"), ("index", "1")]),
        )
        .unwrap();
        assert_eq!((division.region.as_str(), division.periodicity), ("division:DV_ENC", Periodicity::Annual));
        for (label, p, n) in [
            ("2005", Periodicity::Annual, 2005),
            ("2005-Q2", Periodicity::Quarterly, 2005 * 4 + 1),
            ("2005q2", Periodicity::Quarterly, 2005 * 4 + 1),
            ("2005-03", Periodicity::Monthly, 2005 * 12 + 2),
            ("2005M03", Periodicity::Monthly, 2005 * 12 + 2),
        ] {
            let r = record(2, &row(&[("region", "group:inner"), ("period", label), ("index", "1")])).unwrap();
            assert_eq!((r.region.as_str(), r.periodicity, r.period), ("group:inner", p, n), "{label}");
        }
    }

    #[test]
    fn bad_rows_say_which_column_and_why() {
        let bad = |fields: &[(&str, &str)]| {
            let e = record(9, &row(fields)).unwrap_err();
            (e.column.clone(), e.reason)
        };
        let (c, r) = bad(&[("region", "10180"), ("yr", "1990"), ("qtr", "5"), ("index", "1")]);
        assert_eq!(c, "qtr", "{r}");
        let (c, r) = bad(&[("region", "10180"), ("yr", "1990"), ("qtr", "1"), ("index", "abc")]);
        assert_eq!(c, "index");
        assert!(r.contains("'abc'"), "{r}");
        let (c, _) = bad(&[("region", "10180"), ("yr", "1990"), ("qtr", "1"), ("index", "-3")]);
        assert_eq!(c, "index");
        let (c, r) = bad(&[("region", "10180"), ("yr", "1990"), ("period", "3"), ("index", "1")]);
        assert_eq!(c, "period");
        assert!(r.contains("frequency"), "{r}");
        let (c, _) = bad(&[("region", "XX"), ("level", "State"), ("yr", "1990"), ("index", "1")]);
        assert_eq!(c, "region");
        let (c, _) = bad(&[("region", "a"), ("period", "2005-Q9"), ("index", "1")]);
        assert_eq!(c, "period");
        let (c, _) = bad(&[("region", ""), ("period", "2005"), ("index", "1")]);
        assert_eq!(c, "region");
    }
}
