-- Schema 9 (HPI Studio 0.2.0): a run's tract panel is saved packed, one row
-- per stretch of consecutive tracts of one CBSA, its points in a blob
-- (crates/hpi-store/src/tract_panel.rs): a national run's millions of
-- tract-years took seconds and about 90 bytes each as rows of `run_tracts`.
-- `id` keeps the panel's order. Runs saved earlier keep their rows in
-- `run_tracts` and are read from there.
CREATE TABLE run_tract_panels (
    id     INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    cbsa   TEXT    NOT NULL,
    points BLOB    NOT NULL
);
CREATE INDEX run_tract_panels_by_run ON run_tract_panels (run_id, cbsa);
