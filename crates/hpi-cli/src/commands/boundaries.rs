//! `hpi boundaries`: tract outlines (a Census Shapefile zip or GeoJSON) into a project.

use crate::error::CliError;
use crate::output::n;
use clap::Args;
use hpi_usecases::project as projects;
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;

/// `hpi boundaries`
#[derive(Args)]
pub struct BoundariesArgs {
    /// The Census Bureau's cartographic boundary or TIGER/Line tract file: the
    /// zip as downloaded (or its .shp, with the .shx and .dbf beside it), or GeoJSON.
    pub file: PathBuf,
    /// The project file.
    #[arg(long, value_name = "FILE.hpiproj")]
    pub project: PathBuf,
}

/// Runs `hpi boundaries`.
pub fn boundaries(args: BoundariesArgs) -> Result<(), CliError> {
    let mut project = projects::open(&args.project)?;
    let bar = ProgressBar::with_draw_target(Some(1000), indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("Reading outlines [{bar:30}] {percent}% {elapsed}")
            .expect("template")
            .progress_chars("=> "),
    );
    let result = hpi_usecases::boundaries::import(&mut project, &args.file, &mut |share| {
        bar.set_position((share * 1000.0) as u64)
    });
    bar.finish_and_clear();
    let r = result?;
    let listed = |ids: &[String], count: u64| {
        let more = count.saturating_sub(ids.len() as u64);
        let more = if more > 0 { format!(" and {} more", n(more)) } else { String::new() };
        format!("{}{more}", ids.join(", "))
    };
    if r.not_in_project_count > 0 {
        eprintln!(
            "{} of the file's tracts are not in the project: {}",
            n(r.not_in_project_count),
            listed(&r.not_in_project, r.not_in_project_count)
        );
    }
    if r.without_boundary_count > 0 {
        eprintln!(
            "{} of the project's tracts have no outline (drawn as points): {}",
            n(r.without_boundary_count),
            listed(&r.without_boundary, r.without_boundary_count)
        );
    }
    eprintln!(
        "{} of {} outlines matched the project's tracts on GEOID; {} points simplified to {}",
        n(r.matched),
        n(r.features),
        n(r.points_read),
        n(r.points_kept)
    );
    Ok(())
}
