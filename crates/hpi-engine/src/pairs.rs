//! Repeat-sales pairs: ordering, same-period dedupe, consecutive pairing and
//! the three filters (`docs/methodology.md#pairs-and-filters`).

use crate::params::{Dedupe, Filters};
use crate::period::Periodicity;
use crate::table::{Sales, NONE};
use rayon::slice::ParallelSliceMut;
use serde::{Deserialize, Serialize};

/// What groups a pair: its tract (RSAI) or its region (pooled methods).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PairUnit {
    /// The sale's tract; a pair across two tracts is dropped.
    Tract,
    /// The sale's region (CBSA, or `all`); a pair across two regions is dropped.
    Region,
}

/// Filtered pairs as columns.
#[derive(Clone, Debug, Default)]
pub struct Pairs {
    /// Tract or region of the pair.
    pub unit: Vec<u32>,
    /// Period of the first sale.
    pub p0: Vec<i32>,
    /// Period of the second sale.
    pub p1: Vec<i32>,
    /// Log price relative `ln V1 - ln V0`.
    pub y: Vec<f64>,
}

impl Pairs {
    /// Number of pairs.
    pub fn len(&self) -> usize {
        self.y.len()
    }

    /// True when there are no pairs.
    pub fn is_empty(&self) -> bool {
        self.y.is_empty()
    }

    /// The pairs at `rows`, in that order (a row may repeat: a bootstrap draw).
    pub fn rows(&self, rows: &[usize]) -> Pairs {
        Pairs {
            unit: rows.iter().map(|&i| self.unit[i]).collect(),
            p0: rows.iter().map(|&i| self.p0[i]).collect(),
            p1: rows.iter().map(|&i| self.p1[i]).collect(),
            y: rows.iter().map(|&i| self.y[i]).collect(),
        }
    }

    /// ln(predicted) − ln(actual) of pair `i`'s second price, predicted from its
    /// first with the log index `levels` (by period): ln I(t₂) − ln I(t₁) − ln(P₂/P₁);
    /// `None` when either period has no value.
    pub fn log_error(&self, i: usize, levels: &std::collections::HashMap<i32, f64>) -> Option<f64> {
        Some(levels.get(&self.p1[i])? - levels.get(&self.p0[i])? - self.y[i])
    }
}

/// The pair filters, in the order they are applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PairFilter {
    /// Pairs less than one year apart.
    SamePeriod,
    /// Compound annual growth beyond ±30 %.
    Cagr,
    /// Price ratio above 10 or below 0.25.
    Ratio,
}

impl PairFilter {
    /// Every filter, in the order applied.
    pub const ALL: [PairFilter; 3] = [PairFilter::SamePeriod, PairFilter::Cagr, PairFilter::Ratio];

    /// The name in outputs and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            PairFilter::SamePeriod => "same_period",
            PairFilter::Cagr => "cagr",
            PairFilter::Ratio => "ratio",
        }
    }
}

/// How many pairs one filter drops: on its own, and after the earlier filters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FilterCount {
    /// The filter.
    pub filter: PairFilter,
    /// Whether the filter was applied.
    pub enabled: bool,
    /// Candidate pairs that fail it, whatever the other filters say.
    pub own: u64,
    /// Pairs it removed after the earlier filters ran (0 when disabled).
    pub sequential: u64,
}

/// Counts from sales to pairs, for the quality report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PairCounts {
    /// Sales given.
    pub sales: u64,
    /// Distinct properties.
    pub properties: u64,
    /// Properties with one sale (after dedupe).
    pub single_sale_properties: u64,
    /// Sales removed by the same-period dedupe.
    pub removed_by_dedupe: u64,
    /// Consecutive pairs before any drop.
    pub candidate_pairs: u64,
    /// Pairs whose two sales lie in different tracts (RSAI) or regions (pooled).
    pub cross_unit_pairs: u64,
    /// Per filter, in the order applied.
    pub filters: Vec<FilterCount>,
    /// Pairs kept.
    pub pairs: u64,
}

