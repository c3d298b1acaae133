-- The routing and pool knobs a query chose (topP, deterministic, maxExpertCalls, activeExperts),
-- so that the log says which applied; NULL for a query that chose none.
ALTER TABLE query_log ADD COLUMN knobs JSONB;
