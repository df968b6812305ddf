-- Schema version 1 of an HPI Studio project file.

CREATE TABLE project (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE imports (
    id            INTEGER PRIMARY KEY,
    kind          TEXT    NOT NULL CHECK (kind IN ('transactions', 'tracts', 'attributes')),
    file_name     TEXT    NOT NULL,
    file_size     INTEGER NOT NULL,
    sha256        TEXT    NOT NULL,
    imported_at   TEXT    NOT NULL,
    rows_accepted INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL,
    options       TEXT    NOT NULL  -- JSON: column map, date format, skip-bad-rows
);
CREATE UNIQUE INDEX imports_by_content ON imports (kind, sha256);

CREATE TABLE import_rejections (
    import_id INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    line      INTEGER NOT NULL,
    column    TEXT    NOT NULL,
    reason    TEXT    NOT NULL
);
CREATE INDEX import_rejections_by_import ON import_rejections (import_id);

-- Sales in import order; the engine reads them in rowid order, which is the
-- order of imports and, within one, of input lines.
CREATE TABLE transactions (
    id          INTEGER PRIMARY KEY,
    import_id   INTEGER NOT NULL REFERENCES imports (id),
    line        INTEGER NOT NULL,
    property_id TEXT    NOT NULL,
    sale_date   INTEGER NOT NULL,  -- yyyymmdd
    price       REAL    NOT NULL CHECK (price > 0),
    tract       TEXT,
    cbsa        TEXT
);

CREATE TABLE tracts (
    tract     TEXT    PRIMARY KEY,
    cbsa      TEXT    NOT NULL,
    lat       REAL    NOT NULL,
    lon       REAL    NOT NULL,
    import_id INTEGER NOT NULL REFERENCES imports (id),
    line      INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE tract_attributes (
    tract        TEXT    NOT NULL,
    year         INTEGER NOT NULL,
    units        REAL,
    median_value REAL,
    upb          REAL,
    college      REAL,
    nonwhite     REAL,
    import_id    INTEGER NOT NULL REFERENCES imports (id),
    line         INTEGER NOT NULL,
    PRIMARY KEY (tract, year)
) WITHOUT ROWID;

CREATE TABLE runs (
    id                INTEGER PRIMARY KEY,
    created_at        TEXT    NOT NULL,
    app_version       TEXT    NOT NULL,
    method            TEXT    NOT NULL,
    parameters        TEXT    NOT NULL,  -- JSON of the validated parameters
    input_fingerprint TEXT    NOT NULL,  -- SHA-256 over the imports used
    status            TEXT    NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
    duration_ms       INTEGER,
    error             TEXT
);

CREATE TABLE run_index (
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    region TEXT    NOT NULL,
    weight TEXT,
    period INTEGER NOT NULL,
    label  TEXT    NOT NULL,
    value  REAL,
    note   TEXT
);
CREATE INDEX run_index_by_run ON run_index (run_id, region, weight, period);

CREATE TABLE run_tracts (
    run_id     INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    tract      TEXT    NOT NULL,
    cbsa       TEXT    NOT NULL,
    year       INTEGER NOT NULL,
    value      REAL,
    supertract TEXT
);
CREATE INDEX run_tracts_by_run ON run_tracts (run_id, cbsa, tract, year);

CREATE TABLE run_quality (
    run_id INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    report TEXT NOT NULL  -- JSON
);
