//! Impossible data through the real binary: implausible dates and prices,
//! coordinates off the globe, a line of 100 MB, a 2 GB file without line
//! breaks, a file of only a header, and files that are not projects. Each
//! is refused as `FILE:LINE: column: reason`, in bounded memory, with the
//! project left as it was.

mod common;

use common::{hpi, ok, p};
use std::path::Path;

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The project's count of transactions, as `project info` gives it.
fn transactions(project: &str) -> String {
    let info = String::from_utf8(ok(&["project", "info", project]).stdout).unwrap();
    let before = info.split(" transactions").next().unwrap_or_default();
    before.rsplit(' ').next().unwrap_or_default().to_owned()
}

fn new_project(dir: &Path) -> String {
    let project = p(dir, "x.hpiproj");
    ok(&["project", "new", &project]);
    project
}

#[test]
fn implausible_years_and_prices_are_bad_rows_with_their_reason() {
    let d = tempfile::tempdir().unwrap();
    let project = new_project(d.path());
    let file = p(d.path(), "s.csv");
    std::fs::write(
        &file,
        "property_id,sale_date,price\n\
         a,2001-06-30,100000\n\
         a,0201-06-30,120000\n\
         b,2003-01-01,130000\n\
         b,2005-01-01,1e13\n\
         c,2004-01-01,inf\n\
         c,2006-01-01,150000\n\
         d,3012-01-01,150000\n",
    )
    .unwrap();
    let o = hpi(&["import", &file, "--project", &project, "--kind", "transactions"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains(&format!("{file}:3: sale_date: 0201-06-30 is outside the plausible years 1900..")), "{e}");
    assert!(e.contains(&format!("{file}:5: price: price 10000000000000 is above the plausible bound")), "{e}");
    assert!(e.contains(&format!("{file}:6: price: price 'inf' is not a finite number")), "{e}");
    assert!(e.contains(&format!("{file}:8: sale_date: 3012-01-01 is outside the plausible years")), "{e}");
    assert!(e.contains("4 bad rows, nothing imported") && e.contains("--earliest-year"), "{e}");
    assert_eq!(transactions(&project), "0");

    // The bounds are the analyst's to widen (historical data, another currency).
    let widened = ["--earliest-year", "200", "--latest-year", "3100", "--max-price", "1e14"];
    let mut args = vec!["import", &file, "--project", &project, "--kind", "transactions", "--skip-bad-rows"];
    args.extend(widened);
    let o = ok(&args);
    assert!(stderr(&o).contains("imported 6 of 7 rows"), "{}", stderr(&o));
    let o = hpi(&["import", &file, "--project", &project, "--kind", "transactions", "--latest-year", "1800"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("after the latest 1800"), "{}", stderr(&o));

    // Without --strict the run leaves the bad rows out; with it, the first one stops the run.
    let out = p(d.path(), "i.csv");
    let run = ["calculate", "--transactions", &file, "--method", "bmn", "--start", "2001", "--end", "2006"];
    let o = ok(&[&run[..], &["--output", &out]].concat());
    assert!(stderr(&o).contains("4 rows left out") || stderr(&o).contains("left out"), "{}", stderr(&o));
    let index = std::fs::read_to_string(&out).unwrap();
    assert_eq!(index.lines().count(), 7, "2001..2006 and the header, not 0201..3012: {index}");
    let o = hpi(&[&run[..], &["--output", &out, "--strict"]].concat());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(&format!("{file}:3: sale_date: 0201-06-30 is outside")), "{}", stderr(&o));
}

#[test]
fn coordinates_off_the_globe_are_bad_rows() {
    let d = tempfile::tempdir().unwrap();
    let project = new_project(d.path());
    let file = p(d.path(), "t.csv");
    std::fs::write(&file, "tract,cbsa,lat,lon\nt1,c,47.6,-122.3\nt2,c,91,-122.3\nt3,c,47.6,-180.5\nt4,c,NaN,0\n")
        .unwrap();
    let o = hpi(&["import", &file, "--project", &project, "--kind", "tracts"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains(&format!("{file}:3: lat: '91' is outside -90..90")), "{e}");
    assert!(e.contains(&format!("{file}:4: lon: '-180.5' is outside -180..180")), "{e}");
    assert!(e.contains(&format!("{file}:5: lat: 'NaN' is outside -90..90")), "{e}");
}

/// `hpi calculate` of BMN on `file`.
fn bmn_on<'a>(file: &'a str, out: &'a str) -> [&'a str; 11] {
    ["calculate", "--transactions", file, "--method", "bmn", "--start", "2000", "--end", "2001", "--output", out]
}

/// Runs `hpi` with its address space capped at 400 MB, so that a reader
/// that held a huge line or file whole would fail rather than pass.
fn bounded(args: &[&str]) -> std::process::Output {
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    let script = format!("ulimit -v 400000; exec '{}' {}", env!("CARGO_BIN_EXE_hpi"), quoted.join(" "));
    std::process::Command::new("sh").args(["-c", &script]).output().unwrap()
}

#[test]
fn a_huge_line_and_a_file_without_line_breaks_are_refused_in_bounded_memory() {
    let d = tempfile::tempdir().unwrap();
    let project = new_project(d.path());
    ok(&["import", &common::root("sample/transactions.csv"), "--project", &project, "--kind", "transactions"]);
    let before = transactions(&project);

    let long = p(d.path(), "long.csv");
    let mut text = String::from("property_id,sale_date,price\na,2010-01-01,100000\nb,2011-01-01,");
    text.push_str(&"9".repeat(100 << 20));
    text.push('\n');
    std::fs::write(&long, text).unwrap();
    let o = bounded(&["import", &long, "--project", &project, "--kind", "transactions"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains(&format!("{long}:3: (row): the line is longer than 1 MiB")), "{}", stderr(&o));

    // 2 GB of zero bytes (a sparse file: no disk is used), as a disk image or a
    // binary renamed .csv would be.
    let zeros = p(d.path(), "zeros.csv");
    std::fs::File::create(&zeros).unwrap().set_len(2 << 30).unwrap();
    let o = bounded(&["import", &zeros, "--project", &project, "--kind", "transactions"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains(&format!("{zeros}:1: (row): the line is longer than 1 MiB")), "{}", stderr(&o));
    let out = p(d.path(), "out.csv");
    let o = bounded(&bmn_on(&zeros, &out));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));

    let header = p(d.path(), "header.csv");
    std::fs::write(&header, "property_id,sale_date,price\n").unwrap();
    let o = hpi(&["import", &header, "--project", &project, "--kind", "transactions"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(&format!("{header}:2: (row): the file has a header but no data rows")),
        "{}",
        stderr(&o)
    );
    let o = hpi(&bmn_on(&header, &out));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("has a header but no data rows"), "{}", stderr(&o));

    assert_eq!(transactions(&project), before, "nothing of the refused files reached the project");
    let check = String::from_utf8(ok(&["db", "check", "--project", &project]).stdout).unwrap();
    assert!(check.contains("integrity: ok"), "{check}");
}

#[test]
fn every_command_that_opens_a_project_refuses_a_file_that_is_not_one_with_exit_code_2() {
    let d = tempfile::tempdir().unwrap();
    let fake = p(d.path(), "fake.hpiproj");
    std::fs::write(&fake, "this is a spreadsheet, not a project\n".repeat(100)).unwrap();
    let out = p(d.path(), "out.csv");
    let sample = common::root("sample/transactions.csv");
    let run = ["--method", "bmn", "--start", "2000", "--end", "2001"];
    let commands: Vec<Vec<&str>> = vec![
        vec!["project", "info", &fake],
        vec!["import", &sample, "--project", &fake, "--kind", "transactions"],
        [&["calculate", "--project", &fake][..], &run[..]].concat(),
        [&["evaluate", "--project", &fake][..], &run[..]].concat(),
        [&["quality", "--project", &fake][..], &run[..]].concat(),
        vec!["runs", "list", "--project", &fake],
        vec!["runs", "show", "--project", &fake, "1"],
        vec!["runs", "delete", "--project", &fake, "1"],
        vec!["db", "check", "--project", &fake],
        vec!["db", "migrate", "--project", &fake],
        vec!["db", "vacuum", "--project", &fake],
        vec!["export", "--project", &fake, "--run", "1", "--output", &out],
        vec!["compare", "--project", &fake, "--run", "1"],
        vec!["report", "--project", &fake, "--run", "1", "--output", &out],
        vec!["chart", "--project", &fake, "--run", "1", "--output", &out],
    ];
    for args in commands {
        let o = hpi(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("is not an HPI Studio project"), "{args:?}: {}", stderr(&o));
    }
    assert_eq!(std::fs::read(&fake).unwrap(), "this is a spreadsheet, not a project\n".repeat(100).into_bytes());
}
