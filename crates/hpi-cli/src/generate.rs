//! `hpi generate`: synthetic transactions, tracts, attributes and the true index.

use crate::error::CliError;
use clap::Args;
use hpi_synth::{SynthData, SynthParams};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Which areas are generated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Preset {
    /// Real metropolitan areas (at most 52) of equal size.
    Uniform,
    /// About 900 areas sized as a country's are, 1975–2025: New York's with about 6 % of the
    /// tracts and sales, a long tail of small ones; about 73,000 tracts with GEOID-style ids.
    National,
}

/// Flags of `hpi generate`.
#[derive(Args, Debug, Clone)]
pub struct GenerateArgs {
    /// Random seed; the same seed gives the same files.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Which areas: equal ones, or sized as a country's (other flags still adjust it).
    #[arg(long, value_enum, default_value = "uniform")]
    pub preset: Preset,
    /// Number of CBSAs (uniform: real metropolitan areas, at most 52) [national: 900].
    #[arg(long, default_value_t = 3, default_value_if("preset", "national", "900"))]
    pub cbsas: u32,
    /// Tracts in each CBSA (national: on average) [national: 81].
    #[arg(long, default_value_t = 50, default_value_if("preset", "national", "81"))]
    pub tracts_per_cbsa: u32,
    /// Number of properties (each sells at least once; about 1.5-4 sales each, more over longer spans).
    #[arg(long, default_value_t = 20_000)]
    pub properties: u64,
    /// First year of sales [national: 1975].
    #[arg(long, default_value_t = 2000, default_value_if("preset", "national", "1975"))]
    pub start_year: i32,
    /// Last year of sales [national: 2025].
    #[arg(long, default_value_t = 2021, default_value_if("preset", "national", "2025"))]
    pub end_year: i32,
    /// Every tract follows its CBSA's index and prices carry only independent noise (no tract
    /// drift, outliers, flips or duplicates): the model behind standard errors and bands.
    #[arg(long)]
    pub common_index: bool,
    /// Output folder (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

impl GenerateArgs {
    fn params(&self) -> Result<SynthParams, CliError> {
        if self.cbsas == 0 || self.tracts_per_cbsa == 0 || self.properties == 0 {
            return Err(CliError::Usage("--cbsas, --tracts-per-cbsa and --properties must be at least 1".into()));
        }
        if self.preset == Preset::Uniform && self.cbsas > hpi_synth::MAX_CBSAS {
            let most = hpi_synth::MAX_CBSAS;
            return Err(CliError::Usage(format!(
                "--cbsas is at most {most}: generated CBSAs are real metropolitan areas, and the generator knows {most} \
                 (--preset national makes up more)"
            )));
        }
        if self.preset == Preset::National && self.cbsas > hpi_synth::MAX_NATIONAL_CBSAS {
            let most = hpi_synth::MAX_NATIONAL_CBSAS;
            return Err(CliError::Usage(format!("--cbsas is at most {most} with --preset national")));
        }
        // The national layout's largest area holds about 6 % of all tracts, in one to three counties.
        let largest = match self.preset {
            Preset::Uniform => u64::from(self.tracts_per_cbsa),
            Preset::National => u64::from(self.cbsas) * u64::from(self.tracts_per_cbsa) / 10,
        };
        if largest > u64::from(hpi_synth::MAX_TRACTS_PER_COUNTY) {
            let most = hpi_synth::MAX_TRACTS_PER_COUNTY;
            return Err(CliError::Usage(format!(
                "--tracts-per-cbsa: at most {most} tracts in a county (six-digit tract numbers)"
            )));
        }
        if self.end_year < self.start_year || !(1800..=2200).contains(&self.start_year) || self.end_year > 2200 {
            return Err(CliError::Usage("--start-year and --end-year must be ordered years in 1800..2200".into()));
        }
        Ok(SynthParams {
            seed: self.seed,
            layout: match self.preset {
                Preset::Uniform => hpi_synth::Layout::uniform(self.cbsas, self.tracts_per_cbsa),
                Preset::National => hpi_synth::Layout::national(self.cbsas, self.tracts_per_cbsa),
            },
            properties: self.properties,
            start_year: self.start_year,
            end_year: self.end_year,
            common_index: self.common_index,
        })
    }
}

fn create(dir: &Path, name: &str) -> Result<(BufWriter<std::fs::File>, String), CliError> {
    let path = dir.join(name).display().to_string();
    let file = std::fs::File::create(&path).map_err(|e| CliError::write(&path, e))?;
    Ok((BufWriter::with_capacity(1 << 20, file), path))
}

/// Writes the five files; returns the number of transactions written.
pub fn generate(args: &GenerateArgs) -> Result<u64, CliError> {
    let params = args.params()?;
    let dir = &args.out;
    std::fs::create_dir_all(dir).map_err(|e| CliError::write(&dir.display().to_string(), e))?;
    let (mut out, path) = create(dir, "transactions.csv")?;
    let mut rows = 0u64;
    let mut failure: Option<std::io::Error> = None;
    writeln!(out, "property_id,sale_date,price,tract,cbsa").map_err(|e| CliError::write(&path, e))?;
    // The tract ids are known only once generation returns, so sales carry
    // the tract index and ids are formed the way the generator forms them.
    let tract_ids = tract_ids(&params);
    let data = hpi_synth::generate(&params, |s| {
        if failure.is_none() {
            let (id, cbsa) = &tract_ids[s.tract];
            let (y, m, d) = s.date;
            if let Err(e) = writeln!(out, "P{:09},{y:04}-{m:02}-{d:02},{:.0},{id},{cbsa}", s.property, s.price) {
                failure = Some(e);
            }
            rows += 1;
        }
    });
    if let Some(e) = failure {
        return Err(CliError::write(&path, e));
    }
    out.flush().map_err(|e| CliError::write(&path, e))?;
    debug_assert!(data.tracts.iter().zip(&tract_ids).all(|(t, (id, _))| &t.id == id));
    write_rest(dir, &params, &data)?;
    Ok(rows)
}

fn tract_ids(params: &SynthParams) -> Vec<(String, String)> {
    let layout = &params.layout;
    (layout.areas.iter().enumerate())
        .flat_map(|(k, area)| (0..area.tracts).map(move |i| (layout.tract_id(k, i), area.code.clone())))
        .collect()
}

fn io(path: &str) -> impl Fn(std::io::Error) -> CliError + '_ {
    move |e| CliError::write(path, e)
}

