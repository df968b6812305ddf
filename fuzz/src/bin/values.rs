//! Dates, prices, coordinates, measures and years as spreadsheets write them,
//! and the plausibility bounds: each line of the input through every parser.
use hpi_store::values::{parse_coordinate, parse_measure, parse_price, parse_year, DateFormat, Plausible};

fn main() {
    let formats = [DateFormat::Auto, DateFormat::Pattern("%m/%d/%Y".into()), DateFormat::Pattern("%d.%m.%Y".into())];
    let plausible = Plausible::default();
    afl::fuzz!(|data: &[u8]| {
        let text = String::from_utf8_lossy(data);
        for line in text.split('\n') {
            for f in &formats {
                if let Ok(d) = f.parse(line) {
                    let _ = plausible.date(d);
                }
            }
            let _ = hpi_engine::Date::parse_iso(line);
            if let Ok(p) = parse_price(line) {
                assert!(p.is_finite() && p > 0.0, "a price is finite and positive: {p}");
                let _ = plausible.price(p);
            }
            if let Ok(c) = parse_coordinate(line, 180.0) {
                assert!(c.is_finite() && c.abs() <= 180.0);
            }
            if let Ok(Some(m)) = parse_measure(line) {
                assert!(m.is_finite() && m >= 0.0);
            }
            let _ = parse_year(line);
        }
    });
}
