//! `hpi calculate`'s flags, turned into a checked request, and the inputs
//! of file mode; computing is [`hpi_usecases`]'s.

use crate::error::CliError;
use crate::input::ReadArgs;
use clap::Args;
use hpi_usecases::model::{Aggregate, CagrTime, Estimator, Filters, ImportKind, Progress, StoreError, Tiers, Weight};
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

const FILTERS: &str = "Pair filters";

/// The pair filters' flags (`docs/methodology.md#pairs-and-filters`).
#[derive(Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// The paper's filters: all, none, or a list of same_period,cagr,ratio [default: all for rsai, none for bmn/wrs].
    #[arg(help_heading = FILTERS, long = "filters", value_name = "FILTERS", value_parser = parse_filters)]
    pub paper: Option<Filters>,
    /// Drop pairs held fewer whole calendar months than this (e.g. 6, as Case-Shiller).
    #[arg(help_heading = FILTERS, long, value_name = "MONTHS")]
    pub min_holding_months: Option<u32>,
    /// The CAGR filter's bound as a fraction: 0.3 drops pairs beyond ±30 % a year [default: 0.3].
    #[arg(help_heading = FILTERS, long, value_name = "FRACTION")]
    pub cagr_bound: Option<f64>,
    /// What the CAGR's time is: the periods between the sales, or the days elapsed / 365.25 [default: periods].
    #[arg(help_heading = FILTERS, long, value_enum, value_name = "TIME")]
    pub cagr_time: Option<CagrTime>,
    /// The ratio filter's bounds LOW,HIGH: pairs whose second price over the first is outside are dropped [default: 0.25,10].
    #[arg(help_heading = FILTERS, long, value_name = "LOW,HIGH", value_parser = parse_ratio_bounds)]
    pub ratio_bounds: Option<(f64, f64)>,
    /// Drop pairs with a sale below this price.
    #[arg(help_heading = FILTERS, long, value_name = "PRICE")]
    pub price_floor: Option<f64>,
    /// Drop pairs with a sale above this price.
    #[arg(help_heading = FILTERS, long, value_name = "PRICE")]
    pub price_ceiling: Option<f64>,
    /// Drop pairs whose annualised log return has a robust z-score (median and MAD of their region and second-sale period) beyond ±Z, e.g. 3.5.
    #[arg(help_heading = FILTERS, long, value_name = "Z")]
    pub robust_z: Option<f64>,
}

impl FilterArgs {
    /// The filters asked for, or `None` for the method's default when no flag is given.
    pub fn filters(&self, method: Method) -> Result<Option<Filters>, CliError> {
        let FilterArgs {
            paper,
            min_holding_months,
            cagr_bound,
            cagr_time,
            ratio_bounds,
            price_floor,
            price_ceiling,
            robust_z,
        } = self;
        let optional = min_holding_months.is_some()
            || price_floor.is_some()
            || price_ceiling.is_some()
            || robust_z.is_some()
            || cagr_bound.is_some()
            || cagr_time.is_some()
            || ratio_bounds.is_some();
        if paper.is_none() && !optional {
            return Ok(None);
        }
        let mut f = paper.unwrap_or_else(|| Filters::default_for(method));
        if (cagr_bound.is_some() || cagr_time.is_some()) && !f.cagr {
            return Err(CliError::Usage("--cagr-bound and --cagr-time need the cagr filter (--filters)".into()));
        }
        if ratio_bounds.is_some() && !f.ratio {
            return Err(CliError::Usage("--ratio-bounds needs the ratio filter (--filters)".into()));
        }
        f.min_holding_months = *min_holding_months;
        f.cagr_bound = cagr_bound.unwrap_or(f.cagr_bound);
        f.cagr_time = cagr_time.unwrap_or(f.cagr_time);
        if let Some(b) = ratio_bounds {
            (f.ratio_low, f.ratio_high) = *b;
        }
        (f.price_floor, f.price_ceiling, f.robust_z) = (*price_floor, *price_ceiling, *robust_z);
        Ok(Some(f))
    }
}

fn parse_ratio_bounds(s: &str) -> Result<(f64, f64), String> {
    let number = |t: &str| t.trim().parse::<f64>().map_err(|_| format!("'{}' is not a number", t.trim()));
    match s.split_once(',') {
        Some((low, high)) => Ok((number(low)?, number(high)?)),
        None => Err("give two numbers, LOW,HIGH (e.g. 0.25,10)".into()),
    }
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
    /// RSAI: your groups of tracts, tract,group (a tract may be in several); the indices are also aggregated to them.
    #[arg(long, value_name = "FILE", conflicts_with = "project")]
    pub groups: Option<PathBuf>,
    /// RSAI: also aggregate to state, county, nation (from 11-digit tract GEOIDs) and/or groups (the project's imported groups), comma-separated.
    #[arg(long, value_enum, value_delimiter = ',')]
    pub aggregate: Option<Vec<Aggregate>>,
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
    /// Keep CBSAs with fewer half-pairs than the threshold in some year.
    #[arg(long)]
    pub keep_small_cbsas: bool,
    /// Year of the static weights (college, nonwhite).
    #[arg(long, default_value_t = hpi_usecases::model::DEFAULT_STATIC_YEAR)]
    pub static_year: i32,
    /// How bmn and wrs (its first stage) fit their regression [default: least-squares].
    #[arg(long, value_enum)]
    pub estimator: Option<Estimator>,
    /// Pooled methods: one index per price tier of each region, K tiers at the quantiles of the first-sale prices (3: REGION/low, /middle, /high).
    #[arg(long, value_name = "K", conflicts_with = "tier_breaks")]
    pub tiers: Option<u32>,
    /// Pooled methods: tiers between these first-sale prices, e.g. 250000,500000 (REGION/under-250000, …).
    #[arg(long, value_name = "PRICES", value_delimiter = ',')]
    pub tier_breaks: Option<Vec<f64>>,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Stop at the first bad row instead of skipping it.
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub seasonal: crate::seasonal_args::SeasonalArgs,
    #[command(flatten)]
    pub derived: crate::derived_args::DerivedArgs,
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
        let mut aggregate = self.aggregate.clone().unwrap_or_default();
        if self.groups.is_some() && !aggregate.contains(&Aggregate::Groups) {
            aggregate.push(Aggregate::Groups);
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
            filters: self.filters.filters(self.method)?,
            keep_small_cbsas: self.keep_small_cbsas,
            static_year: (self.method == Method::Rsai).then_some(self.static_year),
            estimator: self.estimator,
            tiers: match (self.tiers, &self.tier_breaks) {
                (Some(k), _) => Some(Tiers::Quantiles(k)),
                (None, Some(prices)) => Some(Tiers::Breakpoints(prices.clone())),
                (None, None) => None,
            },
            seasonal: self.seasonal.seasonal(),
            aggregate,
            smooth: self.derived.smooth,
            composites: self.derived.composites()?,
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
        transactions: args.transactions.clone().expect("clap requires --transactions without --project").into(),
        tracts: args.tracts.clone().map(Into::into),
        attributes: args.attributes.clone().map(Into::into),
        groups: args.groups.clone().map(Into::into),
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
