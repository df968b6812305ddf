//! The engine's input tables, built row by row from text with every bad row
//! recorded (line, column, reason) instead of stopping the whole load.

use crate::period::Date;
use ahash::{AHashMap, AHashSet};
use serde::{Deserialize, Serialize};

/// Marks a missing tract or region in the integer columns.
pub const NONE: u32 = u32::MAX;

/// One rejected input row: where it is and why it was rejected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowIssue {
    /// Physical line in the file, header = line 1.
    pub line: u64,
    /// The column at fault (the name the engine knows it by).
    pub column: String,
    /// Why, in plain words.
    pub reason: String,
}

impl RowIssue {
    /// The reason with its quoted values folded (`unknown tract '…'`), so
    /// that issues group by kind in reports.
    pub fn kind(&self) -> String {
        let mut out = format!("{}: ", self.column);
        let mut quoted = false;
        for c in self.reason.chars() {
            if c == '\'' {
                quoted = !quoted;
                out.push_str(if quoted { "'…" } else { "'" });
            } else if !quoted {
                out.push(c);
            }
        }
        out
    }

    /// A rejected row: its line, the column at fault and why.
    pub fn new(line: u64, column: &str, reason: impl Into<String>) -> Self {
        RowIssue { line, column: column.to_owned(), reason: reason.into() }
    }
}

/// The years a tract attribute may be observed in.
pub const YEARS: std::ops::RangeInclusive<i32> = 1000..=9999;

/// A price the engine accepts: finite and greater than zero; otherwise why not.
pub fn check_price(price: f64) -> Result<f64, String> {
    if !price.is_finite() {
        Err(format!("price '{price}' is not a finite number"))
    } else if price <= 0.0 {
        Err(format!("price '{price}' is not positive"))
    } else {
        Ok(price)
    }
}

/// A coordinate within `-limit..limit` degrees (90 for latitude, 180 for
/// longitude); otherwise why not.
pub fn check_coordinate(value: f64, limit: f64) -> Result<f64, String> {
    if value.is_finite() && value.abs() <= limit {
        Ok(value)
    } else {
        Err(format!("'{value}' is outside -{limit}..{limit}"))
    }
}

/// An attribute measure: finite and not negative; otherwise why not.
pub fn check_measure(value: f64) -> Result<f64, String> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(format!("'{value}' is not a non-negative number"))
    }
}

/// A year an attribute can be observed in; otherwise why not.
pub fn check_year(year: i32) -> Result<i32, String> {
    if YEARS.contains(&year) {
        Ok(year)
    } else {
        Err(format!("cannot read '{year}' as a year"))
    }
}

/// Census tracts with their CBSA and centroid. Tracts are sorted by id, so a
/// tract's index order is the string order of ids (the tie-breaker of `docs/methodology.md#supertracts`).
#[derive(Clone, Debug, Default)]
pub struct Tracts {
    /// Tract ids, sorted as strings.
    pub id: Vec<String>,
    /// Index into `cbsa_names` per tract.
    pub cbsa: Vec<u32>,
    /// Centroid latitude in degrees.
    pub lat: Vec<f64>,
    /// Centroid longitude in degrees.
    pub lon: Vec<f64>,
    /// CBSA names, sorted.
    pub cbsa_names: Vec<String>,
    /// The analyst's groups of tracts (a `tract,group` file), for aggregation.
    pub groups: crate::groups::TractGroups,
    by_id: AHashMap<String, u32>,
}

impl Tracts {
    /// The index of a tract id.
    pub fn find(&self, id: &str) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    /// Number of tracts.
    pub fn len(&self) -> usize {
        self.id.len()
    }

    /// True when there are no tracts.
    pub fn is_empty(&self) -> bool {
        self.id.is_empty()
    }
}

/// Builds [`Tracts`] from rows; the first row of a duplicate tract id wins.
#[derive(Default)]
pub struct TractsBuilder {
    rows: Vec<(String, String, f64, f64)>,
    seen: AHashSet<String>,
}

