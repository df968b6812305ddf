//! `hpi bench`: times each stage of an RSAI run on generated data, and the
//! whole run against a baseline of merely reading and sorting the same input.

use crate::error::CliError;
use crate::generate::{generate, GenerateArgs, Preset};
use crate::output;
use crate::output::n;
use crate::run::{self, RunArgs};
use clap::Args;
use hpi_usecases::model::{Progress, Stage};
use hpi_usecases::{InputFiles, Method, Period, ReadOptions};
use rayon::slice::ParallelSliceMut;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

/// Flags of `hpi bench`.
#[derive(Args, Debug, Clone)]
pub struct BenchArgs {
    /// Transactions to generate (approximately).
    #[arg(long, default_value_t = 10_000_000)]
    pub transactions: u64,
    /// Which areas: equal ones, or sized as a country's (`hpi generate --preset`).
    #[arg(long, value_enum, default_value = "uniform")]
    pub preset: Preset,
    /// CBSAs [national: 900].
    #[arg(long, default_value_t = 20, default_value_if("preset", "national", "900"))]
    pub cbsas: u32,
    /// Tracts per CBSA (national: on average) [national: 81].
    #[arg(long, default_value_t = 500, default_value_if("preset", "national", "81"))]
    pub tracts_per_cbsa: u32,
    /// First year.
    #[arg(long, default_value_t = 1975)]
    pub start_year: i32,
    /// Last year [national: 2025].
    #[arg(long, default_value_t = 2021, default_value_if("preset", "national", "2025"))]
    pub end_year: i32,
    /// Seed of the generated data.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Folder for the generated data (reused when its parameters match).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
    /// What to measure: an RSAI run, importing into and loading from a project, reports, or diagnostics.
    #[arg(long, value_enum, default_value = "rsai")]
    pub suite: Suite,
    /// Diagnostics: bootstrap replicates.
    #[arg(long, default_value_t = 200)]
    pub replicates: u32,
    /// Diagnostics: folds of k-fold accuracy.
    #[arg(long, default_value_t = 10)]
    pub kfold: u32,
    /// Diagnostics: vintages (ending in each of the last N years).
    #[arg(long, default_value_t = 10)]
    pub vintages: u32,
    /// RSAI: also aggregate to state, county and/or nation, to measure what aggregation adds.
    #[arg(long, value_enum, value_delimiter = ',')]
    pub aggregate: Option<Vec<hpi_usecases::model::Aggregate>>,
}

/// `hpi bench --suite`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Suite {
    /// RSAI with all six weights, stage by stage, against reading and sorting.
    Rsai,
    /// CSV and Parquet import throughput, and loading from a project against a bare scan.
    Store,
    /// HTML and PDF reports of one saved RSAI run, against reading the run.
    Report,
    /// `hpi evaluate` (k-fold and vintages) and a bootstrap of RSAI's bands, against the run.
    Diagnostics,
    /// BMN, WRS, robust BMN, ARS and CS on the same sales, annual and monthly, against BMN.
    Pooled,
}

/// The figures of one benchmark.
#[derive(Serialize, Debug)]
pub struct BenchReport {
    /// Transactions read.
    pub transactions: u64,
    /// Pairs after filtering.
    pub pairs: u64,
    /// Seconds per stage of the full run.
    pub stages: Vec<(String, f64)>,
    /// Seconds of the full run (load to written output).
    pub total_seconds: f64,
    /// Peak resident memory of the full run, MiB.
    pub peak_mib: f64,
    /// Seconds to read and sort the transactions only.
    pub baseline_seconds: f64,
    /// Peak resident memory of the baseline, MiB.
    pub baseline_peak_mib: f64,
    /// `total_seconds / baseline_seconds`.
    pub ratio: f64,
}

pub(crate) fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

pub(crate) fn reset_peak() {
    // Linux: writing 5 to clear_refs resets the peak resident set size.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Generates the benchmark's data once; returns its folder.
pub fn ensure_data(args: &BenchArgs) -> Result<PathBuf, CliError> {
    let dir = args.dir.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!(
            "hpi-bench-{}{}-{}x{}-{}-{}-{}",
            national(args),
            args.transactions,
            args.cbsas,
            args.tracts_per_cbsa,
            args.start_year,
            args.end_year,
            args.seed
        ))
    });
    let stamp = dir.join("bench-parameters.txt");
    // "geoid": data made before tract ids became GEOIDs is made again.
    let wanted = format!(
        "transactions {} cbsas {} tracts {} years {}-{} seed {} ids geoid{}",
        args.transactions,
        args.cbsas,
        args.tracts_per_cbsa,
        args.start_year,
        args.end_year,
        args.seed,
        national(args)
    );
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(wanted.as_str()) {
        let mut gen = GenerateArgs {
            seed: args.seed,
            preset: args.preset,
            cbsas: args.cbsas,
            tracts_per_cbsa: args.tracts_per_cbsa,
            properties: 20_000,
            start_year: args.start_year,
            end_year: args.end_year,
            common_index: false,
            out: dir.join("pilot"),
        };
        // A pilot run tells how many sales a property makes with these years.
        let per_property = generate(&gen)? as f64 / gen.properties as f64;
        let _ = std::fs::remove_dir_all(dir.join("pilot"));
        gen.properties = (args.transactions as f64 / per_property).round().max(1.0) as u64;
        gen.out = dir.clone();
        eprintln!("generating about {} transactions in {}", n(args.transactions), dir.display());
        generate(&gen)?;
        std::fs::write(&stamp, &wanted).map_err(|e| CliError::write(&stamp.display().to_string(), e))?;
    }
    Ok(dir)
}

