-- Seed 004's daily pair identification (issue 10). A scan (pair_scans) screens every pair of
-- its symbols through the funnel; pair_candidates keeps each pair with every stage's figures
-- and the stage at which it stopped; active_pairs is the trading set of the latest scan,
-- replaced in the scan's transaction.
CREATE TABLE pair_scans (
    id BIGSERIAL PRIMARY KEY,
    as_of TIMESTAMPTZ NOT NULL,              -- the scan's clock: no bar after it was read
    interval TEXT NOT NULL,
    data_start TIMESTAMPTZ NOT NULL,         -- first and last common bar
    data_end TIMESTAMPTZ NOT NULL,
    rows BIGINT NOT NULL,              -- common bars; the first formation_rows form the pairs
    formation_rows BIGINT NOT NULL,
    symbols TEXT NOT NULL,           -- JSON array of the symbols screened
    skipped TEXT NOT NULL,           -- JSON object: symbol -> why it was left out
    pairs BIGINT NOT NULL,             -- the funnel: pairs in, and after each gate
    passed_correlation BIGINT NOT NULL,
    passed_cointegration BIGINT NOT NULL,
    fitted_garch BIGINT NOT NULL,
    selected BIGINT NOT NULL,
    options TEXT NOT NULL,           -- JSON: the gates
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE pair_candidates (
    id BIGSERIAL PRIMARY KEY,
    scan_id BIGINT NOT NULL REFERENCES pair_scans(id),
    symbol_y TEXT NOT NULL,          -- the direction Engle-Granger chose: y = intercept + hedge x
    symbol_x TEXT NOT NULL,
    stage TEXT NOT NULL,             -- correlation | cointegration | garch | score | selected
    reason TEXT,
    correlation DOUBLE PRECISION,
    pvalue_forward DOUBLE PRECISION,
    pvalue_backward DOUBLE PRECISION,
    coint_statistic DOUBLE PRECISION,
    coint_pvalue DOUBLE PRECISION,
    hedge_ratio DOUBLE PRECISION,
    intercept DOUBLE PRECISION,
    half_life DOUBLE PRECISION,
    spread_mean DOUBLE PRECISION,
    spread_sd DOUBLE PRECISION,
    garch_mu DOUBLE PRECISION,
    garch_omega DOUBLE PRECISION,
    garch_alpha DOUBLE PRECISION,
    garch_beta DOUBLE PRECISION,
    garch_bic DOUBLE PRECISION,
    constant_bic DOUBLE PRECISION,
    next_variance DOUBLE PRECISION,
    ljung_box_pvalue DOUBLE PRECISION,
    arch_lm_pvalue DOUBLE PRECISION,
    adf_pvalue DOUBLE PRECISION,
    score_fit DOUBLE PRECISION,
    score_volatility DOUBLE PRECISION,
    score_trading DOUBLE PRECISION,
    score_diagnostics DOUBLE PRECISION,
    score DOUBLE PRECISION
);
CREATE INDEX idx_pair_candidates_scan ON pair_candidates(scan_id);

CREATE TABLE active_pairs (
    symbol_y TEXT NOT NULL,
    symbol_x TEXT NOT NULL,
    scan_id BIGINT NOT NULL REFERENCES pair_scans(id),
    candidate_id BIGINT NOT NULL REFERENCES pair_candidates(id),
    score DOUBLE PRECISION NOT NULL,
    activated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (symbol_y, symbol_x)
);