impl TractsBuilder {
    /// Validates and adds one row of values already read.
    pub fn push_values(&mut self, line: u64, id: &str, cbsa: &str, lat: f64, lon: f64) -> Result<(), RowIssue> {
        let id = id.trim();
        let cbsa = cbsa.trim();
        if id.is_empty() {
            return Err(RowIssue::new(line, "tract", "empty tract id"));
        }
        if cbsa.is_empty() {
            return Err(RowIssue::new(line, "cbsa", "empty CBSA"));
        }
        for (column, v, limit) in [("lat", lat, 90.0), ("lon", lon, 180.0)] {
            check_coordinate(v, limit).map_err(|reason| RowIssue::new(line, column, reason))?;
        }
        if !self.seen.insert(id.to_owned()) {
            return Err(RowIssue::new(line, "tract", format!("duplicate tract '{id}' (the first row wins)")));
        }
        self.rows.push((id.to_owned(), cbsa.to_owned(), lat, lon));
        Ok(())
    }

    /// The finished table.
    pub fn finish(mut self) -> Tracts {
        self.rows.sort_by(|a, b| a.0.cmp(&b.0));
        let mut cbsa_names: Vec<String> = self.rows.iter().map(|r| r.1.clone()).collect();
        cbsa_names.sort();
        cbsa_names.dedup();
        let mut t = Tracts { cbsa_names, ..Tracts::default() };
        for (i, (id, cbsa, lat, lon)) in self.rows.into_iter().enumerate() {
            t.by_id.insert(id.clone(), i as u32);
            t.id.push(id);
            t.cbsa.push(t.cbsa_names.binary_search(&cbsa).expect("cbsa listed") as u32);
            t.lat.push(lat);
            t.lon.push(lon);
        }
        t
    }
}

/// Sales in input order, as columns.
#[derive(Clone, Debug, Default)]
pub struct Sales {
    /// Interned property id.
    pub property: Vec<u32>,
    /// Sale date.
    pub date: Vec<Date>,
    /// Sale price.
    pub price: Vec<f64>,
    /// Tract index into [`Tracts`], or [`NONE`].
    pub tract: Vec<u32>,
    /// Region (the sale's CBSA) index into `region_names`, or [`NONE`].
    pub region: Vec<u32>,
    /// Physical input line.
    pub line: Vec<u64>,
    /// The analyst's weight of the pair each sale ends (1 where none was
    /// given); empty when no sale has one.
    pub weight: Vec<f64>,
    /// Region names in first-seen order.
    pub region_names: Vec<String>,
    /// Number of distinct properties.
    pub properties: usize,
}

impl Sales {
    /// Number of sales.
    pub fn len(&self) -> usize {
        self.price.len()
    }

    /// True when there are no sales.
    pub fn is_empty(&self) -> bool {
        self.price.is_empty()
    }
}

/// Distinct strings numbered in first-seen order, kept in one byte arena:
/// one hash per lookup and no allocation per string (millions of property ids).
#[derive(Default)]
struct Interner {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    table: hashbrown::HashTable<u32>,
    hasher: ahash::RandomState,
    /// The string the last lookup found: files sorted by property name it
    /// again on their next row, and comparing it costs less than a hash and a
    /// probe into a table of tens of millions.
    last: Option<u32>,
}

/// The bytes of string `i` of an arena.
fn arena_slice<'a>(bytes: &'a [u8], ends: &[usize], i: u32) -> &'a [u8] {
    let start = if i == 0 { 0 } else { ends[i as usize - 1] };
    &bytes[start..ends[i as usize]]
}

impl Interner {
    /// Whether `s` is the string the last lookup found.
    fn is_last(&self, s: &[u8]) -> bool {
        self.last.is_some_and(|i| arena_slice(&self.bytes, &self.ends, i) == s)
    }

    fn hash(&self, s: &[u8]) -> u64 {
        self.hasher.hash_one(s)
    }

    /// Reads the part of the table where a string of hash `hash` is or would
    /// go, and nothing else: see [`Interner::intern_all`].
    fn touch(&self, hash: u64) {
        std::hint::black_box(self.table.find(hash, |_| false));
    }

