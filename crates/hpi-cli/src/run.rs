//! `hpi calculate`'s flags, turned into a checked request, and the inputs
//! of file mode; computing is [`hpi_usecases`]'s.

use crate::error::CliError;
use crate::input::ReadArgs;
use clap::Args;
use hpi_usecases::model::{Filters, ImportKind, Progress, StoreError, Weight};
pub use hpi_usecases::{Checked, Inputs, Outcome};
use hpi_usecases::{DedupeChoice, InputFiles, Method, Period, ReadOptions, RunRequest};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;

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

/// The inputs and parameters of a run (`hpi calculate`'s flags).
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
    pub period: Period,
    /// First year; its first period is index 100.
    #[arg(long)]
    pub start: i32,
    /// Last year.
    #[arg(long)]
    pub end: i32,
    /// Half-pairs a supertract needs in t and t-1.
    #[arg(long, default_value_t = hpi_usecases::model::DEFAULT_MIN_HALF_PAIRS)]
    pub min_half_pairs: u32,
    /// Several sales of a property in one period [default: none for rsai, keep-highest for bmn/wrs].
    #[arg(long, value_enum)]
    pub dedupe_period: Option<DedupeChoice>,
    /// Pair filters: all, none, or a list of same_period,cagr,ratio [default: all for rsai, none for bmn/wrs].
    #[arg(long, value_parser = parse_filters)]
    pub filters: Option<Filters>,
    /// Keep CBSAs with fewer half-pairs than the threshold in some year.
    #[arg(long)]
    pub keep_small_cbsas: bool,
    /// Year of the static weights (college, nonwhite).
    #[arg(long, default_value_t = hpi_usecases::model::DEFAULT_STATIC_YEAR)]
    pub static_year: i32,
    #[command(flatten)]
    pub read: ReadArgs,
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
            method: self.method,
            weights: self.weights.as_ref().map(|w| w.iter().map(|w| w.name().to_owned()).collect()),
            period: self.period,
            start: self.start,
            end: self.end,
            // The flags' defaults are the request's; only RSAI takes them.
            min_half_pairs: (self.method == Method::Rsai).then_some(self.min_half_pairs),
            dedupe: self.dedupe_period,
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
        let project = hpi_usecases::project::open(path)?;
        return load_project(&project, checked);
    }
    let files = InputFiles {
        transactions: args.transactions.clone().expect("clap requires --transactions without --project"),
        tracts: args.tracts.clone(),
        attributes: args.attributes.clone(),
    };
    let options = ReadOptions { import: args.read.options(false)?, strict: args.strict };
    let bar = ProgressBar::with_draw_target(Some(1000), indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{msg:>22} [{bar:30}] {percent}% {elapsed}")
            .expect("template")
            .progress_chars("=> "),
    );
    let rsai = matches!(checked, Checked::Rsai(_));
    let inputs = hpi_usecases::load_files(&files, &options, rsai, &mut |kind: ImportKind, share: f64| {
        bar.set_message(format!("Reading {}", kind.name()));
        bar.set_position((share * 1000.0) as u64);
    });
    bar.finish_and_clear();
    inputs.map_err(|e| match e {
        // An input file that cannot be opened, as `hpi calculate` has always named it.
        hpi_usecases::UsecaseError::Store(StoreError::Io { path, source }) => {
            CliError::Read { path: path.into(), source }
        }
        e => e.into(),
    })
}

/// Reads a project's data; rows the engine refuses are listed per import.
pub fn load_project(project: &hpi_usecases::model::Project, checked: &Checked) -> Result<Inputs, CliError> {
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
