//! Draws the RSAI index of a city index CSV (`hpi calculate` output):
//! `cargo run -p hpi-report --example index_chart -- index.csv CBSA > chart.svg`,
//! or as PNG at print resolution with a third argument `chart.png`.

use hpi_report::chart::{color_of, line_chart_png, line_chart_svg, ChartData, Series};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (path, region) = (&args[1], &args[2]);
    let mut reader = csv::Reader::from_path(path).expect("readable CSV");
    let mut periods: Vec<String> = Vec::new();
    let mut series: Vec<Series> = Vec::new();
    for record in reader.records() {
        let r = record.expect("row");
        if &r[0] != region {
            continue;
        }
        let weight = r[2].to_owned();
        if !periods.contains(&r[3].to_owned()) {
            periods.push(r[3].to_owned());
        }
        let value = r[4].parse::<f64>().ok();
        match series.iter_mut().find(|s| s.label == weight) {
            Some(s) => s.values.push(value),
            None => series.push(Series {
                label: weight.clone(),
                color: color_of(&weight),
                values: vec![value],
                band: Vec::new(),
            }),
        }
    }
    let data = ChartData {
        title: format!("RSAI, CBSA {region}"),
        units: format!("Index, {} = 100", periods[0]),
        periods,
        series,
        source: "Source: HPI Studio sample data (synthetic)".into(),
    };
    match args.get(3) {
        Some(png) => line_chart_png(&data, std::path::Path::new(png)).expect("chart"),
        None => print!("{}", line_chart_svg(&data).expect("chart")),
    }
}
