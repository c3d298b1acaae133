-- Symposium's schema. Later changes are new V{n}__*.sql files; an applied migration is never edited.

-- Models known to the pool: from configuration (source 'config') or the admin API (source 'admin').
CREATE TABLE models (
    id              TEXT PRIMARY KEY,
    backend         TEXT        NOT NULL CHECK (backend IN ('llama-cpp', 'openai', 'ollama')),
    locator         TEXT        NOT NULL,           -- GGUF path, or base URL + model name
    context_size    INTEGER     NOT NULL DEFAULT 2048 CHECK (context_size > 0),
    parallel_slots  INTEGER     NOT NULL DEFAULT 1 CHECK (parallel_slots > 0),
    threads         INTEGER     CHECK (threads IS NULL OR threads > 0),
    expert_count    INTEGER     CHECK (expert_count IS NULL OR expert_count > 0),
    tags            TEXT[]      NOT NULL DEFAULT '{}',
    source          TEXT        NOT NULL DEFAULT 'config' CHECK (source IN ('config', 'admin', 'zoo')),
    pinned          BOOLEAN     NOT NULL DEFAULT FALSE,
    footprint_bytes BIGINT      CHECK (footprint_bytes IS NULL OR footprint_bytes >= 0),
    settings        JSONB       NOT NULL DEFAULT '{}'::jsonb,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The skill vocabulary: every keyword ever kept, with its sentence embedding for nearest-keyword mapping.
CREATE TABLE skill_keywords (
    id         BIGSERIAL PRIMARY KEY,
    keyword    TEXT        NOT NULL UNIQUE CHECK (length(keyword) BETWEEN 1 AND 64),
    embedding  REAL[],
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One profiling run: every expert answers every question of a validation set for a task.
CREATE TABLE profile_runs (
    id              BIGSERIAL PRIMARY KEY,
    task            TEXT        NOT NULL,
    validation_file TEXT        NOT NULL,
    status          TEXT        NOT NULL DEFAULT 'queued'
                    CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    total_items     INTEGER     NOT NULL DEFAULT 0 CHECK (total_items >= 0),
    done_items      INTEGER     NOT NULL DEFAULT 0 CHECK (done_items >= 0),
    settings        JSONB       NOT NULL DEFAULT '{}'::jsonb,
    error           TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at      TIMESTAMPTZ,
    finished_at     TIMESTAMPTZ
);

-- A versioned set of skill profiles for a task; exactly one version per task may be active.
CREATE TABLE profile_versions (
    id               BIGSERIAL PRIMARY KEY,
    task             TEXT        NOT NULL,
    version          INTEGER     NOT NULL CHECK (version > 0),
    run_id           BIGINT      REFERENCES profile_runs (id) ON DELETE SET NULL,
    origin           TEXT        NOT NULL DEFAULT 'run' CHECK (origin IN ('run', 'import')),
    active           BOOLEAN     NOT NULL DEFAULT FALSE,
    aggregator_model TEXT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (task, version)
);
CREATE UNIQUE INDEX profile_versions_one_active_per_task ON profile_versions (task) WHERE active;

-- Per model x keyword score of a profile version (+1 per correct, -1 per wrong answer).
CREATE TABLE profile_scores (
    profile_version_id BIGINT  NOT NULL REFERENCES profile_versions (id) ON DELETE CASCADE,
    model_id           TEXT    NOT NULL,
    keyword            TEXT    NOT NULL,
    score              INTEGER NOT NULL,
    PRIMARY KEY (profile_version_id, model_id, keyword)
);

-- Per model accuracy of a profile version (the input of global competence and the aggregator benchmark).
CREATE TABLE profile_model_stats (
    profile_version_id BIGINT  NOT NULL REFERENCES profile_versions (id) ON DELETE CASCADE,
    model_id           TEXT    NOT NULL,
    answered           INTEGER NOT NULL CHECK (answered >= 0),
    correct            INTEGER NOT NULL CHECK (correct >= 0),
    aggregator_correct INTEGER CHECK (aggregator_correct IS NULL OR aggregator_correct >= 0),
    PRIMARY KEY (profile_version_id, model_id)
);

-- Every query a client sent, written before any work starts, so nothing acknowledged is lost.
CREATE TABLE query_log (
    id               UUID PRIMARY KEY,
    received_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at     TIMESTAMPTZ,
    question         TEXT        NOT NULL,
    task_format      TEXT,
    strategy         TEXT,
    aggregation      TEXT,
    k                INTEGER     CHECK (k IS NULL OR k BETWEEN 1 AND 64),
    seed             BIGINT,
    max_tokens       INTEGER,
    status           TEXT        NOT NULL DEFAULT 'received'
                     CHECK (status IN ('received', 'answered', 'failed', 'not_implemented', 'cancelled')),
    skills           JSONB,      -- raw and mapped keywords
    routing          JSONB,      -- scores and probabilities per model
    final_answer     TEXT,
    extracted_answer TEXT,
    aggregator_model TEXT,
    timings          JSONB,
    error            JSONB       -- the problem body when the query failed
);
CREATE INDEX query_log_received_at ON query_log (received_at DESC);

-- Each expert's answer to a logged query.
CREATE TABLE query_expert_answers (
    id               BIGSERIAL PRIMARY KEY,
    query_id         UUID        NOT NULL REFERENCES query_log (id) ON DELETE CASCADE,
    position         INTEGER     NOT NULL CHECK (position >= 0),
    model_id         TEXT        NOT NULL,
    status           TEXT        NOT NULL CHECK (status IN ('answered', 'failed', 'replaced', 'cancelled')),
    answer           TEXT,
    extracted_answer TEXT,
    replaces_model   TEXT,
    error            TEXT,
    prompt_tokens    INTEGER,
    completion_tokens INTEGER,
    latency_ms       BIGINT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX query_expert_answers_query ON query_expert_answers (query_id);

-- A benchmark evaluation run through the real pipeline.
CREATE TABLE eval_runs (
    id             BIGSERIAL PRIMARY KEY,
    name           TEXT        NOT NULL,
    benchmark_file TEXT        NOT NULL,
    task_format    TEXT,
    strategy       TEXT        NOT NULL,
    settings       JSONB       NOT NULL DEFAULT '{}'::jsonb,
    status         TEXT        NOT NULL DEFAULT 'queued'
                   CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    total_items    INTEGER     NOT NULL DEFAULT 0,
    done_items     INTEGER     NOT NULL DEFAULT 0,
    summary        JSONB,
    error          TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at     TIMESTAMPTZ,
    finished_at    TIMESTAMPTZ
);

-- One question of an eval run and how the pipeline did on it.
CREATE TABLE eval_items (
    id               BIGSERIAL PRIMARY KEY,
    run_id           BIGINT      NOT NULL REFERENCES eval_runs (id) ON DELETE CASCADE,
    item_index       INTEGER     NOT NULL CHECK (item_index >= 0),
    question         TEXT        NOT NULL,
    gold_answer      TEXT        NOT NULL,
    category         TEXT,
    final_answer     TEXT,
    extracted_answer TEXT,
    correct          BOOLEAN,
    query_id         UUID        REFERENCES query_log (id) ON DELETE SET NULL,
    latency_ms       BIGINT,
    details          JSONB,
    UNIQUE (run_id, item_index)
);
