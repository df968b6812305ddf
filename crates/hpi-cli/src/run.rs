//! `hpi calculate`'s flags, turned into a checked request, and the inputs
//! of file mode; computing is [`hpi_usecases`]'s.

use crate::error::CliError;
use crate::input::{self, ColumnMap};
use clap::{Args, ValueEnum};
use hpi_engine::{Attributes, Filters, Progress, Tracts, Weight};
pub use hpi_usecases::{Checked, Inputs, Outcome};
use hpi_usecases::{DedupeChoice, Period, RunRequest};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;

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

impl RunArgs {
    /// Validates the parameters before any file is read.
    pub fn check(&self) -> Result<Checked, CliError> {
        if self.method == Method::Rsai && self.tracts.is_none() && self.project.is_none() {
            return Err(CliError::Usage("--method rsai needs --tracts FILE".into()));
        }
        if self.method != Method::Rsai && self.weights.is_some() {
            return Err(CliError::Usage("--weights applies to --method rsai only".into()));
        }
        let request = RunRequest {
            method: match self.method {
                Method::Rsai => hpi_usecases::Method::Rsai,
                Method::Bmn => hpi_usecases::Method::Bmn,
                Method::Wrs => hpi_usecases::Method::Wrs,
            },
            weights: self.weights.as_ref().map(|w| w.iter().map(|w| w.name().to_owned()).collect()),
            period: match self.period {
                PeriodArg::Annual => Period::Annual,
                PeriodArg::Quarterly => Period::Quarterly,
                PeriodArg::Monthly => Period::Monthly,
            },
            start: self.start,
            end: self.end,
            // The flags' defaults are the request's; only RSAI takes them.
            min_half_pairs: (self.method == Method::Rsai).then_some(self.min_half_pairs),
            dedupe: self.dedupe_period.map(|d| match d {
                DedupeArg::KeepHighest => DedupeChoice::KeepHighest,
                DedupeArg::None => DedupeChoice::None,
            }),
            filters: self.filters,
            keep_small_cbsas: self.keep_small_cbsas,
            static_year: (self.method == Method::Rsai).then_some(self.static_year),
        };
        Ok(request.check()?)
    }
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
    Ok(hpi_usecases::load_project(project, checked)?)
}

/// Runs the engine, with `report` receiving progress (the CLI is stopped
/// with Ctrl-C, not cancelled).
pub fn compute(inputs: &Inputs, checked: &Checked, report: &(dyn Fn(Progress) + Sync)) -> Result<Outcome, CliError> {
    let never = std::sync::atomic::AtomicBool::new(false);
    Ok(hpi_usecases::compute(inputs, checked, report, &never)?)
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
