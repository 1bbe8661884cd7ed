-- A training run shared by workers (issue 9). A run started as a job fans out into one job per
-- symbol (parent_id: the job that fanned out) and one job that completes the run, which waits
-- until no other child of its parent is queued or running (after_siblings = 1).
ALTER TABLE jobs ADD COLUMN parent_id INTEGER;
ALTER TABLE jobs ADD COLUMN after_siblings INTEGER NOT NULL DEFAULT 0;
CREATE INDEX idx_jobs_parent ON jobs(parent_id);

-- One row per worker or daemon process, its heartbeat renewed while it lives (idle or not),
-- so that `quantloop status` sees the whole fleet, not only the workers holding jobs.
CREATE TABLE workers (
    owner TEXT PRIMARY KEY,          -- host:pid
    role TEXT NOT NULL,              -- worker | daemon
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    concurrency INTEGER NOT NULL,
    running_jobs INTEGER NOT NULL,
    started_at TIMESTAMP NOT NULL,
    heartbeat_at TIMESTAMP NOT NULL,
    stopped_at TIMESTAMP                   -- set when it stopped cleanly
);