/// How a national preset's data is told apart (in the folder's name and its stamp).
fn national(args: &BenchArgs) -> &'static str {
    match args.preset {
        Preset::Uniform => "",
        Preset::National => "-national",
    }
}

/// RSAI with all six weights over the generated files in `dir`, as `hpi calculate` would run it.
pub(crate) fn rsai_args(args: &BenchArgs, dir: &std::path::Path) -> RunArgs {
    RunArgs {
        transactions: Some(dir.join("transactions.csv")),
        project: None,
        tracts: Some(dir.join("tracts.csv")),
        attributes: Some(dir.join("attributes.csv")),
        groups: None,
        aggregate: args.aggregate.clone(),
        method: Method::Rsai,
        weights: None,
        period: Period::Annual,
        start: args.start_year,
        end: args.end_year,
        min_half_pairs: 40,
        dedupe_period: None,
        filters: Default::default(),
        keep_small_cbsas: false,
        static_year: 2010,
        estimator: None,
        tiers: None,
        tier_breaks: None,
        read: Default::default(),
        strict: false,
        seasonal: Default::default(),
        derived: Default::default(),
    }
}

/// Runs the RSAI benchmark.
pub fn bench(args: &BenchArgs) -> Result<BenchReport, CliError> {
    let dir = ensure_data(args)?;

    let run_args = rsai_args(args, &dir);
    let checked = run_args.check()?;
    reset_peak();
    let start = Instant::now();
    let inputs = run::load(&run_args, &checked)?;
    let loaded = Instant::now();
    let marks: Mutex<Vec<(Stage, Instant)>> = Mutex::new(Vec::new());
    let record = |p: Progress| {
        let mut m = marks.lock().expect("not poisoned");
        if m.last().is_none_or(|l| l.0 != p.stage) {
            m.push((p.stage, Instant::now()));
        }
    };
    let outcome = run::compute(&inputs, &checked, &record)?;
    let computed = Instant::now();
    let run::Outcome::Rsai(out) = &outcome else { unreachable!("RSAI was asked for") };
    output::write_table(
        &output::index_table(&out.city, None),
        &dir.join("index.csv").display().to_string(),
        output::Format::Csv,
    )?;
    output::write_table(
        &output::tract_table(&out.tracts),
        &dir.join("tracts_index.csv").display().to_string(),
        output::Format::Csv,
    )?;
    let written = Instant::now();
    let peak = peak_mib();

    let secs = |a: Instant, b: Instant| (b - a).as_secs_f64();
    let mut stages = vec![("load".to_owned(), secs(start, loaded))];
    let marks = marks.into_inner().expect("not poisoned");
    for (i, (stage, at)) in marks.iter().enumerate() {
        let end = marks.get(i + 1).map_or(computed, |m| m.1);
        stages.push((stage.label().to_lowercase(), secs(*at, end)));
    }
    stages.push(("write outputs".to_owned(), secs(computed, written)));
    let total = secs(start, written);
    let transactions = inputs.sales.len() as u64;
    let pairs = out.quality.pairs.pairs;
    drop(outcome);
    drop(inputs);

    reset_peak();
    let baseline_start = Instant::now();
    // The same reader as the run's, without the attributes.
    let files = InputFiles {
        transactions: dir.join("transactions.csv").into(),
        tracts: run_args.tracts.clone().map(Into::into),
        attributes: None,
        groups: None,
    };
    let sales = hpi_usecases::load_files(&files, &ReadOptions::default(), true, &mut |_, _| {})?.sales;
    let mut keys: Vec<(u64, u64, u32)> = (0..sales.len())
        .map(|i| {
            (
                (u64::from(sales.property[i]) << 32) | u64::from(sales.date[i].packed()),
                sales.price[i].to_bits(),
                i as u32,
            )
        })
        .collect();
    keys.par_sort_unstable();
    let baseline = baseline_start.elapsed().as_secs_f64();
    let baseline_peak = peak_mib();
    std::hint::black_box(&keys);
    Ok(BenchReport {
        transactions,
        pairs,
        stages,
        total_seconds: total,
        peak_mib: peak,
        baseline_seconds: baseline,
        baseline_peak_mib: baseline_peak,
        ratio: total / baseline,
    })
}

impl BenchReport {
    /// The figures as a table for people.
    pub fn to_text(&self) -> String {
        let mut s = format!("RSAI, all six weights: {} transactions, {} pairs\n", n(self.transactions), n(self.pairs));
        for (stage, secs) in &self.stages {
            s += &format!("  {stage:<28} {secs:>8.2} s\n");
        }
        s += &format!("  {:<28} {:>8.2} s   peak {:.0} MiB\n", "total", self.total_seconds, self.peak_mib);
        s += &format!(
            "  {:<28} {:>8.2} s   peak {:.0} MiB\n",
            "baseline: read + sort", self.baseline_seconds, self.baseline_peak_mib
        );
        s += &format!("  ratio total / baseline        {:>8.2}\n", self.ratio);
        s
    }
}