const CAGR_TOLERANCE: f64 = 1e-9;

/// Which filters a pair fails, as bits 0 (same period), 1 (CAGR), 2 (ratio).
/// A zero gap makes growth infinite (or undefined when the prices are equal,
/// which passes): IEEE arithmetic decides, documented in the methodology.
pub fn failed_filters(gap_periods: i32, per_year: i32, v0: f64, v1: f64, y: f64) -> u8 {
    let mut bits = 0;
    if gap_periods < per_year {
        bits |= 1;
    }
    let g = y / (f64::from(gap_periods) / f64::from(per_year));
    if g > 1.30f64.ln() + CAGR_TOLERANCE || g < 0.70f64.ln() - CAGR_TOLERANCE {
        bits |= 2;
    }
    let ratio = v1 / v0;
    if !(0.25..=10.0).contains(&ratio) {
        bits |= 4;
    }
    bits
}

/// Forms filtered consecutive pairs from sales.
pub fn make_pairs(
    sales: &Sales,
    periodicity: Periodicity,
    dedupe: Dedupe,
    filters: Filters,
    unit: PairUnit,
) -> (Pairs, PairCounts) {
    let mut order: Vec<(u64, u64, u32)> = (0..sales.len())
        .map(|i| {
            let key = (u64::from(sales.property[i]) << 32) | u64::from(sales.date[i].packed());
            // Positive finite prices: bit order equals numeric order.
            (key, sales.price[i].to_bits(), i as u32)
        })
        .collect();
    order.par_sort_unstable();

    let per_year = periodicity.per_year();
    let unit_of = |row: usize| match unit {
        PairUnit::Tract => sales.tract[row],
        PairUnit::Region => sales.region[row],
    };
    let enabled = [filters.same_period, filters.cagr, filters.ratio];
    let mut counts =
        PairCounts { sales: sales.len() as u64, properties: sales.properties as u64, ..Default::default() };
    let mut own = [0u64; 3];
    let mut sequential = [0u64; 3];
    let mut pairs = Pairs::default();
    let mut kept: Vec<usize> = Vec::new();

    let mut start = 0;
    while start < order.len() {
        let property = order[start].0 >> 32;
        let mut end = start + 1;
        while end < order.len() && order[end].0 >> 32 == property {
            end += 1;
        }
        kept.clear();
        let group = &order[start..end];
        match dedupe {
            Dedupe::None => kept.extend(group.iter().map(|k| k.2 as usize)),
            Dedupe::KeepHighest => {
                let mut i = 0;
                while i < group.len() {
                    let period = periodicity.of_date(sales.date[group[i].2 as usize]);
                    let mut best = group[i].2 as usize;
                    let mut j = i + 1;
                    while j < group.len() && periodicity.of_date(sales.date[group[j].2 as usize]) == period {
                        let row = group[j].2 as usize;
                        let (p, bp) = (sales.price[row], sales.price[best]);
                        if p > bp || (p == bp && row < best) {
                            best = row;
                        }
                        j += 1;
                    }
                    kept.push(best);
                    i = j;
                }
                counts.removed_by_dedupe += (group.len() - kept.len()) as u64;
            }
        }
        if kept.len() == 1 {
            counts.single_sale_properties += 1;
        }
        let mut prev_log = sales.price[kept[0]].ln();
        for w in kept.windows(2) {
            let (r0, r1) = (w[0], w[1]);
            let log1 = sales.price[r1].ln();
            let y = log1 - prev_log;
            prev_log = log1;
            counts.candidate_pairs += 1;
            let u = unit_of(r0);
            if u != unit_of(r1) {
                counts.cross_unit_pairs += 1;
                continue;
            }
            let p0 = periodicity.of_date(sales.date[r0]);
            let p1 = periodicity.of_date(sales.date[r1]);
            let bits = failed_filters(p1 - p0, per_year, sales.price[r0], sales.price[r1], y);
            let mut dropped = false;
            for f in 0..3 {
                if bits & (1 << f) != 0 {
                    own[f] += 1;
                    if enabled[f] && !dropped {
                        sequential[f] += 1;
                        dropped = true;
                    }
                }
            }
            if !dropped {
                pairs.unit.push(u);
                pairs.p0.push(p0);
                pairs.p1.push(p1);
                pairs.y.push(y);
            }
        }
        start = end;
    }
    counts.filters = PairFilter::ALL
        .iter()
        .enumerate()
        .map(|(f, &filter)| FilterCount { filter, enabled: enabled[f], own: own[f], sequential: sequential[f] })
        .collect();
    counts.pairs = pairs.len() as u64;
    debug_assert!(pairs.unit.iter().all(|&u| unit == PairUnit::Region || u != NONE));
    (pairs, counts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::SalesBuilder;

    fn date(text: &str) -> crate::Date {
        crate::Date::parse_iso(text).unwrap()
    }

    fn sales(rows: &[(&str, &str, &str)]) -> Sales {
        let mut b = SalesBuilder::new(None);
        for (i, (p, d, v)) in rows.iter().enumerate() {
            b.push_values(i as u64 + 2, p, date(d), v.parse().unwrap(), None, None).unwrap();
        }
        b.finish()
    }

    #[test]
    fn filter_bounds_are_kept_exactly() {
        let ln = |a: f64, b: f64| b.ln() - a.ln();
        // Exactly +30% and -30% a year over one and two years: kept.
        assert_eq!(failed_filters(1, 1, 100_000.0, 130_000.0, ln(100_000.0, 130_000.0)) & 2, 0);
        assert_eq!(failed_filters(1, 1, 100_000.0, 70_000.0, ln(100_000.0, 70_000.0)) & 2, 0);
        assert_eq!(failed_filters(2, 1, 100_000.0, 169_000.0, ln(100_000.0, 169_000.0)) & 2, 0);
        assert_eq!(failed_filters(8, 4, 100_000.0, 49_000.0, ln(100_000.0, 49_000.0)) & 2, 0);
        // Just beyond: dropped.
        assert_ne!(failed_filters(1, 1, 100_000.0, 130_001.0, ln(100_000.0, 130_001.0)) & 2, 0);
        assert_ne!(failed_filters(1, 1, 100_000.0, 69_999.0, ln(100_000.0, 69_999.0)) & 2, 0);
        // Ratio bounds 10 and 0.25 kept, beyond dropped.
        assert_eq!(failed_filters(30, 1, 100_000.0, 1_000_000.0, ln(1e5, 1e6)) & 4, 0);
        assert_eq!(failed_filters(30, 1, 100_000.0, 25_000.0, ln(1e5, 2.5e4)) & 4, 0);
        assert_ne!(failed_filters(30, 1, 100_000.0, 1_000_001.0, ln(1e5, 1_000_001.0)) & 4, 0);
        assert_ne!(failed_filters(30, 1, 100_000.0, 24_999.0, ln(1e5, 24_999.0)) & 4, 0);
        // Same period: gap below one year.
        assert_eq!(failed_filters(0, 1, 1.0, 1.0, 0.0), 1);
        // A zero gap: infinite growth fails CAGR too; equal prices (0/0) pass it on their own.
        assert_eq!(failed_filters(0, 1, 100.0, 150.0, 1.5f64.ln()), 1 | 2);
        assert_eq!(failed_filters(0, 4, 100.0, 100.0, 0.0) & 2, 0);
        assert_ne!(failed_filters(11, 12, 1.0, 1.0, 0.0) & 1, 0);
        assert_eq!(failed_filters(12, 12, 1.0, 1.0, 0.0) & 1, 0);
    }

    #[test]
    fn consecutive_pairs_in_date_price_line_order() {
        let s = sales(&[
            ("a", "2012-05-01", "300"),
            ("a", "2010-01-01", "100"),
            ("b", "2011-01-01", "50"),
            ("a", "2011-03-01", "200"),
        ]);
        let (p, c) = make_pairs(&s, Periodicity::Annual, Dedupe::None, Filters::NONE, PairUnit::Region);
        assert_eq!(p.p0, vec![2010, 2011]);
        assert_eq!(p.p1, vec![2011, 2012]);
        assert!((p.y[0] - 2f64.ln()).abs() < 1e-15);
        assert_eq!(c.candidate_pairs, 2);
        assert_eq!(c.single_sale_properties, 1);
    }

    #[test]
    fn sales_of_one_day_pair_in_price_order_whatever_the_input_order() {
        let s = sales(&[("a", "2011-01-01", "300"), ("a", "2010-06-01", "120"), ("a", "2010-06-01", "100")]);
        let (p, _) = make_pairs(&s, Periodicity::Annual, Dedupe::None, Filters::NONE, PairUnit::Region);
        // 100 -> 120 the same day, then 120 -> 300.
        assert_eq!(p.len(), 2);
        assert!((p.y[0] - 1.2f64.ln()).abs() < 1e-15);
        assert!((p.y[1] - 2.5f64.ln()).abs() < 1e-15);
    }

    #[test]
    fn the_sales_either_side_of_a_bad_row_are_consecutive() {
        let mut b = SalesBuilder::new(None);
        b.push_values(2, "a", date("2010-01-01"), 100.0, None, None).unwrap();
        assert!(b.push_values(3, "a", date("2011-02-01"), -150.0, None, None).is_err());
        b.push_values(4, "a", date("2012-01-01"), 200.0, None, None).unwrap();
        let (p, _) = make_pairs(&b.finish(), Periodicity::Annual, Dedupe::None, Filters::NONE, PairUnit::Region);
        assert_eq!((p.p0.as_slice(), p.p1.as_slice()), ([2010].as_slice(), [2012].as_slice()));
        assert!((p.y[0] - 2f64.ln()).abs() < 1e-15);
    }

    #[test]
    fn a_pair_across_two_regions_is_dropped_and_counted() {
        let mut b = SalesBuilder::new(None);
        for (line, region, day, price) in [(2, "C1", "2010-01-01", 100.0), (3, "C2", "2012-01-01", 150.0)] {
            b.push_values(line, "a", date(day), price, None, Some(region)).unwrap();
        }
        let (p, c) = make_pairs(&b.finish(), Periodicity::Annual, Dedupe::None, Filters::NONE, PairUnit::Region);
        assert_eq!((p.len(), c.cross_unit_pairs), (0, 1));
    }

    #[test]
    fn keep_highest_per_period_ties_to_earlier_line() {
        let s = sales(&[
            ("a", "2010-01-01", "100"),
            ("a", "2010-06-01", "150"),
            ("a", "2010-03-01", "150"),
            ("a", "2011-01-01", "180"),
        ]);
        let (p, c) = make_pairs(&s, Periodicity::Annual, Dedupe::KeepHighest, Filters::NONE, PairUnit::Region);
        assert_eq!(c.removed_by_dedupe, 2);
        assert_eq!(p.len(), 1);
        assert!((p.y[0] - 1.2f64.ln()).abs() < 1e-15);
        let (p, _) = make_pairs(&s, Periodicity::Annual, Dedupe::None, Filters::ALL, PairUnit::Region);
        // 2010-01 -> 2010-03 -> 2010-06 -> 2011: two same-period pairs dropped.
        assert_eq!(p.len(), 1);
    }

    #[test]
    fn own_and_sequential_counts() {
        // Same year and +50%: fails same_period and CAGR on its own; removed by same_period only.
        let s = sales(&[("a", "2010-01-01", "100"), ("a", "2010-12-01", "150"), ("a", "2015-01-01", "2000")]);
        let (p, c) = make_pairs(&s, Periodicity::Annual, Dedupe::None, Filters::ALL, PairUnit::Region);
        assert_eq!(p.len(), 0);
        let f = &c.filters;
        assert_eq!((f[0].own, f[0].sequential), (1, 1));
        assert_eq!((f[1].own, f[1].sequential), (2, 1));
        assert_eq!((f[2].own, f[2].sequential), (1, 0));
    }
}
