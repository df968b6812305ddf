//! A run's tract panel as schema 9 stores it: one row per stretch of tracts
//! of one CBSA, their points packed in a blob.
//!
//! A national panel has millions of tract-years. Stored as one SQLite row
//! each (schema 1-8, table `run_tracts`) with its index, a run took about
//! 90 bytes a point and seconds to save; packed, it takes about 14 and the
//! save is a few hundred inserts. The blob is postcard (serde's compact
//! binary format with a stable specification), so f64 values come back bit
//! for bit; it opens with a format number so that a later layout can be read
//! beside this one without rewriting saved runs.

use crate::runs::TractRow;
use hpi_engine::TractSeries;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The layout written by this build.
const FORMAT: u8 = 1;

#[derive(Serialize, Deserialize)]
struct Packed<'a> {
    format: u8,
    #[serde(borrow)]
    tracts: Vec<PackedTract<'a>>,
}

#[derive(Serialize, Deserialize)]
struct PackedTract<'a> {
    tract: &'a str,
    #[serde(borrow)]
    points: Vec<PackedPoint<'a>>,
}

#[derive(Serialize, Deserialize)]
struct PackedPoint<'a> {
    year: i32,
    value: Option<f64>,
    #[serde(borrow)]
    supertract: Supertract<'a>,
    half_pairs: u64,
}

/// A supertract is named by its smallest tract: the point's own tract in
/// most tract-years, another of the stretch's tracts in most others, each
/// said in a byte or two instead of the id again.
#[derive(Serialize, Deserialize)]
enum Supertract<'a> {
    None,
    Own,
    /// The tract at this place in the stretch.
    Tract(u32),
    /// A tract not in the stretch.
    Named(&'a str),
}

/// The panel in stored rows: each stretch of consecutive tracts of one CBSA
/// as (CBSA, blob), in the panel's order.
pub(crate) fn pack(tracts: &[TractSeries]) -> Vec<(&str, Vec<u8>)> {
    tracts
        .chunk_by(|a, b| a.cbsa == b.cbsa)
        .map(|stretch| {
            let places: HashMap<&str, u32> = stretch.iter().zip(0..).map(|(t, k)| (t.tract.as_str(), k)).collect();
            let packed = Packed { format: FORMAT, tracts: stretch.iter().map(|t| pack_tract(t, &places)).collect() };
            // Serialising into memory fails only for types postcard cannot
            // express, and these are fixed above.
            let blob = postcard::to_allocvec(&packed).expect("a tract panel serialises");
            (stretch[0].cbsa.as_str(), blob)
        })
        .collect()
}

fn pack_tract<'a>(t: &'a TractSeries, places: &HashMap<&str, u32>) -> PackedTract<'a> {
    let points = t
        .points
        .iter()
        .map(|p| PackedPoint {
            year: p.year,
            value: p.index,
            supertract: match p.supertract.as_deref() {
                None => Supertract::None,
                Some(s) if s == t.tract => Supertract::Own,
                Some(s) => places.get(s).map_or(Supertract::Named(s), |&k| Supertract::Tract(k)),
            },
            half_pairs: p.half_pairs,
        })
        .collect();
    PackedTract { tract: &t.tract, points }
}

