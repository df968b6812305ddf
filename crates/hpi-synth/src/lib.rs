//! Synthetic repeat-sales data with a known true index, for tests and
//! benchmarks of HPI Studio.
//!
//! Each tract follows its CBSA's yearly log trend plus a tract-specific drift
//! and random walk; a sale's log price is the property's quality plus its
//! tract's log level in the sale year plus noise. Prices are constant within a
//! year in expectation, so the true annual index is exact. Tract sizes vary a
//! lot (so small tracts merge into supertracts); some properties sell once,
//! some are flipped within months, a few prices are gross outliers and a few
//! rows are exact duplicates. Attributes are straight lines in time observed
//! every five years, so the engine's interpolation recovers them exactly.
#![warn(missing_docs)]

mod layout;
mod places;

pub use layout::{Area, Layout, MAX_CBSAS, MAX_NATIONAL_CBSAS, MAX_TRACTS_PER_COUNTY};

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, LogNormal, Normal, Poisson};

/// What to generate.
#[derive(Clone, Debug, PartialEq)]
pub struct SynthParams {
    /// Random seed; equal seeds give equal data.
    pub seed: u64,
    /// The CBSAs and their tracts.
    pub layout: Layout,
    /// Number of properties (each sells at least once).
    pub properties: u64,
    /// First year of sales.
    pub start_year: i32,
    /// Last year of sales.
    pub end_year: i32,
    /// Every tract follows its CBSA's index exactly and log prices carry only
    /// independent noise: no tract drift, outliers, flips or duplicates. The
    /// model the estimators' standard errors assume, for coverage tests.
    pub common_index: bool,
}

/// One generated sale.
#[derive(Clone, Debug, PartialEq)]
pub struct Sale {
    /// Property number (unique across CBSAs).
    pub property: u64,
    /// Year, month, day.
    pub date: (i32, u32, u32),
    /// Price in whole dollars.
    pub price: f64,
    /// Index into [`SynthData::tracts`].
    pub tract: usize,
}

/// One tract.
#[derive(Clone, Debug, PartialEq)]
pub struct Tract {
    /// Tract id: an 11-digit GEOID in a county of its CBSA ([`Layout::tract_id`]).
    pub id: String,
    /// CBSA code.
    pub cbsa: String,
    /// Centroid latitude.
    pub lat: f64,
    /// Centroid longitude.
    pub lon: f64,
}

/// One observed attribute row: tract index, year and the five measures
/// (units, median value, UPB, college, non-white).
pub type AttributeRow = (usize, i32, [f64; 5]);

/// Everything but the sales, which stream through a callback.
#[derive(Clone, Debug, PartialEq)]
pub struct SynthData {
    /// Tracts, CBSA by CBSA.
    pub tracts: Vec<Tract>,
    /// Observed attributes.
    pub attributes: Vec<AttributeRow>,
    /// True log level per tract and year (`start_year` first).
    pub tract_log_level: Vec<Vec<f64>>,
    /// True housing units per tract and year.
    pub units: Vec<Vec<f64>>,
}

impl SynthData {
    /// The true tract index, 100 in `base` (an offset into the years).
    pub fn tract_index(&self, tract: usize, year_offset: usize, base: usize) -> f64 {
        let l = &self.tract_log_level[tract];
        100.0 * (l[year_offset] - l[base]).exp()
    }

    /// The true unit-weighted city index per CBSA, with its code: appreciation is
    /// the `t-1` unit-weighted mean of tract log changes, chained from 100 in the
    /// first year.
    pub fn unit_weighted_city_index(&self) -> Vec<(String, Vec<f64>)> {
        let mut starts: Vec<usize> =
            (0..self.tracts.len()).filter(|&i| i == 0 || self.tracts[i].cbsa != self.tracts[i - 1].cbsa).collect();
        starts.push(self.tracts.len());
        starts
            .windows(2)
            .map(|w| {
                let (levels, units) = (&self.tract_log_level[w[0]..w[1]], &self.units[w[0]..w[1]]);
                let years = levels[0].len();
                let mut out = vec![100.0];
                for t in 1..years {
                    let total: f64 = units.iter().map(|u| u[t - 1]).sum();
                    let p: f64 = levels.iter().zip(units).map(|(l, u)| u[t - 1] / total * (l[t] - l[t - 1])).sum();
                    out.push(out[t - 1] * p.exp());
                }
                (self.tracts[w[0]].cbsa.clone(), out)
            })
            .collect()
    }
}

