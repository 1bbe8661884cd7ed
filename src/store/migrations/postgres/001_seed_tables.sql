-- The seeds' tables (see the SQLite migration of the same number for the additions), in
-- PostgreSQL types: timestamps are timestamptz (UTC), reals double precision, and volume
-- double precision because crypto volumes are fractional.
CREATE TABLE market_data (
    id BIGSERIAL PRIMARY KEY,
    symbol TEXT NOT NULL,
    asset_type TEXT NOT NULL,
    date TIMESTAMPTZ NOT NULL,
    open DOUBLE PRECISION,
    high DOUBLE PRECISION,
    low DOUBLE PRECISION,
    close DOUBLE PRECISION,
    volume DOUBLE PRECISION,
    fetch_date TIMESTAMPTZ,
    timeframe TEXT,
    interval TEXT NOT NULL,
    hour INTEGER,
    adj_close DOUBLE PRECISION,
    UNIQUE (symbol, interval, date)
);

CREATE TABLE training_runs (
    id BIGSERIAL PRIMARY KEY,
    run_date TIMESTAMPTZ NOT NULL,
    mode TEXT NOT NULL,
    timeframe TEXT,
    hour INTEGER,
    symbols_count INTEGER,
    rows_processed BIGINT,
    status TEXT,
    duration_seconds DOUBLE PRECISION,
    error TEXT
);
CREATE INDEX idx_training_runs_run_date ON training_runs(run_date);

CREATE TABLE model_metadata (
    id BIGSERIAL PRIMARY KEY,
    symbol TEXT NOT NULL,
    model_type TEXT NOT NULL,
    training_date TIMESTAMPTZ NOT NULL,
    accuracy DOUBLE PRECISION,
    loss DOUBLE PRECISION,
    epochs INTEGER,
    model_path TEXT,
    timeframe TEXT,
    training_mode TEXT,
    hour INTEGER
);
CREATE INDEX idx_model_metadata_symbol_date ON model_metadata(symbol, training_date);

CREATE TABLE rejected_bars (
    id BIGSERIAL PRIMARY KEY,
    rejected_at TIMESTAMPTZ NOT NULL,
    source TEXT NOT NULL,
    line BIGINT,
    symbol TEXT,
    interval TEXT,
    raw TEXT,
    reason TEXT NOT NULL
);
