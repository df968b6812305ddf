//! Reading a project's data into the engine's tables, without a detour
//! through text files.

mod sale_rows;

use crate::{ImportKind, Project, StoreError, KEPT_ISSUES};
use hpi_engine::{
    Attributes, AttributesBuilder, RowIssue, Sales, SalesBuilder, TractGroupsBuilder, Tracts, TractsBuilder,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// Rows of one import that the engine refused, with their own file and line.
#[derive(Clone, Debug, Serialize)]
pub struct ImportIssues {
    /// The import.
    pub import_id: i64,
    /// Its file name.
    pub file: String,
    /// What it held.
    pub kind: ImportKind,
    /// Rows of it read.
    pub rows: u64,
    /// Rows refused.
    pub rejected: u64,
    /// Refused rows per kind of reason (all of them).
    pub by_reason: BTreeMap<String, u64>,
    /// The first thousand refused rows (lines of the imported file).
    pub issues: Vec<RowIssue>,
}

/// A project's data as engine tables.
pub struct ProjectInputs {
    /// Sales in import order.
    pub sales: Sales,
    /// Tracts (empty unless asked for).
    pub tracts: Tracts,
    /// Attributes (empty unless asked for).
    pub attributes: Attributes,
    /// Per import, the rows the engine refused (unknown tract, CBSA mismatch, …).
    pub imports: Vec<ImportIssues>,
}

struct Collector {
    /// By import id, ascending.
    imports: Vec<ImportIssues>,
    /// Position of the last import recorded: rows come grouped by import.
    last: usize,
}

impl Collector {
    /// Every import whose kind is loaded, with the rows it stored.
    fn new(project: &Project, with_tracts: bool) -> Result<Self, StoreError> {
        let mut stmt = project.conn.prepare("SELECT id, file_name, kind, rows_accepted FROM imports ORDER BY id")?;
        let imports = stmt
            .query_map([], |r| {
                let kind: ImportKind = r.get(2)?;
                let loaded = kind.is_run_input() && (with_tracts || kind == ImportKind::Transactions);
                Ok(ImportIssues {
                    import_id: r.get(0)?,
                    file: r.get(1)?,
                    rows: if loaded { r.get::<_, i64>(3)? as u64 } else { 0 },
                    kind,
                    rejected: 0,
                    by_reason: BTreeMap::new(),
                    issues: Vec::new(),
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(Collector { imports, last: 0 })
    }

    /// Records a row the engine refused, with its import's own line.
    fn reject(&mut self, import_id: i64, mut issue: RowIssue, line: i64) {
        if self.imports.get(self.last).is_none_or(|i| i.import_id != import_id) {
            match self.imports.binary_search_by_key(&import_id, |i| i.import_id) {
                Ok(k) => self.last = k,
                Err(_) => return,
            }
        }
        let entry = &mut self.imports[self.last];
        entry.rejected += 1;
        *entry.by_reason.entry(issue.kind()).or_default() += 1;
        if entry.issues.len() < KEPT_ISSUES {
            issue.line = line as u64;
            entry.issues.push(issue);
        }
    }
}

/// Loads the sales, and the tracts and attributes when `with_tracts` (RSAI).
pub fn load(project: &Project, with_tracts: bool) -> Result<ProjectInputs, StoreError> {
    let conn = &project.conn;
    let mut collector = Collector::new(project, with_tracts)?;
    let mut tracts = Tracts::default();
    let mut attributes = Attributes::default();
    if with_tracts {
        let mut b = TractsBuilder::default();
        let mut stmt = conn.prepare("SELECT tract, cbsa, lat, lon, import_id, line FROM tracts ORDER BY tract")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let line: i64 = r.get(5)?;
            let result =
                b.push_values(line as u64, r.get_ref(0)?.as_str()?, r.get_ref(1)?.as_str()?, r.get(2)?, r.get(3)?);
            if let Err(issue) = result {
                collector.reject(r.get(4)?, issue, line);
            }
        }
        drop(rows);
        tracts = b.finish();
        let mut b = AttributesBuilder::new(&tracts);
        let mut stmt = conn.prepare(
            "SELECT tract, year, units, median_value, upb, college, nonwhite, import_id, line FROM tract_attributes
             ORDER BY import_id, line",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let line: i64 = r.get(8)?;
            let values = [r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?];
            if let Err(issue) = b.push_values(line as u64, r.get_ref(0)?.as_str()?, r.get(1)?, values) {
                collector.reject(r.get(7)?, issue, line);
            }
        }
        drop(rows);
        attributes = b.finish();
        let mut b = TractGroupsBuilder::new(&tracts);
        let mut stmt =
            conn.prepare("SELECT tract, group_name, import_id, line FROM tract_groups ORDER BY import_id, line")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let line: i64 = r.get(3)?;
            if let Err(issue) = b.push_values(line as u64, r.get_ref(0)?.as_str()?, r.get_ref(1)?.as_str()?) {
                collector.reject(r.get(2)?, issue, line);
            }
        }
        drop(rows);
        let groups = b.finish();
        tracts.groups = groups;
    }
    // max(id) bounds the row count without count(*)'s walk over the table.
    let rows: i64 = conn.query_row("SELECT coalesce(max(id), 0) FROM transactions", [], |r| r.get(0))?;
    let mut b = SalesBuilder::with_capacity(with_tracts.then_some(&tracts), rows as usize);
    sale_rows::each_sale(project, &mut |sale| {
        // Issues carry the file's own line.
        let result = match sale.weight {
            Err(reason) => Err(RowIssue::new(sale.id as u64, "weight", reason)),
            Ok(weight) => {
                b.push_values(sale.id as u64, sale.property, sale.date, sale.price, sale.tract, sale.cbsa).map(|()| {
                    if let Some(w) = weight {
                        b.weight_last(w);
                    }
                })
            }
        };
        if let Err(issue) = result {
            collector.reject(sale.import_id, issue, sale.line);
        }
    })?;
    Ok(ProjectInputs { sales: b.finish(), tracts, attributes, imports: collector.imports })
}
