-- API keys for the query API (/v1/**): only a SHA-256 of each key is kept. A key is 256 random bits,
-- so a fast unsalted hash is enough: no dictionary or brute force reaches a 2^256 space, and a lookup
-- by hash stays one index probe per request (a slow password hash would cost every request).
CREATE TABLE api_keys (
    id           BIGSERIAL   PRIMARY KEY,
    name         TEXT        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    prefix       TEXT        NOT NULL,   -- the key's first characters, to tell keys apart in a list
    key_hash     BYTEA       NOT NULL UNIQUE CHECK (length(key_hash) = 32),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);
