//! A report as one self-contained HTML file: inline styles and SVG charts,
//! no external references.

use crate::document::{Block, CellKind, Document};
use crate::report::{document, ReportInput};
use crate::ReportError;
use std::fmt::Write;

/// An SVG chart ready to inline: HTML5 puts inline `<svg>` in the SVG
/// namespace itself, so the namespace declaration (a URL never fetched) goes.
fn inline(svg: &str) -> String {
    svg.replace(" xmlns=\"http://www.w3.org/2000/svg\"", "")
}

/// Escapes text for HTML.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f2328;max-width:1040px;margin:32px auto;padding:0 24px;line-height:1.45}
h1{font-size:26px;margin-bottom:4px}h2{font-size:20px;margin-top:36px;border-bottom:1px solid #d0d7de;padding-bottom:4px}h3{font-size:16px}
.sub{color:#57606a}table{border-collapse:collapse;margin:8px 0 16px;font-size:13px}th,td{padding:4px 10px;border-bottom:1px solid #eaeef2;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}figure{margin:12px 0}svg{max-width:100%;height:auto}code{font-size:12px;word-break:break-all}
@media print{body{margin:0}h2{break-after:avoid}figure,table{break-inside:avoid}}";

/// The report as one HTML document.
pub fn html_report(input: &ReportInput) -> Result<String, ReportError> {
    Ok(render(&document(input)?))
}

/// A document as HTML.
pub fn render(doc: &Document) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{}</title><style>{STYLE}</style></head><body>",
        esc(&doc.title)
    );
    let _ = write!(h, "<h1>{}</h1><p class=\"sub\">{}</p>", esc(&doc.title), esc(&doc.subtitle));
    for block in &doc.blocks {
        match block {
            Block::Heading { level, text, anchor } => {
                let id = anchor.as_ref().map(|a| format!(" id=\"{}\"", esc(a))).unwrap_or_default();
                let _ = write!(h, "<h{level}{id}>{}</h{level}>", esc(text));
            }
            Block::Paragraph(text) => {
                let _ = write!(h, "<p>{}</p>", esc(text));
            }
            Block::Figure { svg, alt } => {
                let _ = write!(h, "<figure role=\"img\" aria-label=\"{}\">{}</figure>", esc(alt), inline(svg));
            }
            Block::Table(t) => {
                h += "<table>";
                let class = |k: CellKind| if k == CellKind::Number { " class=\"n\"" } else { "" };
                if t.header {
                    h += "<tr>";
                    for (title, kind) in &t.columns {
                        let _ = write!(h, "<th{}>{}</th>", class(*kind), esc(title));
                    }
                    h += "</tr>";
                }
                for row in &t.rows {
                    h += "<tr>";
                    for ((_, kind), cell) in t.columns.iter().zip(row) {
                        let _ = match kind {
                            CellKind::Key => write!(h, "<th>{}</th>", esc(cell)),
                            CellKind::Code => write!(h, "<td><code>{}</code></td>", esc(cell)),
                            CellKind::Number | CellKind::Text => write!(h, "<td{}>{}</td>", class(*kind), esc(cell)),
                        };
                    }
                    h += "</tr>";
                }
                h += "</table>";
            }
        }
    }
    h += "</body></html>\n";
    h
}