    /// The number of each string of `batch` (`ends` are where each ends in it),
    /// appended to `out` in order. A table of tens of millions of strings is
    /// far larger than the cache, so a lookup is a wait for memory; the
    /// strings' places are first read one after another, which the processor
    /// overlaps, so that the lookups proper find them in the cache.
    fn intern_all(&mut self, batch: &[u8], ends: &[u32], out: &mut Vec<u32>) {
        let string = |k: usize| &batch[if k == 0 { 0 } else { ends[k - 1] as usize }..ends[k] as usize];
        assert!(ends.len() <= PROPERTY_BATCH, "a batch holds at most {PROPERTY_BATCH} strings");
        // Per string, its hash, or `None` when it is the string before it again:
        // the lookup before it leaves it the last one found.
        let mut hashes = [None; PROPERTY_BATCH];
        for (k, hash) in hashes.iter_mut().enumerate().take(ends.len()) {
            let repeat = if k == 0 { self.is_last(string(0)) } else { string(k) == string(k - 1) };
            if !repeat {
                let h = self.hash(string(k));
                self.touch(h);
                *hash = Some(h);
            }
        }
        for (k, &hash) in hashes.iter().enumerate().take(ends.len()) {
            out.push(match hash {
                None => self.last.expect("a repeat follows a lookup"),
                Some(h) => self.intern_hashed(string(k), h),
            });
        }
    }

    #[cfg(test)]
    fn intern(&mut self, s: &str) -> u32 {
        if self.is_last(s.as_bytes()) {
            return self.last.expect("is_last");
        }
        self.intern_hashed(s.as_bytes(), self.hash(s.as_bytes()))
    }

    /// [`Interner::intern`] of a string that is not the last one found, with its hash.
    fn intern_hashed(&mut self, s: &[u8], hash: u64) -> u32 {
        let (bytes, ends) = (&self.bytes, &self.ends);
        let i = match self.table.find(hash, |&i| arena_slice(bytes, ends, i) == s) {
            Some(&i) => i,
            None => {
                let i = self.ends.len() as u32;
                self.bytes.extend_from_slice(s);
                self.ends.push(self.bytes.len());
                let (hasher, bytes, ends) = (&self.hasher, &self.bytes, &self.ends);
                self.table.insert_unique(hash, i, |&j| hasher.hash_one(arena_slice(bytes, ends, j)));
                i
            }
        };
        self.last = Some(i);
        i
    }

    fn len(&self) -> usize {
        self.ends.len()
    }
}

/// Property ids numbered a batch at a time ([`Interner::intern_all`]).
const PROPERTY_BATCH: usize = 64;

/// Builds [`Sales`] from text rows. With tracts given (RSAI), every sale must
/// name a known tract, and a CBSA that agrees with the tracts table.
pub struct SalesBuilder<'a> {
    tracts: Option<&'a Tracts>,
    properties: Interner,
    /// The property ids of the latest sales, not yet numbered: their bytes
    /// side by side, and where each ends. Every other column is filled at once.
    waiting: Vec<u8>,
    waiting_ends: Vec<u32>,
    regions: AHashMap<String, u32>,
    /// The last tract and region looked up: neighbouring rows usually share
    /// them. Compared by name in place, so that a change costs no allocation.
    last_tract: Option<u32>,
    last_region: Option<u32>,
    sales: Sales,
}

impl<'a> SalesBuilder<'a> {
    /// A builder; `tracts` is required for RSAI and ignored otherwise.
    pub fn new(tracts: Option<&'a Tracts>) -> Self {
        SalesBuilder {
            tracts,
            properties: Interner::default(),
            waiting: Vec::new(),
            waiting_ends: Vec::with_capacity(PROPERTY_BATCH),
            regions: AHashMap::new(),
            last_tract: None,
            last_region: None,
            sales: Sales::default(),
        }
    }

