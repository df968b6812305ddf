//! A project's sales, read a batch at a time. A project in a file is read on
//! a second connection and thread while the caller's thread stores the sales:
//! SQLite's scan and the engine's tables (the property ids) each take about
//! half of a load, so the two together take about as long as the larger.

use crate::{Project, StoreError};
use hpi_engine::{check_measure, Date};
use rusqlite::Connection;
use std::sync::mpsc;

/// One sale as the project holds it; `weight` is checked as a value of a
/// file we did not write.
pub(super) struct Sale<'a> {
    /// The rowid, which orders sales across imports.
    pub id: i64,
    pub property: &'a str,
    pub date: Date,
    pub price: f64,
    pub tract: Option<&'a str>,
    pub cbsa: Option<&'a str>,
    pub weight: Result<Option<f64>, String>,
    pub import_id: i64,
    /// The line in the imported file.
    pub line: i64,
}

/// Rows read at a time: a few megabytes.
const BATCH_ROWS: usize = 1 << 15;

/// A batch of sales: their text side by side and the rest as columns.
#[derive(Default)]
struct Batch {
    text: String,
    /// Per sale, its property, tract and CBSA in `text` (`None` for NULL).
    spans: Vec<[Option<(u32, u32)>; 3]>,
    id: Vec<i64>,
    date: Vec<Date>,
    price: Vec<f64>,
    weight: Vec<Result<Option<f64>, String>>,
    import_id: Vec<i64>,
    line: Vec<i64>,
}

impl Batch {
    fn len(&self) -> usize {
        self.id.len()
    }

    fn sale(&self, k: usize) -> Sale<'_> {
        let text = |span: Option<(u32, u32)>| span.map(|(a, b)| &self.text[a as usize..b as usize]);
        let [property, tract, cbsa] = self.spans[k];
        Sale {
            id: self.id[k],
            property: text(property).unwrap_or(""),
            date: self.date[k],
            price: self.price[k],
            tract: text(tract),
            cbsa: text(cbsa),
            weight: self.weight[k].clone(),
            import_id: self.import_id[k],
            line: self.line[k],
        }
    }
}

/// Hands `store` every sale of `project` in rowid order.
pub(super) fn each_sale(project: &Project, store: &mut dyn FnMut(Sale<'_>)) -> Result<(), StoreError> {
    let mut store_all = |batch: &Batch| (0..batch.len()).for_each(|k| store(batch.sale(k)));
    let Ok(other) = project.another() else {
        // In memory: one connection, one thread.
        return read_batches(&project.conn, &mut |batch| {
            store_all(&batch);
            true
        });
    };
    // Two batches ahead at most.
    let (send, receive) = mpsc::sync_channel::<Result<Batch, StoreError>>(2);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            // A send fails only when the storing side has gone: then the reading stops too.
            let read = read_batches(&other.conn, &mut |batch| send.send(Ok(batch)).is_ok());
            if let Err(e) = read {
                let _ = send.send(Err(e));
            }
        });
        // The reader's error is the last thing it sends, so returning on it leaves nothing waiting.
        for batch in receive {
            store_all(&batch?);
        }
        Ok(())
    })
}

/// Reads the sales of `conn` in rowid order into batches for `deliver`,
/// until they are all read or `deliver` says to stop.
fn read_batches(conn: &Connection, deliver: &mut dyn FnMut(Batch) -> bool) -> Result<(), StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, property_id, sale_date, price, tract, cbsa, import_id, line, weight FROM transactions ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut batch = Batch::default();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let packed: u32 = r.get(2)?;
        let date = Date::from_ymd((packed / 10_000) as i32, packed / 100 % 100, packed % 100).ok_or_else(|| {
            StoreError::NotAProject {
                path: "project".into(),
                reason: format!("transaction {id} has the impossible date {packed}"),
            }
        })?;
        let mut span = |text: Option<&str>| {
            text.map(|t| {
                let from = batch.text.len() as u32;
                batch.text.push_str(t);
                (from, batch.text.len() as u32)
            })
        };
        let spans = [
            span(Some(r.get_ref(1)?.as_str()?)),
            span(r.get_ref(4)?.as_str_or_null()?),
            span(r.get_ref(5)?.as_str_or_null()?),
        ];
        batch.spans.push(spans);
        batch.id.push(id);
        batch.date.push(date);
        batch.price.push(r.get(3)?);
        batch.weight.push(r.get::<_, Option<f64>>(8)?.map(check_measure).transpose());
        batch.import_id.push(r.get(6)?);
        batch.line.push(r.get(7)?);
        if batch.len() == BATCH_ROWS && !deliver(std::mem::take(&mut batch)) {
            return Ok(());
        }
    }
    if batch.len() > 0 {
        deliver(batch);
    }
    Ok(())
}
