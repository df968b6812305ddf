//! Price tiers of the pooled methods: a region's pairs split by the first
//! sale's price, one index per tier (`docs/methodology.md#price-tiers`).

use crate::params::Param;
use crate::EngineError;
use serde::{Deserialize, Serialize};

/// Series and the pairs (rows) each is estimated from, in output order.
pub type SeriesRows = Vec<(String, Vec<usize>)>;

/// How a region's pairs are split into price tiers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Tiers {
    /// One index per region.
    #[default]
    None,
    /// This many tiers of equal numbers of pairs, at the quantiles of the
    /// region's first-sale prices.
    Quantiles(u32),
    /// Tiers between these first-sale prices, ascending.
    Breakpoints(Vec<f64>),
}

/// The most tiers a region may be split into.
pub const MAX_TIERS: usize = 10;

impl Tiers {
    /// Refuses a split that cannot be meant.
    pub fn check(&self) -> Result<(), EngineError> {
        let bad = |reason: String| Err(EngineError::InvalidParameter { param: Param::Tiers, reason });
        match self {
            Tiers::None => Ok(()),
            Tiers::Quantiles(k) if (2..=MAX_TIERS as u32).contains(k) => Ok(()),
            Tiers::Quantiles(k) => bad(format!("{k} tiers: give 2 to {MAX_TIERS}")),
            Tiers::Breakpoints(b) if b.is_empty() || b.len() >= MAX_TIERS => {
                bad(format!("{} breakpoints: give 1 to {}", b.len(), MAX_TIERS - 1))
            }
            Tiers::Breakpoints(b) => {
                if let Some(p) = b.iter().find(|p| !(p.is_finite() && **p > 0.0)) {
                    return bad(format!("{p} is not a price"));
                }
                if let Some(w) = b.windows(2).find(|w| w[0] >= w[1]) {
                    return bad(format!("the breakpoints must rise: {} then {}", w[0], w[1]));
                }
                Ok(())
            }
        }
    }

    /// How many tiers.
    pub fn count(&self) -> usize {
        match self {
            Tiers::None => 1,
            Tiers::Quantiles(k) => *k as usize,
            Tiers::Breakpoints(b) => b.len() + 1,
        }
    }

    /// The tiers' names, lowest first: `low`, `middle`, `high` for three
    /// quantile tiers, `low` and `high` for two, `q1`…`qk` for more; from
    /// breakpoints `under-250000`, `250000-500000`, `500000-and-over`.
    pub fn names(&self) -> Vec<String> {
        match self {
            Tiers::None => vec![String::new()],
            Tiers::Quantiles(2) => vec!["low".into(), "high".into()],
            Tiers::Quantiles(3) => vec!["low".into(), "middle".into(), "high".into()],
            Tiers::Quantiles(k) => (1..=*k).map(|q| format!("q{q}")).collect(),
            Tiers::Breakpoints(b) => {
                let mut names = vec![format!("under-{}", b[0])];
                names.extend(b.windows(2).map(|w| format!("{}-{}", w[0], w[1])));
                names.push(format!("{}-and-over", b[b.len() - 1]));
                names
            }
        }
    }

    /// The prices between tiers for a region whose first-sale prices are
    /// `sorted`: the given breakpoints, or the quantiles j/k of the prices
    /// (linear between order statistics, as numpy's and R's default).
    /// `None` when quantiles are asked of a region without pairs.
    pub fn cuts(&self, sorted: &[f64]) -> Option<Vec<f64>> {
        match self {
            Tiers::None => Some(Vec::new()),
            Tiers::Breakpoints(b) => Some(b.clone()),
            Tiers::Quantiles(_) if sorted.is_empty() => None,
            Tiers::Quantiles(k) => Some((1..*k).map(|j| quantile(sorted, f64::from(j) / f64::from(*k))).collect()),
        }
    }
}

