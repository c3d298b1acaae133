-- The batch API (POST /v1/files, /v1/batches): uploaded JSONL files, batches over them, and one row
-- per input line that records its result. A line's result and its "done" mark are one row written
-- by one statement, so a service that restarts mid-batch answers every line exactly once.

-- Uploaded input files (purpose 'batch') and the output and error files a batch writes
-- (purpose 'batch_output'). The content is kept whole: the API's size limit bounds it.
CREATE TABLE batch_files (
    id          TEXT        PRIMARY KEY,
    purpose     TEXT        NOT NULL CHECK (purpose IN ('batch', 'batch_output')),
    filename    TEXT        NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
    bytes       BIGINT      NOT NULL CHECK (bytes >= 0),
    content     BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE batches (
    id                TEXT        PRIMARY KEY,
    input_file_id     TEXT        NOT NULL,  -- no foreign key: deleting the input file keeps the batch
    endpoint          TEXT        NOT NULL CHECK (endpoint IN ('/v1/chat/completions', '/v1/query')),
    completion_window TEXT        NOT NULL,
    status            TEXT        NOT NULL CHECK (status IN ('validating', 'in_progress', 'finalizing',
                                      'completed', 'failed', 'cancelling', 'cancelled')),
    instance_id       TEXT        NOT NULL,  -- the service instance that runs it, and resumes it after a restart
    metadata          JSONB,
    errors            JSONB,                 -- why a batch failed as a whole (never a single line's fault)
    output_file_id    TEXT,
    error_file_id     TEXT,
    loads             INTEGER     NOT NULL DEFAULT 0 CHECK (loads >= 0),  -- model loads its plans caused so far
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    in_progress_at    TIMESTAMPTZ,
    finalizing_at     TIMESTAMPTZ,
    completed_at      TIMESTAMPTZ,
    failed_at         TIMESTAMPTZ,
    cancelling_at     TIMESTAMPTZ,
    cancelled_at      TIMESTAMPTZ
);

-- start-up looks for this instance's unfinished batches only
CREATE INDEX batches_unfinished ON batches (instance_id, created_at)
    WHERE status IN ('validating', 'in_progress', 'finalizing', 'cancelling');

-- One input line: 'pending' until answered; 'done' (a 2xx response) or 'error' (an error response,
-- or a line that is no request: malformed, a repeated custom_id) with its result.
CREATE TABLE batch_lines (
    batch_id     TEXT        NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
    line_no      INTEGER     NOT NULL CHECK (line_no >= 1),
    custom_id    TEXT,
    request      TEXT,                   -- the request body (JSON) of a well-formed line
    status       TEXT        NOT NULL CHECK (status IN ('pending', 'done', 'error')),
    result_id    TEXT        NOT NULL,   -- the output line's "id"
    status_code  INTEGER,
    response     TEXT,                   -- the response body (JSON)
    error        TEXT,                   -- the output line's "error" object (JSON)
    finished_at  TIMESTAMPTZ,
    PRIMARY KEY (batch_id, line_no),
    CHECK ((status = 'pending') = (finished_at IS NULL))
);

CREATE INDEX batch_lines_pending ON batch_lines (batch_id, line_no) WHERE status = 'pending';
