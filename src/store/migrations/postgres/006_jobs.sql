-- The durable job queue (issue 9). A job is a quantloop command line run by a worker as its
-- own process. Workers claim jobs with a lease they renew by heartbeat; a job whose lease
-- expires is claimed again by another worker. Every claim increments fencing_token, and every
-- write of a job's outcome names the token it was claimed with, so a worker that was paused
-- past its lease cannot overwrite what the job's next holder did. A scheduled fire creates at
-- most one job: UNIQUE(schedule, scheduled_for) (submitted jobs have no schedule).
CREATE TABLE jobs (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL,                -- command
    command TEXT NOT NULL,             -- the quantloop arguments, a JSON array of strings
    schedule TEXT,                     -- the [schedule.NAME] that fired it; NULL when submitted
    scheduled_for TIMESTAMPTZ NOT NULL,  -- the fire time (submitted: the submission time)
    state TEXT NOT NULL,               -- queued | running | succeeded | partial | failed | cancelled | skipped
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    not_before TIMESTAMPTZ NOT NULL,     -- not claimed before (retry backoff)
    last_error TEXT,
    exit_code INTEGER,
    lease_owner TEXT,                  -- host:pid of the worker holding it
    lease_expires TIMESTAMPTZ,
    fencing_token INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL,
    started_at TIMESTAMPTZ,
    finished_at TIMESTAMPTZ,
    UNIQUE (schedule, scheduled_for)
);
CREATE INDEX idx_jobs_claimable ON jobs(state, not_before);
