//! Tract attributes by year: straight-line interpolation between observed
//! years and the nearest trend continued outside them (`docs/methodology.md#estimation-and-aggregation`).

use crate::table::{Attribute, Attributes};

/// Each tract's observations of each attribute, sorted by year.
pub struct AttributeSeries {
    /// `[tract][attribute]` -> (year, value), first observation of a year wins.
    obs: Vec<[Vec<(i32, f64)>; 5]>,
}

impl AttributeSeries {
    /// Groups observed rows by tract and attribute.
    pub fn new(attributes: &Attributes, tracts: usize) -> Self {
        let mut obs: Vec<[Vec<(i32, f64)>; 5]> = (0..tracts).map(|_| Default::default()).collect();
        for (tract, year, values) in &attributes.rows {
            for (k, v) in values.iter().enumerate() {
                if let Some(v) = v {
                    obs[*tract as usize][k].push((*year, *v));
                }
            }
        }
        for per_tract in &mut obs {
            for series in per_tract.iter_mut() {
                // Stable: among rows of one year the first stays first.
                series.sort_by_key(|o| o.0);
                series.dedup_by_key(|o| o.0);
            }
        }
        AttributeSeries { obs }
    }

    /// Whether the tract has at least one observation of the attribute.
    pub fn observed(&self, tract: u32, attribute: Attribute) -> bool {
        !self.obs[tract as usize][slot(attribute)].is_empty()
    }

    /// The attribute's value for the tract in `year`; 0 without observations.
    pub fn value(&self, tract: u32, attribute: Attribute, year: i32) -> f64 {
        interpolate(&self.obs[tract as usize][slot(attribute)], year)
    }

    /// True when some observed value of the tract's attribute is positive.
    pub fn any_positive(&self, tract: u32, attribute: Attribute) -> bool {
        self.obs[tract as usize][slot(attribute)].iter().any(|o| o.1 > 0.0)
    }
}

fn slot(attribute: Attribute) -> usize {
    Attribute::ALL.iter().position(|&a| a == attribute).expect("listed")
}

/// Straight line through observations sorted by distinct year; outside the
/// observed range the line through the two nearest observations, clipped at 0.
pub fn interpolate(obs: &[(i32, f64)], year: i32) -> f64 {
    match obs {
        [] => 0.0,
        [(_, v)] => *v,
        _ => {
            let i = match obs.binary_search_by_key(&year, |o| o.0) {
                Ok(i) => return obs[i].1,
                Err(i) => i.clamp(1, obs.len() - 1),
            };
            let ((y0, v0), (y1, v1)) = (obs[i - 1], obs[i]);
            let v = v0 + (v1 - v0) * f64::from(year - y0) / f64::from(y1 - y0);
            v.max(0.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolation_rules() {
        let obs = [(2000, 100.0), (2010, 200.0), (2020, 150.0)];
        assert_eq!(interpolate(&obs, 2000), 100.0);
        assert_eq!(interpolate(&obs, 2005), 150.0);
        assert_eq!(interpolate(&obs, 2015), 175.0);
        // Before the first: line through 2000 and 2010.
        assert_eq!(interpolate(&obs, 1990), 0.0);
        assert_eq!(interpolate(&obs, 1995), 50.0);
        assert_eq!(interpolate(&obs, 1980), 0.0); // clipped
                                                  // After the last: line through 2010 and 2020.
        assert_eq!(interpolate(&obs, 2030), 100.0);
        assert_eq!(interpolate(&obs, 2060), 0.0); // clipped
        assert_eq!(interpolate(&[(2000, 7.0)], 1900), 7.0);
        assert_eq!(interpolate(&[], 2000), 0.0);
    }

    #[test]
    fn first_row_of_a_year_wins() {
        let a = Attributes {
            rows: vec![(0, 2000, [Some(1.0), None, None, None, None]), (0, 2000, [Some(9.0), None, None, None, None])],
        };
        let s = AttributeSeries::new(&a, 1);
        assert_eq!(s.value(0, Attribute::Units, 2000), 1.0);
        assert!(!s.observed(0, Attribute::Upb));
    }
}