/// Share of sales followed by a flip a few months later.
const FLIP_SHARE: f64 = 0.03;
/// Share of sales with a grossly wrong price.
const OUTLIER_SHARE: f64 = 0.004;
/// Share of sales recorded twice.
const DUPLICATE_SHARE: f64 = 0.004;
/// Standard deviation of the log price noise of one sale.
const NOISE_SD: f64 = 0.07;

/// Generates the data; each sale goes to `sale`, in property order.
pub fn generate(params: &SynthParams, mut sale: impl FnMut(&Sale)) -> SynthData {
    assert!(params.end_year >= params.start_year && params.layout.tracts() > 0);
    let mut rng = ChaCha8Rng::seed_from_u64(params.seed);
    let years = (params.end_year - params.start_year + 1) as usize;
    let normal = |m: f64, s: f64| Normal::new(m, s).expect("valid normal");
    let mut tracts = Vec::new();
    let mut levels = Vec::new();
    let mut tract_weight = Vec::new();
    for (k, area) in params.layout.areas.iter().enumerate() {
        let cbsa = area.code.clone();
        let (clat, clon) = (rng.gen_range(30.0..47.0), rng.gen_range(-120.0..-75.0));
        let cbsa_size = LogNormal::new(0.0, 0.5).expect("valid").sample(&mut rng);
        // City trend: persistent yearly growth with booms and busts.
        let mut growth = vec![0.0; years];
        let mut g: f64 = 0.03;
        for item in growth.iter_mut().skip(1) {
            g = 0.6 * g + 0.4 * 0.03 + normal(0.0, 0.04).sample(&mut rng);
            *item = g;
        }
        for i in 0..area.tracts {
            let r = 25.0 * rng.gen::<f64>().sqrt();
            let angle = rng.gen_range(0.0..std::f64::consts::TAU);
            let lat = clat + r * angle.sin() / 111.0;
            let lon = clon + r * angle.cos() / (111.0 * clat.to_radians().cos());
            tracts.push(Tract { id: params.layout.tract_id(k, i), cbsa: cbsa.clone(), lat, lon });
            // Draws are made in every mode, so that a seed gives the same city trends either way.
            let own = if params.common_index { 0.0 } else { 1.0 };
            let drift = own * normal(0.0, 0.01).sample(&mut rng);
            let mut level = vec![0.0; years];
            for t in 1..years {
                level[t] = level[t - 1] + growth[t] + drift + own * normal(0.0, 0.015).sample(&mut rng);
            }
            levels.push(level);
            tract_weight.push(cbsa_size * LogNormal::new(0.0, 1.0).expect("valid").sample(&mut rng));
        }
    }
    // Properties per tract in proportion to the tract weights.
    let total_weight: f64 = tract_weight.iter().sum();
    let mut cumulative = Vec::with_capacity(tract_weight.len());
    let mut acc = 0.0;
    for w in &tract_weight {
        acc += w / total_weight;
        cumulative.push(acc);
    }
    let mut per_tract = vec![0u64; tracts.len()];
    for _ in 0..params.properties {
        let u: f64 = rng.gen();
        let t = cumulative.partition_point(|&c| c < u).min(tracts.len() - 1);
        per_tract[t] += 1;
    }

    let quality = normal(12.2, 0.4);
    let noise = normal(0.0, NOISE_SD);
    let span = years as f64;
    let mut property = 0u64;
    let mut times: Vec<f64> = Vec::new();
    let mut mean_quality = vec![0.0; tracts.len()];
    for (t, &count) in per_tract.iter().enumerate() {
        let tract_quality = normal(0.0, 0.3).sample(&mut rng);
        mean_quality[t] = 12.2 + tract_quality;
        for _ in 0..count {
            property += 1;
            let q = quality.sample(&mut rng) + tract_quality;
            // Holding periods vary by property: some sell once, some often.
            let rate = 1.0 / rng.gen_range(4.0..35.0);
            let n = Poisson::new(rate * span).expect("valid").sample(&mut rng) as usize;
            times.clear();
            times.extend((0..n.max(1)).map(|_| rng.gen_range(0.0..span)));
            times.sort_by(f64::total_cmp);
            let mut emit = |time: f64, markup: f64, rng: &mut ChaCha8Rng| {
                let year_offset = (time.floor() as usize).min(years - 1);
                let day_of_year = ((time - time.floor()) * 365.0) as u32;
                let (month, day) = month_day(day_of_year.min(364));
                let mut log_price = q + levels[t][year_offset] + noise.sample(rng) + markup;
                if rng.gen_bool(OUTLIER_SHARE) && !params.common_index {
                    log_price += [-1.0, 1.0].choose(rng).expect("two") * rng.gen_range(1.6..3.0);
                }
                let s = Sale {
                    property,
                    date: (params.start_year + year_offset as i32, month, day),
                    price: ((log_price.exp() / 100.0).round() * 100.0).max(100.0),
                    tract: t,
                };
                sale(&s);
                if rng.gen_bool(DUPLICATE_SHARE) && !params.common_index {
                    sale(&s);
                }
            };
            for &time in &times {
                emit(time, 0.0, &mut rng);
                if rng.gen_bool(FLIP_SHARE) && !params.common_index {
                    let resale = time + rng.gen_range(0.15..0.9);
                    if resale < span {
                        emit(resale, 0.2, &mut rng);
                    }
                }
            }
        }
    }

    // Attributes: straight lines in time, observed every five years.
    let mut units = Vec::with_capacity(tracts.len());
    let mut attributes = Vec::new();
    let observed: Vec<usize> = if years >= 8 { (2..years).step_by(5).collect() } else { (0..years).collect() };
    for t in 0..tracts.len() {
        let base = per_tract[t] as f64 * 1.3 + 20.0;
        let slope = base * rng.gen_range(0.0..0.02);
        let line: Vec<f64> = (0..years).map(|y| base + slope * y as f64).collect();
        let college_share = rng.gen_range(0.1..0.6);
        let nonwhite_share = rng.gen_range(0.05..0.7);
        for &y in &observed {
            let median = (mean_quality[t] + levels[t][y]).exp().round();
            let people = line[y] * 2.4;
            attributes.push((
                t,
                params.start_year + y as i32,
                [
                    line[y],
                    median,
                    (line[y] * median * 0.35).round(),
                    (people * college_share).round(),
                    (people * nonwhite_share).round(),
                ],
            ));
        }
        units.push(line);
    }
    SynthData { tracts, attributes, tract_log_level: levels, units }
}

