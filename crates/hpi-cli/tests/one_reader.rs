//! `hpi calculate` reads its files through the importer's reader: every file
//! `hpi import` accepts, it accepts, and it says the same about the same bad
//! rows. The CLI words what the user can do as its own flags.

mod common;
use common::{hpi, ok, p};
use std::path::Path;

const TRACTS: &str = "tract,cbsa,lat,lon\nT1,C1,40.0,-80.0\nT2,C1,40.01,-80.0\n";

/// Sales of 60 properties in T1 and T2 over three years, as rows of cells.
fn rows() -> Vec<[String; 5]> {
    let mut out = Vec::new();
    for k in 0..60 {
        for (y, f) in [(2010, 1.0), (2011, 1.05), (2012, 1.12)] {
            let price = (100_000.0 + 1000.0 * f64::from(k)) * f;
            let tract = if k % 2 == 0 { "T1" } else { "T2" };
            out.push([format!("p{k}"), format!("{y}-05-01"), price.to_string(), tract.into(), "C1".into()]);
        }
    }
    out
}

fn delimited(header: &[&str], sep: &str, extra: &[[&str; 5]]) -> String {
    let mut s = header.join(sep) + "\n";
    for r in rows() {
        s += &(r.join(sep) + "\n");
    }
    for r in extra {
        s += &(r.join(sep) + "\n");
    }
    s
}

const HEADER: [&str; 5] = ["property_id", "sale_date", "price", "tract", "cbsa"];

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = p(dir, name);
    std::fs::write(&path, text).unwrap();
    path
}

fn calculate(sales: &str, tracts: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["calculate", "--transactions", sales, "--tracts", tracts, "--method", "rsai"];
    args.extend(["--start", "2010", "--end", "2012", "--weights", "sample", "--output", "-"]);
    args.extend(extra);
    hpi(&args)
}

fn index_of(sales: &str, tracts: &str) -> String {
    let o = calculate(sales, tracts, &[]);
    assert!(o.status.success(), "{sales}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn every_format_the_importer_reads_calculates_to_the_same_index() {
    let d = tempfile::tempdir().unwrap();
    let tracts = write(d.path(), "tracts.csv", TRACTS);
    let csv = write(d.path(), "sales.csv", &delimited(&HEADER, ",", &[]));
    let expected = index_of(&csv, &tracts);
    assert!(expected.lines().count() == 4 && expected.contains("C1,rsai,sample,2012,"), "{expected}");

    let semicolon = write(d.path(), "semicolon.csv", &delimited(&HEADER, ";", &[]));
    let tab = write(d.path(), "tab.tsv", &delimited(&HEADER, "\t", &[]));
    let synonyms = ["PINX", "Sale Date", "sale_price", "census_tract", "msa"];
    let synonym = write(d.path(), "synonyms.csv", &delimited(&synonyms, ",", &[]));

    let xlsx = p(d.path(), "sales.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows().iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell.parse::<f64>() {
                Ok(v) if c == 2 => sheet.write_number(r as u32 + 1, c as u16, v).unwrap(),
                _ => sheet.write_string(r as u32 + 1, c as u16, cell).unwrap(),
            };
        }
    }
    book.save(&xlsx).unwrap();

    let parquet = p(d.path(), "sales.parquet");
    {
        use polars::prelude::{Column, DataFrame, ParquetWriter};
        let rows = rows();
        let column = |k: usize| rows.iter().map(|r| r[k].clone()).collect::<Vec<_>>();
        let price: Vec<f64> = rows.iter().map(|r| r[2].parse().unwrap()).collect();
        let mut frame = DataFrame::new(vec![
            Column::new("property_id".into(), column(0)),
            Column::new("sale_date".into(), column(1)),
            Column::new("price".into(), price),
            Column::new("tract".into(), column(3)),
            Column::new("cbsa".into(), column(4)),
        ])
        .unwrap();
        ParquetWriter::new(std::fs::File::create(&parquet).unwrap()).finish(&mut frame).unwrap();
    }

    for file in [&semicolon, &tab, &synonym, &xlsx, &parquet] {
        assert_eq!(index_of(file, &tracts), expected, "{file}");
        // The importer takes the same file.
        let project = p(d.path(), &format!("{}.hpiproj", Path::new(file).file_name().unwrap().to_string_lossy()));
        ok(&["project", "new", &project]);
        ok(&["import", file, "--project", &project, "--kind", "transactions"]);
    }
}

