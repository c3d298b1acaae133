-- Which service instance runs each query, so that an instance restarting after a crash can mark
-- its own unfinished queries interrupted without touching those of other live instances.
ALTER TABLE query_log ADD COLUMN instance_id TEXT;
ALTER TABLE query_log ADD COLUMN interrupted_at TIMESTAMPTZ;

ALTER TABLE query_log DROP CONSTRAINT query_log_status_check;
ALTER TABLE query_log ADD CONSTRAINT query_log_status_check
    CHECK (status IN ('received', 'answered', 'failed', 'not_implemented', 'cancelled', 'interrupted'));

-- start-up looks for this instance's unfinished queries only
CREATE INDEX query_log_unfinished ON query_log (instance_id) WHERE status = 'received';
