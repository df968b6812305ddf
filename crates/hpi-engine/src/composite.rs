//! Composites of regions: one index made from several regions' indices with
//! fixed weights, as FHFA builds its Census division indices from states
//! (chained period changes) and S&P its Composite-10 and -20 from metros
//! (levels against the base period). Every method's series can be combined;
//! the rule is in `docs/methodology.md#composites-of-regions`.

use crate::params::Weight;
use crate::series::{IndexPoint, IndexSeries};
use crate::{EngineError, Param};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// How a composite combines its regions' indices.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum CompositeRule {
    /// FHFA's divisions: Cₜ = Cₜ₋₁ · Σ wᵣ·Iᵣₜ/Iᵣₜ₋₁ / Σ wᵣ over the regions
    /// with a value in t−1 and t; a region without one sits the period out.
    #[default]
    Chained,
    /// S&P's composites: Cₜ = 100 · Σ wᵣ·Iᵣₜ/Iᵣ₀ / Σ wᵣ, every region
    /// needed in every period.
    Levels,
}

impl CompositeRule {
    /// Every rule.
    pub const ALL: [CompositeRule; 2] = [CompositeRule::Chained, CompositeRule::Levels];

    /// The name used in requests and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            CompositeRule::Chained => "chained",
            CompositeRule::Levels => "levels",
        }
    }
}

/// Where a composite's weights come from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum CompositeWeights {
    /// Each region's sales value in the run: the sum of the prices of its
    /// sales dated from the first year to the last.
    Value,
    /// The analyst's weight per region (any positive scale; shares are shown).
    Given(BTreeMap<String, f64>),
}

/// One composite a run adds to its output, as `composite:NAME`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Composite {
    /// Its name: letters, digits, `_`, `-`, `.` and spaces.
    pub name: String,
    /// The regions it combines, as the run names them (CBSA codes, `state:53`, …).
    pub regions: Vec<String>,
    /// Their weights.
    pub weights: CompositeWeights,
    /// How they are combined [default: chained].
    #[serde(default)]
    pub rule: CompositeRule,
}

/// The prefix of a composite's region name.
pub const PREFIX: &str = "composite:";

impl Composite {
    /// The region name of its series.
    pub fn region(&self) -> String {
        format!("{PREFIX}{}", self.name)
    }
}

fn bad(reason: String) -> EngineError {
    EngineError::InvalidParameter { param: Param::Composites, reason }
}

/// Checks a run's composites once, before any work: names unique and
/// well formed, at least two distinct regions each, a given weight for every
/// region and for no other, each finite and positive.
pub fn check(composites: &[Composite]) -> Result<(), EngineError> {
    let mut names = BTreeSet::new();
    for c in composites {
        let name = &c.name;
        let allowed = |ch: char| ch.is_alphanumeric() || matches!(ch, '_' | '-' | '.' | ' ');
        if name.trim().is_empty() || name.trim() != name || !name.chars().all(allowed) {
            return Err(bad(format!(
                "'{name}' is not a composite name (letters, digits, '_', '-', '.' and inner spaces)"
            )));
        }
        if !names.insert(name.as_str()) {
            return Err(bad(format!("two composites are named '{name}'")));
        }
        let regions: BTreeSet<&str> = c.regions.iter().map(String::as_str).collect();
        if regions.len() != c.regions.len() {
            return Err(bad(format!("composite '{name}' names a region twice")));
        }
        if regions.len() < 2 {
            return Err(bad(format!("composite '{name}' needs at least two regions")));
        }
        if let Some(r) = regions.iter().find(|r| r.starts_with(PREFIX)) {
            return Err(bad(format!("composite '{name}' names another composite, {r}; name its regions instead")));
        }
        if let CompositeWeights::Given(weights) = &c.weights {
            if let Some(r) = regions.iter().find(|r| !weights.contains_key(**r)) {
                return Err(bad(format!("composite '{name}' has no weight for region {r}")));
            }
            if let Some(r) = weights.keys().find(|r| !regions.contains(r.as_str())) {
                return Err(bad(format!("composite '{name}' has a weight for {r}, which it does not combine")));
            }
            if let Some((r, w)) = weights.iter().find(|(_, w)| !(w.is_finite() && **w > 0.0)) {
                return Err(bad(format!("composite '{name}': the weight of {r} is {w}, not a positive number")));
            }
        }
    }
    Ok(())
}

