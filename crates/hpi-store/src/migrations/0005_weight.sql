-- Schema 5 (HPI Studio 0.2.0): a sale may carry the analyst's weight, which
-- multiplies the weight of the pair it ends in the pooled methods. NULL: no
-- weight given (the pair counts once).
ALTER TABLE transactions ADD COLUMN weight REAL;
