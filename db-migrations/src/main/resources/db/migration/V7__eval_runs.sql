-- Evaluation runs (module evals) and their items. A run row is created by the service's admin API
-- (POST /admin/api/evals) or by the evals CLI given --db; the CLI process that runs it updates it.
-- V1's eval tables were a sketch no code ever wrote (one strategy per run, bigint ids): replaced.
DROP TABLE IF EXISTS eval_items;
DROP TABLE IF EXISTS eval_runs;

CREATE TABLE eval_runs (
    id           UUID        PRIMARY KEY,
    status       TEXT        NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    request      JSONB       NOT NULL,   -- what was asked: dataset, methods, seeds, limit
    instance_id  TEXT,                   -- the service instance that launched it (null: the CLI alone)
    phase        TEXT,
    done         INTEGER     NOT NULL DEFAULT 0 CHECK (done >= 0),
    total        INTEGER     NOT NULL DEFAULT 0 CHECK (total >= 0),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at   TIMESTAMPTZ,
    finished_at  TIMESTAMPTZ,
    error        TEXT,
    summary      JSONB,                  -- per method: accuracy, std, 95 % interval, calls, tokens
    manifest     JSONB,
    report_html  TEXT,
    CHECK ((status IN ('done', 'failed')) = (finished_at IS NOT NULL))
);

CREATE INDEX eval_runs_newest ON eval_runs (created_at DESC);

-- start-up looks for this instance's unfinished runs only
CREATE INDEX eval_runs_unfinished ON eval_runs (instance_id) WHERE status IN ('queued', 'running');

-- One method's outcome on one question at one seed.
CREATE TABLE eval_items (
    run_id         UUID     NOT NULL REFERENCES eval_runs (id) ON DELETE CASCADE,
    label          TEXT     NOT NULL,   -- method × aggregation
    seed           BIGINT   NOT NULL,
    item           INTEGER  NOT NULL,
    task           TEXT     NOT NULL,
    skill          TEXT     NOT NULL,
    question       TEXT     NOT NULL,
    gold           TEXT     NOT NULL,
    final_answer   TEXT,
    correct        BOOLEAN  NOT NULL,
    unanswerable   BOOLEAN  NOT NULL,
    expert_calls   INTEGER  NOT NULL,
    tokens         BIGINT   NOT NULL,
    ms             BIGINT   NOT NULL,
    detail         JSONB    NOT NULL,   -- the whole item as items.jsonl has it
    PRIMARY KEY (run_id, label, seed, item)
);
