-- Seed 004's decision 10 (issue 11): a replay feeds a stand-in's bars, scaled, for a symbol
-- without data; every signal and trade made or marked on them says so.
ALTER TABLE signals ADD COLUMN data_source TEXT NOT NULL DEFAULT 'real'
    CHECK (data_source IN ('real', 'proxy'));
ALTER TABLE trades ADD COLUMN data_source TEXT NOT NULL DEFAULT 'real'
    CHECK (data_source IN ('real', 'proxy'));

-- Backtests kept with quantloop backtest ... --save (issue 12's backtests page).
CREATE TABLE backtests (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,                    -- pairs
    subjects TEXT NOT NULL,                -- the pairs, Y/X,Y/X
    interval TEXT NOT NULL,
    from_date TIMESTAMP NOT NULL,          -- first and last common bar
    to_date TIMESTAMP NOT NULL,
    parameter_sets INTEGER NOT NULL,
    sharpe REAL,                          -- of the best set's portfolio
    total_pnl REAL,
    deflated_sharpe REAL,                 -- of the best set given parameter_sets; NULL for one
    report TEXT NOT NULL,                  -- the JSON report, as backtest ... --json prints it
    created_at TIMESTAMP NOT NULL
);

-- The best set's per-bar PnL and cumulative equity: each pair's and the portfolio's.
CREATE TABLE backtest_equity (
    backtest_id INTEGER NOT NULL REFERENCES backtests(id) ON DELETE CASCADE,
    series TEXT NOT NULL,                  -- Y/X, or portfolio
    date TIMESTAMP NOT NULL,
    position INTEGER,                      -- NULL for the portfolio
    pnl REAL NOT NULL,
    equity REAL NOT NULL,
    PRIMARY KEY (backtest_id, series, date)
);
