//! Bailey-Muth-Nourse least squares from sufficient statistics.
//!
//! The normal matrix of BMN is the Laplacian of the multigraph whose nodes are
//! periods and whose edges are pairs, so a fit needs only, per pair of
//! periods, the (weighted) count of pairs and the sum of their log relatives.
//! Each connected component is solved with its smallest period fixed at 0.

use crate::EngineError;
use nalgebra::{DMatrix, DVector};

/// Pairs between two periods: `a` first sale, `b` second sale (offsets into the
/// system's periods), their count and their summed log relatives.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cell {
    /// First-sale period offset.
    pub a: u32,
    /// Second-sale period offset.
    pub b: u32,
    /// Number of pairs (or their summed weights).
    pub n: f64,
    /// Sum of log relatives (or of weighted log relatives).
    pub sum: f64,
}

/// Aggregates `(a, b, y)` triples into cells ordered by `(a, b)`, leaving the
/// triples sorted. The sort is stable, so sums are added in input order.
pub fn cells_of(triples: &mut [(u32, u32, f64)]) -> Vec<Cell> {
    triples.sort_by_key(|t| (t.0, t.1));
    let mut cells: Vec<Cell> = Vec::new();
    for &(a, b, y) in triples.iter() {
        match cells.last_mut() {
            Some(c) if c.a == a && c.b == b => {
                c.n += 1.0;
                c.sum += y;
            }
            _ => cells.push(Cell { a, b, n: 1.0, sum: y }),
        }
    }
    cells
}

/// Aggregates `(a, b, y, u)` quadruples, u the pair's weight, into cells
/// ordered by `(a, b)` with `n` = Σu and `sum` = Σuy, leaving them sorted.
/// With every u = 1 the cells are [`cells_of`]'s to the last bit.
pub fn weighted_cells_of(quads: &mut [(u32, u32, f64, f64)]) -> Vec<Cell> {
    quads.sort_by_key(|q| (q.0, q.1));
    cells_of_sorted(quads.iter().copied())
}

/// Cells of `(a, b, y, u)` already ordered by `(a, b)`: `n` = Σu, `sum` = Σuy.
pub fn cells_of_sorted(quads: impl Iterator<Item = (u32, u32, f64, f64)>) -> Vec<Cell> {
    let mut cells: Vec<Cell> = Vec::new();
    for (a, b, y, u) in quads {
        match cells.last_mut() {
            Some(c) if c.a == a && c.b == b => {
                c.n += u;
                c.sum += u * y;
            }
            _ => cells.push(Cell { a, b, n: u, sum: u * y }),
        }
    }
    cells
}

/// Marks a period that no pair touches.
pub const NO_COMPONENT: u32 = u32::MAX;

/// The estimated log index per period, and which connected component each
/// period belongs to.
#[derive(Clone, Debug, PartialEq)]
pub struct Solution {
    /// Log index per period; 0 at each component's smallest period and for
    /// periods without pairs.
    pub delta: Vec<f64>,
    /// Component per period (its smallest period), or [`NO_COMPONENT`].
    pub component: Vec<u32>,
}

impl Solution {
    /// `delta(b) - delta(a)` when both periods are joined by a chain of pairs.
    pub fn change(&self, a: usize, b: usize) -> Option<f64> {
        let c = self.component[a];
        (c != NO_COMPONENT && c == self.component[b]).then(|| self.delta[b] - self.delta[a])
    }
}

fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        let up = parent[parent[x as usize] as usize];
        parent[x as usize] = up;
        x = up;
    }
    x
}

/// Components of the period graph: per period its smallest member period, or
/// [`NO_COMPONENT`] when no edge touches it.
pub fn components(periods: usize, edges: impl IntoIterator<Item = (u32, u32)>) -> Vec<u32> {
    let mut parent: Vec<u32> = (0..periods as u32).collect();
    let mut touched = vec![false; periods];
    for (a, b) in edges {
        touched[a as usize] = true;
        touched[b as usize] = true;
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        // The smaller root wins, so a root is its component's smallest period.
        if ra < rb {
            parent[rb as usize] = ra;
        } else if rb < ra {
            parent[ra as usize] = rb;
        }
    }
    (0..periods as u32).map(|p| if touched[p as usize] { find(&mut parent, p) } else { NO_COMPONENT }).collect()
}

/// The (weighted) BMN normal equations of `cells` over `periods` periods,
/// each component's smallest period fixed at 0. Cells with `a == b` or zero
/// weight carry no information and are left out.
pub(crate) struct Normal {
    /// Component per period (see [`components`]).
    pub component: Vec<u32>,
    /// Row of each free period in the system, `usize::MAX` for fixed ones.
    pub slot: Vec<usize>,
    /// `XᵀWX` over the free periods.
    pub matrix: DMatrix<f64>,
    /// `XᵀWy` over the free periods.
    pub rhs: DVector<f64>,
}

