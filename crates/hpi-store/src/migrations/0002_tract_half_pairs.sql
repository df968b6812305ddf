-- Schema 2 (HPI Studio 0.2.0): each tract-year of a saved RSAI run keeps the
-- tract's own half-pairs, which the coverage heat map draws. Runs saved under
-- schema 1 did not record them: their rows keep NULL, shown as "not recorded".
ALTER TABLE run_tracts ADD COLUMN half_pairs INTEGER;
