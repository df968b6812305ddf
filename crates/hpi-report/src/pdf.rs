//! A report as PDF, typeset offline by typst used as a library: the report
//! becomes typst markup, its charts SVG files beside it, and the fonts are the
//! ones embedded in this crate, so no system font or network is consulted.

use crate::document::{Block, CellKind, Document};
use crate::report::{document, ReportInput};
use crate::ReportError;
use std::collections::HashMap;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::layout::PagedDocument;
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The report as PDF bytes.
pub fn pdf_report(input: &ReportInput) -> Result<Vec<u8>, ReportError> {
    render(&document(input)?)
}

/// A document as PDF bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>, ReportError> {
    let (markup, figures) = markup(doc);
    let world = ReportWorld::new(markup, figures);
    let compiled = typst::compile::<PagedDocument>(&world);
    let pages = compiled.output.map_err(|errors| failed(&world, &errors))?;
    let options = typst_pdf::PdfOptions { ident: typst::foundations::Smart::Custom(&doc.title), ..Default::default() };
    let pdf = typst_pdf::pdf(&pages, &options).map_err(|errors| failed(&world, &errors))?;
    // typst memoises layouts across calls; a report is made once, so what it
    // cached is dropped rather than kept for the life of the app.
    typst::comemo::evict(0);
    Ok(pdf)
}

fn failed(world: &ReportWorld, errors: &[typst::diag::SourceDiagnostic]) -> ReportError {
    let messages: Vec<String> = errors
        .iter()
        .map(|e| {
            let at =
                world.main.range(e.span).map(|r| format!(" (markup bytes {}..{})", r.start, r.end)).unwrap_or_default();
            format!("{}{at}", e.message)
        })
        .collect();
    ReportError::Unsupported(format!("cannot typeset the PDF report: {}", messages.join("; ")))
}

/// A typst string literal: the text shown exactly as it is.
fn lit(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Long hashes break anywhere: a zero-width space every eight characters.
fn breakable(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars.chunks(8).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("\u{200B}")
}

const PREAMBLE: &str = r##"#set page(paper: "a4", margin: (x: 1.8cm, top: 2cm, bottom: 2.2cm),
  footer: context [#set text(size: 7.5pt, fill: luma(110)); #h(1fr) #counter(page).display("1 / 1", both: true)])
#set text(font: "DejaVu Sans", size: 9pt, lang: "en")
#set par(leading: 0.58em, spacing: 0.9em)
#show heading.where(level: 2): it => block(above: 1.6em, below: 0.7em, sticky: true)[
  #text(size: 13pt, weight: "bold", it.body)
  #v(-0.5em)
  #line(length: 100%, stroke: 0.5pt + luma(200))
]
#show heading.where(level: 3): it => block(above: 1.1em, below: 0.5em, sticky: true, text(size: 10pt, weight: "bold", it.body))
#show table: set text(size: 7.5pt)
#set table(stroke: (x, y) => (bottom: 0.4pt + luma(225)), inset: (x: 4pt, y: 2.6pt))
#show raw: set text(font: "DejaVu Sans Mono", size: 6.5pt)
"##;

/// The document as typst markup, and its figures by file name.
fn markup(doc: &Document) -> (String, Vec<(String, String)>) {
    let mut m = String::from(PREAMBLE);
    let mut figures = Vec::new();
    m += &format!("#set document(title: {}, author: \"HPI Studio\", date: none)\n", lit(&doc.title));
    m += &format!("#text(size: 19pt, weight: \"bold\", {})\n\n", lit(&doc.title));
    m += &format!("#text(fill: luma(90), {})\n\n", lit(&doc.subtitle));
    for block in &doc.blocks {
        match block {
            Block::Heading { level, text, .. } => {
                m += &format!("#heading(level: {level}, outlined: true, {})\n", lit(text));
            }
            Block::Paragraph(text) => m += &format!("#par({})\n\n", lit(text)),
            Block::Figure { svg, alt } => {
                let name = format!("figure-{}.svg", figures.len() + 1);
                m += &format!("#block(breakable: false, image({}, width: 100%, alt: {}))\n", lit(&name), lit(alt));
                figures.push((name, svg.clone()));
            }
            Block::Table(t) => {
                let align: Vec<&str> =
                    t.columns.iter().map(|(_, k)| if *k == CellKind::Number { "right" } else { "left" }).collect();
                m += &format!("#table(columns: {}, align: ({},),\n", t.columns.len(), align.join(", "));
                if t.header {
                    let titles: Vec<String> =
                        t.columns.iter().map(|(title, _)| format!("strong({})", lit(title))).collect();
                    m += &format!("  table.header({}),\n", titles.join(", "));
                }
                for row in &t.rows {
                    let cells: Vec<String> = t
                        .columns
                        .iter()
                        .zip(row)
                        .map(|((_, kind), cell)| match kind {
                            CellKind::Key => format!("strong({})", lit(cell)),
                            CellKind::Code => format!("raw({})", lit(&breakable(cell))),
                            CellKind::Number | CellKind::Text => lit(cell),
                        })
                        .collect();
                    m += &format!("  {},\n", cells.join(", "));
                }
                m += ")\n";
            }
        }
    }
    (m, figures)
}

/// Everything typst may read: the markup, the figures and the fonts.
struct ReportWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    files: HashMap<FileId, Bytes>,
}

