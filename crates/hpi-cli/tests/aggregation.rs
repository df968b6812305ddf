//! Aggregation groups and seasonal adjustment through the real `hpi` binary:
//! on the sample (files and project), and on generated data whose tract ids
//! are GEOIDs (`docs/methodology.md#aggregation-groups`, `#seasonal-adjustment`).

mod common;

use common::{hpi, ok, p, root, sample_project};
use std::collections::BTreeMap;

/// `region,weight` → the index values of an index file, in period order.
fn series(path: &str) -> BTreeMap<(String, String), Vec<f64>> {
    let mut out: BTreeMap<(String, String), Vec<f64>> = BTreeMap::new();
    let mut r = csv::Reader::from_path(path).unwrap();
    for rec in r.records() {
        let rec = rec.unwrap();
        out.entry((rec[0].to_owned(), rec[2].to_owned())).or_default().push(rec[4].parse().unwrap());
    }
    out
}

fn sample_files() -> Vec<String> {
    let f = |n: &str| root(&format!("sample/{n}"));
    ["--transactions", &f("transactions.csv"), "--tracts", &f("tracts.csv"), "--attributes", &f("attributes.csv")]
        .map(String::from)
        .to_vec()
}

#[test]
fn one_group_per_cbsa_is_the_cbsa_and_states_span_cbsas_on_the_sample() {
    let d = tempfile::tempdir().unwrap();
    // Every sample tract in a group named after its CBSA.
    let tracts = std::fs::read_to_string(root("sample/tracts.csv")).unwrap();
    let groups: String = std::iter::once("tract,group".to_owned())
        .chain(tracts.lines().skip(1).map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            format!("{},cbsa {}", f[0], f[1])
        }))
        .collect::<Vec<_>>()
        .join("\n");
    let groups_file = p(d.path(), "groups.csv");
    std::fs::write(&groups_file, groups).unwrap();
    let out = p(d.path(), "index.csv");
    let mut args: Vec<String> = vec!["calculate".into()];
    args.extend(sample_files());
    for a in ["--method", "rsai", "--start", "2000", "--end", "2021", "--aggregate", "state,county,nation"] {
        args.push(a.into());
    }
    args.extend(["--groups".into(), groups_file, "--output".into(), out.clone()]);
    ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let s = series(&out);
    let mut worst: f64 = 0.0;
    for cbsa in ["10180", "10420", "11100"] {
        for w in ["sample", "value", "unit", "upb", "college", "nonwhite"] {
            let city = &s[&(cbsa.to_owned(), w.to_owned())];
            let group = &s[&(format!("group:cbsa {cbsa}"), w.to_owned())];
            for (c, g) in city.iter().zip(group) {
                worst = worst.max((c.ln() - g.ln()).abs());
            }
        }
    }
    assert!(worst < 1e-12, "one group per CBSA: max |Δ ln index| {worst:e}");
    println!("one group per CBSA on the sample: max |Δ ln index| {worst:e}");
    // Texas holds Abilene and Amarillo: its change lies between theirs every year.
    let (tx, a, b) = (
        &s[&("state:48".to_owned(), "unit".to_owned())],
        &s[&("10180".to_owned(), "unit".to_owned())],
        &s[&("11100".to_owned(), "unit".to_owned())],
    );
    for t in 1..tx.len() {
        let ch = |v: &[f64]| (v[t] / v[t - 1]).ln();
        let (lo, hi) = (ch(a).min(ch(b)), ch(a).max(ch(b)));
        assert!(ch(tx) >= lo - 1e-12 && ch(tx) <= hi + 1e-12, "year {t}");
    }
    // Ohio is Akron alone; the nation spans all three.
    let ohio = &s[&("state:39".to_owned(), "unit".to_owned())];
    let akron = &s[&("10420".to_owned(), "unit".to_owned())];
    assert!(ohio.iter().zip(akron).all(|(o, a)| (o.ln() - a.ln()).abs() < 1e-12));
    for county in ["county:48441", "county:48253", "county:48059", "county:48375", "county:48381", "county:39153"] {
        assert!(s.contains_key(&(county.to_owned(), "unit".to_owned())), "{county}");
    }
    assert!(s.contains_key(&("nation:US".to_owned(), "sample".to_owned())));
}

