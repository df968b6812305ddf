//! The overview of a real project file: its counts add up, its half-pairs are
//! those an RSAI run over every year counts, and it is kept in the project.

use hpi_store::{ImportKind, ImportOptions, Project};
use hpi_usecases::overview::{coverage, overview};
use hpi_usecases::{Method, RunRequest};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../sample").join(name)
}

fn import(p: &mut Project, file: &str, kind: ImportKind) {
    hpi_store::import(p, &sample(file), kind, &ImportOptions::default(), &mut |_| {}).unwrap();
}

#[test]
fn the_overview_adds_up_and_matches_a_run_s_half_pairs() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Project::create(&dir.path().join("o.hpiproj")).unwrap();
    import(&mut p, "tracts.csv", ImportKind::Tracts);
    import(&mut p, "transactions.csv", ImportKind::Transactions);
    let o = overview(&mut p).unwrap();
    let [sales, tracts, _, _] = p.counts().unwrap();
    assert_eq!(o.years, (2000..=2021).collect::<Vec<_>>());
    let total = &o.counts[0];
    assert_eq!(total.cbsa, None);
    assert_eq!(total.sales.iter().sum::<u64>(), sales as u64);
    assert_eq!(total.tracts, tracts as u64);
    let cbsas: Vec<_> = o.counts[1..].iter().map(|c| c.cbsa.clone().unwrap()).collect();
    assert_eq!(cbsas, ["10180", "10420", "11100"]);
    for k in 0..o.years.len() {
        let (s, pairs) = o.counts[1..].iter().fold((0, 0), |(s, q), c| (s + c.sales[k], q + c.pairs[k]));
        assert_eq!(s, total.sales[k], "sales in {}", o.years[k]);
        assert_eq!(pairs, total.pairs[k], "pairs in {}", o.years[k]);
    }
    assert_eq!(o.sales_without_cbsa, 0);
    assert!(total.pairs.iter().sum::<u64>() > 10_000);

    // A pair gives a half-pair to the year of each of its sales.
    for c in &o.counts[1..] {
        let cov = coverage(&mut p, c.cbsa.as_deref().unwrap()).unwrap();
        assert_eq!(cov.len() as u64, c.tracts);
        let halves: u64 = cov.iter().flat_map(|t| t.half_pairs.iter()).sum();
        assert_eq!(halves, 2 * c.pairs.iter().sum::<u64>());
    }

    // An RSAI run over every year with the default filters counts the same half-pairs per tract.
    let checked = RunRequest::new(Method::Rsai, 2000, 2021).check().unwrap();
    let saved = hpi_usecases::calculate_in_project(&mut p, &checked, &|_| {}, &AtomicBool::new(false)).unwrap();
    let id = saved.id;
    // The saved panel reads back as computed, bit for bit and in order.
    let computed: Vec<_> = saved
        .outcome
        .tracts()
        .unwrap()
        .iter()
        .flat_map(|t| {
            t.points.iter().map(|q| {
                let supertract = q.supertract.as_deref().map(str::to_owned);
                (
                    t.tract.clone(),
                    t.cbsa.clone(),
                    i64::from(q.year),
                    q.index.map(f64::to_bits),
                    supertract,
                    q.half_pairs,
                )
            })
        })
        .collect();
    let stored: Vec<_> = p
        .run_tracts(id, None)
        .unwrap()
        .into_iter()
        .map(|r| (r.tract, r.cbsa, r.year, r.value.map(f64::to_bits), r.supertract, r.half_pairs.unwrap() as u64))
        .collect();
    assert!(computed.len() > 1000, "{} tract-years", computed.len());
    assert_eq!(stored, computed);
    let run: HashMap<(String, i64), Option<u64>> = p
        .run_tracts(id, Some("10420"))
        .unwrap()
        .into_iter()
        .map(|r| ((r.tract, r.year), r.half_pairs.map(|h| h as u64)))
        .collect();
    let cov = coverage(&mut p, "10420").unwrap();
    let mut compared = 0;
    for t in &cov {
        for (k, year) in o.years.iter().enumerate() {
            if let Some(Some(h)) = run.get(&(t.tract.clone(), i64::from(*year))) {
                assert_eq!(*h, t.half_pairs[k], "tract {} in {year}", t.tract);
                compared += 1;
            }
        }
    }
    assert!(compared > 500, "{compared} tract-years compared");
}

#[test]
fn the_overview_is_kept_until_the_data_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Project::create(&dir.path().join("k.hpiproj")).unwrap();
    import(&mut p, "tracts.csv", ImportKind::Tracts);
    import(&mut p, "transactions.csv", ImportKind::Transactions);
    let fingerprint = hpi_store::runs::input_fingerprint(&p).unwrap();
    assert_eq!(hpi_store::overview::cached(&p, &fingerprint, "overview").unwrap(), None);
    let first = overview(&mut p).unwrap();
    assert!(hpi_store::overview::cached(&p, &fingerprint, "overview").unwrap().is_some(), "kept in the project");
    drop(p);
    let mut p = Project::open(&dir.path().join("k.hpiproj")).unwrap();
    assert_eq!(overview(&mut p).unwrap(), first, "read back as computed");

    // New sales (one more repeat pair): computed again, and only the new overview is kept.
    let tract = &coverage(&mut p, "10180").unwrap()[0].tract;
    let more = dir.path().join("more.csv");
    std::fs::write(
        &more,
        format!("property_id,sale_date,price,tract,cbsa\nnew-1,2004-05-01,150000,{tract},10180\nnew-1,2011-07-01,210000,{tract},10180\n"),
    )
    .unwrap();
    hpi_store::import(&mut p, &more, ImportKind::Transactions, &ImportOptions::default(), &mut |_| {}).unwrap();
    let again = overview(&mut p).unwrap();
    assert_eq!(again.counts[0].sales.iter().sum::<u64>(), first.counts[0].sales.iter().sum::<u64>() + 2);
    assert_eq!(again.counts[0].pairs.iter().sum::<u64>(), first.counts[0].pairs.iter().sum::<u64>() + 1);
    assert_eq!(hpi_store::overview::cached(&p, &fingerprint, "overview").unwrap(), None);
}
