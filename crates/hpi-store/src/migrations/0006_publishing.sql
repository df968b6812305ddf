-- Schema 6 (HPI Studio 0.2.0): what publishers need beside the index. Each
-- city index value of a run that asked for seasonal adjustment keeps its
-- seasonally adjusted value (STL; NULL where the series could not be
-- adjusted, and in runs that did not ask or were saved earlier).
ALTER TABLE run_index ADD COLUMN value_sa REAL;

-- The analyst's groups of tracts, which RSAI aggregates its tract
-- appreciation to (`hpi import --kind groups`); a tract may be in several.
-- Imports of this kind need the kind list widened, which SQLite does only by
-- building the table again (https://sqlite.org/lang_altertable.html, the
-- twelve steps; the runner turns foreign keys off around migrations).
CREATE TABLE imports_new (
    id            INTEGER PRIMARY KEY,
    kind          TEXT    NOT NULL CHECK (kind IN ('transactions', 'tracts', 'attributes', 'groups')),
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

CREATE TABLE tract_groups (
    tract      TEXT    NOT NULL,
    group_name TEXT    NOT NULL,
    import_id  INTEGER NOT NULL REFERENCES imports (id),
    line       INTEGER NOT NULL,
    PRIMARY KEY (tract, group_name)
) WITHOUT ROWID;
