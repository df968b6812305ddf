//! Which CBSAs the generator makes, with how many tracts each: equal areas
//! (the benchmark of old and the tests), or a national layout whose sizes
//! follow a skewed, US-like distribution (one area with about 6 % of all
//! tracts, a long tail of small ones).

use crate::places::{BY_SIZE, METROS, STATES};

/// One generated area: its code, the counties its tracts lie in (5-digit FIPS) and its tracts.
#[derive(Clone, Debug, PartialEq)]
pub struct Area {
    /// CBSA code.
    pub code: String,
    /// Counties, taken in turn by the area's tracts.
    pub counties: Vec<String>,
    /// Tracts.
    pub tracts: u32,
}

/// The areas, in the order their tracts are generated.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// The areas.
    pub areas: Vec<Area>,
}

/// The most areas of equal size: one per real metropolitan area the generator knows.
pub const MAX_CBSAS: u32 = METROS.len() as u32;

/// The most areas of the national layout: made-up areas take a county of their own in turn
/// in each state, numbered 901, 903, … 999 (numbers no real county has).
pub const MAX_NATIONAL_CBSAS: u32 = MAX_CBSAS + STATES.len() as u32 * 50;

/// The most tracts in one county: a GEOID's tract part has six digits (`000100` to `999900`).
pub const MAX_TRACTS_PER_COUNTY: u32 = 9999;

/// The exponent of the national layout's sizes (size ∝ rank^-s): with 900 areas the largest
/// then holds about 6 % of the tracts, as the New York area holds of the country's.
const NATIONAL_EXPONENT: f64 = 0.78;

/// The smallest area of the national layout.
const NATIONAL_SMALLEST: u32 = 8;

impl Layout {
    /// `cbsas` real metropolitan areas (at most [`MAX_CBSAS`]) of `tracts` tracts each.
    pub fn uniform(cbsas: u32, tracts: u32) -> Layout {
        assert!((1..=MAX_CBSAS).contains(&cbsas), "the generator knows {MAX_CBSAS} metropolitan areas");
        let areas = METROS[..cbsas as usize]
            .iter()
            .map(|(code, counties)| Area { code: (*code).into(), counties: owned(counties), tracts })
            .collect();
        Layout::checked(areas)
    }

    /// `cbsas` areas (at most [`MAX_NATIONAL_CBSAS`]) with `mean_tracts` tracts on average,
    /// sized by rank as a country's are: the real metropolitan areas first, largest first
    /// (New York's the largest), then made-up ones with codes from 50000 (no real CBSA has
    /// one) in a county of their own, the states in turn.
    pub fn national(cbsas: u32, mean_tracts: u32) -> Layout {
        assert!((1..=MAX_NATIONAL_CBSAS).contains(&cbsas) && mean_tracts >= 1);
        let total = f64::from(cbsas) * f64::from(mean_tracts);
        let shares: Vec<f64> = (1..=cbsas).map(|rank| f64::from(rank).powf(-NATIONAL_EXPONENT)).collect();
        let sum: f64 = shares.iter().sum();
        let areas = (0..cbsas as usize)
            .map(|j| {
                let tracts = ((total * shares[j] / sum).round() as u32).max(NATIONAL_SMALLEST.min(mean_tracts));
                match BY_SIZE.get(j) {
                    Some(code) => {
                        let counties = METROS.iter().find(|(c, _)| c == code).map(|(_, c)| owned(c));
                        Area { code: (*code).into(), counties: counties.expect("BY_SIZE lists METROS"), tracts }
                    }
                    None => {
                        let n = j - BY_SIZE.len();
                        let state = STATES[n % STATES.len()];
                        let county = 901 + 2 * (n / STATES.len());
                        Area { code: format!("{}", 50_000 + n), counties: vec![format!("{state}{county:03}")], tracts }
                    }
                }
            })
            .collect();
        Layout::checked(areas)
    }

    fn checked(areas: Vec<Area>) -> Layout {
        for a in &areas {
            let most = MAX_TRACTS_PER_COUNTY as usize * a.counties.len();
            assert!(a.tracts as usize <= most, "{}: at most {most} tracts (six-digit tract numbers)", a.code);
        }
        Layout { areas }
    }

    /// All tracts.
    pub fn tracts(&self) -> usize {
        self.areas.iter().map(|a| a.tracts as usize).sum()
    }

    /// The id of tract `i` (0-based) of area `k`: an 11-digit census GEOID whose first five
    /// digits are one of the area's counties (tracts take the counties in turn) and whose last
    /// six number the tract within it (`48441000100`, …).
    pub fn tract_id(&self, k: usize, i: u32) -> String {
        let counties = &self.areas[k].counties;
        let county = &counties[i as usize % counties.len()];
        let within = i as usize / counties.len();
        format!("{county}{:06}", 100 * (within + 1))
    }
}

fn owned(counties: &[&str]) -> Vec<String> {
    counties.iter().map(|c| (*c).to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_national_layout_is_skewed_as_a_country_is() {
        let layout = Layout::national(900, 81);
        assert_eq!(layout.areas.len(), 900);
        let total = layout.tracts();
        assert!((72_000..74_000).contains(&total), "about 73,000 tracts: {total}");
        let largest = &layout.areas[0];
        assert_eq!(largest.code, "35644", "New York is the largest");
        let share = f64::from(largest.tracts) / total as f64;
        assert!((0.055..0.065).contains(&share) && (4_000..5_000).contains(&largest.tracts), "{share} {largest:?}");
        let small = layout.areas.iter().filter(|a| a.tracts <= 30).count();
        assert!(small > 300, "a long tail of small areas: {small}");
        // Ids are GEOIDs: unique, 11 digits, a real state's code first.
        let mut ids = std::collections::HashSet::new();
        for (k, a) in layout.areas.iter().enumerate() {
            for i in 0..a.tracts {
                let id = layout.tract_id(k, i);
                assert!(id.len() == 11 && id.bytes().all(|b| b.is_ascii_digit()), "{id}");
                assert!(STATES.contains(&&id[..2]), "{id}");
                assert!(ids.insert(id), "unique ids");
            }
        }
        let codes: std::collections::HashSet<&str> = layout.areas.iter().map(|a| a.code.as_str()).collect();
        assert_eq!(codes.len(), 900);
    }

    #[test]
    fn the_uniform_layout_is_the_metros_in_their_order() {
        let layout = Layout::uniform(3, 50);
        let codes: Vec<&str> = layout.areas.iter().map(|a| a.code.as_str()).collect();
        assert_eq!(codes, ["10180", "11100", "10420"]);
        assert_eq!(layout.tract_id(0, 0), "48441000100");
        assert_eq!(layout.tract_id(0, 3), "48441000200");
        assert_eq!(layout.tracts(), 150);
    }
}
