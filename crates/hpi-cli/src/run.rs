//! The `calculate` use case, shared by `calculate`, `quality` and `bench`:
//! load the inputs, check the parameters, run the engine.

use crate::error::CliError;
use crate::input::{self, ColumnMap, FileSummary};
use clap::{Args, ValueEnum};
use hpi_engine::{
    Attributes, CheckedPooled, CheckedRsai, Dedupe, Filters, Periodicity, PooledMethod, PooledOutput, PooledParams,
    Progress, RsaiInput, RsaiOutput, RsaiParams, RunControl, Sales, Tracts, Weight,
};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

/// Index methods.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Method {
    /// Repeat-Sales Aggregation Index (annual, needs --tracts).
    Rsai,
    /// Pooled Bailey-Muth-Nourse.
    Bmn,
    /// Pooled three-stage weighted repeat sales (Case-Shiller style).
    Wrs,
}

/// `--period`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PeriodArg {
    /// Calendar years.
    Annual,
    /// Calendar quarters.
    Quarterly,
    /// Calendar months.
    Monthly,
}

/// `--dedupe-period`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DedupeArg {
    /// Keep the highest-priced sale of a property in a period.
    KeepHighest,
    /// Keep every sale.
    None,
}

fn parse_weight(s: &str) -> Result<Weight, String> {
    Weight::parse(s.trim()).ok_or_else(|| {
        let names: Vec<&str> = Weight::ALL.iter().map(|w| w.name()).collect();
        format!("unknown weight '{s}' (expected one of {})", names.join(", "))
    })
}

fn parse_filters(s: &str) -> Result<Filters, String> {
    match s.trim() {
        "all" => return Ok(Filters::ALL),
        "none" => return Ok(Filters::NONE),
        _ => {}
    }
    let mut f = Filters::NONE;
    for name in s.split(',').map(str::trim) {
        match name {
            "same_period" => f.same_period = true,
            "cagr" => f.cagr = true,
            "ratio" => f.ratio = true,
            _ => {
                return Err(format!(
                    "unknown filter '{name}' (expected all, none, or a list of same_period, cagr, ratio)"
                ))
            }
        }
    }
    Ok(f)
}

/// The inputs and parameters of a run (the spec's `hpi calculate` flags).
#[derive(Args, Debug, Clone)]
pub struct RunArgs {
    /// Sales: property_id,sale_date,price[,tract][,cbsa].
    #[arg(long, value_name = "FILE", required_unless_present = "project", conflicts_with = "project")]
    pub transactions: Option<PathBuf>,
    /// Read the data of this project file instead of CSV files; the run is saved in it.
    #[arg(long, value_name = "FILE.hpiproj")]
    pub project: Option<PathBuf>,
    /// Tracts: tract,cbsa,lat,lon (required for rsai).
    #[arg(long, value_name = "FILE")]
    pub tracts: Option<PathBuf>,
    /// Tract attributes: tract,year,units,median_value,upb,college,nonwhite.
    #[arg(long, value_name = "FILE")]
    pub attributes: Option<PathBuf>,
    /// Index method.
    #[arg(long, value_enum)]
    pub method: Method,
    /// RSAI weights, comma-separated [default: all six].
    #[arg(long, value_delimiter = ',', value_parser = parse_weight)]
    pub weights: Option<Vec<Weight>>,
    /// Periods (rsai: annual only).
    #[arg(long, value_enum, default_value = "annual")]
    pub period: PeriodArg,
    /// First year; its first period is index 100.
    #[arg(long)]
    pub start: i32,
    /// Last year.
    #[arg(long)]
    pub end: i32,
    /// Half-pairs a supertract needs in t and t-1.
    #[arg(long, default_value_t = 40)]
    pub min_half_pairs: u32,
    /// Several sales of a property in one period [default: none for rsai, keep-highest for bmn/wrs].
    #[arg(long, value_enum)]
    pub dedupe_period: Option<DedupeArg>,
    /// Pair filters: all, none, or a list of same_period,cagr,ratio [default: all for rsai, none for bmn/wrs].
    #[arg(long, value_parser = parse_filters)]
    pub filters: Option<Filters>,
    /// Keep CBSAs with fewer half-pairs than the threshold in some year.
    #[arg(long)]
    pub keep_small_cbsas: bool,
    /// Year of the static weights (college, nonwhite).
    #[arg(long, default_value_t = 2010)]
    pub static_year: i32,
    /// Read column OLD as NEW: --map new=old[,new2=old2].
    #[arg(long, value_name = "NEW=OLD")]
    pub map: Vec<String>,
    /// Stop at the first bad row instead of skipping it.
    #[arg(long)]
    pub strict: bool,
}

/// Checked parameters for one method.
pub enum Checked {
    /// RSAI.
    Rsai(CheckedRsai),
    /// BMN or WRS.
    Pooled(CheckedPooled),
}

