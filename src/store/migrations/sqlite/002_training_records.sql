-- Training records beyond the seeds' columns (issue 3):
--   training_runs: the process running it (pid, host) and its heartbeat, so that a run whose
--     process died is found by the next run and marked failed, and the bar interval trained on.
--   model_metadata: the run it came from, F1 and the majority-class baseline on the same
--     validation rows, how many rows, the data window, the duration, the best epoch, the
--     configuration hash, the interval, and the model a warm start continued from.
--   training_run_symbols: every symbol's outcome in a run, with the reason when it failed.
ALTER TABLE training_runs ADD COLUMN pid INTEGER;
ALTER TABLE training_runs ADD COLUMN host TEXT;
ALTER TABLE training_runs ADD COLUMN heartbeat_at TIMESTAMP;
ALTER TABLE training_runs ADD COLUMN interval TEXT;

ALTER TABLE model_metadata ADD COLUMN run_id INTEGER;
ALTER TABLE model_metadata ADD COLUMN f1 REAL;
ALTER TABLE model_metadata ADD COLUMN baseline_accuracy REAL;
ALTER TABLE model_metadata ADD COLUMN validation_rows INTEGER;
ALTER TABLE model_metadata ADD COLUMN data_start TIMESTAMP;
ALTER TABLE model_metadata ADD COLUMN data_end TIMESTAMP;
ALTER TABLE model_metadata ADD COLUMN duration_seconds REAL;
ALTER TABLE model_metadata ADD COLUMN best_epoch INTEGER;
ALTER TABLE model_metadata ADD COLUMN config_hash TEXT;
ALTER TABLE model_metadata ADD COLUMN interval TEXT;
ALTER TABLE model_metadata ADD COLUMN warm_started_from TEXT;
CREATE INDEX idx_model_metadata_latest ON model_metadata(symbol, interval, model_type, training_date);

CREATE TABLE training_run_symbols (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES training_runs(id),
    symbol TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    model_id INTEGER REFERENCES model_metadata(id),
    rows INTEGER,
    epochs INTEGER,
    duration_seconds REAL
);
CREATE INDEX idx_training_run_symbols_run ON training_run_symbols(run_id);