    /// A builder with room for `rows` sales, so that loading a known number of
    /// rows never regrows its columns or rehashes its property table.
    pub fn with_capacity(tracts: Option<&'a Tracts>, rows: usize) -> Self {
        let mut b = SalesBuilder::new(tracts);
        let s = &mut b.sales;
        s.property.reserve(rows);
        s.date.reserve(rows);
        s.price.reserve(rows);
        s.tract.reserve(rows);
        s.region.reserve(rows);
        s.line.reserve(rows);
        b.properties.ends.reserve(rows);
        b.properties.table.reserve(rows, |_| 0);
        b
    }

    /// Validates and adds one sale of values already read; the price must be
    /// positive and finite.
    pub fn push_values(
        &mut self,
        line: u64,
        property: &str,
        date: Date,
        price: f64,
        tract: Option<&str>,
        cbsa: Option<&str>,
    ) -> Result<(), RowIssue> {
        let property = property.trim();
        if property.is_empty() {
            return Err(RowIssue::new(line, "property_id", "empty property id"));
        }
        check_price(price).map_err(|reason| RowIssue::new(line, "price", reason))?;
        let cbsa = cbsa.map(str::trim).filter(|c| !c.is_empty());
        let tract_index = match self.tracts {
            Some(tracts) => {
                let tract = tract.map(str::trim).unwrap_or("");
                if tract.is_empty() {
                    return Err(RowIssue::new(line, "tract", "empty tract"));
                }
                let index = match self.last_tract {
                    Some(index) if tracts.id[index as usize] == tract => index,
                    _ => {
                        let index = tracts.find(tract).ok_or_else(|| {
                            RowIssue::new(line, "tract", format!("unknown tract '{tract}' (not in the tracts file)"))
                        })?;
                        self.last_tract = Some(index);
                        index
                    }
                };
                let home = &tracts.cbsa_names[tracts.cbsa[index as usize] as usize];
                if let Some(c) = cbsa {
                    if c != home {
                        return Err(RowIssue::new(
                            line,
                            "cbsa",
                            format!(
                                "CBSA '{c}' disagrees with the tracts file, which puts tract '{tract}' in '{home}'"
                            ),
                        ));
                    }
                }
                index
            }
            None => NONE,
        };
        let region = match cbsa {
            Some(c) => match self.last_region {
                Some(r) if self.sales.region_names[r as usize] == c => r,
                _ => {
                    let r = match self.regions.get(c) {
                        Some(&r) => r,
                        None => {
                            let r = self.sales.region_names.len() as u32;
                            self.sales.region_names.push(c.to_owned());
                            self.regions.insert(c.to_owned(), r);
                            r
                        }
                    };
                    self.last_region = Some(r);
                    r
                }
            },
            None => NONE,
        };
        self.waiting.extend_from_slice(property.as_bytes());
        self.waiting_ends.push(self.waiting.len() as u32);
        if self.waiting_ends.len() == PROPERTY_BATCH {
            self.number_waiting();
        }
        let s = &mut self.sales;
        s.date.push(date);
        s.price.push(price);
        s.tract.push(tract_index);
        s.region.push(region);
        s.line.push(line);
        Ok(())
    }

    /// Numbers the property ids waiting, into the property column.
    fn number_waiting(&mut self) {
        self.properties.intern_all(&self.waiting, &self.waiting_ends, &mut self.sales.property);
        self.waiting.clear();
        self.waiting_ends.clear();
    }

    /// Gives the sale just pushed the analyst's weight `w` (finite, not
    /// negative: [`check_measure`]); the sales before it without one weigh 1.
    pub fn weight_last(&mut self, w: f64) {
        debug_assert!(check_measure(w).is_ok(), "weights are checked before they are given");
        let s = &mut self.sales;
        s.weight.resize(s.price.len() - 1, 1.0);
        s.weight.push(w);
    }

