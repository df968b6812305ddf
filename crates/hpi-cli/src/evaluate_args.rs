//! The options of an evaluation, shared by `hpi evaluate` (which runs the
//! index first) and `hpi runs evaluate` (which evaluates a saved run).

use crate::error::CliError;
use crate::output::Format;
use clap::Args;
use hpi_usecases::EvaluateRequest;

/// What to measure and where to write it.
#[derive(Args, Debug, Clone)]
pub struct EvaluateArgs {
    /// Where to write the diagnostics (`-` for standard output): JSON, or one row per figure
    /// in CSV, Excel or Parquet, by the file's extension.
    #[arg(long, value_name = "FILE", default_value = "-")]
    pub output: String,
    /// Output format [default: from the file extension, else json].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Periods in each volatility window (odd, at least 3).
    #[arg(long, value_name = "PERIODS", default_value_t = hpi_usecases::model::DEFAULT_VOLATILITY_WINDOW)]
    pub volatility_window: u32,
    /// Also k-fold accuracy: each of K folds of the pairs (10 is usual) predicted by the index
    /// made without it.
    #[arg(long, value_name = "K")]
    pub kfold: Option<u32>,
    /// Seed of the shuffle that makes the folds.
    #[arg(long, default_value_t = hpi_usecases::model::DEFAULT_SEED, requires = "kfold")]
    pub seed: u64,
    /// Also revision and forecast accuracy, from vintages ending in this period (e.g. 2012,
    /// 2012-Q3, 2012-03) through the last.
    #[arg(long, value_name = "PERIOD")]
    pub revision_from: Option<String>,
}

impl EvaluateArgs {
    /// The request as the use cases take it.
    pub fn request(&self) -> EvaluateRequest {
        EvaluateRequest {
            volatility_window: self.volatility_window,
            kfold: self.kfold,
            seed: self.seed,
            revision_from: self.revision_from.clone(),
        }
    }

    /// The output format: the flag, else by the file's extension, else JSON.
    pub fn format(&self) -> Result<hpi_usecases::model::Format, CliError> {
        Ok(match self.format {
            Some(f) => f.for_files()?,
            None if self.output == "-" => hpi_usecases::model::Format::Json,
            None => hpi_usecases::model::Format::for_path(&self.output),
        })
    }

    /// Writes `evaluation` where `--output` says.
    pub fn write(&self, evaluation: &hpi_usecases::model::Evaluation) -> Result<(), CliError> {
        Ok(hpi_usecases::evaluate::write(evaluation, &self.output, self.format()?)?)
    }
}
