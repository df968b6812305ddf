-- Schema 4 (HPI Studio 0.2.0): each city index value keeps the standard error
-- of its log change from the previous period (analytic, every method; for
-- RSAI Σ wₙ² Var d̂ₙₜ over the year's supertracts). Runs saved earlier keep
-- NULL: "not recorded".
ALTER TABLE run_index ADD COLUMN change_se REAL;
