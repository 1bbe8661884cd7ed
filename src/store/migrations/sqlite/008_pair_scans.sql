-- Seed 004's daily pair identification (issue 10). A scan (pair_scans) screens every pair of
-- its symbols through the funnel; pair_candidates keeps each pair with every stage's figures
-- and the stage at which it stopped; active_pairs is the trading set of the latest scan,
-- replaced in the scan's transaction.
CREATE TABLE pair_scans (
    id INTEGER PRIMARY KEY,
    as_of TIMESTAMP NOT NULL,              -- the scan's clock: no bar after it was read
    interval TEXT NOT NULL,
    data_start TIMESTAMP NOT NULL,         -- first and last common bar
    data_end TIMESTAMP NOT NULL,
    rows INTEGER NOT NULL,              -- common bars; the first formation_rows form the pairs
    formation_rows INTEGER NOT NULL,
    symbols TEXT NOT NULL,           -- JSON array of the symbols screened
    skipped TEXT NOT NULL,           -- JSON object: symbol -> why it was left out
    pairs INTEGER NOT NULL,             -- the funnel: pairs in, and after each gate
    passed_correlation INTEGER NOT NULL,
    passed_cointegration INTEGER NOT NULL,
    fitted_garch INTEGER NOT NULL,
    selected INTEGER NOT NULL,
    options TEXT NOT NULL,           -- JSON: the gates
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE pair_candidates (
    id INTEGER PRIMARY KEY,
    scan_id INTEGER NOT NULL REFERENCES pair_scans(id),
    symbol_y TEXT NOT NULL,          -- the direction Engle-Granger chose: y = intercept + hedge x
    symbol_x TEXT NOT NULL,
    stage TEXT NOT NULL,             -- correlation | cointegration | garch | score | selected
    reason TEXT,
    correlation REAL,
    pvalue_forward REAL,
    pvalue_backward REAL,
    coint_statistic REAL,
    coint_pvalue REAL,
    hedge_ratio REAL,
    intercept REAL,
    half_life REAL,
    spread_mean REAL,
    spread_sd REAL,
    garch_mu REAL,
    garch_omega REAL,
    garch_alpha REAL,
    garch_beta REAL,
    garch_bic REAL,
    constant_bic REAL,
    next_variance REAL,
    ljung_box_pvalue REAL,
    arch_lm_pvalue REAL,
    adf_pvalue REAL,
    score_fit REAL,
    score_volatility REAL,
    score_trading REAL,
    score_diagnostics REAL,
    score REAL
);
CREATE INDEX idx_pair_candidates_scan ON pair_candidates(scan_id);

CREATE TABLE active_pairs (
    symbol_y TEXT NOT NULL,
    symbol_x TEXT NOT NULL,
    scan_id INTEGER NOT NULL REFERENCES pair_scans(id),
    candidate_id INTEGER NOT NULL REFERENCES pair_candidates(id),
    score REAL NOT NULL,
    activated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (symbol_y, symbol_x)
);
