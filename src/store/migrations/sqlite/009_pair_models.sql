-- Seed 004's pair models and performance history (issue 10).
--   pair_models: the spread model of each pair a scan selected, one version per pair and day
--     (a later scan of the same day replaces that day's figures, keeping its version number).
--   model_performance: one row per pair GRU per training run (its run in training_runs, mode
--     'pairs'), with the test segment's metrics beside the always-revert classifier's F1 and
--     the hyperparameters validation chose; pair_classifiers holds its weights.
--   model_rankings: pairs ranked by test F1 and by composite score, one set of rows per update
--     (the end of every scan and every pair training); current_best_models is the latest set.
--   model_trends: 7- and 30-day averages and slopes of each pair's metrics, replaced by each
--     update.
-- The rankings read only the candidates past the correlation gate (a few per cent of a scan's).
CREATE INDEX idx_pair_candidates_passed ON pair_candidates(scan_id) WHERE stage <> 'correlation';

CREATE TABLE pair_models (
    id INTEGER PRIMARY KEY,
    symbol_y TEXT NOT NULL,
    symbol_x TEXT NOT NULL,
    version INTEGER NOT NULL,              -- 1, 2, ... per pair (this direction)
    model_day TEXT NOT NULL,               -- YYYY-MM-DD of the scan's clock, UTC
    scan_id INTEGER NOT NULL REFERENCES pair_scans(id),
    candidate_id INTEGER NOT NULL REFERENCES pair_candidates(id),
    hedge_ratio REAL NOT NULL,
    intercept REAL NOT NULL,
    half_life REAL,
    spread_mean REAL NOT NULL,
    spread_sd REAL NOT NULL,
    garch_mu REAL,
    garch_omega REAL,
    garch_alpha REAL,
    garch_beta REAL,
    score REAL NOT NULL,
    data_start TIMESTAMP NOT NULL,         -- the formation window the parameters came from
    data_end TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE(symbol_y, symbol_x, model_day),
    UNIQUE(symbol_y, symbol_x, version)
);

CREATE TABLE model_performance (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES training_runs(id),
    model_run_id TEXT NOT NULL,            -- run-<run id>-<Y>-<X>: names this model
    pair TEXT NOT NULL,                    -- Y/X
    symbol_y TEXT NOT NULL,
    symbol_x TEXT NOT NULL,
    model_type TEXT NOT NULL,              -- garch_gru
    as_of TIMESTAMP NOT NULL,              -- the training's clock: no bar after it was read
    trained_at TIMESTAMP NOT NULL,
    interval TEXT NOT NULL,
    data_start TIMESTAMP NOT NULL,
    data_end TIMESTAMP NOT NULL,
    train_rows INTEGER NOT NULL,
    validation_rows INTEGER NOT NULL,
    test_rows INTEGER NOT NULL,
    f1_score REAL NOT NULL,                -- test segment: rows that neither trained nor chose it
    precision_score REAL NOT NULL,
    recall_score REAL NOT NULL,
    accuracy REAL NOT NULL,
    loss REAL NOT NULL,
    baseline_f1 REAL NOT NULL,             -- always "reverts", on the same test rows
    test_positive_rate REAL NOT NULL,
    validation_f1 REAL NOT NULL,           -- what chose the hyperparameters
    hidden_size INTEGER NOT NULL,
    num_layers INTEGER NOT NULL,
    learning_rate REAL NOT NULL,
    sequence_length INTEGER NOT NULL,
    horizon INTEGER NOT NULL,
    epochs INTEGER NOT NULL,
    best_epoch INTEGER NOT NULL,
    configs_tried INTEGER NOT NULL,
    hedge_ratio REAL NOT NULL,
    intercept REAL NOT NULL,
    correlation REAL,
    composite_score REAL,                  -- the pair's score in the scan it was trained from
    duration_seconds REAL NOT NULL
);
CREATE INDEX idx_model_performance_pair ON model_performance(symbol_y, symbol_x, as_of);

CREATE TABLE pair_classifiers (
    performance_id INTEGER PRIMARY KEY REFERENCES model_performance(id),
    settings TEXT NOT NULL,                -- JSON: network, features, scaler, hedge and GARCH
    weights BLOB NOT NULL
);

CREATE TABLE model_rankings (
    id INTEGER PRIMARY KEY,
    ranked_at TIMESTAMP NOT NULL,          -- the clock of the scan or training that updated it
    pair TEXT NOT NULL,                    -- Y/X as last scanned or trained
    symbol_y TEXT NOT NULL,
    symbol_x TEXT NOT NULL,
    rank_f1 INTEGER,                       -- by the latest test F1; NULL: never trained
    f1_score REAL,
    baseline_f1 REAL,
    performance_id INTEGER REFERENCES model_performance(id),
    rank_score INTEGER,                    -- by the 3-scan rolling composite score; NULL: unscored
    composite_score REAL,
    scans INTEGER NOT NULL                 -- scans the rolling score spans
);
CREATE INDEX idx_model_rankings_at ON model_rankings(ranked_at);

CREATE TABLE model_trends (
    pair TEXT NOT NULL,
    symbol_y TEXT NOT NULL,
    symbol_x TEXT NOT NULL,
    metric TEXT NOT NULL,                  -- f1_score | composite_score
    period_days INTEGER NOT NULL,          -- 7 | 30
    observations INTEGER NOT NULL,
    average REAL,
    slope_per_day REAL,                    -- least squares; NULL under 2 observations
    first_at TIMESTAMP,
    last_at TIMESTAMP,
    computed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (symbol_y, symbol_x, metric, period_days)
);

CREATE VIEW current_best_models AS
    SELECT * FROM model_rankings WHERE ranked_at = (SELECT MAX(ranked_at) FROM model_rankings);