/// Appends the rows of one stored stretch of `cbsa`'s tracts to `out`; the
/// reason when the blob is not one this build or an earlier one wrote.
pub(crate) fn unpack(cbsa: &str, blob: &[u8], out: &mut Vec<TractRow>) -> Result<(), String> {
    let (packed, rest) =
        postcard::take_from_bytes::<Packed>(blob).map_err(|e| format!("a tract panel blob of CBSA {cbsa}: {e}"))?;
    if packed.format != FORMAT {
        return Err(format!(
            "a tract panel blob of CBSA {cbsa} has layout {}, which this version does not know (it writes {FORMAT})",
            packed.format
        ));
    }
    if !rest.is_empty() {
        return Err(format!("a tract panel blob of CBSA {cbsa} has {} bytes after its end", rest.len()));
    }
    let names: Vec<&str> = packed.tracts.iter().map(|t| t.tract).collect();
    let named = |k: u32| usize::try_from(k).ok().and_then(|k| names.get(k)).map(|n| (*n).to_owned());
    for t in &packed.tracts {
        for p in &t.points {
            let half_pairs = i64::try_from(p.half_pairs).map_err(|_| {
                format!("tract {} of CBSA {cbsa} has {} half-pairs in {}", t.tract, p.half_pairs, p.year)
            })?;
            out.push(TractRow {
                tract: t.tract.to_owned(),
                cbsa: cbsa.to_owned(),
                year: i64::from(p.year),
                value: p.value,
                supertract: match p.supertract {
                    Supertract::None => None,
                    Supertract::Own => Some(t.tract.to_owned()),
                    Supertract::Tract(k) => Some(named(k).ok_or_else(|| {
                        format!("tract {} of CBSA {cbsa} names tract {k} of {} in {}", t.tract, names.len(), p.year)
                    })?),
                    Supertract::Named(s) => Some(s.to_owned()),
                },
                half_pairs: Some(half_pairs),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use hpi_engine::TractPoint;
    use std::sync::Arc;

    fn series(tract: &str, cbsa: &str, points: &[(i32, Option<f64>, Option<&str>, u64)]) -> TractSeries {
        TractSeries {
            tract: tract.into(),
            cbsa: cbsa.into(),
            points: points
                .iter()
                .map(|&(year, index, supertract, half_pairs)| TractPoint {
                    year,
                    index,
                    supertract: supertract.map(Arc::from),
                    half_pairs,
                })
                .collect(),
        }
    }

    fn rows(tracts: &[TractSeries]) -> Vec<TractRow> {
        let mut out = Vec::new();
        for (cbsa, blob) in pack(tracts) {
            unpack(cbsa, &blob, &mut out).unwrap();
        }
        out
    }

    #[test]
    fn a_panel_comes_back_bit_for_bit_in_its_order() {
        let tracts = [
            series(
                "53033000100",
                "42660",
                &[(2000, Some(100.0), None, 4), (2001, Some(0.1 + 0.2), Some("53033000100"), 0)],
            ),
            series("53033000200", "42660", &[(2000, Some(100.0), None, 1), (2001, None, Some("53033000100"), 7)]),
            series("06037000100", "31080", &[(2000, Some(f64::MIN_POSITIVE), None, u64::from(u32::MAX) + 5)]),
            // The same CBSA again after another: a stretch of its own, still in place.
            series("53033000300", "42660", &[(2000, Some(1e300), Some("53033000100"), 2), (2001, None, Some(""), 0)]),
        ];
        let packed = pack(&tracts);
        assert_eq!(packed.iter().map(|(c, _)| *c).collect::<Vec<_>>(), ["42660", "31080", "42660"]);
        let back = rows(&tracts);
        // Tract, CBSA, year, the value's bits, supertract, half-pairs.
        type Point = (String, String, i64, Option<u64>, Option<String>, Option<i64>);
        let expected: Vec<Point> = tracts
            .iter()
            .flat_map(|t| {
                t.points.iter().map(|p| {
                    let supertract = p.supertract.as_deref().map(str::to_owned);
                    (
                        t.tract.clone(),
                        t.cbsa.clone(),
                        i64::from(p.year),
                        p.index.map(f64::to_bits),
                        supertract,
                        Some(p.half_pairs as i64),
                    )
                })
            })
            .collect();
        let got: Vec<_> = back
            .into_iter()
            .map(|r| (r.tract, r.cbsa, r.year, r.value.map(f64::to_bits), r.supertract, r.half_pairs))
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn an_empty_panel_stores_nothing() {
        assert!(pack(&[]).is_empty());
    }

    #[test]
    fn damaged_blobs_are_refused_with_a_reason() {
        let tracts = [series("1", "10180", &[(2000, Some(100.0), Some("1"), 3), (2001, Some(101.5), Some("2"), 1)])];
        let (_, blob) = pack(&tracts).remove(0);
        let mut out = Vec::new();
        for cut in 0..blob.len() {
            assert!(unpack("10180", &blob[..cut], &mut out).is_err(), "cut at {cut}");
        }
        let mut longer = blob.clone();
        longer.push(0);
        assert!(unpack("10180", &longer, &mut out).unwrap_err().contains("1 bytes after its end"));
        let mut later = blob.clone();
        later[0] = FORMAT + 1;
        assert!(unpack("10180", &later, &mut out).unwrap_err().contains("layout 2"));
        // A length prefix claiming four billion tracts is refused when the bytes run out, not allocated.
        let huge = [FORMAT, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F];
        assert!(unpack("10180", &huge, &mut out).is_err());
        assert!(out.is_empty(), "{out:?}");
        // A supertract at a place the stretch does not have.
        let point = PackedPoint { year: 2001, value: None, supertract: Supertract::Tract(1), half_pairs: 0 };
        let stray = Packed { format: FORMAT, tracts: vec![PackedTract { tract: "1", points: vec![point] }] };
        let e = unpack("10180", &postcard::to_allocvec(&stray).unwrap(), &mut out).unwrap_err();
        assert_eq!(e, "tract 1 of CBSA 10180 names tract 1 of 1 in 2001");
    }
}
