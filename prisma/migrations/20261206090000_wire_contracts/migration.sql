-- Issue #18: the webhook contract an endpoint speaks (wire format, envelope mapping, retry
-- policy), with organization defaults endpoints inherit, and secrets imported as they are.

-- WHSEC: the ciphertext holds the base64-decoded key of a `whsec_` secret.
-- RAW: an imported secret; the ciphertext holds its UTF-8 bytes, which are the HMAC key.
CREATE TYPE "SecretKind" AS ENUM ('WHSEC', 'RAW');

ALTER TABLE "endpoint_secrets" ADD COLUMN "kind" "SecretKind" NOT NULL DEFAULT 'WHSEC';

-- Null: Standard Webhooks, Herald's envelope as published, the service's retry schedule.
ALTER TABLE "organizations"
    ADD COLUMN "wire_format" JSONB,
    ADD COLUMN "envelope" JSONB,
    ADD COLUMN "retry_policy" JSONB;

-- Null: the organization's default.
ALTER TABLE "endpoints"
    ADD COLUMN "wire_format" JSONB,
    ADD COLUMN "envelope" JSONB,
    ADD COLUMN "retry_policy" JSONB;

-- A schedule list is one kind of retry policy; keep one column for both.
UPDATE "endpoints" SET "retry_policy" = jsonb_build_object('schedule', to_jsonb("retry_schedule"))
 WHERE cardinality("retry_schedule") > 0;

ALTER TABLE "endpoints" DROP COLUMN "retry_schedule";
