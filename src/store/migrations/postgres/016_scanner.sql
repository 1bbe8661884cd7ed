-- Seed 002's scanner (issue 21): a row per scan, and per scan a market_conditions and an
-- ml_features row for every symbol and timeframe. A scan's clock is unique, so a replay or a
-- live run that resumes after a crash never writes a clock twice. Rows are keyed by
-- (scan_id, symbol, timeframe).
CREATE TABLE scans (
    id BIGSERIAL PRIMARY KEY,
    clock TIMESTAMPTZ NOT NULL UNIQUE,       -- bars complete at this instant were read
    duration_ms DOUBLE PRECISION NOT NULL,             -- reading bars, computing, not the write
    symbols BIGINT NOT NULL,              -- scanned without failure
    signals BIGINT NOT NULL,              -- new signals
    failures TEXT,                         -- JSON array of "SYMBOL: reason", NULL when none
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE market_conditions (
    scan_id BIGINT NOT NULL REFERENCES scans(id),
    symbol TEXT NOT NULL,
    timeframe TEXT NOT NULL,
    price DOUBLE PRECISION,                            -- the last complete bar's close
    volume DOUBLE PRECISION,
    volatility DOUBLE PRECISION,                       -- sd of the last 20 log returns
    rsi DOUBLE PRECISION,
    market_structure TEXT NOT NULL,        -- bullish | bearish | ranging
    liquidity_swept BIGINT NOT NULL,      -- a sweep in the last 10 bars
    order_blocks_count BIGINT NOT NULL,   -- active
    fvg_count BIGINT NOT NULL,            -- active
    session_high DOUBLE PRECISION,
    session_low DOUBLE PRECISION,
    institutional_level DOUBLE PRECISION,
    PRIMARY KEY (scan_id, symbol, timeframe)
);

CREATE TABLE ml_features (
    scan_id BIGINT NOT NULL REFERENCES scans(id),
    symbol TEXT NOT NULL,
    timeframe TEXT NOT NULL,
    price_position DOUBLE PRECISION,
    volume_profile DOUBLE PRECISION,
    order_flow_imbalance DOUBLE PRECISION,
    order_block_strength DOUBLE PRECISION,             -- the nearest active block's
    fvg_quality_score DOUBLE PRECISION,                -- the nearest active gap's size / ATR x unfilled share
    liquidity_density BIGINT,
    market_structure_score DOUBLE PRECISION,           -- +1 / -1 / 0, halved after a CHOCH
    confluence_factors BIGINT NOT NULL,   -- factors holding for the better direction
    confluence_score DOUBLE PRECISION NOT NULL,        -- their weights' sum, 0-1
    session_alignment DOUBLE PRECISION NOT NULL,       -- 1 kill zone, 0.5 session, 0 off hours
    btc_correlation DOUBLE PRECISION,
    sector_momentum DOUBLE PRECISION,
    funding_rate DOUBLE PRECISION,                     -- NULL: no source gives it
    volatility_regime TEXT,
    trend_strength DOUBLE PRECISION,                   -- ADX(14)
    signal_generated BIGINT NOT NULL,     -- this scan made a signal on this row
    signal_quality DOUBLE PRECISION,                   -- the signal-quality model's P(win), NULL without one
    signal_confidence DOUBLE PRECISION,                -- the regime model's P(its class), NULL without one
    signal_id TEXT,                        -- the signal this row made
    trade_outcome TEXT,                    -- filled at the trade's close: win | loss | expired
    time_to_outcome BIGINT,               -- seconds from entry to close
    r_multiple DOUBLE PRECISION,                       -- pnl / the risk taken
    PRIMARY KEY (scan_id, symbol, timeframe)
);
CREATE INDEX idx_ml_features_signal ON ml_features(signal_id) WHERE signal_id IS NOT NULL;

-- Signals and trades come from two makers now: pair signals and the scanner. Each keeps to its
-- own open trades. A scanner trade is marked on the finest stored bars up to marked_through,
-- expires at expires_at, and ends as outcome.
ALTER TABLE signals ADD COLUMN source TEXT NOT NULL DEFAULT 'pairs'
    CHECK (source IN ('pairs', 'ict'));
ALTER TABLE trades ADD COLUMN source TEXT NOT NULL DEFAULT 'pairs'
    CHECK (source IN ('pairs', 'ict'));
ALTER TABLE trades ADD COLUMN marked_through TIMESTAMPTZ;
ALTER TABLE trades ADD COLUMN expires_at TIMESTAMPTZ;
ALTER TABLE trades ADD COLUMN outcome TEXT;
CREATE INDEX idx_trades_source_open ON trades(source, status, closed_at);
CREATE INDEX idx_trades_signal ON trades(signal_id);
CREATE INDEX idx_signals_source_entry ON signals(source, entry_time);
