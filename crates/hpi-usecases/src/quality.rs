//! The quality report as text: the one layout every front end shows
//! (`hpi_report::quality::layout`).

pub use hpi_store::QualityReport;

/// The report as text for people.
pub fn text(report: &QualityReport) -> String {
    let title = format!("Quality report ({})", report.method.name());
    hpi_report::quality::text_of(&title, &hpi_report::quality::layout(report))
}
