//! Repeat-sales pairs: ordering, same-period dedupe, consecutive pairing and
//! the filters (`docs/methodology.md#pairs-and-filters`; the rules are
//! [`crate::filters`]').

use crate::filters::{robust_z_failures, Filters, PairFacts};
pub use crate::filters::{FilterCount, PairFilter};
use crate::params::Dedupe;
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
    /// The first sale's price `V0` (the arithmetic estimators weigh by price);
    /// empty when the pairs were made with [`PairPrices::Drop`].
    pub v0: Vec<f64>,
    /// The second sale's price `V1`; empty as `v0` is.
    pub v1: Vec<f64>,
    /// The analyst's weight of each pair (its second sale's); empty when the
    /// sales carry none.
    pub w: Vec<f64>,
}

impl Pairs {
    /// The weight of pair `i`: the analyst's, or 1.
    pub fn weight(&self, i: usize) -> f64 {
        self.w.get(i).copied().unwrap_or(1.0)
    }

    /// Room for `n` more pairs in every column (the prices' when `prices`
    /// keeps them, the weights' when `weighted`).
    pub fn reserve(&mut self, n: usize, prices: PairPrices, weighted: bool) {
        self.unit.reserve(n);
        self.p0.reserve(n);
        self.p1.reserve(n);
        self.y.reserve(n);
        if prices == PairPrices::Keep {
            self.v0.reserve(n);
            self.v1.reserve(n);
        }
        if weighted {
            self.w.reserve(n);
        }
    }

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
        // The prices and weights may be left empty; they stay so.
        let optional = |column: &[f64]| -> Vec<f64> {
            if column.is_empty() {
                Vec::new()
            } else {
                rows.iter().map(|&i| column[i]).collect()
            }
        };
        Pairs {
            unit: rows.iter().map(|&i| self.unit[i]).collect(),
            p0: rows.iter().map(|&i| self.p0[i]).collect(),
            p1: rows.iter().map(|&i| self.p1[i]).collect(),
            y: rows.iter().map(|&i| self.y[i]).collect(),
            v0: optional(&self.v0),
            v1: optional(&self.v1),
            w: optional(&self.w),
        }
    }

    /// ln(predicted) − ln(actual) of pair `i`'s second price, predicted from its
    /// first with the log index `levels` (by period): ln I(t₂) − ln I(t₁) − ln(P₂/P₁);
    /// `None` when either period has no value.
    pub fn log_error(&self, i: usize, levels: &std::collections::HashMap<i32, f64>) -> Option<f64> {
        Some(levels.get(&self.p1[i])? - levels.get(&self.p0[i])? - self.y[i])
    }
}

/// Counts from sales to pairs, for the quality report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// Whether pairs keep their two prices. The pooled arithmetic estimators, price
/// tiers and the order of the bootstrap's draws need them; RSAI's regressions
/// do not, and at 100 million sales the two columns are a gigabyte at the
/// run's peak (the sales, their sort keys and the pairs are all held then).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PairPrices {
    /// `v0` and `v1` filled.
    Keep,
    /// `v0` and `v1` left empty.
    Drop,
}

