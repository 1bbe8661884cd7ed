-- The scanner's models (scanner train, issue 21) score each scan: the registry versions that
-- filled its ml_features rows' signal_quality and signal_confidence (NULL: no model scored).
ALTER TABLE scans ADD COLUMN signal_quality_version INTEGER;
ALTER TABLE scans ADD COLUMN market_regime_version INTEGER;
