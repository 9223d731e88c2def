-- Ordered delivery per key (issue #19).
ALTER TABLE "endpoints" ADD COLUMN "ordering" JSONB;

CREATE TYPE "OrderingState" AS ENUM ('WAITING', 'SENT', 'BLOCKING');

ALTER TABLE "deliveries"
  ADD COLUMN "ordering_key" TEXT COLLATE "C",
  ADD COLUMN "ordering_seq" BIGINT,
  ADD COLUMN "ordering_state" "OrderingState";

-- A line's members in order; only those still holding it are indexed, so a line costs nothing once drained.
CREATE INDEX "deliveries_ordering_line_idx" ON "deliveries" ("endpoint_id", "ordering_key", "ordering_seq") WHERE "ordering_state" IS NOT NULL;
-- The members waiting to go, by the sequence the ack floor passes.
CREATE INDEX "deliveries_ordering_waiting_idx" ON "deliveries" ("ordering_seq") WHERE "ordering_state" = 'WAITING';

CREATE TABLE "ordering_floor" (
  "id" INTEGER NOT NULL DEFAULT 1 CHECK ("id" = 1),
  "seq" BIGINT NOT NULL DEFAULT 0,
  CONSTRAINT "ordering_floor_pkey" PRIMARY KEY ("id")
);
INSERT INTO "ordering_floor" ("id", "seq") VALUES (1, 0);
