//! Aggregating RSAI's tract appreciation to groups of tracts beyond the CBSA:
//! states, counties and the nation from 11-digit tract GEOIDs, and the
//! analyst's own groups (`docs/methodology.md#aggregation-groups`).
//!
//! A group's index chains Σₙ wₙ·dₙₜ over its tracts, each tract carrying its
//! supertract's dₙₜ (supertracts are still built within CBSAs) and its own
//! measure under the weight, with the city index's `t−1` timing. A tract whose
//! CBSA has no value in `t` drops out of that year's weights.

use crate::cbsa::{point, stop_note};
use crate::params::Weight;
use crate::period::Periodicity;
use crate::rsai::{CbsaQuality, IndexStop};
use crate::series::IndexSeries;
use crate::table::{RowIssue, Tracts};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A kind of group the RSAI city indices are also aggregated to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Aggregate {
    /// States: the first 2 digits of the tract GEOID (`state:53`).
    State,
    /// Counties: the first 5 digits (`county:53033`).
    County,
    /// Every tract (`nation:US`).
    Nation,
    /// The analyst's own groups, from a `tract,group` file (`group:NAME`).
    Groups,
}

impl Aggregate {
    /// Every kind, in output order.
    pub const ALL: [Aggregate; 4] = [Aggregate::State, Aggregate::County, Aggregate::Nation, Aggregate::Groups];

    /// The name on the command line and in requests.
    pub fn name(self) -> &'static str {
        match self {
            Aggregate::State => "state",
            Aggregate::County => "county",
            Aggregate::Nation => "nation",
            Aggregate::Groups => "groups",
        }
    }

    /// How people read it.
    pub fn title(self) -> &'static str {
        match self {
            Aggregate::State => "States",
            Aggregate::County => "Counties",
            Aggregate::Nation => "The nation",
            Aggregate::Groups => "Your groups",
        }
    }
}

/// State FIPS codes (the 50 states, DC and the territories) and their postal abbreviations.
pub const STATES: [(&str, &str); 56] = [
    ("01", "AL"),
    ("02", "AK"),
    ("04", "AZ"),
    ("05", "AR"),
    ("06", "CA"),
    ("08", "CO"),
    ("09", "CT"),
    ("10", "DE"),
    ("11", "DC"),
    ("12", "FL"),
    ("13", "GA"),
    ("15", "HI"),
    ("16", "ID"),
    ("17", "IL"),
    ("18", "IN"),
    ("19", "IA"),
    ("20", "KS"),
    ("21", "KY"),
    ("22", "LA"),
    ("23", "ME"),
    ("24", "MD"),
    ("25", "MA"),
    ("26", "MI"),
    ("27", "MN"),
    ("28", "MS"),
    ("29", "MO"),
    ("30", "MT"),
    ("31", "NE"),
    ("32", "NV"),
    ("33", "NH"),
    ("34", "NJ"),
    ("35", "NM"),
    ("36", "NY"),
    ("37", "NC"),
    ("38", "ND"),
    ("39", "OH"),
    ("40", "OK"),
    ("41", "OR"),
    ("42", "PA"),
    ("44", "RI"),
    ("45", "SC"),
    ("46", "SD"),
    ("47", "TN"),
    ("48", "TX"),
    ("49", "UT"),
    ("50", "VT"),
    ("51", "VA"),
    ("53", "WA"),
    ("54", "WV"),
    ("55", "WI"),
    ("56", "WY"),
    ("60", "AS"),
    ("66", "GU"),
    ("69", "MP"),
    ("72", "PR"),
    ("78", "VI"),
];

/// The state FIPS code of a postal abbreviation (`WA` → `53`).
pub fn state_code(abbreviation: &str) -> Option<&'static str> {
    STATES.iter().find(|(_, a)| a.eq_ignore_ascii_case(abbreviation.trim())).map(|(c, _)| *c)
}

/// The postal abbreviation of a state's FIPS code (`53` → `WA`), if it is one.
pub fn state_postal(fips: &str) -> Option<&'static str> {
    STATES.iter().find(|(c, _)| *c == fips).map(|(_, a)| *a)
}

/// Why `id` is not an 11-digit census tract GEOID of a known state, if it is not.
pub fn geoid_problem(id: &str) -> Option<String> {
    if id.len() != 11 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Some(format!("'{id}' is not 11 digits (state, county, tract)"));
    }
    let state = &id[..2];
    state_postal(state).is_none().then(|| format!("'{id}' starts with {state}, which is no state's FIPS code"))
}