fn month_day(day_of_year: u32) -> (u32, u32) {
    const DAYS: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut d = day_of_year;
    for (m, &len) in DAYS.iter().enumerate() {
        if d < len {
            return (m as u32 + 1, d + 1);
        }
        d -= len;
    }
    (12, 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> SynthParams {
        SynthParams {
            seed: 7,
            layout: Layout::uniform(2, 10),
            properties: 2000,
            start_year: 2000,
            end_year: 2012,
            common_index: false,
        }
    }

    #[test]
    fn deterministic_for_a_seed() {
        let mut a = Vec::new();
        let da = generate(&params(), |s| a.push(s.clone()));
        let mut b = Vec::new();
        let db = generate(&params(), |s| b.push(s.clone()));
        assert_eq!(a, b);
        assert_eq!(da, db);
        assert!(a.len() > 2000);
    }

    #[test]
    fn realistic_mix() {
        let mut sales = Vec::new();
        let data = generate(&params(), |s| sales.push(s.clone()));
        assert_eq!(data.tracts.len(), 20);
        let mut per_property = std::collections::HashMap::new();
        for s in &sales {
            *per_property.entry(s.property).or_insert(0) += 1;
            assert!(s.date.0 >= 2000 && s.date.0 <= 2012 && s.price >= 100.0);
        }
        let single = per_property.values().filter(|&&n| n == 1).count() as f64 / per_property.len() as f64;
        assert!((0.3..0.9).contains(&single), "single-sale share {single}");
        let index = data.unit_weighted_city_index();
        assert_eq!(index.len(), 2);
        assert_eq!((index[0].0.as_str(), index[0].1[0]), ("10180", 100.0));
    }

    #[test]
    fn calendar() {
        assert_eq!(month_day(0), (1, 1));
        assert_eq!(month_day(31), (2, 1));
        assert_eq!(month_day(364), (12, 31));
    }
}
