//! The arithmetic repeat-sales estimators: value-weighted (Shiller 1991,
//! `ars`) and interval- and value-weighted (the Case-Shiller estimator,
//! `cs`), solved by instrumental variables
//! (`docs/methodology.md#arithmetic-repeat-sales`).
//!
//! With βₜ = 1/Iₜ, each pair (P₁ at t₁ < P₂ at t₂) says β(t₂)P₂ − β(t₁)P₁ ≈ 0,
//! instrumented by +1 at t₂ and −1 at t₁. ZᵀWX and ZᵀWY need, per pair of
//! periods, only the (weighted) sums of first and second prices, so the
//! system is built from cells like BMN's; it is not symmetric, so it is
//! solved by LU, one connected component at a time with its first period's β
//! fixed at 1.

use crate::bmn::{components, NO_COMPONENT};
use nalgebra::{DMatrix, DVector};

/// Pairs between two periods: their (weighted) count and summed prices.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PriceCell {
    /// First-sale period offset.
    pub a: u32,
    /// Second-sale period offset.
    pub b: u32,
    /// Summed weights of the pairs.
    pub n: f64,
    /// Σ w·P₁.
    pub first: f64,
    /// Σ w·P₂.
    pub second: f64,
}

/// Aggregates `(a, b, p1, p2, u)`, u the pair's weight, into cells ordered
/// by `(a, b)`; the sort is stable, so sums are added in input order.
pub fn price_cells(pairs: &mut [(u32, u32, f64, f64, f64)]) -> Vec<PriceCell> {
    pairs.sort_by_key(|t| (t.0, t.1));
    let mut cells: Vec<PriceCell> = Vec::new();
    for &(a, b, p1, p2, u) in pairs.iter() {
        match cells.last_mut() {
            Some(c) if c.a == a && c.b == b => {
                c.n += u;
                c.first += u * p1;
                c.second += u * p2;
            }
            _ => cells.push(PriceCell { a, b, n: u, first: u * p1, second: u * p2 }),
        }
    }
    cells
}

/// Why a period of an arithmetic index has no value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoValue {
    /// No pair touches the period.
    NoPairs,
    /// The IV system of its component is singular or nearly so.
    Singular,
    /// Its estimated βₜ is not positive, so 1/βₜ is no index.
    NotPositive,
}

impl NoValue {
    /// The reason in the quality report.
    pub fn reason(self) -> &'static str {
        match self {
            NoValue::NoPairs => "no pairs in this period",
            NoValue::Singular => {
                "the arithmetic estimator's system is singular or nearly so for this period's chain of pairs"
            }
            NoValue::NotPositive => "the arithmetic estimate is not positive (β ≤ 0)",
        }
    }
}

/// The arithmetic fit: per period its log index −ln βₜ relative to its
/// component's first period, or why there is none.
#[derive(Clone, Debug, PartialEq)]
pub struct ArithmeticSolution {
    /// −ln βₜ per period.
    pub level: Vec<Result<f64, NoValue>>,
    /// Component per period (its smallest period), or [`NO_COMPONENT`].
    pub component: Vec<u32>,
}

impl ArithmeticSolution {
    /// ln I(b) − ln I(a) when both have values in one component.
    pub fn change(&self, a: usize, b: usize) -> Option<f64> {
        let c = self.component[a];
        if c == NO_COMPONENT || c != self.component[b] {
            return None;
        }
        Some(self.level[b].ok()? - self.level[a].ok()?)
    }
}

/// Above this 1-norm condition number the system is "nearly singular": the
/// solution would carry fewer than about four correct digits.
pub const MAX_CONDITION: f64 = 1e12;

