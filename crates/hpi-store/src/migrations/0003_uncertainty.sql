-- Schema 3 (HPI Studio 0.2.0): how sure a run is of its index, and how well it
-- fits. Each city index value keeps its standard error of ln(index) (pooled
-- methods: analytic; RSAI: from a bootstrap, when one was run) and, for a
-- bootstrap, its band at the run's `band_level`. `hpi evaluate` on a project
-- saves its diagnostics with the run. Runs saved earlier keep NULL: "not
-- recorded".
ALTER TABLE run_index ADD COLUMN se REAL;
ALTER TABLE run_index ADD COLUMN lower REAL;
ALTER TABLE run_index ADD COLUMN upper REAL;
ALTER TABLE runs ADD COLUMN band_level REAL;
CREATE TABLE run_evaluation (
    run_id INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    report TEXT NOT NULL  -- JSON of the evaluation, with its version
);
