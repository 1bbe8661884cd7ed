-- Seed 002's signals and trades (issue 11), filled by pair signals (quantloop pairs signals) and
-- their paper execution. The seed's columns keep their names and meanings; those that do not
-- apply to pairs (ict_concepts) stay NULL. A pair's signal names the pair Y/X in `symbol`; its
-- prices are the spread's (y - intercept - hedge x), in the spread units a position holds.
CREATE TABLE signals (
    signal_id TEXT PRIMARY KEY,            -- pair-Y-X-<epoch seconds>-<entry|exit>
    symbol TEXT NOT NULL,
    direction TEXT NOT NULL,               -- LONG_SPREAD | SHORT_SPREAD | EXIT
    entry_price REAL,                      -- the spread when the signal was made
    stop_loss REAL,                        -- the spread level that stops the position out
    take_profit REAL,                      -- the spread level that takes the profit (|z| <= exit)
    confluence_score REAL,                 -- confidence, 0-100
    timeframes TEXT,                       -- the bar interval
    ict_concepts TEXT,                     -- NULL: not a pairs concept
    session TEXT,                          -- asia | london | new_york | off (UTC hour of entry_time)
    market_regime TEXT,                    -- calm | normal | volatile (GARCH deviation vs long run)
    directional_bias TEXT,                 -- long | short (the spread), flat for an exit
    signal_strength REAL,                  -- |z|
    entry_time TIMESTAMP NOT NULL,         -- the bar close the signal was made at
    status TEXT NOT NULL,                  -- EXECUTED | REFUSED | CLOSED (an exit that closed a trade)
    reason TEXT,                           -- why refused, or why an exit
    zscore REAL,
    hedge_ratio REAL,
    intercept REAL,
    garch_sigma REAL,                      -- the 1-step deviation forecast of the spread's change
    reversion_probability REAL,            -- the pair GRU's, NULL without one
    quantity REAL,                         -- spread units sized to pairs.risk_per_pair
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX idx_signals_entry_time ON signals(entry_time);

CREATE TABLE trades (
    id INTEGER PRIMARY KEY,
    signal_id TEXT NOT NULL REFERENCES signals(signal_id),
    symbol TEXT NOT NULL,
    trade_type TEXT NOT NULL,              -- PAPER
    status TEXT NOT NULL,                  -- OPEN | CLOSED
    direction INTEGER NOT NULL,            -- +1 long the spread, -1 short
    entry_price REAL NOT NULL,
    current_price REAL NOT NULL,           -- marked at each signals run
    stop_loss REAL,
    take_profit REAL,
    quantity REAL NOT NULL,
    pnl REAL NOT NULL,                     -- direction x quantity x (current - entry)
    hedge_ratio REAL NOT NULL,             -- the spread the position holds: y - intercept - hedge x
    intercept REAL NOT NULL,
    interval TEXT NOT NULL,                -- of the bars it is marked on
    opened_at TIMESTAMP NOT NULL,
    closed_at TIMESTAMP,
    exit_signal_id TEXT REFERENCES signals(signal_id)
);
CREATE INDEX idx_trades_open ON trades(status, symbol);
