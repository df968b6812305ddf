//! The picture of a project's data before any run: sales and repeat pairs
//! per year (in all and per CBSA) and each tract's half-pairs per year, the
//! coverage RSAI's supertracts answer to.
//!
//! Pairs are formed as an RSAI run with the default filters forms them
//! (annual periods, every sale kept, pairs within one tract), so the
//! half-pairs here are those a default run starts from. Computing reads
//! every sale; the result is kept in the project under its inputs'
//! fingerprint, so a project opened again shows it at once.

use crate::UsecaseError;
use hpi_engine::pairs::{make_pairs, PairPrices, PairUnit};
use hpi_engine::NONE;
use hpi_engine::{Dedupe, Filters, Method, Periodicity};
use hpi_store::Project;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Sales and pairs of one CBSA (or of all) per year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearCounts {
    /// The CBSA; `None`: the whole project.
    pub cbsa: Option<String>,
    /// Tracts in it (of the tracts file).
    pub tracts: u64,
    /// Sales dated in each of [`Overview::years`].
    pub sales: Vec<u64>,
    /// Repeat pairs (after the default filters) whose second sale is in each year.
    pub pairs: Vec<u64>,
}

/// One tract's half-pairs per year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TractCoverage {
    /// Tract.
    pub tract: String,
    /// Half-pairs in each of [`Overview::years`]: pairs with a sale in that year.
    pub half_pairs: Vec<u64>,
}

/// The overview of a project's data.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Overview {
    /// The years with sales, first to last.
    pub years: Vec<i32>,
    /// The whole project, then each CBSA by name.
    pub counts: Vec<YearCounts>,
    /// Sales without a CBSA (nor a tract that names one).
    pub sales_without_cbsa: u64,
    /// The half-pair threshold a default RSAI run merges tracts below.
    pub threshold: u64,
}

/// The overview and every tract's coverage, as computed.
struct Kept {
    overview: Overview,
    /// By CBSA, tracts by id.
    coverage: BTreeMap<String, Vec<TractCoverage>>,
}

const OVERVIEW: &str = "overview";

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("plain data")
}

fn coverage_part(cbsa: &str) -> String {
    format!("coverage/{cbsa}")
}

/// Part `part` of the overview of the project's inputs as they are: read back when kept,
/// empty when the overview is kept without it (a CBSA without tracts has no coverage),
/// otherwise computed (all parts at once) and kept.
fn kept_part<T: DeserializeOwned + Default>(
    project: &mut Project,
    part: &str,
    pick: impl FnOnce(Kept) -> T,
) -> Result<T, UsecaseError> {
    let fingerprint = hpi_store::runs::input_fingerprint(project)?;
    match hpi_store::overview::cached(project, &fingerprint, part)? {
        // Another build (or another program) may have written it: recompute what does not read.
        Some(text) => match serde_json::from_str(&text) {
            Ok(kept) => return Ok(kept),
            Err(e) => log::warn!("the kept overview ({part}) cannot be read ({e}); computing it again"),
        },
        None if hpi_store::overview::cached(project, &fingerprint, OVERVIEW)?.is_some() => return Ok(T::default()),
        None => {}
    }
    let kept = compute(project)?;
    let mut parts = vec![(OVERVIEW.to_string(), json(&kept.overview))];
    parts.extend(kept.coverage.iter().map(|(cbsa, tracts)| (coverage_part(cbsa), json(tracts))));
    hpi_store::overview::keep(project, &fingerprint, &parts)?;
    Ok(pick(kept))
}

/// The overview of the project's data, computed when the inputs changed since last time.
pub fn overview(project: &mut Project) -> Result<Overview, UsecaseError> {
    kept_part(project, OVERVIEW, |k| k.overview)
}

/// Each tract of `cbsa`'s half-pairs per year of [`Overview::years`].
pub fn coverage(project: &mut Project, cbsa: &str) -> Result<Vec<TractCoverage>, UsecaseError> {
    kept_part(project, &coverage_part(cbsa), |mut k| k.coverage.remove(cbsa).unwrap_or_default())
}

