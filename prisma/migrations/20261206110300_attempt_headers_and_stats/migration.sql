-- Issue #20: the headers of each attempt, and time-bucketed stats from the attempt log.

-- Text, not jsonb: the attempt insert hands Postgres one string per attempt to copy, not to
-- parse (rules/attempt-headers.ts). No default: adding them rewrites nothing, and older
-- attempts read as having no headers.
ALTER TABLE "delivery_attempts"
    ADD COLUMN "request_headers" TEXT,
    ADD COLUMN "response_headers" TEXT;

-- statsSeries (store/deliveries.ts attemptStatsSeries): an index-only range scan per endpoint,
-- the organization's series one such scan per endpoint of it. The attempt log had no index
-- led by endpoint_id. IF NOT EXISTS: on a large log, build it beforehand with CREATE INDEX
-- CONCURRENTLY under this name and the migration keeps it.
CREATE INDEX IF NOT EXISTS "delivery_attempts_endpoint_id_created_at_idx" ON "delivery_attempts" ("endpoint_id", "created_at")
    INCLUDE ("duration_ms", "response_status", "error");