#[test]
fn groups_import_into_a_project_with_bad_rows_named_and_aggregate_there() {
    let d = tempfile::tempdir().unwrap();
    let project = sample_project(d.path());
    let bad = p(d.path(), "bad-groups.csv");
    std::fs::write(&bad, "tract,group\n48441000100,core\n99999999999,core\n48441000100,core\n48441000200,\n").unwrap();
    let o = hpi(&["import", &bad, "--project", &project, "--kind", "groups"]);
    assert!(!o.status.success());
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(said.contains("bad-groups.csv:4: group: tract '48441000100' is already in group 'core'"), "{said}");
    assert!(said.contains("bad-groups.csv:5: group: empty group"), "{said}");
    let o = ok(&["import", &bad, "--project", &project, "--kind", "groups", "--skip-bad-rows"]);
    let said = String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
    assert!(said.contains("imported 2 of 4 rows"), "{said}");
    // The tract the tracts table lacks is stored but refused when a run reads it, with its line.
    let out = p(d.path(), "index.csv");
    let o = ok(&[
        "calculate",
        "--project",
        &project,
        "--method",
        "rsai",
        "--start",
        "2000",
        "--end",
        "2021",
        "--weights",
        "unit",
        "--aggregate",
        "groups,state",
        "--output",
        &out,
    ]);
    let s = series(&out);
    assert!(s.contains_key(&("group:core".to_owned(), "unit".to_owned())));
    assert!(s.contains_key(&("state:48".to_owned(), "unit".to_owned())));
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(said.contains("99999999999"), "the unknown tract is named: {said}");
    // The saved run exports the same rows.
    let exported = p(d.path(), "exported.csv");
    ok(&["export", "--project", &project, "--run", "1", "--output", &exported]);
    assert_eq!(series(&exported), s);
    // Pooled methods have no tracts to aggregate.
    let o = hpi(&[
        "calculate",
        "--project",
        &project,
        "--method",
        "bmn",
        "--start",
        "2000",
        "--end",
        "2021",
        "--aggregate",
        "state",
    ]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("applies to the RSAI method only"));
}

#[test]
fn generated_tract_ids_are_geoids_of_their_cbsas_counties() {
    let d = tempfile::tempdir().unwrap();
    let dir = p(d.path(), "gen");
    ok(&["generate", "--seed", "5", "--cbsas", "6", "--tracts-per-cbsa", "10", "--properties", "12000", "--out", &dir]);
    let f = |n: &str| format!("{dir}/{n}");
    let tracts = std::fs::read_to_string(f("tracts.csv")).unwrap();
    for line in tracts.lines().skip(1) {
        let id = line.split(',').next().unwrap();
        assert!(id.len() == 11 && id.bytes().all(|b| b.is_ascii_digit()), "{id}");
    }
    let o = ok(&[
        "quality",
        "--json",
        "--transactions",
        &f("transactions.csv"),
        "--tracts",
        &f("tracts.csv"),
        "--attributes",
        &f("attributes.csv"),
        "--method",
        "rsai",
        "--start",
        "2000",
        "--end",
        "2021",
        "--keep-small-cbsas",
        "--aggregate",
        "state,county,nation",
    ]);
    let q: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let a = &q["rsai"]["aggregation"];
    assert!(a.get("not_geoid").is_none(), "{a}");
    let regions: Vec<&str> = a["groups"].as_array().unwrap().iter().map(|g| g["region"].as_str().unwrap()).collect();
    // Abilene and Amarillo are in Texas; Akron in Ohio; Albany in New York; Albuquerque in New
    // Mexico; Atlanta in Georgia (Fulton County, 13121, among its counties).
    for region in ["state:48", "state:39", "state:36", "state:35", "state:13", "county:13121", "nation:US"] {
        assert!(regions.contains(&region), "{region} in {regions:?}");
    }
    let texas = a["groups"].as_array().unwrap().iter().find(|g| g["region"] == "state:48").unwrap();
    assert_eq!(texas["cbsas"], 2);
    let o = hpi(&["generate", "--cbsas", "53", "--out", &dir]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("--cbsas is at most 52"));
}

#[test]
fn seasonal_adjustment_is_saved_exported_and_refused_where_there_is_no_season() {
    let d = tempfile::tempdir().unwrap();
    let project = sample_project(d.path());
    let out = p(d.path(), "q.csv");
    let base = ["--project", &project, "--method", "bmn", "--start", "2000", "--end", "2021"];
    ok(&[&["calculate"], &base[..], &["--period", "quarterly", "--seasonal-adjust", "--output", &out]].concat());
    let exported = p(d.path(), "exported.csv");
    ok(&["export", "--project", &project, "--run", "1", "--output", &exported]);
    let (a, b) = (std::fs::read_to_string(&out).unwrap(), std::fs::read_to_string(&exported).unwrap());
    assert!(a.lines().next().unwrap().ends_with(",index,index_sa"), "{}", a.lines().next().unwrap());
    assert_eq!(a, b, "the saved run exports what the run wrote");
    let o = ok(&[&["quality"], &base[..], &["--period", "quarterly", "--seasonal-adjust"]].concat());
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("seasonal window 7, trend 9, low-pass 5") && text.contains("Every series is adjusted"),
        "{text}"
    );
    for (extra, why) in [
        (&["--period", "annual", "--seasonal-adjust"][..], "annual indices have no season"),
        (&["--period", "monthly", "--seasonal-adjust", "--stl-seasonal", "6"][..], "odd number of at least 3"),
    ] {
        let o = hpi(&[&["calculate"], &base[..], extra, &["--output", &out]].concat());
        assert!(String::from_utf8_lossy(&o.stderr).contains(why), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let rsai = hpi(&[
        "calculate",
        "--project",
        &project,
        "--method",
        "rsai",
        "--start",
        "2000",
        "--end",
        "2021",
        "--seasonal-adjust",
    ]);
    assert!(String::from_utf8_lossy(&rsai.stderr).contains("seasonal adjustment needs quarterly or monthly periods"));
}