/// A region's part in a composite.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompositeShare {
    /// Region.
    pub region: String,
    /// Its weight as given or measured (sales value for `value`).
    pub weight: f64,
    /// Its share of the composite's total weight.
    pub share: f64,
}

/// A period in which some of a composite's regions had no value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompositeGap {
    /// Period label.
    pub period: String,
    /// The RSAI weighting of the series; `None` for pooled methods.
    pub weight: Option<Weight>,
    /// Regions left out of the period (chained) or that left it without a
    /// value (levels).
    pub regions: Vec<String>,
    /// Their share of the composite's weight.
    pub share: f64,
}

/// How a composite was made, for the quality report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompositeQuality {
    /// Its name.
    pub name: String,
    /// Its rule.
    pub rule: CompositeRule,
    /// `value` or `given`.
    pub weights_from: String,
    /// Its regions and their shares.
    pub shares: Vec<CompositeShare>,
    /// Periods where some region had no value.
    pub gaps: Vec<CompositeGap>,
}

/// Appends one series per composite and per RSAI weighting (or one per
/// composite for pooled methods) to `series`; `sales_value` holds each
/// region's sales value for `value` weights. A region the run has no series
/// for is refused, naming the regions it has.
pub fn append(
    series: &mut Vec<IndexSeries>,
    composites: &[Composite],
    sales_value: &BTreeMap<String, f64>,
) -> Result<Vec<CompositeQuality>, EngineError> {
    let mut qualities = Vec::with_capacity(composites.len());
    let mut made = Vec::new();
    // The RSAI weightings in the order the run has them; one `None` for a pooled method.
    let weightings: Vec<Option<Weight>> = series.iter().fold(Vec::new(), |mut seen, s| {
        if !seen.contains(&s.weight) {
            seen.push(s.weight);
        }
        seen
    });
    for c in composites {
        if let Some(r) = c.regions.iter().find(|r| !series.iter().any(|s| &s.region == *r)) {
            return Err(unknown_region(c, r, series));
        }
        let shares = shares(c, sales_value)?;
        let mut gaps = Vec::new();
        for &weighting in &weightings {
            let members: Vec<(&IndexSeries, f64)> = shares
                .iter()
                .map(|share| {
                    let found = series.iter().find(|s| s.weight == weighting && s.region == share.region);
                    found.map(|s| (s, share.share)).ok_or_else(|| unknown_region(c, &share.region, series))
                })
                .collect::<Result<_, _>>()?;
            made.push(combine(c, weighting, &members, &mut gaps));
        }
        qualities.push(CompositeQuality {
            name: c.name.clone(),
            rule: c.rule,
            weights_from: match c.weights {
                CompositeWeights::Value => "value",
                CompositeWeights::Given(_) => "given",
            }
            .to_owned(),
            shares,
            gaps,
        });
    }
    series.extend(made);
    Ok(qualities)
}

fn unknown_region(c: &Composite, region: &str, series: &[IndexSeries]) -> EngineError {
    let have: BTreeSet<&str> = series.iter().map(|s| s.region.as_str()).collect();
    let have: Vec<&str> = have.into_iter().collect();
    bad(format!(
        "composite '{}' combines {region}, which this run has no index for (it has {})",
        c.name,
        have.join(", ")
    ))
}

fn shares(c: &Composite, sales_value: &BTreeMap<String, f64>) -> Result<Vec<CompositeShare>, EngineError> {
    let weights: Vec<f64> = match &c.weights {
        CompositeWeights::Given(w) => c.regions.iter().map(|r| w[r]).collect(),
        CompositeWeights::Value => c.regions.iter().map(|r| sales_value.get(r).copied().unwrap_or(0.0)).collect(),
    };
    let total: f64 = weights.iter().sum();
    if let Some(k) = weights.iter().position(|&w| w <= 0.0) {
        return Err(bad(format!(
            "composite '{}': region {} has no sales in the run's years, so no value weight; give weights instead",
            c.name, c.regions[k]
        )));
    }
    Ok(c.regions
        .iter()
        .zip(weights)
        .map(|(region, weight)| CompositeShare { region: region.clone(), weight, share: weight / total })
        .collect())
}