/// Forms filtered consecutive pairs from sales.
pub fn make_pairs(
    sales: &Sales,
    periodicity: Periodicity,
    dedupe: Dedupe,
    filters: Filters,
    unit: PairUnit,
    prices: PairPrices,
) -> (Pairs, PairCounts) {
    // Sorted by property and date; sales of one property on one date (rare) are put in
    // price order below. Sixteen bytes a sale instead of twenty-four with the price in the
    // key: 0.8 GB less to sort and hold at 100 million sales.
    let mut order: Vec<(u64, u32)> = (0..sales.len())
        .map(|i| ((u64::from(sales.property[i]) << 32) | u64::from(sales.date[i].packed()), i as u32))
        .collect();
    order.par_sort_unstable();

    let per_year = periodicity.per_year();
    let unit_of = |row: usize| match unit {
        PairUnit::Tract => sales.tract[row],
        PairUnit::Region => sales.region[row],
    };
    let listed = filters.listed();
    let rules = filters.rules();
    let mut counts =
        PairCounts { sales: sales.len() as u64, properties: sales.properties as u64, ..Default::default() };
    let mut own = [0u64; 8];
    let mut sequential = [0u64; 8];
    let mut pairs = Pairs::default();
    // At most one pair per sale after a property's first: reserved once, the columns are
    // not copied as they grow (each copy of a column of 65 million pairs is half a gigabyte).
    pairs.reserve(sales.len().saturating_sub(sales.properties), prices, !sales.weight.is_empty());
    let mut kept: Vec<usize> = Vec::new();
    // The robust z-score judges a pair among its peers, so it runs once all
    // pairs are formed: on every candidate for its own count, and on those the
    // other filters kept for the sequential one.
    let judge_z = filters.robust_z.is_some();
    let mut z_candidates = ZCandidates::default();
    let mut z_kept = ZCandidates::default();

    let mut start = 0;
    while start < order.len() {
        let property = order[start].0 >> 32;
        let mut end = start + 1;
        while end < order.len() && order[end].0 >> 32 == property {
            end += 1;
        }
        kept.clear();
        let group = &mut order[start..end];
        if group.windows(2).any(|w| w[0].0 == w[1].0) {
            // Positive finite prices: bit order equals numeric order; then the row.
            group.sort_unstable_by_key(|&(key, row)| (key, sales.price[row as usize].to_bits(), row));
        }
        let group = &*group;
        match dedupe {
            Dedupe::None => kept.extend(group.iter().map(|k| k.1 as usize)),
            Dedupe::KeepHighest => {
                let mut i = 0;
                while i < group.len() {
                    let period = periodicity.of_date(sales.date[group[i].1 as usize]);
                    let mut best = group[i].1 as usize;
                    let mut j = i + 1;
                    while j < group.len() && periodicity.of_date(sales.date[group[j].1 as usize]) == period {
                        let row = group[j].1 as usize;
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
            let facts = PairFacts {
                gap_periods: p1 - p0,
                per_year,
                d0: sales.date[r0],
                d1: sales.date[r1],
                v0: sales.price[r0],
                v1: sales.price[r1],
                y,
            };
            let bits = rules.failed(&facts);
            let mut dropped = false;
            for &(filter, enabled) in &listed {
                if bits & filter.bit() != 0 {
                    own[filter as usize] += 1;
                    if enabled && !dropped {
                        sequential[filter as usize] += 1;
                        dropped = true;
                    }
                }
            }
            if judge_z {
                let key = z_group(sales.region[r1], p1);
                let annual = y / filters.years(facts.gap_periods, per_year, facts.d0, facts.d1);
                z_candidates.push(key, annual);
                if !dropped {
                    z_kept.push(key, annual);
                }
            }
            if !dropped {
                pairs.unit.push(u);
                pairs.p0.push(p0);
                pairs.p1.push(p1);
                pairs.y.push(y);
                if prices == PairPrices::Keep {
                    pairs.v0.push(facts.v0);
                    pairs.v1.push(facts.v1);
                }
                if !sales.weight.is_empty() {
                    pairs.w.push(sales.weight[r1]);
                }
            }
        }
        start = end;
    }
    if let Some(bound) = filters.robust_z {
        let z = PairFilter::RobustZ as usize;
        own[z] =
            robust_z_failures(&z_candidates.group, &z_candidates.annual, bound).iter().filter(|&&f| f).count() as u64;
        let failed = robust_z_failures(&z_kept.group, &z_kept.annual, bound);
        sequential[z] = failed.iter().filter(|&&f| f).count() as u64;
        pairs = pairs.rows(&(0..pairs.len()).filter(|&i| !failed[i]).collect::<Vec<_>>());
    }
    counts.filters = listed
        .iter()
        .map(|&(filter, enabled)| FilterCount {
            filter,
            enabled,
            own: own[filter as usize],
            sequential: sequential[filter as usize],
        })
        .collect();
    counts.pairs = pairs.len() as u64;
    debug_assert!(pairs.unit.iter().all(|&u| unit == PairUnit::Region || u != NONE));
    (pairs, counts)
}

/// The robust z-score's peers: the region of the second sale and its period.
fn z_group(region: u32, period: i32) -> u64 {
    (u64::from(region) << 32) | u64::from(period as u32)
}

/// Pairs waiting for the robust z-score: their peer group and annualised log return.
#[derive(Default)]
struct ZCandidates {
    group: Vec<u64>,
    annual: Vec<f64>,
}

impl ZCandidates {
    fn push(&mut self, group: u64, annual: f64) {
        self.group.push(group);
        self.annual.push(annual);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::SalesBuilder;

    fn date(text: &str) -> crate::Date {
        crate::Date::parse_iso(text).unwrap()
    }

    /// Annual pairs of every sale: no dedupe, no filters, by region, prices kept.
    fn plain_pairs(sales: &Sales) -> (Pairs, PairCounts) {
        make_pairs(sales, Periodicity::Annual, Dedupe::None, Filters::NONE, PairUnit::Region, PairPrices::Keep)
    }

    fn sales(rows: &[(&str, &str, &str)]) -> Sales {
        let mut b = SalesBuilder::new(None);
        for (i, (p, d, v)) in rows.iter().enumerate() {
            b.push_values(i as u64 + 2, p, date(d), v.parse().unwrap(), None, None).unwrap();
        }
        b.finish()
    }

    #[test]
    fn consecutive_pairs_in_date_price_line_order() {
        let s = sales(&[
            ("a", "2012-05-01", "300"),
            ("a", "2010-01-01", "100"),
            ("b", "2011-01-01", "50"),
            ("a", "2011-03-01", "200"),
        ]);
        let (p, c) = plain_pairs(&s);
        assert_eq!(p.p0, vec![2010, 2011]);
        assert_eq!(p.p1, vec![2011, 2012]);
        assert!((p.y[0] - 2f64.ln()).abs() < 1e-15);
        assert_eq!(c.candidate_pairs, 2);
        assert_eq!(c.single_sale_properties, 1);
    }

    #[test]
    fn sales_of_one_day_pair_in_price_order_whatever_the_input_order() {
        let s = sales(&[("a", "2011-01-01", "300"), ("a", "2010-06-01", "120"), ("a", "2010-06-01", "100")]);
        let (p, _) = plain_pairs(&s);
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
        let (p, _) = plain_pairs(&b.finish());
        assert_eq!((p.p0.as_slice(), p.p1.as_slice()), ([2010].as_slice(), [2012].as_slice()));
        assert!((p.y[0] - 2f64.ln()).abs() < 1e-15);
    }

    #[test]
    fn a_pair_across_two_regions_is_dropped_and_counted() {
        let mut b = SalesBuilder::new(None);
        for (line, region, day, price) in [(2, "C1", "2010-01-01", 100.0), (3, "C2", "2012-01-01", 150.0)] {
            b.push_values(line, "a", date(day), price, None, Some(region)).unwrap();
        }
        let (p, c) = plain_pairs(&b.finish());
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
        let (p, c) =
            make_pairs(&s, Periodicity::Annual, Dedupe::KeepHighest, Filters::NONE, PairUnit::Region, PairPrices::Keep);
        assert_eq!(c.removed_by_dedupe, 2);
        assert_eq!(p.len(), 1);
        assert!((p.y[0] - 1.2f64.ln()).abs() < 1e-15);
        let (p, _) =
            make_pairs(&s, Periodicity::Annual, Dedupe::None, Filters::ALL, PairUnit::Region, PairPrices::Keep);
        // 2010-01 -> 2010-03 -> 2010-06 -> 2011: two same-period pairs dropped.
        assert_eq!(p.len(), 1);
    }

    #[test]
    fn own_and_sequential_counts() {
        // Same year and +50%: fails same_period and CAGR on its own; removed by same_period only.
        let s = sales(&[("a", "2010-01-01", "100"), ("a", "2010-12-01", "150"), ("a", "2015-01-01", "2000")]);
        let (p, c) =
            make_pairs(&s, Periodicity::Annual, Dedupe::None, Filters::ALL, PairUnit::Region, PairPrices::Keep);
        assert_eq!(p.len(), 0);
        let f = &c.filters;
        assert_eq!((f[0].own, f[0].sequential), (1, 1));
        assert_eq!((f[1].own, f[1].sequential), (2, 1));
        assert_eq!((f[2].own, f[2].sequential), (1, 0));
    }

    #[test]
    fn every_filter_counts_and_the_counts_add_up() {
        // One property per case, quarterly periods, in region C1 unless said.
        let mut b = SalesBuilder::new(None);
        let mut line = 2;
        let mut sell = |house: &str, day: &str, price: f64, region: &str| {
            b.push_values(line, house, date(day), price, None, Some(region)).unwrap();
            line += 1;
        };
        // Kept by every filter: +4 % over two years; peers for the z-score.
        for (k, house) in ["k1", "k2", "k3", "k4", "k5"].iter().enumerate() {
            sell(house, "2010-01-10", 100_000.0, "C1");
            sell(house, "2012-02-10", 104_000.0 + 1_000.0 * k as f64, "C1");
        }
        // Five months: fails a 6-month minimum (and the same-period rule, off here).
        sell("hold", "2011-09-15", 100_000.0, "C1");
        sell("hold", "2012-02-14", 101_000.0, "C1");
        sell("cagr", "2010-01-10", 100_000.0, "C1"); // doubles in two years
        sell("cagr", "2012-02-10", 200_000.0, "C1");
        sell("ratio", "1990-01-10", 100_000.0, "C1"); // ×12 in 22 years: ratio, not CAGR
        sell("ratio", "2012-02-10", 1_200_000.0, "C1");
        sell("cheap", "2010-01-10", 5_000.0, "C1"); // below the floor
        sell("cheap", "2012-02-10", 5_300.0, "C1");
        sell("zout", "2010-01-10", 100_000.0, "C1"); // +25 % in two years: within CAGR, far from peers
        sell("zout", "2012-02-10", 125_000.0, "C1");
        sell("cross", "2010-01-10", 100_000.0, "C1"); // moves region: dropped before any filter
        sell("cross", "2012-02-10", 104_000.0, "C2");
        let sales = b.finish();
        let filters = Filters {
            same_period: false,
            min_holding_months: Some(6),
            price_floor: Some(10_000.0),
            robust_z: Some(3.5),
            ..Filters::ALL
        };
        let (p, c) =
            make_pairs(&sales, Periodicity::Quarterly, Dedupe::None, filters, PairUnit::Region, PairPrices::Keep);
        let by_name = |name: &str| c.filters.iter().find(|f| f.filter.name() == name).unwrap().clone();
        let names: Vec<&str> = c.filters.iter().map(|f| f.filter.name()).collect();
        assert_eq!(names, ["same_period", "holding_period", "cagr", "ratio", "price", "robust_z"]);
        for name in &names[1..] {
            assert_eq!(by_name(name).sequential, 1, "{name}: {c:?}");
        }
        assert_eq!((by_name("same_period").own, by_name("same_period").sequential), (1, 0));
        // The doubling and the ×12 are far from their peers too.
        assert_eq!(by_name("robust_z").own, 3);
        assert_eq!((c.candidate_pairs, c.cross_unit_pairs, p.len()), (11, 1, 5));
        let dropped: u64 = c.filters.iter().map(|f| f.sequential).sum();
        assert_eq!(c.candidate_pairs, c.cross_unit_pairs + dropped + c.pairs);
        assert!(p.y.iter().all(|&y| y < 0.1), "only the five kept pairs remain");
        // Without the optional filters the list is the paper's three, as before.
        let (_, c) =
            make_pairs(&sales, Periodicity::Quarterly, Dedupe::None, Filters::ALL, PairUnit::Region, PairPrices::Keep);
        assert_eq!(c.filters.len(), 3);
    }
}