    /// The finished table, rows in input-line order: same-date, same-price
    /// sales of a property are ordered by line (`docs/methodology.md#pairs-and-filters`), and the pairing
    /// relies on row order for that.
    pub fn finish(mut self) -> Sales {
        self.number_waiting();
        self.sales.properties = self.properties.len();
        let s = &mut self.sales;
        if !s.weight.is_empty() {
            s.weight.resize(s.price.len(), 1.0);
        }
        if !s.line.windows(2).all(|w| w[0] < w[1]) {
            let mut order: Vec<usize> = (0..s.line.len()).collect();
            order.sort_by_key(|&i| s.line[i]);
            fn permute<T: Copy>(v: &mut Vec<T>, order: &[usize]) {
                *v = order.iter().map(|&i| v[i]).collect();
            }
            permute(&mut s.property, &order);
            permute(&mut s.date, &order);
            permute(&mut s.price, &order);
            permute(&mut s.tract, &order);
            permute(&mut s.region, &order);
            permute(&mut s.line, &order);
            if !s.weight.is_empty() {
                permute(&mut s.weight, &order);
            }
        }
        self.sales
    }
}

/// The tract attributes that weights are made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attribute {
    /// Single-family housing units.
    Units,
    /// Median house value.
    MedianValue,
    /// Unpaid principal balance.
    Upb,
    /// College-educated population.
    College,
    /// Non-white population.
    Nonwhite,
}

impl Attribute {
    /// All attributes, in column order.
    pub const ALL: [Attribute; 5] =
        [Attribute::Units, Attribute::MedianValue, Attribute::Upb, Attribute::College, Attribute::Nonwhite];

    /// The column name.
    pub const fn column(self) -> &'static str {
        match self {
            Attribute::Units => "units",
            Attribute::MedianValue => "median_value",
            Attribute::Upb => "upb",
            Attribute::College => "college",
            Attribute::Nonwhite => "nonwhite",
        }
    }
}

/// Observed tract attributes: per row a tract, a year and up to five values.
#[derive(Clone, Debug, Default)]
pub struct Attributes {
    /// (tract index, year, values in [`Attribute::ALL`] order).
    pub rows: Vec<(u32, i32, [Option<f64>; 5])>,
}

/// Builds [`Attributes`]; a duplicate (tract, year) row is rejected, the first wins.
pub struct AttributesBuilder<'a> {
    tracts: &'a Tracts,
    seen: AHashSet<(u32, i32)>,
    attributes: Attributes,
}

impl<'a> AttributesBuilder<'a> {
    /// A builder resolving tract ids against `tracts`.
    pub fn new(tracts: &'a Tracts) -> Self {
        AttributesBuilder { tracts, seen: AHashSet::new(), attributes: Attributes::default() }
    }

    /// Validates and adds one row of values already read.
    pub fn push_values(&mut self, line: u64, tract: &str, year: i32, values: [Option<f64>; 5]) -> Result<(), RowIssue> {
        let tract = tract.trim();
        let index = self
            .tracts
            .find(tract)
            .ok_or_else(|| RowIssue::new(line, "tract", format!("unknown tract '{tract}' (not in the tracts file)")))?;
        check_year(year).map_err(|reason| RowIssue::new(line, "year", reason))?;
        for (attribute, v) in Attribute::ALL.iter().zip(values) {
            if let Some(v) = v {
                check_measure(v).map_err(|reason| RowIssue::new(line, attribute.column(), reason))?;
            }
        }
        if !self.seen.insert((index, year)) {
            return Err(RowIssue::new(
                line,
                "year",
                format!("duplicate row for tract '{tract}' and year '{year}' (the first row wins)"),
            ));
        }
        self.attributes.rows.push((index, year, values));
        Ok(())
    }

    /// The finished table.
    pub fn finish(self) -> Attributes {
        self.attributes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse_iso(text).unwrap()
    }

    fn tracts() -> Tracts {
        let mut b = TractsBuilder::default();
        b.push_values(2, "B", "100", 47.6, -122.3).unwrap();
        b.push_values(3, "A", "100", 47.5, -122.3).unwrap();
        assert!(b.push_values(4, "A", "100", 1.0, 1.0).unwrap_err().reason.contains("duplicate"));
        assert_eq!(b.push_values(5, "C", "100", 91.0, 1.0).unwrap_err().column, "lat");
        b.finish()
    }

