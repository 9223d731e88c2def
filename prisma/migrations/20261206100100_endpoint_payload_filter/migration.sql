-- Issue #19: an endpoint's payload filter (rules/payload-filter.ts), checked when it is saved
-- and evaluated at ingest. Null: every event its type patterns match.
ALTER TABLE "endpoints" ADD COLUMN "filter" JSONB;