fn compute(project: &Project) -> Result<Kept, UsecaseError> {
    let loaded = hpi_store::load(project, true)?;
    let (sales, tracts) = (&loaded.sales, &loaded.tracts);
    let (mut first, mut last) = (i32::MAX, i32::MIN);
    for d in &sales.date {
        first = first.min(d.year());
        last = last.max(d.year());
    }
    let years: Vec<i32> = if first <= last { (first..=last).collect() } else { Vec::new() };
    let n = years.len();
    let at = |year: i32| (year - first) as usize;
    // A sale's CBSA: its tract's, else the one its row names.
    let mut cbsa_names: Vec<String> = tracts.cbsa_names.clone();
    let mut by_name: BTreeMap<String, usize> = cbsa_names.iter().enumerate().map(|(k, c)| (c.clone(), k)).collect();
    let region_cbsa: Vec<usize> = sales
        .region_names
        .iter()
        .map(|r| {
            *by_name.entry(r.clone()).or_insert_with(|| {
                cbsa_names.push(r.clone());
                cbsa_names.len() - 1
            })
        })
        .collect();
    let mut sales_per = vec![vec![0u64; n]; cbsa_names.len()];
    let mut pairs_per = vec![vec![0u64; n]; cbsa_names.len()];
    let mut total = YearCounts { cbsa: None, tracts: tracts.len() as u64, sales: vec![0; n], pairs: vec![0; n] };
    let mut without = 0;
    let cbsa_of = |i: usize| {
        let t = sales.tract[i];
        if t != NONE {
            Some(tracts.cbsa[t as usize] as usize)
        } else if sales.region[i] != NONE {
            Some(region_cbsa[sales.region[i] as usize])
        } else {
            None
        }
    };
    for (i, d) in sales.date.iter().enumerate() {
        total.sales[at(d.year())] += 1;
        match cbsa_of(i) {
            Some(c) => sales_per[c][at(d.year())] += 1,
            None => without += 1,
        }
    }
    let period = Periodicity::Annual;
    let rsai = Filters::default_for(Method::Rsai);
    let (pairs, _) = make_pairs(sales, period, Dedupe::None, rsai, PairUnit::Tract, PairPrices::Drop);
    let mut half = vec![vec![0u64; n]; tracts.len()];
    for k in 0..pairs.len() {
        let t = pairs.unit[k] as usize;
        let (y0, y1) = (at(period.year_of(pairs.p0[k])), at(period.year_of(pairs.p1[k])));
        total.pairs[y1] += 1;
        if let Some(h) = half.get_mut(t) {
            h[y0] += 1;
            h[y1] += 1;
            pairs_per[tracts.cbsa[t] as usize][y1] += 1;
        }
    }
    let mut tracts_per = vec![0u64; cbsa_names.len()];
    let mut coverage: BTreeMap<String, Vec<TractCoverage>> = BTreeMap::new();
    for (t, h) in half.into_iter().enumerate() {
        let c = tracts.cbsa[t] as usize;
        tracts_per[c] += 1;
        coverage
            .entry(cbsa_names[c].clone())
            .or_default()
            .push(TractCoverage { tract: tracts.id[t].clone(), half_pairs: h });
    }
    for list in coverage.values_mut() {
        list.sort_by(|a, b| a.tract.cmp(&b.tract));
    }
    let mut counts = vec![total];
    let mut order: Vec<usize> = (0..cbsa_names.len()).collect();
    order.sort_by(|a, b| cbsa_names[*a].cmp(&cbsa_names[*b]));
    for c in order {
        counts.push(YearCounts {
            cbsa: Some(cbsa_names[c].clone()),
            tracts: tracts_per[c],
            sales: std::mem::take(&mut sales_per[c]),
            pairs: std::mem::take(&mut pairs_per[c]),
        });
    }
    Ok(Kept {
        overview: Overview {
            years,
            counts,
            sales_without_cbsa: without,
            threshold: u64::from(hpi_engine::DEFAULT_MIN_HALF_PAIRS),
        },
        coverage,
    })
}
