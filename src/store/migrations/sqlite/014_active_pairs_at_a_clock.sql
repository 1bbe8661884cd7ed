-- The active pairs at a clock T are the selected candidates of the latest scan whose clock is at
-- or before T, less those a signals run at or before T deactivated (correlation drift). A scan
-- recorded out of order, a scan with a later clock or a later deactivation never changes what
-- a run at T trades (issue 20). active_pairs becomes the view of that set for the latest clock.
CREATE TABLE pair_deactivations (
    scan_id INTEGER NOT NULL REFERENCES pair_scans(id),
    symbol_y TEXT NOT NULL,
    symbol_x TEXT NOT NULL,
    deactivated_at TIMESTAMP NOT NULL,     -- the clock of the signals run that deactivated it
    reason TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (scan_id, symbol_y, symbol_x)
);

-- Pairs the last recorded scan selected that active_pairs no longer holds were deactivated by a
-- signals run; when is not recorded, so the latest signal's time stands for it.
INSERT INTO pair_deactivations(scan_id, symbol_y, symbol_x, deactivated_at, reason, created_at)
SELECT c.scan_id, c.symbol_y, c.symbol_x,
       COALESCE((SELECT MAX(g.entry_time) FROM signals g WHERE g.entry_time >= s.as_of), s.as_of),
       'correlation drift (deactivated before deactivations were dated)', s.created_at
FROM pair_candidates c JOIN pair_scans s ON s.id = c.scan_id
WHERE c.stage = 'selected' AND c.scan_id = (SELECT MAX(id) FROM pair_scans)
  AND NOT EXISTS (SELECT 1 FROM active_pairs a
                  WHERE a.symbol_y = c.symbol_y AND a.symbol_x = c.symbol_x);

DROP TABLE active_pairs;
CREATE INDEX idx_pair_scans_as_of ON pair_scans(as_of, id);

CREATE VIEW active_pairs AS
SELECT c.symbol_y, c.symbol_x, c.scan_id, c.id AS candidate_id, c.score, s.as_of AS activated_at
FROM pair_scans s JOIN pair_candidates c ON c.scan_id = s.id AND c.stage = 'selected'
WHERE s.id = (SELECT id FROM pair_scans ORDER BY as_of DESC, id DESC LIMIT 1)
  AND NOT EXISTS (SELECT 1 FROM pair_deactivations d WHERE d.scan_id = s.id
                  AND d.symbol_y = c.symbol_y AND d.symbol_x = c.symbol_x);

-- Signals runs go forward in time: each run's clock is the watermark no later run or scan may
-- go before (record_signals, record_pair_scan). Before this, the latest signal stands for it.
INSERT INTO store_counters(name, value)
    SELECT 'signals.clock', CAST(strftime('%s', MAX(entry_time)) AS INTEGER) FROM signals HAVING COUNT(*) > 0;
