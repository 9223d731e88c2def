-- Issue #20: the headers of each attempt, and time-bucketed stats from the attempt log.

-- Text, not jsonb: the attempt insert hands Postgres one string per attempt to copy, not to
-- parse (rules/attempt-headers.ts). No default: adding them rewrites nothing, and older
-- attempts read as having no headers.
ALTER TABLE "delivery_attempts"
    ADD COLUMN "request_headers" TEXT,
    ADD COLUMN "response_headers" TEXT;