/// The `file:line: column: reason` lines a command printed.
fn issue_lines(stderr: &[u8], file: &str) -> Vec<String> {
    let prefix = format!("{file}:");
    String::from_utf8_lossy(stderr).lines().filter(|l| l.starts_with(&prefix)).map(str::to_owned).collect()
}

#[test]
fn bad_rows_read_the_same_to_calculate_and_to_import() {
    let d = tempfile::tempdir().unwrap();
    let tracts = write(d.path(), "tracts.csv", TRACTS);
    let extra = [
        ["q1", "2010-02-30", "100000", "T1", "C1"],
        ["q2", "2011-01-01", "-5", "T1", "C1"],
        ["q3", "31 March 2011", "100000", "T1", "C1"],
        ["q4", "2011-01-01", "abc", "T1", "C1"],
    ];
    let sales = write(d.path(), "bad.csv", &delimited(&HEADER, ",", &extra));
    let o = calculate(&sales, &tracts, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let from_calculate = issue_lines(&o.stderr, &sales);
    assert_eq!(
        from_calculate,
        [
            format!("{sales}:182: sale_date: cannot read '2010-02-30' as a date (expected YYYY-MM-DD)"),
            format!("{sales}:183: price: price '-5' is not positive"),
            format!("{sales}:184: sale_date: cannot read '31 March 2011' as a date (expected YYYY-MM-DD)"),
            format!("{sales}:185: price: cannot read 'abc' as a price"),
        ]
    );
    // The CLI says what would help, as its own flag.
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(said.contains("4 of 184 rows") && said.contains("give --date-format"), "{said}");

    let project = p(d.path(), "p.hpiproj");
    ok(&["project", "new", &project]);
    let o = hpi(&["import", &sales, "--project", &project, "--kind", "transactions"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(issue_lines(&o.stderr, &sales), from_calculate);
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(said.contains("--skip-bad-rows") && said.contains("give --date-format"), "{said}");

    // --strict stops at the first, with the same words.
    let o = calculate(&sales, &tracts, &["--strict"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains(&from_calculate[0]), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn ambiguous_dates_and_missing_columns_name_the_flags_that_help() {
    let d = tempfile::tempdir().unwrap();
    let tracts = write(d.path(), "tracts.csv", TRACTS);
    let us: Vec<String> = delimited(&HEADER, ",", &[])
        .lines()
        .map(|l| {
            let mut cells: Vec<String> = l.split(',').map(str::to_owned).collect();
            if let Some((y, md)) = cells[1].split_once('-') {
                if let Some((m, day)) = md.split_once('-') {
                    cells[1] = format!("{m}/{day}/{y}");
                }
            }
            cells.join(",")
        })
        .collect();
    let us = write(d.path(), "us.csv", &(us.join("\n") + "\n"));
    let o = calculate(&us, &tracts, &["--strict"]);
    assert_eq!(o.status.code(), Some(2));
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(
        said.contains("month/day/year or day/month/year") && said.contains("give --date-format %m/%d/%Y or %d/%m/%Y"),
        "{said}"
    );
    let csv = write(d.path(), "sales.csv", &delimited(&HEADER, ",", &[]));
    let o = calculate(&us, &tracts, &["--date-format", "%m/%d/%Y"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(String::from_utf8(o.stdout).unwrap(), index_of(&csv, &tracts));

    let renamed =
        write(d.path(), "renamed.csv", &delimited(&["id", "sale_date", "amount_paid", "tract", "cbsa"], ",", &[]));
    let o = calculate(&renamed, &tracts, &[]);
    assert_eq!(o.status.code(), Some(2));
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(
        said.contains(":1: column 'property_id': missing") && said.contains("use --map property_id=NAME"),
        "{said}"
    );
    let o = calculate(&renamed, &tracts, &["--map", "property_id=id,price=amount_paid"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}
