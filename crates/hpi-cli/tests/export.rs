//! `hpi export` through the real binary: Excel read back equals CSV.

mod common;

use calamine::{Data, Reader};
use common::{ok, p, sample_project};
use std::process::Command;

/// The first sheet as rows of text, numbers in their shortest exact form.
fn xlsx_rows(path: &str) -> Vec<Vec<String>> {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    other => panic!("unexpected cell {other:?}"),
                })
                .collect()
        })
        .collect()
}

fn csv_rows(path: &str) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_path(path).unwrap();
    r.records().map(|rec| rec.unwrap().iter().map(str::to_owned).collect()).collect()
}

#[test]
fn excel_exports_equal_the_csv_exports() {
    let d = tempfile::tempdir().unwrap();
    let project = sample_project(d.path());
    ok(&["calculate", "--project", &project, "--method", "rsai", "--start", "2000", "--end", "2021"]);
    for what in ["index", "tracts", "quality"] {
        let (csv, xlsx) = (p(d.path(), &format!("{what}.csv")), p(d.path(), &format!("{what}.xlsx")));
        ok(&["export", "--project", &project, "--run", "1", "--what", what, "--output", &csv]);
        ok(&["export", "--project", &project, "--run", "1", "--what", what, "--output", &xlsx]);
        let (a, b) = (csv_rows(&csv), xlsx_rows(&xlsx));
        assert!(a.len() > 10, "{what}: {} rows", a.len());
        assert_eq!(a.len(), b.len(), "{what}");
        for (k, (x, y)) in a.iter().zip(&b).enumerate() {
            // Excel keeps no trailing empty cells on a row.
            let mut x = x.clone();
            while x.last().is_some_and(String::is_empty) && x.len() > y.len() {
                x.pop();
            }
            assert_eq!(&x, y, "{what} row {k}");
        }
    }
    // The quality report as JSON is the report itself.
    let json = String::from_utf8(
        ok(&["export", "--project", &project, "--run", "1", "--what", "quality", "--format", "json", "--output", "-"])
            .stdout,
    )
    .unwrap();
    let q: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(q["method"], "rsai");
    let o = Command::new(env!("CARGO_BIN_EXE_hpi"))
        .args(["export", "--project", &project, "--run", "1", "--format", "xlsx", "--output", "-"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot be written to standard output"));
}

#[test]
fn html_reports_are_self_contained_and_show_every_series() {
    let d = tempfile::tempdir().unwrap();
    let project = sample_project(d.path());
    ok(&["calculate", "--project", &project, "--method", "rsai", "--start", "2000", "--end", "2021"]);
    ok(&[
        "calculate",
        "--project",
        &project,
        "--method",
        "wrs",
        "--period",
        "quarterly",
        "--start",
        "2000",
        "--end",
        "2021",
    ]);
    let report = p(d.path(), "run1.html");
    ok(&["report", "--project", &project, "--run", "1", "--format", "html", "--output", &report]);
    let html = std::fs::read_to_string(&report).unwrap();
    for external in ["http://", "https://", " src=", "url(", "<link", "<script"] {
        assert!(!html.contains(external), "external reference {external:?}");
    }
    for region in ["10180", "10420", "11100"] {
        assert!(html.contains(&format!("<h2 id=\"region-{region}\">{region}</h2>")), "region {region}");
    }
    for weight in ["Sample", "Value", "Unit", "UPB", "College", "Non-white"] {
        // In the legend of the charts and in the table header.
        assert!(html.matches(&format!(">{weight}<")).count() >= 3, "series {weight}");
    }
    assert!(html.contains("Index, 2000 = 100") && html.contains("Provenance") && html.contains("Supertracts per year"));
    assert!(html.contains("47,540"), "counts with thousand separators");
    // Per region index and appreciation, supertracts, per region coverage.
    assert_eq!(html.matches("<svg").count(), 3 * 2 + 1 + 3);

    let comparison = p(d.path(), "compare.html");
    ok(&["report", "--project", &project, "--run", "2", "--compare", "1", "--output", &comparison]);
    let html = std::fs::read_to_string(&comparison).unwrap();
    assert!(html.contains("Comparison of run 2 (WRS), run 1 (RSAI)"));
    assert!(html.contains(">Run 2 · WRS<") && html.contains(">Run 1 · Unit<"));
    // The pooled run is drawn in black, not in a weighting scheme's colour.
    assert!(html.contains("#000000"));
}

#[test]
fn charts_as_svg_and_print_png() {
    let d = tempfile::tempdir().unwrap();
    let project = sample_project(d.path());
    ok(&[
        "calculate",
        "--project",
        &project,
        "--method",
        "rsai",
        "--weights",
        "sample,unit",
        "--start",
        "2000",
        "--end",
        "2021",
    ]);
    let (svg, png) = (p(d.path(), "c.svg"), p(d.path(), "c.png"));
    ok(&["chart", "--project", &project, "--run", "1", "--region", "11100", "--output", &svg]);
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains("House price index, 11100") && text.contains("Sample") && text.contains("Unit"));
    ok(&["chart", "--project", &project, "--run", "1", "--kind", "appreciation", "--output", &png]);
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[1..4], b"PNG");
    let (w, h) =
        (u32::from_be_bytes(bytes[16..20].try_into().unwrap()), u32::from_be_bytes(bytes[20..24].try_into().unwrap()));
    assert_eq!((w, h), (1920, 1080));
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_hpi"))
        .args(["chart", "--project", &project, "--run", "1", "--region", "99999", "--output", &svg])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("10180, 10420, 11100"));
}