/// The composite of `members` (series with their shares), all of one
/// weighting and over the same periods.
fn combine(
    c: &Composite,
    weighting: Option<Weight>,
    members: &[(&IndexSeries, f64)],
    gaps: &mut Vec<CompositeGap>,
) -> IndexSeries {
    let first = members[0].0;
    let value = |s: &IndexSeries, k: usize| s.points.get(k).and_then(|p| p.index);
    let mut points = Vec::with_capacity(first.points.len());
    let mut level = Some(100.0);
    for (k, p) in first.points.iter().enumerate() {
        let (index, missing): (Option<f64>, Vec<&(&IndexSeries, f64)>) = match c.rule {
            CompositeRule::Levels => {
                let missing: Vec<_> =
                    members.iter().filter(|(s, _)| value(s, k).is_none() || value(s, 0).is_none()).collect();
                let sum = members.iter().filter_map(|(s, w)| Some(w * value(s, k)? / value(s, 0)?)).sum::<f64>();
                (missing.is_empty().then_some(100.0 * sum), missing)
            }
            CompositeRule::Chained if k == 0 => {
                let missing: Vec<_> = members.iter().filter(|(s, _)| value(s, 0).is_none()).collect();
                (level.filter(|_| missing.len() < members.len()), missing)
            }
            CompositeRule::Chained => {
                let (mut ratio, mut weight) = (0.0, 0.0);
                let mut missing = Vec::new();
                for m @ (s, w) in members {
                    match (value(s, k - 1), value(s, k)) {
                        (Some(a), Some(b)) => {
                            ratio += w * b / a;
                            weight += w;
                        }
                        _ => missing.push(m),
                    }
                }
                level = level.filter(|_| weight > 0.0).map(|l| l * ratio / weight);
                (level, missing)
            }
        };
        if !missing.is_empty() {
            gaps.push(CompositeGap {
                period: p.label.clone(),
                weight: weighting,
                regions: missing.iter().map(|(s, _)| s.region.clone()).collect(),
                share: missing.iter().map(|(_, w)| w).sum(),
            });
        }
        let note = index.is_none().then(|| match c.rule {
            CompositeRule::Levels => "a region of the composite has no value".to_owned(),
            CompositeRule::Chained => "no region of the composite has a value here and in the period before".to_owned(),
        });
        points.push(IndexPoint { period: p.period, label: p.label.clone(), index, note, ..IndexPoint::empty() });
    }
    IndexSeries { region: c.region(), method: first.method, weight: weighting, periodicity: first.periodicity, points }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::Periodicity;

    fn series(region: &str, values: &[Option<f64>]) -> IndexSeries {
        IndexSeries {
            region: region.into(),
            method: "bmn",
            weight: None,
            periodicity: Periodicity::Annual,
            points: values
                .iter()
                .enumerate()
                .map(|(k, v)| IndexPoint {
                    period: 2010 + k as i32,
                    label: (2010 + k).to_string(),
                    index: *v,
                    ..IndexPoint::empty()
                })
                .collect(),
        }
    }

    fn composite(rule: CompositeRule, weights: &[(&str, f64)]) -> Composite {
        Composite {
            name: "two".into(),
            regions: weights.iter().map(|(r, _)| (*r).to_owned()).collect(),
            weights: CompositeWeights::Given(weights.iter().map(|(r, w)| ((*r).to_owned(), *w)).collect()),
            rule,
        }
    }

    fn values(s: &IndexSeries) -> Vec<Option<f64>> {
        s.points.iter().map(|p| p.index).collect()
    }

    #[test]
    fn chained_and_levels_agree_while_every_region_has_a_value() {
        let base = vec![
            series("a", &[Some(100.0), Some(110.0), Some(121.0)]),
            series("b", &[Some(100.0), Some(90.0), Some(99.0)]),
        ];
        let mut s = base.clone();
        let q =
            append(&mut s, &[composite(CompositeRule::Levels, &[("a", 3.0), ("b", 1.0)])], &BTreeMap::new()).unwrap();
        assert_eq!(q[0].shares.iter().map(|x| x.share).collect::<Vec<_>>(), [0.75, 0.25]);
        let levels = values(&s[2]);
        assert_eq!(s[2].region, "composite:two");
        assert!(
            (levels[1].unwrap() - 105.0).abs() < 1e-12
                && (levels[2].unwrap() - (0.75 * 121.0 + 0.25 * 99.0)).abs() < 1e-12
        );
        let mut s = base;
        append(&mut s, &[composite(CompositeRule::Chained, &[("a", 3.0), ("b", 1.0)])], &BTreeMap::new()).unwrap();
        let chained = values(&s[2]);
        assert!((chained[1].unwrap() - 105.0).abs() < 1e-12);
        // Chaining the mean of ratios is not the ratio of means: 105 · (0.75·1.1 + 0.25·1.1).
        assert!((chained[2].unwrap() - 115.5).abs() < 1e-12, "{chained:?}");
    }

    #[test]
    fn a_region_without_a_value_sits_out_a_chained_period_and_stops_a_levels_one() {
        let base =
            vec![series("a", &[Some(100.0), None, Some(121.0)]), series("b", &[Some(100.0), Some(90.0), Some(99.0)])];
        let mut s = base.clone();
        let q =
            append(&mut s, &[composite(CompositeRule::Chained, &[("a", 1.0), ("b", 1.0)])], &BTreeMap::new()).unwrap();
        assert_eq!(
            values(&s[2]).iter().map(|v| v.map(|x| (x * 1e9).round() / 1e9)).collect::<Vec<_>>(),
            [Some(100.0), Some(90.0), Some(99.0)]
        );
        assert_eq!(q[0].gaps.len(), 2);
        assert_eq!((q[0].gaps[0].regions.clone(), q[0].gaps[0].share), (vec!["a".to_owned()], 0.5));
        let mut s = base;
        append(&mut s, &[composite(CompositeRule::Levels, &[("a", 1.0), ("b", 1.0)])], &BTreeMap::new()).unwrap();
        assert_eq!(values(&s[2])[1], None);
        assert!(s[2].points[1].note.is_some());
    }

    #[test]
    fn value_weights_come_from_sales_value_and_unknown_regions_are_named() {
        let mut s = vec![series("a", &[Some(100.0), Some(120.0)]), series("b", &[Some(100.0), Some(100.0)])];
        let c = Composite {
            weights: CompositeWeights::Value,
            ..composite(CompositeRule::Chained, &[("a", 1.0), ("b", 1.0)])
        };
        let value = BTreeMap::from([("a".to_owned(), 1.0e6), ("b".to_owned(), 3.0e6)]);
        append(&mut s, std::slice::from_ref(&c), &value).unwrap();
        assert!((values(&s[2])[1].unwrap() - 105.0).abs() < 1e-12);
        let c = composite(CompositeRule::Chained, &[("a", 1.0), ("z", 1.0)]);
        let e = append(&mut s, &[c], &value).unwrap_err().to_string();
        assert!(e.contains("combines z, which this run has no index for (it has a, b, composite:two)"), "{e}");
    }

    #[test]
    fn bad_composites_are_refused_up_front() {
        let ok = composite(CompositeRule::Chained, &[("a", 1.0), ("b", 2.0)]);
        assert!(check(std::slice::from_ref(&ok)).is_ok());
        let mut given_extra = ok.clone();
        given_extra.regions.pop();
        for bad in [
            Composite { name: "".into(), ..ok.clone() },
            Composite { name: "a:b".into(), ..ok.clone() },
            Composite { regions: vec!["a".into(), "a".into()], ..ok.clone() },
            composite(CompositeRule::Chained, &[("a", 1.0)]),
            composite(CompositeRule::Chained, &[("a", 1.0), ("b", 0.0)]),
            composite(CompositeRule::Chained, &[("a", 1.0), ("b", f64::NAN)]),
            composite(CompositeRule::Chained, &[("a", 1.0), ("composite:x", 1.0)]),
            given_extra,
        ] {
            assert!(
                matches!(
                    check(std::slice::from_ref(&bad)),
                    Err(EngineError::InvalidParameter { param: Param::Composites, .. })
                ),
                "{bad:?}"
            );
        }
        assert!(check(&[ok.clone(), ok]).is_err());
    }
}
