//! A report as a sequence of blocks, independent of its format: the report's
//! content is decided once (`report.rs`) and rendered to HTML or PDF.

/// A report ready to render.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// Title, on the first page.
    pub title: String,
    /// The line under the title.
    pub subtitle: String,
    /// The body, in order.
    pub blocks: Vec<Block>,
}

/// One piece of a report.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A section (level 2) or subsection (level 3) heading.
    Heading {
        /// 2 or 3.
        level: u8,
        /// The heading's text.
        text: String,
        /// A stable anchor for links into the HTML (`region-10180`).
        anchor: Option<String>,
    },
    /// Running text.
    Paragraph(String),
    /// A table.
    Table(TableBlock),
    /// A chart as SVG.
    Figure {
        /// The SVG document.
        svg: String,
        /// What it shows, for readers that do not see it.
        alt: String,
    },
}

/// How a column's cells are set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellKind {
    /// Text, left-aligned.
    Text,
    /// A row's name, set as a header cell.
    Key,
    /// A number, right-aligned in tabular figures.
    Number,
    /// A hash or file name, in monospace, broken anywhere.
    Code,
}

/// A table of text cells, already formatted for people.
#[derive(Clone, Debug, PartialEq)]
pub struct TableBlock {
    /// Column titles (not shown when `header` is false) and kinds.
    pub columns: Vec<(String, CellKind)>,
    /// Whether the titles are shown as a header row.
    pub header: bool,
    /// Rows of cells, one per column.
    pub rows: Vec<Vec<String>>,
}

impl TableBlock {
    /// A table with a header row.
    pub fn new(columns: &[(&str, CellKind)]) -> Self {
        TableBlock {
            columns: columns.iter().map(|(t, k)| ((*t).to_owned(), *k)).collect(),
            header: true,
            rows: Vec::new(),
        }
    }

    /// A two-column table of names and values, without a header row.
    pub fn key_values(value_kind: CellKind) -> Self {
        TableBlock {
            columns: vec![(String::new(), CellKind::Key), (String::new(), value_kind)],
            header: false,
            rows: Vec::new(),
        }
    }

    /// Appends a row.
    pub fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.columns.len());
        self.rows.push(cells);
    }
}