/// The analyst's groups of tracts, from a `tract,group` file; a tract may be in several.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TractGroups {
    /// Group names, sorted.
    pub names: Vec<String>,
    /// Per group, its tracts (indices into [`Tracts`]), sorted.
    pub members: Vec<Vec<u32>>,
}

impl TractGroups {
    /// Whether there is no group.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// Builds [`TractGroups`] row by row against the run's tracts.
pub struct TractGroupsBuilder<'a> {
    tracts: &'a Tracts,
    pairs: BTreeSet<(String, u32)>,
}

impl<'a> TractGroupsBuilder<'a> {
    /// Groups of `tracts`.
    pub fn new(tracts: &'a Tracts) -> Self {
        TractGroupsBuilder { tracts, pairs: BTreeSet::new() }
    }

    /// Validates and adds one row; a tract the tracts table lacks is refused.
    pub fn push_values(&mut self, line: u64, tract: &str, group: &str) -> Result<(), RowIssue> {
        let (tract, group) = (tract.trim(), group.trim());
        if group.is_empty() {
            return Err(RowIssue::new(line, "group", "empty group name"));
        }
        let Some(t) = self.tracts.find(tract) else {
            return Err(RowIssue::new(line, "tract", format!("tract '{tract}' is not in the tracts table")));
        };
        if !self.pairs.insert((group.to_owned(), t)) {
            return Err(RowIssue::new(line, "group", format!("tract '{tract}' is already in group '{group}'")));
        }
        Ok(())
    }

    /// The finished groups.
    pub fn finish(self) -> TractGroups {
        let mut out = TractGroups::default();
        for (name, t) in self.pairs {
            if out.names.last() != Some(&name) {
                out.names.push(name);
                out.members.push(Vec::new());
            }
            out.members.last_mut().expect("pushed").push(t);
        }
        out
    }
}

/// Tracts whose ids are not GEOIDs, when states or counties were asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotGeoid {
    /// How many tracts taking part.
    pub tracts: u32,
    /// The first few, with the reason.
    pub examples: Vec<String>,
}

/// A CBSA whose tracts in a group have no appreciation from a year on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupGap {
    /// The CBSA.
    pub cbsa: String,
    /// The group's tracts in it.
    pub tracts: u32,
    /// The weight whose city index stops; `None` when the CBSA was left out (every weight).
    pub weight: Option<Weight>,
    /// First year the tracts drop out.
    pub from: i32,
}

/// The share of a group's weight that dropped out in a year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DroppedShare {
    /// Year `t`.
    pub year: i32,
    /// Weight.
    pub weight: Weight,
    /// Tracts dropped.
    pub tracts: u32,
    /// Their share of the group's total measure (0 when the measure was 0).
    pub share: f64,
}

/// The quality report of one aggregation group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupQuality {
    /// Its region name (`state:53`, `county:53033`, `nation:US`, `group:NAME`).
    pub region: String,
    /// Its tracts taking part (with pairs or housing units).
    pub tracts: u32,
    /// The CBSAs they are in.
    pub cbsas: u32,
    /// CBSAs without a value, whose tracts in the group drop out.
    pub gaps: Vec<GroupGap>,
    /// Per year and weight where tracts dropped out, their share of the weight.
    pub dropped: Vec<DroppedShare>,
    /// Indices cut short.
    pub stops: Vec<IndexStop>,
}

/// The aggregation part of an RSAI quality report.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AggregationQuality {
    /// The kinds aggregated to.
    pub kinds: Vec<Aggregate>,
    /// Tracts left out of states and counties because their ids are not GEOIDs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_geoid: Option<NotGeoid>,
    /// Per group, in output order.
    pub groups: Vec<GroupQuality>,
}

/// Which groups each tract is in: the run's groups, in output order.
pub(crate) struct Membership {
    pub(crate) names: Vec<String>,
    /// Tract `t`'s groups are `ids[start[t]..start[t + 1]]`.
    start: Vec<u32>,
    ids: Vec<u32>,
    pub(crate) not_geoid: Option<NotGeoid>,
}

