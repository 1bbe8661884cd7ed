-- Models in production (issue 8): aliases, their history, promotion decisions, predictions.
-- A series (symbol, interval) has at most one champion and one challenger. Every change of an
-- alias is appended to alias_history with who or what made it, why, and the decision behind
-- it, so "what was in production at time t" is one query:
--   SELECT new_version FROM alias_history WHERE symbol = ? AND interval = ? AND
--   alias = 'champion' AND changed_at <= ? ORDER BY changed_at DESC, id DESC LIMIT 1
CREATE TABLE model_aliases (
    symbol TEXT NOT NULL,
    interval TEXT NOT NULL,
    alias TEXT NOT NULL,               -- champion | challenger
    version INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (symbol, interval, alias)
);

CREATE TABLE promotion_decisions (
    id INTEGER PRIMARY KEY,
    symbol TEXT NOT NULL,
    interval TEXT NOT NULL,
    decided_at TIMESTAMP NOT NULL,
    challenger_version INTEGER NOT NULL,
    champion_version INTEGER NOT NULL,
    decision TEXT NOT NULL,            -- promoted | kept | deferred | rolled_back
    metric TEXT NOT NULL,              -- log_loss | sharpe | manual
    rows INTEGER NOT NULL,             -- evaluation rows neither model trained or chose on
    challenger_value REAL,               -- the metric of each model on those rows
    champion_value REAL,
    statistic REAL,                      -- Diebold-Mariano (Newey-West variance)
    pvalue REAL,                         -- one-sided: the challenger is better
    reason TEXT NOT NULL,
    actor TEXT NOT NULL,               -- run N | user | rollback check
    run_id INTEGER,
    evidence TEXT                      -- the rows as JSON: times, both probabilities, outcomes
);
CREATE INDEX idx_promotion_decisions_series ON promotion_decisions(symbol, interval, decided_at);

CREATE TABLE alias_history (
    id INTEGER PRIMARY KEY,
    symbol TEXT NOT NULL,
    interval TEXT NOT NULL,
    alias TEXT NOT NULL,
    old_version INTEGER,               -- NULL: the alias was unset
    new_version INTEGER,               -- NULL: the alias was removed
    changed_at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    reason TEXT NOT NULL,
    decision_id INTEGER REFERENCES promotion_decisions(id)
);
CREATE INDEX idx_alias_history_series ON alias_history(symbol, interval, alias, changed_at);

-- Every prediction of a champion or of a model in shadow (a deferred challenger, the champion
-- it replaced), with the model version that made it; the outcome is filled in when the next
-- bar is stored.
CREATE TABLE predictions (
    id INTEGER PRIMARY KEY,
    symbol TEXT NOT NULL,
    interval TEXT NOT NULL,
    model_version INTEGER NOT NULL,
    role TEXT NOT NULL,                -- champion | shadow
    as_of TIMESTAMP NOT NULL,                 -- the last complete bar the prediction saw
    prob_up REAL NOT NULL,               -- P(the next bar closes above as_of's close)
    created_at TIMESTAMP NOT NULL,
    target TIMESTAMP,                         -- the next bar, once stored
    outcome INTEGER,                   -- 1 it closed higher, 0 it did not; NULL until known
    UNIQUE (symbol, interval, model_version, as_of)
);
-- Partial: write_bars fills outcomes of the open predictions only, however many are resolved.
CREATE INDEX idx_predictions_open ON predictions(symbol, interval, as_of) WHERE outcome IS NULL;

-- Each version's test-segment metrics (the rows that neither trained nor chose it), the
-- baseline's too, beside its live predictions' in `query live`.
ALTER TABLE model_versions ADD COLUMN test_rows INTEGER;
ALTER TABLE model_versions ADD COLUMN test_accuracy REAL;
ALTER TABLE model_versions ADD COLUMN test_log_loss REAL;