/// Whether a cell says anything about the index.
pub(crate) fn informative(c: &Cell) -> bool {
    c.a != c.b && c.n > 0.0
}

impl Normal {
    pub(crate) fn of(periods: usize, cells: &[Cell]) -> Normal {
        let useful = || cells.iter().filter(|c| informative(c));
        let component = components(periods, useful().map(|c| (c.a, c.b)));
        // Free periods: touched and not their component's smallest.
        let mut slot = vec![usize::MAX; periods];
        let mut free = 0;
        for p in 0..periods {
            if component[p] != NO_COMPONENT && component[p] != p as u32 {
                slot[p] = free;
                free += 1;
            }
        }
        let mut matrix = DMatrix::<f64>::zeros(free, free);
        let mut rhs = DVector::<f64>::zeros(free);
        for c in useful() {
            let (sa, sb) = (slot[c.a as usize], slot[c.b as usize]);
            if sa != usize::MAX {
                matrix[(sa, sa)] += c.n;
                rhs[sa] -= c.sum;
            }
            if sb != usize::MAX {
                matrix[(sb, sb)] += c.n;
                rhs[sb] += c.sum;
            }
            if sa != usize::MAX && sb != usize::MAX {
                matrix[(sa, sb)] -= c.n;
                matrix[(sb, sa)] -= c.n;
            }
        }
        Normal { component, slot, matrix, rhs }
    }
}

/// Solves the (weighted) BMN normal equations over `periods` periods. Cells
/// with `a == b` or zero weight carry no information and are skipped. `what`
/// names the system in an error.
pub fn solve(periods: usize, cells: &[Cell], what: &str) -> Result<Solution, EngineError> {
    Ok(factored(periods, cells, what)?.0)
}

/// [`solve`], also giving what the fit's covariance needs: each period's row
/// in the system (`usize::MAX` for fixed periods) and the Cholesky factor L
/// of XᵀWX.
pub(crate) fn factored(
    periods: usize,
    cells: &[Cell],
    what: &str,
) -> Result<(Solution, Vec<usize>, DMatrix<f64>), EngineError> {
    let Normal { component, slot, matrix, rhs } = Normal::of(periods, cells);
    let mut delta = vec![0.0; periods];
    let factor = if rhs.is_empty() {
        DMatrix::zeros(0, 0)
    } else {
        let chol = matrix.cholesky().ok_or_else(|| EngineError::Singular(what.to_owned()))?;
        let x = chol.solve(&rhs);
        // Overflowing weights or sums solve to infinities or NaN rather than
        // failing the factorisation: such a system is as unusable as a singular one.
        if !x.iter().all(|v| v.is_finite()) {
            return Err(EngineError::Singular(what.to_owned()));
        }
        for p in 0..periods {
            if slot[p] != usize::MAX {
                delta[p] = x[slot[p]];
            }
        }
        chol.unpack()
    };
    Ok((Solution { delta, component }, slot, factor))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_fit_of_consistent_pairs() {
        // True deltas 0, 0.1, 0.25, 0.05.
        let d = [0.0, 0.1, 0.25, 0.05];
        let mut t = vec![];
        for (a, b) in [(0, 1), (1, 2), (0, 2), (2, 3), (0, 3), (1, 3)] {
            t.push((a, b, d[b as usize] - d[a as usize]));
        }
        let cells = cells_of(&mut t);
        let s = solve(4, &cells, "test").unwrap();
        for (got, want) in s.delta.iter().zip(d) {
            assert!((got - want).abs() < 1e-14);
        }
    }

    #[test]
    fn least_squares_average_of_a_single_edge() {
        let cells = cells_of(&mut [(0, 1, 0.1), (0, 1, 0.3)]);
        let s = solve(2, &cells, "test").unwrap();
        assert!((s.delta[1] - 0.2).abs() < 1e-15);
    }

    #[test]
    fn components_are_reported() {
        // Periods 0-1 joined, 2 empty, 3-4 joined.
        let cells = cells_of(&mut [(0, 1, 0.1), (3, 4, 0.2)]);
        let s = solve(5, &cells, "test").unwrap();
        assert_eq!(s.component, vec![0, 0, NO_COMPONENT, 3, 3]);
        assert_eq!(s.change(0, 1), Some(0.1));
        assert!((s.change(3, 4).unwrap() - 0.2).abs() < 1e-15);
        assert_eq!(s.change(1, 3), None);
        assert_eq!(s.change(1, 2), None);
    }
}