    #[test]
    fn interned_ids_number_strings_in_first_seen_order_with_repeats_in_a_row() {
        let mut interner = Interner::default();
        let ids: Vec<u32> =
            ["a", "a", "b", "a", "c", "b", "b", "", "", "a"].iter().map(|s| interner.intern(s)).collect();
        assert_eq!(ids, [0, 0, 1, 0, 2, 1, 1, 3, 3, 0]);
        assert_eq!(interner.len(), 4);
    }

    /// Numbering a batch at a time gives every string the number one at a
    /// time gives, batches of any length, repeats in a row across their edges.
    #[test]
    fn batches_number_strings_as_one_at_a_time() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let strings: Vec<String> =
            (0..5000).map(|_| format!("p{}", if rng.gen_bool(0.4) { 7 } else { rng.gen_range(0..800) })).collect();
        let mut one = Interner::default();
        let want: Vec<u32> = strings.iter().map(|s| one.intern(s)).collect();
        for batch in [1, 2, 5, 63, PROPERTY_BATCH] {
            let mut interner = Interner::default();
            let mut got = Vec::new();
            for part in strings.chunks(batch) {
                let mut bytes = Vec::new();
                let mut ends = Vec::new();
                for s in part {
                    bytes.extend_from_slice(s.as_bytes());
                    ends.push(bytes.len() as u32);
                }
                interner.intern_all(&bytes, &ends, &mut got);
            }
            assert_eq!(got, want, "batches of {batch}");
            assert_eq!(interner.len(), one.len());
        }
    }

    #[test]
    fn tracts_sorted_by_id() {
        let t = tracts();
        assert_eq!(t.id, vec!["A", "B"]);
        assert_eq!(t.find("B"), Some(1));
        assert_eq!(t.lat[0], 47.5);
    }

    #[test]
    fn sales_rows_checked() {
        let t = tracts();
        let mut b = SalesBuilder::new(Some(&t));
        b.push_values(2, "p1", date("2010-01-01"), 100000.0, Some("A"), Some("100")).unwrap();
        b.push_values(3, "p1", date("2011-01-01"), 1.2e5, Some("B"), None).unwrap();
        let e = |r: Result<(), RowIssue>| r.unwrap_err();
        let d = date("2010-02-01");
        assert!(e(b.push_values(5, "p2", d, -5.0, Some("A"), None)).reason.contains("not positive"));
        assert!(e(b.push_values(6, "p2", d, f64::NAN, Some("A"), None)).reason.contains("not a finite number"));
        assert!(e(b.push_values(7, "p2", d, 1.0, Some("Z"), None)).reason.contains("unknown tract"));
        assert!(e(b.push_values(8, "p2", d, 1.0, Some("A"), Some("200"))).reason.contains("disagrees"));
        assert_eq!(e(b.push_values(9, "", d, 1.0, Some("A"), None)).column, "property_id");
        let s = b.finish();
        assert_eq!(s.len(), 2);
        assert_eq!(s.properties, 1);
        assert_eq!(s.tract, vec![0, 1]);
        assert_eq!(s.line, vec![2, 3]);
    }

    #[test]
    fn attributes_rows_checked() {
        let t = tracts();
        let mut b = AttributesBuilder::new(&t);
        b.push_values(2, "A", 2010, [Some(10.0), None, None, None, Some(3.0)]).unwrap();
        let one = [Some(1.0), None, None, None, None];
        assert!(b.push_values(3, "A", 2010, one).unwrap_err().reason.contains("duplicate"));
        assert_eq!(b.push_values(4, "A", 2011, [Some(-1.0), None, None, None, None]).unwrap_err().column, "units");
        assert_eq!(b.push_values(5, "A", 20, [None; 5]).unwrap_err().column, "year");
        let a = b.finish();
        assert_eq!(a.rows, vec![(0, 2010, [Some(10.0), None, None, None, Some(3.0)])]);
    }
}
