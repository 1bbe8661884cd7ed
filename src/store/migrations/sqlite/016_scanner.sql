-- Seed 002's scanner (issue 21): a row per scan, and per scan a market_conditions and an
-- ml_features row for every symbol and timeframe. A scan's clock is unique, so a replay or a
-- live run that resumes after a crash never writes a clock twice. Rows are keyed by
-- (scan_id, symbol, timeframe) WITHOUT ROWID: the key is the table, no second copy of it, which
-- keeps a day of 6 x 5 at 30 s well under the seed's 428 MB.
CREATE TABLE scans (
    id INTEGER PRIMARY KEY,
    clock TIMESTAMP NOT NULL UNIQUE,       -- bars complete at this instant were read
    duration_ms REAL NOT NULL,             -- reading bars, computing, not the write
    symbols INTEGER NOT NULL,              -- scanned without failure
    signals INTEGER NOT NULL,              -- new signals
    failures TEXT,                         -- JSON array of "SYMBOL: reason", NULL when none
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE market_conditions (
    scan_id INTEGER NOT NULL REFERENCES scans(id),
    symbol TEXT NOT NULL,
    timeframe TEXT NOT NULL,
    price REAL,                            -- the last complete bar's close
    volume REAL,
    volatility REAL,                       -- sd of the last 20 log returns
    rsi REAL,
    market_structure TEXT NOT NULL,        -- bullish | bearish | ranging
    liquidity_swept INTEGER NOT NULL,      -- a sweep in the last 10 bars
    order_blocks_count INTEGER NOT NULL,   -- active
    fvg_count INTEGER NOT NULL,            -- active
    session_high REAL,
    session_low REAL,
    institutional_level REAL,
    PRIMARY KEY (scan_id, symbol, timeframe)
) WITHOUT ROWID;

CREATE TABLE ml_features (
    scan_id INTEGER NOT NULL REFERENCES scans(id),
    symbol TEXT NOT NULL,
    timeframe TEXT NOT NULL,
    price_position REAL,
    volume_profile REAL,
    order_flow_imbalance REAL,
    order_block_strength REAL,             -- the nearest active block's
    fvg_quality_score REAL,                -- the nearest active gap's size / ATR x unfilled share
    liquidity_density INTEGER,
    market_structure_score REAL,           -- +1 / -1 / 0, halved after a CHOCH
    confluence_factors INTEGER NOT NULL,   -- factors holding for the better direction
    confluence_score REAL NOT NULL,        -- their weights' sum, 0-1
    session_alignment REAL NOT NULL,       -- 1 kill zone, 0.5 session, 0 off hours
    btc_correlation REAL,
    sector_momentum REAL,
    funding_rate REAL,                     -- NULL: no source gives it
    volatility_regime TEXT,
    trend_strength REAL,                   -- ADX(14)
    signal_generated INTEGER NOT NULL,     -- this scan made a signal on this row
    signal_quality REAL,                   -- the signal-quality model's P(win), NULL without one
    signal_confidence REAL,                -- the regime model's P(its class), NULL without one
    signal_id TEXT,                        -- the signal this row made
    trade_outcome TEXT,                    -- filled at the trade's close: win | loss | expired
    time_to_outcome INTEGER,               -- seconds from entry to close
    r_multiple REAL,                       -- pnl / the risk taken
    PRIMARY KEY (scan_id, symbol, timeframe)
) WITHOUT ROWID;
CREATE INDEX idx_ml_features_signal ON ml_features(signal_id) WHERE signal_id IS NOT NULL;

-- Signals and trades come from two makers now: pair signals and the scanner. Each keeps to its
-- own open trades. A scanner trade is marked on the finest stored bars up to marked_through,
-- expires at expires_at, and ends as outcome.
ALTER TABLE signals ADD COLUMN source TEXT NOT NULL DEFAULT 'pairs'
    CHECK (source IN ('pairs', 'ict'));
ALTER TABLE trades ADD COLUMN source TEXT NOT NULL DEFAULT 'pairs'
    CHECK (source IN ('pairs', 'ict'));
ALTER TABLE trades ADD COLUMN marked_through TIMESTAMP;
ALTER TABLE trades ADD COLUMN expires_at TIMESTAMP;
ALTER TABLE trades ADD COLUMN outcome TEXT;
CREATE INDEX idx_trades_source_open ON trades(source, status, closed_at);
CREATE INDEX idx_trades_signal ON trades(signal_id);
CREATE INDEX idx_signals_source_entry ON signals(source, entry_time);