impl RunArgs {
    /// Validates the parameters before any file is read.
    pub fn check(&self) -> Result<Checked, CliError> {
        let periodicity = match self.period {
            PeriodArg::Annual => Periodicity::Annual,
            PeriodArg::Quarterly => Periodicity::Quarterly,
            PeriodArg::Monthly => Periodicity::Monthly,
        };
        let dedupe = self.dedupe_period.map(|d| match d {
            DedupeArg::KeepHighest => Dedupe::KeepHighest,
            DedupeArg::None => Dedupe::None,
        });
        match self.method {
            Method::Rsai => {
                if self.tracts.is_none() && self.project.is_none() {
                    return Err(CliError::Usage("--method rsai needs --tracts FILE".into()));
                }
                let mut p = RsaiParams::new(self.start, self.end);
                p.periodicity = periodicity;
                p.min_half_pairs = self.min_half_pairs;
                p.dedupe = dedupe.unwrap_or(p.dedupe);
                p.filters = self.filters.unwrap_or(p.filters);
                p.keep_small_cbsas = self.keep_small_cbsas;
                p.static_year = self.static_year;
                p.weights = self.weights.clone().unwrap_or(p.weights);
                Ok(Checked::Rsai(p.check()?))
            }
            Method::Bmn | Method::Wrs => {
                if self.weights.is_some() {
                    return Err(CliError::Usage("--weights applies to --method rsai only".into()));
                }
                let method = if self.method == Method::Bmn { PooledMethod::Bmn } else { PooledMethod::Wrs };
                let mut p = PooledParams::new(method, periodicity, self.start, self.end);
                p.dedupe = dedupe.unwrap_or(p.dedupe);
                p.filters = self.filters.unwrap_or(p.filters);
                Ok(Checked::Pooled(p.check()?))
            }
        }
    }
}

/// Loaded input tables.
pub struct Inputs {
    /// Sales.
    pub sales: Sales,
    /// Tracts (empty for pooled methods).
    pub tracts: Tracts,
    /// Attributes (empty when not given).
    pub attributes: Attributes,
    /// What reading each file found.
    pub files: Vec<FileSummary>,
}

/// Reads the inputs a method needs, from files or from the project.
pub fn load(args: &RunArgs, checked: &Checked) -> Result<Inputs, CliError> {
    if let Some(path) = &args.project {
        let project = hpi_store::Project::open(path)?;
        return load_project(&project, checked);
    }
    let map = ColumnMap::parse(&args.map)?;
    let mut files = Vec::new();
    let (mut tracts, mut attributes) = (Tracts::default(), Attributes::default());
    if let (Checked::Rsai(_), Some(path)) = (checked, &args.tracts) {
        let (t, s) = input::read_tracts(path, &map, args.strict)?;
        tracts = t;
        files.push(s);
        if let Some(path) = &args.attributes {
            let (a, s) = input::read_attributes(path, &tracts, &map, args.strict)?;
            attributes = a;
            files.push(s);
        }
    }
    let use_tracts = matches!(checked, Checked::Rsai(_)).then_some(&tracts);
    let transactions = args.transactions.as_deref().expect("clap requires --transactions without --project");
    let (sales, s) = input::read_sales(transactions, use_tracts, &map, args.strict)?;
    files.push(s);
    Ok(Inputs { sales, tracts, attributes, files })
}

/// Reads a project's data; rows the engine refuses are listed per import.
pub fn load_project(project: &hpi_store::Project, checked: &Checked) -> Result<Inputs, CliError> {
    let loaded = hpi_store::load(project, matches!(checked, Checked::Rsai(_)))?;
    let files = loaded
        .imports
        .into_iter()
        .filter(|i| i.rows > 0)
        .map(|i| {
            let kind = match i.kind.as_str() {
                "tracts" => "tracts",
                "attributes" => "attributes",
                _ => "transactions",
            };
            FileSummary {
                file: i.file,
                kind,
                rows: i.rows,
                accepted: i.rows - i.rejected,
                rejected_by_reason: i.by_reason,
                rejected: i.issues,
            }
        })
        .collect();
    Ok(Inputs { sales: loaded.sales, tracts: loaded.tracts, attributes: loaded.attributes, files })
}

impl Checked {
    /// The method's name.
    pub fn method(&self) -> &'static str {
        match self {
            Checked::Rsai(_) => "rsai",
            Checked::Pooled(p) => p.method.name(),
        }
    }

    /// The validated parameters as JSON, as runs store them.
    pub fn to_json(&self) -> String {
        match self {
            Checked::Rsai(p) => serde_json::to_string(p),
            Checked::Pooled(p) => serde_json::to_string(p),
        }
        .expect("parameters serialize")
    }
}

/// A run's result.
pub enum Outcome {
    /// RSAI.
    Rsai(RsaiOutput),
    /// BMN or WRS.
    Pooled(PooledOutput),
}

/// Runs the engine, with `report` receiving progress.
pub fn compute(inputs: &Inputs, checked: &Checked, report: &(dyn Fn(Progress) + Sync)) -> Result<Outcome, CliError> {
    let cancel = AtomicBool::new(false);
    let control = RunControl::new(report, &cancel);
    Ok(match checked {
        Checked::Rsai(p) => {
            let input = RsaiInput { sales: &inputs.sales, tracts: &inputs.tracts, attributes: &inputs.attributes };
            Outcome::Rsai(hpi_engine::rsai(input, p, &control)?)
        }
        Checked::Pooled(p) => Outcome::Pooled(hpi_engine::pooled(&inputs.sales, p, &control)?),
    })
}

/// A progress bar on standard error for engine stages; hidden when standard
/// error is not a terminal.
pub fn stage_bar() -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(1), indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{msg:>28} [{bar:30}] {pos}/{len} {elapsed}")
            .expect("template")
            .progress_chars("=> "),
    );
    bar
}

/// Feeds engine progress into `bar`.
pub fn report_to(bar: &ProgressBar) -> impl Fn(Progress) + Sync + '_ {
    move |p: Progress| {
        bar.set_message(p.stage.label());
        bar.set_length(p.total.max(1));
        bar.set_position(p.done);
    }
}
