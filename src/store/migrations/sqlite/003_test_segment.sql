-- Honest evaluation (issue 7): model_metadata's accuracy, loss, f1 and baseline_accuracy are
-- now the TEST segment's: rows after the validation segment (and an embargo) that neither
-- trained the model nor chose its epoch. The validation segment's, which chose the epoch, get
-- their own columns. Rows written before this migration hold validation metrics in accuracy
-- and loss; their test_rows is NULL, which tells them apart.
--   test_rows             rows of the test segment the metrics are computed on
--   validation_accuracy   of the validation segment (it chose the epoch: optimistic)
--   validation_loss
--   edge_pvalue           one-sided exact McNemar test of the model against the baseline on
--                         the test rows (small: an edge distinguishable from zero)
--   selection_end         the last bar any row that trained or chose this model (or the
--                         models it was warm-started from) looked at; a later model's test rows
--                         lie after it
ALTER TABLE model_metadata ADD COLUMN test_rows INTEGER;
ALTER TABLE model_metadata ADD COLUMN validation_accuracy REAL;
ALTER TABLE model_metadata ADD COLUMN validation_loss REAL;
ALTER TABLE model_metadata ADD COLUMN edge_pvalue REAL;
ALTER TABLE model_metadata ADD COLUMN selection_end TIMESTAMP;
