-- The scanner's models (scanner train, issue 21) score each scan: the registry versions that
-- filled its ml_features rows' signal_quality and signal_confidence (NULL: none scored: no
-- champion, version 0, or no row to score, as a scan without a signal for signal quality).
ALTER TABLE scans ADD COLUMN signal_quality_version INTEGER;
ALTER TABLE scans ADD COLUMN market_regime_version INTEGER;