fn write_rest(dir: &Path, params: &SynthParams, data: &SynthData) -> Result<(), CliError> {
    let (mut out, path) = create(dir, "tracts.csv")?;
    writeln!(out, "tract,cbsa,lat,lon").map_err(io(&path))?;
    for t in &data.tracts {
        writeln!(out, "{},{},{:.6},{:.6}", t.id, t.cbsa, t.lat, t.lon).map_err(io(&path))?;
    }
    out.flush().map_err(io(&path))?;

    let (mut out, path) = create(dir, "attributes.csv")?;
    writeln!(out, "tract,year,units,median_value,upb,college,nonwhite").map_err(io(&path))?;
    for (t, year, v) in &data.attributes {
        let id = &data.tracts[*t].id;
        writeln!(out, "{id},{year},{},{},{},{},{}", v[0], v[1], v[2], v[3], v[4]).map_err(io(&path))?;
    }
    out.flush().map_err(io(&path))?;

    let years = (params.end_year - params.start_year + 1) as usize;
    let (mut out, path) = create(dir, "truth.csv")?;
    writeln!(out, "tract,cbsa,year,index").map_err(io(&path))?;
    for (i, t) in data.tracts.iter().enumerate() {
        for y in 0..years {
            let year = params.start_year + y as i32;
            writeln!(out, "{},{},{year},{}", t.id, t.cbsa, data.tract_index(i, y, 0)).map_err(io(&path))?;
        }
    }
    out.flush().map_err(io(&path))?;

    let (mut out, path) = create(dir, "truth_cbsa.csv")?;
    writeln!(out, "cbsa,weight,year,index").map_err(io(&path))?;
    for (cbsa, series) in data.unit_weighted_city_index() {
        for (y, value) in series.iter().enumerate() {
            writeln!(out, "{cbsa},unit,{},{value}", params.start_year + y as i32).map_err(io(&path))?;
        }
    }
    out.flush().map_err(io(&path))
}
