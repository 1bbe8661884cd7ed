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
    id BIGSERIAL PRIMARY KEY,
    symbol_y TEXT NOT NULL,
    symbol_x TEXT NOT NULL,
    version BIGINT NOT NULL,              -- 1, 2, ... per pair (this direction)
    model_day TEXT NOT NULL,               -- YYYY-MM-DD of the scan's clock, UTC
    scan_id BIGINT NOT NULL REFERENCES pair_scans(id),
    candidate_id BIGINT NOT NULL REFERENCES pair_candidates(id),
    hedge_ratio DOUBLE PRECISION NOT NULL,
    intercept DOUBLE PRECISION NOT NULL,
    half_life DOUBLE PRECISION,
    spread_mean DOUBLE PRECISION NOT NULL,
    spread_sd DOUBLE PRECISION NOT NULL,
    garch_mu DOUBLE PRECISION,
    garch_omega DOUBLE PRECISION,
    garch_alpha DOUBLE PRECISION,
    garch_beta DOUBLE PRECISION,
    score DOUBLE PRECISION NOT NULL,
    data_start TIMESTAMPTZ NOT NULL,         -- the formation window the parameters came from
    data_end TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE(symbol_y, symbol_x, model_day),
    UNIQUE(symbol_y, symbol_x, version)
);

CREATE TABLE model_performance (
    id BIGSERIAL PRIMARY KEY,
    run_id BIGINT NOT NULL REFERENCES training_runs(id),
    model_run_id TEXT NOT NULL,            -- run-<run id>-<Y>-<X>: names this model
    pair TEXT NOT NULL,                    -- Y/X
    symbol_y TEXT NOT NULL,
    symbol_x TEXT NOT NULL,
    model_type TEXT NOT NULL,              -- garch_gru
    as_of TIMESTAMPTZ NOT NULL,              -- the training's clock: no bar after it was read
    trained_at TIMESTAMPTZ NOT NULL,
    interval TEXT NOT NULL,
    data_start TIMESTAMPTZ NOT NULL,
    data_end TIMESTAMPTZ NOT NULL,
    train_rows BIGINT NOT NULL,
    validation_rows BIGINT NOT NULL,
    test_rows BIGINT NOT NULL,
    f1_score DOUBLE PRECISION NOT NULL,                -- test segment: rows that neither trained nor chose it
    precision_score DOUBLE PRECISION NOT NULL,
    recall_score DOUBLE PRECISION NOT NULL,
    accuracy DOUBLE PRECISION NOT NULL,
    loss DOUBLE PRECISION NOT NULL,
    baseline_f1 DOUBLE PRECISION NOT NULL,             -- always "reverts", on the same test rows
    test_positive_rate DOUBLE PRECISION NOT NULL,
    validation_f1 DOUBLE PRECISION NOT NULL,           -- what chose the hyperparameters
    hidden_size BIGINT NOT NULL,
    num_layers BIGINT NOT NULL,
    learning_rate DOUBLE PRECISION NOT NULL,
    sequence_length BIGINT NOT NULL,
    horizon BIGINT NOT NULL,
    epochs BIGINT NOT NULL,
    best_epoch BIGINT NOT NULL,
    configs_tried BIGINT NOT NULL,
    hedge_ratio DOUBLE PRECISION NOT NULL,
    intercept DOUBLE PRECISION NOT NULL,
    correlation DOUBLE PRECISION,
    composite_score DOUBLE PRECISION,                  -- the pair's score in the scan it was trained from
    duration_seconds DOUBLE PRECISION NOT NULL
);
CREATE INDEX idx_model_performance_pair ON model_performance(symbol_y, symbol_x, as_of);

CREATE TABLE pair_classifiers (
    performance_id BIGINT PRIMARY KEY REFERENCES model_performance(id),
    settings TEXT NOT NULL,                -- JSON: network, features, scaler, hedge and GARCH
    weights BYTEA NOT NULL
);

CREATE TABLE model_rankings (
    id BIGSERIAL PRIMARY KEY,
    ranked_at TIMESTAMPTZ NOT NULL,          -- the clock of the scan or training that updated it
    pair TEXT NOT NULL,                    -- Y/X as last scanned or trained
    symbol_y TEXT NOT NULL,
    symbol_x TEXT NOT NULL,
    rank_f1 BIGINT,                       -- by the latest test F1; NULL: never trained
    f1_score DOUBLE PRECISION,
    baseline_f1 DOUBLE PRECISION,
    performance_id BIGINT REFERENCES model_performance(id),
    rank_score BIGINT,                    -- by the 3-scan rolling composite score; NULL: unscored
    composite_score DOUBLE PRECISION,
    scans BIGINT NOT NULL                 -- scans the rolling score spans
);
CREATE INDEX idx_model_rankings_at ON model_rankings(ranked_at);

CREATE TABLE model_trends (
    pair TEXT NOT NULL,
    symbol_y TEXT NOT NULL,
    symbol_x TEXT NOT NULL,
    metric TEXT NOT NULL,                  -- f1_score | composite_score
    period_days BIGINT NOT NULL,          -- 7 | 30
    observations BIGINT NOT NULL,
    average DOUBLE PRECISION,
    slope_per_day DOUBLE PRECISION,                    -- least squares; NULL under 2 observations
    first_at TIMESTAMPTZ,
    last_at TIMESTAMPTZ,
    computed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (symbol_y, symbol_x, metric, period_days)
);

CREATE VIEW current_best_models AS
    SELECT * FROM model_rankings WHERE ranked_at = (SELECT MAX(ranked_at) FROM model_rankings);
