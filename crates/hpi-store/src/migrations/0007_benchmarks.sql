-- Schema 7 (HPI Studio 0.2.0): published index series imported as benchmarks
-- to compare runs with (`hpi import --kind benchmark`), and each index value's
-- smoothed value when the run smoothed (NULL otherwise). The kind list is
-- widened by building the imports table again, as in schema 6.
ALTER TABLE run_index ADD COLUMN value_smooth REAL;

CREATE TABLE imports_new (
    id            INTEGER PRIMARY KEY,
    kind          TEXT    NOT NULL CHECK (kind IN ('transactions', 'tracts', 'attributes', 'groups', 'benchmark')),
    file_name     TEXT    NOT NULL,
    file_size     INTEGER NOT NULL,
    sha256        TEXT    NOT NULL,
    imported_at   TEXT    NOT NULL,
    rows_accepted INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL,
    options       TEXT    NOT NULL  -- JSON: column map, date format, skip-bad-rows
);
INSERT INTO imports_new SELECT id, kind, file_name, file_size, sha256, imported_at, rows_accepted, rows_rejected, options
    FROM imports;
DROP TABLE imports;
ALTER TABLE imports_new RENAME TO imports;
CREATE UNIQUE INDEX imports_by_content ON imports (kind, sha256);

-- One value of a published series. `region` is named as runs name theirs
-- (a CBSA code, state:53, nation:US, or as the file wrote it); `series` tells
-- a file's several series of one place apart (FHFA's flavours: purchase-only,
-- all-transactions, …; empty when the file has one). `value` is NULL where
-- the publisher wrote no value ('-').
CREATE TABLE benchmark_values (
    import_id   INTEGER NOT NULL REFERENCES imports (id),
    series      TEXT    NOT NULL,
    region      TEXT    NOT NULL,
    periodicity TEXT    NOT NULL CHECK (periodicity IN ('annual', 'quarterly', 'monthly')),
    period      INTEGER NOT NULL,
    name        TEXT,
    value       REAL,
    value_sa    REAL,
    se          REAL,
    line        INTEGER NOT NULL,
    PRIMARY KEY (import_id, series, region, periodicity, period)
) WITHOUT ROWID;