/// Solves β = (ZᵀWX)⁻¹ZᵀWY over `periods` periods, the weights already in
/// the cells. Cells with `a == b` or no weight say nothing and are skipped.
pub fn solve(periods: usize, cells: &[PriceCell]) -> ArithmeticSolution {
    let useful: Vec<&PriceCell> = cells.iter().filter(|c| c.a != c.b && c.n > 0.0).collect();
    let component = components(periods, useful.iter().map(|c| (c.a, c.b)));
    let mut level: Vec<Result<f64, NoValue>> =
        (0..periods).map(|p| if component[p] == NO_COMPONENT { Err(NoValue::NoPairs) } else { Ok(0.0) }).collect();
    let mut roots: Vec<u32> = component.iter().copied().filter(|&c| c != NO_COMPONENT).collect();
    roots.sort_unstable();
    roots.dedup();
    for root in roots {
        let members: Vec<usize> = (0..periods).filter(|&p| component[p] == root && p != root as usize).collect();
        let mut slot = vec![usize::MAX; periods];
        for (k, &p) in members.iter().enumerate() {
            slot[p] = k;
        }
        let m = members.len();
        let mut matrix = DMatrix::<f64>::zeros(m, m);
        let mut rhs = DVector::<f64>::zeros(m);
        for c in useful.iter().filter(|c| component[c.a as usize] == root) {
            let (sa, sb) = (slot[c.a as usize], slot[c.b as usize]);
            // Z row: +1 at b, −1 at a; X row: +P₂ at b, −P₁ at a.
            if sb != usize::MAX {
                matrix[(sb, sb)] += c.second;
                if sa != usize::MAX {
                    matrix[(sb, sa)] -= c.first;
                } else {
                    rhs[sb] += c.first; // β(root) = 1 moves to the right-hand side
                }
            }
            if sa != usize::MAX {
                matrix[(sa, sa)] += c.first;
                if sb != usize::MAX {
                    matrix[(sa, sb)] -= c.second;
                }
            }
        }
        let beta = well_conditioned_solve(&matrix, &rhs);
        for (k, &p) in members.iter().enumerate() {
            level[p] = match &beta {
                None => Err(NoValue::Singular),
                Some(b) if b[k] > 0.0 && b[k].is_finite() => Ok(-b[k].ln()),
                Some(_) => Err(NoValue::NotPositive),
            };
        }
        if beta.is_none() {
            level[root as usize] = Err(NoValue::Singular);
        }
    }
    ArithmeticSolution { level, component }
}

/// `A⁻¹b`, or `None` when A is singular or its 1-norm condition number is above [`MAX_CONDITION`].
fn well_conditioned_solve(a: &DMatrix<f64>, b: &DVector<f64>) -> Option<DVector<f64>> {
    if a.is_empty() {
        return Some(DVector::zeros(0));
    }
    let inverse = a.clone().lu().try_inverse()?;
    let norm1 = |m: &DMatrix<f64>| m.column_iter().map(|c| c.iter().map(|x| x.abs()).sum::<f64>()).fold(0.0, f64::max);
    let condition = norm1(a) * norm1(&inverse);
    (condition.is_finite() && condition <= MAX_CONDITION).then(|| inverse * b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_prices_give_the_true_index_whatever_the_values() {
        // True index 1, 1.1, 1.3 (β = 1/I); houses of very different values.
        let index = [1.0, 1.1, 1.3];
        let mut pairs = vec![];
        for (a, b, value) in [(0u32, 1u32, 100.0), (1, 2, 900.0), (0, 2, 50.0), (0, 1, 400.0)] {
            pairs.push((a, b, value * index[a as usize], value * index[b as usize], 1.0));
        }
        let s = solve(3, &price_cells(&mut pairs));
        for (p, want) in index.iter().enumerate() {
            assert!((s.level[p].unwrap() - want.ln()).abs() < 1e-14, "{p}: {:?}", s.level[p]);
        }
    }

    #[test]
    fn the_value_weighted_mean_of_one_edge_is_a_ratio_of_sums() {
        // One pair of periods: β₁ = ΣP₁/ΣP₂, so the index is the ratio of summed prices.
        let s = solve(2, &price_cells(&mut [(0, 1, 100.0, 120.0, 1.0), (0, 1, 300.0, 310.0, 1.0)]));
        assert!((s.level[1].unwrap() - (430.0f64 / 400.0).ln()).abs() < 1e-15);
    }

    #[test]
    fn periods_without_pairs_and_singular_systems_have_reasons() {
        let s = solve(4, &price_cells(&mut [(0, 1, 100.0, 120.0, 1.0), (2, 2, 1.0, 1.0, 1.0)]));
        assert_eq!(s.level[2], Err(NoValue::NoPairs));
        assert_eq!(s.level[3], Err(NoValue::NoPairs));
        assert_eq!(s.change(0, 3), None);
        // Weights of zero make a system with no information: singular, never garbage.
        let cells = [
            PriceCell { a: 0, b: 1, n: 1.0, first: 1.0, second: 1.0 },
            PriceCell { a: 1, b: 2, n: 1.0, first: 1e-30, second: 1e-30 },
        ];
        let s = solve(3, &cells);
        assert_eq!(s.level[2], Err(NoValue::Singular));
    }
}
