-- A spread model version carries what its GARCH forecast is carried with after the scan: the
-- reversion regression whose residuals the GARCH filters, the forecast for the bar after the
-- scan's last, and that bar. The dashboard's pair page draws the band the signals size with
-- (issue 20).
ALTER TABLE pair_models ADD COLUMN reversion_intercept REAL;
ALTER TABLE pair_models ADD COLUMN reversion_slope REAL;
ALTER TABLE pair_models ADD COLUMN next_variance REAL;
ALTER TABLE pair_models ADD COLUMN variance_from TIMESTAMP;   -- the scan's last bar
UPDATE pair_models SET
    reversion_intercept = (SELECT c.reversion_intercept FROM pair_candidates c
                           WHERE c.id = pair_models.candidate_id),
    reversion_slope = (SELECT c.reversion_slope FROM pair_candidates c
                       WHERE c.id = pair_models.candidate_id),
    next_variance = (SELECT c.next_variance FROM pair_candidates c
                     WHERE c.id = pair_models.candidate_id),
    variance_from = (SELECT s.data_end FROM pair_scans s WHERE s.id = pair_models.scan_id);