impl Membership {
    /// The groups of `kinds` over `tracts`; `taking_part` says which tracts are in a CBSA's pass.
    pub(crate) fn build(tracts: &Tracts, kinds: &[Aggregate], taking_part: &[bool]) -> Membership {
        let mut by_name: Vec<BTreeMap<String, Vec<u32>>> = vec![BTreeMap::new(); Aggregate::ALL.len()];
        let mut not_geoid = NotGeoid::default();
        let geo = kinds.iter().any(|k| matches!(k, Aggregate::State | Aggregate::County));
        for (t, id) in tracts.id.iter().enumerate() {
            let t32 = t as u32;
            if kinds.contains(&Aggregate::Nation) {
                by_name[2].entry("nation:US".into()).or_default().push(t32);
            }
            if !geo {
                continue;
            }
            match geoid_problem(id) {
                Some(reason) => {
                    if taking_part[t] {
                        not_geoid.tracts += 1;
                        if not_geoid.examples.len() < 5 {
                            not_geoid.examples.push(reason);
                        }
                    }
                }
                None => {
                    if kinds.contains(&Aggregate::State) {
                        by_name[0].entry(format!("state:{}", &id[..2])).or_default().push(t32);
                    }
                    if kinds.contains(&Aggregate::County) {
                        by_name[1].entry(format!("county:{}", &id[..5])).or_default().push(t32);
                    }
                }
            }
        }
        if kinds.contains(&Aggregate::Groups) {
            for (name, members) in tracts.groups.names.iter().zip(&tracts.groups.members) {
                by_name[3].insert(format!("group:{name}"), members.clone());
            }
        }
        let mut names = Vec::new();
        let mut per_tract: Vec<Vec<u32>> = vec![Vec::new(); tracts.len()];
        for (name, members) in by_name.into_iter().flatten() {
            let g = names.len() as u32;
            names.push(name);
            for t in members {
                per_tract[t as usize].push(g);
            }
        }
        let mut start = Vec::with_capacity(tracts.len() + 1);
        let mut ids = Vec::new();
        start.push(0);
        for groups in per_tract {
            ids.extend(groups);
            start.push(ids.len() as u32);
        }
        Membership { names, start, ids, not_geoid: geo.then_some(not_geoid).filter(|n| n.tracts > 0) }
    }

    /// The groups tract `t` is in.
    pub(crate) fn of(&self, t: u32) -> &[u32] {
        &self.ids[self.start[t as usize] as usize..self.start[t as usize + 1] as usize]
    }
}

/// One group's sums over one CBSA, one year and one weight.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Partial {
    /// Σ mᵢ·dₙ over the tracts with a value.
    num: f64,
    /// Σ mᵢ over them.
    den: f64,
    /// Σₙ (Σ_{i∈n} mᵢ)² Var d̂ₙ.
    var: f64,
    /// Whether some supertract's Var d̂ₙ was unknown.
    var_unknown: bool,
    present: u32,
    dropped_measure: f64,
    dropped: u32,
}

impl Partial {
    fn add(&mut self, o: &Partial) {
        self.num += o.num;
        self.den += o.den;
        self.var += o.var;
        self.var_unknown |= o.var_unknown;
        self.present += o.present;
        self.dropped_measure += o.dropped_measure;
        self.dropped += o.dropped;
    }
}

/// One CBSA's contributions to the groups its tracts are in, per
/// (year of `start+1..=end`, weight).
pub(crate) struct GroupSums {
    weights: usize,
    years: usize,
    pub(crate) by_group: ahash::AHashMap<u32, Vec<Partial>>,
    /// Per group, its tracts in this CBSA.
    pub(crate) tracts: ahash::AHashMap<u32, u32>,
}

impl GroupSums {
    pub(crate) fn new(membership: &Membership, members: &[u32], years: usize, weights: usize) -> GroupSums {
        let mut tracts = ahash::AHashMap::new();
        for &g in members {
            for &grp in membership.of(g) {
                *tracts.entry(grp).or_insert(0) += 1;
            }
        }
        GroupSums { weights, years, by_group: ahash::AHashMap::new(), tracts }
    }

    fn cell(&mut self, group: u32, year: usize, k: usize) -> &mut Partial {
        let len = self.years * self.weights;
        &mut self.by_group.entry(group).or_insert_with(|| vec![Partial::default(); len])[year * self.weights + k]
    }

    /// A supertract's tracts, with their measures, carrying its `d` (with
    /// variance `var`) into their groups in `year` under weight `k`.
    pub(crate) fn add_unit(
        &mut self,
        membership: &Membership,
        year: usize,
        k: usize,
        tracts: impl Iterator<Item = (u32, f64)>,
        d: f64,
        var: Option<f64>,
    ) {
        let mut unit_sums: Vec<(u32, f64)> = Vec::new();
        for (g, m) in tracts {
            for &grp in membership.of(g) {
                let cell = self.cell(grp, year, k);
                cell.num += m * d;
                cell.den += m;
                cell.present += 1;
                match unit_sums.iter_mut().find(|(x, _)| *x == grp) {
                    Some((_, s)) => *s += m,
                    None => unit_sums.push((grp, m)),
                }
            }
        }
        for (grp, s) in unit_sums {
            let cell = self.cell(grp, year, k);
            match var {
                Some(v) => cell.var += s * s * v,
                None => cell.var_unknown = true,
            }
        }
    }

