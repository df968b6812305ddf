//! The flags that say how to read input files, shared by `hpi import` and
//! `hpi calculate`: both read through the importer's one reader.

use crate::error::CliError;
use clap::Args;
use hpi_usecases::model::ImportOptions;
use hpi_usecases::ReadRequest;

/// `--map new=old` pairs: read column `old` as `new`.
#[derive(Clone, Debug, Default)]
pub struct ColumnMap(pub Vec<(String, String)>);

impl ColumnMap {
    /// Parses `new=old,new2=old2` (the flag may be repeated). A file without
    /// column `old` is read by the name `new` as usual.
    pub fn parse(specs: &[String]) -> Result<Self, CliError> {
        let mut pairs = Vec::new();
        for spec in specs.iter().flat_map(|s| s.split(',')).filter(|s| !s.trim().is_empty()) {
            let (new, old) =
                spec.split_once('=').ok_or_else(|| CliError::Usage(format!("--map expects new=old, got '{spec}'")))?;
            pairs.push((new.trim().to_owned(), old.trim().to_owned()));
        }
        Ok(ColumnMap(pairs))
    }
}

/// How to read a file's columns and dates.
#[derive(Args, Debug, Clone, Default)]
pub struct ReadArgs {
    /// Read column OLD as NEW: --map new=old[,new2=old2].
    #[arg(long, value_name = "NEW=OLD")]
    pub map: Vec<String>,
    /// How dates are written, e.g. %m/%d/%Y (US) or %d/%m/%Y (EU) [default: ISO and unambiguous forms].
    #[arg(long, value_name = "FORMAT")]
    pub date_format: Option<String>,
    /// The Excel sheet to read [default: the first].
    #[arg(long)]
    pub sheet: Option<String>,
    /// Sales dated before this year are bad rows (a mistyped year) [default: 1900].
    #[arg(long, value_name = "YEAR")]
    pub earliest_year: Option<i32>,
    /// Sales dated after this year are bad rows [default: next year].
    #[arg(long, value_name = "YEAR")]
    pub latest_year: Option<i32>,
    /// Prices above this are bad rows [default: 1e12].
    #[arg(long, value_name = "PRICE")]
    pub max_price: Option<f64>,
}

impl ReadArgs {
    /// The importer's options for these flags.
    pub fn options(&self, skip_bad_rows: bool) -> Result<ImportOptions, CliError> {
        let request = ReadRequest {
            columns: ColumnMap::parse(&self.map)?.0,
            date_format: self.date_format.clone(),
            sheet: self.sheet.clone(),
            earliest_year: self.earliest_year,
            latest_year: self.latest_year,
            max_price: self.max_price,
            strict: false,
        };
        Ok(request.options(skip_bad_rows)?.import)
    }
}
