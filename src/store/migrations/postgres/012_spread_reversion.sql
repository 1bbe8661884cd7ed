-- The spread change's regression d_t = a + b s_{t-1} + u_t whose residuals u the scan fitted the
-- GARCH(1,1) on: pair signals continue the GARCH's variance forecast bar by bar after the scan
-- (issue 11: stops widen and narrow with it). NULL for scans made before it was recorded.
ALTER TABLE pair_candidates ADD COLUMN reversion_intercept DOUBLE PRECISION;
ALTER TABLE pair_candidates ADD COLUMN reversion_slope DOUBLE PRECISION;
