-- The model registry (issue 8). Every trained model is a version of its series (symbol,
-- interval): numbered upward from 0, the naive baseline (the training rows' base rate), with
-- its lineage and its artifact (record and weights, checksummed), so that any host of a fleet
-- loads any model and a backup of the database is a backup of its models.
CREATE TABLE database_identity (
    id TEXT NOT NULL,                 -- random: names this database's files (reports, exports)
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE model_versions (
    id INTEGER PRIMARY KEY,
    symbol TEXT NOT NULL,
    interval TEXT NOT NULL,
    version INTEGER NOT NULL,
    model_type TEXT NOT NULL,         -- gru | gbdt | linear | baseline
    model_id INTEGER REFERENCES model_metadata(id),  -- NULL for the baseline
    run_id INTEGER,
    training_mode TEXT,
    trained_at TIMESTAMP NOT NULL,
    data_start TIMESTAMP,
    data_end TIMESTAMP,
    selection_end TIMESTAMP,                 -- last bar any row that trained or chose it looked at
    config_hash TEXT,
    parent_version INTEGER,           -- the version a warm start continued
    artifact BLOB,                    -- NULL once gc archived the version
    artifact_sha256 TEXT NOT NULL,
    artifact_bytes INTEGER NOT NULL,
    status TEXT NOT NULL,             -- active | archived (gc removed the artifact's use)
    created_at TIMESTAMP NOT NULL,
    UNIQUE(symbol, interval, version)
);
CREATE INDEX idx_model_versions_latest ON model_versions(symbol, interval, model_type, trained_at);
INSERT INTO database_identity(id, created_at) VALUES (lower(hex(randomblob(16))), datetime('now'));
