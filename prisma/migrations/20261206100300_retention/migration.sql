-- Issue #19 part 6: retention. Attempts and rejected messages older than their retention are
-- deleted; events stay, their payload emptied and marked expired.

-- Null: the service default (ATTEMPT_RETENTION_DAYS, PAYLOAD_RETENTION_DAYS).
-- payloads_expired_before: every event of the organization stored before it has had its payload
-- expired, so the next pass starts its index range there instead of walking the expired rows again.
ALTER TABLE "organizations"
    ADD COLUMN "attempt_retention_days" INTEGER,
    ADD COLUMN "payload_retention_days" INTEGER,
    ADD COLUMN "payloads_expired_before" TIMESTAMPTZ(3),
    ADD CONSTRAINT "organizations_attempt_retention_days_check" CHECK ("attempt_retention_days" BETWEEN 1 AND 3650),
    ADD CONSTRAINT "organizations_payload_retention_days_check" CHECK ("payload_retention_days" BETWEEN 1 AND 3650);

-- No default and no index: adding it rewrites nothing, and ingest's insert is unchanged.
ALTER TABLE "events" ADD COLUMN "payload_expired_at" TIMESTAMPTZ(3);
