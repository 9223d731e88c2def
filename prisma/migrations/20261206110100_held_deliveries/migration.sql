-- Issue #19 part 2: what a disabled endpoint would have received is kept as HELD deliveries,
-- sent (or cancelled) when it is enabled again.

-- Nothing in this migration uses the new value: a value added by ALTER TYPE cannot be used
-- in the transaction that adds it, and a migration runs as one.
ALTER TYPE "DeliveryStatus" ADD VALUE 'HELD';

-- held_count: deliveries held for the endpoint (ingest checks ENDPOINT_MAX_HELD against it
-- instead of counting rows); held_overflow: events not held since it was last disabled, the
-- cap being reached. The last enable's outcome: held deliveries sent, cancelled (enabled with
-- deliverHeld false) and dropped for their expired payload. Constant defaults: no rewrite.
ALTER TABLE "endpoints"
    ADD COLUMN "held_count" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "held_overflow" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "held_released_at" TIMESTAMPTZ(3),
    ADD COLUMN "held_released" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "held_cancelled" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "held_expired" INTEGER NOT NULL DEFAULT 0;