/// DejaVu Sans (regular and bold) for text and charts, DejaVu Sans Mono for hashes.
static FONTS: [&[u8]; 3] = [
    include_bytes!("../assets/DejaVuSans.ttf"),
    include_bytes!("../assets/DejaVuSans-Bold.ttf"),
    include_bytes!("../assets/DejaVuSansMono.ttf"),
];

impl ReportWorld {
    fn new(markup: String, figures: Vec<(String, String)>) -> Self {
        let fonts: Vec<Font> = FONTS.iter().flat_map(|bytes| Font::iter(Bytes::new(*bytes))).collect();
        let main = Source::new(FileId::new(None, VirtualPath::new("/report.typ")), markup);
        let files = figures
            .into_iter()
            .map(|(name, svg)| (FileId::new(None, VirtualPath::new(format!("/{name}"))), Bytes::new(svg.into_bytes())))
            .collect();
        ReportWorld {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            main,
            files,
        }
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(id.vpath().as_rootless_path().into()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files.get(&id).cloned().ok_or_else(|| FileError::NotFound(id.vpath().as_rootless_path().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        // Reports state when they were made in their own text; typst's
        // `datetime.today()` is not used.
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::TableBlock;

    fn doc() -> Document {
        let mut t = TableBlock::new(&[("period", CellKind::Text), ("Sample \"quoted\"", CellKind::Number)]);
        t.row(vec!["2000".into(), "100.0".into()]);
        t.row(vec!["2001 #[not markup]*_ $x$ \\".into(), "1,104.3".into()]);
        let mut k = TableBlock::key_values(CellKind::Code);
        k.row(vec!["sha256".into(), "ab".repeat(32)]);
        Document {
            title: "House price index: run 1 (RSAI)".into(),
            subtitle: "Project s.hpiproj".into(),
            blocks: vec![
                Block::Heading { level: 2, text: "Parameters".into(), anchor: None },
                Block::Table(t),
                Block::Table(k),
                Block::Paragraph("Text with <angle> brackets, @refs and // no comment.".into()),
                Block::Figure {
                    svg: r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100" fill="#0072B2"/><text x="10" y="50" font-family="sans-serif">Chart</text></svg>"##.into(),
                    alt: "a chart".into(),
                },
            ],
        }
    }

    #[test]
    fn markup_special_characters_are_shown_as_text() {
        let pdf = render(&doc()).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let (m, figures) = markup(&doc());
        assert!(m.contains(r#""2001 #[not markup]*_ $x$ \\""#));
        assert_eq!(figures.len(), 1);
    }

    #[test]
    fn hashes_break_every_eight_characters() {
        assert_eq!(breakable("0123456789abcdef01"), "01234567\u{200B}89abcdef\u{200B}01");
    }
}
