-- Reads on the paths that poll (a server every 250 ms, the dashboard every 10 s) or run after
-- every write are bounded and indexed (issue 20): counters kept by the writes instead of
-- counting whole tables, and an index under every polled query.
CREATE TABLE store_counters (
    name TEXT PRIMARY KEY,       -- market_data.rows, market_data.fetched.YYYY-MM-DD HH (per hour),
                                 -- decisions.KIND, aliases.changed, runs.finished, signals.clock
    value BIGINT NOT NULL
);
INSERT INTO store_counters(name, value) SELECT 'market_data.rows', COUNT(*) FROM market_data;
INSERT INTO store_counters(name, value)
    SELECT 'decisions.' || decision, COUNT(*) FROM promotion_decisions GROUP BY decision;
INSERT INTO store_counters(name, value) SELECT 'aliases.changed', COUNT(*) FROM alias_history;
INSERT INTO store_counters(name, value)
    SELECT 'runs.finished', COUNT(*) FROM training_runs WHERE status <> 'running';

-- A revised or late bar reopens the outcomes it decided: predictions by base bar and by target.
CREATE INDEX idx_predictions_as_of ON predictions(symbol, interval, as_of);
CREATE INDEX idx_predictions_target ON predictions(symbol, interval, target);
-- /v1/promotions, newest first, of one symbol or of all.
CREATE INDEX idx_promotion_decisions_symbol_at ON promotion_decisions(symbol, decided_at, id);
CREATE INDEX idx_promotion_decisions_at ON promotion_decisions(decided_at, id);
-- serving_state: the newest run of each mode, a full retrain under way.
CREATE INDEX idx_training_runs_mode ON training_runs(mode, id);
CREATE INDEX idx_training_runs_status ON training_runs(status, mode, heartbeat_at);
-- The champions a server serves and the overview lists.
CREATE INDEX idx_model_aliases_alias ON model_aliases(alias, symbol, interval, version);
-- The overview's queued and failed jobs.
CREATE INDEX idx_jobs_state ON jobs(state, id);
-- A pair's history on the dashboard's pair page.
CREATE INDEX idx_pair_candidates_pair ON pair_candidates(symbol_y, symbol_x, scan_id);