    /// A CBSA's tracts `members`, with their `measures`, that drop out of
    /// year `year` (counted from `start + 1`) under weight `k` because the
    /// CBSA has no value there.
    pub(crate) fn drop_tracts(
        &mut self,
        membership: &Membership,
        year: usize,
        k: usize,
        members: &[u32],
        measures: &[f64],
    ) {
        for (&g, &m) in members.iter().zip(measures) {
            for &grp in membership.of(g) {
                let cell = self.cell(grp, year, k);
                cell.dropped_measure += m;
                cell.dropped += 1;
            }
        }
    }
}

/// The groups' series and reports from every CBSA's sums (in CBSA order,
/// so that the sums, and so the numbers, do not depend on threads).
pub(crate) fn chain(
    membership: &Membership,
    weights: &[Weight],
    start: i32,
    end: i32,
    cbsas: &[(&CbsaQuality, &GroupSums)],
) -> (Vec<IndexSeries>, Vec<GroupQuality>) {
    let years = (end - start) as usize;
    let mut series = Vec::new();
    let mut reports = Vec::new();
    for (g, region) in membership.names.iter().enumerate() {
        let g = g as u32;
        let mut totals = vec![Partial::default(); years * weights.len()];
        let mut report = GroupQuality {
            region: region.clone(),
            tracts: 0,
            cbsas: 0,
            gaps: Vec::new(),
            dropped: Vec::new(),
            stops: Vec::new(),
        };
        for (quality, sums) in cbsas {
            let Some(&tracts) = sums.tracts.get(&g) else { continue };
            report.tracts += tracts;
            report.cbsas += 1;
            if !quality.included {
                report.gaps.push(GroupGap { cbsa: quality.cbsa.clone(), tracts, weight: None, from: start + 1 });
            }
            for stop in &quality.stops {
                report.gaps.push(GroupGap {
                    cbsa: quality.cbsa.clone(),
                    tracts,
                    weight: Some(stop.weight),
                    from: stop.year,
                });
            }
            if let Some(cells) = sums.by_group.get(&g) {
                for (total, cell) in totals.iter_mut().zip(cells) {
                    total.add(cell);
                }
            }
        }
        for (k, &weight) in weights.iter().enumerate() {
            let mut level = Some(1.0);
            let mut points = vec![point(start, level, None, None)];
            for y in 0..years {
                let t = start + 1 + y as i32;
                let cell = totals[y * weights.len() + k];
                if cell.dropped > 0 {
                    let all = cell.den + cell.dropped_measure;
                    let share = if all > 0.0 { cell.dropped_measure / all } else { 0.0 };
                    report.dropped.push(DroppedShare { year: t, weight, tracts: cell.dropped, share });
                }
                let mut change_se = None;
                if level.is_some() {
                    let stop = if cell.present == 0 {
                        Some(format!("no tract of the group has a value in {t}: their CBSAs have none"))
                    } else if cell.den <= 0.0 {
                        Some(format!("the group's total {} measure is 0", weight.name()))
                    } else if !cell.den.is_finite() || !cell.num.is_finite() {
                        Some(format!("the group's total {} measure is too large to add up", weight.name()))
                    } else {
                        None
                    };
                    match stop {
                        Some(reason) => {
                            level = None;
                            report.stops.push(IndexStop { weight, year: t, reason });
                        }
                        None => {
                            level = level.map(|l| l * (cell.num / cell.den).exp());
                            change_se = (!cell.var_unknown).then(|| cell.var.sqrt() / cell.den);
                        }
                    }
                }
                let note = level.is_none().then(|| stop_note(&report.stops, weight));
                points.push(point(t, level, change_se, note));
            }
            series.push(IndexSeries {
                region: region.clone(),
                method: "rsai",
                weight: Some(weight),
                periodicity: Periodicity::Annual,
                points,
            });
        }
        reports.push(report);
    }
    (series, reports)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geoids_are_checked_not_guessed() {
        assert_eq!(geoid_problem("53033000100"), None);
        assert!(geoid_problem("5303300010").unwrap().contains("11 digits"));
        assert!(geoid_problem("5303300010A").unwrap().contains("11 digits"));
        assert!(geoid_problem("03033000100").unwrap().contains("no state's FIPS code"));
        assert_eq!(state_code("wa"), Some("53"));
        assert_eq!(state_code("XX"), None);
    }
}