/// Pages of a PDF rendered by Poppler at 30 dpi, as greyscale pixels.
fn pdf_pages(pdf: &str, dir: &std::path::Path) -> Vec<Vec<u8>> {
    let prefix = dir.join("page");
    let o = Command::new("pdftoppm")
        .args(["-r", "30", "-gray", pdf])
        .arg(&prefix)
        .output()
        .expect("pdftoppm (poppler-utils)");
    assert!(o.status.success(), "pdftoppm: {}", String::from_utf8_lossy(&o.stderr));
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("page"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            // PGM: "P5\n<w> <h>\n255\n" then one byte per pixel.
            let bytes = std::fs::read(f).unwrap();
            let mut newlines = bytes.iter().enumerate().filter(|(_, &b)| b == b'\n').map(|(i, _)| i);
            let start = newlines.nth(2).unwrap() + 1;
            bytes[start..].to_vec()
        })
        .collect()
}

#[test]
fn pdf_reports_have_pages_that_are_not_blank_and_say_what_the_html_says() {
    let d = tempfile::tempdir().unwrap();
    let project = sample_project(d.path());
    ok(&["calculate", "--project", &project, "--method", "rsai", "--start", "2000", "--end", "2021"]);
    ok(&["calculate", "--project", &project, "--method", "wrs", "--start", "2000", "--end", "2021"]);
    let pdf = p(d.path(), "run1.pdf");
    ok(&["report", "--project", &project, "--run", "1", "--output", &pdf]);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let pages_dir = d.path().join("pages");
    std::fs::create_dir(&pages_dir).unwrap();
    let pages = pdf_pages(&pdf, &pages_dir);
    // Title and tables, three regions with two charts and a table each,
    // supertracts, three coverage maps, methodology and provenance.
    assert!((6..=30).contains(&pages.len()), "{} pages", pages.len());
    for (k, page) in pages.iter().enumerate() {
        let inked = page.iter().filter(|&&v| v < 200).count();
        assert!(inked * 200 > page.len(), "page {} is nearly blank ({inked} of {} pixels inked)", k + 1, page.len());
    }
    let text = Command::new("pdftotext").args(["-layout", &pdf, "-"]).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    for needle in [
        "House price index: run 1 (RSAI)",
        "Provenance",
        "47,540",
        "Half-pair coverage",
        "Supertracts per year",
        "Methodology",
        "10180",
        "10420",
        "Non-white",
        "Index, 2000 = 100",
    ] {
        assert!(text.contains(needle), "the PDF does not say {needle:?}");
    }
    // A comparison as PDF, asked for by --format whatever the extension.
    let compare = p(d.path(), "compare.bin");
    ok(&["report", "--project", &project, "--run", "2", "--compare", "1", "--format", "pdf", "--output", &compare]);
    assert!(std::fs::read(&compare).unwrap().starts_with(b"%PDF-"));
}

#[test]
fn coverage_heat_map_of_a_saved_run() {
    let d = tempfile::tempdir().unwrap();
    let project = sample_project(d.path());
    ok(&["calculate", "--project", &project, "--method", "rsai", "--start", "2000", "--end", "2021"]);
    let svg = p(d.path(), "coverage.svg");
    ok(&["chart", "--project", &project, "--run", "1", "--region", "10420", "--kind", "coverage", "--output", &svg]);
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains("CBSA 10420: half-pairs per tract and year, 2000–2021"));
    assert!(text.contains("40 tracts") && text.contains("threshold 40 half-pairs"));
    // Every stored tract-year has its half-pairs; the exported panel says the same.
    let csv = p(d.path(), "tracts.csv");
    ok(&["export", "--project", &project, "--run", "1", "--what", "tracts", "--output", &csv]);
    let rows = csv_rows(&csv);
    assert_eq!(rows[0], ["tract", "cbsa", "weight", "period", "index", "supertract", "half_pairs"]);
    assert!(rows[1..].iter().all(|r| r[6].parse::<u64>().is_ok()), "half-pairs in every row");
}
