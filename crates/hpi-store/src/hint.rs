//! What a user can do about a refused file, as values: each front end (the
//! CLI's flags, the app's controls, the server's fields) words them its own
//! way, so no message here names a flag or a button.

use serde::{Deserialize, Serialize};

/// One thing the user can change to get past an error.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Hint {
    /// Name the file's column that holds `column`.
    MapColumn {
        /// The column HPI Studio wants.
        column: String,
    },
    /// Say how the file writes its dates.
    DateFormat,
    /// Say whether slash dates put the month or the day first.
    DayMonthOrder,
    /// Import the good rows and record the bad ones.
    SkipBadRows,
    /// Widen the plausible sale years or prices, for data that really lies outside them.
    PlausibleRange,
}

/// Hints gathered over many rows: each once, in a stable order.
#[derive(Clone, Debug, Default)]
pub struct Hints(std::collections::BTreeSet<Hint>);

impl Hints {
    /// Adds a hint (again is a no-op).
    pub fn add(&mut self, hint: Option<Hint>) {
        if let Some(h) = hint {
            self.0.insert(h);
        }
    }

    /// The hints, each once.
    pub fn into_vec(self) -> Vec<Hint> {
        self.0.into_iter().collect()
    }
}