/// The `q` quantile of sorted values, linear between order statistics.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = q * (sorted.len() - 1) as f64;
    let (lo, frac) = (h.floor() as usize, h - h.floor());
    match sorted.get(lo + 1) {
        Some(&next) => sorted[lo] + frac * (next - sorted[lo]),
        None => sorted[lo],
    }
}

/// The tier of a first-sale price: how many cuts are at or below it, so a
/// price equal to a cut goes to the tier above.
pub fn tier_of(cuts: &[f64], price: f64) -> usize {
    cuts.partition_point(|&c| c <= price)
}

/// A region's pairs (`rows`, with first-sale prices `v0`) by tier, lowest
/// first, each named `REGION/TIER`, and the cuts used (none for a region
/// without pairs split at quantiles: its tiers are all empty).
pub fn split(tiers: &Tiers, region: &str, rows: Vec<usize>, v0: &[f64]) -> (SeriesRows, Option<Vec<f64>>) {
    if *tiers == Tiers::None {
        return (vec![(region.to_owned(), rows)], None);
    }
    let mut prices: Vec<f64> = rows.iter().map(|&i| v0[i]).collect();
    prices.sort_unstable_by(f64::total_cmp);
    let cuts = tiers.cuts(&prices);
    let mut out: SeriesRows = tiers.names().into_iter().map(|name| (format!("{region}/{name}"), Vec::new())).collect();
    if let Some(cuts) = &cuts {
        for i in rows {
            out[tier_of(cuts, v0[i])].1.push(i);
        }
    }
    (out, cuts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_tiers_hold_equal_shares_and_ties_go_up() {
        let v0: Vec<f64> = (1..=9).map(|k| f64::from(k) * 100.0).collect();
        let (tiers, cuts) = split(&Tiers::Quantiles(3), "C1", (0..9).collect(), &v0);
        // Cuts at the 1/3 and 2/3 quantiles of 100..900: 366.67 and 633.33.
        let cuts = cuts.unwrap();
        assert!((cuts[0] - 1100.0 / 3.0).abs() < 1e-9 && (cuts[1] - 1900.0 / 3.0).abs() < 1e-9, "{cuts:?}");
        let names: Vec<&str> = tiers.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(names, ["C1/low", "C1/middle", "C1/high"]);
        assert_eq!(tiers.iter().map(|t| t.1.len()).collect::<Vec<_>>(), [3, 3, 3]);
        assert_eq!(tier_of(&[300.0, 600.0], 300.0), 1);
        assert_eq!(tier_of(&[300.0, 600.0], 299.0), 0);
    }

    #[test]
    fn breakpoints_name_their_prices() {
        let t = Tiers::Breakpoints(vec![250_000.0, 500_000.0]);
        assert_eq!(t.names(), ["under-250000", "250000-500000", "500000-and-over"]);
        let (tiers, _) = split(&t, "all", vec![0, 1, 2, 3], &[100_000.0, 250_000.0, 499_999.0, 2e6]);
        assert_eq!(tiers.iter().map(|t| t.1.clone()).collect::<Vec<_>>(), [vec![0], vec![1, 2], vec![3]]);
    }

    #[test]
    fn a_region_without_pairs_has_empty_tiers() {
        let (tiers, cuts) = split(&Tiers::Quantiles(2), "C9", vec![], &[]);
        assert_eq!((tiers.len(), cuts), (2, None));
        assert!(tiers.iter().all(|t| t.1.is_empty()));
    }

    #[test]
    fn splits_that_cannot_be_meant_are_refused() {
        for t in [
            Tiers::Quantiles(1),
            Tiers::Quantiles(11),
            Tiers::Breakpoints(vec![]),
            Tiers::Breakpoints(vec![5.0, 5.0]),
            Tiers::Breakpoints(vec![-1.0]),
        ] {
            assert!(t.check().is_err(), "{t:?}");
        }
        assert!(Tiers::Quantiles(3).check().is_ok() && Tiers::Breakpoints(vec![1e5]).check().is_ok());
    }
}
